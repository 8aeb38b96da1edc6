//! Pages saved from a government website (`.html`, `.htm`, and HTML markup pasted into a
//! `.txt`) → paragraphs and tables for the importer.
//!
//! - The markup is parsed as a browser parses it (html5ever, through `scraper`): broken
//!   tags, entities, `&nbsp;` all as a reader sees them.
//! - The article is the element holding most of the page's own text (text inside links
//!   does not count, so menus and lists of related articles weigh nothing); site chrome is
//!   dropped before that: `script`, `style`, `nav`, `header`, `footer`, `aside`, forms, and
//!   elements whose class or id names navigation, sharing, printing or a footer.
//! - The page's title (`ArticleTitle`, `<h1>`, `<title>`) is put before the article when the
//!   article does not open with a title of its own (a notice shown from its recipients).
//! - `<p>`, `<div>`, `<br>`, headings and list items end lines; other whitespace is
//!   collapsed as a browser does, full-width spaces kept until the line is trimmed.
//! - Tables with data are tables (`rowspan`/`colspan` kept as spans, a cell's `<p>` and
//!   `<br>` its lines); a layout table (one cell, or holding another table) is read as text.
//!
//! Line numbers of a page count its paragraphs and table rows in reading order.

use super::tables::{Block, RawSpan, RawTable};
use crate::limits::{MAX_TABLE_COLUMNS, MAX_TABLE_ROWS};
use anyhow::{bail, Result};
use ego_tree::{NodeId, NodeRef};
use regex::Regex;
use scraper::{ElementRef, Html, Node};
use std::collections::HashMap;
use std::sync::LazyLock;

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)<(?:p|br|div|table|tr|td|span|font|h[1-6]|strong|li)(?:\s[^<>]*)?/?>|</(?:p|div|td|tr|table|span|font|h[1-6]|li)>|<!doctype html|<html[\s>]")
        .expect("tag regex")
});

/// Whether decoded text is HTML markup: a saved page, or markup pasted into a text file
/// (plans never print tags).
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(200)
        .collect::<String>()
        .to_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return true;
    }
    TAG.find_iter(text).take(4).count() >= 4
}

static OPEN_CLOSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)").expect("open/close regex"));

/// How deep elements that need an end tag nest, counted from the tags as written (tags a
/// parser closes by itself, `<p>`, `<li>`, `<td>`, and void ones, left out).
fn nesting(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for c in OPEN_CLOSE.captures_iter(text) {
        let tag = c[2].to_ascii_lowercase();
        if matches!(
            tag.as_str(),
            "p" | "li"
                | "td"
                | "th"
                | "tr"
                | "dt"
                | "dd"
                | "option"
                | "br"
                | "img"
                | "input"
                | "meta"
                | "link"
                | "hr"
                | "col"
                | "area"
                | "base"
                | "wbr"
                | "source"
                | "html"
                | "head"
                | "body"
                | "tbody"
                | "thead"
                | "tfoot"
        ) {
            continue;
        }
        if c[1].is_empty() {
            depth += 1;
            max = max.max(depth);
        } else {
            depth = depth.saturating_sub(1);
        }
    }
    max
}

/// Tags whose content is never article text.
fn chrome_tag(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "nav"
            | "header"
            | "footer"
            | "aside"
            | "form"
            | "button"
            | "select"
            | "input"
            | "textarea"
            | "iframe"
            | "object"
            | "svg"
            | "img"
            // A ruby's reading (`<rt>zhèn</rt>`) is a reading aid, not the text.
            | "rt"
            | "rp"
    )
}

/// Words of class names and ids that mark site chrome (menus, sharing and print buttons,
/// breadcrumbs, footers), as Chinese government site templates name them.
const CHROME_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "menu",
    "footer",
    "foot",
    "share",
    "bdshare",
    "jiathis",
    "breadcrumb",
    "crumb",
    "crumbs",
    "sidebar",
    "print",
    "dayin",
    "fenxiang",
    "copyright",
    "banner",
    "toolbar",
    "topbar",
    "login",
    "search",
    "guanbi",
    "close",
    "weizhi",
    "location",
    "position",
    "qrcode",
    "ewm",
    "fontsize",
    "zihao",
];

fn chrome(e: &scraper::node::Element) -> bool {
    if chrome_tag(e.name()) {
        return true;
    }
    let words = |s: &str| {
        s.to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| CHROME_WORDS.contains(&w))
    };
    e.id().is_some_and(words) || e.classes().any(words)
}

