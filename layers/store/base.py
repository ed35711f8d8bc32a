"""What a workspace store is: one interface, two engines (GeoPackage, PostGIS).

A store holds the whole workspace: imported layers, JSON documents (scenes …), editable feature
layers (the project register), accounts and sign-in sessions, and the audit trail (留痕).

The public methods of :class:`Store` are the only way in. They check the actor's role first
(server side: a forged request from a viewer's session is refused here, whatever the page
offered), then call the engine's ``_``-methods. Every engine method that changes something writes
its audit entry **in the same transaction** as the change, so a change without its trail entry
cannot exist; ``_fault_after_change`` is the seam the tests use to inject a failure between the
change and its entry.

Geometries cross this interface in EPSG:4326 (shapely). Times are timezone-aware UTC.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from layers.spec import LayerSpec
from layers.store.records import (  # noqa: F401 (the interface's records, re-exported)
    ACTIONS,
    CLI,
    LOCAL,
    ROLES,
    SYSTEM,
    Account,
    Actor,
    AuditEntry,
    ConflictError,
    FeatureRow,
    ForbiddenError,
    NotFoundError,
    Progress,
    StoreError,
    UnavailableError,
)


def _require(actor: Actor, role: str) -> None:
    if not actor.can(role):
        raise ForbiddenError(f"{actor.name}（{actor.role}）无权执行此操作（需要 {role}）",
                        f"{actor.name} ({actor.role}) may not do this (needs {role})")


class Store(ABC):
    """The workspace store. Engines implement the ``_``-methods; callers use the public ones."""

    #: "gpkg" or "postgis"
    kind: str = ""
    #: the local folder beside the store (``ZQ_WORKSPACE``): tile caches, exports, originals
    root: Path

    @abstractmethod
    def describe(self) -> str:
        """Where the workspace lives, for people (a path, or host/db with no password)."""

    @abstractmethod
    def ping(self) -> None:
        """Raise :class:`UnavailableError` when the store cannot be reached."""

    # -- documents: small JSON values by key (scenes, import metadata) ----------------------
    @abstractmethod
    def get(self, key: str, default: object = None) -> object: ...

    @abstractmethod
    def keys(self, prefix: str = "") -> list[str]: ...

    def put(self, key: str, value: object, *, actor: Actor) -> None:
        """Store a JSON document (editor); recorded as ``doc.put`` with before/after."""
        _require(actor, "editor")
        self._put(key, value, actor)

    def delete(self, key: str, *, actor: Actor) -> None:
        """Delete a document (editor); recorded as ``doc.delete``."""
        _require(actor, "editor")
        self._delete(key, actor)

    # -- imported layers (read-mostly, possibly 10^6 features) --------------------------------
    @abstractmethod
    def layer_specs(self) -> list[LayerSpec]:
        """Declarations of the imported layers, in import order."""

    @abstractmethod
    def read_layer(self, layer_id: str, columns: Iterable[str] | None = None) -> gpd.GeoDataFrame:
        """The layer's features (EPSG:4326), in a stable order (row i = feature id i)."""

    @abstractmethod
    def count(self, layer_id: str) -> int:
        """Number of features of an imported layer (without reading it)."""

    def add_layer(self, spec: LayerSpec, gdf: gpd.GeoDataFrame, *, actor: Actor,
                  meta: dict | None = None, progress: Progress | None = None) -> LayerSpec:
        """Store ``gdf`` as layer ``spec.id`` (editor): all or nothing, recorded as
        ``layer.import``. ``meta`` (files, checksums, date) is kept with it."""
        _require(actor, "editor")
        return self._add_layer(spec, gdf, actor, meta or {}, progress or Progress())

    def remove_layer(self, layer_id: str, *, actor: Actor) -> None:
        """Remove a layer (admin); its rows are kept so that ``restore`` can bring it back."""
        _require(actor, "admin")
        self._remove_layer(layer_id, actor)

    # -- editable feature layers (the project register) ---------------------------------------
    @abstractmethod
    def features(self, layer: str) -> list[FeatureRow]:
        """The live features of an editable layer, by fid."""

    @abstractmethod
    def feature(self, layer: str, fid: int) -> FeatureRow | None: ...

    def insert_feature(self, layer: str, props: dict, geom: BaseGeometry | None, *,
                       actor: Actor) -> FeatureRow:
        """Add a feature (editor); version 1; recorded as ``feature.insert``."""
        _require(actor, "editor")
        return self._insert_feature(layer, props, geom, actor)

    def update_feature(self, layer: str, fid: int, props: dict, geom: BaseGeometry | None, *,
                       version: int, actor: Actor) -> FeatureRow:
        """Save a feature read at ``version`` (editor). Raises :class:`ConflictError` when it was
        saved or deleted since; never overwrites silently."""
        _require(actor, "editor")
        return self._update_feature(layer, fid, props, geom, version, actor)

    def delete_feature(self, layer: str, fid: int, *, version: int, actor: Actor) -> None:
        """Delete a feature read at ``version`` (editor); :class:`ConflictError` as for update."""
        _require(actor, "editor")
        self._delete_feature(layer, fid, version, actor)

    def replace_features(self, layer: str, rows: list[tuple[dict, BaseGeometry | None]], *,
                         actor: Actor) -> list[FeatureRow]:
        """Insert many features in one transaction (editor): all or none (spreadsheet import)."""
        _require(actor, "editor")
        return self._insert_many(layer, rows, actor)

    def seed_features(self, layer: str, rows: list[tuple[dict, BaseGeometry | None]], *,
                      actor: Actor) -> bool:
        """Insert ``rows`` iff ``layer`` has never had a feature (no trail entry names it), in one
        transaction that only one process wins (bundled starting data, e.g. the register's first
        projects). Returns True when this call seeded. Each row is recorded as ``feature.insert``."""
        _require(actor, "editor")
        return self._seed(layer, rows, actor)

    # -- the audit trail ------------------------------------------------------------------------
    @abstractmethod
    def audit(self, *, since: dt.datetime | None = None, layer: str | None = None,
              fid: int | None = None, limit: int | None = None,
              who: str | None = None) -> list[AuditEntry]:
        """Trail entries, oldest first, optionally for one layer, one feature or one actor."""

    def restore(self, entry_id: int, *, actor: Actor, version: int | None = None) -> AuditEntry:
        """Bring back the state recorded *before* entry ``entry_id``, as a new change that is
        itself recorded (``feature.restore``, ``layer.restore``, ``doc.restore``; the entry's
        ``after`` names ``from_entry``). Editor; admin for a layer. The trail is never rewritten.

        The rules (anything else raises :class:`StoreError` with a zh/en message):

        * ``feature.update`` / ``feature.restore`` (an earlier version): the feature must be live;
          it gets that state as a NEW version (version 2 restored over version 4 is version 5).
        * ``feature.delete`` (a deleted feature): the feature must be deleted now (fids are never
          reused, so its id is still its own); it comes back as a new version.
        * ``version``: the feature's version the caller saw as current. When given and the feature
          was saved, deleted or restored since, :class:`ConflictError` (with the feature as it is
          now): a restore never silently overwrites a change the caller has not seen. Without it
          (the command line), the current state is replaced, and kept as the restore's ``before``.
        * ``layer.remove`` (a removed layer, admin): the layer must still be removed; its rows
          were kept, so it comes back whole, in its import order.
        * ``doc.put`` / ``doc.delete`` (a scene list, a document): the document gets the value it
          had before; the value it replaces is the restore's ``before``.
        * ``layer.import``, ``feature.insert`` and account entries have no earlier state to bring
          back (an account's password hash is never in the trail).
        """
        _require(actor, "editor")
        return self._restore(entry_id, actor, version)

    # -- accounts and sign-in sessions --------------------------------------------------------
    @abstractmethod
    def accounts(self) -> list[Account]: ...

    @abstractmethod
    def account(self, name: str) -> Account | None: ...

    def put_account(self, account: Account, *, actor: Actor, action: str) -> None:
        """Add or change an account (admin); ``action`` is account.add/.passwd/.role.
        The trail records the change but never a password hash."""
        _require(actor, "admin")
        self._put_account(account, actor, action)

    def remove_account(self, name: str, *, actor: Actor) -> None:
        _require(actor, "admin")
        self._remove_account(name, actor)

    @abstractmethod
    def note_signin(self, name: str, ok: bool, at: dt.datetime) -> None:
        """Record a sign-in attempt (for rate limiting across processes); ``name`` need not be an
        account (a guessed name is limited like a real one)."""

    @abstractmethod
    def failures_since(self, name: str, since: dt.datetime) -> int:
        """Failed sign-in attempts for ``name`` since ``since``."""

    @abstractmethod
    def open_session(self, name: str, token_hash: str, expires: dt.datetime) -> None:
        """Open a session of account ``name``, or, when ``token_hash`` is already open, move its
        expiry to ``expires`` (an upsert: this is how the idle expiry is extended)."""

    @abstractmethod
    def session_account(self, token_hash: str, now: dt.datetime) -> Account | None:
        """The account (as it is now: current role and hash) of an unexpired session, or None;
        None too once the account is removed."""

    @abstractmethod
    def close_session(self, token_hash: str) -> None: ...

    # -- engine hooks ----------------------------------------------------------------------------
    def _fault_after_change(self, action: str) -> None:  # noqa: ARG002 (a seam for tests)
        """Called by engines between a change and its trail entry; tests make it raise."""
        return None

    @abstractmethod
    def _put(self, key: str, value: object, actor: Actor) -> None: ...

    @abstractmethod
    def _delete(self, key: str, actor: Actor) -> None: ...

    @abstractmethod
    def _add_layer(self, spec: LayerSpec, gdf: gpd.GeoDataFrame, actor: Actor, meta: dict,
                   progress: Progress) -> LayerSpec: ...

    @abstractmethod
    def _remove_layer(self, layer_id: str, actor: Actor) -> None: ...

    @abstractmethod
    def _insert_feature(self, layer: str, props: dict, geom: BaseGeometry | None,
                        actor: Actor) -> FeatureRow: ...

    @abstractmethod
    def _update_feature(self, layer: str, fid: int, props: dict, geom: BaseGeometry | None,
                        version: int, actor: Actor) -> FeatureRow: ...

    @abstractmethod
    def _delete_feature(self, layer: str, fid: int, version: int, actor: Actor) -> None: ...

    @abstractmethod
    def _insert_many(self, layer: str, rows: list[tuple[dict, BaseGeometry | None]],
                     actor: Actor) -> list[FeatureRow]: ...

    @abstractmethod
    def _seed(self, layer: str, rows: list[tuple[dict, BaseGeometry | None]],
              actor: Actor) -> bool: ...

    @abstractmethod
    def _restore(self, entry_id: int, actor: Actor, version: int | None) -> AuditEntry: ...

    @abstractmethod
    def _put_account(self, account: Account, actor: Actor, action: str) -> None: ...

    @abstractmethod
    def _remove_account(self, name: str, actor: Actor) -> None: ...
