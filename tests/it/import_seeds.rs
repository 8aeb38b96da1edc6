//! Structure facts of the five sample plans (see the seeds README), checked on the imported
//! documents. Duties and deadlines are checked by the model's own tests.

use crate::import_common::count;
use planpress::doc::{Document, Node, NodeKind, Status};
use planpress::import::import_file;
use std::path::Path;

fn seed(name: &str) -> Document {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(name);
    import_file(&p).unwrap_or_else(|e| panic!("{e:#}"))
}

const SHIQUAN: &str = "000_22c407141d5b5e92.txt";
const JINGYUAN: &str = "001_6f2007cb89897e4a.txt";
const YIYUAN: &str = "002_cfdf0fa45d70c1ec.txt";
const MINLE: &str = "003_bc44c53440b080a2.txt";
const JINGYAN: &str = "004_3ad8cd47a9ef1d56.txt";

fn sections_per_part(d: &Document) -> Vec<usize> {
    d.nodes
        .iter()
        .map(|p| {
            p.children
                .iter()
                .filter(|c| c.kind == NodeKind::Section)
                .count()
        })
        .collect()
}

fn children_per_section(d: &Document, part: usize, kind: NodeKind) -> Vec<usize> {
    d.nodes[part]
        .children
        .iter()
        .map(|s| s.children.iter().filter(|c| c.kind == kind).count())
        .collect()
}

fn node<'a>(d: &'a Document, id: &str) -> &'a Node {
    d.all_nodes()
        .into_iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

#[test]
fn shiquan() {
    let d = seed(SHIQUAN);
    assert_eq!(d.meta.title, "石泉县教育提振三年行动计划（2024—2027年）");
    assert_eq!(d.meta.status, Status::Draft);
    assert_eq!(d.meta.status_text, "征求意见稿");
    assert_eq!(d.meta.period, Some([2024, 2027]));
    assert_eq!(d.meta.period_text, "2024—2027年");
    assert_eq!(d.meta.region, "石泉县");
    assert_eq!(d.meta.slug, "shi-quan-xian-2024");
    assert!(d.notice.is_none());
    assert_eq!(d.nodes.len(), 3);
    assert_eq!(sections_per_part(&d), vec![0, 9, 4]);
    assert_eq!(
        children_per_section(&d, 1, NodeKind::Inline),
        vec![2, 3, 2, 4, 4, 2, 3, 3, 2]
    );
    assert_eq!(count(&d, NodeKind::Inline), 25);
    let n = node(&d, "2-3-2");
    assert_eq!(
        (n.label.as_str(), n.title.as_str()),
        ("二要", "加大教师培养力度")
    );
    assert!(n.text.starts_with("健全完善县"), "{}", n.text);
    // 附件1: 3 yearly rows × 5 columns; 附件2: 25 task rows × 6 columns, linked 1:1.
    assert_eq!(d.tables.len(), 2);
    let a1 = &d.tables[0];
    assert_eq!((a1.id.as_str(), a1.label.as_str()), ("annex1", "附件1"));
    assert_eq!(a1.rows.len(), 3);
    assert!(a1.rows.iter().all(|r| r.len() == 5));
    assert_eq!(a1.rows[0][4], "2025年\n8月前");
    assert!(a1.row_links.iter().all(|l| l.is_empty()));
    assert!(!a1.rows[0][3].contains("bookmark"));
    let a2 = &d.tables[1];
    assert_eq!(a2.id, "annex2");
    assert_eq!(a2.header.len(), 1);
    assert_eq!(a2.header[0].len(), 6);
    assert_eq!(a2.rows.len(), 25);
    assert!(a2.rows.iter().all(|r| r.len() == 6));
    assert_eq!(a2.row_ids[6], "annex2-7");
    let actions: Vec<&Node> = d
        .all_nodes()
        .into_iter()
        .filter(|n| n.kind == NodeKind::Inline)
        .collect();
    for (k, a) in actions.iter().enumerate() {
        assert_eq!(a2.row_links[k], a.id, "row {} ↔ action {}", k + 1, a.title);
        assert_eq!(a.rows, vec![format!("annex2-{}", k + 1)]);
    }
    assert_eq!(a2.rows[6][1], "加大教师\n培养力度");
    // Lead unit 县委改革办 in row 22, 县教体局 in the 24 others.
    assert_eq!(a2.rows.iter().filter(|r| r[3] == "县教体局").count(), 24);
    assert_eq!(a2.rows[21][3], "县委改革办");
}

