//! Incremental rebuilds (`build::build_incremental`, what `planpress serve` runs after an
//! edit, issue 17): after each kind of edit staff make, the site the incremental path leaves
//! is byte for byte the one a fresh `build` of the same content writes, and pages the edit
//! cannot change are not rendered again.

use crate::support::{copy_tree, fixture, read_tree};
use planpress::build::{build, build_incremental, build_pages_first, BuildOptions, Incremental};
use std::path::Path;

fn edit(file: &Path, from: &str, to: &str) {
    let t = std::fs::read_to_string(file).unwrap();
    assert!(t.contains(from), "{}: no {from}", file.display());
    std::fs::write(file, t.replacen(from, to, 1)).unwrap();
}

/// The paths whose bytes differ between two trees (or that only one holds).
pub(crate) fn differences(a: &Path, b: &Path) -> Vec<String> {
    let (a, b) = (read_tree(a), read_tree(b));
    let mut out: Vec<String> = a
        .iter()
        .filter(|(p, bytes)| b.get(*p) != Some(*bytes))
        .map(|(p, _)| p.clone())
        .collect();
    out.extend(b.keys().filter(|p| !a.contains_key(*p)).cloned());
    out
}

/// The files a pages-first build leaves for the full build after it: the search index and
/// the site-wide open-data files (and the data page, which gives their sizes).
/// The marker lists the search files kept, whose names the full build changes.
pub(crate) fn deferred(path: &str) -> bool {
    (path.starts_with("search/") && path != "search/index.html")
        || (path.starts_with("data/") && !path.starts_with("data/plans/"))
        || path == ".planpress-output"
}

