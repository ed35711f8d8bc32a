/* 章丘规划一张图 — labels without collisions on the live map (served from /app/static/app/zq-labels.js).
 *
 * After every ZQ.apply, zoomend, moveend and resize, ZQ.placeLabels() places the labels drawn as
 * marker icons — town names (.zq-name-label), 示意 tags (.zq-schematic-label) and the slideshow's
 * highlighted labels (ZQ.extraLabels) — in priority order: highlighted first, then by the layer's
 * declared rank (spec.labelRank: plan layers above context, higher z first).  Each label tries its
 * places in turn (right, left, above, below of its point, then the corners; a 示意 tag its centre
 * first); the first place whose box stays inside the map, clear of every label placed before,
 * of the points of labels that rank as high, of the highlight rings (but a ring around its own
 * point: features at one spot) and of the map's controls (legend, caption panel, tools) is taken, else
 * the label is hidden.  A label is moved with its icon's margins (Leaflet positions the
 * icon itself with a transform), hidden with visibility, so it can be measured again.
 */
(function () {
  "use strict";
  var ZQ = (window.ZQ = window.ZQ || {});
  var HL_RANK = 100000, DOT = 4, EDGE = 2, MAX = 800;
  var UI = ".leaflet-control, .zq-sl-panel, .zq-sl-tools";
  ZQ.extraLabels = ZQ.extraLabels || []; // [{marker, rank, gap, kind}] (zq-slides.js: highlights)

  function places(kind, w, h, g) {
    var c = -w / 2, m = -h / 2, d = g * 0.7;
    var around = [[g, m], [-g - w, m], [c, -g - h], [c, g], [d, -d - h], [d, d], [-d - w, -d - h], [-d - w, d]];
    if (kind === "hl") {  // highlighted: above or below first, then beside, then a row further out
      return [[c, -g - h], [c, g], [g, m], [-g - w, m], [d, -d - h], [-d - w, -d - h], [d, d], [-d - w, d],
        [c, -g - 2 * h - 4], [c, g + h + 4], [g, m - h - 4], [g, m + h + 4], [-g - w, m - h - 4], [-g - w, m + h + 4],
        [c, -g - 3 * h - 8], [c, g + 2 * h + 8], [g, m - 2 * h - 8], [-g - w, m - 2 * h - 8], [g, m + 2 * h + 8], [-g - w, m + 2 * h + 8]];
    }
    if (kind === "center") return [[c, m], [c, -h - 4], [c, 4], [4, m], [-w - 4, m]];
    return around;
  }

  function inside(c, o) { return c.x >= o.l && c.x <= o.r && c.y >= o.t && c.y <= o.b; } // a ring around the label's own point
  function hits(a, b) { return a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b; }

  function candidates(map) {
    var out = [];
    Object.keys(ZQ.layers || {}).forEach(function (id) {
      var entry = ZQ.layers[id], halos = entry.layer && entry.layer._zqHalos;
      if (!halos || !map.hasLayer(halos)) return;
      var rank = Number(entry.spec.labelRank) || 0;
      halos.eachLayer(function (l) {
        var icon = l._icon;
        if (!icon || !l.getLatLng) return;
        var cls = icon.classList;
        if (!cls.contains("zq-name-label") && !cls.contains("zq-schematic-label")) return;
        out.push({ icon: icon, ll: l.getLatLng(), rank: rank, kind: cls.contains("zq-name-label") ? "point" : "center",
          gap: DOT + 3, dot: cls.contains("zq-name-label") });
      });
    });
    ZQ.extraLabels.forEach(function (x) {
      if (!x.marker._map || !x.marker._icon) return;
      out.push({ icon: x.marker._icon, ll: x.marker.getLatLng(), rank: HL_RANK + (x.rank || 0), kind: x.kind || "hl",
        gap: x.gap || 6, dot: false, ring: x.ring || 0 });
    });
    return out;
  }

  function uiBoxes(box) {
    var c = box.getBoundingClientRect(), out = [];
    Array.prototype.forEach.call(box.querySelectorAll(UI), function (e) {
      var r = e.getBoundingClientRect();
      if (r.width && r.height) out.push({ l: r.left - c.left, t: r.top - c.top, r: r.right - c.left, b: r.bottom - c.top });
    });
    return out;
  }

  /* A highlighted label moved away from its point gets a thin line from the point's ring to it. */
  function leader(c) {
    var line = c.icon.querySelector(".zq-leader");
    if (!c.at) { if (line) line.style.display = "none"; return; }
    var dx = Math.round(c.at[0]), dy = Math.round(c.at[1]);  // the box, from the point
    var nx = Math.min(Math.max(0, dx), dx + c.w), ny = Math.min(Math.max(0, dy), dy + c.h);
    var dist = Math.sqrt(nx * nx + ny * ny), from = c.ring || 0;
    if (dist < c.gap + 8) { if (line) line.style.display = "none"; return; }
    if (!line) { line = document.createElement("div"); line.className = "zq-leader"; c.icon.appendChild(line); }
    var a = Math.atan2(ny, nx), b = getComputedStyle(c.icon).borderLeftWidth;
    line.style.display = "";
    line.style.left = (Math.cos(a) * from - dx - parseFloat(b || 0)) + "px";
    line.style.top = (Math.sin(a) * from - dy - parseFloat(b || 0)) + "px";
    line.style.width = Math.max(dist - from, 0) + "px";
    line.style.transform = "rotate(" + a + "rad)";
  }

  ZQ.placeLabels = function () {
    var map = ZQ.map;
    if (!map || !map._loaded) return;
    var box = map.getContainer(), W = box.clientWidth, H = box.clientHeight;
    if (!W || !H) return; // not laid out yet (a hidden iframe): placed when it is (watchLabels)
    var all = candidates(map), shown = [], off = [];
    all.forEach(function (c, k) {  // read: anchors and sizes (one layout)
      c.k = k;
      var p = map.latLngToContainerPoint(c.ll).round(); // where Leaflet puts the icon
      c.x = p.x; c.y = p.y;
      if (p.x < 0 || p.y < 0 || p.x > W || p.y > H) { off.push(c); return; }
      var r = c.icon.getBoundingClientRect();  // fractional: offsetWidth rounds down
      c.w = Math.ceil(r.width) + 1; c.h = Math.ceil(r.height) + 1;
      shown.push(c);
    });
    shown.sort(function (a, b) { return b.rank - a.rank || a.k - b.k; });
    var blocked = uiBoxes(box), dots = shown.filter(function (c) { return c.dot || c.ring; }).map(function (c) {
      var d = c.ring || DOT;  // a labelled point, or a highlighted point's ring
      return { l: c.x - d, t: c.y - d, r: c.x + d, b: c.y + d, k: c.k, ring: !!c.ring, rank: c.rank };
    });
    var placed = [];
    shown.forEach(function (c, n) {
      c.at = null;
      if (n >= MAX || !c.w) return;
      var tries = places(c.kind, c.w, c.h, c.gap);
      for (var i = 0; i < tries.length && !c.at; i++) {
        var b = { l: c.x + tries[i][0], t: c.y + tries[i][1] };
        b.r = b.l + c.w; b.b = b.t + c.h;
        if (b.l < EDGE || b.t < EDGE || b.r > W - EDGE || b.b > H - EDGE) continue;
        var clear = !placed.some(function (o) { return hits(b, o); }) &&
          !blocked.some(function (o) { return hits(b, o); }) &&
          !dots.some(function (o) { return o.k !== c.k && hits(b, o) && (o.ring ? !(c.kind === "hl" && inside(c, o)) : o.rank >= c.rank); });
        if (clear) { c.at = tries[i]; placed.push(b); }
      }
    });
    shown.concat(off).forEach(function (c) {  // write
      var s = c.icon.style;
      if (c.at) {
        s.marginLeft = Math.round(c.at[0]) + "px"; s.marginTop = Math.round(c.at[1]) + "px"; s.visibility = "";
      } else s.visibility = "hidden";
      if (c.kind === "hl") leader(c);
    });
    box.setAttribute("data-zq-labels", String(placed.length));
  };

  /* Placed again after each move and whenever the map's box changes size (an iframe shown or
     grown after the map was drawn fires no Leaflet event) or the web fonts arrive. */
  ZQ.watchLabels = function (map) {
    map.on("zoomend moveend resize viewreset", function () { ZQ.placeLabels(); });
    var queued = false;
    function soon() {
      if (queued) return;
      queued = true;
      requestAnimationFrame(function () { queued = false; ZQ.placeLabels(); });
    }
    if (typeof ResizeObserver === "function") new ResizeObserver(soon).observe(map.getContainer());
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(soon);
  };
})();
