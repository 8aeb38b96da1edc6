//! Import stage: plans as they arrive (text exports, Word files, saved web pages, task
//! tables) → [`Document`] → `content/plans/<slug>.md`.
//!
//! The form is chosen by content, the extension only breaking ties ([`Format`]); each reader
//! gives paragraphs and tables ([`Read`]), and everything after that is shared:
//!
//! - [`decode`]: bytes → text (UTF-8/BOM/GB18030/GBK, CRLF, Word artefacts)
//! - [`tables`]: text lines → paragraphs and tables (cells, rows, captions, row links)
//! - [`flat`]: tables a text export flattened (a cell per paragraph, cells ending in `|`,
//!   Markdown pipe tables, rows pasted from a spreadsheet)
//! - [`docx`]: Word files (automatic numbering printed, merged cells as spans)
//! - [`html`]: saved pages and pasted markup (the article without the site around it)
//! - [`sheet`]: task tables in `.xlsx`, `.xls`, `.csv`
//! - [`notice`]: the covering notice 关于印发…的通知
//! - [`meta`]: title, status, period, region, slug
//! - [`structure`]: parts, sections, items, inline items with ids from the printed numbering
//!
//! Bad input gives an error naming the file (`file:line: what is wrong` where a line is
//! known); source defects that can be kept are kept as printed and reported as warnings.

pub mod annotations;
mod archive;
pub mod decode;
pub mod docx;
pub mod flat;
pub mod head;
pub mod html;
pub mod meta;
pub mod notice;
pub mod revise;
pub mod sheet;
pub mod structure;
pub mod tables;

use crate::doc::{Document, Warning};
use crate::label;
use anyhow::{bail, Context, Result};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use tables::Block;

static ANNEX_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^附件\s*[0-9０-９一二三四五六七八九十]*\s*[：:]?$").expect("annex mark regex")
});

/// A path as it should be recorded in `meta.source`: relative to the working directory when
/// it lies below it, so content does not depend on where the checkout lives.
pub fn source_name(path: &Path) -> String {
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    rel.to_string_lossy().replace('\\', "/")
}

/// Import one raw export from disk.
pub fn import_file(path: &Path) -> Result<Document> {
    let name = source_name(path);
    let len = std::fs::metadata(path)
        .with_context(|| format!("{name}: failed to read"))?
        .len();
    if len > crate::limits::MAX_FILE_BYTES {
        bail!(
            "{name}: {len} bytes; a plan export may hold at most {} MB",
            crate::limits::MAX_FILE_BYTES / (1024 * 1024)
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("{name}: failed to read"))?;
    import_text(&name, &bytes)
}

/// What a reader makes of a file: its paragraphs and tables in reading order, and the
/// defects it found (`line` as the reader counts lines).
pub struct Read {
    pub blocks: Vec<Block>,
    pub warnings: Vec<Warning>,
}

/// The forms a plan arrives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A text export (any encoding [`decode`] reads), or pasted HTML markup.
    Text,
    Docx,
    Xlsx,
    Xls,
}

/// Which reader takes `bytes`: by content (a zip archive's parts, an OLE file's kind), the
/// extension of `source_name` only telling an `.xls` from a Word 97 `.doc`. Kinds that
/// cannot be read are refused with what to do instead.
pub fn format(source_name: &str, bytes: &[u8]) -> Result<Format> {
    let ext = Path::new(source_name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let zip = archive::open(source_name, bytes)?;
        if archive::has(&zip, "word/document.xml") {
            return Ok(Format::Docx);
        }
        if archive::has(&zip, "xl/workbook.xml") {
            return Ok(Format::Xlsx);
        }
        if archive::has(&zip, "content.xml") {
            bail!("{source_name}: an OpenDocument file (.odt/.ods); save it as .docx or .xlsx");
        }
        bail!(
            "{source_name}: a zip archive that is neither a Word (.docx) nor an Excel (.xlsx) file"
        );
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        if ext == "xls" || ext == "et" {
            return Ok(Format::Xls);
        }
        bail!("{source_name}: an old binary Office file (Word 97-2003 .doc, .wps or .xls); save it as .docx (or name an Excel file .xls)");
    }
    if bytes.starts_with(b"%PDF") {
        bail!("{source_name}: a PDF; PDFs are not read: import the Word file, the web page or a text export of the plan");
    }
    Ok(Format::Text)
}

