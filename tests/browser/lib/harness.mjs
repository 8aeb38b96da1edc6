// Browser test harness: Debian's Chromium driven by playwright-core, against the built site
// served on 127.0.0.1. Every browser test of the project (site, offices/timeline, search)
// uses these helpers so that the rules hold everywhere:
//   - nothing is loaded from another host: such a request is blocked and fails the test;
//   - an uncaught script error, a broken same-site asset or a Content-Security-Policy
//     violation (the theme forbids inline script and style) fails the test;
//   - accessibility (axe-core, WCAG 2.1 A/AA) and sideways scrolling are checked one way.
//
// Where the site comes from:
//   SITE_URL  base URL of a running server (scripts/test.sh sets it), ending in `/`;
//   SITE_DIR  the built site folder (default: <repo>/public). Without SITE_URL the harness
//             serves SITE_DIR itself on a free loopback port.
//   CONTENT_DIR  the content the site was built from (default: <repo>/content).
//   CHROMIUM  browser binary (default /usr/bin/chromium, Debian's package).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../../..');
const AXE = require.resolve('axe-core/axe.min.js');

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 900 };

// Flags for Debian's Chromium as root on a machine with no network but loopback: without the
// background-networking ones Chromium keeps trying (and failing) to reach Google's hosts.
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The built site folder. */
export function siteDir() {
  return path.resolve(process.env.SITE_DIR || path.join(REPO, 'public'));
}

let ownServer = null;

/** Base URL of the site under test, always ending in `/`. */
export async function siteUrl() {
  if (process.env.SITE_URL) {
    const u = process.env.SITE_URL;
    return u.endsWith('/') ? u : u + '/';
  }
  if (!ownServer) {
    const dir = siteDir();
    assert.ok(
      fs.existsSync(path.join(dir, 'index.html')),
      `no built site at ${dir} (build it first, or set SITE_DIR / SITE_URL)`,
    );
    ownServer = serve(dir, 0);
  }
  return (await ownServer).url;
}

/** Stop the server the harness started itself, if any (call from `after`). */
export async function stopServer() {
  if (ownServer) {
    const { server } = await ownServer;
    ownServer = null;
    await new Promise((r) => server.close(r));
  }
}

/**
 * Launch Chromium. playwright-core gives every launch a fresh, empty temporary
 * --user-data-dir of its own and deletes it on close, so no profile state leaks between runs.
 */
export async function launch() {
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  assert.ok(
    fs.existsSync(executablePath),
    `${executablePath} is missing: run ./scripts/test.sh (it installs Debian's chromium) or set CHROMIUM`,
  );
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
}

/**
 * A fresh browser context at a viewport size, guarded:
 *   - a request to any host other than the site's is aborted and recorded in `offsite`;
 *   - uncaught page errors are recorded in `errors`;
 *   - Content-Security-Policy violations the browser reports are recorded in `csp`;
 *   - same-site responses with status >= 400 (other than the page navigations a test makes
 *     on purpose and the browser's own /favicon.ico guess) are recorded in `broken`.
 * Call `done()` at the end: it closes the context and fails if anything was recorded.
 * Clipboard read/write is granted for the site's origin.
 */
export async function openContext(browser, { width, height } = DESKTOP, options = {}) {
  const base = new URL(await siteUrl());
  const context = await browser.newContext({
    viewport: { width, height: height ?? 900 },
    locale: 'zh-CN',
    ...options,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base.origin });
  const offsite = [];
  const errors = [];
  const broken = [];
  const csp = [];
  const expected404 = new Set();
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    const local = u.origin === base.origin || ['data:', 'blob:', 'about:'].includes(u.protocol);
    if (local) return route.continue();
    offsite.push(u.href);
    return route.abort('blockedbyclient');
  });
  context.on('page', (p) => watchPage(p));
  function watchPage(p) {
    p.on('pageerror', (e) => errors.push(`${p.url()}: ${e.message}`));
    // Chromium reports every violation on the console ("… violates the following Content
    // Security Policy directive …"), whichever element or script caused it.
    p.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) csp.push(`${p.url()}: ${m.text()}`);
    });
    p.on('response', (r) => {
      const u = new URL(r.url());
      if (u.origin !== base.origin || r.status() < 400) return;
      if (u.pathname === '/favicon.ico' || expected404.has(u.href)) return;
      broken.push(`${r.status()} ${u.href} (from ${p.url()})`);
    });
  }
  return {
    context,
    offsite,
    errors,
    broken,
    csp,
    /** Mark a URL whose 4xx status the test expects (e.g. a 404 page test). */
    expectError(url) {
      expected404.add(new URL(url, base).href);
    },
    async newPage() {
      return context.newPage();
    },
    async done() {
      await context.close();
      assert.deepEqual(offsite, [], `pages tried to load from other hosts:\n  ${offsite.join('\n  ')}`);
      assert.deepEqual(errors, [], `uncaught script errors:\n  ${errors.join('\n  ')}`);
      assert.deepEqual(broken, [], `broken same-site requests:\n  ${broken.join('\n  ')}`);
      assert.deepEqual(csp, [], `Content Security Policy violations:\n  ${csp.join('\n  ')}`);
    },
  };
}

