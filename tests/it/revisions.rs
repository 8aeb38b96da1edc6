//! Revisions (issue 14): a revised text of a plan becomes its next version, and every clause
//! link the first version published keeps working or says where the clause went.
//!
//! The revision is written from a seed (泾源): one item inserted mid-section (the items after
//! it renumber), one deleted, one office added to a clause, one deadline year changed, and
//! the title marked （修订稿）. `tests/fixtures/revision/jingyuan-revised.txt` is that text,
//! kept for the browser test; a test here fails when it drifts from the generator.

use crate::support::{read_tree, sample_root};
use planpress::graph::revisions::{Fate, History};
use planpress::import::revise::{Outcome, Summary};
use planpress::import::{run, Mode, Options};
use regex::Regex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const SEED: &str = "seeds/001_6f2007cb89897e4a.txt";
const FIXTURE: &str = "tests/fixtures/revision/jingyuan-revised.txt";
const SLUG: &str = "jing-yuan-xian-2023";
const DATE: &str = "2026-12-05";

/// The revised text of the 泾源 seed.
pub fn revised_seed() -> String {
    let text = std::fs::read_to_string(sample_root().join(SEED)).unwrap();
    let item = Regex::new(r"^(\d+)\.").unwrap();
    let mut out: Vec<String> = Vec::new();
    let mut shift = 0;
    for line in text.split('\n') {
        let mut line = line.to_string();
        if line == "泾源县教育质量提升行动实施方案" {
            line.push_str("（修订稿）");
        }
        let n: Option<u32> = item
            .captures(&line)
            .and_then(|c| c[1].parse().ok())
            .filter(|_| line.contains("责任单位"));
        if let Some(n) = n {
            if n == 18 {
                // Deleted: 推进教育资源共建共享. The items after it keep their numbers.
                shift = 0;
                continue;
            }
            if shift != 0 {
                line = item
                    .replace(&line, format!("{}.", n + shift).as_str())
                    .into_owned();
            }
            if n == 10 {
                line = line.replacen("2024年投入使用", "2025年投入使用", 1);
            }
            if n == 22 {
                line = line.replacen(
                    "（责任单位：县委编办、教育体育局、人社局）",
                    "（责任单位：县委编办、教育体育局、人社局、财政局）",
                    1,
                );
            }
        }
        out.push(line.clone());
        if n == Some(5) {
            out.push("6.新建城区第二幼儿园。2026年底前建成城区第二幼儿园，新增学位360个。（责任单位：教育体育局、发改局）".into());
            shift = 1;
        }
    }
    out.join("\n")
}

#[test]
fn the_fixture_is_what_the_generator_writes() {
    let path = sample_root().join(FIXTURE);
    let want = revised_seed();
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{FIXTURE} differs from revised_seed(); run `UPDATE_FIXTURES=1 cargo test --test it revisions::` to rewrite it"
    );
}

/// A site root with `planpress.toml` and an empty `content/`.
fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        sample_root().join("planpress.toml"),
        tmp.path().join("planpress.toml"),
    )
    .unwrap();
    std::fs::create_dir_all(tmp.path().join("content")).unwrap();
    tmp
}

fn import(root: &Path, inputs: &[PathBuf]) -> planpress::import::Report {
    let propose = |d: &[planpress::doc::Document]| planpress::model::units::propose(d);
    let r = run(
        inputs,
        &root.join("content"),
        &Options {
            mode: Mode::Write,
            as_new: false,
            date: DATE.into(),
            propose: &propose,
        },
    );
    assert!(r.ok(), "{:?}", r.errors);
    r
}

fn build(root: &Path, out: &str) -> BTreeMap<String, Vec<u8>> {
    let out = root.join(out);
    planpress::build::build(&planpress::build::BuildOptions::new(root, &out)).unwrap();
    let tree = read_tree(&out);
    std::fs::remove_dir_all(&out).unwrap();
    tree
}

