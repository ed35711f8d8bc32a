"""Explorer benchmark: the real app (app.py) vs the naive folium path (bench/naive_app.py).

    python -m bench.bench_explorer [--n 10000] [--repeats 15] [--cold-runs 3]
        [--naive-repeats 8] [--naive-cold-runs 1] [--skip-naive] [--only bundled|parcels]
        [--ours-root DIR] [--server-option server.enableWebsocketCompression=false] [--out FILE]

Starts each app with ``streamlit run`` on a free port (from the repository root, so both read
``.streamlit/config.toml``), drives Debian Chromium (/usr/bin/chromium) with Playwright, and
prints a table with both approaches side by side; writes ``bench/out/results.json`` too.
Two data sets: the bundled data alone, and bundled + N synthetic parcels (bench/parcels.py,
added through ZQ_EXTRA_LAYERS). See bench/README.md for what each figure means.

Everything is offline: requests to other hosts are answered from ``static/vendor`` when the URL
is a vendored CDN file (the naive app's folium assets), and aborted (and reported) otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import parcels

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1400, "height": 900}
MAP_IFRAME = 'iframe[title*="st_folium"]'
OURS, NAIVE = "ours", "naive"

# Runs in the top page before its own scripts: records the time of the armed pointerdown (the
# user's action), and watches every same-origin iframe document (checked each animation frame,
# so a remounted map iframe is picked up): a MutationObserver notes each change of the map's
# state (ours: data-zq-state / data-zq-shown; naive: the number of drawn .leaflet-interactive
# paths/markers of a map container, each container numbered), then the time of the second
# animation frame after it (the frame that shows it).  Not an init script per frame: a component
# iframe starts as about:blank and its Window is reused by the real document, so a per-frame
# init script would watch the wrong document.
INIT_JS = r"""
(() => {
  if (window !== window.top) return;
  const now = () => performance.timeOrigin + performance.now();
  const B = window.__bench = { armed: false, t0: null, events: [], cid: 0, wsIn: [], wsOut: [] };
  // Arrival/sending time of every websocket message (matched by position with the messages
  // Python decodes from Playwright's websocket events).
  const WS = window.WebSocket;
  const Wrapped = function (...args) {
    const ws = new WS(...args);
    B.wsIn = []; B.wsOut = [];
    ws.addEventListener("message", () => B.wsIn.push(now()));
    const send = ws.send.bind(ws);
    ws.send = (d) => { B.wsOut.push(now()); return send(d); };
    return ws;
  };
  Wrapped.prototype = WS.prototype;
  for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Wrapped[k] = WS[k];
  window.WebSocket = Wrapped;
  window.addEventListener("pointerdown", (e) => {
    if (B.armed) { B.t0 = performance.timeOrigin + e.timeStamp; B.armed = false; }
  }, true);
  const watch = (doc, win) => {
    if (doc.__benchObserved) return;
    doc.__benchObserved = true;
    let last = null;
    const check = () => {
      const c = doc.querySelector(".leaflet-container");
      if (!c) return;
      if (!c.__benchId) { c.__benchId = ++B.cid; c.__benchLive = c.getElementsByClassName("leaflet-interactive"); }
      const st = c.getAttribute("data-zq-state");
      const drawn = st === null ? c.__benchLive.length : Number(c.getAttribute("data-zq-shown"));
      const key = c.__benchId + "|" + st + "|" + drawn;
      if (key === last) return;
      last = key;
      const ev = { cid: c.__benchId, state: st === null ? null : Number(st), drawn: drawn,
                   ready: c.hasAttribute("data-zq-ready"), tDetect: now(), tPaint: null };
      B.events.push(ev);
      win.requestAnimationFrame(() => win.requestAnimationFrame(() => { ev.tPaint = now(); }));
    };
    new MutationObserver(check).observe(doc, { subtree: true, childList: true, attributes: true,
      attributeFilter: ["data-zq-state", "data-zq-shown", "data-zq-ready"] });
    check();
  };
  const scan = () => {
    for (const f of document.querySelectorAll("iframe")) {
      try {
        const d = f.contentDocument;
        if (d && d.URL !== "about:blank") watch(d, f.contentWindow);
      } catch (e) { /* cross-origin */ }
    }
    requestAnimationFrame(scan);
  };
  requestAnimationFrame(scan);
})();
"""

# Painted = some pixel of the map's vector canvas (ours) is not transparent.
CANVAS_PAINTED_JS = """() => [...document.querySelectorAll('.leaflet-overlay-pane canvas, .leaflet-pane canvas')]
  .some(c => { if (!c.width || !c.height) return false;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 64) if (d[i]) return true; return false; })"""


# ------------------------------------------------------------------------------ servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    log: Path
    started: float  # time.perf_counter() just before the process was spawned

    def healthy(self) -> bool:
        try:
            with _NO_PROXY.open(f"{self.url}/_stcore/health", timeout=2) as r:
                return r.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def wait_healthy(self, timeout: float = 90) -> float:
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited; see {self.log}:\n{self.log.read_text()[-3000:]}")
            if self.healthy():
                return time.perf_counter()
            time.sleep(0.05)
        raise TimeoutError(f"server not healthy after {timeout} s; see {self.log}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            except ProcessLookupError:
                pass


#: Extra ``streamlit run`` options for both apps (``--server-option server.x=y``; experiments).
SERVER_ARGS: list[str] = []
#: Where "ours" runs from (``--ours-root``: another copy of the repository, e.g. one with the
#: previous layers/render.py and static/app/zq.js, for a before/after comparison).
APP_ROOT = [ROOT]


def start_server(script: str, env_extra: dict[str, str], tag: str) -> Server:
    port = free_port()
    root = APP_ROOT[0] if script == "app.py" else ROOT
    env = dict(os.environ)
    env.update(env_extra)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(root), env.get("PYTHONPATH", "")] if p)
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"server-{tag}-{port}.log"
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true",
           "--server.fileWatcherType", "none", "--server.runOnSave", "false", *SERVER_ARGS]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    return Server(proc, f"http://127.0.0.1:{port}", log, started)


# ------------------------------------------------------------------------------ offline routing


def _vendored_prefixes() -> list[tuple[str, Path]]:
    """CDN URL prefix → vendored folder, derived from CDN_TO_VENDORED (shared path suffix)."""
    from layers.assets import CDN_TO_VENDORED, VENDOR_DIR

    out = []
    for url, rel in CDN_TO_VENDORED.items():
        u, r = url.split("/"), rel.split("/")
        k = 0
        while k < min(len(u), len(r)) - 1 and u[-1 - k] == r[-1 - k]:
            k += 1
        if k:
            out.append(("/".join(u[:-k]) + "/", VENDOR_DIR / "/".join(r[:-k])))
    return sorted(set(out), key=lambda p: -len(p[0]))


class Offline:
    """Context routes: vendored CDN files from disk; any other non-local request aborted."""

    NON_LOCAL = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/])[a-z]+://")

    def __init__(self) -> None:
        from layers.assets import CDN_TO_VENDORED, VENDOR_DIR

        self.exact = {u: VENDOR_DIR / r for u, r in CDN_TO_VENDORED.items()}
        self.prefixes = _vendored_prefixes()
        self.served: set[str] = set()
        self.blocked: set[str] = set()

    def file_for(self, url: str) -> Path | None:
        url = url.split("?")[0].split("#")[0]
        if url in self.exact:
            return self.exact[url]
        for prefix, folder in self.prefixes:
            if url.startswith(prefix):
                path = folder / url[len(prefix):]
                if path.is_file():
                    return path
        return None

    def handle(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob", "about"):
            route.continue_()
            return
        path = self.file_for(url)
        if path is None:
            self.blocked.add(url)
            route.abort()
            return
        self.served.add(url)
        route.fulfill(path=str(path), headers={"access-control-allow-origin": "*"})

    def install(self, ctx: BrowserContext) -> None:
        ctx.route(self.NON_LOCAL, self.handle)


# ------------------------------------------------------------------------------ one browser page


@dataclass
class WsLog:
    reruns: list[float] = field(default_factory=list)  # perf_counter of each rerun BackMsg
    finished: int = 0  # script_finished ForwardMsgs received
    finished_at: list[float] = field(default_factory=list)
    received_bytes: int = 0
    scripts: list[dict] = field(default_factory=list)  # st_folium args seen (script sizes)
    map_deltas: list[float] = field(default_factory=list)  # perf_counter of st_folium deltas

    sent_kinds: list[str] = field(default_factory=list)  # every frame, in order (see INIT_JS)
    received_kinds: list[str] = field(default_factory=list)

    def on_sent(self, payload) -> None:
        msg = BackMsg()
        try:
            msg.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
            kind = msg.WhichOneof("type") or "?"
        except Exception:  # noqa: BLE001 - not a BackMsg
            kind = "?"
        self.sent_kinds.append(kind)
        if kind == "rerun_script":
            self.reruns.append(time.perf_counter())

    def on_received(self, payload) -> None:
        if isinstance(payload, str):
            self.received_kinds.append("text")
            return
        self.received_bytes += len(payload)
        msg = ForwardMsg()
        try:
            msg.ParseFromString(payload)
        except Exception:  # noqa: BLE001
            self.received_kinds.append("?")
            return
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            is_map = (el.WhichOneof("type") == "component_instance"
                      and "folium" in el.component_instance.component_name)
            self.received_kinds.append("map" if is_map else "element")
        else:
            self.received_kinds.append(kind or "?")
        if kind == "script_finished":
            self.finished += 1
            self.finished_at.append(time.perf_counter())
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            if el.WhichOneof("type") == "component_instance" and "folium" in el.component_instance.component_name:
                self.map_deltas.append(time.perf_counter())
                args = json.loads(el.component_instance.json_args)
                self.scripts.append({"script": args.get("script") or "",
                                     "feature_group": args.get("feature_group") or "",
                                     "bytes": len(payload)})


class Session:
    """A fresh browser context + page on one app, with the websocket traffic decoded."""

    def __init__(self, browser: Browser, offline: Offline, kind: str):
        self.kind = kind
        self.ctx = browser.new_context(viewport=VIEWPORT, service_workers="block")
        offline.install(self.ctx)
        self.ctx.add_init_script(INIT_JS)
        self.page: Page = self.ctx.new_page()
        self.ws = WsLog()
        self.js_errors: list[str] = []
        self.page.on("pageerror", lambda e: self.js_errors.append(str(e)))
        self.page.on("websocket", self._on_ws)

    def _on_ws(self, ws) -> None:
        ws.on("framesent", self.ws.on_sent)
        ws.on("framereceived", self.ws.on_received)

    def close(self) -> None:
        self.ctx.close()

    # -- map state ------------------------------------------------------------------------

    def events(self) -> list[dict]:
        return self.page.evaluate("() => window.__bench ? window.__bench.events : []")

    def wait_event(self, pred_js: str, arg, timeout_ms: float = 120_000) -> dict:
        """Wait for a painted map event matching ``pred_js`` (JS ``(ev, arg) => bool``)."""
        handle = self.page.wait_for_function(
            f"""(arg) => {{ const B = window.__bench; if (!B) return null;
                const p = {pred_js};
                for (let i = B.events.length - 1; i >= 0; i--) {{
                  const ev = B.events[i]; if (ev.tPaint !== null && p(ev, arg)) return ev; }}
                return null; }}""", arg=arg, polling=20, timeout=timeout_ms)
        return handle.json_value()

    def wait_visible(self, expected: int, timeout_ms: float = 180_000) -> dict:
        """The map shows ``expected`` features, painted (ours: ready, applied, canvas drawn)."""
        if self.kind == OURS:
            ev = self.wait_event("(ev, n) => ev.ready && ev.state >= 1 && ev.drawn === n", expected,
                                 timeout_ms)
            frame = self.map_frame()
            end = time.perf_counter() + 10
            while not frame.evaluate(CANVAS_PAINTED_JS):
                if time.perf_counter() > end:
                    raise RuntimeError("map canvas is blank")
                time.sleep(0.02)
            return ev
        return self.wait_event("(ev, n) => ev.drawn === n", expected, timeout_ms)

    def map_frame(self):
        for fr in self.page.frames:
            if fr is self.page.main_frame:
                continue
            try:
                if "st_folium" in (fr.frame_element().get_attribute("title") or ""):
                    return fr
            except Exception:  # noqa: BLE001 - a detached frame
                continue
        raise RuntimeError("no st_folium iframe")

    def wait_run_finished(self, before: int, timeout: float = 180) -> None:
        end = time.perf_counter() + timeout
        while self.ws.finished <= before:
            if time.perf_counter() > end:
                raise TimeoutError("script run did not finish")
            self.page.wait_for_timeout(25)

    # -- the multiselect ------------------------------------------------------------------

    def multiselect(self, label: str):
        return self.page.locator('[data-testid="stMultiSelect"]').filter(
            has=self.page.locator('[data-testid="stWidgetLabel"]', has_text=label))

    def open_dropdown(self, label: str) -> None:
        ms = self.multiselect(label)
        combo = ms.locator('input[role="combobox"]')
        for _ in range(8):
            if combo.get_attribute("aria-expanded") == "true":
                return
            ms.locator('button[aria-label="Open"]').click()
            self.page.wait_for_timeout(150)
        raise RuntimeError(f"multiselect {label!r} does not open")

    def arm(self) -> None:
        self.page.evaluate("() => { window.__bench.armed = true; window.__bench.t0 = null; }")

    def toggle(self, label: str, value: str, select: bool) -> None:
        """Select (from the dropdown) or deselect (the tag's remove button) ``value``; the
        pointerdown of that click is the armed user action."""
        ms = self.multiselect(label)
        if select:
            self.open_dropdown(label)
            ms.locator('input[role="combobox"]').fill(value)  # the list is virtualised: narrow it
            option = self.page.locator('[data-testid="stMultiSelectDropdown"]').get_by_role(
                "option", name=value, exact=True)
            option.wait_for(state="visible", timeout=10_000)
            self.arm()
            option.click()
        else:
            button = ms.locator(f'button[aria-label="Remove {value}"]')
            button.wait_for(state="attached", timeout=10_000)
            self.arm()
            button.click(force=True)

    def t0(self) -> float | None:
        return self.page.evaluate("() => window.__bench.t0")

    def phases(self, n_out: int, n_in: int, t0: float, ev: dict) -> dict:
        """Where the time went (ms, browser clock): click → rerun BackMsg sent; → first
        message of the run received; → st_folium element received; → repainted; and
        rerun sent → script_finished received."""
        w = self.page.evaluate("() => [window.__bench.wsOut, window.__bench.wsIn]")
        out_t, in_t = w
        sent, recv = self.ws.sent_kinds, self.ws.received_kinds
        if len(out_t) != len(sent) or len(in_t) < len(recv):
            return {}
        rr = next((out_t[i] for i in range(n_out, len(sent)) if sent[i] == "rerun_script"), None)
        first = in_t[n_in] if len(in_t) > n_in else None
        mp = next((in_t[i] for i in range(n_in, len(recv)) if recv[i] == "map"), None)
        fin = next((in_t[i] for i in range(n_in, len(recv)) if recv[i] == "script_finished"), None)
        d = lambda a, b: None if a is None or b is None else b - a  # noqa: E731
        return {"click_to_rerun": d(t0, rr), "rerun_to_first_msg": d(rr, first),
                "rerun_to_map_msg": d(rr, mp), "map_msg_to_paint": d(mp, ev["tPaint"]),
                "rerun_to_finished": d(rr, fin)}

    def clock_offset(self) -> float:
        """JS clock (ms, performance.timeOrigin + now()) minus Python perf_counter (ms)."""
        best = None
        for _ in range(3):
            a = time.perf_counter()
            js = self.page.evaluate("() => performance.timeOrigin + performance.now()")
            b = time.perf_counter()
            if best is None or b - a < best[0]:
                best = (b - a, js - (a + b) / 2 * 1000)
        return best[1]


# ------------------------------------------------------------------------------ data sets


@dataclass
class Dataset:
    name: str
    label: str  # the multiselect's label
    field: str
    values: tuple[str, str]  # the two categories toggled
    env: dict[str, str]
    counts: dict[frozenset, int]  # selection → features shown (all layers)
    n_parcels: int = 0


def make_dataset(name: str, field_name: str, values: tuple[str, str], extra: Path | None,
                 n_parcels: int) -> Dataset:
    """Expected feature counts per selection, computed with the app's own filter model."""
    from geo.filters import FilterSet
    from layers import explorer as ex
    from layers.load import load_layer
    from layers.registry import LAYERS, THEMES
    from layers.spec import Catalog, extra_specs

    catalog = Catalog(themes=THEMES, layers=LAYERS + extra_specs(str(extra) if extra else None))
    frames = {s.id: load_layer(s) for s in catalog.layers}
    declared = ex.declared_filters(catalog)
    specs = [s for s in catalog.layers if s.visible]
    counts = {}
    a, b = values
    for sel in (frozenset(), frozenset([a]), frozenset([b]), frozenset([a, b])):
        flt = FilterSet((ex.build_filter(declared, field_name, "in", sorted(sel)),) if sel else ())
        masks = ex.layer_masks(frames, specs, flt)
        counts[sel] = int(sum(m.sum() for m in masks.values()))
    label = ex.field_labels(catalog)[field_name][0]
    env = {"ZQ_EXTRA_LAYERS": str(extra)} if extra else {}
    env["ZQ_BENCH_FIELD"] = field_name
    return Dataset(name, label, field_name, values, env, counts, n_parcels)


# ------------------------------------------------------------------------------ measurements


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values) if values else float("nan"),
            "p90": pct(values, 0.9), "min": min(values, default=float("nan")),
            "max": max(values, default=float("nan")), "n": len(values), "values": values}