/** Absolute URL of a site path (`plans/x/#1-2`, with or without a leading `/`). */
export async function urlOf(p) {
  return new URL(p.replace(/^\//, ''), await siteUrl()).href;
}

/**
 * A URL as a reader's browser shows the same document: `…/x/index.html` and `…/x/` are one
 * page (the site links to index.html files so that it also works opened from disk).
 */
export function normUrl(u) {
  const x = new URL(u);
  if (x.pathname.endsWith('/index.html')) x.pathname = x.pathname.slice(0, -'index.html'.length);
  return x.href;
}

/** Every link of the page, resolved and normalised with normUrl. */
export async function linksOf(page, selector = 'a[href]') {
  const hrefs = await page.$$eval(selector, (as) => as.map((a) => a.href));
  return hrefs.filter((u) => /^https?:/.test(u)).map(normUrl);
}

/**
 * Open a site path in a new page of `ctx` and return the page. Fails unless the document
 * itself loads with status 200.
 */
export async function open(ctx, p) {
  const page = await ctx.newPage();
  const url = await urlOf(p);
  // This navigation's own status is asserted here, with a clearer message than the guard's.
  ctx.expectError(url);
  const res = await page.goto(url, { waitUntil: 'load' });
  assert.ok(res, `no response for ${url}`);
  assert.equal(res.status(), 200, `${url} answered ${res.status()}`);
  return page;
}

/**
 * Run one page with a fresh guarded context at `size`: `fn(page, ctx)`, then the guards.
 * The common case of a test: `await withPage(browser, 'plans/x/', PHONE, async (page) => …)`.
 */
export async function withPage(browser, p, size, fn) {
  const ctx = await openContext(browser, size);
  try {
    const page = await open(ctx, p);
    await fn(page, ctx);
  } finally {
    await ctx.done();
  }
}

/** Run axe-core (WCAG 2.1 A and AA rules only) on the page; returns its violations. */
export async function axeViolations(page) {
  // Evaluated from node_modules through the DevTools protocol: nothing is fetched, and the
  // site's Content-Security-Policy (no inline script) does not apply, as it would to a tag.
  if (!(await page.evaluate(() => typeof axe !== 'undefined'))) {
    await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  }
  return page.evaluate(
    (tags) =>
      // eslint-disable-next-line no-undef
      axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((r) =>
          r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
          })),
        ),
    AXE_TAGS,
  );
}

/** Readable report of axe violations: rule, impact, and every failing node's selector. */
export function formatViolations(vs) {
  return vs
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 10)
          .map((n) => `    ${n.target}\n      ${(n.summary ?? '').replace(/\n/g, '\n      ')}`)
          .join('\n') +
        (v.nodes.length > 10 ? `\n    … and ${v.nodes.length - 10} more` : ''),
    )
    .join('\n');
}

/** Fail if axe-core finds any WCAG 2.1 A/AA violation on the page. */
export async function assertAccessible(page, label = page.url()) {
  const vs = await axeViolations(page);
  assert.equal(vs.length, 0, `axe-core: WCAG 2.1 A/AA violations on ${label}:\n${formatViolations(vs)}`);
}

/**
 * Whether the page scrolls sideways: scrollWidth vs innerWidth, and the elements that
 * stick out past the right edge (deepest first) to say where the problem is.
 */
