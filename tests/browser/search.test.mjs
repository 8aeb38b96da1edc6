// Browser tests of issue #5 (search): Chinese full-text search that lands on the clause.
//
// What a clause says is read from the built plan pages themselves (each `.node[id]`'s title
// and own paragraphs, each table row `tr[id]`), never from a list kept here, so the expected
// counts follow the content. Markup relied on (themes/default/templates/search.html and
// static/search.js): #search-app[data-state=done][data-total][data-exact], results
// `#search-results > li` whose first `a[href]` leads to `plans/<slug>/#<id>` (and
// `.result-also a` to the table rows restating that clause), `.is-exact` on exact results,
// `.result-meta` (county, plan, `.badge.draft`), `.result-facts` (dt/dd: 牵头单位 …
// 时间要求), the button #search-more, the selects #search-plan and #search-office.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as h from './lib/harness.mjs';
import { smallTargets, longLines } from './lib/gate.mjs';

const QUERIES = ['心理健康', '大班额', '财政局', '县管校聘', '近视', '产教融合', '智慧校园', '双减', '特殊教育', '2025年'];
const DIR = h.siteDir();
const SLUGS = h.planSlugs(DIR);

let browser;
before(async () => {
  browser = await h.launch();
});
after(async () => {
  await browser?.close();
  await h.stopServer();
});

/** Full-width ASCII → half-width, as the search folds it (the plans print both ２０２５ and 2025). */
const fold = (s) => s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** `slug#id` → the clause's text, from every plan page of the built site (read once). */
let clauses = null;
async function clauseTexts() {
  if (clauses) return clauses;
  assert.ok(SLUGS.length > 0, `no plan pages in ${DIR}`);
  clauses = new Map();
  const ctx = await h.openContext(browser, h.DESKTOP);
  try {
    for (const slug of SLUGS) {
      const page = await h.open(ctx, `plans/${slug}/`);
      const items = await page.$$eval('.plan-body .node[id], .plan-body tr[id]', (els) =>
        els.map((e) => {
          if (e.tagName === 'TR') return [e.id, e.innerText];
          const title = e.querySelector('.node-title');
          const label = title?.querySelector('.label');
          const parts = [(title?.textContent ?? '').slice(label ? label.textContent.length : 0)];
          // A 「原文如此」 note is the site's, not the clause's text: the index leaves it out.
          for (const p of e.querySelectorAll(':scope > p:not(.source-note)')) parts.push(p.textContent);
          return [e.id, parts.join('\n')];
        }),
      );
      assert.ok(items.length > 0, `no clauses found on plans/${slug}/`);
      for (const [id, text] of items) clauses.set(`${slug}#${id}`, text);
      await page.close();
    }
  } finally {
    await ctx.done();
  }
  return clauses;
}

/** `plans/<slug>/#<id>` link → `slug#id`. */
function keyOf(href) {
  const u = new URL(href);
  const m = u.pathname.match(/\/plans\/([^/]+)\/(index\.html)?$/);
  assert.ok(m && u.hash.length > 1, `result link is not plans/<slug>/#<id>: ${href}`);
  return `${decodeURIComponent(m[1])}#${decodeURIComponent(u.hash.slice(1))}`;
}

/** Run a search on the open page and wait for it to finish. */
async function waitDone(page) {
  await page.waitForSelector('#search-app[data-state="done"], #search-app[data-state="error"]', { timeout: 20000 });
  const st = await page.getAttribute('#search-app', 'data-state');
  assert.equal(st, 'done', `search ended in state ${st}: ${await page.textContent('#search-status')}`);
}

/** All results of the search shown on `page` (pressing "more" until none are left). */
async function allResults(page) {
  for (let i = 0; i < 100 && (await page.isVisible('#search-more')); i++) {
    const n = await page.locator('#search-results > li').count();
    await page.click('#search-more');
    await page.waitForFunction((n) => document.querySelectorAll('#search-results > li').length > n, n);
  }
  return page.$$eval('#search-results > li', (ls) =>
    ls.map((l) => ({
      href: l.querySelector('a[href]').href,
      hrefs: [...l.querySelectorAll('a[href]')].map((a) => a.href),
      exact: l.classList.contains('is-exact'),
      text: l.innerText,
      meta: l.querySelector('.result-meta')?.innerText ?? '',
      draft: l.querySelector('.result-meta .badge.draft')?.textContent ?? '',
      facts: Object.fromEntries([...l.querySelectorAll('.result-facts > div')].map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])),
    })),
  );
}

