/* mkdocs-explainer: cards for mentions (a.xp-mention) and context notes (.xp-note-passage,
   sup.xp-note-ref a), built from the page's own hidden data (see HTML-CONTRACT.md).
   Vanilla JS, no network requests, no inline handlers, no HTML strings, no eval: CSP-safe. */
(function () {
  "use strict";
  if (window.__xpExplainer) return; // loaded twice: keep the first
  window.__xpExplainer = 1;

  var OPEN_DELAY = 400; // ms the pointer rests on a mention before its card opens
  var CLOSE_DELAY = 300; // ms grace period after the pointer leaves mention and card
  var GAP = 8, EDGE = 8; // px between mention and card / card and viewport edge
  var KEY = "xp-cards"; // localStorage: "off" switches cards off
  var SHEET = "(max-width: 37.4375em)"; // bottom sheet below 600px

  var d = document, root = d.documentElement;
  var card = null; // the open card element
  var cur = null; // info() of the open card's trigger
  var how = ""; // what opened it: "hover" | "focus" | "tap"
  var openT = 0, closeT = 0, pendingKey = null;
  var pointer = "mouse"; // pointerType of the last pointerdown
  var noFocusOpen = false;
  var on = true;

  function byId(id) { return d.getElementById(id); }
  /* Words in the site's language: the plugin writes them on <body> as data-xp-label-* attributes. */
  function label(key, fallback) {
    var v = d.body && d.body.getAttribute("data-xp-label-" + key);
    return v || fallback;
  }
  function attr(el, k, v) { if (v == null) el.removeAttribute(k); else el.setAttribute(k, v); }

  function readPref() {
    try { return localStorage.getItem(KEY) !== "off"; } catch (e) { return true; }
  }

  /* What an element triggers: {key, data, focus, host, anchor, note} or null.
     key: the focusable trigger (a mention, or the note's [n] link); one card per key. */
  function info(el) {
    if (!el || !el.closest || (card && card.contains(el))) return null;
    var m = el.closest("a.xp-mention[data-xp-entry]");
    if (m) {
      var data = byId("xp-card--" + m.getAttribute("data-xp-entry"));
      return data && { key: m, data: data, focus: m, host: m, anchor: m };
    }
    m = el.closest(".xp-note-passage[data-xp-note], .xp-note-ref a[data-xp-note]");
    if (m) {
      var nid = m.getAttribute("data-xp-note");
      var li = byId("xp-note--" + nid), ref = byId("xp-noteref--" + nid);
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

  /* Build the card by cloning the page's hidden data (never from strings). */
  function build(inf) {
    var c = d.createElement("div");
    c.className = "xp-card md-typeset";
    c.id = "xp-card-open";
    c.setAttribute("role", "dialog");
    c.setAttribute("aria-labelledby", "xp-card-open-title");
    c.setAttribute("data-xp-kind", inf.note ? "note" : inf.data.getAttribute("data-xp-kind") || "");
    var kids = inf.data.children;
    for (var i = 0; i < kids.length; i++) {
      var k = kids[i];
      if (k.matches(".xp-endnote-back, .xp-endnote-reviewed")) continue;
      c.appendChild(k.cloneNode(true));
    }
    // no duplicate ids, no search-highlight marks in the copy
    c.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
    c.querySelectorAll("mark[data-md-highlight]").forEach(function (e) {
      e.replaceWith.apply(e, Array.prototype.slice.call(e.childNodes));
    });
    var t = c.querySelector(".xp-card-title, .xp-endnote-title") || c.firstElementChild;
    if (t) t.id = "xp-card-open-title";
    var x = d.createElement("button");
    x.type = "button";
    x.className = "xp-card-close";
    x.setAttribute("aria-label", label("close", "Close"));
    x.appendChild(svg(18, [["M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4l5.6 5.6L5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6z"]]));
    c.appendChild(x);
    return c;
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
      if (by !== "hover") how = by; // focus/tap make a hover card persistent
      cur.anchor = inf.anchor;
      return;
    }
    close();
    cur = inf;
    how = by;
    card = build(inf);
    // insert right after the trigger: natural Tab order and reading order, no layout shift
    // (the card is position:fixed, out of flow)
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
        f.focus();
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

  /* Where the card goes: the whole mention vertically (a wrapped mention is never covered),
     the line nearest to the pointer horizontally. */
  var lastY = -1;
  function anchorRect(a) {
    var b = a.getBoundingClientRect(), rs = a.getClientRects(), line = rs[0] || b;
    for (var i = 0; i < rs.length; i++) {
      if (lastY >= rs[i].top && lastY <= rs[i].bottom) line = rs[i];
    }
    return { top: b.top, bottom: b.bottom, left: line.left };
  }

  function place(first) {
    if (!card) return;
    var s = card.style, a = cur.anchor;
    if (!a.isConnected) a = cur.anchor = cur.focus;
    var sheet = window.matchMedia(SHEET).matches;
    card.classList.toggle("xp-card--sheet", sheet);
    s.left = s.top = s.maxHeight = "";
    var r = anchorRect(a), vw = root.clientWidth, vh = root.clientHeight;
    var hdr = d.querySelector(".md-header");
    var top0 = Math.max(EDGE, hdr ? hdr.getBoundingClientRect().bottom + EDGE : EDGE);
    if (sheet) {
      // never hide the mention under the sheet: scroll it into the space above
      var st = card.getBoundingClientRect().top;
      if (first && r.bottom > st - GAP) window.scrollBy(0, r.bottom - st + 3 * GAP);
      return;
    }
    if (!first && (r.bottom < 0 || r.top > vh)) { // mention scrolled away
      if (!card.contains(d.activeElement)) close();
      return;
    }
    var w = card.offsetWidth, h = card.offsetHeight;
    var below = vh - EDGE - GAP - r.bottom, above = r.top - GAP - top0, y;
    if (h <= below || below >= above) {
      y = r.bottom + GAP;
      if (h > below) s.maxHeight = Math.max(below, 80) + "px";
    } else {
      if (h > above) { s.maxHeight = above + "px"; h = above; }
      y = r.top - GAP - h;
    }
    var x = Math.max(EDGE, Math.min(r.left, vw - EDGE - w));
    s.left = x + "px";
    s.top = y + "px";
    // a transformed ancestor would move the fixed card: correct by the difference
    var b = card.getBoundingClientRect();
    if (Math.abs(b.left - x) > 1 || Math.abs(b.top - y) > 1) {
      s.left = 2 * x - b.left + "px";
      s.top = 2 * y - b.top + "px";
    }
  }

  var raf = 0;
  function onMove(e) {
    if (e && card && e.target && e.target.nodeType === 1 && card.contains(e.target)) return;
    if (!raf) raf = requestAnimationFrame(function () { raf = 0; place(false); });
  }

  /* ---- events (delegated once on the document; survive instant navigation) ---- */
  function isMouse(e) { return e.pointerType === "mouse" || e.pointerType === "pen"; }

  d.addEventListener("pointerover", function (e) {
    if (!on || !isMouse(e)) return;
    lastY = e.clientY;
    if (card && card.contains(e.target)) { clearTimeout(closeT); closeT = 0; return; }
    var inf = info(e.target);
    if (!inf) return;
    if (card && cur.key === inf.key) { clearTimeout(closeT); closeT = 0; return; }
    scheduleOpen(inf);
  });

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
    lastY = e.clientY;
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
    var passage = !t.closest("a");
    if (passage) { // the quoted text itself: a click/tap opens its note
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
    }
  }, true);

  d.addEventListener("focusin", function (e) {
    if (!on) return;
    var t = e.target;
    if (card && card.contains(t)) { clearTimeout(closeT); closeT = 0; return; }
    var inf = info(t);
    if (inf && t === inf.focus && !noFocusOpen && pointer !== "touch" && focusVisible(t)) {
      open(inf, "focus");
    } else if (card && !(inf && inf.key === cur.key) && how !== "hover") {
      close();
    }
  });

  d.addEventListener("keydown", function (e) {
    if (card && (e.key === "Escape" || e.key === "Esc")) {
      var inside = card.contains(d.activeElement) || d.activeElement === cur.focus;
      clearTimers();
      close(inside);
      if (inside) e.stopPropagation();
    }
    if (e.key === "Tab") pointer = "keyboard";
  }, true);

  function focusVisible(el) {
    try { return el.matches(":focus-visible"); } catch (x) { return true; }
  }

  /* ---- reader's switch ---- */
  function toggleButton() {
    var b = d.querySelector(".xp-toggle");
    if (!b) {
      b = d.createElement("button");
      b.type = "button";
      b.className = "xp-toggle";
      b.setAttribute("aria-label", label("cards-switch", "Hover cards"));
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
        txt.textContent = label("cards-switch", "Hover cards");
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
    b.title = on ? label("cards-on", "Hover cards are on") : label("cards-off", "Hover cards are off");
  }

  /* ARIA on the triggers of the current page; idempotent. */
  function apply() {
    root.classList.toggle("xp-off", !on);
    toggleButton();
    d.querySelectorAll("a.xp-mention[data-xp-entry], .xp-note-ref a[data-xp-note]").forEach(function (a) {
      var entry = a.getAttribute("data-xp-entry"), desc = null;
      var data = entry ? byId("xp-card--" + entry) : byId("xp-note--" + a.getAttribute("data-xp-note"));
      var src = data && data.querySelector(entry ? ".xp-card-summary" : ".xp-endnote-body");
      if (on && src) {
        if (!src.id) src.id = (entry ? "xp-sum--" : "xp-nbody--") + (entry || a.getAttribute("data-xp-note"));
        desc = src.id;
      }
      attr(a, "aria-haspopup", desc && "dialog");
      attr(a, "aria-expanded", desc && "false");
      attr(a, "aria-describedby", desc);
    });
  }

  function setup() {
    clearTimers();
    close();
    on = readPref();
    apply();
  }

  function start() {
    var ds = window.document$;
    if (ds && typeof ds.subscribe === "function") ds.subscribe(setup); // Material, incl. instant nav
    else setup();
  }
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", start);
  else start();
})();
