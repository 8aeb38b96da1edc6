//! Issue 13, the content side: what a content file or an import can make the tool do.
//! Each test reproduces one reported attack or careless edit and asserts the safe outcome:
//! an error naming the file and line, nothing written outside its folder, bounded work,
//! published URLs that stay put.

use crate::support::*;
use planpress::content;
use planpress::limits;
use std::path::Path;
use std::time::{Duration, Instant};

/// A minimal valid plan; `front` lines are added to its front matter, `body` after it.
fn plan(front: &str, body: &str) -> String {
    format!("---\ntitle: 某县教育规划\nslug: a\nregion: 某县\n{front}---\n{body}")
}

fn read_err(src: &str) -> String {
    match content::read("content/plans/a.md", src) {
        Ok(_) => panic!("accepted:\n{src}"),
        Err(e) => format!("{e:#}"),
    }
}

fn site_with(plans: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    for (name, text) in plans {
        std::fs::write(dir.path().join("content/plans").join(name), text).unwrap();
    }
    dir
}

// 2. Import trusts the slug of an existing content file.
#[test]
fn import_never_writes_outside_content() {
    let bin = env!("CARGO_BIN_EXE_planpress");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/003_bc44c53440b080a2.txt");
    for evil in ["../../../escaped", "/tmp/planpress-escaped", "..", "CON"] {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let plans = site.join("content/plans");
        std::fs::create_dir_all(&plans).unwrap();
        let existing = plan(&format!("source: {}\n", seed.display()), "")
            .replace("slug: a", &format!("slug: '{evil}'"));
        std::fs::write(plans.join("old.md"), &existing).unwrap();
        let out = std::process::Command::new(bin)
            .arg("import")
            .arg(&seed)
            .arg("--out")
            .arg(site.join("content"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{evil}: import succeeded\n{err}");
        assert!(
            err.contains("old.md:3:") && err.contains("slug"),
            "{evil}: the error names the file and the slug's line:\n{err}"
        );
        // Nothing written anywhere but the content folder, and nothing there either.
        let files: Vec<_> = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .map(|e| e.unwrap().path().to_path_buf())
            .filter(|p| p.is_file())
            .collect();
        assert_eq!(files, vec![plans.join("old.md")], "{evil}");
        assert!(!Path::new("/tmp/planpress-escaped.md").exists());
    }
}

#[test]
fn plan_path_stays_in_its_folder() {
    let d = Path::new("content/plans");
    assert_eq!(
        planpress::import::plan_path(d, "jing-yuan-xian-2023").unwrap(),
        d.join("jing-yuan-xian-2023.md")
    );
    for bad in ["../x", "/tmp/x", "a/b", "", "nul", &"x".repeat(200)] {
        assert!(planpress::import::plan_path(d, bad).is_err(), "{bad}");
    }
}

#[test]
fn long_title_without_county_imports_with_a_short_slug() {
    let title = "关于进一步深化新时代基础教育综合改革全面提高义务教育质量促进学生德智体美劳全面发展和健康成长的实施方案";
    let text = format!(
        "{title}\n\n一、总体要求\n\n坚持立德树人。\n\n二、主要任务\n\n（一）加强师资。2025年底前完成。（责任单位：教育局）\n"
    );
    let doc = planpress::import::import_text("x.txt", text.as_bytes()).unwrap();
    assert!(
        planpress::slug::check_name(&doc.meta.slug).is_ok(),
        "{}",
        doc.meta.slug
    );
    let md = content::write(&doc).unwrap();
    content::read("x.md", &md).unwrap();
}

// 4. Unbounded work from one field.
#[test]
fn period_is_bounded_at_the_limit() {
    let ok = plan(
        &format!("period: [2000, {}]\n", 2000 + limits::MAX_PERIOD_YEARS - 1),
        "",
    );
    content::read("a.md", &ok).unwrap();
    let past = plan(
        &format!("period: [2000, {}]\n", 2000 + limits::MAX_PERIOD_YEARS),
        "",
    );
    let e = read_err(&past);
    assert!(e.starts_with("content/plans/a.md:5: period"), "{e}");
    for p in ["[1, 100000]", "[-2147483648, 2147483647]", "[2025, 2021]"] {
        let t0 = Instant::now();
        let e = read_err(&plan(&format!("period: {p}\n"), ""));
        assert!(e.contains(":5: period"), "{e}");
        assert!(t0.elapsed() < Duration::from_secs(1));
    }
}

#[test]
fn a_huge_period_never_reaches_the_build() {
    let dir = site_with(&[(
        "huge.md",
        plan(
            "period: [1, 100000]\n",
            "\n# 一、总体要求 {#1 .part}\n\n正文。\n",
        )
        .replace("slug: a", "slug: huge"),
    )]);
    let out = dir.path().join("public");
    let t0 = Instant::now();
    let e = format!("{:#}", build_into(dir.path(), &out, true).unwrap_err());
    assert!(
        e.contains("huge.md:5: period [1, 100000] holds a year outside"),
        "{e}"
    );
    assert!(t0.elapsed() < Duration::from_secs(5));
    assert!(!out.exists(), "nothing written");
}

#[test]
fn heading_depth_is_bounded() {
    let nested = |depth: usize| {
        let mut body = String::new();
        for d in 1..=depth {
            body.push_str(&format!("\n{} 标题{d} {{#n{d} .item}}\n", "#".repeat(d)));
        }
        plan("", &body)
    };
    content::read("a.md", &nested(limits::MAX_HEADING_DEPTH)).unwrap();
    let e = read_err(&nested(limits::MAX_HEADING_DEPTH + 1));
    assert!(
        e.contains(&format!("a.md:{}: heading level 9", 5 + 2 * 9)),
        "{e}"
    );
    // Deep enough to have overflowed the stack: refused at once.
    let t0 = Instant::now();
    let e = read_err(&nested(5000));
    assert!(e.contains("heading level 9"), "{e}");
    assert!(t0.elapsed() < Duration::from_secs(2));
}

#[test]
fn headings_per_plan_are_bounded() {
    let many = |n: usize| {
        let mut body = String::with_capacity(n * 24);
        for i in 0..n {
            body.push_str(&format!("\n# 标题 {{#p{i} .part}}\n"));
        }
        plan("", &body)
    };
    let doc = content::read("a.md", &many(limits::MAX_NODES_PER_PLAN)).unwrap();
    assert_eq!(doc.doc.nodes.len(), limits::MAX_NODES_PER_PLAN);
    let e = read_err(&many(limits::MAX_NODES_PER_PLAN + 1));
    assert!(e.contains("more than 20000 headings"), "{e}");
}

#[test]
fn oversized_content_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("big.md");
    let file = std::fs::File::create(&f).unwrap();
    file.set_len(limits::MAX_FILE_BYTES).unwrap();
    planpress::limits::read_text(&f).unwrap();
    file.set_len(limits::MAX_FILE_BYTES + 1).unwrap();
    let e = format!("{:#}", planpress::limits::read_text(&f).unwrap_err());
    assert!(e.contains("big.md") && e.contains("at most 16 MB"), "{e}");
}

// 5. Control characters.
#[test]
fn control_characters_are_removed_with_a_warning() {
    let src = plan(
        "",
        "\n# 一、总体\u{1}要求 {#1 .part}\n\n正文\u{0}一。\u{7f}\n",
    )
    .replace("某县教育规划", "某县\u{1}教育\u{0}规划");
    let p = content::read("a.md", &src).unwrap();
    assert_eq!(p.doc.meta.title, "某县教育规划");
    assert_eq!(p.doc.nodes[0].title, "总体要求");
    assert_eq!(p.doc.nodes[0].text, "正文一。");
    assert_eq!(
        p.warnings,
        vec![
            "a.md:2: control character U+0001 removed (it cannot be shown or published)",
            "a.md:2: control character U+0000 removed (it cannot be shown or published)",
            "a.md:7: control character U+0001 removed (it cannot be shown or published)",
            "a.md:9: control character U+0000 removed (it cannot be shown or published)",
            "a.md:9: control character U+007F removed (it cannot be shown or published)",
        ]
    );
}

#[test]
fn control_characters_never_reach_the_site() {
    let yiyuan = std::fs::read_to_string(fixture().join("content/plans/yiyuan.md")).unwrap();
    let evil = yiyuan
        .replacen(
            "title: 沂源县教育事业发展“十四五”规划",
            "title: \"沂源县\\x01教育\\0事业发展“十四五”规划\"",
            1,
        )
        .replacen("（一）主要成就 {#1-1", "（一）主要\u{0}成就\u{1b} {#1-1", 1);
    let dir = site_with(&[("yiyuan.md", evil)]);
    let out = dir.path().join("public");
    let report = build_into(dir.path(), &out, true).unwrap();
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("yiyuan.md:66: control character U+0000")),
        "{:?}",
        report.warnings
    );
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("yiyuan.md:2: control character U+0001")),
        "{:?}",
        report.warnings
    );
    for (path, bytes) in read_tree(&out) {
        // A zip; its cells are the rows of tasks.csv, checked here as text.
        if path.ends_with(".xlsx") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && !"\n\t\r".contains(c)),
            "{path} holds a control character"
        );
    }
}

