// Browser test of `planpress serve` (issue 17): a page open in Chromium reloads by itself
// after an edit, shows a failed rebuild's error over the page (the last good site stays),
// and clears it when the file is mended. The release binary serves a copy of the test
// fixture site (tests/fixtures/site) on a free port; the test kills only that process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as h from './lib/harness.mjs';

const BIN = process.env.PLANPRESS_BIN || path.join(h.REPO, 'target/release/planpress');
let dir;
let child;
let url;
let browser;

before(async () => {
  assert.ok(fs.existsSync(BIN), `${BIN} is missing: cargo build --release (or set PLANPRESS_BIN)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planpress-serve-test-'));
  fs.cpSync(path.join(h.REPO, 'tests/fixtures/site'), dir, { recursive: true });
  ({ child, url } = await h.planpressServe(BIN, dir, ['--no-search']));
  process.env.SITE_URL = url;
  browser = await h.launch();
});

after(async () => {
  await browser?.close();
  child?.kill();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function edit(from, to) {
  const f = path.join(dir, 'content/plans/yiyuan.md');
  const t = fs.readFileSync(f, 'utf8');
  assert.ok(t.includes(from), from);
  fs.writeFileSync(f, t.replace(from, to));
}

async function state() {
  return (await fetch(new URL('__planpress/state', url))).json();
}

test('an open page reloads after an edit and shows a failed rebuild over the page', async () => {
  await h.withPage(browser, 'plans/yiyuan-2021/', h.PHONE, async (page, ctx) => {
    // Another plan's page, open beside it: the edit does not change it, so it stays as it
    // is (no reload: what a reader scrolled to stays).
    const other = await h.open(ctx, 'plans/shiquan-2024/');
    await other.evaluate(() => { window.__notReloaded = true; });
    const h1 = page.locator('h1.plan-title');
    assert.match(await h1.innerText(), /沂源县教育事业发展/);
    edit('title: ', 'title: 修订后');
    await page.waitForFunction(() => /修订后/.test(document.querySelector('h1.plan-title')?.textContent ?? ''), null, { timeout: 30000 });
    // The edited page can be served a moment before the state says so: wait for both.
    const done = (s) => s.complete && s.generation >= 2;
    for (let i = 0; i < 300 && !done(await state()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(done(await state()), 'the full build after the pages-first one');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await other.evaluate(() => window.__notReloaded), true, 'the other plan\'s page did not reload');
    edit('slug: ', 'statu: final\nslug: ');
    const overlay = page.locator('#planpress-error');
    await overlay.waitFor({ state: 'visible', timeout: 30000 });
    const text = await overlay.innerText();
    assert.match(text, /构建失败/);
    assert.match(text, /yiyuan\.md/);
    assert.match(text, /statu/);
    // The last good site is still the one shown.
    assert.match(await h1.innerText(), /修订后/);
    await page.screenshot({ path: path.join(os.tmpdir(), 'planpress-serve-error.png') });
    edit('statu: final\n', '');
    await overlay.waitFor({ state: 'detached', timeout: 30000 });
  });
});
