// Reading on a phone and on a desktop (issue 18): task and indicator tables as labelled cards
// at 375 px, a 目录 button within reach from anywhere in a long plan that returns the reader
// to their place, reading progress, and the quality gate on every page type: axe-core WCAG
// 2.1 A/AA at 375 and 1280 px, every interactive target at least 44×44 px at 375 px, and no
// line of body text longer than 40 characters at 1280 px. Pages are found in the build; the
// search page, whose results only a running search shows, is gated in search.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as h from './lib/harness.mjs';
import { smallTargets, longLines } from './lib/gate.mjs';

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

const slugOf = (prefix) => {
  const s = SLUGS.find((x) => x.startsWith(prefix));
  assert.ok(s, `the sample site has a plan ${prefix}*`);
  return s;
};

/** Subfolders of a built folder that hold a page. */
function pageDirs(rel) {
  const d = path.join(DIR, rel);
  if (!fs.existsSync(d)) return [];
  return fs
    .readdirSync(d, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(d, e.name, 'index.html')))
    .map((e) => `${rel}${e.name}/`)
    .sort();
}

/** One page of every kind the site builds (search is search.test.mjs's). */
function pageTypes() {
  const pages = ['', '404.html'];
  for (const top of pageDirs('')) {
    if (top === 'search/' || top === 'plans/' || top === 'static/') continue;
    pages.push(top);
    const [first] = pageDirs(top);
    if (first) pages.push(first);
    const [second] = first ? pageDirs(first) : [];
    if (second) pages.push(second);
  }
  for (const slug of SLUGS) {
    pages.push(`plans/${slug}/`);
    for (const sub of pageDirs(`plans/${slug}/`)) {
      // One clause page per plan; every other kind of plan page (tasks, timeline, targets …).
      if (/\/\d[\d-]*\/$/.test(sub)) {
        if (!pages.some((p) => p.startsWith(`plans/${slug}/`) && /\/\d[\d-]*\/$/.test(p))) pages.push(sub);
      } else if (!sub.endsWith('/v/')) pages.push(sub);
    }
  }
  for (const p of pages) assert.ok(p === '404.html' || fs.existsSync(path.join(DIR, p, 'index.html')), p);
  return pages;
}

test('375px: task and indicator tables read as cards, every value under its column name', async () => {
  const sq = slugOf('shi-quan-xian');
  await h.withPage(browser, `plans/${sq}/`, h.PHONE, async (page) => {
    const card = await page.evaluate(() => {
      const table = document.querySelector('figure#annex2 table');
      const tr = table.querySelector('tbody tr[id]');
      const cells = [...tr.children].filter((c) => getComputedStyle(c).display !== 'none');
      const r = (el) => el.getBoundingClientRect();
      return {
        headVisible: r(table.querySelector('thead')).height > 1,
        rowDisplay: getComputedStyle(tr).display,
        width: r(tr).width,
        stacked: cells.every((c, i) => i === 0 || r(c).top >= r(cells[i - 1]).bottom - 1),
        // What a reader sees: each cell's label (drawn by CSS) and its value.
        fields: cells.map((c) => ({
          label: getComputedStyle(c, '::before').content,
          text: c.innerText.trim(),
          width: r(c).width,
        })),
        columns: [...table.querySelectorAll('thead th')].length,
        captions: document.querySelectorAll('figure#annex2 figcaption').length,
        rowHeads: [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim()),
      };
    });
    assert.equal(card.headVisible, false, 'the header row is not shown above cards');
    assert.equal(card.rowDisplay, 'flex', 'a row is a card');
    assert.ok(card.stacked, 'the fields of a card are stacked');
    const labels = card.fields.map((f) => f.label.replace(/^"|"$/g, ''));
    for (const want of ['序号', '主要任务', '牵头单位', '完成时限']) {
      assert.ok(labels.includes(want), `no field labelled ${want}: ${labels.join(', ')}`);
    }
    assert.equal(card.fields[labels.indexOf('牵头单位')].text, '县教体局');
    // A value takes the card's width, not a column of one or two characters.
    for (const f of card.fields) assert.ok(f.width > 300, `${f.label}: ${f.width}px wide`);
    assert.equal(card.captions, 1, 'one caption');
    assert.ok(!card.rowHeads.includes('行'), `no 行 column beside 序号: ${card.rowHeads.join(' ')}`);
    await h.assertNoSidewaysScroll(page);
  });
  // Merged cells: 沂源 表1's 类别 spans the indicators of its row; each card shows it.
  const yy = slugOf('yi-yuan-xian');
  await h.withPage(browser, `plans/${yy}/`, h.PHONE, async (page) => {
    const sub = await page.evaluate(() => {
      const tr = document.querySelector('figure#table-1 tbody tr.sub-row');
      const shown = [...tr.children].filter((c) => getComputedStyle(c).display !== 'none');
      // In the order a reader sees them, top to bottom.
      shown.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
      return shown.map((c) => [getComputedStyle(c, '::before').content, c.innerText.trim()]);
    });
    assert.deepEqual(sub[0], ['"类别"', '学前\n教育'], JSON.stringify(sub));
    assert.ok(sub.some(([l, t]) => l === '"指标"' && t === '学前三年毛入园率（%）'), JSON.stringify(sub));
  });
  // On a desktop the same table is a table, its header in view while it scrolls.
  await h.withPage(browser, `plans/${sq}/`, h.DESKTOP, async (page) => {
    const r = await page.evaluate(async () => {
      const box = document.querySelector('figure#annex2 .table-scroll');
      const thead = box.querySelector('thead');
      box.scrollIntoView();
      box.scrollTop = 600;
      await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
      return {
        display: getComputedStyle(box.querySelector('table')).display,
        scrolled: box.scrollTop,
        headTop: thead.getBoundingClientRect().top - box.getBoundingClientRect().top,
      };
    });
    assert.equal(r.display, 'table');
    assert.ok(r.scrolled > 0, 'the long table scrolls in its box');
    assert.ok(Math.abs(r.headTop) < 2, `the header stays at the top of the box (${r.headTop}px)`);
  });
});

