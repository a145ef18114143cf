// Search results straight to a region's guide: when exactly one region is
// ticked in the 地区 filter, each item result links to that region's guide
// page (guides/<item>/<region code>.html) if the item has one there.
// With no region (or several) ticked, or without script, results open the item page.
(function () {
  "use strict";
  var box = document.getElementById("zwfw-search");
  var data = document.getElementById("zwfw-regions");
  if (!box || !data || !window.MutationObserver || !window.fetch) return;
  var regions = JSON.parse(data.getAttribute("data-regions") || "{}");
  var exists = {};

  function ticked() {
    var boxes = box.querySelectorAll("input[type=checkbox]:checked");
    var names = [];
    boxes.forEach(function (b) { if (b.id.indexOf("地区-") === 0) names.push(b.id.slice(3)); });
    return names.length === 1 ? names[0] : null;
  }

  function check(url) {
    if (!(url in exists)) {
      exists[url] = fetch(url, { method: "HEAD" }).then(function (r) { return r.ok; }, function () { return false; });
    }
    return exists[url];
  }

  function point(a, href) {
    if (a.getAttribute("href") !== href) a.setAttribute("href", href);
    a.dataset.zwfwSet = href;
  }

  function relink() {
    var region = ticked();
    var codes = region && Object.prototype.hasOwnProperty.call(regions, region) ? regions[region] : [];
    box.querySelectorAll("a.pagefind-ui__result-link").forEach(function (a) {
      if (a.getAttribute("href") !== a.dataset.zwfwSet) a.dataset.zwfwItem = a.getAttribute("href");  // (re)drawn by Pagefind
      var item = a.dataset.zwfwItem;
      var match = /^(.*)items\/([0-9A-Za-z_-]+)\.html$/.exec(item || "");
      if (!match || !codes.length) { point(a, item); a.removeAttribute("data-zwfw-region"); return; }
      codes.reduce(function (found, code) {
        return found.then(function (url) {
          if (url || !/^[0-9]+$/.test(code)) return url;
          var guide = match[1] + "guides/" + match[2] + "/" + code + ".html";
          return check(guide).then(function (ok) { return ok ? guide : null; });
        });
      }, Promise.resolve(null)).then(function (guide) {
        if (a.dataset.zwfwItem !== item || ticked() !== region) return;
        point(a, guide || item);
        if (guide) a.setAttribute("data-zwfw-region", region); else a.removeAttribute("data-zwfw-region");
      });
    });
  }

  var pending = null;
  new MutationObserver(function () {
    if (pending) return;
    pending = setTimeout(function () { pending = null; relink(); }, 50);
  }).observe(box, { childList: true, subtree: true, attributes: true, attributeFilter: ["href"] });
  box.addEventListener("change", relink);
})();
