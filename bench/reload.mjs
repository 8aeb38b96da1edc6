// Save → reloaded page, as staff see it (issue 17): `planpress serve` (with the search index)
// serves the corpus, the edited plan's page is open in Chromium, and for each edit the time
// from writing the plan file to the page's `load` event after its live reload is printed,
// with whether the reloaded page shows the new word once more than before. Run by bench/rebuild.sh:
//
//   node bench/reload.mjs BIN CORPUS PLAN_FILE SLUG RUNS
//
// It prints figures; it never fails because a machine is slow.
import fs from 'node:fs';
import * as h from '../tests/browser/lib/harness.mjs';

const [bin, corpus, planFile, slug, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 5);
const WORDS = ['巩固', '优化', '强化', '增强', '深化', '推进', '落实', '完善', '健全'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const { child, url } = await h.planpressServe(bin, corpus);
const state = async () => (await fetch(new URL('__planpress/state', url))).json();
const orig = fs.readFileSync(planFile, 'utf8');
const browser = await h.launch();
try {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  await page.goto(new URL(`plans/${slug}/`, url).href);
  console.log('| edit | save → page reloaded in Chromium s | reloaded page shows the edit |');
  console.log('|---:|---:|---|');
  for (let k = 1; k <= runs; k++) {
    // The full build after the last edit is done: each edit starts from a quiet server.
    for (let i = 0; i < 1200 && !(await state()).complete; i++) await sleep(50);
    await sleep(1000);
    const word = WORDS[k % WORDS.length];
    const count = (html) => html.split(word).length - 1;
    const before = count(await page.content());
    const reloaded = page.waitForEvent('load', { timeout: 120000 });
    const t0 = performance.now();
    // As an editor saves: a temporary file renamed over the plan.
    fs.writeFileSync(`${planFile}.tmp`, orig.replace('加强', word));
    fs.renameSync(`${planFile}.tmp`, planFile);
    await reloaded;
    const t1 = performance.now();
    const shows = count(await page.content()) > before;
    console.log(`| ${k} | ${((t1 - t0) / 1000).toFixed(3)} | ${shows ? 'yes' : 'no'} |`);
  }
} finally {
  fs.writeFileSync(planFile, orig);
  await browser.close();
  child.kill();
}
