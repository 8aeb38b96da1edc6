//! Tables a text export flattened, read back as tables:
//!
//! - one cell per paragraph (Word saved as text: `序号` / `重点任务` / `牵头单位` … then each
//!   row's cells, blank lines between them all): the header is a run of column names with at
//!   least one office or time column, its length the row width; rows are cut at each serial
//!   number (`1`, `2` …), so a cell printed as two paragraphs stays one cell;
//! - one cell per line ending in `|` (`序号 |` / `目标与任务 |` …; a cell's earlier lines
//!   without the bar), read the same way;
//! - Markdown pipe tables (`| 序号 | 任务 |` over `|---|---|`), `<br>` as a line break in a cell;
//! - a table pasted from a spreadsheet (a row a line, tabs between cells, a cell holding line
//!   breaks in quotes) or aligned with wide spaces, under a header line of column names.
//!
//! A row holding only a section label (`一、…`) is a section row, as a task table prints it.

use super::tables::{Block, RawTable};
use crate::label::{self, Style};
use regex::Regex;
use std::sync::LazyLock;

/// What a column header names, as far as cutting rows needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Serial,
    /// Offices (牵头单位, 责任部门, 责任领导 …) or when (完成时限, 时间节点 …).
    UnitOrTime,
    Other,
}

/// A header cell of a task table, or `None` for any other text.
fn column(cell: &str) -> Option<Column> {
    let h: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    // A note in brackets does not change the column (`责任单位（部门）`).
    let h = match h.find(['（', '(']) {
        Some(at) if at > 0 && h.ends_with(['）', ')']) => &h[..at],
        _ => h.as_str(),
    };
    let n = h.chars().count();
    if !(2..=12).contains(&n) || h.contains(['。', '，', '；', '：', ':', '、']) {
        return None;
    }
    if matches!(h, "序号" | "编号" | "序列") {
        return Some(Column::Serial);
    }
    const UNIT_OR_TIME: &[&str] = &[
        "单位",
        "部门",
        "科室",
        "处室",
        "股室",
        "主体",
        "领导",
        "责任人",
        "时限",
        "时间",
        "期限",
        "年限",
        "年度",
        "时间节点",
        "进度安排",
    ];
    if UNIT_OR_TIME.iter().any(|s| h.ends_with(s)) {
        return Some(Column::UnitOrTime);
    }
    const OTHER: &[&str] = &[
        "任务", "措施", "内容", "目标", "举措", "事项", "项目", "名称", "指标", "工作", "要求",
        "备注", "类别", "领域", "分工",
    ];
    (n <= 8 && OTHER.iter().any(|s| h.ends_with(s))).then_some(Column::Other)
}

/// The header at the start of `cells`: the column kinds, when it reads as a task table's
/// (at least `min` columns, one of them offices or time).
fn header(cells: &[Cell]) -> Option<Vec<Column>> {
    let cols: Vec<Column> = cells.iter().map_while(|c| column(&c.text)).collect();
    (cols.len() >= 2 && cols.contains(&Column::UnitOrTime)).then_some(cols)
}

/// One flattened cell: the line it starts on and its text (lines joined by `\n`).
#[derive(Debug, Clone)]
struct Cell {
    line: usize,
    text: String,
}

fn serial(cell: &str) -> Option<u32> {
    let t = cell.trim().trim_end_matches(['.', '．', '、']);
    if t.is_empty() || t.chars().count() > 3 {
        return None;
    }
    t.chars()
        .map(|c| match c {
            '0'..='9' => Some(c as u32 - '0' as u32),
            '０'..='９' => Some(c as u32 - '０' as u32),
            _ => None,
        })
        .try_fold(0u32, |n, d| Some(n * 10 + d?))
}

/// A paragraph that ends a sentence (a measure), not a phrase (a title, an office).
fn sentence(text: &str) -> bool {
    text.trim_end().ends_with(['。', '；', ';'])
}

