// Writes docs/screenshots/{office,year}-{desktop,phone}.png from the built site: the office
// page with the most duties and the year page with the most deadlines (found on the pages,
// not named here). Run after a build: SITE_DIR=<built site> node tests/browser/graph-screenshots.mjs
import fs from 'node:fs';
import path from 'node:path';
import * as h from './lib/harness.mjs';

const OUT = path.resolve(process.env.SCREENSHOT_DIR || path.join(h.REPO, 'docs/screenshots'));
fs.mkdirSync(OUT, { recursive: true });

function dirs(rel) {
  const d = path.join(h.siteDir(), rel);
  return fs.existsSync(d)
    ? fs.readdirSync(d).filter((s) => fs.statSync(path.join(d, s)).isDirectory()).sort().map((s) => `${rel}${s}/`)
    : [];
}
const count = (p, re) => (fs.readFileSync(path.join(h.siteDir(), p, 'index.html'), 'utf8').match(re) || []).length;
const top = (list, re) => list.map((p) => [p, count(p, re)]).sort((a, b) => b[1] - a[1])[0]?.[0];

const office = top(dirs('units/').flatMap(dirs), /class="?g-duty[\s">]/g);
const year = top(dirs('timeline/'), /class="?g-entry[\s">]/g);
if (!office || !year) throw new Error(`no office or year pages in ${h.siteDir()}`);

const browser = await h.launch();
try {
  for (const [name, p] of [['office', office], ['year', year]]) {
    for (const [kind, size, scale] of [['desktop', h.DESKTOP, 1], ['phone', h.PHONE, 2]]) {
      const ctx = await h.openContext(browser, size, { deviceScaleFactor: scale });
      const page = await h.open(ctx, p);
      await page.evaluate(() => document.fonts.ready);
      const file = path.join(OUT, `${name}-${kind}.png`);
      await page.screenshot({ path: file, animations: 'disabled' });
      await ctx.done();
      console.log(`${file} (${p} at ${size.width}px)`);
    }
  }
} finally {
  await browser.close();
  await h.stopServer();
}
