//! The static index: character bigrams (and single characters) → postings, sharded by a
//! hash of the key into small JSON files, plus the documents in small chunks.
//!
//! Layout under `search/` (all JSON, all written in sorted order):
//!
//! ```text
//! meta.json                 {v, shards, docs, chunks, plans, offices, idx_files, doc_files, t2s};
//!                           a plan {slug, title, region, draft?, doc_number?, first, end, same?}
//! idx/<n>-<digest>.json     {key: postings} for the keys whose hash % shards == n
//! docs/<n>-<digest>.json    [[id, citation, title, text, lead, responsible, cooperating,
//!                           deadlines], …] docs chunks[n]..chunks[n+1], empty fields at a
//!                           row's end left out
//! t2s-<digest>.json         ["traditional chars", "simplified chars"], the characters the site uses
//! ```
//!
//! Every part is named by its number and a digest of its bytes, so a part keeps its name
//! (and its published file, which the write stage leaves alone) as long as its bytes do not
//! change: an edit to one clause rewrites the few shards holding its old and new keys and
//! its text chunk, not the index. `meta.json`, the one file a browser revalidates, lists the
//! digests (`idx_files`, `doc_files`: 8 hex digits per part, in number order; `t2s`), so a
//! browser never mixes parts of two builds.
//!
//! Memory: the index of 10,000 plans is gigabytes of JSON, so it is never held whole. A first
//! pass over the documents (one plan's documents at a time) writes the text chunks and
//! measures every key's encoded postings; the shards are then cut into groups of about
//! [`GROUP_BUDGET`] bytes, and each group is one more pass that encodes only its own keys,
//! straight into each key's JSON bytes (allocated at their exact final size), writes its
//! shards and drops them. Groups run in parallel, one per core.
//!
//! Postings, one array per document, doc numbers delta-coded from the previous array:
//! - bigram key (2 chars): `[doc_delta, pos, gap, gap, …]`, positions of the bigram in the
//!   document's normalised text (character offsets, delta-coded);
//! - single character key: `[doc_delta, count]`;
//! - office key (`" o<n>"`, a space never occurs in a text key): `[doc_delta]`;
//! - citation key (`" c"` and the citation folded, spaces left out: `" c三(一)3"`), so a
//!   clause number finds its clauses: `[doc_delta]`.
//!
//! Positions let the browser decide "contains the exact query" from the index alone, so it
//! fetches document text only for the results it shows.

