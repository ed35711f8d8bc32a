"""The register tool through Streamlit's AppTest, on a GeoPackage and on a PostGIS workspace:
add a project placed by a (synthetic) map click, validation in zh and en, two editors on one
project (the second save refused with the other's change), delete after confirmation, a sheet
with a bad row imports nothing, a viewer sees no edit controls."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from layers.register import service
from layers.store import open_store
from layers.store.base import Actor
from ui import context

APP = str(Path(__file__).resolve().parents[2] / "app.py")
WANG, LI = Actor("wang", "editor"), Actor("li", "editor")
CLICK = {"last_clicked": {"lat": 36.70, "lng": 117.53}, "last_active_drawing": None, "all_drawings": []}


@pytest.fixture(params=["gpkg", "postgis"])
def store(request, tmp_path, monkeypatch):
    """An empty workspace of each engine; the page acts as the editor wang."""
    monkeypatch.setenv("ZQ_WORKSPACE", str(tmp_path / "ws"))
    if request.param == "postgis":
        monkeypatch.setenv("ZQ_DATABASE_URL", request.getfixturevalue("pg_db"))
    monkeypatch.setattr(context, "actor", lambda: WANG)
    s = open_store()
    assert s.kind == request.param
    return s


def page(lang: str = "zh", mode: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["tool"] = "register"
    at.query_params["lang"] = lang
    if mode:
        at.session_state["rg.mode"] = mode
    at = at.run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, value: dict) -> AppTest:
    """What st_folium reports after a click on the map: its component's value (its widget key is
    the hash streamlit-folium gives it, the tail of the element's id)."""
    [comp] = at.get("component_instance")
    at.session_state[comp.proto.id.split("-", 2)[-1]] = value
    at = at.run()
    assert not at.exception, at.exception
    return at


def texts(items) -> list[str]:
    return [html.unescape(e.value).replace("\u2060", "") for e in items]


def summary(at: AppTest) -> str:
    return next(c for c in texts(at.caption) if c.startswith(("重点项目库：", "Project register:")))


def widget(items, key: str):
    return next(w for w in items if w.key == key)


def submit(at: AppTest, prefix: str) -> AppTest:
    next(b for b in at.button if str(b.key).startswith(f"FormSubmitter:{prefix}")).click()
    at = at.run()
    assert not at.exception, at.exception
    return at


def fill(at: AppTest, prefix: str, **values) -> None:
    for name, value in values.items():
        sel = [w for w in at.selectbox if w.key == f"{prefix}.{name}"]
        if sel:
            sel[0].set_value(value)
        else:
            widget(at.text_input, f"{prefix}.{name}").input(value)


REQUIRED = {"name_zh": "测试新项目", "action": "项目深化攻坚", "kind": "产业项目", "status": "谋划",
            "source": "测试来源", "accuracy": "approximate"}


def test_add_a_project_placed_by_a_click(store):
    at = page()
    assert "共 2 个项目，已定位 2 个（规划全年 78 个）" in summary(at)
    at = click(at, CLICK)
    assert any("经度 117.53000，纬度 36.70000" in c for c in texts(at.caption))
    fill(at, "rg.form.new.0", **REQUIRED, investment_yi="3.5")
    at = submit(at, "rg.form.new.0")
    assert any("已新增项目“测试新项目”" in s for s in texts(at.success))
    assert "共 3 个项目，已定位 3 个（规划全年 78 个）" in summary(at)
    [row] = [r for r in service.projects(store) if r.props["name_zh"] == "测试新项目"]
    assert (row.geom.x, row.geom.y) == (117.53, 36.70) and row.updated_by == "wang"
    script = json.loads(at.get("component_instance")[0].proto.json_args)["script"]
    assert "测试新项目" in script or json.dumps("测试新项目")[1:-1] in script  # on the map layer


@pytest.mark.parametrize("lang, words", [("zh", ("未保存", "不能小于 0", "来源：（空）——必填")),
                                         ("en", ("Not saved", "may not be below 0", "Source: (empty) - required"))])
