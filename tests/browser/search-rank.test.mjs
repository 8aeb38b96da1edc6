// The search ranking (issue #20: it exists once, in static/search.js, the script readers run),
// checked in Node without a browser: the query core of the built site's own search.js runs
// against the site's index files read from disk, and its results are compared with an
// oracle over the documents' own text.
//
// The oracle knows nothing of the index (no character pairs, no positions): it folds the
// text of every document (docs/*.json: title, newline, body — what the index was built
// over) and the query as the README's Search section says (full-width ASCII forms to
// half-width by NFKC, A–Z to a–z, traditional to simplified by the site's t2s.json) and
// counts the query's exact occurrences by plain substring search. Expected: every document
// containing the query is an exact result with that count; exact results come first, most
// occurrences first, ties in reading order (document number); then the scattered ones, in
// reading order.
//
// A table row restating a clause (meta.json plans[].same, pairs of document numbers found at
// build time) is one hit with its clause: the expected list keeps, of each such group, the
// first document in the order above, and the hit names the group's other documents. A query
// that is a clause number (the citation of some document, folded, spaces aside) finds those
// documents, in reading order, instead of the text.
//
// Queries are read from the site, never from a list kept here beyond the named cases:
// substrings of every document, words mixing Chinese and ASCII, two-term queries, and the
// same queries typed in traditional characters, full-width forms and upper case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import * as h from './lib/harness.mjs';

const DIR = h.siteDir();
const SEARCH = path.join(DIR, 'search');

/** The query core of the site's search.js, loaded as a script with a `module` to export to. */
function loadCore() {
  const file = path.join(DIR, 'static', 'search.js');
  assert.ok(fs.existsSync(file), `no ${file}: build the site first (or set SITE_DIR)`);
  const module = { exports: {} };
  vm.runInThisContext(`(function (module) {${fs.readFileSync(file, 'utf8')}\n})`, { filename: file })(module);
  for (const f of ['terms', 'search', 'postingsOf', 't2sTable', 'keyHash', 'groupsOf']) {
    assert.equal(typeof module.exports[f], 'function', `search.js exports no ${f} to Node`);
  }
  return module.exports;
}

const core = loadCore();

/** The fetch of the browser, over the output folder: path under search/ → its JSON. */
const files = new Map();
function read(p) {
  if (!files.has(p)) files.set(p, JSON.parse(fs.readFileSync(path.join(SEARCH, p), 'utf8')));
  return Promise.resolve(files.get(p));
}

const meta = await read('meta.json');
const postings = core.postingsOf(meta, read);
const t2sPair = meta.t2s ? await read(core.partPath(meta, 't2s', 0)) : ['', ''];
const T2S = core.t2sTable(t2sPair);

/** Every document's text, in reading order (index = document number). */
const docs = [];
for (let c = 0; c < meta.chunks.length; c++) {
  const rows = await read(core.partPath(meta, 'docs', c));
  assert.equal(docs.length, meta.chunks[c], `docs chunk ${c} does not start at document ${meta.chunks[c]}`);
  for (const [id, cite, title, body] of rows) docs.push({ id, cite, text: body ? `${title}\n${body}` : title });
}
assert.equal(docs.length, meta.docs, 'documents in docs/*.json vs meta.json');
const GROUPS = core.groupsOf(meta);

/** Document → its group's documents (a clause and the rows restating it), read from meta.json. */
const groupOf = new Map();
for (const p of meta.plans) {
  const same = p.same ?? [];
  assert.equal(same.length % 2, 0, `${p.slug}: same is not pairs`);
  for (let i = 0; i < same.length; i += 2) {
    const [row, clause] = [p.first + same[i], p.first + same[i + 1]];
    assert.ok(row >= p.first && row < p.end && clause >= p.first && clause < p.end, `${p.slug}: pair outside the plan`);
    const g = groupOf.get(clause) ?? [clause];
    if (!g.includes(row)) g.push(row);
    g.sort((a, b) => a - b);
    for (const d of g) groupOf.set(d, g);
  }
}
const group = (doc) => groupOf.get(doc) ?? [doc];

