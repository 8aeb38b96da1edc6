//! The genre, not five files: synthetic plans in the other forms Chinese government plans
//! use (chapters, （1）, ①, half-width brackets, 一是…二是…, no notice, only a task table).

use crate::import_common::{import_ok, tree};
use planpress::doc::{Document, NodeKind, Status};
use planpress::import::import_text;

fn import(src: &str) -> Document {
    import_ok("t.txt", src.as_bytes())
}

#[test]
fn chapters_sections_and_deeper_levels() {
    let d = import(
        "某某县教育发展规划（2021-2025年）\n\
         第一章 发展基础\n\
         “十三五”以来成效显著。\n\
         第一节 主要成就\n\
         一、学前教育。普及率提高。\n\
         （一）扩大资源。新建幼儿园。\n\
         （二）提高质量。\n\
         二、义务教育。均衡发展。\n\
         第二节 面临形势\n\
         形势严峻。\n\
         第二章 主要任务\n\
         第一节 重点工程\n\
         一、建设工程。\n",
    );
    assert_eq!(d.meta.period, Some([2021, 2025]));
    assert_eq!(d.meta.region, "某某县");
    let got = tree(&d);
    let want: Vec<(&str, NodeKind, &str)> = vec![
        ("1", NodeKind::Part, "发展基础"),
        ("1-1", NodeKind::Section, "主要成就"),
        ("1-1-1", NodeKind::Item, "学前教育"),
        ("1-1-1-1", NodeKind::Subitem, "扩大资源"),
        ("1-1-1-2", NodeKind::Subitem, "提高质量"),
        ("1-1-2", NodeKind::Item, "义务教育"),
        ("1-2", NodeKind::Section, "面临形势"),
        ("2", NodeKind::Part, "主要任务"),
        ("2-1", NodeKind::Section, "重点工程"),
        ("2-1-1", NodeKind::Item, "建设工程"),
    ];
    let got: Vec<(&str, NodeKind, &str)> = got
        .iter()
        .map(|(id, kind, _label, title)| (id.as_str(), *kind, title.as_str()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(d.nodes[0].text, "“十三五”以来成效显著。");
    assert_eq!(d.nodes[0].label, "第一章");
}

#[test]
fn half_width_and_paren_arabic_and_circled() {
    let d = import(
        "某县行动方案\n\
         一、主要任务\n\
         (一)加强建设:新建学校。\n\
         1)改善条件。完善设施。\n\
         2)提升质量。\n\
         (二)深化改革\n\
         （1）推进评价改革。\n\
         ①改革学生评价。\n\
         ②改革教师评价。\n\
         （2）推进招生改革。\n",
    );
    let got: Vec<(String, String, String)> = d
        .all_nodes()
        .into_iter()
        .map(|n| (n.id.clone(), n.label.clone(), n.title.clone()))
        .collect();
    let want = [
        ("1", "一、", "主要任务"),
        ("1-1", "(一)", "加强建设"),
        ("1-1-1", "1)", "改善条件"),
        ("1-1-2", "2)", "提升质量"),
        ("1-2", "(二)", "深化改革"),
        ("1-2-1", "（1）", "推进评价改革"),
        ("1-2-1-1", "①", "改革学生评价"),
        ("1-2-1-2", "②", "改革教师评价"),
        ("1-2-2", "（2）", "推进招生改革"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
    // A half-width colon ends a short heading like a full stop.
    assert_eq!(d.all_nodes()[1].text, "新建学校。");
    assert_eq!(d.all_nodes()[2].text, "完善设施。");
}

#[test]
fn inline_items_yi_shi_er_shi() {
    let d = import(
        "某县方案\n\
         一、重点任务\n\
         （一）加强队伍建设。一是加强师德建设。开展教育。二是提升能力。开展培训。三是完善待遇。落实政策。（责任单位：县教育局、县财政局）\n\
         （二）一般规定。要求一是一，二是二。\n",
    );
    let s = &d.nodes[0].children[0];
    let kids: Vec<(&str, &str, &str)> = s
        .children
        .iter()
        .map(|n| (n.id.as_str(), n.label.as_str(), n.title.as_str()))
        .collect();
    assert_eq!(
        kids,
        vec![
            ("1-1-1", "一是", "加强师德建设"),
            ("1-1-2", "二是", "提升能力"),
            ("1-1-3", "三是", "完善待遇"),
        ]
    );
    assert!(s.children.iter().all(|n| n.kind == NodeKind::Inline));
    assert_eq!(s.children[2].text, "落实政策。");
    // The closing clause covers the whole section, so it stays with it.
    assert_eq!(s.text, "（责任单位：县教育局、县财政局）");
    // `一是一，二是二` inside a sentence is not a list.
    assert!(d.nodes[0].children[1].children.is_empty());
}

#[test]
fn clause_line_after_inline_items_stays_with_the_section() {
    let d = import(
        "某县方案\n一、任务\n（一）加强建设。一要新建学校。二要改造校舍。\n牵头单位：县教育局；配合单位：县财政局、县住建局\n",
    );
    let s = &d.nodes[0].children[0];
    assert_eq!(s.children.len(), 2);
    assert_eq!(s.children[1].text, "");
    assert_eq!(s.text, "牵头单位：县教育局；配合单位：县财政局、县住建局");
}

#[test]
fn notice_dated_in_chinese_numerals() {
    let d = import(
        "关于印发某县教育规划的通知\n各乡镇：\n现印发给你们。\n某县人民政府\n二〇二三年三月十七日\n某县教育规划\n一、目标\n建成。\n",
    );
    assert_eq!(
        d.notice.as_ref().map(|n| n.issuers.clone()),
        Some(vec!["某县人民政府".to_string()])
    );
    assert_eq!(d.meta.written, "2023-03-17");
    assert_eq!(d.meta.title, "某县教育规划");
}

#[test]
fn annex_mark_between_notice_and_plan() {
    let d = import(
        "关于印发某县教育规划的通知\n各乡镇：\n现印发给你们。\n某县人民政府\n2023年3月17日\n附件\n某县教育规划\n一、目标\n建成。\n",
    );
    assert_eq!(d.meta.title, "某县教育规划");
    assert!(d.trailer.is_empty());
}

#[test]
fn tab_indented_plan_is_text_not_a_table() {
    let d = import("某县方案\n\t一、任务\n\t（一）建设。内容。\n\t（二）改革。内容。\n");
    assert!(d.tables.is_empty());
    assert_eq!(d.nodes[0].children.len(), 2);
}

#[test]
fn title_from_the_notice_when_the_plan_has_none() {
    let d = import(
        "关于印发《某县教育规划》的通知\n各乡镇：\n现印发给你们。\n某县人民政府\n2023年3月17日\n一、目标\n建成。\n",
    );
    assert_eq!(d.meta.title, "某县教育规划");
    assert!(d
        .warnings
        .iter()
        .any(|w| w.line == 6 && w.message.contains("title")));
}

#[test]
fn inline_items_one_per_paragraph() {
    let d = import("某县方案\n一、任务\n（一）加强建设\n一是新建学校。\n二是改造校舍。\n");
    let s = &d.nodes[0].children[0];
    assert_eq!(s.children.len(), 2);
    assert_eq!(s.children[1].title, "改造校舍");
    assert_eq!((s.children[0].line, s.children[1].line), (4, 5));
}

#[test]
fn notice_with_half_width_forms_and_spaced_title() {
    let d = import(
        "某政办发[2024]5号\n\
         关于印发某某县教育强县三年行动方案(2024 — 2026 年)的通   知\n\
         各乡镇人民政府,县直各部门:\n\
         现将方案印发给你们,请认真贯彻执行。\n\
         某某县人民政府办公室\n\
         2024年1月5日\n\
         (此件公开发布)\n\
         某某县教育强县三年行动方案(2024 — 2026 年)\n\
         (送审稿)\n\
         一、目标\n\
         到 2026 年,建成教育强县。\n",
    );
    let n = d.notice.as_ref().expect("notice");
    assert_eq!(
        n.title,
        "关于印发某某县教育强县三年行动方案(2024—2026年)的通知"
    );
    assert_eq!(n.doc_number, "某政办发[2024]5号");
    assert_eq!(n.recipients, "各乡镇人民政府,县直各部门:");
    assert_eq!(n.issuers, vec!["某某县人民政府办公室"]);
    assert!(d.meta.public);
    assert_eq!(d.meta.written, "2024-01-05");
    assert_eq!(d.meta.period, Some([2024, 2026]));
    assert_eq!(d.meta.status, Status::Draft);
    assert_eq!(d.meta.status_text, "送审稿");
    assert_eq!(d.meta.slug, "mou-mou-xian-2024");
    assert_eq!(d.nodes[0].text, "到 2026 年,建成教育强县。");
}

#[test]
fn only_a_task_table() {
    let d = import(
        "某县2025年教育重点任务清单\n\
         \t序号\n\t任务\n\t牵头单位\n\t完成时限\n\n\
         \t1\n\t新建第二幼儿园\n\t县教育局\n\t2025年底前\n\n\
         \t2\n\t改造\n薄弱学校\n\t县教育局\n\t2025年8月前\n",
    );
    assert!(d.nodes.is_empty());
    assert_eq!(d.tables.len(), 1);
    let t = &d.tables[0];
    assert_eq!(t.id, "table-1");
    assert_eq!(t.header[0], vec!["序号", "任务", "牵头单位", "完成时限"]);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[1][1], "改造\n薄弱学校");
    assert_eq!(t.after, "");
}

#[test]
fn title_broken_over_two_lines() {
    let d = import("某某县教育事业发展\n“十四五”规划\n（征求意见稿）\n一、总体要求\n坚持。\n");
    assert_eq!(d.meta.title, "某某县教育事业发展“十四五”规划");
    assert_eq!(d.meta.period, Some([2021, 2025]));
    assert_eq!(d.meta.status, Status::Draft);
    assert!(d.preamble.is_empty());
}

#[test]
fn no_notice_no_tables() {
    let d = import(
        "\n\n某县教育规划\n为了发展，制定本规划。\n一、目标\n建成强县。\n二、措施\n加强领导。\n",
    );
    assert!(d.notice.is_none());
    assert!(d.tables.is_empty());
    assert_eq!(d.preamble, vec!["为了发展，制定本规划。"]);
    assert_eq!(d.nodes.len(), 2);
    assert_eq!(d.meta.slug, "mou-xian");
}

#[test]
fn word_artefacts_and_unplaced_text() {
    let d = import(
        "某县方案\n一、任务\n[bookmark: _GoBack]（一）建设。内容。\n附件：任务清单\n这段文字在附件之后。\n",
    );
    assert_eq!(d.nodes[0].children[0].title, "建设");
    assert!(d.all_nodes().iter().all(|n| !n.text.contains("bookmark")));
    // Nothing is dropped: the text after the annex line is kept and reported.
    assert_eq!(d.trailer, vec!["附件：任务清单", "这段文字在附件之后。"]);
    assert!(d.warnings.iter().any(|w| w.line == 5));
}

#[test]
fn numbering_defects_are_reported_not_dropped() {
    let d = import("某县方案\n一、任务\n（一）甲\n1.第一项。\n3.第三项。\n3.又一个第三项。\n");
    let sec = &d.nodes[0].children[0];
    let got: Vec<&str> = sec.children.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(got, vec!["1-1-1", "1-1-3", "1-1-3_2"]);
    assert!(d
        .warnings
        .iter()
        .any(|w| w.line == 5 && w.message.contains("jumps")));
    assert!(d.warnings.iter().any(|w| w.line == 6));
}

#[test]
fn table_cells_with_decimals_are_not_items() {
    let d = import(
        "某县规划\n一、目标\n表1 主要指标\n\t指标\n\t2025年\n\n\t入园率（%）\n\n巩固率（%）\n\t99.0\n\n95.5\n\n\n二、任务\n（一）建设\n",
    );
    assert_eq!(d.nodes.len(), 2);
    assert!(d.nodes[0].children.is_empty());
    let t = &d.tables[0];
    assert_eq!((t.id.as_str(), t.caption.as_str()), ("table-1", "主要指标"));
    assert_eq!(t.rows, vec![vec!["入园率（%）\n巩固率（%）", "99.0\n95.5"]]);
    assert_eq!(t.after, "1");
}

#[test]
fn bad_input_is_an_error_naming_the_file() {
    for (bytes, what) in [
        (&b""[..], "empty"),
        (b"\x00\x01\x02\x03binary\x00", "binary"),
        (b"hello world\nthis is english\n", "Chinese"),
        (
            "这是一段普通的文字，没有编号，也没有表格。\n".as_bytes(),
            "not a plan",
        ),
    ] {
        let e = import_text("bad.txt", bytes).unwrap_err().to_string();
        assert!(e.starts_with("bad.txt"), "{e}");
        assert!(e.contains(what), "{what}: {e}");
    }
}

#[test]
fn slug_collisions_resolve_deterministically() {
    use planpress::import::assign_slugs;
    use std::collections::BTreeSet;
    let mk = |src: &str| {
        let mut d = import("某县教育规划（2021—2025年）\n一、目标\n建成。\n");
        d.meta.source = src.into();
        d
    };
    let mut docs = vec![mk("a.txt"), mk("b.txt"), mk("c.txt")];
    assign_slugs(&mut docs, &[false; 3], &BTreeSet::new());
    let got: Vec<&str> = docs.iter().map(|d| d.meta.slug.as_str()).collect();
    assert_eq!(
        got,
        vec!["mou-xian-2021", "mou-xian-2021-2", "mou-xian-2021-3"]
    );
    // A revision keeps its plan's slug (staff may have set it); others avoid the slugs taken.
    let taken: BTreeSet<String> = ["mou-xian-2021".to_string(), "custom".to_string()].into();
    let mut docs = vec![mk("a.txt"), mk("b.txt"), mk("c.txt")];
    docs[1].meta.slug = "custom".into();
    assign_slugs(&mut docs, &[false, true, false], &taken);
    let got: Vec<&str> = docs.iter().map(|d| d.meta.slug.as_str()).collect();
    assert_eq!(got, vec!["mou-xian-2021-2", "custom", "mou-xian-2021-3"]);
}

#[test]
fn units_merge_keeps_staff_entries() {
    use planpress::import::merge_units;
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("units.yaml");
    let staff = "# corrected by staff\n泾源县:\n  县委统战部:\n  - 统战部\n  - 统一战线工作部\n";
    std::fs::write(&path, staff).unwrap();
    let d = import(
        "泾源县方案\n一、任务\n（一）甲\n1.做甲。（责任单位：县委统战部、县委政法委）\n2.做乙。（责任单位：统战部、政法委）\n",
    );
    let merged = merge_units(&path, planpress::model::units::propose(&[d])).unwrap();
    let county = &merged.counties["泾源县"];
    // The staff's own list is kept as they wrote it.
    assert_eq!(county["县委统战部"], vec!["统战部", "统一战线工作部"]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("统一战线工作部"), "{text}");
    // Merging again adds nothing and leaves the file (comments included) untouched.
    let before = std::fs::read_to_string(&path).unwrap();
    let d = import("泾源县方案\n一、任务\n（一）甲\n1.做甲。（责任单位：县委统战部）\n");
    merge_units(&path, planpress::model::units::propose(&[d])).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}
