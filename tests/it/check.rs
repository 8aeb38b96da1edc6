//! `planpress check` (issue 17): the typos that build silently are found, each at the
//! content file's own line with a suggestion, and nothing of the site is written.

use crate::support::{copy_tree, sample_root};
use std::path::Path;

const PLAN: &str = "content/plans/yi-yuan-xian-2021.md";

/// The sample site in a temporary folder, with `edit` applied to one plan's file.
fn site(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&sample_root().join("content"), &tmp.path().join("content"));
    std::fs::copy(
        sample_root().join("planpress.toml"),
        tmp.path().join("planpress.toml"),
    )
    .unwrap();
    let file = tmp.path().join(PLAN);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, edit(text)).unwrap();
    tmp
}

fn line_of(root: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(root.join(PLAN)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn the_sample_site_checks_clean_of_lints() {
    let r = planpress::check::check(sample_root()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.plans, 5);
    // Only the import's own warnings about the sources (井研's unlabelled section and 2029).
    assert_eq!(r.warnings.len(), 2, "{:#?}", r.warnings);
    // Each names the content file staff edit and the line there — for 2029, the table row
    // that prints it — never the seed it was imported from.
    for w in &r.warnings {
        let (file, rest) = w.split_once(".md:").expect(w);
        assert!(file.ends_with("content/plans/jing-yan-xian-2021"), "{w}");
        let line: usize = rest.split(':').next().unwrap().parse().unwrap();
        let text = std::fs::read_to_string(format!("{file}.md")).unwrap();
        let at = text.lines().nth(line - 1).unwrap();
        let printed = if w.contains("2029") {
            "2029年"
        } else {
            "全面实施教育保障"
        };
        assert!(at.contains(printed), "{w}: line {line} is `{at}`");
    }
}

#[test]
fn typos_that_build_silently_are_found_at_their_line() {
    let tmp = site(|t| {
        t.replacen(
            "（责任单位：县教育和体育局、县卫生健康局、县市场监管局）",
            "（责任单位：县教育和体局、县卫生健康局、县市场监管局）",
            1,
        )
        .replacen(
            "（责任单位：县教育和体育局、县文化和旅游局、团县委）",
            "（责任单位县教育和体育局、县文化和旅游局、团县委）",
            1,
        )
        .replacen(
            "到2025年学生体质健康测试优良率",
            "到2062年学生体质健康测试优良率",
            1,
        )
        .replacen("### 3.提升学生智育水平", "### 5.提升学生智育水平", 1)
    });
    let root = tmp.path();
    let before = crate::support::read_tree(root);
    let r = planpress::check::check(root).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let file = root.join(PLAN).display().to_string();
    let has = |line: usize, what: &str| {
        r.warnings
            .iter()
            .any(|w| w.starts_with(&format!("{file}:{line}: ")) && w.contains(what))
    };
    let l = line_of(root, "县教育和体局");
    assert!(
        has(l, "did you mean `县教育和体育局`"),
        "{l}: {:#?}",
        r.warnings
    );
    let l = line_of(root, "（责任单位县教育和体育局");
    assert!(has(l, "no colon after 责任单位"), "{l}: {:#?}", r.warnings);
    let l = line_of(root, "到2062年");
    assert!(
        has(l, "far outside the plan period 2021–2025"),
        "{l}: {:#?}",
        r.warnings
    );
    let l = line_of(root, "### 5.提升学生智育水平");
    assert!(
        has(l, "numbering jumps from 2 to 5"),
        "{l}: {:#?}",
        r.warnings
    );
    // Nothing of the site written: no public/, content/urls.yaml untouched.
    assert!(!root.join("public").exists());
    assert_eq!(crate::support::read_tree(root), before);
}

#[test]
fn what_fails_a_build_is_an_error() {
    let tmp = site(|t| {
        t.replacen(
            "slug: yi-yuan-xian-2021",
            "slug: yi-yuan-xian-2021\nstatu: final",
            1,
        )
    });
    let r = planpress::check::check(tmp.path()).unwrap();
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert!(
        r.errors[0].contains("statu") && r.errors[0].contains("status"),
        "{}",
        r.errors[0]
    );
}

#[test]
fn the_command_exits_non_zero_on_errors_and_with_strict_on_warnings() {
    let bin = env!("CARGO_BIN_EXE_planpress");
    let run = |root: &Path, strict: bool| {
        let mut c = std::process::Command::new(bin);
        c.arg("check").arg("--root").arg(root);
        if strict {
            c.arg("--strict");
        }
        c.output().unwrap()
    };
    let clean = run(sample_root(), false);
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    let strict = run(sample_root(), true);
    assert_eq!(strict.status.code(), Some(1), "two warnings fail --strict");
    let bad = site(|t| {
        t.replacen(
            "slug: yi-yuan-xian-2021",
            "slug: yi-yuan-xian-2021\nstatu: final",
            1,
        )
    });
    let out = run(bad.path(), false);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("check: 0 plan(s), 1 error(s)"), "{err}");
}
