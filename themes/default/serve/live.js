// planpress serve: reload the page when the site is rebuilt; show a failed rebuild's error
// over the page (the last good site stays served). Served only by `planpress serve`.
(function () {
  var seen = null;
  var box = null;
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
    fetch("/__planpress/state", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (seen === null) { seen = s.generation; }
        else if (s.generation !== seen) { location.reload(); return; }
        show(s.error);
      })
      .catch(function () {})
      .then(function () { setTimeout(tick, 200); });
  }
  tick();
})();
