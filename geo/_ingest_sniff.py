"""Look at a file's bytes before GDAL does: is it what its extension says, and is it hostile?

Defence in depth beside the driver allow-list: a GDAL VRT (``<OGRVRTDataSource``), raster VRT
or GDALG pipeline (``gdal_streamed_alg``) can make GDAL read other files on the server or
connect out (S6), whatever the file is called; XML entity declarations are refused in KML.
"""

from __future__ import annotations

from pathlib import Path

from geo.errors import IngestError, UnsafeInputError

_CHUNK = 2**20
_HOSTILE = (b"<ogrvrtdatasource", b"<vrtdataset", b"gdal_streamed_alg", b"<!entity")
_BOMS = (b"\xef\xbb\xbf",)
_MAGIC = {
    ".shp": (b"\x00\x00\x27\x0a",),
    ".gpkg": (b"SQLite format 3\x00",),
    ".fgb": (b"fgb\x03",),
    ".zip": (b"PK\x03\x04", b"PK\x05\x06"),
    ".kmz": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
_NAMES = {".shp": "Shapefile", ".gpkg": "GeoPackage", ".fgb": "FlatGeobuf", ".zip": "zip",
          ".kmz": "KMZ", ".xlsx": "XLSX", ".geojson": "GeoJSON", ".json": "GeoJSON",
          ".kml": "KML"}


def _head(path: Path, n: int = 4096) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def _hostile_marker(path: Path) -> bytes | None:
    """The first hostile marker found anywhere in the file (case-insensitive), or None."""
    tail = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            window = (tail + chunk).lower()
            for marker in _HOSTILE:
                if marker in window:
                    return marker
            tail = window[-32:]
    return None


def _not_a(ext: str) -> IngestError:
    name = _NAMES.get(ext, ext)
    return IngestError.with_kind(
        "format",
        f"文件内容不是 {name} 格式（与扩展名 {ext} 不符），可能已损坏或扩展名有误",
        f"The file's content is not {name} (its extension is {ext}): it may be damaged or "
        "misnamed",
    )


def _text_start(head: bytes) -> bytes:
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
    return head.lstrip(b" \t\r\n")


def check_content(path: Path, ext: str) -> None:
    """Raise unless the bytes of ``path`` fit ``ext``; refuse GDAL indirection files.

    GeoJSON must start with ``{`` (after BOM/whitespace), KML with ``<``; binary formats
    must carry their magic number. Text formats are scanned whole for VRT/GDALG markers
    and XML entity declarations (UnsafeInputError).
    """
    head = _head(path)
    if ext in _MAGIC:
        if not head.startswith(_MAGIC[ext]):
            raise _not_a(ext)
        return
    if ext in (".geojson", ".json", ".kml"):
        marker = _hostile_marker(path)
        if marker is not None:
            raise UnsafeInputError(
                f"已拒绝：文件含有 GDAL 间接引用或 XML 实体声明（{marker.decode()}），"
                "可能用于读取服务器上的其他文件",
                f"Refused: the file contains a GDAL indirection or XML entity declaration "
                f"({marker.decode()}) that could read other files on the server",
            )
        start = _text_start(head)
        if not start.startswith(b"{" if ext != ".kml" else b"<"):
            raise _not_a(ext)
