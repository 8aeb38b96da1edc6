//! The static index: character bigrams (and single characters) → postings, sharded by a
//! hash of the key into small JSON files, plus the documents in small chunks.
//!
//! Layout under `search/` (all JSON, all written in sorted order):
//!
//! ```text
//! meta.json                 {v, dir, shards, docs, chunks, plans, offices, t2s}
//! <dir>/idx/<n>.json        {key: postings} for the keys whose hash % shards == n
//! <dir>/docs/<n>.json       [[id, citation, title, text, offices], …] docs chunks[n]..chunks[n+1]
//! <dir>/t2s.json            ["traditional chars", "simplified chars"], the characters the site uses
//! ```
//!
//! `<dir>` is a hash of the index content, so a browser never mixes parts of two builds;
//! only `meta.json` has to be revalidated.
//!
//! Postings, one array per document, doc numbers delta-coded from the previous array:
//! - bigram key (2 chars): `[doc_delta, pos, gap, gap, …]`, positions of the bigram in the
//!   document's normalised text (character offsets, delta-coded);
//! - single character key: `[doc_delta, count]`;
//! - office key (`" o<n>"`, a space never occurs in a text key): `[doc_delta]`.
//!
//! Positions let the browser decide "contains the exact query" from the index alone, so it
//! fetches document text only for the results it shows.

use super::docs::Doc;
use super::normalize::{is_space, normalize, t2s_for};
use crate::model::Plan;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Aimed-at size of one index shard (bytes of JSON). Small enough that a query's few shards
/// stay in the tens of kilobytes, large enough that a site has few thousand files at most.
const SHARD_TARGET: usize = 8 * 1024;
/// Aimed-at size of one chunk of documents. A results page needs the text of ten clauses
/// spread over the site, so small chunks waste least (a clause is 0.5–2 KB of JSON).
const CHUNK_TARGET: usize = 4 * 1024;
const MAX_SHARDS: usize = 4096;

/// The key hash shared with `search.js`: FNV-1a over code points, then a murmur3-style
/// finaliser so that `% shards` (a power of two) uses well-mixed low bits.
pub fn key_hash(key: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in key.chars() {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h
}

/// A document and the positions of a key in it.
type Posting = (usize, Vec<usize>);

/// The key of office `n` in the index.
pub fn office_key(n: usize) -> String {
    format!(" o{n}")
}

/// Keys of one query term (or document text): bigrams not spanning a space; a term of one
/// character is its own key.
pub fn term_keys(t: &[char]) -> Vec<String> {
    if t.len() == 1 {
        return vec![t[0].to_string()];
    }
    t.windows(2)
        .filter(|w| !is_space(w[0]) && !is_space(w[1]))
        .map(|w| w.iter().collect())
        .collect()
}

#[derive(Serialize)]
struct PlanMeta<'a> {
    slug: &'a str,
    title: &'a str,
    region: &'a str,
    /// Documents `first..end` belong to this plan.
    first: usize,
    end: usize,
}

#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    dir: String,
    shards: usize,
    docs: usize,
    chunks: Vec<usize>,
    plans: Vec<PlanMeta<'a>>,
    /// `[county, office]`; office `n` has the index key `" o<n>"`.
    offices: Vec<[&'a str; 2]>,
    t2s: bool,
}

/// Figures for the build report and the benchmark.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub docs: usize,
    pub keys: usize,
    pub shards: usize,
    pub chunks: usize,
    pub files: usize,
    pub bytes: usize,
    /// Bytes of the index shards alone.
    pub index_bytes: usize,
}

/// The index as files: path under the site root → content.
#[derive(Debug, Default)]
pub struct Built {
    pub files: BTreeMap<String, String>,
    pub stats: Stats,
}

fn json<T: Serialize>(v: &T) -> String {
    // Serialising plain vectors and maps of strings and numbers cannot fail.
    serde_json::to_string(v).unwrap_or_default()
}

