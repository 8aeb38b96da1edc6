// Writes docs/screenshots/{home,plan}-{desktop,phone}.png from the built site.
// Run through scripts/screenshots.sh (which builds the site); SITE_DIR / SITE_URL as for the tests.
// The plan shown is the one with the most actions (found on the pages, not named here).
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
  {
    const ctx = await h.openContext(browser, h.DESKTOP);
    for (const slug of slugs) {
      const page = await h.open(ctx, `plans/${slug}/`);
      const n = await page.locator('.action[id]').count();
      if (!best || n > best.n) best = { slug, n };
      await page.close();
    }
    await ctx.done();
  }
  const shots = [
    ['home', ''],
    ['plan', `plans/${best.slug}/`],
  ];
  const sizes = [
    ['desktop', h.DESKTOP, 1],
    ['phone', h.PHONE, 2],
  ];
  for (const [name, p] of shots) {
    for (const [kind, size, scale] of sizes) {
      const ctx = await h.openContext(browser, size, { deviceScaleFactor: scale });
      const page = await h.open(ctx, p);
      await page.evaluate(() => document.fonts.ready);
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
