//! Tables of the export format: a cell starts with a tab at the start of a line; lines
//! without a tab continue the current cell; a blank line ends a row, except that a blank line
//! also separates paragraphs inside one cell. Two blank lines (or a heading) end the table.
//!
//! Also here: captions (`表1 …`, `附件2` + title line), unit notes (`单位：万元`), header
//! rows, ids, and linking task-table rows to the body actions they restate.

use crate::doc::{Node, NodeKind, Span, Table};
use crate::label::{self, Style};
use regex::Regex;
use std::sync::LazyLock;

/// A paragraph line or a table, in source order.
#[derive(Debug, Clone)]
pub enum Block {
    Para { line: usize, text: String },
    Table(RawTable),
}

#[derive(Debug, Clone, Default)]
pub struct RawTable {
    pub line: usize,
    /// rows → cells → lines (blank lines inside a cell dropped)
    pub rows: Vec<Vec<Vec<String>>>,
    pub label: String,
    pub caption: String,
    pub notes: Vec<String>,
    /// Line of the caption (or of the first cell when there is none).
    pub caption_line: usize,
    /// Merged cells of a table read with its structure (Word, HTML, spreadsheets), in the
    /// HTML model of [`Table::spans`] over all of `rows`; a text export has none.
    pub spans: Vec<RawSpan>,
    /// Header rows the source marks as such (Word's repeated header rows, `<thead>`).
    pub header_rows: Option<usize>,
}

/// A merged cell of a [`RawTable`]: row index, index of the cell in that row's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawSpan {
    pub row: usize,
    pub cell: usize,
    pub rowspan: usize,
    pub colspan: usize,
}

fn is_blank(l: &str) -> bool {
    l.trim().is_empty()
}

/// A non-tab line that would start a new block rather than continue a cell.
fn breaks_table(l: &str) -> bool {
    let t = l.trim();
    matches!(
        label::parse(t, false).map(|x| x.style),
        Some(Style::Chapter | Style::Jie | Style::Han | Style::ParenHan)
    ) || CAPTION_LABEL.is_match(t)
        || NOTE.is_match(t)
}

/// Split decoded text into paragraphs and tables. Line numbers are 1-based source lines.
pub fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        // Tables flattened by other exporters: Markdown pipes, rows pasted from a
        // spreadsheet, cells ending in a bar.
        if let Some((t, next)) = super::flat::markdown(&lines, i) {
            out.push(Block::Table(t));
            i = next;
            continue;
        }
        if let Some((t, next)) = super::flat::separated(&lines, i) {
            out.push(Block::Table(t));
            i = next;
            continue;
        }
        if let Some((b, next)) = super::flat::bar_cells(&lines, i) {
            out.extend(b);
            i = next;
            continue;
        }
        if l.starts_with('\t') {
            let (t, next) = read_table(&lines, i);
            if indented_text(&t) {
                // Tab-indented paragraphs from another exporter, not a table.
                for (k, l) in lines.iter().enumerate().take(next).skip(i) {
                    if !is_blank(l) {
                        out.push(Block::Para {
                            line: k + 1,
                            text: l.trim().to_string(),
                        });
                    }
                }
            } else {
                out.push(Block::Table(t));
            }
            i = next;
            continue;
        }
        // A cell bar ending a line outside a table (the title of a file exported a cell per
        // line) is not text.
        let text = super::flat::unbarred(l);
        if !text.is_empty() {
            out.push(Block::Para {
                line: i + 1,
                text: text.to_string(),
            });
        }
        i += 1;
    }
    out
}

