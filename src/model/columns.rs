//! Reading the columns of a task table: which columns name offices and which say when,
//! and where each printed cell of a row belongs when vertical merges left the row short.
//! Used by analysis (duties and deadlines from rows) and by alias proposals (names in rows).

use super::{deadlines, duties};
use crate::doc::{Role, Table};

/// Columns of a table that name units, with their role (from the last header row that has
/// any; tables whose header is missing use their first row).
pub fn unit_columns(t: &Table) -> Option<Vec<(usize, Role)>> {
    let rows = if t.header.is_empty() {
        t.rows.first().map(std::slice::from_ref).unwrap_or(&[])
    } else {
        &t.header[..]
    };
    rows.iter().rev().find_map(|h| {
        let cols: Vec<(usize, Role)> = h
            .iter()
            .enumerate()
            .filter_map(|(i, c)| duties::column_role(c).map(|r| (i, r)))
            .collect();
        (!cols.is_empty()).then_some(cols)
    })
}

/// Columns of a table that say when: 完成时限, 时限, 时间, 完成时间, 时间节点, 年度.
pub fn time_columns(t: &Table) -> Vec<usize> {
    let rows = if t.header.is_empty() {
        t.rows.first().map(std::slice::from_ref).unwrap_or(&[])
    } else {
        &t.header[..]
    };
    rows.iter()
        .rev()
        .map(|h| {
            h.iter()
                .enumerate()
                .filter(|(_, c)| {
                    let c: String = duties::simplified_label(c)
                        .chars()
                        .filter(|x| !x.is_whitespace())
                        .collect();
                    matches!(
                        c.as_str(),
                        "完成时限"
                            | "时限"
                            | "时间"
                            | "完成时间"
                            | "时间节点"
                            | "时间安排"
                            | "年度"
                            | "实施时间"
                            | "完成期限"
                            | "时间要求"
                            | "推进时限"
                            | "进度安排"
                            | "时间进度"
                            | "完成年限"
                            | "实施年度"
                            | "完成时限要求"
                            | "建设年限"
                            | "建设周期"
                            | "实施期限"
                            | "起止年限"
                            | "完成年度"
                    )
                })
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        })
        .find(|v| !v.is_empty())
        .unwrap_or_default()
}

/// The cells of `row` by column of the table. A row shorter than the table lost cells to
/// vertical merges (Word exports a merged cell only in its first row): leading ones
/// (序号, 重点任务) or any other (a 牵头单位 shared with the row above). Every way of
/// placing the printed cells in order is scored (office names under unit columns, time
/// phrases under time columns, numbers under 序号, none of them elsewhere) and the best
/// taken; ties go to the placement with the missing cells leftmost, the usual merge.
/// Missing cells are `None`.
pub fn row_cells<'a>(
    t: &Table,
    row: &'a [String],
    unit_cols: &[(usize, Role)],
    time_cols: &[usize],
) -> Vec<Option<&'a str>> {
    let width = t
        .header
        .iter()
        .chain(&t.rows)
        .map(Vec::len)
        .max()
        .unwrap_or(row.len());
    let missing = width.saturating_sub(row.len());
    if missing == 0 {
        return row.iter().map(|c| Some(c.as_str())).collect();
    }
    let header: Vec<String> = t
        .header
        .last()
        .map(|h| {
            h.iter()
                .map(|c| c.chars().filter(|x| !x.is_whitespace()).collect())
                .collect()
        })
        .unwrap_or_default();
    let serial = |i: usize| header.get(i).is_some_and(|h| h == "序号" || h == "编号");
    let score_cell = |i: usize, c: &str| -> i32 {
        let c = c.trim();
        if c.is_empty() {
            return 0;
        }
        let unit = unit_cols.iter().find(|(u, _)| *u == i);
        let names = || {
            let f = duties::read_cell(c, unit.map_or(Role::Responsible, |u| u.1));
            f.problems.is_empty()
                && !f.names.is_empty()
                && f.names.iter().all(|n| office_like(&n.name))
        };
        let dated = || !deadlines::find_in_cell(c).is_empty();
        let number = || {
            c.chars()
                .all(|x| x.is_ascii_digit() || ('０'..='９').contains(&x))
        };
        if unit.is_some() {
            if names() {
                2
            } else {
                -2
            }
        } else if time_cols.contains(&i) {
            if dated() {
                2
            } else {
                -2
            }
        } else if serial(i) {
            if number() {
                1
            } else {
                -1
            }
        } else if number() && c.chars().count() <= 3 || names() || dated() {
            -1
        } else {
            0
        }
    };
    // Choose which `missing` columns are absent; too many choices: missing cells leftmost.
    // Each (column, cell) pair is scored once: placements only add the scores up.
    let mut best: Option<(i32, Vec<bool>)> = None;
    if width <= 12 {
        let scores: Vec<Vec<i32>> = (0..width)
            .map(|i| {
                row.iter()
                    .enumerate()
                    .map(|(k, c)| {
                        // Cell k can only land in columns k ..= k + missing.
                        if i >= k && i <= k + missing {
                            score_cell(i, c)
                        } else {
                            0
                        }
                    })
                    .collect()
            })
            .collect();
        let mut absent = vec![false; width];
        fn walk(from: usize, left: usize, absent: &mut Vec<bool>, f: &mut dyn FnMut(&[bool])) {
            if left == 0 {
                f(absent);
                return;
            }
            for i in from..absent.len() {
                if absent.len() - i < left {
                    break;
                }
                absent[i] = true;
                walk(i + 1, left - 1, absent, f);
                absent[i] = false;
            }
        }
        walk(0, missing, &mut absent, &mut |a: &[bool]| {
            let mut k = 0;
            let mut score = 0;
            for (i, gone) in a.iter().enumerate() {
                if !gone {
                    score += scores[i].get(k).copied().unwrap_or(0);
                    k += 1;
                }
            }
            // The first placement found (missing cells leftmost) wins ties.
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, a.to_vec()));
            }
        });
    }
    let absent = best
        .map(|(_, a)| a)
        .unwrap_or_else(|| (0..width).map(|i| i < missing).collect());
    let mut k = 0;
    absent
        .iter()
        .map(|gone| {
            if *gone {
                None
            } else {
                k += 1;
                row.get(k - 1).map(String::as_str)
            }
        })
        .collect()
}

