//! What is searchable: one document per clause (every node with a title or text) and per
//! table row, each knowing its plan, anchor, printed citation, offices by role and deadlines,
//! and, for an annex row restating a clause (`Table::row_links`), the clause it restates, so
//! that search shows the two as one hit.

use crate::doc::{Deadline, DeadlineKind, Duty, Plan, Role, Table};
use crate::graph::cite::{flatten, row_cite};

/// One search result candidate: a clause or a table row.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// Index of the plan in the slice given to [`collect`].
    pub plan: usize,
    /// Anchor id on the plan page (`3-1-5`, `annex2-7`).
    pub id: String,
    /// Printed citation, e.g. `二（一）5` or `附件2 第7行`.
    pub citation: String,
    pub title: String,
    /// Body text; paragraphs separated by `\n`.
    pub text: String,
    /// Canonical office names, lead first, without repeats.
    pub offices: Vec<String>,
    /// The same offices by role, each joined with 、: lead (牵头), responsible (责任),
    /// cooperating (配合).
    pub roles: [String; 3],
    /// The deadlines as printed, dates to meet first (完成时限), then starts, recurring and
    /// ongoing ones; joined with ；.
    pub deadlines: String,
    /// For a table row restating a clause: the clause's anchor id (a document of the same
    /// plan).
    pub restates: Option<String>,
}

impl Doc {
    /// The text the index is built over: title, newline, body. Positions in the index are
    /// character positions in this string.
    pub fn full(&self) -> String {
        if self.text.is_empty() {
            self.title.clone()
        } else {
            format!("{}\n{}", self.title, self.text)
        }
    }
}

/// The offices of each role, in the order stated, each once, joined with 、.
fn roles(duties: &[Duty]) -> [String; 3] {
    [Role::Lead, Role::Responsible, Role::Cooperating].map(|role| {
        let mut out: Vec<&str> = Vec::new();
        for d in duties.iter().filter(|d| d.role == role) {
            if !out.contains(&d.unit.as_str()) {
                out.push(&d.unit);
            }
        }
        out.join("、")
    })
}

/// The deadlines' printed phrases, each once: those to meet (到2025年, 2025年底前) first, as
/// the answer to 「什么时候完成」, then the others (2024年起, 每年, 长期坚持).
fn deadlines(ds: &[Deadline]) -> String {
    let due = |d: &&Deadline| matches!(d.kind, DeadlineKind::By | DeadlineKind::In);
    let mut out: Vec<&str> = Vec::new();
    for d in ds.iter().filter(due).chain(ds.iter().filter(|d| !due(d))) {
        let t = d.text.trim();
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out.join("；")
}

fn offices(duties: &[Duty]) -> Vec<String> {
    let mut ds: Vec<&Duty> = duties.iter().collect();
    // Lead first, then responsible, then cooperating; stable within a role.
    ds.sort_by_key(|d| match d.role {
        Role::Lead => 0,
        Role::Responsible => 1,
        Role::Cooperating => 2,
    });
    let mut out: Vec<String> = Vec::new();
    for d in ds {
        if !out.contains(&d.unit) {
            out.push(d.unit.clone());
        }
    }
    out
}

/// A table cell as one line of text. Word breaks a cell's title over lines (`加大教师` /
/// `培养力度`): the break is dropped so the title matches, except between two ASCII words.
fn cell_text(cell: &str) -> String {
    let mut out = String::new();
    for line in cell.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        let spaced = matches!((out.chars().last(), line.chars().next()),
            (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric());
        if spaced {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

fn table_rows(plan: usize, p: &Plan, t: &Table, out: &mut Vec<Doc>) {
    for (i, row) in t.rows.iter().enumerate() {
        let Some(id) = t.row_ids.get(i).filter(|s| !s.is_empty()) else {
            continue;
        };
        let cells: Vec<String> = row
            .iter()
            .map(|c| cell_text(c))
            .filter(|c| !c.is_empty())
            .collect();
        if cells.is_empty() {
            continue;
        }
        // The first cell that is not a bare number names the row; the others are its text.
        let t_at = cells
            .iter()
            .position(|c| !c.chars().all(|ch| ch.is_ascii_digit() || ch == '.'));
        let title = t_at.map(|k| cells[k].clone()).unwrap_or_default();
        let rest: Vec<&str> = cells
            .iter()
            .enumerate()
            .filter(|(k, _)| Some(*k) != t_at)
            .map(|(_, c)| c.as_str())
            .collect();
        let linked = t
            .row_links
            .get(i)
            .filter(|l| !l.is_empty())
            .and_then(|l| p.all_nodes().into_iter().find(|n| &n.id == l));
        // A row restating a clause gave its offices and deadlines to the clause (model); a
        // row restating none keeps its own.
        let (duties, dls): (&[Duty], &[Deadline]) = match linked {
            Some(n) => (&n.duties, &n.deadlines),
            None => (
                p.row_duties.get(id).map(Vec::as_slice).unwrap_or_default(),
                p.row_deadlines
                    .get(id)
                    .map(Vec::as_slice)
                    .unwrap_or_default(),
            ),
        };
        out.push(Doc {
            plan,
            id: id.clone(),
            citation: row_cite(t, i + 1),
            title,
            text: rest.join("\n"),
            offices: offices(duties),
            roles: roles(duties),
            deadlines: deadlines(dls),
            restates: linked.map(|n| n.id.clone()),
        });
    }
}

/// Every searchable document of `plans`, plan by plan, in reading order (nodes, then
/// table rows).
pub fn collect(plans: &[Plan]) -> Vec<Doc> {
    let mut out = Vec::new();
    for (i, p) in plans.iter().enumerate() {
        collect_plan(i, p, &mut out);
    }
    out
}

/// The documents of one plan (`i` is its index in the site's plans), appended to `out`.
/// The index builds one plan at a time with this, so it never holds every document's text.
pub fn collect_plan(i: usize, p: &Plan, out: &mut Vec<Doc>) {
    // Citations as the plan page prints them (render::views), so a result reads the same.
    for f in flatten(p) {
        let n = f.node;
        if !n.title.trim().is_empty() || !n.text.trim().is_empty() {
            out.push(Doc {
                plan: i,
                id: n.id.clone(),
                citation: f.cite,
                title: n.title.clone(),
                text: n.text.clone(),
                offices: offices(&n.duties),
                roles: roles(&n.duties),
                deadlines: deadlines(&n.deadlines),
                restates: None,
            });
        }
    }
    for t in &p.tables {
        table_rows(i, p, t, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_join_broken_titles() {
        assert_eq!(cell_text("加大教师\n培养力度"), "加大教师培养力度");
        assert_eq!(cell_text("2025年\n8月前"), "2025年8月前");
        assert_eq!(cell_text("AED\n配置"), "AED配置");
        assert_eq!(cell_text("5G\nAED"), "5G AED");
        assert_eq!(cell_text("\n"), "");
    }
}