use super::docs::{collect_plan, Doc};
use super::normalize::{is_space, normalize, t2s_for};
use crate::doc::{Plan, Status};
use ahash::AHashMap as HashMap;
use anyhow::{bail, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Aimed-at size of one index shard (bytes of JSON). Small enough that a query's few shards
/// stay in the tens of kilobytes, large enough that a small site has a few hundred files.
const SHARD_TARGET: usize = 8 * 1024;
/// Aimed-at size of one chunk of documents. A results page needs the text of ten clauses
/// spread over the site, so small chunks waste least (a clause is 0.5–2 KB of JSON).
const CHUNK_TARGET: usize = 4 * 1024;
/// At most this many shard files. A query fetches a whole shard for each of its few keys, so
/// the cap decides what a rare key costs at scale: 4,096 shards of a 10,000-plan index are
/// ~370 KB each, 65,536 are ~23 KB. Tens of thousands of files in one folder are fine for any
/// current filesystem and static host.
const MAX_SHARDS: usize = 65536;
/// Encoded postings held in memory at once (one group of shards). Each group costs one more
/// pass over the documents (normalising and pairing their text again), so the budget trades
/// build time for memory; 64 MB keeps the index small beside the pages rendered meanwhile.
pub const GROUP_BUDGET: usize = 64 << 20;

/// The key hash shared with `search.js`: FNV-1a over code points, then a murmur3-style
/// finaliser so that `% shards` (a power of two) uses well-mixed low bits.
pub fn key_hash(key: &str) -> u32 {
    hash_chars(key.chars())
}

fn hash_chars(chars: impl Iterator<Item = char>) -> u32 {
    let mut h = fnv(FNV_BASIS, chars.map(|c| c as u32));
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h
}

const FNV_BASIS: u32 = 0x811c_9dc5;

/// FNV-1a (32 bit) from `h` over `units` (code points for keys, bytes for file digests).
fn fnv(h: u32, units: impl IntoIterator<Item = u32>) -> u32 {
    units
        .into_iter()
        .fold(h, |h, u| (h ^ u).wrapping_mul(0x0100_0193))
}

/// The key of office `n` in the index.
pub fn office_key(n: usize) -> String {
    format!(" o{n}")
}

/// The citation key of a clause cited `citation` (二（一）3 → `" c二(一)3"`): folded as
/// text is, spaces left out; `None` for an empty citation. `search.js` makes the same key of
/// a query.
pub fn cite_key(citation: &str) -> Option<String> {
    let folded: String = normalize(citation)
        .into_iter()
        .filter(|c| *c != ' ')
        .collect();
    (!folded.is_empty()).then(|| format!(" c{folded}"))
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

/// An index key without a string per key: the string is made only to hash a key once and to
/// sort a shard's keys when it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Bi(char, char),
    Uni(char),
    Office(u32),
    /// A citation key, by its number in the list of the site's citation keys.
    Cite(u32),
}

impl Key {
    /// The key as written; `cites` is the list [`Key::Cite`] numbers index.
    fn text(&self, cites: &[String]) -> String {
        match *self {
            Key::Bi(a, b) => [a, b].iter().collect(),
            Key::Uni(c) => c.to_string(),
            Key::Office(n) => office_key(n as usize),
            Key::Cite(n) => cites[n as usize].clone(),
        }
    }

    fn hash(&self, cites: &[String]) -> u32 {
        match *self {
            Key::Bi(a, b) => hash_chars([a, b].into_iter()),
            Key::Uni(c) => hash_chars(std::iter::once(c)),
            Key::Office(_) | Key::Cite(_) => key_hash(&self.text(cites)),
        }
    }
}

#[derive(Serialize)]
struct PlanMeta<'a> {
    slug: &'a str,
    title: &'a str,
    region: &'a str,
    /// The status as printed (征求意见稿) when the plan is a draft; absent for a final text.
    #[serde(skip_serializing_if = "String::is_empty")]
    draft: String,
    /// 文号, so that a search for it finds the plan.
    #[serde(skip_serializing_if = "str::is_empty")]
    doc_number: &'a str,
    /// Documents `first..end` belong to this plan.
    first: usize,
    end: usize,
    /// Table rows restating a clause, as pairs flattened `[row, clause, row, clause, …]`
    /// (document numbers less `first`): search shows each pair as one hit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    same: Vec<usize>,
}

#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    shards: usize,
    docs: usize,
    chunks: Vec<usize>,
    plans: Vec<PlanMeta<'a>>,
    /// `[county, office]`; office `n` has the index key `" o<n>"`.
    offices: Vec<[&'a str; 2]>,
    /// Each shard's digest, 8 hex digits per shard: shard n is `idx/<n>-<digest>.json`.
    idx_files: String,
    /// Each text chunk's digest likewise: chunk n is `docs/<n>-<digest>.json`.
    doc_files: String,
    /// The digest of `t2s-<digest>.json`; empty when the site has no traditional character.
    t2s: String,
}

/// The path under the site root of part `n` of `kind` (`idx` or `docs`) of the index whose
/// `meta.json` is `meta`: what `search.js` fetches (for tests and tools reading an index).
pub fn part_path(meta: &serde_json::Value, kind: &str, n: usize) -> Option<String> {
    let field = if kind == "idx" {
        "idx_files"
    } else {
        "doc_files"
    };
    let digests = meta[field].as_str()?;
    Some(format!(
        "search/{kind}/{n}-{}.json",
        digests.get(8 * n..8 * n + 8)?
    ))
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
    /// Passes over the documents that encoded postings (groups of shards held at once).
    pub groups: usize,
    /// Time spent handing files to the sink (included in the build time).
    pub write: Duration,
}

