//! The node tree: parts, sections, items and inline items (`一要…二要…`), with ids that
//! follow the printed numbering (二、（一）5. → `2-1-5`).
//!
//! Levels are ranked by the numbering styles the plan actually uses (`第一章` above `一、`
//! above `（一）` above `1.` …), so a plan without chapters and one with them both work.
//! Kinds follow the levels: parts and sections above, items at the first Arabic-numbered
//! level (or the third level), sub-items below (`1.` straight under `一、` is an item).
//! A responsibility clause standing alone after a list of sub-items belongs to the item
//! holding the list when none of the sub-items has a clause of its own.
//! Numbering quirks of real plans are kept as printed: items numbered afresh per section
//! (沂源), continuously across sections (泾源: ids still use the printed number), and a
//! section whose label was lost (井研) is recognised by the restart of its items' numbering.

use super::tables::{self, Block, RawTable};
use crate::doc::{Node, NodeKind, Table, Warning};
use crate::label::{self, han, Style};
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

static ANNEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(附件|附表)\s*([0-9０-９]+|[一二三四五六七八九十]+)?\s*([：:．.]|$)")
        .expect("annex regex")
});
static PRINTED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*印发$")
        .expect("printed-by regex")
});
/// `2.100所乡村学校…`: an Arabic label whose title starts with a number, which the label
/// reader takes for a decimal (`2.5亿元`).
static DIGIT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9０-９]{1,3})[.．]\s*[0-9０-９]+[^0-9０-９.．%％]")
        .expect("digit title regex")
});
/// A plan's closing words (`本措施自印发之日起施行，有效期3年。`, `本方案由县教育局负责解释。`).
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^本(?:实施)?(?:方案|措施|办法|意见|计划|规划|细则|规定|要点|通知)(?:自.{0,20}(?:施行|实施|执行|生效)|由.{1,30}负责解释|有效期)")
        .expect("closing regex")
});
/// A responsibility clause printed as a paragraph of its own: `牵头单位：A；配合单位：B`
/// (traditional characters too: `責任單位：…`).
static CLAUSE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\n[（(【]?\s*(?:牵头|牽頭|责任|責任|负责|負責|主责|主責|实施|實施|承办|承辦|主办|主辦|配合|协同|協同|协办|協辦|参与|參與)(?:单位|單位|部门|部門|主体|主體|科室|处室|處室|股室)\s*[：:][^\n]*$",
    )
    .expect("clause line regex")
});
static CLAUSE_END: LazyLock<Regex> = LazyLock::new(|| {
    // One level of nested brackets inside (`各县（市、区）人民政府`).
    Regex::new(concat!(
        r"[（(【](?:[^（）()【】]|[（(][^（）()]*[）)])*(?:单位|單位|牵头|牽頭|配合|负责|負責|协助|協助|科室|处室|處室|股室)",
        r"(?:[^（）()【】]|[（(][^（）()]*[）)])*[）)】][。；;]?\s*$"
    ))
    .expect("clause regex")
});

/// The ISO date of a printed-by line of a 版记 (`某县人民政府办公室 2024年3月28日印发`).
pub fn printed_by(text: &str) -> Option<String> {
    let c = PRINTED_BY.captures(text.trim())?;
    super::notice::iso_date(&format!("{}年{}月{}日", &c[2], &c[3], &c[4]))
}

/// What the structure pass produces.
#[derive(Debug, Default)]
pub struct Out {
    pub preamble: Vec<String>,
    pub nodes: Vec<Node>,
    pub tables: Vec<Table>,
    pub trailer: Vec<String>,
    /// Source line of each trailer paragraph.
    pub trailer_lines: Vec<usize>,
    pub warnings: Vec<Warning>,
    /// 印发 date (ISO) from a printed-by line.
    pub issued: String,
}

struct Flat {
    rank: usize,
    number: u32,
    parent: Option<usize>,
    node: Node,
    /// Body paragraphs with their source lines.
    paras: Vec<(usize, String)>,
}

