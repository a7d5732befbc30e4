/* lexdiff report: interaction only. The page is complete without this
   script; it adds popovers for defined terms and tags, search, focusing one
   amendment from the timeline, and keyboard shortcuts. It never inserts
   markup from strings: every node is created with createElement/textContent,
   so bill text shown in a popover stays text. */
(function () {
  "use strict";

  var doc = document;
  var main = doc.getElementById("main");
  var popover = doc.getElementById("popover");
  var sections = Array.prototype.slice.call(doc.querySelectorAll("section.amendment"));
  var timelineLinks = Array.prototype.slice.call(doc.querySelectorAll(".timeline a[data-section]"));
  var showAllBox = doc.querySelector(".tl-all");
  var showAll = doc.getElementById("show-all");
  if (!main || !popover) { return; }

  doc.querySelectorAll(".search, .keys").forEach(function (el) { el.hidden = false; });
  doc.querySelectorAll(".permalink").forEach(function (el) { el.tabIndex = -1; });

  /* ---- one amendment at a time (from the timeline) ---------------------- */
  function focusSection(id, scroll) {
    var found = null;
    sections.forEach(function (s) {
      var on = !id || s.id === id;
      s.hidden = !on;
      if (s.id === id) { found = s; }
    });
    timelineLinks.forEach(function (a) {
      if (id && a.getAttribute("data-section") === id) { a.setAttribute("aria-current", "true"); }
      else { a.removeAttribute("aria-current"); }
    });
    if (showAllBox) { showAllBox.hidden = !id || sections.length < 2; }
    if (found && scroll) {
      var heading = found.querySelector("h2");
      if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
      found.scrollIntoView({ block: "start" });
    }
    runSearch();
  }
  timelineLinks.forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      var id = a.getAttribute("data-section");
      if (history.replaceState) { history.replaceState(null, "", "#" + id); }
      focusSection(id, true);
    });
  });
  if (showAll) {
    showAll.addEventListener("click", function () { focusSection(null, false); });
  }

  /* Reveal the amendment that holds a linked provision (#SEC-2/...). */
  function revealTarget() {
    var raw = location.hash ? location.hash.slice(1) : "";
    if (!raw) { return; }
    var id;
    try { id = decodeURIComponent(raw); } catch (e) { id = raw; }
    var target = doc.getElementById(id);
    if (!target) { return; }
    var section = target.closest ? target.closest("section.amendment") : null;
    if (section && section.hidden) { focusSection(section.id, false); }
    var details = target.closest ? target.closest("details") : null;
    if (details && !details.open) { details.open = true; }
    target.scrollIntoView({ block: "start" });
  }
  window.addEventListener("hashchange", revealTarget);

  /* ---- popovers: defined terms and tags ---------------------------------- */
  var popOwner = null;
  function layerOn(name) {
    var box = doc.getElementById("layer-" + name);
    return !!(box && box.checked);
  }
  function layerOf(el) {
    if (el.classList.contains("amb-ref")) { return "ambiguity"; }
    if (el.classList.contains("tg-use")) { return "terms"; }
    if (el.classList.contains("tg-obl") || el.classList.contains("tg-pro") || el.classList.contains("tg-perm")) { return "duties"; }
    if (el.classList.contains("tg-qty")) { return "amounts"; }
    if (el.classList.contains("tg-pen")) { return "penalties"; }
    if (el.classList.contains("tg-amb")) { return "ambiguity"; }
    return "";
  }
  function hidePopover() {
    popover.hidden = true;
    if (popOwner) { popOwner.removeAttribute("aria-describedby"); }
    popOwner = null;
  }
  function addLine(label, text) {
    var k = doc.createElement("span");
    k.className = "pk";
    k.textContent = label;
    popover.appendChild(k);
    var v = doc.createElement("span");
    v.textContent = text;
    popover.appendChild(v);
  }
  function showPopover(el) {
    var layer = layerOf(el);
    if (!layer || !layerOn(layer)) { return false; }
    while (popover.firstChild) { popover.removeChild(popover.firstChild); }
    if (el.classList.contains("amb-ref")) {
      /* The reason is in the findings table the marker links to. */
      var row = doc.getElementById(el.getAttribute("href").slice(1));
      if (!row || row.cells.length < 3) { return false; }
      addLine(row.cells[0].textContent + ": \u201c" + row.cells[1].textContent.trim() + "\u201d",
              row.cells[2].textContent.trim());
    } else if (layer === "terms") {
      var id = el.getAttribute("data-def");
      var entry = id ? doc.getElementById(id) : null;
      if (!entry) { return false; }
      var term = entry.previousElementSibling;
      var copy = entry.cloneNode(true);
      var back = copy.querySelector(".back");
      if (back) { back.remove(); }
      addLine("Defined term: " + (term ? term.textContent : el.textContent), copy.textContent.trim());
    } else {
      var info = el.getAttribute("data-info") || "";
      var cut = info.indexOf(": ");
      if (cut > 0) { addLine(info.slice(0, cut), info.slice(cut + 2)); }
      else { addLine(info, ""); }
    }
    popover.hidden = false;
    var rect = el.getBoundingClientRect();
    var left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + doc.documentElement.clientWidth - popover.offsetWidth - 8));
    popover.style.left = left + "px";
    popover.style.top = (rect.bottom + window.scrollY + 6) + "px";
    popOwner = el;
    if (el.tagName === "A") { el.setAttribute("aria-describedby", "popover"); }
    return true;
  }
  function tagAt(node) {
    var el = node && node.nodeType === 1 ? node : (node ? node.parentElement : null);
    var marker = el && el.closest ? el.closest(".amb-ref") : null;
    if (marker && layerOn("ambiguity")) { return marker; }
    while (el && el !== main) {
      if (el.classList && el.classList.contains("tg") && layerOf(el) && layerOn(layerOf(el))) { return el; }
      el = el.parentElement;
    }
    return null;
  }
  main.addEventListener("mouseover", function (ev) {
    var el = tagAt(ev.target);
    if (el && el !== popOwner) { showPopover(el); }
  });
  main.addEventListener("mouseleave", hidePopover);
  main.addEventListener("focusin", function (ev) {
    var el = ev.target;
    if (el.classList && (el.classList.contains("tg-use") || el.classList.contains("amb-ref"))) { showPopover(el); }
    else { hidePopover(); }
  });
  main.addEventListener("click", function (ev) {
    var el = tagAt(ev.target);
    if (!el) { hidePopover(); return; }
    if (el.tagName === "A" && !(ev.ctrlKey || ev.metaKey || ev.shiftKey)) {
      /* A click shows the definition (or the ambiguity's reason) in place;
         the link still works with a modifier key and without JavaScript. */
      ev.preventDefault();
    }
    if (popOwner === el && !popover.hidden) { hidePopover(); } else { showPopover(el); }
  });
  doc.querySelectorAll(".layers input").forEach(function (box) {
    box.addEventListener("change", hidePopover);
  });

  /* ---- search ------------------------------------------------------------ */
  var box = doc.getElementById("search-box");
  var status = doc.getElementById("search-status");
  var hits = [];
  var current = -1;
  var timer = null;
  var MAX_HITS = 2000;
  var SKIP = ".permalink, .renum, .amb-ref";

  function clearHits() {
    var touched = [];
    hits.forEach(function (m) {
      var parent = m.parentNode;
      if (!parent) { return; }
      while (m.firstChild) { parent.insertBefore(m.firstChild, m); }
      parent.removeChild(m);
      touched.push(parent);
    });
    touched.forEach(function (p) { p.normalize(); });
    hits = [];
    current = -1;
  }
  function textNodes(root) {
    var out = [];
    var walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentElement && n.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    while (walker.nextNode()) { out.push(walker.currentNode); }
    return out;
  }
  function markRange(nodes, starts, from, to) {
    /* Wrap [from, to) of the paragraph's joined text, node by node. */
    for (var i = nodes.length - 1; i >= 0; i--) {
      var a = starts[i], b = a + nodes[i].data.length;
      if (b <= from || a >= to) { continue; }
      var node = nodes[i];
      var s = Math.max(from, a) - a, e = Math.min(to, b) - a;
      if (e < node.data.length) { node.splitText(e); }
      if (s > 0) { node = node.splitText(s); }
      var mark = doc.createElement("mark");
      mark.className = "hit";
      node.parentNode.insertBefore(mark, node);
      mark.appendChild(node);
      hits.push(mark);
    }
  }
  function runSearch() {
    if (!box) { return; }
    clearHits();
    var query = box.value.trim().toLowerCase();
    if (query.length < 2) { status.textContent = ""; return; }
    var capped = false;
    var texts = main.querySelectorAll("section.amendment:not([hidden]) .bill-text p");
    for (var t = 0; t < texts.length && !capped; t++) {
      var nodes = textNodes(texts[t]);
      var starts = [], joined = "";
      nodes.forEach(function (n) { starts.push(joined.length); joined += n.data; });
      var lower = joined.toLowerCase();
      var found = [];
      var at = lower.indexOf(query);
      while (at >= 0) { found.push(at); at = lower.indexOf(query, at + query.length); }
      var before = hits.length;
      for (var f = found.length - 1; f >= 0; f--) { markRange(nodes, starts, found[f], found[f] + query.length); }
      /* markRange works backwards; restore document order for this paragraph. */
      var mine = hits.splice(before).reverse();
      Array.prototype.push.apply(hits, mine);
      if (hits.length >= MAX_HITS) { capped = true; }
    }
    status.textContent = hits.length ? (hits.length + (capped ? "+" : "") + " matches") : "No match";
  }
  function step(delta) {
    if (!hits.length) { return; }
    if (current >= 0 && hits[current]) { hits[current].classList.remove("hit-current"); }
    current = (current + delta + hits.length) % hits.length;
    var m = hits[current];
    m.classList.add("hit-current");
    m.scrollIntoView({ block: "center" });
    status.textContent = "Match " + (current + 1) + " of " + hits.length;
  }
  if (box) {
    box.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(runSearch, 150);
    });
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        ev.preventDefault();
        if (timer) { clearTimeout(timer); timer = null; runSearch(); }
        step(ev.shiftKey ? -1 : 1);
      } else if (ev.key === "Escape") {
        box.value = "";
        runSearch();
      }
    });
    doc.getElementById("search-next").addEventListener("click", function () { step(1); });
    doc.getElementById("search-prev").addEventListener("click", function () { step(-1); });
  }

  /* ---- keyboard: next/previous change ------------------------------------- */
  var changeIndex = -1;
  function changes() {
    return Array.prototype.slice.call(main.querySelectorAll(
      "section.amendment:not([hidden]) .bill-text ins.rl, section.amendment:not([hidden]) .bill-text del.rl"));
  }
  function jump(delta) {
    var list = changes();
    if (!list.length) { return; }
    doc.querySelectorAll(".flash").forEach(function (el) { el.classList.remove("flash"); });
    changeIndex = (changeIndex + delta + list.length) % list.length;
    var el = list[changeIndex];
    el.classList.add("flash");
    el.tabIndex = -1;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "center" });
  }
  doc.addEventListener("keydown", function (ev) {
    var t = ev.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
    if (ev.key === "Escape") { hidePopover(); return; }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (ev.key === "/" && box) { ev.preventDefault(); box.focus(); box.select(); }
    else if (ev.key === "j") { jump(1); }
    else if (ev.key === "k") { jump(-1); }
  });

  revealTarget();
})();
