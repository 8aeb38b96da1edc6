//! A new text of a plan already published: which clause of the new text is which clause of
//! the old one, so links to a clause follow it when it is renumbered.
//!
//! Clauses are aligned in reading order: first the ones whose text is unchanged (a diff of
//! the two sequences of clause texts, so order is respected and a repeated text cannot pair
//! across the plan), then, between two such anchors, the reworded ones by similarity. A
//! matched clause keeps its key (the id it first had); a new clause gets its own id as key,
//! or, where an earlier clause already holds that key, the id with the version (`2-1-3_v2`).

use crate::doc::{Document, Node};
use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How alike two reworded clauses must be (similar's character ratio) to count as one.
const MIN_SIMILARITY: f32 = 0.6;

/// What a new version changed, in clauses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub added: usize,
    pub removed: usize,
    /// Same clause, another number.
    pub renumbered: usize,
    /// Same clause, other words.
    pub reworded: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} added, {} removed, {} renumbered, {} reworded",
            self.added, self.removed, self.renumbered, self.reworded
        )
    }
}

/// The text a clause is recognised by: title and body without spaces.
fn signature(n: &Node) -> String {
    n.title
        .chars()
        .chain(n.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn similarity(a: &str, b: &str) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    similar::TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_chars(a, b)
        .ratio()
}

/// For each clause of `new` (reading order), the index of the clause of `old` it continues.
pub fn align(old: &[&Node], new: &[&Node]) -> Vec<Option<usize>> {
    let a: Vec<String> = old.iter().map(|n| signature(n)).collect();
    let b: Vec<String> = new.iter().map(|n| signature(n)).collect();
    let mut out: Vec<Option<usize>> = vec![None; new.len()];
    // Gaps between runs of unchanged clauses: (old range, new range). Ops come in order, so
    // the changes between two runs are contiguous on both sides.
    let mut gaps: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut gap: Option<(Range<usize>, Range<usize>)> = None;
    for op in capture_diff_slices(Algorithm::Patience, &a, &b) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            gaps.extend(gap.take());
            for k in 0..len {
                out[new_index + k] = Some(old_index + k);
            }
        } else {
            let (o, n) = (op.old_range(), op.new_range());
            gap = Some(match gap {
                None => (o, n),
                Some((go, gn)) => (go.start..o.end, gn.start..n.end),
            });
        }
    }
    gaps.extend(gap);
    for (olds, news) in gaps {
        // In order: a new clause pairs with the most alike old clause after the last paired.
        let mut from = olds.start;
        for j in news {
            let best = (from..olds.end)
                .filter(|&i| old[i].kind == new[j].kind)
                .map(|i| (i, similarity(&a[i], &b[j])))
                .filter(|&(_, s)| s >= MIN_SIMILARITY)
                .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
            if let Some((i, _)) = best {
                out[j] = Some(i);
                from = i + 1;
            }
        }
    }
    out
}

/// Give each clause of `new` (version `version`) its key from the `old` version it revises,
/// and say what changed. `taken`: every key an earlier version used, so a new clause never
/// takes the identity of one that was removed or moved.
pub fn carry_keys(
    old: &Document,
    new: &mut Document,
    version: u32,
    taken: &BTreeSet<String>,
) -> Summary {
    let old_nodes = old.all_nodes();
    let new_nodes = new.all_nodes();
    let pairs = align(&old_nodes, &new_nodes);
    let mut summary = Summary::default();
    let mut keys: Vec<String> = Vec::with_capacity(new_nodes.len());
    let mut used: BTreeSet<String> = taken.clone();
    used.extend(old_nodes.iter().map(|n| n.key().to_string()));
    for (j, m) in pairs.iter().enumerate() {
        let n = new_nodes[j];
        match m {
            Some(i) => {
                let o = old_nodes[*i];
                if o.id != n.id {
                    summary.renumbered += 1;
                }
                if signature(o) != signature(n) {
                    summary.reworded += 1;
                }
                keys.push(o.key().to_string());
            }
            None => {
                summary.added += 1;
                let mut key = n.id.clone();
                let mut k = 0;
                while used.contains(&key) {
                    k += 1;
                    key = if k == 1 {
                        format!("{}_v{version}", n.id)
                    } else {
                        format!("{}_v{version}_{k}", n.id)
                    };
                }
                used.insert(key.clone());
                keys.push(key);
            }
        }
    }
    let matched: BTreeSet<usize> = pairs.iter().flatten().copied().collect();
    summary.removed = old_nodes.len() - matched.len();
    let mut it = keys.into_iter();
    fn set(nodes: &mut [Node], it: &mut impl Iterator<Item = String>) {
        for n in nodes {
            let k = it.next().unwrap_or_default();
            n.key = if k == n.id { String::new() } else { k };
            set(&mut n.children, it);
        }
    }
    set(&mut new.nodes, &mut it);
    summary
}

