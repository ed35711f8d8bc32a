"""Editable features on both engines: versions, conflicts, delete, restore, seeding, the trail."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, Point

from layers.store.base import SYSTEM, Actor, ConflictError, NotFoundError, StoreError

WANG, LI = Actor("wang", "editor"), Actor("li", "editor")
LAYER = "register"


def test_insert_update_and_versions(store):
    row = store.insert_feature(LAYER, {"name_zh": "项目甲", "invest": 1.5}, Point(117.5, 36.7),
                               actor=WANG)
    assert (row.fid, row.version, row.updated_by) == (1, 1, "wang")
    saved = store.update_feature(LAYER, 1, {"name_zh": "项目甲", "invest": 2.0},
                                 LineString([(117.5, 36.7), (117.6, 36.7)]), version=1, actor=LI)
    assert saved.version == 2
    [now] = store.features(LAYER)
    assert now.props["invest"] == 2.0 and now.geom.geom_type == "LineString" and now.updated_by == "li"
    assert store.feature(LAYER, 1) == now and store.feature(LAYER, 99) is None
    entries = store.audit(layer=LAYER, fid=1)
    assert [e.action for e in entries] == ["feature.insert", "feature.update"]
    assert entries[1].before["geom"]["type"] == "Point" and entries[1].after["version"] == 2
    assert store.insert_feature(LAYER, {}, None, actor=WANG).fid == 2


def test_the_second_save_is_refused_with_the_others_change(store, twin):
    store.insert_feature(LAYER, {"name_zh": "甲"}, None, actor=WANG)
    store.update_feature(LAYER, 1, {"name_zh": "王改"}, None, version=1, actor=WANG)
    with pytest.raises(ConflictError) as caught:  # li read version 1, saves through another process
        twin.update_feature(LAYER, 1, {"name_zh": "李改"}, None, version=1, actor=LI)
    err = caught.value
    assert err.current.props == {"name_zh": "王改"} and err.current.version == 2
    assert "wang" in err.message("en") and "wang" in err.message("zh")
    assert store.feature(LAYER, 1).props == {"name_zh": "王改"}  # never silently overwritten
    with pytest.raises(ConflictError):
        store.delete_feature(LAYER, 1, version=1, actor=LI)
    with pytest.raises(NotFoundError):
        store.update_feature(LAYER, 7, {}, None, version=1, actor=LI)


def test_delete_then_restore_brings_it_back_with_a_new_version(store):
    store.insert_feature(LAYER, {"name_zh": "甲"}, Point(117.5, 36.7), actor=WANG)
    store.delete_feature(LAYER, 1, version=1, actor=WANG)
    assert store.features(LAYER) == [] and store.feature(LAYER, 1) is None
    with pytest.raises(ConflictError) as caught:  # saving a deleted feature
        store.update_feature(LAYER, 1, {"name_zh": "x"}, None, version=1, actor=LI)
    assert caught.value.current is None
    deleted = store.audit(layer=LAYER)[-1]
    assert deleted.action == "feature.delete" and deleted.before["props"] == {"name_zh": "甲"}
    back = store.restore(deleted.id, actor=LI)
    assert back.action == "feature.restore" and back.after["version"] == 3
    row = store.feature(LAYER, 1)
    assert row.version == 3 and row.props == {"name_zh": "甲"} and row.geom.equals(Point(117.5, 36.7))
    assert store.insert_feature(LAYER, {}, None, actor=WANG).fid == 2  # fids are never reused


def test_restore_an_earlier_version(store):
    store.insert_feature(LAYER, {"v": "one"}, None, actor=WANG)
    store.update_feature(LAYER, 1, {"v": "two"}, None, version=1, actor=WANG)
    update = store.audit(layer=LAYER)[-1]
    store.restore(update.id, actor=LI)
    assert store.feature(LAYER, 1).props == {"v": "one"} and store.feature(LAYER, 1).version == 3
    insert = store.audit(layer=LAYER)[0]
    with pytest.raises(StoreError):  # an insert has no earlier state
        store.restore(insert.id, actor=LI)
    with pytest.raises(NotFoundError):
        store.restore(10_000, actor=LI)


def test_a_fault_between_change_and_entry_leaves_neither(store, monkeypatch):
    store.insert_feature(LAYER, {"v": 1}, None, actor=WANG)

    def fault(action):
        raise RuntimeError(f"injected after {action}")

    monkeypatch.setattr(store, "_fault_after_change", fault)
    for call in (lambda: store.insert_feature(LAYER, {"v": 2}, None, actor=WANG),
                 lambda: store.update_feature(LAYER, 1, {"v": 3}, None, version=1, actor=WANG),
                 lambda: store.delete_feature(LAYER, 1, version=1, actor=WANG),
                 lambda: store.replace_features(LAYER, [({"v": 4}, None)] * 3, actor=WANG)):
        with pytest.raises(RuntimeError, match="injected"):
            call()
    monkeypatch.undo()
    assert [(r.fid, r.version, r.props) for r in store.features(LAYER)] == [(1, 1, {"v": 1})]
    assert [e.action for e in store.audit()] == ["feature.insert"]


def test_many_rows_all_or_none_and_seeding_once(store, twin):
    rows = [({"n": i}, Point(117.5, 36.7 + i / 100)) for i in range(3)]
    assert store.seed_features(LAYER, rows, actor=SYSTEM) is True
    assert twin.seed_features(LAYER, rows, actor=SYSTEM) is False  # the other process sees it
    assert [r.props["n"] for r in twin.features(LAYER)] == [0, 1, 2]
    for r in store.features(LAYER):
        store.delete_feature(LAYER, r.fid, version=r.version, actor=WANG)
    assert store.seed_features(LAYER, rows, actor=SYSTEM) is False  # emptied is not never-seeded
    added = store.replace_features("other", rows, actor=WANG)
    assert [r.fid for r in added] == [1, 2, 3]
