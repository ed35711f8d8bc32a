"""Versioned schema migrations: numbered SQL files per engine (``gpkg/``, ``postgis/``).

``NNN_name.sql`` is applied once, in number order, by the app itself when it opens a store; the
store's ``zq_schema`` table holds the version reached. Never edit a released file: add the next.
"""

from __future__ import annotations

import re
from pathlib import Path

_DIR = Path(__file__).resolve().parent
_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def steps(engine: str) -> list[tuple[int, str]]:
    """(version, SQL text) of every migration of ``engine`` ("gpkg" or "postgis"), in order."""
    found = []
    for path in (_DIR / engine).iterdir():
        m = _NAME.match(path.name)
        if m:
            found.append((int(m.group(1)), path.read_text(encoding="utf-8")))
    found.sort()
    if [n for n, _ in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations/{engine}: numbers must run 001, 002, … without gaps")
    return found


def pending(engine: str, current: int) -> list[tuple[int, str]]:
    """The migrations of ``engine`` after version ``current``."""
    return [(n, text) for n, text in steps(engine) if n > current]