test('沂源: the 目录 button is in reach at the bottom of the plan and returns the reader to their place', async () => {
  const yy = slugOf('yi-yuan-xian');
  await h.withPage(browser, `plans/${yy}/`, h.PHONE, async (page) => {
    const progress = () => page.locator('progress.read-progress').evaluate((p) => p.value);
    assert.equal(await progress(), 0, 'progress at the top');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    await page.waitForFunction(() => document.querySelector('progress.read-progress').value > 30);
    const mid = await progress();
    assert.ok(mid > 30 && mid < 70, `half way down: ${mid}%`);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction(() => document.querySelector('progress.read-progress').value === 100);
    assert.match(await page.locator('#toc-button').innerText(), /100%/);
    const y = await page.evaluate(() => window.scrollY);
    const button = page.locator('#toc-button');
    assert.ok(await h.inViewport(page, '#toc-button'), 'the button is on screen at the bottom');
    const box = await button.boundingBox();
    assert.ok(box.width >= 44 && box.height >= 44, JSON.stringify(box));
    await button.click();
    const dialog = page.locator('dialog.toc-dialog');
    assert.ok(await dialog.isVisible(), 'the contents open');
    // Items are listed, the one being read marked and shown.
    const current = dialog.locator('a[aria-current="location"]');
    assert.equal(await current.count(), 1, 'the place being read is marked');
    assert.ok(await current.isVisible());
    assert.ok((await dialog.locator('a[href^="#"]').count()) > 40, 'parts, sections and items');
    await dialog.locator('button.toc-back').click();
    assert.equal(await dialog.isVisible(), false);
    assert.equal(await page.evaluate(() => window.scrollY), y, 'back where the reader was');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'toc-button');
    // Esc does the same.
    await button.click();
    assert.ok(await dialog.isVisible());
    await page.keyboard.press('Escape');
    assert.equal(await dialog.isVisible(), false);
    assert.equal(await page.evaluate(() => window.scrollY), y, 'back where the reader was after Esc');
    // Choosing an entry goes there.
    await button.click();
    // Items are folded under their section until opened.
    const item = dialog.locator('a[href="#2-3-2"]');
    assert.equal(await item.isVisible(), false);
    await dialog.locator('a[href="#2-3"] + details > summary').click();
    await item.click();
    assert.equal(await dialog.isVisible(), false);
    const view = await h.clauseInView(page, '2-3-2');
    assert.ok(view.ok, JSON.stringify(view));
    const back = await progress();
    assert.ok(back > 0 && back < 100, `progress follows: ${back}%`);
    await h.assertAccessible(page, '沂源 with its contents closed again');
  });
});

test('沂源 at 1280 px: the contents beside the text mark the clause being read', async () => {
  const yy = slugOf('yi-yuan-xian');
  await h.withPage(browser, `plans/${yy}/`, h.DESKTOP, async (page) => {
    assert.equal(await page.locator('#toc-button').isVisible(), false, 'no 目录 button beside the contents');
    for (const id of ['2-3-2', '3-2']) {
      await page.evaluate((id) => document.getElementById(id).scrollIntoView({ block: 'start' }), id);
      const link = page.locator(`.toc-wrap a[href="#${id}"]`);
      await page.waitForFunction((id) => document.querySelector(`.toc-wrap a[href="#${id}"]`)?.getAttribute('aria-current') === 'location', id);
      assert.equal(await page.locator('.toc-wrap a[aria-current]').count(), 1);
      assert.ok(await link.isVisible(), `${id}: its entry is unfolded`);
      const inBox = await link.evaluate((a) => {
        const r = a.getBoundingClientRect();
        const b = a.closest('.toc-wrap').getBoundingClientRect();
        return r.top >= b.top && r.bottom <= b.bottom && r.bottom <= window.innerHeight;
      });
      assert.ok(inBox, `${id}: its entry is in view`);
    }
  });
});