/// Build the index files for `plans`.
pub fn build(plans: &[Plan]) -> Built {
    let docs = super::docs::collect(plans);
    let texts: Vec<Vec<char>> = docs.iter().map(|d| normalize(&d.full())).collect();

    // key → [(doc, positions)]; docs are visited in order so postings come out sorted.
    // Keys stay char pairs until the end: no string per occurrence.
    let mut bigrams: BTreeMap<(char, char), Vec<Posting>> = BTreeMap::new();
    let mut unigrams: BTreeMap<char, Vec<(usize, usize)>> = BTreeMap::new();
    let mut used: BTreeSet<char> = BTreeSet::new();
    for (d, t) in texts.iter().enumerate() {
        let mut pairs: Vec<((char, char), usize)> = Vec::with_capacity(t.len());
        let mut chars: Vec<char> = Vec::with_capacity(t.len());
        for (i, &c) in t.iter().enumerate() {
            if is_space(c) {
                continue;
            }
            chars.push(c);
            if let Some(&n) = t.get(i + 1).filter(|n| !is_space(**n)) {
                pairs.push(((c, n), i));
            }
        }
        // Sorting by (key, position) groups each key's positions in ascending order.
        pairs.sort_unstable();
        for group in pairs.chunk_by(|a, b| a.0 == b.0) {
            let ps = group.iter().map(|(_, i)| *i).collect();
            bigrams.entry(group[0].0).or_default().push((d, ps));
        }
        chars.sort_unstable();
        for group in chars.chunk_by(|a, b| a == b) {
            used.insert(group[0]);
            unigrams.entry(group[0]).or_default().push((d, group.len()));
        }
    }

    let mut office_ids: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for d in &docs {
        for o in &d.offices {
            office_ids.insert((plans[d.plan].region.as_str(), o.as_str()), 0);
        }
    }
    for (n, v) in office_ids.values_mut().enumerate() {
        *v = n;
    }
    let mut office_docs: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        for o in &d.offices {
            let n = office_ids[&(plans[d.plan].region.as_str(), o.as_str())];
            office_docs.entry(office_key(n)).or_default().push(i);
        }
    }

    // Encode every key's postings once; the sizes decide the shard count.
    let mut encoded: BTreeMap<String, Vec<Vec<usize>>> = BTreeMap::new();
    for (k, ps) in &bigrams {
        let mut prev = 0;
        let rows = ps
            .iter()
            .map(|(d, pos)| {
                let mut row = vec![d - prev];
                prev = *d;
                let mut last = 0;
                for &p in pos {
                    row.push(p - last);
                    last = p;
                }
                row
            })
            .collect();
        encoded.insert([k.0, k.1].iter().collect(), rows);
    }
    for (k, ps) in &unigrams {
        let mut prev = 0;
        let rows = ps
            .iter()
            .map(|&(d, n)| {
                let row = vec![d - prev, n];
                prev = d;
                row
            })
            .collect();
        encoded.insert(k.to_string(), rows);
    }
    for (k, ds) in &office_docs {
        let mut prev = 0;
        let rows = ds
            .iter()
            .map(|&d| {
                let row = vec![d - prev];
                prev = d;
                row
            })
            .collect();
        encoded.insert(k.clone(), rows);
    }
    let total: usize = encoded
        .iter()
        .map(|(k, v)| k.len() + json(v).len() + 4)
        .sum();
    let shards = total
        .div_ceil(SHARD_TARGET)
        .next_power_of_two()
        .clamp(1, MAX_SHARDS);
    let mut shard_maps: Vec<BTreeMap<&str, &Vec<Vec<usize>>>> = vec![BTreeMap::new(); shards];
    for (k, v) in &encoded {
        shard_maps[key_hash(k) as usize % shards].insert(k, v);
    }

    // Documents in chunks of about CHUNK_TARGET bytes, in document order.
    let mut chunks: Vec<usize> = Vec::new();
    let mut chunk_texts: Vec<String> = Vec::new();
    let mut cur: Vec<(&str, &str, &str, &str, String)> = Vec::new();
    let mut cur_bytes = 0;
    for (i, d) in docs.iter().enumerate() {
        if cur.is_empty() {
            chunks.push(i);
        }
        let row = (
            d.id.as_str(),
            d.citation.as_str(),
            d.title.as_str(),
            d.text.as_str(),
            d.offices.join("、"),
        );
        cur_bytes += d.id.len() + d.citation.len() + d.title.len() + d.text.len() + 16;
        cur.push(row);
        if cur_bytes >= CHUNK_TARGET {
            chunk_texts.push(json(&cur));
            cur.clear();
            cur_bytes = 0;
        }
    }
    if !cur.is_empty() {
        chunk_texts.push(json(&cur));
    }

    let t2s = t2s_for(&used);
    let mut parts: BTreeMap<String, String> = BTreeMap::new();
    for (n, m) in shard_maps.iter().enumerate() {
        parts.insert(format!("idx/{n}.json"), json(m));
    }
    for (n, c) in chunk_texts.into_iter().enumerate() {
        parts.insert(format!("docs/{n}.json"), c);
    }
    if !t2s.is_empty() {
        // Two strings of equal length, traditional and simplified: half the bytes of a map.
        let pair: [String; 2] = [t2s.keys().collect(), t2s.values().collect()];
        parts.insert("t2s.json".into(), json(&pair));
    }
    let dir = format!("{:08x}", content_hash(&parts));

    let mut plan_meta: Vec<PlanMeta> = plans
        .iter()
        .map(|p| PlanMeta {
            slug: &p.slug,
            title: &p.title,
            region: &p.region,
            first: 0,
            end: 0,
        })
        .collect();
    for (i, d) in docs.iter().enumerate().rev() {
        plan_meta[d.plan].first = i;
    }
    for (i, d) in docs.iter().enumerate() {
        plan_meta[d.plan].end = i + 1;
    }
    let meta = Meta {
        v: 1,
        dir: dir.clone(),
        shards,
        docs: docs.len(),
        chunks: chunks.clone(),
        plans: plan_meta,
        offices: office_ids.keys().map(|(c, o)| [*c, *o]).collect(),
        t2s: !t2s.is_empty(),
    };

    let mut files = BTreeMap::new();
    files.insert("search/meta.json".to_string(), json(&meta));
    for (p, c) in parts {
        files.insert(format!("search/{dir}/{p}"), c);
    }
    let stats = Stats {
        docs: docs.len(),
        keys: encoded.len(),
        shards,
        chunks: chunks.len(),
        files: files.len(),
        bytes: files.values().map(String::len).sum(),
        index_bytes: files
            .iter()
            .filter(|(p, _)| p.contains("/idx/"))
            .map(|(_, c)| c.len())
            .sum(),
    };
    Built { files, stats }
}

/// FNV-1a (32 bit) over paths and contents: names the build's index folder.
fn content_hash(parts: &BTreeMap<String, String>) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for (p, c) in parts {
        for b in p.bytes().chain([0]).chain(c.bytes()).chain([0]) {
            h ^= b as u32;
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h
}

/// The documents, exposed for tests and tools that need to know what was indexed.
pub fn documents(plans: &[Plan]) -> Vec<Doc> {
    super::docs::collect(plans)
}
