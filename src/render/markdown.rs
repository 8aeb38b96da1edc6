//! Free pages (`content/pages/*.md`): Markdown to HTML.
//!
//! Raw HTML in the Markdown is shown as text, never passed through: pages are written by
//! staff, but a pasted `<script>` must not run on a government site. For the same reason a
//! link or image whose URL is not `http:`, `https:`, `mailto:` or relative ([`super::url`])
//! is dropped: a link becomes its text, an image its alt text, and the build warns. Fenced
//! code is highlighted by syntect with CSS classes (colours live in the theme's stylesheet,
//! where contrast is checked once); its syntax set is loaded only when a page has a code
//! block.

use super::url::{self, Refused};
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::sync::LazyLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// A page body rendered: its HTML and the URLs left out of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Markdown {
    pub html: String,
    pub dropped: Vec<Dropped>,
}

/// A link or image whose URL was not published.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    /// Line in the Markdown (1-based) where the link or image starts.
    pub line: usize,
    pub image: bool,
    pub why: Refused,
}

impl Dropped {
    /// The warning text after `file:line: `, e.g. `link to javascript:… dropped (its text is
    /// shown): only http, https, mailto and relative links are published`.
    pub fn message(&self) -> String {
        let (what, instead) = if self.image {
            ("image from", "its alt text")
        } else {
            ("link to", "its text")
        };
        format!(
            "{what} {} dropped ({instead} is shown): {}",
            self.why.shown(),
            self.why.reason()
        )
    }
}

/// Render Markdown to HTML with raw HTML escaped, code highlighted and unsafe URLs dropped
/// ([`render`] also says which were dropped, and where).
pub fn to_html(md: &str) -> String {
    render(md).html
}

/// Render Markdown to HTML with raw HTML escaped, code highlighted and every link and image
/// URL checked.
pub fn render(md: &str) -> Markdown {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut events: Vec<Event> = Vec::new();
    let mut code: Option<(String, String)> = None;
    let mut dropped = Vec::new();
    let mut lines = LineIndex::new(md);
    // Whether each open link / image was kept, so its end is kept or dropped with it.
    let mut links: Vec<bool> = Vec::new();
    let mut images: Vec<bool> = Vec::new();
    for (ev, range) in Parser::new_ext(md, opts).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, buf)) = code.take() {
                    events.push(Event::Html(CowStr::from(highlight(&lang, &buf))));
                }
            }
            // Raw HTML becomes visible text.
            Event::Html(t) | Event::InlineHtml(t) => events.push(Event::Text(t)),
            Event::Start(
                ref tag @ (Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }),
            ) => {
                let image = matches!(tag, Tag::Image { .. });
                let keep = match url::check(dest_url) {
                    Ok(()) => true,
                    Err(why) => {
                        dropped.push(Dropped {
                            line: lines.line_of(range.start),
                            image,
                            why,
                        });
                        false
                    }
                };
                if image { &mut images } else { &mut links }.push(keep);
                if keep {
                    events.push(ev);
                }
            }
            Event::End(TagEnd::Link) => {
                if links.pop().unwrap_or(true) {
                    events.push(ev);
                }
            }
            Event::End(TagEnd::Image) => {
                if images.pop().unwrap_or(true) {
                    events.push(ev);
                }
            }
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(md.len() * 2);
    html::push_html(&mut out, events.into_iter());
    // Control characters are not allowed in HTML text; the escaper drops them elsewhere.
    out.retain(|c| !super::is_forbidden_char(c));
    Markdown { html: out, dropped }
}

/// Byte offset → line number, built on first use (most pages drop nothing).
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: Vec::new(),
        }
    }

    /// 1-based line of the byte at `offset`.
    fn line_of(&mut self, offset: usize) -> usize {
        if self.starts.is_empty() {
            self.starts.push(0);
            self.starts
                .extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
        }
        self.starts.partition_point(|&s| s <= offset)
    }
}

fn escape(s: &str) -> String {
    crate::render::escape_html(s)
}

fn highlight(lang: &str, code: &str) -> String {
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(lang))
    };
    let highlighted = (!lang.is_empty())
        .then(|| {
            let ss = &*SYNTAXES;
            let syntax = ss.find_syntax_by_token(lang)?;
            let mut g = ClassedHTMLGenerator::new_with_class_style(
                syntax,
                ss,
                ClassStyle::SpacedPrefixed { prefix: "hl-" },
            );
            for line in LinesWithEndings::from(code) {
                g.parse_html_for_line_which_includes_newline(line).ok()?;
            }
            Some(g.finalize())
        })
        .flatten();
    let body = highlighted.unwrap_or_else(|| escape(code));
    format!("<pre class=\"code\" tabindex=\"0\"><code{class}>{body}</code></pre>\n")
}