fn han_count(s: &str) -> usize {
    s.chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count()
}

/// Depth-first walk without recursion (pages can nest thousands deep): `visit(node, open)`
/// is called when a node opens and when it closes; returning false on open skips its
/// children (it still closes).
fn walk<'a>(root: NodeRef<'a, Node>, mut visit: impl FnMut(NodeRef<'a, Node>, bool) -> bool) {
    let mut node = root;
    loop {
        let descend = visit(node, true);
        if descend {
            if let Some(c) = node.first_child() {
                node = c;
                continue;
            }
        }
        loop {
            visit(node, false);
            if node.id() == root.id() {
                return;
            }
            if let Some(s) = node.next_sibling() {
                node = s;
                break;
            }
            match node.parent() {
                Some(p) => node = p,
                None => return,
            }
        }
    }
}

/// Chinese characters of each element's own text, chrome and link text left out.
fn scores(root: NodeRef<'_, Node>) -> HashMap<NodeId, usize> {
    let mut out = HashMap::new();
    let mut stack: Vec<(NodeId, usize)> = Vec::new();
    let mut links = 0usize;
    walk(root, |n, open| match n.value() {
        Node::Element(e) => {
            if open {
                if chrome(e) {
                    return false;
                }
                links += usize::from(e.name() == "a");
                stack.push((n.id(), 0));
            } else if !chrome(e) {
                links -= usize::from(e.name() == "a" && links > 0);
                if let Some((id, s)) = stack.pop() {
                    out.insert(id, s);
                    if let Some(top) = stack.last_mut() {
                        top.1 += s;
                    }
                }
            }
            true
        }
        Node::Text(t) => {
            if open && links == 0 {
                if let Some(top) = stack.last_mut() {
                    top.1 += han_count(t);
                }
            }
            false
        }
        _ => open,
    });
    out
}

/// A table of data, not of layout: at least two cells, no table inside it.
fn data_table(t: ElementRef<'_>) -> bool {
    let mut cells = 0;
    for e in t.descendent_elements().skip(1) {
        match e.value().name() {
            "table" => return false,
            "td" | "th" => cells += 1,
            _ => {}
        }
    }
    cells >= 2
}

/// The element holding the article: from `<body>` down, the child holding most of the
/// text while it holds at least 60% of the page's (never into a data table).
fn article<'a>(body: ElementRef<'a>, scores: &HashMap<NodeId, usize>) -> ElementRef<'a> {
    let total = scores.get(&body.id()).copied().unwrap_or(0);
    let mut cur = body;
    loop {
        if cur.value().name() == "table" && data_table(cur) {
            return cur;
        }
        let best = cur
            .child_elements()
            .filter(|c| !chrome(c.value()))
            .max_by_key(|c| scores.get(&c.id()).copied().unwrap_or(0));
        match best {
            Some(c) if total > 0 && scores.get(&c.id()).copied().unwrap_or(0) * 10 >= total * 6 => {
                cur = c
            }
            _ => return cur,
        }
    }
}

/// Elements that end a line before and after them.
fn block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "main"
            | "blockquote"
            | "center"
            | "address"
            | "pre"
            | "hr"
            | "tr"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "caption"
            | "figure"
            | "figcaption"
            | "td"
            | "th"
    )
}

/// A table being read: rows of cells of lines, and the spans of its cells.
#[derive(Default)]
struct TableBuilder {
    node: Option<NodeId>,
    rows: Vec<Vec<Vec<String>>>,
    spans: Vec<RawSpan>,
    head_rows: usize,
    in_head: bool,
    caption: String,
    in_caption: bool,
    line: usize,
}

struct Emitter<'n> {
    name: &'n str,
    blocks: Vec<Block>,
    /// The line being collected: in a table cell while `table` has an open cell.
    cur: String,
    line: usize,
    table: Option<TableBuilder>,
    in_cell: bool,
    error: Option<anyhow::Error>,
}

