//! minify-html for the theme's stylesheets and scripts (once per build) and, with
//! `--minify-html`, for every page. It minifies HTML documents, so a stylesheet or script
//! goes in as the body of a `<style>` or `<script>` element and comes out of it again.

use minify_html::{minify, Cfg};

fn cfg() -> Cfg {
    Cfg {
        // Every tag kept, so the wrapper comes back whole and pages stay valid HTML.
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        keep_comments: false,
        minify_css: true,
        minify_js: true,
        ..Cfg::default()
    }
}

/// The body of `<tag>…</tag>` minified, or `None` when the minifier did not hand back one
/// element of that tag (then the caller keeps the original).
fn inside(tag: &str, body: &[u8]) -> Option<Vec<u8>> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut doc = Vec::with_capacity(body.len() + 20);
    doc.extend_from_slice(open.as_bytes());
    doc.extend_from_slice(body);
    doc.extend_from_slice(close.as_bytes());
    let out = minify(&doc, &cfg());
    let inner = out
        .strip_prefix(open.as_bytes())?
        .strip_suffix(close.as_bytes())?;
    (!inner.is_empty() || body.iter().all(u8::is_ascii_whitespace)).then(|| inner.to_vec())
}

/// A stylesheet minified (its original when minifying failed).
pub fn css(bytes: &[u8]) -> Vec<u8> {
    inside("style", bytes).unwrap_or_else(|| bytes.to_vec())
}

/// A script minified (its original when minifying failed).
pub fn js(bytes: &[u8]) -> Vec<u8> {
    inside("script", bytes).unwrap_or_else(|| bytes.to_vec())
}

/// A page minified as a whole (`--minify-html`). JSON blocks (`application/ld+json`, the
/// map of moved numbers) are not JavaScript and are left as they are.
pub fn html(bytes: &[u8]) -> Vec<u8> {
    let c = Cfg {
        minify_js: false,
        minify_css: false,
        ..cfg()
    };
    minify(bytes, &c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_files_get_smaller_and_keep_their_meaning() {
        let css_in = b"a  { color : red ; }\n\n/* note */\nb { margin: 0px 0px; }\n";
        let c = String::from_utf8(css(css_in)).unwrap();
        assert!(c.len() < css_in.len(), "{c}");
        assert!(c.contains("color:red") && !c.contains("note"), "{c}");
        let js_in = b"// comment\nvar  answer = 40 + 2 ;\nfunction f ( x ) { return x ; }\n";
        let j = String::from_utf8(js(js_in)).unwrap();
        assert!(j.len() < js_in.len() && j.contains("answer=42"), "{j}");
        let page = html(b"<!doctype html><html lang=zh-CN><head><title>x</title></head><body>\n  <p>a</p>\n  <script type=\"application/json\" id=\"moved-ids\">{\"a\": 1}</script></body></html>");
        let p = String::from_utf8(page).unwrap();
        assert!(p.contains("{\"a\": 1}"), "JSON blocks untouched: {p}");
        assert!(p.contains("</body>"), "{p}");
    }
}
