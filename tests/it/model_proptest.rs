//! Arbitrary text never makes the model stage panic: clause, deadline and target readers
//! slice strings by byte offsets, so feed them mixed CJK, brackets, digits and separators.

use planpress::doc::{Document, Meta, Node, NodeKind};
use planpress::model::{deadlines, duties, targets, units};
use proptest::prelude::*;

fn plan_text() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "（",
        "）",
        "(",
        ")",
        "责任单位",
        "牵头单位",
        "配合",
        "牵头",
        "：",
        ":",
        "、",
        "，",
        "；",
        "。",
        "\n",
        "到",
        "年",
        "月",
        "底前",
        "起",
        "每年",
        "２０２５",
        "2027",
        "—",
        "至",
        "达到",
        "率",
        "99.5%",
        "以上",
        "均需",
        "各学校",
        "落实",
        "县教体局",
        "长期坚持",
        " ",
        "　",
        "𠀀",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn readers_never_panic(text in plan_text(), raw in ".{0,60}") {
        for t in [&text, &raw] {
            let _ = duties::read_text(t);
            let _ = duties::read_cell(t, planpress::doc::Role::Lead);
            let _ = deadlines::find(t);
            let _ = deadlines::find_in_cell(t);
            let _ = targets::in_text("1", t);
        }
    }

    #[test]
    fn analyze_never_panics(text in plan_text(), cell in plan_text(), link in "[0-9-]{0,4}") {
        let doc = Document {
            meta: Meta { region: "某县".into(), period: Some([2021, 2025]), ..Default::default() },
            nodes: vec![Node {
                id: "1".into(),
                key: String::new(),
                kind: NodeKind::Item,
                label: "1.".into(),
                title: "任务".into(),
                text: text.clone(),
                duties: vec![],
                deadlines: vec![],
                children: vec![],
                line: 3,
                rows: vec![],
            }],
            tables: vec![planpress::doc::Table {
                id: "t".into(),
                header: vec![vec!["指标".into(), "2020年".into(), "2025年".into(), "牵头单位".into(), "完成时限".into()]],
                rows: vec![vec![cell.clone(), text.clone(), cell.clone()]],
                row_ids: vec!["t-1".into()],
                row_links: vec![link],
                ..Default::default()
            }],
            ..Default::default()
        };
        let aliases = units::propose(std::slice::from_ref(&doc));
        let p = planpress::model::analyze("t.md", &doc, &aliases);
        prop_assert_eq!(p.nodes.len(), 1);
    }
}
