// Print and data (issues 18, 19): a paper copy of a clause or a plan carries the page address and the
// print date, and no stray citation labels beside the headings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './lib/harness.mjs';

const DIR = h.siteDir();
let browser;
before(async () => {
  browser = await h.launch();
});
after(async () => {
  await browser?.close();
  await h.stopServer();
});

test('printing shows the page address and the print date; citation labels stay off paper', async () => {
  const [slug] = h.planSlugs(DIR);
  const [clause] = h.clausePageIds(slug, DIR);
  for (const p of [`plans/${slug}/${clause}/`, `plans/${slug}/`]) {
    await h.withPage(browser, p, h.DESKTOP, async (page) => {
      assert.equal(await page.locator('.print-source').isVisible(), false, 'hidden on screen');
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      const src = page.locator('.print-source');
      assert.ok(await src.isVisible(), `${p}: no address on paper`);
      const text = await src.innerText();
      assert.match(text, new RegExp(`plans/${slug}/`), text);
      assert.match(text, /打印于 \d{4}-\d{2}-\d{2}/, text);
      assert.equal(await page.locator('.anchor-tools').first().isVisible().catch(() => false), false);
      const icon = await page.getAttribute('link[rel="icon"]', 'href');
      assert.ok(icon && icon.endsWith('static/favicon.svg'), icon);
    });
  }
});

test('a task table prints as a table on A4, whatever the screen it is printed from', async () => {
  const sq = h.planSlugs(DIR).find((s) => s.startsWith('shi-quan-xian'));
  assert.ok(sq, 'the sample site has 石泉');
  // Printed from a phone: the cards are for narrow screens; paper gets the grid.
  await h.withPage(browser, `plans/${sq}/`, h.PHONE, async (page) => {
    await page.emulateMedia({ media: 'print' });
    const t = await page.evaluate(() => {
      const table = document.querySelector('figure#annex2 table');
      const head = table.querySelector('thead').getBoundingClientRect();
      return {
        display: getComputedStyle(table).display,
        row: getComputedStyle(table.querySelector('tbody tr')).display,
        head: head.height,
        carried: [...document.querySelectorAll('td.carried')].filter((c) => c.getClientRects().length).length,
        chrome: ['.toc-jump', '.read-progress'].filter((s) => {
          const el = document.querySelector(s);
          return el && el.getClientRects().length > 0;
        }),
      };
    });
    assert.equal(t.display, 'table');
    assert.equal(t.row, 'table-row');
    assert.ok(t.head > 10, 'the header row prints');
    assert.equal(t.carried, 0, 'merged cells print once, merged');
    assert.deepEqual(t.chrome, [], 'no 目录 button or progress bar on paper');
    // A4 portrait, 15 mm margins: the table fits the width of the paper.
    const pdf = await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } });
    assert.ok(pdf.length > 10000);
    await page.setViewportSize({ width: 680, height: 900 });
    const w = await page.evaluate(() => {
      const table = document.querySelector('figure#annex2 table');
      return [table.scrollWidth, table.parentElement.clientWidth];
    });
    assert.ok(w[0] <= w[1] + 1, `table ${w[0]}px wide on a ${w[1]}px page`);
  });
});

test('the data page: accessible and no sideways scroll at 375 px, every file it lists is there', async () => {
  await h.withPage(browser, 'data/', h.PHONE, async (page) => {
    await h.assertAccessible(page, 'data/');
    await h.assertNoSidewaysScroll(page, 'data/');
    const hrefs = await page.$$eval('main a[href]', (as) => as.map((a) => a.href));
    const files = hrefs.filter((u) => /\/data\/[^/]+\.(json|csv|ics)$/.test(u));
    assert.ok(files.length >= 5, `${files.length} data files linked`);
    for (const u of files) {
      const res = await page.request.get(u);
      assert.equal(res.status(), 200, u);
    }
  });
});
