//! A large site: past `list_max` entries the site-wide pages (责任单位, 部门类别, 时间表, each
//! year, 目标指标) list counties or plans with counts, linking to their own pages, instead of
//! every entry. The sample site is built with `list_max = 10` so every one of them switches.

use crate::support::*;
use regex::Regex;
use std::path::Path;

fn build_sample(list_max: Option<usize>) -> (tempfile::TempDir, std::path::PathBuf) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&repo.join("content"), &root.join("content"));
    let mut toml = std::fs::read_to_string(repo.join("planpress.toml")).unwrap();
    if let Some(n) = list_max {
        toml.push_str(&format!("\nlist_max = {n}\n"));
    }
    std::fs::write(root.join("planpress.toml"), toml).unwrap();
    let out = dir.path().join("public");
    let mut o = planpress::build::BuildOptions::new(&root, &out);
    o.search = false;
    planpress::build::build(&o).unwrap();
    (dir, out)
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Links on a page matching `pattern` (relative hrefs as written).
fn links(html: &str, pattern: &str) -> Vec<String> {
    let re = Regex::new(pattern).unwrap();
    attr_values(html, "href")
        .into_iter()
        .filter(|h| re.is_match(h))
        .collect()
}

#[test]
fn site_wide_pages_list_counts_past_list_max_and_every_link_resolves() {
    let (_full_dir, full) = build_sample(None);
    let (_dir, out) = build_sample(Some(10));
    let problems = check_links(&out);
    assert!(problems.is_empty(), "{problems:#?}");

    // 责任单位: counties only, each with a page of its own listing its offices.
    let units = read(&out, "units/index.html");
    let counties = links(&units, r"^\.\./units/[a-z0-9-]+/index\.html$");
    assert_eq!(counties.len(), 5, "{counties:?}");
    assert!(links(&units, r"^\.\./units/[a-z0-9-]+/[a-z0-9-]+/").is_empty());
    let full_units = read(&full, "units/index.html");
    let offices_full = links(
        &full_units,
        r"^\.\./units/[a-z0-9-]+/[a-z0-9-]+/index\.html$",
    );
    let mut offices_by_county = 0;
    for c in &counties {
        let page = read(&out, c.trim_start_matches("../"));
        offices_by_county += links(
            &page,
            r"^\.\./\.\./units/[a-z0-9-]+/[a-z0-9-]+/index\.html$",
        )
        .len();
    }
    assert_eq!(offices_by_county, offices_full.len(), "no office is lost");
    assert!(offices_by_county > 100);

    // Each year: plans with their counts, linking to that year on the plan's axis.
    let year = read(&out, "timeline/2025/index.html");
    assert!(!year.contains("g-entries\""), "no entries listed inline");
    let rows = links(&year, r"timeline/index\.html#y2025$");
    assert_eq!(rows.len(), 3, "{rows:?}");
    let full_year = read(&full, "timeline/2025/index.html");
    assert!(full_year.contains("class=\"g-entry\""));

    // 时间表, 目标指标, 部门类别: counts, not entries.
    let timeline = read(&out, "timeline/index.html");
    assert!(!timeline.contains("class=\"g-entry\""));
    assert!(timeline.contains("每年开展 "), "per-plan counts");
    let targets = read(&out, "targets/index.html");
    assert!(!targets.contains("<table class=\"g-targets"));
    assert!(!links(&targets, r"^\.\./plans/[a-z0-9-]+/targets/index\.html$").is_empty());
    let departments = read(&out, "departments/index.html");
    assert!(departments.contains(" 个县。") && !departments.contains(" 个县："));
    assert!(read(&full, "departments/index.html").contains(" 个县："));

    // A small site keeps its full pages (the default limit is far above the sample's size).
    assert!(full_units.contains("class=\"g-jump\""));
    assert!(check_links(&full).is_empty());
}
