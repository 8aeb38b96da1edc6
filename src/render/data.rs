//! Open data: the plans, duties, deadlines and targets as files for other programs, under
//! `data/` (template data.html lists them). Every file is made from the current version of
//! each plan (earlier versions stay on their pages only), with clause keys that survive
//! revisions ([`Node::key`]).
//!
//! - JSON: `data/plans.json` and `data/plans/<slug>.json`, one shape ([`SCHEMA`]): the model
//!   `import --json` prints, plus each clause's key, citation and URL; import warnings and
//!   source lines are left out (they are for staff).
//! - CSV (UTF-8 with a BOM, so Excel reads the Chinese; CRLF): `tasks.csv` (a row per clause
//!   and office), `targets.csv`, `plans.csv`, described by `datapackage.json`.
//! - iCalendar: every dated deadline as an all-day event ([`calendar_day`] says which day),
//!   site-wide, per plan and per office. An event's UID is the plan, the clause key and the
//!   deadline's place in the clause, so a subscribed calendar updates instead of duplicating.
//!
//! URLs inside the files are absolute (`base_url`): the files are read away from the site.

use super::links::{self, Links};
use super::{ics, refs, Rendered, Renderer, Sink, Site};
use crate::doc::{
    Deadline, DeadlineKind, Duty, Meta, Node, NodeKind, Notice, Plan, Role, Status, Table, Target,
};
use crate::graph::{cite, County};
use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// The JSON Schema of `plans.json` and each plan's JSON (published as `data/schema.json`).
pub const SCHEMA: &str = include_str!("data_schema.json");

/// A column of a CSV file, as `datapackage.json` describes it (Frictionless Table Schema).
pub struct Field {
    pub name: &'static str,
    /// Table Schema type: `string`, `integer`.
    pub kind: &'static str,
    pub title: &'static str,
    pub description: &'static str,
}

const fn f(
    name: &'static str,
    kind: &'static str,
    title: &'static str,
    description: &'static str,
) -> Field {
    Field {
        name,
        kind,
        title,
        description,
    }
}

pub const TASK_FIELDS: &[Field] = &[
    f("plan", "string", "规划标识", "The plan's slug, as in its URL and plans.csv"),
    f("plan_title", "string", "规划名称", "Title of the plan"),
    f("county", "string", "县（市、区）", "County the plan belongs to"),
    f("citation", "string", "条款", "Printed numbering of the clause: 二（一）5, or 附件1第3行 for a table row"),
    f("clause_key", "string", "条款标识", "The clause's identity across revisions of the plan (the number it first had)"),
    f("clause_id", "string", "条款编号", "The clause's id in the current text (its anchor)"),
    f("clause_url", "string", "条款链接", "Where the clause is in the plan's text"),
    f("title", "string", "条款标题", "First sentence of the clause"),
    f("office_printed", "string", "原文单位名称", "The office as the clause prints it"),
    f("office", "string", "责任单位", "Canonical office name after the county's aliases"),
    f("office_url", "string", "单位页面", "The office's page, listing all its duties; empty when it has none"),
    f("department", "string", "部门类别", "Department category across counties (content/departments.yaml)"),
    f("role", "string", "职责", "牵头 (lead), 责任 (responsible) or 配合 (cooperating): the office's strongest role on the clause"),
    f("source", "string", "依据", "Where the duty was stated: clause, table (a task table) or plan (a plan-wide note)"),
    f("deadline_year", "integer", "时限年份", "Year of the clause's first deadline"),
    f("deadline_month", "integer", "时限月份", "Month of the clause's first deadline, where printed"),
    f("deadline_kind", "string", "时限类型", "by, in, from, recurring or ongoing"),
    f("deadline_phrase", "string", "时限原文", "The first deadline as printed"),
    f("other_deadlines", "string", "其他时限", "Further deadlines of the clause as printed, separated by ；"),
];

pub const TARGET_FIELDS: &[Field] = &[
    f("plan", "string", "规划标识", "The plan's slug"),
    f("plan_title", "string", "规划名称", "Title of the plan"),
    f(
        "county",
        "string",
        "县（市、区）",
        "County the plan belongs to",
    ),
    f("indicator", "string", "指标", "The indicator as printed"),
    f(
        "category",
        "string",
        "类别",
        "Group of the indicator in its table, where printed",
    ),
    f("baseline", "string", "基期值", "Baseline value as printed"),
    f(
        "baseline_year",
        "integer",
        "基期年份",
        "Year of the baseline",
    ),
    f("value", "string", "目标值", "Target value as printed"),
    f("year", "integer", "目标年份", "Year the target is due"),
    f(
        "nature",
        "string",
        "属性",
        "预期性 or 约束性, where printed",
    ),
    f(
        "citation",
        "string",
        "出处",
        "Clause or table row stating the target",
    ),
    f(
        "source_id",
        "string",
        "出处编号",
        "Id of that clause or table row",
    ),
    f(
        "source_url",
        "string",
        "出处链接",
        "Where it is in the plan's text",
    ),
];