/// Import one plan from its bytes, in whatever form it came ([`format`]). `source_name` is
/// recorded in `meta.source` and names the file in errors.
pub fn import_text(source_name: &str, bytes: &[u8]) -> Result<Document> {
    let read = match format(source_name, bytes)? {
        Format::Docx => docx::read(source_name, bytes)?,
        Format::Xlsx => sheet::read_xlsx(source_name, bytes)?,
        Format::Xls => sheet::read_xls(source_name, bytes)?,
        Format::Text => {
            let text = decode::decode(source_name, bytes)?;
            let ext = Path::new(source_name)
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            if html::looks_like_html(&text) {
                html::read(source_name, &text)?
            } else if ext.as_deref() == Some("csv") || sheet::looks_like_csv(&text) {
                sheet::read_csv(source_name, &text)?
            } else {
                return import_plain(source_name, bytes, &text);
            }
        }
    };
    import_read(source_name, bytes, read)
}

/// A text export: its lines are the blocks ([`tables::blocks`]).
fn import_plain(source_name: &str, bytes: &[u8], text: &str) -> Result<Document> {
    if !decode::has_han(text) {
        bail!("{source_name}: no Chinese text; not a plan export");
    }
    let mut warnings = Vec::new();
    // A form feed is a page break of the export, a vertical tab Word's manual line break:
    // line breaks. Other control characters can never be shown, and XML forbids most.
    let text =
        crate::content::strip_controls(&text.replace(['\u{c}', '\u{b}'], "\n"), |line, c| {
            warnings.push(Warning {
                line,
                message: crate::content::control_removed(c),
            })
        });
    // Pinyin readings of a crawled page (`鎮(zhèn)`) removed, one warning per line.
    let text: String = text
        .split('\n')
        .enumerate()
        .map(|(k, line)| {
            let (clean, n) = annotations::strip(line);
            if n > 0 {
                warnings.push(Warning {
                    line: k + 1,
                    message: annotations::removed(n),
                });
            }
            clean
        })
        .collect::<Vec<_>>()
        .join("\n");
    for (k, line) in text.split('\n').enumerate() {
        if line.contains('\u{fffd}') {
            warnings.push(Warning {
                line: k + 1,
                message: "bytes that are not valid text, kept as `\u{fffd}`: check this line against the original".into(),
            });
        }
    }
    let blocks = tables::blocks(&text);
    import_blocks(source_name, bytes, blocks, warnings)
}

/// A structured file's blocks, cleaned as text lines are: control characters removed with
/// a warning each.
fn import_read(source_name: &str, bytes: &[u8], read: Read) -> Result<Document> {
    let Read {
        mut blocks,
        mut warnings,
    } = read;
    let mut clean = |line: usize, s: &mut String| {
        let bad = |c: char| {
            (c.is_control() && c != '\n' && c != '\t') || c == '\u{fffe}' || c == '\u{ffff}'
        };
        if s.chars().any(bad) {
            *s = crate::content::strip_controls(s, |_, c| {
                warnings.push(Warning {
                    line,
                    message: crate::content::control_removed(c),
                })
            });
        }
        // Pinyin readings of a crawled page (`鎮(zhèn)`), as in a text export.
        let (stripped, n) = annotations::strip(s);
        if n > 0 {
            *s = stripped;
            warnings.push(Warning {
                line,
                message: annotations::removed(n),
            });
        }
    };
    let mut han = false;
    for b in &mut blocks {
        match b {
            Block::Para { line, text } => {
                clean(*line, text);
                han |= decode::has_han(text);
            }
            Block::Table(t) => {
                for cell in t.rows.iter_mut().flatten() {
                    for l in cell.iter_mut() {
                        clean(t.line, l);
                        han |= decode::has_han(l);
                    }
                }
            }
        }
    }
    if !han {
        bail!("{source_name}: no Chinese text; not a plan");
    }
    import_blocks(source_name, bytes, blocks, warnings)
}