fn text(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        tree.get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .unwrap()
}

/// The first and the revised build of 泾源, and the revision's history.
pub(crate) struct Revised {
    pub before: BTreeMap<String, Vec<u8>>,
    pub after: BTreeMap<String, Vec<u8>>,
    pub report: planpress::import::Report,
    pub root: tempfile::TempDir,
}

pub(crate) fn revised() -> Revised {
    let root = site();
    let seed = root.path().join("jingyuan.txt");
    std::fs::copy(sample_root().join(SEED), &seed).unwrap();
    import(root.path(), std::slice::from_ref(&seed));
    let before = build(root.path(), "out1");
    // The revised text arrives as another file.
    let new = root.path().join("jingyuan-修订稿.txt");
    std::fs::write(&new, revised_seed()).unwrap();
    let report = import(root.path(), &[new]);
    let after = build(root.path(), "out2");
    Revised {
        before,
        after,
        report,
        root,
    }
}

fn history(root: &Path) -> History {
    let loaded = planpress::load::load(&root.join("content")).unwrap();
    let plans = planpress::model::build(loaded.docs, &loaded.aliases);
    let versions = planpress::model::build(loaded.versions, &loaded.aliases);
    planpress::graph::revisions::histories(&plans, &versions)
        .remove(SLUG)
        .expect("a history")
}

#[test]
fn a_revised_text_is_the_next_version_of_its_plan() {
    let r = revised();
    assert!(r.report.written.is_empty(), "{:?}", r.report.written);
    let [(
        _,
        slug,
        Outcome::Revised {
            version,
            summary,
            kept,
            ..
        },
    )] = r.report.revised.as_slice()
    else {
        panic!("{:?}", r.report.revised)
    };
    assert_eq!(slug, SLUG);
    assert_eq!(*version, 2);
    // Items 6–17 renumber (12 of them) and 10 is also 11 now; 10 and 22 are reworded.
    assert_eq!(
        *summary,
        Summary {
            added: 1,
            removed: 1,
            renumbered: 12,
            reworded: 2
        }
    );
    let content = r.root.path().join("content");
    assert_eq!(kept, &content.join(format!("versions/{SLUG}/1.md")));
    // One plan: the first version kept, never a second plan beside it.
    let plans: Vec<_> = std::fs::read_dir(content.join("plans")).unwrap().collect();
    assert_eq!(plans.len(), 1);
    let current = std::fs::read_to_string(content.join(format!("plans/{SLUG}.md"))).unwrap();
    assert!(current.contains("version: 2\n"), "{current}");
    assert!(current.contains("revised: 2026-12-05\n"));
    assert!(current.contains("status: draft\n") && current.contains("status_text: 修订稿\n"));
    // Only the current version is counted: one office page per office, duties once.
    assert!(r
        .after
        .contains_key(&format!("plans/{SLUG}/v/1/index.html")));
    let home = text(&r.after, "index.html");
    assert_eq!(
        home.matches(&format!("plans/{SLUG}/index.html\"")).count(),
        1
    );
}