/// A section row of a task table: a short `一、…` / `（一）…` / `第一章…` line.
fn section_row(cell: &str) -> bool {
    cell.chars().count() <= 40
        && !cell.contains('\n')
        && !cell.ends_with(['。', '；'])
        && matches!(
            label::parse(cell, false).map(|l| l.style),
            Some(Style::Chapter | Style::Jie | Style::Han | Style::ParenHan)
        )
}

/// A paragraph that cannot be a cell of a flattened table whose end is not marked: a part
/// heading, a caption or note, an annex mark.
fn ends_table(text: &str) -> bool {
    let t = text.trim();
    matches!(
        label::parse(t, false).map(|l| l.style),
        Some(Style::Chapter | Style::Jie | Style::Han)
    ) || t.starts_with("附件")
        || t.starts_with("附表")
        || t.starts_with("注：")
        || t.starts_with("注:")
}

/// Read a table from flattened `cells`: header, then rows. `marked`: every cell is known to
/// belong to the table (bars), so the last row takes what is left; otherwise the table ends
/// where its rows stop. Returns the table and how many cells it took.
fn read_cells(cells: &[Cell], marked: bool) -> Option<(RawTable, usize)> {
    let cols = header(cells)?;
    let width = cols.len();
    // Unmarked cells of an office or time column are short: a sentence there is text
    // after the table, not a cell.
    let fits = |k: usize, c: &Cell| {
        marked
            || cols.get(k) != Some(&Column::UnitOrTime)
            || (c.text.chars().count() <= 60 && !c.text.contains('。'))
    };
    let mut rows: Vec<Vec<String>> = vec![cells[..width].iter().map(|c| c.text.clone()).collect()];
    let mut i = width;
    if cols[0] == Column::Serial {
        let mut last = 0u32;
        while i < cells.len() {
            let t = &cells[i].text;
            // A section row: its label, then the next row's number (or the end of marked cells).
            let next_is_row = cells.get(i + 1).map(|c| serial(&c.text)) == Some(Some(last + 1));
            if section_row(t) && (next_is_row || (marked && i + 1 == cells.len())) {
                rows.push(vec![t.clone()]);
                i += 1;
                continue;
            }
            let Some(n) = serial(t) else { break };
            if n != last + 1 && !(last == 0 && n <= 1) {
                break;
            }
            last = n;
            // The row runs to the next row's number or section row, else (the last row)
            // `width` cells or the end of marked cells.
            let next = (i + 1..cells.len().min(i + 1 + 3 * width)).find(|&j| {
                let c = &cells[j].text;
                serial(c) == Some(n + 1)
                    || (section_row(c)
                        && cells.get(j + 1).map(|x| serial(&x.text)) == Some(Some(n + 1)))
            });
            let end = match next {
                Some(j) => j,
                None => {
                    // The last row: a cell per column; a sentence where an office or time
                    // should be, with one following that fits there, is a further
                    // paragraph of the text column before it.
                    let (mut j, mut col) = (i + 1, 1);
                    while j < cells.len() && col < width && !ends_table(&cells[j].text) {
                        if fits(col, &cells[j]) {
                            col += 1;
                        } else if cols[col - 1] != Column::Other
                            || !sentence(&cells[j].text)
                            || !cells.get(j + 1).is_some_and(|c| fits(col, c))
                        {
                            break;
                        }
                        j += 1;
                    }
                    j
                }
            };
            let mut row: Vec<String> = cells[i..end].iter().map(|c| c.text.clone()).collect();
            // More cells than columns: a cell printed as several paragraphs, the text
            // column's (the first that is neither the number nor an office or time).
            if row.len() > width {
                let extra = row.len() - width;
                // The text column whose paragraphs read alike (all sentences, or all not)
                // when it takes the extra ones: `推进…` / `新建…。` / `扩大…。` is a title
                // then a measure of two sentences.
                let candidates: Vec<usize> = (1..width)
                    .filter(|&k| cols[k] == Column::Other && k + extra < row.len())
                    .collect();
                let at = candidates
                    .iter()
                    .copied()
                    .find(|&k| {
                        let group = &row[k..=k + extra];
                        group.iter().all(|c| sentence(c)) || !group.iter().any(|c| sentence(c))
                    })
                    .or(candidates.first().copied())
                    .unwrap_or(1)
                    .min(row.len() - 1 - extra);
                let joined = row[at..=at + extra].join("\n");
                row.splice(at..=at + extra, [joined]);
            }
            rows.push(row);
            i = end;
        }
    } else {
        while i < cells.len() {
            let end = (i + width).min(cells.len());
            let row = &cells[i..end];
            if !marked
                && (end - i < width
                    || row.iter().any(|c| ends_table(&c.text))
                    || !row.iter().enumerate().all(|(k, c)| fits(k, c)))
            {
                break;
            }
            rows.push(cells[i..end].iter().map(|c| c.text.clone()).collect());
            i = end;
        }
    }
    if rows.len() < 2 {
        return None;
    }
    Some((table(rows, cells[0].line), i))
}