export async function sidewaysOverflow(page) {
  return page.evaluate(() => {
    const se = document.scrollingElement ?? document.documentElement;
    const vw = window.innerWidth;
    const out = [];
    for (const el of document.body ? document.body.querySelectorAll('*') : []) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > vw + 1) {
        const cs = getComputedStyle(el);
        if (cs.position === 'fixed') continue;
        // Skip content inside a box that scrolls on its own (a wide table in an overflow
        // container is fine: the page itself does not move).
        let p = el.parentElement;
        let clipped = false;
        while (p && p !== document.body) {
          const o = getComputedStyle(p).overflowX;
          if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') {
            clipped = true;
            break;
          }
          p = p.parentElement;
        }
        if (clipped) continue;
        const name =
          el.tagName.toLowerCase() +
          (el.id ? '#' + el.id : '') +
          (el.classList.length ? '.' + [...el.classList].join('.') : '');
        out.push(`${name} right=${Math.round(r.right)}`);
      }
    }
    return { scrollWidth: se.scrollWidth, innerWidth: vw, offenders: out.slice(-8) };
  });
}

/** Fail if the page can be scrolled sideways (call at phone width). */
export async function assertNoSidewaysScroll(page, label = page.url()) {
  const o = await sidewaysOverflow(page);
  assert.ok(
    o.scrollWidth <= o.innerWidth,
    `${label} scrolls sideways at ${o.innerWidth}px: scrollWidth ${o.scrollWidth}; sticking out:\n  ${o.offenders.join('\n  ')}`,
  );
}

/** The clipboard's text (the context has clipboard-read permission). */
export async function readClipboard(page) {
  await page.bringToFront();
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Put text on the clipboard, e.g. to make sure a later read sees a fresh copy. */
export async function writeClipboard(page, text) {
  await page.bringToFront();
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
}

/**
 * Whether the clause with `id` is where a reader who opened its link looks: its start is
 * inside the viewport (not scrolled past, not below the fold) and not hidden under a sticky
 * header (the point just inside its top edge belongs to the clause). Returns { ok, … }.
 */
export async function clauseInView(page, id) {
  // Give the browser's own fragment scroll (and any script that repeats it on load) a frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    if (!el) return { ok: false, error: `no element with id ${id}` };
    const r = el.getBoundingClientRect();
    const vh = window.innerHeight;
    const startVisible = r.top >= -2 && r.top < vh - 16 && r.height > 0;
    const x = Math.min(Math.max(r.left + 8, 0), window.innerWidth - 1);
    const y = Math.min(Math.max(r.top + 6, 0), vh - 1);
    const hit = document.elementFromPoint(x, y);
    const uncovered = !!hit && (el.contains(hit) || hit.contains(el));
    return {
      ok: startVisible && uncovered,
      top: Math.round(r.top),
      height: Math.round(r.height),
      viewport: vh,
      scrollY: Math.round(window.scrollY),
      coveredBy: uncovered || !hit ? null : hit.tagName.toLowerCase() + (hit.className ? '.' + hit.className : ''),
    };
  }, id);
}

/** Whether the element's box overlaps the viewport (at least partly visible). */
export async function inViewport(page, selector) {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth && r.height > 0;
  });
}

/**
 * How the element with `id` looks while it is the :target and while it is not: the page is
 * expected to be open at `#id`. The same element is measured both ways (the hash is moved to
 * `otherId` and back), so the difference can only come from :target styling. Returns the
 * style properties that differ (empty = not highlighted).
 */