/// The output's marker lists exactly the files it holds.
fn marker_lists_every_file(out: &Path) {
    let marker = std::fs::read_to_string(out.join(".planpress-output")).unwrap();
    let listed: std::collections::BTreeSet<&str> = marker.lines().skip(1).collect();
    let tree = read_tree(out);
    let held: std::collections::BTreeSet<&str> = tree
        .keys()
        .map(|p| p.as_str())
        .filter(|p| *p != ".planpress-output")
        .collect();
    assert_eq!(listed, held, "the marker of {}", out.display());
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
    // (a plan added to or removed from a site of two changes half of it), 0 none). Each
    // edit is built pages first (as `serve` does), then in full.
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
            // On the county's, offices', years' and site-wide pages.
            "a plan's title",
            Box::new(|r| {
                edit(
                    &r.join("content/plans/yiyuan.md"),
                    "title: 沂源县教育事业发展“十四五”规划",
                    "title: 沂源县教育事业发展“十四五”规划（修订）",
                )
            }),
            2,
        ),
        (
            // Cited by its heading on the offices' and years' pages.
            "a clause's heading",
            Box::new(|r| {
                edit(
                    &r.join("content/plans/yiyuan.md"),
                    "### 1.消除大班额",
                    "### 1.全面消除大班额",
                )
            }),
            2,
        ),
        (
            "a clause removed",
            Box::new(|r| {
                edit(
                    &r.join("content/plans/yiyuan.md"),
                    "### 2.提高保教质量 {#2-1-2 .item}\n\n实施保教质量提升计划。",
                    "",
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
    // Edits of plans' text alone take the pages-first path.
    let text_only = [
        "no change",
        "a word in a clause",
        "a deadline's year",
        "a plan's title",
        "a clause's heading",
        "a clause removed",
    ];
    for (n, (what, change, share)) in edits.iter().enumerate() {
        change(&root);
        let r = build_pages_first(&BuildOptions::new(&root, &out), &keep)
            .unwrap_or_else(|e| panic!("{what}: {e:#}"));
        let fresh = tmp.path().join(format!("fresh-{n}"));
        build(&BuildOptions::new(&root, &fresh)).unwrap();
        assert_eq!(r.deferred, text_only.contains(what), "{what}: pages first?");
        let diff: Vec<String> = differences(&out, &fresh)
            .into_iter()
            .filter(|p| !(r.deferred && deferred(p)))
            .collect();
        assert!(
            diff.is_empty(),
            "{what}: pages first differs from a fresh build: {diff:?}"
        );
        marker_lists_every_file(&out);
        let pages = read_tree(&out)
            .keys()
            .filter(|p| p.ends_with(".html"))
            .count();
        let r = if r.deferred {
            build_incremental(&BuildOptions::new(&root, &out), &keep)
                .unwrap_or_else(|e| panic!("{what}, the full build after: {e:#}"))
        } else {
            r
        };
        let diff = differences(&out, &fresh);
        assert!(
            diff.is_empty(),
            "{what}: differs from a fresh build: {diff:?}"
        );
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

#[test]
fn a_called_off_build_leaves_the_published_site_and_the_next_one_pages_first() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture(), &root);
    let out = tmp.path().join("served");
    let keep = Incremental::default();
    build_incremental(&BuildOptions::new(&root, &out), &keep).unwrap();
    let before = read_tree(&out);
    let plan = root.join("content/plans/yiyuan.md");
    edit(&plan, "全面消除大班额", "基本消除大班额");
    // `serve` calls off the full build after a pages-first one when a newer edit comes.
    // Called off midway: after a few jobs have kept or written their pages.
    let mut opts = BuildOptions::new(&root, &out);
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let set = flag.clone();
    opts.progress = Some(std::sync::Arc::new(move |done, _| {
        if done == 5 {
            set.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }));
    opts.cancel = Some(flag);
    let e = build_incremental(&opts, &keep).unwrap_err();
    assert!(
        e.chain().any(|c| c.is::<planpress::write::Cancelled>()),
        "{e:#}"
    );
    assert!(
        read_tree(&out) == before,
        "a called-off build changed the site"
    );
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        2,
        "no temporary folder is left beside the site"
    );
    // What the last published build left is still known: the next edit goes pages first.
    let r = build_pages_first(&BuildOptions::new(&root, &out), &keep).unwrap();
    assert!(r.deferred);
    let fresh = tmp.path().join("fresh");
    build(&BuildOptions::new(&root, &fresh)).unwrap();
    let diff: Vec<String> = differences(&out, &fresh)
        .into_iter()
        .filter(|p| !deferred(p))
        .collect();
    assert!(diff.is_empty(), "{diff:?}");
    build_incremental(&BuildOptions::new(&root, &out), &keep).unwrap();
    assert_eq!(differences(&out, &fresh), Vec::<String>::new());
}

/// Edits of the kinds staff make, spread over the five sample plans: after each, the
/// pages-first build equals a fresh build in every file but the deferred ones, and the full
/// build after it in every file. What `dirty` decides an edit reaches is checked against
/// what a fresh build actually changes, on plans with tables, annexes and many offices.
#[test]
fn edits_across_the_sample_rebuild_pages_first_like_a_fresh_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let sample = crate::support::sample_root();
    copy_tree(&sample.join("content"), &root.join("content"));
    std::fs::copy(sample.join("planpress.toml"), root.join("planpress.toml")).unwrap();
    let out = tmp.path().join("served");
    let keep = Incremental::default();
    build_incremental(&BuildOptions::new(&root, &out), &keep).unwrap();
    let mut plans: Vec<_> = std::fs::read_dir(root.join("content/plans"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    plans.sort();
    let mut fast = 0;
    for k in 0..8 {
        let file = &plans[k % plans.len()];
        let text = std::fs::read_to_string(file).unwrap();
        let body = text.find("\n---\n").unwrap() + 5;
        let (head, rest) = text.split_at(body);
        let lines: Vec<&str> = rest.lines().collect();
        let prose = |l: &&str| !l.is_empty() && !l.starts_with('#') && l.chars().count() > 8;
        let edited: Vec<String> = match k % 4 {
            // A word in the k-th paragraph.
            0 => {
                let i = lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| prose(l))
                    .nth(k)
                    .unwrap()
                    .0;
                let mut v: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                let c: Vec<char> = v[i].chars().collect();
                v[i] = format!(
                    "{}落细{}",
                    c[..2].iter().collect::<String>(),
                    c[4..].iter().collect::<String>()
                );
                v
            }
            // A heading's words: of the clause a deadline is first stated in, which the
            // year pages cite by its heading (else the first section's).
            1 => {
                let dated = lines
                    .iter()
                    .position(|l| !l.starts_with('#') && l.contains("到20"));
                let i = dated
                    .and_then(|d| lines[..d].iter().rposition(|l| l.starts_with('#')))
                    .or_else(|| lines.iter().position(|l| l.starts_with("## ")))
                    .unwrap();
                let mut v: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                let at = v[i].find(" {#").unwrap_or(v[i].len());
                v[i].insert_str(at, "（调整）");
                v
            }
            // A deadline's year, a year earlier (or a paragraph given a deadline).
            2 => {
                let mut v: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                // `到2025年` → `到2024年`: the first dated clause of the plan.
                let year_at = |l: &str| {
                    let at = l.find("到20")? + "到".len();
                    let y: i32 = l.get(at..at + 4)?.parse().ok()?;
                    (l.get(at + 4..at + 4 + "年".len()) == Some("年")).then_some((at, y))
                };
                match v
                    .iter()
                    .position(|l| !l.starts_with('#') && year_at(l).is_some())
                {
                    Some(i) => {
                        let (at, y) = year_at(&v[i]).unwrap();
                        v[i].replace_range(at..at + 4, &(y - 1).to_string());
                    }
                    None => {
                        let i = lines.iter().position(prose).unwrap();
                        v[i].push_str("2024年底前完成。");
                    }
                }
                v
            }
            // Two offices of one clause swapped (the lead changes), else a paragraph removed.
            _ => {
                let mut v: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                let swap = v
                    .iter()
                    .position(|l| l.contains("责任单位：") && l.contains('、'));
                match swap {
                    Some(i) => {
                        let (a, b) = v[i].split_once("责任单位：").unwrap();
                        let end = b.find(['）', ')']).unwrap_or(b.len());
                        let names: Vec<&str> = b[..end].split('、').collect();
                        let mut swapped = names.clone();
                        swapped.swap(0, 1);
                        v[i] = format!("{a}责任单位：{}{}", swapped.join("、"), &b[end..]);
                    }
                    None => {
                        let i = lines.iter().rposition(prose).unwrap();
                        v.remove(i);
                    }
                }
                v
            }
        };
        std::fs::write(file, format!("{head}{}\n", edited.join("\n"))).unwrap();
        let what = format!("edit {k} ({})", file.display());
        let r = build_pages_first(&BuildOptions::new(&root, &out), &keep)
            .unwrap_or_else(|e| panic!("{what}: {e:#}"));
        fast += usize::from(r.deferred);
        let fresh = tmp.path().join(format!("fresh-{k}"));
        build(&BuildOptions::new(&root, &fresh)).unwrap();
        let diff: Vec<String> = differences(&out, &fresh)
            .into_iter()
            .filter(|p| !(r.deferred && deferred(p)))
            .collect();
        assert!(diff.is_empty(), "{what}: pages first differs: {diff:?}");
        if r.deferred {
            build_incremental(&BuildOptions::new(&root, &out), &keep).unwrap();
        }
        assert_eq!(differences(&out, &fresh), Vec::<String>::new(), "{what}");
        std::fs::remove_dir_all(&fresh).unwrap();
    }
    assert!(fast >= 4, "only {fast} of 8 edits went pages first");
}
