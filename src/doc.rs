//! The data of a plan: as written ([`Document`]) and as analysed ([`Plan`]), and the
//! county office aliases ([`Aliases`]) analysis applies. Every stage uses these types; this
//! module uses no stage.
//!
//! - [`Document`] is what a content file holds (and what the importer produces): metadata,
//!   the node tree with ids, labels, titles and text, and tables. It is edited by people.
//! - [`Plan`] is a `Document` after analysis (`crate::model::analyze`): duties, deadlines and
//!   targets are derived from the text and tables, never stored by hand, so a staff member
//!   who edits a responsibility clause changes the duties with it.
//!
//! The JSON shape printed by `planpress import --json` is [`Model`]; its field names are a
//! contract with tests and outside tools (see issue "Import the raw plan texts").

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The whole model as printed by `--json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Model {
    pub plans: Vec<Plan>,
}

/// One content file: what staff read and edit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Document {
    pub meta: Meta,
    /// The covering notice (关于印发…的通知), kept apart from the plan text.
    pub notice: Option<Notice>,
    /// Paragraphs between the title and the first numbered part (the plan's preamble).
    pub preamble: Vec<String>,
    pub nodes: Vec<Node>,
    pub tables: Vec<Table>,
    /// Trailing matter: annexes named but not included, printed-by line, etc.
    pub trailer: Vec<String>,
    /// Defects found in the source, kept as printed and reported.
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Meta {
    pub title: String,
    pub slug: String,
    /// County (or city) the plan belongs to, e.g. 泾源县.
    pub region: String,
    pub status: Status,
    /// Status as printed, e.g. 征求意见稿, 意见征求稿; empty for a final text.
    pub status_text: String,
    /// First and last year of the plan's period, e.g. [2021, 2025] for 十四五.
    pub period: Option<[i32; 2]>,
    /// The period as printed, e.g. `2024—2027年` or `十四五`.
    pub period_text: String,
    pub doc_number: String,
    pub issuers: Vec<String>,
    /// 成文日期, ISO `YYYY-MM-DD`.
    pub written: String,
    /// 印发 / 发布 date, ISO `YYYY-MM-DD`.
    pub issued: String,
    /// 主题分类 as disclosure portals use it (e.g. 教育).
    pub topic: String,
    /// Whether the notice says 此件公开发布.
    pub public: bool,
    /// The page the plan was published on (a policy database's `链接：`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source_url: String,
    /// A policy database's other fields as printed (`索引号：…`, `失效日期：…`, `文件状态：有效`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub catalog: Vec<String>,
    /// Seed file the document was imported from (relative path).
    pub source: String,
    /// Plan-wide collective duty holders, e.g. 各学校 in 民乐 (以下任务均需各学校落实).
    pub collective: Vec<String>,
    /// Which text of the plan this is: 1 for the first one imported, n + 1 for each revision
    /// (0 is read as 1). Earlier versions live in `content/versions/<slug>/<n>.md`.
    #[serde(skip_serializing_if = "is_first")]
    pub version: u32,
    /// The day this version replaced the one before (ISO `YYYY-MM-DD`); empty for a first one.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub revised: String,
    /// SHA-256 of the seed file as imported: a later import of the same bytes is no revision.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source_sha256: String,
}

fn is_first(v: &u32) -> bool {
    *v <= 1
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// 征求意见稿 / 意见征求稿 / 送审稿 and the like.
    Draft,
    #[default]
    Final,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Notice {
    /// Lines printed above the title: the issuing office's letterhead (`某县人民政府办公室文件`)
    /// or the issuer that opens the title (`某县人民政府` / `关于印发…的通知`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub header: Vec<String>,
    pub title: String,
    pub doc_number: String,
    pub recipients: String,
    pub body: Vec<String>,
    pub issuers: Vec<String>,
    /// As printed, e.g. 2023年3月17日.
    pub date: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// 一、 / 第一章
    Part,
    /// （一） / 第一节
    Section,
    /// 1. / 1． / （1） / ①
    Item,
    /// 一要…二要… written inside one paragraph.
    Inline,
    /// A level below item (（1）, ① under an item).
    Subitem,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Node {
    /// Follows the printed numbering: 二、（一）5. → `2-1-5`.
    pub id: String,
    /// The clause's identity across versions of the plan: the id it had when it first
    /// appeared. Empty: its id (a first version, or a clause whose number never changed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    pub kind: NodeKind,
    /// The label as printed: `二、`, `（一）`, `5.`, `一要`; empty where the source omitted it.
    pub label: String,
    /// The first sentence, without its closing punctuation.
    pub title: String,
    /// Body text after the title, paragraphs separated by `\n`.
    pub text: String,
    /// Derived by analysis (empty in a bare [`Document`]).
    #[serde(default)]
    pub duties: Vec<Duty>,
    #[serde(default)]
    pub deadlines: Vec<Deadline>,
    #[serde(default)]
    pub children: Vec<Node>,
    /// Line in the file it was read from (content file after load, seed after import).
    #[serde(default)]
    pub line: usize,
    /// Ids of table rows that restate this node (石泉 附件2 row k ↔ action k).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 牵头单位
    Lead,
    /// 责任单位
    Responsible,
    /// 配合单位 / 协同单位
    Cooperating,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Duty {
    /// Canonical office name after the county's aliases.
    pub unit: String,
    pub role: Role,
    /// The name as printed where it differs from `unit`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub printed: String,
    /// Where it was stated: `clause`, `table`, `plan` (plan-wide note).
    #[serde(default)]
    pub source: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum DeadlineKind {
    /// 到2027年, 2025年底前, 2025年8月前
    By,
    /// 2024年投入使用, 力争2024年度
    In,
    /// 从2024年起, 2021至2025年 (a span starting in `year`)
    From,
    /// 每年, 每学期
    Recurring,
    /// 长期坚持, 持续推进
    Ongoing,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Deadline {
    pub year: Option<i32>,
    pub month: Option<u32>,
    /// Last year of a span (2021至2025年).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_year: Option<i32>,
    /// Last month of a span of months (2024年6月—2025年6月, 2024年4月—5月).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_month: Option<u32>,
    pub kind: DeadlineKind,
    /// The phrase as printed.
    pub text: String,
    /// What it governs: the clause of its sentence with the time phrase taken out
    /// (`到2027年，创建…示范校10所` → `创建…示范校10所`); empty where that says nothing more
    /// than the date (`2027年底前完成`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phrase: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Table {
    /// `table-1`, `annex2`, …
    pub id: String,
    /// Printed label of the annex or table, e.g. 附件2, 表1.
    pub label: String,
    pub caption: String,
    /// Node id the table follows in the text; empty = after the plan text (an annex).
    pub after: String,
    /// Header rows; a cell's lines are joined with `\n`.
    pub header: Vec<Vec<String>>,
    pub rows: Vec<Vec<String>>,
    /// Id of each body row (`annex2-7`), same length as `rows`.
    pub row_ids: Vec<String>,
    /// Node each body row restates (empty string = none), same length as `rows`.
    pub row_links: Vec<String>,
    /// Lines printed around the table (单位：万元, notes).
    pub notes: Vec<String>,
    /// Source line of the caption.
    pub line: usize,
    /// Merged cells, as printed. With spans, a row lists only the cells that start in it
    /// (as in HTML): a cell spanning rows leaves the rows below one cell shorter. Without
    /// any, rows are read as they are (a short row's cells fill it from the left).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<Span>,
    /// Where the table and its rows sit in the content file it was read from (warnings name
    /// those lines); unset for a table not read from one.
    #[serde(skip)]
    pub at: TableLines,
}

impl Table {
    /// A warning about body row `k` (or the table, for `None`): at the row's line in the
    /// content file it was read from, starting with the row's (or table's) id as warnings
    /// about nodes start with the node's; else at the caption's line in the seed.
    pub fn warning(&self, k: Option<usize>, message: String) -> Warning {
        let line = match k {
            Some(k) => self.at.row(k),
            None => (self.at.table > 0).then_some(self.at.table),
        };
        match line {
            Some(line) => {
                let id = k.and_then(|k| self.row_ids.get(k)).unwrap_or(&self.id);
                Warning {
                    line,
                    message: format!("{id} {message}"),
                }
            }
            None => Warning {
                line: self.line,
                message,
            },
        }
    }
}

/// Lines of a table's entry and of each of its rows in a content file's front matter.
#[derive(Debug, Clone, Default)]
pub struct TableLines {
    pub table: usize,
    pub rows: Vec<usize>,
}

impl TableLines {
    /// The line of body row `k`, else of the table; `None` when not read from a file.
    pub fn row(&self, k: usize) -> Option<usize> {
        self.rows
            .get(k)
            .copied()
            .or((self.table > 0).then_some(self.table))
    }
}

/// Where a table sits in its file is not part of the table: two tables equal in content are
/// equal wherever they were read.
impl PartialEq for TableLines {
    fn eq(&self, _: &TableLines) -> bool {
        true
    }
}

/// A cell of a [`Table`] covering more than one row or column.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// In the header rows (else the body rows).
    #[serde(default, skip_serializing_if = "is_false")]
    pub header: bool,
    /// Row index (within header or body) and the cell's index in that row's list.
    pub row: usize,
    pub cell: usize,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub rowspan: usize,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub colspan: usize,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Warning {
    /// Import warnings: a line of the seed file (`meta.source`). Analysis warnings about a
    /// node, table or row: its line in the file the plan was read from (`Plan::file`); their
    /// message starts with its id ([`Table::warning`]).
    pub line: usize,
    pub message: String,
}

/// A defect of the source shown to readers where it occurs, kept as printed (「原文如此」):
/// a year outside the plan period, a heading without its number, a damaged character.
/// Recomputed from the content at every build, like the warnings that report it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Defect {
    /// The node or table row it occurs on.
    pub at: String,
    /// What the source prints there (`2029年`, `全面实施教育保障`).
    pub printed: String,
    /// One line for readers: what is odd about it.
    pub note: String,
    /// A year the defect alone puts on the timeline (井研's 2029).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

/// A numeric target: 学前三年毛入园率达到99.95%以上 by 2027, or a row of an indicator table.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Target {
    pub indicator: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub category: String,
    /// Baseline value as printed and its year, where a table gives one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub baseline: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_year: Option<i32>,
    pub value: String,
    pub year: Option<i32>,
    /// 预期性 / 约束性 where printed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub nature: String,
    /// Node id or table row id it was stated in.
    pub source: String,
}

/// A document after analysis: what build stages after `model` consume.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Plan {
    pub slug: String,
    pub title: String,
    pub region: String,
    pub status: Status,
    pub period: Option<[i32; 2]>,
    pub doc_number: String,
    /// 印发 date (ISO) or, failing that, the notice's date.
    pub issued: String,
    pub meta: Meta,
    pub notice: Option<Notice>,
    pub preamble: Vec<String>,
    pub nodes: Vec<Node>,
    pub tables: Vec<Table>,
    pub trailer: Vec<String>,
    pub targets: Vec<Target>,
    pub warnings: Vec<Warning>,
    /// Content file the plan was loaded from.
    #[serde(default)]
    pub file: String,
    /// Deadlines of table rows that restate no node (石泉 附件1's yearly rows, 井研's
    /// supervision plan), by row id. Rows linked to a node give their deadlines to it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub row_deadlines: BTreeMap<String, Vec<Deadline>>,
    /// Offices of table rows that restate no node, by row id (a plan whose only structure
    /// is a task table, a 任务清单 part). Rows linked to a node give their offices to it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub row_duties: BTreeMap<String, Vec<Duty>>,
    /// Defects of the source, shown on the clause or row they occur on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub defects: Vec<Defect>,
}

impl Node {
    /// A node with no text, children, duties or deadlines yet.
    pub fn new(id: String, kind: NodeKind, label: String, title: String, line: usize) -> Node {
        Node {
            id,
            key: String::new(),
            kind,
            label,
            title,
            text: String::new(),
            duties: vec![],
            deadlines: vec![],
            children: vec![],
            line,
            rows: vec![],
        }
    }

    /// The clause's identity across versions ([`Node::key`], else its id).
    pub fn key(&self) -> &str {
        if self.key.is_empty() {
            &self.id
        } else {
            &self.key
        }
    }

    /// Depth-first walk over this node and its descendants.
    pub fn walk<'a>(&'a self, out: &mut Vec<&'a Node>) {
        out.push(self);
        for c in &self.children {
            c.walk(out);
        }
    }
}

/// Every node of a tree, depth first, in reading order.
fn all_nodes(roots: &[Node]) -> Vec<&Node> {
    let mut out = Vec::new();
    for n in roots {
        n.walk(&mut out);
    }
    out
}

impl Document {
    /// Every node, depth first, in reading order.
    pub fn all_nodes(&self) -> Vec<&Node> {
        all_nodes(&self.nodes)
    }
}

impl Plan {
    /// The status as a reader is told it: the printed marker of a draft (征求意见稿, 修订稿),
    /// 征求意见稿 for a draft that prints none, 正式文本 for a final text.
    pub fn status_name(&self) -> String {
        match self.status {
            Status::Draft if !self.meta.status_text.is_empty() => self.meta.status_text.clone(),
            Status::Draft => "征求意见稿".into(),
            Status::Final => "正式文本".into(),
        }
    }

    /// Every node, depth first, in reading order.
    pub fn all_nodes(&self) -> Vec<&Node> {
        all_nodes(&self.nodes)
    }

    /// Nodes that are actions: items and inline items, sections that have duties
    /// but no item children (民乐's sections are its actions), and sub-items that carry
    /// duties of their own (`⑴…（牵头单位：…）` under an item).
    pub fn actions(&self) -> Vec<&Node> {
        self.all_nodes()
            .into_iter()
            .filter(|n| {
                matches!(n.kind, NodeKind::Item | NodeKind::Inline)
                    || (n.kind == NodeKind::Section
                        && !n.duties.is_empty()
                        && n.children.is_empty())
                    || (n.kind == NodeKind::Subitem && !n.duties.is_empty())
            })
            .collect()
    }

    /// The node with this id, anywhere in the tree.
    pub fn find(&self, id: &str) -> Option<&Node> {
        self.all_nodes().into_iter().find(|n| n.id == id)
    }

    /// Nodes that carry at least one duty.
    pub fn defects_at<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Defect> + 'a {
        self.defects.iter().filter(move |d| d.at == id)
    }

    pub fn nodes_with_duties(&self) -> Vec<&Node> {
        self.all_nodes()
            .into_iter()
            .filter(|n| !n.duties.is_empty())
            .collect()
    }

    /// Distinct offices (canonical names) holding a duty in this plan.
    pub fn offices(&self) -> BTreeSet<&str> {
        self.all_nodes()
            .into_iter()
            .flat_map(|n| n.duties.iter().map(|d| d.unit.as_str()))
            .collect()
    }

    /// Nodes on which `unit` holds a duty (in any role), in reading order.
    pub fn nodes_of(&self, unit: &str) -> Vec<&Node> {
        self.all_nodes()
            .into_iter()
            .filter(|n| n.duties.iter().any(|d| d.unit == unit))
            .collect()
    }

    pub fn duty_count(&self) -> usize {
        self.all_nodes().iter().map(|n| n.duties.len()).sum()
    }

    /// Deadlines on nodes plus deadlines of unlinked table rows.
    pub fn deadline_count(&self) -> usize {
        self.all_nodes()
            .iter()
            .map(|n| n.deadlines.len())
            .sum::<usize>()
            + self.row_deadlines.values().map(Vec::len).sum::<usize>()
    }
}

/// Office names per county and their aliases (`content/units.yaml`):
///
/// ```yaml
/// 泾源县:
///   县委统战部: [统战部]
///   县委政法委: [政法委]
/// ```
/// Each county's offices are its own: 教体局 in one county is never merged with 教体局 in
/// another. Staff correct this file; the importer proposes entries for names it finds
/// (`crate::model::units::propose`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Aliases {
    /// county → canonical office name → names that mean it
    pub counties: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