// ---- the oracle ----
const TRAD_TO_SIMP = new Map(Array.from(t2sPair[0]).map((t, i) => [t, Array.from(t2sPair[1])[i]]));
function oracleFold(s) {
  return Array.from(s, (c) => {
    if (c >= '\uFF01' && c <= '\uFF5E') c = c.normalize('NFKC');
    if (c >= 'A' && c <= 'Z') c = c.toLowerCase();
    return TRAD_TO_SIMP.get(c) ?? c;
  }).join('');
}
const folded = docs.map((d) => oracleFold(d.text));
function occurrences(text, term) {
  let n = 0;
  for (let i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + 1)) n++;
  return n;
}
/** Terms of a query written with plain spaces between them (the only separator used here). */
const oracleTerms = (q) => [...new Set(oracleFold(q).split(' ').filter(Boolean))];
/** Documents containing every term exactly, with the total count, in the expected order. */
function textOracle(q) {
  const ts = oracleTerms(q);
  const out = [];
  if (ts.length === 0) return out;
  folded.forEach((text, doc) => {
    const counts = ts.map((t) => occurrences(text, t));
    if (counts.every((n) => n > 0)) out.push({ doc, count: counts.reduce((a, b) => a + b) });
  });
  return out.sort((a, b) => b.count - a.count || a.doc - b.doc);
}
/** Documents whose citation is the query (a query with a numeral: every citation has one). */
const bare = (s) => oracleFold(s).replace(/[\s\u3000]/g, '');
function citeOracle(q) {
  const k = bare(q);
  if (!/[0-9一二三四五六七八九十]/.test(k)) return [];
  return docs.flatMap((d, doc) => (bare(d.cite) === k ? [{ doc, count: 0 }] : []));
}
/** One result per group: the first of its documents in `list`. */
function dedupe(list) {
  const seen = new Set();
  return list.filter((x) => {
    const g = group(x.doc)[0];
    if (seen.has(g)) return false;
    seen.add(g);
    return true;
  });
}
function oracle(q) {
  const cites = citeOracle(q);
  return dedupe(cites.length ? cites : textOracle(q));
}

const name = (doc) => `${doc} (${docs[doc].id})`;

/** Run `q` through search.js and check its results against the oracle; returns the hits. */
async function check(q) {
  const hits = await core.search(q, T2S, postings, GROUPS);
  const exact = hits.filter((x) => x.exact);
  const want = oracle(q);
  // Each hit names the rest of its group, and no document is in two hits.
  const all = hits.flatMap((x) => [x.doc, ...x.also]);
  assert.equal(new Set(all).size, all.length, `${q}: a document in two hits`);
  for (const x of hits) {
    assert.deepEqual([x.doc, ...x.also].sort((a, b) => a - b), group(x.doc), `${q}: hit ${name(x.doc)} and its group`);
  }
  assert.deepEqual(
    exact.map((x) => `${name(x.doc)} ×${x.count}`),
    want.map((x) => `${name(x.doc)} ×${x.count}`),
    `${q}: exact results (document ×occurrences, in order) differ from the documents containing it`,
  );
  const scattered = hits.slice(exact.length);
  assert.ok(scattered.every((x) => !x.exact), `${q}: an exact result after a scattered one`);
  const chars = new Set(Array.from(oracleTerms(q).join('')));
  for (const [i, x] of scattered.entries()) {
    assert.equal(x.count, 0, `${q}: scattered result ${name(x.doc)} has a count`);
    if (i > 0) assert.ok(scattered[i - 1].doc < x.doc, `${q}: scattered results not in reading order`);
    assert.ok(!exact.some((e) => group(e.doc).includes(x.doc)), `${q}: scattered ${name(x.doc)} repeats an exact hit's group`);
    for (const c of chars) {
      assert.ok(folded[x.doc].includes(c), `${q}: scattered result ${name(x.doc)} lacks ${c}:\n${docs[x.doc].text}`);
    }
  }
  return hits;
}

const ids = (hits) => hits.map((x) => `${name(x.doc)}${x.exact ? '' : ' scattered'}`);

// ---- queries from the site ----
let seed = 20;
const random = (n) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};
// A query without separators: letters, digits and the punctuation kept inside numbers.
const WORD = /^[\p{L}\p{N}.%/-]+$/u;
const substrings = [];
const twoTerms = [];
docs.forEach((d, doc) => {
  const cs = Array.from(d.text);
  const mine = [];
  for (let k = 0; k < 4; k++) {
    const len = 1 + random(7);
    const i = random(Math.max(1, cs.length - len + 1));
    const q = cs.slice(i, i + len).join('');
    if (WORD.test(q)) mine.push(q);
  }
  substrings.push(...mine);
  if (doc % 3 === 0 && mine.length >= 2) twoTerms.push(`${mine[0]} ${mine[1]}`);
});
const mixed = [];
for (const d of docs) {
  for (const m of d.text.matchAll(/[\p{Script=Han}]{0,3}[A-Za-z0-9][A-Za-z0-9.%]*[\p{Script=Han}]{0,3}/gu)) {
    if (/\p{Script=Han}/u.test(m[0])) mixed.push(m[0]);
  }
}
/** The same query as typed in traditional characters, full-width forms and upper case. */
const SIMP_TO_TRAD = new Map();
Array.from(t2sPair[1]).forEach((s, i) => SIMP_TO_TRAD.has(s) || SIMP_TO_TRAD.set(s, Array.from(t2sPair[0])[i]));
function variant(q) {
  return Array.from(q, (c) => {
    if (c >= 'a' && c <= 'z') c = c.toUpperCase();
    if (c > ' ' && c <= '~') return String.fromCharCode(c.charCodeAt(0) + 0xfee0);
    return SIMP_TO_TRAD.get(c) ?? c;
  }).join('');
}