/// A "table" that is really text indented with tabs: one cell per row throughout, or a
/// first cell that opens with a part/section label (一、, （一）, 第一章), never a table header.
fn indented_text(t: &RawTable) -> bool {
    let one_column = t.rows.len() > 1 && t.rows.iter().all(|r| r.len() == 1);
    // Only the first cell is checked: a category row deep in a real table may read `一、…`.
    let headed = t
        .rows
        .first()
        .and_then(|r| r.first())
        .and_then(|c| c.first())
        .is_some_and(|first| {
            matches!(
                label::parse(first, false).map(|x| x.style),
                Some(Style::Chapter | Style::Jie | Style::Han | Style::ParenHan)
            )
        });
    // Every paragraph led by a tab with no blank line between them (`\t　　为…。`, `\t　　一、…`):
    // one "row" of sentences, or with a numbered heading anywhere in it.
    let prose_row = match t.rows.as_slice() {
        [row] if row.len() >= 3 => {
            let heading = row.iter().filter_map(|c| c.first()).any(|first| {
                matches!(
                    label::parse(first, false).map(|x| x.style),
                    Some(Style::Chapter | Style::Jie | Style::Han | Style::ParenHan)
                )
            });
            let sentences = row
                .iter()
                .filter(|c| c.last().is_some_and(|l| l.ends_with(['。', '；', '：'])))
                .count();
            heading || sentences * 2 >= row.len()
        }
        _ => false,
    };
    one_column || headed || prose_row
}

fn read_table(lines: &[&str], start: usize) -> (RawTable, usize) {
    let mut t = RawTable {
        line: start + 1,
        caption_line: start + 1,
        ..Default::default()
    };
    let mut row: Vec<Vec<String>> = Vec::new();
    let mut i = start;
    let mut blanks = 0usize;
    while i < lines.len() {
        let l = lines[i];
        if is_blank(l) && !l.starts_with('\t') {
            blanks += 1;
            i += 1;
            continue;
        }
        if let Some(cell) = l.strip_prefix('\t') {
            if blanks > 0 && !row.is_empty() {
                t.rows.push(std::mem::take(&mut row));
            }
            blanks = 0;
            let cell = cell.trim();
            row.push(if cell.is_empty() {
                vec![]
            } else {
                vec![cell.to_string()]
            });
            i += 1;
            continue;
        }
        // A line without a tab: continuation of the current cell, or the end of the table.
        if blanks >= 2 || breaks_table(l) {
            break;
        }
        if blanks == 1 && !continues_cell(lines, i) {
            break;
        }
        blanks = 0;
        if let Some(c) = row.last_mut() {
            c.push(l.trim().to_string());
        }
        i += 1;
    }
    if !row.is_empty() {
        t.rows.push(row);
    }
    // Give back trailing blank lines so paragraph numbering continues naturally.
    (t, i)
}

/// After one blank line, is the line at `i` still inside a cell? Yes when more cells
/// follow before the table ends, or when it is a short fragment (a broken cell like `预期性`).
fn continues_cell(lines: &[&str], i: usize) -> bool {
    let mut blanks = 0;
    for l in &lines[i..] {
        if l.starts_with('\t') {
            return true;
        }
        if is_blank(l) {
            blanks += 1;
            if blanks >= 2 {
                break;
            }
        } else {
            if breaks_table(l) {
                break;
            }
            blanks = 0;
        }
    }
    let t = lines[i].trim();
    t.chars().count() <= 20 && !t.contains(['。', '；', '，'])
}

static CAPTION_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(附件|附表|表)\s*([0-9０-９]+|[一二三四五六七八九十]+)\s*[：:．.]?\s*(.*)$")
        .expect("caption regex")
});
static BARE_ANNEX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(附件|附表)\s*[：:]?$").expect("bare annex regex"));
static NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(单位|注|备注|说明)\s*[：:]").expect("note regex"));

/// Lines printed just before a table that belong to it.
pub enum CaptionPart {
    Label(String, String),
    Caption(String),
    Note(String),
}

