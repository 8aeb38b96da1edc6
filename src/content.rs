//! The content file format: one Markdown file per plan, YAML front matter on top.
//!
//! ```text
//! ---
//! title: 泾源县教育质量提升行动实施方案      ← Meta fields, then notice, tables, trailer
//! slug: jingyuan-2023
//! …
//! ---
//!
//! Preamble paragraph (text before the first part).
//!
//! # 一、指导思想 {#1 .part}
//!
//! Body paragraph of the part.
//!
//! ## （一）全面落实立德树人根本任务 {#3-1 .section}
//!
//! ### 1.坚持不懈用党的创新理论铸魂育人 {#3-1-1 .item}
//!
//! 将习近平新时代…（责任单位：县委宣传部、教育体育局、团县委）
//! ```
//!
//! - A heading is `#` × depth, the printed label and title, then `{#id .kind}`. The id is the
//!   permanent anchor: staff may edit the text freely, the id stays. Where the label cannot be
//!   read back from the heading text (a source that omitted it), `label="…"` says it. In a
//!   revised plan, `key=2-1-3` names the clause's identity where its number changed (the id
//!   it first had); import writes it, and links to the old number resolve through it.
//! - Body paragraphs are plain text (not Markdown): what is written is what is shown, escaped.
//!   A paragraph line that would read as a heading is written with a leading `\`.
//! - Duties and deadlines are not stored: `crate::analyze` derives them from the text, so
//!   editing a `（责任单位：…）` clause changes the duties with it.
//!
//! [`write`] and [`parse`] round-trip: `parse(write(d)) == d` with `line` fields set.

use crate::doc::{Document, Meta, Node, NodeKind, Notice, Table};
use crate::label;
use crate::limits;
use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

/// Where the earlier versions of revised plans live under `content/`:
/// `versions/<slug>/<n>.md`, each the plan's file as it was while version `n` was current.
pub const VERSIONS_DIR: &str = "versions";

/// Everything of a [`Document`] that lives in the front matter.
#[derive(Debug, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Front {
    #[serde(flatten)]
    meta: Meta,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    notice: Option<Notice>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tables: Vec<Table>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    trailer: Vec<String>,
    /// Warnings were once stored here. They are recomputed from the text at every build (a
    /// stored one outlived the defect it reported), so an older file's are read and dropped.
    #[serde(default, skip_serializing, rename = "warnings")]
    _warnings: serde::de::IgnoredAny,
}

fn kind_class(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Part => "part",
        NodeKind::Section => "section",
        NodeKind::Item => "item",
        NodeKind::Inline => "inline",
        NodeKind::Subitem => "subitem",
    }
}

fn class_kind(s: &str) -> Option<NodeKind> {
    Some(match s {
        "part" => NodeKind::Part,
        "section" => NodeKind::Section,
        "item" => NodeKind::Item,
        "inline" => NodeKind::Inline,
        "subitem" => NodeKind::Subitem,
        _ => return None,
    })
}

/// Serialise a document to the content file text. Deterministic.
pub fn write(doc: &Document) -> Result<String> {
    let front = Front {
        meta: doc.meta.clone(),
        notice: doc.notice.clone(),
        tables: doc.tables.clone(),
        trailer: doc.trailer.clone(),
        _warnings: serde::de::IgnoredAny,
    };
    let yaml = serde_yaml::to_string(&front).context("serialising front matter")?;
    let mut out = String::with_capacity(yaml.len() + 4096);
    out.push_str("---\n");
    out.push_str(&yaml);
    out.push_str("---\n");
    for p in &doc.preamble {
        push_paragraph(&mut out, p);
    }
    for n in &doc.nodes {
        write_node(&mut out, n, 1);
    }
    Ok(out)
}

fn push_paragraph(out: &mut String, p: &str) {
    out.push('\n');
    for line in p.split('\n') {
        let t = line.trim_start();
        if t.starts_with('#') || t.starts_with('\\') || t == "---" {
            out.push('\\');
        }
        out.push_str(line);
        out.push('\n');
    }
}

