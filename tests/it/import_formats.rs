//! The forms plans arrive in (issue 15): a Word file, a saved web page, an Excel and a CSV
//! task table each import to the same model as a clean text export of the same plan (same
//! nodes, duties, deadlines, tables), with the merged cells the structured form knows; every
//! seed exported to Word imports to the seed's model. Fixtures: `tests/fixtures/formats/`
//! (`make.py` writes the Office files).

use crate::import_common::import_ok;
use planpress::doc::{Aliases, Document, Node, Plan, Span, Table};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn import(name: &str) -> Document {
    let bytes = std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    import_ok(&format!("tests/fixtures/formats/{name}"), &bytes)
}

fn analyze(d: &Document) -> Plan {
    planpress::model::analyze("content/plans/x.md", d, &Aliases::default())
}

/// Nodes without their source lines (a Word file counts paragraphs, a text file lines).
fn strip_lines(ns: &[Node]) -> Vec<Node> {
    ns.iter()
        .map(|n| Node {
            line: 0,
            children: strip_lines(&n.children),
            ..n.clone()
        })
        .collect()
}

/// Tables without source lines and spans (a text export cannot print merges).
fn plain_tables(ts: &[Table]) -> Vec<Table> {
    ts.iter()
        .map(|t| Table {
            line: 0,
            spans: vec![],
            ..t.clone()
        })
        .collect()
}

/// The form and its twin give the same plan: metadata, notice, nodes with duties and
/// deadlines, tables, trailer, table-row facts. Returns the form's plan.
fn same_model(form: &str, twin: &str) -> Plan {
    let (a, b) = (import(form), import(twin));
    assert_eq!(a.meta.title, b.meta.title, "{form}: title");
    assert_eq!(a.meta.region, b.meta.region, "{form}: region");
    assert_eq!(a.meta.period, b.meta.period, "{form}: period");
    assert_eq!(a.meta.issuers, b.meta.issuers, "{form}: issuers");
    assert_eq!(a.meta.written, b.meta.written, "{form}: date");
    assert_eq!(a.notice, b.notice, "{form}: notice");
    assert_eq!(a.preamble, b.preamble, "{form}: preamble");
    assert_eq!(a.trailer, b.trailer, "{form}: trailer");
    let (pa, pb) = (analyze(&a), analyze(&b));
    assert_eq!(
        strip_lines(&pa.nodes),
        strip_lines(&pb.nodes),
        "{form}: nodes, duties, deadlines"
    );
    assert_eq!(
        plain_tables(&pa.tables),
        plain_tables(&pb.tables),
        "{form}: tables"
    );
    assert_eq!(pa.row_duties, pb.row_duties, "{form}: row duties");
    assert_eq!(pa.row_deadlines, pb.row_deadlines, "{form}: row deadlines");
    // Whatever was read can be written as content and read back.
    let text = planpress::content::write(&a).expect("write");
    planpress::content::parse("x.md", &text).unwrap_or_else(|e| panic!("{form}: {e:#}\n{text}"));
    pa
}

fn span(header: bool, row: usize, cell: usize, rowspan: usize, colspan: usize) -> Span {
    Span {
        header,
        row,
        cell,
        rowspan,
        colspan,
    }
}

#[test]
fn word_file_with_automatic_numbering_and_merged_cells() {
    let p = same_model("plan.docx", "plan.txt");
    let labels: Vec<(String, String)> = p
        .all_nodes()
        .iter()
        .map(|n| (n.id.clone(), n.label.clone()))
        .collect();
    assert!(
        labels.contains(&("2-2-1-2".into(), "②".into())),
        "{labels:?}"
    );
    assert!(labels.contains(&("3".into(), "三、".into())), "{labels:?}");
    let duties = p.find("2-1-1").expect("2-1-1").duties.len();
    assert_eq!(duties, 3);
    let t = &p.tables[0];
    assert_eq!(t.id, "table-1");
    assert_eq!(t.caption, "重点项目安排表");
    // Section rows span the table; 县教育局 is merged over two rows; a cell keeps its breaks.
    assert_eq!(
        t.spans,
        [
            span(false, 0, 0, 1, 5),
            span(false, 1, 3, 2, 1),
            span(false, 3, 0, 1, 5)
        ]
    );
    assert_eq!(t.rows[4][2], "改造食堂\n新建宿舍");
    // Header, footer and text box are not text of the plan.
    let all = planpress::content::write(&import("plan.docx")).expect("write");
    for chrome in ["行政规范性文件", "— 1 —", "内部资料", "已删除"] {
        assert!(!all.contains(chrome), "{chrome} imported:\n{all}");
    }
}