/// Split a heading or paragraph into its first sentence (without the closing punctuation)
/// and the rest. A short lead ending in a colon (`总体目标：…`) also counts as a title.
pub fn split_title(s: &str) -> (String, String) {
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            // A title never runs past its paragraph (an unclosed bracket must not swallow
            // the next one).
            '\n' => return (s[..i].trim().to_string(), s[i + 1..].trim().to_string()),
            '（' | '(' | '《' | '“' | '【' | '「' | '‘' => depth += 1,
            '）' | ')' | '》' | '”' | '】' | '」' | '’' => depth = (depth - 1).max(0),
            '。' | '！' | '？' | '!' | '?' if depth == 0 => {
                return (
                    s[..i].trim().to_string(),
                    s[i + c.len_utf8()..].trim().to_string(),
                );
            }
            '：' | ':' if depth == 0 && s[..i].chars().count() <= 20 => {
                return (
                    s[..i].trim().to_string(),
                    s[i + c.len_utf8()..].trim().to_string(),
                );
            }
            _ => {}
        }
    }
    (s.trim().to_string(), String::new())
}

/// A paragraph that reads like a heading whose label was lost: short, one clause.
fn heading_like(s: &str) -> bool {
    let n = s.chars().count();
    let body = s.trim_end_matches(['。', '.']);
    (2..=30).contains(&n) && !body.contains(['，', '；', '。', '：', ',', ';'])
}

/// The kind of each level (by rank) of the styles a plan uses: the outer levels are parts
/// and sections, the first level of Arabic numbering (`1.`, `（1）`, `①`) or the third level,
/// whichever comes first, holds the items, and every level below it sub-items. So `1.`
/// straight under `一、` (or under a top-level `（一）`) is an item, as a reader takes it.
fn level_kinds(styles: &[Style]) -> Vec<NodeKind> {
    let mut item_seen = false;
    styles
        .iter()
        .enumerate()
        .map(|(rank, s)| {
            let arabic = matches!(s, Style::Arabic | Style::ParenArabic | Style::Circled);
            if item_seen {
                NodeKind::Subitem
            } else if rank == 0 {
                NodeKind::Part
            } else if arabic || rank >= 2 {
                item_seen = true;
                NodeKind::Item
            } else {
                NodeKind::Section
            }
        })
        .collect()
}

/// How a label of `style` numbered `n` is usually printed (for warnings).
fn printed(style: Style, n: u32) -> String {
    match style {
        Style::Chapter => format!("第{}章", han(n)),
        Style::Jie => format!("第{}节", han(n)),
        Style::Tiao => format!("第{}条", han(n)),
        Style::Han => format!("{}、", han(n)),
        Style::ParenHan => format!("（{}）", han(n)),
        Style::Arabic => format!("{n}."),
        Style::ParenArabic => format!("（{n}）"),
        Style::Circled => char::from_u32('①' as u32 + n - 1)
            .map(String::from)
            .unwrap_or_default(),
        Style::Inline => format!("{}要", han(n)),
    }
}

struct Builder {
    styles: Vec<Style>,
    kinds: Vec<NodeKind>,
    flat: Vec<Flat>,
    stack: Vec<usize>,
    ids: BTreeSet<String>,
    out: Out,
    raw_tables: Vec<(RawTable, String)>,
    annex: bool,
    /// Number of the last entry of a list of annexes (`附件：1．…`, `2．…`).
    annex_list: Option<u32>,
    /// Inside the plan's closing words ([`CLOSING`]).
    closing: bool,
}

impl Builder {
    fn rank(&self, s: Style) -> Option<usize> {
        self.styles.iter().position(|x| *x == s)
    }

    fn kind(&self, rank: usize) -> NodeKind {
        self.kinds.get(rank).copied().unwrap_or(NodeKind::Subitem)
    }

    fn warn(&mut self, line: usize, message: String) {
        self.out.warnings.push(Warning { line, message });
    }

    fn current(&self) -> Option<usize> {
        self.stack.last().copied()
    }

    fn last_sibling(&self, parent: Option<usize>, rank: usize) -> Option<u32> {
        self.flat
            .iter()
            .rev()
            .find(|f| f.parent == parent && f.rank == rank)
            .map(|f| f.number)
    }

    fn open(&mut self, rank: usize) -> Option<usize> {
        while self.current().is_some_and(|i| self.flat[i].rank >= rank) {
            self.stack.pop();
        }
        self.current()
    }