/// Everything after reading: notice, title, metadata, signature, structure.
fn import_blocks(
    source_name: &str,
    bytes: &[u8],
    blocks: Vec<Block>,
    mut warnings: Vec<Warning>,
) -> Result<Document> {
    let blocks = tables::attach_captions(flat::cell_paragraphs(blocks));
    let mut doc = Document::default();
    // A policy database's fields printed above the plan are its metadata, never its title.
    let mut field_title = String::new();
    let mut k = take_fields(&blocks, 0, &mut doc.meta, &mut field_title, &mut warnings);
    let head: Vec<&str> = blocks[k..]
        .iter()
        .map_while(|b| match b {
            Block::Para { text, .. } => Some(text.as_str()),
            Block::Table(_) => None,
        })
        .collect();
    if let Some(found) = notice::parse(&head) {
        k += found.next;
        doc.meta.public = found.public;
        if !found.notice.doc_number.is_empty() {
            doc.meta.doc_number = found.notice.doc_number.clone();
        }
        if !found.notice.issuers.is_empty() {
            doc.meta.issuers = found.notice.issuers.clone();
        }
        let date_line = match blocks.get(k - found.next + found.date_at) {
            Some(Block::Para { line, .. }) => *line,
            _ => 1,
        };
        if let Some(d) = issue_date(&found.notice.date, date_line, &mut warnings) {
            doc.meta.written = d;
        }
        doc.notice = Some(found.notice);
    }
    // Between the notice and the plan: a bare `附件` / `附件1` line only says what follows;
    // the notice's 版记 (`抄送：…`, `…办公室 2024年3月28日印发`) does not end the plan.
    let mut banji = Vec::new();
    while let (Some(Block::Para { text, .. }), true) = (blocks.get(k), doc.notice.is_some()) {
        if ANNEX_MARK.is_match(text) {
        } else if text.starts_with("抄送") {
            banji.push(text.clone());
        } else if let Some(d) = structure::printed_by(text) {
            doc.meta.issued = d;
            banji.push(text.clone());
        } else {
            break;
        }
        k += 1;
    }
    // An issuing office printed above the title of a plan without a notice
    // (`某县人民政府` / `某县教育事业发展“十五五”规划`): the issuer, not half of the title.
    let mut header_issuer = None;
    // A 文号 printed above the title (`云政发〔2024〕3号`), before or after the issuer line.
    for _ in 0..2 {
        if doc.notice.is_some() {
            break;
        }
        if let (Some(Block::Para { text: head, .. }), Some(Block::Para { text: next, .. })) =
            (blocks.get(k), blocks.get(k + 1))
        {
            let issuer = head.trim().trim_end_matches("文件").trim();
            if notice::doc_number_line(head) && label::parse(next, false).is_none() {
                doc.meta.doc_number = decode::normalize_title(head);
                k += 1;
            } else if header_issuer.is_none()
                && notice::signer_like(issuer)
                && (meta::reads_as_title(next) || notice::doc_number_line(next))
            {
                header_issuer = Some(decode::normalize_title(issuer));
                k += 1;
            }
        }
    }
    // The title: the first paragraph after the notice unless it already is numbered text.
    let mut raw_title = String::new();
    let mut title_line = 0;
    if let Some(Block::Para { text, line }) = blocks.get(k) {
        // The first sentence of the text (`为促进…，制定本方案。`) is never the title.
        if crate::label::parse(text, false).is_none() && !meta::sentence_like(text) {
            raw_title = text.clone();
            title_line = *line;
            k += 1;
            // A title broken over lines (`某县教育事业发展` / `“十四五”规划`, or three lines):
            // short fragments up to one that ends in a kind of document.
            let para = |i: usize| match blocks.get(i) {
                Some(Block::Para { text, .. }) => Some(text.as_str()),
                _ => None,
            };
            for extra in 0..3 {
                let Some(last) = para(k + extra) else { break };
                let middle = (k..k + extra).filter_map(para).collect::<String>();
                let before = format!("{raw_title}{middle}");
                if meta::title_continues(&before, last)
                    && (k..k + extra).filter_map(para).all(meta::title_fragment)
                {
                    raw_title = format!("{before}{last}");
                    k += extra + 1;
                    break;
                }
            }
        }
    }
    let mut status = None;
    if let Some(Block::Para { text, .. }) = blocks.get(k) {
        if let Some(s) = meta::status_line(text) {
            status = Some(s);
            k += 1;
        }
    }
    // Fields printed between the title and the text (`发布时间：… 来源：…`).
    k = take_fields(&blocks, k, &mut doc.meta, &mut field_title, &mut warnings);
    if raw_title.is_empty() && !field_title.is_empty() {
        raw_title = field_title;
    }
    if raw_title.is_empty() {
        // Fall back to the plan named in the notice (《…》), else the file name.
        raw_title = doc
            .notice
            .as_ref()
            .and_then(|n| {
                // The notice's title, else (a notice without one) its first sentence.
                let t = if n.title.is_empty() {
                    n.body.first()?
                } else {
                    &n.title
                };
                let a = t.find('《')? + '《'.len_utf8();
                let b = a + t[a..].find('》')?;
                (a < b).then(|| t[a..b].to_string())
            })
            .or_else(|| {
                // A file name that names the plan (not `t20240329_1234`).
                Path::new(source_name)
                    .file_stem()
                    .map(|s| s.to_string_lossy().trim().to_string())
                    .filter(|s| decode::has_han(s))
            })
            .or_else(|| {
                // Else the first heading: a name staff can find the plan by.
                blocks[k.min(blocks.len())..].iter().find_map(|b| match b {
                    Block::Para { text, .. } => label::parse(text, false)
                        .map(|l| structure::split_title(text[l.text.len()..].trim()).0)
                        .filter(|t| !t.is_empty()),
                    Block::Table(_) => None,
                })
            })
            .unwrap_or_else(|| {
                Path::new(source_name)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
        warnings.push(Warning {
            line: blocks
                .get(k)
                .map(|b| match b {
                    Block::Para { line, .. } => *line,
                    Block::Table(t) => t.line,
                })
                .unwrap_or(1),
            message: format!("no title line before the plan text; using `{raw_title}`"),
        });
    }
    if raw_title.contains('。') || raw_title.chars().count() > 80 {
        warnings.push(Warning {
            line: 1,
            message: format!("the first line does not read like a plan title: `{raw_title}`"),
        });
    } else if title_line > 0 && !meta::reads_as_title(&raw_title) {
        // Kept as the title, but staff should look: a plan's title ends in its kind.
        warnings.push(Warning {
            line: title_line,
            message: format!(
                "`{raw_title}` is taken as the title but does not end like one (规划, 方案, 计划, 要点 …)"
            ),
        });
    }
    if let Some(h) = header_issuer {
        doc.meta.issuers = vec![h];
    }
    meta::fill(&mut doc.meta, &raw_title, status);
    if let Some([a, b]) = doc.meta.period {
        // Content with such a period would not build (crate::limits): keep the text only.
        if let Err(why) = crate::content::check_period(a, b) {
            warnings.push(Warning {
                line: title_line.max(1),
                message: format!("period {a}–{b} {why}; not recorded as the plan period"),
            });
            doc.meta.period = None;
        }
    }
    let mut body: Vec<Block> = blocks[k.min(blocks.len())..].to_vec();
    // A plan without a covering notice may be signed at its end (office, date): that is its
    // issuer and date, not text of its last section. Kept as printed in the trailer.
    let mut signature = Vec::new();
    let mut signature_line = 0;
    if doc.notice.is_none() {
        let pieces: Vec<notice::Piece<'_>> = body
            .iter()
            .map(|b| match b {
                Block::Para { text, .. } => notice::Piece::Para(text),
                Block::Table(t) => notice::Piece::Table(&t.label),
            })
            .collect();
        if let Some((start, date_at)) = notice::trailing_signature(&pieces) {
            let lines: Vec<String> = body[start..=date_at]
                .iter()
                .filter_map(|b| match b {
                    Block::Para { text, .. } => Some(text.clone()),
                    Block::Table(_) => None,
                })
                .collect();
            if let Some((date, orgs)) = lines.split_last() {
                doc.meta.issuers = orgs.iter().map(|o| decode::normalize_title(o)).collect();
                let line = match body.get(date_at) {
                    Some(Block::Para { line, .. }) => *line,
                    _ => 1,
                };
                doc.meta.written = issue_date(date, line, &mut warnings).unwrap_or_default();
                if doc.meta.region.is_empty() {
                    doc.meta.region = doc
                        .meta
                        .issuers
                        .iter()
                        .find_map(|i| meta::region(i))
                        .unwrap_or_default();
                }
            }
            signature = lines;
            if let Some(Block::Para { line, .. }) = body.get(start) {
                signature_line = *line;
            }
            body.drain(start..=date_at);
        }
    }
    let mut out = structure::build(&body);
    if !signature.is_empty() {
        // In source order: after an annex list printed above the signature.
        let at = out
            .trailer_lines
            .iter()
            .position(|l| *l > signature_line)
            .unwrap_or(out.trailer.len());
        out.trailer.splice(at..at, signature);
    }
    if out.nodes.is_empty() && out.tables.is_empty() {
        // Numbered in a way the structure does not read (`一 工作目标`, `第一篇`): a plan
        // still, kept whole as its opening text and reported; with no numbering at all, not
        // a plan.
        let Some((line, text)) = body.iter().find_map(|b| match b {
            Block::Para { line, text } if numbered_like(text) => Some((*line, text)),
            _ => None,
        }) else {
            bail!(
                "{source_name}: no numbered parts (一、, 第一章, （一） …) and no tables found; not a plan export"
            );
        };
        let label: String = text.chars().take(8).collect();
        warnings.push(Warning {
            line,
            message: format!("numbering such as `{label}…` is not read as parts; the whole text is kept as the plan's opening text: number its parts 一、（一）1. to get clauses"),
        });
    }
    if !out.issued.is_empty() {
        doc.meta.issued = out.issued;
    }
    doc.meta.source = source_name.to_string();
    doc.meta.source_sha256 = revise::sha256_hex(bytes);
    doc.meta.slug = meta::base_slug(&doc.meta);
    doc.preamble = out.preamble;
    doc.nodes = out.nodes;
    doc.tables = out.tables;
    doc.trailer = banji;
    doc.trailer.extend(out.trailer);
    warnings.extend(out.warnings);
    warnings.sort();
    doc.warnings = warnings;
    Ok(doc)
}

static NUMBERED_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第[一二三四五六七八九十百零〇两]+[条章节篇部分]|[一二三四五六七八九十]+[\s　]+\S|[0-9０-９]{1,2}[\s　]+\p{Han})")
        .expect("numbered-like regex")
});

