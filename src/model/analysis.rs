//! Analysis of one document into a [`Plan`]: duties, deadlines and targets derived from
//! the text and tables, and the warnings that derivation raises.
//!
//! Warnings of this stage carry the line of the node (its heading in the content file) or
//! of the table caption, and say what was kept: nothing is changed or dropped silently.

use super::{columns, deadlines, duties, targets};
use crate::doc::{
    Aliases, Deadline, DeadlineKind, Defect, Document, Duty, Node, Plan, Role, Table, Warning,
};
use std::collections::BTreeMap;

/// Analyse one document. `aliases` resolves office names within the document's region.
/// The plan starts as one copy of the document; each pass adds to it, reading earlier ones.
pub fn analyze(file: &str, d: &Document, aliases: &Aliases) -> Plan {
    let offices = Offices {
        aliases,
        region: &d.meta.region,
    };
    let mut plan = shell(d, file);
    let collective = clauses(&mut plan, &offices);
    let from_tables = table_rows(&mut plan, &offices);
    collective_duties(&mut plan, &offices, collective);
    table_targets(&mut plan);
    let (outside, defects) = period_warnings(&plan, &from_tables);
    plan.warnings.extend(outside);
    plan.defects.extend(defects);
    text_defects(&mut plan);
    plan
}

/// Pass: defects of the text itself, reported to staff and shown to readers where they are:
/// a heading printed without its number (井研's `全面实施教育保障。` with no （三）), a character
/// the source lost (`�`).
fn text_defects(plan: &mut Plan) {
    let mut warnings = Vec::new();
    let mut defects = Vec::new();
    // Headings printed without their number among numbered siblings of the same kind (a
    // document whose headings carry no numbers at all is written that way, not damaged).
    let mut unlabeled: Vec<&Node> = Vec::new();
    fn walk<'a>(siblings: &'a [Node], out: &mut Vec<&'a Node>) {
        for n in siblings {
            if n.label.is_empty()
                && n.kind != crate::doc::NodeKind::Inline
                && siblings
                    .iter()
                    .any(|o| o.kind == n.kind && !o.label.is_empty())
            {
                out.push(n);
            }
            walk(&n.children, out);
        }
    }
    walk(&plan.nodes, &mut unlabeled);
    for n in plan.all_nodes() {
        let number = n.id.rsplit('-').next().and_then(|x| x.parse::<u32>().ok());
        if unlabeled.iter().any(|u| std::ptr::eq(*u, n)) {
            let expected = match (n.kind, number) {
                (crate::doc::NodeKind::Part, Some(k)) => format!("{}、", crate::label::han(k)),
                (crate::doc::NodeKind::Section, Some(k)) => {
                    format!("（{}）", crate::label::han(k))
                }
                _ => String::new(),
            };
            warnings.push(Warning {
                line: n.line,
                message: format!(
                    "{} `{}` has no printed label{}; kept as printed",
                    n.id,
                    n.title,
                    if expected.is_empty() {
                        String::new()
                    } else {
                        format!(" (expected {expected})")
                    }
                ),
            });
            defects.push(Defect {
                at: n.id.clone(),
                printed: n.title.clone(),
                note: if expected.is_empty() {
                    "原文这一条没有编号，按位置编排。".into()
                } else {
                    format!("原文这一条没有编号（按顺序应为“{expected}”），按位置编排。")
                },
                year: None,
            });
        }
        if n.title.contains('\u{FFFD}') || n.text.contains('\u{FFFD}') {
            warnings.push(Warning {
                line: n.line,
                message: format!("{} holds a damaged character (�); kept as printed", n.id),
            });
            defects.push(Defect {
                at: n.id.clone(),
                printed: "�".into(),
                note: "原文此处有无法识别的字符，照原样保留。".into(),
                year: None,
            });
        }
    }
    plan.warnings.extend(warnings);
    plan.defects.extend(defects);
}

/// The document as a plan with nothing derived yet (its only copy of the document).
fn shell(d: &Document, file: &str) -> Plan {
    Plan {
        slug: d.meta.slug.clone(),
        title: d.meta.title.clone(),
        region: d.meta.region.clone(),
        status: d.meta.status,
        period: d.meta.period,
        doc_number: d.meta.doc_number.clone(),
        issued: if d.meta.issued.is_empty() {
            d.meta.written.clone()
        } else {
            d.meta.issued.clone()
        },
        meta: d.meta.clone(),
        notice: d.notice.clone(),
        preamble: d.preamble.clone(),
        nodes: d.nodes.clone(),
        tables: d.tables.clone(),
        trailer: d.trailer.clone(),
        targets: vec![],
        warnings: d.warnings.clone(),
        file: file.to_string(),
        row_deadlines: BTreeMap::new(),
        row_duties: BTreeMap::new(),
        defects: vec![],
    }
}