def script_for(kind: str) -> str:
    return "app.py" if kind == OURS else "bench/naive_app.py"


def cold_start(browser: Browser, offline: Offline, kind: str, ds: Dataset, runs: int,
               log) -> tuple[dict, Server]:
    """Server process start → map visible in a fresh browser context. Keeps the last server."""
    times, health, phases = [], [], []
    server = None
    for i in range(max(runs, 1)):
        if server:
            server.stop()
        server = start_server(script_for(kind), ds.env, f"{kind}-{ds.name}")
        try:
            healthy_at = server.wait_healthy()
            s = Session(browser, offline, kind)
            try:
                nav = time.perf_counter()
                s.page.goto(server.url, wait_until="commit")
                ev = s.wait_visible(ds.counts[frozenset()])
                t = time.perf_counter() - server.started
                phases.append(open_phases(s, ev))
            finally:
                s.close()
        except BaseException:
            server.stop()  # never leave a server behind
            raise
        times.append(t)
        health.append(healthy_at - server.started)
        log(f"  cold start {kind}/{ds.name} #{i + 1}: {t:.2f} s (server healthy after "
            f"{health[-1]:.2f} s, page opened at {nav - server.started:.2f} s; ms after that: "
            + " ".join(f"{k}={v:.0f}" for k, v in phases[-1].items() if v is not None) + ")")
    out = {"to_visible": summary(times), "to_healthy": summary(health)}
    out["phases_ms_median"] = {k: statistics.median(v) for k in phases[0]
                               if (v := [p[k] for p in phases if p.get(k) is not None])}
    return out, server