#[test]
fn jingyuan() {
    let d = seed(JINGYUAN);
    let n = d.notice.as_ref().expect("notice");
    assert_eq!(n.title, "关于印发《泾源县教育质量提升行动实施方案》的通知");
    assert!(n.recipients.starts_with("各乡（镇）党委和政府"));
    assert_eq!(
        n.issuers,
        vec!["中共泾源县委办公室", "泾源县人民政府办公室"]
    );
    assert_eq!(n.date, "2023年3月17日");
    assert_eq!(n.body.len(), 1);
    assert_eq!(d.meta.written, "2023-03-17");
    assert_eq!(d.meta.title, "泾源县教育质量提升行动实施方案");
    assert_eq!(d.meta.status, Status::Final);
    assert_eq!(d.meta.slug, "jing-yuan-xian-2023");
    assert_eq!(d.nodes.len(), 4);
    assert_eq!(sections_per_part(&d), vec![0, 0, 7, 5]);
    assert_eq!(
        children_per_section(&d, 2, NodeKind::Item),
        vec![4, 5, 3, 4, 4, 4, 3]
    );
    // Numbered 1–27 across sections; ids keep the printed number.
    let items: Vec<&Node> = d
        .all_nodes()
        .into_iter()
        .filter(|n| n.kind == NodeKind::Item)
        .collect();
    assert_eq!(items.len(), 27);
    for (k, it) in items.iter().enumerate() {
        assert!(it.label.starts_with(&format!("{}.", k + 1)), "{}", it.label);
        assert!(
            it.text.trim_end().ends_with('）'),
            "clause kept in {}",
            it.id
        );
    }
    assert_eq!(node(&d, "3-2-5").title, "提高学前教育普惠水平");
    assert_eq!(node(&d, "3-7-27").title, "完善校园安全防控体系");
    assert!(d.tables.is_empty());
    assert_eq!(d.trailer.len(), 1);
    assert!(d.trailer[0].starts_with("附件"));
    assert!(!d.preamble.is_empty());
}

#[test]
fn yiyuan() {
    let d = seed(YIYUAN);
    let n = d.notice.as_ref().expect("notice");
    assert_eq!(n.doc_number, "源政字〔2023〕36号");
    assert_eq!(n.title, "关于印发沂源县教育事业发展“十四五”规划的通知");
    assert_eq!(n.issuers, vec!["沂源县人民政府"]);
    assert_eq!(d.meta.doc_number, "源政字〔2023〕36号");
    assert_eq!(d.meta.written, "2023-03-14");
    assert_eq!(d.meta.issued, "2023-04-27");
    assert!(d.meta.public);
    assert_eq!(d.meta.period, Some([2021, 2025]));
    assert_eq!(d.meta.period_text, "十四五");
    assert_eq!(d.meta.slug, "yi-yuan-xian-2021");
    assert_eq!(sections_per_part(&d), vec![3, 7, 3]);
    assert_eq!(
        children_per_section(&d, 1, NodeKind::Item),
        vec![8, 7, 5, 6, 4, 6, 6]
    );
    assert_eq!(count(&d, NodeKind::Item), 42);
    assert!(d.trailer.iter().any(|t| t.ends_with("印发")));
    let t1 = &d.tables[0];
    assert_eq!((t1.id.as_str(), t1.label.as_str()), ("table-1", "表1"));
    assert_eq!(
        t1.header,
        vec![vec!["类别", "指标", "2020年", "2025年", "属性"]]
    );
    assert_eq!(t1.rows.len(), 5);
    assert_eq!(t1.after, "1-3");
    // 13 indicators: the k-th line of each cell in a row belongs together.
    let per_row: Vec<usize> = t1
        .rows
        .iter()
        .map(|r| r[r.len() - 4].split('\n').count())
        .collect();
    assert_eq!(per_row, vec![2, 2, 3, 5, 1]);
    for r in &t1.rows {
        let n = r[r.len() - 4].split('\n').count();
        for c in &r[r.len() - 3..] {
            assert_eq!(c.split('\n').count(), n, "{r:?}");
        }
    }
    let t2 = &d.tables[1];
    assert_eq!(t2.id, "table-2");
    assert_eq!(t2.rows.len(), 18);
    assert!(t2.rows.iter().all(|r| r.len() == 3));
    // Numbers in cells (99.0, 0.31, 95.95) never become items.
    assert!(d.all_nodes().iter().all(|n| !n.label.starts_with("99")));
}