impl Emitter<'_> {
    fn text(&mut self, t: &str) {
        for c in t.chars() {
            let c = if c == '\u{a0}' { ' ' } else { c };
            // Whitespace of the markup collapses, as a browser shows it.
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                if !self.cur.is_empty() && !self.cur.ends_with(' ') {
                    self.cur.push(' ');
                }
            } else {
                self.cur.push(c);
            }
        }
    }

    /// End the current line: into the open cell, the caption, or a paragraph.
    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.cur);
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        match self.table.as_mut() {
            Some(t) if t.in_caption => {
                if !t.caption.is_empty() {
                    t.caption.push(' ');
                }
                t.caption.push_str(line);
            }
            Some(t) if self.in_cell => {
                if let Some(c) = t.rows.last_mut().and_then(|r| r.last_mut()) {
                    c.push(line.to_string());
                }
            }
            _ => {
                self.line += 1;
                self.blocks.push(Block::Para {
                    line: self.line,
                    text: line.to_string(),
                });
            }
        }
    }

    fn open(&mut self, n: NodeRef<'_, Node>, e: &scraper::node::Element) -> bool {
        if chrome(e) {
            return false;
        }
        let tag = e.name();
        if block_tag(tag) || tag == "br" {
            self.end_line();
        }
        if let Some(t) = self.table.as_mut() {
            match tag {
                "thead" => t.in_head = true,
                "caption" => t.in_caption = true,
                "tr" => {
                    if t.rows.len() >= MAX_TABLE_ROWS {
                        self.error = Some(anyhow::anyhow!(
                            "{}:{}: a table of more than {MAX_TABLE_ROWS} rows",
                            self.name,
                            t.line
                        ));
                        return false;
                    }
                    self.line += usize::from(!t.rows.is_empty());
                    t.rows.push(Vec::new());
                    if t.in_head {
                        t.head_rows = t.rows.len();
                    }
                }
                "td" | "th" => {
                    if t.rows.is_empty() {
                        t.rows.push(Vec::new());
                    }
                    let number = |a: &str| {
                        e.attr(a)
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(1)
                            .max(1)
                    };
                    let (rowspan, colspan) = (number("rowspan"), number("colspan"));
                    let row = t.rows.len() - 1;
                    if let Some(r) = t.rows.last_mut() {
                        let width: usize = r.len() + colspan;
                        if width > MAX_TABLE_COLUMNS || colspan > MAX_TABLE_COLUMNS {
                            self.error = Some(anyhow::anyhow!(
                                "{}:{}: a table row of more than {MAX_TABLE_COLUMNS} columns",
                                self.name,
                                t.line + row
                            ));
                            return false;
                        }
                        if rowspan > 1 || colspan > 1 {
                            t.spans.push(RawSpan {
                                row,
                                cell: r.len(),
                                rowspan: rowspan.min(MAX_TABLE_ROWS),
                                colspan,
                            });
                        }
                        r.push(Vec::new());
                    }
                    self.in_cell = true;
                }
                _ => {}
            }
        } else if tag == "table" {
            if let Some(t) = ElementRef::wrap(n).filter(|t| data_table(*t)) {
                self.line += 1;
                self.table = Some(TableBuilder {
                    node: Some(t.id()),
                    line: self.line,
                    ..TableBuilder::default()
                });
            }
        }
        true
    }

    fn close(&mut self, n: NodeRef<'_, Node>, e: &scraper::node::Element) {
        if chrome(e) {
            return;
        }
        let tag = e.name();
        if block_tag(tag) {
            self.end_line();
        }
        let Some(t) = self.table.as_mut() else { return };
        match tag {
            "thead" => t.in_head = false,
            "caption" => t.in_caption = false,
            "td" | "th" => self.in_cell = false,
            "table" if t.node == Some(n.id()) => {
                if let Some(t) = self.table.take() {
                    self.finish_table(t);
                }
            }
            _ => {}
        }
    }

    fn finish_table(&mut self, t: TableBuilder) {
        let rows = t.rows.len();
        let spans = t
            .spans
            .into_iter()
            .map(|s| RawSpan {
                // `rowspan` past the table (or 0, "to the end") ends at its last row.
                rowspan: s.rowspan.min(rows - s.row).max(1),
                ..s
            })
            .collect();
        if !t.caption.is_empty() {
            self.blocks.push(Block::Para {
                line: t.line,
                text: t.caption.clone(),
            });
        }
        self.blocks.push(Block::Table(RawTable {
            line: t.line,
            caption_line: t.line,
            rows: t.rows,
            spans,
            header_rows: (t.head_rows > 0).then_some(t.head_rows),
            ..RawTable::default()
        }));
    }
}

