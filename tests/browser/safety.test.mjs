// Browser tests of issue #13 (safety): the theme's Content-Security-Policy is in force and
// breaks nothing (site.js, search.js and its fetches, copy-link), served over HTTP and opened
// from disk; a mangled #fragment throws nothing.
//
// Markup relied on (themes/default): `<meta http-equiv="Content-Security-Policy">` in every
// page's head; site.js unhides `button.copy-link` and, served over HTTP, rewrites
// `…/index.html` links to folder URLs; search.html's #search-app[data-state] and
// `#search-results > li`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as h from './lib/harness.mjs';

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

/** Record every violation the page reports, as `directive blocked-uri` in window.__csp. */
function listen() {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`);
  });
}

/** The page's policy from its meta element, as directive → sources. */
async function policyOf(page) {
  const text = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.ok(text, `${page.url()}: no Content-Security-Policy meta element`);
  return Object.fromEntries(
    text
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([k, ...v]) => [k, v]),
  );
}

function firstPlan() {
  assert.ok(SLUGS.length > 0, `no plan pages in ${DIR}`);
  return SLUGS[0];
}

test('home, plan, clause, search and free pages: the policy holds and nothing violates it', async () => {
  const slug = firstPlan();
  const [clause] = h.clausePageIds(slug, DIR);
  const about = h.contentPages().map((s) => h.pagePath(s, DIR)).find(Boolean);
  const pages = ['', `plans/${slug}/`, `plans/${slug}/${clause}/`, 'search/?q=教育', '404.html'];
  if (about) pages.push(about);
  for (const p of pages) {
    const ctx = await h.openContext(browser, h.DESKTOP);
    await ctx.context.addInitScript(listen);
    try {
      const page = await h.open(ctx, p);
      const policy = await policyOf(page);
      assert.deepEqual(policy['script-src'], ["'self'"], p);
      assert.deepEqual(policy['style-src'], ["'self'"], p);
      assert.deepEqual(policy['object-src'], ["'none'"], p);
      assert.deepEqual(policy['base-uri'], ["'none'"], p);
      // site.js ran: served over HTTP it shows folder URLs.
      const home = await page.getAttribute('a.site-title', 'href');
      assert.ok(!home.endsWith('index.html'), `${p}: site.js did not run (home link ${home})`);
      if (p.startsWith('plans/') && p.split('/').length === 3) {
        assert.ok(await page.isVisible('button.copy-link'), `${p}: copy-link buttons stay hidden`);
        await page.click('button.copy-link');
        await page.waitForSelector('button.copy-link[data-copied]');
      }
      if (p.startsWith('search/')) {
        await page.waitForSelector('#search-app[data-state="done"], #search-app[data-state="error"]', {
          timeout: 20000,
        });
        assert.equal(await page.getAttribute('#search-app', 'data-state'), 'done', `${p}: search failed`);
        assert.ok((await page.locator('#search-results > li').count()) > 0, `${p}: no results`);
      }
      await h.assertAccessible(page, p);
      const seen = await page.evaluate(() => window.__csp);
      assert.deepEqual(seen, [], `${p}: Content-Security-Policy violations`);
    } finally {
      await ctx.done();
    }
  }
});

test('the policy is enforced: an inline script does not run and is reported', async () => {
  const ctx = await h.openContext(browser, h.DESKTOP);
  await ctx.context.addInitScript(listen);
  const page = await h.open(ctx, `plans/${firstPlan()}/`);
  const ran = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true;';
    document.body.append(s);
    const d = document.createElement('div');
    d.setAttribute('style', 'color: red');
    document.body.append(d);
    await new Promise((r) => setTimeout(r, 100));
    return window.__ran === true;
  });
  assert.equal(ran, false, 'an inline script ran');
  const seen = await page.evaluate(() => window.__csp.map((v) => v.split(' ')[0]));
  assert.ok(seen.includes('script-src-elem'), seen.join(', '));
  assert.ok(seen.includes('style-src-attr'), seen.join(', '));
  assert.ok(ctx.csp.length > 0, 'the harness did not see the violation');
  ctx.csp.length = 0; // caused on purpose
  await ctx.done();
});

test('opened from disk (file://): site.js runs, the search form submits, no violation', async () => {
  const slug = firstPlan();
  const context = await browser.newContext({ viewport: h.DESKTOP });
  await context.addInitScript(listen);
  const problems = [];
  context.on('page', (p) => {
    p.on('pageerror', (e) => problems.push(`${p.url()}: ${e.message}`));
    p.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) problems.push(`${p.url()}: ${m.text()}`);
    });
  });
  try {
    const page = await context.newPage();
    const fileUrl = (p) => pathToFileURL(path.join(DIR, p)).href;
    await page.goto(fileUrl(`plans/${slug}/index.html`));
    assert.ok(await page.isVisible('button.copy-link'), 'site.js did not run from disk');
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    await page.goto(fileUrl('index.html'));
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    if (await page.isVisible('#site-q')) {
      await page.fill('#site-q', '教育');
      await Promise.all([page.waitForURL(/search\/index\.html\?q=/), page.press('#site-q', 'Enter')]);
      // From disk the browser refuses the index's fetches; the page says so, it does not throw.
      await page.waitForSelector('#search-app[data-state="error"], #search-app[data-state="done"]', {
        timeout: 20000,
      });
      assert.deepEqual(await page.evaluate(() => window.__csp), []);
    }
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, []);
});

test('a mangled #fragment (%E0%A4%A) throws no error', async () => {
  const slug = firstPlan();
  for (const p of [`plans/${slug}/#%E0%A4%A`, `plans/${slug}/#%`]) {
    await h.withPage(browser, p, h.DESKTOP, async (page) => {
      // site.js reads the fragment on load; give it a frame to throw in, if it would.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
      assert.equal(await page.evaluate(() => window.scrollY), 0, `${p}: scrolled somewhere`);
    });
  }
});