fn write_node(out: &mut String, n: &Node, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push('#');
    }
    out.push(' ');
    out.push_str(&n.label);
    out.push_str(&n.title);
    out.push_str(" {#");
    out.push_str(&n.id);
    out.push_str(" .");
    out.push_str(kind_class(n.kind));
    if !n.key.is_empty() && n.key != n.id {
        out.push_str(" key=");
        out.push_str(&n.key);
    }
    let heading = format!("{}{}", n.label, n.title);
    if label::split(&heading).0 != n.label {
        out.push_str(" label=\"");
        out.push_str(&n.label);
        out.push('"');
    }
    out.push_str("}\n");
    if !n.text.is_empty() {
        for p in n.text.split('\n') {
            push_paragraph(out, p);
        }
    }
    for c in &n.children {
        write_node(out, c, depth + 1);
    }
}

/// A content file as read: the document, and what was wrong but could be mended.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub doc: Document,
    /// `file:line: what was mended` (control characters removed, …), for the build report.
    pub warnings: Vec<String>,
    /// Line of the `slug:` key (1 when the front matter has none), for errors about the slug.
    pub slug_line: usize,
}

/// A 128-bit fingerprint of some bytes (a content file's text, a page's inputs), for the
/// caches `planpress serve` keeps between rebuilds: two keyed 64-bit hashes with fixed
/// seeds, so equal bytes always give the same value within and across runs.
pub fn fingerprint(bytes: &[u8]) -> u128 {
    use std::hash::{BuildHasher, Hasher};
    let one = |seeds: [u64; 4]| {
        let mut h =
            ahash::RandomState::with_seeds(seeds[0], seeds[1], seeds[2], seeds[3]).build_hasher();
        h.write(bytes);
        h.finish()
    };
    (u128::from(one([1, 2, 3, 4])) << 64) | u128::from(one([0x5eed, 0xfeed, 0xbeef, 0xcafe]))
}

/// Parse a content file. `path` is used in error messages (`path:line: what is wrong`).
pub fn parse(path: &str, src: &str) -> Result<Document> {
    read(path, src).map(|p| p.doc)
}

