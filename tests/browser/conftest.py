"""Real-browser fixtures: a Streamlit server and Debian Chromium driven by Playwright.

Every test here is offline-checked: the ``page`` fixture lets through only requests to
127.0.0.1 / localhost (and data:, blob:, file:), aborts everything else, and fails the test
listing the blocked URLs. Never run ``playwright install``: /usr/bin/chromium is used.

Fixtures
    start_app(script_path, env=None) -> base_url   session factory: ``streamlit run script_path``
                                           (``env``: extra environment variables, e.g. ZQ_DATA_DIR)
    app_server -> base_url                 session: the real app.py (empty temp workspace)
    browser -> playwright Browser          session
    page -> playwright Page                function; ``page.js_errors``, ``page.bad_responses``,
                                           ``page.external_requests``
Helpers
    wait_for_map(page, timeout=30000) -> Frame          the st_folium iframe, map shown
    wait_for_painted_vectors(frame, timeout=10000) -> int  vector layers drawn (SVG or canvas)
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOCAL_SCHEMES = {"data", "blob", "file", "about"}
HEALTH_TIMEOUT_S = 60
COMPONENT_IFRAME = 'iframe[title*="st_folium"]'


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/browser is a browser test (``-m "not browser"`` skips it)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


# ----------------------------------------------------------------- Streamlit server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _healthy(base_url: str) -> bool:
    try:
        with _NO_PROXY.open(f"{base_url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def start_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., str]]:
    """Factory: ``start_app(script_path, env=None) -> "http://127.0.0.1:<port>"``.

    Runs ``python -m streamlit run <script>`` from the script's folder (Streamlit reads
    ``.streamlit/config.toml`` from the working directory and serves ``static/`` next to the
    script), with PYTHONPATH=<repo root> so ``import layers...`` works. One server per script
    and ``env`` per session; all are stopped (whole process group) at the end of the session.
    ``env`` adds environment variables for that server only (e.g. ``ZQ_DATA_DIR``).
    """
    servers: dict[tuple, tuple[subprocess.Popen, str]] = {}
    logs = tmp_path_factory.mktemp("streamlit-logs")

    def start(script_path: Path | str, env: dict[str, str] | None = None) -> str:
        script = Path(script_path).resolve()
        server_key = (script, tuple(sorted((env or {}).items())))
        if server_key in servers:
            return servers[server_key][1]
        if not script.is_file():
            raise FileNotFoundError(script)
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        extra_env = env or {}
        env = dict(os.environ)
        env.update(extra_env)
        env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in [str(REPO_ROOT), env.get("PYTHONPATH", "")] if p
        )
        log_path = logs / f"{script.stem}-{port}.log"
        cmd = [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.port", str(port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                cmd, cwd=script.parent, env=env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        servers[server_key] = (proc, base_url)
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while not _healthy(base_url):
            if proc.poll() is not None or time.monotonic() > deadline:
                _stop(proc)
                output = log_path.read_text(errors="replace")[-3000:]
                pytest.fail(
                    f"streamlit did not become healthy at {base_url} within "
                    f"{HEALTH_TIMEOUT_S}s (exit code {proc.returncode}):\n{output}"
                )
            time.sleep(0.2)
        return base_url

    yield start
    for proc, _ in servers.values():
        _stop(proc)


@pytest.fixture(scope="session")
def app_server(start_app: Callable[..., str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """Base URL of the real app (``streamlit run app.py`` from the repo root).

    Runs with an empty temporary workspace (``ZQ_WORKSPACE``), so layers a developer imported
    into ``<repo>/workspace`` do not change what the browser tests see.
    """
    app = REPO_ROOT / "app.py"
    if not app.is_file():
        pytest.skip("app.py does not exist yet")
    return start_app(app, env={"ZQ_WORKSPACE": str(tmp_path_factory.mktemp("zq-workspace"))})


# ----------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    """Debian Chromium (never a Playwright-downloaded browser)."""
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOCAL_HOSTS


@pytest.fixture
def page(browser):
    """A fresh context/page (1400x900, zh-CN) that may only talk to this machine.

    ``page.external_requests``: URLs that were blocked (the test fails if any).
    ``page.js_errors``: uncaught exceptions and console errors, for tests to check.
    ``page.bad_responses``: local responses with status >= 400 (e.g. a missing vendored image).
    """
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    external: list[str] = []

    def gate(route) -> None:
        url = route.request.url
        if _is_local(url):
            route.continue_()
        else:
            external.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", gate)
    pg = context.new_page()
    pg.external_requests = external
    pg.js_errors = []
    pg.bad_responses = []
    pg.on(
        "response",
        lambda resp: pg.bad_responses.append(f"{resp.status} {resp.url}")
        if resp.status >= 400
        else None,
    )
    pg.on("pageerror", lambda exc: pg.js_errors.append(f"pageerror: {exc}"))
    pg.on(
        "console",
        lambda msg: pg.js_errors.append(f"console.error: {msg.text} @ {msg.location}")
        if msg.type == "error"
        else None,
    )
    # WebSockets are not routed; record any that leave the machine.
    pg.on("websocket", lambda ws: None if _is_local(ws.url) else external.append(ws.url))
    yield pg
    context.close()
    if external:
        pytest.fail(
            "external requests were made (must be zero):\n  " + "\n  ".join(dict.fromkeys(external))
        )


# ----------------------------------------------------------------- helpers


def wait_for_map(page, timeout: float = 30_000):
    """Return the Frame of the st_folium component once its map is really shown.

    Waits until ``.leaflet-container`` is visible inside the iframe AND the iframe is taller
    than 100 px: when a script fails to load (or the map script throws) st_folium leaves the
    iframe 0 px high although the Leaflet DOM may exist. Raises AssertionError with the
    iframe height, JS errors and blocked requests if that does not happen within ``timeout`` ms.
    """
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + timeout / 1000

    def remaining() -> float:
        return max(1.0, (deadline - time.monotonic()) * 1000)

    iframe = page.locator(COMPONENT_IFRAME).first
    step = "st_folium iframe attached"
    try:
        iframe.wait_for(state="attached", timeout=remaining())
        frame = iframe.element_handle(timeout=remaining()).content_frame()
        assert frame is not None, "st_folium iframe has no frame"
        step = ".leaflet-container visible in the iframe"
        frame.locator(".leaflet-container").first.wait_for(state="visible", timeout=remaining())
        step = "st_folium iframe taller than 100 px"
        page.wait_for_function(
            "sel => { const f = document.querySelector(sel);"
            " return !!f && f.getBoundingClientRect().height > 100; }",
            arg=COMPONENT_IFRAME,
            timeout=remaining(),
        )
    except PlaywrightError as exc:
        try:
            height = iframe.evaluate("f => f.getBoundingClientRect().height", timeout=1000)
        except PlaywrightError:
            height = "no iframe"
        raise AssertionError(
            f"map not shown (waited for: {step}); iframe height: {height}. A script failed to "
            "load or the map script threw.\n"
            f"JS errors: {getattr(page, 'js_errors', '?')}\n"
            f"blocked external requests: {getattr(page, 'external_requests', '?')}"
        ) from exc
    return frame


_PAINTED_JS = """() => {
  // the main map only (a MiniMap is a nested .leaflet-container with its own SVG overlay)
  const main = window.map ? window.map.getContainer() : document.querySelector('.leaflet-container');
  const pane = main && main.querySelector(':scope > .leaflet-map-pane > .leaflet-overlay-pane');
  if (!pane) return 0;
  let painted = [...pane.querySelectorAll('svg path')]
    .filter(p => { const r = p.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length;
  for (const c of pane.querySelectorAll('canvas')) {
    if (!c.width || !c.height) continue;
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i]) painted++;
  }
  return painted;
}"""


def wait_for_painted_vectors(frame, timeout: float = 10_000) -> int:
    """Wait until vector layers are drawn in the map and return a measure of it.

    Looks at the main map's overlay pane only. Returns the number of visible SVG ``path``
    elements plus the number of non-transparent pixels of its canvas (``prefer_canvas``, as in
    ``offline_map()``, draws vectors on a canvas: there are no ``path`` elements then).
    """
    handle = frame.wait_for_function(_PAINTED_JS, timeout=timeout)
    return int(handle.json_value())
