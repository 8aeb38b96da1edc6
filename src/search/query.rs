//! Query evaluation over the index files, the same algorithm `search.js` runs in the
//! browser. Kept here so ranking is tested in Rust against the files `build` writes.
//!
//! A query is split at spaces into terms. A document is a result when, for every term, it
//! holds all the term's bigrams (a one-character term: that character). It is an exact
//! result when every term occurs as a contiguous string, which the bigram positions tell.
//! Exact results come first, most occurrences first; then the scattered ones; ties in
//! reading order.

use super::index::{key_hash, term_keys};
use super::normalize::{fold, is_space};
use anyhow::{anyhow, Context, Result};
use serde::Deserialize;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub doc: usize,
    pub exact: bool,
    /// Occurrences of the terms as exact strings (0 for a scattered match).
    pub count: usize,
}

#[derive(Deserialize)]
struct Meta {
    dir: String,
    shards: u32,
}

/// Normalised query terms.
pub fn terms(q: &str) -> Vec<Vec<char>> {
    let norm: Vec<char> = q.chars().map(fold).collect();
    let mut out: Vec<Vec<char>> = Vec::new();
    for t in norm.split(|c| is_space(*c)).filter(|t| !t.is_empty()) {
        if !out.iter().any(|o| o == t) {
            out.push(t.to_vec());
        }
    }
    out
}

/// Run `q` against the index `files` (paths as written by [`super::index::build`]).
pub fn search(files: &BTreeMap<String, String>, q: &str) -> Result<Vec<Hit>> {
    let meta: Meta = serde_json::from_str(
        files
            .get("search/meta.json")
            .ok_or_else(|| anyhow!("search/meta.json missing"))?,
    )
    .context("search/meta.json")?;
    let mut shards: BTreeMap<u32, BTreeMap<String, Vec<Vec<usize>>>> = BTreeMap::new();
    let mut postings = |key: &str| -> Result<Vec<Vec<usize>>> {
        let n = key_hash(key) % meta.shards;
        let shard = match shards.entry(n) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let path = format!("search/{}/idx/{n}.json", meta.dir);
                let text = files.get(&path).ok_or_else(|| anyhow!("{path} missing"))?;
                e.insert(serde_json::from_str(text).with_context(|| path.clone())?)
            }
        };
        Ok(shard.get(key).cloned().unwrap_or_default())
    };

    // doc → (all terms exact so far, total count), for docs matching every term so far.
    let mut acc: Option<BTreeMap<usize, (bool, usize)>> = None;
    for t in terms(q) {
        let mut here: BTreeMap<usize, (bool, usize)> = BTreeMap::new();
        if t.len() == 1 {
            let mut doc = 0;
            for row in postings(&t[0].to_string())? {
                doc += row[0];
                here.insert(doc, (true, row.get(1).copied().unwrap_or(1)));
            }
        } else {
            // Positions of each bigram per document.
            let mut per_key: Vec<BTreeMap<usize, BTreeSet<usize>>> = Vec::new();
            for k in term_keys(&t) {
                let mut m = BTreeMap::new();
                let mut doc = 0;
                for row in postings(&k)? {
                    doc += row[0];
                    let mut p = 0;
                    let ps: BTreeSet<usize> = row[1..]
                        .iter()
                        .map(|g| {
                            p += g;
                            p
                        })
                        .collect();
                    m.insert(doc, ps);
                }
                per_key.push(m);
            }
            let Some((first, rest)) = per_key.split_first() else {
                continue;
            };
            for (doc, starts) in first {
                if !rest.iter().all(|m| m.contains_key(doc)) {
                    continue;
                }
                let count = starts
                    .iter()
                    .filter(|&&p| {
                        rest.iter()
                            .enumerate()
                            .all(|(i, m)| m[doc].contains(&(p + i + 1)))
                    })
                    .count();
                here.insert(*doc, (count > 0, count));
            }
        }
        acc = Some(match acc {
            None => here,
            Some(prev) => prev
                .into_iter()
                .filter_map(|(d, (e, c))| here.get(&d).map(|(e2, c2)| (d, (e && *e2, c + c2))))
                .collect(),
        });
    }
    let mut hits: Vec<Hit> = acc
        .unwrap_or_default()
        .into_iter()
        .map(|(doc, (exact, count))| Hit {
            doc,
            exact,
            count: if exact { count } else { 0 },
        })
        .collect();
    hits.sort_by(|a, b| {
        b.exact
            .cmp(&a.exact)
            .then(b.count.cmp(&a.count))
            .then(a.doc.cmp(&b.doc))
    });
    Ok(hits)
}