/// The cells of every body row by column ([`row_cells`]), where a unit or time cell merged
/// with the row above (missing from this row) takes that row's: it says the same.
pub fn filled_rows(
    t: &Table,
    unit_cols: &[(usize, Role)],
    time_cols: &[usize],
) -> Vec<Vec<Option<String>>> {
    let mut out: Vec<Vec<Option<String>>> = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let mut cells: Vec<Option<String>> = row_cells(t, row, unit_cols, time_cols)
            .into_iter()
            .map(|c| c.map(str::to_string))
            .collect();
        // A row of one cell in a wider table is a section row (`二、义务教育` across the
        // table): it inherits no offices or dates from the row above.
        let section_row = row.len() == 1 && t.header.iter().any(|h| h.len() > 1);
        if let Some(above) = out.last().filter(|_| !section_row) {
            for i in unit_cols
                .iter()
                .map(|(i, _)| *i)
                .chain(time_cols.iter().copied())
            {
                if cells.get(i).is_some_and(Option::is_none) {
                    if let Some(Some(cell)) = above.get(i) {
                        cells[i] = Some(cell.clone());
                    }
                }
            }
        }
        out.push(cells);
    }
    out
}

/// Whether a name reads as an office or body that can hold a duty (`县教育局`, `团县委`,
/// `各镇人民政府`), not a task (`校园周边交通整治`).
fn office_like(name: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "局",
        "委",
        "办",
        "部",
        "院",
        "厅",
        "中心",
        "政府",
        "办事处",
        "大队",
        "支队",
        "委员会",
        "学校",
        "学院",
        "幼儿园",
        "中学",
        "小学",
        "协会",
        "团",
        "所",
        "站",
        "馆",
        "室",
        "会",
        "队",
        "处",
        "科",
        "社",
        "联",
        "公司",
        "集团",
        "银行",
        "机构",
        "单位",
        "部门",
        "街道",
        "乡镇",
        "镇",
        "乡",
        "园区",
        "管委会",
        "专班",
        "小组",
    ];
    name.starts_with('各') || ENDINGS.iter().any(|e| name.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merged_lead_cell_is_the_row_above_s() {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let t = Table {
            header: vec![row(&["序号", "任务", "牵头单位", "完成时限"])],
            rows: vec![
                row(&["1", "任务甲", "县教育局", "2025年"]),
                row(&["2", "任务乙", "2026年"]),
            ],
            ..Default::default()
        };
        let units = unit_columns(&t).unwrap();
        let times = time_columns(&t);
        assert_eq!(
            (units.clone(), times.clone()),
            (vec![(2, Role::Lead)], vec![3])
        );
        assert_eq!(row_cells(&t, &t.rows[1], &units, &times)[2], None);
        let rows = filled_rows(&t, &units, &times);
        assert_eq!(rows[1][2].as_deref(), Some("县教育局"));
        assert_eq!(rows[1][3].as_deref(), Some("2026年"));
    }
}