def test_validation_is_said_in_the_page_language(store, lang, words):
    at = page(lang)
    at = click(at, {**CLICK, "last_clicked": {"lat": 36.0, "lng": 116.0}})  # far outside
    fill(at, "rg.form.new.0", **{**REQUIRED, "source": ""}, investment_yi="-5")
    at = submit(at, "rg.form.new.0")
    errors = " ".join(texts(at.error))
    for w in words:
        assert w in errors
    assert ("区界以外" if lang == "zh" else "outside") in errors
    assert len(service.projects(store)) == 2


def test_the_second_save_is_refused_with_the_others_change(store, monkeypatch):
    monkeypatch.setattr(context, "actor", lambda: LI)
    mine = page(mode="edit")  # li opens project 1 (version 1)
    prefix = "rg.form.1.1"
    assert any(w.key == f"{prefix}.name_en" for w in mine.text_input)
    monkeypatch.setattr(context, "actor", lambda: WANG)
    theirs = page(mode="edit")
    fill(theirs, prefix, name_en="Changed by Wang")
    theirs = submit(theirs, prefix)
    assert service.projects(store)[0].version == 2
    monkeypatch.setattr(context, "actor", lambda: LI)
    fill(mine, prefix, name_en="Changed by Li")
    mine = submit(mine, prefix)
    errors = " ".join(texts(mine.error))
    assert "wang" in errors and "未保存" in errors
    table = mine.dataframe[-1].value
    assert "Changed by Wang" in table.to_string() and "Changed by Li" in table.to_string()
    assert service.projects(store)[0].props["name_en"] == "Changed by Wang"  # nothing overwritten
    widget(mine.button, "rg.reload").click()
    mine = mine.run()
    assert widget(mine.text_input, "rg.form.1.2.name_en").value == "Changed by Wang"


def test_delete_asks_first(store):
    at = page(mode="edit")
    widget(at.button, "rg.delete").click()
    at = at.run()
    assert any("确定删除项目" in w for w in texts(at.warning))
    assert len(service.projects(store)) == 2  # not yet
    widget(at.button, "rg.yes").click()
    at = at.run()
    assert not at.exception, at.exception
    assert len(service.projects(store)) == 1
    assert "共 1 个项目" in summary(at)


SHEET = ("项目名称,所属行动,类型,状态,来源,位置精度,总投资（亿元）,经度,纬度\n"
         "表格项目甲,项目深化攻坚,产业项目,谋划,测试,approximate,2,117.52,36.71\n"
         "表格项目乙,项目深化攻坚,产业项目,谋划,测试,approximate,-1,117.53,36.72\n").encode()


def test_a_sheet_with_a_bad_row_imports_nothing(store):
    at = page(mode="sheet")
    widget(at.file_uploader, "rg.upload.0").set_value(("projects.csv", SHEET, "text/csv"))
    at = at.run()
    errors = texts(at.error)
    assert any("未导入任何项目" in e for e in errors)
    assert any(e.startswith("第 3 行：总投资") for e in errors)
    assert not any(b.key == "rg.import" for b in at.button)
    assert len(service.projects(store)) == 2
    good = SHEET.replace(b",-1,", b",1,")
    widget(at.file_uploader, "rg.upload.0").set_value(("projects.csv", good, "text/csv"))
    at = at.run()
    widget(at.button, "rg.import").click()
    at = at.run()
    assert any("已导入 2 个项目" in s for s in texts(at.success))
    assert len(service.projects(store)) == 4


def test_a_viewer_sees_the_register_but_no_edit_controls(store, monkeypatch):
    monkeypatch.setattr(context, "actor", lambda: Actor("guest", "viewer"))
    at = page()
    assert "共 2 个项目" in summary(at)
    assert not any(str(w.key).startswith("rg.form") for w in at.text_input)
    assert not any(w.key == "rg.mode" for w in at.radio)
    assert {d.key for d in at.get("download_button")} >= {"rg.dl_xlsx", "rg.dl_csv"}
