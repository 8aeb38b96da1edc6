//! Arbitrary input never panics the importer: raw bytes, and lines assembled from the
//! pieces plans are made of (labels, tabs, captions, dates, clauses, Chinese text).

use planpress::import::import_text;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "一、",
    "二、",
    "十二、",
    "（一）",
    "(二)",
    "（十八）",
    "1.",
    "2．",
    "27、",
    "1)",
    "（1）",
    "(3)",
    "①",
    "⑳",
    "第一章",
    "第二节 ",
    "一要",
    "二要",
    "一是",
    "三是",
    "\t",
    "\t\t",
    "",
    " ",
    "　",
    "附件1：",
    "附件",
    "表1 ",
    "单位：万元",
    "关于印发《",
    "》的通知",
    "通   知",
    "2023年3月17日",
    "印发",
    "（此件公开发布）",
    "（征求意见稿）",
    "（责任单位：县教育局、县财政局）",
    "。",
    "，",
    "：",
    ":",
    "“十四五”",
    "2024—2027年",
    "到 2024 年",
    "99.0",
    "0.31",
    "[bookmark: _GoBack]",
    "\r",
    "县",
    "教育",
    "加强建设",
    "某某县",
    "源政字〔2023〕36号",
    "《",
    "》",
    "（",
    "）",
    "\u{feff}",
    "0.",
    "0)",
];

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => "[\\u4e00-\\u9fff]{1,6}",
            1 => "[0-9.．、]{1,4}",
        ],
        0..6,
    )
    .prop_map(|v| v.concat())
}

const TABLE_PIECES: &[&str] = &[
    "序号",
    "序 号",
    "重点任务",
    "目标与任务",
    "牵头单位",
    "牵头责任单位",
    "責任單位",
    "完成时限",
    "备注",
    "1",
    "2",
    "3",
    "１",
    "一、设施建设",
    "（二）",
    "县教育局",
    "东城区、西城区人民政府",
    "区商务局等各行业主管部门",
    "2025年底前",
    "有效期至2027年12月31日",
    "2023年3月1日至2024年1月31日引进的人才",
    "第一条",
    "鎮(zhèn)",
    "完善设施。",
    " |",
    "|",
    " | ",
    "\\|",
    "| 序号 | 任务 | 责任单位 |",
    "|---|---|---|",
    "|:--|",
    "<br>",
    "附件",
    "注：",
    "",
    "\t",
];

fn table_line() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            6 => prop::sample::select(TABLE_PIECES).prop_map(str::to_string),
            1 => "[\\u4e00-\\u9fff]{1,6}",
        ],
        0..4,
    )
    .prop_map(|v| v.concat())
}

fn strip(ns: &mut [planpress::doc::Node]) {
    for n in ns {
        n.line = 0;
        strip(&mut n.children);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = import_text("p.txt", &bytes);
    }

    /// Tables flattened by other exporters (a cell per line, cells ending in `|`, Markdown
    /// pipes) in any order and shape: never a panic, and what imports survives its content file.
    #[test]
    fn flattened_tables_never_panic(lines in prop::collection::vec(table_line(), 0..60)) {
        let src = lines.join("\n");
        if let Ok(doc) = import_text("p.txt", src.as_bytes()) {
            let text = planpress::content::write(&doc).expect("write");
            let mut back = planpress::content::parse("p.md", &text).expect("parse back");
            let mut doc = doc;
            doc.warnings.clear();
            strip(&mut doc.nodes);
            strip(&mut back.nodes);
            prop_assert_eq!(back, doc, "{}", text);
        }
    }

    #[test]
    fn plan_like_lines_never_panic(lines in prop::collection::vec(line(), 0..40)) {
        let src = lines.join("\n");
        if let Ok(doc) = import_text("p.txt", src.as_bytes()) {
            // Whatever was imported can be written and read back.
            let text = planpress::content::write(&doc).expect("write");
            let mut back = planpress::content::parse("p.md", &text).expect("parse back");
            let mut doc = doc;
            // Warnings are not stored in content files: the build recomputes them.
            doc.warnings.clear();
            strip(&mut doc.nodes);
            strip(&mut back.nodes);
            prop_assert_eq!(back, doc, "{}", text);
        }
    }
}

