/* 章丘规划一张图 — tiled layers (layers/render_tiled.py): Leaflet.VectorGrid over the app's own
 * tile routes (/tiles/layers/<id>/{z}/{x}/{y}.pbf). Each tile feature carries zq_id (its row in
 * the server's indexed copy) and the styling fields; the filter state arrives as the URL of a
 * packed bitmap (bit zq_id set = shown), fetched once per distinct mask; geometry is never re-sent.
 * A click asks the server which shown feature is there and shows its whole record; a resting
 * pointer gets the declared tooltip fields the same way. Text reaches the page through textContent.
 */
(function () {
  "use strict";
  var ZQ = (window.ZQ = window.ZQ || {});

  function shownBit(mask, id) { return mask === null || ((mask[id >> 3] >> (id & 7)) & 1) === 1; }

  /* A record from the server as a box: every field, or only those labelled in ``labels``
     (the tooltip's, in their order). */
  function recordBox(rec, labels) {
    var box = ZQ.el("div", "zq-tip");
    box.appendChild(ZQ.el("div", "zq-tip-title", rec.name + " #" + rec.id));
    var table = ZQ.el("table", "zq-tip-table");
    var fields = labels ? labels.map(function (label) {
      return rec.fields.filter(function (x) { return x.label === label; })[0];
    }) : rec.fields;
    fields.forEach(function (f) {
      if (!f || f.value === null || f.value === "") return;
      var tr = ZQ.el("tr");
      tr.appendChild(ZQ.el("th", null, f.label));
      tr.appendChild(ZQ.el("td", null, String(f.value) + (f.unit ? " " + f.unit : "")));
      table.appendChild(tr);
    });
    box.appendChild(table);
    return box;
  }

  /* Identify on the server: which shown feature is under the click (an R-tree on the indexed
   * copy), then its whole record by id. Tile canvases take no pointer events (Leaflet gives tile
   * containers pointer-events:none), so clicks reach the map and the inline layers as before. */
  function identify(entry, e) {
    var map = ZQ.map, cfg = entry.cfg;
    if (!map.hasLayer(entry.layer) || map.getZoom() < cfg.minZoom) return;
    fetch(atQuery(entry, e.latlng), { credentials: "same-origin" })
      .then(function (r) { if (r.status === 404) return null; if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (rec) {
        if (!rec) return;
        L.popup({ maxWidth: 360 }).setLatLng(e.latlng).setContent(recordBox(rec)).openOn(map);
        map.getContainer().setAttribute("data-zq-record", String(rec.id));
        if (ZQ.reportFeature) ZQ.reportFeature({ __l: entry.spec.id, __i: rec.id }, e.latlng);  // the record pane
      })
      .catch(function () { L.popup().setLatLng(e.latlng).setContent(ZQ.el("div", "zq-tip", cfg.failed)).openOn(map); });
  }

  function atQuery(entry, latlng) {
    return entry.cfg.at + "&lng=" + latlng.lng.toFixed(7) + "&lat=" + latlng.lat.toFixed(7) + "&z=" +
      ZQ.map.getZoom() + (entry.token ? "&mask=" + entry.token : "");
  }

  /* Hover: as over the inline layers, a tooltip with the declared fields of the shown feature
   * under the pointer — asked of the server (the same R-tree query as a click) once the pointer
   * rests for HOVER_MS, the latest answer only. */
  var HOVER_MS = 120;
  function hover(entry) {
    var map = ZQ.map, timer = null, seq = 0;
    var tip = L.tooltip({ direction: "top", className: "zq-tooltip", offset: [0, -8], opacity: 0.96 });
    function close() {
      seq++;
      if (timer) { clearTimeout(timer); timer = null; }
      if (tip._map) map.closeTooltip(tip);
      map.getContainer().removeAttribute("data-zq-hover");
    }
    function show(rec, latlng) {
      tip.setLatLng(latlng).setContent(recordBox(rec, (entry.spec.tooltip || []).map(function (f) { return f[1]; })));
      if (!tip._map) map.openTooltip(tip);
      map.getContainer().setAttribute("data-zq-hover", String(rec.id));
    }
    map.on("mousemove", function (e) {
      if (timer) clearTimeout(timer);
      if (!map.hasLayer(entry.layer) || map.getZoom() < entry.cfg.minZoom) { close(); return; }
      var mine = ++seq, latlng = e.latlng;
      timer = setTimeout(function () {
        fetch(atQuery(entry, latlng), { credentials: "same-origin" })
          .then(function (r) { if (r.status === 404) return null; if (!r.ok) throw new Error(String(r.status)); return r.json(); })
          .then(function (rec) {
            if (mine !== seq) return;  // the pointer moved on: a newer question is out
            if (!rec) { close(); return; }
            show(rec, latlng);
          })
          .catch(function () { if (mine === seq) close(); });
      }, HOVER_MS);
    });
    map.on("mouseout movestart zoomstart", close);
    entry.layer.on("remove", close);
  }

  function zoomHint(entry) {
    var map = ZQ.map, ctl = L.control({ position: "bottomleft" });
    ctl.onAdd = function () { return ZQ.el("div", "zq-tiles-hint", entry.cfg.zoomIn); };
    function update() {
      var need = map.hasLayer(entry.layer) && map.getZoom() < entry.cfg.minZoom;
      if (need && !ctl._map) ctl.addTo(map);
      if (!need && ctl._map) ctl.remove();
    }
    map.on("zoomend", update);
    entry.layer.on("add remove", update);
  }

  ZQ.addTiledLayer = function (spec, cfg) {
    var map = ZQ.map, pane = "zq-" + spec.z;
    if (!map.getPane(pane)) { map.createPane(pane); map.getPane(pane).style.zIndex = 400 + spec.z; }
    var entry = { spec: spec, cfg: cfg, tiled: true, mask: null, url: null };
    var styles = {
      features: function (props) {
        if (!shownBit(entry.mask, props.zq_id | 0)) return [];
        var st = ZQ.baseStyle(spec, props);
        st.fill = true;
        return st;
      },
    };
    entry.layer = L.vectorGrid.protobuf(cfg.tiles, {
      pane: pane, rendererFactory: L.canvas.tile, vectorTileLayerStyles: styles,
      interactive: false, minZoom: cfg.minZoom, maxNativeZoom: cfg.maxNativeZoom,
    });
    map.on("click", function (e) { identify(entry, e); });
    hover(entry);
    zoomHint(entry);
    ZQ.layers[spec.id] = entry;
    return entry.layer;
  };

  function whenDrawn(entry, done) {  // the tiles in view are fetched and drawn (GridLayer "load")
    if (entry.layer.isLoading()) entry.layer.once("load", done); else done();
  }

  /* want: "all" | {mask: URL, shown: n}; calls done() once the layer shows that state. */
  ZQ.applyTiled = function (entry, want, done) {
    var url = want === "all" ? null : want.mask, added = !ZQ.map.hasLayer(entry.layer);
    if (url === entry.url) {
      if (added) entry.layer.addTo(ZQ.map);
      whenDrawn(entry, done);
      return;
    }
    entry.url = url;
    entry.token = url === null ? null : url.split("/").pop().replace(".bin", "");
    function show(mask) {
      entry.mask = mask;
      if (!ZQ.map.hasLayer(entry.layer)) entry.layer.addTo(ZQ.map); else entry.layer.redraw();
      whenDrawn(entry, done);
    }
    if (url === null) { show(null); return; }
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.arrayBuffer(); })
      .then(function (buf) { if (entry.url === url) show(new Uint8Array(buf)); })  // else: newer state
      .catch(function () { entry.url = null; done(); });
  };
})();
