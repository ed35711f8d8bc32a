"""A workspace written by the earlier embedded code (zq_meta documents, ws_<id> layers with a
layer_spec:<id> document) opens in the GeoPackage engine without loss; the file stays a GPKG."""

from __future__ import annotations

import json

import pandas as pd
import pyogrio

from layers.load import load_layer
from layers.store.gpkg import GpkgStore
from layers.store.values import spec_to_dict
from tests.store.conftest import frame, spec


def legacy_workspace(root) -> None:
    """The layout as layers/workspace.py wrote it (before the store)."""
    gpkg = root / "workspace.gpkg"
    root.mkdir(parents=True)
    frame().to_file(gpkg, layer="ws_old", driver="GPKG", engine="pyogrio")
    d = spec_to_dict(spec("old"))
    d.update(file=str(gpkg), gpkg_layer="ws_old")
    docs = {"zq_created": "true", "layer_spec:old": json.dumps(d, ensure_ascii=False),
            "scenes": json.dumps([{"caption": "总览"}], ensure_ascii=False)}
    pyogrio.write_dataframe(pd.DataFrame({"key": list(docs), "value": list(docs.values())}),
                            gpkg, layer="zq_meta", driver="GPKG")


def test_a_workspace_of_the_earlier_code_opens_without_loss(tmp_path):
    root = tmp_path / "ws"
    legacy_workspace(root)
    store = GpkgStore(root)
    [old] = store.layer_specs()
    assert old.id == "old" and old.gpkg_layer == "ws_old" and store.count("old") == 2
    assert list(load_layer(old)["name_zh"]) == ["甲", "乙"]
    assert store.get("scenes") == [{"caption": "总览"}] and store.keys() == ["scenes"]
    assert GpkgStore(root).layer_specs() == [old]  # migrated once, a second open changes nothing
    layers = dict(pyogrio.list_layers(root / "workspace.gpkg"))
    assert "ws_old" in layers and "zq_meta" in layers  # still a GeoPackage GDAL reads
