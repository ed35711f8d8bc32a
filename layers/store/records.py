"""The records and errors of the workspace store (:mod:`layers.store.base`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from shapely.geometry.base import BaseGeometry

ROLES = ("viewer", "editor", "admin")
_RANK = {r: i for i, r in enumerate(ROLES)}


# -- errors (one line each; a user sees ``message(lang)``) -------------------------------------
class StoreError(Exception):
    """A store refused or failed an operation; carries a zh and an en message for the user."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en

    def message(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class ForbiddenError(StoreError):
    """The actor's role does not allow this operation."""


class NotFoundError(StoreError):
    """No such layer, feature, document, account or audit entry."""


class ConflictError(StoreError):
    """Optimistic versioning: someone else saved this feature since it was read.

    ``current`` is the feature as it is now (None when it was deleted); ``by`` and ``at`` say who
    changed it and when.
    """

    def __init__(self, zh: str, en: str, current: FeatureRow | None):
        super().__init__(zh, en)
        self.current = current


class UnavailableError(StoreError):
    """The database cannot be reached (down, network, credentials); retry later."""


# -- records --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Actor:
    """Who acts: an account name and its role (``ROLES``)."""

    name: str
    role: str

    def can(self, role: str) -> bool:
        """True when this actor's role is ``role`` or above."""
        return _RANK.get(self.role, -1) >= _RANK[role]


#: The single local user of an app with no accounts defined (bound to localhost).
LOCAL = Actor("local", "admin")
#: The command line acts as this user unless ``--as NAME`` is given.
CLI = Actor("cli", "admin")
#: Bundled starting data written by the app itself (e.g. the register's first projects).
SYSTEM = Actor("system", "editor")


@dataclass(frozen=True)
class FeatureRow:
    """One feature of an editable layer: id, version (starts at 1, +1 per save), attributes."""

    layer: str
    fid: int
    version: int
    props: dict
    geom: BaseGeometry | None  # EPSG:4326; None = not (yet) located
    updated_by: str = ""
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class AuditEntry:
    """One line of the trail: who did what when, with the state before and after.

    ``action`` is one of ACTIONS. ``before``/``after`` are JSON data; a feature's state is
    ``{"props": {...}, "geom": <GeoJSON geometry or None>, "version": n}``; a layer's is its
    declaration and feature count (its rows are kept for restore, not copied into the trail).
    """

    id: int
    at: dt.datetime
    actor: str
    action: str
    layer: str | None = None
    fid: int | None = None
    key: str | None = None  # document key or account name
    before: dict | None = None
    after: dict | None = None


ACTIONS = ("layer.import", "layer.remove", "layer.restore",
           "feature.insert", "feature.update", "feature.delete", "feature.restore",
           "doc.put", "doc.delete", "doc.restore",
           "account.add", "account.remove", "account.passwd", "account.role")


@dataclass(frozen=True)
class Account:
    """A sign-in account; ``pw_hash`` is an argon2id hash (never the password)."""

    name: str
    role: str
    pw_hash: str
    created_at: dt.datetime | None = None


@dataclass
class Progress:
    """Callbacks an import reports to (phase name, done, total); all optional."""

    phase: Callable[[str], None] = field(default=lambda _name: None)
    step: Callable[[int, int], None] = field(default=lambda _done, _total: None)