/// Parse a content file and validate it: names ([`crate::slug::check_name`]), the plan
/// period and every size limit ([`crate::limits`]). Control characters are removed with a
/// warning, CR-only and CRLF line endings read as LF.
pub fn read(path: &str, src: &str) -> Result<Parsed> {
    let mut warnings = Vec::new();
    let src = clean_text(path, src, &mut warnings);
    let mut lines = src.split('\n').enumerate().peekable();
    match lines.next() {
        Some((_, "---")) => {}
        _ => bail!("{path}:1: a content file starts with a `---` line and YAML front matter"),
    }
    let mut yaml = String::new();
    let mut closed = false;
    for (_, l) in lines.by_ref() {
        if l == "---" {
            closed = true;
            break;
        }
        yaml.push_str(l);
        yaml.push('\n');
    }
    if !closed {
        bail!("{path}:1: the front matter is not closed by a `---` line");
    }
    let mut front: Front = serde_yaml::from_str(&yaml).map_err(|e| yaml_error(path, &yaml, &e))?;
    // A double-quoted YAML value can spell a control character as an escape (`\x01`, `\0`).
    if let Some(i) = yaml.find('\\') {
        let line = yaml[..i].matches('\n').count() + 2;
        let mut v: serde_yaml::Value =
            serde_yaml::from_str(&yaml).map_err(|e| yaml_error(path, &yaml, &e))?;
        let mut removed = Vec::new();
        strip_value(&mut v, &mut removed);
        if !removed.is_empty() {
            for c in removed {
                warnings.push(format!(
                    "{path}:{line}: control character U+{:04X} removed from the front matter (it cannot be shown or published)",
                    c as u32
                ));
            }
            front = serde_yaml::from_value(v).map_err(|e| yaml_error(path, &yaml, &e))?;
        }
    }
    let slug_line = key_line(&yaml, "slug").unwrap_or(1);
    if !front.meta.slug.is_empty() {
        if let Err(why) = crate::slug::check_name(&front.meta.slug) {
            bail!("{path}:{slug_line}: slug `{}` {why}", front.meta.slug);
        }
    }
    if let Some([a, b]) = front.meta.period {
        let line = key_line(&yaml, "period").unwrap_or(1);
        check_period(a, b)
            .map_err(|why| anyhow::anyhow!("{path}:{line}: period [{a}, {b}] {why}"))?;
    }
    check_tables(path, &yaml, &front.tables)?;
    table_lines(&yaml, &mut front.tables);
    if front.meta.title.trim().is_empty() {
        let line = key_line(&yaml, "title").unwrap_or(1);
        bail!("{path}:{line}: the title is empty; a plan's page needs it as its heading");
    }
    for (key, value) in [
        ("written", &front.meta.written),
        ("issued", &front.meta.issued),
        ("revised", &front.meta.revised),
    ] {
        if let Err(why) = check_date(value) {
            let line = key_line(&yaml, key).unwrap_or(1);
            bail!("{path}:{line}: {key}: {why}");
        }
    }

    let mut doc = Document {
        meta: front.meta,
        notice: front.notice,
        tables: front.tables,
        trailer: front.trailer,
        ..Default::default()
    };

    // Flat list of (depth, node) with paragraphs attached, then folded into a tree.
    let mut flat: Vec<(usize, Node)> = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let flush = |para: &mut Vec<String>, flat: &mut Vec<(usize, Node)>, pre: &mut Vec<String>| {
        if para.is_empty() {
            return;
        }
        let p = para.join("\n");
        para.clear();
        match flat.last_mut() {
            Some((_, n)) => {
                if !n.text.is_empty() {
                    n.text.push('\n');
                }
                n.text.push_str(&p);
            }
            None => pre.push(p),
        }
    };
    let mut preamble = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for t in &front_ids(&doc.tables) {
        seen.insert(t.clone(), 0);
    }
    for (i, line) in lines {
        let lineno = i + 1;
        if line.trim().is_empty() {
            flush(&mut para, &mut flat, &mut preamble);
            continue;
        }
        if line.starts_with('#') {
            flush(&mut para, &mut flat, &mut preamble);
            let (depth, node) = parse_heading(path, lineno, line)?;
            if depth > limits::MAX_HEADING_DEPTH {
                bail!(
                    "{path}:{lineno}: heading level {depth} is deeper than the {} levels a plan's numbering has",
                    limits::MAX_HEADING_DEPTH
                );
            }
            if flat.len() >= limits::MAX_NODES_PER_PLAN {
                bail!(
                    "{path}:{lineno}: more than {} headings in one plan; split the file",
                    limits::MAX_NODES_PER_PLAN
                );
            }
            match seen.insert(node.id.clone(), lineno) {
                Some(0) => bail!(
                    "{path}:{lineno}: id `{}` is already used by a table or table row in the front matter; ids must be unique within a plan",
                    node.id
                ),
                Some(prev) => bail!(
                    "{path}:{lineno}: id `{}` is already used at line {prev}; ids must be unique within a plan",
                    node.id
                ),
                None => {}
            }
            let parent_depth = flat.last().map(|(d, _)| *d).unwrap_or(0);
            if depth > parent_depth + 1 {
                bail!(
                    "{path}:{lineno}: heading level {depth} follows level {parent_depth}; a level was skipped"
                );
            }
            flat.push((depth, node));
            continue;
        }
        let l = line.strip_prefix('\\').unwrap_or(line);
        para.push(l.to_string());
    }
    flush(&mut para, &mut flat, &mut preamble);
    doc.preamble = preamble;
    doc.nodes = fold(flat);
    link_rows(&mut doc);
    Ok(Parsed {
        doc,
        warnings,
        slug_line,
    })
}

/// A content file's text as it is read (plans and free pages alike): without a BOM, CRLF
/// and CR-only line endings as LF, control characters removed with a `path:line` warning
/// each.
pub fn clean_text(path: &str, src: &str, warnings: &mut Vec<String>) -> String {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let src = src.replace("\r\n", "\n").replace('\r', "\n");
    strip_controls(&src, |line, c| {
        warnings.push(format!("{path}:{line}: {}", control_removed(c)))
    })
}