test('沂源 without JavaScript: the 目录 link opens the folded contents and Back returns', async () => {
  const yy = slugOf('yi-yuan-xian');
  const ctx = await h.openContext(browser, h.PHONE, { javaScriptEnabled: false });
  try {
    const page = await h.open(ctx, `plans/${yy}/`);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const y = await page.evaluate(() => window.scrollY);
    assert.ok(y > 10000, `a long page: ${y}px`);
    assert.ok(await h.inViewport(page, '#toc-button'), 'the link is on screen at the bottom');
    await page.locator('#toc-button').click();
    await page.waitForFunction(() => window.scrollY < 3000);
    assert.ok(await page.locator('#toc-nav a[href="#2-1"]').isVisible(), 'the contents are open');
    await page.goBack();
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, y);
  } finally {
    await ctx.done();
  }
});

test('375px: on every page type, every value a card shows stands under its column name', async () => {
  const failures = [];
  let cards = 0;
  for (const p of pageTypes()) {
    await h.withPage(browser, p, h.PHONE, async (page) => {
      const r = await page.evaluate(() => {
        const out = { cards: 0, unlabelled: [] };
        for (const tr of document.querySelectorAll('.table-scroll > table > tbody > tr')) {
          if (getComputedStyle(tr).display !== 'flex') continue;
          out.cards++;
          for (const td of tr.querySelectorAll(':scope > td')) {
            if (getComputedStyle(td).display === 'none' || !td.innerText.trim()) continue;
            const label = getComputedStyle(td, '::before').content;
            if (!label || label === 'none' || label === 'normal' || label === '""') {
              out.unlabelled.push(`${td.innerText.trim().slice(0, 20)} (${tr.closest('table').className || 'table'})`);
            }
          }
        }
        return out;
      });
      cards += r.cards;
      if (r.unlabelled.length) failures.push(`/${p}: ${[...new Set(r.unlabelled)].slice(0, 8).join('; ')}`);
    });
  }
  assert.ok(cards > 100, `${cards} cards measured`);
  assert.deepEqual(failures, [], failures.join('\n'));
});

test('axe-core: no WCAG 2.1 A/AA violation on any page type at 375 and 1280 px (contents open too)', async () => {
  const failures = [];
  const pages = pageTypes();
  assert.ok(pages.length > 15, pages.join(' '));
  for (const p of pages) {
    for (const size of [h.PHONE, h.DESKTOP]) {
      await h.withPage(browser, p, size, async (page) => {
        const vs = await h.axeViolations(page);
        if (vs.length) failures.push(`/${p} at ${size.width}px:\n${h.formatViolations(vs)}`);
        if (size === h.PHONE && (await page.locator('#toc-button').count())) {
          await page.locator('#toc-button').click();
          const open = await h.axeViolations(page);
          if (open.length) failures.push(`/${p} contents open:\n${h.formatViolations(open)}`);
        }
      });
    }
  }
  assert.deepEqual(failures, [], failures.join('\n\n'));
});

test('375px: every visible interactive target is at least 44×44 px (links inside a line of text excepted)', async () => {
  const failures = [];
  let measured = 0;
  for (const p of pageTypes()) {
    await h.withPage(browser, p, h.PHONE, async (page) => {
      // Folded contents count too: open every fold first.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const r = await smallTargets(page);
      measured += r.measured;
      if (r.small.length) failures.push(`/${p}: ${r.small.length} small:\n  ${[...new Set(r.small)].slice(0, 15).join('\n  ')}`);
      // A plan's contents opened over the page by the 目录 button.
      if (await page.locator('#toc-button').count()) {
        await page.locator('#toc-button').click();
        const d = await smallTargets(page);
        if (d.small.length) failures.push(`/${p} contents open: ${[...new Set(d.small)].slice(0, 15).join('\n  ')}`);
      }
    });
  }
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.ok(measured > 1000, `only ${measured} targets measured`);
  // The measure itself: a link in a sentence is exempt, a link alone on its line is not.
  await h.withPage(browser, '', h.PHONE, async (page) => {
    await page.evaluate(() => {
      const div = document.createElement('div');
      div.innerHTML = '<p>详见<a href="#a">附件</a>所列各项。</p><p><a href="#b">附件</a></p><p><a href="#c">甲</a> · <a href="#d">乙</a></p>';
      document.body.appendChild(div);
    });
    const r = await smallTargets(page);
    assert.equal(r.inline, 1, 'the link inside a sentence');
    assert.equal(r.small.length, 3, `alone, or between separators only: ${r.small.join('; ')}`);
  });
});

test('1280px: no line of body text holds more than 40 characters', async () => {
  const failures = [];
  let lines = 0;
  const pages = pageTypes().filter((p) => !p.endsWith('data/'));
  for (const p of pages) {
    await h.withPage(browser, p, h.DESKTOP, async (page) => {
      const r = await longLines(page);
      lines += r.count;
      if (r.long.length) failures.push(`/${p}:\n  ${r.long.slice(0, 5).join('\n  ')}`);
    });
  }
  assert.ok(lines > 1000, `only ${lines} lines measured`);
  assert.deepEqual(failures, [], failures.join('\n'));
});
