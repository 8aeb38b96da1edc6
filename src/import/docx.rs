//! `.docx` (Word, WPS, LibreOffice) → paragraphs and tables for the importer.
//!
//! - Paragraphs of `word/document.xml` in reading order; a line break (`w:br`, `w:cr`)
//!   starts a new line, a tab is a space. Text boxes, drawings, deleted and moved-away
//!   text and field codes are left out; headers, footers, footnotes and comments live in
//!   other parts and are never read.
//! - Word's automatic numbering is printed as Word prints it: `numbering.xml` (list levels,
//!   start values, restarts) and `styles.xml` (heading styles that carry numbering) give
//!   each numbered paragraph its label (`一、`, `（一）`, `1.`, `①` …) before its text, so the
//!   structure pass sees what a reader sees.
//! - Tables keep their merged cells: `gridSpan` and `vMerge` become spans in the HTML model
//!   (a row lists the cells that start in it); a cell's paragraphs and line breaks are its
//!   lines; a table inside a cell is read as lines of that cell; rows marked to repeat as
//!   header rows are the header.
//!
//! Line numbers of a Word file count its paragraphs and table rows in reading order.

use super::archive::{self, attr, entity};
use super::tables::{Block, RawSpan, RawTable};
use crate::limits::{MAX_TABLE_COLUMNS, MAX_TABLE_ROWS};
use anyhow::{bail, Result};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::{BTreeMap, HashMap};

/// Read a `.docx` held in `bytes`.
pub fn read(name: &str, bytes: &[u8]) -> Result<super::Read> {
    let mut zip = archive::open(name, bytes)?;
    let mut budget = crate::limits::MAX_UNPACKED_BYTES;
    let Some(doc) = archive::read(&mut zip, name, "word/document.xml", &mut budget)? else {
        bail!("{name}: a zip archive without word/document.xml; not a Word document");
    };
    let mut numbering = match archive::read(&mut zip, name, "word/numbering.xml", &mut budget)? {
        Some(x) => parse_numbering(name, archive::xml_text(name, "word/numbering.xml", &x)?)?,
        None => Numbering::default(),
    };
    if let Some(x) = archive::read(&mut zip, name, "word/styles.xml", &mut budget)? {
        numbering.styles = parse_styles(name, archive::xml_text(name, "word/styles.xml", &x)?)?;
    }
    let text = archive::xml_text(name, "word/document.xml", &doc)?;
    Body::new(numbering).read(name, text)
}

/// A malformed-XML error naming the file, the part and where in it.
fn xml_error(
    name: &str,
    part: &str,
    r: &Reader<&[u8]>,
    e: impl std::fmt::Display,
) -> anyhow::Error {
    anyhow::anyhow!(
        "{name}: {part} is not well-formed XML at byte {}: {e}",
        r.buffer_position()
    )
}

fn reader(text: &str) -> Reader<&[u8]> {
    let mut r = Reader::from_reader(text.as_bytes());
    r.config_mut().trim_text(false);
    r
}

/// Elements whose whole content is left out: text boxes and drawings (letterheads, stamps),
/// an alternative rendering already read from its first choice, deleted or moved-away text.
fn skipped(local: &str) -> bool {
    matches!(
        local,
        "txbxContent" | "drawing" | "pict" | "object" | "Fallback" | "del" | "moveFrom"
    )
}

/// One level of a list definition (`w:lvl`).
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// `w:suff`: what follows the label (tab by default).
    suffix: String,
    legal: bool,
    /// The paragraph style this level belongs to (`Heading1` numbered by a list).
    style: String,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    /// Levels restarted (`startOverride`) or redefined (`lvlOverride/lvl`) by this list.
    start_overrides: BTreeMap<usize, u32>,
    level_overrides: BTreeMap<usize, Level>,
}

#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, BTreeMap<usize, Level>>,
    nums: HashMap<String, Num>,
    styles: Styles,
}