/// A table of these rows (the first its header) read from line `line` on.
fn table(rows: Vec<Vec<String>>, line: usize) -> RawTable {
    RawTable {
        line,
        caption_line: line,
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(cell_lines).collect())
            .collect(),
        header_rows: Some(1),
        ..RawTable::default()
    }
}

fn cell_lines(text: String) -> Vec<String> {
    text.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Paragraphs that are a flattened table's cells, one per paragraph, made a table.
pub fn cell_paragraphs(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut run: Vec<Cell> = Vec::new();
    for b in blocks {
        match b {
            Block::Para { line, text } => run.push(Cell { line, text }),
            Block::Table(t) => {
                tables_in(std::mem::take(&mut run), &mut out);
                out.push(Block::Table(t));
            }
        }
    }
    tables_in(run, &mut out);
    out
}

/// The blocks of a run of paragraphs: flattened tables found in it, the rest as they are.
fn tables_in(run: Vec<Cell>, out: &mut Vec<Block>) {
    let mut i = 0;
    while i < run.len() {
        // A header of one word per paragraph; three columns at least, so two short lines
        // such as `责任单位` / `完成时间` in running text do not start a table.
        let names: Vec<Column> = run[i..]
            .iter()
            .take(crate::limits::MAX_TABLE_COLUMNS + 1)
            .map_while(|c| column(&c.text))
            .collect();
        let found = (names.len() >= 3 && names.contains(&Column::UnitOrTime))
            .then(|| read_cells(&run[i..], false))
            .flatten();
        match found {
            Some((t, used)) => {
                out.push(Block::Table(t));
                i += used;
            }
            None => {
                let c = &run[i];
                out.push(Block::Para {
                    line: c.line,
                    text: c.text.clone(),
                });
                i += 1;
            }
        }
    }
}

/// The text of a line that ends in a cell bar (`目标与任务 |`, or a row between bars
/// `| 1 | 建设 |` printed without a Markdown rule under its header).
fn barred(line: &str) -> Option<&str> {
    let t = line.trim();
    t.ends_with('|').then(|| {
        t.trim_start_matches('|')
            .trim_start()
            .trim_end_matches('|')
            .trim_end()
    })
}

/// A line trimmed, without the cell bar that ends it (`云岭县…分解表 |`); a row of several
/// cells (`a | b |`) or a Markdown row is kept as printed.
pub fn unbarred(line: &str) -> &str {
    let t = line.trim();
    match t.strip_suffix('|') {
        Some(rest) if !rest.contains('|') => rest.trim_end(),
        _ => t,
    }
}

/// Cells ending in ` |` starting at `lines[start]` with a column name: the table they make
/// and any cells after its last row (a note `注：… |`) as paragraphs, or all of them as
/// paragraphs when they make no table; and the line after them.
pub fn bar_cells(lines: &[&str], start: usize) -> Option<(Vec<Block>, usize)> {
    column(barred(lines[start])?.split('|').next().unwrap_or_default())?;
    let mut cells: Vec<Cell> = Vec::new();
    let mut pending: Vec<(usize, &str)> = Vec::new();
    let mut i = start;
    let mut end = start;
    while i < lines.len() {
        let l = lines[i];
        if let Some(t) = barred(l) {
            let line = pending.first().map_or(i + 1, |p| p.0);
            let mut text: Vec<&str> = pending.drain(..).map(|p| p.1).collect();
            // Cells side by side on one line (`1 | 建设… | 县教育局 |`).
            let parts: Vec<&str> = t.split('|').map(str::trim).collect();
            if let Some((first, rest)) = parts.split_first() {
                text.push(first);
                cells.push(Cell {
                    line,
                    text: text.join("\n"),
                });
                cells.extend(rest.iter().map(|p| Cell {
                    line: i + 1,
                    text: p.to_string(),
                }));
            }
            i += 1;
            end = i;
        } else if l.trim().is_empty() {
            // Earlier lines of a cell are never apart from its bar by a blank line.
            if !pending.is_empty() {
                break;
            }
            i += 1;
        } else {
            pending.push((i + 1, l.trim()));
            i += 1;
        }
    }
    let para = |c: &Cell| Block::Para {
        line: c.line,
        text: c.text.clone(),
    };
    let blocks = match read_cells(&cells, true) {
        Some((t, used)) => std::iter::once(Block::Table(t))
            .chain(cells[used..].iter().map(para))
            .collect(),
        // Not a table: the lines as printed, less the bar ending each.
        None => (start..end)
            .filter_map(|k| {
                let text = unbarred(lines[k]);
                (!text.is_empty()).then(|| Block::Para {
                    line: k + 1,
                    text: text.to_string(),
                })
            })
            .collect(),
    };
    Some((blocks, end))
}

static GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\t|[ 　]{2,}|　").expect("cell gap regex"));

/// The cells of a row pasted from a spreadsheet (tabs between cells, a cell with line
/// breaks in quotes) or aligned with spaces; trailing empty cells dropped.
fn gap_cells(line: &str) -> Vec<String> {
    let t = line.trim_matches([' ', '　']);
    let mut cells: Vec<String> = if t.contains('\t') {
        t.split('\t')
            .map(|c| {
                let c = c.trim_matches([' ', '　']);
                match c.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
                    Some(q) => q.replace("\"\"", "\""),
                    None => c.to_string(),
                }
            })
            .collect()
    } else {
        GAP.split(t).map(|c| c.trim().to_string()).collect()
    };
    while cells.len() > 1 && cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    cells
}