def open_phases(s: Session, ev: dict) -> dict:
    """Where a page open went (ms from navigation start, browser clock): first websocket
    message (Streamlit's frontend booted and connected), the st_folium element received (the
    server ran the script up to the map), the map container ready (component iframe and
    scripts loaded, ZQ.init ran), the features painted."""
    w = s.page.evaluate("() => [performance.timeOrigin, window.__bench.wsIn, window.__bench.events]")
    origin, in_t, events = w
    recv = s.ws.received_kinds
    mp = next((in_t[i] for i in range(min(len(recv), len(in_t))) if recv[i] == "map"), None)
    ready = next((e["tDetect"] for e in events if e["ready"]), None)
    rel = lambda t: None if t is None else t - origin  # noqa: E731
    return {"first_ws_msg": rel(in_t[0] if in_t else None), "map_msg": rel(mp),
            "map_ready": rel(ready), "painted": rel(ev["tPaint"])}


def page_open(browser: Browser, offline: Offline, kind: str, ds: Dataset, server: Server,
              runs: int, log) -> tuple[dict, Session]:
    """Page opens in fresh contexts; the last session stays open (returned) for the next steps."""
    times, phases = [], []
    s = None
    for i in range(runs):
        if s is not None:
            s.close()
        s = Session(browser, offline, kind)
        try:
            t0 = time.perf_counter()
            s.page.goto(server.url, wait_until="commit")
            ev = s.wait_visible(ds.counts[frozenset()])
            times.append(time.perf_counter() - t0)
            phases.append(open_phases(s, ev))
        except BaseException:
            s.close()
            raise
        log(f"  page open {kind}/{ds.name} #{i + 1}: {times[-1]:.2f} s  (ms after navigation: "
            + " ".join(f"{k}={v:.0f}" for k, v in phases[-1].items() if v is not None) + ")")
    out = summary(times)
    out["phases_ms_median"] = {k: statistics.median(v) for k in phases[0]
                               if (v := [p[k] for p in phases if p.get(k) is not None])}
    return out, s