/// A paragraph opening with numbering of some kind, read or not: `一 工作目标`, `第一篇`.
fn numbered_like(text: &str) -> bool {
    label::parse(text, true).is_some() || NUMBERED_LIKE.is_match(text.trim_start())
}

/// ISO date of a signature's date line; digits run together (`2024327`) are read when only
/// one date fits and reported either way, so staff check them against the original.
fn issue_date(printed: &str, line: usize, warnings: &mut Vec<Warning>) -> Option<String> {
    if let Some(d) = notice::iso_date(printed) {
        return Some(d);
    }
    let dates = notice::run_together(printed)?;
    let message = match dates.as_slice() {
        [d] => format!("issue date printed without 年月日 (`{printed}`); read as {d}"),
        _ => format!(
            "issue date printed without 年月日 (`{printed}`) can be read as {}; not recorded",
            dates.join(" or ")
        ),
    };
    warnings.push(Warning { line, message });
    (dates.len() == 1).then(|| dates[0].clone())
}

/// Read the policy-database field lines ([`head::fields`]) from `blocks[k]` on into `meta`;
/// returns the index of the first block that is not one.
fn take_fields(
    blocks: &[Block],
    mut k: usize,
    meta: &mut crate::doc::Meta,
    title: &mut String,
    warnings: &mut Vec<Warning>,
) -> usize {
    use head::Field;
    while let Some(Block::Para { text, line }) = blocks.get(k) {
        let Some(pairs) = head::fields(text) else {
            break;
        };
        for p in pairs {
            let v = p.value;
            let mut date = |to: &mut String| match head::date(&v) {
                Some(d) => *to = d,
                None if v.is_empty() => {}
                None => warnings.push(Warning {
                    line: *line,
                    message: format!("{}：`{v}` is not a date; not recorded", p.key),
                }),
            };
            match p.field {
                Field::Title if !v.is_empty() => *title = v,
                Field::DocNumber if !v.is_empty() => meta.doc_number = v,
                Field::Issuer if !v.is_empty() => {
                    meta.issuers = v
                        .split([' ', '　', '、'])
                        .filter(|s| !s.is_empty())
                        .map(decode::normalize_title)
                        .collect()
                }
                Field::Written => date(&mut meta.written),
                Field::Issued => date(&mut meta.issued),
                Field::Topic if !v.is_empty() => meta.topic = v,
                Field::Url if !v.is_empty() => meta.source_url = v,
                Field::Catalog if !v.is_empty() => meta.catalog.push(format!("{}：{v}", p.key)),
                _ => {}
            }
        }
        k += 1;
    }
    k
}

