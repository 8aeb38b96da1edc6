//! Facts of the five sample plans (issue #2 "Must show", `seeds/README.md`) as the model
//! stage derives them from the committed content: `model::build(load(content/))`.

use planpress::doc::{DeadlineKind, Plan, Role};
use std::collections::BTreeSet;
use std::path::Path;

fn plans() -> &'static [Plan] {
    static PLANS: std::sync::OnceLock<Vec<Plan>> = std::sync::OnceLock::new();
    PLANS.get_or_init(|| {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let loaded = planpress::load::load(&content).expect("content/ loads");
        planpress::model::build(loaded.docs, &loaded.aliases)
    })
}

fn plan(region: &str) -> &'static Plan {
    plans()
        .iter()
        .find(|p| p.region == region)
        .unwrap_or_else(|| panic!("no plan of {region}"))
}

fn leads(p: &Plan, unit: &str) -> usize {
    p.all_nodes()
        .iter()
        .filter(|n| {
            n.duties
                .iter()
                .any(|d| d.unit == unit && d.role == Role::Lead)
        })
        .count()
}

#[test]
fn shiquan_duties_come_from_annex_2() {
    let p = plan("石泉县");
    let annex = p.tables.iter().find(|t| t.label == "附件2").expect("附件2");
    assert_eq!(annex.rows.len(), 25);
    for (k, link) in annex.row_links.iter().enumerate() {
        let n = p
            .find(link)
            .unwrap_or_else(|| panic!("附件2 row {} links to `{link}`", k + 1));
        assert!(
            n.duties.iter().all(|d| d.source == "table"),
            "{}: the body has no clauses",
            n.id
        );
        assert!(n.rows.contains(&annex.row_ids[k]));
    }
    assert_eq!(p.nodes_with_duties().len(), 25);
    assert_eq!(leads(p, "县委改革办"), 1);
    assert_eq!(leads(p, "县教体局"), 24);
    // 完成时限 cells reach the actions: every action has a dated deadline.
    for n in p.actions() {
        assert!(
            n.deadlines.iter().any(|d| d.year.is_some()),
            "{} has no dated deadline",
            n.id
        );
    }
    // 附件1's yearly rows restate no action: their 完成时限 stays on the rows.
    let a1: Vec<_> = p
        .row_deadlines
        .iter()
        .filter(|(id, _)| id.starts_with("annex1"))
        .collect();
    assert_eq!(a1.len(), 3);
    assert_eq!(a1[0].1[0].text, "2025年8月前");
    assert_eq!((a1[0].1[0].year, a1[0].1[0].month), (Some(2025), Some(8)));
}

#[test]
fn jingyuan_aliases_merge_two_names() {
    let p = plan("泾源县");
    assert_eq!(p.nodes_with_duties().len(), 27);
    let offices = p.offices();
    assert_eq!(offices.len(), 27, "{offices:?}");
    assert!(offices.contains("各乡镇"));
    assert!(offices.contains("县委统战部") && !offices.contains("统战部"));
    assert!(offices.contains("县委政法委") && !offices.contains("政法委"));
    let printed: BTreeSet<&str> = p
        .all_nodes()
        .into_iter()
        .flat_map(|n| n.duties.iter())
        .map(|d| {
            if d.printed.is_empty() {
                d.unit.as_str()
            } else {
                d.printed.as_str()
            }
        })
        .collect();
    assert_eq!(printed.len(), 29, "{printed:?}");
    assert_eq!(p.nodes_of("教育体育局").len(), 27);
    // 10. 2024年投入使用 and 5. 到2024年投入使用.
    let dl: Vec<_> = p
        .all_nodes()
        .into_iter()
        .flat_map(|n| &n.deadlines)
        .collect();
    assert!(dl
        .iter()
        .any(|d| d.text == "2024年投入使用" && d.kind == DeadlineKind::In));
    assert!(dl.iter().any(|d| d.text == "每学期" && d.year.is_none()));
}

#[test]
fn yiyuan_clauses_and_indicators() {
    let p = plan("沂源县");
    assert_eq!(p.nodes_with_duties().len(), 45);
    assert_eq!(p.nodes_of("县教育和体育局").len(), 39);
    let table: Vec<_> = p
        .targets
        .iter()
        .filter(|t| t.baseline_year == Some(2020))
        .collect();
    assert_eq!(table.len(), 13);
    assert!(table.iter().all(|t| t.year == Some(2025)));
    let per_category = |c: &str| table.iter().filter(|t| t.category == c).count();
    assert_eq!(
        (
            per_category("学前教育"),
            per_category("义务教育"),
            per_category("高中阶段教育"),
            per_category("教师队伍")
        ),
        (2, 2, 3, 5)
    );
    let years = table
        .iter()
        .find(|t| t.indicator.starts_with("劳动年龄人口平均受教育年限"))
        .expect("the merged-cell row");
    assert_eq!(
        (years.baseline.as_str(), years.value.as_str()),
        ("11.9", "12.2")
    );
    assert!(table.iter().all(|t| t.nature == "预期性"));
}

#[test]
fn minle_collective_duty_and_targets() {
    let p = plan("民乐县");
    assert_eq!(p.nodes_with_duties().len(), 18);
    assert_eq!(p.nodes_of("各学校").len(), 18);
    assert!(p.meta.collective.contains(&"各学校".to_string()));
    let t = p
        .targets
        .iter()
        .find(|t| t.indicator == "学前三年毛入园率" && t.year == Some(2027))
        .expect("学前三年毛入园率 by 2027");
    assert_eq!(t.value, "99.95%以上");
    assert!(p.find(&t.source).is_some());
    assert!(p
        .targets
        .iter()
        .any(|t| t.year == Some(2035) && t.indicator == "劳动年龄人口平均受教育年限"));
}

#[test]
fn jingyan_has_no_duties_and_reports_its_defects() {
    let p = plan("井研县");
    assert_eq!(p.duty_count(), 0);
    assert!(p.offices().is_empty());
    assert!(p.warnings.len() >= 2, "{:?}", p.warnings);
    assert!(p.warnings.iter().any(|w| w.message.contains("（三）")));
    let late: Vec<_> = p
        .warnings
        .iter()
        .filter(|w| w.message.contains("2029年"))
        .collect();
    assert_eq!(late.len(), 1, "{:?}", p.warnings);
    assert!(late[0].line > 0);
    // Kept as printed, not corrected to 2025.
    let dated_2029 = p
        .all_nodes()
        .iter()
        .flat_map(|n| n.deadlines.iter())
        .chain(p.row_deadlines.values().flatten())
        .filter(|d| d.year == Some(2029))
        .count();
    assert_eq!(dated_2029, 1);
}

#[test]
fn baselines_and_named_periods_are_not_deadlines() {
    for p in plans() {
        for n in p.all_nodes() {
            for d in &n.deadlines {
                assert!(
                    !(d.year == Some(2020) && d.kind == DeadlineKind::In),
                    "{}: {} read as a deadline",
                    n.id,
                    d.text
                );
                assert_ne!(d.end_year, Some(2035), "{}: {}", n.id, d.text);
            }
        }
    }
}
