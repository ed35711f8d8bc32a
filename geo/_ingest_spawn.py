"""Parent side of the sandbox: run the parser in a child process with a GDAL driver allow-list.

Why a child: a file that crashes or hangs GDAL must not take the Streamlit server down, and
``GDAL_SKIP`` only works when set before GDAL registers its drivers, i.e. before pyogrio is
first imported in the process that parses. The child is ``python -P -m geo._ingest_child
JOBDIR`` with ``GDAL_SKIP`` = every known driver minus :data:`ALLOWED_DRIVERS`, a timeout, and
rlimits it sets on itself (memory, CPU, core files). The skip list starts from the drivers of
GDAL 3.12 (measured with ``pyogrio.list_drivers()``); the child checks the drivers it really
has before opening anything and, if some are not allowed, reports them instead of parsing:
they are added to the (process-wide, cached) skip list and the child is run once more. So a
newer GDAL fails closed, never open.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

from geo.errors import ReaderFailedError

#: The only GDAL drivers the child may use. LIBKML is left out (KML driver reads KML; KMZ
#: is unzipped by us), SQLite is not needed by GPKG (measured), OGR_VRT/GDALG never.
ALLOWED_DRIVERS = frozenset({"GeoJSON", "ESRI Shapefile", "GPKG", "KML", "FlatGeobuf"})

#: pyogrio.list_drivers() of pyogrio 0.13 / GDAL 3.12, the starting skip list.
KNOWN_DRIVERS = frozenset({
    "ADBC", "AIVector", "AVCBin", "AVCE00", "AmigoCloud", "CSV", "CSW", "Carto", "DGN", "DXF",
    "EDIGEO", "EEDA", "ESRI Shapefile", "ESRIJSON", "Elasticsearch", "FlatGeobuf", "GDALG",
    "GML", "GPKG", "GPSBabel", "GPX", "GTFS", "GeoJSON", "GeoJSONSeq", "GeoRSS", "HTTP",
    "Idrisi", "JML", "JSONFG", "KML", "LIBKML", "LVBAG", "MBTiles", "MEM", "MVT",
    "MapInfo File", "MapML", "MiraMonVector", "NGW", "OAPIF", "ODS", "OGCAPI", "OGR_GMT",
    "OGR_PDS", "OGR_VRT", "OSM", "OpenFileGDB", "PCIDSK", "PDF", "PDS4", "PGDUMP",
    "PLSCENES", "PMTiles", "S57", "SQLite", "SXF", "Selafin", "TopoJSON", "VDV", "VFK",
    "VICAR", "WAsP", "WFS", "XLSX", "VRT",
})

_learned: set[str] = set()
_log = logging.getLogger(__name__)  # the child's stderr on a crash, for operators (never users)
REPO_ROOT = Path(__file__).resolve().parent.parent
RESULT_NAME = "result.json"
FRAME_NAME = "frame.feather"
TEST_HOOK_ENV = "ZQ_INGEST_TEST_HOOK"  # hidden test hook: "hang" | "alloc" | "crash"


def skip_list() -> str:
    """The GDAL_SKIP value: every known or learned driver except the allow-list."""
    return ",".join(sorted((KNOWN_DRIVERS | _learned) - ALLOWED_DRIVERS))


def child_env() -> dict[str, str]:
    """Environment of the parsing child: driver allow-list, no network, no plugins."""
    env = dict(os.environ)
    path = env.get("PYTHONPATH", "")
    env.update({
        "GDAL_SKIP": skip_list(),
        "OGR_SKIP": skip_list(),
        "GDAL_DRIVER_PATH": "disable",  # no plugin drivers
        "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".zq-no-network",  # /vsicurl/ finds nothing
        "GDAL_HTTP_TIMEOUT": "1",
        "PROJ_NETWORK": "OFF",
        "ARROW_DEFAULT_MEMORY_POOL": "system",  # mimalloc reserves ~1 GB of address space
        "MALLOC_ARENA_MAX": "2",  # glibc: 64 MB of address space per thread arena otherwise
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": os.pathsep.join(p for p in (str(REPO_ROOT), path) if p),
    })
    return env


def _timeout_error(timeout_s: float) -> ReaderFailedError:
    return ReaderFailedError.with_kind(
        "timeout",
        f"读取文件超过 {timeout_s:g} 秒，已中止（文件可能损坏或过于复杂）",
        f"Reading the file took longer than {timeout_s:g} s and was stopped (the file may be "
        "damaged or too complex)",
    )


def _crash_error(returncode: int) -> ReaderFailedError:
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = str(-returncode)
        how_zh, how_en = f"被信号 {name} 终止", f"was killed by signal {name}"
    else:
        how_zh, how_en = f"异常退出（代码 {returncode}）", f"exited with code {returncode}"
    return ReaderFailedError.with_kind(
        "crash",
        f"读取程序在解析该文件时{how_zh}：文件可能已损坏或超出内存上限。服务器不受影响。",
        f"The reader {how_en} while parsing this file: the file may be damaged or need more "
        "memory than allowed. The server is not affected.",
    )


def _run_once(jobdir: Path, timeout_s: float) -> dict:
    cmd = [sys.executable, "-P", "-m", "geo._ingest_child", str(jobdir)]
    try:
        proc = subprocess.run(
            cmd, env=child_env(), cwd=jobdir, stdin=subprocess.DEVNULL,
            capture_output=True, timeout=timeout_s, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise _timeout_error(timeout_s) from exc
    out = jobdir / RESULT_NAME
    if proc.returncode != 0 or not out.is_file():
        _log.warning("ingest child exited with %s; stderr tail: %s", proc.returncode,
                     proc.stderr[-2000:].decode("utf-8", errors="replace"))
        raise _crash_error(proc.returncode or 1)
    return json.loads(out.read_text(encoding="utf-8"))


def run_child(jobdir: Path, timeout_s: float) -> dict:
    """Run the child on ``jobdir`` (holding ``job.json``); return its result state dict.

    Raises ReaderFailedError on timeout, crash, or when the driver allow-list cannot be
    enforced. A child that finds drivers outside the allow-list reports them and parses
    nothing; they are learned and the child is run once more.
    """
    for _ in range(2):
        state = _run_once(jobdir, timeout_s)
        if state.get("status") != "drivers":
            return state
        _learned.update(set(state["drivers"]) - ALLOWED_DRIVERS)
        (jobdir / RESULT_NAME).unlink()
    raise ReaderFailedError.with_kind(
        "unsafe",
        "无法限制 GDAL 驱动（安全白名单未生效），已拒绝读取",
        "The GDAL driver allow-list could not be enforced, so the file was not read",
    )
