"""The load harness checked against a real browser (issue 12, point 1): one harness session and
one Chromium page make the same changes — a layer switched off and on again (``layer.parks``), K
times — on the same server, and each change is timed the same way: from the ``rerun_script``
message to the server's ``script_finished``.  The harness times it at its socket; the Chromium
page is timed at the wire by :class:`bench.wire.WireTap` (a pass-through proxy the page connects
through), which is the same place, and also from the page's own websocket frames (Playwright's
CDP events), which adds the time the page takes to get to the message.  Printed: the medians,
the server CPU per change in both runs, and the ratios (target: wire within 20 % of the
harness)::

    python -m bench.load_vs_browser [--changes 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load import Session, _cpu_s, run_sync, start_server
from bench.wire import WireTap

CHROMIUM = "/usr/bin/chromium"


async def _harness(url: str, changes: int) -> list[float]:
    sess = Session(url, "lang=zh", 60.0)
    await sess.open()
    out = []
    try:
        for k in range(changes):
            await asyncio.sleep(0.8)
            wid = sess.widgets["layer.parks"][0]
            sess.states[wid] = ("bool_value", k % 2 == 1)
            out.append(await sess.run())
    finally:
        await sess.close()
    return out


def _browser(url: str, changes: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    sent: list[float] = []
    done: list[float] = []

    def frames(proto, kind: str, times: list[float]):
        """A frame handler that notes the time of every ``proto`` message of ``kind``."""
        def handler(payload) -> None:
            if not isinstance(payload, bytes | bytearray):
                return
            msg = proto()
            try:
                msg.ParseFromString(bytes(payload))
            except Exception:  # noqa: BLE001 - not a message of this kind
                return
            if msg.WhichOneof("type") == kind:
                times.append(time.perf_counter())
        return handler

    def on_ws(ws) -> None:
        ws.on("framesent", frames(BackMsg, "rerun_script", sent))
        ws.on("framereceived", frames(ForwardMsg, "script_finished", done))

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.on("websocket", on_ws)
        page.goto(url + "/?lang=zh")
        page.wait_for_function("() => document.querySelector('iframe[title*=st_folium]')", timeout=60_000)
        page.wait_for_timeout(3000)
        label = page.locator(".st-key-layer-parks label").first
        out = []
        for _ in range(changes):
            page.wait_for_timeout(800)
            n_sent, n_done = len(sent), len(done)
            label.click()
            deadline = time.time() + 60
            while (len(sent) <= n_sent or len(done) <= n_done) and time.time() < deadline:
                page.wait_for_timeout(20)
            if len(sent) > n_sent and len(done) > n_done:
                out.append(done[n_done] - sent[n_sent])
        browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--changes", type=int, default=10)
    args = ap.parse_args()
    proc, url = start_server()
    try:
        run_sync(_harness(url, 2))  # warm the server (imports, caches) before either is timed
        c0 = _cpu_s(proc.pid)
        harness = run_sync(_harness(url, args.changes))
        c1 = _cpu_s(proc.pid)
        with WireTap(int(url.rsplit(":", 1)[1].strip("/"))) as tap:
            browser = _browser(tap.url, args.changes)
            wire = tap.latencies()[1:]  # the first is the page's opening run
            reruns = sum(1 for _, kind in tap.events if kind == "rerun_script")
        c2 = _cpu_s(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)
    h, w, b = (statistics.median(x) * 1000 for x in (harness, wire, browser))
    k = args.changes
    print(f"load average {os.getloadavg()[0]:.2f}; {k} changes of layer.parks each")
    print(f"harness         median {h:4.0f} ms  (n={len(harness)}; server CPU "
          f"{1000 * (c1 - c0) / k:.0f} ms per change, page open included)")
    print(f"Chromium, wire  median {w:4.0f} ms  (n={len(wire)}; server CPU "
          f"{1000 * (c2 - c1) / k:.0f} ms per change, page open included; {reruns} reruns sent "
          f"for 1 open + {k} changes)")
    print(f"Chromium, page  median {b:4.0f} ms  (n={len(browser)}; from the page's own frames: "
          f"+{b - w:.0f} ms for the page to get to script_finished)")
    print(f"ratio wire/harness {w / h:.2f} ({'within' if abs(w / h - 1) <= 0.2 else 'NOT within'} 20 %); "
          f"page/harness {b / h:.2f}")


if __name__ == "__main__":
    main()