#[test]
fn minle() {
    let d = seed(MINLE);
    assert_eq!(d.meta.title, "民乐县全面推进教育强县建设实施方案");
    assert_eq!(d.meta.status, Status::Draft);
    assert_eq!(d.meta.status_text, "意见征求稿");
    assert_eq!(d.meta.region, "民乐县");
    assert_eq!(sections_per_part(&d), vec![0, 18, 0]);
    for s in &d.nodes[1].children {
        assert!(s.children.is_empty());
        assert!(s.text.contains("责任单位"), "{}", s.id);
    }
    assert_eq!(node(&d, "2-18").label, "（十八）");
    assert!(d.tables.is_empty());
}

#[test]
fn jingyan() {
    let d = seed(JINGYAN);
    assert!(d.notice.is_none());
    assert_eq!(d.meta.title, "井研县“十四五”教育发展规划");
    assert_eq!(d.meta.period, Some([2021, 2025]));
    assert_eq!(sections_per_part(&d), vec![3, 3, 3]);
    // The section printed without （三） is still a section, id by position, reported.
    let s = node(&d, "2-3");
    assert_eq!((s.kind, s.label.as_str()), (NodeKind::Section, ""));
    assert_eq!(s.title, "全面实施教育保障");
    assert!(d
        .warnings
        .iter()
        .any(|w| w.line == 79 && w.message.contains("（三）")));
    assert_eq!(count(&d, NodeKind::Item), 19);
    assert_eq!(children_per_section(&d, 0, NodeKind::Item), vec![0, 0, 2]);
    assert_eq!(children_per_section(&d, 1, NodeKind::Item), vec![5, 5, 7]);
    // Items are heading lines followed by body paragraphs.
    let it = node(&d, "2-1-1");
    assert_eq!(it.title, "大力推进新时代德育工作");
    assert!(it.text.starts_with("认真贯彻落实"));
    assert_eq!(d.tables.len(), 2);
    let t = &d.tables[0];
    assert_eq!(t.id, "table-1");
    assert_eq!(t.notes, vec!["单位：万元"]);
    assert_eq!(t.header.len(), 2, "two header rows");
    assert_eq!(t.rows.len(), 6);
    assert_eq!(t.rows[5][0], "合计");
    assert_eq!(t.after, "2-3-4");
    let t = &d.tables[1];
    assert_eq!(t.header, vec![vec!["时间", "主要工作内容", "工作目标"]]);
    assert_eq!(t.rows.len(), 5);
    assert_eq!(t.rows[4][0], "2029年");
    // The text after each table stays with its item.
    assert!(node(&d, "2-3-5").text.contains("提升学校治理现代化水平"));
}
