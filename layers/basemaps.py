"""Basemaps: an offline default plus opt-in online tile services, declared as data.

Only ``offline`` and the presenter's own packages (``pkg-…``: MBTiles/PMTiles/z-x-y folders in
``ZQ_BASEMAPS``, served by the app's own server) make no request beyond that server.  ``gaode`` tiles are GCJ-02:
while it is on, overlays are shifted WGS84 → GCJ-02 (``shift="gcj02"``) so they line up.
天地图 needs a key (env ``ZQ_TIANDITU_KEY`` or Streamlit secrets ``tianditu_key``); its ``_w``
layers are Web Mercator tiles of CGCS2000 data, which needs no shift at map scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from layers import basemap_packages as bp
from layers.text import pick

TIANDITU = (
    "http://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}"
    "&TILECOL={{x}}&tk={key}"
)


@dataclass(frozen=True)
class TileLayer:
    """One tile source of a basemap: URL template, attribution, zoom limit, subdomains."""
    url: str
    attribution: str
    subdomains: str = "abc"
    max_zoom: int = 18
    vector: bool = False  # Mapbox vector tiles (a presenter's package), drawn with VectorGrid
    min_zoom: int = 0
    package: str = ""  # the basemap package id these tiles come from (layers/basemap_packages.py)


@dataclass(frozen=True)
class Basemap:
    """A basemap the user can pick: its tiles, labels, CRS shift and whether it is online."""
    id: str
    zh: str
    en: str
    tiles: tuple[TileLayer, ...] = ()
    shift: str = "wgs84"
    needs_key: bool = False
    online: bool = True

    def label(self, lang: str) -> str:
        return pick(self.zh, self.en, lang)


def tianditu_tiles(key: str, base: str = "vec", labels: str = "cva") -> tuple[TileLayer, ...]:
    """The 天地图 base (``vec``) and label (``cva``) tile layers for the key ``key``."""
    attr = "天地图 © 国家地理信息公共服务平台 (GS(2024)0568号)"
    return tuple(
        TileLayer(TIANDITU.format(s="{s}", layer=lay, key=key), attr, subdomains="01234567")
        for lay in (base, labels)
    )


BASEMAPS = (
    Basemap("offline", "离线底图（区界与驻地）", "Offline (district & seats)", online=False),
    Basemap("tianditu", "天地图（需密钥）", "Tianditu (key needed)", needs_key=True),
    Basemap("gaode", "高德地图（GCJ-02）", "Gaode / AMap (GCJ-02)", shift="gcj02", tiles=(
        TileLayer("http://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
                  "&x={x}&y={y}&z={z}", "© 高德地图 AutoNavi", subdomains="1234"),)),
    Basemap("osm", "OpenStreetMap", "OpenStreetMap", tiles=(
        TileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                  "© OpenStreetMap contributors", subdomains=""),)),
    Basemap("esri", "Esri 影像", "Esri imagery", tiles=(
        TileLayer("https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer"
                  "/tile/{z}/{y}/{x}", "Tiles © Esri", subdomains=""),)),
)


def package_basemap(pkg: bp.Package) -> Basemap:
    """A presenter's offline package as a basemap: its tiles come from the app's own server."""
    kind = ("矢量" if pkg.vector else "栅格", "vector" if pkg.vector else "raster")
    tile = TileLayer(bp.tile_url(pkg), pkg.attribution, subdomains="", max_zoom=max(pkg.maxzoom, 18),
                     vector=pkg.vector, min_zoom=pkg.minzoom, package=pkg.id)
    return Basemap(pkg.id, f"离线底图包：{pkg.name}（{kind[0]}）", f"Offline package: {pkg.name} ({kind[1]})",
                   tiles=(tile,), online=False)


def all_basemaps() -> tuple[Basemap, ...]:
    """The declared basemaps, then the offline packages found in the basemap folder."""
    return BASEMAPS + tuple(package_basemap(p) for p in bp.discover())


def get_basemap(basemap_id: str) -> Basemap:
    """The basemap with this id (the first one, offline, for an unknown id)."""
    for b in BASEMAPS:
        if b.id == basemap_id:
            return b
    if basemap_id.startswith(bp.PREFIX):
        pkg = bp.find(basemap_id)
        if pkg is not None:
            return package_basemap(pkg)
    return BASEMAPS[0]


def resolve_tiles(basemap: Basemap, tianditu_key: str | None) -> tuple[TileLayer, ...]:
    """Tile layers to draw; 天地图 without a key yields none (the app says why)."""
    if basemap.id == "tianditu":
        return tianditu_tiles(tianditu_key) if tianditu_key else ()
    return basemap.tiles