/// What a warning says of a removed control character.
pub fn control_removed(c: char) -> String {
    format!(
        "control character U+{:04X} removed (it cannot be shown or published)",
        c as u32
    )
}

/// `src` without C0 control characters other than tab and line feed, DEL, C1 controls and
/// the non-characters U+FFFE/U+FFFF: none can be shown, and XML forbids most of them.
/// `removed(line, char)` is called for each one.
pub fn strip_controls(src: &str, mut removed: impl FnMut(usize, char)) -> String {
    let bad =
        |c: char| (c.is_control() && c != '\n' && c != '\t') || c == '\u{fffe}' || c == '\u{ffff}';
    if !src.chars().any(bad) {
        return src.to_string();
    }
    let mut line = 1;
    src.chars()
        .filter(|&c| {
            if c == '\n' {
                line += 1;
            }
            if bad(c) {
                removed(line, c);
                false
            } else {
                true
            }
        })
        .collect()
}

/// Control characters out of every string of a YAML value.
fn strip_value(v: &mut serde_yaml::Value, removed: &mut Vec<char>) {
    use serde_yaml::Value;
    match v {
        Value::String(s) => {
            let clean = strip_controls(s, |_, c| removed.push(c));
            if clean.len() != s.len() {
                *s = clean;
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|x| strip_value(x, removed)),
        Value::Mapping(m) => m.values_mut().for_each(|x| strip_value(x, removed)),
        Value::Tagged(t) => strip_value(&mut t.value, removed),
        _ => {}
    }
}

/// Why a plan period is refused, if it is.
pub fn check_period(a: i32, b: i32) -> std::result::Result<(), String> {
    if !limits::YEARS.contains(&a) || !limits::YEARS.contains(&b) {
        return Err(format!(
            "holds a year outside {}–{}",
            limits::YEARS.start(),
            limits::YEARS.end()
        ));
    }
    if a > b {
        return Err("ends before it starts; write [first year, last year]".into());
    }
    if b - a + 1 > limits::MAX_PERIOD_YEARS {
        return Err(format!(
            "spans {} years; a plan period spans at most {}",
            b - a + 1,
            limits::MAX_PERIOD_YEARS
        ));
    }
    Ok(())
}

/// Ids of the tables and their rows: anchors on the same page as the headings' ids.
fn front_ids(tables: &[Table]) -> Vec<String> {
    tables
        .iter()
        .flat_map(|t| std::iter::once(&t.id).chain(&t.row_ids))
        .filter(|id| !id.is_empty())
        .cloned()
        .collect()
}

/// Tables in the front matter: ids valid and unique (with their rows'), sizes bounded,
/// `row_ids`/`row_links` as long as `rows`.
fn check_tables(path: &str, yaml: &str, tables: &[Table]) -> Result<()> {
    if tables.len() > limits::MAX_TABLES_PER_PLAN {
        let line = key_line(yaml, "tables").unwrap_or(1);
        bail!(
            "{path}:{line}: {} tables; a plan holds at most {}",
            tables.len(),
            limits::MAX_TABLES_PER_PLAN
        );
    }
    let mut seen: std::collections::HashMap<&str, &str> = Default::default();
    for t in tables {
        let line = value_line(yaml, "id", &t.id).unwrap_or(1);
        if let Err(why) = crate::slug::check_name(&t.id) {
            bail!("{path}:{line}: table id `{}` {why}", t.id);
        }
        if t.rows.len() > limits::MAX_TABLE_ROWS {
            bail!(
                "{path}:{line}: table `{}` has {} rows; at most {} are allowed",
                t.id,
                t.rows.len(),
                limits::MAX_TABLE_ROWS
            );
        }
        if let Some(w) = t.header.iter().chain(&t.rows).map(Vec::len).max() {
            if w > limits::MAX_TABLE_COLUMNS {
                bail!(
                    "{path}:{line}: table `{}` has a row of {w} cells; at most {} are allowed",
                    t.id,
                    limits::MAX_TABLE_COLUMNS
                );
            }
        }
        for sp in &t.spans {
            let rows = if sp.header { &t.header } else { &t.rows };
            let part = if sp.header { "header" } else { "body" };
            if rows.get(sp.row).is_none_or(|r| sp.cell >= r.len()) {
                bail!(
                    "{path}:{line}: table `{}` has a span at {part} row {} cell {}, which the table does not have",
                    t.id,
                    sp.row,
                    sp.cell
                );
            }
            if sp.rowspan == 0
                || sp.colspan == 0
                || sp.row + sp.rowspan > rows.len()
                || sp.colspan > limits::MAX_TABLE_COLUMNS
            {
                bail!(
                    "{path}:{line}: table `{}`: the span at {part} row {} cell {} ({} rows × {} columns) does not fit the table",
                    t.id,
                    sp.row,
                    sp.cell,
                    sp.rowspan,
                    sp.colspan
                );
            }
        }
        if !t.row_ids.is_empty() && t.row_ids.len() != t.rows.len() {
            bail!(
                "{path}:{line}: table `{}` has {} rows but {} row_ids; give every row an id",
                t.id,
                t.rows.len(),
                t.row_ids.len()
            );
        }
        if !t.row_links.is_empty() && t.row_links.len() != t.rows.len() {
            bail!(
                "{path}:{line}: table `{}` has {} rows but {} row_links; give every row one (\"\" for none)",
                t.id,
                t.rows.len(),
                t.row_links.len()
            );
        }
        for id in std::iter::once(&t.id).chain(&t.row_ids) {
            if id != &t.id {
                if let Err(why) = crate::slug::check_name(id) {
                    bail!("{path}:{line}: row id `{id}` of table `{}` {why}", t.id);
                }
            }
            if let Some(other) = seen.insert(id.as_str(), t.id.as_str()) {
                bail!(
                    "{path}:{line}: id `{id}` is used twice (in table `{other}` and table `{}`); ids must be unique within a plan",
                    t.id
                );
            }
        }
    }
    Ok(())
}

/// Line in the file (the front matter starts on line 2) of the first top-level or nested
/// `key:` in `yaml`.
fn key_line(yaml: &str, key: &str) -> Option<usize> {
    line_where(yaml, key, |_| true)
}

/// Line in the file of `key: value` in `yaml`.
fn value_line(yaml: &str, key: &str, value: &str) -> Option<usize> {
    line_where(yaml, key, |v| {
        v.trim().trim_matches(|c| c == '"' || c == '\'') == value
    })
}

/// Line in the file of the first `key: v` (top-level, nested or a list item's) whose value
/// `v` satisfies `value`.
fn line_where(yaml: &str, key: &str, value: impl Fn(&str) -> bool) -> Option<usize> {
    yaml.split('\n')
        .position(|l| {
            let t = l.trim_start().trim_start_matches("- ");
            t.strip_prefix(key)
                .and_then(|r| r.trim_start().strip_prefix(':'))
                .is_some_and(&value)
        })
        .map(|i| i + 2)
}

/// Find each table's entry (`- id: …`) and its body rows (`rows:` items) in the front
/// matter, so warnings about them name lines of this file. Rows written in another YAML
/// style than the importer's block lists point at the table.
fn table_lines(yaml: &str, tables: &mut [Table]) {
    let lines: Vec<&str> = yaml.split('\n').collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let blank = |l: &str| l.trim().is_empty() || l.trim_start().starts_with('#');
    let mut from = 0;
    for t in tables.iter_mut() {
        let Some(start) = (from..lines.len()).find(|&i| {
            let s = lines[i].trim_start().trim_start_matches("- ");
            s.strip_prefix("id:")
                .is_some_and(|v| v.trim().trim_matches(|c| c == '"' || c == '\'') == t.id)
        }) else {
            continue;
        };
        from = start + 1;
        t.at.table = start + 2;
        // The entry ends where the next entry of the list (or a top-level key) starts.
        let item = indent(lines[start]);
        let end = (start + 1..lines.len())
            .find(|&i| !blank(lines[i]) && indent(lines[i]) <= item)
            .unwrap_or(lines.len());
        let Some(key) = (start..end)
            .find(|&i| lines[i].trim_start().trim_start_matches("- ").trim_end() == "rows:")
        else {
            continue;
        };
        let key_indent = indent(lines[key]);
        let mut rows = Vec::new();
        let mut row_indent = None;
        for (i, l) in lines.iter().enumerate().take(end).skip(key + 1) {
            if blank(l) {
                continue;
            }
            let (n, item) = (indent(l), l.trim_start().starts_with("- "));
            if n < key_indent || (n == key_indent && !item) {
                break;
            }
            if item && *row_indent.get_or_insert(n) == n {
                rows.push(i + 2);
            }
        }
        if rows.len() == t.rows.len() {
            t.at.rows = rows;
        }
    }
}

/// Front-matter keys, for suggestions.
const KEYS: &[&str] = &[
    "title",
    "slug",
    "region",
    "status",
    "status_text",
    "period",
    "period_text",
    "doc_number",
    "issuers",
    "written",
    "issued",
    "topic",
    "public",
    "source_url",
    "catalog",
    "source",
    "collective",
    "notice",
    "tables",
    "trailer",
    "warnings",
];

/// A YAML error as `path:line: front matter: what` with the line counted in the content
/// file (not in the YAML alone), and for an unknown key its line and a suggestion.
fn yaml_error(path: &str, yaml: &str, e: &serde_yaml::Error) -> anyhow::Error {
    let msg = e.to_string();
    // serde_yaml appends its own `at line N column M`, counted from the front matter's start.
    let (what, column) = match msg.rsplit_once(" at line ") {
        Some((what, at)) => (
            what.to_string(),
            at.split_once(" column ").map(|(_, c)| c.to_string()),
        ),
        None => (msg.clone(), None),
    };
    let mut line = e.location().map(|l| l.line() + 1).unwrap_or(1);
    let mut hint = String::new();
    if let Some(key) = what
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        if let Some(l) = key_line(yaml, key) {
            line = l;
        }
        if let Some(best) = KEYS
            .iter()
            .map(|k| (strsim::levenshtein(k, key), *k))
            .filter(|(d, _)| *d <= 2)
            .min()
        {
            hint = format!(" (did you mean `{}`?)", best.1);
        }
    }
    // serde_yaml places a bad enum value at the start of the mapping: find its own line.
    let mut column = column;
    if let Some(value) = what
        .strip_prefix("unknown variant `")
        .and_then(|r| r.split('`').next())
    {
        if let Some(l) = yaml.lines().position(|l| {
            l.split_once(':').is_some_and(|(k, v)| {
                !k.trim().is_empty() && v.trim().trim_matches(['\'', '"']) == value
            })
        }) {
            line = l + 2;
            column = None;
        }
    }
    let column = column.map(|c| format!(", column {c}")).unwrap_or_default();
    anyhow::anyhow!("{path}:{line}: front matter{column}: {what}{hint}")
}

