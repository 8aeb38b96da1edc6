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
