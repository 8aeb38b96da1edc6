//! Search in the build: the index is written beside the pages, reported, holds the clauses'
//! text in the files on disk, and is left out (page, header box and index) with `--no-search`.

use crate::support::*;
use planpress::build::{build, BuildOptions};
use planpress::search::index::{postings, term_keys};
use planpress::search::normalize::{is_space, normalize};
use std::collections::BTreeMap;

fn text_files(tree: &BTreeMap<String, Vec<u8>>, prefix: &str) -> BTreeMap<String, String> {
    tree.iter()
        .filter(|(p, _)| p.starts_with(prefix) && p.ends_with(".json"))
        .map(|(p, b)| (p.clone(), String::from_utf8(b.clone()).unwrap()))
        .collect()
}

#[test]
fn the_build_writes_reports_and_links_the_index() {
    let site = fixture_site();
    let s = site.report.search.as_ref().expect("search report");
    let tree = &site.files;
    let index = text_files(tree, "search/");
    assert_eq!(index.len(), s.stats.files, "files reported vs written");
    assert_eq!(
        index.values().map(String::len).sum::<usize>(),
        s.stats.bytes,
        "bytes reported vs written"
    );
    assert!(s.stats.docs > 0 && s.stats.shards > 0);
    for must in ["search/index.html", "static/search.js", "static/search.css"] {
        assert!(tree.contains_key(must), "missing {must}");
    }
    // Every page's header has the search box, pointing at the search page.
    let home = String::from_utf8(tree["index.html"].clone()).unwrap();
    assert!(
        home.contains("role=\"search\"") || home.contains("role=search"),
        "no search form on the home page"
    );
    assert!(
        home.contains("search/index.html"),
        "search form does not lead to search/"
    );
    // Search links never make it into the sitemap (results depend on the query).
    let sitemap = String::from_utf8(tree["sitemap.xml"].clone()).unwrap();
    assert!(!sitemap.contains("/search/"));

    // The files on disk hold a clause: the pairs of its title at the title's positions (the
    // title starts its text), in the shards their hash names, so search.js finds the title
    // as an exact string; and its text in the docs chunk of its number.
    let loaded = planpress::load::load(&fixture().join("content")).unwrap();
    let plans = planpress::model::build(loaded.docs, &loaded.aliases);
    let docs = planpress::search::index::documents(&plans);
    assert_eq!(docs.len(), s.stats.docs);
    let (n, d) = docs
        .iter()
        .enumerate()
        .find(|(_, d)| {
            d.title.chars().count() >= 4 && !normalize(&d.title).into_iter().any(is_space)
        })
        .expect("a clause with a title");
    for (i, key) in term_keys(&normalize(&d.title)).iter().enumerate() {
        let held = postings(&index, key).unwrap();
        assert!(
            held.get(&n).is_some_and(|at| at.contains(&i)),
            "{}: {key} not at {i} in document {n}: {held:?}",
            d.title
        );
    }
    let meta: serde_json::Value = serde_json::from_str(&index["search/meta.json"]).unwrap();
    let chunks: Vec<usize> = serde_json::from_value(meta["chunks"].clone()).unwrap();
    let c = chunks.iter().rposition(|&first| first <= n).unwrap();
    let rows: Vec<Vec<String>> = serde_json::from_str(
        &index[&planpress::search::index::part_path(&meta, "docs", c).unwrap()],
    )
    .unwrap();
    assert_eq!(rows[n - chunks[c]][0], d.id);
    assert_eq!(rows[n - chunks[c]][2], d.title);
}

#[test]
fn no_search_leaves_out_the_page_the_box_and_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut o = BuildOptions::new(fixture(), &out);
    o.search = false;
    let report = build(&o).unwrap();
    assert!(report.search.is_none());
    let tree = read_tree(&out);
    assert!(
        !tree.keys().any(|p| p.starts_with("search/")),
        "search files written with --no-search"
    );
    let home = String::from_utf8(tree["index.html"].clone()).unwrap();
    assert!(
        !home.contains("search/index.html"),
        "search box shown with --no-search"
    );
    let problems = check_links(&out);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every file under `search/` of a built site: name → mtime.
fn search_mtimes(out: &std::path::Path) -> BTreeMap<String, std::time::SystemTime> {
    walkdir::WalkDir::new(out.join("search"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, e.metadata().unwrap().modified().unwrap())
        })
        .collect()
}

#[test]
fn one_edited_clause_rewrites_only_the_parts_of_the_index_it_touches() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&sample_root().join("content"), &root.join("content"));
    let out = tmp.path().join("public");
    build(&BuildOptions::new(&root, &out)).unwrap();
    let before = search_mtimes(&out);
    // Past the filesystem's mtime granularity, so a rewritten file gets a later time.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let plan = root.join("content/plans/jing-yan-xian-2021.md");
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(text.contains("全面消除大班额"));
    std::fs::write(&plan, text.replacen("全面消除大班额", "彻底消除大班额", 1)).unwrap();
    let r = build(&BuildOptions::new(&root, &out)).unwrap();
    let after = search_mtimes(&out);
    let shards = r.search.unwrap().stats.shards;
    let idx = |m: &BTreeMap<String, std::time::SystemTime>| {
        m.keys()
            .filter(|p| p.starts_with("search/idx/"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        idx(&after).len(),
        shards,
        "one file per shard, the old ones removed"
    );
    let kept = after
        .iter()
        .filter(|(p, t)| p.starts_with("search/idx/") && before.get(*p) == Some(*t))
        .count();
    let changed = shards - kept;
    // 全面 → 彻底: the pairs 全面/面消 out, 彻底/底消 in, the characters 全 面 彻 底 (and the
    // counts of the clause's others stay): a handful of shards, not the index.
    assert!(
        (1..=12).contains(&changed),
        "{changed} of {shards} shards rewritten: {:?}",
        idx(&after)
            .into_iter()
            .filter(|p| !before.contains_key(p))
            .collect::<Vec<_>>()
    );
    // The text chunk holding the clause is new; the others keep their file.
    let chunks = |m: &BTreeMap<String, std::time::SystemTime>| {
        m.keys().filter(|p| p.starts_with("search/docs/")).count()
    };
    let new_chunks = after
        .keys()
        .filter(|p| p.starts_with("search/docs/") && !before.contains_key(*p))
        .count();
    assert_eq!(new_chunks, 1, "of {} chunks", chunks(&after));
    assert_ne!(before["search/meta.json"], after["search/meta.json"]);
}
