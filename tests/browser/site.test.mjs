// Browser tests of issue #3 (plan pages): citable clauses, clause pages, copy-link,
// phone width, accessibility. Every plan and clause is discovered from the build and from
// content/, never from a list kept here, and each discovery asserts it found something.
//
// Markup relied on (themes/default): an action is an element `.action[id]` on the plan page,
// its offices `.unit` inside a `dl.duties` child, its copy-link control `button.copy-link[data-anchor=<id>]`;
// the plan text is inside `.plan-text`. Links may point at `…/index.html` (normUrl).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './lib/harness.mjs';

const DIR = h.siteDir();
const SLUGS = h.planSlugs(DIR);
const CONTENT = h.contentPlans();
const PAGES = h.contentPages();

let browser;
before(async () => {
  browser = await h.launch();
});
after(async () => {
  await browser?.close();
  await h.stopServer();
});

/** Site path → absolute URL, for comparing resolved hrefs. */
const abs = (p) => h.urlOf(p);

/** Per plan: the action ids on its plan page, in page order (read once, shared). */
const actionsOf = new Map();
async function planActions(slug) {
  if (!actionsOf.has(slug)) {
    const ctx = await h.openContext(browser, h.DESKTOP);
    try {
      const page = await h.open(ctx, `plans/${slug}/`);
      actionsOf.set(
        slug,
        await page.$$eval('.action[id]', (els) => els.map((e) => e.id)),
      );
    } finally {
      await ctx.done();
    }
  }
  return actionsOf.get(slug);
}

/** A few actions per plan for the expensive checks: first, middle, last (deterministic). */
function sample(ids) {
  if (ids.length <= 3) return ids;
  return [...new Set([ids[0], ids[Math.floor(ids.length / 2)], ids[ids.length - 1]])];
}

test('the site holds every plan of content/, and the home page links to each', async () => {
  assert.ok(CONTENT.length > 0, `no plans in ${h.contentDir()}/plans`);
  assert.equal(SLUGS.length, CONTENT.length, `plan folders in the site: ${SLUGS.join(', ')}`);
  await h.withPage(browser, '', h.DESKTOP, async (page) => {
    const links = await page.$$eval('a[href]', (as) => as.map((a) => ({ href: a.href, text: a.textContent.trim() })));
    for (const l of links) l.href = h.normUrl(l.href);
    for (const slug of SLUGS) {
      const url = await abs(`plans/${slug}/`);
      assert.ok(links.some((l) => l.href === url), `home page does not link to ${url}`);
    }
    for (const c of CONTENT) {
      assert.ok(
        links.some((l) => l.text.includes(c.title)),
        `home page shows no link titled ${c.title} (${c.file})`,
      );
    }
  });
});

/** The plan page of a content file: its front-matter slug, else the home page link with its title. */
let homeLinks = null;
async function slugOf(c) {
  if (c.slug) return c.slug;
  if (!homeLinks) {
    const ctx = await h.openContext(browser, h.DESKTOP);
    const page = await h.open(ctx, '');
    homeLinks = await page.$$eval('a[href]', (as) => as.map((a) => ({ href: a.href, text: a.textContent.trim() })));
    for (const l of homeLinks) l.href = h.normUrl(l.href);
    await ctx.done();
  }
  const l = homeLinks.find((x) => x.text === c.title && /plans\/[^/]+\/$/.test(x.href));
  return l ? l.href.match(/plans\/([^/]+)\/$/)[1] : null;
}

test('every node id of content/ is an anchor on its plan page', async () => {
  for (const c of CONTENT) {
    const slug = await slugOf(c);
    assert.ok(slug && SLUGS.includes(slug), `${c.file}: no plan page found (slug "${slug}")`);
    const ctx = await h.openContext(browser, h.DESKTOP);
    const page = await h.open(ctx, `plans/${slug}/`);
    const ids = new Set(await page.$$eval('[id]', (els) => els.map((e) => e.id)));
    const missing = c.nodes.map((n) => n.id).filter((id) => !ids.has(id));
    assert.deepEqual(missing, [], `plans/${slug}/ lacks anchors for ${c.file} nodes`);
    await ctx.done();
  }
});