#[test]
fn cr_only_line_endings_read_as_lines() {
    let src = plan("", "\n# 一、总体要求 {#1 .part}\n\n正文。\n").replace('\n', "\r");
    let p = content::read("a.md", &src).unwrap();
    assert_eq!(p.doc.nodes[0].text, "正文。");
}

// 6. Permanent URLs of counties and offices.
#[test]
fn county_and_office_urls_stay_when_similar_names_arrive() {
    let dir = site_with(&[]);
    let root = dir.path();
    let out = root.join("public");
    build_into(root, &out, true).unwrap();
    let county = std::fs::read_to_string(out.join("units/shi-quan-xian/index.html")).unwrap();
    assert!(county.contains("石泉县"));
    let office = out.join("units/shi-quan-xian/xian-jiao-ti-ju/index.html");
    assert!(std::fs::read_to_string(&office)
        .unwrap()
        .contains("县教体局"));
    let record = std::fs::read_to_string(root.join("content/urls.yaml")).unwrap();

    // Plans for 十泉县 and a region spelled in letters, both `shi-quan-xian` in pinyin, and
    // an office of 石泉县 spelled so it sorts first with the same pinyin (县教题局).
    let shiquan = std::fs::read_to_string(root.join("content/plans/shiquan.md")).unwrap();
    let clash = |slug: &str, region: &str| {
        shiquan
            .replace("slug: shiquan-2024", &format!("slug: {slug}"))
            .replace("region: 石泉县", &format!("region: {region}"))
    };
    let extra_office = shiquan
        .replace("slug: shiquan-2024", "slug: shiquan-extra")
        .replace("县教体局", "县教题局");
    for (name, text) in [
        ("a1.md", clash("a1", "十泉县")),
        ("a2.md", clash("a2", "SHI QUAN XIAN")),
        ("a3.md", extra_office),
    ] {
        std::fs::write(root.join("content/plans").join(name), text).unwrap();
    }
    let report = build_into(root, &out, true).unwrap();
    let county2 = std::fs::read_to_string(out.join("units/shi-quan-xian/index.html")).unwrap();
    assert!(county2.contains("石泉县") && !county2.contains("十泉县"));
    let office2 = std::fs::read_to_string(&office).unwrap();
    assert!(office2.contains("县教体局") && !office2.contains("县教题局"));
    assert!(out.join("units/shi-quan-xian-2/index.html").exists());
    assert!(out.join("units/shi-quan-xian-3/index.html").exists());
    assert!(out
        .join("units/shi-quan-xian/xian-jiao-ti-ju-2/index.html")
        .exists());
    assert!(report.notes.iter().any(|n| n.contains("urls.yaml")));
    let record2 = std::fs::read_to_string(root.join("content/urls.yaml")).unwrap();
    assert!(record2.len() > record.len());

    // Removing every plan of 石泉县 keeps its slug reserved: a newcomer never inherits it.
    for f in ["shiquan.md", "a3.md"] {
        std::fs::remove_file(root.join("content/plans").join(f)).unwrap();
    }
    build_into(root, &out, true).unwrap();
    assert!(!out.join("units/shi-quan-xian/index.html").exists());
    assert!(std::fs::read_to_string(root.join("content/urls.yaml"))
        .unwrap()
        .contains("石泉县"));
}

