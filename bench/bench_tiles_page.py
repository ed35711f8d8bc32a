"""A tiled layer in the real page (``streamlit run serve.py``) in Chromium: open, filter, pan.

    .venv/bin/python -m bench.bench_tiles_page                 # 10^5 parcels
    .venv/bin/python -m bench.bench_tiles_page --n 1000000 --repeats 5

The parcels (bench/parcels.py) are declared as usual and tiled by count; their tiles are made
before the server starts (their time is bench_tiles.py's). Figures: page open → parcels painted
(fresh browser context each time; the first open after the server start is "cold"), filter
change (the 地类编码 multiselect, through the UI) → repainted, with the websocket bytes it cost,
a pan to a new viewport → its tiles drawn, and the server's RSS. The inline path at the same N
is ``bench_explorer.py`` (its figures are printed there; at 10^5 it takes minutes per open).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import pyogrio
from playwright.sync_api import sync_playwright

from bench.bench_explorer import CHROMIUM, CHROMIUM_ARGS, OUT, start_server
from bench.parcels import FILTER_FIELD, LAYER_ID, layer_declaration, write
from geo.filters import CategoryFilter, FilterSet
from layers import tiled
from layers.spec import spec_from_dict

VIEW = "36.70000,117.53500,14"
CODES = ("0103",)  # 旱地: selected, then removed, in turn
TILES_DRAWN_JS = """() => { const e = window.ZQ && ZQ.layers[LAYER];
  const c = document.querySelector('.leaflet-container');
  return !!(e && c && c.dataset.zqState && ZQ.map.hasLayer(e.layer) && !e.layer.isLoading()
            && Object.keys(e.layer._tiles).length > 0); }""".replace("LAYER", repr(LAYER_ID))


def _frame(page):
    page.wait_for_selector('iframe[title*="st_folium"]', timeout=300_000)
    for _ in range(3000):
        for f in page.frames:
            if f.url.startswith("http") and "component" in f.url and f.evaluate("!!window.ZQ"):
                return f
        time.sleep(0.05)
    raise RuntimeError("no map frame")


def _open(browser, url: str) -> tuple[float, object, object]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = ctx.new_page()
    t0 = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    frame = _frame(page)
    frame.wait_for_function(TILES_DRAWN_JS, timeout=300_000, polling=20)
    return time.perf_counter() - t0, ctx, page


def _ws_counter(page) -> list[int]:
    got = [0]
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: got.__setitem__(
        0, got[0] + len(p if isinstance(p, bytes) else p.encode()))))
    return got


def _state(frame) -> int:
    return int(frame.evaluate("() => Number(document.querySelector('.leaflet-container')"
                              ".dataset.zqState || 0)"))


def _filter_change(page, frame, code: str, select: bool, got: list[int]) -> tuple[float, int]:
    """Select ``code`` in the 地类编码 multiselect (or remove its tag); time to repainted."""
    ms = page.locator('[data-testid="stMultiSelect"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text="地类编码"))
    combo = ms.locator('input[role="combobox"]')
    if select:
        for _ in range(8):
            if combo.get_attribute("aria-expanded") == "true":
                break
            ms.locator('button[aria-label="Open"]').click()
            page.wait_for_timeout(150)
        combo.fill(code)  # the option list is virtualised: narrow it
        target = page.locator('[data-testid="stMultiSelectDropdown"]').get_by_role(
            "option", name=code, exact=True)
    else:
        target = ms.locator(f'button[aria-label="Remove {code}"]')
    target.wait_for(state="attached", timeout=10_000)
    before, bytes0 = _state(frame), got[0]
    t0, clicked = time.perf_counter(), page.evaluate("Date.now()")
    target.click(force=not select)
    frame.wait_for_function("n => Number(document.querySelector('.leaflet-container').dataset"
                            ".zqState) > n", arg=before, timeout=120_000, polling=10)
    dt = time.perf_counter() - t0
    start, end = frame.evaluate("() => (window.__zqPhases || []).slice(-1)[0] || [0, 0]")
    PHASES.append((start - clicked, end - start))
    return dt, got[0] - bytes0


PHASES: list[tuple[float, float]] = []  # per filter change: click → ZQ.applyTiled, → its done
PHASES_JS = """() => { if (ZQ.__phased) return; ZQ.__phased = true; window.__zqPhases = [];
  const apply = ZQ.applyTiled;
  ZQ.applyTiled = function (entry, want, done) { const t = Date.now();
    return apply.call(this, entry, want, function () { window.__zqPhases.push([t, Date.now()]); done(); }); }; }"""


def _pan(frame) -> float:
    t0 = time.perf_counter()
    frame.evaluate("() => ZQ.map.panBy([700, 0], {animate: false})")
    frame.wait_for_function(TILES_DRAWN_JS, timeout=60_000, polling=10)
    return time.perf_counter() - t0


def _rss_mb(pid: int) -> float:
    total = 0
    for p in [pid, *[int(c) for c in os.popen(f"pgrep -P {pid}").read().split()]]:
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("VmRSS"))
        except OSError:
            pass
    return total / 1024


def run(n: int, repeats: int) -> None:
    """Print every figure for ``n`` parcels."""
    data, decl = write(n, OUT)
    frame_df = pyogrio.read_dataframe(data, use_arrow=True)
    spec = spec_from_dict(layer_declaration(data))
    tiled.ensure(spec, frame_df, data.parent)
    counts = {c: int(FilterSet((CategoryFilter(FILTER_FIELD, (c,)),)).mask(frame_df).sum())
              for c in CODES}
    del frame_df
    server = start_server("serve.py", {"ZQ_EXTRA_LAYERS": str(decl),
                                       "ZQ_WORKSPACE": str(OUT / "ws-empty")}, f"tiles{n}")
    try:
        server.wait_healthy(300)
        url = f"{server.url}/?layers={LAYER_ID}&v={VIEW}"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            opens = []
            for _ in range(repeats + 1):
                dt, ctx, page = _open(browser, url)
                opens.append(dt)
                ctx.close()
            dt, ctx, page = _open(browser, url)
            got = _ws_counter(page)
            page.reload(wait_until="domcontentloaded")  # so the counter sees the websocket
            frame = _frame(page)
            frame.wait_for_function(TILES_DRAWN_JS, timeout=300_000, polling=20)
            frame.evaluate(PHASES_JS)
            changes = [_filter_change(page, frame, CODES[0], i % 2 == 0, got) for i in range(2 * repeats)]
            pans = [_pan(frame) for _ in range(repeats)]
            rss = _rss_mb(server.proc.pid)
            ctx.close()
            browser.close()
    finally:
        server.stop()
    ms = [c[0] * 1000 for c in changes]
    print(f"N={n:,}: page open -> parcels painted: cold {opens[0]:.2f} s, warm median "
          f"{statistics.median(opens[1:]):.2f} s ({len(opens) - 1} opens)")
    print(f"   filter change -> repainted: median {statistics.median(ms):.0f} ms (min {min(ms):.0f}, "
          f"max {max(ms):.0f}); websocket bytes per change median "
          f"{statistics.median(c[1] for c in changes):,.0f}")
    print(f"     phases (medians): click → the map gets the new state (rerun, component update) "
          f"{statistics.median(p[0] for p in PHASES):.0f} ms, → tiles redrawn with the new mask "
          f"{statistics.median(p[1] for p in PHASES):.0f} ms")
    print(f"   pan 700 px -> new tiles drawn: median {statistics.median(pans) * 1000:.0f} ms")
    print(f"   server RSS (1 session open): {rss:.0f} MB; counts {counts}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores shared)")
    run(args.n, args.repeats)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