    fn unique_id(&mut self, id: String, line: usize) -> String {
        if self.ids.insert(id.clone()) {
            return id;
        }
        let mut k = 2;
        while self.ids.contains(&format!("{id}_{k}")) {
            k += 1;
        }
        let new = format!("{id}_{k}");
        self.warn(
            line,
            format!("id `{id}` is already taken by an earlier heading with the same number; this one gets `{new}`"),
        );
        self.ids.insert(new.clone());
        new
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        rank: usize,
        number: u32,
        label: String,
        title: String,
        text: String,
        line: usize,
    ) {
        let parent = self.open(rank);
        let base = match parent {
            Some(p) => format!("{}-{number}", self.flat[p].node.id),
            None => number.to_string(),
        };
        let id = self.unique_id(base, line);
        let node = Node::new(id, self.kind(rank), label, title, line);
        self.flat.push(Flat {
            rank,
            number,
            parent,
            node,
            paras: if text.is_empty() {
                vec![]
            } else {
                vec![(line, text)]
            },
        });
        self.stack.push(self.flat.len() - 1);
    }

    fn heading(&mut self, line: usize, text: &str, lab: label::Label<'_>) {
        let Some(rank) = self.rank(lab.style) else {
            // Cannot happen (ranks come from the same paragraphs), but never drop text.
            self.warn(
                line,
                "numbered paragraph outside the plan's levels; kept as text".into(),
            );
            match self.current() {
                Some(i) => self.flat[i].paras.push((line, text.to_string())),
                None => self.out.preamble.push(text.to_string()),
            }
            return;
        };
        let parent = {
            let mut st = self.stack.clone();
            while st.last().is_some_and(|&i| self.flat[i].rank >= rank) {
                st.pop();
            }
            st.last().copied()
        };
        let last = self.last_sibling(parent, rank);
        // The previous label as printed (`3、`), so the warning quotes the page.
        let prev_label = self
            .flat
            .iter()
            .rev()
            .find(|f| f.parent == parent && f.rank == rank && !f.node.label.is_empty())
            .map(|f| f.node.label.clone());
        if let Some(prev) = last {
            if lab.number <= prev && rank >= 1 {
                self.restart(line, rank, lab.number, prev);
            } else if lab.number != prev + 1 {
                self.warn(
                    line,
                    format!(
                        "numbering jumps from {} to {}",
                        prev_label.unwrap_or_else(|| printed(lab.style, prev)),
                        lab.text.trim()
                    ),
                );
            }
        }
        let rest = text[lab.text.len()..].trim();
        let (title, body) = split_title(rest);
        let title = super::decode::normalize_title(&title);
        self.push(
            rank,
            lab.number,
            lab.text.trim().to_string(),
            title,
            body,
            line,
        );
    }

