// Catalog pages: the region picker on item pages and the search page.
// Search is our own small UI on Pagefind's JS API: every value from the index
// is put into the page as text (textContent), never as HTML. Everything is
// served from this site (no CDN), so it works on an intranet and under a sub-path.
(function () {
  "use strict";
  var script = document.currentScript;
  var siteRoot = new URL("..", script ? script.src : window.location.href);
  var PAGE = 10;       // results shown at a time
  var CHECKED = 50;    // results whose text is checked for a real match
  var STOP = "的了和与及或在是要我想怎么如何办理申请哪里去";

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

  // On a phone a table's rows become cards, each cell labelled by its column
  // (CSS shows data-label). The labels are copied from the header here rather
  // than repeated in every cell of the page: a province's pages are large.
  function cellLabels() {
    Array.prototype.forEach.call(document.querySelectorAll(".zwfw-page table"), function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent; });
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, n) {
          if (heads[n] && !td.hasAttribute("data-label")) td.setAttribute("data-label", heads[n]);
        });
      });
    });
  }

  // A table too wide for the screen scrolls inside its wrapper; such a wrapper
  // takes keyboard focus (so it scrolls with the arrow keys) and is a named
  // region. The theme wraps tables after loading, and a wrapper may start or
  // stop scrolling when the window changes size, so this is checked again then.
  function scrollRegions() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap, .zwfw-scroll");
    var names = {};
    Array.prototype.forEach.call(wraps, function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        var name = "表格（可左右滚动）：" + tableName(wrap);
        names[name] = (names[name] || 0) + 1;
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", name + (names[name] > 1 ? "（" + names[name] + "）" : ""));
      } else if (wrap.getAttribute("tabindex") === "0") {
        ["tabindex", "role", "aria-label"].forEach(function (a) { wrap.removeAttribute(a); });
      }
    });
  }

  // A table's name: its caption, else the heading above it, else the page title.
  function tableName(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var headings = document.querySelectorAll("article h1, article h2, article h3, article h4");
    var name = "";
    Array.prototype.forEach.call(headings, function (h) {
      if (h.compareDocumentPosition(wrap) & Node.DOCUMENT_POSITION_FOLLOWING) name = h.textContent;
    });
    return (name || document.title).replace(/[¶#]\s*$/, "").trim();
  }

  function el(name, text, cls) {
    var node = document.createElement(name);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function normalise(s) {
    return String(s || "").replace(/___/g, "").replace(/[\s\u200b]+/g, "")
      .replace(/[\p{P}\p{S}]/gu, "").toLowerCase();
  }

  // A result really matches when every word of the query is in its text, or
  // (for a Chinese phrase) most of the query's characters are in its name or aliases.
  function matches(query, data) {
    var names = normalise((data.meta.title || "") + (data.meta.aliases || ""));
    var text = names + normalise(data.content);
    return query.split(/\s+/).every(function (word) {
      var w = normalise(word);
      if (!w || text.indexOf(w) >= 0) return true;
      if (/[a-z0-9]/.test(w)) return false;
      var chars = Array.from(new Set(Array.from(w))).filter(function (c) { return STOP.indexOf(c) < 0; });
      var found = chars.filter(function (c) { return names.indexOf(c) >= 0; }).length;
      return chars.length > 0 && found / chars.length >= 0.75;
    });
  }

  // Pagefind's excerpt is HTML with <mark>; it is parsed in an inert document
  // and only its text and marks are copied over.
  function excerpt(html) {
    var p = el("p", "", "zwfw-result-excerpt");
    var doc = new DOMParser().parseFromString("<body>" + html, "text/html");
    doc.body.childNodes.forEach(function (node) {
      var text = (node.textContent || "").replace(/___\S*/g, "");
      if (!text) return;
      p.appendChild(node.nodeName === "MARK" ? el("mark", text) : document.createTextNode(text));
    });
    return p;
  }

  // With exactly one region ticked, a result opens that region's guide page
  // (guides/<item>/<region code>.html) where the item has one; else the item page.
  var guideExists = {};
  function guideFor(url, code) {
    var match = /^(.*)items\/([0-9A-Za-z_-]+)\.html$/.exec(url || "");
    if (!match || !/^[0-9]+$/.test(code || "")) return Promise.resolve(null);
    var guide = match[1] + "guides/" + match[2] + "/" + code + ".html";
    if (!(guide in guideExists)) {
      guideExists[guide] = window.fetch ? fetch(guide, { method: "HEAD" }).then(function (r) { return r.ok; }, function () { return false; })
        : Promise.resolve(false);
    }
    return guideExists[guide].then(function (ok) { return ok ? guide : null; });
  }

  function resultItem(data, region) {
    var li = el("li", "", "zwfw-result");
    var a = el("a", data.meta.title || data.url, "zwfw-result-link");
    a.href = data.url;
    if (region) {
      guideFor(data.url, region.code).then(function (guide) {
        if (!guide) return;
        a.href = guide;
        a.setAttribute("data-zwfw-region", region.name);
        li.insertBefore(el("p", region.name + "的办事指南", "zwfw-result-aliases"), a.parentNode.nextSibling);
      });
    }
    li.appendChild(el("h2", "", "zwfw-result-title")).appendChild(a);
    if (data.meta.aliases) li.appendChild(el("p", "俗称：" + data.meta.aliases, "zwfw-result-aliases"));
    li.appendChild(excerpt(data.excerpt || ""));
    return li;
  }

  function filterPanel(box, available, order, onChange) {
    var selected = {};
    (order.filters || Object.keys(available)).forEach(function (name) {
      var values = available[name];
      if (!values || !Object.keys(values).length) return;
      var known = order[name] || [];
      var keys = Object.keys(values).sort(function (a, b) {
        var ia = known.indexOf(a), ib = known.indexOf(b);
        if (ia >= 0 || ib >= 0) return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib);
        return values[b] - values[a] || a.localeCompare(b, "zh");
      });
      var group = el("fieldset", "", "zwfw-filter-group");
      group.appendChild(el("legend", name));
      var list = el("div", "", "zwfw-filter-values");
      keys.forEach(function (value, n) {
        var id = "zwfw-f-" + Object.keys(selected).length + "-" + n;
        var label = el("label", "", "zwfw-filter-value");
        var input = document.createElement("input");
        input.type = "checkbox";
        input.id = id;
        input.value = value;
        input.addEventListener("change", function () {
          var now = selected[name] || [];
          selected[name] = input.checked ? now.concat([value]) : now.filter(function (v) { return v !== value; });
          onChange();
        });
        label.appendChild(input);
        label.appendChild(el("span", value));
        label.appendChild(el("span", String(values[value]), "zwfw-filter-count"));
        list.appendChild(label);
      });
      group.appendChild(list);
      box.appendChild(group);
      selected[name] = [];
    });
    return function () {
      var out = {};
      Object.keys(selected).forEach(function (name) {
        if (selected[name].length) out[name] = { any: selected[name].slice() };
      });
      return out;
    };
  }

  // How closely a result's name or aliases match the query (0 best): the exact
  // name or alias, then a name that contains it, then an alias that contains it.
  function closeness(query, data) {
    var q = normalise(query);
    var title = normalise(data.meta.title);
    var aliases = String(data.meta.aliases || "").split(/[、，,]/).map(normalise);
    if (title === q || aliases.indexOf(q) >= 0) return 0;
    if (title.indexOf(q) >= 0) return 1;
    if (aliases.some(function (a) { return a.indexOf(q) >= 0; })) return 2;
    return 3;
  }

  // The search, usable from the page and from tests and benchmarks: resolves to
  // {total, results: [data…], pending: [result…], capped} for a query and filters.
  // Only results whose text really matches the query are kept, closest names
  // first. When the query as typed finds nothing (the index may have cut a long
  // name into other words than the query), shorter beginnings of it are tried.
  function searcher(pagefind) {
    function attempt(query, term, filters) {
      return pagefind.search(term, { filters: filters }).then(function (search) {
        var head = search.results.slice(0, CHECKED);
        return Promise.all(head.map(function (r) { return r.data(); })).then(function (datas) {
          var real = datas.filter(function (d) { return matches(query, d); })
            .map(function (d, n) { return { d: d, n: n, c: closeness(query, d) }; })
            .sort(function (a, b) { return a.c - b.c || a.n - b.n; })
            .map(function (x) { return x.d; });
          return { total: search.results.length, results: real, pending: [], capped: search.results.length > CHECKED };
        });
      });
    }
    function shorter(query, term, filters) {
      return attempt(query, term, filters).then(function (found) {
        var chars = Array.from(term);
        if (found.results.length || chars.length <= 2 || /\s/.test(term)) return found;
        return shorter(query, chars.slice(0, -1).join(""), filters);
      });
    }
    return function (query, filters) {
      query = (query || "").trim();
      filters = filters || {};
      if (!query && !Object.keys(filters).length) return Promise.resolve({ total: 0, results: [], pending: [] });
      if (!query) {
        return pagefind.search(null, { filters: filters }).then(function (search) {
          var head = search.results.slice(0, PAGE);
          return Promise.all(head.map(function (r) { return r.data(); })).then(function (datas) {
            return { total: search.results.length, results: datas, pending: search.results.slice(PAGE) };
          });
        });
      }
      return shorter(query, query, filters);
    };
  }

  function searchPage() {
    var root = document.getElementById("zwfw-search");
    if (!root) return;
    var input = document.getElementById("zwfw-q");
    var status = document.getElementById("zwfw-status");
    var list = document.getElementById("zwfw-results");
    var more = document.getElementById("zwfw-more");
    var panel = document.getElementById("zwfw-filter-panel");
    var order = JSON.parse(document.getElementById("zwfw-search-order").textContent);
    var form = input.form;
    input.value = new URLSearchParams(window.location.search).get("q") || "";
    status.textContent = "正在载入搜索索引 …";
    import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (pagefind) {
      return pagefind.options({ baseUrl: siteRoot.pathname, ranking: { termFrequency: 0.6, pageLength: 0.3 } })
        .then(function () { return pagefind.filters(); })
        .then(function (available) {
          var run = searcher(pagefind);
          window.zwfwSearch = run;
          var current = 0;
          var shown = [];
          var pending = [];
          var selected = filterPanel(document.getElementById("zwfw-filters"), available, order, go);
          panel.hidden = false;
          if (window.matchMedia("(min-width: 60em)").matches) panel.open = true;

          function oneRegion() {
            var ticked = (selected()["地区"] || {}).any || [];
            var codes = order.regions || {};
            return ticked.length === 1 && Object.prototype.hasOwnProperty.call(codes, ticked[0])
              ? { name: ticked[0], code: codes[ticked[0]] } : null;
          }

          function showMore() {
            var region = oneRegion();
            var next = shown.slice(list.children.length, list.children.length + PAGE);
            next.forEach(function (d) { list.appendChild(resultItem(d, region)); });
            var need = PAGE - next.length;
            var load = pending.splice(0, need > 0 ? need : 0);
            return Promise.all(load.map(function (r) { return r.data(); })).then(function (datas) {
              datas.forEach(function (d) { shown.push(d); list.appendChild(resultItem(d, region)); });
              more.hidden = list.children.length >= shown.length && pending.length === 0;
            });
          }

          function go() {
            var query = input.value.trim();
            var ticket = ++current;
            var url = new URL(window.location.href);
            if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
            history.replaceState(null, "", url);
            status.textContent = "正在搜索 …";
            return run(query, selected()).then(function (found) {
              if (ticket !== current) return;
              list.textContent = "";
              shown = found.results;
              pending = found.pending;
              var count = found.results.length + found.pending.length;
              if (!query && !Object.keys(selected()).length) {
                status.textContent = "输入事项名称或俗称，或选择筛选条件。";
              } else if (!count) {
                status.textContent = query ? "没有找到与“" + query + "”相关的事项。请换个说法，例如用事项名称中的词（食品经营、驾驶证），或减少筛选条件。"
                  : "没有符合筛选条件的事项。";
              } else {
                status.textContent = "找到 " + count + (found.capped ? " 个以上" : " 个") + "相关事项" +
                  (query ? "（“" + query + "”）" : "") + "。";
              }
              return showMore();
            });
          }

          form.addEventListener("submit", function (event) { event.preventDefault(); go(); });
          var timer = null;
          input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(go, 250); });
          more.addEventListener("click", showMore);
          return go();
        });
    }).catch(function () {
      status.textContent = "搜索索引载入失败：请刷新页面重试，或从“省级通用目录”“按地区”等目录页查找事项。";
    });
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () { cellLabels(); regionPicker(); searchPage(); scrollRegions(); });
  window.addEventListener("load", scrollRegions);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(function () { setTimeout(scrollRegions, 0); });
  var resized = null;
  window.addEventListener("resize", function () { clearTimeout(resized); resized = setTimeout(scrollRegions, 100); });
})();
