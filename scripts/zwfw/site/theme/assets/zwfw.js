// Catalog pages: the region picker on item pages and the Pagefind search page.
// Everything is served from this site (no CDN), so it works on an intranet.
(function () {
  "use strict";
  var script = document.currentScript;
  var siteRoot = new URL("..", script ? script.src : window.location.href);

  function regionPicker() {
    var picker = document.querySelector(".zwfw-picker");
    if (!picker) return;
    var sections = Array.prototype.slice.call(document.querySelectorAll(".zwfw-entry"));
    function show(id) {
      sections.forEach(function (s) { s.hidden = Boolean(id) && s.id !== id; });
    }
    picker.addEventListener("change", function () {
      show(picker.value);
      if (picker.value) history.replaceState(null, "", "#" + picker.value);
    });
    var wanted = decodeURIComponent(window.location.hash.slice(1));
    if (wanted && document.getElementById(wanted) && wanted.indexOf("e-") === 0) {
      picker.value = wanted;
      show(wanted);
    }
  }

  function searchPage() {
    var box = document.getElementById("zwfw-search");
    if (!box) return;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("pagefind/pagefind-ui.css", siteRoot).href;
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = new URL("pagefind/pagefind-ui.js", siteRoot).href;
    js.onload = function () {
      var ui = new window.PagefindUI({
        element: "#zwfw-search",
        bundlePath: new URL("pagefind/", siteRoot).href,
        showSubResults: false,
        showImages: false,
        resetStyles: false,
        pageSize: 10,
        translations: { placeholder: "输入事项名称或关键词，例如 食品经营", zero_results: "没有找到与 [SEARCH_TERM] 相关的事项" }
      });
      var q = new URLSearchParams(window.location.search).get("q");
      if (q) ui.triggerSearch(q);
    };
    document.body.appendChild(js);
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () { regionPicker(); searchPage(); });
})();
