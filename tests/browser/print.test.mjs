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