/// SHA-256 of a seed's bytes, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A plan already in `content/plans/`: its file as it is now.
#[derive(Debug, Clone)]
pub struct Existing {
    pub path: PathBuf,
    pub text: String,
    pub doc: Document,
}

/// The existing plan `doc` is a new text of, if any: the same source file (by canonical
/// path), else the same 文号, else the same region and title (version markers such as
/// （修订稿） are already set aside from the title by import).
pub fn target<'a>(doc: &Document, existing: &'a [Existing]) -> Option<&'a Existing> {
    let canon = |s: &str| {
        let p = Path::new(s);
        p.canonicalize()
            .unwrap_or_else(|_| p.components().collect::<PathBuf>())
    };
    let source = canon(&doc.meta.source);
    existing
        .iter()
        .find(|e| !e.doc.meta.source.is_empty() && canon(&e.doc.meta.source) == source)
        .or_else(|| {
            let number = doc.meta.doc_number.trim();
            (!number.is_empty())
                .then(|| {
                    existing
                        .iter()
                        .find(|e| e.doc.meta.doc_number.trim() == number)
                })
                .flatten()
        })
        .or_else(|| {
            existing.iter().find(|e| {
                !doc.meta.title.is_empty()
                    && e.doc.meta.title == doc.meta.title
                    && e.doc.meta.region == doc.meta.region
            })
        })
}

/// What importing a new text of an existing plan did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The same text as the current version (same seed bytes, or the same content): nothing
    /// written, hand edits kept.
    Unchanged,
    /// Written as version `version`; the one before kept at `kept`.
    Revised {
        version: u32,
        summary: Summary,
        kept: PathBuf,
        /// Lines of the kept file that differ from what its own seed imports to: hand edits,
        /// which stay in the kept version and are not carried into the new one.
        hand_edits: Option<String>,
    },
}

/// A document as written to a content file, without the fields that say where it came from
/// and which version it is: what "the same text" compares.
fn text_of(d: &Document) -> Result<String> {
    let mut d = d.clone();
    d.meta.source_sha256.clear();
    d.meta.source.clear();
    d.meta.version = 0;
    d.meta.revised.clear();
    d.warnings.clear();
    fn clear_keys(ns: &mut [Node]) {
        for n in ns {
            n.key.clear();
            clear_keys(&mut n.children);
        }
    }
    clear_keys(&mut d.nodes);
    crate::content::write(&d)
}

/// Every clause key an earlier version of `slug` used (`content/versions/<slug>/*.md`).
fn earlier_keys(versions: &Path) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    let Ok(rd) = std::fs::read_dir(versions) else {
        return Ok(out);
    };
    let mut files: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    files.sort();
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|x| x == "md"))
    {
        let text = crate::limits::read_text(f)?;
        let d = crate::content::parse(&f.display().to_string(), &text)?;
        out.extend(d.all_nodes().iter().map(|n| n.key().to_string()));
    }
    Ok(out)
}

/// Where the kept file differs from what its own seed (still on disk, same bytes) imports
/// to: `lines 12, 40–41`. `None` when it does not, or when that cannot be told.
fn hand_edits(e: &Existing) -> Option<String> {
    let m = &e.doc.meta;
    if m.source_sha256.is_empty() {
        return None;
    }
    let bytes = std::fs::read(&m.source).ok()?;
    if sha256_hex(&bytes) != m.source_sha256 {
        return None;
    }
    let fresh = super::import_text(&m.source, &bytes).ok()?;
    let (a, b) = (text_of(&fresh).ok()?, text_of(&e.doc).ok()?);
    if a == b {
        return None;
    }
    let diff = similar::TextDiff::from_lines(&a, &b);
    let mut lines: Vec<usize> = Vec::new();
    for op in diff.ops() {
        if !matches!(op, DiffOp::Equal { .. }) {
            let r = op.new_range();
            lines.extend(if r.is_empty() {
                r.start..r.start + 1
            } else {
                r
            });
        }
    }
    lines.dedup();
    let shown: Vec<String> = lines.iter().take(8).map(|l| (l + 1).to_string()).collect();
    Some(format!(
        "line{} {}{}",
        if lines.len() == 1 { "" } else { "s" },
        shown.join(", "),
        if lines.len() > 8 { ", …" } else { "" }
    ))
}

