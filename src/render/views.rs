//! View structs: what one page's template sees, borrowed from the plan.
//!
//! Links inside views are already relative to the page they are built for (see
//! [`super::links`]); templates only print them.

use super::links::Links;
use super::refs::{self, DeadlineView, UnitView};
use super::Site;
use crate::doc::{Deadline, DeadlineKind, Defect, Node, Plan, Role, Status, Table};
use crate::graph::cite::{row_cite, table_cite};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// `2023-03-14` → 2023年3月14日; anything else is shown as written.
pub fn date_zh(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => match (m.parse::<u32>(), d.parse::<u32>()) {
            (Ok(m), Ok(d)) => format!("{y}年{m}月{d}日"),
            _ => iso.to_string(),
        },
        _ => iso.to_string(),
    }
}

pub fn status_text(p: &Plan) -> String {
    p.status_name()
}

/// 2024—2027年, or “十四五”（2021—2025年） when the plan names its period.
pub fn period_text(p: &Plan) -> String {
    let printed = p.meta.period_text.trim();
    match p.period {
        Some([a, b]) => {
            let span = format!("{a}—{b}年");
            if printed.is_empty() || printed.chars().any(|c| c.is_ascii_digit()) {
                span
            } else {
                format!("“{}”（{span}）", printed.trim_matches(['“', '”', '"']))
            }
        }
        None => printed.to_string(),
    }
}

pub use super::roles::name as role_name;

#[derive(Serialize)]
pub struct RoleGroup<'a> {
    pub role: &'static str,
    pub lead: bool,
    pub units: Vec<UnitView<'a>>,
}

#[derive(Serialize, Clone)]
pub struct Ref {
    pub href: String,
    pub cite: String,
}

/// Duties grouped by role, lead first; each office once per role, in the order stated.
pub fn role_groups<'a>(site: &Site, l: &Links, plan: &Plan, n: &'a Node) -> Vec<RoleGroup<'a>> {
    let mut out = Vec::new();
    for role in [Role::Lead, Role::Responsible, Role::Cooperating] {
        let mut seen = BTreeSet::new();
        let units: Vec<_> = n
            .duties
            .iter()
            .filter(|d| d.role == role && seen.insert(d.unit.as_str()))
            .map(|d| {
                let place = site.graph.unit_place(&plan.region, &d.unit);
                refs::unit(l, &d.unit, place, role)
            })
            .collect();
        if !units.is_empty() {
            out.push(RoleGroup {
                role: role_name(role),
                lead: role == Role::Lead,
                units,
            });
        }
    }
    out
}

/// A clause's deadlines as its own pages show them: each links to its year, a recurring or
/// ongoing one to the timeline.
pub fn deadline_views<'a>(l: &Links, ds: &'a [Deadline]) -> Vec<DeadlineView<'a>> {
    ds.iter().map(|d| refs::deadline_in_text(l, d)).collect()
}

/// Row ids each node is restated in, from both sides of the link (Node.rows and
/// Table.row_links), so one side missing in the content does not lose the link.
pub fn node_rows(plan: &Plan) -> BTreeMap<&str, Vec<(&str, String)>> {
    let mut m: BTreeMap<&str, Vec<(&str, String)>> = BTreeMap::new();
    let mut row_cites: BTreeMap<&str, String> = BTreeMap::new();
    for t in &plan.tables {
        for (k, rid) in t.row_ids.iter().enumerate() {
            row_cites.insert(rid, row_cite(t, k + 1));
            if let Some(nid) = t.row_links.get(k).filter(|s| !s.is_empty()) {
                m.entry(nid).or_default().push((rid, row_cite(t, k + 1)));
            }
        }
    }
    for n in plan.all_nodes() {
        for rid in &n.rows {
            let list = m.entry(&n.id).or_default();
            if !list.iter().any(|(r, _)| r == rid) {
                if let Some(c) = row_cites.get(rid.as_str()) {
                    list.push((rid, c.clone()));
                }
            }
        }
    }
    m
}

