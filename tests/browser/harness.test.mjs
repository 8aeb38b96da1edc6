// Self-check of the harness on small fixture pages: each guard must catch what it guards
// against, or the site tests that rely on it would pass for the wrong reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './lib/serve.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
// Each test file runs in its own process: pointing SITE_URL at the fixtures affects only this file.
const { server, url } = await serve(FIXTURES, 0);
process.env.SITE_URL = url;
const h = await import('./lib/harness.mjs');

let browser;
before(async () => {
  browser = await h.launch();
});
after(async () => {
  await browser?.close();
  await new Promise((r) => server.close(r));
});

test('static server: folder index, redirect to trailing slash, 404', async () => {
  const ok = await fetch(url + 'dir/');
  assert.equal(ok.status, 200);
  assert.match(await ok.text(), /目录页/);
  const redirect = await fetch(url + 'dir', { redirect: 'manual' });
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.get('location'), '/dir/');
  assert.equal((await fetch(url + 'nope/')).status, 404);
  assert.equal((await fetch(url + '..%2f..%2fetc/passwd')).status, 403);
});

test('a clean page passes every guard', async () => {
  await h.withPage(browser, 'good.html', h.PHONE, async (page) => {
    await h.assertAccessible(page);
    await h.assertNoSidewaysScroll(page);
  });
});

test('axe-core reports violations with their node targets', async () => {
  await h.withPage(browser, 'bad-a11y.html', h.DESKTOP, async (page) => {
    const vs = await h.axeViolations(page);
    const ids = vs.map((v) => v.id);
    for (const id of ['image-alt', 'html-has-lang', 'color-contrast']) assert.ok(ids.includes(id), `${id} in ${ids}`);
    assert.match(h.formatViolations(vs), /#noalt/);
    await assert.rejects(h.assertAccessible(page), /image-alt/);
  });
});

test('sideways scrolling at 375px is caught, a wide table in its own scroll box is not', async () => {
  await h.withPage(browser, 'wide.html', h.PHONE, async (page) => {
    const o = await h.sidewaysOverflow(page);
    assert.ok(o.scrollWidth > 375, JSON.stringify(o));
    await assert.rejects(h.assertNoSidewaysScroll(page), /div#wide/);
  });
  await h.withPage(browser, 'wide-in-box.html', h.PHONE, async (page) => {
    await h.assertNoSidewaysScroll(page);
  });
});

test('a request to another host is blocked and fails the test', async () => {
  const ctx = await h.openContext(browser, h.DESKTOP);
  const page = await h.open(ctx, 'offsite.html');
  await page.waitForLoadState('load');
  assert.equal(ctx.offsite.length, 2, ctx.offsite.join(' '));
  await assert.rejects(ctx.done(), /other hosts[\s\S]*example\.invalid/);
});

test('an uncaught script error fails the test', async () => {
  const ctx = await h.openContext(browser, h.DESKTOP);
  await h.open(ctx, 'script-error.html');
  await assert.rejects(ctx.done(), /uncaught script errors/);
});

test('a missing same-site asset fails the test', async () => {
  const ctx = await h.openContext(browser, h.DESKTOP);
  await h.open(ctx, 'broken-asset.html');
  await assert.rejects(ctx.done(), /broken same-site requests[\s\S]*missing\.css/);
});

test('open() fails on a page that does not exist', async () => {
  const ctx = await h.openContext(browser, h.DESKTOP);
  await assert.rejects(h.open(ctx, 'no-such-page/'), /answered 404/);
  await ctx.done();
});

test('following a link to a missing page fails the test', async () => {
  const ctx = await h.openContext(browser, h.DESKTOP);
  const page = await h.open(ctx, 'good.html');
  await page.goto(url + 'missing/');
  await assert.rejects(ctx.done(), /broken same-site requests[\s\S]*missing\//);
});

test('a fragment link scrolls to its target; inViewport tells', async () => {
  await h.withPage(browser, 'good.html#far', h.PHONE, async (page) => {
    assert.equal(await h.inViewport(page, '#far'), true);
    assert.equal(await h.inViewport(page, '#top'), false);
  });
});

test('clauseInView: in view, scrolled away, or under a sticky header', async () => {
  await h.withPage(browser, 'good.html#far', h.PHONE, async (page) => {
    assert.equal((await h.clauseInView(page, 'far')).ok, true);
    assert.equal((await h.clauseInView(page, 'top')).ok, false);
    assert.equal((await h.clauseInView(page, 'nope')).ok, false);
  });
  await h.withPage(browser, 'sticky.html#hidden', h.PHONE, async (page) => {
    const v = await h.clauseInView(page, 'hidden');
    assert.equal(v.ok, false);
    assert.equal(v.coveredBy, 'header');
  });
});

test(':target highlighting is measured on the element itself', async () => {
  await h.withPage(browser, 'good.html#far', h.DESKTOP, async (page) => {
    const far = await h.targetHighlight(page, 'far', 'top');
    assert.equal(far.isTarget, true);
    assert.ok(far.diff.some((d) => d.startsWith('self background-color')), far.diff.join('; '));
  });
  // A page without :target styles shows no difference.
  await h.withPage(browser, 'wide-in-box.html', h.DESKTOP, async (page) => {
    await page.evaluate(() => {
      document.querySelector('h1').id = 'a';
      document.querySelector('table').id = 'b';
      location.hash = '#a';
    });
    const r = await h.targetHighlight(page, 'a', 'b');
    assert.deepEqual(r, { isTarget: true, diff: [] });
  });
});

test('the clipboard can be written by the page and read by the test', async () => {
  await h.withPage(browser, 'good.html', h.DESKTOP, async (page) => {
    await h.writeClipboard(page, 'stale');
    await page.click('#copy');
    assert.equal(await h.readClipboard(page), url + 'good.html#far');
  });
});

test('a Content-Security-Policy violation (inline script or style) fails the test', async () => {
  const ctx = await h.openContext(browser, h.DESKTOP);
  const page = await h.open(ctx, 'csp-violation.html');
  assert.equal(await page.title(), '违反策略', 'the inline script ran despite the policy');
  await assert.rejects(ctx.done(), /Content Security Policy violations[\s\S]*csp-violation\.html/);
});

test('axe-core runs on a page whose policy forbids inline script', async () => {
  const ctx = await h.openContext(browser, h.DESKTOP);
  const page = await h.open(ctx, 'csp-violation.html');
  const own = ctx.csp.length; // the fixture's own violations, asserted in the test above
  assert.ok(own > 0);
  const vs = await h.axeViolations(page);
  assert.ok(Array.isArray(vs));
  assert.equal(ctx.csp.length, own, ctx.csp.join('\n'));
  ctx.csp.length = 0;
  await ctx.done();
});