#[test]
fn web_page_without_the_site_around_it() {
    let p = same_model("page.html", "page.txt");
    assert_eq!(p.title, "某某县关于进一步加强校园安全工作的实施方案");
    assert_eq!(p.meta.issuers, ["某某县人民政府办公室"]);
    assert_eq!(
        p.tables[0].spans,
        [span(false, 0, 2, 2, 1), span(false, 2, 0, 1, 4)]
    );
    let all = planpress::content::write(&import("page.html")).expect("write");
    for chrome in [
        "首页",
        "分享到",
        "打印本页",
        "版权所有",
        "主办单位",
        "索引号",
        "浏览次数",
        "统计代码",
    ] {
        assert!(!all.contains(chrome), "{chrome} imported:\n{all}");
    }
}

#[test]
fn pasted_markup_in_a_text_file_reads_as_the_page() {
    let html = std::fs::read_to_string(fixture("page.html")).expect("page.html");
    // Crawled text: markup on lines, quotes escaped.
    let pasted = html.replace('"', "\\\"");
    let a = import_ok("pasted.txt", pasted.as_bytes());
    let b = import("page.html");
    assert_eq!(strip_lines(&a.nodes), strip_lines(&b.nodes));
    assert_eq!(a.meta.title, b.meta.title);
}

#[test]
fn excel_task_table_rows_are_tasks() {
    let p = same_model("tasks.xlsx", "tasks.txt");
    assert_eq!(p.title, "某某县2025年教育重点工作任务分解表");
    assert!(p.nodes.is_empty());
    let t = &p.tables[0];
    assert_eq!(t.notes, ["注：完成时限为最迟时间。"]);
    assert_eq!(
        t.spans,
        [
            span(false, 0, 0, 1, 6),
            span(false, 1, 0, 2, 1),
            span(false, 1, 1, 2, 1),
            span(false, 3, 0, 1, 6)
        ]
    );
    // The date cell reads as Excel shows it; each measure row has its offices, section
    // rows none.
    assert_eq!(t.rows[2][3], "2025年12月31日");
    let rows: Vec<&String> = p.row_duties.keys().collect();
    assert_eq!(rows, ["table-1-2", "table-1-3", "table-1-5", "table-1-6"]);
}

#[test]
fn csv_task_table_in_gbk_gives_the_same_tasks() {
    let csv = analyze(&import("tasks.csv"));
    let txt = analyze(&import("tasks.txt"));
    assert_eq!(csv.title, txt.title);
    // A CSV prints the cells a merge covers as empty ones: same text, same facts.
    let text = |t: &Table| -> Vec<Vec<String>> {
        t.rows
            .iter()
            .map(|r| r.iter().filter(|c| !c.is_empty()).cloned().collect())
            .collect()
    };
    assert_eq!(text(&csv.tables[0]), text(&txt.tables[0]));
    let ids = |p: &Plan| p.row_duties.values().cloned().collect::<Vec<_>>();
    assert_eq!(ids(&csv), ids(&txt));
    let dl = |p: &Plan| p.row_deadlines.values().cloned().collect::<Vec<_>>();
    assert_eq!(dl(&csv), dl(&txt));
}

#[test]
fn every_seed_exported_to_word_imports_to_the_seeds_model() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut n = 0;
    let mut names: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .expect("seeds/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    for seed in names {
        let stem = seed
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let word = format!("seeds/{stem}.docx");
        let a = import(&word);
        let b = import_ok(
            &format!("seeds/{stem}.txt"),
            &std::fs::read(&seed).expect("seed"),
        );
        assert_eq!(a.meta.title, b.meta.title, "{word}");
        assert_eq!(a.meta.doc_number, b.meta.doc_number, "{word}");
        assert_eq!(a.notice, b.notice, "{word}");
        assert_eq!(a.preamble, b.preamble, "{word}");
        assert_eq!(a.trailer, b.trailer, "{word}");
        let (pa, pb) = (analyze(&a), analyze(&b));
        assert_eq!(strip_lines(&pa.nodes), strip_lines(&pb.nodes), "{word}");
        assert_eq!(plain_tables(&pa.tables), plain_tables(&pb.tables), "{word}");
        assert_eq!(pa.row_duties, pb.row_duties, "{word}");
        assert_eq!(pa.row_deadlines, pb.row_deadlines, "{word}");
        n += 1;
    }
    assert_eq!(n, 5);
}