test('each query: the first 5 results contain it exactly, and every clause that contains it is found', async () => {
  const texts = await clauseTexts();
  const ctx = await h.openContext(browser, h.DESKTOP);
  try {
    const page = await ctx.newPage();
    for (const q of QUERIES) {
      const inModel = [...texts].filter(([, t]) => fold(t).includes(q)).map(([k]) => k);
      await page.goto(await h.urlOf(`search/?q=${encodeURIComponent(q)}`));
      await waitDone(page);
      const results = await allResults(page);
      const total = Number(await page.getAttribute('#search-app', 'data-total'));
      assert.equal(results.length, total, `${q}: shown ${results.length} of ${total}`);
      for (const [i, r] of results.slice(0, 5).entries()) {
        const k = keyOf(r.href);
        assert.ok(texts.has(k), `${q}: result ${i + 1} links to ${k}, which is not a clause of the plan page`);
        assert.ok(fold(texts.get(k)).includes(q), `${q}: result ${i + 1} (${k}) does not contain it:\n${texts.get(k)}`);
        assert.ok(r.exact, `${q}: result ${i + 1} (${k}) is not marked exact`);
        assert.match(r.text, new RegExp(q), `${q}: result ${i + 1} shows no excerpt with it`);
      }
      // A clause and the table row restating it are one result with a link to each.
      const exactFound = new Set(results.filter((r) => r.exact).flatMap((r) => r.hrefs.map(keyOf)));
      assert.ok(
        exactFound.size >= Math.min(5, inModel.length),
        `${q}: ${exactFound.size} exact results, ${inModel.length} clauses contain it`,
      );
      const missed = inModel.filter((k) => !exactFound.has(k));
      assert.deepEqual(missed, [], `${q}: clauses containing it but not found as exact results`);
      // Exact results come first.
      const firstScattered = results.findIndex((r) => !r.exact);
      if (firstScattered >= 0) assert.ok(results.slice(firstScattered).every((r) => !r.exact), `${q}: exact after scattered`);
      const nExact = results.filter((r) => r.exact).length;
      console.log(`# search ${q}: ${inModel.length} clauses contain it; ${nExact} exact results (${exactFound.size} clauses linked) + ${results.length - nExact} scattered`);
    }
  } finally {
    await ctx.done();
  }
});

test('following a result lands on the highlighted clause', async () => {
  const ctx = await h.openContext(browser, h.PHONE);
  try {
    const page = await h.open(ctx, `search/?q=${encodeURIComponent('县管校聘')}`);
    await waitDone(page);
    const link = page.locator('#search-results > li a[href]').first();
    const href = await link.evaluate((a) => a.href);
    await Promise.all([page.waitForURL(href), link.click()]);
    const id = decodeURIComponent(new URL(href).hash.slice(1));
    assert.ok(await page.evaluate((id) => document.getElementById(id)?.matches(':target'), id), `#${id} is not the :target`);
    await page.waitForFunction((id) => {
      const r = document.getElementById(id).getBoundingClientRect();
      return r.top < innerHeight && r.bottom > 0;
    }, id);
    assert.match(await page.locator(`[id="${id}"]`).innerText(), /县管校聘/);
    const other = await page.evaluate((id) => [...document.querySelectorAll('.node[id]')].find((e) => e.id !== id)?.id, id);
    const hl = await h.targetHighlight(page, id, other);
    assert.ok(hl.isTarget && hl.diff.length > 0, `the clause is not highlighted: ${JSON.stringify(hl)}`);
  } finally {
    await ctx.done();
  }
});