/// Extensions of the forms import reads ([`format`] decides by content; these pick the files
/// of a folder).
pub const EXTENSIONS: &[&str] = &["txt", "docx", "html", "htm", "xlsx", "xls", "csv"];

/// Extensions of files a folder of plans often holds beside them that import cannot read:
/// named in a note, so a user knows why they were passed over.
const UNREAD: &[&str] = &["doc", "wps", "pdf", "odt", "ods", "rtf", "et", "ofd"];

/// The inputs named on the command line: files as given, folders walked (sorted) for the
/// forms in [`EXTENSIONS`]. Returns the files, the errors (a path that does not exist) and
/// notes on files of a folder passed over (a `.pdf` beside the plans).
pub fn collect_inputs(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        if input.is_dir() {
            for e in walkdir::WalkDir::new(input).sort_by_file_name() {
                match e {
                    Ok(e) if e.file_type().is_file() => {
                        let ext = e
                            .path()
                            .extension()
                            .map(|x| x.to_string_lossy().to_ascii_lowercase())
                            .unwrap_or_default();
                        if EXTENSIONS.contains(&ext.as_str()) {
                            files.push(e.path().to_path_buf());
                        } else if UNREAD.contains(&ext.as_str()) {
                            skipped.push(format!(
                                "{}: .{ext} files are not read; save the plan as .docx (Word), .xlsx or text to import it",
                                source_name(e.path())
                            ));
                        }
                    }
                    Ok(_) => {}
                    Err(err) => errors.push(format!("{}: {err}", input.display())),
                }
            }
        } else if input.is_file() {
            files.push(input.clone());
        } else {
            errors.push(format!("{}: no such file or folder", input.display()));
        }
    }
    // The same file named twice (a folder and a file in it) is imported once.
    let mut seen = BTreeSet::new();
    files.retain(|f| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())));
    (files, errors, skipped)
}

