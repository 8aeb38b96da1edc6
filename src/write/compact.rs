//! Whitespace compaction of rendered HTML, applied to every page by [`super::Output::write`].
//!
//! Why not a real minifier: minify-html took 40 % of a 1,000-plan build's CPU to save 3 % of
//! its bytes, because our pages are already lean; what they carry is the templates'
//! indentation. One linear scan that drops it keeps almost all of that saving at about a
//! hundredth of the cost, and cannot change how a page renders: every whitespace run it
//! shortens contains a line break and sits in normal flow text, where HTML collapses it to
//! one space anyway. Runs without a line break are left alone (a space between two inline
//! elements stays a space), and nothing inside a tag, a comment, or a `<pre>`, `<textarea>`,
//! `<script>` or `<style>` element is touched.

use memchr::{memchr2, memchr3, memmem};

/// Elements whose content is kept byte for byte.
const RAW: [&[u8]; 4] = [b"pre", b"textarea", b"script", b"style"];

/// `html` with each whitespace run that holds a line break (outside tags and raw elements)
/// replaced by a single `\n`.
pub fn compact(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len());
    let mut i = 0;
    while i < html.len() {
        // Text: copy up to the next tag or line break.
        let Some(off) = memchr2(b'<', b'\n', &html[i..]) else {
            out.extend_from_slice(&html[i..]);
            break;
        };
        out.extend_from_slice(&html[i..i + off]);
        i += off;
        if html[i] == b'\n' {
            while matches!(out.last(), Some(b' ' | b'\t' | b'\r')) {
                out.pop();
            }
            while i < html.len() && matches!(html[i], b' ' | b'\t' | b'\r' | b'\n') {
                i += 1;
            }
            out.push(b'\n');
            continue;
        }
        let end = if html[i..].starts_with(b"<!--") {
            find(html, i + 4, b"-->").map_or(html.len(), |e| e + 3)
        } else {
            let tag_end = tag_end(html, i);
            match raw_element(&html[i + 1..]) {
                Some(name) => raw_end(html, tag_end, name),
                None => tag_end,
            }
        };
        out.extend_from_slice(&html[i..end]);
        i = end;
    }
    out
}

/// The end (one past `>`) of the tag starting at `start`, skipping quoted attribute values.
fn tag_end(html: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(off) = memchr3(b'>', b'"', b'\'', &html[i..]) {
        let at = i + off;
        if html[at] == b'>' {
            return at + 1;
        }
        match memchr::memchr(html[at], &html[at + 1..]) {
            Some(close) => i = at + 1 + close + 1,
            None => return html.len(),
        }
    }
    html.len()
}

/// The raw element a tag opens, from the bytes after its `<`.
fn raw_element(after_lt: &[u8]) -> Option<&'static [u8]> {
    RAW.into_iter().find(|name| {
        after_lt.len() > name.len()
            && after_lt[..name.len()].eq_ignore_ascii_case(name)
            && matches!(
                after_lt[name.len()],
                b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/'
            )
    })
}

/// The end of the raw element `name` whose content starts at `from`: one past its closing
/// tag's `>`, or the end of the page if it is never closed.
fn raw_end(html: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(lt) = find(html, i, b"</") {
        let after = &html[lt + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name) {
            return tag_end(html, lt);
        }
        i = lt + 2;
    }
    html.len()
}

fn find(html: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memmem::find(&html[from..], needle).map(|o| from + o)
}

#[cfg(test)]
mod tests {
    use super::compact;

    fn c(s: &str) -> String {
        String::from_utf8(compact(s.as_bytes())).unwrap()
    }

    #[test]
    fn indentation_and_blank_lines_go() {
        assert_eq!(
            c("<ul>\n    <li>一</li>\n\n    <li>二</li>\n  </ul>\n"),
            "<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n"
        );
        assert_eq!(c("a   \n\t  b"), "a\nb");
    }

    #[test]
    fn runs_without_a_line_break_stay() {
        assert_eq!(c("<a>x</a> <a>y</a>  z"), "<a>x</a> <a>y</a>  z");
    }

    #[test]
    fn tags_comments_and_raw_elements_are_untouched() {
        let tag = "<a title=\"第一行\n    第二行 > 三\" href='/x\n  y'>t</a>";
        assert_eq!(c(tag), tag);
        let pre = "<pre class=\"code\">fn main() {\n    x();\n\n}\n</pre>";
        assert_eq!(
            c(&format!("<div>\n  {pre}\n</div>")),
            format!("<div>\n{pre}\n</div>")
        );
        let script = "<script type=\"application/ld+json\">{\n  \"a\": 1\n}</script>";
        assert_eq!(c(script), script);
        assert_eq!(c("<!-- a\n   b -->\n  x"), "<!-- a\n   b -->\nx");
        // `<prefix>` is not `<pre>`: its text is compacted.
        assert_eq!(c("<prefix>\n  a</prefix>"), "<prefix>\na</prefix>");
        assert_eq!(c("<PRE>\n  a</PRE>\n  b"), "<PRE>\n  a</PRE>\nb");
    }

    #[test]
    fn unclosed_input_is_copied_not_lost() {
        for s in ["<pre>\n  a", "<a href=\"x", "<!-- x\n  y", "<", "\n", ""] {
            let out = c(s);
            assert!(
                out.len() <= s.len() && s.starts_with(out.trim_end()),
                "{s:?} → {out:?}"
            );
        }
        assert_eq!(c("<pre>\n  a"), "<pre>\n  a");
    }
}
