// Responsibility index, departments, timeline and targets pages in headless Chromium:
// links from an office page and from a year page land on the highlighted clause; axe-core
// (WCAG 2.1 A/AA) and no sideways scrolling at 375px on every kind of graph page.
// Pages are discovered from the build itself (folders under units/, departments/, timeline/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as h from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await h.launch();
});
after(async () => {
  await browser?.close();
  await h.stopServer();
});

function subdirs(rel) {
  const dir = path.join(h.siteDir(), rel);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((s) => fs.existsSync(path.join(dir, s, 'index.html')))
    .sort()
    .map((s) => `${rel}${s}/`);
}

/** County folders under units/: each holds the county's page and its office pages. */
function countyDirs() {
  const dir = path.join(h.siteDir(), 'units');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((s) => fs.statSync(path.join(dir, s)).isDirectory())
    .sort()
    .map((s) => `units/${s}/`);
}

/** Every office page: units/<county>/<office>/. */
function officePages() {
  return countyDirs().flatMap((c) => subdirs(c));
}

function html(rel) {
  return fs.readFileSync(path.join(h.siteDir(), rel, 'index.html'), 'utf8');
}

/** Whether minified or plain HTML has an element with this class (quotes may be gone). */
function hasClass(text, cls) {
  return new RegExp(`class=("[^"]*\\s|"|)${cls}(?=[\\s"'>])`).test(text);
}

function countClass(text, cls) {
  return (text.match(new RegExp(`class=("[^"]*\\s|"|)${cls}(?=[\\s"'>])`, 'g')) || []).length;
}

/** The page of `list` with the most elements of class `cls` (ties: the first). */
function busiest(list, cls) {
  return list
    .map((p) => [p, countClass(html(p), cls)])
    .sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** A sample that covers every kind of graph page and its worst case without opening all of
 *  them (axe-core takes seconds a page): per county the office with the most duties and a
 *  collective body; the index pages; the fullest department, year, plan axis and targets
 *  page, and the first and last year. */
function pagesToCheck() {
  const offices = [];
  for (const c of countyDirs()) {
    const os = subdirs(c);
    const top = busiest(os, 'g-duty');
    if (top) offices.push(top);
    const collective = os.find((p) => hasClass(html(p), 'g-collective-note'));
    if (collective && collective !== top) offices.push(collective);
  }
  const years = subdirs('timeline/');
  const slugs = h.planSlugs();
  const pick = [
    'units/',
    busiest(countyDirs(), 'g-units-table') || countyDirs()[0],
    ...offices,
    'departments/',
    busiest(subdirs('departments/'), 'g-duties'),
    'departments/education/',
    'timeline/',
    years[0],
    busiest(years, 'g-entry'),
    years[years.length - 1],
    'targets/',
    busiest(slugs.map((s) => `plans/${s}/timeline/`), 'g-entry'),
    busiest(slugs.map((s) => `plans/${s}/targets/`), 'cite'),
  ];
  return [...new Set(pick.filter((p) => p && fs.existsSync(path.join(h.siteDir(), p, 'index.html'))))];
}

test('the graph pages exist', () => {
  for (const p of ['units/', 'departments/', 'timeline/', 'targets/']) {
    assert.ok(fs.existsSync(path.join(h.siteDir(), p, 'index.html')), `${p} was not built`);
  }
  assert.ok(officePages().length > 0, 'no office pages under units/');
  assert.ok(subdirs('timeline/').length > 0, 'no year pages under timeline/');
});

/**
 * Follow the first link matching `selector` on page `from`, then check the clause it points
 * at: the URL has its fragment, the element is in view and styled as the :target.
 */
async function followToClause(from, selector) {
  await h.withPage(browser, from, h.DESKTOP, async (page) => {
    const link = page.locator(selector).first();
    assert.ok((await link.count()) > 0, `${from}: no link ${selector}`);
    const hrefAttr = await link.getAttribute('href');
    const id = decodeURIComponent(new URL(hrefAttr, page.url()).hash.slice(1));
    assert.ok(id, `${from}: ${selector} has no #fragment (${hrefAttr})`);
    await Promise.all([page.waitForURL((u) => u.hash === `#${encodeURIComponent(id)}` || u.hash === `#${id}`), link.click()]);
    assert.match(page.url(), /\/plans\/[^/]+\//, `${from}: the link did not lead to a plan page`);
    await page.waitForSelector(`[id="${id}"]`);
    assert.ok(await h.inViewport(page, `[id="${id}"]`), `${page.url()}: clause ${id} not in view`);
    // Another element of the same kind to move the :target to and back.
    const other = await page.evaluate((id) => {
      const el = document.getElementById(id);
      const all = [...document.querySelectorAll(`${el.tagName}[id]`)];
      const o = all.find((x) => x.id !== id && !x.contains(el) && !el.contains(x));
      return o ? o.id : null;
    }, id);
    assert.ok(other, `${page.url()}: no second clause to compare the highlight with`);
    const hl = await h.targetHighlight(page, id, other);
    assert.equal(hl.error, undefined, hl.error);
    assert.ok(hl.isTarget, `${page.url()}: #${id} is not the :target`);
    assert.ok(hl.diff.length > 0, `${page.url()}: clause ${id} is not highlighted as the target`);
  });
}

test('office page: following a duty lands on the highlighted clause', async () => {
  const offices = officePages();
  const withDuty = offices.find((p) => hasClass(html(p), 'g-duty'));
  assert.ok(withDuty, 'no office page lists a duty');
  await followToClause(withDuty, '.g-duty .g-entry-head a.cite');
});

test('year page: following a deadline lands on the highlighted clause', async () => {
  const years = subdirs('timeline/');
  // The deadlines of the year come before its starts (`2024年起`), which are listed apart.
  const due = (p) => html(p).split('id="starts-h"')[0];
  const withDeadline = years.find((p) => hasClass(due(p), 'g-month') && /data-kind="?node\b/.test(due(p)));
  assert.ok(withDeadline, 'no year page lists a deadline');
  await followToClause(withDeadline, '.g-month .g-entry[data-kind=node] .g-entry-head a.cite');
});

test('graph pages: no WCAG 2.1 A/AA violation, no sideways scroll at 375px', async () => {
  const pages = pagesToCheck();
  const failures = [];
  const ctx = await h.openContext(browser, h.PHONE);
  try {
    for (const p of pages) {
      const page = await h.open(ctx, p);
      const o = await h.sidewaysOverflow(page);
      if (o.scrollWidth > o.innerWidth) {
        failures.push(`${p}: scrolls sideways (${o.scrollWidth}px): ${o.offenders.join(', ')}`);
      }
      const vs = await h.axeViolations(page);
      if (vs.length) failures.push(`${p}:\n${h.formatViolations(vs)}`);
      await page.close();
    }
  } finally {
    await ctx.done();
  }
  assert.deepEqual(failures, [], `checked ${pages.length} pages`);
});

test('graph pages: no WCAG 2.1 A/AA violation at desktop width', async () => {
  const pages = ['units/', officePages()[0], 'departments/', 'timeline/', subdirs('timeline/')[0], 'targets/'].filter(Boolean);
  for (const p of pages) {
    await h.withPage(browser, p, h.DESKTOP, async (page) => {
      await h.assertAccessible(page, p);
    });
  }
});
