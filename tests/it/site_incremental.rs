//! Incremental rebuilds (`build::build_incremental`, what `planpress serve` runs after an
//! edit, issue 17): after each kind of edit staff make, the site the incremental path leaves
//! is byte for byte the one a fresh `build` of the same content writes, and pages the edit
//! cannot change are not rendered again.

use crate::support::{copy_tree, fixture, read_tree};
use planpress::build::{build, build_incremental, BuildOptions, Incremental};
use std::path::Path;

fn edit(file: &Path, from: &str, to: &str) {
    let t = std::fs::read_to_string(file).unwrap();
    assert!(t.contains(from), "{}: no {from}", file.display());
    std::fs::write(file, t.replacen(from, to, 1)).unwrap();
}

/// The paths whose bytes differ between two trees (or that only one holds).
fn differences(a: &Path, b: &Path) -> Vec<String> {
    let (a, b) = (read_tree(a), read_tree(b));
    let mut out: Vec<String> = a
        .iter()
        .filter(|(p, bytes)| b.get(*p) != Some(*bytes))
        .map(|(p, _)| p.clone())
        .collect();
    out.extend(b.keys().filter(|p| !a.contains_key(*p)).cloned());
    out
}

#[test]
fn every_kind_of_edit_rebuilds_to_the_bytes_of_a_fresh_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture(), &root);
    let out = tmp.path().join("served");
    let keep = Incremental::default();
    let first = build_incremental(&BuildOptions::new(&root, &out), &keep).unwrap();
    assert_eq!(first.kept, 0, "nothing to keep on the first build");
    let plan = root.join("content/plans/yiyuan.md");
    let theme_base = include_str!("../../themes/default/templates/base.html");
    // (what, the edit, the share of pages that should be left unrendered: 2 most, 1 some
    // (a plan added to or removed from a site of two changes half of it), 0 none)
    type Edit = Box<dyn Fn(&Path)>;
    let edits: Vec<(&str, Edit, u8)> = vec![
        ("no change", Box::new(|_| {}), 2),
        (
            "a word in a clause",
            Box::new(|r| {
                edit(
                    &r.join("content/plans/yiyuan.md"),
                    "全面消除大班额",
                    "基本消除大班额",
                )
            }),
            2,
        ),
        (
            "an office renamed in one clause",
            Box::new(|r| {
                edit(
                    &r.join("content/plans/yiyuan.md"),
                    "（责任单位：县教育和体育局、县财政局）",
                    "（责任单位：县教育和体育局、县发展和改革局）",
                )
            }),
            2,
        ),
        (
            "a deadline's year",
            Box::new(|r| {
                edit(
                    &r.join("content/plans/yiyuan.md"),
                    "2025年底前",
                    "2026年底前",
                )
            }),
            2,
        ),
        (
            "a plan added",
            Box::new(|r| {
                let text = std::fs::read_to_string(r.join("content/plans/shiquan.md")).unwrap();
                let text = text
                    .replacen("slug: shiquan-2024", "slug: shiquan-2025", 1)
                    .replacen("title: 石泉县", "title: 石泉县第二个", 1);
                std::fs::write(r.join("content/plans/shiquan2.md"), text).unwrap();
            }),
            1,
        ),
        (
            "a plan removed",
            Box::new(|r| std::fs::remove_file(r.join("content/plans/shiquan2.md")).unwrap()),
            1,
        ),
        (
            "a free page's text edited",
            Box::new(|r| {
                edit(
                    &r.join("content/pages/about.md"),
                    "公开测试县的规划文本",
                    "公开测试县的全部规划文本",
                )
            }),
            2,
        ),
        (
            // Its title is in every page's navigation.
            "a free page's title edited",
            Box::new(|r| {
                edit(
                    &r.join("content/pages/about.md"),
                    "关于本站",
                    "关于这个网站",
                )
            }),
            0,
        ),
        (
            "a template overridden",
            Box::new(move |r| {
                std::fs::create_dir_all(r.join("templates")).unwrap();
                std::fs::write(
                    r.join("templates/base.html"),
                    theme_base.replacen("</main>", "</main><p>模板改过</p>", 1),
                )
                .unwrap();
            }),
            0,
        ),
        (
            "planpress.toml edited",
            Box::new(|r| {
                edit(
                    &r.join("planpress.toml"),
                    "测试县规划公开",
                    "测试县规划公开网",
                )
            }),
            0,
        ),
    ];
    for (n, (what, change, share)) in edits.iter().enumerate() {
        change(&root);
        let r = build_incremental(&BuildOptions::new(&root, &out), &keep)
            .unwrap_or_else(|e| panic!("{what}: {e:#}"));
        let fresh = tmp.path().join(format!("fresh-{n}"));
        build(&BuildOptions::new(&root, &fresh)).unwrap();
        let diff = differences(&out, &fresh);
        assert!(
            diff.is_empty(),
            "{what}: differs from a fresh build: {diff:?}"
        );
        let pages = read_tree(&out)
            .keys()
            .filter(|p| p.ends_with(".html"))
            .count();
        match share {
            2 => assert!(
                r.kept * 2 > pages,
                "{what}: only {} of {pages} pages kept",
                r.kept
            ),
            1 => assert!(r.kept > 0, "{what}: no page kept"),
            _ => assert_eq!(r.kept, 0, "{what}: every page depends on it"),
        }
        std::fs::remove_dir_all(&fresh).unwrap();
    }
    assert!(plan.exists());

    // A failed rebuild leaves the served site and what is kept of it as they were.
    edit(&plan, "slug: ", "statu: final\nslug: ");
    assert!(build_incremental(&BuildOptions::new(&root, &out), &keep).is_err());
    edit(&plan, "statu: final\n", "");
    edit(&plan, "基本消除大班额", "彻底消除大班额");
    let r = build_incremental(&BuildOptions::new(&root, &out), &keep).unwrap();
    assert!(r.kept > 0);
    let fresh = tmp.path().join("fresh-last");
    build(&BuildOptions::new(&root, &fresh)).unwrap();
    assert_eq!(differences(&out, &fresh), Vec::<String>::new());
}