/// A date of the front matter: empty, or a real calendar day written `YYYY-MM-DD`.
pub fn check_date(s: &str) -> std::result::Result<(), String> {
    if s.is_empty() {
        return Ok(());
    }
    let parts: Vec<&str> = s.split('-').collect();
    let ok = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            match (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
                (Ok(y), Ok(m), Ok(d)) => {
                    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
                    let days = [
                        31,
                        if leap { 29 } else { 28 },
                        31,
                        30,
                        31,
                        30,
                        31,
                        31,
                        30,
                        31,
                        30,
                        31,
                    ];
                    crate::limits::YEARS.contains(&y)
                        && (1..=12).contains(&m)
                        && d >= 1
                        && d <= days[m as usize - 1]
                }
                _ => false,
            }
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{s}` is not a date written YYYY-MM-DD (e.g. 2023-03-14)"
        ))
    }
}

fn parse_heading(path: &str, lineno: usize, line: &str) -> Result<(usize, Node)> {
    let depth = line.chars().take_while(|&c| c == '#').count();
    let rest = line[depth..].trim();
    let open = rest.rfind("{#").with_context(|| {
        format!(
            "{path}:{lineno}: heading has no id: write it as `{} 标题 {{#1-2 .item}}`",
            "#".repeat(depth)
        )
    })?;
    if !rest.ends_with('}') {
        bail!("{path}:{lineno}: heading attributes must end the line with `}}`");
    }
    let text = rest[..open].trim_end();
    let attrs = &rest[open + 1..rest.len() - 1];
    let mut id = String::new();
    let mut key = String::new();
    let mut kind = None;
    let mut explicit_label = None;
    let mut it = attrs.trim();
    while !it.is_empty() {
        if let Some(r) = it.strip_prefix("label=\"") {
            let end = r
                .find('"')
                .with_context(|| format!("{path}:{lineno}: unclosed label=\"…\""))?;
            explicit_label = Some(r[..end].to_string());
            it = r[end + 1..].trim_start();
            continue;
        }
        let end = it.find(char::is_whitespace).unwrap_or(it.len());
        let tok = &it[..end];
        if let Some(v) = tok.strip_prefix('#') {
            if !id.is_empty() {
                bail!("{path}:{lineno}: a heading has one id; found `#{id}` and `#{v}`");
            }
            id = v.to_string();
        } else if let Some(v) = tok.strip_prefix("key=") {
            if let Err(why) = crate::slug::check_name(v) {
                bail!("{path}:{lineno}: key `{v}` {why}");
            }
            if !key.is_empty() {
                bail!("{path}:{lineno}: a heading has one key; found `{key}` and `{v}`");
            }
            key = v.to_string();
        } else if let Some(v) = tok.strip_prefix('.') {
            let k = class_kind(v).with_context(|| {
                format!(
                    "{path}:{lineno}: unknown kind `.{v}` (part, section, item, inline, subitem)"
                )
            })?;
            if kind.replace(k).is_some() {
                bail!("{path}:{lineno}: a heading has one kind; `.{v}` is a second one");
            }
        } else {
            bail!("{path}:{lineno}: unknown heading attribute `{tok}`");
        }
        it = it[end..].trim_start();
    }
    if let Err(why) = crate::slug::check_name(&id) {
        bail!("{path}:{lineno}: id `{id}` {why}");
    }
    let kind =
        kind.with_context(|| format!("{path}:{lineno}: heading needs a kind, e.g. `.item`"))?;
    let (label, title) = match explicit_label {
        Some(l) => {
            let t = text.strip_prefix(l.as_str()).unwrap_or(text);
            (l, t.to_string())
        }
        None => {
            let (l, t) = label::split(text);
            (l.to_string(), t.to_string())
        }
    };
    let mut node = Node::new(id, kind, label, title, lineno);
    if key != node.id {
        node.key = key;
    }
    Ok((depth, node))
}