test('one query fetches a small part of the index (bytes reported)', async () => {
  const ctx = await h.openContext(browser, h.DESKTOP);
  try {
    const page = await ctx.newPage();
    const fetched = [];
    page.on('response', async (r) => {
      const u = new URL(r.url());
      if (!/\/search\/.+\.json$/.test(u.pathname)) return;
      fetched.push({ path: u.pathname, bytes: (await r.body()).length });
    });
    const q = '心理健康';
    await page.goto(await h.urlOf(`search/?q=${encodeURIComponent(q)}`));
    await waitDone(page);
    await page.waitForLoadState('networkidle');
    const sum = (xs) => xs.reduce((a, x) => a + x.bytes, 0);
    const idx = fetched.filter((f) => f.path.includes('/idx/'));
    const docs = fetched.filter((f) => f.path.includes('/docs/'));
    // The whole index on disk, to compare with.
    const all = [];
    const walk = (d) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else all.push({ path: p, bytes: fs.statSync(p).size });
      }
    };
    walk(path.join(DIR, 'search'));
    const allIdx = all.filter((f) => f.path.includes(`${path.sep}idx${path.sep}`));
    console.log(
      `# search bytes for "${q}": ${sum(fetched)} in ${fetched.length} files ` +
        `(index shards ${sum(idx)} in ${idx.length}, clause texts ${sum(docs)} in ${docs.length}, ` +
        `other ${sum(fetched) - sum(idx) - sum(docs)}); whole index on disk ${sum(all)} bytes in ${all.length} files`,
    );
    assert.ok(idx.length > 0 && idx.length <= 4, `fetched ${idx.length} shards for a 4-character query`);
    assert.ok(sum(idx) * 10 < sum(allIdx), `fetched ${sum(idx)} of ${sum(allIdx)} index bytes`);
    assert.ok(sum(fetched) * 4 < sum(all), `fetched ${sum(fetched)} of ${sum(all)} bytes`);
  } finally {
    await ctx.done();
  }
});

test('search page with results, and empty with its help: no WCAG 2.1 A/AA violation, no sideways scroll at 375px', async () => {
  for (const size of [h.PHONE, h.DESKTOP]) {
    for (const q of ['大班额', '心理健康', '']) {
      await h.withPage(browser, `search/?q=${encodeURIComponent(q)}`, size, async (page) => {
        if (q) {
          await waitDone(page);
          assert.ok((await page.locator('#search-results > li .result-facts').count()) > 0);
        } else {
          await page.waitForSelector('#search-app[data-state="idle"]:not([hidden])');
          assert.match(await page.locator('.search-help').innerText(), /条款编号/);
        }
        await h.assertAccessible(page);
        if (size === h.PHONE) await h.assertNoSidewaysScroll(page);
      });
    }
  }
});

/** The search page as a reader sees it: `q` searched (results shown) or empty (help shown). */
async function searchPage(page, q) {
  if (q) {
    await waitDone(page);
    assert.ok((await page.locator('#search-results > li').count()) > 0, `${q}: no results`);
  } else {
    await page.waitForSelector('#search-app[data-state="idle"]:not([hidden])');
  }
}

test('the quality gate on the search page: targets ≥ 44×44 px at 375 px (links in a sentence excepted), lines ≤ 40 characters at 1280 px', async () => {
  const failures = [];
  const kinds = new Set();
  // 县教体局 finds more than a page of results: the 「显示更多」 button is measured too.
  for (const q of ['大班额', '心理健康', '县教体局', '']) {
    await h.withPage(browser, `search/?q=${encodeURIComponent(q)}`, h.PHONE, async (page) => {
      await searchPage(page, q);
      // What is measured: every kind of control a result page has must be among them.
      for (const sel of ['#search-q', '#search-form button', '#search-plan', '#search-office', '.search-result h3 a', '.result-also a', '#search-more']) {
        if (await page.locator(sel).first().isVisible()) kinds.add(sel);
      }
      const r = await smallTargets(page);
      if (r.small.length) failures.push(`/search/?q=${q} at 375px: ${r.small.length} small:\n  ${[...new Set(r.small)].slice(0, 15).join('\n  ')}`);
    });
    await h.withPage(browser, `search/?q=${encodeURIComponent(q)}`, h.DESKTOP, async (page) => {
      await searchPage(page, q);
      const r = await longLines(page);
      assert.ok(r.count > (q ? 20 : 5), `/search/?q=${q}: only ${r.count} lines measured`);
      if (r.long.length) failures.push(`/search/?q=${q} at 1280px:\n  ${r.long.slice(0, 5).join('\n  ')}`);
    });
  }
  // Without JavaScript: the list of plans and indexes that stands in for the search.
  const ctx = await h.openContext(browser, h.PHONE, { javaScriptEnabled: false });
  try {
    const page = await h.open(ctx, 'search/');
    const r = await smallTargets(page);
    assert.ok(r.measured > 10, `only ${r.measured} targets without JavaScript`);
    if (r.small.length) failures.push(`/search/ without JavaScript: ${[...new Set(r.small)].slice(0, 15).join('\n  ')}`);
  } finally {
    await ctx.done();
  }
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.equal(kinds.size, 7, `controls seen: ${[...kinds].join(' ')}`);
});

