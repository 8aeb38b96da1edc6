//! Encodings, round trip and determinism: every seed imports to the same document from
//! UTF-8, UTF-8 with BOM, GB18030 and CRLF; content::write → content::parse gives the same
//! document back; and the committed content/ is exactly what importing the seeds writes.

use planpress::content;
use planpress::doc::{Document, Node};
use planpress::import::import_text;
use std::path::{Path, PathBuf};

fn seeds() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("seeds/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    assert_eq!(v.len(), 5);
    v
}

fn name(p: &Path) -> String {
    format!("seeds/{}", p.file_name().unwrap().to_string_lossy())
}

#[test]
fn encodings_import_to_the_same_model() {
    for p in seeds() {
        let bytes = std::fs::read(&p).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        let want = import_text(&name(&p), &bytes).unwrap();
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(&bytes);
        let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
        assert!(!unmappable);
        let crlf = text.replace('\n', "\r\n");
        let (gb_crlf, _, _) = encoding_rs::GB18030.encode(&crlf);
        for (what, variant) in [
            ("BOM", bom),
            ("GB18030", gb.into_owned()),
            ("CRLF", crlf.clone().into_bytes()),
            ("GB18030+CRLF", gb_crlf.into_owned()),
        ] {
            let mut got = import_text(&name(&p), &variant).unwrap();
            // The seed's own bytes differ, so its recorded checksum does; nothing else may.
            assert_ne!(got.meta.source_sha256, want.meta.source_sha256);
            got.meta.source_sha256 = want.meta.source_sha256.clone();
            assert!(got == want, "{} as {what} differs", p.display());
        }
    }
}

fn strip_lines(ns: &mut [Node]) {
    for n in ns {
        n.line = 0;
        strip_lines(&mut n.children);
    }
}

#[test]
fn write_then_parse_gives_the_same_document() {
    for p in seeds() {
        let mut doc = import_text(&name(&p), &std::fs::read(&p).unwrap()).unwrap();
        let text = content::write(&doc).unwrap();
        let mut back: Document = content::parse("x.md", &text).unwrap();
        // Warnings are not stored in content files: the build recomputes them from the text.
        doc.warnings.clear();
        strip_lines(&mut doc.nodes);
        strip_lines(&mut back.nodes);
        assert!(back == doc, "{} does not round-trip", p.display());
        assert_eq!(content::write(&back).unwrap(), text);
    }
}

#[test]
fn committed_content_is_what_import_writes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for p in seeds() {
        let doc = import_text(&name(&p), &std::fs::read(&p).unwrap()).unwrap();
        let a = content::write(&doc).unwrap();
        let b =
            content::write(&import_text(&name(&p), &std::fs::read(&p).unwrap()).unwrap()).unwrap();
        assert_eq!(a, b, "two imports differ");
        let file = root
            .join("content/plans")
            .join(format!("{}.md", doc.meta.slug));
        let committed = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            committed == a,
            "{} is not what importing {} writes; run `cargo run -- import seeds/` to refresh content/",
            file.display(),
            p.display()
        );
    }
}

#[test]
fn cli_reimport_reproduces_content_byte_for_byte() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("content");
    let bin = env!("CARGO_BIN_EXE_planpress");
    let run = || {
        let st = std::process::Command::new(bin)
            .current_dir(root)
            .args(["import", "seeds"])
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            st.status.success(),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
    };
    run();
    let read = |p: &Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(p)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(p).unwrap().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let first = read(&out);
    assert_eq!(
        first
            .iter()
            .filter(|(n, _)| n.starts_with("plans/"))
            .count(),
        5
    );
    run();
    assert!(read(&out) == first, "second import changed content/");
    // Same bytes as the committed default content.
    for (n, bytes) in &first {
        if n.starts_with("plans/") {
            assert!(
                std::fs::read(root.join("content").join(n)).unwrap() == *bytes,
                "{n}"
            );
        }
    }
}

