// planpress serve: reload the page when a rebuild changed it; show a failed rebuild's error
// over the page (the last good site stays served). Served only by `planpress serve`, which
// loads it as live.js?g=<the build the page comes from>[&missing=1 on its 404 page].
(function () {
  var me = document.currentScript ? document.currentScript.src : "";
  var g = /[?&]g=(\d+)/.exec(me);
  var seen = g ? Number(g[1]) : null;
  var missing = /[?&]missing=1/.test(me);
  var box = null;
  // The URL path the server lists this page under when a build changes it.
  var here = location.pathname.replace(/\/index\.html$/, "/");
  try { here = decodeURIComponent(here); } catch (e) { missing = true; }
  function show(error) {
    if (!error) {
      if (box) { box.parentNode.removeChild(box); box = null; }
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "planpress-error";
      box.setAttribute("role", "alert");
      var s = box.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.zIndex = "9999";
      s.maxHeight = "60vh"; s.overflow = "auto"; s.margin = "0"; s.padding = "1rem";
      s.background = "#fff4f4"; s.color = "#5c0b0b"; s.borderTop = "4px solid #9e1b1b";
      s.font = "14px/1.5 ui-monospace, monospace"; s.whiteSpace = "pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "构建失败（仍显示上一次成功生成的站点）：\n" + error;
  }
  function tick() {
    var since = seen === null ? "" : "?since=" + seen;
    fetch("/__planpress/state" + since, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (seen !== null && s.generation !== seen) {
          // Reload when this page changed, or when what changed is not known.
          var list = s.changed;
          if (missing || !list || list.indexOf(here) >= 0) { location.reload(); return; }
        }
        seen = s.generation;
        show(s.error);
      })
      .catch(function () {})
      .then(function () { setTimeout(tick, 100); });
  }
  tick();
})();
