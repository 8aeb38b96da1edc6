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
  // Copy-link buttons: the full URL of this page with the clause's fragment.
  var buttons = document.querySelectorAll("button.copy-link[data-anchor]");
  Array.prototype.forEach.call(buttons, function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      var url = location.href.split("#")[0] + "#" + b.getAttribute("data-anchor");
      copyText(url).then(function () {
        b.setAttribute("data-copied", url);
        say("已复制链接：" + url);
      }, function () {
        say("无法复制，请长按条目编号复制链接");
      });
    });
  });
  // Table of contents: open beside the text on wide screens, folded on phones.
  var toc = document.getElementById("toc");
  if (toc && window.matchMedia && window.matchMedia("(min-width: 64em)").matches) {
    toc.open = true;
  }
  // A clause reached by its fragment: make sure it is in view even after late layout.
  function showTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el) { el.scrollIntoView({ block: "start" }); }
  }
  if (location.hash) { window.addEventListener("load", showTarget); }
})();
