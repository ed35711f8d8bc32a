"""The audit trail (留痕) for people: entries as table rows in zh/en, what changed (fields before →
after, the geometry's vertices and shift in metres), what may still be restored, and the trail
as CSV/JSON files. Read-only: nothing here (or anywhere) edits or deletes an entry.

Entries come from :meth:`layers.store.base.Store.audit`; their geometries are GeoJSON in
EPSG:4326 and are measured in EPSG:4548 by :mod:`geo.geom_change`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping

from geo.geom_change import geometry_change
from geo.measure import format_length
from layers.spec import Catalog
from layers.store.base import AuditEntry
from layers.store.values import state_geom
from layers.text import t

#: the columns of the trail's table and of its CSV export, in order
COLUMNS = ("id", "at", "who", "action", "what", "changes", "geom")
_SHORT = 80  # characters of a long value shown in the table (the export has it whole)
#: layer id -> field name -> label; "" holds the labels of the trail's own fields
Labels = Mapping[str, Mapping[str, str]]


def field_labels(cat: Catalog, lang: str) -> dict[str, dict[str, str]]:
    """The labels of every declared field by layer (the names a trail entry records), plus
    the trail's own ("features", "role") under ""."""
    out = {s.id: {f.name: f.label(lang) for f in s.fields} for s in cat.layers}
    out[""] = {k: t(f"tr.f.{k}", lang) for k in ("features", "role")}
    return out


def _label(e: AuditEntry, name: str, labels: Labels | None) -> str:
    if not labels:
        return name
    return labels.get(e.layer or "", {}).get(name) or labels.get("", {}).get(name) or name


def entry_dict(e: AuditEntry) -> dict:
    """An entry as JSON data (time in ISO UTC, before/after whole, geometry as GeoJSON)."""
    return {"id": e.id, "at": e.at.astimezone(dt.UTC).isoformat(), "actor": e.actor,
            "action": e.action, "layer": e.layer, "fid": e.fid, "key": e.key,
            "before": e.before, "after": e.after}


def what(e: AuditEntry) -> str:
    """What an entry is about: ``layer/fid``, a layer, a document key or an account name."""
    if e.fid is not None:
        return f"{e.layer}/{e.fid}"
    return e.layer or e.key or ""


def when(e: AuditEntry) -> str:
    """The entry's time, UTC, to the second."""
    return e.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def short(value: object, lang: str) -> str:
    """A value for the table: "(empty)", text as is, data as JSON; cut at 80 characters."""
    if value is None or value == "":
        return t("tr.empty", lang)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHORT else text[:_SHORT - 1] + "…"


def _is_feature_state(value: object) -> bool:
    return isinstance(value, dict) and "props" in value and "version" in value


def field_changes(e: AuditEntry) -> list[tuple[str, object, object]]:
    """(field, before, after) of every attribute that differs between an entry's states (a
    feature's props, an account's role, a layer's feature count); a document as one field."""
    b, a = e.before, e.after
    if e.action.startswith("feature.") or _is_feature_state(b) or _is_feature_state(a):
        bp, ap = (b or {}).get("props") or {}, (a or {}).get("props") or {}
        return [(k, bp.get(k), ap.get(k)) for k in dict.fromkeys([*bp, *ap])
                if bp.get(k) != ap.get(k)]
    if e.action.startswith("doc."):
        after = a.get("value") if e.action == "doc.restore" and isinstance(a, dict) else a
        return [(e.key or "", b, after)]
    if e.action.startswith("account."):
        return [("role", (b or {}).get("role"), (a or {}).get("role"))]
    return [("features", (b or {}).get("features"), (a or {}).get("features"))]