/// Import `doc` as the next version of the existing plan `e` (under `content`): unchanged
/// text writes nothing; otherwise the current file is kept, byte for byte, as
/// `content/versions/<slug>/<n>.md`, and `doc` (with the plan's slug, each clause's key
/// carried, `revised: date`) becomes `content/plans/<slug>.md`. A kept version is never
/// overwritten with other bytes.
pub fn revise(content: &Path, e: &Existing, doc: &mut Document, date: &str) -> Result<Outcome> {
    let slug = e.doc.meta.slug.clone();
    doc.meta.slug = slug.clone();
    let same_seed =
        !doc.meta.source_sha256.is_empty() && doc.meta.source_sha256 == e.doc.meta.source_sha256;
    if same_seed || text_of(doc)? == text_of(&e.doc)? {
        return Ok(Outcome::Unchanged);
    }
    let n = e.doc.meta.version.max(1);
    let versions = content.join(crate::content::VERSIONS_DIR).join(&slug);
    let kept = versions.join(format!("{n}.md"));
    match std::fs::read_to_string(&kept) {
        Ok(t) if t == e.text => {}
        Ok(_) => bail!(
            "{}: already holds another text of version {n}; refusing to overwrite it (move it aside if it is stale)",
            kept.display()
        ),
        Err(_) => super::write_atomic(&kept, &e.text)
            .with_context(|| format!("keeping version {n} of `{slug}`"))?,
    }
    let taken = earlier_keys(&versions)?;
    let summary = carry_keys(&e.doc, doc, n + 1, &taken);
    doc.meta.version = n + 1;
    doc.meta.revised = date.to_string();
    let edits = hand_edits(e);
    super::write_atomic(&e.path, &crate::content::write(doc)?)?;
    Ok(Outcome::Revised {
        version: n + 1,
        summary,
        kept,
        hand_edits: edits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::NodeKind;

    fn item(id: &str, title: &str, text: &str) -> Node {
        let mut n = Node::new(id.into(), NodeKind::Item, String::new(), title.into(), 0);
        n.text = text.into();
        n
    }

    fn doc(items: Vec<Node>) -> Document {
        let mut part = Node::new(
            "2".into(),
            NodeKind::Part,
            "二、".into(),
            "主要任务".into(),
            0,
        );
        part.children = items;
        Document {
            nodes: vec![part],
            ..Document::default()
        }
    }

    #[test]
    fn insert_delete_and_reword_keep_identities() {
        let old = doc(vec![
            item("2-1", "加强心理健康教育", "配齐心理健康教师。"),
            item("2-2", "化解大班额", "到2025年全面消除大班额。"),
            item("2-3", "推进县管校聘", "深化管理改革。"),
            item("2-4", "关注学生健康", "加强体质健康监测。"),
        ]);
        // 2-2 removed, a new clause inserted first, 2-4 reworded: everything renumbers.
        let mut new = doc(vec![
            item("2-1", "建设智慧校园", "推进5G校园。"),
            item("2-2", "加强心理健康教育", "配齐心理健康教师。"),
            item("2-3", "推进县管校聘", "深化管理改革。"),
            item("2-4", "关注学生健康", "加强体质健康监测和视力筛查。"),
        ]);
        let s = carry_keys(&old, &mut new, 2, &BTreeSet::new());
        assert_eq!(
            s,
            Summary {
                added: 1,
                removed: 1,
                renumbered: 1,
                reworded: 1
            }
        );
        let keys: Vec<&str> = new.nodes[0].children.iter().map(|n| n.key()).collect();
        assert_eq!(keys, ["2-1_v2", "2-1", "2-3", "2-4"]);
    }

    #[test]
    fn an_unrelated_clause_is_no_revision_of_another() {
        let old = doc(vec![item("2-1", "化解大班额", "到2025年全面消除大班额。")]);
        let mut new = doc(vec![item("2-1", "建设智慧校园", "推进5G校园和AED配置。")]);
        let s = carry_keys(&old, &mut new, 2, &BTreeSet::new());
        assert_eq!((s.added, s.removed), (1, 1));
        assert_eq!(new.nodes[0].children[0].key(), "2-1_v2");
    }

    #[test]
    fn unchanged_text_changes_nothing() {
        let old = doc(vec![item("2-1", "a", "b"), item("2-2", "c", "d")]);
        let mut new = old.clone();
        let s = carry_keys(&old, &mut new, 2, &BTreeSet::new());
        assert_eq!(s, Summary::default());
        assert_eq!(new, old);
    }
}