/// Office names as the plan's county knows them.
struct Offices<'a> {
    aliases: &'a Aliases,
    region: &'a str,
}

impl Offices<'_> {
    /// A duty of the office printed as `name`, under its canonical name.
    fn duty(&self, name: &str, role: Role, source: &str) -> Duty {
        let unit = self.aliases.resolve(self.region, name).to_string();
        let printed = if unit == name {
            String::new()
        } else {
            name.to_string()
        };
        Duty {
            unit,
            role,
            printed,
            source: source.to_string(),
        }
    }
}

/// Add `duty` unless its office already holds that role in `list`.
fn push_duty(list: &mut Vec<Duty>, duty: Duty) {
    if !list
        .iter()
        .any(|x| x.unit == duty.unit && x.role == duty.role)
    {
        list.push(duty);
    }
}

/// Pass: each node's duties, deadlines and targets from its own text; returns plan-wide holders.
fn clauses(plan: &mut Plan, offices: &Offices) -> Vec<String> {
    let period = plan.period;
    let Plan {
        nodes,
        warnings,
        targets: found_targets,
        ..
    } = plan;
    let mut collective: Vec<String> = Vec::new();
    for_each_mut(nodes, &mut |n| {
        let text = if n.text.is_empty() {
            n.title.clone()
        } else {
            format!("{}\n{}", n.title, n.text)
        };
        let found = duties::read_text(&text);
        for named in &found.names {
            push_duty(
                &mut n.duties,
                offices.duty(&named.name, named.role, "clause"),
            );
        }
        for c in found.collective {
            if !collective.contains(&c) {
                collective.push(c);
            }
        }
        for p in found.problems {
            warnings.push(Warning {
                line: n.line,
                message: format!("{} {}{}: {p}", n.id, n.label, n.title),
            });
        }
        for dl in deadlines::find(&text) {
            push_deadline(&mut n.deadlines, dl);
        }
        found_targets.extend(targets::in_text_within(&n.id, &text, period));
    });
    collective
}

/// Pass: duties and deadlines of task-table rows, on the node a row restates or on the row.
fn table_rows(plan: &mut Plan, offices: &Offices) -> Vec<TableDeadline> {
    // A plan whose only structure is a task table has no clause a row could restate: its
    // rows are its tasks, and an unlinked row is no defect (not warned about).
    let has_actions = !plan.actions().is_empty();
    let Plan {
        nodes,
        tables,
        warnings,
        row_deadlines,
        row_duties,
        ..
    } = plan;
    let mut from_tables: Vec<TableDeadline> = Vec::new();
    for t in tables.iter() {
        let unit_cols = columns::unit_columns(t).unwrap_or_default();
        let time_cols = columns::time_columns(t);
        if unit_cols.is_empty() && time_cols.is_empty() {
            continue;
        }
        let rows = columns::filled_rows(t, &unit_cols, &time_cols);
        for (k, cells) in rows.iter().enumerate() {
            let row_id = t
                .row_ids
                .get(k)
                .cloned()
                .unwrap_or_else(|| format!("{}-{}", t.id, k + 1));
            let link = t.row_links.get(k).map(String::as_str).unwrap_or("");
            let (names, dls) = read_row(t, k, cells, &unit_cols, &time_cols, warnings);
            let target = if link.is_empty() {
                None
            } else {
                let found = find_mut(nodes, link);
                if found.is_none() {
                    warnings.push(t.warning(
                        Some(k),
                        format!(
                            "{} row {}: linked to node `{link}`, which does not exist",
                            table_name(t),
                            k + 1
                        ),
                    ));
                }
                found
            };
            match target {
                Some(n) => {
                    for named in &names {
                        push_duty(
                            &mut n.duties,
                            offices.duty(&named.name, named.role, "table"),
                        );
                    }
                    if !n.rows.contains(&row_id) {
                        n.rows.push(row_id.clone());
                    }
                    for dl in dls {
                        from_tables.push((
                            n.id.clone(),
                            dl.clone(),
                            t.warning(Some(k), format!("{} row {}", table_name(t), k + 1)),
                        ));
                        push_deadline(&mut n.deadlines, dl);
                    }
                }
                None => {
                    // An unlinked row keeps its offices as the row's own duties; where the
                    // plan has actions it might restate, staff are told to link it.
                    if !names.is_empty() {
                        let mut list: Vec<Duty> = Vec::new();
                        for named in &names {
                            push_duty(&mut list, offices.duty(&named.name, named.role, "table"));
                        }
                        row_duties.insert(row_id.clone(), list);
                    }
                    if !names.is_empty() && has_actions {
                        warnings.push(t.warning(
                            Some(k),
                            format!(
                                "{} row {} names offices but restates no clause of the plan; \
                                 its duties are kept on the row (row_duties), not on an action, \
                                 until the row is linked (row_links)",
                                table_name(t),
                                k + 1
                            ),
                        ));
                    }
                    if !dls.is_empty() {
                        row_deadlines.insert(row_id, dls);
                    }
                }
            }
        }
    }
    from_tables
}