test('every plan page marks its actions: items of content/ and every clause with duties', async () => {
  for (const c of CONTENT) {
    const slug = await slugOf(c);
    assert.ok(slug, `${c.file}: no plan page found`);
    const actions = await planActions(slug);
    const items = c.nodes.filter((n) => n.kind === 'item' || n.kind === 'inline').map((n) => n.id);
    const notAction = items.filter((id) => !actions.includes(id));
    assert.deepEqual(notAction, [], `plans/${slug}/: items of ${c.file} not marked as actions`);
  }
  // A clause that assigns offices is a task whatever its level (民乐's sections are its actions).
  for (const slug of SLUGS) {
    await h.withPage(browser, `plans/${slug}/`, h.DESKTOP, async (page) => {
      const withDuties = await page.$$eval('.plan-text [id]', (els) =>
        els
          .filter((e) => [...e.children].some((c) => c.matches('dl.duties') && c.querySelector('.unit')))
          .filter((e) => !e.classList.contains('action'))
          .map((e) => e.id),
      );
      assert.deepEqual(withDuties, [], `plans/${slug}/: clauses with duties not marked as actions`);
    });
  }
  const total = (await Promise.all(SLUGS.map(planActions))).reduce((a, b) => a + b.length, 0);
  assert.ok(total > 0, 'no actions on any plan page');
});

test('opening /plans/<slug>/#<id> brings the clause into view, highlighted (phone and desktop)', async () => {
  let checked = 0;
  for (const slug of SLUGS) {
    const actions = await planActions(slug);
    if (actions.length === 0) continue;
    for (const [i, id] of sample(actions).entries()) {
      const size = i % 2 === 0 ? h.PHONE : h.DESKTOP;
      const other = actions.find((x) => x !== id) ?? 'main';
      await h.withPage(browser, `plans/${slug}/#${id}`, size, async (page) => {
        const view = await h.clauseInView(page, id);
        assert.ok(view.ok, `plans/${slug}/#${id} at ${size.width}px: clause not in view: ${JSON.stringify(view)}`);
        const hl = await h.targetHighlight(page, id, other);
        assert.equal(hl.isTarget, true, `#${id} is not the :target`);
        assert.ok(hl.diff.length > 0, `plans/${slug}/#${id}: the clause looks the same whether targeted or not`);
      });
      checked++;
    }
  }
  assert.ok(checked > 0, 'no clause was checked');
});

test('every action of every plan: following its anchor link lands on it', async () => {
  // The same-document path: one load per plan, then each clause's fragment in turn.
  for (const slug of SLUGS) {
    const actions = await planActions(slug);
    if (actions.length === 0) continue;
    await h.withPage(browser, `plans/${slug}/`, h.PHONE, async (page) => {
      const base = page.url();
      for (const id of actions) {
        await page.goto(`${base}#${id}`);
        const view = await h.clauseInView(page, id);
        assert.ok(view.ok, `plans/${slug}/#${id}: not in view: ${JSON.stringify(view)}`);
        assert.ok(await page.locator(`[id="${id}"]`).evaluate((e) => e.matches(':target')), `#${id} not :target`);
      }
    });
  }
});

test('every clause page exists, is linked from the plan and links back to its anchor', async () => {
  let total = 0;
  for (const slug of SLUGS) {
    const actions = await planActions(slug);
    const onDisk = h.clausePageIds(slug, DIR);
    // One page per action, and no clause page for something that is not an action.
    assert.deepEqual([...onDisk].sort(), [...actions].sort(), `plans/${slug}/: clause pages vs actions`);
    const ctx = await h.openContext(browser, h.DESKTOP);
    const plan = await h.open(ctx, `plans/${slug}/`);
    const planLinks = new Set(await h.linksOf(plan));
    await plan.close();
    const page = await ctx.newPage();
    for (const id of actions) {
      const url = await abs(`plans/${slug}/${id}/`);
      assert.ok(planLinks.has(url), `plans/${slug}/ does not link to the clause page ${url}`);
      const res = await page.goto(url);
      assert.equal(res.status(), 200, `${url} answered ${res.status()}`);
      const back = await abs(`plans/${slug}/#${id}`);
      const hrefs = await h.linksOf(page);
      assert.ok(hrefs.includes(back), `${url} has no link back to ${back}`);
      total++;
    }
    await ctx.done();
  }
  assert.ok(total > 0, 'no clause page found');
});

test('the tasks page lists every action, each row linking to its clause', async () => {
  for (const slug of SLUGS) {
    const actions = await planActions(slug);
    await h.withPage(browser, `plans/${slug}/tasks/`, h.DESKTOP, async (page) => {
      const hrefs = new Set(await h.linksOf(page, 'table a[href]'));
      for (const id of actions) {
        const a = await abs(`plans/${slug}/${id}/`);
        const b = await abs(`plans/${slug}/#${id}`);
        assert.ok(hrefs.has(a) || hrefs.has(b), `plans/${slug}/tasks/ has no row linking to ${id}`);
      }
    });
  }
});