test('search.js hands its core to Node, with the key hash the index was written with', () => {
  // The values src/search/mod.rs key_hash_is_stable pins for Rust.
  const pins = [['', 0x5db4a501], ['心理', 0x4fe709d9], ['理心', 0x39f8a199], ['5g', 0x0ff1f470], [' o12', 0x6f8e3fac], ['𠀀a', 0x30f09a79]];
  for (const [k, v] of pins) assert.equal(core.keyHash(k), v, JSON.stringify(k));
  // Every key of every shard on disk is in the shard its hash names.
  for (let n = 0; n < meta.shards; n++) {
    const p = core.partPath(meta, 'idx', n);
    if (!fs.existsSync(path.join(SEARCH, p))) continue;
    for (const k of Object.keys(JSON.parse(fs.readFileSync(path.join(SEARCH, p), 'utf8')))) {
      assert.equal(core.keyHash(k) % meta.shards, n, `${k} in ${p}`);
    }
  }
});

test('every document containing the query is found: exact first, more occurrences first, ties in reading order', async () => {
  const queries = [...new Set([
    '心理健康', '大班额', '财政局', '县管校聘', '近视', '产教融合', '智慧校园', '双减', '特殊教育', '2025年',
    ...substrings, ...mixed, ...twoTerms,
  ])];
  let scattered = 0, reordered = 0, ties = 0, multi = 0;
  for (const q of queries) {
    const hits = await check(q);
    const exact = hits.filter((x) => x.exact);
    if (hits.length > exact.length) scattered++;
    if (exact.some((x, i) => i > 0 && x.count < exact[i - 1].count)) multi++;
    if (exact.some((x, i) => i > 0 && x.count === exact[i - 1].count)) ties++;
    // A scattered result earlier in reading order than an exact one: the ranking moved it.
    if (hits.some((x) => !x.exact && exact.some((e) => e.doc > x.doc))) reordered++;
  }
  console.log(
    `# search-rank: ${queries.length} queries over ${docs.length} documents; ${scattered} with scattered results ` +
      `(${reordered} ranked after later exact ones), ${multi} ordered by count, ${ties} with ties`,
  );
  // Each rule was exercised, not passed by having nothing to order.
  assert.ok(substrings.length > docs.length && mixed.length > 10 && twoTerms.length > 10, 'too few queries drawn from the site');
  assert.ok(scattered > 0 && reordered > 0 && multi > 0 && ties > 0, 'the queries never exercised part of the ranking');
});

test('traditional characters, full-width forms and upper case give the same results', async () => {
  let n = 0;
  for (const q of [...new Set([...substrings, ...mixed, ...twoTerms])]) {
    const v = variant(q);
    if (v === q) continue;
    n++;
    assert.deepEqual(ids(await check(v)), ids(await core.search(q, T2S, postings, GROUPS)), `${v} vs ${q}`);
  }
  assert.ok(n > substrings.length / 2, `only ${n} variants`);
  for (const [a, b] of [['县管校聘', '縣管校聘'], ['5G', '５ｇ'], ['aed', 'AED'], ['aed', 'ＡＥＤ'], ['2025年', '２０２５年'], ['产教融合', '產教融合']]) {
    const ra = await check(a);
    assert.ok(ra.length > 0, `${a}: no results`);
    assert.deepEqual(ids(await check(b)), ids(ra), `${b} vs ${a}`);
  }
});

