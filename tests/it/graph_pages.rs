//! The graph pages rendered from hand-made plans: every link resolves (file and #fragment),
//! content is escaped, a plan without clauses renders no office page.

use crate::graph_common::*;
use planpress::config::Config;
use planpress::doc::{Plan, Role};
use planpress::graph::SiteGraph;
use planpress::render::{self, Rendered, Renderer, Site};
use regex::Regex;
use std::collections::BTreeMap;

fn render_site(plans: &[Plan]) -> BTreeMap<String, String> {
    let graph = SiteGraph::build_with(plans, &aliases(), &departments());
    let config = Config::default_for_test();
    let tmp = tempfile::tempdir().unwrap();
    let renderer = Renderer::new(tmp.path(), &[render::TEMPLATES]).unwrap();
    let nav = render::nav([]);
    let site = Site {
        config: &config,
        base_url: "https://example.org/".into(),
        plans,
        versions: &[],
        graph: &graph,
        pages: &[],
        page_html: &[],
        nav,
        search: false,
    };
    render::pages::check(&site).unwrap();
    let jobs = render::jobs(&site);
    let mut out = BTreeMap::new();
    let sink = render::Memory::default();
    let data = render::data::site_files(&renderer, &site, &sink).unwrap();
    let all = jobs
        .iter()
        .flat_map(|(_, j)| j(&renderer, &site).unwrap())
        .chain(data)
        .chain(sink.into_files());
    for Rendered { path, bytes, .. } in all {
        // The one binary file (a zip), read back in data_files.rs.
        if path.ends_with(".xlsx") {
            continue;
        }
        let prev = out.insert(path.clone(), String::from_utf8(bytes).unwrap());
        assert!(prev.is_none(), "{path} rendered twice");
    }
    out
}

fn is_graph_page(path: &str) -> bool {
    // Pages, not the calendars beside them (text/calendar holds text unescaped).
    path.ends_with(".html")
        && ["units/", "departments/", "timeline/", "targets/"]
            .iter()
            .any(|p| path.starts_with(p))
        || path.ends_with("/timeline/index.html")
        || path.ends_with("/targets/index.html")
}

/// Resolve `href` found in the page at `from` (a file path) to a site file path and fragment.
fn resolve(from: &str, href: &str) -> (String, String) {
    let (path, frag) = match href.split_once('#') {
        Some((p, f)) => (p, f.to_string()),
        None => (href, String::new()),
    };
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    if !path.is_empty() {
        for seg in path.split('/') {
            match seg {
                ".." => {
                    parts.pop();
                }
                "." | "" => {}
                s => parts.push(s),
            }
        }
    } else {
        return (from.to_string(), frag);
    }
    (parts.join("/"), frag)
}

#[test]
fn every_link_on_the_graph_pages_resolves() {
    let site = render_site(&all());
    let href = Regex::new(r#"href="([^"]*)""#).unwrap();
    let mut checked = 0;
    for (path, html) in site.iter().filter(|(p, _)| is_graph_page(p)) {
        for c in href.captures_iter(html) {
            let h = &c[1];
            if h.starts_with("http")
                || h.ends_with(".css")
                || h.ends_with(".xml")
                || h.ends_with(".js")
                || h.ends_with(".svg")
            {
                continue;
            }
            let (file, frag) = resolve(path, h);
            let target = site
                .get(&file)
                .unwrap_or_else(|| panic!("{path}: link {h} → {file} does not exist"));
            if !frag.is_empty() {
                assert!(
                    target.contains(&format!("id=\"{frag}\"")),
                    "{path}: link {h}: no id {frag} in {file}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links");
    // The pages themselves.
    for p in [
        "units/index.html",
        "units/jing-yuan-xian/jiao-yu-ti-yu-ju/index.html",
        "units/jing-yuan-xian/ge-xiang-zhen/index.html",
        "departments/index.html",
        "departments/education/index.html",
        "departments/other/index.html",
        "timeline/index.html",
        "timeline/2025/index.html",
        "timeline/2030/index.html",
        "targets/index.html",
        "plans/yiyuan-2021/targets/index.html",
        "plans/jingyuan-2023/timeline/index.html",
    ] {
        assert!(site.contains_key(p), "{p} missing");
    }
    // Units with no duties have no page; departments with no office have none either is fine,
    // but the index never links an empty one.
    // 井研 names no office: its county page says so, and it has no office pages.
    assert!(site.contains_key("units/jing-yan-xian/index.html"));
    assert!(!site
        .keys()
        .any(|k| k.starts_with("units/jing-yan-xian/") && k != "units/jing-yan-xian/index.html"));
}

#[test]
fn office_page_lists_duties_with_links_to_clauses_and_years() {
    let site = render_site(&all());
    let html = &site["units/jing-yuan-xian/jiao-yu-ti-yu-ju/index.html"];
    assert!(html.contains(r#"href="../../../plans/jingyuan-2023/index.html#3-1-2""#));
    assert!(html.contains(r#"href="../../../timeline/2024/index.html""#));
    assert!(html.contains("三（一）2"));
    assert!(html.contains("牵头"));
    let coll = &site["units/jing-yuan-xian/ge-xiang-zhen/index.html"];
    assert!(coll.contains("集体责任"));
    let tz = &site["units/jing-yuan-xian/xian-wei-tong-zhan-bu/index.html"];
    assert!(tz.contains("也写作") && tz.contains("统战部"));
    // The index of 井研 says plainly that it names no office.
    assert!(site["units/index.html"].contains("未逐项列明责任单位"));
}

#[test]
fn content_is_escaped() {
    let mut p = jingyuan();
    let n = &mut p.nodes[0].children[0].children[0];
    n.title = "<script>alert(1)</script>{{ x }}".into();
    n.duties
        .push(duty("\"><img src=x onerror=alert(1)>局", Role::Responsible));
    p.title = "{% raw %}<b>方案</b>".into();
    let site = render_site(&[p]);
    for (path, html) in site.iter().filter(|(p, _)| is_graph_page(p)) {
        assert!(!html.contains("<script>alert"), "{path}");
        assert!(!html.contains("<img src=x"), "{path}");
        assert!(!html.contains("<b>方案"), "{path}");
    }
    let office = site
        .iter()
        .find(|(k, v)| {
            k.starts_with("units/jing-yuan-xian/") && k.ends_with(".html") && v.contains("onerror")
        })
        .map(|(_, v)| v)
        .expect("the office page exists");
    assert!(office.contains("&lt;img src=x onerror=alert(1)&gt;局"));
    let page = &site["units/jing-yuan-xian/jiao-yu-ti-yu-ju/index.html"];
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;{{ x }}"));
}

#[test]
fn a_site_of_one_plan_without_clauses_renders() {
    let site = render_site(&[jingyan()]);
    assert!(site.contains_key("units/index.html"));
    // The index and the county's page, which says no office is named; no office pages.
    let units: Vec<&String> = site.keys().filter(|k| k.starts_with("units/")).collect();
    assert_eq!(units.len(), 2, "{units:?}");
    assert!(site["units/jing-yan-xian/index.html"].contains("本县规划未逐项列明责任单位"));
    assert!(site.contains_key("timeline/2021/index.html"));
}

#[test]
fn rendering_is_deterministic() {
    assert_eq!(render_site(&all()), render_site(&all()));
}