/// Slugs already used in `plans_dir`, by the source file they were imported from. A file
/// that cannot be read or whose slug is invalid is an error: import would otherwise trust it
/// (or not see it) and write a plan over another.
fn existing_plans(plans_dir: &Path) -> Result<Vec<revise::Existing>> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(plans_dir) else {
        return Ok(out);
    };
    let mut paths: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut errors = Vec::new();
    for p in paths {
        if p.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let parsed = crate::limits::read_text(&p).and_then(|text| {
            crate::content::parse(&p.display().to_string(), &text).map(|d| (text, d))
        });
        match parsed {
            Ok((text, mut doc)) => {
                if doc.meta.slug.is_empty() {
                    doc.meta.slug = p
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                }
                out.push(revise::Existing { path: p, text, doc });
            }
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    if !errors.is_empty() {
        bail!(
            "{}\nthe content files above must be mended before importing into {}",
            errors.join("\n"),
            plans_dir.display()
        );
    }
    Ok(out)
}

/// Where a plan's content file goes: `plans_dir/<slug>.md`, for a slug that is one valid
/// path segment ([`crate::slug::check_name`]), never anywhere else.
pub fn plan_path(plans_dir: &Path, slug: &str) -> Result<PathBuf> {
    crate::slug::check_name(slug).map_err(|why| {
        anyhow::anyhow!(
            "{}: refusing to write a plan whose slug `{slug}` {why}",
            plans_dir.display()
        )
    })?;
    Ok(plans_dir.join(format!("{slug}.md")))
}

/// Make slugs unique, deterministically: each plan not already given one (a revision keeps
/// its plan's) gets its own, `-2`, `-3` added in input order where one is taken.
pub fn assign_slugs(docs: &mut [Document], fixed: &[bool], taken: &BTreeSet<String>) {
    let mut taken = taken.clone();
    taken.extend(
        docs.iter()
            .zip(fixed)
            .filter(|(_, f)| **f)
            .map(|(d, _)| d.meta.slug.clone()),
    );
    for (d, _) in docs.iter_mut().zip(fixed).filter(|(_, f)| !**f) {
        let base = d.meta.slug.clone();
        let mut s = base.clone();
        let mut k = 2;
        while taken.contains(&s) {
            s = format!("{base}-{k}");
            k += 1;
        }
        d.meta.slug = s.clone();
        taken.insert(s);
    }
}

/// Write `text` to `path` atomically: a temporary file in the same folder, then rename, so a
/// reader never sees half a file.
pub fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("{}: failed to create", dir.display()))?;
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file}.{}.tmp", std::process::id()));
    if let Err(e) = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        bail!("{}: failed to write: {e}", path.display());
    }
    Ok(())
}

