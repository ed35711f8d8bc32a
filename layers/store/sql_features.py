"""Editable features and restore, shared by both engines (mixed into :class:`SqlStore`).

A feature row is never removed: a delete sets ``deleted`` and bumps the version, so fids are
never reused and a restore continues the version sequence. Every save checks the version it was
read at inside its transaction (``UPDATE … WHERE version = read``), so of two editors the second
is refused with the feature as it is now (:class:`ConflictError`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shapely.geometry.base import BaseGeometry

from layers.store.base import (
    Actor,
    AuditEntry,
    ConflictError,
    FeatureRow,
    NotFoundError,
    StoreError,
    _require,
)
from layers.store.values import from_wkb, state, state_geom, to_wkb, utcnow

if TYPE_CHECKING:
    from layers.store.sql import Cursor

Rows = list[tuple[dict, BaseGeometry | None]]


class FeaturesMixin:
    """Features, seeding and restore; uses the hooks of :class:`layers.store.sql.SqlStore`."""

    def _feature_sql(self) -> str:
        return (f"SELECT layer, fid, version, props, {self.GEOM_OUT}, deleted, updated_by, "
                "updated_at FROM zq_features")

    def _row(self, r: tuple) -> tuple[FeatureRow, bool]:
        row = FeatureRow(layer=r[0], fid=int(r[1]), version=int(r[2]), props=self._unjs(r[3]),
                         geom=from_wkb(r[4]), updated_by=r[6], updated_at=self._dt(r[7]))
        return row, bool(r[5])

    def features(self, layer: str) -> list[FeatureRow]:
        with self._read() as cur:
            rows = cur.execute(self._feature_sql() + " WHERE layer = %s AND deleted = %s "
                               "ORDER BY fid", (layer, False)).fetchall()
        return [self._row(r)[0] for r in rows]

    def _any_feature(self, cur: Cursor, layer: str, fid: int) -> tuple[FeatureRow, bool] | None:
        r = cur.execute(self._feature_sql() + " WHERE layer = %s AND fid = %s",
                        (layer, int(fid))).fetchone()
        return None if r is None else self._row(r)

    def feature(self, layer: str, fid: int) -> FeatureRow | None:
        with self._read() as cur:
            found = self._any_feature(cur, layer, fid)
        return found[0] if found and not found[1] else None

    def _add(self, cur: Cursor, layer: str, props: dict, geom: BaseGeometry | None,
             actor: Actor) -> FeatureRow:
        self._lock(cur, "features:" + layer)
        top = cur.execute("SELECT COALESCE(MAX(fid), 0) FROM zq_features WHERE layer = %s",
                          (layer,)).fetchone()[0]
        fid = int(top) + 1
        now = utcnow()
        cur.execute("INSERT INTO zq_features (layer, fid, version, props, geom, deleted, "
                    f"updated_by, updated_at) VALUES (%s, %s, 1, %s, {self.GEOM_IN}, %s, %s, %s)",
                    (layer, fid, self._js(props), to_wkb(geom), False, actor.name, self._ts(now)))
        self._fault_after_change("feature.insert")
        self._entry(cur, actor, "feature.insert", layer=layer, fid=fid,
                    after=state(props, geom, 1))
        return FeatureRow(layer, fid, 1, props, geom, actor.name, now)

    def _insert_feature(self, layer: str, props: dict, geom: BaseGeometry | None,
                        actor: Actor) -> FeatureRow:
        with self._tx() as cur:
            return self._add(cur, layer, props, geom, actor)

    def _insert_many(self, layer: str, rows: Rows, actor: Actor) -> list[FeatureRow]:
        with self._tx() as cur:
            return [self._add(cur, layer, p, g, actor) for p, g in rows]

    def _seed(self, layer: str, rows: Rows, actor: Actor) -> bool:
        with self._tx() as cur:
            self._lock(cur, "features:" + layer)
            seen = cur.execute("SELECT 1 FROM zq_audit WHERE layer = %s AND action IN (%s, %s) "
                               "LIMIT 1", (layer, "feature.insert", "feature.restore")).fetchone()
            if seen:
                return False
            for p, g in rows:
                self._add(cur, layer, p, g, actor)
            return True

    def _check(self, cur: Cursor, layer: str, fid: int, version: int) -> FeatureRow:
        """The live feature read at ``version``, or ConflictError/NotFoundError."""
        found = self._any_feature(cur, layer, fid)
        if found is None:
            raise NotFoundError(f"没有要素 {layer}/{fid}", f"No feature {layer}/{fid}")
        row, deleted = found
        if deleted or row.version != version:
            raise _conflict(None if deleted else row, row)
        return row

    def _write(self, cur: Cursor, old: FeatureRow, props: dict, geom: BaseGeometry | None,
               deleted: bool, actor: Actor) -> FeatureRow:
        """Save ``old``'s next version (the version read is checked again in the UPDATE)."""
        now = utcnow()
        cur.execute(f"UPDATE zq_features SET version = %s, props = %s, geom = {self.GEOM_IN}, "
                    "deleted = %s, updated_by = %s, updated_at = %s "
                    "WHERE layer = %s AND fid = %s AND version = %s",
                    (old.version + 1, self._js(props), to_wkb(geom), deleted, actor.name,
                     self._ts(now), old.layer, old.fid, old.version))
        return FeatureRow(old.layer, old.fid, old.version + 1, props, geom, actor.name, now)

    def _update_feature(self, layer: str, fid: int, props: dict, geom: BaseGeometry | None,
                        version: int, actor: Actor) -> FeatureRow:
        with self._tx() as cur:
            old = self._check(cur, layer, fid, version)
            new = self._write(cur, old, props, geom, False, actor)
            self._fault_after_change("feature.update")
            self._entry(cur, actor, "feature.update", layer=layer, fid=fid,
                        before=state(old.props, old.geom, old.version),
                        after=state(props, geom, new.version))
            return new

    def _delete_feature(self, layer: str, fid: int, version: int, actor: Actor) -> None:
        with self._tx() as cur:
            old = self._check(cur, layer, fid, version)
            self._write(cur, old, old.props, old.geom, True, actor)
            self._fault_after_change("feature.delete")
            self._entry(cur, actor, "feature.delete", layer=layer, fid=fid,
                        before=state(old.props, old.geom, old.version))

    # -- restore (the rules: :meth:`layers.store.base.Store.restore`) ------------------------------
    def _restore(self, entry_id: int, actor: Actor, version: int | None) -> AuditEntry:
        with self._tx() as cur:
            entry = self._get_entry(cur, entry_id)
            if entry.action == "layer.remove":
                _require(actor, "admin")
                self._set_removed(cur, entry.layer, False, actor, "layer.restore", entry.id)
            elif entry.action.startswith("feature.") and entry.before is not None:
                self._restore_feature(cur, entry, actor, version)
            elif entry.action in ("doc.put", "doc.delete", "doc.restore"):
                self._restore_doc(cur, entry, actor)
            else:
                raise StoreError(f"第 {entry_id} 条记录（{entry.action}）没有可恢复的早先状态",
                                 f"Entry {entry_id} ({entry.action}) has no earlier state to restore")
            return self._get_entry(cur, self._last_id(cur))

    def _last_id(self, cur: Cursor) -> int:
        return int(cur.execute("SELECT MAX(id) FROM zq_audit").fetchone()[0])

    def _restorable(self, cur: Cursor, entry: AuditEntry, version: int | None) -> tuple[FeatureRow, bool]:
        """The feature as it is now, if entry ``entry`` may be restored over it (else an error)."""
        self._lock(cur, "features:" + entry.layer)
        found = self._any_feature(cur, entry.layer, entry.fid)
        if found is None:
            raise NotFoundError(f"没有要素 {entry.layer}/{entry.fid}",
                                f"No feature {entry.layer}/{entry.fid}")
        old, deleted = found
        if version is not None and old.version != version:
            raise _conflict(None if deleted else old, old)
        if entry.action == "feature.delete" and not deleted:
            raise StoreError(f"要素 {entry.layer}/{entry.fid} 未被删除（现为第 {old.version} 版），"
                             "无需恢复；如要回到早先的内容，请恢复它的某一版",
                             f"Feature {entry.layer}/{entry.fid} is not deleted (it is at version "
                             f"{old.version}); to go back to earlier values restore one of its versions")
        if entry.action != "feature.delete" and deleted:
            raise StoreError(f"要素 {entry.layer}/{entry.fid} 已被 {old.updated_by} 删除；"
                             "请先恢复删除，再恢复早先的版本",
                             f"Feature {entry.layer}/{entry.fid} was deleted by {old.updated_by}; "
                             "restore the deletion first, then an earlier version")
        return old, deleted

    def _restore_feature(self, cur: Cursor, entry: AuditEntry, actor: Actor,
                         version: int | None) -> None:
        old, deleted = self._restorable(cur, entry, version)
        props, geom = entry.before["props"], state_geom(entry.before)
        new = self._write(cur, old, props, geom, False, actor)
        self._fault_after_change("feature.restore")
        self._entry(cur, actor, "feature.restore", layer=entry.layer, fid=entry.fid,
                    before=None if deleted else state(old.props, old.geom, old.version),
                    after={**state(props, geom, new.version), "from_entry": entry.id})

    def _restore_doc(self, cur: Cursor, entry: AuditEntry, actor: Actor) -> None:
        now = self._doc(cur, entry.key)
        self._write_doc(cur, entry.key, entry.before)
        self._fault_after_change("doc.restore")
        self._entry(cur, actor, "doc.restore", key=entry.key, before=now,
                    after={"value": entry.before, "from_entry": entry.id})


def _conflict(current: FeatureRow | None, row: FeatureRow) -> ConflictError:
    when = row.updated_at.strftime("%Y-%m-%d %H:%M") if row.updated_at else "?"
    if current is None:
        return ConflictError(f"该要素已被 {row.updated_by} 于 {when}（UTC）删除，未保存",
                             f"Not saved: {row.updated_by} deleted this feature at {when} UTC",
                             None)
    return ConflictError(f"该要素已被 {row.updated_by} 于 {when}（UTC）修改（第 {row.version} 版），"
                         "未保存；请查看对方的修改后再改",
                         f"Not saved: {row.updated_by} changed this feature at {when} UTC "
                         f"(version {row.version}); review their change and edit again", current)
