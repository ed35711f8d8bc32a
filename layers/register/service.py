"""The register's store callers: every change goes through :func:`layers.register.validate.check`
first, then through the store's public methods (which check the actor's role and write the
trail). Seeding puts the projects the bundled data knows (data/projects.geojson) into an empty
register, once, as the system user.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry.base import BaseGeometry

from layers.register.fields import COLUMNS, LAYER
from layers.register.validate import Checked, Problem, check
from layers.spec import DATA_DIR
from layers.store.base import SYSTEM, Actor, FeatureRow, Store, StoreError

SEED_FILE = "projects.geojson"


class InvalidProjectError(StoreError):
    """A project failed the register's validation; ``problems`` lists every reason."""

    def __init__(self, problems: tuple[Problem, ...] | list[Problem]):
        self.problems = tuple(problems)
        super().__init__("；".join(p.message("zh") for p in self.problems),
                         "; ".join(p.message("en") for p in self.problems))


def plain(value: object) -> object:
    """A JSON-safe Python value: numpy scalars unwrapped, NaN and NA as None."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _checked(raw: dict, geom: BaseGeometry | None) -> Checked:
    checked = check(raw, geom)
    if not checked.ok:
        raise InvalidProjectError(checked.problems)
    return checked


def seed_rows() -> list[tuple[dict, BaseGeometry | None]]:
    """The bundled projects (data/projects.geojson) as register rows: every attribute the data
    has (sources, accuracy, notes, quotes), the register's other columns empty. Raises
    InvalidProjectError when a bundled project fails validation (a bug in data/)."""
    gdf = gpd.read_file(DATA_DIR / SEED_FILE)
    rows = []
    for _, rec in gdf.iterrows():
        raw = {k: plain(v) for k, v in rec.items() if k != "geometry"}
        for col in COLUMNS:
            raw.setdefault(col.name, None)
        checked = _checked(raw, rec.geometry)
        rows.append((checked.props, checked.geom))
    return rows


def ensure_seeded(store: Store) -> bool:
    """Seed the register with the bundled projects when it has never held a feature (one
    process wins; the others see it seeded). True when this call seeded."""
    return store.seed_features(LAYER, seed_rows(), actor=SYSTEM)


def add(store: Store, raw: dict, geom: BaseGeometry | None, *, actor: Actor) -> FeatureRow:
    """Validate and add a project (editor). Raises InvalidProjectError, ForbiddenError."""
    checked = _checked(raw, geom)
    return store.insert_feature(LAYER, checked.props, checked.geom, actor=actor)


def save(store: Store, fid: int, raw: dict, geom: BaseGeometry | None, *, version: int,
         actor: Actor) -> FeatureRow:
    """Validate and save project ``fid`` as read at ``version`` (editor). ``raw`` is merged over
    the stored attributes (keys the form does not edit, e.g. notes, are kept). Raises
    InvalidProjectError, ConflictError (someone saved since), NotFoundError, ForbiddenError."""
    current = store.feature(LAYER, fid)
    merged = {**(current.props if current else {}), **raw}
    checked = _checked(merged, geom)
    return store.update_feature(LAYER, fid, checked.props, checked.geom, version=version, actor=actor)


def remove(store: Store, fid: int, *, version: int, actor: Actor) -> None:
    """Delete project ``fid`` as read at ``version`` (editor); restorable from the trail."""
    store.delete_feature(LAYER, fid, version=version, actor=actor)


def import_rows(store: Store, rows: list[tuple[dict, BaseGeometry | None]], *,
                actor: Actor) -> list[FeatureRow]:
    """Add many validated rows in one transaction (all or none)."""
    return store.replace_features(LAYER, rows, actor=actor)


def projects(store: Store) -> list[FeatureRow]:
    """The register's projects, by fid (seeding an empty register first)."""
    ensure_seeded(store)
    return sorted(store.features(LAYER), key=lambda r: r.fid)
