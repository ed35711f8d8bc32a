"""A corpus of nasty files, generated into a temp dir by each test (nothing large is committed).

Each builder writes one file (or a shapefile set) and returns the path to hand to the reader.
Coordinates are near Zhangqiu (117.53°E, 36.68°N) unless the case is about something else.
"""

from __future__ import annotations

import json
import os
import stat
import struct
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely
from pyproj import CRS, Transformer

from geo.chinacrs import wgs84_to_gcj02

ZQ_LON, ZQ_LAT = 117.53, 36.68
NAMES = ["章丘区", "明水街道", "历下区"]


def _points(n: int = 3) -> list:
    return [shapely.Point(ZQ_LON + 0.01 * i, ZQ_LAT + 0.01 * i) for i in range(n)]


def projected_xy(epsg: int, n: int = 3) -> list[tuple[float, float]]:
    """Zhangqiu points projected to ``epsg`` (x = easting)."""
    tr = Transformer.from_crs(4326, epsg, always_xy=True)
    return [tr.transform(ZQ_LON + 0.01 * i, ZQ_LAT + 0.01 * i) for i in range(n)]


def write_shp(folder: Path, name: str, geoms: list, attrs: dict | None = None, *,
              encoding: str = "UTF-8", prj_epsg: int | None = 4326, cpg: bool = True) -> Path:
    """A shapefile set; ``prj_epsg`` None -> no .prj (ESRI WKT otherwise); ``cpg`` False -> none."""
    attrs = attrs if attrs is not None else {"name": NAMES[: len(geoms)]}
    gdf = gpd.GeoDataFrame(attrs, geometry=geoms)
    path = folder / f"{name}.shp"
    pyogrio.write_dataframe(gdf, path, encoding=encoding)
    if prj_epsg is not None:
        path.with_suffix(".prj").write_text(CRS.from_epsg(prj_epsg).to_wkt("WKT1_ESRI"))
    else:
        path.with_suffix(".prj").unlink(missing_ok=True)
    if not cpg:
        path.with_suffix(".cpg").unlink(missing_ok=True)
    return path


def gbk_shapefile(folder: Path) -> Path:
    """B1: GBK .dbf with no .cpg (typical of Chinese tools): naive reading gives mojibake."""
    return write_shp(folder, "gbk", _points(), encoding="GBK", cpg=False)


class _GbkName(zipfile.ZipInfo):
    """A zip member whose name is stored in GBK without the UTF-8 flag (Chinese Windows zip)."""

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's private hook
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def zip_files(dest: Path, files: dict[str, bytes], *, gbk_names: bool = False) -> Path:
    """A zip of ``files`` (name -> bytes); names stored in GBK when asked."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = _GbkName(name) if gbk_names else zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return dest


def shapefile_zip(folder: Path, shp: Path, stem: str, *, gbk_names: bool = False) -> Path:
    """Zip a shapefile set under member names ``stem.*``."""
    files = {f"{stem}{p.suffix}": p.read_bytes() for p in sorted(shp.parent.glob(shp.stem + ".*"))}
    return zip_files(folder / "upload.zip", files, gbk_names=gbk_names)


def geojson(folder: Path, features: list[dict], name: str = "data.geojson", **top) -> Path:
    """A FeatureCollection written as text (so non-standard tokens like NaN can be planted)."""
    doc = {"type": "FeatureCollection", **top, "features": features}
    path = folder / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def feature(geom: dict | None, **props) -> dict:
    """One GeoJSON feature."""
    return {"type": "Feature", "properties": props, "geometry": geom}


def point(x: float, y: float) -> dict:
    """A GeoJSON point geometry."""
    return {"type": "Point", "coordinates": [x, y]}


def bowtie(lon: float = ZQ_LON, lat: float = ZQ_LAT, d: float = 0.01) -> dict:
    """B11: a self-intersecting polygon (its two lobes cancel in the shoelace area)."""
    ring = [[lon, lat], [lon + d, lat + d], [lon + d, lat], [lon, lat + d], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def truncate_field_name(dbf: Path, field_index: int, raw: bytes) -> None:
    """Overwrite a DBF field name with ``raw`` (<= 10 bytes), e.g. cut mid-character."""
    with open(dbf, "r+b") as fh:
        fh.seek(32 + 32 * field_index)
        fh.write(raw.ljust(11, b"\x00")[:11])


def truncate(path: Path, keep: int) -> None:
    """Cut a file to its first ``keep`` bytes (an interrupted copy)."""
    data = path.read_bytes()
    path.write_bytes(data[:keep])


def shp_record_offsets(shx: Path) -> list[int]:
    """Byte offsets of the records of a .shp, read from its .shx."""
    data = shx.read_bytes()[100:]
    return [struct.unpack(">i", data[i:i + 4])[0] * 2 for i in range(0, len(data), 8)]


def symlink_zip(dest: Path) -> Path:
    """S9: a zip whose member is a symbolic link to /etc/passwd."""
    with zipfile.ZipFile(dest, "w") as zf:
        info = zipfile.ZipInfo("link.geojson")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    return dest


def bomb_zip(dest: Path, mb: int) -> Path:
    """S9: a small zip declaring ``mb`` MB of zeros (a zip bomb in miniature)."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf, \
            zf.open("bomb.geojson", "w", force_zip64=True) as out:
        block = b"\x00" * 2**20
        for _ in range(mb):
            out.write(block)
    return dest


def gcj_points(lons: list[float], lats: list[float]) -> tuple[list[float], list[float]]:
    """WGS84 -> GCJ-02 (what AMap shows for these WGS84 points)."""
    x, y = wgs84_to_gcj02(lons, lats)
    return [float(v) for v in x], [float(v) for v in y]


def size_of(path: Path) -> int:
    """File size in bytes."""
    return os.path.getsize(path)