def filter_changes(s: Session, ds: Dataset, repeats: int, log) -> dict:
    """Alternate +A, +B, -A, -B, ...: every change differs from the previous state."""
    a, b = ds.values
    plan = [(a, True), (b, True), (a, False), (b, False)]
    selected: set[str] = set()
    times, per_state, ws_bytes, fg_bytes, phases = [], {}, [], [], []
    for i in range(repeats):
        value, select = plan[i % len(plan)]
        new = selected | {value} if select else selected - {value}
        expected = ds.counts[frozenset(new)]
        evs = s.events()
        last_state = max((e["state"] or 0 for e in evs), default=0)
        last_cid = max((e["cid"] for e in evs), default=0)
        finished, rx = s.ws.finished, s.ws.received_bytes
        n_scripts = len(s.ws.scripts)
        n_out, n_in = len(s.ws.sent_kinds), len(s.ws.received_kinds)
        s.toggle(ds.label, value, select)
        if s.kind == OURS:
            ev = s.wait_event("(ev, a) => ev.state > a[0] && ev.drawn === a[1]",
                              [last_state, expected])
        else:
            ev = s.wait_event("(ev, a) => ev.cid > a[0] && ev.drawn === a[1]", [last_cid, expected])
        t0 = s.t0()
        if t0 is None:
            raise RuntimeError("the click was not recorded")
        dt = (ev["tPaint"] - t0) / 1000
        s.wait_run_finished(finished)
        s.page.wait_for_timeout(250)
        phases.append(s.phases(n_out, n_in, t0, ev))
        selected = new
        times.append(dt)
        per_state.setdefault(expected, []).append(dt)
        ws_bytes.append(s.ws.received_bytes - rx)
        new_scripts = s.ws.scripts[n_scripts:]
        if new_scripts:
            fg_bytes.append(len(new_scripts[-1]["feature_group"]))
        log(f"  filter {s.kind}/{ds.name} #{i + 1}: {'+' if select else '-'}{value} → "
            f"{expected} features, {dt * 1000:.0f} ms, {ws_bytes[-1] / 1e3:.1f} kB over ws  ("
            + " ".join(f"{k}={v:.0f}" for k, v in phases[-1].items() if v is not None) + " ms)")
    out = summary(times)
    out["by_features_shown"] = {str(k): statistics.median(v) for k, v in sorted(per_state.items())}
    out["ws_bytes_per_change"] = summary([float(x) for x in ws_bytes])
    out["state_script_bytes"] = summary([float(x) for x in fg_bytes]) if fg_bytes else None
    out["phases_ms_median"] = {k: statistics.median(v) for k in (phases[0] if phases else {})
                               if (v := [p[k] for p in phases if p.get(k) is not None])}
    return out