#[derive(Serialize)]
pub struct Cell<'a> {
    pub lines: Vec<&'a str>,
    pub colspan: usize,
    pub rowspan: usize,
    /// The header over this body cell's columns (`data-label`): a phone shows each row
    /// as a card, every value under its column's name.
    pub label: String,
}

/// A value of an earlier row's cell spanning down into this one: on a phone each row is
/// its own card, so a merged cell's value is shown again, labelled, in every card it covers.
#[derive(Serialize)]
pub struct Carried<'a> {
    pub label: String,
    pub lines: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct SubRow<'a> {
    pub cells: Vec<Cell<'a>>,
    pub carried: Vec<Carried<'a>>,
}

#[derive(Serialize)]
pub struct RowView<'a> {
    pub id: &'a str,
    pub cite: String,
    pub cells: Vec<Cell<'a>>,
    /// The body clause this row restates.
    pub link: Option<Ref>,
    /// Defects of the source in this row, each with its 「原文如此」 note.
    pub defects: Vec<&'a Defect>,
    /// Rows under this one when its cells correspond line by line (沂源 表1: one indicator
    /// per line, its values in the same line of the cells beside it): each later line is a
    /// row of its own so a wrapped name never pushes its values out of line. The cells
    /// that are not split span them all.
    pub sub: Vec<SubRow<'a>>,
    /// 1 + the sub-rows.
    pub height: usize,
    /// Cells of earlier rows spanning into this one (see [`Carried`]).
    pub carried: Vec<Carried<'a>>,
}

#[derive(Serialize)]
pub struct TableView<'a> {
    pub id: &'a str,
    pub cite: String,
    pub caption: &'a str,
    pub notes: &'a [String],
    pub header: Vec<Vec<Cell<'a>>>,
    pub rows: Vec<RowView<'a>>,
    /// Whether a column of links to the body is added.
    pub has_links: bool,
    /// The first column numbers the rows (序号): its cell heads the row and carries the
    /// row's anchor link, instead of a 行 column that would repeat the number.
    pub numbered: bool,
    /// Minimum width in `em`, from the column count: on a phone a wide table scrolls inside
    /// its box instead of squeezing every column to a character or two. A multiple of 5 from
    /// 25 to [`MIN_WIDTH_EM_MAX`] (0: none), shown as the theme's class `mw-<n>`.
    pub min_width_em: usize,
}

/// The widest table minimum the theme has a class for (`table.mw-100` in site.css).
pub const MIN_WIDTH_EM_MAX: usize = 100;

/// The cells of one row with their spans (`header`: the row is a header row). The cells of
/// a row cover the columns the cells above spanning into it leave free; a row still short
/// of `ncols` has its last cell spanning the rest, so the table keeps its grid (a table
/// without spans: which cells were merged is not known, and every printed cell stays in
/// the column it was printed in, from the left).
fn cells<'a>(
    t: &Table,
    header: bool,
    k: usize,
    row: &'a [String],
    ncols: usize,
    taken: usize,
) -> Vec<Cell<'a>> {
    let mut out: Vec<Cell> = row
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let span = t
                .spans
                .iter()
                .find(|s| s.header == header && s.row == k && s.cell == i);
            Cell {
                lines: c.split('\n').collect(),
                colspan: span.map_or(1, |s| s.colspan.max(1)),
                rowspan: span.map_or(1, |s| s.rowspan.max(1)),
                label: String::new(),
            }
        })
        .collect();
    let covered = taken + out.iter().map(|c| c.colspan).sum::<usize>();
    if out.is_empty() {
        out.push(Cell {
            lines: vec![],
            colspan: ncols.saturating_sub(taken).max(1),
            rowspan: 1,
            label: String::new(),
        });
    } else if covered < ncols {
        if let Some(last) = out.last_mut() {
            last.colspan += ncols - covered;
        }
    }
    out
}