/// A task table pasted from a spreadsheet into the text (`序号⇥重点任务⇥牵头单位…`, a row a
/// line) or aligned with spaces: a header line of column names, then rows that open with
/// their number (or a section row `一、…`). Returns the table and the line after it.
pub fn separated(lines: &[&str], start: usize) -> Option<(RawTable, usize)> {
    let first = lines[start];
    if first.starts_with('\t') || !GAP.is_match(first.trim_matches([' ', '　'])) {
        return None;
    }
    let head = gap_cells(first);
    let cols: Vec<Column> = head.iter().map_while(|c| column(c)).collect();
    if cols.len() < 3 || cols.len() != head.len() || !cols.contains(&Column::UnitOrTime) {
        return None;
    }
    let mut rows = vec![head];
    let mut i = start + 1;
    let mut last = 0u32;
    while i < lines.len() {
        // A quoted cell holding line breaks runs on until its closing quote.
        let mut logical = lines[i].to_string();
        let mut next = i + 1;
        while logical.matches('"').count() % 2 == 1 && next < lines.len() && next < i + 50 {
            logical.push('\n');
            logical.push_str(lines[next]);
            next += 1;
        }
        let cells = gap_cells(&logical);
        let numbered = cells.len() >= 2 && serial(&cells[0]) == Some(last + 1);
        let section = cells.len() == 1
            && section_row(&cells[0])
            && lines
                .get(next)
                .map(|l| gap_cells(l))
                .is_some_and(|c| c.len() >= 2 && serial(&c[0]) == Some(last + 1));
        if !numbered && !section {
            break;
        }
        if numbered {
            last += 1;
        }
        rows.push(cells);
        i = next;
    }
    if rows.len() < 2 {
        return None;
    }
    Some((table(rows, start + 1), i))
}

