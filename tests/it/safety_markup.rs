//! Issue 13, the markup half: no content may make the site run script or load from another
//! host, and the feed and sitemap are well-formed XML for any text.
//!
//! - Free pages publish only `http:`, `https:`, `mailto:` and relative links and images; the
//!   rest become their text, each with a `file:line` warning in the build report.
//! - No `href`, `src` or `action` of any output file has another scheme, read the way a
//!   browser reads it (checked here by a reading of its own, not the crate's).
//! - Control characters in titles and bodies never reach the output; atom.xml and
//!   sitemap.xml parse with a real XML parser (proptest over titles).
//! - `base_url` and `--base-url` must be absolute http(s) URLs.

use crate::support::*;
use planpress::build::{build, BuildOptions};
use planpress::doc::{Meta, Plan, Status};
use planpress::render::{self, Renderer, Site};
use proptest::prelude::*;
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::path::Path;

/// Every attack of issue 13 on free pages, one or two a line; `(line, image, scheme)` of each
/// URL the build must drop is in [`EVIL_DROPPED`].
const EVIL: &str = "---
title: 链接测试
---

[内联](javascript:alert(1)) 与 [大写](JAVASCRIPT:alert(2))

[实体](&#106;avascript:alert(3))

<javascript:alert(4)>

[引用][r]

| 列一 | 列二 |
|---|---|
| [表格](javascript:alert(5)) | 文字 |

![图片说明](javascript:alert(6))

[数据](data:text/html,%3Cscript%3Ealert(7)%3C/script%3E) [脚本](vbscript:msgbox(8))

[制表](java&#9;script:alert(9)) [控制](&#1;javascript:alert(10)) [冒号](x:y)

[他站](//evil.example/x)

![像素](data:image/png;base64,iVBORw0KGgo=) [![嵌套](javascript:alert(11))](https://example.org/ok)

[可以](https://example.org/) [邮件](mailto:a@example.org) [相对](../index.html) [锚点](#main)

[r]: javascript:alert(12)
";

const EVIL_DROPPED: &[(usize, bool, &str)] = &[
    (5, false, "javascript"),
    (5, false, "javascript"),
    (7, false, "javascript"),
    (9, false, "javascript"),
    (11, false, "javascript"),
    (15, false, "javascript"),
    (17, true, "javascript"),
    (19, false, "data"),
    (19, false, "vbscript"),
    (21, false, "javascript"),
    (21, false, "javascript"),
    (21, false, "x"),
    (23, false, "//evil.example/x"),
    (25, true, "data"),
    (25, true, "javascript"),
];

/// The texts of the dropped links and images, still shown on the page.
const EVIL_TEXTS: &[&str] = &[
    "内联",
    "大写",
    "实体",
    "javascript:alert(4)",
    "引用",
    "表格",
    "图片说明",
    "数据",
    "脚本",
    "制表",
    "控制",
    "冒号",
    "他站",
    "像素",
    "嵌套",
];

/// A built site's files (relative path → bytes) and the build's warnings about free pages.
type TreeAndWarnings = (BTreeMap<String, Vec<u8>>, Vec<String>);

/// The fixture site plus `content/pages/evil.md`, built once per test run.
fn evil_site() -> &'static TreeAndWarnings {
    static SITE: std::sync::OnceLock<TreeAndWarnings> = std::sync::OnceLock::new();
    SITE.get_or_init(build_evil_site)
}

/// [`evil_site`], built anew.
fn build_evil_site() -> TreeAndWarnings {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture(), &root);
    std::fs::write(root.join("content/pages/evil.md"), EVIL).unwrap();
    let out = dir.path().join("public");
    let report = build_into(&root, &out, true).unwrap();
    let warnings = report
        .warnings
        .into_iter()
        .filter(|w| w.starts_with("content/pages/"))
        .collect();
    let tree = read_tree(&out);
    (tree, warnings)
}

/// An attribute value as the browser has it: character references decoded. A named
/// reference this does not know fails the test rather than pass unread.
fn decode_refs(v: &str) -> String {
    let re = regex::Regex::new(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?").unwrap();
    re.replace_all(v, |c: &regex::Captures| {
        let r = &c[1];
        let n = if let Some(h) = r.strip_prefix("#x").or_else(|| r.strip_prefix("#X")) {
            u32::from_str_radix(h, 16).ok()
        } else if let Some(d) = r.strip_prefix('#') {
            d.parse().ok()
        } else {
            None
        };
        if let Some(n) = n {
            return char::from_u32(n).unwrap_or('\u{fffd}').to_string();
        }
        match r {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            "colon" => ":",
            "Tab" => "\t",
            "NewLine" => "\n",
            other => panic!("unknown character reference &{other}; in `{v}`"),
        }
        .to_string()
    })
    .into_owned()
}

/// The scheme a browser finds in `url` (lower-cased), by this test's own reading of the URL
/// standard: trim C0 controls and spaces, drop tabs and line breaks, then `alpha *(alnum / + - .) :`.
fn browser_scheme(url: &str) -> Option<String> {
    let u: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let re = regex::Regex::new(r"^([A-Za-z][A-Za-z0-9+.\-]*):").unwrap();
    re.captures(&u).map(|c| c[1].to_ascii_lowercase())
}

/// Every URL attribute of every HTML and XML file whose scheme is not http, https or mailto,
/// or which starts with `//` (another host): `file: attr=value`.
fn unsafe_urls(tree: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut bad = Vec::new();
    for (path, bytes) in tree {
        if !(path.ends_with(".html") || path.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for attr in [
            "href",
            "src",
            "action",
            "srcset",
            "formaction",
            "poster",
            "data",
        ] {
            for raw in attr_values(&text, attr) {
                let v = decode_refs(&raw);
                let scheme_ok = browser_scheme(&v)
                    .is_none_or(|s| ["http", "https", "mailto"].contains(&s.as_str()));
                let trimmed = v.trim_start_matches(|c: char| c <= ' ');
                let other_host = trimmed.starts_with("//")
                    || trimmed.starts_with("\\\\")
                    || trimmed.starts_with("/\\")
                    || trimmed.starts_with("\\/");
                if !scheme_ok || other_host {
                    bad.push(format!("{path}: {attr}={v:?}"));
                }
            }
        }
    }
    bad
}

#[test]
fn free_page_links_with_script_are_dropped_with_a_warning_each() {
    let (tree, warnings) = evil_site();
    let bad = unsafe_urls(tree);
    assert!(
        bad.is_empty(),
        "unsafe URLs in the output:\n{}",
        bad.join("\n")
    );

    let page = String::from_utf8_lossy(&tree["evil/index.html"]).into_owned();
    for t in EVIL_TEXTS {
        assert!(page.contains(t), "the text `{t}` is missing from the page");
    }
    assert!(
        !page.contains("<img"),
        "an image with a dropped URL is still shown"
    );
    let hrefs = attr_values(&page, "href");
    for kept in [
        "https://example.org/",
        "mailto:a@example.org",
        "../index.html",
        "#main",
        "https://example.org/ok",
    ] {
        assert!(
            hrefs.iter().any(|h| h == kept),
            "{kept} is not a link: {hrefs:?}"
        );
    }
    // The link around the dropped image stays a link, with the image's alt text inside.
    let around = regex::Regex::new(r#"<a href="?https://example.org/ok"?>嵌套</a>"#).unwrap();
    assert!(around.is_match(&page), "{page}");

    assert_eq!(warnings.len(), EVIL_DROPPED.len(), "{warnings:#?}");
    for (w, (line, image, what)) in warnings.iter().zip(EVIL_DROPPED) {
        let kind = if *image { "image from" } else { "link to" };
        let instead = if *image { "its alt text" } else { "its text" };
        let want = if what.starts_with("//") {
            format!(
                "content/pages/evil.md:{line}: {kind} {what} dropped ({instead} is shown): a link \
                 starting with // opens a file share when the site is opened from disk; write it \
                 as https://evil.example/x"
            )
        } else {
            format!(
                "content/pages/evil.md:{line}: {kind} {what}:… dropped ({instead} is shown): only \
                 http, https, mailto and relative links are published"
            )
        };
        assert_eq!(w, &want);
    }
}

#[test]
fn dropped_links_build_the_same_twice() {
    let (first, wa) = evil_site();
    let (second, wb) = build_evil_site();
    assert_eq!(wa, &wb);
    assert!(first == &second, "two builds of the same content differ");
}

#[test]
fn the_output_names_no_other_scheme_for_the_fixture_site() {
    for tree in [&fixture_site().files, &fixture_site_unminified().files] {
        assert!(unsafe_urls(tree).is_empty(), "{:?}", unsafe_urls(tree));
    }
    // The URL check of this file reads what it must.
    let mut t = BTreeMap::new();
    t.insert(
        "x.html".to_string(),
        b"<a href=\"&#106;ava&Tab;script&colon;x\">a</a><img src=' //h/x'><a href=\"https://ok\">"
            .to_vec(),
    );
    assert_eq!(unsafe_urls(&t).len(), 2, "{:?}", unsafe_urls(&t));
}

#[test]
fn a_free_page_cannot_be_named_as_a_scheme() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture(), &root);
    std::fs::write(
        root.join("content/pages/javascript:alert(1).md"),
        "---\ntitle: x\n---\n\nx\n",
    )
    .unwrap();
    let e = build_into(&root, &dir.path().join("out"), true).unwrap_err();
    assert!(
        format!("{e:#}").contains("a free page cannot be named"),
        "{e:#}"
    );
}

// ---- base_url ----

#[test]
fn base_url_must_be_an_http_url() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture(), &root);
    let out = dir.path().join("out");
    for bad in [
        "//evil.example/",
        "javascript:alert(1)//",
        "/ghjh/",
        "not a url",
    ] {
        let mut o = BuildOptions::new(&root, &out);
        o.base_url = Some(bad.into());
        let e = format!("{:#}", build(&o).unwrap_err());
        assert!(e.starts_with(&format!("--base-url {bad:?}")), "{e}");
        assert!(
            e.contains("write it as https://www.example.gov.cn/ghjh/"),
            "{e}"
        );
    }
    assert!(!out.exists(), "a refused build wrote its output");

    let toml = std::fs::read_to_string(root.join("planpress.toml")).unwrap();
    let line = toml
        .lines()
        .position(|l| l.starts_with("base_url"))
        .unwrap()
        + 1;
    std::fs::write(
        root.join("planpress.toml"),
        toml.replace("https://example.org/ghjh/", "//evil.example/"),
    )
    .unwrap();
    let e = format!("{:#}", build_into(&root, &out, true).unwrap_err());
    assert!(
        e.contains(&format!(
            "planpress.toml:{line}: base_url \"//evil.example/\""
        )),
        "{e}"
    );
}

#[test]
fn the_404_page_loads_its_script_from_the_base_path() {
    // Built with SUB_PATH_BASE, https://gov.example.cn/ghjh/jy.
    let page = fixture_site_at_sub_path().text("404.html");
    let srcs = attr_values(page, "src");
    assert_eq!(srcs, ["/ghjh/jy/static/site.js"]);
}

// ---- control characters and XML ----

/// XML 1.0's `Char` production.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Fail unless `xml` is a well-formed XML 1.0 document: every character allowed, one root
/// element, tags balanced, attributes and references valid (quick-xml), no `<` in an
/// attribute value and no `]]>` in text. Returns the text of every element, in document
/// order, as `(name, text)`.
fn well_formed(name: &str, xml: &str) -> Vec<(String, String)> {
    if let Some((i, c)) = xml.char_indices().find(|(_, c)| !is_xml_char(*c)) {
        panic!("{name}: character {c:?} at byte {i} is not allowed in XML 1.0");
    }
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().check_end_names = true;
    r.config_mut().check_comments = true;
    let mut open: Vec<(String, String)> = Vec::new();
    let mut texts = Vec::new();
    let mut roots = 0;
    loop {
        let ev = r
            .read_event()
            .unwrap_or_else(|e| panic!("{name}: not well-formed at {}: {e}", r.error_position()));
        let attrs = |s: &quick_xml::events::BytesStart| {
            for a in s.attributes().with_checks(true) {
                let a = a.unwrap_or_else(|e| panic!("{name}: bad attribute: {e}"));
                assert!(!a.value.contains('<'), "{name}: `<` in an attribute value");
                a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .unwrap_or_else(|e| panic!("{name}: bad attribute value: {e}"));
            }
        };
        match ev {
            Event::Eof => break,
            Event::Start(s) => {
                attrs(&s);
                if open.is_empty() {
                    roots += 1;
                }
                let n = s.name().as_ref().to_string();
                open.push((n, String::new()));
            }
            Event::Empty(s) => {
                attrs(&s);
                if open.is_empty() {
                    roots += 1;
                }
            }
            Event::End(_) => {
                let done = open
                    .pop()
                    .unwrap_or_else(|| panic!("{name}: stray end tag"));
                texts.push(done);
            }
            Event::Text(t) => {
                let raw = t.to_string();
                assert!(!raw.contains("]]>"), "{name}: `]]>` in text");
                match open.last_mut() {
                    Some((_, s)) => s.push_str(&raw),
                    None => assert!(raw.trim().is_empty(), "{name}: text outside the root"),
                }
            }
            Event::GeneralRef(g) => {
                let c = match g.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => match &*g {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("{name}: undefined entity &{other};"),
                    },
                    Err(e) => panic!("{name}: bad character reference: {e}"),
                };
                assert!(is_xml_char(c), "{name}: reference to {c:?}");
                if let Some((_, s)) = open.last_mut() {
                    s.push(c);
                }
            }
            Event::CData(_) | Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            Event::DocType(_) => panic!("{name}: unexpected DOCTYPE"),
        }
    }
    assert!(open.is_empty(), "{name}: unclosed elements {open:?}");
    assert_eq!(roots, 1, "{name}: {roots} root elements");
    texts
}

#[test]
fn the_xml_check_catches_what_it_must() {
    well_formed(
        "ok",
        "<?xml version=\"1.0\"?>\n<a x=\"&amp;&#39;\"><b>&lt;]]&gt;</b></a>\n",
    );
    for bad in [
        "<a>\u{1}</a>",
        "<a>\0</a>",
        "<a>\u{ffff}</a>",
        "<a>&#1;</a>",
        "<a>a & b</a>",
        "<a>]]></a>",
        "<a><b></a>",
        "<a/><b/>",
        "<a x=\"<\"/>",
        "<a>&nbsp;</a>",
    ] {
        let r = std::panic::catch_unwind(|| well_formed("bad", bad));
        assert!(r.is_err(), "{bad:?} passed the XML check");
    }
}

/// A plan with the given texts and nothing else.
fn plan(slug: &str, title: &str, region: &str, issued: &str) -> Plan {
    Plan {
        slug: slug.into(),
        title: title.into(),
        region: region.into(),
        status: Status::Draft,
        period: Some([2024, 2026]),
        doc_number: title.into(),
        issued: issued.into(),
        meta: Meta {
            title: title.into(),
            status_text: title.into(),
            period_text: region.into(),
            ..Meta::default()
        },
        notice: None,
        preamble: vec![title.into()],
        nodes: vec![],
        tables: vec![],
        trailer: vec![],
        targets: vec![],
        warnings: vec![],
        file: String::new(),
        row_deadlines: Default::default(),
        row_duties: Default::default(),
        defects: vec![],
    }
}

/// Text pieces that break XML or HTML when copied raw.
fn nasty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(String::from),
        (0u8..0x20).prop_map(|b| char::from(b).to_string()),
        prop::sample::select(vec![
            "]]>",
            "&",
            "&amp;",
            "&#1;",
            "<",
            ">",
            "\"",
            "'",
            "</title>",
            "<![CDATA[",
            "\u{fffe}",
            "\u{ffff}",
            "\u{7f}",
            "\u{85}",
            "𝕏",
            "🀄",
            "县",
            "\r\n",
            "{{ x }}",
            "{% if %}",
        ])
        .prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

fn base_url() -> impl Strategy<Value = String> {
    "[a-z0-9&'()*+,;=~._\u{4e00}-\u{4e10}-]{0,6}".prop_map(|p| {
        if p.is_empty() {
            "https://example.org/".to_string()
        } else {
            format!("https://example.org/{p}/")
        }
    })
}

fn forbidden(s: &str) -> Option<char> {
    s.chars()
        .find(|c| matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}'))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any titles, regions, site title and footer, any valid base URL: atom.xml and the
    /// sitemap parse, the feed's titles are the input without the characters XML cannot hold,
    /// and no page carries such a character.
    #[test]
    fn feed_and_sitemap_are_well_formed_for_any_text(
        titles in prop::collection::vec((nasty(), nasty()), 1..4),
        site_title in nasty(),
        footer in nasty(),
        base in base_url(),
        issued in prop::sample::select(vec!["2024-03-01", "2024-0&<01", "", "2024-\u{1}3-01"]),
    ) {
        prop_assume!(planpress::config::check_base_url(&base).is_ok());
        let plans: Vec<Plan> = titles
            .iter()
            .enumerate()
            .map(|(i, (t, r))| plan(&format!("p{i}"), t, r, issued))
            .collect();
        let mut config = planpress::config::Config::default_for_test();
        config.title = site_title.clone();
        config.footer = footer.clone();
        config.description = site_title.clone();
        let graph = planpress::graph::SiteGraph::default();
        let site = Site {
            config: &config,
            base_url: base.clone(),
            plans: &plans,
            versions: &[],
            graph: &graph,
            pages: &[],
            page_html: &[],
            nav: vec![render::NavItem { label: site_title.clone(), url: String::new() }],
            search: false,
        };
        let files = RENDERER.with(|r| {
            let mut files = BTreeMap::new();
            for (_, job) in render::pages::jobs(&site) {
                for f in job(r, &site).unwrap() {
                    files.insert(f.path, (f.bytes, f.in_sitemap));
                }
            }
            files
        });
        let mut sitemaps = Vec::new();
        let listed: Vec<&str> =
            files.iter().filter(|(_, (_, s))| *s).map(|(p, _)| p.as_str()).collect();
        render::pages::sitemap(&site, listed, |f| {
            sitemaps.push((f.path, f.bytes));
            Ok(())
        })
        .unwrap();

        let feed = String::from_utf8(files["atom.xml"].0.clone()).unwrap();
        let texts = well_formed("atom.xml", &feed);
        let shown: Vec<&str> = texts
            .iter()
            .filter(|(n, _)| n == "title")
            .map(|(_, t)| t.as_str())
            .collect();
        let clean = |s: &str| s.chars().filter(|c| forbidden(&c.to_string()).is_none()).collect::<String>();
        let mut want: Vec<String> = titles.iter().map(|(t, _)| clean(t)).collect();
        want.push(clean(&site_title));
        let mut got: Vec<String> = shown.iter().map(|s| s.to_string()).collect();
        got.sort();
        want.sort();
        prop_assert_eq!(got, want);
        for (path, bytes) in &sitemaps {
            let texts = well_formed(path, &String::from_utf8_lossy(bytes));
            for (_, loc) in texts.iter().filter(|(n, _)| n == "loc") {
                prop_assert!(loc.starts_with(&base), "{} not under {}", loc, base);
            }
        }
        for (path, (bytes, _)) in &files {
            let text = String::from_utf8_lossy(bytes);
            prop_assert!(forbidden(&text).is_none(), "{} holds {:?}", path, forbidden(&text));
        }
    }
}

thread_local! {
    /// The default theme, compiled once per test thread.
    static RENDERER: Renderer = Renderer::new(Path::new("/nonexistent-planpress-site"), &[render::TEMPLATES]).unwrap();
}

#[test]
fn control_characters_in_content_never_reach_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture(), &root);
    let plan = root.join("content/plans/shiquan.md");
    let text = std::fs::read_to_string(&plan).unwrap();
    let first = text.lines().nth(1).unwrap().to_string();
    assert!(first.starts_with("title: "), "{first}");
    std::fs::write(
        &plan,
        text.replacen(&first, "title: \"石泉\\x01县\\0规划]]>&<\\uFFFF\"", 1),
    )
    .unwrap();
    std::fs::write(
        root.join("content/pages/kong.md"),
        "---\ntitle: \"空\\x01字符\"\n---\n\n正文\0有\x01控制\x1f字符\n\n```\n代码\x02块\n```\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    // The content stage may refuse or clean such text; when it builds, the output is clean.
    if let Err(e) = build_into(&root, &out, true) {
        panic!("{e:#}");
    }
    let tree = read_tree(&out);
    for (path, bytes) in &tree {
        if path.ends_with(".html") || path.ends_with(".xml") {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                forbidden(&text).is_none(),
                "{path} holds {:?}",
                forbidden(&text)
            );
        }
        if path.ends_with(".xml") {
            well_formed(path, &String::from_utf8_lossy(bytes));
        }
    }
    let page = String::from_utf8_lossy(&tree["kong/index.html"]);
    assert!(
        page.contains("空字符"),
        "the title without its control character: {page}"
    );
    assert!(page.contains("有控制字符"), "{page}");
    assert!(page.contains("代码块"), "{page}");
    let feed = String::from_utf8_lossy(&tree["atom.xml"]);
    assert!(feed.contains("石泉县"), "{feed}");
}
