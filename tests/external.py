"""Inputs that live outside the repository (``../shared``): present locally, required in CI.

A test that needs such a file calls :func:`require`: without the file it is skipped on a
developer's machine but FAILS when the environment variable ``CI`` is set (``CI=true``, as CI
services set it), so a CI run can never pass by silently skipping the check.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PLAN_ARTICLE = SHARED / "seed" / "zhangqiu-2024-plan.txt"
PLACES_NOTES = SHARED / "reference" / "places.md"


def in_ci() -> bool:
    """True when ``CI`` is set to anything but an explicit false value."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require(path: Path, what: str) -> Path:
    """``path`` if it exists; otherwise fail under CI, skip elsewhere."""
    if path.exists():
        return path
    message = f"{what} not found at {path}"
    if in_ci():
        pytest.fail(f"{message} (CI is set: this check must run, not skip)")
    pytest.skip(message)