/// A row whose aligned cells hold k > 1 lines becomes k rows: the aligned cells keep their
/// first line here and give line j to sub-row j; the other cells span all k rows.
fn split_lines<'a>(cells: &mut [Cell<'a>], aligned: &[bool]) -> (Vec<SubRow<'a>>, usize) {
    let non_empty = |c: &Cell| c.lines.iter().filter(|l| !l.trim().is_empty()).count();
    let k = cells
        .iter()
        .enumerate()
        .filter(|(i, _)| aligned.get(*i).copied().unwrap_or(false))
        .map(|(_, c)| non_empty(c))
        .max()
        .unwrap_or(1);
    if k < 2 || cells.len() != aligned.len() {
        return (vec![], 1);
    }
    let mut sub: Vec<Vec<Cell>> = (1..k).map(|_| Vec::new()).collect();
    for (i, c) in cells.iter_mut().enumerate() {
        if aligned[i] {
            let lines: Vec<&str> = c
                .lines
                .iter()
                .copied()
                .filter(|l| !l.trim().is_empty())
                .collect();
            for (j, line) in lines.iter().enumerate().skip(1) {
                sub[j - 1].push(Cell {
                    lines: vec![line],
                    colspan: c.colspan,
                    rowspan: 1,
                    label: String::new(),
                });
            }
            c.lines = lines.into_iter().take(1).collect();
        } else {
            c.rowspan = k;
        }
    }
    let sub = sub
        .into_iter()
        .map(|cells| SubRow {
            cells,
            carried: vec![],
        })
        .collect();
    (sub, k)
}

/// Where each cell of `rows` starts, by the HTML table model: a cell takes the first
/// column that no cell of an earlier row spans down into. Calls `each(row, cell, column,
/// covering)` per cell and `carry(row, origin)` per cell of an earlier row covering `row`
/// (`origin`: its row and index), once per row it covers.
fn walk_grid(
    rows: &[Vec<(usize, usize)>],
    ncols: usize,
    mut each: impl FnMut(usize, usize, usize),
    mut carry: impl FnMut(usize, (usize, usize)),
) {
    // Per column: rows still covered below, and the covering cell.
    let mut busy: Vec<(usize, (usize, usize))> = vec![(0, (0, 0)); ncols];
    for (r, cells) in rows.iter().enumerate() {
        let taken: Vec<bool> = busy.iter().map(|b| b.0 > 0).collect();
        let mut seen = Vec::new();
        for b in busy.iter_mut().filter(|b| b.0 > 0) {
            if !seen.contains(&b.1) {
                seen.push(b.1);
            }
            b.0 -= 1;
        }
        for origin in seen {
            carry(r, origin);
        }
        let mut col = 0;
        for (i, &(colspan, rowspan)) in cells.iter().enumerate() {
            while col < ncols && taken[col] {
                col += 1;
            }
            each(r, i, col);
            for b in busy.iter_mut().skip(col).take(colspan) {
                *b = (rowspan.saturating_sub(1), (r, i));
            }
            col += colspan;
        }
    }
}

/// Each column's name: the header cells above it, top to bottom (教育装备 · 小计).
fn column_labels(header: &[Vec<Cell>], ncols: usize) -> Vec<String> {
    let mut names: Vec<Vec<String>> = vec![vec![]; ncols];
    let shape: Vec<Vec<(usize, usize)>> = header
        .iter()
        .map(|r| r.iter().map(|c| (c.colspan, c.rowspan)).collect())
        .collect();
    walk_grid(
        &shape,
        ncols,
        |r, i, col| {
            let c = &header[r][i];
            let text: String = c.lines.iter().map(|l| l.trim()).collect();
            for n in names.iter_mut().skip(col).take(c.colspan) {
                if !text.is_empty() && !n.contains(&text) {
                    n.push(text.clone());
                }
            }
        },
        |_, _| {},
    );
    names.into_iter().map(|n| n.join(" · ")).collect()
}

/// The name over columns `col..col + span`, each part once.
fn label_over(labels: &[String], col: usize, span: usize) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for l in labels.iter().skip(col).take(span) {
        if !l.is_empty() && !parts.contains(&l.as_str()) {
            parts.push(l);
        }
    }
    parts.join(" · ")
}

