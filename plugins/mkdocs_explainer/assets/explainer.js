/* mkdocs-explainer: cards for mentions (a.xp-mention), other links to entries and to mentions
   (a.xp-preview) and context notes (.xp-note-passage, sup.xp-note-ref a), built from the page's
   own hidden data (see "The HTML contract" in the README); on wide screens, notes as sidenotes.
   Vanilla JS, no network requests, no inline handlers, no HTML strings, no eval: CSP-safe. */
(function () {
  "use strict";
  if (window.__xpExplainer) return; // loaded twice: keep the first
  window.__xpExplainer = 1;

  var OPEN_DELAY = 400; // ms the pointer rests on a mention before its card opens
  var CLOSE_DELAY = 300; // ms grace period after the pointer leaves mention and card
  var GAP = 8, EDGE = 8; // px between mention and card / card and viewport edge
  var KEY = "xp-cards"; // localStorage: "off" switches cards off
  // a bottom sheet where a floating card would not fit: narrow (phones, 200 % zoom) or short
  var SHEET = "(max-width: 44.9375em), (max-height: 27.4375em)";
  var FOCUSABLE = "a[href], button";
  // sidenotes: where Material's layout has room for a note column beside the text (and its TOC)
  var WIDE = "screen and (min-width: 100em)";
  var NOTE_GAP = 12; // px between two sidenotes

  var d = document, root = d.documentElement;
  var card = null; // the open card element
  var cur = null; // info() of the open card's trigger
  var how = ""; // what opened it: "hover" | "focus" | "tap"
  var openT = 0, closeT = 0, pendingKey = null;
  var pointer = "mouse"; // pointerType of the last pointerdown
  var px = -1, py = -1; // where the pointer last really moved to
  var noFocusOpen = false;
  var on = true, ids = 0;
  var side = false; // the page's notes are showing in the margin

  /* Words in the site's language: the plugin writes them on <body> as data-xp-label-* attributes. */
  function label(key, fallback) {
    var v = d.body && d.body.getAttribute("data-xp-label-" + key);
    return v || fallback;
  }
  function attr(el, k, v) { if (v == null) el.removeAttribute(k); else el.setAttribute(k, v); }
  // elements are found by their data attributes, never by building ids from slugs
  function find(sel, k, v) { return d.querySelector(sel + "[" + k + '="' + CSS.escape(v) + '"]'); }
  function noteRef(nid) { return find(".xp-note-ref a", "data-xp-note", nid); }
  // what opens an entry's card, and a link to an article mention (its passage's card)
  var ENTRY_LINK = "a.xp-mention[data-xp-entry], a.xp-preview[data-xp-entry]";
  var PASSAGE_LINK = "a.xp-preview[data-xp-passage]";
  function cardData(a) {
    var e = a.getAttribute("data-xp-entry");
    return e ? find(".xp-card-data", "data-xp-entry", e)
      : find(".xp-card-data", "data-xp-passage", a.getAttribute("data-xp-passage") || "");
  }

  function readPref() {
    try { return localStorage.getItem(KEY) !== "off"; } catch (e) { return true; }
  }

  /* What an element triggers: {key, data, focus, host, anchor, note} or null.
     key: the focusable trigger (a mention, or the note's [n] link); one card per key. */
  function info(el) {
    if (!el || !el.closest || (card && card.contains(el))) return null;
    var m = el.closest(ENTRY_LINK + ", " + PASSAGE_LINK);
    if (m) {
      var data = cardData(m);
      return data && { key: m, data: data, focus: m, host: m, anchor: m };
    }
    m = el.closest(".xp-note-passage[data-xp-note], .xp-note-ref a[data-xp-note]");
    if (m && !side) { // a sidenote is already in view beside its passage: no card
      var nid = m.getAttribute("data-xp-note");
      var li = find("li.xp-endnote", "data-xp-note", nid), ref = noteRef(nid);
      return li && ref && {
        key: ref, data: li, focus: ref, host: ref.parentNode, anchor: m, note: true
      };
    }
    return null;
  }

  function svg(w, paths) {
    var NS = "http://www.w3.org/2000/svg", s = d.createElementNS(NS, "svg");
    s.setAttribute("viewBox", "0 0 24 24");
    s.setAttribute("width", w);
    s.setAttribute("height", w);
    s.setAttribute("aria-hidden", "true");
    paths.forEach(function (p) {
      var e = d.createElementNS(NS, "path");
      e.setAttribute("d", p[0]);
      if (p[1]) e.setAttribute("class", p[1]);
      s.appendChild(e);
    });
    return s;
  }

  /* Build the card by cloning the page's hidden data (never from strings). The content
     scrolls inside .xp-card-body, so the tail (::before of the card) is never clipped. */
  function build(inf) {
    var c = d.createElement("div"), body = d.createElement("div");
    c.className = "xp-card md-typeset";
    c.id = "xp-card-open";
    c.setAttribute("role", "dialog");
    c.setAttribute("aria-labelledby", "xp-card-open-title");
    c.setAttribute("data-xp-kind", inf.note ? "note" : inf.data.getAttribute("data-xp-kind") || "");
    body.className = "xp-card-body";
    c.appendChild(body);
    var kids = inf.data.children;
    for (var i = 0; i < kids.length; i++) {
      var k = kids[i];
      if (k.matches(".xp-endnote-back, .xp-endnote-reviewed")) continue;
      body.appendChild(k.cloneNode(true));
    }
    // no duplicate ids, no search-highlight marks in the copy
    c.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
    c.querySelectorAll("mark[data-md-highlight]").forEach(function (e) {
      e.replaceWith.apply(e, Array.prototype.slice.call(e.childNodes));
    });
    var t = c.querySelector(".xp-card-title, .xp-endnote-title") || body.firstElementChild;
    if (t) t.id = "xp-card-open-title";
    var x = d.createElement("button");
    x.type = "button";
    x.className = "xp-card-close";
    x.setAttribute("aria-label", label("close", "Close"));
    x.appendChild(svg(18, [["M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4l5.6 5.6L5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6z"]]));
    c.appendChild(x);
    return c;
  }

  /* A card opened by focus keeps its links out of the Tab order (Tab goes on to the next
     mention); Down arrow on the trigger lets the reader into it. */
  function tabbable(yes) {
    card.querySelectorAll(FOCUSABLE).forEach(function (e) { attr(e, "tabindex", yes ? null : "-1"); });
  }

  function clearTimers() {
    clearTimeout(openT);
    clearTimeout(closeT);
    openT = closeT = 0;
    pendingKey = null;
  }

  function open(inf, by) {
    clearTimers();
    if (!on) return;
    if (card && cur.key === inf.key) {
      if (by !== "hover" && how !== by) { how = by; tabbable(by !== "focus"); } // now persistent
      cur.anchor = inf.anchor;
      return;
    }
    close();
    cur = inf;
    how = by;
    card = build(inf);
    tabbable(by !== "focus");
    // insert right after the trigger: reading order, no layout shift (position:fixed)
    inf.host.parentNode.insertBefore(card, inf.host.nextSibling);
    attr(inf.focus, "aria-expanded", "true");
    attr(inf.focus, "aria-controls", card.id);
    place(true);
    window.addEventListener("scroll", onMove, true);
    window.addEventListener("resize", onMove);
  }

  function close(refocus) { // leaves a pending open of another trigger alone
    clearTimeout(closeT);
    closeT = 0;
    if (!card) return;
    var c = card, f = cur.focus;
    var hadFocus = c.contains(d.activeElement);
    card = cur = null;
    how = "";
    window.removeEventListener("scroll", onMove, true);
    window.removeEventListener("resize", onMove);
    if (c.parentNode) c.parentNode.removeChild(c);
    if (f.isConnected) {
      attr(f, "aria-expanded", on ? "false" : null);
      attr(f, "aria-controls", null);
      if (refocus || hadFocus) {
        noFocusOpen = true;
        f.focus({ preventScroll: !refocus });
        noFocusOpen = false;
      }
    }
  }

  function scheduleOpen(inf) {
    if (pendingKey === inf.key) return;
    clearTimeout(openT);
    pendingKey = inf.key;
    openT = setTimeout(function () { pendingKey = null; open(inf, "hover"); }, OPEN_DELAY);
  }

  function scheduleClose() {
    if (!card || how !== "hover" || closeT) return;
    closeT = setTimeout(function () { closeT = 0; close(); }, CLOSE_DELAY);
  }

  function keepOpen() { clearTimeout(closeT); closeT = 0; }

  /* Where the card goes: the whole mention vertically (a wrapped mention is never covered),
     the line nearest to the pointer horizontally. */
  function anchorRect(a) {
    var b = a.getBoundingClientRect(), rs = a.getClientRects(), line = rs[0] || b;
    for (var i = 0; i < rs.length; i++) {
      if (py >= rs[i].top && py <= rs[i].bottom) line = rs[i];
    }
    return { top: b.top, bottom: b.bottom, left: line.left, width: line.width };
  }

  /* A clipped card says so: a fade and a "more" cue until its end is scrolled into view. */
  function cue() {
    var b = card.firstChild;
    card.classList.toggle("xp-card--more", b.scrollHeight - b.scrollTop - b.clientHeight > 2);
  }

  function place(first) {
    if (!card) return;
    var s = card.style, a = cur.anchor;
    if (!a.isConnected) a = cur.anchor = cur.focus;
    var sheet = window.matchMedia(SHEET).matches;
    card.classList.toggle("xp-card--sheet", sheet);
    s.left = s.top = s.maxHeight = "";
    var r = anchorRect(a), vw = root.clientWidth, vh = root.clientHeight;
    if (!first && (r.bottom < 0 || r.top > vh)) { // mention scrolled (or jumped) away
      if (sheet || !card.contains(d.activeElement)) close();
      return;
    }
    var hdr = d.querySelector(".md-header");
    var top0 = Math.max(EDGE, hdr ? hdr.getBoundingClientRect().bottom + EDGE : EDGE);
    if (sheet) {
      // never hide the mention under the sheet: scroll it into the space above
      var st = card.getBoundingClientRect().top;
      if (first && r.bottom > st - GAP) window.scrollBy(0, r.bottom - st + 3 * GAP);
      return cue();
    }
    var w = card.offsetWidth, h = card.offsetHeight;
    var below = vh - EDGE - GAP - r.bottom, above = r.top - GAP - top0, y;
    var up = !(h <= below || below >= above);
    if (!up) {
      y = r.bottom + GAP;
      if (h > below) s.maxHeight = Math.max(below, 80) + "px";
    } else {
      if (h > above) { s.maxHeight = above + "px"; h = above; }
      y = r.top - GAP - h;
    }
    card.classList.toggle("xp-card--up", up);
    var x = Math.max(EDGE, Math.min(r.left, vw - EDGE - w));
    s.left = x + "px";
    s.top = y + "px";
    // the tail points at the start of the mention's line
    s.setProperty("--xp-tail", Math.max(8, Math.min(r.left + Math.min(r.width / 2, 16) - x - 6, w - 20)) + "px");
    // a transformed ancestor would move the fixed card: correct by the difference
    var b = card.getBoundingClientRect();
    if (Math.abs(b.left - x) > 1 || Math.abs(b.top - y) > 1) {
      s.left = 2 * x - b.left + "px";
      s.top = 2 * y - b.top + "px";
    }
    cue();
  }

  var raf = 0;
  function onMove(e) {
    if (e && card && e.target && e.target.nodeType === 1 && card.contains(e.target)) return cue();
    if (!raf) raf = requestAnimationFrame(function () { raf = 0; place(false); });
  }

  /* ---- events (delegated once on the document; survive instant navigation) ---- */
  function isMouse(e) { return e.pointerType === "mouse" || e.pointerType === "pen"; }

  /* Only a pointer that really moves opens a card: content scrolled or swapped under a
     resting pointer (wheel, instant navigation) fires pointerover, not pointermove. */
  d.addEventListener("pointermove", function (e) {
    if (!isMouse(e) || (e.clientX === px && e.clientY === py)) return;
    px = e.clientX;
    py = e.clientY;
    if (!on) return;
    if (card && card.contains(e.target)) return keepOpen();
    var inf = info(e.target);
    if (!inf) return;
    if (card && cur.key === inf.key) return keepOpen();
    scheduleOpen(inf);
  }, { passive: true });

  d.addEventListener("pointerout", function (e) {
    if (!on || !isMouse(e)) return;
    var to = e.relatedTarget;
    if (card && to && card.contains(to)) return;
    var from = info(e.target), dest = info(to);
    if (from && dest && from.key === dest.key) return;
    if (from && pendingKey === from.key) { clearTimeout(openT); pendingKey = null; }
    if (card && (card.contains(e.target) || (from && from.key === cur.key))) scheduleClose();
  });

  d.addEventListener("pointerdown", function (e) {
    pointer = e.pointerType || "mouse";
    py = e.clientY;
    // a press outside the card and its trigger closes the card
    if (card && !card.contains(e.target)) {
      var inf = info(e.target);
      if (!inf || inf.key !== cur.key) close();
    }
  }, true);

  d.addEventListener("click", function (e) {
    if (!on || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var t = e.target;
    if (card && card.contains(t)) {
      if (t.closest(".xp-card-close")) close(true);
      return;
    }
    var inf = info(t);
    if (!inf) return;
    var touch = (e.pointerType || pointer) === "touch";
    if (!t.closest("a")) { // the quoted text itself: a click/tap opens its note
      var sel = window.getSelection && window.getSelection();
      if (!sel || sel.isCollapsed) open(inf, "tap");
      return;
    }
    if (touch && !(card && cur.key === inf.key)) {
      // first tap opens the card; the second tap (or "Read more") navigates.
      // Capture phase on document: keep Material's instant navigation from seeing it.
      e.preventDefault();
      e.stopPropagation();
      open(inf, "tap");
    } else if (touch) {
      close(); // the second tap follows the link (an endnote jump must not keep the sheet)
    }
  }, true);

  d.addEventListener("focusin", function (e) {
    if (!on) return;
    var t = e.target;
    if (card && card.contains(t)) return keepOpen();
    var inf = info(t);
    if (inf && t === inf.focus && !noFocusOpen && pointer !== "touch" && focusVisible(t)) {
      open(inf, "focus");
    } else if (card && !(inf && inf.key === cur.key) && how !== "hover") {
      close();
    }
  });

  d.addEventListener("keydown", function (e) {
    var k = e.key;
    if (card && (k === "Escape" || k === "Esc")) {
      var inside = card.contains(d.activeElement) || d.activeElement === cur.focus;
      clearTimers();
      close(inside);
      if (inside) e.stopPropagation();
    }
    if (card && k === "ArrowDown" && d.activeElement === cur.focus) { // into the card
      tabbable(true);
      var f = card.querySelector(".xp-card-body " + FOCUSABLE) || card.querySelector(FOCUSABLE);
      f.focus();
      e.preventDefault();
    }
    if (k === "Tab") pointer = "keyboard";
  }, true);

  function focusVisible(el) {
    try { return el.matches(":focus-visible"); } catch (x) { return true; }
  }

  /* Arriving at a mention (from "Mentioned in") or at a note shows where: Material's instant
     navigation moves with pushState, which :target does not follow. */
  function markTarget() {
    var old = d.querySelector(".xp-target"), t = null;
    if (old) old.classList.remove("xp-target");
    try { t = d.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (x) { /* bad hash */ }
    if (t && t.matches("a.xp-mention, li.xp-endnote, .xp-note-ref a")) t.classList.add("xp-target");
  }
  window.addEventListener("hashchange", function () { close(); markTarget(); });
  window.addEventListener("popstate", markTarget);

  /* ---- reader's switch ---- */
  function toggleButton() {
    var b = d.querySelector(".xp-toggle");
    if (!b) {
      b = d.createElement("button");
      b.type = "button";
      b.className = "xp-toggle";
      b.setAttribute("aria-label", label("cards-switch", "Preview cards"));
      b.appendChild(svg(24, [
        ["M4 5h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm1 2v10h14V7H5zm2 2h10v2H7zm0 4h7v2H7z"],
        ["M3.3 2 2 3.3l18.7 18.7 1.3-1.3z", "xp-toggle-slash"]
      ]));
      var hdr = d.querySelector(".md-header__inner");
      if (hdr) {
        b.className += " md-header__button md-icon";
        var before = hdr.querySelector(".md-header__option, label[for=__search], .md-header__source");
        hdr.insertBefore(b, before);
      } else {
        var txt = d.createElement("span");
        txt.className = "xp-toggle-text";
        txt.textContent = label("cards-switch", "Preview cards");
        b.appendChild(txt);
        var main = d.querySelector("article") || d.querySelector("main") || d.body;
        main.insertBefore(b, main.firstChild);
      }
      b.addEventListener("click", function () {
        on = !on;
        try { localStorage.setItem(KEY, on ? "on" : "off"); } catch (x) { /* private mode */ }
        clearTimers();
        close();
        apply();
      });
    }
    b.setAttribute("aria-pressed", on ? "true" : "false");
    b.title = on ? label("cards-on", "Preview cards are on") : label("cards-off", "Preview cards are off");
  }

  /* ARIA on the triggers of the current page; idempotent. */
  function apply() {
    root.classList.toggle("xp-off", !on);
    toggleButton();
    d.querySelectorAll(ENTRY_LINK + ", " + PASSAGE_LINK + ", .xp-note-ref a[data-xp-note]").forEach(function (a) {
      var desc = null, nid = a.getAttribute("data-xp-note");
      var data = nid ? find("li.xp-endnote", "data-xp-note", nid) : cardData(a);
      // a note showing beside its passage opens no card: its [n] is a plain note reference
      var src = data && !(nid && side) && data.querySelector(nid ? ".xp-endnote-body" : ".xp-card-summary");
      if (on && src) {
        if (!src.id) src.id = "xp-desc--" + ++ids;
        desc = src.id;
      }
      attr(a, "aria-haspopup", desc && "dialog");
      attr(a, "aria-expanded", desc && "false");
      attr(a, "aria-describedby", desc);
      // Chromium drops aria-expanded on role=doc-noteref: a plain link while it opens a card
      if (nid) attr(a, "role", desc ? null : "doc-noteref");
    });
  }

  /* ---- sidenotes: on wide screens the endnotes themselves move beside the text (CSS under
     html.xp-sidenotes; no copies: ids, links and reading order stay). Here: each note's top
     (--xp-top), level with its passage or just below the note above. */
  var sideRaf = 0, sideRO = null, sideArt = null;

  function sideParts() {
    var art = d.querySelector("article.md-content__inner"); // Material's layout only
    var sec = art && art.querySelector(":scope > section.xp-endnotes");
    return sec ? { art: art, sec: sec } : null;
  }

  function shown(el) { // the element, or its nearest ancestor on screen (a closed <details>)
    while (el && el !== d.body) {
      if (el.checkVisibility ? el.checkVisibility() : el.getClientRects().length) return el;
      el = el.parentElement;
    }
    return null;
  }

  function sidenotes() {
    var parts = sideParts(), want = !!parts && window.matchMedia(WIDE).matches;
    if (want !== side) {
      side = want;
      if (card && cur.note) close();
      root.classList.toggle("xp-sidenotes", want);
      apply();
      if (sideArt && !want) sideArt.style.removeProperty("--xp-side-room");
    }
    if (sideRO && (!want || !parts || parts.art !== sideArt)) { sideRO.disconnect(); sideRO = null; }
    sideArt = want ? parts.art : null;
    if (want && !sideRO && window.ResizeObserver) {
      sideRO = new ResizeObserver(relayout); // fonts, images, details, tabs: the text reflows
      sideRO.observe(parts.art);
    }
    if (want) layout(parts);
  }

  function layout(parts) {
    var base = parts.sec.getBoundingClientRect().top, next = -Infinity, bottom = 0;
    parts.sec.classList.add("xp-measure"); // every note at its closed height, open ones too
    parts.sec.querySelectorAll("li.xp-endnote[data-xp-note]").forEach(function (li) {
      var nid = li.getAttribute("data-xp-note");
      var at = shown(find(".xp-note-passage", "data-xp-note", nid) || noteRef(nid));
      var r = at && at.getClientRects()[0];
      var top = Math.max(r ? r.top - base : 0, next);
      li.style.setProperty("--xp-top", Math.round(top) + "px");
      li.classList.toggle("xp-clipped", li.scrollHeight > li.clientHeight + 1);
      bottom = top + li.offsetHeight;
      next = bottom + NOTE_GAP;
    });
    parts.sec.classList.remove("xp-measure");
    // notes that run past the end of the text: room for them above the footer
    var art = parts.art, room = art.style.getPropertyValue("--xp-side-room");
    var textEnd = art.getBoundingClientRect().height - (parseFloat(room) || 0);
    art.style.setProperty("--xp-side-room", Math.max(0, Math.ceil(bottom - textEnd)) + "px");
  }

  function relayout() {
    if (!sideRaf) sideRaf = requestAnimationFrame(function () { sideRaf = 0; sidenotes(); });
  }

  window.addEventListener("resize", relayout);
  d.addEventListener("toggle", relayout, true); // <details> opened or closed
  d.addEventListener("change", relayout, true); // Material's content tabs are radio buttons
  d.addEventListener("load", relayout, true); // images
  if (d.fonts) {
    d.fonts.addEventListener("loadingdone", relayout);
    d.fonts.ready.then(relayout);
  }

  /* Hovering a passage lights its sidenote up, and the reverse. */
  function light(t, yes) {
    if (!side || !t.closest) return;
    var el = t.closest(".xp-note-passage[data-xp-note], .xp-note-ref a[data-xp-note], li.xp-endnote[data-xp-note]");
    if (!el) return;
    var nid = el.getAttribute("data-xp-note");
    d.querySelectorAll('[data-xp-note="' + CSS.escape(nid) + '"]').forEach(function (e) {
      if (e.matches(".xp-note-passage, li.xp-endnote")) e.classList.toggle("xp-lit", yes);
    });
  }
  d.addEventListener("pointerover", function (e) { light(e.target, true); });
  d.addEventListener("pointerout", function (e) { light(e.target, false); });

  function setup() {
    clearTimers();
    close();
    on = readPref();
    side = false;
    root.classList.remove("xp-sidenotes");
    apply();
    sidenotes();
    markTarget();
  }

  function start() {
    var ds = window.document$;
    if (ds && typeof ds.subscribe === "function") ds.subscribe(setup); // Material, incl. instant nav
    else setup();
  }
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", start);
  else start();
})();
