// planpress search: queries the static index that `planpress build` writes to search/.
// Fetches only the index shards of the query's character pairs and the text chunks of the
// results shown. This file is the only implementation of the query and its ranking: Rust
// (src/search/) writes the index with the same fold and key hash, and
// tests/browser/search-rank.test.mjs runs the query core below in Node against a built
// site's index files.
(function () {
  "use strict";

  // ---- query core: pure functions of the query and the index files. Nothing here touches
  // the page, so Node can load the core (module.exports, below the core). ----

  // Normalisation (src/search/normalize.rs fold). `t2s` is the site's traditional →
  // simplified table (t2sTable of t2s.json), or {} before it is loaded.
  function fold(ch, t2s) {
    var c = ch.codePointAt(0);
    if (c >= 0xFF01 && c <= 0xFF5E) {
      ch = String.fromCharCode(c - 0xFEE0);
      c = c - 0xFEE0;
    } else if (c === 0x3000 || c === 0xA0 || c === 9 || c === 10 || c === 13 ||
               (c >= 0x2002 && c <= 0x200A)) {
      return " ";
    }
    if (c >= 65 && c <= 90) { return String.fromCharCode(c + 32); }
    return t2s[ch] || ch;
  }
  // t2s.json: ["traditional chars", "simplified chars"] → {traditional: simplified}.
  function t2sTable(pair) {
    var t = Array.from(pair[0]), s = Array.from(pair[1]), table = {};
    t.forEach(function (c, i) { table[c] = s[i]; });
    return table;
  }
  // src/search/normalize.rs is_space: spaces and the punctuation of running text.
  var SEP = new Set(Array.from(" ,;:?!\"'()[]{}<>\u3002\u3001\u201c\u201d\u2018\u2019" +
    "\u300a\u300b\u3008\u3009\u3010\u3011\u3014\u3015\u300c\u300d\u300e\u300f\u2026\u2014\u00b7"));
  // The query's terms: folded, split at separators, without repeats; each an array of chars.
  function terms(q, t2s) {
    var out = [], cur = "";
    Array.from(q).map(function (c) { return fold(c, t2s); }).concat([" "]).forEach(function (c) {
      if (!SEP.has(c)) { cur += c; return; }
      if (cur && out.indexOf(cur) < 0) { out.push(cur); }
      cur = "";
    });
    return out.map(function (t) { return Array.from(t); });
  }
  // A term's index keys: its character pairs; a one-character term is its own key.
  function termKeys(t) {
    if (t.length === 1) { return [t[0]]; }
    var ks = [];
    for (var i = 0; i + 1 < t.length; i++) { ks.push(t[i] + t[i + 1]); }
    return ks;
  }
  // Key hash (src/search/index.rs key_hash): which shard holds a key.
  function keyHash(key) {
    var h = 0x811c9dc5;
    for (var ch of key) {
      h ^= ch.codePointAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    return h >>> 0;
  }
  // The path under search/ of part n of the index: `idx` (shards) or `docs` (text chunks),
  // named by the digests meta.json lists (8 hex digits per part), or "t2s".
  function partPath(meta, kind, n) {
    if (kind === "t2s") { return "t2s-" + meta.t2s + ".json"; }
    var digests = kind === "idx" ? meta.idx_files : meta.doc_files;
    return kind + "/" + n + "-" + digests.substr(8 * n, 8) + ".json";
  }
  // A key's postings, read through `read(path under search/)` → promise of the file's JSON.
  function postingsOf(meta, read) {
    return function (key) {
      var n = keyHash(key) % meta.shards;
      return read(partPath(meta, "idx", n)).then(function (s) { return s[key] || []; });
    };
  }

  // Evaluation. A document is a result when, for every term, it holds all the term's keys;
  // it is exact when every term occurs as a contiguous string, which the positions of the
  // pairs tell. Resolves to doc → [exact, occurrences].
  async function evaluate(ts, postings) {
    var acc = null;
    for (var t of ts) {
      var here = new Map();
      if (t.length === 1) {
        var doc = 0;
        (await postings(t[0])).forEach(function (row) {
          doc += row[0];
          here.set(doc, [true, row.length > 1 ? row[1] : 1]);
        });
      } else {
        var perKey = await Promise.all(termKeys(t).map(function (k) {
          return postings(k).then(function (rows) {
            var m = new Map(), d = 0;
            rows.forEach(function (row) {
              d += row[0];
              var p = 0, ps = new Set();
              for (var i = 1; i < row.length; i++) { p += row[i]; ps.add(p); }
              m.set(d, ps);
            });
            return m;
          });
        }));
        var first = perKey[0], rest = perKey.slice(1);
        first.forEach(function (starts, d) {
          if (!rest.every(function (m) { return m.has(d); })) { return; }
          var count = 0;
          starts.forEach(function (p) {
            if (rest.every(function (m, i) { return m.get(d).has(p + i + 1); })) { count++; }
          });
          here.set(d, [count > 0, count]);
        });
      }
      if (acc === null) {
        acc = here;
      } else {
        var next = new Map();
        acc.forEach(function (v, d) {
          var w = here.get(d);
          if (w) { next.set(d, [v[0] && w[0], v[1] + w[1]]); }
        });
        acc = next;
      }
    }
    return acc || new Map();
  }
  // Ranking: exact results first, most occurrences first, then the scattered ones; ties in
  // reading order (document number).
  function rank(matches) {
    var hits = [];
    matches.forEach(function (v, d) {
      hits.push({ doc: d, exact: v[0], count: v[0] ? v[1] : 0 });
    });
    hits.sort(function (a, b) {
      return (b.exact - a.exact) || (b.count - a.count) || (a.doc - b.doc);
    });
    return hits;
  }
  // Table rows restating a clause (meta.json plans[].same, found at build time): document →
  // the clause document its group is named by, and clause document → its group in reading
  // order.
  function groupsOf(meta) {
    var lead = new Map(), members = new Map();
    meta.plans.forEach(function (p) {
      var same = p.same || [];
      for (var i = 0; i + 1 < same.length; i += 2) {
        var row = p.first + same[i], clause = p.first + same[i + 1];
        lead.set(row, clause);
        if (!members.has(clause)) { members.set(clause, [clause]); }
        members.get(clause).push(row);
      }
    });
    members.forEach(function (m) { m.sort(function (a, b) { return a - b; }); });
    return { lead: lead, members: members };
  }
  // One hit per group: the group ranks where its best document ranks, and the hit names the
  // group's other documents (`also`) so the page links to each.
  function merge(hits, groups) {
    var seen = new Set(), out = [];
    hits.forEach(function (h) {
      var g = groups.lead.has(h.doc) ? groups.lead.get(h.doc) : h.doc;
      if (seen.has(g)) { return; }
      seen.add(g);
      var members = groups.members.get(g) || [h.doc];
      out.push({ doc: h.doc, exact: h.exact, count: h.count, cite: !!h.cite,
        also: members.filter(function (d) { return d !== h.doc; }) });
    });
    return out;
  }
  // A query written as a clause number (三（一）3, 附件2第9行): its citation key
  // (src/search/index.rs cite_key: folded, spaces left out), or null for a query without a
  // numeral, which no citation lacks.
  function citeKey(q, t2s) {
    var k = Array.from(q).map(function (c) { return fold(c, t2s); })
      .filter(function (c) { return c !== " "; }).join("");
    return /[0-9一二三四五六七八九十]/.test(k) ? " c" + k : null;
  }
  // The ranked hits of the query `q`: the clauses whose citation it is, in reading order,
  // when there are any (a clause number's characters occur everywhere as text); else the
  // clauses containing it. `keep(doc)` filters (plan, office) before a clause and the rows
  // restating it are merged, when `groups` (groupsOf) is given.
  async function search(q, t2s, postings, groups, keep) {
    var hits = [];
    var ck = citeKey(q, t2s);
    if (ck) {
      var d = 0;
      (await postings(ck)).forEach(function (row) {
        d += row[0];
        hits.push({ doc: d, exact: true, count: 0, cite: true });
      });
    }
    if (keep) { hits = hits.filter(function (h) { return keep(h.doc); }); }
    if (!hits.length) {
      hits = rank(await evaluate(terms(q, t2s), postings));
      if (keep) { hits = hits.filter(function (h) { return keep(h.doc); }); }
    }
    return groups ? merge(hits, groups) : hits;
  }

  var core = {
    fold: fold, t2sTable: t2sTable, terms: terms, termKeys: termKeys, keyHash: keyHash,
    partPath: partPath, postingsOf: postingsOf, evaluate: evaluate, rank: rank, groupsOf: groupsOf,
    merge: merge, citeKey: citeKey, search: search
  };
  // In Node (tests): hand over the core; the page below needs a document.
  if (typeof module === "object" && module !== null && typeof module.exports === "object") {
    module.exports = core;
    return;
  }

  // ---- the search page ----
  var app = document.getElementById("search-app");
  if (!app) { return; }
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var planSel = document.getElementById("search-plan");
  var officeSel = document.getElementById("search-office");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var plansBox = document.getElementById("search-plans");
  var root = app.getAttribute("data-root") || "../";
  var base = new URL(root + "search/", location.href);
  var PAGE = 10;

  app.hidden = false;
  var nojs = document.getElementById("search-nojs");
  if (nojs) { nojs.hidden = true; }

  var cache = new Map();
  function getJSON(url, opts) {
    var key = String(url);
    if (!cache.has(key)) {
      cache.set(key, fetch(url, opts).then(function (r) {
        if (!r.ok) { throw new Error(r.status + " " + url); }
        return r.json();
      }).catch(function (e) { cache.delete(key); throw e; }));
    }
    return cache.get(key);
  }

  var t2s = {};
  var meta = null;
  var postings = null;
  var groups = null;
  function partUrl(kind, n) { return new URL(partPath(meta, kind, n), base); }

  function planOf(doc) {
    for (var i = 0; i < meta.plans.length; i++) {
      var p = meta.plans[i];
      if (doc >= p.first && doc < p.end) { return p; }
    }
    return null;
  }
  function chunkOf(doc) {
    var lo = 0, hi = meta.chunks.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (meta.chunks[mid] <= doc) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }
  function docRow(doc) {
    var c = chunkOf(doc);
    return getJSON(partUrl("docs", c)).then(function (rows) {
      return rows[doc - meta.chunks[c]];
    });
  }

  // ---- filters ----
  function fillFilters(params) {
    var byRegion = new Map();
    meta.plans.forEach(function (p) {
      if (!byRegion.has(p.region)) { byRegion.set(p.region, []); }
      byRegion.get(p.region).push(p);
    });
    byRegion.forEach(function (plans, region) {
      var g = document.createElement("optgroup");
      g.label = region;
      if (plans.length > 1) {
        g.appendChild(new Option(region + "全部规划", "county:" + region));
      }
      plans.forEach(function (p) { g.appendChild(new Option(p.title, p.slug)); });
      planSel.appendChild(g);
    });
    var groups = new Map();
    meta.offices.forEach(function (o) {
      if (!groups.has(o[0])) {
        var g = document.createElement("optgroup");
        g.label = o[0];
        groups.set(o[0], g);
        officeSel.appendChild(g);
      }
      groups.get(o[0]).appendChild(new Option(o[1], o[0] + "/" + o[1]));
    });
    planSel.value = params.get("plan") || "";
    if (planSel.selectedIndex < 0) { planSel.value = ""; }
    officeSel.value = params.get("office") || "";
    if (officeSel.selectedIndex < 0) { officeSel.value = ""; }
  }
  function inPlanFilter(doc) {
    var v = planSel.value;
    if (!v) { return true; }
    var p = planOf(doc);
    if (!p) { return false; }
    return v.indexOf("county:") === 0 ? p.region === v.slice(7) : p.slug === v;
  }
  async function officeDocs() {
    var v = officeSel.value;
    if (!v) { return null; }
    var n = -1;
    meta.offices.forEach(function (o, i) { if (o[0] + "/" + o[1] === v) { n = i; } });
    var set = new Set(), d = 0;
    if (n < 0) { return set; }
    (await postings(" o" + n)).forEach(function (row) { d += row[0]; set.add(d); });
    return set;
  }

  // ---- excerpts ----
  function occurrences(norm, t) {
    var out = [];
    outer: for (var i = 0; i + t.length <= norm.length; i++) {
      for (var j = 0; j < t.length; j++) { if (norm[i + j] !== t[j]) { continue outer; } }
      out.push([i, i + t.length]);
    }
    return out;
  }
  function matchRanges(norm, ts, exact) {
    var rs = [];
    ts.forEach(function (t) {
      if (exact || t.length === 1) {
        rs = rs.concat(occurrences(norm, t));
      } else {
        termKeys(t).forEach(function (k) { rs = rs.concat(occurrences(norm, Array.from(k))); });
      }
    });
    rs.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    rs.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) { last[1] = Math.max(last[1], r[1]); } else { merged.push(r.slice()); }
    });
    return merged;
  }
  // Append chars[from..to) to el, with the parts inside ranges (absolute offsets) marked.
  function appendMarked(el, chars, from, to, ranges) {
    var pos = from;
    function text(a, b) {
      if (b > a) { el.appendChild(document.createTextNode(chars.slice(a, b).join("").replace(/\n/g, " "))); }
    }
    ranges.forEach(function (r) {
      var a = Math.max(r[0], from), b = Math.min(r[1], to);
      if (b <= a || a < pos) { return; }
      text(pos, a);
      var m = document.createElement("mark");
      m.textContent = chars.slice(a, b).join("");
      el.appendChild(m);
      pos = b;
    });
    text(pos, to);
  }

  function planLink(plan, id) {
    // Links name the file, like every link of the site, so they also work from disk.
    return root + "plans/" + encodeURIComponent(plan.slug) + "/index.html#" + encodeURIComponent(id);
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  // Who leads, who else is named, and by when: the fields after the text in a docs row
  // (src/search/index.rs), empty ones left out.
  function facts(row) {
    var dl = el("dl", "result-facts");
    [["牵头单位", row[4]], ["责任单位", row[5]], ["配合单位", row[6]], ["时间要求", row[7]]]
      .forEach(function (f) {
        if (!f[1]) { return; }
        var div = el("div");
        div.appendChild(el("dt", "", f[0]));
        div.appendChild(el("dd", "", f[1]));
        dl.appendChild(div);
      });
    return dl.childNodes.length ? dl : null;
  }

  function resultItem(hit, row, alsoRows, ts) {
    var plan = planOf(hit.doc);
    var id = row[0], citation = row[1], title = row[2], body = row[3];
    var full = body ? title + "\n" + body : title;
    var chars = Array.from(full);
    var norm = chars.map(function (c) { return fold(c, t2s); });
    var ranges = matchRanges(norm, ts, hit.exact);
    var tlen = Array.from(title).length;
    var li = el("li", "search-result" + (hit.exact ? " is-exact" : " is-scattered"));
    var h = el("h3");
    var a = el("a");
    a.href = planLink(plan, id);
    a.appendChild(el("span", "citation", citation));
    a.appendChild(document.createTextNode(" "));
    var tspan = el("span", "result-title");
    appendMarked(tspan, chars, 0, tlen, ranges);
    a.appendChild(tspan);
    h.appendChild(a);
    li.appendChild(h);
    var metaP = el("p", "result-meta", plan.region + " · " + plan.title);
    if (plan.draft) {
      metaP.appendChild(document.createTextNode(" "));
      metaP.appendChild(el("span", "badge draft", plan.draft));
    }
    li.appendChild(metaP);
    if (body) {
      var start = tlen + 1;
      var first = ranges.find(function (r) { return r[0] >= start; });
      var from = first ? Math.max(start, first[0] - 30) : start;
      var to = Math.min(chars.length, from + 110);
      var p = el("p", "result-excerpt");
      if (from > start) { p.appendChild(document.createTextNode("…")); }
      appendMarked(p, chars, from, to, ranges);
      if (to < chars.length) { p.appendChild(document.createTextNode("…")); }
      li.appendChild(p);
    }
    var f = facts(row);
    if (f) { li.appendChild(f); }
    if (alsoRows.length) {
      // The same task stated twice (a clause and its annex row): one hit, a link to each.
      var also = el("p", "result-also", "同一任务另见：");
      alsoRows.forEach(function (r, i) {
        if (i > 0) { also.appendChild(document.createTextNode("、")); }
        // Its citation alone: the row restates the clause, title and all.
        var b = el("a", "citation", r[1]);
        b.href = planLink(plan, r[0]);
        also.appendChild(b);
      });
      li.appendChild(also);
    }
    if (!hit.exact) {
      li.appendChild(el("p", "result-note", "所含字词不相连"));
    }
    return li;
  }

  // ---- running a search ----
  var current = null;
  var shown = 0;
  var runId = 0;

  function say(msg) { status.textContent = msg; }
  // State for readers of the page that are not people (tests, tools): idle, searching, done, error.
  function state(s, total, exact) {
    app.setAttribute("data-state", s);
    app.setAttribute("data-total", total || 0);
    app.setAttribute("data-exact", exact || 0);
  }

  async function showMore() {
    var my = runId;
    var page = current.hits.slice(shown, shown + PAGE);
    var rows = await Promise.all(page.map(function (h) {
      return Promise.all([h.doc].concat(h.also).map(docRow));
    }));
    if (my !== runId) { return; }
    var firstNew = null;
    page.forEach(function (h, i) {
      // A clause found by its number: none of its text is the query, nothing to mark.
      var li = resultItem(h, rows[i][0], rows[i].slice(1), h.cite ? [] : current.terms);
      if (!firstNew) { firstNew = li; }
      list.appendChild(li);
    });
    shown += page.length;
    var left = current.hits.length - shown;
    more.hidden = left <= 0;
    more.textContent = "显示更多结果（还有 " + left + " 条）";
    return firstNew;
  }

  // Plans whose 文号 holds every term of the query (源政字〔2023〕36号): a document number
  // names a plan, not a clause, so they are listed above the clauses.
  function showPlans(ts) {
    plansBox.textContent = "";
    var found = ts.length ? meta.plans.filter(function (p) {
      if (!p.doc_number) { return false; }
      var n = Array.from(p.doc_number).map(function (c) { return fold(c, t2s); }).join("");
      return ts.every(function (t) { return n.indexOf(t.join("")) >= 0; });
    }) : [];
    plansBox.hidden = !found.length;
    if (!found.length) { return; }
    plansBox.appendChild(el("h2", "", "文号相符的规划"));
    var ul = el("ul");
    found.forEach(function (p) {
      var li = el("li");
      var a = el("a", "", p.title);
      a.href = root + "plans/" + encodeURIComponent(p.slug) + "/index.html";
      li.appendChild(a);
      li.appendChild(document.createTextNode(" " + p.doc_number + " · " + p.region));
      if (p.draft) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "badge draft", p.draft));
      }
      ul.appendChild(li);
    });
    plansBox.appendChild(ul);
  }

  async function run() {
    var my = ++runId;
    var q = input.value.trim();
    list.textContent = "";
    plansBox.textContent = "";
    plansBox.hidden = true;
    more.hidden = true;
    shown = 0;
    if (!q) { say("请输入要查找的字词，例如：心理健康、大班额、县管校聘。"); state("idle"); return; }
    say("正在搜索…");
    state("searching");
    var ts = terms(q, t2s);
    var offices = await officeDocs();
    var hits = await search(q, t2s, postings, groups, function (d) {
      return inPlanFilter(d) && (!offices || offices.has(d));
    });
    if (my !== runId) { return; }
    showPlans(ts);
    current = { hits: hits, terms: ts };
    var exact = hits.filter(function (h) { return h.exact; }).length;
    if (!hits.length) {
      say("没有找到包含“" + q + "”的条款" + (plansBox.hidden ? "。" : "；文号相符的规划见下。"));
      state("done");
      return;
    }
    await showMore();
    if (my !== runId) { return; }
    state("done", hits.length, exact);
    say(hits[0].cite ? "找到 " + hits.length + " 条编号为“" + q + "”的条款。" :
      "找到 " + hits.length + " 条结果" +
      (exact < hits.length ? "（" + exact + " 条完整包含“" + q + "”）" : "") + "。");
  }

  function paramsFromForm() {
    var p = new URLSearchParams();
    if (input.value.trim()) { p.set("q", input.value.trim()); }
    if (planSel.value) { p.set("plan", planSel.value); }
    if (officeSel.value) { p.set("office", officeSel.value); }
    return p;
  }
  function update(push) {
    var s = paramsFromForm().toString();
    var url = location.pathname + (s ? "?" + s : "");
    if (push) { history.pushState(null, "", url); } else { history.replaceState(null, "", url); }
    document.title = (input.value.trim() ? input.value.trim() + " · " : "") + app.getAttribute("data-title");
    return run().catch(fail);
  }
  function fail(e) {
    var msg = location.protocol === "file:"
      ? "从本地文件打开时浏览器不允许读取搜索索引：请通过网站地址访问本页。"
      : "搜索索引读取失败，请稍后重试。";
    say(msg);
    state("error");
    if (window.console) { console.warn(e); }
  }

  async function start() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    meta = await getJSON(new URL("meta.json", base), { cache: "no-cache" });
    postings = postingsOf(meta, function (p) { return getJSON(new URL(p, base)); });
    groups = groupsOf(meta);
    await loadT2s();
    fillFilters(params);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      loadT2s().then(function () { return update(true); });
    });
    planSel.addEventListener("change", function () { update(false); });
    officeSel.addEventListener("change", function () { update(false); });
    more.addEventListener("click", function () {
      showMore().then(function (li) {
        var a = li && li.querySelector("a");
        if (a) { a.focus(); }
      }).catch(fail);
    });
    window.addEventListener("popstate", function () {
      var p = new URLSearchParams(location.search);
      input.value = p.get("q") || "";
      planSel.value = p.get("plan") || "";
      officeSel.value = p.get("office") || "";
      loadT2s().then(run).catch(fail);
    });
    await run();
  }
  function loadT2s() {
    if (!meta.t2s || !/[^\x00-\x7f]/.test(input.value)) { return Promise.resolve(); }
    return getJSON(partUrl("t2s", 0)).then(function (pair) { t2s = t2sTable(pair); });
  }
  start().catch(fail);
})();