/// Classify a paragraph that sits right before a table.
pub fn caption_part(text: &str) -> Option<CaptionPart> {
    let t = text.trim();
    // A lone `附件` heads the only annex of a document (GB/T 9704 numbers annexes only when
    // there are several).
    if let Some(c) = BARE_ANNEX.captures(t) {
        return Some(CaptionPart::Label(c[1].to_string(), String::new()));
    }
    if let Some(c) = CAPTION_LABEL.captures(t) {
        let label = format!("{}{}", &c[1], &c[2]);
        return Some(CaptionPart::Label(
            label,
            super::decode::normalize_title(&c[3]),
        ));
    }
    if NOTE.is_match(t) {
        return Some(CaptionPart::Note(t.to_string()));
    }
    let n = t.chars().count();
    if (2..=60).contains(&n)
        && !t.ends_with(['。', '；', '，', '：', ':', '！', '？'])
        && label::parse(t, false).is_none()
    {
        return Some(CaptionPart::Caption(super::decode::normalize_title(t)));
    }
    None
}

/// Attach caption lines (label, title, unit note) that directly precede each table.
/// Consumed paragraphs are removed from the block list.
pub fn attach_captions(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for b in blocks {
        match b {
            Block::Table(mut t) => {
                let mut taken = 0;
                let (mut have_label, mut have_caption) = (false, false);
                while taken < 3 {
                    let Some(Block::Para { line, text }) = out.last() else {
                        break;
                    };
                    let (line, part) = match caption_part(text) {
                        Some(p) => (*line, p),
                        None => break,
                    };
                    match part {
                        CaptionPart::Label(l, c) if !have_label => {
                            have_label = true;
                            t.label = l;
                            if !c.is_empty() && !have_caption {
                                have_caption = true;
                                t.caption = c;
                            }
                        }
                        // The first line of a file is its title, never a table's caption (a
                        // plan that is only a task table: title, then the table).
                        CaptionPart::Caption(c)
                            if !have_caption && !have_label && out.len() > 1 =>
                        {
                            have_caption = true;
                            t.caption = c;
                        }
                        CaptionPart::Note(n) => t.notes.insert(0, n),
                        _ => break,
                    }
                    t.caption_line = line;
                    out.pop();
                    taken += 1;
                }
                out.push(Block::Table(t));
            }
            Block::Para { line, text } => {
                // A note printed right after a table (注：…) belongs to it.
                if let Some(Block::Table(t)) = out.last_mut() {
                    if NOTE.is_match(&text) {
                        t.notes.push(text);
                        continue;
                    }
                }
                out.push(Block::Para { line, text });
            }
        }
    }
    out
}

fn is_numeric(cell: &str) -> bool {
    let t = cell.trim();
    !t.is_empty()
        && t.chars().all(|c| {
            c.is_ascii_digit() || ".．%-—–,，/年月 ".contains(c) || ('０'..='９').contains(&c)
        })
}