#[test]
fn unreadable_forms_are_named_errors() {
    let err = |name: &str, bytes: &[u8]| {
        format!(
            "{:#}",
            planpress::import::import_text(name, bytes).expect_err(name)
        )
    };
    let docx = std::fs::read(fixture("plan.docx")).expect("plan.docx");
    let e = err("cut.docx", &docx[..docx.len() / 2]);
    assert!(e.starts_with("cut.docx: "), "{e}");
    let e = err(
        "old.doc",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an OLE file",
    );
    assert!(e.contains("save it as .docx"), "{e}");
    let e = err("scan.pdf", b"%PDF-1.7\n...");
    assert!(e.starts_with("scan.pdf: a PDF"), "{e}");
}

#[test]
fn a_folder_of_mixed_forms_imports_each_and_reports_per_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let inp = tmp.path().join("in");
    std::fs::create_dir_all(&inp).expect("mkdir");
    for f in ["plan.docx", "page.html", "tasks.xlsx"] {
        std::fs::copy(fixture(f), inp.join(f)).expect("copy");
    }
    // Named by content, not extension: a Word file saved as .DOCX, a page as .htm.
    std::fs::rename(inp.join("plan.docx"), inp.join("PLAN.DOCX")).expect("rename");
    std::fs::rename(inp.join("page.html"), inp.join("page.htm")).expect("rename");
    std::fs::write(inp.join("scan.pdf"), b"%PDF-1.7").expect("pdf");
    std::fs::write(inp.join("photo.jpg"), b"\xff\xd8\xff").expect("jpg");
    let run = |extra: Option<&str>| {
        if let Some(f) = extra {
            std::fs::write(inp.join(f), b"PK\x03\x04 cut short").expect("write");
        }
        std::process::Command::new(env!("CARGO_BIN_EXE_planpress"))
            .current_dir(tmp.path())
            .args(["import", "in", "--out"])
            .arg(tmp.path().join("content"))
            .output()
            .expect("run")
    };
    let st = run(None);
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(st.status.success(), "a skipped PDF is no failure:\n{err}");
    for f in ["in/PLAN.DOCX →", "in/page.htm →", "in/tasks.xlsx →"] {
        assert!(err.contains(f), "{f} not reported:\n{err}");
    }
    assert!(
        err.contains("warning: in/scan.pdf: .pdf files are not read"),
        "{err}"
    );
    assert!(!err.contains("photo.jpg"), "{err}");
    let plans = std::fs::read_dir(tmp.path().join("content/plans"))
        .expect("plans")
        .count();
    assert_eq!(plans, 3, "{err}");
    // A damaged Word file is a real failure: named, exit code 1, the others still import.
    std::fs::remove_dir_all(tmp.path().join("content")).expect("rm");
    let st = run(Some("damaged.docx"));
    let err = String::from_utf8_lossy(&st.stderr);
    assert_eq!(st.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: in/damaged.docx: not a readable zip archive"),
        "{err}"
    );
    assert!(err.contains("in/tasks.xlsx →"), "{err}");
}

#[test]
fn every_paragraph_led_by_a_tab_is_text_not_one_table_row() {
    let plain = std::fs::read_to_string(fixture("plan.txt")).expect("plan.txt");
    // The plan's text before its table, each paragraph indented as some exporters do it.
    let text: Vec<&str> = plain
        .lines()
        .take_while(|l| !l.starts_with("表1"))
        .collect();
    let indented: String = text.iter().map(|l| format!("\t　　{l}\n")).collect();
    let a = import_ok("indented.txt", indented.as_bytes());
    let b = import_ok("plain.txt", (text.join("\n") + "\n").as_bytes());
    assert!(a.tables.is_empty(), "{:?}", a.tables);
    assert_eq!(a.meta.title, b.meta.title);
    assert_eq!(strip_lines(&a.nodes), strip_lines(&b.nodes));
}
