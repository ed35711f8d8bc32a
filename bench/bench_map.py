"""Map-side costs in isolation (no Streamlit server): what layers/render.py and static/app/zq.js
cost per rerun and in the browser, optionally against older copies of the two files.

    python -m bench.bench_map [--n 10000] [--rounds 5]
        [--before-render OLD_render.py --before-js OLD_zq.js]

Python (CPU time of this process): serialising the parcel layer the first time, and what one
rerun costs on the map's critical path — ``build_map`` + what ``st_folium`` does with the map
(two renders, the map-string regex passes, the key hash, ``json.dumps`` of the arguments).
Browser (headless Chromium, a blank page with Leaflet + zq.js): evaluating the layer script
(parse + ``ZQ.addLayer``), the first ``ZQ.apply`` and its paint, and a filter change
(``ZQ.apply`` with a third of the parcels, then all of them) up to the second animation frame.
Medians over ``--rounds`` fresh pages.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench import parcels
from bench.bench_explorer import CHROMIUM, CHROMIUM_ARGS, OUT, ROOT

LEAFLET = ROOT / "static/vendor/leaflet@1.9.4/dist/leaflet.js"
ZQ_JS = ROOT / "static/app/zq.js"


def load_render(path: Path | None):
    if path is None:  # today's renderer: render.py and its parts in layers/map/
        from types import SimpleNamespace

        from layers import render
        from layers.map import cache, codec
        return SimpleNamespace(**{**vars(codec), **vars(cache), **vars(render)})
    spec = importlib.util.spec_from_file_location("render_before", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cpu(fn) -> tuple[float, object]:
    t = time.process_time()
    out = fn()
    return time.process_time() - t, out


def python_costs(render, frames: dict, catalog, rounds: int) -> dict:
    import streamlit_folium as sf

    from layers.basemaps import get_basemap

    bm = get_basemap("offline")
    specs = list(catalog.layers)
    spec = catalog.get(parcels.LAYER_ID)
    first, _ = cpu(lambda: render.build_map(frames, specs, bm, (), "zh"))
    reruns = []
    for _ in range(rounds):
        def rerun():
            m = render.build_map(frames, specs, bm, (), "zh")
            m.get_root().render()
            m.render()
            leaflet = sf._get_map_string(m)
            group = sf._get_feature_group_string(render.state_group({parcels.LAYER_ID: "all"}),
                                                 map=m, idx=0)
            sf.generate_js_hash(leaflet, "map", False)
            json.dumps({"script": leaflet, "feature_group": group})
            return leaflet
        t, leaflet = cpu(rerun)
        reruns.append(t)
    fc = render.feature_collection(spec, frames[spec.id], "zh")
    return {"first_build_map_cpu_s": first, "rerun_map_cpu_s": statistics.median(reruns),
            "map_script_bytes": len(leaflet.encode()),
            "slim_geojson_bytes_per_parcel": len(fc.encode()) / len(frames[spec.id])}


def layer_script(render, spec, gdf) -> str:
    """The statement the map script holds for this layer, as build_map writes it."""
    if hasattr(render, "layer_payload"):
        data = render.layer_payload(spec, gdf, "zh")
    else:
        data = render.feature_collection(spec, gdf, "zh")
    return f"ZQ.addLayer({json.dumps(render.layer_js_spec(spec, 'zh'), ensure_ascii=False)}, {data});"


BROWSER_JS = """() => new Promise(done => {
  const t0 = performance.now();
  (0, eval)(window.__S);
  const t1 = performance.now();
  ZQ.apply({visible: {parcels: 'all'}});
  const t2 = performance.now();
  requestAnimationFrame(() => requestAnimationFrame(async () => {
    const t3 = performance.now();
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const third = ZQ.layers.parcels.layer.getLayers().map(l => l._zqIndex).filter(i => i % 3 === 0);
    const changes = [];
    for (let k = 0; k < 3; k++) {
      for (const want of [third, 'all']) {
        const a = performance.now(); ZQ.apply({visible: {parcels: want}}); const b = performance.now();
        await frame(); changes.push([b - a, performance.now() - a]);
      }
    }
    changes.sort((x, y) => x[1] - y[1]);
    const mid = changes[Math.floor(changes.length / 2)];
    done({addLayer: t1 - t0, firstApply: t2 - t1, firstPainted: t3 - t0, apply: mid[0], applyPainted: mid[1],
          heapMB: performance.memory ? performance.memory.usedJSHeapSize / 1e6 : null});
  }));
})"""


def browser_costs(variants: dict[str, tuple[Path, str]], rounds: int) -> dict:
    res: dict[str, list[dict]] = {k: [] for k in variants}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(rounds):
                for name, (zq, script) in variants.items():
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    page.set_content('<div id="m" style="width:1000px;height:680px"></div>')
                    page.add_script_tag(path=str(LEAFLET))
                    page.add_script_tag(path=str(zq))
                    page.evaluate("""(s) => { window.__S = s;
                        const m = L.map('m', {preferCanvas: true}).setView([36.70, 117.535], 12);
                        ZQ.init(m, {i18n: {schematic: '', approximate: '', schematic_short: ''},
                                    legend: null, shift: 'wgs84', lang: 'zh'}); }""", script)
                    res[name].append(page.evaluate(BROWSER_JS))
                    page.close()
        finally:
            browser.close()
    return {name: {k: statistics.median(r[k] for r in rows if r[k] is not None)
                   for k in rows[0] if any(r[k] is not None for r in rows)}
            for name, rows in res.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--before-render", type=Path, default=None)
    ap.add_argument("--before-js", type=Path, default=None)
    args = ap.parse_args()

    from layers.load import load_layer
    from layers.registry import LAYERS, THEMES
    from layers.spec import Catalog, extra_specs

    _, decl = parcels.write(args.n, OUT)
    catalog = Catalog(themes=THEMES, layers=LAYERS + extra_specs(str(decl)))
    frames = {s.id: load_layer(s) for s in catalog.layers}
    spec = catalog.get(parcels.LAYER_ID)
    versions = {"now": (load_render(None), ZQ_JS)}
    if args.before_render and args.before_js:
        versions["before"] = (load_render(args.before_render), args.before_js)
    out: dict = {"n": args.n, "python": {}, "browser": {}}
    for name, (render, _) in versions.items():
        out["python"][name] = python_costs(render, frames, catalog, args.rounds)
    scripts = {name: (zq, layer_script(render, spec, frames[spec.id]))
               for name, (render, zq) in versions.items()}
    out["browser"] = browser_costs(scripts, args.rounds)
    (OUT / "map_costs.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    print(f"{args.n:,} parcels + the bundled layers; CPU medians of {args.rounds}")
    for name in versions:
        p, b = out["python"][name], out["browser"][name]
        print(f"[{name}] python: first build_map {p['first_build_map_cpu_s'] * 1000:.0f} ms, "
              f"per rerun (build_map + st_folium's work) {p['rerun_map_cpu_s'] * 1000:.0f} ms, "
              f"map script {p['map_script_bytes'] / 1e6:.2f} MB")
        print(f"[{name}] browser: parse + addLayer {b['addLayer']:.0f} ms, first apply "
              f"{b['firstApply']:.0f} ms, painted {b['firstPainted']:.0f} ms after the script; "
              f"filter change: apply {b['apply']:.0f} ms, painted {b['applyPainted']:.0f} ms; "
              f"JS heap {b.get('heapMB', 0):.0f} MB")
    print(f"results in {OUT / 'map_costs.json'}")


if __name__ == "__main__":
    main()