test('the copy-link control puts the clause page URL (the link chat apps keep) on the clipboard, and says 已复制', async () => {
  let checked = 0;
  const copy = async (page, slug, id) => {
    const button = page.locator(`button.copy-link[data-anchor="${id}"]`);
    assert.equal(await button.count(), 1, `plans/${slug}/: no copy-link control for ${id}`);
    await h.writeClipboard(page, 'stale');
    await button.click();
    await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t !== 'stale'), null, {
      timeout: 5000,
    });
    assert.match(await button.innerText(), /已复制/, 'no visible feedback');
    return h.readClipboard(page);
  };
  for (const slug of SLUGS) {
    const actions = await planActions(slug);
    if (actions.length === 0) continue;
    const want = (id) => abs(`plans/${slug}/${id}/`);
    // Opened at its citation URL: the copied link is exactly that URL with the fragment.
    for (const id of sample(actions)) {
      await h.withPage(browser, `plans/${slug}/`, h.DESKTOP, async (page) => {
        assert.equal(await copy(page, slug, id), await want(id));
      });
      checked++;
    }
    // Reached the way a reader does, from the home page's link (which may name index.html):
    // the copied link is still the citation URL.
    await h.withPage(browser, '', h.DESKTOP, async (page) => {
      const planUrl = await abs(`plans/${slug}/`);
      const link = page.locator('a[href]').filter({ hasText: /./ });
      const hrefs = await link.evaluateAll((as) => as.map((a) => a.href));
      const i = hrefs.findIndex((u) => (u.endsWith('/index.html') ? u.slice(0, -10) : u) === planUrl);
      assert.ok(i >= 0, `home page has no link to ${planUrl}`);
      await Promise.all([page.waitForURL((u) => h.normUrl(u.href) === planUrl), link.nth(i).click()]);
      const id = actions[0];
      assert.equal(await copy(page, slug, id), await want(id));
    });
  }
  assert.ok(checked > 0, 'no copy-link control checked');
});

/** Free pages (About etc.) as built, each asserted to exist. */
function freePagePaths() {
  assert.ok(PAGES.length > 0, `no free pages in ${h.contentDir()}/pages (an About page is required)`);
  return PAGES.map((stem) => {
    const p = h.pagePath(stem, DIR);
    assert.ok(p, `content/pages/${stem}.md was not built to pages/${stem}/ or ${stem}/`);
    return p;
  });
}

test('the home page links to every free page (About)', async () => {
  const paths = freePagePaths();
  await h.withPage(browser, '', h.DESKTOP, async (page) => {
    const hrefs = await h.linksOf(page);
    for (const p of paths) assert.ok(hrefs.includes(await abs(p)), `home page does not link to ${p}`);
  });
});

test('at 375px no page scrolls sideways', async () => {
  const paths = ['', ...freePagePaths()];
  for (const slug of SLUGS) {
    paths.push(`plans/${slug}/`, `plans/${slug}/tasks/`);
    for (const id of sample(await planActions(slug))) paths.push(`plans/${slug}/${id}/`);
  }
  const failures = [];
  for (const p of paths) {
    await h.withPage(browser, p, h.PHONE, async (page) => {
      try {
        await h.assertNoSidewaysScroll(page, `/${p}`);
      } catch (e) {
        failures.push(e.message);
      }
    });
  }
  assert.deepEqual(failures, [], failures.join('\n'));
});

test('axe-core: no WCAG 2.1 A/AA violation on the home, plan, tasks and free pages', async () => {
  const paths = ['', ...freePagePaths()];
  for (const slug of SLUGS) paths.push(`plans/${slug}/`, `plans/${slug}/tasks/`);
  const failures = [];
  for (const p of paths) {
    for (const size of [h.DESKTOP, h.PHONE]) {
      await h.withPage(browser, p, size, async (page) => {
        const vs = await h.axeViolations(page);
        if (vs.length) failures.push(`/${p} at ${size.width}px:\n${h.formatViolations(vs)}`);
      });
    }
  }
  assert.deepEqual(failures, [], failures.join('\n\n'));
});

test('a clause page cited cold: the plan facts and a citation that copies whole', async () => {
  const slug = SLUGS[0];
  const [id] = await planActions(slug);
  await h.withPage(browser, `plans/${slug}/${id}/`, h.PHONE, async (page) => {
    const box = page.locator('.cite-box');
    assert.ok(await box.isVisible(), 'no 引用本条 box');
    const text = (await page.locator('#cite-text').innerText()).trim();
    assert.match(text, /^《[^》]+》/, text);
    assert.ok(text.endsWith(`/plans/${slug}/${id}/`), text);
    assert.match(await box.innerText(), /文件状态/);
    await h.writeClipboard(page, 'stale');
    const button = page.locator('button.copy-text');
    await button.click();
    await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t !== 'stale'), null, {
      timeout: 5000,
    });
    assert.equal(await h.readClipboard(page), text);
    assert.match(await button.innerText(), /已复制/);
    await h.assertAccessible(page, 'clause page with its citation box');
  });
});