/// Labels every body cell with its columns' names and gives each rendered row (a row, then
/// its sub-rows) the values of cells above spanning into it.
fn label_body(rows: &mut [RowView], labels: &[String], ncols: usize) {
    // The rendered rows in order: (row, None) for a row, (row, Some(j)) for its sub-row j.
    let mut order = Vec::new();
    for (k, r) in rows.iter().enumerate() {
        order.push((k, None));
        order.extend((0..r.sub.len()).map(|j| (k, Some(j))));
    }
    let cells_of = |rows: &[RowView], (k, j): (usize, Option<usize>)| -> Vec<(usize, usize)> {
        let cs = match j {
            None => &rows[k].cells,
            Some(j) => &rows[k].sub[j].cells,
        };
        cs.iter().map(|c| (c.colspan, c.rowspan)).collect()
    };
    let shape: Vec<Vec<(usize, usize)>> = order.iter().map(|&o| cells_of(rows, o)).collect();
    let mut placed = Vec::new();
    let mut carried = Vec::new();
    walk_grid(
        &shape,
        ncols,
        |r, i, col| placed.push((r, i, col)),
        |r, origin| carried.push((r, origin)),
    );
    for (r, i, col) in placed {
        let c = match order[r] {
            (k, None) => rows[k].cells.get_mut(i),
            (k, Some(j)) => rows[k].sub[j].cells.get_mut(i),
        };
        if let Some(c) = c {
            c.label = label_over(labels, col, c.colspan);
        }
    }
    for (r, (or, oi)) in carried {
        let c = match order[or] {
            (k, None) => rows[k].cells.get(oi),
            (k, Some(j)) => rows[k].sub[j].cells.get(oi),
        };
        let Some((label, lines)) = c.map(|c| (c.label.clone(), c.lines.clone())) else {
            continue;
        };
        if lines.iter().all(|l| l.trim().is_empty()) {
            continue;
        }
        let c = Carried { label, lines };
        match order[r] {
            (k, None) => rows[k].carried.push(c),
            (k, Some(j)) => rows[k].sub[j].carried.push(c),
        }
    }
}

/// Whether the first column numbers the rows: headed 序号 (or 编号), and every row has a
/// non-empty cell of its own there.
fn first_column_numbers(labels: &[String], rows: &[RowView]) -> bool {
    matches!(
        labels.first().map(String::as_str),
        Some("序号" | "编号" | "序")
    ) && rows.iter().all(|r| {
        // A row's first cell stands in the first column unless a cell above covers it.
        r.cells.first().is_some_and(|c| {
            c.colspan == 1
                && c.label == labels[0]
                && !r.carried.iter().any(|k| k.label == labels[0])
                && c.lines.iter().any(|l| !l.trim().is_empty())
        })
    })
}

/// Per row of `rows` (header or body), the columns taken by cells of earlier rows spanning
/// down into it, and the table's width: the widest row with its spans.
fn taken_and_width(t: &Table, header: bool, rows: &[Vec<String>]) -> (Vec<usize>, usize) {
    let mut taken = vec![0usize; rows.len()];
    let mut width = 0;
    for (k, r) in rows.iter().enumerate() {
        let mut own = 0;
        for i in 0..r.len() {
            let s = t
                .spans
                .iter()
                .find(|s| s.header == header && s.row == k && s.cell == i);
            let (cs, rs) = s.map_or((1, 1), |s| (s.colspan.max(1), s.rowspan.max(1)));
            own += cs;
            for below in taken.iter_mut().skip(k + 1).take(rs - 1) {
                *below += cs;
            }
        }
        width = width.max(own + taken[k]);
    }
    (taken, width)
}

