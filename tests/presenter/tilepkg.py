"""Small tile packages made in the test (never downloaded): raster PNG tiles painted one
colour per zoom, or one-polygon MVT tiles, as MBTiles, PMTiles or a z/x/y folder, over Zhangqiu."""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
from pathlib import Path

from PIL import Image

from layers.basemap_map import tile_range

ZHANGQIU = [[36.45, 117.2], [37.1, 117.75]]  # s, w / n, e
COLOURS = {z: (200 - 10 * z, 120 + 8 * z, 60 + 12 * z) for z in range(20)}
ATTRIBUTION = "测试底图 © 示例测绘院 <b>bold?</b>"


def png(z: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (256, 256), COLOURS[z]).save(buf, format="PNG")
    return buf.getvalue()


def mvt(z: int, x: int, y: int) -> bytes:
    import mapbox_vector_tile

    poly = "POLYGON ((256 256, 3840 256, 3840 3840, 256 3840, 256 256))"
    return gzip.compress(mapbox_vector_tile.encode([{"name": "landuse", "features": [
        {"geometry": poly, "properties": {"kind": "park", "z": z}}]}]))


def tiles(zooms: range, vector: bool = False):
    for z in zooms:
        cols, rows = tile_range(ZHANGQIU, z)
        for x in cols:
            for y in rows:
                yield z, x, y, (mvt(z, x, y) if vector else png(z))


def mbtiles(path: Path, zooms: range = range(8, 13), vector: bool = False,
            attribution: str | None = ATTRIBUTION) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE metadata (name text, value text)")
    con.execute("CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, "
                "tile_data blob)")
    meta = {"name": path.stem, "format": "pbf" if vector else "png",
            "bounds": "117.2,36.45,117.75,37.1", "minzoom": zooms[0], "maxzoom": zooms[-1]}
    if attribution:
        meta["attribution"] = attribution
    con.executemany("INSERT INTO metadata VALUES (?, ?)", [(k, str(v)) for k, v in meta.items()])
    con.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                    [(z, x, 2**z - 1 - y, data) for z, x, y, data in tiles(zooms, vector)])
    con.commit()
    con.close()
    return path


def pmtiles(path: Path, zooms: range = range(8, 12)) -> Path:
    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import Writer

    with open(path, "wb") as f:
        w = Writer(f)
        for z, x, y, data in sorted(tiles(zooms), key=lambda t: zxy_to_tileid(*t[:3])):
            w.write_tile(zxy_to_tileid(z, x, y), data)
        w.finalize({"tile_type": TileType.PNG, "tile_compression": Compression.NONE,
                    "min_zoom": zooms[0], "max_zoom": zooms[-1], "min_lon_e7": 1172000000,
                    "min_lat_e7": 364500000, "max_lon_e7": 1177500000, "max_lat_e7": 371000000,
                    "center_zoom": zooms[0], "center_lon_e7": 1175000000, "center_lat_e7": 367000000},
                   {"attribution": "PMTiles 测试", "name": "pm"})
    return path


def folder(path: Path, zooms: range = range(8, 11)) -> Path:
    for z, x, y, data in tiles(zooms):
        (path / str(z) / str(x)).mkdir(parents=True, exist_ok=True)
        (path / str(z) / str(x) / f"{y}.png").write_bytes(data)
    (path / "metadata.json").write_text(json.dumps({"name": "folder tiles",
                                                    "attribution": "文件夹底图"}), encoding="utf-8")
    return path
