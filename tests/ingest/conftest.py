"""Helpers: run the ingest pipeline in-process (fast) or through the sandboxed child (real)."""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict
from pathlib import Path

import pytest

from geo._ingest_pipeline import run_job
from geo.ingest import Limits, _stage

FAST = Limits(timeout_s=30)


def inline(path: Path, *, encoding=None, crs=None, swap_xy=False, limits: Limits = FAST):
    """(IngestResult, frame) from the pipeline run in THIS process: same code as the child,
    without the process boundary (used where the sandbox itself is not under test)."""
    with tempfile.TemporaryDirectory(prefix="zq-test-job-") as tmp:
        jobdir = Path(tmp)
        ext = _stage(path, jobdir, limits)
        job = {"input": f"input{ext}", "ext": ext, "encoding": encoding, "crs": crs,
               "swap_xy": swap_xy, "want_frame": True, "limits": asdict(limits)}
        result, frame = run_job(jobdir, job)
    json.dumps(result.to_json_dict("en"), allow_nan=False)  # always JSON-safe
    json.dumps(result.to_json_dict("zh"), allow_nan=False)
    return result, frame


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    """A fresh folder for one test's corpus files."""
    return tmp_path