/// Turn a raw table into a model table. `id` is decided by the caller (numbering depends on
/// the other tables of the plan).
pub fn finish(raw: &RawTable, id: String, after: String) -> Table {
    let joined: Vec<Vec<String>> = raw
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.join("\n")).collect())
        .collect();
    let mut header_rows = 0;
    if let Some(n) = raw.header_rows {
        header_rows = n.min(joined.len());
    } else if let Some(first) = joined.first() {
        if !first.first().is_some_and(|c| is_numeric(c)) {
            header_rows = 1;
            // Two-row headers: a second row under merged cells starts empty and holds no
            // numbers (a text export prints the merged cell once, the others empty).
            while let Some(r) = joined.get(header_rows).filter(|_| raw.spans.is_empty()) {
                let first_empty = r.first().is_some_and(|c| c.trim().is_empty());
                if r.len() >= 2 && first_empty && !r.iter().any(|c| is_numeric(c)) {
                    header_rows += 1;
                } else {
                    break;
                }
            }
        }
    }
    // A header cell merged down takes the rows it covers into the header (a span never
    // crosses from the header into the body).
    while let Some(end) = raw
        .spans
        .iter()
        .filter(|s| s.row < header_rows)
        .map(|s| s.row + s.rowspan)
        .max()
        .filter(|end| *end > header_rows && *end <= joined.len())
    {
        header_rows = end;
    }
    // Header cells are column titles: stray spaces (`时  间`) are normalised like titles.
    let header = joined[..header_rows]
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    c.split('\n')
                        .map(super::decode::normalize_title)
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .collect()
        })
        .collect();
    let rows = joined[header_rows..].to_vec();
    // A reader that saw the merged cells (Word, HTML, a spreadsheet) gives them; a text
    // export's are read from how its cells line up.
    let (header, spans) = if raw.spans.is_empty() {
        let (header, mut spans) = header_spans(header);
        spans.extend(short_row_spans(&header, &spans, &rows));
        (header, spans)
    } else {
        (header, read_spans(raw, header_rows, joined.len()))
    };
    let row_ids = (1..=rows.len()).map(|k| format!("{id}-{k}")).collect();
    let row_links = vec![String::new(); rows.len()];
    Table {
        id,
        label: raw.label.clone(),
        caption: raw.caption.clone(),
        after,
        header,
        rows,
        row_ids,
        row_links,
        notes: raw.notes.clone(),
        line: raw.caption_line,
        spans,
        at: Default::default(),
    }
}

/// Whether every line of a cell is a number (`1.7\n99.0` is two numbers, one per indicator).
fn numeric_lines(cell: &str) -> bool {
    let mut lines = cell.split('\n').filter(|l| !l.trim().is_empty()).peekable();
    lines.peek().is_some() && lines.all(is_numeric)
}

/// Merged cells of a two-row header, read from where the export leaves a lone tab: an empty
/// cell in the second row sits under a cell of the first that spans both rows, and a run of
/// filled ones under a cell spanning their columns (井研's 教育技术装备 over 智慧校园…功能室建设).
/// The empty cells are then dropped (a row lists only the cells that start in it). Left as it
/// is when the first row's cells do not match the runs one to one.
fn header_spans(header: Vec<Vec<String>>) -> (Vec<Vec<String>>, Vec<Span>) {
    let [top, below] = header.as_slice() else {
        return (header, vec![]);
    };
    if below.len() <= top.len() || !below.iter().any(|c| c.trim().is_empty()) {
        return (header, vec![]);
    }
    // Runs of the second row: (filled?, width).
    let mut runs: Vec<(bool, usize)> = Vec::new();
    for c in below {
        let filled = !c.trim().is_empty();
        match runs.last_mut() {
            Some((true, w)) if filled => *w += 1,
            _ => runs.push((filled, 1)),
        }
    }
    if runs.len() != top.len() {
        return (header, vec![]);
    }
    let spans = runs
        .iter()
        .enumerate()
        .filter_map(|(cell, &(filled, width))| {
            let span = |rowspan, colspan| Span {
                header: true,
                row: 0,
                cell,
                rowspan,
                colspan,
            };
            match (filled, width) {
                (false, _) => Some(span(2, 1)),
                (true, 1) => None,
                (true, w) => Some(span(1, w)),
            }
        })
        .collect();
    let below: Vec<String> = below
        .iter()
        .filter(|c| !c.trim().is_empty())
        .cloned()
        .collect();
    (vec![top.clone(), below], spans)
}

/// Columns the header covers, its spans counted.
fn header_width(header: &[Vec<String>], spans: &[Span]) -> usize {
    header
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let own: usize = (0..row.len())
                .map(|c| {
                    spans
                        .iter()
                        .find(|s| s.header && s.row == r && s.cell == c)
                        .map_or(1, |s| s.colspan)
                })
                .sum();
            // Cells of the rows above spanning down into this one.
            let above: usize = spans
                .iter()
                .filter(|s| s.header && s.row < r && s.row + s.rowspan > r)
                .map(|s| s.colspan)
                .sum();
            own + above
        })
        .max()
        .unwrap_or(0)
}