def changes_text(e: AuditEntry, lang: str, labels: Labels | None = None) -> str:
    """The entry's changes in one line: ``field: before → after; …`` (plain text; a field by
    its label in ``labels`` when it has one)."""
    parts = [f"{_label(e, k, labels)}: {short(b, lang)} → {short(a, lang)}"
             for k, b, a in field_changes(e)]
    if e.action == "account.passwd":
        parts = [t("tr.ch.passwd", lang)]
    for state in (e.before, e.after):
        if isinstance(state, dict) and "from_entry" in state:
            parts.append(t("tr.ch.from", lang, id=state["from_entry"]))
    return "; ".join(parts)


def geom_text(e: AuditEntry, lang: str) -> str:
    """Whether a feature entry changed the geometry, with vertices and the shift in metres
    (measured in EPSG:4548); "" for entries that are not about a feature's versions (a
    deletion removes the whole feature)."""
    if e.action == "feature.delete" or not (_is_feature_state(e.before)
                                            or _is_feature_state(e.after)):
        return ""
    before = state_geom(e.before) if e.before else None
    after = state_geom(e.after) if e.after else None
    c = geometry_change(before, after)
    if not c.type_before and not c.type_after:
        return t("tr.geom.none", lang)
    if not c.changed:
        return t("tr.geom.same", lang)
    if not c.type_before:
        return t("tr.geom.added", lang, type=c.type_after, n=c.vertices_after)
    if not c.type_after:
        return t("tr.geom.removed", lang, type=c.type_before)
    return t("tr.geom.changed", lang, tb=c.type_before, ta=c.type_after, vb=c.vertices_before,
             va=c.vertices_after, moved=format_length(c.moved_m, lang))


def action_label(action: str, lang: str) -> str:
    """An action's name for people."""
    return t(f"tr.act.{action}", lang)


def rows(entries: list[AuditEntry], lang: str, labels: Labels | None = None) -> dict[str, list]:
    """The entries as table columns (``COLUMNS``, headers in ``lang``); all values plain text."""
    out: dict[str, list] = {t(f"tr.col.{c}", lang): [] for c in COLUMNS}
    for e in entries:
        for col, value in zip(out, (e.id, when(e), e.actor, action_label(e.action, lang), what(e),
                                    changes_text(e, lang, labels), geom_text(e, lang)),
                              strict=True):
            out[col].append(value)
    return out


def restore_role(e: AuditEntry) -> str | None:
    """The role a restore of ``e`` needs ("admin" for a layer), or None when ``e`` has no
    earlier state to bring back (the store checks again and has the last word)."""
    if e.action == "layer.remove":
        return "admin"
    if e.action.startswith("feature.") and e.before is not None:
        return "editor"
    return "editor" if e.action.startswith("doc.") else None


def open_deletions(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Of the whole trail (oldest first), the deletions and removals still in force: each
    feature whose latest entry is ``feature.delete``, each layer whose latest layer entry is
    ``layer.remove``; newest first."""
    latest: dict[tuple, AuditEntry] = {}
    for e in entries:
        if e.action.startswith("feature."):
            latest[("f", e.layer, e.fid)] = e
        elif e.action.startswith("layer."):
            latest[("l", e.layer)] = e
    found = [e for e in latest.values() if e.action in ("feature.delete", "layer.remove")]
    return sorted(found, key=lambda e: e.id, reverse=True)


def to_json_bytes(entries: list[AuditEntry]) -> bytes:
    """The entries as one JSON array (UTF-8), as ``python -m layers audit --json`` prints them."""
    return json.dumps([entry_dict(e) for e in entries], ensure_ascii=False,
                      indent=1).encode("utf-8")


def to_csv_bytes(entries: list[AuditEntry]) -> bytes:
    """The entries as CSV (UTF-8 with BOM, for Excel): one row each, before/after as JSON."""
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(["id", "at", "actor", "action", "layer", "fid", "key", "before", "after"])
    for e in entries:
        d = entry_dict(e)
        out.writerow([*(("" if d[k] is None else d[k]) for k in
                        ("id", "at", "actor", "action", "layer", "fid", "key")),
                      *(json.dumps(d[k], ensure_ascii=False) if d[k] is not None else ""
                        for k in ("before", "after"))])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
