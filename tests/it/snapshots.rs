//! HTML snapshots (insta) of one page of each kind, from the fixture site built once
//! (`support::fixture_site_unminified`): the home page whole (head, header, footer), every
//! other kind by its `<main>`. A change to what a page shows fails here with a line diff.
//!
//! Snapshots live in `tests/it/snapshots/<name>.snap`. After a deliberate change, rewrite them
//! and read the diff before committing (README, Snapshots):
//!
//! ```sh
//! INSTA_UPDATE=always cargo test --test it snapshots::
//! git diff tests/it/snapshots/
//! ```
//!
//! The HTML is laid out for diffing: a line break before each block element (outside
//! `<pre>`), blank lines and trailing spaces dropped. So a snapshot does not see a change
//! of whitespace between elements; `site_build::two_builds_are_byte_identical` and the
//! byte-identical site comparison of a refactor do.

use crate::support::*;

/// Tags that start a line in a snapshot.
const BLOCK: &[&str] = &[
    "article",
    "aside",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The name of the tag opening at the start of `s` (`<li class=…>` → `li`), if `s` starts
/// with an opening tag.
fn opening_tag(s: &str) -> Option<&str> {
    let rest = s.strip_prefix('<')?;
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = &rest[..end];
    let next = rest[end..].chars().next();
    (!name.is_empty() && matches!(next, Some(' ' | '>' | '\n' | '/'))).then_some(name)
}

/// `html` with a line break before each block element, outside `<pre>`, and without blank
/// lines or trailing spaces.
fn pretty(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut in_pre = false;
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let at = i + off;
        out.push_str(&html[i..at]);
        let rest = &html[at..];
        if in_pre {
            in_pre = !rest.starts_with("</pre>");
        } else if let Some(tag) = opening_tag(rest) {
            if BLOCK.contains(&tag) && !out.ends_with('\n') && !out.is_empty() {
                out.push('\n');
            }
            in_pre = tag == "pre";
        }
        out.push('<');
        i = at + 1;
    }
    out.push_str(&html[i..]);
    let mut lines: Vec<&str> = out
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    lines.push("");
    lines.join("\n")
}

/// The `<main>` element of a page, tags included.
fn main_of<'a>(path: &str, html: &'a str) -> &'a str {
    let start = html
        .find("<main")
        .unwrap_or_else(|| panic!("{path}: no <main>"));
    let end = html[start..]
        .find("</main>")
        .unwrap_or_else(|| panic!("{path}: <main> not closed"));
    &html[start..start + end + "</main>".len()]
}

/// Compare the page at `path` of the fixture site, whole or its `<main>`, with the stored
/// snapshot `name`.
fn check(name: &str, path: &str, whole: bool) {
    let html = fixture_site_unminified().text(path);
    let shown = if whole { html } else { main_of(path, html) };
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(if whole {
        path.to_string()
    } else {
        format!("{path}, <main>")
    });
    settings.bind(|| insta::assert_snapshot!(name, pretty(shown)));
}

/// One test per page, so one run shows (and with INSTA_UPDATE=always rewrites) every
/// snapshot that changed; `SNAPSHOT_PAGES` lists (name, page).
macro_rules! snapshots {
    ($($name:ident: $path:literal $(, $whole:ident)?;)*) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name), $path, snapshots!(@whole $($whole)?));
            }
        )*
        const SNAPSHOT_PAGES: &[(&str, &str)] = &[$((stringify!($name), $path)),*];
    };
    (@whole whole) => { true };
    (@whole) => { false };
}

snapshots! {
    home: "index.html", whole;
    plan: "plans/shiquan-2024/index.html";
    clause: "plans/shiquan-2024/2-1-1/index.html";
    plan_tasks: "plans/yiyuan-2021/tasks/index.html";
    plan_timeline: "plans/yiyuan-2021/timeline/index.html";
    plan_targets: "plans/yiyuan-2021/targets/index.html";
    units_index: "units/index.html";
    county_units: "units/shi-quan-xian/index.html";
    office: "units/shi-quan-xian/xian-jiao-ti-ju/index.html";
    departments_index: "departments/index.html";
    department: "departments/other/index.html";
    timeline_index: "timeline/index.html";
    year: "timeline/2025/index.html";
    site_targets: "targets/index.html";
    search: "search/index.html";
    about: "about/index.html";
    not_found: "404.html";
    data: "data/index.html";
}

#[test]
fn every_page_kind_has_a_snapshot() {
    // A kind of page the site gains (a new template or URL) needs a snapshot above.
    let kinds = |paths: &mut dyn Iterator<Item = &str>| {
        paths
            .filter(|p| p.ends_with(".html"))
            .map(kind_of)
            .collect::<std::collections::BTreeSet<_>>()
    };
    let site = fixture_site_unminified();
    let built = kinds(&mut site.files.keys().map(String::as_str));
    let snapped = kinds(&mut SNAPSHOT_PAGES.iter().map(|(_, path)| *path));
    assert_eq!(built, snapped, "kinds of page built vs snapshotted");
    assert_eq!(
        snapped.len(),
        SNAPSHOT_PAGES.len(),
        "two snapshots of one kind"
    );
}

#[test]
fn every_stored_snapshot_is_checked() {
    // insta leaves the file of a removed or renamed snapshot behind: it would look tested.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/snapshots");
    let mut stored: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".snap"))
        .collect();
    stored.sort();
    let mut checked: Vec<String> = SNAPSHOT_PAGES
        .iter()
        .map(|(name, _)| format!("{name}.snap"))
        .collect();
    checked.sort();
    assert_eq!(
        stored,
        checked,
        "files in {} vs snapshots checked",
        dir.display()
    );
}

/// The kind of page at `path` in the fixture site, from its place in the URL scheme.
fn kind_of(path: &str) -> &'static str {
    let parts: Vec<&str> = path.trim_end_matches("index.html").split('/').collect();
    let parts: Vec<&str> = parts.into_iter().filter(|s| !s.is_empty()).collect();
    match parts.as_slice() {
        [] => "home",
        ["404.html"] => "404",
        ["plans", _] => "plan",
        ["plans", _, "tasks"] => "plan tasks",
        ["plans", _, "timeline"] => "plan timeline",
        ["plans", _, "targets"] => "plan targets",
        ["plans", _, _] => "clause",
        ["units"] => "units",
        ["units", _] => "county units",
        ["units", _, _] => "office",
        ["departments"] => "departments",
        ["departments", _] => "department",
        ["timeline"] => "timeline",
        ["timeline", _] => "year",
        ["targets"] => "targets",
        ["search"] => "search",
        ["about"] => "about",
        ["data"] => "data",
        _ => panic!("{path}: a kind of page tests/it/snapshots.rs does not know"),
    }
}

#[test]
fn pretty_breaks_before_blocks_but_not_inside_pre() {
    assert_eq!(
        pretty(
            "<ul><li><a href=x>a</a></li>\n\n<li>b</li></ul>  \n<pre><p>x</p>\n<li></pre><p>c</p>"
        ),
        "<ul>\n<li><a href=x>a</a></li>\n<li>b</li></ul>\n<pre><p>x</p>\n<li></pre>\n<p>c</p>\n"
    );
}
