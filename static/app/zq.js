/* 章丘规划一张图 — the map-side half of the explorer (served from /app/static/app/zq.js).
 *
 * Every string that reaches the page goes through textContent, never innerHTML, so attribute
 * values, field names and layer names are shown literally whatever they contain.
 * Layers are styled from feature.properties (no per-feature `case` switch), drawn on one canvas
 * renderer, built once; a filter change only sends the visible feature indices (ZQ.apply).
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

  ZQ.init = function (map, cfg) {
    ZQ.map = map;
    ZQ.cfg = cfg;
    ZQ.renderer = L.canvas({ padding: 0.3 });
    ZQ.halos = L.layerGroup().addTo(map);
    if (cfg.background) map.getContainer().style.background = cfg.background;
    if (cfg.legend) ZQ.legend(map, cfg);
    ZQ.syncUrl(map, cfg);
    map.getContainer().setAttribute("data-zq-ready", "1");
  };

  ZQ.addLayer = function (spec, data) {
    var map = ZQ.map, cfg = ZQ.cfg;
    var pane = "zq-" + spec.z;
    if (!map.getPane(pane)) { map.createPane(pane); map.getPane(pane).style.zIndex = 400 + spec.z; }
    var halos = L.layerGroup();
    var layer = L.geoJSON(data, {
      pane: pane,
      interactive: spec.interactive,
      style: function (f) { return baseStyle(spec, f.properties); },
      pointToLayer: function (f, latlng) {
        var st = baseStyle(spec, f.properties);
        st.renderer = ZQ.renderer; st.pane = pane; st.dashArray = null;
        if (f.properties.accuracy === "schematic") { st.dashArray = "3 3"; st.fillOpacity = 0.35; }
        var m = L.circleMarker(latlng, st);
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
    layer.bindTooltip(function (l) { return rows(cfg, l.feature.properties, spec.tooltip); },
      { sticky: true, direction: "top", className: "zq-tooltip" });
    layer._zqAll = layer.getLayers();
    layer._zqHalos = halos;
    layer.eachLayer(function (l) { if (l._zqHalo) halos.addLayer(l._zqHalo); });
    ZQ.layers[spec.id] = { spec: spec, layer: layer };
    return layer;
  };

  /* state = {visible: {layerId: [indices] | "all"}} ; layers not listed are hidden. */
  ZQ.apply = function (state) {
    var map = ZQ.map;
    Object.keys(ZQ.layers).forEach(function (id) {
      var entry = ZQ.layers[id], layer = entry.layer, want = state.visible[id];
      var keep = null;
      if (want && want !== "all") { keep = {}; want.forEach(function (i) { keep[i] = true; }); }
      layer.clearLayers();
      layer._zqHalos.clearLayers();
      if (!want) { map.removeLayer(layer); map.removeLayer(layer._zqHalos); return; }
      layer._zqAll.forEach(function (l) {
        if (keep === null || keep[l._zqIndex]) {
          layer.addLayer(l);
          if (l._zqHalo) layer._zqHalos.addLayer(l._zqHalo);
        }
      });
      if (!map.hasLayer(layer)) layer.addTo(map);
      if (!map.hasLayer(layer._zqHalos)) layer._zqHalos.addTo(map);
    });
    map.getContainer().setAttribute("data-zq-state", String((ZQ._stateCount = (ZQ._stateCount || 0) + 1)));
    map.getContainer().setAttribute("data-zq-shown", String(Object.keys(ZQ.layers).reduce(function (n, id) {
      return n + (map.hasLayer(ZQ.layers[id].layer) ? ZQ.layers[id].layer.getLayers().length : 0);
    }, 0)));
  };

  ZQ.legend = function (map, cfg) {
    var ctl = L.control({ position: "bottomright" });
    ctl.onAdd = function () {
      var box = el("div", "zq-legend leaflet-bar");
      var head = el("div", "zq-legend-title", cfg.legend.title + " ▾");
      head.setAttribute("role", "button");
      head.style.cursor = "pointer";
      var body = el("div", "zq-legend-body");
      head.addEventListener("click", function () {
        var hidden = body.style.display === "none";
        body.style.display = hidden ? "" : "none";
        head.textContent = cfg.legend.title + (hidden ? " ▾" : " ▸");
      });
      box.appendChild(head);
      box.appendChild(body);
      box = body;
      cfg.legend.items.forEach(function (it) {
        var row = el("div", "zq-legend-row");
        var sw = el("span", "zq-swatch zq-" + it.kind);
        sw.style.borderColor = it.color; sw.style.background = it.kind === "line" ? it.color : it.fill;
        if (it.dash) sw.style.borderStyle = "dashed";
        row.appendChild(sw);
        row.appendChild(el("span", null, it.label));
        box.appendChild(row);
      });
      cfg.legend.notes.forEach(function (n) { box.appendChild(el("div", "zq-legend-note", n)); });
      L.DomEvent.disableClickPropagation(head.parentNode);
      L.DomEvent.disableScrollPropagation(head.parentNode);
      return head.parentNode;
    };
    ctl.addTo(map);
  };

  /* Keep the current view in the page URL (?v=lat,lng,zoom) without a Python rerun. */
  ZQ.syncUrl = function (map, cfg) {
    function write() {
      try {
        var c = map.getCenter(), z = map.getZoom();
        var v = c.lat.toFixed(5) + "," + c.lng.toFixed(5) + "," + z;
        if (cfg.shift === "gcj02" && ZQ.gcjToWgs) { var w = ZQ.gcjToWgs(c.lng, c.lat); v = w[1].toFixed(5) + "," + w[0].toFixed(5) + "," + z; }
        var top = window.parent && window.parent !== window ? window.parent : window;
        var url = new URL(top.location.href);
        if (url.searchParams.get("v") === v) return;
        url.searchParams.set("v", v);
        top.history.replaceState(top.history.state, "", url.toString());
      } catch (e) { /* a cross-origin parent: the view simply is not shared */ }
    }
    map.on("moveend", write);
  };

  /* GCJ-02 -> WGS84 for the URL view while the Gaode basemap (GCJ-02) is shown. */
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