/// A body row shorter than the table, whose cells after the first fit the columns at the
/// right (numbers under the columns of numbers) better than those at the left: its first cell
/// is merged across the columns it leaves out (沂源 表1: `劳动年龄人口平均受教育年限` over
/// 类别 and 指标, so 11.9 stays under 2020年). Rows the test cannot place are left as they are.
fn short_row_spans(
    header: &[Vec<String>],
    header_spans: &[Span],
    rows: &[Vec<String>],
) -> Vec<Span> {
    let width =
        header_width(header, header_spans).max(rows.iter().map(Vec::len).max().unwrap_or(0));
    // A column holds numbers when most of the full rows' cells in it do.
    let full: Vec<&Vec<String>> = rows.iter().filter(|r| r.len() == width).collect();
    let numeric_col: Vec<bool> = (0..width)
        .map(|c| {
            let n = full.iter().filter(|r| numeric_lines(&r[c])).count();
            n * 2 > full.len()
        })
        .collect();
    if full.is_empty() {
        return vec![];
    }
    let mut out = Vec::new();
    for (k, r) in rows.iter().enumerate() {
        if r.len() < 2 || r.len() >= width {
            continue;
        }
        let shift = width - r.len();
        let fits = |offset: usize| {
            r.iter()
                .enumerate()
                .skip(1)
                .filter(|(i, c)| numeric_lines(c) == numeric_col[i + offset])
                .count()
        };
        if fits(shift) > fits(0) {
            out.push(Span {
                header: false,
                row: k,
                cell: 0,
                rowspan: 1,
                colspan: shift + 1,
            });
        }
    }
    out
}

/// The merged cells a reader saw, as the model's spans: rows counted within the header or
/// the body, a span cut at the end of its part.
fn read_spans(raw: &RawTable, header_rows: usize, rows: usize) -> Vec<Span> {
    raw.spans
        .iter()
        .filter(|s| s.rowspan > 1 || s.colspan > 1)
        .map(|s| {
            let header = s.row < header_rows;
            let row = if header { s.row } else { s.row - header_rows };
            // A body span cannot reach past the last row (checked in content files).
            let part = if header {
                header_rows
            } else {
                rows - header_rows
            };
            let rows_left = part.saturating_sub(row).max(1);
            Span {
                header,
                row,
                cell: s.cell,
                rowspan: s.rowspan.min(rows_left),
                colspan: s.colspan,
            }
        })
        .collect()
}

/// Table id from its printed label: 附件2 → `annex2`, 表1 → `table-1`; unlabeled tables are
/// numbered by position.
pub fn table_id(label: &str, position: usize) -> String {
    let num = |s: &str| -> Option<u32> {
        let digits: String = s
            .chars()
            .filter_map(|c| match c {
                '0'..='9' => Some(c),
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
                _ => None,
            })
            .collect();
        if digits.is_empty() {
            label::han_number(s)
        } else {
            digits.parse().ok()
        }
    };
    if let Some(r) = label
        .strip_prefix("附件")
        .or_else(|| label.strip_prefix("附表"))
    {
        if let Some(n) = num(r) {
            return format!("annex{n}");
        }
        // The only annex, printed without a number.
        if r.trim().is_empty() {
            return "annex1".to_string();
        }
    }
    if let Some(r) = label.strip_prefix('表') {
        if let Some(n) = num(r) {
            return format!("table-{n}");
        }
    }
    format!("table-{position}")
}

fn norm(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| {
            !c.is_whitespace() && !c.is_ascii_punctuation() && !"，。、；：“”《》（）".contains(*c)
        })
        .collect()
}

/// A title prepared for comparison: characters without spaces and punctuation, and its
/// character bigrams sorted (so two titles compare in one merge pass).
struct Print {
    chars: Vec<char>,
    bigrams: Vec<(char, char)>,
}

