"""The load harness checked against a real browser (issue 12, point 1): one harness session and
one Chromium page make the same changes — a layer switched off and on again (``layer.parks``), K
times — on the same server, and each change is timed the same way: from the page's
``rerun_script`` message on the websocket to the server's ``script_finished`` (in Chromium, read
from the page's own websocket frames).  Printed: both medians and their ratio (target: within
20 %)::

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

from bench.load import Session, run_sync, start_server

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
        harness = run_sync(_harness(url, args.changes))
        browser = _browser(url, args.changes)
    finally:
        proc.terminate()
        proc.wait(10)
    h, b = statistics.median(harness) * 1000, statistics.median(browser) * 1000
    print(f"load average {os.getloadavg()[0]:.2f}; {args.changes} changes of layer.parks each")
    print(f"harness  median {h:.0f} ms  (n={len(harness)})")
    print(f"Chromium median {b:.0f} ms  (n={len(browser)}; rerun_script sent → script_finished, from its frames)")
    print(f"ratio browser/harness {b / h:.2f} ({'within' if abs(b / h - 1) <= 0.2 else 'NOT within'} 20 %)")


if __name__ == "__main__":
    main()