/// Where the index files go: the site being written (the write stage's `Output`) or memory
/// ([`Memory`], for tests and tools).
pub trait Sink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;
}

/// Index files kept in memory: path under the site root → content.
#[derive(Debug, Default)]
pub struct Memory(Mutex<BTreeMap<String, String>>);

impl Memory {
    pub fn into_files(self) -> BTreeMap<String, String> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn files(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, String>> {
        // A panic while holding the map leaves it usable: it is only ever inserted into.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let text = String::from_utf8(bytes.to_vec())?;
        if self.files().insert(rel.to_string(), text).is_some() {
            bail!("`{rel}` written twice");
        }
        Ok(())
    }
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

/// Build the index files for `plans` in memory (tests and tools; the site build streams them
/// with [`write`]).
pub fn build(plans: &[Plan]) -> Built {
    let mem = Memory::default();
    // Memory's write fails only on a path written twice, which `write` never does.
    let stats = write(plans, &mem).unwrap_or_default();
    Built {
        files: mem.into_files(),
        stats,
    }
}

/// Every document of `plans` in order with its number, one plan's documents in memory at a
/// time.
fn each_doc(plans: &[Plan], mut f: impl FnMut(usize, &Doc) -> Result<()>) -> Result<()> {
    let mut n = 0;
    let mut docs = Vec::new();
    for (i, p) in plans.iter().enumerate() {
        docs.clear();
        collect_plan(i, p, &mut docs);
        for d in &docs {
            f(n, d)?;
            n += 1;
        }
    }
    Ok(())
}

/// The keys of one document with their positions, sorted by key then position (buffers
/// reused across documents). `keep_pair` and `keep_char` filter keys before sorting: a
/// group's pass sorts only its own keys.
#[derive(Default)]
struct DocKeys {
    pairs: Vec<((char, char), usize)>,
    chars: Vec<char>,
}

impl DocKeys {
    fn fill(
        &mut self,
        t: &[char],
        mut keep_pair: impl FnMut(char, char) -> bool,
        mut keep_char: impl FnMut(char) -> bool,
    ) {
        self.pairs.clear();
        self.chars.clear();
        for (i, &c) in t.iter().enumerate() {
            if is_space(c) {
                continue;
            }
            if keep_char(c) {
                self.chars.push(c);
            }
            if let Some(&n) = t.get(i + 1).filter(|n| !is_space(**n)) {
                if keep_pair(c, n) {
                    self.pairs.push(((c, n), i));
                }
            }
        }
        // Sorting by (key, position) groups each key's positions in ascending order.
        self.pairs.sort_unstable();
        self.chars.sort_unstable();
    }
}

fn digits(mut n: usize) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

fn push_num(buf: &mut Vec<u8>, mut n: usize) {
    // Most numbers are one-digit gaps and deltas: a byte, not a copy from a buffer (the copy
    // was a twelfth of the index's CPU).
    if n < 10 {
        buf.push(b'0' + n as u8);
        return;
    }
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// One key's postings while they are measured or encoded.
struct Acc {
    /// Document of the previous row (rows are doc-delta coded).
    last: usize,
    rows: usize,
    /// Bytes of the rows, commas between them included (measuring), or the rows (encoding).
    len: usize,
    buf: Vec<u8>,
}

impl Acc {
    fn new(capacity: usize) -> Acc {
        Acc {
            last: 0,
            rows: 0,
            len: 0,
            buf: Vec::with_capacity(capacity),
        }
    }

    /// Measure one row: `[doc_delta, rest…]` with `rest` given as numbers.
    fn measure(&mut self, doc: usize, rest: impl Iterator<Item = usize>) {
        let mut len = 2 + digits(doc - self.last);
        for n in rest {
            len += 1 + digits(n);
        }
        self.len += len + usize::from(self.rows > 0);
        self.rows += 1;
        self.last = doc;
    }

    fn encode(&mut self, doc: usize, rest: impl Iterator<Item = usize>) {
        if self.rows > 0 {
            self.buf.push(b',');
        }
        self.buf.push(b'[');
        push_num(&mut self.buf, doc - self.last);
        for n in rest {
            self.buf.push(b',');
            push_num(&mut self.buf, n);
        }
        self.buf.push(b']');
        self.rows += 1;
        self.last = doc;
    }
}

/// Feed one document's keys to `visit(key, doc, row_rest)`. Bigram rows are the positions,
/// delta-coded; character rows the count; office rows nothing.
fn visit_doc(
    dk: &DocKeys,
    offices: &[u32],
    cite: Option<u32>,
    mut visit: impl FnMut(Key, &mut dyn Iterator<Item = usize>),
) {
    for group in dk.pairs.chunk_by(|a, b| a.0 == b.0) {
        let (a, b) = group[0].0;
        let mut last = 0;
        let mut gaps = group.iter().map(|(_, p)| {
            let g = p - last;
            last = *p;
            g
        });
        visit(Key::Bi(a, b), &mut gaps);
    }
    for group in dk.chars.chunk_by(|a, b| a == b) {
        visit(Key::Uni(group[0]), &mut std::iter::once(group.len()));
    }
    for &o in offices {
        visit(Key::Office(o), &mut std::iter::empty());
    }
    if let Some(c) = cite {
        visit(Key::Cite(c), &mut std::iter::empty());
    }
}

/// What went through a sink: counts, time, and each index part's digest (FNV-1a over its
/// bytes), which names its file.
#[derive(Default)]
struct Tally {
    files: usize,
    bytes: usize,
    index_bytes: usize,
    write: Duration,
    /// ((kind, number), digest): chunks (0), shards (1), t2s (2), listed in `meta.json` in
    /// number order however the groups of shards were scheduled.
    digests: Vec<((u8, usize), u32)>,
}

impl Tally {
    /// Write part `order` (kind, number) of the index, named by its digest.
    fn part<S: Sink + ?Sized>(&mut self, sink: &S, order: (u8, usize), bytes: &[u8]) -> Result<()> {
        let d = fnv(FNV_BASIS, bytes.iter().map(|b| u32::from(*b)));
        let rel = match order.0 {
            0 => format!("search/docs/{}-{d:08x}.json", order.1),
            1 => {
                self.index_bytes += bytes.len();
                format!("search/idx/{}-{d:08x}.json", order.1)
            }
            _ => format!("search/t2s-{d:08x}.json"),
        };
        self.digests.push((order, d));
        self.put(sink, &rel, bytes)
    }

    fn put<S: Sink + ?Sized>(&mut self, sink: &S, rel: &str, bytes: &[u8]) -> Result<()> {
        let t0 = Instant::now();
        sink.write(rel, bytes)?;
        self.write += t0.elapsed();
        self.files += 1;
        self.bytes += bytes.len();
        Ok(())
    }

    fn add(&mut self, other: Tally) {
        self.files += other.files;
        self.bytes += other.bytes;
        self.index_bytes += other.index_bytes;
        self.write += other.write;
        self.digests.extend(other.digests);
    }

    /// The digests of the parts of `kind`, in number order, 8 hex digits each.
    fn names(&mut self, kind: u8) -> String {
        self.digests.sort_unstable();
        self.digests
            .iter()
            .filter(|((k, _), _)| *k == kind)
            .map(|(_, d)| format!("{d:08x}"))
            .collect()
    }
}

/// Build the index for `plans` and write its files to `sink` as they are produced.
pub fn write<S: Sink + Sync + ?Sized>(plans: &[Plan], sink: &S) -> Result<Stats> {
    write_with(plans, sink, GROUP_BUDGET)
}

/// [`write`] holding about `budget` bytes of postings at once (tests use tiny budgets to
/// check that the grouping does not change a byte).
pub fn write_with<S: Sink + Sync + ?Sized>(
    plans: &[Plan],
    sink: &S,
    budget: usize,
) -> Result<Stats> {
    let mut out = Tally::default();

    // Pass 1: offices (their numbers follow the sorted list, so all must be known first),
    // and the plans' document ranges.
    // region → office → number, in (region, office) order. Owned: the documents that name
    // them are dropped plan by plan.
    let mut office_ids: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    let mut plan_meta: Vec<PlanMeta> = plans
        .iter()
        .map(|p| PlanMeta {
            slug: &p.slug,
            title: &p.title,
            region: &p.region,
            draft: match p.status {
                Status::Draft => p.status_name(),
                Status::Final => String::new(),
            },
            doc_number: &p.doc_number,
            first: 0,
            end: 0,
            same: Vec::new(),
        })
        .collect();
    let mut ndocs = 0;
    // The current plan's clauses: anchor id → document number.
    let mut clause_docs: HashMap<String, usize> = HashMap::default();
    // Citation keys, numbered as first met.
    let mut cite_ids: HashMap<String, u32> = HashMap::default();
    let mut cites: Vec<String> = Vec::new();
    each_doc(plans, |n, d| {
        if let Some(k) = cite_key(&d.citation) {
            if !cite_ids.contains_key(&k) {
                let id = u32::try_from(cites.len())
                    .map_err(|_| anyhow::anyhow!("too many citations to index"))?;
                cite_ids.insert(k.clone(), id);
                cites.push(k);
            }
        }
        let region = &plans[d.plan].region;
        for o in &d.offices {
            let county = match office_ids.get_mut(region) {
                Some(c) => c,
                None => office_ids.entry(region.clone()).or_default(),
            };
            if !county.contains_key(o) {
                county.insert(o.clone(), 0);
            }
        }
        let pm = &mut plan_meta[d.plan];
        if pm.end == 0 {
            pm.first = n;
            clause_docs.clear();
        }
        pm.end = n + 1;
        match &d.restates {
            // Clauses come before the plan's table rows, so the clause is known here.
            Some(c) => {
                if let Some(&m) = clause_docs.get(c) {
                    pm.same.extend([n - pm.first, m - pm.first]);
                }
            }
            None => {
                clause_docs.insert(d.id.clone(), n);
            }
        }
        ndocs = n + 1;
        Ok(())
    })?;
    for (n, v) in office_ids
        .values_mut()
        .flat_map(|c| c.values_mut())
        .enumerate()
    {
        *v = u32::try_from(n).map_err(|_| anyhow::anyhow!("too many offices to index"))?;
    }
    let cite_of = |d: &Doc| cite_key(&d.citation).and_then(|k| cite_ids.get(&k).copied());
    let offices_of = |d: &Doc, buf: &mut Vec<u32>| {
        buf.clear();
        if let Some(county) = office_ids.get(&plans[d.plan].region) {
            buf.extend(d.offices.iter().filter_map(|o| county.get(o).copied()));
        }
    };

    // Pass 2: the text chunks, written as they fill, and the encoded size of every key.
    let mut sizes: HashMap<Key, Acc> = HashMap::default();
    let mut chunks: Vec<usize> = Vec::new();
    let mut cur: Vec<Vec<String>> = Vec::new();
    let mut cur_bytes = 0;
    let mut dk = DocKeys::default();
    let mut offs = Vec::new();
    let write_chunk = |out: &mut Tally, cur: &mut Vec<_>, n: usize| -> Result<()> {
        out.part(sink, (0, n), json(cur).as_bytes())?;
        cur.clear();
        Ok(())
    };
    each_doc(plans, |i, d| {
        if cur.is_empty() {
            chunks.push(i);
        }
        let mut row: Vec<String> = [&d.id, &d.citation, &d.title, &d.text]
            .into_iter()
            .chain(&d.roles)
            .chain([&d.deadlines])
            .cloned()
            .collect();
        // Most clauses name no cooperating office, many no deadline: an empty field at the
        // end costs three bytes a document for nothing.
        while row.len() > 4 && row.last().is_some_and(String::is_empty) {
            row.pop();
        }
        cur_bytes += row.iter().map(|f| f.len() + 3).sum::<usize>() + 2;
        cur.push(row);
        if cur_bytes >= CHUNK_TARGET {
            write_chunk(&mut out, &mut cur, chunks.len() - 1)?;
            cur_bytes = 0;
        }
        dk.fill(&normalize(&d.full()), |_, _| true, |_| true);
        offices_of(d, &mut offs);
        visit_doc(&dk, &offs, cite_of(d), |k, rest| {
            sizes
                .entry(k)
                .or_insert_with(|| Acc::new(0))
                .measure(i, rest)
        });
        Ok(())
    })?;
    if !cur.is_empty() {
        write_chunk(&mut out, &mut cur, chunks.len() - 1)?;
    }

    // The shard count from the total size, as `{"key":[rows]}` entries.
    let key_text: HashMap<Key, (String, u32)> = sizes
        .keys()
        .map(|k| (*k, (k.text(&cites), k.hash(&cites))))
        .collect();
    let total: usize = sizes
        .iter()
        .map(|(k, a)| key_text[k].0.len() + a.len + 2 + 4)
        .sum();
    let shards = total
        .div_ceil(SHARD_TARGET)
        .next_power_of_two()
        .clamp(1, MAX_SHARDS);
    let shard_of = |h: u32| h as usize % shards;
    let mut shard_bytes = vec![0usize; shards];
    for (k, a) in &sizes {
        shard_bytes[shard_of(key_text[k].1)] += a.len + key_text[k].0.len() + 8;
    }
    // Groups: consecutive shards up to GROUP_BUDGET bytes (at least one shard each).
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut held = 0;
    for (s, b) in shard_bytes.iter().enumerate() {
        if held > 0 && held + b > budget {
            groups.push(start..s);
            start = s;
            held = 0;
        }
        held += b;
    }
    groups.push(start..shards);

    // One pass per group: encode its keys straight into their JSON bytes, then write its
    // shards, keys sorted as a JSON object map would be. Groups are independent: they run in
    // parallel (two at a time on two cores, so about twice the budget is held).
    let encode_group = |g: &std::ops::Range<usize>| -> Result<Tally> {
        let mut out = Tally::default();
        let mut dk = DocKeys::default();
        let mut offs = Vec::new();
        let mut accs: HashMap<Key, Acc> = sizes
            .iter()
            .filter(|(k, _)| g.contains(&shard_of(key_text[k].1)))
            .map(|(k, a)| (*k, Acc::new(a.len)))
            .collect();
        each_doc(plans, |i, d| {
            dk.fill(
                &normalize(&d.full()),
                |a, b| g.contains(&shard_of(hash_chars([a, b].into_iter()))),
                |c| g.contains(&shard_of(hash_chars(std::iter::once(c)))),
            );
            offices_of(d, &mut offs);
            visit_doc(&dk, &offs, cite_of(d), |k, rest| {
                if let Some(acc) = accs.get_mut(&k) {
                    acc.encode(i, rest);
                }
            });
            Ok(())
        })?;
        let mut per_shard: Vec<Vec<(&str, &Acc)>> = vec![Vec::new(); g.len()];
        for (k, a) in &accs {
            let (text, h) = &key_text[k];
            per_shard[shard_of(*h) - g.start].push((text.as_str(), a));
        }
        for (s, mut keys) in g.clone().zip(per_shard) {
            keys.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let len: usize = keys.iter().map(|(k, a)| k.len() + a.buf.len() + 8).sum();
            let mut buf: Vec<u8> = Vec::with_capacity(len + 2);
            buf.push(b'{');
            for (n, (k, a)) in keys.iter().enumerate() {
                if n > 0 {
                    buf.push(b',');
                }
                buf.extend_from_slice(json(k).as_bytes());
                buf.extend_from_slice(b":[");
                buf.extend_from_slice(&a.buf);
                buf.push(b']');
            }
            buf.push(b'}');
            out.part(sink, (1, s), &buf)?;
        }
        Ok(out)
    };
    for t in groups
        .par_iter()
        .map(encode_group)
        .collect::<Result<Vec<Tally>>>()?
    {
        out.add(t);
    }

    let used: BTreeSet<char> = sizes
        .keys()
        .filter_map(|k| match k {
            Key::Uni(c) => Some(*c),
            _ => None,
        })
        .collect();
    let t2s = t2s_for(&used);
    if !t2s.is_empty() {
        // Two strings of equal length, traditional and simplified: half the bytes of a map.
        let pair: [String; 2] = [t2s.keys().collect(), t2s.values().collect()];
        out.part(sink, (2, 0), json(&pair).as_bytes())?;
    }
    let t2s = out.names(2);
    let meta = Meta {
        v: 2,
        shards,
        docs: ndocs,
        chunks: chunks.clone(),
        plans: plan_meta,
        offices: office_ids
            .iter()
            .flat_map(|(c, os)| os.keys().map(move |o| [c.as_str(), o.as_str()]))
            .collect(),
        idx_files: out.names(1),
        doc_files: out.names(0),
        t2s,
    };
    out.put(sink, "search/meta.json", json(&meta).as_bytes())?;
    Ok(Stats {
        docs: ndocs,
        keys: sizes.len(),
        shards,
        chunks: chunks.len(),
        files: out.files,
        bytes: out.bytes,
        index_bytes: out.index_bytes,
        groups: groups.len(),
        write: out.write,
    })
}

/// The documents, exposed for tests and tools that need to know what was indexed.
pub fn documents(plans: &[Plan]) -> Vec<Doc> {
    super::docs::collect(plans)
}

/// The postings of `key` as written in `files` (index paths as [`write`] names them, e.g.
/// read back from a built site), document number → the positions of a pair, the count of a
/// single character, nothing for an office: the inverse of the encoding above, for tests and
/// tools that look into an index. Queries are evaluated by `search.js` alone.
pub fn postings(
    files: &BTreeMap<String, String>,
    key: &str,
) -> Result<BTreeMap<usize, Vec<usize>>> {
    let file = |path: &str| -> Result<serde_json::Value> {
        let text = files
            .get(path)
            .ok_or_else(|| anyhow::anyhow!("{path} missing"))?;
        Ok(serde_json::from_str(text)?)
    };
    let meta = file("search/meta.json")?;
    let Some(shards) = meta["shards"].as_u64() else {
        bail!("search/meta.json: no shards");
    };
    let n = (u64::from(key_hash(key)) % shards) as usize;
    let Some(path) = part_path(&meta, "idx", n) else {
        bail!("search/meta.json: no file of shard {n}");
    };
    let shard = file(&path)?;
    let rows: Vec<Vec<usize>> = match shard.get(key) {
        Some(v) => serde_json::from_value(v.clone())?,
        None => Vec::new(),
    };
    let pair = key.chars().count() == 2;
    let mut out = BTreeMap::new();
    let mut doc = 0;
    for row in rows {
        let Some((delta, rest)) = row.split_first() else {
            bail!("{key}: an empty row");
        };
        doc += delta;
        let rest = if pair {
            rest.iter()
                .scan(0, |p, g| {
                    *p += g;
                    Some(*p)
                })
                .collect()
        } else {
            rest.to_vec()
        };
        out.insert(doc, rest);
    }
    Ok(out)
}