pub const PLAN_FIELDS: &[Field] = &[
    f(
        "plan",
        "string",
        "规划标识",
        "The plan's slug (its URL name)",
    ),
    f("title", "string", "规划名称", "Title of the plan"),
    f(
        "county",
        "string",
        "县（市、区）",
        "County the plan belongs to",
    ),
    f("status", "string", "状态", "final or draft"),
    f(
        "status_name",
        "string",
        "文件状态",
        "正式文本, or the draft's printed marker",
    ),
    f(
        "version",
        "integer",
        "版本",
        "1 for the first text published, n + 1 for each revision",
    ),
    f(
        "revised",
        "string",
        "最后修订",
        "Day of the last revision (YYYY-MM-DD); empty for a first version",
    ),
    f(
        "period_start",
        "integer",
        "起始年份",
        "First year of the plan's period",
    ),
    f(
        "period_end",
        "integer",
        "结束年份",
        "Last year of the plan's period",
    ),
    f("period_text", "string", "规划期", "The period as printed"),
    f("doc_number", "string", "文号", "Document number"),
    f(
        "issuers",
        "string",
        "发文机关",
        "Issuing offices, separated by ；",
    ),
    f("written", "string", "成文日期", "YYYY-MM-DD"),
    f("issued", "string", "发布日期", "YYYY-MM-DD"),
    f("url", "string", "规划页面", "The plan's page"),
    f(
        "actions",
        "integer",
        "任务数",
        "Actions (numbered tasks) in the plan",
    ),
    f(
        "offices",
        "integer",
        "单位数",
        "Distinct offices holding a duty",
    ),
    f(
        "duties",
        "integer",
        "职责数",
        "Clause × office pairs (rows of tasks.csv for this plan)",
    ),
    f(
        "deadlines",
        "integer",
        "时限数",
        "Deadlines stated, in clauses and table rows",
    ),
    f("targets", "integer", "指标数", "Numeric targets"),
    f("json_url", "string", "JSON", "The plan's data as JSON"),
    f(
        "calendar_url",
        "string",
        "日历",
        "The plan's deadlines as iCalendar; empty when none is dated",
    ),
];

/// How a deadline is put on a calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// Only the month is printed: the month's last day.
    Month,
    /// Only the year is printed: 31 December.
    Year,
}

/// The day a deadline goes on a calendar, or none. Only deadlines to meet (`By`, `In`) that
/// name a year: a month-only one on that month's last day, a year-only one on 31 December
/// (both said so in the event). Starts (`From`), recurring and ongoing duties have no day.
/// A span's end (2024年4月—5月) is the day.
pub fn calendar_day(d: &Deadline) -> Option<(i32, u32, u32, Precision)> {
    if !matches!(d.kind, DeadlineKind::By | DeadlineKind::In) {
        return None;
    }
    let (y, m) = match (d.end_year, d.end_month) {
        (Some(ey), em) => (ey, em),
        (None, Some(em)) => (d.year?, Some(em)),
        (None, None) => (d.year?, d.month),
    };
    if !(1..=9999).contains(&y) {
        return None;
    }
    Some(match m.filter(|m| (1..=12).contains(m)) {
        Some(m) => (y, m, ics::last_day(y, m), Precision::Month),
        None => (y, 12, 31, Precision::Year),
    })
}

/// Whether an office page has a calendar: one of its duties has a dated deadline.
pub fn office_has_calendar(o: &crate::graph::Office) -> bool {
    o.plans
        .iter()
        .flat_map(|op| &op.duties)
        .any(|d| d.deadlines.iter().any(|dl| calendar_day(dl).is_some()))
}

/// Whether a plan has a calendar: a clause or table row has a dated deadline.
pub fn plan_has_calendar(p: &Plan) -> bool {
    p.all_nodes()
        .iter()
        .flat_map(|n| &n.deadlines)
        .chain(p.row_deadlines.values().flatten())
        .any(|d| calendar_day(d).is_some())
}

// ---------------------------------------------------------------------------------------
// JSON

#[derive(Serialize)]
struct PlanOut<'a> {
    slug: &'a str,
    url: String,
    title: &'a str,
    region: &'a str,
    status: Status,
    status_name: String,
    version: u32,
    revised: &'a str,
    period: Option<[i32; 2]>,
    doc_number: &'a str,
    issued: &'a str,
    meta: &'a Meta,
    notice: Option<&'a Notice>,
    preamble: &'a [String],
    nodes: Vec<NodeOut<'a>>,
    tables: &'a [Table],
    trailer: &'a [String],
    targets: &'a [Target],
    /// Offices of table rows that restate no clause, by row id.
    row_duties: &'a BTreeMap<String, Vec<Duty>>,
    row_deadlines: &'a BTreeMap<String, Vec<Deadline>>,
}

#[derive(Serialize)]
struct NodeOut<'a> {
    id: &'a str,
    key: &'a str,
    citation: String,
    url: String,
    kind: NodeKind,
    label: &'a str,
    title: &'a str,
    text: &'a str,
    duties: &'a [Duty],
    deadlines: &'a [Deadline],
    rows: &'a [String],
    children: Vec<NodeOut<'a>>,
}

