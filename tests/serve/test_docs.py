"""Every option of ``python -m layers serve`` is documented (README or docs/scaling.md), and the
README's PostGIS section says what a bureau's database needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from layers.cli import parser

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "README.md").read_text(encoding="utf-8") + (
    ROOT / "docs" / "scaling.md").read_text(encoding="utf-8")


def _serve_options() -> list[str]:
    sub = next(a for a in parser()._actions if a.dest == "command")
    return [o for a in sub.choices["serve"]._actions for o in a.option_strings if o.startswith("--")
            and o != "--help"]


@pytest.mark.parametrize("option", _serve_options())
def test_serve_option_documented(option):
    assert option in DOCS


@pytest.mark.parametrize("needed", ["CREATE EXTENSION postgis", "max_connections", "pg_dump",
                                    "pg_hba.conf", "No superuser", "migrations", "nginx-light",
                                    "bash scripts/dev.sh cluster 2", "docs/scaling.md"])
def test_readme_says_what_a_bureau_needs(needed):
    assert needed in (ROOT / "README.md").read_text(encoding="utf-8")
