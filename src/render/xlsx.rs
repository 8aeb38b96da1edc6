//! `data/tasks.xlsx`: the rows of `tasks.csv` as a workbook for staff — an all-plans sheet,
//! then one sheet per plan (up to [`PLAN_SHEETS_MAX`] plans), each with its header frozen,
//! filters on every column and set column widths. Headers are the Chinese field titles;
//! years and months are numbers, everything else text (so 文号 and ids keep their form).
//!
//! Sheets stream their rows through temporary files with strings inline (rust_xlsxwriter's
//! constant-memory mode): a shared-string table of a large site's clause URLs alone would
//! hold hundreds of megabytes (bench/RESULTS.md); zip compresses the repeats instead.

use super::data::{task_rows, Field, TASK_FIELDS};
use super::{links, Sink, Site};
use crate::doc::Plan;
use anyhow::{Context, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use std::io::Seek;

/// More plans than this: the all-plans sheet only (its filters select a plan); a workbook of
/// hundreds of tabs is not something anyone browses.
pub const PLAN_SHEETS_MAX: usize = 100;

/// Excel's last row (1,048,576 rows, the header included); longer sheets go on as
/// 「全部（续2）」 and so on.
const ROWS_MAX: u32 = 1_048_575;

/// Column width in Excel's character units, by field: long text wide, codes narrow.
fn width(f: &Field) -> f64 {
    match f.name {
        "title" | "plan_title" => 40.0,
        "clause_url" | "office_url" => 30.0,
        "deadline_phrase" | "other_deadlines" => 24.0,
        "office" | "office_printed" | "department" => 20.0,
        "plan" | "county" | "citation" => 14.0,
        "clause_key" | "clause_id" => 10.0,
        _ => 9.0,
    }
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not starting or
/// ending with `'`; `n.` first keeps the names unique.
fn sheet_name(n: usize, title: &str) -> String {
    let mut s = format!("{n}.");
    s.extend(
        title
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\''))
            .filter(|c| !c.is_control()),
    );
    s.chars().take(31).collect()
}

/// The workbook's creation date: the newest plan date, so a rebuild of the same content is
/// byte-identical (the default is the time of the build).
fn created(plans: &[Plan]) -> ExcelDateTime {
    let ymd = |d: &str| -> Option<ExcelDateTime> {
        let mut it = d.splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        ExcelDateTime::from_ymd(y, m, d).ok()
    };
    plans
        .iter()
        .flat_map(|p| [&p.meta.revised, &p.meta.issued, &p.meta.written, &p.issued])
        .filter_map(|d| ymd(d))
        .max_by(|a, b| a.to_excel().total_cmp(&b.to_excel()))
        .unwrap_or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).unwrap_or_default())
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    next: u32,
}

fn new_sheet<'a>(wb: &'a mut Workbook, name: &str, head: &Format) -> Result<Sheet<'a>> {
    let ws = wb
        .add_worksheet_with_constant_memory()
        .context("data/tasks.xlsx: no temporary file for its rows (is TMPDIR writable?)")?;
    ws.set_name(name)?;
    for (c, f) in TASK_FIELDS.iter().enumerate() {
        let c = c as u16;
        ws.set_column_width(c, width(f))?;
        ws.write_string_with_format(0, c, f.title, head)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(Sheet { ws, next: 1 })
}

impl Sheet<'_> {
    fn row(&mut self, row: &[String]) -> Result<()> {
        for (c, (v, f)) in row.iter().zip(TASK_FIELDS).enumerate() {
            if v.is_empty() {
                continue;
            }
            let c = c as u16;
            match (f.kind, v.parse::<i64>()) {
                ("integer", Ok(n)) => self.ws.write_number(self.next, c, n as f64)?,
                _ => self.ws.write_string(self.next, c, v)?,
            };
        }
        self.next += 1;
        Ok(())
    }

    /// Filters over the header and every row written.
    fn finish(self) -> Result<()> {
        self.ws
            .autofilter(0, 0, self.next.max(2) - 1, TASK_FIELDS.len() as u16 - 1)?;
        Ok(())
    }
}

/// Write the workbook into the sink as `data/tasks.xlsx`; returns its size.
pub fn tasks(s: &Site, sink: &dyn Sink) -> Result<u64> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} · 任务分工", s.config.title))
            .set_creation_datetime(&created(s.plans)),
    );
    let head = Format::new().set_bold();
    // The all-plans sheet, split where Excel's rows end.
    let mut part = 1;
    let mut all = new_sheet(&mut wb, "全部", &head)?;
    let mut sheets_rows = Vec::new();
    for p in s.plans {
        let rows = task_rows(s, p);
        for r in &rows {
            if all.next > ROWS_MAX {
                all.finish()?;
                part += 1;
                all = new_sheet(&mut wb, &format!("全部（续{part}）"), &head)?;
            }
            all.row(r)?;
        }
        if s.plans.len() <= PLAN_SHEETS_MAX {
            sheets_rows.push(rows);
        }
    }
    all.finish()?;
    for (i, (p, rows)) in s.plans.iter().zip(sheets_rows).enumerate() {
        let mut sheet = new_sheet(&mut wb, &sheet_name(i + 1, &p.title), &head)?;
        for r in &rows {
            sheet.row(r)?;
        }
        sheet.finish()?;
    }
    // Zipped into a temporary file, not a buffer (tens of megabytes on a large site), then
    // copied into the output.
    sink.stream(&links::data_file("tasks.xlsx"), &mut |w| {
        let mut f = tempfile::tempfile().context("data/tasks.xlsx: no temporary file")?;
        wb.save_to_writer(&mut f)
            .context("writing data/tasks.xlsx")?;
        f.rewind()?;
        std::io::copy(&mut f, w)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_what_excel_accepts() {
        let n = sheet_name(
            12,
            "泾源县教育质量提升行动实施方案（2021—2025年）[修订]/附件",
        );
        assert!(n.chars().count() <= 31, "{n}");
        assert!(n.starts_with("12.泾源县"));
        assert!(!n.contains(['[', ']', '/']));
    }
}