fn node_out<'a>(s: &Site, p: &Plan, n: &'a Node, prefix: &str) -> NodeOut<'a> {
    let citation = format!("{prefix}{}", cite::cite_piece(n));
    NodeOut {
        id: &n.id,
        key: n.key(),
        url: s.absolute(&links::anchor(&p.slug, &n.id)),
        kind: n.kind,
        label: &n.label,
        title: &n.title,
        text: &n.text,
        duties: &n.duties,
        deadlines: &n.deadlines,
        rows: &n.rows,
        children: n
            .children
            .iter()
            .map(|c| node_out(s, p, c, &citation))
            .collect(),
        citation,
    }
}

/// One plan as the JSON object `plans.json` lists, appended to `o`.
fn plan_json(s: &Site, p: &Plan, o: &mut Vec<u8>) -> Result<()> {
    let out = PlanOut {
        slug: &p.slug,
        url: s.absolute(&links::plan(&p.slug)),
        title: &p.title,
        region: &p.region,
        status: p.status,
        status_name: p.status_name(),
        version: p.meta.version.max(1),
        revised: &p.meta.revised,
        period: p.period,
        doc_number: &p.doc_number,
        issued: &p.issued,
        meta: &p.meta,
        notice: p.notice.as_ref(),
        preamble: &p.preamble,
        nodes: p.nodes.iter().map(|n| node_out(s, p, n, "")).collect(),
        tables: &p.tables,
        trailer: &p.trailer,
        targets: &p.targets,
        row_duties: &p.row_duties,
        row_deadlines: &p.row_deadlines,
    };
    serde_json::to_writer(o, &out).with_context(|| format!("{}: JSON", p.slug))
}

/// The text before and after the plans of a plans file: `{"$schema":…,"title":…,"plans":[`
/// and `]}`, the same in every file.
fn plans_frame(s: &Site) -> (String, &'static [u8]) {
    let head = serde_json::json!({
        "$schema": s.absolute(&links::data_file("schema.json")),
        "title": s.config.title,
    })
    .to_string();
    (
        format!("{},\"plans\":[", &head[..head.len() - 1]),
        b"\n]}\n",
    )
}

/// A JSON file of `n` plans, one per line, each written by `each` straight into the file.
fn plans_file(
    s: &Site,
    n: usize,
    mut each: impl FnMut(usize, &mut Vec<u8>) -> Result<()>,
) -> Result<Vec<u8>> {
    let (head, tail) = plans_frame(s);
    let mut o = head.into_bytes();
    for i in 0..n {
        o.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        each(i, &mut o)?;
    }
    o.extend_from_slice(tail);
    Ok(o)
}

// ---------------------------------------------------------------------------------------
// Task rows (tasks.csv, tasks.xlsx)

/// An office on a clause: its strongest role there, as printed.
struct OnClause<'a> {
    unit: &'a str,
    printed: &'a str,
    role: Role,
    source: &'a str,
}

/// The offices on a clause in printed order, each once with its strongest role (the
/// graph's rule: `SiteGraph::units_on`).
fn on_clause(duties: &[Duty]) -> Vec<OnClause<'_>> {
    let mut out: Vec<OnClause> = Vec::new();
    for d in duties {
        match out.iter_mut().find(|o| o.unit == d.unit) {
            Some(o) => {
                if d.role < o.role {
                    o.role = d.role;
                    o.source = &d.source;
                }
                if o.printed.is_empty() {
                    o.printed = &d.printed;
                }
            }
            None => out.push(OnClause {
                unit: &d.unit,
                printed: &d.printed,
                role: d.role,
                source: &d.source,
            }),
        }
    }
    out
}

/// The rows of `tasks.csv` for one plan: a row per clause (or table row restating none)
/// and office, in reading order.
pub fn task_rows(s: &Site, p: &Plan) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut push = |id: &str,
                    key: &str,
                    citation: &str,
                    title: &str,
                    duties: &[Duty],
                    deadlines: &[Deadline]| {
        for o in on_clause(duties) {
            let place = s.graph.unit_place(&p.region, o.unit);
            let department = s
                .graph
                .offices
                .get(&(p.region.clone(), o.unit.to_string()))
                .map(|x| x.category_name.clone())
                .unwrap_or_default();
            let first = deadlines.first();
            rows.push(vec![
                p.slug.clone(),
                p.title.clone(),
                p.region.clone(),
                citation.to_string(),
                key.to_string(),
                id.to_string(),
                s.absolute(&links::anchor(&p.slug, id)),
                title.to_string(),
                if o.printed.is_empty() {
                    o.unit
                } else {
                    o.printed
                }
                .to_string(),
                o.unit.to_string(),
                place
                    .map(|u| s.absolute(&links::office(&u.county_slug, &u.slug)))
                    .unwrap_or_default(),
                department,
                refs::role_label(o.role).to_string(),
                if o.source.is_empty() {
                    "clause"
                } else {
                    o.source
                }
                .to_string(),
                opt(first.and_then(|d| d.year)),
                opt(first.and_then(|d| d.month)),
                first.map(|d| kind_name(d.kind)).unwrap_or("").to_string(),
                first.map(|d| d.text.clone()).unwrap_or_default(),
                deadlines
                    .iter()
                    .skip(1)
                    .map(|d| d.text.as_str())
                    .collect::<Vec<_>>()
                    .join("；"),
            ]);
        }
    };
    for fl in cite::flatten(p) {
        let n = fl.node;
        if !n.duties.is_empty() {
            push(&n.id, n.key(), &fl.cite, &n.title, &n.duties, &n.deadlines);
        }
    }
    for (row, duties) in &p.row_duties {
        let r = crate::graph::table_ref(p, row);
        let (citation, title) = r
            .map(|r| (r.citation, r.title))
            .unwrap_or_else(|| (row.clone(), String::new()));
        let deadlines = p.row_deadlines.get(row).map(Vec::as_slice).unwrap_or(&[]);
        push(row, row, &citation, &title, duties, deadlines);
    }
    rows
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn kind_name(k: DeadlineKind) -> &'static str {
    match k {
        DeadlineKind::By => "by",
        DeadlineKind::In => "in",
        DeadlineKind::From => "from",
        DeadlineKind::Recurring => "recurring",
        DeadlineKind::Ongoing => "ongoing",
    }
}

