//! A new text of a plan already published: which clause of the new text is which clause of
//! the old one, so links to a clause follow it when it is renumbered.
//!
//! Clauses are aligned in reading order: first the ones whose text is unchanged (a diff of
//! the two sequences of clause texts, so order is respected and a repeated text cannot pair
//! across the plan), then, between two such anchors, the reworded ones by similarity. A
//! matched clause keeps its key (the id it first had); a new clause gets its own id as key,
//! or, where an earlier clause already holds that key, the id with the version (`2-1-3_v2`).

use crate::doc::{Document, Node};
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::collections::BTreeSet;
use std::ops::Range;

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