/// The page's own title: `<meta name="ArticleTitle">`, else the first `<h1>`, else the
/// `<title>` up to the site's name (`标题_某县人民政府`).
fn page_title(html: &Html) -> Option<String> {
    let mut meta = None;
    let mut h1 = None;
    let mut title = None;
    for e in html.root_element().descendent_elements() {
        let v = e.value();
        match v.name() {
            "meta" if meta.is_none() => {
                let named = v
                    .attr("name")
                    .is_some_and(|n| n.eq_ignore_ascii_case("ArticleTitle"));
                if named {
                    meta = v.attr("content").map(str::to_string);
                }
            }
            "h1" if h1.is_none() => h1 = Some(e.text().collect::<String>()),
            "title" if title.is_none() => {
                let t: String = e.text().collect();
                title = t
                    .split(['_', '|', '｜'])
                    .next()
                    .map(|s| s.split(" - ").next().unwrap_or(s).to_string());
            }
            _ => {}
        }
    }
    [meta, h1, title]
        .into_iter()
        .flatten()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|t| han_count(t) >= 4)
}

/// Read a page (or pasted markup) already decoded to text.
pub fn read(name: &str, text: &str) -> Result<super::Read> {
    let depth = nesting(text);
    if depth > crate::limits::MAX_HTML_DEPTH {
        bail!(
            "{name}: elements nested {depth} deep; a page may nest at most {}",
            crate::limits::MAX_HTML_DEPTH
        );
    }
    let html = Html::parse_document(text);
    let root = html.root_element();
    let body = root
        .child_elements()
        .find(|e| e.value().name() == "body")
        .unwrap_or(root);
    let scores = scores(*root);
    let art = article(body, &scores);
    let mut em = Emitter {
        name,
        blocks: Vec::new(),
        cur: String::new(),
        line: 0,
        table: None,
        in_cell: false,
        error: None,
    };
    walk(*art, |n, open| {
        if em.error.is_some() {
            return false;
        }
        match n.value() {
            Node::Element(e) if open => em.open(n, e),
            Node::Element(e) => {
                em.close(n, e);
                true
            }
            Node::Text(t) if open => {
                em.text(t);
                false
            }
            _ => false,
        }
    });
    if let Some(e) = em.error {
        return Err(e);
    }
    em.end_line();
    if let Some(t) = em.table.take() {
        em.finish_table(t);
    }
    let mut blocks = em.blocks;
    if let Some(title) = page_title(&html) {
        let opens_titled = blocks.iter().take(3).any(|b| match b {
            Block::Para { text, .. } => {
                let compact =
                    |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
                compact(text) == compact(&title)
            }
            Block::Table(_) => false,
        });
        let first_is_title = match blocks.first() {
            Some(Block::Para { text, .. }) => {
                super::meta::reads_as_title(text)
                    || text.starts_with("关于")
                    || text.ends_with("通知")
            }
            _ => false,
        };
        if !opens_titled && !first_is_title {
            blocks.insert(
                0,
                Block::Para {
                    line: 1,
                    text: title,
                },
            );
        }
    }
    if blocks.is_empty() {
        bail!("{name}: the page holds no text");
    }
    Ok(super::Read {
        blocks,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(r: &super::super::Read) -> Vec<String> {
        r.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para { text, .. } => Some(text.clone()),
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn article_without_chrome() {
        let page = r#"<html><head><title>某县行动方案_某县人民政府</title></head><body>
            <div class="nav"><a href="/">首页</a><a href="/x">政务公开</a></div>
            <div class="main"><h1>某县教育提升行动方案</h1>
            <div id="zoom"><p>　　一、总体要求</p><p>坚持&nbsp;教育优先发展，办好人民满意的教育。<br>全面提高质量。</p>
            <p>二、主要任务</p><p>加强教师队伍建设，提升教育教学质量。</p></div>
            <div class="share">分享到：微信 微博</div></div>
            <div class="footer">主办单位：某县人民政府办公室 版权所有</div></body></html>"#;
        let r = read("p.html", page).expect("reads");
        assert_eq!(
            paras(&r),
            [
                "某县教育提升行动方案",
                "一、总体要求",
                "坚持 教育优先发展，办好人民满意的教育。",
                "全面提高质量。",
                "二、主要任务",
                "加强教师队伍建设，提升教育教学质量。"
            ]
        );
    }

    #[test]
    fn markup_in_text_is_recognised() {
        assert!(looks_like_html(
            "<p align=\\\"left\\\">一、总体要求</p>\n<p>内容</p>"
        ));
        assert!(!looks_like_html(
            "一、总体要求\n（一）指导思想\n表1 <2025年>\n"
        ));
    }
}