def pan_zoom_reruns(s: Session, log) -> dict:
    """Reruns (rerun_script BackMsgs sent by the browser) during 5 pans and 5 zooms."""
    box = s.page.locator(MAP_IFRAME).bounding_box()
    cx, cy = box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.45
    frame = s.map_frame()
    frame.evaluate("() => { window.__moves = 0; window.map.on('moveend', () => window.__moves++); }")
    before = len(s.ws.reruns)
    for i in range(5):
        s.page.mouse.move(cx, cy)
        s.page.mouse.down()
        s.page.mouse.move(cx + (80 if i % 2 == 0 else -80), cy + 40, steps=8)
        s.page.mouse.up()
        s.page.wait_for_timeout(400)
    for i in range(5):
        s.page.mouse.move(cx, cy)
        s.page.mouse.wheel(0, -240 if i % 2 == 0 else 240)
        s.page.wait_for_timeout(600)
    s.page.wait_for_timeout(1500)
    reruns = len(s.ws.reruns) - before  # last measurement of a session: no need to let them end
    try:
        moves = s.map_frame().evaluate("() => window.__moves")
    except Exception:  # noqa: BLE001 - the naive map was remounted by its rerun
        moves = None
    log(f"  pan/zoom {s.kind}: {reruns} reruns during 5 pans + 5 zooms ({moves} moveend events)")
    return {"reruns": reruns, "pans": 5, "zooms": 5, "moveend_events": moves}