/// Columns whose cells, in every body row holding more than one line somewhere, hold as
/// many lines as the fullest cell of the row: they list one item per line, in step. Empty
/// unless two columns do (an indicator and its value) and no body cell spans rows.
fn line_aligned_columns(t: &Table) -> Vec<bool> {
    let width = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    if t.spans.iter().any(|s| !s.header && s.rowspan > 1) {
        return vec![false; width];
    }
    let lines = |c: &String| c.split('\n').filter(|l| !l.trim().is_empty()).count();
    let mut aligned = vec![true; width];
    let mut any_multi = false;
    for r in &t.rows {
        let k = r.iter().map(lines).max().unwrap_or(0);
        if k < 2 {
            continue;
        }
        any_multi = true;
        if r.len() != width {
            return vec![false; width];
        }
        for (i, c) in r.iter().enumerate() {
            if lines(c) != k {
                aligned[i] = false;
            }
        }
    }
    if !any_multi || aligned.iter().filter(|a| **a).count() < 2 {
        return vec![false; width];
    }
    aligned
}

pub fn table_view<'a>(
    t: &'a Table,
    cites: &BTreeMap<&str, String>,
    defects: &'a [Defect],
) -> TableView<'a> {
    let (head_taken, head_width) = taken_and_width(t, true, &t.header);
    let (body_taken, body_width) = taken_and_width(t, false, &t.rows);
    let ncols = head_width.max(body_width);
    let has_links = t.row_links.iter().any(|l| !l.is_empty());
    let aligned = line_aligned_columns(t);
    let header: Vec<Vec<Cell>> = t
        .header
        .iter()
        .enumerate()
        .map(|(k, r)| cells(t, true, k, r, ncols, head_taken[k]))
        .collect();
    let labels = column_labels(&header, ncols);
    let mut rows: Vec<RowView> = t
        .rows
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let mut cells = cells(t, false, k, r, ncols, body_taken[k]);
            let (sub, height) = split_lines(&mut cells, &aligned);
            RowView {
                id: t.row_ids.get(k).map(|s| s.as_str()).unwrap_or(""),
                cite: row_cite(t, k + 1),
                cells,
                sub,
                height,
                carried: vec![],
                link: t.row_links.get(k).filter(|l| !l.is_empty()).and_then(|l| {
                    Some(Ref {
                        href: format!("#{l}"),
                        cite: cites.get(l.as_str())?.clone(),
                    })
                }),
                defects: t
                    .row_ids
                    .get(k)
                    .map(|id| defects.iter().filter(|d| d.at == *id).collect())
                    .unwrap_or_default(),
            }
        })
        .collect();
    label_body(&mut rows, &labels, ncols);
    let numbered = first_column_numbers(&labels, &rows);
    TableView {
        id: &t.id,
        cite: table_cite(t),
        caption: &t.caption,
        notes: &t.notes,
        header,
        rows,
        has_links,
        numbered,
        min_width_em: if ncols <= 3 {
            0
        } else {
            ((ncols + usize::from(!numbered) + usize::from(has_links)) * 5).min(MIN_WIDTH_EM_MAX)
        },
    }
}

/// Counts shown on the home page.
#[derive(Serialize, Default, Clone, Copy)]
pub struct Counts {
    pub actions: usize,
    pub offices: usize,
    pub deadlines: usize,
}

pub fn counts(p: &Plan) -> Counts {
    let mut offices = BTreeSet::new();
    let mut deadlines = 0;
    // 完成时限 only: a start (2024年起), 每年 or 长期 is no date a task is due by.
    let due = |ds: &[Deadline]| {
        ds.iter()
            .filter(|d| matches!(d.kind, DeadlineKind::By | DeadlineKind::In))
            .count()
    };
    for n in p.all_nodes() {
        offices.extend(n.duties.iter().map(|d| d.unit.as_str()));
        deadlines += due(&n.deadlines);
    }
    // Offices of task-table rows that restate no clause name offices too.
    for ds in p.row_duties.values() {
        offices.extend(ds.iter().map(|d| d.unit.as_str()));
    }
    deadlines += p.row_deadlines.values().map(|ds| due(ds)).sum::<usize>();
    Counts {
        actions: p.actions().len(),
        offices: offices.len(),
        deadlines,
    }
}

