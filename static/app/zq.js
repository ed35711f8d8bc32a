/* 章丘规划一张图 — the map-side half of the explorer (served from /app/static/app/zq.js).
 *
 * Every string that reaches the page goes through textContent, never innerHTML, so attribute
 * values, field names and layer names are shown literally whatever they contain.
 * Layers are styled from feature.properties (no per-feature `case` switch), drawn on one canvas
 * renderer, built once; a filter change only sends the visible feature indices (ZQ.apply),
 * which flips the features' visibility instead of re-adding them (bench/README.md).
 */
(function () {
  "use strict";
  var ZQ = (window.ZQ = window.ZQ || {});
  ZQ.layers = {};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  ZQ.el = el;

  function rows(cfg, props, fields) {
    var box = el("div", "zq-tip");
    var title = el("div", "zq-tip-title", props.__title || "");
    box.appendChild(title);
    if (props.accuracy === "schematic") box.appendChild(el("div", "zq-badge", cfg.i18n.schematic));
    else if (props.accuracy === "approximate") box.appendChild(el("div", "zq-badge zq-approx", cfg.i18n.approximate));
    var table = el("table", "zq-tip-table");
    fields.forEach(function (f) {
      var v = props[f[0]];
      if (v === null || v === undefined || v === "") return;
      var tr = el("tr");
      tr.appendChild(el("th", null, f[1]));
      tr.appendChild(el("td", null, v));
      table.appendChild(tr);
    });
    box.appendChild(table);
    return box;
  }
  ZQ.rows = rows;

  function baseStyle(spec, props) {
    var s = spec.style, color = s.color;
    if (s.by && s.palette && props[s.by] !== undefined) {
      var key = String(props[s.by] || "").split(";")[0];
      if (s.palette[key]) color = s.palette[key];
    }
    var st = {
      color: color, weight: s.weight, opacity: s.opacity, fillColor: s.by ? color : s.fillColor,
      fillOpacity: s.fillOpacity, radius: s.radius, dashArray: s.dashArray || null,
    };
    if (props.accuracy === "approximate" && spec.kind !== "point") st.dashArray = "8 6";
    if (props.accuracy === "schematic") { st.dashArray = "2 6"; st.fillOpacity = Math.min(st.fillOpacity, 0.12); }
    return st;
  }

  ZQ.baseStyle = baseStyle;

  ZQ.init = function (map, cfg) {
    if (!Polygon) { Polygon = hideable(L.Polygon); Polyline = hideable(L.Polyline); CircleMarker = hideable(L.CircleMarker); }
    ZQ.map = map;
    ZQ.cfg = cfg;
    ZQ.renderer = L.canvas({ padding: 0.3 });
    ZQ.halos = L.layerGroup().addTo(map);
    if (cfg.background) map.getContainer().style.background = cfg.background;
    if (cfg.legend) ZQ.legend(map, cfg);
    if (window.parent !== window) fillFrame(map);
    if (ZQ.watchLabels) ZQ.watchLabels(map);
    map.getContainer().setAttribute("data-zq-ready", "1");
  };

  /* In the Streamlit page the explorer's map frame (inside .st-key-zq-map, ui/layout.py) reaches
     from where it starts down to the bottom of the viewport (the sentence above it may take one
     line or four); the map fills its frame and follows window resizes and reruns (ZQ.apply). */
  function fillFrame(map) {
    var frame = null, top = null;
    try { frame = window.frameElement; top = frame && frame.ownerDocument.defaultView; } catch (e) { frame = null; }
    if (frame && !(frame.closest && frame.closest(".st-key-zq-map"))) frame = null;
    function size() {
      if (frame && frame.isConnected) {
        var y = 0;  /* where the frame starts in the page, whatever the page is scrolled to */
        for (var e = frame; e; e = e.offsetParent) y += e.offsetTop;
        var want = Math.max(420, Math.round(top.innerHeight - y - 12));
        if (Math.abs(frame.clientHeight - want) > 1) frame.style.setProperty("height", want + "px", "important");
      }
      var h = window.innerHeight, c = map.getContainer();
      if (h > 200 && Math.abs(c.clientHeight - h) > 1) {  /* the same view, exactly (zq-view.js keeps it) */
        var at = map.getCenter(), z = map.getZoom();
        c.style.height = h + "px";
        map.invalidateSize({ pan: false });
        map.setView(at, z, { animate: false, reset: true });
      }
    }
    size();
    window.addEventListener("resize", size);
    if (top) {
      if (!top.__zqFill) top.addEventListener("resize", function () { if (top.__zqFill) top.__zqFill(); });
      top.__zqFill = size;  /* the map of this run (a rebuilt map replaces the previous one's) */
    }
    ZQ.fill = size;
  }

  /* ---- the compact layer pack (layers/render.py layer_pack) → GeoJSON features ---- */
  var GEOM_TYPES = [null, "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"];

  function unpackGeometry(g, scale) {
    if (!Array.isArray(g)) return g || null; // null, or a GeometryCollection as GeoJSON
    var x = 0, y = 0;
    function pts(flat, close) {
      var n = flat.length / 2, out = new Array(n + (close && n ? 1 : 0));
      for (var i = 0, k = 0; k < n; i += 2, k++) { x += flat[i]; y += flat[i + 1]; out[k] = [x / scale, y / scale]; }
      if (close && n) out[n] = [out[0][0], out[0][1]];
      return out;
    }
    function rings(list) { return list.map(function (r) { return pts(r, true); }); }
    var code = g[0], c;
    if (code === 1) c = [g[1] / scale, g[2] / scale];
    else if (code === 2 || code === 4) c = pts(g[1], false);
    else if (code === 3) c = rings(g[1]);
    else if (code === 5) c = g[1].map(function (l) { return pts(l, false); });
    else if (code === 6) c = g[1].map(rings);
    else return null;
    return { type: GEOM_TYPES[code], coordinates: c };
  }

  function unpackColumn(c, cols, n, depth) {
    if ("r" in c && depth < 8) return unpackColumn(cols[c.r], cols, n, depth + 1);
    if ("s" in c) return { sparse: c.s };
    var vals, i;
    if ("k" in c) { vals = new Array(n); for (i = 0; i < n; i++) vals[i] = c.k; }
    else if ("d" in c) { vals = new Array(n); for (i = 0; i < n; i++) vals[i] = c.d[c.i[i]]; }
    else vals = c.c;
    if (c.p || c.x) {
      var pre = c.p || "", suf = c.x || "";
      vals = vals.map(function (v) { return pre + v + suf; });
    }
    return vals;
  }

  function unpackProperties(pack, layerId) {
    var n = pack.n, keys = pack.keys, cols = keys.map(function (k) { return unpackColumn(pack.cols[k], pack.cols, n, 0); });
    var out = new Array(n);
    for (var i = 0; i < n; i++) {
      var props = { __i: i, __l: layerId };
      for (var j = 0; j < keys.length; j++) {
        var col = cols[j];
        if (col.sparse) { if (Object.prototype.hasOwnProperty.call(col.sparse, i)) props[keys[j]] = col.sparse[i]; }
        else props[keys[j]] = col[i];
      }
      out[i] = props;
    }
    return out;
  }

  /* The pack as a GeoJSON FeatureCollection (what feature_collection() in render.py writes). */
  ZQ.unpack = function (pack, layerId) {
    var props = unpackProperties(pack, layerId);
    return { type: "FeatureCollection", features: props.map(function (p, i) {
      return { type: "Feature", geometry: unpackGeometry(pack.g[i], pack.scale), properties: p };
    }) };
  };

  /* Lines and polygons straight from the integer coordinates to L.LatLng (no intermediate
   * GeoJSON coordinate arrays: half the allocations and garbage of L.geoJSON(features) at 10^4
   * parcels).  Each layer gets what L.GeoJSON.addData gives it: .feature (its geometry is null
   * for lines and polygons: layer.toGeoJSON() has it), .defaultOptions, the group's style,
   * onEachFeature.  Points, multipoints and collections go through addData. */
  /* Delta-coded integer pairs → L.LatLng, continuing from the running cursor (x, y). A ring's
   * closing point is left out: L.Polygon closes rings itself. */
  function latLngs(flat, cur, scale) {
    var n = flat.length / 2, out = new Array(n), x = cur[0], y = cur[1];
    for (var a = 0, k = 0; k < n; a += 2, k++) { x += flat[a]; y += flat[a + 1]; out[k] = new L.LatLng(y / scale, x / scale); }
    cur[0] = x; cur[1] = y;
    return out;
  }
  function latLngRings(list, cur, scale) { return list.map(function (r) { return latLngs(r, cur, scale); }); }

  function addPack(group, pack, layerId) {
    var props = unpackProperties(pack, layerId), opts = group.options, scale = pack.scale;
    for (var i = 0; i < pack.n; i++) {
      var g = pack.g[i];
      if (!g) continue;
      var code = Array.isArray(g) ? g[0] : 0;
      if (code !== 2 && code !== 3 && code !== 5 && code !== 6) {
        group.addData({ type: "Feature", geometry: unpackGeometry(g, scale), properties: props[i] });
        continue;
      }
      var cur = [0, 0], layer;
      if (code === 2) layer = new Polyline(latLngs(g[1], cur, scale), opts);
      else if (code === 5) layer = new Polyline(g[1].map(function (l) { return latLngs(l, cur, scale); }), opts);
      else if (code === 3) layer = new Polygon(latLngRings(g[1], cur, scale), opts);
      else layer = new Polygon(g[1].map(function (p) { return latLngRings(p, cur, scale); }), opts);
      var feature = { type: "Feature", geometry: null, properties: props[i] };
      layer.feature = feature;
      layer.defaultOptions = layer.options;
      group.resetStyle(layer);
      if (opts.onEachFeature) opts.onEachFeature(feature, layer);
      group.addLayer(layer);
    }
  }

  /* A filtered-out feature stays on the canvas renderer but is neither drawn nor hit: a filter
   * change then costs one flag per feature and one redraw, not removing and re-adding (and
   * re-projecting) thousands of paths.  Canvas paths only; anything else is added/removed. */
  function hideable(Base) {
    return Base.extend({
      _zqHideable: true,
      _updatePath: function () { if (!this._zqHidden) Base.prototype._updatePath.call(this); },
      _containsPoint: function (p) { return !this._zqHidden && Base.prototype._containsPoint.call(this, p); },
    });
  }
  var Polygon, Polyline, CircleMarker; // made in ZQ.init (Leaflet is loaded by then)

  function guard(l) {
    if (!(ZQ.renderer instanceof L.Canvas) || !(l instanceof L.Path)) return;
    if (!l._zqHideable) { // made by L.geoJSON (not from a pack): same behaviour, per instance
      var draw = l._updatePath, hit = l._containsPoint;
      if (typeof draw !== "function" || typeof hit !== "function") return;
      l._updatePath = function () { if (!this._zqHidden) draw.call(this); };
      l._containsPoint = function (p) { return !this._zqHidden && hit.call(this, p); };
    }
    l._zqGuarded = true;
  }

  function redraw(flipped) {
    var r = ZQ.renderer;
    if (!flipped.length || !r._map) return;
    if (typeof r._redraw === "function") { r._redrawBounds = null; r._redraw(); return; } // Leaflet 1.9
    flipped.forEach(function (l) { if (l._map) l.redraw(); });
  }

  ZQ.addLayer = function (spec, data) {
    var map = ZQ.map, cfg = ZQ.cfg;
    var pack = data && data.type === "ZQPack" ? data : null;
    var pane = "zq-" + spec.z;
    if (!map.getPane(pane)) { map.createPane(pane); map.getPane(pane).style.zIndex = 400 + spec.z; }
    var halos = L.layerGroup();
    var layer = L.geoJSON(pack ? null : data, {
      pane: pane,
      interactive: spec.interactive,
      style: function (f) { return baseStyle(spec, f.properties); },
      pointToLayer: function (f, latlng) {
        var st = baseStyle(spec, f.properties);
        st.renderer = ZQ.renderer; st.pane = pane; st.dashArray = null;
        if (f.properties.accuracy === "schematic") { st.dashArray = "3 3"; st.fillOpacity = 0.35; }
        var m = new CircleMarker(latlng, st);
        var r = Number(f.properties.accuracy_m);
        if (f.properties.accuracy === "approximate" && r > 0) {
          m._zqHalo = L.circle(latlng, { radius: r, color: st.color, weight: 1, opacity: 0.45, dashArray: "4 4",
            fill: true, fillOpacity: 0.03, interactive: false, renderer: ZQ.renderer, pane: "overlayPane" });
        }
        return m;
      },
      renderer: ZQ.renderer,
      onEachFeature: function (f, l) {
        l._zqIndex = f.properties.__i;
        guard(l);
        if (spec.labelNames && f.geometry && f.geometry.type === "Point") {
          var c = f.geometry.coordinates;
          l._zqHalo = L.marker([c[1], c[0]], { interactive: false, keyboard: false,
            icon: L.divIcon({ className: "zq-name-label", html: el("span", null, f.properties.__title), iconSize: null }) });
        }
        if (f.properties.__lbl) {
          l._zqHalo = L.marker(f.properties.__lbl, { interactive: false, keyboard: false,
            icon: L.divIcon({ className: "zq-schematic-label", html: el("span", null, cfg.i18n.schematic_short), iconSize: null }) });
        }
      },
    });
    if (pack) addPack(layer, pack, spec.id);
    layer.bindTooltip(function (l) { return rows(cfg, l.feature.properties, spec.tooltip); },
      { sticky: true, direction: "top", className: "zq-tooltip" });
    layer._zqAll = layer.getLayers();
    layer._zqSize = layer._zqAll.reduce(function (m, l) { return Math.max(m, (l._zqIndex | 0) + 1); }, 0);
    layer._zqHalos = halos;
    layer.eachLayer(function (l) { if (l._zqHalo) halos.addLayer(l._zqHalo); });
    ZQ.layers[spec.id] = { spec: spec, layer: layer };
    return layer;
  };

  /* state = {visible: {layerId: [indices] | "all"}} ; layers not listed are hidden.
   * Every path of a shown layer stays in its group (hidden ones flagged, see guard), so the
   * draw order stays layer z-order, feature order; a layer group that comes back is added
   * again together with the groups above it, to keep that order. */
  ZQ.apply = function (state) {
    var map = ZQ.map, ids = Object.keys(ZQ.layers), shown = 0, flipped = [];
    var firstBack = -1;
    ids.forEach(function (id, k) {
      if (firstBack < 0 && state.visible[id] && !map.hasLayer(ZQ.layers[id].layer)) firstBack = k;
    });
    ids.forEach(function (id, k) {
      var layer = ZQ.layers[id].layer;
      if (!state.visible[id] || (firstBack >= 0 && k > firstBack)) {
        if (map.hasLayer(layer)) map.removeLayer(layer);
        if (map.hasLayer(layer._zqHalos)) map.removeLayer(layer._zqHalos);
      }
    });
    var pending = 1, tiledShown = 0, counts = {};
    function finish() {  // after the tiled layers (if any) fetched their masks
      if (--pending > 0) return;
      ZQ.legendSync(counts);
      if (ZQ.placeLabels) ZQ.placeLabels();
      map.getContainer().setAttribute("data-zq-state", String((ZQ._stateCount = (ZQ._stateCount || 0) + 1)));
      map.getContainer().setAttribute("data-zq-shown", String(shown + tiledShown));
    }
    ids.forEach(function (id) {
      var entry = ZQ.layers[id], want = state.visible[id];
      if (want && entry.tiled) {  // zq-tiles.js: the mask URL and the exact count from the server
        counts[id] = want === "all" ? entry.cfg.features : want.shown;
        tiledShown += counts[id];
        pending++;
        ZQ.applyTiled(entry, want, finish);
        return;
      }
      var layer = entry.layer, halos = layer._zqHalos;
      if (!want) return;
      var keep = null, before = shown;
      if (want !== "all") {
        keep = new Uint8Array(layer._zqSize);
        want.forEach(function (i) { if (i >= 0 && i < keep.length) keep[i] = 1; });
      }
      layer._zqAll.forEach(function (l) {
        var on = keep === null || keep[l._zqIndex] === 1;
        if (l._zqGuarded) {
          if (!l._zqHidden !== on) { l._zqHidden = !on; flipped.push(l); }
        } else if (on !== layer.hasLayer(l)) {
          if (on) layer.addLayer(l); else layer.removeLayer(l);
        }
        if (l._zqHalo && on !== halos.hasLayer(l._zqHalo)) {
          if (on) halos.addLayer(l._zqHalo); else halos.removeLayer(l._zqHalo);
        }
        if (on) shown++;
      });
      counts[id] = shown - before;
      if (!map.hasLayer(layer)) layer.addTo(map);
      if (!map.hasLayer(halos)) halos.addTo(map);
      if (flipped.length) layer.closeTooltip();
    });
    redraw(flipped.filter(function (l) { return l._map; }));
    finish();
    if (ZQ.fill) ZQ.fill();  /* this run's sentence may have moved the map's frame */
  };

  /* The legend: one row per layer (it.layer), shown only while that layer has features drawn
   * (ZQ.legendSync after every ZQ.apply); the whole legend hidden when nothing is.  It starts
   * collapsed where, open, it would cover more than LEGEND_MAX of the map (measured after it is
   * drawn and again on resize); a click on its title is the user's choice and wins for the
   * session (sessionStorage).  ZQ.onLegend(fn): told after each change of its size. */
  var LEGEND_MAX = 0.15, LEGEND_KEY = "zq.legend.open";
  function legendChoice() {
    try { var v = window.sessionStorage.getItem(LEGEND_KEY); return v === null ? null : v === "1"; }
    catch (e) { return ZQ._legendChoice === undefined ? null : ZQ._legendChoice; }
  }
  function rememberLegend(open) {
    ZQ._legendChoice = open;
    try { window.sessionStorage.setItem(LEGEND_KEY, open ? "1" : "0"); } catch (e) { /* file:// etc. */ }
  }
  function setLegendOpen(lg, open) {
    lg.open = open;
    lg.body.style.display = open ? "" : "none";
    lg.head.textContent = lg.title + (open ? " ▾" : " ▸");
    lg.head.setAttribute("aria-expanded", open ? "true" : "false");
    lg.box.classList.toggle("zq-legend-collapsed", !open);
  }
  /* The legend's box in map-container pixels {l, t, r, b} as it is (open=undefined) or as it
   * would be open/collapsed (measured so, then put back: no paint in between); null if hidden. */
  ZQ.legendRect = function (open) {
    var lg = ZQ._legend, map = ZQ.map;
    if (!lg || lg.box.style.display === "none") return null;
    var was = lg.open, flip = open !== undefined && open !== was;
    if (flip) lg.body.style.display = open ? "" : "none";
    var r = lg.box.getBoundingClientRect(), c = map.getContainer().getBoundingClientRect();
    if (flip) lg.body.style.display = was ? "" : "none";
    if (!r.width || !r.height) return null;
    return { l: r.left - c.left, t: r.top - c.top, r: r.right - c.left, b: r.bottom - c.top };
  };
  /* Area share of the map the legend covers when open. */
  ZQ.legendShare = function () {
    var r = ZQ.legendRect(true), c = ZQ.map.getContainer(), area = c.clientWidth * c.clientHeight;
    return r && area ? ((r.r - r.l) * (r.b - r.t)) / area : 0;
  };
  ZQ.legendFits = null; // zq-slides.js may add its own test (the scene's features)
  function autoLegend() {
    var lg = ZQ._legend, c = ZQ.map && ZQ.map.getContainer();
    if (!lg || !c.clientWidth || !c.clientHeight) return; // not laid out yet: decided on resize
    var choice = legendChoice(), open = choice;
    if (choice === null) open = ZQ.legendShare() <= LEGEND_MAX && (!ZQ.legendFits || ZQ.legendFits());
    if (open !== lg.open) setLegendOpen(lg, open);
    ZQ._legendListeners.forEach(function (fn) { fn(); });
  }
  ZQ.autoLegend = autoLegend;
  ZQ._legendListeners = [];
  ZQ.onLegend = function (fn) { ZQ._legendListeners.push(fn); };

  /* Rows of the layers drawn now; ``counts``: layer id → features shown (missing = none). */
  ZQ.legendSync = function (counts) {
    var lg = ZQ._legend;
    if (!lg) return;
    var any = false;
    lg.rows.forEach(function (r) {
      var on = !r.layer || (counts[r.layer] || 0) > 0;
      r.el.style.display = on ? "" : "none";
      if (on && r.layer) any = true;
    });
    lg.box.style.display = any ? "" : "none";
    autoLegend();
  };

  ZQ.legend = function (map, cfg) {
    var ctl = L.control({ position: "bottomright" });
    ctl.onAdd = function () {
      var box = el("div", "zq-legend leaflet-bar");
      var head = el("div", "zq-legend-title", cfg.legend.title + " ▾");
      head.setAttribute("role", "button");
      head.setAttribute("tabindex", "0");
      head.style.cursor = "pointer";
      var body = el("div", "zq-legend-body");
      var lg = ZQ._legend = { box: box, head: head, body: body, title: cfg.legend.title, open: true, rows: [] };
      function toggle() { setLegendOpen(lg, !lg.open); rememberLegend(lg.open); autoLegend(); }
      head.addEventListener("click", toggle);
      head.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); e.stopPropagation(); toggle(); }
      });
      box.appendChild(head);
      box.appendChild(body);
      var subs = null;  // a palette's values: small chips that wrap under their layer's row
      cfg.legend.items.forEach(function (it) {
        var row = el(it.sub ? "span" : "div", it.sub ? "zq-legend-sub" : "zq-legend-row");
        if (it.layer) row.setAttribute("data-layer", it.layer);
        var sw = el("span", "zq-swatch zq-" + it.kind);
        sw.style.borderColor = it.color; sw.style.background = it.kind === "line" ? it.color : it.fill;
        if (it.dash) sw.style.borderStyle = "dashed";
        row.appendChild(sw);
        row.appendChild(el("span", null, it.label));
        if (it.sub) {
          if (!subs) { subs = el("div", "zq-legend-subs"); body.appendChild(subs); }
          subs.appendChild(row);
        } else {
          subs = null;
          body.appendChild(row);
        }
        lg.rows.push({ el: row, layer: it.layer || null });
      });
      cfg.legend.notes.forEach(function (n) { body.appendChild(el("div", "zq-legend-note", n)); });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    ctl.addTo(map);
    map.on("resize", function () { if (ZQ._legend) autoLegend(); });
    if (typeof ResizeObserver === "function") {  // an iframe shown or grown fires no Leaflet resize
      var seen = "";  // the map's box, and the legend's own (its type or rows changed)
      var ro = new ResizeObserver(function () {
        var c = map.getContainer(), r = ZQ.legendRect(true);
        var now = [c.clientWidth, c.clientHeight, r ? Math.round(r.r - r.l) : 0, r ? Math.round(r.b - r.t) : 0].join(",");
        if (now !== seen) { seen = now; autoLegend(); }
      });
      ro.observe(map.getContainer());
      ro.observe(ZQ._legend.box);
    }
  };

  /* GCJ-02 -> WGS84 for the view (zq-view.js) while the Gaode basemap (GCJ-02) is shown. */
  ZQ.gcjToWgs = function (lng, lat) {
    var a = 6378245.0, ee = 0.00669342162296594323, PI = Math.PI;
    function tlat(x, y) { var r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
      r += (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3; r += (20 * Math.sin(y * PI) + 40 * Math.sin(y / 3 * PI)) * 2 / 3;
      return r + (160 * Math.sin(y / 12 * PI) + 320 * Math.sin(y * PI / 30)) * 2 / 3; }
    function tlng(x, y) { var r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
      r += (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3; r += (20 * Math.sin(x * PI) + 40 * Math.sin(x / 3 * PI)) * 2 / 3;
      return r + (150 * Math.sin(x / 12 * PI) + 300 * Math.sin(x / 30 * PI)) * 2 / 3; }
    function fwd(lo, la) { var dl = tlat(lo - 105, la - 35), dg = tlng(lo - 105, la - 35), rad = la / 180 * PI;
      var m = Math.sin(rad); m = 1 - ee * m * m; var s = Math.sqrt(m);
      dl = (dl * 180) / ((a * (1 - ee)) / (m * s) * PI); dg = (dg * 180) / (a / s * Math.cos(rad) * PI); return [lo + dg, la + dl]; }
    var w = [lng, lat];
    for (var i = 0; i < 10; i++) { var g = fwd(w[0], w[1]); w = [w[0] - (g[0] - lng), w[1] - (g[1] - lat)]; }
    return w;
  };
})();