/// Merge proposed office aliases into `units.yaml`, keeping every entry staff already have:
/// only counties and offices not yet listed are added. The file is rewritten only when
/// something was added (so hand-written comments survive a re-import).
pub fn merge_units(path: &Path, proposed: crate::doc::Aliases) -> Result<crate::doc::Aliases> {
    use crate::doc::Aliases;
    let mut current = if path.exists() {
        Aliases::read(path)?
    } else {
        Aliases::default()
    };
    let mut changed = !path.exists() && !proposed.counties.is_empty();
    for (county, offices) in proposed.counties {
        let have = current.counties.entry(county).or_default();
        for (canon, aliases) in offices {
            let known = have.contains_key(&canon) || have.values().any(|v| v.contains(&canon));
            if !known {
                have.insert(canon, aliases);
                changed = true;
            }
        }
    }
    if changed {
        let text = serde_yaml::to_string(&current).context("serialising units.yaml")?;
        write_atomic(path, &text)?;
    }
    Ok(current)
}

/// Office alias proposals from imported plans (see [`run`]).
pub type Propose = dyn Fn(&[Document]) -> crate::doc::Aliases;

/// How [`run`] imports.
pub struct Options<'a> {
    pub mode: Mode,
    /// Import every text as a plan of its own, never as a new version of one already there.
    pub as_new: bool,
    /// The day a revision is recorded under (`revised:`), ISO `YYYY-MM-DD`.
    pub date: String,
    pub propose: &'a Propose,
}

/// What [`run`] does with the plans it imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write `<content>/plans/<slug>.md` for each plan and merge the proposed office aliases
    /// into `<content>/units.yaml`.
    Write,
    /// Write nothing (`planpress import --json`): slugs as a write would assign them, and the
    /// aliases of `units.yaml` plus those proposed for offices it does not list.
    Preview,
}

/// What an import did. Nothing is printed here: the command line (`crate::cli`) reports it.
#[derive(Debug, Default)]
pub struct Report {
    /// About the run as a whole: files of a folder passed over (a `.pdf`), a preview whose
    /// `content/plans` could not be read for the slugs already taken.
    pub warnings: Vec<String>,
    /// The plans imported, slugs assigned, in input order; each carries its own `file:line`
    /// warnings.
    pub docs: Vec<Document>,
    /// New plans' content files written: (the plan's `meta.source`, the file written), in
    /// input order.
    pub written: Vec<(String, PathBuf)>,
    /// New texts of plans already there: (source, slug, what was done), in input order.
    pub revised: Vec<(String, String, revise::Outcome)>,
    /// Office aliases per county: `units.yaml` after the merge, or for a preview as described
    /// at [`Mode::Preview`]; `None` when it could not be read or written (see `errors`).
    pub aliases: Option<crate::doc::Aliases>,
    /// One per input or step that failed, naming its file; the other files are still
    /// imported. When `content/plans` cannot be read (a write would not know which slugs are
    /// taken), nothing is imported: `docs` is empty and the last error says why.
    pub errors: Vec<String>,
}

