//! Revisions: what each new version of a plan changed, clause by clause, and what every
//! clause number an earlier version published means now. Clauses are followed by their key
//! (`Node::key`, carried by import), never by their number, so a renumbered clause is the
//! same clause and a number taken over by another clause is told apart.

use super::cite::flatten;
use crate::doc::{Node, Plan};
use std::collections::{BTreeMap, BTreeSet};

/// One version of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub n: u32,
    pub title: String,
    /// The day it replaced the version before (empty for the first).
    pub revised: String,
}

/// A clause as one version printed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub key: String,
    pub id: String,
    pub citation: String,
    pub title: String,
    pub text: String,
    pub offices: Vec<String>,
    pub deadlines: Vec<String>,
}

/// What a new version changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Revision {
    pub from: u32,
    pub to: u32,
    pub date: String,
    /// (old, new) when the title changed.
    pub title: Option<(String, String)>,
    /// (old, new) when the status changed (正式文本 → 修订稿).
    pub status: Option<(String, String)>,
    /// Clauses of the new version only.
    pub added: Vec<Clause>,
    /// Clauses of the old version only (as the old version printed them).
    pub removed: Vec<Clause>,
    /// (old, new): the same clause under another number.
    pub renumbered: Vec<(Clause, Clause)>,
    /// (old, new): the same clause in other words.
    pub reworded: Vec<(Clause, Clause)>,
    /// (old, new): the same clause with other offices named.
    pub offices: Vec<(Clause, Clause)>,
    /// (old, new): the same clause with other deadlines.
    pub deadlines: Vec<(Clause, Clause)>,
}

/// What became of a clause an earlier version published under a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Fate {
    /// It is now the current clause `to`.
    Moved { to: Clause },
    /// It was removed; `version` is the last version that had it.
    Removed { version: u32 },
}

/// A clause an earlier version published under a number that, in the current version, is
/// not that clause (the number is gone, or names another clause now).
#[derive(Debug, Clone, PartialEq)]
pub struct Former {
    /// As the last version that printed it under this number printed it.
    pub clause: Clause,
    /// The last version that printed it under this number.
    pub version: u32,
    /// The day of the revision that moved or removed it.
    pub date: String,
    pub fate: Fate,
}

/// A plan's versions and what changed between them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub slug: String,
    /// Oldest first; the last is the current one.
    pub versions: Vec<Version>,
    /// Oldest first: version 1 → 2, 2 → 3, …
    pub revisions: Vec<Revision>,
    /// Number (node id) → what it named in earlier versions and where that is now; only
    /// numbers that do not name the same clause now.
    pub former: BTreeMap<String, Vec<Former>>,
}

impl History {
    /// The day the current version replaced the one before, if it did.
    pub fn last_revised(&self) -> Option<&str> {
        self.versions
            .last()
            .map(|v| v.revised.as_str())
            .filter(|d| !d.is_empty())
    }
}

fn clauses(p: &Plan) -> Vec<Clause> {
    fn offices(n: &Node) -> Vec<String> {
        let mut seen = BTreeSet::new();
        n.duties
            .iter()
            .filter(|d| seen.insert(d.unit.as_str()))
            .map(|d| d.unit.clone())
            .collect()
    }
    flatten(p)
        .into_iter()
        .map(|f| Clause {
            key: f.node.key().to_string(),
            id: f.node.id.clone(),
            citation: f.cite.clone(),
            title: f.node.title.clone(),
            text: f.node.text.clone(),
            offices: offices(f.node),
            deadlines: f.node.deadlines.iter().map(|d| d.text.clone()).collect(),
        })
        .collect()
}

