//! Hand-made plans shared by the graph tests: 泾源-, 石泉-, 沂源- and 井研-like.
#![allow(dead_code)]

use planpress::doc::Aliases;
use planpress::doc::{
    Deadline, DeadlineKind, Duty, Meta, Node, NodeKind, Plan, Role, Status, Table, Target,
};
use planpress::load::Departments;
use std::collections::BTreeMap;

pub fn node(id: &str, kind: NodeKind, label: &str, title: &str) -> Node {
    Node {
        id: id.into(),
        key: String::new(),
        kind,
        label: label.into(),
        title: title.into(),
        text: String::new(),
        duties: vec![],
        deadlines: vec![],
        children: vec![],
        line: 0,
        rows: vec![],
    }
}

pub fn duty(unit: &str, role: Role) -> Duty {
    Duty {
        unit: unit.into(),
        role,
        printed: String::new(),
        source: "clause".into(),
    }
}

pub fn printed(unit: &str, as_printed: &str) -> Duty {
    Duty {
        printed: as_printed.into(),
        ..duty(unit, Role::Responsible)
    }
}

pub fn dl(year: Option<i32>, month: Option<u32>, kind: DeadlineKind, text: &str) -> Deadline {
    Deadline {
        year,
        month,
        end_year: None,
        end_month: None,
        kind,
        text: text.into(),
        phrase: String::new(),
    }
}

pub fn plan(slug: &str, region: &str, period: Option<[i32; 2]>, nodes: Vec<Node>) -> Plan {
    Plan {
        slug: slug.into(),
        title: format!("{region}教育方案"),
        region: region.into(),
        status: Status::Final,
        period,
        doc_number: String::new(),
        issued: String::new(),
        meta: Meta::default(),
        notice: None,
        preamble: vec![],
        nodes,
        tables: vec![],
        trailer: vec![],
        targets: vec![],
        warnings: vec![],
        file: String::new(),
        row_deadlines: Default::default(),
        row_duties: Default::default(),
        defects: vec![],
    }
}

/// 泾源-like: items with responsibility clauses, two names printed two ways, 各乡镇.
pub fn jingyuan() -> Plan {
    let mut part = node("3", NodeKind::Part, "三、", "主要任务");
    let mut sec = node("3-1", NodeKind::Section, "（一）", "落实立德树人");
    let mut i1 = node("3-1-1", NodeKind::Item, "1.", "铸魂育人");
    i1.duties = vec![
        duty("县委宣传部", Role::Responsible),
        duty("教育体育局", Role::Responsible),
        duty("县委统战部", Role::Responsible),
    ];
    i1.deadlines = vec![dl(Some(2025), None, DeadlineKind::By, "到2025年")];
    let mut i2 = node("3-1-2", NodeKind::Item, "2.", "平安校园");
    i2.duties = vec![
        duty("教育体育局", Role::Lead),
        printed("县委统战部", "统战部"),
        printed("县委政法委", "政法委"),
        duty("各乡镇", Role::Responsible),
    ];
    i2.deadlines = vec![
        dl(Some(2024), Some(8), DeadlineKind::By, "2024年8月前"),
        dl(None, None, DeadlineKind::Recurring, "每年"),
        dl(Some(2025), Some(3), DeadlineKind::In, "2025年3月"),
    ];
    let mut i3 = node("3-1-3", NodeKind::Item, "3.", "长期任务");
    i3.duties = vec![duty("教育体育局", Role::Responsible)];
    i3.deadlines = vec![
        dl(None, None, DeadlineKind::Ongoing, "长期坚持"),
        dl(Some(2023), Some(12), DeadlineKind::By, "2023年底前"),
    ];
    sec.children = vec![i1, i2, i3];
    part.children = vec![sec];
    plan("jingyuan-2023", "泾源县", Some([2023, 2025]), vec![part])
}