/** Per plan page (read once): each clause's lead offices, deadlines and the rows restating
 * it, as the plan page prints them, and whether the plan is marked a draft. */
const pageFacts = new Map();
async function factsOf(ctx, slug) {
  if (!pageFacts.has(slug)) {
    const page = await h.open(ctx, `plans/${slug}/`);
    pageFacts.set(slug, await page.evaluate(() => ({
      title: document.querySelector('h1').textContent.trim(),
      draft: document.querySelector('.badge.draft')?.textContent ?? '',
      nodes: Object.fromEntries([...document.querySelectorAll('.plan-body .node[id]')].map((n) => {
        const all = (sel) => [...n.querySelectorAll(`:scope > .duties ${sel}`)];
        return [n.id, {
          lead: all('.duty-group.lead a.unit').map((a) => a.textContent),
          deadlines: all('.duty-group.deadlines a.deadline').map((a) => a.textContent),
          rows: all('.duty-group.rows a.row-link').map((a) => a.getAttribute('href').slice(1)),
        }];
      })),
    })));
    await page.close();
  }
  return pageFacts.get(slug);
}

test('大班额: each result shows its county, plan, draft marker, lead office and deadline; a clause and its annex row are one result', async () => {
  const ctx = await h.openContext(browser, h.PHONE);
  try {
    const page = await h.open(ctx, `search/?q=${encodeURIComponent('大班额')}`);
    await waitDone(page);
    const results = await allResults(page);
    assert.ok(results.length > 0, 'no results');
    let withLead = 0, withDeadline = 0, drafts = 0;
    const merged = [];
    for (const r of results) {
      const [slug, id] = keyOf(r.href).split('#');
      const facts = await factsOf(ctx, slug);
      // County and plan as the plan page names them; the draft marker exactly when it has one.
      assert.ok(r.meta.includes(facts.title), `${r.href}: ${r.meta} does not name ${facts.title}`);
      assert.equal(Boolean(r.draft), Boolean(facts.draft), `${r.href}: draft marker ${JSON.stringify(r.draft)}, plan page ${JSON.stringify(facts.draft)}`);
      if (facts.draft) assert.ok(facts.draft.startsWith(r.draft), `${r.href}: ${r.draft} vs ${facts.draft}`);
      if (r.draft) drafts++;
      // The clause this result is about: the link itself, or the clause a row restates.
      const keys = r.hrefs.map(keyOf).filter((k) => k.startsWith(`${slug}#`)).map((k) => k.split('#')[1]);
      const clause = keys.find((k) => facts.nodes[k]);
      if (!clause) continue;
      const n = facts.nodes[clause];
      if (n.lead.length) {
        assert.equal(r.facts['牵头单位'], n.lead.join('、'), `${r.href}: lead office`);
        withLead++;
      }
      for (const d of n.deadlines) assert.ok((r.facts['时间要求'] ?? '').includes(d), `${r.href}: deadline ${d} not in ${JSON.stringify(r.facts)}`);
      if (n.deadlines.length) withDeadline++;
      // Rows restating the clause (the plan page's 任务清单 links) are in the same result.
      for (const row of n.rows) {
        assert.ok(keys.includes(row), `${r.href}: row ${row} restating ${clause} is not in the result (${keys.join(', ')})`);
        assert.ok(!results.some((o) => o !== r && o.hrefs.map(keyOf).includes(`${slug}#${row}`)), `${slug}#${row} is a result of its own too`);
      }
      if (n.rows.length && keys.length > 1) merged.push(`${r.meta} ${keys.join(' + ')}`);
    }
    console.log(`# search 大班额: ${results.length} results, ${withLead} with a lead office, ${withDeadline} with deadlines, ${drafts} drafts; merged: ${merged.join('; ')}`);
    assert.ok(withLead > 0 && withDeadline > 0 && drafts > 0, 'no result shows a lead office, a deadline or a draft marker');
    assert.ok(merged.some((m) => m.includes('石泉县')), `石泉's clause and annex row are not one result: ${merged.join('; ')}`);
    await page.screenshot({ path: path.join(h.REPO, 'target', 'search-dabane-phone.png'), fullPage: true }).catch(() => {});
  } finally {
    await ctx.done();
  }
});