test('exact results before scattered ones; a query whose pairs never stand in a row ranks last', async () => {
  // Queries of the site with both kinds where a scattered result comes earlier in reading
  // order than an exact one: the scattered one still ranks after every exact one.
  const cases = [];
  for (const q of substrings) {
    if (Array.from(q).length < 3) continue;
    const hits = await check(q);
    const firstScattered = hits.find((x) => !x.exact);
    if (firstScattered && hits.some((x) => x.exact && x.doc > firstScattered.doc)) cases.push([q, hits]);
  }
  assert.ok(cases.length > 0, 'no query of the site has a scattered result before an exact one in reading order');
  for (const [q, hits] of cases) {
    const k = hits.findIndex((x) => !x.exact);
    assert.ok(k > 0 && hits.slice(k).every((x) => !x.exact), `${q}: ${ids(hits).join(', ')}`);
    // The scattered document lacks the query as a string but holds its characters.
    assert.equal(occurrences(folded[hits[k].doc], oracleFold(q)), 0);
  }
  console.log(`# search-rank: e.g. ${cases[0][0]}: ${ids(cases[0][1]).join(', ')}`);
  // Two words in one query: exact where both occur, counted together.
  const both = await check('心理 健康');
  assert.ok(both.length > 0 && both.every((x) => x.exact), ids(both).join(', '));
  // Words present but never joined as typed: no exact result, and no pair 康心 to match.
  assert.ok(oracle('心理 健康').length > 0 && oracle('健康心理').length === 0);
  assert.deepEqual(await check('健康心理'), []);
});

test('substrings across words, mixed Chinese and ASCII, one character, nothing', async () => {
  // A substring across a word boundary finds every clause the whole word finds, exactly.
  const whole = await check('心理健康');
  const part = await check('理健康');
  assert.ok(whole.length > 0);
  for (const x of whole.filter((x) => x.exact)) assert.ok(part.some((y) => y.doc === x.doc && y.exact), `理健康 misses ${name(x.doc)}`);
  assert.ok((await check('除大')).some((x) => x.exact), '除大 (消除大班额) finds nothing');
  for (const q of ['5G', '2025年', 'aed', '96%']) assert.ok((await check(q)).some((x) => x.exact), `${q} finds nothing`);
  // One character: its count in each document.
  const one = await check('额');
  assert.ok(one.length > 1 && one.every((x) => x.exact), ids(one).join(', '));
  // Empty and absent queries.
  for (const q of ['', ' ', '不存在的词']) assert.deepEqual(await check(q), [], JSON.stringify(q));
});

test('a clause and the table rows restating it are one hit wherever the query is', async () => {
  assert.ok(groupOf.size > 0, 'no table row of the site restates a clause (meta.json plans[].same)');
  // Queries from the grouped documents' own text: substrings of the row's title (a row
  // restating a clause repeats its title), each found in both, shown once.
  let both = 0;
  for (const g of new Set(groupOf.values())) {
    const title = docs[g[g.length - 1]].text.split('\n')[0];
    const q = Array.from(title).slice(0, 6).join('');
    if (!WORD.test(q)) continue;
    const hits = await check(q);
    const hit = hits.filter((x) => g.includes(x.doc));
    assert.equal(hit.length, 1, `${q}: the group ${g.map(name).join(' + ')} gives ${hit.length} hits`);
    if (g.every((d) => folded[d].includes(oracleFold(q)))) both++;
  }
  assert.ok(both > 0, 'no query found both a clause and its row');
  // 大班额 (issue 18): some clause and a row restating it both contain it, and are one hit.
  const hits = await check('大班额');
  const merged = hits.filter((x) => x.also.length > 0 && [x.doc, ...x.also].every((d) => folded[d].includes('大班额')));
  assert.ok(merged.length > 0, `大班额: no merged hit among ${ids(hits).join(', ')}`);
  assert.ok(hits.length < textOracle('大班额').length, '大班额: as many hits as documents');
});

test('a clause number finds its clauses, and only them', async () => {
  // Every citation of the site (one per document) as typed: found in reading order, with
  // full-width brackets and digits or spaces typed differently finding the same.
  let n = 0;
  for (const cite of new Set(docs.map((d) => d.cite))) {
    if (!/[0-9一二三四五六七八九十]/.test(cite)) continue;
    n++;
    const hits = await check(cite);
    assert.ok(hits.length > 0 && hits.every((x) => x.cite && x.exact), `${cite}: ${ids(hits).join(', ')}`);
    assert.ok(hits.some((x) => [x.doc, ...x.also].some((d) => docs[d].cite === cite)), `${cite}: its clause is not a hit`);
    const typed = cite.replace(/（/g, '(').replace(/）/g, ') ').replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    assert.deepEqual(ids(await check(typed)), ids(hits), `${typed} vs ${cite}`);
  }
  assert.ok(n > docs.length / 4, `only ${n} citations to try`);
});