/// The offices and deadlines row `k` of `t` names (cells by column, merged ones filled),
/// with a warning for each unit cell that cannot be read.
fn read_row(
    t: &Table,
    k: usize,
    cells: &[Option<String>],
    unit_cols: &[(usize, Role)],
    time_cols: &[usize],
    warnings: &mut Vec<Warning>,
) -> (Vec<duties::Named>, Vec<Deadline>) {
    let mut names = Vec::new();
    for (i, role) in unit_cols {
        let Some(Some(cell)) = cells.get(*i) else {
            continue;
        };
        let f = duties::read_cell(cell, *role);
        names.extend(f.names);
        for p in f.problems {
            warnings.push(t.warning(Some(k), format!("{} row {}: {p}", table_name(t), k + 1)));
        }
    }
    let mut dls = Vec::new();
    for i in time_cols {
        if let Some(Some(cell)) = cells.get(*i) {
            for dl in deadlines::find_in_cell(cell) {
                push_deadline(&mut dls, dl);
            }
        }
    }
    (names, dls)
}

/// Pass: a duty on every action for each plan-wide holder (以下任务均需各学校落实 → 各学校).
fn collective_duties(plan: &mut Plan, offices: &Offices, mut collective: Vec<String>) {
    for c in &plan.meta.collective {
        if !collective.contains(c) {
            collective.push(c.clone());
        }
    }
    if !collective.is_empty() {
        let ids: Vec<String> = plan.actions().iter().map(|n| n.id.clone()).collect();
        for id in ids {
            if let Some(n) = find_mut(&mut plan.nodes, &id) {
                for c in &collective {
                    let duty = offices.duty(c, Role::Responsible, "plan");
                    if !n.duties.iter().any(|x| x.unit == duty.unit) {
                        push_duty(&mut n.duties, duty);
                    }
                }
            }
        }
    }
    for c in collective {
        if !plan.meta.collective.contains(&c) {
            plan.meta.collective.push(c);
        }
    }
}

/// Pass: the targets of indicator tables.
fn table_targets(plan: &mut Plan) {
    let Plan {
        tables,
        targets: found_targets,
        warnings,
        ..
    } = plan;
    for t in tables.iter() {
        if let Some(ts) = targets::in_table(t, warnings) {
            found_targets.extend(ts);
        }
    }
}

/// The same deadline stated twice (in the text and its task-table row) is listed once; a
/// phrase one of them gives is kept.
fn push_deadline(list: &mut Vec<Deadline>, d: Deadline) {
    let same = |o: &Deadline| {
        (o.year, o.month, o.end_year, o.end_month, o.kind, &o.text)
            == (d.year, d.month, d.end_year, d.end_month, d.kind, &d.text)
            && (o.phrase == d.phrase || o.phrase.is_empty() || d.phrase.is_empty())
    };
    match list.iter_mut().find(|o| same(o)) {
        Some(o) if o.phrase.is_empty() => o.phrase = d.phrase,
        Some(_) => {}
        None => list.push(d),
    }
}

fn table_name(t: &Table) -> String {
    match (t.label.is_empty(), t.caption.is_empty()) {
        (false, false) => format!("{} {}", t.label, t.caption),
        (false, true) => t.label.clone(),
        (true, false) => t.caption.clone(),
        (true, true) => t.id.clone(),
    }
}