#[test]
fn an_unchanged_build_leaves_the_url_record_alone() {
    let dir = site_with(&[]);
    let out = dir.path().join("public");
    build_into(dir.path(), &out, true).unwrap();
    let rec = dir.path().join("content/urls.yaml");
    let before = std::fs::metadata(&rec).unwrap().modified().unwrap();
    let report = build_into(dir.path(), &out, true).unwrap();
    assert_eq!(std::fs::metadata(&rec).unwrap().modified().unwrap(), before);
    assert!(!report.notes.iter().any(|n| n.contains("urls.yaml")));
}

// 8. Silent or unclear.
#[cfg(unix)]
#[test]
fn symlinked_content_is_read_inside_the_root_and_refused_outside() {
    let dir = site_with(&[]);
    let root = dir.path();
    let plans = root.join("content/plans");
    // Inside the root: read.
    std::fs::rename(plans.join("yiyuan.md"), root.join("yiyuan.md")).unwrap();
    std::os::unix::fs::symlink(root.join("yiyuan.md"), plans.join("yiyuan.md")).unwrap();
    let out = root.join("public");
    let report = build_into(root, &out, true).unwrap();
    assert_eq!(report.plans, 2);
    // Outside: an error naming the link and its target.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("p.md"), "---\ntitle: x\n---\n").unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path().join("p.md"),
        root.join("content/pages/leak.md"),
    )
    .unwrap();
    let e = format!("{:#}", build_into(root, &out, true).unwrap_err());
    assert!(
        e.contains("pages/leak.md: a symlink to") && e.contains("outside the site"),
        "{e}"
    );
}