static MD_RULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$").expect("markdown rule regex")
});
static BR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<br\s*/?>").expect("markdown br regex"));

fn md_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // `\|` is a bar inside a cell.
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    cells.push(cur);
    cells
        .into_iter()
        .map(|c| BR.replace_all(c.trim(), "\n").into_owned())
        .collect()
}

/// A Markdown pipe table starting at `lines[start]` (header row, then `|---|`): its block
/// and the next line.
pub fn markdown(lines: &[&str], start: usize) -> Option<(RawTable, usize)> {
    let head = lines[start].trim();
    if !head.starts_with('|') || !MD_RULE.is_match(lines.get(start + 1)?.trim()) {
        return None;
    }
    let mut rows = vec![md_cells(head)];
    let mut i = start + 2;
    while let Some(l) = lines.get(i).map(|l| l.trim()) {
        if !l.starts_with('|') {
            break;
        }
        let mut row = md_cells(l);
        // A section row printed with empty cells after it (`| 一、… |  |  |`) is one cell
        // across the table, as other exports print it.
        if row.len() > 1 && row[1..].iter().all(|c| c.is_empty()) {
            row.truncate(1);
        }
        rows.push(row);
        i += 1;
    }
    Some((table(rows, start + 1), i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(texts: &[&str]) -> Vec<Block> {
        texts
            .iter()
            .enumerate()
            .map(|(k, t)| Block::Para {
                line: 2 * k + 1,
                text: t.to_string(),
            })
            .collect()
    }

    fn rows(b: &Block) -> Vec<Vec<String>> {
        match b {
            Block::Table(t) => t
                .rows
                .iter()
                .map(|r| r.iter().map(|c| c.join("\n")).collect())
                .collect(),
            Block::Para { text, .. } => panic!("a paragraph: {text}"),
        }
    }

    #[test]
    fn cell_paragraphs_cut_at_serial_numbers() {
        let b = cell_paragraphs(paras(&[
            "序号",
            "任务",
            "牵头单位",
            "完成时限",
            "1",
            "建设",
            "第二段",
            "县教育局",
            "2025年",
            "2",
            "改造",
            "县住建局",
            "2026年",
            "二、保障措施",
            "加强领导。",
        ]));
        assert_eq!(b.len(), 3, "{b:?}");
        let r = rows(&b[0]);
        assert_eq!(r[1], ["1", "建设\n第二段", "县教育局", "2025年"]);
        assert_eq!(r[2], ["2", "改造", "县住建局", "2026年"]);
        // The last row takes its width and no more.
        assert!(matches!(&b[1], Block::Para { text, .. } if text == "二、保障措施"));
        // Extra paragraphs go to the text column they read like (two measures, not a
        // title and a measure).
        let b = cell_paragraphs(paras(&[
            "序号",
            "重点任务",
            "具体措施",
            "牵头单位",
            "1",
            "推进普惠",
            "新建幼儿园。",
            "扩大资源。",
            "县教育局",
        ]));
        assert_eq!(
            rows(&b[0])[1],
            ["1", "推进普惠", "新建幼儿园。\n扩大资源。", "县教育局"]
        );
    }

    #[test]
    fn without_a_serial_column_rows_are_the_width_until_a_heading() {
        let b = cell_paragraphs(paras(&[
            "工作任务",
            "责任单位",
            "完成时间",
            "排查校舍",
            "县教育局",
            "2025年6月",
            "检查食品",
            "县市场监管局",
            "每学期",
            "二、工作要求",
            "各单位要高度重视。",
        ]));
        assert_eq!(b.len(), 3, "{b:?}");
        assert_eq!(rows(&b[0]).len(), 3);
        // A sentence under an office column is text after the table, not a cell.
        let b = cell_paragraphs(paras(&[
            "工作任务",
            "责任单位",
            "完成时间",
            "排查校舍",
            "县教育局",
            "2025年6月",
            "检查食品",
            "各单位要高度重视，确保落实到位。",
            "每学期",
        ]));
        assert_eq!(rows(&b[0]).len(), 2);
        assert_eq!(b.len(), 4, "{b:?}");
    }

    #[test]
    fn rows_pasted_from_a_spreadsheet_or_aligned_with_spaces() {
        let lines = [
            "序号\t重点任务\t牵头单位\t完成时限",
            "一、建设\t\t\t",
            "1\t\"新建学校\n扩建\"\t县教育局\t2025年",
            "2\t改造\t\t2026年",
            "二、保障措施",
        ];
        // `lines` as a text holds the quoted cell's break: split it as the reader does.
        let text = lines.join("\n");
        let split: Vec<&str> = text.split('\n').collect();
        let (t, next) = separated(&split, 0).expect("a table");
        assert_eq!(split[next], "二、保障措施");
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.rows[1], [vec!["一、建设".to_string()]]);
        assert_eq!(t.rows[2][1], ["新建学校", "扩建"]);
        // An empty cell between tabs keeps the columns in place.
        assert_eq!(t.rows[3][2], Vec::<String>::new());
        let lines = [
            "序号　　任务　　责任单位",
            "1　　建设学校　　县教育局",
            "正文。",
        ];
        let (t, next) = separated(&lines, 0).expect("a table");
        assert_eq!((t.rows.len(), next), (2, 2));
        // Running text with wide spaces is no header.
        assert!(separated(&["通　知", "1　　x"], 0).is_none());
    }

    #[test]
    fn headings_in_running_text_are_not_a_header() {
        let b = cell_paragraphs(paras(&["工作目标", "重点任务", "保障措施", "加强领导。"]));
        assert!(b.iter().all(|x| matches!(x, Block::Para { .. })));
        let b = cell_paragraphs(paras(&["责任单位", "完成时间", "1"]));
        assert!(b.iter().all(|x| matches!(x, Block::Para { .. })));
    }

    #[test]
    fn bars_and_markdown() {
        let lines = [
            "序号 |",
            "任务 |",
            "责任单位 |",
            "1 |",
            "建设",
            "学校 |",
            "县教育局 |",
        ];
        let (b, next) = bar_cells(&lines, 0).expect("bar cells");
        let Some(Block::Table(t)) = b.first() else {
            panic!("{b:?}")
        };
        assert_eq!(next, 7);
        assert_eq!(t.rows[1][1], ["建设", "学校"]);
        // Rows between bars with no rule under the header: the same cells.
        let lines = ["| 序号 | 任务 | 责任单位 |", "| 1 | 建设 | 县教育局 |", ""];
        let (b, next) = bar_cells(&lines, 0).expect("bar cells");
        assert_eq!(next, 2);
        assert_eq!(rows(&b[0])[1][2], "县教育局");
        // A note after the last row is a paragraph, not part of the row.
        let lines = [
            "序号 |",
            "任务 |",
            "责任单位 |",
            "1 | 建设 | 县教育局 |",
            "注：略 |",
        ];
        let (b, _) = bar_cells(&lines, 0).expect("bar cells");
        assert_eq!(rows(&b[0]).len(), 2);
        assert!(matches!(&b[1], Block::Para { text, line: 5 } if text == "注：略"));
        let lines = [
            "| 序号 | 任务 |",
            "|:---|---:|",
            "| 1 | a<br>b \\| c |",
            "| 一、x | |",
            "后文",
        ];
        let (t, next) = markdown(&lines, 0).expect("a table");
        assert_eq!(next, 4);
        assert_eq!(t.rows[1][1], ["a", "b | c"]);
        assert_eq!(t.rows[2], [vec!["一、x".to_string()]]);
    }
}
