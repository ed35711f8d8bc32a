"""The non-Streamlit half of the upload UI (``layers.imported``): names, guesses, provenance,
and a stored import behaving like a bundled layer (catalog, filters, renderer, restart)."""

from __future__ import annotations

import math
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon

from layers import explorer as ex
from layers import imported as imp
from layers import imported_columns as impcols
from layers.basemaps import get_basemap
from layers.load import load_layer
from layers.registry import CATALOG, with_extra_layers
from layers.render import build_map
from layers.store import open_store
from layers.store.base import LOCAL
from tests.export.helpers import HOSTILE, TEMPLATE


def test_display_filename_is_plain_text():
    assert imp.display_filename("../../a\x00b\u202e.geojson") == "ab.geojson"
    assert imp.display_filename("C:\\Users\\me\\规划.zip") == "规划.zip"
    assert len(imp.display_filename("长" * 500)) == imp.MAX_NAME_CHARS + 1
    assert imp.display_filename("") == "upload"


@pytest.mark.parametrize(("text", "expected"), [
    ("![x](http://example.com/x.png)", "![x](http://example.com/x.png)"),
    (":red[地块]", ":red[地块]"), ("a\n\tb\x00c", "a b c"), ("规划（2024）", "规划（2024）"),
])
def test_plain_label_keeps_the_characters_and_cannot_form_markdown_links(text, expected):
    """The label keeps what was typed (issue 9: field names keep their exact characters); shown
    through md_plain it holds no Markdown link, image or directive (no bare ``[``, ``]``, ``(``,
    ``:`` and no ``http:`` the auto-linker could find)."""
    from layers.text import md_plain

    assert imp.plain_label(text) == expected
    shown = md_plain(imp.plain_label(text))
    assert not any(c in shown for c in "[]():!") and "http:" not in shown


def test_new_layer_id_is_a_valid_workspace_id():
    ids = {imp.new_layer_id([]) for _ in range(50)}
    assert len(ids) == 50 and all(re.fullmatch(r"imp_[0-9a-f]{8}", i) for i in ids)


@pytest.mark.parametrize(("values", "kind", "flt"), [
    ([2021, 2023, 2024, 2024], "year", True),
    (["2021", "2023", None], "year", True),
    ([1.5, 2.25, 1e6], "number", True),
    (["建成", "在建", "建成", "规划"], "category", True),
    ([True, False, True], "category", True),
    ([f"名称{i}" for i in range(40)], "text", False),
    ([None, None], "text", False),
])
def test_guess_kind(values, kind, flt):
    assert impcols.guess_kind(pd.Series(values)) == (kind, flt)


def test_allowed_kinds_keep_text_out_of_number_filters():
    assert "number" not in impcols.allowed_kinds(pd.Series(["约5亩", "3"]))
    assert set(impcols.allowed_kinds(pd.Series([1.0, 2.5]))) == {"number", "category", "text"}


def frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({
        "名称": ["地块一", HOSTILE, "地块三"],
        "status": ["建成", "在建", "建成"],
        "plan_year": ["2024", "2025", None],
        "area_mu": ["约5亩", "3", "7"],
        "备注": [TEMPLATE, None, "ok"],
        "accuracy": ["高", "中", None],
        "FID": ["a", "b", "c"],
    }, geometry=[Point(117.5, 36.7), Polygon([(117.4, 36.6), (117.45, 36.6), (117.45, 36.65)]),
                 Point(117.6, 36.72)], crs=4326)


def test_reconcile_follows_the_catalog_kinds():
    gdf = frame()
    choices = [imp.FieldChoice("status", "状态", "Status", "text", True),
               imp.FieldChoice("plan_year", "年", "Year", "category", True),
               imp.FieldChoice("area_mu", "面积", "Area", "number", True),
               imp.FieldChoice("备注", "备注", "Note", "number", False)]
    out, notices = impcols.reconcile(choices, gdf, CATALOG)
    by = {c.name: c for c in out}
    assert (by["status"].kind, by["status"].filter) == ("category", True)  # as bundled
    assert (by["plan_year"].kind, by["plan_year"].filter) == ("year", True)
    assert by["area_mu"].filter is False  # bundled filters it as a number; this is text
    assert by["备注"].kind != "number" and len(notices) == 3