/// 政府信息公开 metadata rows, empty ones left out.
#[derive(Serialize)]
pub struct MetaRow {
    pub key: &'static str,
    pub value: String,
    /// A link to show the value as (原文链接); empty for text.
    pub href: String,
}

pub fn meta_rows(p: &Plan) -> Vec<MetaRow> {
    let issuers = if !p.meta.issuers.is_empty() {
        p.meta.issuers.join("、")
    } else {
        p.notice
            .as_ref()
            .map(|n| n.issuers.join("、"))
            .unwrap_or_default()
    };
    let doc_number = if !p.doc_number.is_empty() {
        p.doc_number.clone()
    } else {
        p.notice
            .as_ref()
            .map(|n| n.doc_number.clone())
            .unwrap_or_default()
    };
    // The fields disclosure portals list are always shown: one the source does not print
    // says so rather than vanishing (a reader cannot tell a missing row from a missing fact).
    let printed = |v: String| {
        if v.trim().is_empty() {
            UNKNOWN.to_string()
        } else {
            v
        }
    };
    // A policy database's own fields, as printed (`索引号：…`), where the text had them.
    let field = |names: &[&str]| {
        p.meta
            .catalog
            .iter()
            .find_map(|l| {
                let (k, v) = l.split_once(['：', ':'])?;
                names.contains(&k.trim()).then(|| v.trim().to_string())
            })
            .unwrap_or_default()
    };
    let rows = [
        ("索引号", printed(field(&["索引号"]))),
        ("发文机关", printed(issuers)),
        ("发文字号", printed(doc_number)),
        ("成文日期", printed(date_zh(&p.meta.written))),
        // `issued` is the 印发 date (a 版记's 印发, a covering notice's date), not a portal's
        // 发布日期, which the texts never print.
        ("印发日期", printed(date_zh(&p.meta.issued))),
        ("发布日期", printed(field(&["发布日期"]))),
        ("主题分类", printed(p.meta.topic.clone())),
        (
            "公开方式",
            if p.meta.public {
                "主动公开（原文注明“此件公开发布”）".to_string()
            } else {
                UNKNOWN.to_string()
            },
        ),
        ("适用地区", p.region.clone()),
        ("规划期", period_text(p)),
        ("文件状态", status_text(p)),
        ("有效性", printed(field(&["有效性", "时效性", "效力状态"]))),
    ];
    let mut out: Vec<MetaRow> = rows
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(key, value)| MetaRow {
            key,
            value,
            href: String::new(),
        })
        .collect();
    // The official original, linked only where it is a web address (never `javascript:`).
    let url = p.meta.source_url.trim();
    let linkable = matches!(super::url::scheme(url).as_deref(), Some("http" | "https"));
    out.push(MetaRow {
        key: "原文链接",
        value: if url.is_empty() {
            UNKNOWN.to_string()
        } else {
            url.to_string()
        },
        href: if linkable {
            url.to_string()
        } else {
            String::new()
        },
    });
    out
}

/// What a disclosure field shows when the source does not print it.
pub const UNKNOWN: &str = "原文未注明";