test('a clause number finds the clause; a 文号 finds the plan', async () => {
  const ctx = await h.openContext(browser, h.DESKTOP);
  try {
    // The first result of 大班额 and its printed citation, typed with ASCII brackets.
    const page = await h.open(ctx, `search/?q=${encodeURIComponent('大班额')}`);
    await waitDone(page);
    const first = page.locator('#search-results > li').first();
    const href = await first.locator('a[href]').first().evaluate((a) => a.href);
    const cite = await first.locator('h3 .citation').textContent();
    const slug = keyOf(href).split('#')[0];
    await page.goto(await h.urlOf(`search/?q=${encodeURIComponent(cite.replace(/（/g, '(').replace(/）/g, ')'))}&plan=${slug}`));
    await waitDone(page);
    const rs = await allResults(page);
    assert.equal(rs.length, 1, `${cite} in ${slug}: ${rs.map((r) => r.href).join(', ')}`);
    assert.equal(keyOf(rs[0].href), keyOf(href));
    // A plan's 文号 (from the home page) lists that plan above the clauses.
    const home = await h.open(ctx, '');
    const numbers = await home.$$eval('.plan-card', (cs) => cs.flatMap((c) => {
      const dt = [...c.querySelectorAll('dt')].find((d) => d.textContent === '发文字号');
      return dt ? [[c.querySelector('.plan-title a').href, dt.nextElementSibling.textContent]] : [];
    }));
    assert.ok(numbers.length > 0, 'no plan of the site has a 文号');
    for (const [planHref, number] of numbers) {
      await page.goto(await h.urlOf(`search/?q=${encodeURIComponent(number)}`));
      await page.waitForSelector('#search-plans:not([hidden]) a[href]');
      const links = await page.$$eval('#search-plans a[href]', (as) => as.map((a) => a.href));
      assert.ok(links.map(h.normUrl).includes(h.normUrl(planHref)), `${number}: ${links.join(', ')}`);
    }
  } finally {
    await ctx.done();
  }
});

test('traditional characters, full-width forms and case find the same clauses', async () => {
  const ctx = await h.openContext(browser, h.DESKTOP);
  try {
    const page = await ctx.newPage();
    const hrefs = async (q) => {
      await page.goto(await h.urlOf(`search/?q=${encodeURIComponent(q)}`));
      await waitDone(page);
      return (await allResults(page)).map((r) => r.href);
    };
    for (const [a, b] of [['县管校聘', '縣管校聘'], ['5G', '５ｇ'], ['产教融合', '產教融合']]) {
      const ra = await hrefs(a);
      assert.ok(ra.length > 0, `${a}: no results`);
      assert.deepEqual(await hrefs(b), ra, `${b} finds other clauses than ${a}`);
    }
    // A substring across a word boundary.
    assert.ok((await hrefs('理健康')).length > 0, '理健康 finds nothing');
  } finally {
    await ctx.done();
  }
});

