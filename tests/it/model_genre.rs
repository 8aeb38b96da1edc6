//! The model stage on a content file written for the genre, not taken from the seeds:
//! labeled and suffixed clauses, a clause line of its own, half-width punctuation, a task
//! table linked to items, a collective note, spaced and full-width years.

use planpress::doc::{DeadlineKind, Role};
use planpress::model::units;

const PLAN: &str = r#"---
title: 某某县义务教育优质均衡发展三年行动方案（2024—2026年）
slug: moumou-2024
region: 某某县
period: [2024, 2026]
period_text: 2024—2026年
source: seeds/moumou.txt
tables:
- id: annex1
  label: 附件1
  caption: 重点任务清单
  header:
  - - 序号
    - 任务
    - "牵头\n单位"
    - 配合单位
    - 完成时限
  rows:
  - - '1'
    - 改善办学条件
    - 县教育局
    - 县财政局、县住建局
    - "2025年\n底前"
  - - '2'
    - 迎接国家评估
    - 县教育局
    - 各镇人民政府
    - 2028年
  row_ids:
  - annex1-1
  - annex1-2
  row_links:
  - 2-1-1
  - ''
  line: 40
---

# 一、总体目标 {#1 .part}

到 2026 年，全县义务教育巩固率达到99.5%以上。以下任务均需各镇人民政府落实。

# 二、重点任务 {#2 .part}

## （一）补齐短板 {#2-1 .section}

### 1.改善办学条件 {#2-1-1 .item}

２０２５年底前完成薄弱学校改造。(牵头单位:县教育局;配合单位:县发改局,统战部)

### 2.加强教师队伍 {#2-1-2 .item}

每学期开展一次全员培训，长期坚持。

责任单位：县人社局、县委编办

### 3.推进集团化办学 {#2-1-3 .item}

（县教育局牵头，县财政局配合）力争2025年度实现全覆盖。

### 4.规范办学行为 {#2-1-4 .item}

（责任单位：待有关部门研究确定）
"#;

#[test]
fn a_plan_of_the_genre() {
    let doc = planpress::content::parse("content/plans/moumou.md", PLAN).expect("parses");
    // 统战部 → 县委统战部 only where the long name is printed: add it to another plan of
    // the same county and let the proposal find it.
    let mut other = doc.clone();
    other.nodes[0].text = "（责任单位：县委统战部）".into();
    let aliases = units::propose(&[doc.clone(), other]);
    assert_eq!(aliases.resolve("某某县", "统战部"), "县委统战部");
    let p = planpress::model::analyze("content/plans/moumou.md", &doc, &aliases);

    let duties = |id: &str| -> Vec<(String, Role, String)> {
        p.find(id)
            .unwrap_or_else(|| panic!("{id}"))
            .duties
            .iter()
            .map(|d| (d.unit.clone(), d.role, d.source.clone()))
            .collect()
    };
    let d = |u: &str, r: Role, s: &str| (u.to_string(), r, s.to_string());
    assert_eq!(
        duties("2-1-1"),
        vec![
            d("县教育局", Role::Lead, "clause"),
            d("县发改局", Role::Cooperating, "clause"),
            d("县委统战部", Role::Cooperating, "clause"),
            d("县财政局", Role::Cooperating, "table"),
            d("县住建局", Role::Cooperating, "table"),
            d("各镇人民政府", Role::Responsible, "plan"),
        ]
    );
    let united = &p.find("2-1-1").unwrap().duties[2];
    assert_eq!(united.printed, "统战部");
    assert_eq!(
        duties("2-1-2"),
        vec![
            d("县人社局", Role::Responsible, "clause"),
            d("县委编办", Role::Responsible, "clause"),
            d("各镇人民政府", Role::Responsible, "plan"),
        ]
    );
    assert_eq!(
        duties("2-1-3"),
        vec![
            d("县教育局", Role::Lead, "clause"),
            d("县财政局", Role::Cooperating, "clause"),
            d("各镇人民政府", Role::Responsible, "plan"),
        ]
    );
    // The unreadable clause gives no office and a warning at its node's line.
    assert_eq!(
        duties("2-1-4"),
        vec![d("各镇人民政府", Role::Responsible, "plan")]
    );
    let n4 = p.find("2-1-4").unwrap();
    assert!(p
        .warnings
        .iter()
        .any(|w| w.line == n4.line && w.message.contains("待有关部门研究确定")));

    // Deadlines: full-width digits, cell broken over lines, recurring and ongoing.
    let dl = |id: &str| -> Vec<(Option<i32>, DeadlineKind, String)> {
        p.find(id)
            .unwrap()
            .deadlines
            .iter()
            .map(|d| (d.year, d.kind, d.text.clone()))
            .collect()
    };
    assert_eq!(
        dl("2-1-1"),
        vec![
            (Some(2025), DeadlineKind::By, "２０２５年底前".to_string()),
            // From the 完成时限 cell `2025年` / `底前` of the linked row.
            (Some(2025), DeadlineKind::By, "2025年底前".to_string()),
        ]
    );
    assert_eq!(
        dl("2-1-2"),
        vec![
            (None, DeadlineKind::Recurring, "每学期".to_string()),
            (None, DeadlineKind::Ongoing, "长期坚持".to_string()),
        ]
    );
    assert_eq!(
        dl("2-1-3"),
        vec![(Some(2025), DeadlineKind::In, "力争2025年度".to_string())]
    );
    assert_eq!(dl("1")[0].2, "到 2026 年");

    // The unlinked row: its units are reported, its 2028年 kept on the row and reported
    // as outside 2024–2026.
    assert_eq!(p.row_deadlines["annex1-2"][0].year, Some(2028));
    // Both warnings name the row's line in this content file (`- - '2'`) and its id.
    let at_row: Vec<_> = p
        .warnings
        .iter()
        .filter(|w| w.line == 24 && w.message.starts_with("annex1-2 "))
        .collect();
    assert_eq!(at_row.len(), 2, "{:?}", p.warnings);
    assert_eq!(PLAN.lines().nth(23), Some("  - - '2'"));

    // A target with its year from the paragraph.
    assert_eq!(p.targets.len(), 1);
    let t = &p.targets[0];
    assert_eq!(
        (
            t.indicator.as_str(),
            t.value.as_str(),
            t.year,
            t.source.as_str()
        ),
        ("义务教育巩固率", "99.5%以上", Some(2026), "1")
    );
    assert_eq!(p.meta.collective, vec!["各镇人民政府".to_string()]);
}