/// schema.org `Legislation` for the page head. `serde_json::Map` is ordered, so bytes are
/// stable.
pub fn json_ld(
    p: &Plan,
    canonical: &str,
    language: &str,
    modified: Option<&str>,
) -> serde_json::Value {
    use serde_json::{json, Value};
    let mut m = serde_json::Map::new();
    m.insert("@context".into(), json!("https://schema.org"));
    m.insert("@type".into(), json!("Legislation"));
    m.insert("name".into(), json!(p.title));
    m.insert("url".into(), json!(canonical));
    m.insert("inLanguage".into(), json!(language));
    let mut put = |k: &str, v: &str| {
        if !v.trim().is_empty() {
            m.insert(k.into(), Value::String(v.to_string()));
        }
    };
    put("legislationIdentifier", &p.doc_number);
    put("legislationDate", &p.meta.written);
    put("datePublished", &p.meta.issued);
    put("dateModified", modified.unwrap_or_default());
    put("legislationJurisdiction", &p.region);
    put("about", &p.meta.topic);
    put("creativeWorkStatus", &status_text(p));
    let issuers: Vec<Value> = p
        .meta
        .issuers
        .iter()
        .map(|i| json!({"@type": "GovernmentOrganization", "name": i}))
        .collect();
    if !issuers.is_empty() {
        m.insert("legislationPassedBy".into(), Value::Array(issuers));
    }
    if p.status == Status::Draft {
        m.insert("legislationLegalForce".into(), json!("NotInForce"));
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disclosure_fields_as_printed_or_said_unknown() {
        let mut d = crate::doc::Document::default();
        d.meta.title = "某县方案".into();
        d.meta.catalog = vec!["索引号：11330100/2024-00012".into(), "有效性：有效".into()];
        d.meta.source_url = "https://www.example.gov.cn/art/2024/1/2/art_1.html".into();
        let p = crate::model::analyze("x.md", &d, &Default::default());
        let rows = meta_rows(&p);
        let get = |k: &str| rows.iter().find(|r| r.key == k).unwrap();
        assert_eq!(get("索引号").value, "11330100/2024-00012");
        assert_eq!(get("有效性").value, "有效");
        assert_eq!(get("发文字号").value, UNKNOWN);
        assert_eq!(get("原文链接").href, d.meta.source_url);
        d.meta.source_url = "javascript:alert(1)".into();
        let p = crate::model::analyze("x.md", &d, &Default::default());
        let rows = meta_rows(&p);
        let link = rows.iter().find(|r| r.key == "原文链接").unwrap();
        assert!(link.href.is_empty(), "never a javascript: link");
    }

    #[test]
    fn dates() {
        assert_eq!(date_zh("2023-03-14"), "2023年3月14日");
    }

    #[test]
    fn short_rows_span() {
        let t = Table::default();
        let row = vec!["a".to_string(), "b\nc".to_string()];
        let c = cells(&t, false, 0, &row, 4, 0);
        assert_eq!(c.len(), 2);
        assert_eq!(c[1].colspan, 3);
        assert_eq!(c[1].lines, vec!["b", "c"]);
        assert_eq!(cells(&t, false, 0, &[], 3, 0)[0].colspan, 3);
        // A row below a cell spanning into it covers only what is left.
        assert_eq!(cells(&t, false, 0, &row, 4, 1)[1].colspan, 2);
    }

    #[test]
    fn rows_of_line_by_line_cells_become_sub_rows() {
        let row = |c: &[&str]| c.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let t = Table {
            header: vec![row(&["类别", "指标", "2020年", "属性"])],
            rows: vec![
                row(&[
                    "高中阶段教育",
                    "在校生\n毛入学率",
                    "1.37\n98.0",
                    "预期性\n预期性",
                ]),
                row(&[
                    "学前\n教育",
                    "在园人数\n入园率",
                    "1.7\n99.0",
                    "预期性\n预期性",
                ]),
                row(&["合计", "x", "1", "y"]),
            ],
            row_ids: vec!["t-1".into(), "t-2".into(), "t-3".into()],
            ..Default::default()
        };
        let v = table_view(&t, &BTreeMap::new(), &[]);
        let r = &v.rows[0];
        assert_eq!(r.height, 2);
        // 类别 spans both sub-rows; each indicator sits in the row of its own values.
        assert_eq!(r.cells[0].rowspan, 2);
        assert_eq!(r.cells[1].lines, ["在校生"]);
        let sub: Vec<&str> = r.sub[0].cells.iter().map(|c| c.lines[0]).collect();
        assert_eq!(sub, ["毛入学率", "98.0", "预期性"]);
        // 类别 holds two lines in row 2 only because the name wraps: not split.
        assert_eq!(v.rows[1].cells[0].lines, ["学前", "教育"]);
        assert_eq!(v.rows[2].height, 1);
        // A table whose multi-line cells do not go in step is left as printed.
        let t = Table {
            rows: vec![
                row(&["加大教师\n培养力度", "一段", "2025年\n8月前"]),
                row(&["a", "b", "c\nd\ne"]),
            ],
            ..Default::default()
        };
        assert!(table_view(&t, &BTreeMap::new(), &[])
            .rows
            .iter()
            .all(|r| r.sub.is_empty()));
    }

    #[test]
    fn spans_are_printed_and_rows_below_a_rowspan_fit_the_grid() {
        let row = |c: &[&str]| c.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let t = Table {
            header: vec![row(&["年度", "装备", "备注"]), row(&["甲", "乙"])],
            rows: vec![row(&["2021", "1", "2", ""])],
            spans: vec![
                crate::doc::Span {
                    header: true,
                    row: 0,
                    cell: 0,
                    rowspan: 2,
                    colspan: 1,
                },
                crate::doc::Span {
                    header: true,
                    row: 0,
                    cell: 1,
                    rowspan: 1,
                    colspan: 2,
                },
            ],
            ..Default::default()
        };
        let v = table_view(&t, &BTreeMap::new(), &[]);
        let spans = |r: &[Cell]| r.iter().map(|c| (c.colspan, c.rowspan)).collect::<Vec<_>>();
        assert_eq!(spans(&v.header[0]), [(1, 2), (2, 1), (1, 1)]);
        // A header row still short of the grid once spans are counted stretches its last cell.
        assert_eq!(spans(&v.header[1]), [(1, 1), (2, 1)]);
        assert_eq!(spans(&v.rows[0].cells), [(1, 1); 4]);
        // Each body cell is labelled with the header cells over it, top to bottom.
        let labels: Vec<&str> = v.rows[0].cells.iter().map(|c| c.label.as_str()).collect();
        // 乙, stretched to the end of its row, stands under 备注 too.
        assert_eq!(labels, ["年度", "装备 · 甲", "装备 · 乙", "备注 · 乙"]);
        assert!(!v.numbered, "年度 does not number the rows");
    }

    #[test]
    fn merged_body_cells_are_carried_into_the_rows_they_cover() {
        let row = |c: &[&str]| c.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let t = Table {
            header: vec![row(&["序号", "牵头\n单位", "任务"])],
            rows: vec![
                row(&["1", "县教体局", "甲"]),
                row(&["2", "乙"]),
                row(&["3", "", "丙"]),
            ],
            row_ids: vec!["t-1".into(), "t-2".into(), "t-3".into()],
            spans: vec![crate::doc::Span {
                header: false,
                row: 0,
                cell: 1,
                rowspan: 2,
                colspan: 1,
            }],
            ..Default::default()
        };
        let v = table_view(&t, &BTreeMap::new(), &[]);
        // Row 2 lies under 县教体局: its card shows it again, labelled.
        assert!(v.rows[0].carried.is_empty());
        let c = &v.rows[1].carried;
        assert_eq!(c.len(), 1);
        assert_eq!(
            (c[0].label.as_str(), c[0].lines.as_slice()),
            ("牵头单位", &["县教体局"][..])
        );
        assert_eq!(v.rows[1].cells[1].label, "任务", "乙 is in the column 任务");
        assert!(v.rows[2].carried.is_empty());
        // 序号 of each row's own: it heads the row, no 行 column beside it.
        assert!(v.numbered);
        assert_eq!(v.min_width_em, 0);
        // A 序号 merged over two rows cannot head both.
        let t = Table {
            spans: vec![crate::doc::Span {
                header: false,
                row: 0,
                cell: 0,
                rowspan: 2,
                colspan: 1,
            }],
            ..t
        };
        assert!(!table_view(&t, &BTreeMap::new(), &[]).numbered);
    }

    #[test]
    fn every_table_width_has_a_class_in_the_theme() {
        let css = crate::render::STATIC
            .iter()
            .find(|(n, _)| *n == "site.css")
            .map(|(_, s)| *s)
            .unwrap_or_default();
        for w in (25..=MIN_WIDTH_EM_MAX).step_by(5) {
            assert!(
                css.contains(&format!("table.mw-{w} {{ min-width: {w}em; }}")),
                "mw-{w}"
            );
        }
    }
}
