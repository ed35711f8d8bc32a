"""The trail for people (layers/trail.py, geo/geom_change.py): changes, geometry shift in metres,
what may be restored, and the CSV/JSON exports; tiny synthetic entries with known answers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from pyproj import Transformer
from shapely.geometry import LineString, Point, mapping

from geo.geom_change import geometry_change
from layers import trail
from layers.store.base import AuditEntry

AT = dt.datetime(2026, 12, 4, 8, 30, tzinfo=dt.UTC)
TO_GK = Transformer.from_crs(4326, 4548, always_xy=True)
TO_LL = Transformer.from_crs(4548, 4326, always_xy=True)


def _east_of(p: Point, metres: float) -> Point:
    x, y = TO_GK.transform(p.x, p.y)
    return Point(*TO_LL.transform(x + metres, y))


def _state(props, geom, v):
    return {"props": props, "geom": mapping(geom) if geom is not None else None, "version": v}


def entry(action, before=None, after=None, **kw) -> AuditEntry:
    return AuditEntry(id=kw.pop("id", 1), at=kw.pop("at", AT), actor=kw.pop("actor", "wang"),
                      action=action, before=before, after=after, **kw)


P = Point(117.54, 36.71)


def test_a_point_moved_1000_m_east_in_gk_is_1000_m():
    c = geometry_change(P, _east_of(P, 1000))
    assert c.changed and c.moved_m == pytest.approx(1000, abs=0.01)
    assert (c.vertices_before, c.vertices_after) == (1, 1)
    same = geometry_change(P, Point(P.x, P.y))
    assert not same.changed and same.moved_m == pytest.approx(0)
    assert geometry_change(None, None) == geometry_change(None, None)
    located = geometry_change(None, LineString([(117.5, 36.7), (117.6, 36.7), (117.6, 36.8)]))
    assert located.changed and located.vertices_after == 3 and located.moved_m is None


def test_a_move_and_an_edit_read_as_fields_and_metres():
    e = entry("feature.update", _state({"name": "甲", "invest": 1.0}, P, 1),
              _state({"name": "甲", "invest": 2.5, "town": "明水"}, _east_of(P, 250), 2),
              layer="projects", fid=3)
    assert trail.field_changes(e) == [("invest", 1.0, 2.5), ("town", None, "明水")]
    assert trail.changes_text(e, "en") == "invest: 1.0 → 2.5; town: (empty) → 明水"
    assert trail.geom_text(e, "en") == "yes: Point → Point, vertices 1 → 1, moved 250 m"
    assert trail.geom_text(e, "zh").endswith("移动 250 米")
    same = entry("feature.update", _state({"a": 1}, P, 1), _state({"a": 2}, P, 2))
    assert trail.geom_text(same, "en") == "no"
    assert trail.geom_text(entry("feature.delete", _state({}, P, 1)), "en") == ""  # all of it
    unlocated = entry("feature.update", _state({}, P, 1), _state({}, None, 2))
    assert trail.geom_text(unlocated, "en") == "yes: location removed (was Point)"
    labels = {"projects": {"invest": "Investment"}, "": {"features": "features"}}
    assert trail.changes_text(e, "en", labels).startswith("Investment: 1.0 → 2.5; town:")
    assert trail.geom_text(entry("doc.put", None, [1], key="scenes"), "en") == ""
    assert trail.what(e) == "projects/3" and trail.when(e) == "2026-12-04 08:30:00"


def test_other_entries_say_what_changed_without_secrets():
    role = entry("account.role", {"name": "li", "role": "viewer"}, {"name": "li", "role": "editor"},
                 key="li")
    assert trail.changes_text(role, "en") == "role: viewer → editor"
    passwd = entry("account.passwd", {"name": "li", "role": "editor"},
                   {"name": "li", "role": "editor"}, key="li")
    assert "never holds a password" in trail.changes_text(passwd, "en")
    removed = entry("layer.remove", {"spec": {}, "features": 12}, None, layer="a")
    assert trail.changes_text(removed, "zh") == "features: 12 → （空）"
    back = entry("doc.restore", [1, 2], {"value": [1], "from_entry": 7}, key="scenes")
    assert trail.changes_text(back, "en") == "scenes: [1, 2] → [1]; restored from entry 7"
    long = entry("doc.put", None, "x" * 200, key="k")
    assert len(trail.changes_text(long, "en")) < 100


def test_what_may_be_restored_and_what_is_still_deleted():
    f = {"props": {}, "geom": None, "version": 1}
    entries = [entry("feature.insert", None, f, id=1, layer="p", fid=1),
               entry("feature.delete", f, None, id=2, layer="p", fid=1),
               entry("feature.insert", None, f, id=3, layer="p", fid=2),
               entry("feature.delete", f, None, id=4, layer="p", fid=2),
               entry("feature.restore", None, f, id=5, layer="p", fid=2),  # back again
               entry("layer.import", None, {"features": 1}, id=6, layer="a"),
               entry("layer.remove", {"features": 1}, None, id=7, layer="a")]
    assert [e.id for e in trail.open_deletions(entries)] == [7, 2]
    assert [trail.restore_role(e) for e in entries] == [None, "editor", None, "editor", None,
                                                        None, "admin"]


def test_exports_hold_every_entry_whole():
    entries = [entry("feature.insert", None, _state({"名称": "甲"}, P, 1), id=1, layer="p", fid=1),
               entry("account.add", None, {"name": "li", "role": "viewer"}, id=2, key="li")]
    rows = list(csv.DictReader(io.StringIO(trail.to_csv_bytes(entries).decode("utf-8-sig"))))
    assert [(r["id"], r["action"], r["fid"], r["key"]) for r in rows] == [
        ("1", "feature.insert", "1", ""), ("2", "account.add", "", "li")]
    assert json.loads(rows[0]["after"])["geom"]["type"] == "Point" and rows[0]["before"] == ""
    data = json.loads(trail.to_json_bytes(entries))
    assert data[0]["after"]["props"] == {"名称": "甲"} and data[1]["at"] == AT.isoformat()
    table = trail.rows(entries, "en")
    assert list(table) == ["No.", "Time (UTC)", "By", "Action", "What", "Changes (before → after)",
                           "Geometry changed"]
    assert table["Action"] == ["feature added", "account added"]
