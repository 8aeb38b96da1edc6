// Browser tests of issue #14 (revisions): a site holding a revised plan (the 泾源 seed, then
// tests/fixtures/revision/jingyuan-revised.txt, which tests/it/revisions.rs writes from the
// seed: an item inserted mid-section so later items renumber, one deleted) is built with
// the release binary into a folder of its own and served; old `#fragment` links show where
// their clause went, and the pages of the plan's history are accessible on a phone.
//
// Markup relied on (themes/default): the plan page's <script id="moved-ids"> map, read by
// site.js, which inserts `#moved-notice.moved-note` (inside the element the fragment names,
// or in `.plan-head` when none does); `.history-note` on an earlier version's pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as h from './lib/harness.mjs';
import { serve } from './lib/serve.mjs';

const BIN = process.env.PLANPRESS_BIN || path.join(h.REPO, 'target/release/planpress');
const SLUG = 'jing-yuan-xian-2023';
let dir;
let served;
let browser;

before(async () => {
  assert.ok(fs.existsSync(BIN), `${BIN} is missing: cargo build --release (or set PLANPRESS_BIN)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planpress-revised-'));
  fs.copyFileSync(path.join(h.REPO, 'planpress.toml'), path.join(dir, 'planpress.toml'));
  fs.copyFileSync(path.join(h.REPO, 'seeds/001_6f2007cb89897e4a.txt'), path.join(dir, 'jingyuan.txt'));
  fs.copyFileSync(
    path.join(h.REPO, 'tests/fixtures/revision/jingyuan-revised.txt'),
    path.join(dir, 'jingyuan-revised.txt'),
  );
  const run = (...args) => execFileSync(BIN, args, { cwd: dir, stdio: 'pipe' });
  run('import', 'jingyuan.txt');
  const said = execFileSync(BIN, ['import', 'jingyuan-revised.txt', '--date', '2026-12-05'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  assert.equal(said, '', 'import prints to stderr only');
  run('build', '--out', 'public');
  served = await serve(path.join(dir, 'public'), 0);
  // The harness opens pages of the site at SITE_URL: this test's own site.
  process.env.SITE_URL = served.url;
  browser = await h.launch();
});

after(async () => {
  await browser?.close();
  if (served) await new Promise((r) => served.server.close(r));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('a renumbered clause: its old #fragment says where it went, and the link leads there', async () => {
  await h.withPage(browser, `plans/${SLUG}/#3-2-6`, h.PHONE, async (page) => {
    const note = page.locator('#moved-notice');
    await note.waitFor({ state: 'visible' });
    const text = await note.innerText();
    assert.match(text, /编号改为三（二）7/, text);
    assert.match(text, /扩大义务教育优质资源覆盖面/, text);
    // The note sits in the clause that holds the number now, so it is what the reader sees.
    assert.equal(await page.locator('[id="3-2-6"] #moved-notice').count(), 1);
    await page.screenshot({ path: path.join(os.tmpdir(), 'planpress-moved-fragment.png') });
    await note.getByRole('link', { name: '前往三（二）7' }).click();
    await page.waitForFunction(() => location.hash === '#3-2-7');
    const title = await page.locator('[id="3-2-7"] .node-title').first().innerText();
    assert.match(title, /扩大义务教育优质资源覆盖面/);
    // 三（二）7 itself named the next clause before (every later item moved up one): the
    // note there says so, and names that clause's number now.
    const next = await page.locator('[id="3-2-7"] #moved-notice').innerText();
    assert.match(next, /提高普通高中教育质量」编号改为三（二）8/, next);
  });
});

test('a removed clause: its #fragment says so and links the version that had it', async () => {
  await h.withPage(browser, `plans/${SLUG}/#3-5-18`, h.PHONE, async (page) => {
    const note = page.locator('#moved-notice');
    await note.waitFor({ state: 'visible' });
    assert.match(await note.innerText(), /推进教育资源共建共享」已于 2026-12-05 修订中删除/);
    await note.getByRole('link', { name: '查看第1版原文' }).click();
    await page.waitForURL(/\/v\/1\/(index\.html)?#3-5-18$/);
    assert.match(await page.locator('.history-note').innerText(), /历史版本/);
    assert.match(await page.locator('[id="3-5-18"] .node-title').first().innerText(), /推进教育资源共建共享/);
  });
});

test('the pages of the history: accessible, no sideways scroll at 375 px', async () => {
  for (const p of [
    `plans/${SLUG}/changes/`,
    `plans/${SLUG}/3-5-18/`,
    `plans/${SLUG}/3-2-6/`,
    `plans/${SLUG}/v/1/`,
    `plans/${SLUG}/`,
  ]) {
    await h.withPage(browser, p, h.PHONE, async (page) => {
      await h.assertAccessible(page, p);
      await h.assertNoSidewaysScroll(page, p);
      if (p.endsWith('changes/')) {
        await page.screenshot({ path: path.join(os.tmpdir(), 'planpress-changes.png'), fullPage: true });
        const ins = await page.locator('.rev-diff ins').count();
        assert.ok(ins >= 2, `${ins} insertions shown`);
      }
    });
  }
});