/// The rows of `targets.csv` for one plan.
fn target_rows(s: &Site, pt: &crate::graph::PlanTargets) -> Vec<Vec<String>> {
    pt.targets
        .iter()
        .map(|t| {
            vec![
                pt.plan.slug.clone(),
                pt.plan.title.clone(),
                pt.plan.region.clone(),
                t.indicator.clone(),
                t.category.clone(),
                t.baseline.clone(),
                opt(t.baseline_year),
                t.value.clone(),
                opt(t.year),
                t.nature.clone(),
                t.clause.citation.clone(),
                t.clause.id.clone(),
                s.absolute(&refs::clause_url(&t.clause)),
            ]
        })
        .collect()
}

fn plan_row(s: &Site, p: &Plan, duties: usize) -> Vec<String> {
    let c = super::views::counts(p);
    vec![
        p.slug.clone(),
        p.title.clone(),
        p.region.clone(),
        match p.status {
            Status::Draft => "draft",
            Status::Final => "final",
        }
        .into(),
        p.status_name(),
        p.meta.version.max(1).to_string(),
        p.meta.revised.clone(),
        opt(p.period.map(|[a, _]| a)),
        opt(p.period.map(|[_, b]| b)),
        p.meta.period_text.clone(),
        p.doc_number.clone(),
        p.meta.issuers.join("；"),
        p.meta.written.clone(),
        p.meta.issued.clone(),
        s.absolute(&links::plan(&p.slug)),
        c.actions.to_string(),
        c.offices.to_string(),
        duties.to_string(),
        p.deadline_count().to_string(),
        p.targets.len().to_string(),
        s.absolute(&links::plan_data(&p.slug)),
        if plan_has_calendar(p) {
            s.absolute(&links::plan_calendar(&p.slug))
        } else {
            String::new()
        },
    ]
}

/// A CSV file: BOM, header, rows, CRLF line ends, fields quoted where they need it.
fn csv(fields: &[Field], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let mut buf = csv_head(fields)?;
    buf.extend(csv_rows(rows)?);
    Ok(buf)
}

/// The BOM and header line of a CSV file.
fn csv_head(fields: &[Field]) -> Result<Vec<u8>> {
    let mut buf = b"\xEF\xBB\xBF".to_vec();
    buf.extend(csv_rows(&[fields
        .iter()
        .map(|f| f.name.to_string())
        .collect()])?);
    Ok(buf)
}

/// Rows as CSV lines (a plan's share of a file, made apart and joined).
fn csv_rows(rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut buf);
        for r in rows {
            w.write_record(r)?;
        }
        w.flush()?;
    }
    Ok(buf)
}