#[test]
fn the_change_page_lists_exactly_the_changes() {
    let r = revised();
    let h = history(r.root.path());
    let [rv] = h.revisions.as_slice() else {
        panic!("{:?}", h.revisions)
    };
    let cites = |v: &[planpress::graph::revisions::Clause]| {
        v.iter().map(|c| c.citation.clone()).collect::<Vec<_>>()
    };
    assert_eq!(cites(&rv.added), ["三（二）6"]);
    assert_eq!(rv.added[0].title, "新建城区第二幼儿园");
    assert_eq!(cites(&rv.removed), ["三（五）18"]);
    assert_eq!(rv.removed[0].title, "推进教育资源共建共享");
    let pairs = |v: &[(
        planpress::graph::revisions::Clause,
        planpress::graph::revisions::Clause,
    )]| {
        v.iter()
            .map(|(a, b)| format!("{}→{}", a.citation, b.citation))
            .collect::<Vec<_>>()
    };
    assert_eq!(pairs(&rv.offices), ["三（六）22→三（六）22"]);
    assert_eq!(rv.offices[0].1.offices.last().unwrap(), "财政局");
    assert_eq!(pairs(&rv.deadlines), ["三（三）10→三（三）11"]);
    assert_eq!(rv.deadlines[0].1.deadlines, ["2025年投入使用"]);
    assert_eq!(
        pairs(&rv.reworded),
        ["三（三）10→三（三）11", "三（六）22→三（六）22"]
    );
    assert_eq!(
        rv.status,
        Some(("正式文本".to_string(), "修订稿".to_string()))
    );
    assert_eq!(rv.renumbered.len(), 12);

    let page = text(&r.after, &format!("plans/{SLUG}/changes/index.html"));
    assert!(page.contains("第2版（2026-12-05 修订）"), "{page}");
    assert!(page.contains(
        "新增 1 条，删除 1 条，编号变动 12 条，文字修改 2 条，责任单位变动 1 条，完成时限变动 1 条"
    ));
    assert!(
        page.contains("<del>2024</del><ins>2025</ins>")
            || page.contains("<del>4</del><ins>5</ins>"),
        "character diff"
    );
    assert!(page.contains("<ins>、财政局</ins>"));
    assert!(page.contains("正式文本") && page.contains("修订稿"));
    // The plan and its clauses say when they were last revised and link the change page.
    for p in [
        format!("plans/{SLUG}/index.html"),
        format!("plans/{SLUG}/3-2-6/index.html"),
    ] {
        let t = text(&r.after, &p);
        assert!(t.contains("最后修订：2026-12-05"), "{p}");
        assert!(t.contains("changes/index.html"), "{p}");
    }
    let plan = text(&r.after, &format!("plans/{SLUG}/index.html"));
    assert!(plan.contains("\"dateModified\":\"2026-12-05\""));
    let sitemap = text(&r.after, "sitemap.xml");
    assert!(sitemap.contains(&format!(
        "/plans/{SLUG}/</loc><lastmod>2026-12-05</lastmod>"
    )));
    let feed = text(&r.after, "atom.xml");
    assert!(feed.contains("（第2版，2026-12-05 修订）"), "{feed}");
}