/// Whether the syntax set has been loaded (tests check it stays lazy).
pub fn syntaxes_loaded() -> bool {
    LazyLock::get(&SYNTAXES).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text() {
        let h = to_html("a <script>alert(1)</script> b\n\n<img src=x onerror=alert(1)>\n");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
    }

    /// The `href`/`src` values of the HTML (pulldown-cmark always double-quotes them).
    fn urls(h: &str) -> Vec<String> {
        let re = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
        re.captures_iter(h).map(|c| c[1].to_string()).collect()
    }

    #[test]
    fn script_links_become_their_text() {
        let md = "[a](javascript:alert(1)) [b](JAVASCRIPT:alert(2))\n\
                  [c](&#106;avascript:alert(3)) <javascript:alert(4)>\n\
                  [d][r] [e](data:text/html,x) [f](vbscript:x)\n\
                  \n\
                  | 列 |\n|---|\n| [g](javascript:alert(5)) |\n\
                  \n\
                  ![图](javascript:alert(6)) [![内](javascript:x)](https://ok.example/)\n\
                  \n\
                  [r]: javascript:alert(7)\n";
        let m = render(md);
        assert!(urls(&m.html) == ["https://ok.example/"], "{}", m.html);
        for text in [
            "a",
            "b",
            "c",
            "javascript:alert(4)",
            "d",
            "e",
            "f",
            "g",
            "图",
            "内",
        ] {
            assert!(m.html.contains(text), "{text} missing from {}", m.html);
        }
        assert!(!m.html.contains("<img"), "{}", m.html);
        let got: Vec<(usize, bool, String)> = m
            .dropped
            .iter()
            .map(|d| {
                let s = match &d.why {
                    Refused::Scheme(s) => s.clone(),
                    Refused::OtherHost { url } => url.clone(),
                };
                (d.line, d.image, s)
            })
            .collect();
        let js = |line, image| (line, image, "javascript".to_string());
        assert_eq!(
            got,
            [
                js(1, false),
                js(1, false),
                js(2, false),
                js(2, false),
                js(3, false),
                (3, false, "data".into()),
                (3, false, "vbscript".into()),
                js(7, false),
                js(9, true),
                js(9, true),
            ]
        );
        assert_eq!(
            m.dropped[0].message(),
            "link to javascript:… dropped (its text is shown): only http, https, mailto and \
             relative links are published"
        );
    }

    #[test]
    fn safe_links_are_kept() {
        let m = render(
            "[a](https://x.example/) [b](http://y.example/) [c](mailto:a@b.example) \
             [d](../x.html) [e](#top) [f](/path) ![g](pic.png) <https://z.example/> <a@b.example>\n",
        );
        assert!(m.dropped.is_empty(), "{:?}", m.dropped);
        assert_eq!(
            urls(&m.html),
            [
                "https://x.example/",
                "http://y.example/",
                "mailto:a@b.example",
                "../x.html",
                "#top",
                "/path",
                "pic.png",
                "https://z.example/",
                "mailto:a@b.example"
            ]
        );
    }

    #[test]
    fn protocol_relative_links_are_dropped_with_a_suggestion() {
        let m = render("text\n\n[x](//evil.example/p)\n");
        assert!(!m.html.contains("href"), "{}", m.html);
        assert_eq!(m.dropped.len(), 1);
        assert_eq!(m.dropped[0].line, 3);
        assert!(
            m.dropped[0]
                .message()
                .contains("write it as https://evil.example/p"),
            "{}",
            m.dropped[0].message()
        );
    }

    #[test]
    fn control_characters_never_reach_the_html() {
        let h =
            to_html("a\0b\x01c\x1f\u{ffff}\n\n```\nx\x02y\n```\n\n```rust\nlet\x03 a = 1;\n```\n");
        assert!(!h.chars().any(crate::render::is_forbidden_char), "{h:?}");
        assert!(h.contains("xy"), "{h}");
    }

    #[test]
    fn code_highlighted() {
        let h = to_html("```html\n<a href=\"x\">链接</a>\n```\n");
        assert!(h.contains("hl-"), "{h}");
        assert!(!h.contains("<a href"), "{h}");
        assert!(h.contains("链接"));
    }
}
