/* 章丘规划一张图 — analysis add-ons on the map (served from /app/static/app/zq-analysis.js).
 *
 * ZQA.init(map, cfg) runs after zq.js added the layers (layers/analysis_map.py):
 *  - appends the straight-line distances (computed in Python, CGCS2000 GK) to the tooltips of
 *    the plan's sites: cfg.tips = {layerId: {labels: [..], rows: [[text, ..] per feature]}};
 *  - translates the drawing tool (leaflet-draw) when cfg.drawLocal has strings.
 * Text goes through textContent only (ZQ.el), never innerHTML.
 */
(function () {
  "use strict";
  var ZQA = (window.ZQA = window.ZQA || {});

  function tipSection(head, labels, row) {
    var sec = ZQ.el("div", "zqa-tip");
    sec.appendChild(ZQ.el("div", "zqa-tip-head", head));
    var table = ZQ.el("table", "zq-tip-table");
    row.forEach(function (v, j) {
      if (!v) return;
      var tr = ZQ.el("tr");
      tr.appendChild(ZQ.el("th", null, labels[j]));
      tr.appendChild(ZQ.el("td", null, v));
      table.appendChild(tr);
    });
    sec.appendChild(table);
    return sec;
  }

  function addTips(cfg) {
    Object.keys(cfg.tips || {}).forEach(function (id) {
      var entry = ZQ.layers && ZQ.layers[id];
      if (!entry) return;
      var layer = entry.layer, tip = layer.getTooltip && layer.getTooltip();
      var orig = tip && tip._content, t = cfg.tips[id];
      if (typeof orig !== "function" || orig._zqa) return;
      var wrapped = function (l) {
        var box = orig(l), i = l && l.feature ? l.feature.properties.__i : -1;
        var row = t.rows[i];
        if (row && box && box.appendChild) box.appendChild(tipSection(cfg.head, t.labels, row));
        return box;
      };
      wrapped._zqa = true;
      layer.setTooltipContent(wrapped);
    });
  }

  function localizeDraw(s) {
    if (!s || !s.polyline || !window.L || !L.drawLocal) return;
    var d = L.drawLocal.draw, e = L.drawLocal.edit;
    d.toolbar.buttons.polyline = s.polyline;
    d.toolbar.buttons.polygon = s.polygon;
    d.toolbar.buttons.rectangle = s.rectangle;
    d.toolbar.actions.text = s.cancel; d.toolbar.actions.title = s.cancel;
    d.toolbar.finish.text = s.finish; d.toolbar.finish.title = s.finish;
    d.toolbar.undo.text = s.undo; d.toolbar.undo.title = s.undo;
    d.handlers.polyline.tooltip = { start: s.start, cont: s.cont, end: s.end };
    d.handlers.polygon.tooltip = { start: s.start, cont: s.cont, end: s.end };
    d.handlers.rectangle.tooltip.start = s.rectStart;
    d.handlers.simpleshape.tooltip.end = s.finish;
    e.toolbar.buttons.edit = s.edit; e.toolbar.buttons.remove = s.remove;
    e.toolbar.actions.save.text = s.save; e.toolbar.actions.cancel.text = s.cancel;
    e.toolbar.actions.clearAll.text = s.clearAll;
  }

  ZQA.init = function (map, cfg) {
    ZQA.cfg = cfg;
    try { addTips(cfg); } catch (err) { if (window.console) console.warn("zq-analysis tips", err); }
    localizeDraw(cfg.drawLocal);
    map.getContainer().setAttribute("data-zqa-ready", "1");
  };
})();
