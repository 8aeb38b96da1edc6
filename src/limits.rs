//! Every limit on input, in one place. Each keeps one field of one file from making the
//! tool write without end, run out of memory or overflow the stack; each is far above what a
//! real plan needs, and each is enforced with an error naming the file (and line).

/// Largest content file (`content/plans/*.md`, `content/pages/*.md`) or import input read.
/// The largest real plans are a few hundred KB.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Bytes unpacked from one `.docx` or `.xlsx` (all its parts read, counted as they are
/// inflated, not as the archive declares them): a zip bomb stops here. A 300-page plan's
/// `document.xml` is a few MB.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;

/// Entries in one `.docx` or `.xlsx` archive (a Word file has a few dozen).
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Elements open inside each other in a web page read by import (a government page nests
/// a few dozen deep). The HTML parser's work grows with the square of the depth.
pub const MAX_HTML_DEPTH: usize = 10_000;

/// Years a plan period may span (`period: [2021, 2025]` spans 5). Every year of a period
/// gets a timeline page; 十四五-style plans span 5, long-range 远景 plans 15.
pub const MAX_PERIOD_YEARS: i32 = 50;

/// Years accepted in a plan period: a year outside is a typo, not a plan.
pub const YEARS: std::ops::RangeInclusive<i32> = 1949..=2100;

/// Deepest heading nesting in a content file (`#` count). The printed numbering of the genre
/// has at most six levels (一、（一）1.（1）① and inline 一是); recursion over the tree is
/// bounded by this.
pub const MAX_HEADING_DEPTH: usize = 8;

/// Headings (parts, sections, items…) in one plan: each becomes a page of its own.
pub const MAX_NODES_PER_PLAN: usize = 20_000;

/// Tables in one plan, rows in one table, cells in one row.
pub const MAX_TABLES_PER_PLAN: usize = 500;
pub const MAX_TABLE_ROWS: usize = 20_000;
pub const MAX_TABLE_COLUMNS: usize = 64;

/// Longest slug or id, in bytes: each is one segment of a file path and a URL, and file
/// systems refuse names over 255 bytes.
pub const MAX_NAME_BYTES: usize = 80;

/// Read a content file (or an import input) as text, refusing one over [`MAX_FILE_BYTES`].
pub fn read_text(f: &std::path::Path) -> anyhow::Result<String> {
    use anyhow::Context;
    let len = std::fs::metadata(f)
        .with_context(|| format!("{}: failed to read", f.display()))?
        .len();
    if len > MAX_FILE_BYTES {
        anyhow::bail!(
            "{}: {} bytes; a content file may hold at most {} MB",
            f.display(),
            len,
            MAX_FILE_BYTES / (1024 * 1024)
        );
    }
    std::fs::read_to_string(f).with_context(|| format!("{}: failed to read", f.display()))
}