    /// A paragraph `N.` + digits (`2.100所乡村学校…`) is item N, not a decimal, when the
    /// item before it at the Arabic level is N − 1.
    fn digit_title<'t>(&self, text: &'t str) -> Option<label::Label<'t>> {
        let c = DIGIT_TITLE.captures(text)?;
        let number = label::arabic_number(&c[1])?;
        let rank = self.rank(Style::Arabic)?;
        let mut st = self.stack.clone();
        while st.last().is_some_and(|&i| self.flat[i].rank >= rank) {
            st.pop();
        }
        let prev = self.last_sibling(st.last().copied(), rank)?;
        let dot = c[1].len() + text[c[1].len()..].chars().next()?.len_utf8();
        (number == prev + 1).then_some(label::Label {
            style: Style::Arabic,
            text: &text[..dot],
            number,
        })
    }

    /// Items numbered from 1 again under the same parent: the source lost a heading. If the
    /// paragraph just before reads like one, it becomes that missing level (井研's section
    /// `全面实施教育保障。` without `（三）`); either way the defect is reported.
    fn restart(&mut self, line: usize, rank: usize, number: u32, prev: u32) {
        let upper = rank - 1;
        let cand = self.flat.last().and_then(|f| f.paras.last()).cloned();
        match cand {
            Some((pline, p)) if heading_like(&p) => {
                if let Some(f) = self.flat.last_mut() {
                    f.paras.pop();
                }
                let parent = {
                    let mut st = self.stack.clone();
                    while st.last().is_some_and(|&i| self.flat[i].rank >= upper) {
                        st.pop();
                    }
                    st.last().copied()
                };
                let n = self.last_sibling(parent, upper).map_or(1, |x| x + 1);
                let style = self.styles[upper];
                let (title, body) = split_title(&p);
                self.warn(
                    pline,
                    format!(
                        "`{p}` has no printed label (expected {}); kept as an unlabeled {} with id by position",
                        printed(style, n),
                        match self.kind(upper) {
                            NodeKind::Part => "part",
                            NodeKind::Section => "section",
                            _ => "item",
                        }
                    ),
                );
                self.push(upper, n, String::new(), title, body, pline);
            }
            _ => self.warn(
                line,
                format!("numbering restarts at {number} after {prev} without a heading in between"),
            ),
        }
    }

    fn para(&mut self, line: usize, text: &str) {
        if let Some(c) = PRINTED_BY.captures(text) {
            if let Some(d) = super::notice::iso_date(&format!("{}年{}月{}日", &c[2], &c[3], &c[4]))
            {
                self.out.issued = d;
            }
            self.out.trailer.push(text.to_string());
            self.out.trailer_lines.push(line);
            self.annex = true;
            return;
        }
        if self.annex || ANNEX.is_match(text) || text.starts_with("抄送") {
            // `附件：1．甲表` then `2．乙表`: the list of annexes goes on, nothing misplaced.
            let entry = |t: &str| {
                label::parse(t, false)
                    .filter(|l| matches!(l.style, Style::Arabic | Style::ParenArabic))
                    .map(|l| l.number)
            };
            let listed = match ANNEX.find(text) {
                Some(m) => entry(text[m.end()..].trim_start()),
                None => entry(text).filter(|n| self.annex_list.is_some_and(|k| *n == k + 1)),
            };
            let continues_list = listed.is_some() && !ANNEX.is_match(text);
            self.annex_list = listed;
            if self.annex && !ANNEX.is_match(text) && !text.starts_with("抄送") && !continues_list
            {
                self.warn(
                    line,
                    "text after the annex line cannot be placed in the plan; kept as trailing matter".into(),
                );
            }
            self.annex = true;
            self.out.trailer.push(text.to_string());
            self.out.trailer_lines.push(line);
            return;
        }
        if let Some(lab) = label::parse(text, false) {
            if lab.style != Style::Inline {
                self.closing = false;
                self.heading(line, text, lab);
                return;
            }
        }
        if let Some(lab) = self.digit_title(text) {
            self.heading(line, text, lab);
            return;
        }
        // Unnumbered closing words after the items close the plan, not its last item.
        if self.current().is_some() && CLOSING.is_match(text.trim()) {
            self.closing = true;
        }
        if self.closing {
            self.out.trailer.push(text.to_string());
            self.out.trailer_lines.push(line);
            return;
        }
        match self.current() {
            Some(i) => {
                let to = self.clause_owner(i, text);
                self.flat[to].paras.push((line, text.to_string()));
            }
            None => self.out.preamble.push(text.to_string()),
        }
    }

    /// The node a paragraph belongs to when it follows node `i`: `i` itself, except that a
    /// responsibility clause standing alone after a list of sub-items (`①…②…③…` then
    /// `（责任单位：…）`) covers the item that holds the list, when no sub-item of that list
    /// has a clause of its own. Items (and anything above them) keep what follows them.
    fn clause_owner(&self, i: usize, text: &str) -> usize {
        let f = &self.flat[i];
        let Some(parent) = f.parent else { return i };
        if f.rank < 3 || !clause_paragraph(text) {
            return i;
        }
        let siblings: Vec<&Flat> = self
            .flat
            .iter()
            .filter(|x| x.parent == Some(parent) && x.rank == f.rank)
            .collect();
        let any_clause = siblings
            .iter()
            .any(|x| x.paras.iter().any(|(_, p)| has_clause(p)));
        if siblings.len() >= 2 && !any_clause {
            parent
        } else {
            i
        }
    }
}

/// A paragraph that is only a responsibility clause: `（责任单位：…）`, `牵头单位：…`.
fn clause_paragraph(t: &str) -> bool {
    let t = t.trim();
    CLAUSE_END.find(t).is_some_and(|m| m.start() == 0) || CLAUSE_LINE.is_match(&format!("\n{t}"))
}

/// Whether a paragraph holds a responsibility clause anywhere (at its end or as a line).
fn has_clause(t: &str) -> bool {
    CLAUSE_END.is_match(t) || t.split('\n').any(clause_paragraph)
}