fn for_each_mut(nodes: &mut [Node], f: &mut dyn FnMut(&mut Node)) {
    for n in nodes {
        f(n);
        for_each_mut(&mut n.children, f);
    }
}

fn find_mut<'a>(nodes: &'a mut [Node], id: &str) -> Option<&'a mut Node> {
    for n in nodes {
        if n.id == id {
            return Some(n);
        }
        if let Some(c) = find_mut(&mut n.children, id) {
            return Some(c);
        }
    }
    None
}

/// A deadline a table row gave a node: (node id, deadline, the row's line and name as a
/// warning about it starts: `<row id> <table> row k`).
type TableDeadline = (String, Deadline, Warning);

/// Pass: deadlines outside the plan's period, reported with their line and never changed.
///
/// A `到2035年` goal in the text of a 2021–2025 plan is a long-range vision plans state on
/// purpose, so text deadlines of kind `by` past the period's end are accepted; everything
/// else outside the period (a table row dated 2029年 in a 2021–2025 plan, a `2019年完成`) is
/// reported.
fn period_warnings(plan: &Plan, from_tables: &[TableDeadline]) -> (Vec<Warning>, Vec<Defect>) {
    let Some([start, end]) = plan.period else {
        return (vec![], vec![]);
    };
    let outside = |y: i32| y < start || y > end;
    let mut out = Vec::new();
    let mut defects = Vec::new();
    let defect = |at: &str, dl: &Deadline| Defect {
        at: at.to_string(),
        printed: dl.text.clone(),
        note: format!(
            "这一年份在规划期（{start}—{end}年）之外，可能是原文笔误；本站照原样列出，未作改动。"
        ),
        year: deadlines::years(dl).find(|y| outside(*y)),
    };
    let span = if plan.meta.period_text.is_empty() {
        format!("{start}–{end}")
    } else {
        format!("{} ({start}–{end})", plan.meta.period_text)
    };
    for n in plan.all_nodes() {
        for dl in &n.deadlines {
            if !deadlines::years(dl).any(outside) {
                continue;
            }
            let row = from_tables.iter().find(|(id, x, _)| *id == n.id && x == dl);
            match row {
                Some((_, _, at)) => {
                    out.push(Warning {
                        line: at.line,
                        message: format!(
                            "{} (restating {}): `{}` lies outside the plan period {span}; kept as printed",
                            at.message, n.id, dl.text
                        ),
                    });
                    defects.push(defect(&n.id, dl));
                    // The row that printed it carries the note too.
                    for t in &plan.tables {
                        for (k, rid) in t.row_ids.iter().enumerate() {
                            if t.row_links.get(k) == Some(&n.id)
                                && t.rows
                                    .get(k)
                                    .is_some_and(|r| r.iter().any(|c| c.contains(&dl.text)))
                            {
                                defects.push(defect(rid, dl));
                            }
                        }
                    }
                }
                // A `到2035年` vision in the text of a 2021–2025 plan is stated on purpose.
                None if dl.kind == DeadlineKind::By && dl.year.is_some_and(|y| y > end) => {}
                None => {
                    out.push(Warning {
                        line: n.line,
                        message: format!(
                            "{} {}{}: `{}` lies outside the plan period {span}; kept as printed",
                            n.id, n.label, n.title, dl.text
                        ),
                    });
                    defects.push(defect(&n.id, dl));
                }
            }
        }
    }
    for t in &plan.tables {
        for (k, id) in t.row_ids.iter().enumerate() {
            let Some(dls) = plan.row_deadlines.get(id) else {
                continue;
            };
            for dl in dls {
                if deadlines::years(dl).any(outside) {
                    out.push(t.warning(
                        Some(k),
                        format!(
                            "{} row {}: `{}` lies outside the plan period {span}; kept as printed",
                            table_name(t),
                            k + 1,
                            dl.text
                        ),
                    ));
                    defects.push(defect(id, dl));
                }
            }
        }
    }
    (out, defects)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Meta, NodeKind};

    fn node(id: &str, kind: NodeKind, title: &str, text: &str, children: Vec<Node>) -> Node {
        Node {
            id: id.into(),
            key: String::new(),
            kind,
            label: String::new(),
            title: title.into(),
            text: text.into(),
            duties: vec![],
            deadlines: vec![],
            children,
            line: 7,
            rows: vec![],
        }
    }

    fn meta(region: &str, period: Option<[i32; 2]>) -> Meta {
        Meta {
            region: region.into(),
            period,
            ..Default::default()
        }
    }

    fn units_of(n: &Node) -> Vec<(&str, Role, &str)> {
        n.duties
            .iter()
            .map(|d| (d.unit.as_str(), d.role, d.source.as_str()))
            .collect()
    }

    #[test]
    fn clauses_aliases_and_collective_duty() {
        let d = Document {
            meta: meta("某县", None),
            nodes: vec![node(
                "2",
                NodeKind::Part,
                "主要任务",
                "",
                vec![
                    node(
                        "2-1",
                        NodeKind::Section,
                        "加强思政",
                        "到2027年建成示范校。（责任单位：统战部、县教育局，各学校按要求落实。以下任务均需各学校落实，不再一一列出）",
                        vec![],
                    ),
                    node("2-2", NodeKind::Section, "促进成长", "每学期开展一次。（责任单位：县教育局）", vec![]),
                    node("2-3", NodeKind::Section, "办好学校", "（县委统战部牵头，县财政局配合）", vec![]),
                ],
            )],
            ..Default::default()
        };
        let mut aliases = Aliases::default();
        aliases
            .counties
            .entry("某县".into())
            .or_default()
            .insert("县委统战部".into(), vec!["统战部".into()]);
        let p = analyze("t.md", &d, &aliases);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let s1 = p.find("2-1").unwrap();
        assert_eq!(
            units_of(s1),
            vec![
                ("县委统战部", Role::Responsible, "clause"),
                ("县教育局", Role::Responsible, "clause"),
                ("各学校", Role::Responsible, "clause"),
            ]
        );
        assert_eq!(s1.duties[0].printed, "统战部");
        assert_eq!(s1.deadlines[0].year, Some(2027));
        let s2 = p.find("2-2").unwrap();
        assert!(units_of(s2).contains(&("各学校", Role::Responsible, "plan")));
        assert_eq!(s2.deadlines[0].kind, DeadlineKind::Recurring);
        let s3 = p.find("2-3").unwrap();
        assert_eq!(
            units_of(s3),
            vec![
                ("县委统战部", Role::Lead, "clause"),
                ("县财政局", Role::Cooperating, "clause"),
                ("各学校", Role::Responsible, "plan"),
            ]
        );
        assert_eq!(p.nodes_of("各学校").len(), 3);
        assert_eq!(p.meta.collective, vec!["各学校".to_string()]);
        assert_eq!(p.offices().len(), 4);
    }

    fn task_table(links: &[&str], dates: &[&str]) -> Table {
        Table {
            id: "annex2".into(),
            label: "附件2".into(),
            caption: "重点任务清单".into(),
            header: vec![vec![
                "序号".into(),
                "主要任务".into(),
                "牵头\n单位".into(),
                "责任单位".into(),
                "完成时限".into(),
            ]],
            rows: links
                .iter()
                .zip(dates)
                .enumerate()
                .map(|(i, (_, d))| {
                    vec![
                        format!("{}", i + 1),
                        "任务".into(),
                        "县教体局".into(),
                        "县财政局、\n各镇".into(),
                        d.to_string(),
                    ]
                })
                .collect(),
            row_ids: (1..=links.len()).map(|i| format!("annex2-{i}")).collect(),
            row_links: links.iter().map(|s| s.to_string()).collect(),
            line: 40,
            ..Default::default()
        }
    }

    #[test]
    fn task_table_rows_give_duties_and_deadlines_to_linked_nodes() {
        let d = Document {
            meta: meta("某县", Some([2024, 2027])),
            nodes: vec![node(
                "2",
                NodeKind::Part,
                "任务",
                "",
                vec![
                    node("2-1", NodeKind::Inline, "一要做甲", "正文。", vec![]),
                    node("2-2", NodeKind::Inline, "二要做乙", "正文。", vec![]),
                ],
            )],
            tables: vec![task_table(
                &["2-1", "", "9-9"],
                &["2024年起实施，2027年底前完成。", "2026年", "长期坚持"],
            )],
            ..Default::default()
        };
        let p = analyze("t.md", &d, &Aliases::default());
        let n = p.find("2-1").unwrap();
        assert_eq!(
            units_of(n),
            vec![
                ("县教体局", Role::Lead, "table"),
                ("县财政局", Role::Responsible, "table"),
                ("各镇", Role::Responsible, "table"),
            ]
        );
        assert_eq!(n.rows, vec!["annex2-1".to_string()]);
        let years: Vec<_> = n.deadlines.iter().map(|d| d.year).collect();
        assert_eq!(years, vec![Some(2024), Some(2027)]);
        assert!(p.find("2-2").unwrap().duties.is_empty());
        // Unlinked row and a link to a missing node are both reported with the table's line.
        let msgs: Vec<_> = p
            .warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(msgs.iter().all(|(l, _)| *l == 40));
        assert!(msgs
            .iter()
            .any(|(_, m)| m.contains("row 2") && m.contains("restates no clause")));
        assert!(msgs.iter().any(|(_, m)| m.contains("`9-9`")));
        assert_eq!(p.row_deadlines["annex2-2"][0].year, Some(2026));
    }

    #[test]
    fn deadlines_outside_the_period_are_reported_not_changed() {
        let d = Document {
            meta: meta("某县", Some([2021, 2025])),
            nodes: vec![node(
                "1",
                NodeKind::Part,
                "目标",
                "到2025年基本实现现代化，展望到2035年建成教育强县。2019年完成试点。",
                vec![],
            )],
            tables: vec![Table {
                id: "table-2".into(),
                caption: "督导规划表".into(),
                header: vec![vec![
                    "时  间".into(),
                    "主要工作内容".into(),
                    "工作目标".into(),
                ]],
                rows: vec![
                    vec!["2024年".into(), "推进".into(), "目标".into()],
                    vec!["2029年".into(), "迎检".into(), "目标".into()],
                ],
                row_ids: vec!["table-2-1".into(), "table-2-2".into()],
                line: 182,
                ..Default::default()
            }],
            ..Default::default()
        };
        let p = analyze("t.md", &d, &Aliases::default());
        let msgs: Vec<_> = p
            .warnings
            .iter()
            .map(|w| (w.line, w.message.clone()))
            .collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs
            .iter()
            .any(|(l, m)| *l == 182 && m.contains("row 2") && m.contains("2029年")));
        assert!(msgs
            .iter()
            .any(|(l, m)| *l == 7 && m.contains("2019年完成")));
        assert_eq!(
            p.row_deadlines["table-2-2"][0].year,
            Some(2029),
            "kept as printed"
        );
        assert_eq!(p.deadline_count(), 3 + 2);
    }

    #[test]
    fn a_linked_row_out_of_period_is_reported_at_the_table() {
        let mut t = Table {
            id: "table-2".into(),
            caption: "督导规划表".into(),
            header: vec![vec!["时间".into(), "主要工作内容".into()]],
            rows: vec![vec!["2029年".into(), "迎检".into()]],
            row_ids: vec!["table-2-1".into()],
            row_links: vec!["1".into()],
            line: 182,
            ..Default::default()
        };
        let d = Document {
            meta: meta("某县", Some([2021, 2025])),
            nodes: vec![node("1", NodeKind::Item, "迎检", "做好迎检。", vec![])],
            tables: vec![t.clone()],
            ..Default::default()
        };
        let p = analyze("t.md", &d, &Aliases::default());
        assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
        assert_eq!(p.warnings[0].line, 182);
        assert!(p.warnings[0].message.contains("row 1 (restating 1)"));
        assert_eq!(p.nodes[0].deadlines[0].year, Some(2029));
        // The same year as a `到2029年` vision in the text is not reported.
        t.row_links = vec![String::new()];
        t.rows[0][0] = "2024年".into();
        let d = Document {
            nodes: vec![node(
                "1",
                NodeKind::Item,
                "迎检",
                "到2029年全面实现。",
                vec![],
            )],
            tables: vec![t],
            ..d
        };
        let p = analyze("t.md", &d, &Aliases::default());
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    #[test]
    fn unreadable_clause_becomes_a_warning_with_line() {
        let d = Document {
            meta: meta("某县", None),
            nodes: vec![node(
                "1",
                NodeKind::Item,
                "做事",
                "（责任单位：待定，2024年前明确）",
                vec![],
            )],
            ..Default::default()
        };
        let p = analyze("t.md", &d, &Aliases::default());
        assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
        assert!(p.warnings.iter().all(|w| w.line == 7));
        assert!(p.nodes[0].duties.is_empty(), "{:?}", p.nodes[0].duties);
    }
}