#[test]
fn slug_and_key_errors_name_their_own_line() {
    let src = "---\ntitle: x\nregion: 某县\nstatus: final\nslug: '../x'\n---\n";
    let e = read_err(src);
    assert!(e.starts_with("content/plans/a.md:5: slug `../x`"), "{e}");
    let e = read_err("---\ntitle: x\nregion: 某县\nslug: a\nstatu: final\n---\n");
    assert!(
        e.starts_with("content/plans/a.md:5:") && e.contains("did you mean `status`"),
        "{e}"
    );
    assert!(!e.contains("at line"), "one numbering only: {e}");
    for reserved in ["CON", "nul", "Aux"] {
        let e = read_err(&plan("", "").replace("slug: a", &format!("slug: {reserved}")));
        assert!(e.contains(":3: slug") && e.contains("Windows"), "{e}");
    }
}

#[test]
fn duplicate_slugs_name_both_files() {
    let yiyuan = std::fs::read_to_string(fixture().join("content/plans/yiyuan.md")).unwrap();
    let dir = site_with(&[("zz.md", yiyuan)]);
    let e = format!(
        "{:#}",
        build_into(dir.path(), &dir.path().join("public"), true).unwrap_err()
    );
    assert!(
        e.contains("zz.md:3: slug `yiyuan-2021` is already used by") && e.contains("yiyuan.md:3"),
        "{e}"
    );
}

#[test]
fn heading_attributes_are_checked() {
    let h = |attrs: &str| plan("", &format!("\n# 一、总体 {{{attrs}}}\n"));
    for (attrs, want) in [
        ("#1 #2 .part", "one id"),
        ("#1 .part .item", "one kind"),
        ("#CON .part", "Windows"),
        ("#a/b .part", "holds `/`"),
    ] {
        let e = read_err(&h(attrs));
        assert!(e.contains("a.md:7:") && e.contains(want), "{attrs}: {e}");
    }
}

#[test]
fn table_and_row_ids_are_unique_and_valid() {
    let table = |id: &str, rows: &str| {
        format!(
            "tables:\n- id: {id}\n  label: 表1\n  caption: c\n  after: ''\n  header: []\n  rows: [[a], [b]]\n  row_ids: {rows}\n  row_links: ['', '']\n  notes: []\n  line: 0\n"
        )
    };
    content::read("a.md", &plan(&table("t1", "[t1-1, t1-2]"), "")).unwrap();
    for (t, want) in [
        (table("t1", "[t1-1, t1-1]"), "`t1-1` is used twice"),
        (table("t1", "[t1, t1-2]"), "`t1` is used twice"),
        (table("'1 x'", "[a, b]"), "table id `1 x`"),
        (table("t1", "[a]"), "2 rows but 1 row_ids"),
    ] {
        let e = read_err(&plan(&t, ""));
        assert!(e.contains(want), "{want}: {e}");
    }
    // A heading may not reuse a table's or a row's id (one page, one id).
    let e = read_err(&plan(&table("t1", "[r1, r2]"), "\n# 一、a {#r2 .part}\n"));
    assert!(e.contains("`r2` is already used by a table"), "{e}");
}

#[test]
fn a_free_page_named_like_a_generated_page_names_its_file() {
    let dir = site_with(&[]);
    for name in ["targets", "timeline", "units", "search"] {
        let page = dir.path().join(format!("content/pages/{name}.md"));
        std::fs::write(&page, "---\ntitle: 页\n---\n正文\n").unwrap();
        let e = format!(
            "{:#}",
            build_into(dir.path(), &dir.path().join("public"), true).unwrap_err()
        );
        assert!(e.contains(&format!("pages/{name}.md:1:")), "{name}: {e}");
        std::fs::remove_file(page).unwrap();
    }
}