/// Find inline items (一要…二要…, 一是…二是…) at sentence starts: a chain 一, 二, 三 … with
/// the same verb. Returns byte offsets with their label.
fn inline_markers(text: &str) -> Vec<usize> {
    let mut found: Vec<(usize, u32, char)> = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let at_start = prev.is_none_or(|p| "。；;！？!?\n".contains(p));
        prev = Some(c);
        if !at_start {
            continue;
        }
        if let Some(l) = label::parse(&text[i..], true) {
            if l.style == Style::Inline {
                let verb = l
                    .text
                    .chars()
                    .rev()
                    .find(|c| *c == '要' || *c == '是')
                    .unwrap_or('要');
                found.push((i, l.number, verb));
            }
        }
    }
    let Some(first) = found.iter().position(|f| f.1 == 1) else {
        return vec![];
    };
    let mut chain = vec![found[first]];
    for f in &found[first + 1..] {
        let last = chain[chain.len() - 1];
        if f.1 == last.1 + 1 && f.2 == last.2 {
            chain.push(*f);
        }
    }
    if chain.len() < 2 {
        return vec![];
    }
    chain.into_iter().map(|c| c.0).collect()
}

/// Split a node's text into inline children where it holds a 一要…二要… chain.
/// `lines[k]` is the source line of the k-th paragraph of the node's text.
fn split_inline(node: &mut Node, lines: &[usize]) {
    let marks = inline_markers(&node.text);
    if marks.is_empty() {
        return;
    }
    let text = std::mem::take(&mut node.text);
    let mut head = text[..marks[0]].trim().to_string();
    let mut children = Vec::new();
    for (k, &m) in marks.iter().enumerate() {
        let end = marks.get(k + 1).copied().unwrap_or(text.len());
        let mut seg = text[m..end].trim().to_string();
        if k + 1 == marks.len() {
            // A responsibility clause closing the whole paragraph belongs to the parent.
            if let Some(c) = CLAUSE_LINE.find(&seg).or_else(|| CLAUSE_END.find(&seg)) {
                let clause = seg[c.start()..].trim().to_string();
                seg.truncate(c.start());
                if !head.is_empty() {
                    head.push('\n');
                }
                head.push_str(&clause);
            }
        }
        let Some(l) = label::parse(&seg, true) else {
            continue;
        };
        let (title, body) = split_title(&seg[l.text.len()..]);
        // `一是…措施；二是…`: the separator before the next item is not part of the title.
        let title = title
            .trim_end_matches(['；', ';', '，', ','])
            .trim_end()
            .to_string();
        children.push(Node {
            id: format!("{}-{}", node.id, k + 1),
            key: String::new(),
            kind: NodeKind::Inline,
            label: l.text.trim().to_string(),
            title,
            text: body,
            duties: vec![],
            deadlines: vec![],
            children: vec![],
            line: lines
                .get(text[..m].matches('\n').count())
                .copied()
                .unwrap_or(node.line),
            rows: vec![],
        });
    }
    node.text = head;
    node.children = children;
}

/// Levels in the order the plan nests them. The usual order (`一、` above `（一）` above
/// `1.` …, GB/T 9704) holds unless the plan itself shows another: a heading numbered 1
/// right after a heading of another style is that style's first child, and two levels are
/// swapped only when the plan nests them the other way and never the usual way
/// (`1.总体要求` / `（一）指导思想` … `2.主要任务` / `（一）…`).
fn order_by_nesting(styles: &mut [Style], blocks: &[Block]) {
    use std::collections::BTreeMap;
    let mut child_of: BTreeMap<(Style, Style), usize> = BTreeMap::new();
    let mut prev: Option<Style> = None;
    for b in blocks {
        let Block::Para { text, .. } = b else {
            continue;
        };
        let Some(l) = label::parse(text, false).filter(|l| l.style != Style::Inline) else {
            continue;
        };
        if let Some(p) = prev {
            if l.number == 1 && p != l.style {
                *child_of.entry((l.style, p)).or_default() += 1;
            }
        }
        prev = Some(l.style);
    }
    let votes = |child: Style, parent: Style| child_of.get(&(child, parent)).copied().unwrap_or(0);
    // A few bubble passes over at most eight levels.
    for _ in 0..styles.len() {
        let mut swapped = false;
        for i in 1..styles.len() {
            let (upper, lower) = (styles[i - 1], styles[i]);
            if votes(upper, lower) > 0 && votes(lower, upper) == 0 {
                styles.swap(i - 1, i);
                swapped = true;
            }
        }
        if !swapped {
            break;
        }
    }
}

