// Writes docs/screenshots/{home,plan,clause,table,search}-{desktop,phone}.png from the built site.
// Run through scripts/screenshots.sh (which builds the site); SITE_DIR / SITE_URL as for the tests.
// The plan shown is the one with the most actions, the clause its first action, the task
// table the first table headed 牵头单位 (all found on the pages, not named here); search shows
// the results for 大班额 once the search has finished.
import fs from 'node:fs';
import path from 'node:path';
import * as h from './lib/harness.mjs';

const OUT = path.resolve(process.env.SCREENSHOT_DIR || path.join(h.REPO, 'docs/screenshots'));
fs.mkdirSync(OUT, { recursive: true });

const slugs = h.planSlugs();
if (slugs.length === 0) throw new Error(`no plans in ${h.siteDir()}/plans`);

const browser = await h.launch();
try {
  let best = null;
  let table = null;
  {
    const ctx = await h.openContext(browser, h.DESKTOP);
    for (const slug of slugs) {
      const page = await h.open(ctx, `plans/${slug}/`);
      const ids = await page.locator('.action[id]').evaluateAll((els) => els.map((e) => e.id));
      if (!best || ids.length > best.n) best = { slug, n: ids.length, first: ids[0] };
      const t = await page.evaluate(() =>
        [...document.querySelectorAll('figure.table')].find((f) =>
          [...f.querySelectorAll('thead th')].some((th) => th.textContent.replace(/\s/g, '') === '牵头单位'),
        )?.id,
      );
      if (!table && t) table = { slug, id: t };
      await page.close();
    }
    await ctx.done();
  }
  if (!table) throw new Error('no task table (headed 牵头单位) in the sample site');
  // [name, path, element to scroll to the top of the window ({ phone } on a phone only), element to wait for]
  const shots = [
    ['home', ''],
    ['plan', `plans/${best.slug}/`],
    ['clause', `plans/${best.slug}/${best.first}/`],
    ['table', `plans/${table.slug}/`, `#${table.id}`],
    // On a phone the form fills the first screen: show the results instead.
    ['search', `search/?q=${encodeURIComponent('大班额')}`, { phone: '#search-status' }, '#search-app[data-state="done"]'],
  ];
  const sizes = [
    ['desktop', h.DESKTOP, 1],
    ['phone', h.PHONE, 2],
  ];
  for (const [name, p, at, ready] of shots) {
    for (const [kind, size, scale] of sizes) {
      const ctx = await h.openContext(browser, size, { deviceScaleFactor: scale });
      const page = await h.open(ctx, p);
      if (ready) await page.waitForSelector(ready, { timeout: 20000 });
      await page.evaluate(() => document.fonts.ready);
      const to = typeof at === 'object' && at ? at[kind] : at;
      if (to) await page.evaluate((sel) => document.querySelector(sel).scrollIntoView(), to);
      const file = path.join(OUT, `${name}-${kind}.png`);
      await page.screenshot({ path: file, animations: 'disabled' });
      await ctx.done();
      console.log(`${file} (${p || '/'} at ${size.width}px)`);
    }
  }
} finally {
  await browser.close();
  await h.stopServer();
}
