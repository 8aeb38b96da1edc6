//! syntect's syntax set is large: it is loaded only when a page has a code block. The check
//! must see only what it does itself, so the test re-runs this test binary with only itself
//! selected (`--exact`), in a process of its own; every other test of the binary may load
//! the syntax set.

use planpress::render::markdown::{syntaxes_loaded, to_html};
use std::process::Command;

/// Set in the child process, which runs the check itself.
const CHILD: &str = "PLANPRESS_SITE_LAZY_CHILD";

#[test]
fn syntaxes_load_only_for_code() {
    if std::env::var_os(CHILD).is_some() {
        check();
        return;
    }
    let name = concat!(module_path!(), "::syntaxes_load_only_for_code");
    // module_path! is `it::site_lazy`; libtest names the test without the crate.
    let name = name.split_once("::").unwrap().1;
    let out = Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "child test failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("1 passed"),
        "the child ran no test:\n{stdout}\n{stderr}"
    );
}

fn check() {
    let h = to_html("# 标题\n\n正文，`行内代码`不算代码块。\n");
    assert!(h.contains("<code>行内代码</code>"), "{h}");
    assert!(!syntaxes_loaded(), "prose alone loaded the syntax set");
    let h = to_html("```html\n<a href=\"x\">链接</a>\n```\n");
    assert!(syntaxes_loaded());
    assert!(h.contains("hl-"), "{h}");
}