impl Aliases {
    pub fn read(path: &Path) -> Result<Aliases> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("failed to read {}", path.display()))?;
        serde_yaml::from_str(&text).map_err(|e| {
            let line = e.location().map(|l| l.line()).unwrap_or(1);
            anyhow::anyhow!("{}:{line}: {e}", path.display())
        })
    }

    /// The canonical name of `name` in `county` (the name itself when no alias applies).
    pub fn resolve<'a>(&'a self, county: &str, name: &'a str) -> &'a str {
        if let Some(offices) = self.counties.get(county) {
            for (canon, aliases) in offices {
                if aliases.iter().any(|a| a == name) {
                    return canon;
                }
            }
        }
        name
    }
}

impl Aliases {
    /// This file's entries, with `proposed` filling the gaps: a name the file mentions in
    /// a county (as an office or an alias) keeps the file's word, so staff can overrule a
    /// proposal by listing the name as an office of its own (`统战部: []`).
    pub fn with_proposals(&self, proposed: &Aliases) -> Aliases {
        let mut out = self.clone();
        for (county, offices) in &proposed.counties {
            let known: BTreeSet<String> = self
                .counties
                .get(county)
                .map(|o| {
                    o.iter()
                        .flat_map(|(c, a)| std::iter::once(c.clone()).chain(a.iter().cloned()))
                        .collect()
                })
                .unwrap_or_default();
            for (canon, aliases) in offices {
                for a in aliases {
                    if known.contains(a) {
                        continue;
                    }
                    let list = out
                        .counties
                        .entry(county.clone())
                        .or_default()
                        .entry(canon.clone())
                        .or_default();
                    if !list.contains(a) {
                        list.push(a.clone());
                    }
                }
            }
        }
        out
    }

    /// Number of alias entries (names that resolve to another name).
    pub fn len(&self) -> usize {
        self.counties
            .values()
            .flat_map(|o| o.values())
            .map(Vec::len)
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_overrules_proposals() {
        let mut file = Aliases::default();
        file.counties
            .entry("泾源县".into())
            .or_default()
            .insert("统战部".into(), vec![]);
        let mut prop = Aliases::default();
        let j = prop.counties.entry("泾源县".into()).or_default();
        j.insert("县委统战部".into(), vec!["统战部".into()]);
        j.insert("县委政法委".into(), vec!["政法委".into()]);
        let m = file.with_proposals(&prop);
        assert_eq!(m.resolve("泾源县", "统战部"), "统战部");
        assert_eq!(m.resolve("泾源县", "政法委"), "县委政法委");
        assert_eq!(m.len(), 1);
    }
}