// Content parsing under arbitrary edits: never a panic, never unbounded work, and what it
// accepts is valid content again once written.
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "\n",
        "\n\n",
        "#",
        "# ",
        "{#",
        "}",
        " .part",
        " .item",
        " .bogus",
        "{#1 #2 .part}",
        "label=\"",
        "\"",
        "---",
        "\n---\n",
        "\\",
        "\u{0}",
        "\u{1}",
        "\u{7f}",
        "\r",
        "\u{feff}",
        "slug: ",
        "period: [1, 100000]",
        "  - ",
        ": ",
        "'",
        "[",
        "]",
        "CON",
        "../",
        "一、",
        "（责任单位：县教育局）",
        "2025年底前",
        "\t",
        "表1",
        "row_ids: [a, a]",
    ];

    fn seed() -> String {
        std::fs::read_to_string(fixture().join("content/plans/shiquan.md")).unwrap()
    }

    fn edits() -> impl Strategy<Value = Vec<(usize, String)>> {
        prop::collection::vec(
            (
                any::<usize>(),
                prop_oneof![
                    4 => prop::sample::select(PIECES).prop_map(str::to_string),
                    1 => ".{0,8}",
                ],
            ),
            1..12,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn edited_content_is_parsed_or_refused(edits in edits()) {
            let mut src = seed();
            for (at, piece) in edits {
                let mut i = at % (src.len() + 1);
                while !src.is_char_boundary(i) {
                    i -= 1;
                }
                src.insert_str(i, &piece);
            }
            let t0 = Instant::now();
            if let Ok(p) = content::read("a.md", &src) {
                let text = content::write(&p.doc).expect("an accepted document can be written");
                let again = content::read("a.md", &text);
                prop_assert!(again.is_ok(), "{:?}\n{}", again.err(), text);
            }
            prop_assert!(t0.elapsed() < Duration::from_secs(2));
        }
    }
}

#[test]
fn a_clause_id_the_page_uses_itself_is_refused() {
    let yiyuan = std::fs::read_to_string(fixture().join("content/plans/yiyuan.md")).unwrap();
    for id in ["main", "toc", "notice-h"] {
        let dir = site_with(&[(
            "yiyuan.md",
            yiyuan.replacen("{#1-1 .section}", &format!("{{#{id} .section}}"), 1),
        )]);
        let e = format!(
            "{:#}",
            build_into(dir.path(), &dir.path().join("public"), true).unwrap_err()
        );
        assert!(
            e.contains("yiyuan.md:66: id") && e.contains("used by the page itself"),
            "{id}: {e}"
        );
    }
}

#[test]
fn table_sizes_are_bounded_at_the_limit() {
    let table = |rows: usize, cols: usize| {
        let row = format!("[{}]", vec!["x"; cols].join(", "));
        let rows_yaml = vec![row; rows].join(", ");
        plan(
            &format!(
                "tables:\n- id: t1\n  label: 表1\n  caption: c\n  after: ''\n  header: []\n  rows: [{rows_yaml}]\n  row_ids: []\n  row_links: []\n  notes: []\n  line: 0\n"
            ),
            "",
        )
    };
    content::read("a.md", &table(limits::MAX_TABLE_ROWS, 1)).unwrap();
    let e = read_err(&table(limits::MAX_TABLE_ROWS + 1, 1));
    assert!(e.contains("a.md:6: table `t1` has 20001 rows"), "{e}");
    content::read("a.md", &table(1, limits::MAX_TABLE_COLUMNS)).unwrap();
    let e = read_err(&table(1, limits::MAX_TABLE_COLUMNS + 1));
    assert!(e.contains("a row of 65 cells"), "{e}");
    let many = |n: usize| {
        let t: String = (0..n)
            .map(|i| format!("- id: t{i}\n  label: ''\n  caption: ''\n  after: ''\n  header: []\n  rows: []\n  row_ids: []\n  row_links: []\n  notes: []\n  line: 0\n"))
            .collect();
        plan(&format!("tables:\n{t}"), "")
    };
    content::read("a.md", &many(limits::MAX_TABLES_PER_PLAN)).unwrap();
    let e = read_err(&many(limits::MAX_TABLES_PER_PLAN + 1));
    assert!(e.contains("a.md:5: 501 tables"), "{e}");
}