#[test]
fn cli_one_bad_file_does_not_stop_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let inp = tmp.path().join("in");
    std::fs::create_dir_all(&inp).unwrap();
    std::fs::write(inp.join("a_empty.txt"), "").unwrap();
    std::fs::write(
        inp.join("b_plan.txt"),
        "某县方案\n一、任务\n（一）建设。内容。\n",
    )
    .unwrap();
    std::fs::write(inp.join("c_binary.txt"), [0u8, 1, 2, 3, 255]).unwrap();
    let out = tmp.path().join("content");
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_planpress"))
        .current_dir(tmp.path())
        .args(["import", "in", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(!st.status.success(), "exit code must report the failures");
    assert!(err.contains("in/a_empty.txt"), "{err}");
    assert!(err.contains("in/c_binary.txt"), "{err}");
    assert!(out.join("plans/mou-xian.md").exists(), "{err}");
}

#[test]
fn cli_json_prints_the_model() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_planpress"))
        .current_dir(root)
        .args(["import", "seeds/004_3ad8cd47a9ef1d56.txt", "--json"])
        .output()
        .unwrap();
    assert!(st.status.success());
    let v: serde_json::Value = serde_json::from_slice(&st.stdout).unwrap();
    let plan = &v["plans"][0];
    assert_eq!(plan["slug"], "jing-yan-xian-2021");
    assert_eq!(plan["period"], serde_json::json!([2021, 2025]));
    for key in [
        "title",
        "region",
        "status",
        "doc_number",
        "issued",
        "nodes",
        "tables",
        "warnings",
    ] {
        assert!(plan.get(key).is_some(), "{key}");
    }
    let n = &plan["nodes"][1]["children"][2];
    assert_eq!(n["id"], "2-3");
    assert_eq!(n["kind"], "section");
    assert!(n["duties"].is_array() && n["deadlines"].is_array());
    assert!(plan["warnings"][0]["line"].is_number());
}

#[test]
fn cli_file_named_twice_is_imported_once() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("content");
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_planpress"))
        .current_dir(root)
        .args(["import", "seeds", "seeds/003_bc44c53440b080a2.txt", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(st.status.success());
    let n = std::fs::read_dir(out.join("plans")).unwrap().count();
    assert_eq!(n, 5);
}

#[test]
fn run_returns_what_it_imported_and_wrote() {
    use planpress::import::{run, Mode};
    let tmp = tempfile::tempdir().unwrap();
    let inp = tmp.path().join("in");
    std::fs::create_dir_all(&inp).unwrap();
    std::fs::write(inp.join("a_empty.txt"), "").unwrap();
    std::fs::write(
        inp.join("b_plan.txt"),
        "某县方案\n一、任务\n（一）建设。内容。（责任单位：县教育局）\n",
    )
    .unwrap();
    let content = tmp.path().join("content");

    let propose = |d: &[planpress::doc::Document]| planpress::model::units::propose(d);
    let opts = |mode| planpress::import::Options {
        mode,
        as_new: false,
        date: "2026-12-05".into(),
        propose: &propose,
    };
    let preview = run(std::slice::from_ref(&inp), &content, &opts(Mode::Preview));
    assert_eq!(preview.docs.len(), 1);
    assert_eq!(preview.docs[0].meta.slug, "mou-xian");
    assert!(preview.written.is_empty());
    assert_eq!(preview.errors.len(), 1, "{:?}", preview.errors);
    assert!(
        preview.errors[0].contains("a_empty.txt"),
        "{:?}",
        preview.errors
    );
    assert!(!preview.ok());
    assert!(preview.aliases.is_some());
    assert!(!content.exists(), "a preview wrote {}", content.display());

    let written = run(&[inp], &content, &opts(Mode::Write));
    assert_eq!(written.docs.len(), 1);
    let path = content.join("plans/mou-xian.md");
    assert_eq!(written.written.len(), 1);
    assert_eq!(written.written[0].1, path);
    assert!(written.written[0].0.ends_with("in/b_plan.txt"));
    assert!(path.is_file());
    assert_eq!(written.errors, preview.errors);
}