/// Paragraph styles that carry numbering, and the style each is based on.
#[derive(Debug, Default)]
struct Styles {
    num: HashMap<String, (Option<String>, Option<usize>)>,
    based_on: HashMap<String, String>,
}

fn level_index(v: Option<String>) -> usize {
    v.and_then(|v| v.parse::<usize>().ok()).unwrap_or(0).min(8)
}

fn parse_numbering(name: &str, text: &str) -> Result<Numbering> {
    const PART: &str = "word/numbering.xml";
    let mut out = Numbering::default();
    let mut r = reader(text);
    let mut abstract_id: Option<String> = None;
    let mut num_id: Option<String> = None;
    let mut override_level: Option<usize> = None;
    let mut level: Option<(usize, Level)> = None;
    let mut skip = 0usize;
    loop {
        let ev = r.read_event().map_err(|e| xml_error(name, PART, &r, e))?;
        let (e, empty) = match &ev {
            Event::Eof => break,
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    "lvl" => {
                        if let Some((i, l)) = level.take() {
                            match (&abstract_id, &num_id) {
                                (Some(a), _) => {
                                    out.abstracts.entry(a.clone()).or_default().insert(i, l);
                                }
                                (None, Some(n)) => {
                                    out.nums
                                        .entry(n.clone())
                                        .or_default()
                                        .level_overrides
                                        .insert(i, l);
                                }
                                _ => {}
                            }
                        }
                    }
                    "abstractNum" => abstract_id = None,
                    "num" => num_id = None,
                    "lvlOverride" => override_level = None,
                    _ => {}
                }
                continue;
            }
            _ => continue,
        };
        if skip > 0 {
            skip += usize::from(!empty);
            continue;
        }
        let local = e.local_name();
        match local.as_ref() {
            "Fallback" if !empty => skip = 1,
            "abstractNum" if !empty => abstract_id = attr(e, "abstractNumId"),
            "num" if !empty => {
                num_id = attr(e, "numId");
                if let Some(n) = &num_id {
                    out.nums.entry(n.clone()).or_default();
                }
            }
            "abstractNumId" => {
                if let (Some(n), Some(v)) = (&num_id, attr(e, "val")) {
                    out.nums.entry(n.clone()).or_default().abstract_id = v;
                }
            }
            "lvlOverride" => override_level = Some(level_index(attr(e, "ilvl"))),
            "startOverride" => {
                if let (Some(n), Some(i), Some(v)) = (&num_id, override_level, attr(e, "val")) {
                    if let Ok(v) = v.parse() {
                        out.nums
                            .entry(n.clone())
                            .or_default()
                            .start_overrides
                            .insert(i, v);
                    }
                }
            }
            "lvl" if !empty => {
                let i = level_index(attr(e, "ilvl"));
                level = Some((
                    i,
                    Level {
                        start: 1,
                        format: "decimal".into(),
                        suffix: "tab".into(),
                        ..Level::default()
                    },
                ));
            }
            "start" | "numFmt" | "lvlText" | "suff" | "isLgl" | "pStyle" => {
                if let Some((_, l)) = level.as_mut() {
                    let v = attr(e, "val").unwrap_or_default();
                    match local.as_ref() {
                        "start" => l.start = v.parse().unwrap_or(1),
                        "numFmt" => l.format = v,
                        "lvlText" => l.text = v,
                        "suff" => l.suffix = v,
                        "isLgl" => l.legal = v != "0" && v != "false",
                        _ => l.style = v,
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

fn parse_styles(name: &str, text: &str) -> Result<Styles> {
    const PART: &str = "word/styles.xml";
    let mut out = Styles::default();
    let mut r = reader(text);
    let mut style: Option<String> = None;
    loop {
        let ev = r.read_event().map_err(|e| xml_error(name, PART, &r, e))?;
        match &ev {
            Event::Eof => break,
            Event::End(e) if e.local_name().as_ref() == "style" => style = None,
            Event::Start(e) | Event::Empty(e) => {
                let Some(s) = style.clone() else {
                    if e.local_name().as_ref() == "style" && matches!(ev, Event::Start(_)) {
                        style = attr(e, "styleId");
                    }
                    continue;
                };
                match e.local_name().as_ref() {
                    "basedOn" => {
                        if let Some(v) = attr(e, "val") {
                            out.based_on.insert(s, v);
                        }
                    }
                    "numId" => out.num.entry(s).or_default().0 = attr(e, "val"),
                    "ilvl" => out.num.entry(s).or_default().1 = Some(level_index(attr(e, "val"))),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// `n` written in a Word number format.
fn format_number(n: u32, format: &str) -> String {
    let table = |first: u32, last: u32, base: u32| {
        (first..=last)
            .contains(&n)
            .then(|| char::from_u32(base + n - first))
            .flatten()
            .map(String::from)
            .unwrap_or_else(|| n.to_string())
    };
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => crate::label::han(n),
        "chineseLegalSimplified" => crate::label::han(n)
            .chars()
            .map(|c| {
                let k = "零一二三四五六七八九十".chars().position(|x| x == c);
                k.and_then(|k| "零壹贰叁肆伍陆柒捌玖拾".chars().nth(k))
                    .unwrap_or(c)
            })
            .collect(),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| {
                "〇一二三四五六七八九"
                    .chars()
                    .nth(d as usize - '0' as usize)
                    .unwrap_or(d)
            })
            .collect(),
        "ideographTraditional" if (1..=10).contains(&n) => "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth(n as usize - 1)
            .map(String::from)
            .unwrap_or_default(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => match n {
            1..=20 => table(1, 20, '①' as u32),
            21..=35 => table(21, 35, 0x3251),
            36..=50 => table(36, 50, 0x32B1),
            _ => n.to_string(),
        },
        "decimalEnclosedParen" => table(1, 20, '⑴' as u32),
        "decimalEnclosedFullstop" => table(1, 20, '⒈' as u32),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32))
            .collect(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "upperLetter" | "lowerLetter" => {
            let k = n.max(1) - 1;
            let c = char::from(b'A' + (k % 26) as u8);
            let s = c.to_string().repeat((k / 26 + 1).min(10) as usize);
            if format == "lowerLetter" {
                s.to_lowercase()
            } else {
                s
            }
        }
        "upperRoman" | "lowerRoman" => {
            let s = roman(n);
            if format == "lowerRoman" {
                s.to_lowercase()
            } else {
                s
            }
        }
        "none" => String::new(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let mut s = String::new();
    for (v, r) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

impl Numbering {
    /// The level definition `ilvl` of list `num_id` (an override of the list first).
    fn level<'a>(&'a self, num: &'a Num, ilvl: usize) -> Option<&'a Level> {
        num.level_overrides
            .get(&ilvl)
            .or_else(|| self.abstracts.get(&num.abstract_id)?.get(&ilvl))
    }

    /// The numbering a paragraph style carries, following `basedOn` (a few steps at most).
    fn style_numbering(&self, style: &str) -> Option<(String, Option<usize>)> {
        let mut s = style;
        for _ in 0..10 {
            if let Some((Some(id), lvl)) = self.styles.num.get(s) {
                return Some((id.clone(), *lvl));
            }
            s = self.styles.based_on.get(s)?;
        }
        None
    }
}

/// Counters of the lists met so far: a list continues the counters of its definition
/// unless it restarts levels (`startOverride`), which makes it a list of its own.
#[derive(Default)]
struct Counters {
    by_list: HashMap<String, [Option<u32>; 9]>,
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

/// A table cell being read.
#[derive(Default)]
struct Cell {
    lines: Vec<String>,
    colspan: usize,
    merge: Merge,
}

#[derive(Default, PartialEq, Clone, Copy)]
enum Merge {
    #[default]
    None,
    Restart,
    Continue,
}

#[derive(Default)]
struct Row {
    cells: Vec<Cell>,
    grid_before: usize,
    header: bool,
}

#[derive(Default)]
struct TableBuilder {
    rows: Vec<Row>,
    line: usize,
}

struct Body {
    numbering: Numbering,
    counters: Counters,
    blocks: Vec<Block>,
    line: usize,
}

impl Body {
    fn new(numbering: Numbering) -> Body {
        Body {
            numbering,
            counters: Counters::default(),
            blocks: Vec::new(),
            line: 0,
        }
    }

    fn read(mut self, name: &str, text: &str) -> Result<super::Read> {
        const PART: &str = "word/document.xml";
        let mut r = reader(text);
        let mut skip = 0usize;
        let mut para: Option<Para> = None;
        let mut in_ppr = false;
        let mut in_run = 0usize;
        let mut in_text = false;
        // Tables open now; only the outermost keeps its structure, inner ones give lines.
        let mut depth = 0usize;
        let mut table = TableBuilder::default();
        let mut in_tcpr = false;
        loop {
            let ev = r.read_event().map_err(|e| xml_error(name, PART, &r, e))?;
            match &ev {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    if skip > 0 {
                        skip += usize::from(!empty);
                        continue;
                    }
                    let local = e.local_name();
                    let local = local.as_ref();
                    if skipped(local) {
                        skip = usize::from(!empty);
                        continue;
                    }
                    match local {
                        "p" if !empty => para = Some(Para::default()),
                        "pPr" if !empty => in_ppr = true,
                        "pStyle" | "numId" | "ilvl" if in_ppr => {
                            if let Some(p) = para.as_mut() {
                                let v = attr(e, "val");
                                match local {
                                    "pStyle" => p.style = v,
                                    "numId" => p.num_id = v,
                                    _ => p.ilvl = Some(level_index(v)),
                                }
                            }
                        }
                        "r" if !empty => in_run += 1,
                        "t" if !empty && in_run > 0 => in_text = true,
                        "tab" | "br" | "cr" if in_run > 0 => {
                            if let Some(p) = para.as_mut() {
                                p.text.push(if local == "tab" { ' ' } else { '\n' });
                            }
                        }
                        "noBreakHyphen" if in_run > 0 => {
                            if let Some(p) = para.as_mut() {
                                p.text.push('-');
                            }
                        }
                        "tbl" if !empty => {
                            depth += 1;
                            if depth == 1 {
                                self.line += 1;
                                table = TableBuilder {
                                    rows: Vec::new(),
                                    line: self.line,
                                };
                            }
                        }
                        "tr" if !empty && depth == 1 => {
                            if table.rows.len() >= MAX_TABLE_ROWS {
                                bail!(
                                    "{name}:{}: a table of more than {MAX_TABLE_ROWS} rows",
                                    table.line
                                );
                            }
                            if !table.rows.is_empty() {
                                self.line += 1;
                            }
                            table.rows.push(Row::default());
                        }
                        "gridBefore" if depth == 1 => {
                            if let Some(row) = table.rows.last_mut() {
                                row.grid_before = span_value(name, table.line, attr(e, "val"))?;
                            }
                        }
                        "tblHeader" if depth == 1 => {
                            if let Some(row) = table.rows.last_mut() {
                                row.header =
                                    attr(e, "val").is_none_or(|v| v != "0" && v != "false");
                            }
                        }
                        "tc" if !empty && depth == 1 => {
                            if let Some(row) = table.rows.last_mut() {
                                row.cells.push(Cell {
                                    colspan: 1,
                                    ..Cell::default()
                                });
                            }
                        }
                        "tcPr" if !empty && depth == 1 => in_tcpr = true,
                        "gridSpan" | "vMerge" if in_tcpr => {
                            if let Some(c) = table.rows.last_mut().and_then(|r| r.cells.last_mut())
                            {
                                if local == "gridSpan" {
                                    c.colspan =
                                        span_value(name, table.line, attr(e, "val"))?.max(1);
                                } else {
                                    c.merge = match attr(e, "val").as_deref() {
                                        Some("restart") => Merge::Restart,
                                        _ => Merge::Continue,
                                    };
                                }
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => {
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    match e.local_name().as_ref() {
                        "p" => {
                            if let Some(p) = para.take() {
                                let text = self.paragraph_text(p);
                                if depth == 0 {
                                    self.push_paragraph(&text);
                                } else if let Some(c) =
                                    table.rows.last_mut().and_then(|r| r.cells.last_mut())
                                {
                                    c.lines.extend(
                                        text.split('\n')
                                            .map(str::trim)
                                            .filter(|l| !l.is_empty())
                                            .map(str::to_string),
                                    );
                                }
                            }
                        }
                        "pPr" => in_ppr = false,
                        "r" => in_run = in_run.saturating_sub(1),
                        "t" => in_text = false,
                        "tcPr" => in_tcpr = false,
                        "tbl" => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                let t = std::mem::take(&mut table);
                                let raw = finish_table(name, t)?;
                                self.blocks.push(Block::Table(raw));
                            }
                        }
                        _ => {}
                    }
                }
                Event::Text(t) if in_text && skip == 0 => {
                    if let Some(p) = para.as_mut() {
                        p.text.push_str(&t.html_content());
                    }
                }
                Event::CData(t) if in_text && skip == 0 => {
                    if let Some(p) = para.as_mut() {
                        p.text.push_str(t);
                    }
                }
                Event::GeneralRef(g) if in_text && skip == 0 => {
                    if let (Some(p), Some(c)) = (para.as_mut(), entity(g)) {
                        p.text.push(c);
                    }
                }
                _ => {}
            }
        }
        if depth > 0 {
            bail!("{name}: word/document.xml ends inside a table (the file is cut short?)");
        }
        Ok(super::Read {
            blocks: self.blocks,
            warnings: Vec::new(),
        })
    }

    fn push_paragraph(&mut self, text: &str) {
        for l in text.split('\n') {
            self.line += 1;
            let l = l.trim();
            if !l.is_empty() {
                self.blocks.push(Block::Para {
                    line: self.line,
                    text: l.to_string(),
                });
            }
        }
    }

    /// The paragraph as printed: its automatic number's label, then its text.
    fn paragraph_text(&mut self, p: Para) -> String {
        let from_style = p
            .style
            .as_deref()
            .and_then(|s| self.numbering.style_numbering(s));
        let (num_id, ilvl) = match (p.num_id, from_style) {
            (Some(id), _) => (id, p.ilvl),
            (None, Some((id, lvl))) => (id, p.ilvl.or(lvl)),
            (None, None) => return p.text,
        };
        if num_id == "0" || p.text.trim().is_empty() {
            return p.text;
        }
        let Some(num) = self.numbering.nums.get(&num_id) else {
            return p.text;
        };
        // A heading style tied to a level of the list (`w:lvl/w:pStyle`) gives its level.
        let ilvl = ilvl.unwrap_or_else(|| {
            let style = p.style.as_deref().unwrap_or_default();
            (0..9)
                .find(|&i| {
                    self.numbering
                        .level(num, i)
                        .is_some_and(|l| !style.is_empty() && l.style == style)
                })
                .unwrap_or(0)
        });
        let Some(level) = self.numbering.level(num, ilvl).cloned() else {
            return p.text;
        };
        if level.format == "bullet" {
            return p.text;
        }
        let key = if num.start_overrides.is_empty() && num.level_overrides.is_empty() {
            format!("a{}", num.abstract_id)
        } else {
            format!("n{num_id}")
        };
        let fresh = !self.counters.by_list.contains_key(&key);
        let counters = self.counters.by_list.entry(key).or_insert([None; 9]);
        if fresh {
            for (i, s) in &num.start_overrides {
                if let Some(c) = counters.get_mut(*i) {
                    *c = Some(s.saturating_sub(1));
                }
            }
        }
        counters[ilvl] = Some(counters[ilvl].map_or(level.start, |c| c.saturating_add(1)));
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = None;
        }
        let values = *counters;
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars
                .peek()
                .and_then(|d| d.to_digit(10))
                .filter(|d| (1..=9).contains(d));
            match (c, digit) {
                ('%', Some(d)) => {
                    chars.next();
                    let i = d as usize - 1;
                    let lvl = self.numbering.level(num, i);
                    let n = values[i].unwrap_or_else(|| lvl.map_or(1, |l| l.start));
                    let format = match lvl {
                        Some(l) if !(level.legal && i < ilvl) => l.format.as_str(),
                        _ => "decimal",
                    };
                    label.push_str(&format_number(n, format));
                }
                _ => label.push(c),
            }
        }
        let label = label.trim();
        if label.is_empty() {
            return p.text;
        }
        // `一、` and `（一）` need nothing after them; `第一章` and `1.` read better with a space.
        let sep = if level.suffix == "nothing" || label.ends_with(['、', '）', ')', '．', '.']) {
            ""
        } else {
            " "
        };
        format!("{label}{sep}{}", p.text.trim_start())
    }
}

/// A `gridSpan` / `gridBefore` count, bounded by the widest table allowed.
fn span_value(name: &str, line: usize, v: Option<String>) -> Result<usize> {
    let n = v.and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1);
    if n > MAX_TABLE_COLUMNS {
        bail!("{name}:{line}: a table cell spanning {n} columns; a table has at most {MAX_TABLE_COLUMNS}");
    }
    Ok(n)
}

/// A Word table in the HTML model: cells merged down (`vMerge` continue) are left out of
/// their rows and counted in the `rowspan` of the cell that starts the merge.
fn finish_table(name: &str, t: TableBuilder) -> Result<RawTable> {
    let mut rows: Vec<Vec<Vec<String>>> = Vec::with_capacity(t.rows.len());
    let mut spans: BTreeMap<(usize, usize), RawSpan> = BTreeMap::new();
    // Grid column → (row, cell) of the merge open there.
    let mut open: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    let header = t.rows.iter().take_while(|r| r.header).count();
    for (ri, row) in t.rows.into_iter().enumerate() {
        let mut col = row.grid_before;
        let mut out = Vec::with_capacity(row.cells.len());
        let mut still_open = BTreeMap::new();
        for cell in row.cells {
            let width = cell.colspan.max(1);
            if col + width > MAX_TABLE_COLUMNS {
                bail!(
                    "{name}:{}: a table row of more than {MAX_TABLE_COLUMNS} columns",
                    t.line + ri
                );
            }
            match (cell.merge, open.get(&col)) {
                (Merge::Continue, Some(&origin)) => {
                    if let Some(s) = spans.get_mut(&origin) {
                        s.rowspan += 1;
                    }
                    still_open.insert(col, origin);
                }
                _ => {
                    let ci = out.len();
                    out.push(cell.lines);
                    spans.insert(
                        (ri, ci),
                        RawSpan {
                            row: ri,
                            cell: ci,
                            rowspan: 1,
                            colspan: width,
                        },
                    );
                    if cell.merge == Merge::Restart {
                        still_open.insert(col, (ri, ci));
                    }
                }
            }
            col += width;
        }
        // A merge goes on only where the next row continues it.
        open = still_open;
        rows.push(out);
    }
    Ok(RawTable {
        line: t.line,
        caption_line: t.line,
        rows,
        spans: spans
            .into_values()
            .filter(|s| s.rowspan > 1 || s.colspan > 1)
            .collect(),
        header_rows: (header > 0).then_some(header),
        ..RawTable::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_number(12, "chineseCounting"), "十二");
        assert_eq!(format_number(3, "chineseLegalSimplified"), "叁");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(21, "decimalEnclosedCircleChinese"), "㉑");
        assert_eq!(format_number(2, "decimalEnclosedParen"), "⑵");
        assert_eq!(format_number(10, "ideographDigital"), "一〇");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(27, "upperLetter"), "AA");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
        assert_eq!(format_number(7, "decimalFullWidth"), "７");
        assert_eq!(format_number(7, "somethingNew"), "7");
    }
}