impl Report {
    /// Every input imported and every file written.
    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Import the plans named in `inputs` (files as given, folders walked for the forms of
/// [`EXTENSIONS`]) for
/// the content folder `content`: written there ([`Mode::Write`]) or only read
/// ([`Mode::Preview`]). A bad file is an error in the report; the others still import.
///
/// `propose` reads the office names the plans print into alias proposals for `units.yaml`:
/// an analysis, which the caller supplies (the command line passes `model::units::propose`).
pub fn run(inputs: &[PathBuf], content: &Path, opts: &Options) -> Report {
    let (files, mut errors, skipped) = collect_inputs(inputs);
    let mut docs = Vec::new();
    for f in &files {
        match import_file(f) {
            Ok(d) => docs.push(d),
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    let mut report = Report {
        errors,
        warnings: skipped,
        ..Report::default()
    };
    let plans_dir = content.join("plans");
    let existing = match existing_plans(&plans_dir) {
        Ok(e) => e,
        Err(e) if opts.mode == Mode::Preview => {
            report.warnings.push(format!("{e:#}"));
            Vec::new()
        }
        Err(e) => {
            report.errors.push(format!("{e:#}"));
            return report;
        }
    };
    // A new text of a plan already there revises it (keeps its slug), unless `--as-new`.
    let mut targets: Vec<Option<usize>> = Vec::new();
    let mut revised_here: BTreeMap<usize, String> = BTreeMap::new();
    docs.retain(|d| {
        let t = if opts.as_new {
            None
        } else {
            revise::target(d, &existing).and_then(|e| existing.iter().position(|x| x.path == e.path))
        };
        if let Some(i) = t {
            if let Some(first) = revised_here.get(&i) {
                report.errors.push(format!(
                    "{}: another text of `{}`, which {first} already revises in this run; import one revision at a time",
                    d.meta.source, existing[i].doc.meta.slug
                ));
                return false;
            }
            revised_here.insert(i, d.meta.source.clone());
        }
        targets.push(t);
        true
    });
    for (d, t) in docs.iter_mut().zip(&targets) {
        if let Some(i) = t {
            d.meta.slug = existing[*i].doc.meta.slug.clone();
        }
    }
    let fixed: Vec<bool> = targets.iter().map(Option::is_some).collect();
    let taken: BTreeSet<String> = existing.iter().map(|e| e.doc.meta.slug.clone()).collect();
    assign_slugs(&mut docs, &fixed, &taken);
    let units = content.join("units.yaml");
    let aliases = match opts.mode {
        Mode::Preview => preview_units(&units, (opts.propose)(&docs)),
        Mode::Write => {
            for (d, t) in docs.iter_mut().zip(&targets) {
                let done = match t {
                    Some(i) => revise::revise(content, &existing[*i], d, &opts.date).map(|o| {
                        report
                            .revised
                            .push((d.meta.source.clone(), d.meta.slug.clone(), o))
                    }),
                    None => write_plan(&plans_dir, d)
                        .map(|path| report.written.push((d.meta.source.clone(), path))),
                };
                if let Err(e) = done {
                    report.errors.push(format!("{e:#}"));
                }
            }
            merge_units(&units, (opts.propose)(&docs))
        }
    };
    match aliases {
        Ok(a) => report.aliases = Some(a),
        Err(e) => report.errors.push(format!("{e:#}")),
    }
    report.docs = docs;
    report
}

/// Write one imported plan to `plans_dir/<slug>.md`; returns the path written.
pub fn write_plan(plans_dir: &Path, doc: &Document) -> Result<PathBuf> {
    let path = plan_path(plans_dir, &doc.meta.slug)?;
    if path.exists() {
        bail!(
            "{}: already exists (its front matter names another slug); refusing to overwrite it",
            path.display()
        );
    }
    let text = crate::content::write(doc)?;
    write_atomic(&path, &text)?;
    Ok(path)
}

/// The aliases of `units.yaml` (if it exists) plus, for offices it does not list, those
/// proposed from `docs`; nothing is written.
pub fn preview_units(path: &Path, proposed: crate::doc::Aliases) -> Result<crate::doc::Aliases> {
    let mut aliases = if path.exists() {
        crate::doc::Aliases::read(path)?
    } else {
        Default::default()
    };
    for (county, offices) in proposed.counties {
        let have = aliases.counties.entry(county).or_default();
        for (canon, a) in offices {
            have.entry(canon).or_insert(a);
        }
    }
    Ok(aliases)
}