test('filters by plan/county and by office narrow the results', async () => {
  const ctx = await h.openContext(browser, h.DESKTOP);
  try {
    const page = await h.open(ctx, `search/?q=${encodeURIComponent('教师')}`);
    await waitDone(page);
    const total = Number(await page.getAttribute('#search-app', 'data-total'));
    // Plan filter: the second option is the first plan (or county) choice.
    const planValue = await page.$eval('#search-plan', (s) => [...s.options].find((o) => o.value && !o.value.startsWith('county:')).value);
    await page.selectOption('#search-plan', planValue);
    await page.waitForFunction((v) => new URLSearchParams(location.search).get('plan') === v, planValue);
    await waitDone(page);
    const inPlan = await allResults(page);
    assert.ok(inPlan.length > 0 && inPlan.length < total, `plan filter: ${inPlan.length} of ${total}`);
    for (const r of inPlan) assert.ok(new URL(r.href).pathname.includes(`/plans/${planValue}/`), r.href);
    // Office filter: an office of that plan's county; every result names it.
    await page.selectOption('#search-plan', '');
    const office = await page.$eval('#search-office', (s) => [...s.options].find((o) => o.value).value);
    await page.selectOption('#search-office', office);
    await page.waitForFunction((v) => new URLSearchParams(location.search).get('office') === v, office);
    await waitDone(page);
    const unit = office.slice(office.indexOf('/') + 1);
    for (const r of await allResults(page)) assert.ok(r.text.includes(unit), `${unit} not in result ${r.href}`);
    // The filtered search is a link: reloading it gives the same selection.
    await page.reload();
    await waitDone(page);
    assert.equal(await page.$eval('#search-office', (s) => s.value), office);
  } finally {
    await ctx.done();
  }
});

test('every page has a search box that leads to the results', async () => {
  const pages = ['', `plans/${SLUGS[0]}/`];
  for (const p of pages) {
    await h.withPage(browser, p, h.PHONE, async (page) => {
      const box = page.locator('header form[role="search"] input[name="q"]');
      assert.equal(await box.count(), 1, `no search box in the header of /${p}`);
      await box.fill('大班额');
      await Promise.all([page.waitForURL(/\/search\/(index\.html)?\?q=/), box.press('Enter')]);
      await waitDone(page);
      assert.ok((await page.locator('#search-results > li').count()) > 0, `no results after searching from /${p}`);
    });
  }
});

test('without JavaScript the header search box leads to a page listing every plan, the offices and the timeline', async () => {
  const ctx = await h.openContext(browser, h.PHONE, { javaScriptEnabled: false });
  try {
    // From a plan page's header box, as a reader would.
    const page = await h.open(ctx, `plans/${SLUGS[0]}/`);
    const box = page.locator('header form[role="search"] input[name="q"]');
    await box.fill('心理健康');
    await Promise.all([page.waitForURL(/\/search\/(index\.html)?\?q=/), box.press('Enter')]);
    const text = await page.locator('main').innerText();
    assert.match(text, /JavaScript/);
    const hrefs = (await page.$$eval('main a[href]', (as) => as.filter((a) => a.offsetParent !== null).map((a) => a.href))).map(h.normUrl);
    for (const target of ['units/', 'timeline/', ...SLUGS.map((s) => `plans/${s}/`)]) {
      const url = h.normUrl(await h.urlOf(target));
      assert.ok(hrefs.includes(url), `no visible link to ${url} in: ${hrefs.join(', ')}`);
    }
    // Each county's offices, and the drafts marked as on the home page.
    const counties = await page.$$eval('.nojs-county', (cs) => cs.map((c) => c.querySelector('h3').textContent));
    assert.ok(counties.length > 0, 'no county listed');
    for (const c of counties) assert.ok(text.includes(`${c}各单位的任务`), `no link to ${c}'s offices`);
    const home = await h.open(ctx, '');
    const drafts = await home.locator('.plan-card .badge.draft').count();
    assert.equal(await page.locator('.search-nojs .badge.draft').count(), drafts, 'draft markers differ from the home page');
    assert.equal(await page.isVisible('#search-form'), false, 'the search form shows without JavaScript');
    // (axe-core cannot run with JavaScript off; the same markup is checked with it on above.)
  } finally {
    await ctx.done();
  }
});