impl Print {
    fn new(s: &str) -> Print {
        let chars = norm(s);
        let mut bigrams: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        bigrams.sort_unstable();
        Print { chars, bigrams }
    }

    fn similarity(&self, other: &Print) -> f64 {
        if self.chars.is_empty() || other.chars.is_empty() {
            return 0.0;
        }
        if self.chars == other.chars {
            return 1.0;
        }
        let (a, b) = (&self.bigrams, &other.bigrams);
        let total = a.len() + b.len();
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let (mut i, mut j, mut common) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        2.0 * common as f64 / total as f64
    }

    /// Upper bound of the Dice coefficient from the lengths alone (cheap pre-filter).
    fn bound(&self, other: &Print) -> f64 {
        let (a, b) = (self.bigrams.len(), other.bigrams.len());
        if a + b == 0 {
            return 1.0;
        }
        2.0 * a.min(b) as f64 / (a + b) as f64
    }
}

/// Similarity of two titles in [0, 1]: 1 when equal after removing spaces and punctuation,
/// otherwise the Dice coefficient of character bigrams.
pub fn similarity(a: &str, b: &str) -> f64 {
    Print::new(a).similarity(&Print::new(b))
}

/// Link table rows to the body actions they restate (石泉's 附件2 row k ↔ action k): each
/// row's leading cells are compared with action titles; pairs are assigned best first, one
/// row per action, and only above a high threshold so a yearly-target table links nothing.
pub fn link_rows(tables: &mut [Table], nodes: &mut [Node]) {
    const THRESHOLD: f64 = 0.8;
    let mut actions: Vec<(String, Print)> = Vec::new();
    fn collect(ns: &[Node], out: &mut Vec<(String, Print)>) {
        for n in ns {
            let action = matches!(n.kind, NodeKind::Item | NodeKind::Inline)
                || (n.kind == NodeKind::Section && n.children.is_empty());
            if action && !n.title.is_empty() {
                out.push((n.id.clone(), Print::new(&n.title)));
            }
            collect(&n.children, out);
        }
    }
    collect(nodes, &mut actions);
    let mut links: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for t in tables.iter_mut() {
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (ri, row) in t.rows.iter().enumerate() {
            let cells: Vec<Print> = row.iter().take(3).map(|c| Print::new(c)).collect();
            for (ai, (_, title)) in actions.iter().enumerate() {
                let best = cells
                    .iter()
                    .filter(|c| c.bound(title) >= THRESHOLD)
                    .map(|c| c.similarity(title))
                    .fold(0.0, f64::max);
                if best >= THRESHOLD {
                    pairs.push((best, ri, ai));
                }
            }
        }
        pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        let mut row_done = vec![false; t.rows.len()];
        let mut act_done = vec![false; actions.len()];
        for (_, ri, ai) in pairs {
            if row_done[ri] || act_done[ai] {
                continue;
            }
            row_done[ri] = true;
            act_done[ai] = true;
            t.row_links[ri] = actions[ai].0.clone();
            links
                .entry(actions[ai].0.clone())
                .or_default()
                .push(t.row_ids[ri].clone());
        }
    }
    fn apply(ns: &mut [Node], links: &std::collections::BTreeMap<String, Vec<String>>) {
        for n in ns {
            if let Some(rows) = links.get(&n.id) {
                n.rows.extend(rows.iter().cloned());
            }
            apply(&mut n.children, links);
        }
    }
    apply(nodes, &links);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(src: &str) -> RawTable {
        match blocks(src)
            .into_iter()
            .find(|b| matches!(b, Block::Table(_)))
        {
            Some(Block::Table(t)) => t,
            _ => panic!("no table"),
        }
    }

    #[test]
    fn cells_rows_and_paragraphs_in_cells() {
        let t = table(
            "\t类别\n\t指标\n\n\t学前\n\n教育\n\t在园\n\n毛入园率\n\n\t高中\n\t1\n\n\n二、任务\n",
        );
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1][0], vec!["学前", "教育"]);
        assert_eq!(t.rows[1][1], vec!["在园", "毛入园率"]);
        assert_eq!(t.rows[2].len(), 2);
    }

    #[test]
    fn table_ends_at_heading_or_two_blanks() {
        let b = blocks("\ta\n\tb\n\n（二）下一节\n");
        assert!(matches!(&b[1], Block::Para { text, .. } if text == "（二）下一节"));
        let b = blocks("\ta\n\n\n正文。\n");
        assert_eq!(b.len(), 2);
        let b = blocks("\ta\n\tb\n\n这是表后的一段很长的正文，不属于表格单元格。\n");
        assert_eq!(b.len(), 2, "{b:?}");
    }

    #[test]
    fn tab_indented_paragraphs_are_text() {
        let b = blocks("\t一、总体要求\n\t坚持发展。\n\t（一）指导思想\n");
        assert_eq!(b.len(), 3);
        assert!(matches!(&b[2], Block::Para { line: 3, text } if text == "（一）指导思想"));
        let b = blocks("\t第一段。\n\n\t第二段。\n");
        assert!(b.iter().all(|x| matches!(x, Block::Para { .. })));
        // Every line led by a tab and full-width spaces, no blank lines: paragraphs.
        let b =
            blocks("\t　　为促进发展，制定本方案。\n\t　　一、工作目标\n\t　　到2025年，建成。\n");
        assert_eq!(b.len(), 3, "{b:?}");
        assert!(matches!(&b[1], Block::Para { line: 2, text } if text == "一、工作目标"));
        // A one-row table of short cells stays a table.
        let b = blocks("\t序号\n\t项目\n\t单位\n");
        assert!(matches!(&b[0], Block::Table(_)));
    }

    #[test]
    fn merged_cells_from_short_rows_and_empty_header_cells() {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        // A second header row: empty under cells spanning both rows, filled under a group.
        let (h, spans) = header_spans(vec![
            row(&["年度", "装备", "备注"]),
            row(&["", "甲", "乙", ""]),
        ]);
        assert_eq!(h[1], row(&["甲", "乙"]));
        let got: Vec<(usize, usize, usize)> = spans
            .iter()
            .map(|s| (s.cell, s.rowspan, s.colspan))
            .collect();
        assert_eq!(got, [(0, 2, 1), (1, 1, 2), (2, 2, 1)]);
        // Runs that do not match the first row one to one: left as printed.
        let (h, spans) = header_spans(vec![row(&["a", "b"]), row(&["", "x", "", "y"])]);
        assert!(spans.is_empty() && h[1].len() == 4);
        // Numbers of a short row stay under the columns of numbers.
        let header = vec![row(&["类别", "指标", "2020年", "属性"])];
        let rows = vec![
            row(&["学前", "在园人数", "1.7", "预期性"]),
            row(&["合计人数", "11.9", "预期性"]),
            row(&["学前", "在园人数", "1.7"]),
        ];
        let spans = short_row_spans(&header, &[], &rows);
        assert_eq!(spans.len(), 1, "{spans:?}");
        assert_eq!((spans[0].row, spans[0].colspan), (1, 2));
    }

    #[test]
    fn ids() {
        assert_eq!(table_id("附件2", 1), "annex2");
        assert_eq!(table_id("表1", 3), "table-1");
        assert_eq!(table_id("", 2), "table-2");
        assert_eq!(table_id("表二", 1), "table-2");
        assert_eq!(table_id("附件", 3), "annex1");
    }

    #[test]
    fn similar_titles() {
        assert_eq!(similarity("加大教师\n培养力度", "加大教师培养力度"), 1.0);
        assert!(similarity("质量绿色发展年", "加大教师培养力度") < 0.3);
    }
}