// ---- the structured forms (issue 15): Word, web pages, spreadsheets

fn fixture(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A zip archive holding `parts` (stored, not deflated: the XML is what is under test).
fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in parts {
        w.start_file(*name, opts).expect("start");
        w.write_all(text.as_bytes()).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

const XML_PIECES: &[&str] = &[
    "<w:p>",
    "</w:p>",
    "<w:r>",
    "</w:r>",
    "<w:t>",
    "</w:t>",
    "<w:tbl>",
    "</w:tbl>",
    "<w:tr>",
    "</w:tr>",
    "<w:tc>",
    "</w:tc>",
    "<w:tcPr>",
    "</w:tcPr>",
    "<w:vMerge/>",
    "<w:vMerge w:val=\"restart\"/>",
    "<w:gridSpan w:val=\"3\"/>",
    "<w:gridSpan w:val=\"99999\"/>",
    "<w:gridBefore w:val=\"2\"/>",
    "<w:trPr><w:tblHeader/></w:trPr>",
    "<w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>",
    "<w:pPr><w:numPr><w:ilvl w:val=\"99\"/><w:numId w:val=\"7\"/></w:numPr></w:pPr>",
    "<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>",
    "<w:br/>",
    "<w:tab/>",
    "<w:txbxContent>",
    "</w:txbxContent>",
    "&amp;",
    "&#0;",
    "&#x1;",
    "&bogus;",
    "<![CDATA[一、]]>",
    "<",
    ">",
    "\"",
    "一、总体要求",
    "（一）",
    "1.",
    "（责任单位：县教育局）",
    "2025年底前",
];

const NUMBERING: &str = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="4294967295"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%1.%2.%9%"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num></w:numbering>"#;

const STYLES: &str = r#"<w:styles xmlns:w="w"><w:style w:styleId="Heading1"><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#;

const HTML_PIECES: &[&str] = &[
    "<p>",
    "</p>",
    "<br>",
    "<div class=\"nav\">",
    "<div id=\"zoom\">",
    "</div>",
    "<table>",
    "</table>",
    "<tr>",
    "</tr>",
    "<td>",
    "<td rowspan=\"0\">",
    "<td rowspan=\"99999\">",
    "<td colspan=\"65\">",
    "<td colspan=\"-1\">",
    "</td>",
    "<th colspan=\"2\">",
    "<thead>",
    "</thead>",
    "<caption>",
    "<a href=\"x\">",
    "</a>",
    "<script>",
    "</script>",
    "<h1>",
    "&nbsp;",
    "&amp",
    "&#0;",
    "一、总体要求",
    "（一）",
    "1.",
    "（牵头单位：县教育局）",
    "2025年底前",
    "\n",
];

fn pieces(of: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(of).prop_map(str::to_string),
            1 => "[\\u4e00-\\u9fff]{1,6}",
        ],
        0..120,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_as_office_files_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend_from_slice(&bytes);
        for name in ["p.docx", "p.xlsx", "p.xls", "p.csv", "p.html"] {
            let _ = import_text(name, &bytes);
            let _ = import_text(name, &zipped);
        }
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend_from_slice(&bytes);
        let _ = import_text("p.xls", &ole);
    }

    #[test]
    fn cut_and_damaged_office_files_are_errors_naming_the_file(
        cut in 0.0f64..1.0,
        flips in prop::collection::vec((0.0f64..1.0, any::<u8>()), 0..8),
    ) {
        for name in ["plan.docx", "tasks.xlsx", "seeds/002_cfdf0fa45d70c1ec.docx"] {
            let whole = fixture(name);
            let short = &whole[..(whole.len() as f64 * cut) as usize];
            if let Err(e) = import_text(name, short) {
                prop_assert!(format!("{e:#}").starts_with(name), "{e:#}");
            }
            let mut damaged = whole.clone();
            for (at, b) in &flips {
                let i = (damaged.len() as f64 * at) as usize % damaged.len();
                damaged[i] ^= b;
            }
            if let Err(e) = import_text(name, &damaged) {
                prop_assert!(format!("{e:#}").starts_with(name), "{e:#}");
            }
        }
    }

    #[test]
    fn malformed_word_xml_never_panics(body in pieces(XML_PIECES)) {
        let doc = format!("<w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>");
        let bytes = zip_of(&[
            ("word/document.xml", &doc),
            ("word/numbering.xml", NUMBERING),
            ("word/styles.xml", STYLES),
        ]);
        if let Ok(d) = import_text("m.docx", &bytes) {
            // What was read is valid content.
            let text = planpress::content::write(&d).expect("write");
            planpress::content::parse("m.md", &text).expect("parse back");
        }
    }

    #[test]
    fn random_markup_never_panics(page in pieces(HTML_PIECES)) {
        for name in ["m.html", "m.txt"] {
            if let Ok(d) = import_text(name, format!("<html><body>{page}").as_bytes()) {
                let text = planpress::content::write(&d).expect("write");
                planpress::content::parse("m.md", &text).expect("parse back");
            }
        }
    }
}