def payload_figures(s: Session, ds: Dataset) -> dict:
    """What the map script holds: total bytes, per-feature bytes, `case ` count."""
    full = [x for x in s.ws.scripts if x["script"]]
    if not full:
        return {}
    script = full[-1]["script"]
    out = {"script_bytes": len(script.encode()), "case_count": script.count("case "),
           "features": ds.counts[frozenset()]}
    if ds.n_parcels:
        m = re.search(r'ZQ\.addLayer\(\{"id":"parcels".*?\}, ', script)
        if m:  # ours: the parcel layer's data argument, up to the end of the call
            end = script.index(");\n", m.end()) if ");\n" in script[m.end():] else len(script)
            out["parcel_layer_bytes"] = len(script[m.end():end].encode())
    return out


def run_app(browser: Browser, offline: Offline, kind: str, ds: Dataset, repeats: int,
            cold_runs: int, log) -> dict:
    log(f"{kind} · {ds.name}")
    res: dict = {}
    res["cold_start"], server = cold_start(browser, offline, kind, ds, cold_runs, log)
    try:
        res["page_open"], s = page_open(browser, offline, kind, ds, server, max(cold_runs, 1), log)
        try:
            s.wait_run_finished(0)
            s.page.wait_for_timeout(500)
            res["payload"] = payload_figures(s, ds)
            res["initial_ws_bytes"] = s.ws.received_bytes
            res["filter"] = filter_changes(s, ds, repeats, log)
            res["pan_zoom"] = pan_zoom_reruns(s, log)
            res["js_errors"] = s.js_errors
        finally:
            s.close()
    finally:
        server.stop()
    return res


# ------------------------------------------------------------------------------ report


def fmt_s(x: float | None) -> str:
    if x is None or x != x:
        return "–"
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def fmt_b(x: float | None) -> str:
    if x is None or x != x:
        return "–"
    if x >= 1e6:
        return f"{x / 1e6:.2f} MB"
    if x >= 1e4:
        return f"{x / 1e3:.0f} kB"
    return f"{x:.0f} B"


