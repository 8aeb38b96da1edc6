//! Content is text: markup and template syntax in titles, text, offices and table cells
//! reach the reader as visible characters, never as elements or template code.

use crate::support::*;

const PLAN: &str = r#"---
title: '<script>alert("t")</script>县规划{{ title }}{% if x %}'
slug: evil
region: '"><img src=x onerror=alert(1)>县'
status: draft
status_text: '<b>征求</b>意见稿'
period: [2024, 2026]
period_text: 2024—2026年
doc_number: '</script><script>alert("ld")</script>'
issuers: ['<i>县政府</i>']
written: 2024-01-02
issued: ''
topic: '{{ topic }}'
public: false
source: x.txt
collective: []
notice:
  title: '<script>notice()</script>'
  doc_number: ''
  recipients: '{% for a in b %}'
  body: ['"><img src=x onerror=alert(2)>']
  issuers: []
  date: ''
tables:
- id: table-1
  label: 表1
  caption: '<script>cap()</script>'
  after: '1'
  header: [['{{ h }}', '<th>头</th>']]
  rows: [['<script>cell()</script>', "{% raw %}\n\"><img src=x onerror=alert(3)>"]]
  row_ids: [table-1-1]
  row_links: ['1-1']
  notes: ['{{ note }}']
  line: 0
---

<script>alert("preamble")</script>

# 一、<script>alert("h")</script>总体{{ x }} {#1 .part}

"><img src=x onerror=alert(4)>正文{% if y %}

## （一）任务<img src=x onerror=alert(5)> {#1-1 .section}

### 1.开展<script>alert(6)</script>工作 {#1-1-1 .item}

2025年底前完成{{ z }}。（责任单位：<img src=x onerror=alert(7)>局、{{ u }}局）
"#;

const PAGE: &str = "---\ntitle: '<script>alert(\"p\")</script>关于{{ t }}'\n---\n\n<script>alert('md')</script>\n\n\"><img src=x onerror=alert(8)> {% if %}\n";

/// Elements that must never come from content.
fn assert_no_injected_markup(path: &str, html: &str) {
    let mut lower = html.to_ascii_lowercase();
    // <title> is RCDATA: `<` in it is text to the parser, and the minifier writes it raw.
    if let (Some(a), Some(b)) = (lower.find("<title>"), lower.find("</title>")) {
        lower.replace_range(a + 7..b, "");
    }
    // Real tags start with `<` + letter; escaped content shows as `&lt;`.
    let tags = regex::Regex::new(
        r#"<[a-z][a-z0-9]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*\s*/?>"#,
    )
    .unwrap();
    let attr =
        regex::Regex::new(r#"\s([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?"#).unwrap();
    for t in tags.find_iter(&lower) {
        let t = t.as_str();
        assert!(!t.starts_with("<img"), "{path}: an <img> element");
        for a in attr.captures_iter(t) {
            assert!(
                !a[1].starts_with("on"),
                "{path}: an event handler attribute in `{t}`"
            );
        }
        assert!(
            t != "<b>" && t != "<i>",
            "{path}: content markup became markup"
        );
    }
    assert!(
        !lower.contains("<th>头"),
        "{path}: content markup became markup"
    );
    // The only scripts: the JSON-LD block and the theme's site.js.
    for (i, _) in lower.match_indices("<script") {
        let tag = &lower[i..lower[i..].find('>').map(|e| i + e).unwrap_or(lower.len())];
        assert!(
            tag.contains("application/ld+json")
                || tag.contains("site.js")
                || tag.contains("search"),
            "{path}: injected script tag `{tag}`"
        );
    }
    let opens = lower.matches("<script").count();
    let closes = lower.matches("</script").count();
    assert_eq!(opens, closes, "{path}: a script element was closed early");
}

fn site(
    minify: bool,
) -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("content/plans")).unwrap();
    std::fs::create_dir_all(root.join("content/pages")).unwrap();
    std::fs::write(root.join("content/plans/evil.md"), PLAN).unwrap();
    std::fs::write(root.join("content/pages/about.md"), PAGE).unwrap();
    let out = dir.path().join("public");
    build_into(&root, &out, minify).unwrap();
    let tree = read_tree(&out);
    (dir, tree)
}

#[test]
fn markup_and_template_syntax_render_as_text() {
    let (_dir, tree) = site(false);
    let (_dir_min, tree_min) = site(true);
    for tree in [&tree, &tree_min] {
        let mut pages = 0;
        for (path, bytes) in tree {
            if path.ends_with(".html") {
                assert_no_injected_markup(path, &String::from_utf8_lossy(bytes));
                pages += 1;
            }
        }
        assert!(pages >= 5, "{pages} pages");
    }
    // The text itself is shown (unminified output keeps the entities as written).
    let plan = String::from_utf8_lossy(&tree["plans/evil/index.html"]).into_owned();
    for visible in [
        "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;县规划{{ title }}{% if x %}",
        "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;县",
        "&lt;script&gt;alert(&quot;h&quot;)&lt;/script&gt;总体{{ x }}",
        "&quot;&gt;&lt;img src=x onerror=alert(4)&gt;正文{% if y %}",
        "&lt;script&gt;cell()&lt;/script&gt;",
        "{% raw %}",
        "{{ h }}",
        "{{ note }}",
        "{% for a in b %}",
        "&lt;script&gt;alert(&quot;preamble&quot;)&lt;/script&gt;",
    ] {
        assert!(
            plan.contains(visible),
            "plan page lacks visible text {visible}"
        );
    }
    // JSON-LD carries the doc number intact, with `<` escaped inside the script.
    let ld_start = plan.find("application/ld+json").unwrap();
    let ld = &plan[ld_start..];
    let ld = &ld[ld.find('>').unwrap() + 1..ld.find("</script>").unwrap()];
    let v: serde_json::Value = serde_json::from_str(ld).unwrap();
    assert_eq!(
        v["legislationIdentifier"],
        "</script><script>alert(\"ld\")</script>"
    );
    assert_eq!(
        v["name"],
        "<script>alert(\"t\")</script>县规划{{ title }}{% if x %}"
    );

    let clause = String::from_utf8_lossy(&tree["plans/evil/1-1-1/index.html"]).into_owned();
    assert!(clause.contains("开展&lt;script&gt;alert(6)&lt;/script&gt;工作"));
    assert!(clause.contains("2025年底前完成{{ z }}"));
    let about = String::from_utf8_lossy(&tree["about/index.html"]).into_owned();
    assert!(
        about.contains("&lt;script&gt;alert(&quot;p&quot;)&lt;/script&gt;关于{{ t }}"),
        "{about}"
    );
    assert!(about.contains("{% if %}"));
    let home = String::from_utf8_lossy(&tree["index.html"]).into_owned();
    assert!(home.contains("县规划{{ title }}"));
    assert!(home.contains("&lt;b&gt;征求&lt;/b&gt;意见稿"));
}