#[test]
fn huge_cells_are_read() {
    let cell = "教".repeat(2_000_000);
    let doc = format!(
        "<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>某县方案</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>{cell}</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"
    );
    let d = import_text("big.docx", &zip_of(&[("word/document.xml", &doc)])).expect("big.docx");
    assert_eq!(d.tables[0].header[0][1].chars().count(), 2_000_000);
    let csv = format!("序号,重点任务,牵头单位\n1,\"{cell}\",县教育局\n");
    let d = import_text("big.csv", csv.as_bytes()).expect("big.csv");
    assert_eq!(d.tables[0].rows[0][1].len(), cell.len());
}

#[test]
fn deep_pages_are_read() {
    // A page nested far deeper than any template: read without recursion.
    let deep = format!(
        "<html><body>{}<p>一、总体要求</p><p>内容。</p>{}</body></html>",
        "<div>".repeat(5_000),
        "</div>".repeat(5_000)
    );
    let d = import_text("deep.html", deep.as_bytes()).expect("deep.html");
    assert_eq!(d.nodes[0].title, "总体要求");
    // Past the limit (the parser's work grows with the square of the depth): refused.
    let deeper = format!("<html><body>{}<p>一、总体要求</p>", "<div>".repeat(20_000));
    let e = format!(
        "{:#}",
        import_text("deeper.html", deeper.as_bytes()).expect_err("deeper")
    );
    assert!(
        e.starts_with("deeper.html: elements nested 20000 deep"),
        "{e}"
    );
}

#[test]
fn zip_bombs_and_wide_tables_are_refused_by_name() {
    // Deflated zeros: 80 MB unpacked from a small file.
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("word/document.xml", opts).expect("start");
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..80 {
        w.write_all(&zeros).expect("write");
    }
    let bomb = w.finish().expect("finish").into_inner();
    assert!(bomb.len() < 1 << 20);
    let e = format!("{:#}", import_text("bomb.docx", &bomb).expect_err("bomb"));
    assert!(
        e.starts_with("bomb.docx: word/document.xml: unpacks to more than"),
        "{e}"
    );
    let wide = format!("序号,{}\n1,县教育局\n", vec!["牵头单位"; 70].join(","));
    let e = format!(
        "{:#}",
        import_text("wide.csv", wide.as_bytes()).expect_err("wide")
    );
    assert!(e.starts_with("wide.csv:1: "), "{e}");
}

/// A case the property test once found: an inline item whose title ends in a tab.
#[test]
fn an_inline_title_ending_in_a_tab_round_trips() {
    let src = "0.\n一要\n二要一、\t，";
    if let Ok(mut doc) = import_text("p.txt", src.as_bytes()) {
        let text = planpress::content::write(&doc).expect("write");
        let mut back = planpress::content::parse("p.md", &text).expect("parse back");
        doc.warnings.clear();
        strip(&mut doc.nodes);
        strip(&mut back.nodes);
        assert_eq!(back, doc, "{text}");
    }
}