fn datapackage(s: &Site, files: &[(&str, &str, &[Field], usize)]) -> Result<Vec<u8>> {
    use serde_json::json;
    let resources: Vec<_> = files
        .iter()
        .map(|(name, title, fields, size)| {
            json!({
                "name": name,
                "path": format!("{name}.csv"),
                "title": title,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "bytes": size,
                "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "header": true },
                "schema": {
                    "fields": fields.iter().map(|f| json!({
                        "name": f.name,
                        "type": f.kind,
                        "title": f.title,
                        "description": f.description,
                    })).collect::<Vec<_>>(),
                    "missingValues": [""],
                },
            })
        })
        .collect();
    let mut pkg = json!({
        "profile": "tabular-data-package",
        "name": "planpress-plans",
        "title": s.config.title,
        "description": s.config.description,
        "homepage": s.absolute(links::DATA),
        "resources": resources,
    });
    if !s.config.licence.is_empty() {
        pkg["licenses"] = json!([{ "title": s.config.licence }]);
    }
    let mut out = serde_json::to_vec_pretty(&pkg)?;
    out.push(b'\n');
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Calendars

/// One calendar event and the offices it belongs to.
pub struct Event {
    /// Offices on the clause (canonical names); empty for a table row's deadline, which is
    /// on no office's page and so in no office's calendar.
    units: Vec<String>,
    text: String,
}

/// The host for event UIDs: the base URL's, without port.
fn uid_domain(base_url: &str) -> &str {
    let rest = base_url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(base_url);
    let host = rest.split('/').next().unwrap_or("");
    let host = if host.starts_with('[') {
        host.split_inclusive(']').next().unwrap_or(host)
    } else {
        host.split(':').next().unwrap_or(host)
    };
    if host.is_empty() {
        "planpress.invalid"
    } else {
        host
    }
}

/// The plan's date as a stamp: last revised, else issued, else written.
fn stamp(p: &Plan) -> String {
    let iso = |d: &str| {
        let b = d.as_bytes();
        b.len() == 10
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    let d = [&p.meta.revised, &p.meta.issued, &p.meta.written, &p.issued]
        .into_iter()
        .find(|d| iso(d))
        .map(|d| d.replace('-', ""))
        .unwrap_or_else(|| "19700101".into());
    format!("{d}T000000Z")
}

/// Every dated deadline of a plan as an event, in reading order: clauses, then table rows.
pub fn plan_events(s: &Site, p: &Plan) -> Vec<Event> {
    let domain = uid_domain(&s.base_url);
    let dtstamp = stamp(p);
    let sequence = p.meta.version.max(1) - 1;
    let mut out = Vec::new();
    let mut add = |uid: String,
                   citation: &str,
                   title: &str,
                   id: &str,
                   offices: &[OnClause],
                   deadlines: &[Deadline],
                   for_offices: bool| {
        for (i, d) in deadlines.iter().enumerate() {
            let Some((y, m, day, precision)) = calendar_day(d) else {
                continue;
            };
            let (ny, nm, nd) = ics::next_day(y, m, day);
            let url = s.absolute(&links::anchor(&p.slug, id));
            let mut desc = format!("{}\n{citation} {title}\n", p.title);
            if !offices.is_empty() {
                let names: Vec<String> = offices
                    .iter()
                    .map(|o| format!("{}（{}）", o.unit, refs::role_label(o.role)))
                    .collect();
                desc.push_str(&format!("责任单位：{}\n", names.join("、")));
            }
            desc.push_str(&format!("完成时限（原文）：{}\n", d.text));
            desc.push_str(match precision {
                Precision::Month => "原文只写到月份，日历记在该月最后一天。\n",
                Precision::Year => "原文只写到年份，日历记在当年12月31日。\n",
            });
            desc.push_str(&url);
            let mut t = String::new();
            ics::line(&mut t, "BEGIN", "VEVENT");
            ics::line(&mut t, "UID", &format!("{uid}/{i}@{domain}"));
            ics::line(&mut t, "DTSTAMP", &dtstamp);
            ics::line(&mut t, "SEQUENCE", &sequence.to_string());
            ics::line(&mut t, "DTSTART;VALUE=DATE", &ics::date(y, m, day));
            ics::line(&mut t, "DTEND;VALUE=DATE", &ics::date(ny, nm, nd));
            ics::text(&mut t, "SUMMARY", format!("{citation} {title}").trim());
            ics::text(&mut t, "DESCRIPTION", &desc);
            ics::line(&mut t, "URL", &url);
            ics::line(&mut t, "TRANSP", "TRANSPARENT");
            ics::line(&mut t, "END", "VEVENT");
            out.push(Event {
                units: if for_offices {
                    offices.iter().map(|o| o.unit.to_string()).collect()
                } else {
                    vec![]
                },
                text: t,
            });
        }
    };
    for fl in cite::flatten(p) {
        let n = fl.node;
        if n.deadlines.is_empty() {
            continue;
        }
        let uid = format!("{}/{}", p.slug, n.key());
        let offices = on_clause(&n.duties);
        add(uid, &fl.cite, &n.title, &n.id, &offices, &n.deadlines, true);
    }
    for (row, ds) in &p.row_deadlines {
        let (citation, title) = crate::graph::table_ref(p, row)
            .map(|r| (r.citation, r.title))
            .unwrap_or_else(|| (row.clone(), String::new()));
        let offices = p
            .row_duties
            .get(row)
            .map(|d| on_clause(d))
            .unwrap_or_default();
        let uid = format!("{}/table-row/{row}", p.slug);
        add(uid, &citation, &title, row, &offices, ds, false);
    }
    out
}

/// A calendar's lines before its events.
fn calendar_head(name: &str) -> String {
    let mut t = String::new();
    ics::line(&mut t, "BEGIN", "VCALENDAR");
    ics::line(&mut t, "VERSION", "2.0");
    ics::line(&mut t, "PRODID", "-//planpress//planpress//ZH");
    ics::line(&mut t, "CALSCALE", "GREGORIAN");
    ics::line(&mut t, "METHOD", "PUBLISH");
    ics::text(&mut t, "NAME", name);
    ics::text(&mut t, "X-WR-CALNAME", name);
    ics::line(&mut t, "REFRESH-INTERVAL;VALUE=DURATION", "P1D");
    ics::line(&mut t, "X-PUBLISHED-TTL", "P1D");
    t
}

const CALENDAR_TAIL: &str = "END:VCALENDAR\r\n";

/// A calendar of these events (none: no file, as a calendar must hold a component).
fn calendar<'a>(name: &str, events: impl IntoIterator<Item = &'a Event>) -> Option<Vec<u8>> {
    let mut t = calendar_head(name);
    let mut any = false;
    for e in events {
        t.push_str(&e.text);
        any = true;
    }
    t.push_str(CALENDAR_TAIL);
    any.then(|| t.into_bytes())
}

/// The size of [`calendar`]'s file, without making it.
fn calendar_size(name: &str, events: &[Event]) -> Option<usize> {
    let body: usize = events.iter().map(|e| e.text.len()).sum();
    (!events.is_empty()).then(|| calendar_head(name).len() + body + CALENDAR_TAIL.len())
}

fn plan_calendar_name(p: &Plan) -> String {
    format!("{} · 完成时限", p.title)
}

/// The calendars of a county's offices, beside their pages (only offices whose clauses
/// have dated deadlines).
pub fn office_calendars(s: &Site, c: &County) -> Vec<Rendered> {
    let events: Vec<Event> = s
        .plans
        .iter()
        .filter(|p| p.region == c.name)
        .flat_map(|p| plan_events(s, p))
        .collect();
    s.graph
        .offices
        .range((c.name.clone(), String::new())..)
        .take_while(|((county, _), _)| county == &c.name)
        .filter(|(_, o)| !o.slug.is_empty())
        .filter_map(|(_, o)| {
            let name = format!("{}{} · 完成时限", o.county, o.name);
            let bytes = calendar(&name, events.iter().filter(|e| e.units.contains(&o.name)))?;
            Some(Rendered {
                path: links::office_calendar(&o.county_slug, &o.slug),
                bytes,
                in_sitemap: false,
                kept: false,
            })
        })
        .collect()
}

/// A plan's own files: its JSON and its calendar.
pub fn plan_files(s: &Site, p: &Plan) -> Result<Vec<Rendered>> {
    let mut out = vec![Rendered {
        path: links::plan_data(&p.slug),
        bytes: plans_file(s, 1, |_, o| plan_json(s, p, o))?,
        in_sitemap: false,
        kept: false,
    }];
    let events = plan_events(s, p);
    if let Some(bytes) = calendar(&plan_calendar_name(p), &events) {
        out.push(Rendered {
            path: links::plan_calendar(&p.slug),
            bytes,
            in_sitemap: false,
            kept: false,
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// The site-wide files and the page listing them

#[derive(Serialize)]
struct FileView {
    name: String,
    href: String,
    format: &'static str,
    size: String,
    description: &'static str,
}

#[derive(Serialize)]
struct PlanFilesView<'a> {
    title: &'a str,
    url: String,
    json_href: String,
    json_size: String,
    calendar_href: String,
    calendar_size: String,
}

#[derive(Serialize)]
struct DataPage<'a> {
    files: Vec<FileView>,
    plans: Vec<PlanFilesView<'a>>,
    /// More plans than a page lists: the per-plan files are named by pattern only.
    plans_compact: bool,
    plan_count: usize,
    plan_files_size: String,
    office_calendars: usize,
    office_calendars_size: String,
    units_url: String,
    licence: &'a str,
    footer: &'a str,
}

/// `12.3 KB`, `4.5 MB`, or bytes below 1 KB.
pub fn size_text(n: usize) -> String {
    if n < 1024 {
        format!("{n} 字节")
    } else if n < 1024 * 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{:.1} MB", n as f64 / 1024.0 / 1024.0)
    }
}

/// Plans per batch of a streamed file: made in parallel, written in order.
const BATCH: usize = 64;

/// Each plan's share of a file, made in parallel a batch at a time and handed to `put` in
/// the plans' order, so the site-wide files are never held whole.
fn in_batches<T: Send>(
    plans: &[Plan],
    make: impl Fn(&Plan) -> Result<T> + Sync,
    mut put: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    for chunk in plans.chunks(BATCH) {
        let made: Vec<T> = chunk.par_iter().map(&make).collect::<Result<_>>()?;
        for m in made {
            put(m)?;
        }
    }
    Ok(())
}

/// What writing the streamed files learnt: their sizes, and per plan its task rows and the
/// sizes of its own JSON and calendar (for the data page and plans.csv).
struct Streamed {
    tasks_csv: u64,
    plans_json: u64,
    calendar: Option<u64>,
    task_counts: Vec<usize>,
    json_sizes: Vec<usize>,
    calendar_sizes: Vec<Option<usize>>,
}

/// `plans.json`, `tasks.csv` and `calendar.ics` written into the sink plan by plan.
fn stream_files(s: &Site, sink: &dyn Sink) -> Result<Streamed> {
    let n = s.plans.len();
    let mut task_counts = Vec::with_capacity(n);
    let tasks_csv = sink.stream(&links::data_file("tasks.csv"), &mut |w| {
        w.write_all(&csv_head(TASK_FIELDS)?)?;
        in_batches(
            s.plans,
            |p| {
                let rows = task_rows(s, p);
                Ok((rows.len(), csv_rows(&rows)?))
            },
            |(count, bytes)| {
                task_counts.push(count);
                Ok(w.write_all(&bytes)?)
            },
        )
    })?;
    // A plan's own file is its share plus the same head and tail.
    let frame = plans_file(s, 1, |_, _| Ok(()))?.len();
    let mut json_sizes = Vec::with_capacity(n);
    let plans_json = sink.stream(&links::data_file("plans.json"), &mut |w| {
        let (head, tail) = plans_frame(s);
        w.write_all(head.as_bytes())?;
        let mut first = true;
        in_batches(
            s.plans,
            |p| {
                let mut o = Vec::new();
                plan_json(s, p, &mut o)?;
                Ok(o)
            },
            |o| {
                w.write_all(if first { b"\n" } else { b",\n" })?;
                first = false;
                json_sizes.push(frame + o.len());
                Ok(w.write_all(&o)?)
            },
        )?;
        Ok(w.write_all(tail)?)
    })?;
    let mut calendar_sizes = Vec::with_capacity(n);
    let mut put_calendar = |w: &mut dyn Write| {
        w.write_all(calendar_head(&format!("{} · 完成时限", s.config.title)).as_bytes())?;
        in_batches(
            s.plans,
            |p| {
                let events = plan_events(s, p);
                let size = calendar_size(&plan_calendar_name(p), &events);
                let text: String = events.into_iter().map(|e| e.text).collect();
                Ok((size, text))
            },
            |(size, text)| {
                calendar_sizes.push(size);
                Ok(w.write_all(text.as_bytes())?)
            },
        )?;
        Ok(w.write_all(CALENDAR_TAIL.as_bytes())?)
    };
    // A calendar must hold a component: no events, no file.
    let calendar = if s.plans.iter().any(plan_has_calendar) {
        Some(sink.stream(&links::data_file("calendar.ics"), &mut put_calendar)?)
    } else {
        put_calendar(&mut std::io::sink())?;
        None
    };
    Ok(Streamed {
        tasks_csv,
        plans_json,
        calendar,
        task_counts,
        json_sizes,
        calendar_sizes,
    })
}

/// Every site-wide data file and the `data/` page listing them: the large files
/// (`plans.json`, `tasks.csv`, `calendar.ics`) streamed into `sink`, the rest returned.
pub fn site_files(r: &Renderer, s: &Site, sink: &dyn Sink) -> Result<Vec<Rendered>> {
    // The workbook is written row by row on one thread while the streamed files are made.
    let (tasks_xlsx, streamed) =
        rayon::join(|| super::xlsx::tasks(s, sink), || stream_files(s, sink));
    let (tasks_xlsx, st) = (tasks_xlsx?, streamed?);
    let plan_rows: Vec<Vec<String>> = s
        .plans
        .iter()
        .zip(&st.task_counts)
        .map(|(p, &count)| plan_row(s, p, count))
        .collect();
    let plans_csv = csv(PLAN_FIELDS, &plan_rows)?;
    let targets_csv = sink.stream(&links::data_file("targets.csv"), &mut |w| {
        w.write_all(&csv_head(TARGET_FIELDS)?)?;
        for pt in &s.graph.plan_targets {
            w.write_all(&csv_rows(&target_rows(s, pt))?)?;
        }
        Ok(())
    })?;
    let package = datapackage(
        s,
        &[
            (
                "tasks",
                "任务分工：条款 × 责任单位",
                TASK_FIELDS,
                st.tasks_csv as usize,
            ),
            ("targets", "目标指标", TARGET_FIELDS, targets_csv as usize),
            ("plans", "规划目录", PLAN_FIELDS, plans_csv.len()),
        ],
    )?;

    // Name, format, description, and the bytes (None: streamed, of this size).
    type File = (
        &'static str,
        &'static str,
        &'static str,
        Result<Vec<u8>, u64>,
    );
    let mut files: Vec<File> = vec![
        (
            "plans.json",
            "JSON",
            "全部规划的完整数据：元数据、版本、条款树（含跨版本不变的条款标识）、职责、时限（含原文）、目标指标、表格（含合并单元格）。",
            Err(st.plans_json),
        ),
        (
            "schema.json",
            "JSON Schema",
            "plans.json 和各规划 JSON 文件的结构说明（JSON Schema 2020-12）。",
            Ok(SCHEMA.as_bytes().to_vec()),
        ),
        (
            "tasks.csv",
            "CSV",
            "任务分工表：每个条款的每个责任单位一行，含条款编号、链接、单位、部门类别、职责和时限。",
            Err(st.tasks_csv),
        ),
        (
            "tasks.xlsx",
            "Excel",
            "任务分工表（Excel）：与 tasks.csv 同样的行，首行冻结、可筛选；含全部规划一张表；规划不超过 100 个时，每个规划另有一张表。",
            Err(tasks_xlsx),
        ),
        (
            "targets.csv",
            "CSV",
            "目标指标：指标、基期值、目标值、目标年份和出处。",
            Err(targets_csv),
        ),
        (
            "plans.csv",
            "CSV",
            "规划目录：每个规划一行，含文号、日期、规划期、版本和各项数量。",
            Ok(plans_csv),
        ),
        (
            "datapackage.json",
            "Data Package",
            "三个 CSV 文件的字段说明（Frictionless Data Package，Table Schema 类型）。",
            Ok(package),
        ),
    ];
    if let Some(size) = st.calendar {
        files.push((
            "calendar.ics",
            "iCalendar",
            "全部规划中写明年份的完成时限，每项一个全天事件；可在日历软件中订阅。",
            Err(size),
        ));
    }

    let url = links::DATA;
    let l = Links::from(url);
    let compact = s.plans.len() > s.config.list_max;
    let mut plan_files_size = 0;
    let mut plans = Vec::new();
    for ((p, &json_size), &cal_size) in s.plans.iter().zip(&st.json_sizes).zip(&st.calendar_sizes) {
        plan_files_size += json_size + cal_size.unwrap_or(0);
        if !compact {
            plans.push(PlanFilesView {
                title: &p.title,
                url: l.to(&links::plan(&p.slug)),
                json_href: l.to(&links::plan_data(&p.slug)),
                json_size: size_text(json_size),
                calendar_href: cal_size
                    .map(|_| l.to(&links::plan_calendar(&p.slug)))
                    .unwrap_or_default(),
                calendar_size: cal_size.map(size_text).unwrap_or_default(),
            });
        }
    }
    let office_cals: Vec<usize> = s
        .graph
        .counties
        .par_iter()
        .flat_map_iter(|c| office_calendars(s, c).into_iter().map(|f| f.bytes.len()))
        .collect();
    let view = DataPage {
        files: files
            .iter()
            .map(|(name, format, description, bytes)| FileView {
                name: name.to_string(),
                href: l.to(&links::data_file(name)),
                format,
                size: size_text(match bytes {
                    Ok(b) => b.len(),
                    Err(size) => *size as usize,
                }),
                description,
            })
            .collect(),
        plans,
        plans_compact: compact,
        plan_count: s.plans.len(),
        plan_files_size: size_text(plan_files_size),
        office_calendars: office_cals.len(),
        office_calendars_size: size_text(office_cals.iter().sum()),
        units_url: l.to(links::UNITS),
        licence: &s.config.licence,
        footer: &s.config.footer,
    };
    let mut out = vec![r.page(s, url, "data.html", "数据下载", &view)?];
    out.extend(files.into_iter().filter_map(|(name, _, _, bytes)| {
        bytes.ok().map(|bytes| Rendered {
            path: links::data_file(name),
            bytes,
            in_sitemap: false,
            kept: false,
        })
    }));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calendar_is_counted_as_it_is_made() {
        let event = |t: &str| Event {
            units: vec![],
            text: t.to_string(),
        };
        for events in [
            vec![],
            vec![event("BEGIN:VEVENT\r\nEND:VEVENT\r\n")],
            vec![
                event("BEGIN:VEVENT\r\nSUMMARY:完成\r\nEND:VEVENT\r\n"),
                event("x"),
            ],
        ] {
            assert_eq!(
                calendar_size("某县 · 完成时限", &events),
                calendar("某县 · 完成时限", &events).map(|c| c.len())
            );
        }
    }

    fn dl(kind: DeadlineKind, year: Option<i32>, month: Option<u32>) -> Deadline {
        Deadline {
            year,
            month,
            end_year: None,
            end_month: None,
            kind,
            text: String::new(),
            phrase: String::new(),
        }
    }

    #[test]
    fn which_deadlines_go_on_which_day() {
        use DeadlineKind::*;
        assert_eq!(
            calendar_day(&dl(By, Some(2024), Some(2))),
            Some((2024, 2, 29, Precision::Month))
        );
        assert_eq!(
            calendar_day(&dl(In, Some(2025), None)),
            Some((2025, 12, 31, Precision::Year))
        );
        assert_eq!(
            calendar_day(&dl(By, Some(2025), Some(13))),
            Some((2025, 12, 31, Precision::Year))
        );
        assert_eq!(calendar_day(&dl(From, Some(2025), Some(3))), None);
        assert_eq!(calendar_day(&dl(Recurring, None, None)), None);
        assert_eq!(calendar_day(&dl(By, None, None)), None);
        let mut span = dl(By, Some(2024), Some(4));
        span.end_month = Some(5);
        assert_eq!(calendar_day(&span), Some((2024, 5, 31, Precision::Month)));
    }

    #[test]
    fn uid_domain_is_the_host() {
        assert_eq!(uid_domain("http://localhost:8000/"), "localhost");
        assert_eq!(
            uid_domain("https://www.example.gov.cn/ghjh/"),
            "www.example.gov.cn"
        );
        assert_eq!(uid_domain("http://[::1]:8000/"), "[::1]");
    }
}