/// Build the tree from the blocks that follow the title.
pub fn build(blocks: &[Block]) -> Out {
    let mut styles: Vec<Style> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para { text, .. } => label::parse(text, false).map(|l| l.style),
            _ => None,
        })
        .filter(|s| *s != Style::Inline)
        .collect();
    styles.sort();
    styles.dedup();
    order_by_nesting(&mut styles, blocks);
    let mut b = Builder {
        kinds: level_kinds(&styles),
        styles,
        flat: Vec::new(),
        stack: Vec::new(),
        ids: BTreeSet::new(),
        out: Out::default(),
        raw_tables: Vec::new(),
        annex: false,
        annex_list: None,
        closing: false,
    };
    for block in blocks {
        match block {
            Block::Para { line, text } => b.para(*line, text),
            Block::Table(t) => {
                let annex = b.annex || t.label.starts_with("附");
                if t.label.starts_with("附") {
                    b.annex = true;
                }
                let after = match (annex, b.current()) {
                    (false, Some(i)) => b.flat[i].node.id.clone(),
                    _ => String::new(),
                };
                b.raw_tables.push((t.clone(), after));
            }
        }
    }
    // Tables: ids from printed labels, unlabeled ones by position; duplicates made unique.
    let mut table_ids = BTreeSet::new();
    let mut tables = Vec::new();
    for (k, (raw, after)) in b.raw_tables.iter().enumerate() {
        let mut id = tables::table_id(&raw.label, k + 1);
        let mut n = 2;
        while table_ids.contains(&id) {
            id = format!("{}_{n}", tables::table_id(&raw.label, k + 1));
            n += 1;
        }
        table_ids.insert(id.clone());
        tables.push(tables::finish(raw, id, after.clone()));
    }
    // Fold the flat list into a tree (children in order), splitting inline items.
    let mut nodes: Vec<Option<Node>> = Vec::with_capacity(b.flat.len());
    let mut parents = Vec::with_capacity(b.flat.len());
    let mut para_lines = Vec::with_capacity(b.flat.len());
    for f in b.flat.drain(..) {
        let mut n = f.node;
        n.text = f
            .paras
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        para_lines.push(f.paras.iter().map(|(l, _)| *l).collect::<Vec<_>>());
        parents.push(f.parent);
        nodes.push(Some(n));
    }
    let mut has_children = vec![false; nodes.len()];
    for p in parents.iter().flatten() {
        has_children[*p] = true;
    }
    for (i, n) in nodes.iter_mut().enumerate() {
        if let Some(n) = n {
            if !has_children[i] {
                split_inline(n, &para_lines[i]);
            }
        }
    }
    for i in (0..nodes.len()).rev() {
        if let Some(p) = parents[i] {
            if let Some(child) = nodes[i].take() {
                if let Some(Some(parent)) = nodes.get_mut(p) {
                    parent.children.insert(0, child);
                }
            }
        }
    }
    b.out.nodes = nodes.into_iter().flatten().collect();
    tables::link_rows(&mut tables, &mut b.out.nodes);
    b.out.tables = tables;
    b.out.warnings.sort();
    b.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(
            split_title("统筹城乡教育资源布局。出台《规划》。"),
            ("统筹城乡教育资源布局".into(), "出台《规划》。".into())
        );
        assert_eq!(split_title("指导思想"), ("指导思想".into(), String::new()));
        assert_eq!(
            split_title("总体目标：到2025年，建成。"),
            ("总体目标".into(), "到2025年，建成。".into())
        );
        assert_eq!(
            split_title("落实《关于。的通知》要求。余"),
            ("落实《关于。的通知》要求".into(), "余".into())
        );
    }

    #[test]
    fn inline_chain() {
        let t = "前言。一要统筹资源。出台规划。二要加强建设。改善条件。";
        assert_eq!(inline_markers(t).len(), 2);
        assert!(inline_markers("一要统筹资源。没有第二项。").is_empty());
        assert_eq!(inline_markers("一是甲。\n二是乙。\n三是丙。").len(), 3);
    }

    #[test]
    fn han_numbers() {
        assert_eq!(printed(Style::ParenHan, 3), "（三）");
        assert_eq!(han(27), "二十七");
    }
}
