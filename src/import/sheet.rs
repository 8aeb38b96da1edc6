//! Task tables kept as spreadsheets (`.xlsx`, `.xls`, `.csv`: 任务分解表 with 序号 / 重点任务 /
//! 牵头单位 / 责任单位 / 配合单位 / 完成时限 columns) → paragraphs and a table per sheet.
//!
//! - Rows above the table holding one cell (a title merged across, `填报单位：…`) are
//!   paragraphs: the first is the plan's title. The table starts at the first row with two
//!   or more cells and ends at the last such row; rows of one cell after it (`注：…`, a
//!   signature) are paragraphs again. Rows of one cell inside the table (`一、…` section
//!   rows) stay rows.
//! - Merged regions are spans (HTML model: cells under a merge are left out of their rows);
//!   a cell's lines (Alt+Enter) are its lines; numbers print as Excel shows them (`1`, not
//!   `1.0`), dates as `2025年6月30日`.
//! - Every sheet with content is read, in order.
//!
//! Line numbers of a spreadsheet are its row numbers (as Excel shows them).

use super::archive;
use super::tables::{Block, RawSpan, RawTable};
use crate::limits::{MAX_TABLE_COLUMNS, MAX_TABLE_ROWS};
use anyhow::{bail, Result};
use calamine::{Data, DataRef, Reader};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;

/// Rows a sheet may have around its table (titles, notes) beyond the table's own limit.
const EXTRA_ROWS: u32 = 1_000;

/// One sheet as read: non-empty cells by (row, column), and merged regions
/// ((first row, first column), (last row, last column)).
#[derive(Default)]
struct Sheet {
    name: String,
    cells: BTreeMap<(u32, u32), String>,
    merges: Vec<((u32, u32), (u32, u32))>,
}

impl Sheet {
    fn put(&mut self, file: &str, pos: (u32, u32), text: String) -> Result<()> {
        let text = text.trim().to_string();
        if text.is_empty() {
            return Ok(());
        }
        if pos.0 >= MAX_TABLE_ROWS as u32 + EXTRA_ROWS {
            bail!(
                "{file}:{}: sheet `{}` has text in row {}; a task table has at most {MAX_TABLE_ROWS} rows",
                pos.0 + 1,
                self.name,
                pos.0 + 1
            );
        }
        self.cells.insert(pos, text);
        Ok(())
    }
}

/// A number as Excel shows it in a general cell: `3`, `0.5`.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn date(dt: &calamine::ExcelDateTime) -> String {
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    if dt.is_datetime() && dt.as_f64() >= 1.0 {
        format!("{y}年{m}月{d}日")
    } else {
        number(dt.as_f64())
    }
}

