"""Child side of the sandbox: ``python -P -m geo._ingest_child JOBDIR`` parses one staged file.

Started by ``geo._ingest_spawn`` with ``GDAL_SKIP`` already in its environment. Order matters:
rlimits on CPU and core files first, then imports (pyogrio registers GDAL drivers now, honouring
``GDAL_SKIP``), then a check that only allowed drivers exist (else report them and stop), then
the address-space limit (interpreter + libraries + ``memory_mb``), then parsing. Output:
``result.json`` (IngestResult state) and, when asked, ``frame.feather`` (Arrow IPC with WKB
geometry: data only, never pickle). Hidden test hook: env ``ZQ_INGEST_TEST_HOOK`` = "hang",
"alloc" or "crash" makes the child misbehave on purpose so tests can prove the parent copes.
"""

from __future__ import annotations

import json
import math
import os
import resource
import signal
import sys
import time
from pathlib import Path

from geo._ingest_spawn import ALLOWED_DRIVERS, FRAME_NAME, RESULT_NAME, TEST_HOOK_ENV
from geo.errors import GeoError
from geo.ingest_result import IngestResult

_MB = 2**20


def _vm_size_bytes() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return 0


def _limit_early(timeout_s: float) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cpu = int(timeout_s) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _limit_memory(memory_mb: int) -> None:
    """Cap the address space at what is mapped now (libraries) plus ``memory_mb``."""
    cap = _vm_size_bytes() + int(memory_mb) * _MB
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _test_hook(memory_mb: int) -> None:
    hook = os.environ.get(TEST_HOOK_ENV, "")
    if hook == "hang":
        time.sleep(3600)
    elif hook == "alloc":
        hoard = [bytearray(64 * _MB) for _ in range(memory_mb // 64 + 64)]
        del hoard
    elif hook == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)


def _finite(obj: object) -> object:
    """Replace NaN/inf floats (anywhere in lists/dicts) by None: results are strict JSON."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite(v) for v in obj]
    return obj


def _write_json(jobdir: Path, state: dict) -> None:
    state = _finite(state)
    tmp = jobdir / (RESULT_NAME + ".tmp")
    tmp.write_text(json.dumps(state, ensure_ascii=False, allow_nan=False), encoding="utf-8")
    tmp.replace(jobdir / RESULT_NAME)


def _memory_result(memory_mb: int) -> IngestResult:
    return IngestResult().fail(
        "memory",
        f"读取此文件需要的内存超过上限（{memory_mb} MB），已中止",
        f"Reading this file needs more memory than the limit ({memory_mb} MB); stopped",
    )


def _write_frame(jobdir: Path, frame, result: IngestResult) -> None:
    """Arrow IPC (Feather) with WKB geometry; a type Arrow refuses makes the file unusable."""
    try:
        frame.to_feather(jobdir / FRAME_NAME)
    except MemoryError:
        raise
    except Exception as exc:  # pyarrow raises several types for unconvertible columns
        result.fail("format", f"数据无法传回（{type(exc).__name__}: {str(exc)[:200]}）",
                    f"The data could not be handed back ({type(exc).__name__}: {str(exc)[:200]})")


def _parse(jobdir: Path, job: dict) -> None:
    from geo._ingest_pipeline import run_job

    memory_mb = int(job["limits"]["memory_mb"])
    try:
        _test_hook(memory_mb)
        result, frame = run_job(jobdir, job)
        if frame is not None and job.get("want_frame"):
            _write_frame(jobdir, frame, result)
    except MemoryError:
        result = _memory_result(memory_mb)
    except GeoError as exc:
        result = IngestResult().fail_from(exc, getattr(exc, "kind", "format"))
    except Exception as exc:  # a reader bug must still give the user a sentence, not a crash
        result = IngestResult().fail(
            "format", f"无法读取该文件：{type(exc).__name__}: {str(exc)[:300]}",
            f"The file could not be read: {type(exc).__name__}: {str(exc)[:300]}",
        )
    _write_json(jobdir, result.to_state())


def main(argv: list[str] | None = None) -> int:
    """Entry point of the child: parse the job in ``argv[0]`` (a server-made directory)."""
    jobdir = Path((argv if argv is not None else sys.argv[1:])[0])
    job = json.loads((jobdir / "job.json").read_text(encoding="utf-8"))
    _limit_early(float(job["limits"]["timeout_s"]))
    import geopandas  # noqa: F401  (import before the memory cap: libraries are not the file)
    import pyarrow.feather  # noqa: F401
    import pyogrio

    extra = set(pyogrio.list_drivers()) - ALLOWED_DRIVERS
    if extra:
        _write_json(jobdir, {"status": "drivers", "drivers": sorted(pyogrio.list_drivers())})
        return 0
    import geo._ingest_pipeline  # noqa: F401

    _limit_memory(int(job["limits"]["memory_mb"]))
    _parse(jobdir, job)
    return 0


if __name__ == "__main__":
    sys.exit(main())