def ratio(naive: float | None, ours: float | None) -> str:
    if not naive or not ours or naive != naive or ours != ours:
        return "–"
    return f"{naive / ours:.1f}×"


def report(results: dict) -> str:
    rows: list[tuple[str, str, str, str, str]] = []
    runs = results["runs"]

    def get(kind, ds, *path):
        cur = runs.get(kind, {}).get(ds)
        for p in path:
            if cur is None:
                return None
            cur = cur.get(p) if isinstance(cur, dict) else None
        return cur

    n = results["n_parcels"]
    dss = [("bundled", "bundled data"), (f"parcels{n}", f"+{n:,} parcels")]
    targets = results["targets"]
    for ds, dname in dss:
        for stat in ("median", "p90"):
            o, v = get(OURS, ds, "filter", stat), get(NAIVE, ds, "filter", stat)
            tgt = targets["filter_bundled_s"] if ds == "bundled" else targets["filter_parcels_s"]
            rows.append((f"filter → repainted, {stat} ({dname})", fmt_s(o), fmt_s(v), ratio(v, o),
                         f"≤ {fmt_s(tgt)}" if stat == "median" else ""))
    for ds, dname in dss:
        o, v = get(OURS, ds, "filter", "ws_bytes_per_change", "median"), get(
            NAIVE, ds, "filter", "ws_bytes_per_change", "median")
        rows.append((f"websocket bytes per filter change ({dname})", fmt_b(o), fmt_b(v),
                     ratio(v, o), ""))
    ds = dss[1][0]
    po, pv = get(OURS, ds, "payload"), get(NAIVE, ds, "payload")
    bo, bv = get(OURS, "bundled", "payload"), get(NAIVE, "bundled", "payload")
    if po and bo:
        per_o = (po["script_bytes"] - bo["script_bytes"]) / n
        per_v = (pv["script_bytes"] - bv["script_bytes"]) / n if pv and bv else None
        rows.append(("map script bytes per parcel polygon (marginal)", fmt_b(per_o), fmt_b(per_v),
                     ratio(per_v, per_o), "≤ 400 B"))
        if "parcel_layer_bytes" in po:
            rows.append(("  ours: parcel layer payload / count", fmt_b(po["parcel_layer_bytes"] / n),
                         "", "", ""))
        rows.append((f"map script size ({dss[1][1]})", fmt_b(po["script_bytes"]),
                     fmt_b(pv["script_bytes"]) if pv else "–",
                     ratio(pv and pv["script_bytes"], po["script_bytes"]), ""))
        rows.append((f"`case ` in the map script ({dss[1][1]})", str(po["case_count"]),
                     str(pv["case_count"]) if pv else "–", "", "0"))
    for ds, dname in dss:
        o, v = get(OURS, ds, "pan_zoom", "reruns"), get(NAIVE, ds, "pan_zoom", "reruns")
        rows.append((f"reruns during 5 pans + 5 zooms ({dname})", str(o), "–" if v is None else str(v),
                     "", "0"))
    for ds, dname in dss:
        o = get(OURS, ds, "cold_start", "to_visible", "median")
        v = get(NAIVE, ds, "cold_start", "to_visible", "median")
        rows.append((f"cold start → map visible, median ({dname})", fmt_s(o), fmt_s(v), ratio(v, o),
                     f"≤ {fmt_s(targets['cold_start_s'])}"))
        o, v = get(OURS, ds, "page_open", "median"), get(NAIVE, ds, "page_open", "median")
        rows.append((f"page open (warm server) → map visible ({dname})", fmt_s(o), fmt_s(v),
                     ratio(v, o), ""))
    head = ("figure", "ours", "naive", "naive/ours", "target")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(5)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)