export async function targetHighlight(page, id, otherId) {
  return page.evaluate(
    async ([id, otherId]) => {
      const el = document.getElementById(id);
      if (!el) return { error: `no element with id ${id}` };
      const PROPS = [
        'background-color', 'background-image', 'outline-style', 'outline-width', 'outline-color',
        'box-shadow', 'border-left-style', 'border-left-width', 'border-left-color',
        'border-top-style', 'border-top-color', 'color', 'font-weight', 'text-decoration-line',
      ];
      const settle = () =>
        Promise.race([
          Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => {}))),
          new Promise((r) => setTimeout(r, 3000)),
        ]).then(() => new Promise((r) => requestAnimationFrame(() => r())));
      const sig = () => {
        const out = {};
        const take = (node, name, pseudo) => {
          const cs = getComputedStyle(node, pseudo);
          for (const p of PROPS) out[`${name}${pseudo ?? ''} ${p}`] = cs.getPropertyValue(p);
          if (pseudo) out[`${name}${pseudo} content`] = cs.getPropertyValue('content');
        };
        take(el, 'self');
        take(el, 'self', '::before');
        take(el, 'self', '::after');
        [...el.children].slice(0, 4).forEach((c, i) => take(c, `child${i}`));
        return out;
      };
      const isTarget = el.matches(':target');
      await settle();
      const on = sig();
      location.hash = '#' + otherId;
      await settle();
      const off = sig();
      location.hash = '#' + id;
      await settle();
      const diff = Object.keys(on).filter((k) => on[k] !== off[k]).map((k) => `${k}: ${off[k]} → ${on[k]}`);
      return { isTarget, diff };
    },
    [id, otherId],
  );
}

// ---- discovering the site from its own output (never from a hand-kept list) ----

function isDir(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Slugs of the plans in the built site: folders under plans/ that hold an index.html. */
export function planSlugs(dir = siteDir()) {
  const plans = path.join(dir, 'plans');
  if (!isDir(plans)) return [];
  return fs
    .readdirSync(plans)
    .filter((s) => fs.existsSync(path.join(plans, s, 'index.html')))
    .sort();
}

/** Ids of the clause pages of one plan: plans/<slug>/<id>/index.html; the plan's own
 * tasks, timeline and targets pages excluded. */
export function clausePageIds(slug, dir = siteDir()) {
  const p = path.join(dir, 'plans', slug);
  return fs
    .readdirSync(p)
    .filter((s) => !['tasks', 'timeline', 'targets'].includes(s) && isDir(path.join(p, s)) && fs.existsSync(path.join(p, s, 'index.html')))
    .sort();
}

/**
 * What the content folder says the site must hold, read from the content files themselves
 * (the format of src/content.rs): per plan file its front-matter `slug` and `title` and
 * every node heading's `{#id .kind}`. Returns [{ file, slug, title, nodes: [{id, kind}] }].
 */
export function contentDir() {
  return path.resolve(process.env.CONTENT_DIR || path.join(REPO, 'content'));
}

export function contentPlans(dir0 = contentDir()) {
  const dir = path.join(dir0, 'plans');
  if (!isDir(dir)) return [];
  const out = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.md')).sort()) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
    const m = text.match(/^---\n([\s\S]*?)\n---\n/);
    const front = m ? m[1] : '';
    const field = (k) => {
      const r = front.match(new RegExp(`^${k}:[ \\t]*(.*)$`, 'm'));
      return r ? r[1].trim().replace(/^(['"])(.*)\1$/, '$2') : '';
    };
    const body = m ? text.slice(m[0].length) : text;
    const nodes = [];
    for (const h of body.matchAll(/^#{1,6} .*\{#([A-Za-z0-9_-]+) \.(\w+)[^}]*\}[ \t]*$/gm)) {
      nodes.push({ id: h[1], kind: h[2] });
    }
    out.push({ file: f, slug: field('slug'), title: field('title'), nodes });
  }
  return out;
}

/** Free pages from content/pages/*.md: their file stems (e.g. `about`). */
export function contentPages(dir0 = contentDir()) {
  const dir = path.join(dir0, 'pages');
  if (!isDir(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((x) => x.endsWith('.md'))
    .map((x) => x.slice(0, -3))
    .sort();
}

/** Site path of a free page: `pages/<stem>/` or `<stem>/`, whichever the build wrote. */
export function pagePath(stem, dir = siteDir()) {
  for (const p of [`pages/${stem}/`, `${stem}/`]) {
    if (fs.existsSync(path.join(dir, p, 'index.html'))) return p;
  }
  return null;
}

/**
 * Start `planpress serve` (the binary `bin`) on a free port for the site at `root`, with
 * `args` added; resolves to { child, url } once it says where it serves. Kill `child` when
 * done.
 */
export function planpressServe(bin, root, args = []) {
  const child = spawn(bin, ['serve', '--port', '0', ...args, '--root', root], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      err += d;
      const m = err.match(/serving (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
  });
}
