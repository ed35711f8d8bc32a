"""What both engines share: the store's semantics written once, over a small SQL dialect.

:class:`SqlStore` implements documents, the layer registry, the trail, accounts and sessions
(here) and editable features and restore (:mod:`layers.store.sql_features`) with SQL that runs
unchanged on SQLite and PostgreSQL (``%s`` placeholders, every value bound). An engine supplies
the transactions (``_tx``: one write transaction, ``_read``: a read), the few spellings that
differ (geometry, time and JSON parameters) and the imported layers' data.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import AbstractContextManager
from typing import Protocol

from layers.spec import LayerSpec, spec_from_dict
from layers.store import IMPORT_META_PREFIX
from layers.store.base import Account, Actor, AuditEntry, NotFoundError, Store
from layers.store.sql_features import FeaturesMixin
from layers.store.values import spec_to_dict, utcnow

_ENTRY_COLS = "id, at, actor, action, layer, fid, key, before, after"


class Cursor(Protocol):
    """What ``_tx``/``_read`` yield: ``execute(sql, params)`` with ``%s`` placeholders."""

    def execute(self, sql: str, params: tuple = ()) -> Cursor: ...
    def fetchone(self) -> tuple | None: ...
    def fetchall(self) -> list[tuple]: ...


class SqlStore(FeaturesMixin, Store):
    """The shared implementation; engines fill in the hooks below."""

    #: SQL for a geometry parameter (WKB bytes or NULL) and for reading one back as WKB
    GEOM_IN = "%s"
    GEOM_OUT = "geom"

    # -- engine hooks -------------------------------------------------------------------------
    def _tx(self) -> AbstractContextManager[Cursor]:
        """One write transaction (serialized with other writers); rolled back on error."""
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Cursor]:
        """A read-only use of the store."""
        raise NotImplementedError

    def _ts(self, when: dt.datetime) -> object:
        """A time as a parameter."""
        return when

    def _dt(self, value: object) -> dt.datetime | None:
        """A stored time back as an aware datetime."""
        if value is None or isinstance(value, dt.datetime):
            return value
        return dt.datetime.fromisoformat(str(value))

    def _js(self, value: object) -> object:
        """A JSON value as a parameter."""
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def _unjs(self, value: object) -> object:
        """A stored JSON value back as Python data."""
        return json.loads(value) if isinstance(value, str | bytes) else value

    def _lock(self, cur: Cursor, name: str) -> None:  # noqa: ARG002 (engines that need it)
        """Serialize writers of ``name`` until the transaction ends (SQLite: BEGIN IMMEDIATE
        already serializes every writer)."""
        return None

    def _stored_spec(self, spec: dict) -> LayerSpec:
        """The declaration of a stored layer as callers see it (where its data is)."""
        return spec_from_dict({**spec, "gpkg_layer": f"ws_{spec['id']}"})

    # -- the trail ----------------------------------------------------------------------------
    def _entry(self, cur: Cursor, actor: Actor, action: str, *, layer: str | None = None,
               fid: int | None = None, key: str | None = None, before: object = None,
               after: object = None) -> int:
        """Append one trail entry in the caller's transaction; returns its id."""
        row = cur.execute(
            "INSERT INTO zq_audit (at, actor, action, layer, fid, key, before, after) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            (self._ts(utcnow()), actor.name, action, layer, fid, key, self._js(before),
             self._js(after))).fetchone()
        return int(row[0])

    def _audit_row(self, r: tuple) -> AuditEntry:
        return AuditEntry(id=int(r[0]), at=self._dt(r[1]), actor=r[2], action=r[3], layer=r[4],
                          fid=r[5], key=r[6], before=self._unjs(r[7]), after=self._unjs(r[8]))

    def audit(self, *, since: dt.datetime | None = None, layer: str | None = None,
              fid: int | None = None, limit: int | None = None,
              who: str | None = None) -> list[AuditEntry]:
        """Trail entries, oldest first; with ``limit``, the newest ``limit`` of them."""
        where, params = ["1 = 1"], []
        for cond, value in (("at >= %s", since), ("layer = %s", layer), ("fid = %s", fid),
                            ("actor = %s", who)):
            if value is not None:
                where.append(cond)
                params.append(self._ts(value) if cond.startswith("at") else value)
        sql = f"SELECT {_ENTRY_COLS} FROM zq_audit WHERE {' AND '.join(where)} ORDER BY id DESC"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(int(limit))
        with self._read() as cur:
            rows = cur.execute(sql, tuple(params)).fetchall()
        return [self._audit_row(r) for r in reversed(rows)]

    def _get_entry(self, cur: Cursor, entry_id: int) -> AuditEntry:
        row = cur.execute(f"SELECT {_ENTRY_COLS} FROM zq_audit WHERE id = %s",
                          (int(entry_id),)).fetchone()
        if row is None:
            raise NotFoundError(f"留痕中没有第 {entry_id} 条记录", f"No trail entry {entry_id}")
        return self._audit_row(row)

    # -- documents ----------------------------------------------------------------------------
    def _doc(self, cur: Cursor, key: str) -> object:
        row = cur.execute("SELECT value FROM zq_meta WHERE key = %s", (key,)).fetchone()
        return None if row is None else self._unjs(row[0])

    def get(self, key: str, default: object = None) -> object:
        with self._read() as cur:
            value = self._doc(cur, key)
        return default if value is None else value

    def keys(self, prefix: str = "") -> list[str]:
        with self._read() as cur:
            rows = cur.execute("SELECT key FROM zq_meta ORDER BY key").fetchall()
        return [r[0] for r in rows if r[0].startswith(prefix) and r[0] != "zq_created"]

    def _write_doc(self, cur: Cursor, key: str, value: object) -> None:
        cur.execute("DELETE FROM zq_meta WHERE key = %s", (key,))
        if value is not None:
            cur.execute("INSERT INTO zq_meta (key, value) VALUES (%s, %s)", (key, self._js(value)))

    def _put(self, key: str, value: object, actor: Actor) -> None:
        with self._tx() as cur:
            before = self._doc(cur, key)
            self._write_doc(cur, key, value)
            self._fault_after_change("doc.put")
            self._entry(cur, actor, "doc.put", key=key, before=before, after=value)

    def _delete(self, key: str, actor: Actor) -> None:
        with self._tx() as cur:
            before = self._doc(cur, key)
            if before is None:
                return
            self._write_doc(cur, key, None)
            self._fault_after_change("doc.delete")
            self._entry(cur, actor, "doc.delete", key=key, before=before)

    # -- the layer registry -------------------------------------------------------------------
    def layer_specs(self) -> list[LayerSpec]:
        with self._read() as cur:
            rows = cur.execute("SELECT spec FROM zq_layers WHERE removed = %s ORDER BY seq",
                               (False,)).fetchall()
        return [self._stored_spec(self._unjs(r[0])) for r in rows]

    def _layer_row(self, cur: Cursor, layer_id: str) -> tuple[dict, bool]:
        row = cur.execute("SELECT spec, removed FROM zq_layers WHERE id = %s",
                          (layer_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"工作区中没有图层 {layer_id}", f"No workspace layer {layer_id}")
        return self._unjs(row[0]), bool(row[1])

    def _live_layer(self, layer_id: str) -> dict:
        """The stored declaration of a live layer; NotFoundError when missing or removed."""
        with self._read() as cur:
            spec, removed = self._layer_row(cur, layer_id)
        if removed:
            raise NotFoundError(f"图层 {layer_id} 已移除", f"Layer {layer_id} was removed")
        return spec

    def _register_layer(self, cur: Cursor, spec: LayerSpec, count: int, actor: Actor,
                        meta: dict) -> None:
        """Register a layer whose data the caller wrote, with its import record (``meta``, as the
        document ``import_meta:<id>``) and its trail entry, in the caller's transaction."""
        d = spec_to_dict(spec)
        d.pop("gpkg_layer", None)
        cur.execute("INSERT INTO zq_layers (id, spec) VALUES (%s, %s)", (spec.id, self._js(d)))
        if meta:
            self._write_doc(cur, IMPORT_META_PREFIX + spec.id, meta)
        self._fault_after_change("layer.import")
        self._entry(cur, actor, "layer.import", layer=spec.id,
                    after={"spec": d, "features": count, "meta": meta})

    def _set_removed(self, cur: Cursor, layer_id: str, removed: bool, actor: Actor,
                     action: str, from_entry: int | None = None) -> None:
        spec, was = self._layer_row(cur, layer_id)
        if was == removed:
            raise NotFoundError(f"图层 {layer_id} 已{'移除' if removed else '在工作区中'}",
                                f"Layer {layer_id} is already {'removed' if removed else 'live'}")
        cur.execute("UPDATE zq_layers SET removed = %s WHERE id = %s", (removed, layer_id))
        self._fault_after_change(action)
        state = {"spec": spec, "features": self._count_in(cur, layer_id)}
        self._entry(cur, actor, action, layer=layer_id, before=state if removed else None,
                    after=None if removed else {**state, "from_entry": from_entry})

    def _count_in(self, cur: Cursor, layer_id: str) -> int:
        """Feature count of a stored layer inside a transaction (engine)."""
        raise NotImplementedError

    def _remove_layer(self, layer_id: str, actor: Actor) -> None:
        with self._tx() as cur:
            self._set_removed(cur, layer_id, True, actor, "layer.remove")

    # -- accounts and sessions ----------------------------------------------------------------
    def accounts(self) -> list[Account]:
        with self._read() as cur:
            rows = cur.execute("SELECT name, role, pw_hash, created_at FROM zq_accounts "
                               "ORDER BY name").fetchall()
        return [Account(r[0], r[1], r[2], self._dt(r[3])) for r in rows]

    def account(self, name: str) -> Account | None:
        with self._read() as cur:
            return self._account_in(cur, name)

    def _account_in(self, cur: Cursor, name: str) -> Account | None:
        r = cur.execute("SELECT name, role, pw_hash, created_at FROM zq_accounts WHERE name = %s",
                        (name,)).fetchone()
        return None if r is None else Account(r[0], r[1], r[2], self._dt(r[3]))

    def _put_account(self, account: Account, actor: Actor, action: str) -> None:
        with self._tx() as cur:
            old = self._account_in(cur, account.name)
            created = (old.created_at if old else None) or account.created_at or utcnow()
            cur.execute("DELETE FROM zq_accounts WHERE name = %s", (account.name,))
            cur.execute("INSERT INTO zq_accounts (name, role, pw_hash, created_at) VALUES "
                        "(%s, %s, %s, %s)", (account.name, account.role, account.pw_hash,
                                             self._ts(created)))
            self._fault_after_change(action)
            self._entry(cur, actor, action, key=account.name,  # never the hash
                        before={"name": old.name, "role": old.role} if old else None,
                        after={"name": account.name, "role": account.role})

    def _remove_account(self, name: str, actor: Actor) -> None:
        with self._tx() as cur:
            old = self._account_in(cur, name)
            if old is None:
                raise NotFoundError(f"没有账户 {name}", f"No account {name}")
            cur.execute("DELETE FROM zq_sessions WHERE name = %s", (name,))
            cur.execute("DELETE FROM zq_accounts WHERE name = %s", (name,))
            self._fault_after_change("account.remove")
            self._entry(cur, actor, "account.remove", key=name,
                        before={"name": old.name, "role": old.role})

    def note_signin(self, name: str, ok: bool, at: dt.datetime) -> None:
        with self._tx() as cur:
            cur.execute("INSERT INTO zq_signins (name, ok, at) VALUES (%s, %s, %s)",
                        (name, bool(ok), self._ts(at)))

    def failures_since(self, name: str, since: dt.datetime) -> int:
        with self._read() as cur:
            row = cur.execute("SELECT count(*) FROM zq_signins WHERE name = %s AND ok = %s "
                              "AND at >= %s", (name, False, self._ts(since))).fetchone()
        return int(row[0])

    def open_session(self, name: str, token_hash: str, expires: dt.datetime) -> None:
        with self._tx() as cur:
            cur.execute("DELETE FROM zq_sessions WHERE token_hash = %s", (token_hash,))
            cur.execute("INSERT INTO zq_sessions (token_hash, name, expires) VALUES (%s, %s, %s)",
                        (token_hash, name, self._ts(expires)))

    def session_account(self, token_hash: str, now: dt.datetime) -> Account | None:
        with self._read() as cur:
            row = cur.execute("SELECT name FROM zq_sessions WHERE token_hash = %s AND "
                              "expires > %s", (token_hash, self._ts(now))).fetchone()
            return None if row is None else self._account_in(cur, row[0])

    def close_session(self, token_hash: str) -> None:
        with self._tx() as cur:
            cur.execute("DELETE FROM zq_sessions WHERE token_hash = %s", (token_hash,))

