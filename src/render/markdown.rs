//! Free pages (`content/pages/*.md`): Markdown to HTML.
//!
//! Raw HTML in the Markdown is shown as text, never passed through: pages are written by
//! staff, but a pasted `<script>` must not run on a government site. Fenced code is
//! highlighted by syntect with CSS classes (colours live in the theme's stylesheet, where
//! contrast is checked once); its syntax set is loaded only when a page has a code block.

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::sync::LazyLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Render Markdown to HTML with raw HTML escaped and code highlighted.
pub fn to_html(md: &str) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut events: Vec<Event> = Vec::new();
    let mut code: Option<(String, String)> = None;
    for ev in Parser::new_ext(md, opts) {
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
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(md.len() * 2);
    html::push_html(&mut out, events.into_iter());
    out
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

    #[test]
    fn code_highlighted() {
        let h = to_html("```html\n<a href=\"x\">链接</a>\n```\n");
        assert!(h.contains("hl-"), "{h}");
        assert!(!h.contains("<a href"), "{h}");
        assert!(h.contains("链接"));
    }
}