/// 石泉-like: inline actions, lead from a table.
pub fn shiquan() -> Plan {
    let mut part = node("2", NodeKind::Part, "二、", "行动");
    let mut sec = node("2-1", NodeKind::Section, "（一）", "改革");
    let mut a1 = node("2-1-1", NodeKind::Inline, "一要", "深化改革");
    a1.duties = vec![
        duty("县委改革办", Role::Lead),
        duty("县教体局", Role::Responsible),
    ];
    a1.deadlines = vec![dl(Some(2025), Some(8), DeadlineKind::By, "2025年8月前")];
    let mut a2 = node("2-1-2", NodeKind::Inline, "二要", "加强师资");
    a2.duties = vec![
        duty("县教体局", Role::Lead),
        duty("县财政局", Role::Responsible),
        duty("县委改革办", Role::Cooperating),
    ];
    sec.children = vec![a1, a2];
    part.children = vec![sec];
    let mut p = plan("shiquan-2024", "石泉县", Some([2024, 2027]), vec![part]);
    p.status = Status::Draft;
    p.tables = vec![Table {
        id: "annex1".into(),
        label: "附件1".into(),
        caption: "年度目标".into(),
        rows: vec![vec![
            "1".into(),
            "2025年".into(),
            "教育质量\n稳步提升".into(),
        ]],
        row_ids: vec!["annex1-1".into()],
        row_links: vec![String::new()],
        ..Default::default()
    }];
    p.row_deadlines.insert(
        "annex1-1".into(),
        vec![dl(Some(2025), Some(8), DeadlineKind::By, "2025年8月前")],
    );
    p
}

/// 沂源-like: targets from an indicator table and from a clause.
pub fn yiyuan() -> Plan {
    let mut part = node("1", NodeKind::Part, "一、", "目标");
    let mut sec = node("1-1", NodeKind::Section, "（一）", "主要目标");
    sec.duties = vec![duty("县教育和体育局", Role::Responsible)];
    part.children = vec![sec];
    let mut p = plan("yiyuan-2021", "沂源县", Some([2021, 2025]), vec![part]);
    p.tables = vec![Table {
        id: "table-1".into(),
        label: "表1".into(),
        caption: "主要发展指标".into(),
        rows: vec![vec!["a".into()], vec!["b".into()]],
        row_ids: vec!["table-1-1".into(), "table-1-2".into()],
        row_links: vec![String::new(), String::new()],
        ..Default::default()
    }];
    p.targets = vec![
        Target {
            indicator: "学前三年毛入园率（%）".into(),
            category: "学前教育".into(),
            baseline: "95.95".into(),
            baseline_year: Some(2020),
            value: "99".into(),
            year: Some(2025),
            nature: "预期性".into(),
            source: "table-1-2".into(),
        },
        Target {
            indicator: "义务教育巩固率".into(),
            category: String::new(),
            baseline: String::new(),
            baseline_year: None,
            value: "100%".into(),
            year: Some(2030),
            nature: String::new(),
            source: "1-1".into(),
        },
        Target {
            indicator: "不存在的出处".into(),
            category: String::new(),
            baseline: String::new(),
            baseline_year: None,
            value: "1".into(),
            year: None,
            nature: String::new(),
            source: "nowhere".into(),
        },
    ];
    p
}

/// 井研-like: a plan without a single clause.
pub fn jingyan() -> Plan {
    let part = node("1", NodeKind::Part, "一、", "发展基础");
    plan("jingyan-2021", "井研县", Some([2021, 2025]), vec![part])
}

pub fn all() -> Vec<Plan> {
    vec![jingyuan(), shiquan(), yiyuan(), jingyan()]
}

pub fn departments() -> Departments {
    Departments::parse(
        "departments.yaml",
        "- slug: education\n  name: 教育行政部门\n  offices: [教体局, 教育体育局, 教育和体育局, 教育局]\n\
         - slug: finance\n  name: 财政部门\n  offices: [财政局]\n\
         - slug: united-front\n  name: 统战部门\n  offices: [统战部]\n",
    )
    .unwrap()
}

pub fn aliases() -> Aliases {
    let mut a = Aliases::default();
    let mut jy = BTreeMap::new();
    jy.insert("县委统战部".to_string(), vec!["统战部".to_string()]);
    jy.insert("县委政法委".to_string(), vec!["政法委".to_string()]);
    a.counties.insert("泾源县".into(), jy);
    a
}