/// `Node::rows` is not written in the body: it is derived from the tables' `row_links`, so
/// the link is stated once (in the front matter) and a parsed document equals the written one.
fn link_rows(doc: &mut Document) {
    let mut links: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for t in &doc.tables {
        for (node, row) in t.row_links.iter().zip(&t.row_ids) {
            if !node.is_empty() {
                links.entry(node.as_str()).or_default().push(row.clone());
            }
        }
    }
    fn apply(ns: &mut [Node], links: &std::collections::BTreeMap<&str, Vec<String>>) {
        for n in ns {
            n.rows = links.get(n.id.as_str()).cloned().unwrap_or_default();
            apply(&mut n.children, links);
        }
    }
    apply(&mut doc.nodes, &links);
}

fn fold(flat: Vec<(usize, Node)>) -> Vec<Node> {
    // A stack of open nodes by depth; closing a node attaches it to its parent.
    let mut stack: Vec<(usize, Node)> = Vec::new();
    let mut roots = Vec::new();
    fn close(stack: &mut Vec<(usize, Node)>, roots: &mut Vec<Node>) {
        if let Some((_, n)) = stack.pop() {
            match stack.last_mut() {
                Some((_, p)) => p.children.push(n),
                None => roots.push(n),
            }
        }
    }
    for (d, n) in flat {
        while stack.last().map(|(sd, _)| *sd >= d).unwrap_or(false) {
            close(&mut stack, &mut roots);
        }
        stack.push((d, n));
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, kind: NodeKind, label: &str, title: &str, text: &str) -> Node {
        Node {
            id: id.into(),
            key: String::new(),
            kind,
            label: label.into(),
            title: title.into(),
            text: text.into(),
            duties: vec![],
            deadlines: vec![],
            children: vec![],
            line: 0,
            rows: vec![],
        }
    }

    fn strip_lines(ns: &mut [Node]) {
        for n in ns {
            n.line = 0;
            strip_lines(&mut n.children);
        }
    }

    #[test]
    fn round_trip() {
        let mut part = node(
            "1",
            NodeKind::Part,
            "一、",
            "总体要求",
            "第一段\n# 不是标题\n\\反斜杠",
        );
        let mut sec = node("1-1", NodeKind::Section, "", "全面实施教育保障", "");
        let mut inline = node("1-1-1", NodeKind::Inline, "一要", "统筹资源", "正文。");
        inline.rows = vec!["annex2-1".into()];
        sec.children.push(inline);
        part.children.push(sec);
        part.children
            .push(node("1-2", NodeKind::Section, "（二）", "第二节", "x"));
        let doc = Document {
            meta: Meta {
                title: "某县方案".into(),
                slug: "a".into(),
                ..Default::default()
            },
            preamble: vec!["前言。".into()],
            nodes: vec![part, node("2", NodeKind::Part, "二、", "任务", "")],
            tables: vec![Table {
                id: "annex2".into(),
                rows: vec![vec!["1".into(), "统筹\n资源".into()]],
                row_ids: vec!["annex2-1".into()],
                row_links: vec!["1-1-1".into()],
                ..Default::default()
            }],
            ..Default::default()
        };
        let text = write(&doc).unwrap();
        let mut back = parse("t.md", &text).unwrap();
        strip_lines(&mut back.nodes);
        assert_eq!(back, doc, "{text}");
        assert_eq!(write(&back).unwrap(), text);
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = parse("c.md", "---\ntitle: x\n---\n\n# 一、无编号\n").unwrap_err();
        assert!(e.to_string().starts_with("c.md:5:"), "{e}");
        let e = parse("c.md", "---\ntitle: [\n---\n").unwrap_err();
        assert!(e.to_string().starts_with("c.md:"), "{e}");
        let e = parse("c.md", "---\nbogus: 1\n---\n").unwrap_err();
        assert!(e.to_string().contains("bogus"), "{e}");
        let e = parse(
            "c.md",
            "---\ntitle: x\n---\n# 一、a {#1 .part}\n# 二、b {#1 .part}\n",
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("c.md:5:"), "{e}");
        // A deleted title would publish an empty heading.
        let e = parse("c.md", "---\nslug: a\ntitle: ''\n---\n").unwrap_err();
        assert!(
            e.to_string().starts_with("c.md:3: the title is empty"),
            "{e}"
        );
        // A bad value is found on its own line, not the mapping's first.
        let e = parse("c.md", "---\ntitle: x\nslug: a\nstatus: revised\n---\n").unwrap_err();
        assert!(e.to_string().starts_with("c.md:4:"), "{e}");
        assert!(e.to_string().contains("expected `draft` or `final`"), "{e}");
        let e = parse("c.md", "---\ntitle: x\nissued: 2023-14-47\n---\n").unwrap_err();
        assert!(
            e.to_string().starts_with("c.md:3: issued: `2023-14-47`"),
            "{e}"
        );
        assert!(parse("c.md", "---\ntitle: x\nissued: '2024-02-29'\n---\n").is_ok());
    }
}
