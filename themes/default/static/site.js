// planpress: progressive enhancement only; every page works without this file.
(function () {
  "use strict";
  var live = document.getElementById("live");
  function say(msg) {
    if (live) { live.textContent = ""; setTimeout(function () { live.textContent = msg; }, 30); }
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (ok, fail) {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.position = "fixed";
      ta.style.opacity = "0";
      document.body.appendChild(ta);
      ta.select();
      try { document.execCommand("copy") ? ok() : fail(); } catch (e) { fail(e); }
      document.body.removeChild(ta);
    });
  }
  // Links name their file (`../plans/x/index.html`) so the site works from disk and on any
  // server without script. Served over HTTP, show the clean folder URLs instead, so the
  // address bar, copied links and the canonical URLs agree.
  var served = location.protocol === "http:" || location.protocol === "https:";
  if (served) {
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (a) {
      var h = a.getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:/i.test(h) || h.charAt(0) === "#") { return; }
      var clean = h.replace(/(^|\/)index\.html(?=#|$)/, "$1");
      if (clean !== h) { a.setAttribute("href", clean === "" || clean.charAt(0) === "#" ? "./" + clean : clean); }
    });
  }
  function pageUrl() {
    var u = location.href.split("#")[0];
    return served ? u.replace(/\/index\.html$/, "/") : u;
  }
  // Shown on the button itself for a moment, and said to screen readers.
  function copied(b, text, message) {
    b.setAttribute("data-copied", text);
    var label = b.firstChild;
    if (label && label.nodeType === 3) {
      var was = label.nodeValue;
      label.nodeValue = "已复制";
      setTimeout(function () { label.nodeValue = was; }, 2000);
    }
    say(message);
  }
  // Copy-link buttons: the clause's own page where it has one (a chat app keeps that link
  // whole; it drops `#…`), else this page's address with the clause's fragment.
  var buttons = document.querySelectorAll("button.copy-link[data-anchor]");
  Array.prototype.forEach.call(buttons, function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      var path = b.getAttribute("data-path");
      var url = pageUrl() + "#" + b.getAttribute("data-anchor");
      if (path) {
        url = new URL(path, location.href).href.split("#")[0];
        if (served) { url = url.replace(/\/index\.html$/, "/"); }
      }
      copyText(url).then(function () {
        copied(b, url, "已复制链接：" + url);
      }, function () {
        say("无法复制，请长按条目编号复制链接");
      });
    });
  });
  // Copy-text buttons: the text of the element they name (the clause page's citation).
  Array.prototype.forEach.call(document.querySelectorAll("button.copy-text[data-target]"), function (b) {
    var el = document.getElementById(b.getAttribute("data-target"));
    if (!el) { return; }
    b.hidden = false;
    b.addEventListener("click", function () {
      var text = el.textContent;
      copyText(text).then(function () {
        copied(b, text, "已复制引用：" + text);
      }, function () {
        say("无法复制，请长按选择引用文字");
      });
    });
  });
  // Printing: the paper copy's footer carries the print date beside the page's address.
  window.addEventListener("beforeprint", function () {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    Array.prototype.forEach.call(document.querySelectorAll(".print-date"), function (el) {
      el.textContent = "　打印于 " + d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
    });
  });
  // Table of contents: open beside the text on wide screens, folded on phones.
  var toc = document.getElementById("toc");
  if (toc && window.matchMedia && window.matchMedia("(min-width: 64em)").matches) {
    toc.open = true;
  }
  // Long plans: the 目录 button opens the contents over the page, at the reader's place;
  // 返回 (or Esc) closes them and the page is where it was. The bar at the top and the
  // button's figure show how far through the plan the reader is.
  var tocButton = document.getElementById("toc-button");
  var tocNav = toc && toc.querySelector(".toc-nav");
  var nodes = document.querySelectorAll(".plan-text .node[id]");
  // The clause at the top of the window: the last one whose top has scrolled past 1/4 of it.
  function currentNode() {
    var lo = 0, hi = nodes.length - 1, at = -1, line = window.innerHeight / 4;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (nodes[mid].getBoundingClientRect().top <= line) { at = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return at >= 0 ? nodes[at] : null;
  }
  if (tocButton && tocNav && typeof HTMLDialogElement === "function") {
    var dialog = document.createElement("dialog");
    dialog.className = "toc-dialog";
    dialog.setAttribute("aria-labelledby", "toc-dialog-h");
    var head = document.createElement("div");
    head.className = "toc-dialog-head";
    var h = document.createElement("h2");
    h.id = "toc-dialog-h";
    h.textContent = "目录";
    var back = document.createElement("button");
    back.type = "button";
    back.className = "toc-back";
    back.textContent = "返回阅读位置";
    head.appendChild(h);
    head.appendChild(back);
    dialog.appendChild(head);
    document.body.appendChild(dialog);
    var home = tocNav.parentNode;
    tocButton.addEventListener("click", function (ev) {
      ev.preventDefault();
      Array.prototype.forEach.call(tocNav.querySelectorAll("a[aria-current]"), function (a) {
        a.removeAttribute("aria-current");
      });
      dialog.appendChild(tocNav);
      dialog.showModal();
      var here = currentNode();
      var link = here && tocNav.querySelector('a[href="#' + here.id + '"]');
      if (link) {
        link.setAttribute("aria-current", "location");
        for (var d = link.parentNode; d && d !== tocNav; d = d.parentNode) {
          if (d.tagName === "DETAILS") { d.open = true; }
        }
        link.scrollIntoView({ block: "center" });
      }
      back.focus();
    });
    back.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () {
      home.appendChild(tocNav);
      tocButton.focus();
    });
    tocNav.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest("a[href^='#']");
      if (a && dialog.open) {
        ev.preventDefault();
        dialog.close();
        location.hash = a.getAttribute("href");
        a = document.getElementById(decodeURIComponent(location.hash.slice(1)));
        if (a) { a.scrollIntoView({ block: "start" }); }
      }
    });
  }
  if (tocButton && nodes.length) {
    var bar = document.createElement("progress");
    bar.className = "read-progress";
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", "阅读进度");
    document.body.appendChild(bar);
    var pct = tocButton.querySelector(".toc-pct");
    var queued = false;
    var wide = window.matchMedia ? window.matchMedia("(min-width: 64em)") : null;
    var marked = null;
    // Beside the text (wide screens), the contents mark the clause being read and keep it in
    // view within their own scroll box, so the reader sees where they are in the plan.
    var follow = function () {
      if (!wide || !wide.matches || !tocNav || !toc.open || !toc.contains(tocNav)) { return; }
      var here = currentNode();
      var link = here && tocNav.querySelector('a[href="#' + here.id + '"]');
      if (link === marked) { return; }
      if (marked) { marked.removeAttribute("aria-current"); }
      marked = link;
      if (!link) { return; }
      link.setAttribute("aria-current", "location");
      for (var d = link.parentNode; d && d !== tocNav; d = d.parentNode) {
        if (d.tagName === "DETAILS") { d.open = true; }
      }
      var box = toc.parentNode;
      var r = link.getBoundingClientRect(), b = box.getBoundingClientRect();
      if (r.top < b.top || r.bottom > b.bottom) {
        box.scrollTop += r.top - b.top - b.height / 3;
      }
    };
    var update = function () {
      queued = false;
      follow();
      var range = document.documentElement.scrollHeight - window.innerHeight;
      var p = range > 0 ? Math.min(100, Math.max(0, Math.round(window.scrollY / range * 100))) : 100;
      bar.value = p;
      if (pct) { pct.textContent = p + "%"; }
    };
    window.addEventListener("scroll", function () {
      if (!queued) { queued = true; window.requestAnimationFrame(update); }
    }, { passive: true });
    window.addEventListener("resize", update);
    update();
  }
  // A clause reached by its fragment: make sure it is in view even after late layout.
  function showTarget() {
    var id;
    // A mangled fragment (`#%E0%A4%A`) matches no clause: carry on as if it were not there.
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var el = id && document.getElementById(id);
    if (el) { el.scrollIntoView({ block: "start" }); }
  }
  if (location.hash) { window.addEventListener("load", showTarget); }
  // A link to a number that named another clause before a revision: say where that clause
  // is now (the map is written by the build into the plan page; without it, or without
  // JavaScript, the link lands on whatever the number names today).
  var movedData = document.getElementById("moved-ids");
  var moved = null;
  if (movedData) { try { moved = JSON.parse(movedData.textContent); } catch (e) { moved = null; } }
  function showMoved() {
    var old = document.getElementById("moved-notice");
    if (old) { old.parentNode.removeChild(old); }
    if (!moved) { return; }
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var notes = id && Object.prototype.hasOwnProperty.call(moved, id) ? moved[id] : null;
    if (!notes || !notes.length) { return; }
    var box = document.createElement("div");
    box.id = "moved-notice";
    box.className = "moved-note";
    box.setAttribute("role", "note");
    var head = document.createElement("p");
    head.textContent = document.getElementById(id)
      ? "注意：您打开的链接 #" + id + " 在规划修订前指另一条款，现在此编号是另一条。"
      : "注意：您打开的链接 #" + id + " 所指的条款已在修订中变动。";
    box.appendChild(head);
    notes.forEach(function (n) {
      var p = document.createElement("p");
      p.appendChild(document.createTextNode(n.text + " "));
      var a = document.createElement("a");
      a.href = n.href;
      a.textContent = n.link;
      p.appendChild(a);
      box.appendChild(p);
    });
    var target = document.getElementById(id);
    if (target) {
      target.insertBefore(box, target.firstChild);
    } else {
      var at = document.querySelector(".plan-head") || document.querySelector("main");
      if (at) { at.appendChild(box); }
      box.scrollIntoView({ block: "start" });
    }
    say(head.textContent);
  }
  showMoved();
  window.addEventListener("hashchange", showMoved);
})();
