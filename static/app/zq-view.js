/* 章丘规划一张图 — the one owner of the map view: keeps it across map rebuilds, is the only writer
 * of ?v= in the address bar, and hands the view to Python on request.
 *
 * Python never sees the view the user panned to (panning must not rerun the app).  So:
 * - every moveend keeps the view (WGS84 lat, lng, zoom) on the page around the map and writes it
 *   to ?v= (history.replaceState); a map rebuilt by a rerun (basemap or language switch)
 *   restores it;
 * - Python writes every other parameter and never v (ui/link.py): its write replaces the whole
 *   query string, then the map state of the same run arrives (ZQ.apply, drawn after the write)
 *   and v is put back at once — no timers;
 * - a feature click carries the current view in its properties (__view), and the "use this view"
 *   button sends it alone, through streamlit-folium's own click path (one rerun, on request).
 */
(function () {
  "use strict";
  var ZQ = (window.ZQ = window.ZQ || {});
  ZQ.wgsToGcj = function (lng, lat) {  /* forward of ZQ.gcjToWgs (zq.js) by fixed-point inversion */
    if (!ZQ.gcjToWgs) return [lng, lat];
    var g = [lng, lat];
    for (var i = 0; i < 10; i++) { var w = ZQ.gcjToWgs(g[0], g[1]); g = [g[0] + (lng - w[0]), g[1] + (lat - w[1])]; }
    return g;
  };

  ZQ.currentView = function (map, shift) {
    var c = map.getCenter(), lng = c.lng, lat = c.lat;
    if (shift === "gcj02" && ZQ.gcjToWgs) { var w = ZQ.gcjToWgs(lng, lat); lng = w[0]; lat = w[1]; }
    return [Number(lat.toFixed(5)), Number(lng.toFixed(5)), map.getZoom()];
  };

  ZQ.viewSync = function (map, cfg) {
    /* The page around the map lives as long as the browser tab shows this app session: a map
       rebuilt by a rerun (basemap or language switch) returns to the view kept there.  A newly
       opened or reloaded link starts a new page, so the view it asks for wins. */
    var top = window;
    try { if (window.parent && window.parent.location.href) top = window.parent; } catch (e) { top = window; }
    var saved = top.__zqView;
    if (saved && saved.length === 3) {
      var ll = cfg.shift === "gcj02" ? ZQ.wgsToGcj(saved[1], saved[0]) : [saved[1], saved[0]];
      /* reset: a pan to a near view moves by whole pixels (Leaflet truncates the offset), up to
         1 px off the kept view; a reset lands on it exactly */
      map.setView([ll[1], ll[0]], saved[2], { animate: false, reset: true });
    }
    function text(v) { return v[0].toFixed(5) + "," + v[1].toFixed(5) + "," + v[2]; }  /* as ?v= */
    function writeView() {  /* the one writer of ?v= */
      try {
        if (!top.__zqView) return;  /* nothing moved yet and the link asked for no view */
        var url = new URL(top.location.href), want = text(top.__zqView);
        if (url.searchParams.get("v") !== want) {
          url.searchParams.set("v", want);
          top.history.replaceState(top.history.state, "", url.toString());
        }
      } catch (e) { /* a cross-origin parent: the view simply is not shared */ }
    }
    try {  /* a link's view stays in the address bar when Python next writes the query string */
      if (!saved && new URL(top.location.href).searchParams.has("v")) top.__zqView = ZQ.currentView(map, cfg.shift);
    } catch (e) { /* not ours to read */ }
    map.on("moveend", function () { top.__zqView = ZQ.currentView(map, cfg.shift); writeView(); });
    ZQ.writeView = writeView;  /* the map rebuilt by a rerun replaces the previous one's */
    if (ZQ.apply && !ZQ.apply.__zqViewWrapped) {
      var apply = ZQ.apply;
      ZQ.apply = function (state) {  /* Python's address write of this run came first */
        var out = apply.apply(this, arguments);
        if (ZQ.writeView) ZQ.writeView();
        return out;
      };
      ZQ.apply.__zqViewWrapped = true;
    }
    writeView();
    Object.keys(ZQ.layers || {}).forEach(function (id) {  /* registered before streamlit-folium's */
      var entry = ZQ.layers[id];
      entry.layer.on("click", function (e) {
        if (e.layer && e.layer.feature) e.layer.feature.properties.__view = ZQ.currentView(map, cfg.shift);
      });
      if (ZQ.rows && entry.spec.interactive !== false) {  /* popup: the same labelled fields */
        entry.layer.bindPopup(function (l) {
          var box = ZQ.rows(ZQ.cfg, l.feature.properties, entry.spec.tooltip);
          box.appendChild(ZQ.el("div", "zq-popup-hint", cfg.popupHint));
          return box;
        }, { maxWidth: 380, className: "zq-popup" });
      }
    });
    var probe = L.featureGroup().addTo(map);  /* streamlit-folium binds its click handler to it */
    /* Tell Python about a feature that is not an inline layer (a tiled parcel identified on the
       server): the record pane shows it, through the same click path as an inline feature. */
    ZQ.reportFeature = function (props, latlng) {
      var at = latlng || map.getCenter();
      var feature = { type: "Feature", geometry: { type: "Point", coordinates: [at.lng, at.lat] },
        properties: Object.assign({ __view: ZQ.currentView(map, cfg.shift) }, props) };
      var fake = { toGeoJSON: function () { return feature; } };
      probe.fire("click", { latlng: at, layer: fake, sourceTarget: fake });
    };
    var ctl = L.control({ position: "topleft" });
    ctl.onAdd = function () {
      var a = ZQ.el ? ZQ.el("a", "zq-view-button", "◎") : document.createElement("a");
      a.href = "#"; a.title = cfg.label; a.setAttribute("role", "button"); a.setAttribute("aria-label", cfg.label);
      var box = document.createElement("div"); box.className = "leaflet-bar leaflet-control"; box.appendChild(a);
      L.DomEvent.on(a, "click", function (ev) {
        L.DomEvent.stop(ev);
        var v = ZQ.currentView(map, cfg.shift), b = map.getBounds();
        var feature = { type: "Feature", geometry: { type: "Point", coordinates: [v[1], v[0]] },
          properties: { __view: v, __bounds: [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]] } };
        var fake = { toGeoJSON: function () { return feature; } };
        probe.fire("click", { latlng: map.getCenter(), layer: fake, sourceTarget: fake });
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    ctl.addTo(map);
  };
})();