def test_prepare_frame_adds_provenance_and_moves_clashing_columns():
    out, notices = imp.prepare_frame(frame(), source="用户导入：x.geojson（2025-01-01）",
                                     accuracy="approximate", accuracy_m=50, name_col="名称")
    assert list(out["name_zh"]) == ["地块一", HOSTILE, "地块三"]
    assert set(out["accuracy"]) == {"approximate"} and set(out["accuracy_m"]) == {50.0}
    assert list(out["accuracy_src"])[:2] == ["高", "中"] and "FID_src" in out
    assert out["source"].iloc[0].startswith("用户导入")
    assert len(notices) == 2
    kept, _ = imp.prepare_frame(frame().assign(accuracy=["exact", "schematic", None]),
                                source="s", accuracy="approximate", accuracy_m=None, name_col=None)
    assert list(kept["accuracy"])[:2] == ["exact", "schematic"] and math.isnan(kept["accuracy_m"][0])


def stored_layer(tmp_path):
    gdf, _ = imp.prepare_frame(frame(), source="用户导入：x（2025-01-01）", accuracy="exact",
                               accuracy_m=None, name_col="名称")
    choices = [imp.FieldChoice(c.name, c.zh, c.en, c.kind, c.filter)
               for c in impcols.default_choices(gdf, CATALOG)]
    choices, _ = impcols.reconcile(choices, gdf, CATALOG)
    spec = imp.build_spec("imp_test0001", HOSTILE, "Plots " + TEMPLATE, "#ff0000", gdf, choices,
                          ["名称", "备注", "status"], imp.source_text("x.geojson"))
    return open_store(root=tmp_path).add_layer(spec, gdf, actor=LOCAL)


def test_stored_import_behaves_like_a_bundled_layer(tmp_path):
    stored = stored_layer(tmp_path)
    restarted = open_store(root=tmp_path).layer_specs()
    cat = with_extra_layers(CATALOG, restarted)
    spec = cat.get("imp_test0001")
    assert spec.theme == "imported" and spec == stored
    data = {s.id: load_layer(s) for s in cat.layers}
    assert len(data[spec.id]) == 3
    kinds = ex.declared_filters(cat)  # raises if the import clashed with a bundled kind
    assert kinds["status"] == "category"
    flt = ex.FilterSet((ex.build_filter(kinds, "status", "in", ["在建"]),))
    mask = ex.layer_masks(data, [spec], flt)[spec.id]
    assert mask.tolist() == [False, True, False]
    search = ex.layer_masks(data, [spec], ex.FilterSet((ex.TextFilter(ex.TEXT_FIELDS, "地块三"),)))
    assert search[spec.id].tolist() == [False, False, True]


def test_spec_names_and_labels_are_plain(tmp_path):
    gdf = frame().rename(columns={"备注": "![i](http://e.com/i.png)"})
    gdf, _ = imp.prepare_frame(gdf, source="s", accuracy="exact", accuracy_m=None, name_col=None)
    spec = imp.build_spec("imp_test0002", "[x](http://e.com)", "", "#ff0000", gdf,
                          impcols.default_choices(gdf, CATALOG), [], ("s", "s"))
    texts = [spec.name_zh, spec.name_en, spec.legend_zh] + [f.zh for f in spec.fields] + [
        f.en for f in spec.fields]
    from layers.text import md_plain

    assert spec.name_zh == "[x](http://e.com)"  # kept as typed; shown through md_plain
    assert not any("[" in md_plain(t) or "]" in md_plain(t) or "http:" in md_plain(t) for t in texts)
    assert spec.name_en == "imp_test0002"  # an empty name falls back to the id


def test_renderer_escapes_an_imported_layer(tmp_path):
    spec = stored_layer(tmp_path)
    gdf = load_layer(spec)
    html = build_map({spec.id: gdf}, [spec], get_basemap("offline"), (), "zh").get_root().render()
    for raw in ("<img src=x", "</script><script>window.__xss"):  # `${` in JSON data is inert
        assert raw not in html


def test_preview_spec_declares_every_column():
    gdf = frame()
    spec = imp.preview_spec(gdf)
    assert [f.name for f in spec.fields] == imp.attribute_columns(gdf)
    assert set(spec.geometry_types) == {"Point", "Polygon"}
    html = build_map({spec.id: gdf}, [spec], get_basemap("offline"), (), "en").get_root().render()
    assert "<img src=x" not in html


def test_save_original_keeps_bytes(tmp_path):
    data = bytes(np.random.default_rng(1).integers(0, 256, 1000, dtype=np.uint8))
    path = imp.save_original(data, tmp_path, "imp_0000abcd", ".zip")
    assert path.name == "imp_0000abcd.zip" and path.read_bytes() == data
