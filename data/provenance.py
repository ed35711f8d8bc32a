"""Where each attribute value of the bundled layers comes from (written to ``provenance.csv``).

Bases (data/README.md, "Provenance"): ``article`` (the plan's words), ``source`` (words the
reference records for a cited source), ``name``, ``reference`` (the researcher's stated ±),
``measured`` (data/measure_boundary.py), ``computed`` (from a geometry that is not schematic).
``tests/test_data_labels.py`` checks every value against its table of allowed bases.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# (layer, id, field, value, basis, evidence, ref), one row per attribute value.
PROVENANCE: list[dict] = []
PLAN_FIELDS = ("kind", "action", "cluster", "status", "plan_year")


def cite(layer: str, fid: str, field: str, value, basis: str, evidence: str, ref: str = "") -> None:
    """Record the basis of one attribute value (see data/README.md, "Provenance")."""
    PROVENANCE.append(dict(layer=layer, id=fid, field=field, value=value, basis=basis,
                           evidence=evidence, ref=ref))


def cite_entry(layer: str, rec: dict, cites: dict, ref: str) -> None:
    """The bases of a feature's non-empty plan and numeric attributes: ``cites`` where given,
    else the plan's own words (``plan_quote``) for the plan attributes."""
    for field, value in rec.items():
        if field == "geometry" or value is None or value is pd.NA or (
                isinstance(value, float) and np.isnan(value)) or value == "":
            continue
        if field in cites:
            basis, evidence = cites[field]
        elif field in PLAN_FIELDS and rec.get("plan_quote"):
            basis, evidence = "article", rec["plan_quote"]
        elif field in PLAN_FIELDS or isinstance(value, int | float) and not isinstance(value, bool):
            basis, evidence = "", ""  # no basis: the test fails on it
        else:
            continue
        cite(layer, rec["id"], field, value, basis, evidence, ref)
