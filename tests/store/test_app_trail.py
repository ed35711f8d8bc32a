"""The trail in the page (AppTest), on both engines: the trail tool lists an import and a change
made through the store, exports the filtered entries as CSV/JSON, restores a deleted feature and
a removed layer (each recorded), shows viewers no restore button; the record tab's history of a
register feature restores an earlier version."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from shapely.geometry import Point
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from layers.register.service import ensure_seeded
from layers.store import open_store
from layers.store.base import LOCAL, Actor
from tests.store.conftest import ENGINES, frame, spec
from ui import state as session

APP = str(Path(__file__).resolve().parents[2] / "app.py")
WANG = Actor("wang", "editor")
PROJECTS = "projects"
P = Point(117.5, 36.7)


@pytest.fixture(params=ENGINES)
def ws(request, tmp_path, monkeypatch):
    """The process's store on a fresh workspace of each engine (what the page opens)."""
    monkeypatch.setenv("ZQ_WORKSPACE", str(tmp_path))
    if request.param == "postgis":
        monkeypatch.setenv("ZQ_DATABASE_URL", request.getfixturevalue("pg_db"))
    else:
        monkeypatch.delenv("ZQ_DATABASE_URL", raising=False)
    store = open_store()
    assert store.kind == request.param
    return store


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """key -> bytes of every download button drawn (deferred data is built, as a click would)."""
    seen: dict = {}
    original = DeltaGenerator.download_button

    def spy(self, label, data, *args, **kwargs):
        seen[kwargs.get("key")] = data() if callable(data) else data
        return original(self, label, data, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", spy)
    return seen


def _trail_tool(lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["tool"] = "trail"
    at.query_params["lang"] = lang
    return at.run()


def _table(at: AppTest) -> dict:
    [df] = [d.value for d in at.dataframe if "Action" in d.value.columns]
    return df.to_dict("list")


def _buttons(at: AppTest, prefix: str) -> list[str]:
    return [b.key for b in at.button if b.key and b.key.startswith(prefix)]


def test_the_tool_lists_an_import_and_a_change_and_exports_the_filtered_rows(ws, downloads):
    ws.add_layer(spec("trail_parcels"), frame(2), actor=LOCAL)
    ws.insert_feature(PROJECTS, {"name_zh": "<b>项目</b>"}, Point(117.5, 36.7), actor=WANG)
    ws.update_feature(PROJECTS, 1, {"name_zh": "*改*"}, Point(117.51, 36.7), version=1, actor=WANG)
    at = _trail_tool()
    assert not at.exception, at.exception
    table = _table(at)
    assert table["Action"] == ["feature edited", "feature added", "layer imported"]  # newest first
    assert table["By"] == ["wang", "wang", "local"]
    assert "Name (zh): <b>项目</b> → *改*" in table["Changes (before → after)"][0]  # plain, labelled
    assert table["Geometry changed"][0].startswith("yes: Point → Point")
    rows = list(csv.DictReader(io.StringIO(downloads[session.TR_DL_CSV].decode("utf-8-sig"))))
    assert [r["action"] for r in rows] == ["layer.import", "feature.insert", "feature.update"]
    assert json.loads(rows[2]["before"])["props"] == {"name_zh": "<b>项目</b>"}
    at.selectbox(key=session.TR_WHO).set_value("wang").run()
    assert _table(at)["Action"] == ["feature edited", "feature added"]
    data = json.loads(downloads[session.TR_DL_JSON])
    assert [(e["action"], e["fid"]) for e in data] == [("feature.insert", 1), ("feature.update", 1)]
    assert data[1]["after"]["geom"]["coordinates"] == [117.51, 36.7]
    assert not [b for b in at.button if "delete" in (b.key or "") or "edit" in (b.key or "")]


def _confirm(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    at.button(key=key + ".yes").click().run()
    assert not at.exception, at.exception
    return at


def test_the_tool_restores_a_deleted_feature_and_a_removed_layer(ws):
    ws.insert_feature(PROJECTS, {"name_zh": "甲"}, Point(117.5, 36.7), actor=WANG)
    ws.delete_feature(PROJECTS, 1, version=1, actor=WANG)
    deletion = ws.audit()[-1]
    ws.add_layer(spec("gone"), frame(3), actor=LOCAL)
    ws.remove_layer("gone", actor=LOCAL)
    removal = ws.audit()[-1]
    at = _trail_tool()
    assert at.selectbox(key=session.TR_PICK).options == [
        f"#{removal.id} layer gone (removed {removal.at:%Y-%m-%d %H:%M:%S} by local)",
        f"#{deletion.id} feature projects/1 (deleted {deletion.at:%Y-%m-%d %H:%M:%S} by wang)"]
    at.selectbox(key=session.TR_PICK).set_value(deletion.id).run()
    at = _confirm(at, f"{session.TR_RESTORE}tool.{deletion.id}")
    back = ws.audit()[-1]
    assert (back.action, back.actor, back.after["from_entry"]) == ("feature.restore", "local",
                                                                   deletion.id)
    assert ws.feature(PROJECTS, 1).props == {"name_zh": "甲"} and ws.feature(PROJECTS, 1).version == 3
    assert any(f"entry {back.id}" in s.value for s in at.success)
    at = _confirm(at, f"{session.TR_RESTORE}tool.{removal.id}")  # the one left to restore
    assert ws.audit()[-1].action == "layer.restore" and ws.count("gone") == 3
    assert any(w.key == "layer.gone" for w in at.checkbox)  # the page lists the layer again
    assert _table(at)["Action"][:2] == ["layer restored", "feature restored"]


def test_a_viewer_sees_the_trail_and_the_exports_but_no_restore_button(ws, downloads, monkeypatch):
    from ui import context

    monkeypatch.setattr(context, "actor", lambda: Actor("zhou", "viewer"))
    ws.insert_feature(PROJECTS, {"name_zh": "甲"}, None, actor=WANG)
    ws.delete_feature(PROJECTS, 1, version=1, actor=WANG)
    at = _trail_tool("zh")
    assert not at.exception, at.exception
    assert _buttons(at, session.TR_RESTORE) == [] and not [s for s in at.selectbox
                                                           if s.key == session.TR_PICK]
    assert [d for d in at.dataframe if "操作" in d.value.columns]
    assert any("查看者" in c.value for c in at.caption)
    assert {session.TR_DL_CSV, session.TR_DL_JSON} <= set(downloads)


def _record_script():
    from layers.register.frame import frame, register_layer_id, with_register
    from layers.registry import CATALOG
    from layers.store import open_store
    from ui.panels import record_panel

    cat = with_register(CATALOG)
    layer = register_layer_id(cat)
    data = {layer: frame(cat.get(layer), open_store().features("projects"))}
    record_panel("en", data, {"properties": {"__l": layer, "__i": 0}}, cat)


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_the_record_tab_shows_a_register_features_history_and_restores_a_version(ws, monkeypatch,
                                                                                 role):
    from ui import context

    monkeypatch.setattr(context, "actor", lambda: Actor("li", role))
    ws.insert_feature(PROJECTS, {"name_zh": "甲", "investment_yi": 1.0}, Point(117.5, 36.7),
                      actor=WANG)
    ws.update_feature(PROJECTS, 1, {"name_zh": "甲", "investment_yi": 3.0}, Point(117.5, 36.71),
                      version=1, actor=WANG)
    edit = ws.audit()[-1]
    at = AppTest.from_function(_record_script, default_timeout=60).run()
    assert not at.exception, at.exception
    assert [e.label for e in at.expander] == ["History of this feature (audit trail)"]
    texts = [x.value for x in at.text]
    assert any("wang · feature edited" in x for x in texts)
    assert any(x.startswith("Geometry changed: yes") and "moved 1.11 km" in x for x in texts)
    key = f"{session.TR_RESTORE}rec.1.{edit.id}"
    if role == "viewer":
        assert _buttons(at, session.TR_RESTORE) == []
        return
    assert _buttons(at, session.TR_RESTORE) == [key]  # an insert has no earlier version
    at.button(key=key).click().run()
    at.button(key=key + ".no").click().run()  # cancelled: nothing changed, the button again
    assert ws.feature(PROJECTS, 1).version == 2 and _buttons(at, session.TR_RESTORE) == [key]
    _confirm(at, key)
    row = ws.feature(PROJECTS, 1)
    assert row.version == 3 and row.props["investment_yi"] == 1.0 and row.updated_by == "li"
    assert row.geom.equals(Point(117.5, 36.7)) and ws.audit()[-1].before["version"] == 2


def test_a_restore_over_a_change_made_meanwhile_is_refused_in_the_record_tab(ws):
    ws.insert_feature(PROJECTS, {"name_zh": "甲"}, Point(117.5, 36.7), actor=WANG)
    ws.update_feature(PROJECTS, 1, {"name_zh": "乙"}, Point(117.5, 36.7), version=1, actor=WANG)
    key = f"{session.TR_RESTORE}rec.1.{ws.audit()[-1].id}"
    at = AppTest.from_function(_record_script, default_timeout=60).run()
    at.button(key=key).click().run()  # the page shows version 2 ...
    ws.update_feature(PROJECTS, 1, {"name_zh": "丙"}, P, version=2, actor=WANG)  # ... wang saves 3
    at.button(key=key + ".yes").click().run()
    assert not at.exception, at.exception
    assert any("wang changed this feature" in e.value for e in at.error)
    assert ws.feature(PROJECTS, 1).props == {"name_zh": "丙"}  # never overwritten silently
    assert ws.audit()[-1].action == "feature.update"


def _imported_script():
    from layers.registry import CATALOG, with_extra_layers
    from layers.store import open_store
    from ui.panels import record_panel

    cat = with_extra_layers(CATALOG, open_store().layer_specs())
    data = {"mine": open_store().read_layer("mine")}
    record_panel("en", data, {"properties": {"__l": "mine", "__i": 1}}, cat)


def test_the_record_tab_of_an_imported_layer_shows_the_layers_history(ws):
    ws.add_layer(spec("mine"), frame(2), actor=LOCAL)
    at = AppTest.from_function(_imported_script, default_timeout=60).run()
    assert not at.exception, at.exception
    assert [e.label for e in at.expander] == ["History of this layer (audit trail)"]
    assert any("local · layer imported" in x.value for x in at.text)
    assert _buttons(at, session.TR_RESTORE) == []  # an import has no earlier state


def test_the_tool_pages_the_trail_and_restores_a_scene_list(ws):
    ensure_seeded(ws)  # what the page's first run does: the register's seeded projects are entries too
    saves = 55 - len(ws.audit())
    for i in range(saves):
        ws.put("scenes", {"scenes": [{"caption": f"场景{i}"}]}, actor=WANG)
    at = _trail_tool()
    assert not at.exception, at.exception
    assert len(_table(at)["No."]) == 50 and any("55 entries, page 1 of 2" in c.value
                                                for c in at.caption)
    at.number_input(key=session.TR_PAGE).set_value(2).run()
    assert _table(at)["No."] == [5, 4, 3, 2, 1]
    last = ws.audit()[-1]
    assert at.selectbox(key=session.TR_PICK).value == last.id  # the newest save first
    _confirm(at, f"{session.TR_RESTORE}tool.{last.id}")
    assert ws.get("scenes") == {"scenes": [{"caption": f"场景{saves - 2}"}]}
    at.number_input(key=session.TR_PAGE).set_value(1).run()
    assert ws.audit()[-1].action == "doc.restore" and _table(at)["Action"][0] == (
        "document/scenes restored")
