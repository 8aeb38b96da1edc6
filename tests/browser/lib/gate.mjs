// The quality gate's measures (issue 18), shared by reading.test.mjs (every page type) and
// search.test.mjs (the search page with results, which only a running search shows).

/**
 * Visible interactive elements smaller than 44×44 px. Exempt (WCAG 2.5.5/2.5.8 "inline"):
 * a link laid out inline that shares a line with text that is not part of any target, i.e.
 * it sits in a sentence and its height is the line's.
 */
export async function smallTargets(page) {
  return page.evaluate(() => {
    const sel = 'a[href], button, summary, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])';
    const interactive = 'a[href], button, summary, input, select, textarea';
    const visible = (el) => {
      if (el.closest('[hidden], .vh')) return false;
      if (!el.getClientRects().length) return false;
      const d = el.closest('details:not([open])');
      if (d && !el.closest('summary')?.parentElement?.isSameNode(d)) return false;
      return getComputedStyle(el).visibility !== 'hidden';
    };
    const inSentence = (el) => {
      if (getComputedStyle(el).display !== 'inline') return false;
      let block = el.parentElement;
      while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
      const lines = [...el.getClientRects()];
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        // Words, not separators (「 · 」「、」) between links.
        if (!/\p{L}|\p{N}/u.test(t.nodeValue) || t.parentElement.closest(interactive) || t.parentElement.closest('.vh')) continue;
        const range = document.createRange();
        range.selectNodeContents(t);
        for (const r of range.getClientRects()) {
          if (r.width > 0 && lines.some((l) => r.top < l.bottom - 2 && r.bottom > l.top + 2)) return true;
        }
      }
      return false;
    };
    const small = [];
    let inline = 0;
    let measured = 0;
    for (const el of document.querySelectorAll(sel)) {
      if (!visible(el)) continue;
      measured += 1;
      const r = el.getBoundingClientRect();
      if (r.width >= 43.5 && r.height >= 43.5) continue;
      if (el.matches('a[href]') && inSentence(el)) {
        inline += 1;
        continue;
      }
      small.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return { small, inline, measured };
  });
}

/**
 * Characters per rendered line of body text, counted as Chinese typesetting does: a
 * full-width character is one, a half-width one (digits, Latin, ASCII punctuation) half.
 * Each text node is measured in the block that lays it out, so side-by-side boxes of a grid
 * are lines of their own.
 * Returns the lines longer than 40 characters and the number of lines measured.
 */
export async function longLines(page) {
  return page.evaluate(() => {
    // Characters per rendered line: each character's box, grouped by its line's top.
    const long = [];
    let count = 0;
    for (const el of document.querySelectorAll('main p, main li, main dd')) {
      if (el.closest('table, pre, nav, .toc, dialog') || !el.getClientRects().length) continue;
      const perLine = new Map();
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const blockOf = (n) => {
        let b = n.parentElement;
        while (b !== el && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement;
        return b;
      };
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        if (t.parentElement.closest('.vh') || blockOf(t) !== el) continue;
        const range = document.createRange();
        for (let i = 0; i < t.nodeValue.length; i += 1) {
          if (/\s/.test(t.nodeValue[i])) continue;
          range.setStart(t, i);
          range.setEnd(t, i + 1);
          const b = range.getClientRects()[0];
          if (!b) continue;
          const key = Math.round(b.bottom);
          const w = t.nodeValue.charCodeAt(i) < 0x2e80 ? 0.5 : 1;
          perLine.set(key, (perLine.get(key) ?? 0) + w);
        }
      }
      for (const [, n] of perLine) {
        count += 1;
        if (n > 40) long.push(`${n}: ${el.textContent.trim().slice(0, 30)}`);
      }
    }
    return { long, count };
  });
}