/// The clause ids of a plan page and each one's title, in page order.
fn anchors(plan_page: &str) -> Vec<(String, String)> {
    let re = Regex::new(
        r#"id="([0-9][0-9-]*)">\s*<div class="node-head"><h[1-6] class="node-title"><span class="label">[^<]*</span>([^<]*)</h"#,
    )
    .unwrap();
    re.captures_iter(plan_page)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

#[test]
fn every_published_clause_link_shows_its_clause_or_says_where_it_went() {
    let r = revised();
    let page = format!("plans/{SLUG}/index.html");
    let old = anchors(&text(&r.before, &page));
    let new_page = text(&r.after, &page);
    let new: BTreeMap<String, String> = anchors(&new_page).into_iter().collect();
    assert!(old.len() > 40, "{}", old.len());
    let moved_json = Regex::new(r#"<script type="application/json" id="moved-ids">(.*?)</script>"#)
        .unwrap()
        .captures(&new_page)
        .map(|c| c[1].to_string())
        .expect("the plan page carries the map of moved numbers");
    let moved: BTreeMap<String, serde_json::Value> = serde_json::from_str(&moved_json).unwrap();
    let (mut same, mut noticed) = (0, 0);
    for (id, title) in &old {
        // The fragment: the same clause, or a note for site.js.
        if new.get(id) == Some(title) {
            assert!(!moved.contains_key(id), "{id} is the same clause");
            same += 1;
        } else {
            let notes = moved
                .get(id)
                .unwrap_or_else(|| panic!("#{id} ({title}) shows another clause silently"));
            let text = notes.to_string();
            assert!(text.contains(title.as_str()), "#{id}: {text}");
            assert!(
                text.contains("编号改为") || text.contains("删除"),
                "#{id}: {text}"
            );
            noticed += 1;
        }
        // The clause page, where the first build made one.
        let path = format!("plans/{SLUG}/{id}/index.html");
        if let Some(before) = r.before.get(&path) {
            let before = String::from_utf8(before.clone()).unwrap();
            let after = text(&r.after, &path);
            if new.get(id) == Some(title) {
                assert!(!after.contains("moved-note"), "{path}");
            } else {
                assert!(
                    after.contains("moved-note"),
                    "{path} shows another clause silently"
                );
                assert!(
                    after.contains(title.as_str()),
                    "{path} does not name {title}"
                );
            }
            assert!(before.contains(title.as_str()));
        }
    }
    assert_eq!(noticed, 13, "12 renumbered and 1 removed");
    assert_eq!(same + noticed, old.len());
    // The removed clause's page keeps its last text and links the version that had it.
    let gone = text(&r.after, &format!("plans/{SLUG}/3-5-18/index.html"));
    assert!(gone.contains("已于 2026-12-05 修订中删除"), "{gone}");
    assert!(gone.contains("v/1/index.html#3-5-18"));
    // A renumbered clause's old page says where it is now.
    let h = history(r.root.path());
    let f = &h.former["3-2-6"][0];
    match &f.fate {
        Fate::Moved { to } => assert_eq!(to.id, "3-2-7"),
        other => panic!("{other:?}"),
    }
    let moved_page = text(&r.after, &format!("plans/{SLUG}/3-2-6/index.html"));
    assert!(moved_page.contains("编号改为三（二）7"), "{moved_page}");
    assert!(moved_page.contains("#3-2-7"));
}

#[test]
fn the_first_version_stays_published_and_marked() {
    let r = revised();
    let v1 = text(&r.after, &format!("plans/{SLUG}/v/1/index.html"));
    assert!(v1.contains("历史版本"), "{v1}");
    assert!(v1.contains("推进教育资源共建共享"));
    let clause = text(&r.after, &format!("plans/{SLUG}/v/1/3-5-18/index.html"));
    assert!(clause.contains("历史版本"));
    // Office pages and search read the current version only.
    let links = crate::support::check_links_in(&r.after);
    assert!(links.is_empty(), "{links:?}");
}

#[test]
fn reimporting_the_same_text_by_any_path_changes_nothing() {
    let root = site();
    let r = root.path();
    let seed = r.join("seeds/jingyuan.txt");
    std::fs::create_dir_all(seed.parent().unwrap()).unwrap();
    std::fs::copy(sample_root().join(SEED), &seed).unwrap();
    import(r, std::slice::from_ref(&seed));
    let first = build(r, "out1");
    let file = r.join(format!("content/plans/{SLUG}.md"));
    let text_before = std::fs::read(&file).unwrap();
    let copy = r.join("elsewhere/copy.txt");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(&seed, &copy).unwrap();
    for input in [
        seed.clone(),
        r.join("seeds/./jingyuan.txt"),
        r.join("seeds/../seeds/jingyuan.txt"),
        copy,
    ] {
        let rep = import(r, std::slice::from_ref(&input));
        assert!(
            matches!(rep.revised.as_slice(), [(_, _, Outcome::Unchanged)]),
            "{}: {:?}",
            input.display(),
            rep.revised
        );
        assert!(rep.written.is_empty());
    }
    assert_eq!(std::fs::read(&file).unwrap(), text_before);
    assert!(!r.join("content/versions").exists());
    assert_eq!(build(r, "out2"), first, "the site changed");
}

#[test]
fn hand_edits_are_never_lost() {
    let root = site();
    let r = root.path();
    let seed = r.join("jingyuan.txt");
    std::fs::copy(sample_root().join(SEED), &seed).unwrap();
    import(r, std::slice::from_ref(&seed));
    let file = r.join(format!("content/plans/{SLUG}.md"));
    let edited = std::fs::read_to_string(&file).unwrap().replacen(
        "提升思政工作育人成效",
        "提升思想政治工作育人成效",
        1,
    );
    std::fs::write(&file, &edited).unwrap();
    // The same seed again: nothing to do, the edit stays.
    let rep = import(r, std::slice::from_ref(&seed));
    assert!(matches!(
        rep.revised.as_slice(),
        [(_, _, Outcome::Unchanged)]
    ));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
    // A revised text: the edited file is kept as version 1, byte for byte, and the import
    // says the edit is not in version 2.
    let new = r.join("revised.txt");
    std::fs::write(&new, revised_seed()).unwrap();
    let rep = import(r, &[new]);
    let [(
        _,
        _,
        Outcome::Revised {
            kept, hand_edits, ..
        },
    )] = rep.revised.as_slice()
    else {
        panic!("{:?}", rep.revised)
    };
    assert_eq!(std::fs::read_to_string(kept).unwrap(), edited);
    assert!(hand_edits.is_some(), "the hand edit is reported");
    // Importing the revised text once more changes nothing.
    let again = r.join("again.txt");
    std::fs::write(&again, revised_seed()).unwrap();
    let rep = import(r, &[again]);
    assert!(
        matches!(rep.revised.as_slice(), [(_, _, Outcome::Unchanged)]),
        "{:?}",
        rep.revised
    );
}

#[test]
fn as_new_imports_a_separate_plan() {
    let root = site();
    let r = root.path();
    let seed = r.join("jingyuan.txt");
    std::fs::copy(sample_root().join(SEED), &seed).unwrap();
    import(r, std::slice::from_ref(&seed));
    let propose = |d: &[planpress::doc::Document]| planpress::model::units::propose(d);
    let rep = run(
        &[seed],
        &r.join("content"),
        &Options {
            mode: Mode::Write,
            as_new: true,
            date: DATE.into(),
            propose: &propose,
        },
    );
    assert!(rep.revised.is_empty());
    assert_eq!(rep.written.len(), 1);
    assert!(rep.written[0].1.ends_with(format!("{SLUG}-2.md")));
}

#[test]
fn edits_of_a_revised_plan_rebuild_pages_first_to_the_bytes_of_a_fresh_build() {
    use crate::site_incremental::{deferred, differences};
    use planpress::build::{build_incremental, build_pages_first, BuildOptions, Incremental};
    let r = revised();
    let root = r.root.path();
    let out = root.join("served");
    let keep = Incremental::default();
    build_incremental(&BuildOptions::new(root, &out), &keep).unwrap();
    // A word of the body of the current text, then of the earlier version kept beside it:
    // its frozen pages under v/1/, the change page and the moved-clause pages follow both.
    let files = [
        root.join(format!("content/plans/{SLUG}.md")),
        root.join(format!("content/versions/{SLUG}/1.md")),
    ];
    for (n, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(file).unwrap();
        let body = text.find("\n---\n").unwrap() + 5;
        let at = body + text[body..].find("加强").expect("加强 in the body");
        let edited = format!("{}强化{}", &text[..at], &text[at + "加强".len()..]);
        std::fs::write(file, edited).unwrap();
        let first = build_pages_first(&BuildOptions::new(root, &out), &keep).unwrap();
        assert!(first.deferred, "{}: pages first", file.display());
        let fresh = root.join(format!("fresh-{n}"));
        planpress::build::build(&BuildOptions::new(root, &fresh)).unwrap();
        let diff: Vec<String> = differences(&out, &fresh)
            .into_iter()
            .filter(|p| !deferred(p))
            .collect();
        assert!(diff.is_empty(), "{}: {diff:?}", file.display());
        build_incremental(&BuildOptions::new(root, &out), &keep).unwrap();
        assert_eq!(differences(&out, &fresh), Vec::<String>::new());
    }
}