def verdicts(results: dict) -> dict:
    runs, n, tg = results["runs"], results["n_parcels"], results["targets"]
    ours = runs.get(OURS, {})
    b, p = ours.get("bundled", {}), ours.get(f"parcels{n}", {})
    out = {}
    if b.get("filter"):
        out["filter_bundled"] = b["filter"]["median"] <= tg["filter_bundled_s"]
    if p.get("filter"):
        out["filter_parcels"] = p["filter"]["median"] <= tg["filter_parcels_s"]
    out["no_rerun_on_pan_zoom"] = all(x.get("pan_zoom", {}).get("reruns", 1) == 0
                                      for x in (b, p) if x)
    if p.get("payload") and b.get("payload"):
        per = (p["payload"]["script_bytes"] - b["payload"]["script_bytes"]) / n
        out["bytes_per_polygon"] = per <= tg["bytes_per_polygon"]
        out["no_case_switch"] = p["payload"]["case_count"] == 0 and b["payload"]["case_count"] == 0
    out["cold_start"] = all(x["cold_start"]["to_visible"]["median"] <= tg["cold_start_s"]
                            for x in (b, p) if x.get("cold_start"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="Explorer vs naive folium, in headless Chromium.")
    ap.add_argument("--n", type=int, default=10_000, help="synthetic parcels (default 10000)")
    ap.add_argument("--repeats", type=int, default=15, help="filter changes per app and data set")
    ap.add_argument("--naive-repeats", type=int, default=8,
                    help="filter changes for the naive app with parcels (default 8: two rounds of +A +B -A -B)")
    ap.add_argument("--cold-runs", type=int, default=3, help="cold starts / page opens per app")
    ap.add_argument("--naive-cold-runs", type=int, default=1,
                    help="cold starts / page opens of the naive app with parcels (default 1)")
    ap.add_argument("--skip-naive", action="store_true", help="measure only the real app")
    ap.add_argument("--only", choices=["bundled", "parcels"], default=None)
    ap.add_argument("--out", type=Path, default=OUT / "results.json")
    ap.add_argument("--ours-root", type=Path, default=None,
                    help="run the app from this copy of the repository (before/after comparisons)")
    ap.add_argument("--server-option", action="append", default=[], metavar="SECTION.KEY=VALUE",
                    help="extra Streamlit option for both servers (experiments; repeatable)")
    args = ap.parse_args()
    for opt in args.server_option:
        key, _, value = opt.partition("=")
        SERVER_ARGS.extend([f"--{key}", value])
    if args.ours_root:
        APP_ROOT[0] = args.ours_root.resolve()

    t_start = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - t_start:6.1f}s] {msg}", flush=True)

    _, decl = parcels.write(args.n, OUT)
    datasets = []
    if args.only in (None, "bundled"):
        datasets.append(make_dataset("bundled", "kind", ("街道", "地铁站"), None, 0))
    if args.only in (None, "parcels"):
        datasets.append(make_dataset(f"parcels{args.n}", parcels.FILTER_FIELD, ("0103", "0702"),
                                     decl, args.n))
    for ds in datasets:
        log(f"data set {ds.name}: filter {ds.field} on {ds.values}; features shown per selection "
            + ", ".join(f"{sorted(k)}={v}" for k, v in ds.counts.items()))
    offline = Offline()
    results: dict = {
        "n_parcels": args.n, "repeats": args.repeats, "cold_runs": args.cold_runs,
        "server_options": args.server_option,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                    "loadavg_start": os.getloadavg()},
        "targets": {"filter_bundled_s": 0.3, "filter_parcels_s": 0.8, "bytes_per_polygon": 400,
                    "cold_start_s": 5.0},
        "runs": {OURS: {}, NAIVE: {}},
    }
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for ds in datasets:
                results["runs"][OURS][ds.name] = run_app(browser, offline, OURS, ds, args.repeats,
                                                         args.cold_runs, log)
                if not args.skip_naive:
                    big = bool(ds.n_parcels)
                    reps = min(args.naive_repeats, args.repeats) if big else args.repeats
                    cold = min(args.naive_cold_runs, args.cold_runs) if big else args.cold_runs
                    results["runs"][NAIVE][ds.name] = run_app(browser, offline, NAIVE, ds, reps,
                                                              cold, log)
                log(f"load average {os.getloadavg()[0]:.1f}")
        finally:
            browser.close()
    results["offline"] = {"served_from_vendor": sorted(offline.served),
                          "blocked": sorted(offline.blocked)}
    results["verdicts"] = verdicts(results)
    results["elapsed_s"] = time.perf_counter() - t_start
    results["machine"]["loadavg_end"] = os.getloadavg()
    for kind in (OURS, NAIVE):  # keep the JSON small: no scripts
        for r in results["runs"][kind].values():
            r.pop("scripts", None)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print()
    print(report(results))
    print()
    print("targets met: " + ", ".join(f"{k}={'yes' if v else 'NO'}"
                                      for k, v in results["verdicts"].items()))
    if offline.blocked:
        print("blocked non-local requests: " + ", ".join(sorted(offline.blocked)))
    la0, la1 = results["machine"]["loadavg_start"], results["machine"]["loadavg_end"]
    print(f"{os.cpu_count()} CPUs; 1-min load average {la0[0]:.1f} at the start, {la1[0]:.1f} at the "
          "end (other work on the machine inflates every figure: compare ratios)")
    print(f"elapsed {results['elapsed_s']:.0f} s; results in {args.out}")


if __name__ == "__main__":
    main()
