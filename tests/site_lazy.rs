//! syntect's syntax set is large: it is loaded only when a page has a code block. This
//! file is its own process, so the check sees only what it does itself.

use planpress::render::markdown::{syntaxes_loaded, to_html};

#[test]
fn syntaxes_load_only_for_code() {
    let h = to_html("# 标题\n\n正文，`行内代码`不算代码块。\n");
    assert!(h.contains("<code>行内代码</code>"), "{h}");
    assert!(!syntaxes_loaded(), "prose alone loaded the syntax set");
    let h = to_html("```html\n<a href=\"x\">链接</a>\n```\n");
    assert!(syntaxes_loaded());
    assert!(h.contains("hl-"), "{h}");
}
