// Tables as printed (issue 16), in headless Chromium at 700 px (a table; at 375 px each row is a
// card, issue 18): a row of an indicator table that holds several indicators (沂源 表1: one per
// line, its values in the same line of the cells beside it) shows each value level with its
// own indicator, even where the names wrap, and on a phone in the same card; merged cells are
// printed as merged. axe-core and no sideways scrolling on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as h from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await h.launch();
});
after(async () => {
  await browser?.close();
  await h.stopServer();
});

/** The plan of the sample whose 表1 is an indicator table (沂源), found in the build. */
function yiyuan() {
  const slug = h.planSlugs().find((s) => s.startsWith('yi-yuan-xian'));
  assert.ok(slug, 'the sample site has the 沂源 plan');
  return `plans/${slug}/`;
}

/** The narrowest screens that still show tables as grids (site.css: cards up to 40em). */
const TABLET = { width: 700, height: 900 };

test('700px: each indicator of a multi-indicator row is level with its values; 375px: in its card', async () => {
  await h.withPage(browser, yiyuan(), TABLET, async (page) => {
    // Indicator, its 2020 and 2025 values and 属性, as the source prints them line by line.
    const rows = [
      ['巩固率（%）', '99.5', '99.6'],
      ['其中：中职在校生', '0.31', '0.34'],
      ['毛入学率（%）', '98.0', '98.5'],
      ['幼儿园学前教育专业毕业专任教师比例（%）', '64.73', '75'],
      ['城市与农村义务教育学校专任教师本科以上学历比例之比', '1.07', '1.02'],
      ['中职院校“双师型”教师占专任专业教师比例（%）', '60', '85'],
    ];
    const found = await page.evaluate((rows) => {
      const table = document.querySelector('figure#table-1 table');
      const cells = [...table.querySelectorAll('tbody td')];
      return rows.map(([name, a, b]) => {
        const ind = cells.find((td) => td.textContent.trim() === name);
        if (!ind) return { name, missing: true };
        const tr = ind.parentElement;
        const tds = [...tr.querySelectorAll('td')];
        const i = tds.indexOf(ind);
        const [va, vb] = [tds[i + 1], tds[i + 2]];
        const box = (el) => {
          const r = el.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom };
        };
        // Where the value's text sits: its line box, not the cell.
        const text = (el) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          const r = range.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom };
        };
        return {
          name,
          values: [va?.textContent.trim(), vb?.textContent.trim()],
          wraps: text(ind).bottom - text(ind).top > 1.5 * parseFloat(getComputedStyle(ind).lineHeight || '20'),
          ind: box(ind),
          a: text(va),
          b: text(vb),
        };
      });
    }, rows);
    let wrapped = 0;
    for (const [k, f] of found.entries()) {
      assert.ok(!f.missing, `${f.name}: no cell holds this indicator alone`);
      assert.deepEqual(f.values, rows[k].slice(1), `${f.name}: the values beside it`);
      for (const v of [f.a, f.b]) {
        // The value's line lies within its indicator's cell: level with it, not a line off.
        assert.ok(
          v.top >= f.ind.top - 1 && v.bottom <= f.ind.bottom + 1,
          `${f.name}: value at ${v.top}–${v.bottom}, indicator cell ${f.ind.top}–${f.ind.bottom}`,
        );
      }
      if (f.wraps) wrapped += 1;
    }
    // The test means something only if some names do wrap at this width.
    assert.ok(wrapped > 0, 'no indicator name wraps at 700px');
    await h.assertNoSidewaysScroll(page);
    await h.assertAccessible(page, yiyuan());
    const shot = path.join(h.REPO, 'target', 'tables-375.png');
    fs.mkdirSync(path.dirname(shot), { recursive: true });
    await page.locator('figure#table-1').screenshot({ path: shot });
  });
  await h.withPage(browser, yiyuan(), h.PHONE, async (page) => {
    const cards = await page.evaluate((names) => {
      const cells = [...document.querySelectorAll('figure#table-1 tbody td')];
      return names.map((name) => {
        const ind = cells.find((td) => td.textContent.trim() === name);
        const tr = ind.parentElement;
        const inside = (el) => {
          const a = el.getBoundingClientRect();
          const b = tr.getBoundingClientRect();
          return a.top >= b.top && a.bottom <= b.bottom && a.height > 0;
        };
        const tds = [...tr.querySelectorAll('td')];
        const i = tds.indexOf(ind);
        return { name, card: getComputedStyle(tr).display, values: [tds[i + 1], tds[i + 2]].map(inside) };
      });
    }, ['巩固率（%）', '其中：中职在校生', '中职院校“双师型”教师占专任专业教师比例（%）']);
    for (const c of cards) {
      assert.equal(c.card, 'flex', `${c.name}: a card`);
      assert.deepEqual(c.values, [true, true], `${c.name}: its values are in its card`);
    }
  });
});

test('merged cells are printed merged: 沂源 表1 last row, 井研 table 1 header', async () => {
  await h.withPage(browser, yiyuan(), h.DESKTOP, async (page) => {
    const last = await page.evaluate(() => {
      const tr = document.querySelector('figure#table-1 tbody tr:last-child');
      return [...tr.querySelectorAll('td')].map((td) => [td.textContent.trim(), td.colSpan]);
    });
    assert.deepEqual(last, [
      ['劳动年龄人口平均受教育年限（年）', 2],
      ['11.9', 1],
      ['12.2', 1],
      ['预期性', 1],
    ]);
  });
  const jy = h.planSlugs().find((s) => s.startsWith('jing-yan-xian'));
  await h.withPage(browser, `plans/${jy}/`, h.DESKTOP, async (page) => {
    // 备注 stands over its own column: the x-range of its header holds the last body cell.
    const r = await page.evaluate(() => {
      const t = document.querySelector('figure#table-1 table');
      const th = [...t.querySelectorAll('thead th')].find((x) => x.textContent.trim() === '备注');
      const info = [...t.querySelectorAll('thead th')].find((x) => x.textContent.trim() === '教育信息化');
      const row = t.querySelector('tbody tr');
      const tds = [...row.querySelectorAll('td')];
      const box = (el) => el.getBoundingClientRect();
      return {
        remark: [box(th).left, box(th).right, th.colSpan],
        lastCell: [box(tds[tds.length - 1]).left, box(tds[tds.length - 1]).right],
        info: [box(info).left, box(info).right],
        infoCell: [box(tds[tds.length - 2]).left, box(tds[tds.length - 2]).right, tds[tds.length - 2].textContent.trim()],
      };
    });
    assert.equal(r.remark[2], 1, '备注 spans one column');
    assert.ok(Math.abs(r.remark[0] - r.lastCell[0]) < 1 && Math.abs(r.remark[1] - r.lastCell[1]) < 1);
    assert.ok(Math.abs(r.info[0] - r.infoCell[0]) < 1, '教育信息化 over its figures');
    assert.equal(r.infoCell[2], '500');
  });
});
