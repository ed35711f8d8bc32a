"""Documents and imported layers, on both engines: add, read, count, remove, restore, the trail."""

from __future__ import annotations

import pytest

from layers.load import load_layer
from layers.store.base import LOCAL, Actor, ForbiddenError, NotFoundError, StoreError
from tests.store.conftest import frame, spec

EDITOR = Actor("wang", "editor")


def test_documents_put_delete_with_before_and_after(store):
    store.put("scenes", [{"caption": "总览"}], actor=EDITOR)
    store.put("scenes", [{"caption": "园区"}], actor=EDITOR)
    store.put("note:1", {"t": "x"}, actor=EDITOR)
    assert store.get("scenes") == [{"caption": "园区"}] and store.keys("note:") == ["note:1"]
    store.delete("note:1", actor=EDITOR)
    assert store.get("note:1", "gone") == "gone"
    trail = store.audit()
    assert [(e.action, e.key) for e in trail] == [("doc.put", "scenes"), ("doc.put", "scenes"),
                                                 ("doc.put", "note:1"), ("doc.delete", "note:1")]
    assert trail[1].before == [{"caption": "总览"}] and trail[1].after == [{"caption": "园区"}]
    assert trail[3].before == {"t": "x"} and trail[3].actor == "wang"
    store.restore(trail[1].id, actor=EDITOR)  # the scenes as they were before the 2nd save
    assert store.get("scenes") == [{"caption": "总览"}]


def test_layer_add_read_count_survive_a_new_store_object(store, twin):
    stored = store.add_layer(spec(), frame(3), actor=EDITOR, meta={"files": ["a.geojson"]})
    assert stored.gpkg_layer == "ws_my_parcels"
    [again] = twin.layer_specs()  # another process sees it at once
    assert again == stored and twin.count("my_parcels") == 3
    gdf = twin.read_layer("my_parcels")
    assert list(gdf["name_zh"]) == ["甲", "乙", "地块2"] and gdf.crs.to_epsg() == 4326
    assert list(gdf["area"]) == [0.0, 1.5, 3.0]
    assert list(twin.read_layer("my_parcels", columns=["name_zh"]).columns) == ["name_zh",
                                                                                "geometry"]
    assert twin.get("import_meta:my_parcels") == {"files": ["a.geojson"]}
    [entry] = twin.audit(layer="my_parcels")
    assert entry.action == "layer.import" and entry.after["features"] == 3


def test_load_layer_reads_a_stored_layer_from_the_process_store(tmp_path, monkeypatch):
    monkeypatch.setenv("ZQ_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("ZQ_DATABASE_URL", raising=False)
    from layers.store import open_store

    stored = open_store().add_layer(spec(), frame(), actor=LOCAL)
    assert open_store() is open_store()
    assert list(load_layer(stored)["name_zh"]) == ["甲", "乙"]


def test_remove_hides_and_restore_needs_an_admin(store):
    store.add_layer(spec("a"), frame(), actor=EDITOR)
    store.add_layer(spec("b"), frame(), actor=EDITOR)
    with pytest.raises(ForbiddenError):
        store.remove_layer("a", actor=EDITOR)
    store.remove_layer("a", actor=LOCAL)
    assert [s.id for s in store.layer_specs()] == ["b"]
    with pytest.raises(NotFoundError):
        store.read_layer("a")
    removed = store.audit(layer="a")[-1]
    assert removed.action == "layer.remove" and removed.before["features"] == 2
    with pytest.raises(ForbiddenError):
        store.restore(removed.id, actor=EDITOR)
    back = store.restore(removed.id, actor=LOCAL)
    assert back.action == "layer.restore" and back.layer == "a"
    assert [s.id for s in store.layer_specs()] == ["a", "b"]  # import order
    assert store.count("a") == 2
    with pytest.raises(StoreError):  # not removed any more: nothing to restore
        store.restore(removed.id, actor=LOCAL)


def test_a_duplicate_or_bad_layer_id_is_refused(store):
    store.add_layer(spec("a"), frame(), actor=EDITOR)
    with pytest.raises(StoreError):
        store.add_layer(spec("a"), frame(), actor=EDITOR)
    with pytest.raises(ValueError):
        store.add_layer(spec("../x"), frame(), actor=EDITOR)
    assert [s.id for s in store.layer_specs()] == ["a"] and store.count("a") == 2


def test_a_fault_between_import_and_entry_leaves_neither(store, monkeypatch):
    def fault(action):
        raise RuntimeError(f"injected after {action}")

    monkeypatch.setattr(store, "_fault_after_change", fault)
    with pytest.raises(RuntimeError, match="layer.import"):
        store.add_layer(spec(), frame(), actor=EDITOR, meta={"files": ["x"]})
    with pytest.raises(RuntimeError, match="doc.put"):
        store.put("scenes", [1], actor=EDITOR)
    monkeypatch.undo()
    assert store.layer_specs() == [] and store.audit() == [] and store.keys() == []
    store.add_layer(spec(), frame(), actor=EDITOR)  # the id is free again: nothing half left
    assert store.count("my_parcels") == 2


def test_a_viewer_changes_nothing(store):
    viewer = Actor("li", "viewer")
    for call in (lambda: store.put("k", 1, actor=viewer),
                 lambda: store.add_layer(spec(), frame(), actor=viewer),
                 lambda: store.insert_feature("register", {"a": 1}, None, actor=viewer)):
        with pytest.raises(ForbiddenError) as caught:
            call()
        assert "viewer" in caught.value.message("en") and "无权" in caught.value.message("zh")
    assert store.audit() == [] and store.layer_specs() == []


def test_the_trail_is_append_only(store):
    store.put("k", 1, actor=EDITOR)
    for statement in ("UPDATE zq_audit SET actor = 'someone'", "DELETE FROM zq_audit"):
        with pytest.raises(Exception, match="append-only"), store._tx() as cur:
            cur.execute(statement)
    assert [(e.actor, e.action) for e in store.audit()] == [("wang", "doc.put")]
