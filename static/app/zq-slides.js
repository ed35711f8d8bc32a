/* 章丘规划一张图 — presenter slideshow on the map (served from /app/static/app/zq-slides.js).
 *
 * ZQSlides.init(map, cfg) after ZQ.init and ZQ.addLayer (layers/scenes_map.py SlidesElement).
 * cfg = {scenes: [{id, title, caption, detail, visible, highlight, view, n}], start, lang, mode,
 *        i18n, projector, layerNames, back}.  Each step calls ZQ.apply(scene.visible) and moves the map
 * to the scene's view: no Python rerun.  Keys: → PageDown ↓ Space = next, ← PageUp ↑ = previous,
 * Home/End, B or . = black screen (what presentation clickers send), Esc = close the layer box or
 * the black screen, else leave the slideshow, on the map's own window and on the Streamlit page around it.  Every text (captions are user text) goes in via textContent.
 */
(function () {
  "use strict";
  var S = (window.ZQSlides = window.ZQSlides || {});
  var KEY_NEXT = { ArrowRight: 1, PageDown: 1, ArrowDown: 1, " ": 1, Spacebar: 1 };
  var KEY_PREV = { ArrowLeft: 1, PageUp: 1, ArrowUp: 1 };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function button(cls, text, title, onClick) {
    var b = el("button", "zq-sl-btn " + cls, text);
    b.type = "button";
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("click", function (e) { e.preventDefault(); e.stopPropagation(); onClick(); });
    return b;
  }

  function reducedMotion() {
    try { return window.matchMedia("(prefers-reduced-motion: reduce)").matches; } catch (e) { return false; }
  }

  S.init = function (map, cfg) {
    S.map = map; S.cfg = cfg; S.scenes = cfg.scenes || []; S.off = {}; S.on = {};
    var box = map.getContainer();
    box.classList.add("zq-slideshow");
    if (cfg.projector) { box.classList.add("zq-projector"); thicken(); }
    if (map.keyboard) map.keyboard.disable(); // arrows step scenes instead of panning
    S.hl = L.layerGroup().addTo(map);
    if (!map.getPane("zq-hl")) { map.createPane("zq-hl"); map.getPane("zq-hl").style.zIndex = 640; }
    // the highlight rings are drawn on a canvas of their own above the features: it must not
    // swallow the pointer, or the highlighted features (e.g. 中国晶谷) get no tooltip
    map.getPane("zq-hl").style.pointerEvents = "none";
    var orig = ZQ.apply;
    S.rawApply = orig;
    // Any other ZQ.apply (e.g. streamlit-folium re-sending the page's filter state) keeps the scene.
    ZQ.apply = function (state) { if (S._own || !S.scenes.length) return orig(state); S.show(false); };
    pointsOnTop();
    buildUi(box);
    listen();
    map.options.zoomSnap = 0.25; // a scene fills its free area (not up to a whole zoom level less)
    ZQ.legendFits = legendFits;
    ZQ.onLegend(function () { if (!S._showing) refitSoon(); });
    map.on("dragstart", function () { S.userMoved = true; });
    map.on("zoomstart", function () { if (!S._moving) S.userMoved = true; });
    if (cfg.mode === "present") fitWindow(box);
    watchSize(box);
    S.go(startIndex(), false);
  };

  /* The scene is framed for the window it is shown in: when the map or the caption panel change
     size (the page's iframe grown to the window, fonts loaded, a resize), the scene is fitted
     again, unless the presenter moved the map since, so a scene opened from a link is framed
     exactly as the same scene stepped into. */
  function watchSize(box) {
    if (typeof ResizeObserver === "function") {
      var ro = new ResizeObserver(refitSoon);
      ro.observe(box); ro.observe(S.panel);
    }
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(refitSoon);
  }

  /* What a fit depends on: the map's size, the caption panel's and the legend's boxes. */
  function fitKey() {
    var box = S.map.getContainer(), p = boxOf(S.panel), lg = ZQ.legendRect ? ZQ.legendRect() : null;
    return [box.clientWidth, box.clientHeight].concat(p ? [p.l, p.t, p.r, p.b] : [], lg ? [lg.l, lg.t, lg.r, lg.b] : [])
      .map(Math.round).join(",");
  }

  var refitTimer = null;
  function refitSoon() {
    if (refitTimer) clearTimeout(refitTimer);
    refitTimer = setTimeout(function () {
      refitTimer = null;
      var sc = S.scenes[S.i];
      if (!sc || S.userMoved || sc.view.center) return;
      if (S._flying) { S._refitAfter = true; return; } // not in mid-flight: when it lands
      if (fitKey() === S._fitFor) return; // framed for this very layout already
      placeLow();
      S.map.invalidateSize({ pan: false });
      S._showing = true;  // the legend decided again for this size, then the scene fitted
      try { if (ZQ.autoLegend) ZQ.autoLegend(); } finally { S._showing = false; }
      moveTo(sc.view, false);
    }, 60);
  }

  function startIndex() {
    var k = S.cfg.start || 0;
    if (S.cfg.mode === "export") {
      var m = /scene=(\d+)/.exec(window.location.hash || "");
      if (m) k = Number(m[1]) - 1;
    }
    return Math.min(Math.max(k, 0), Math.max(S.scenes.length - 1, 0));
  }

  /* Projector theme: thicker lines and larger points (the features keep their colours). */
  function thicken() {
    Object.keys(ZQ.layers).forEach(function (id) {
      ZQ.layers[id].layer.eachLayer(function (l) {
        if (!l.setStyle) return;
        var o = l.options, st = { weight: Math.max(2.5, (o.weight || 2) * 1.8) };
        l.setStyle(st);
        if (l.setRadius && o.radius) l.setRadius(o.radius * 1.35);
      });
    });
  }

  /* Points above areas (a zone drawn after a park's point must not take its hover), and one
     tooltip for features at the very same point (schematic parks share their zone's point, e.g.
     明水经开区 and 中国晶谷): it names each of them. */
  function pointsOnTop() {
    var points = [];
    Object.keys(ZQ.layers).forEach(function (id) {
      var entry = ZQ.layers[id];
      entry.layer.eachLayer(function (l) { if (l.getLatLng && l.bringToFront) { points.push(l); } });
      if (!ZQ.rows || !entry.layer.getTooltip || !entry.layer.getTooltip()) return;
      var opts = entry.layer.getTooltip().options;
      entry.layer.unbindTooltip();
      entry.layer.bindTooltip(function (l) {
        var box = el("div");
        [l].concat(l.getLatLng ? sameSpot(points, l) : []).forEach(function (x) {
          var spec = ZQ.layers[x.feature.properties.__l] ? ZQ.layers[x.feature.properties.__l].spec : entry.spec;
          box.appendChild(ZQ.rows(ZQ.cfg, x.feature.properties, spec.tooltip));
        });
        return box;
      }, { sticky: opts.sticky, direction: opts.direction, className: opts.className });
    });
    S.points = points;
  }

  function sameSpot(points, l) {
    var p = l.getLatLng();
    return points.filter(function (x) {
      return x !== l && x._map && !x._zqHidden && x.getLatLng().distanceTo(p) < 1;
    });
  }

  /* In the Streamlit page the map fills the window (the page CSS makes the iframe 100vh). */
  function fitWindow(box) {
    function size() { box.style.height = window.innerHeight + "px"; S.map.invalidateSize(); }
    size();
    window.addEventListener("resize", size);
  }

  function buildUi(box) {
    var t = S.cfg.i18n;
    var panel = el("div", "zq-sl-panel");
    S.counter = el("div", "zq-sl-counter");
    S.title = el("div", "zq-sl-title");
    S.caption = el("div", "zq-sl-caption");
    S.detail = el("div", "zq-sl-detail");
    var text = el("div", "zq-sl-text");
    [S.counter, S.title, S.caption, S.detail].forEach(function (e) { text.appendChild(e); });
    S.prevBtn = button("zq-sl-prev", "‹", t.prev, function () { S.step(-1); });
    S.nextBtn = button("zq-sl-next", "›", t.next, function () { S.step(1); });
    panel.appendChild(S.prevBtn); panel.appendChild(text); panel.appendChild(S.nextBtn);
    if (S.scenes.length < 2) { S.prevBtn.style.visibility = "hidden"; S.nextBtn.style.visibility = "hidden"; }
    var tools = el("div", "zq-sl-tools");
    var layersBtn = button("zq-sl-layers-btn", t.layers, t.layers, function () {
      S.layerBox.hidden = !S.layerBox.hidden; if (!S.layerBox.hidden) fillLayerBox();
    });
    tools.appendChild(layersBtn);
    if (S.cfg.mode === "present") tools.appendChild(button("zq-sl-exit", "✕ " + t.exit, t.exit, exit));
    S.layerBox = el("div", "zq-sl-layerbox");
    S.layerBox.hidden = true;
    tools.appendChild(S.layerBox);
    S.black = el("div", "zq-sl-black");
    S.black.hidden = true;
    S.black.addEventListener("click", function () { S.black.hidden = true; });
    S.tools = tools;
    [panel, tools].forEach(function (e) {
      L.DomEvent.disableClickPropagation(e); L.DomEvent.disableScrollPropagation(e); box.appendChild(e);
    });
    box.appendChild(S.black);
    S.panel = panel;
  }

  function fillLayerBox() {
    var box = S.layerBox, state = S.state();
    while (box.firstChild) box.removeChild(box.firstChild);
    Object.keys(ZQ.layers).forEach(function (id) {
      var row = el("label", "zq-sl-layer");
      var cb = el("input");
      cb.type = "checkbox"; cb.checked = !!state.visible[id]; cb.value = id;
      cb.addEventListener("change", function () {
        var inScene = !!S.scenes[S.i].visible[id];
        delete S.on[id]; delete S.off[id];
        if (cb.checked && !inScene) S.on[id] = 1;
        if (!cb.checked && inScene) S.off[id] = 1;
        S.show(false);
      });
      row.appendChild(cb);
      row.appendChild(el("span", null, (S.cfg.layerNames || {})[id] || id));
      box.appendChild(row);
    });
  }

  /* The scene's visible indices with the presenter's layer toggles applied. */
  S.state = function () {
    var sc = S.scenes[S.i] || { visible: {} }, vis = {};
    Object.keys(sc.visible).forEach(function (id) { if (!S.off[id]) vis[id] = sc.visible[id]; });
    Object.keys(S.on).forEach(function (id) { if (ZQ.layers[id]) vis[id] = "all"; });
    return { visible: vis };
  };

  S.step = function (d) { S.go(S.i + d, true); };

  S.go = function (k, animate) {
    if (!S.scenes.length) return;
    k = Math.min(Math.max(k, 0), S.scenes.length - 1);
    var changed = k !== S.i;
    S.i = k; S.on = {}; S.off = {};
    if (!S.layerBox.hidden && changed) fillLayerBox();
    S.show(true, animate);
    writeUrl(k);
  };

  /* Draw scene S.i: features, highlights, caption, and (move=true) its view. */
  S.show = function (move, animate) {
    var sc = S.scenes[S.i], t = S.cfg.i18n, box = S.map.getContainer();
    S.counter.textContent = (S.i + 1) + " / " + S.scenes.length;
    S.title.textContent = sc.title || "";
    S.caption.textContent = sc.caption || "";
    S.detail.textContent = sc.n ? (sc.detail || "") : t.none;
    S.prevBtn.disabled = S.i === 0;
    S.nextBtn.disabled = S.i === S.scenes.length - 1;
    box.setAttribute("data-zq-scene", String(S.i + 1));
    box.setAttribute("data-zq-scene-id", sc.id);
    placeLow();
    S._own = true; S._showing = true;
    try { S.rawApply(S.state()); } finally { S._own = false; }
    (S.points || []).forEach(function (l) { if (l._map) l.bringToFront(); });
    highlight(sc);
    S._showing = false;
    if (move) {
      S.userMoved = false;
      S._showing = true;  // decide the legend for THIS scene's rows first, then fit around it
      try { if (ZQ.autoLegend) ZQ.autoLegend(); } finally { S._showing = false; }
      moveTo(sc.view, animate && !reducedMotion());
    }
    if (ZQ.placeLabels) ZQ.placeLabels();
  };

  /* The legend and the scale bar stay above the caption panel. */
  function placeLow() {
    var panel = boxOf(S.panel), low = (panel ? S.map.getContainer().clientHeight - panel.t : 0) + 12;
    Array.prototype.forEach.call(S.map.getContainer().querySelectorAll(".leaflet-bottom"),
      function (b) { b.style.bottom = low + "px"; });
  }

  /* Container boxes {l, t, r, b} of what covers the map: the caption panel, the tools. */
  function boxOf(e) {
    if (!e) return null;
    var r = e.getBoundingClientRect(), c = S.map.getContainer().getBoundingClientRect();
    if (!r.width || !r.height) return null;
    return { l: r.left - c.left, t: r.top - c.top, r: r.right - c.left, b: r.bottom - c.top };
  }
  S.boxOf = boxOf;

  /* fitBounds options that keep ``bounds`` inside the map's free area: below the tools, above
     the caption panel, and either left of the legend or above it (whichever shows the scene
     larger).  ``legend``: the legend's box to account for (undefined: as it is now). */
  function fitOptions(bounds, legend) {
    var box = S.map.getContainer(), W = box.clientWidth, H = box.clientHeight, m = 40; // rings, labels
    var panel = boxOf(S.panel), tools = boxOf(S.tools);
    var top = (tools ? tools.b : 0) + m, left = 56, bottom = (panel ? H - panel.t : 0) + m;
    var lg = legend === undefined ? ZQ.legendRect() : legend;
    var maxZoom = S.map.getMaxZoom() < 15 ? S.map.getMaxZoom() : 15;
    var options = [[m, bottom]];
    if (lg) options = [[W - lg.l + m, bottom], [m, Math.max(bottom, H - lg.t + m)]];
    var best = null;
    options.forEach(function (o) {
      var pad = L.point(left + o[0], top + o[1]);
      if (pad.x > W - 80 || pad.y > H - 80) return;
      var z = Math.min(S.map.getBoundsZoom(bounds, false, pad), maxZoom);
      if (!best || z > best.zoom) best = { zoom: z, tl: [left, top], br: o };
    });
    if (!best) best = { zoom: S.map.getBoundsZoom(bounds), tl: [m, m], br: [m, m] };
    return { paddingTopLeft: best.tl, paddingBottomRight: best.br, maxZoom: maxZoom, zoom: best.zoom };
  }
  S.fitOptions = fitOptions;

  /* Open legend only where it costs the scene no size (or the scene has a set view). */
  function legendFits() {
    var sc = S.scenes[S.i];
    if (!sc || !sc.view.bounds) return true;
    var b = L.latLngBounds(sc.view.bounds);
    return fitOptions(b, ZQ.legendRect(true)).zoom >= fitOptions(b, null).zoom;
  }

  function moveTo(view, animate) {
    var map = S.map, box = map.getContainer(), k = S.i + 1, done = false;
    map.stop(); // before listening: stopping a flight fires its own moveend
    box.removeAttribute("data-zq-settled");
    function settled() {
      if (done || S.i + 1 !== k) return;
      done = true; S._flying = false;
      S._refitAfter = false;
      /* The layout the fit was made for may have changed while it moved (the legend's rows
         follow the scene, the caption wraps, the legend collapses): fit again, a few times at
         most, before saying the scene has settled. */
      requestAnimationFrame(function () {  // after what moveend's other listeners change
        if (S.i + 1 !== k) return;
        if (!view.center && fitKey() !== S._fitFor && (S._refits = (S._refits || 0) + 1) <= 3) {
          refitSoon();
          return;
        }
        S._refits = 0;
        box.setAttribute("data-zq-settled", String(k));
      });
    }
    map.once("moveend", settled);
    setTimeout(settled, animate ? 4000 : 400); // a view that did not change fires no moveend
    var opts = { animate: !!animate, duration: 1.2 };
    if (view.center) {
      S._moving = true;
      try { if (animate) map.flyTo(view.center, view.zoom, opts); else map.setView(view.center, view.zoom, opts); }
      finally { S._moving = false; }
      return;
    }
    var fit = fitOptions(L.latLngBounds(view.bounds));
    fit.animate = !!animate; fit.duration = 1.2;
    S._fitFor = fitKey(); S._flying = !!animate;
    S._moving = true;
    try { if (animate) map.flyToBounds(view.bounds, fit); else map.fitBounds(view.bounds, fit); }
    finally { S._moving = false; }
  }

  function findFeature(id, row) {
    var e = ZQ.layers[id];
    if (!e) return null;
    for (var j = 0; j < e.layer._zqAll.length; j++) if (e.layer._zqAll[j]._zqIndex === row) return e.layer._zqAll[j];
    return null;
  }

  function highlight(sc) {
    S.hl.clearLayers();
    ZQ.extraLabels = [];
    if (!S.map.getPane("zq-hl-labels")) {
      S.map.createPane("zq-hl-labels"); S.map.getPane("zq-hl-labels").style.zIndex = 660;
      S.map.getPane("zq-hl-labels").style.pointerEvents = "none";
    }
    var vis = S.state().visible;
    Object.keys(sc.highlight || {}).forEach(function (id) {
      if (!vis[id]) return;
      sc.highlight[id].forEach(function (row) {
        var l = findFeature(id, row);
        if (!l) return;
        var base = { interactive: false, pane: "zq-hl", fill: false };
        var where, gap = 6, ring = 0;
        if (l.getLatLngs) {
          var ll = l.getLatLngs(), Cls = l instanceof L.Polygon ? L.polygon : L.polyline;
          S.hl.addLayer(Cls(ll, L.extend({ color: "#111", weight: 11, opacity: 0.55 }, base)));
          S.hl.addLayer(Cls(ll, L.extend({ color: "#ffd400", weight: 5, opacity: 1 }, base)));
          var flat = L.LineUtil.isFlat(ll) ? ll : ll[0];
          where = l instanceof L.Polygon ? l.getBounds().getCenter() : flat[Math.floor(flat.length / 2)];
        } else if (l.getLatLng) {
          where = l.getLatLng();
          var r = (l.options.radius || 7) + 10;
          gap = r + 5; ring = r + 3;
          S.hl.addLayer(L.circleMarker(where, L.extend({ radius: r, color: "#111", weight: 7, opacity: 0.55 }, base)));
          S.hl.addLayer(L.circleMarker(where, L.extend({ radius: r, color: "#ffd400", weight: 4, opacity: 1 }, base)));
        }
        if (where) {  // placed by zq-labels.js, before every other label
          var mk = L.marker(where, { interactive: false, keyboard: false, pane: "zq-hl-labels",
            icon: L.divIcon({ className: "zq-hl-label", html: el("span", null, l.feature.properties.__title || ""), iconSize: null }) });
          S.hl.addLayer(mk);
          ZQ.extraLabels.push({ marker: mk, rank: -ZQ.extraLabels.length, gap: gap, ring: ring, kind: "hl" });
        }
      });
    });
  }

  function topWindow() {
    try { return window.parent && window.parent !== window && window.parent.document ? window.parent : null; }
    catch (e) { return null; }
  }

  function writeUrl(k) {
    try {
      if (S.cfg.mode === "present") {
        var top = topWindow() || window, url = new URL(top.location.href);
        url.searchParams.set("scene", String(k + 1));
        top.history.replaceState(top.history.state, "", url.toString());
      } else {
        window.history.replaceState(null, "", "#scene=" + (k + 1));
      }
    } catch (e) { /* file:// or a cross-origin parent: the address simply does not follow */ }
  }

  /* The explorer's address: this one without mode/scene, with the explorer's last view as ?v=
     (kept on the page by zq-view.js; else the one the slideshow's link came with: cfg.back).  The map's iframe is sandboxed without allow-top-navigation,
     so the link is followed by the Streamlit page itself: an <a> in the page's own document. */
  S.exitUrl = function () {
    var top = topWindow() || window, url = new URL(top.location.href), v = top.__zqView || S.cfg.back;
    url.searchParams.delete("mode"); url.searchParams.delete("scene");
    if (v && v.length === 3) url.searchParams.set("v", v[0].toFixed(5) + "," + v[1].toFixed(5) + "," + v[2]);
    return url.toString();
  };

  function exit() {
    if (S.cfg.mode !== "present") return;
    var top = topWindow(), href = S.exitUrl();
    if (!top) { window.location.href = href; return; }
    var a = top.document.createElement("a");
    a.href = href; a.target = "_self"; a.rel = "noopener"; a.hidden = true;
    top.document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function onKey(e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    var tg = e.target, tag = tg && tg.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (tg && tg.isContentEditable)) return;
    if (!S.map || !S.map.getContainer().isConnected) return;
    var key = e.key;
    if (KEY_NEXT[key]) S.step(1);
    else if (KEY_PREV[key]) S.step(-1);
    else if (key === "Home") S.go(0, true);
    else if (key === "End") S.go(S.scenes.length - 1, true);
    else if (key === "b" || key === "B" || key === ".") S.black.hidden = !S.black.hidden;
    else if (key === "Escape" && S.cfg.mode === "present") {
      if (!S.layerBox.hidden) S.layerBox.hidden = true; else if (!S.black.hidden) S.black.hidden = true; else exit();
    }
    else return;
    e.preventDefault();
  }

  function listen() {
    window.addEventListener("keydown", onKey);
    var top = topWindow();
    if (!top) return;
    // One handler on the Streamlit page: a rebuilt map replaces the previous one's.
    try {
      if (top.__zqSlidesKey) top.document.removeEventListener("keydown", top.__zqSlidesKey);
      top.__zqSlidesKey = onKey;
      top.document.addEventListener("keydown", onKey);
      window.addEventListener("pagehide", function () {
        try { if (top.__zqSlidesKey === onKey) { top.document.removeEventListener("keydown", onKey); top.__zqSlidesKey = null; } }
        catch (e) { /* gone */ }
      });
    } catch (e) { /* cross-origin parent */ }
  }
})();
