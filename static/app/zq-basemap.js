/* 章丘规划一张图 — a presenter's own offline basemap package (layers/basemap_map.py).
 *
 * ZQ.addBasemap(map, cfg), cfg = {url, vector, attribution, minNativeZoom, maxNativeZoom,
 * tiles, empty}.  Raster packages are an L.tileLayer, vector (MVT) packages a Leaflet.VectorGrid
 * layer drawn in neutral greys under the plan's layers.  ``tiles`` (an exported file): the
 * tiles themselves as data: URIs keyed "z/x/y" (missing ones show ``empty``); else ``url`` is a
 * template on the app's own server (or beside the exported file).  The attribution arrives
 * HTML-escaped from Python (Leaflet shows attributions as HTML).
 */
(function () {
  "use strict";
  var ZQ = (window.ZQ = window.ZQ || {});
  var NEUTRAL = { weight: 0.8, color: "#7d8896", opacity: 0.9, fill: true, fillColor: "#d9dee5",
    fillOpacity: 0.45, radius: 2 };

  ZQ.addBasemap = function (map, cfg) {
    var opts = { attribution: cfg.attribution, minZoom: 0, maxZoom: 19,
      minNativeZoom: cfg.minNativeZoom, maxNativeZoom: cfg.maxNativeZoom, bounds: cfg.bounds || undefined };
    var url = cfg.url;
    if (cfg.tiles) {
      url = "{zqtile}";
      opts.zqtile = function (d) { return cfg.tiles[d.z + "/" + d.x + "/" + d.y] || cfg.empty; };
    }
    var layer;
    if (cfg.vector) {
      opts.rendererFactory = L.canvas.tile;
      opts.interactive = false;
      opts.vectorTileLayerStyles = new Proxy({}, { get: function () { return NEUTRAL; } });
      layer = L.vectorGrid.protobuf(url, opts);
    } else {
      layer = L.tileLayer(url, opts);
    }
    layer.addTo(map);
    if (layer.bringToBack) layer.bringToBack();
    map.getContainer().setAttribute("data-zq-basemap", cfg.id || "");
    ZQ.basemap = layer;
    return layer;
  };
})();