fn revision(old: &Plan, new: &Plan) -> Revision {
    let a = clauses(old);
    let b = clauses(new);
    let by_key: BTreeMap<&str, &Clause> = a.iter().map(|c| (c.key.as_str(), c)).collect();
    let new_keys: BTreeSet<&str> = b.iter().map(|c| c.key.as_str()).collect();
    let mut r = Revision {
        from: old.meta.version.max(1),
        to: new.meta.version.max(1),
        date: new.meta.revised.clone(),
        title: (old.title != new.title).then(|| (old.title.clone(), new.title.clone())),
        status: (old.status_name() != new.status_name())
            .then(|| (old.status_name(), new.status_name())),
        ..Revision::default()
    };
    for c in &b {
        let Some(o) = by_key.get(c.key.as_str()) else {
            r.added.push(c.clone());
            continue;
        };
        let pair = || ((*o).clone(), c.clone());
        if o.id != c.id {
            r.renumbered.push(pair());
        }
        if o.title != c.title || o.text != c.text {
            r.reworded.push(pair());
        }
        if o.offices != c.offices {
            r.offices.push(pair());
        }
        if o.deadlines != c.deadlines {
            r.deadlines.push(pair());
        }
    }
    r.removed = a
        .iter()
        .filter(|c| !new_keys.contains(c.key.as_str()))
        .cloned()
        .collect();
    r
}

/// The history of one plan: `current` and its earlier versions (any order).
pub fn history(current: &Plan, earlier: &[&Plan]) -> History {
    let mut all: Vec<&Plan> = earlier.to_vec();
    all.sort_by_key(|p| p.meta.version.max(1));
    all.push(current);
    let mut h = History {
        slug: current.slug.clone(),
        versions: all
            .iter()
            .map(|p| Version {
                n: p.meta.version.max(1),
                title: p.title.clone(),
                revised: p.meta.revised.clone(),
            })
            .collect(),
        revisions: all.windows(2).map(|w| revision(w[0], w[1])).collect(),
        former: BTreeMap::new(),
    };
    let per_version: Vec<Vec<Clause>> = all.iter().map(|p| clauses(p)).collect();
    let Some((now, before)) = per_version.split_last() else {
        return h;
    };
    let now_by_key: BTreeMap<&str, &Clause> = now.iter().map(|c| (c.key.as_str(), c)).collect();
    let now_by_id: BTreeMap<&str, &Clause> = now.iter().map(|c| (c.id.as_str(), c)).collect();
    // Newest first, so each (number, clause) is described as it was last printed.
    for (vi, cs) in before.iter().enumerate().rev() {
        for c in cs {
            if now_by_id.get(c.id.as_str()).is_some_and(|n| n.key == c.key) {
                continue;
            }
            let list = h.former.entry(c.id.clone()).or_default();
            if list.iter().any(|f| f.clause.key == c.key) {
                continue;
            }
            // The revision after which this number stopped naming this clause.
            let until = (vi + 1..per_version.len())
                .find(|&w| {
                    !per_version[w]
                        .iter()
                        .any(|x| x.key == c.key && x.id == c.id)
                })
                .unwrap_or(per_version.len() - 1);
            let fate = match now_by_key.get(c.key.as_str()) {
                Some(n) => Fate::Moved { to: (*n).clone() },
                None => Fate::Removed {
                    version: (0..per_version.len())
                        .rev()
                        .find(|&w| per_version[w].iter().any(|x| x.key == c.key))
                        .map(|w| h.versions[w].n)
                        .unwrap_or(h.versions[vi].n),
                },
            };
            list.push(Former {
                clause: c.clone(),
                version: h.versions[until - 1].n,
                date: h.versions[until].revised.clone(),
                fate,
            });
        }
    }
    h
}

/// The histories of every revised plan, by slug. `versions`: the earlier versions of all
/// plans (load's `content/versions/`), analysed like the current ones.
pub fn histories(plans: &[Plan], versions: &[Plan]) -> BTreeMap<String, History> {
    let mut by_slug: BTreeMap<&str, Vec<&Plan>> = BTreeMap::new();
    for v in versions {
        by_slug.entry(&v.slug).or_default().push(v);
    }
    plans
        .iter()
        .filter_map(|p| {
            let earlier = by_slug.get(p.slug.as_str())?;
            Some((p.slug.clone(), history(p, earlier)))
        })
        .collect()
}