fn data_ref_text(v: &DataRef<'_>) -> String {
    match v {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        DataRef::DateTime(d) => date(d),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

fn data_text(v: &Data) -> String {
    match v {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(d) => date(d),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// Read an `.xlsx` workbook.
pub fn read_xlsx(name: &str, bytes: &[u8]) -> Result<super::Read> {
    // calamine inflates the parts itself: bound them (and find damage) first.
    archive::check_all(&mut archive::open(name, bytes)?, name)?;
    let mut book = match calamine::Xlsx::new(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => bail!("{name}: not a readable Excel workbook: {e}"),
    };
    let mut sheets = Vec::new();
    for sheet_name in book.sheet_names() {
        let mut sheet = Sheet {
            name: sheet_name.clone(),
            ..Sheet::default()
        };
        {
            let mut cells = match book.worksheet_cells_reader(&sheet_name) {
                Ok(c) => c,
                Err(e) => bail!("{name}: sheet `{sheet_name}` cannot be read: {e}"),
            };
            loop {
                match cells.next_cell() {
                    Ok(Some(c)) => {
                        let text = data_ref_text(c.get_value());
                        sheet.put(name, c.get_position(), text)?;
                    }
                    Ok(None) => break,
                    Err(e) => bail!("{name}: sheet `{sheet_name}` cannot be read: {e}"),
                }
            }
        }
        match book.merge_cells_by_sheet_name(&sheet_name) {
            Ok(m) => sheet.merges = m.into_iter().map(|d| (d.start, d.end)).collect(),
            Err(e) => bail!("{name}: sheet `{sheet_name}`: its merged cells cannot be read: {e}"),
        }
        sheets.push(sheet);
    }
    blocks_of(name, sheets)
}

/// Read an `.xls` workbook (Excel 97–2003).
pub fn read_xls(name: &str, bytes: &[u8]) -> Result<super::Read> {
    let mut book = match calamine::Xls::new(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => bail!("{name}: not a readable Excel 97-2003 workbook: {e}"),
    };
    let mut sheets = Vec::new();
    for sheet_name in book.sheet_names() {
        let range = match book.worksheet_range(&sheet_name) {
            Ok(r) => r,
            Err(e) => bail!("{name}: sheet `{sheet_name}` cannot be read: {e}"),
        };
        let mut sheet = Sheet {
            name: sheet_name.clone(),
            ..Sheet::default()
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let pos = (r0.saturating_add(r as u32), c0.saturating_add(c as u32));
            sheet.put(name, pos, data_text(v))?;
        }
        match book.merge_cells_by_sheet_name(&sheet_name) {
            Ok(m) => sheet.merges = m.into_iter().map(|d| (d.start, d.end)).collect(),
            Err(e) => bail!("{name}: sheet `{sheet_name}`: its merged cells cannot be read: {e}"),
        }
        sheets.push(sheet);
    }
    blocks_of(name, sheets)
}

/// Read a `.csv` task table already decoded to text (Excel's own quoting: commas and line
/// breaks inside quoted cells).
pub fn read_csv(name: &str, text: &str) -> Result<super::Read> {
    let mut sheet = Sheet::default();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    for (r, rec) in reader.records().enumerate() {
        let rec = match rec {
            Ok(rec) => rec,
            Err(e) => {
                let line = e.position().map_or(r + 1, |p| p.line() as usize);
                bail!("{name}:{line}: not a readable CSV row: {e}");
            }
        };
        let row = u32::try_from(r).unwrap_or(u32::MAX);
        for (c, v) in rec.iter().enumerate() {
            if c >= MAX_TABLE_COLUMNS && !v.trim().is_empty() {
                bail!(
                    "{name}:{}: a row of more than {MAX_TABLE_COLUMNS} columns",
                    r + 1
                );
            }
            sheet.put(name, (row, c as u32), v.to_string())?;
        }
    }
    blocks_of(name, vec![sheet])
}

/// Whether decoded text is a comma-separated task table: its first line splits into at
/// least three fields, one of them a task-table column title.
pub fn looks_like_csv(text: &str) -> bool {
    let Some(first) = text.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let fields: Vec<&str> = first
        .split(',')
        .map(|f| f.trim().trim_matches('"'))
        .collect();
    fields.len() >= 3
        && fields.iter().any(|f| {
            matches!(
                *f,
                "序号"
                    | "牵头单位"
                    | "责任单位"
                    | "配合单位"
                    | "完成时限"
                    | "重点任务"
                    | "主要任务"
                    | "工作任务"
            )
        })
}

fn blocks_of(name: &str, sheets: Vec<Sheet>) -> Result<super::Read> {
    let mut blocks = Vec::new();
    for s in sheets {
        sheet_blocks(name, s, &mut blocks)?;
    }
    if blocks.is_empty() {
        bail!("{name}: the workbook holds no text");
    }
    Ok(super::Read {
        blocks,
        warnings: Vec::new(),
    })
}

fn sheet_blocks(name: &str, s: Sheet, out: &mut Vec<Block>) -> Result<()> {
    if s.cells.is_empty() {
        return Ok(());
    }
    // Cells covered by a merge other than its first: not printed, not counted.
    let mut covered = BTreeSet::new();
    let mut merges = BTreeMap::new();
    for &((r0, c0), (r1, c1)) in &s.merges {
        if r1 < r0 || c1 < c0 || u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1) > 1 << 20 {
            continue;
        }
        merges.insert((r0, c0), (r1, c1));
        for r in r0..=r1 {
            for c in c0..=c1 {
                if (r, c) != (r0, c0) {
                    covered.insert((r, c));
                }
            }
        }
    }
    let mut by_row: BTreeMap<u32, Vec<(u32, &String)>> = BTreeMap::new();
    for ((r, c), v) in &s.cells {
        if !covered.contains(&(*r, *c)) {
            by_row.entry(*r).or_default().push((*c, v));
        }
    }
    let wide: Vec<u32> = by_row
        .iter()
        .filter(|(_, cells)| cells.len() >= 2)
        .map(|(r, _)| *r)
        .collect();
    let para = |out: &mut Vec<Block>, r: u32, cells: &[(u32, &String)]| {
        for (_, v) in cells {
            for l in v.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
                out.push(Block::Para {
                    line: r as usize + 1,
                    text: l.to_string(),
                });
            }
        }
    };
    let (Some(&first), Some(&last)) = (wide.first(), wide.last()) else {
        // No table: every row is a paragraph.
        for (r, cells) in &by_row {
            para(out, *r, cells);
        }
        return Ok(());
    };
    for (r, cells) in by_row.range(..first) {
        para(out, *r, cells);
    }
    let rows_in: Vec<u32> = (first..=last)
        .filter(|r| {
            by_row.contains_key(r) || covered.range((*r, 0)..(*r, u32::MAX)).next().is_some()
        })
        .collect();
    if rows_in.len() > MAX_TABLE_ROWS {
        bail!(
            "{name}:{}: sheet `{}` has a table of {} rows; at most {MAX_TABLE_ROWS} are allowed",
            first + 1,
            s.name,
            rows_in.len()
        );
    }
    let c_min = rows_in
        .iter()
        .filter_map(|r| by_row.get(r))
        .flat_map(|cells| cells.iter().map(|(c, _)| *c))
        .min()
        .unwrap_or(0);
    let c_max = rows_in
        .iter()
        .filter_map(|r| by_row.get(r))
        .flat_map(|cells| cells.iter().map(|(c, _)| *c))
        .max()
        .unwrap_or(0);
    if (c_max - c_min) as usize >= MAX_TABLE_COLUMNS {
        bail!(
            "{name}:{}: sheet `{}` has a table of {} columns; at most {MAX_TABLE_COLUMNS} are allowed",
            first + 1,
            s.name,
            c_max - c_min + 1
        );
    }
    let index: BTreeMap<u32, usize> = rows_in.iter().enumerate().map(|(i, r)| (*r, i)).collect();
    let mut table = RawTable {
        line: first as usize + 1,
        caption_line: first as usize + 1,
        ..RawTable::default()
    };
    for (ri, &r) in rows_in.iter().enumerate() {
        let mut row = Vec::new();
        for c in c_min..=c_max {
            if covered.contains(&(r, c)) {
                continue;
            }
            let lines: Vec<String> = s
                .cells
                .get(&(r, c))
                .map(|v| {
                    v.split('\n')
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            if let Some(&(r1, c1)) = merges.get(&(r, c)) {
                let rowspan = index.range(r..=r1).count().max(1);
                let colspan = (c1.min(c_max) - c + 1) as usize;
                if rowspan > 1 || colspan > 1 {
                    table.spans.push(RawSpan {
                        row: ri,
                        cell: row.len(),
                        rowspan,
                        colspan,
                    });
                }
            }
            row.push(lines);
        }
        table.rows.push(row);
    }
    out.push(Block::Table(table));
    for (r, cells) in by_row.range(last + 1..) {
        para(out, *r, cells);
    }
    Ok(())
}
