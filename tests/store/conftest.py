"""The ``store`` fixture: every store test runs against both engines, each on an empty workspace
(a fresh folder for the GeoPackage, a fresh database from the prepared template for PostGIS)."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point

from layers.spec import Field, LayerSpec, Style
from layers.store.base import Store

ENGINES = ("gpkg", "postgis")


def make_store(kind: str, tmp_path, request) -> Store:
    """A new, empty store of ``kind`` (not the process-wide cached one)."""
    if kind == "gpkg":
        from layers.store.gpkg import GpkgStore

        return GpkgStore(tmp_path / "ws")
    from layers.store.postgis import PostgisStore

    url = request.getfixturevalue("pg_db")
    store = PostgisStore(url, tmp_path / "ws")
    request.addfinalizer(store.close)
    return store


@pytest.fixture(params=ENGINES)
def store(request, tmp_path) -> Store:
    return make_store(request.param, tmp_path, request)


@pytest.fixture
def twin(request, tmp_path, store) -> Store:
    """A second store object on the same workspace (as another process would open it)."""
    if store.kind == "gpkg":
        from layers.store.gpkg import GpkgStore

        return GpkgStore(store.root)
    from layers.store.postgis import PostgisStore

    other = PostgisStore(store.url, store.root)
    request.addfinalizer(other.close)
    return other


def spec(layer_id: str = "my_parcels") -> LayerSpec:
    return LayerSpec(
        id=layer_id, name_zh="我的地块", name_en="My parcels", theme="imported", file="",
        geometry_types=("Point",), style=Style(color="#ff0000"),
        fields=(Field("name_zh", "名称", "Name", "text", filter=True),
                Field("source", "来源", "Source"), Field("accuracy", "精度", "Accuracy", "category"),
                Field("area", "面积", "Area", "number")),
        tooltip=("name_zh",), legend_zh="我的地块", legend_en="My parcels")


def frame(n: int = 2) -> gpd.GeoDataFrame:
    names = ["甲", "乙"] + [f"地块{i}" for i in range(2, n)]
    return gpd.GeoDataFrame({"name_zh": names[:n], "source": ["upload"] * n,
                             "accuracy": ["exact"] * n, "area": [1.5 * i for i in range(n)]},
                            geometry=[Point(117.5 + i * 1e-4, 36.7) for i in range(n)], crs=4326)
