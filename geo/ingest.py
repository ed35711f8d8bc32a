"""Bring your own planning data: open any file a planning bureau hands over, or say why not.

Public API (the upload UI and ``python -m geo`` share it)::

    inspect_file(path, encoding=None, crs=None, lang="zh", limits=Limits()) -> IngestResult
    read_file_safely(path, ...) -> (GeoDataFrame in EPSG:4326 | None, IngestResult)
    stage_upload([(filename, bytes), ...], limits) -> Path   # server-made temp copy to pass on

Formats: GeoJSON, zipped Shapefile (or .shp with its sidecars beside it), GeoPackage, KML/KMZ,
FlatGeobuf, CSV and XLSX with coordinate columns (经度/纬度, lon/lat, lng/lat, x/y, WKT).

Safety (shared/notes/bad-input-and-security.md S6-S12): the input is copied into a fresh
server-made temp dir under a server-made name (only its extension is kept, from the allow-list);
the original is never written to. Everything else - zip guards and extraction, content checks,
encoding, GDAL, CRS - runs in a child process with a timeout, memory/CPU limits and a GDAL
driver allow-list (``geo._ingest_spawn``). Problems with the file never raise: they come back
as ``IngestResult.error`` (zh, en) with ``usable=False``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geo._ingest_encoding import normalize as normalize_encoding
from geo._ingest_spawn import FRAME_NAME, run_child
from geo.errors import IngestError, pick
from geo.ingest_result import IngestResult

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["SUPPORTED_EXTENSIONS", "IngestResult", "Limits", "inspect_file", "read_file_safely",
           "stage_upload"]

#: File name endings accepted (".shp.zip" counts as ".zip"); compare lower-cased.
SUPPORTED_EXTENSIONS = (".geojson", ".json", ".zip", ".shp", ".gpkg", ".kml", ".kmz", ".fgb",
                        ".csv", ".xlsx")
SHAPEFILE_SIDECARS = (".shx", ".dbf", ".prj", ".cpg")
_MB = 2**20


@dataclass(frozen=True)
class Limits:
    """Resource limits for reading one file (defaults for a command line; the app passes limits
    that follow its configured upload size, ``ui.importer.upload_limits``).

    ``memory_mb`` is the address space the parse may add on top of the interpreter and its
    libraries (about 0.5 GB mapped before any file is opened). Zip limits apply to .zip, .kmz
    and .xlsx containers before anything is decompressed.
    """

    max_bytes: int = 50 * _MB
    timeout_s: float = 60
    memory_mb: int = 1024
    zip_max_members: int = 200
    zip_max_total_mb: int = 500
    zip_max_ratio: int = 100


def extension_of(name: str) -> str | None:
    """The supported extension ``name`` ends with (lower-case), or None."""
    low = name.lower()
    return next((ext for ext in SUPPORTED_EXTENSIONS if low.endswith(ext)), None)


def _too_large(size: int, limits: Limits) -> IngestError:
    mb, cap = size / _MB, limits.max_bytes / _MB
    return IngestError.with_kind(
        "too_large",
        f"文件太大：{mb:.1f} MB，上限为 {cap:.0f} MB",
        f"File too large: {mb:.1f} MB; the limit is {cap:.0f} MB",
    )


def _unsupported(name: str) -> IngestError:
    exts = "、".join(SUPPORTED_EXTENSIONS)
    return IngestError.with_kind(
        "unsupported",
        f"不支持的文件类型“{os.path.basename(name)[-60:]}”；支持：{exts}",
        f"Unsupported file type {os.path.basename(name)[-60:]!r}; supported: "
        f"{', '.join(SUPPORTED_EXTENSIONS)}",
    )


def _source_parts(path: Path, ext: str) -> list[tuple[Path, str]]:
    """The files to copy: the path itself, plus a .shp's sidecars found beside it."""
    parts = [(path, ext)]
    if ext == ".shp":
        for side in SHAPEFILE_SIDECARS:
            for cand in (path.with_suffix(side), path.with_suffix(side.upper())):
                if cand.is_file() and not cand.is_symlink():
                    parts.append((cand, side))
                    break
    return parts


def _stage(path: str | os.PathLike, jobdir: Path, limits: Limits) -> str:
    """Copy the input (and sidecars) into ``jobdir`` as ``input.<ext>``; return the ext."""
    text = os.fspath(path)
    if "://" in text or text.lstrip().lower().startswith("/vsi"):
        raise IngestError.with_kind("unsupported", "只能读取本地文件，不接受网址或 GDAL 虚拟路径",
                          "Only local files can be read: URLs and GDAL /vsi paths are refused")
    src = Path(text)
    ext = extension_of(src.name)
    if ext is None:
        raise _unsupported(src.name)
    if not src.is_file() or src.is_symlink():
        raise IngestError.with_kind("unsupported", f"找不到文件：{src.name}", f"File not found: {src.name}")
    parts = _source_parts(src, ext)
    size = sum(p.stat().st_size for p, _ in parts)
    if size > limits.max_bytes:
        raise _too_large(size, limits)
    for part, part_ext in parts:
        shutil.copyfile(part, jobdir / f"input{part_ext}")
    return ext


def _check_args(encoding: str | None, lang: str) -> None:
    pick(lang, "", "")  # ValueError for an unknown language: a programming error
    if encoding is not None:
        normalize_encoding(encoding)  # IngestError("encoding") for an unknown name


def _run(path, encoding, crs, swap_xy, lang, limits, want_frame, layer=None):
    """Stage, run the child, collect (result, frame)."""
    with tempfile.TemporaryDirectory(prefix="zq-ingest-") as tmp:
        jobdir = Path(tmp)
        try:
            _check_args(encoding, lang)
            ext = _stage(path, jobdir, limits)
            job = {"input": f"input{ext}", "ext": ext, "encoding": encoding, "crs": crs,
                   "swap_xy": bool(swap_xy), "want_frame": want_frame, "limits": asdict(limits),
                   "layer": layer}
            (jobdir / "job.json").write_text(json.dumps(job), encoding="utf-8")
            result = IngestResult.from_state(run_child(jobdir, limits.timeout_s))
        except IngestError as exc:
            return IngestResult().fail_from(exc, exc.kind), None
        except OSError as exc:
            return IngestResult().fail("unsupported", f"无法读取文件：{exc.strerror}",
                                       f"Cannot read the file: {exc.strerror}"), None
        return result, (_frame(jobdir, result) if want_frame and result.usable else None)


def _frame(jobdir: Path, result: IngestResult) -> gpd.GeoDataFrame | None:
    """The child's Feather file as a GeoDataFrame in EPSG:4326 (None + error if missing)."""
    import geopandas as gpd

    try:
        return gpd.read_feather(jobdir / FRAME_NAME).set_crs(4326, allow_override=True)
    except (OSError, ValueError, ImportError) as exc:
        result.fail("crash", "读取程序没有交回可用的数据", f"The reader returned no usable data ({exc})")
        return None


def inspect_file(path: str | os.PathLike, encoding: str | None = None, crs: str | None = None,
                 lang: str = "zh", limits: Limits = Limits(), *, swap_xy: bool = False,  # noqa: B008
                 layer: str | None = None) -> IngestResult:
    """Report on a file without transferring its geometries (what ``geo inspect`` prints).

    Preconditions: ``path`` is a server-made local path (never a user string); its name's
    extension is in SUPPORTED_EXTENSIONS. ``encoding`` overrides text-encoding detection;
    ``crs`` is "EPSG:4527", "4527", "gcj02" or "bd09" (also "wgs84", "cgcs2000");
    ``swap_xy`` exchanges x and y first (offered by a candidate with ``swap_xy: True``).
    ``lang`` ("zh"/"en") is validated; the result carries both languages. ``layer``: which layer
    of a multi-layer GeoPackage, or which dataset of a zip (``name``, or ``dataset/layer`` for a
    GeoPackage inside a zip); default the first; ``result.layers`` lists them. Never raises for
    a bad file: see ``result.usable``/``result.error``.
    """
    return _run(path, encoding, crs, swap_xy, lang, limits, want_frame=False, layer=layer)[0]


def read_file_safely(path: str | os.PathLike, encoding: str | None = None, crs: str | None = None,
                     lang: str = "zh", limits: Limits = Limits(), *,  # noqa: B008
                     swap_xy: bool = False, layer: str | None = None,
                     ) -> tuple[gpd.GeoDataFrame | None, IngestResult]:
    """Read a file in the sandboxed child: (frame in EPSG:4326, result), frame None if unusable.

    Same preconditions and options as :func:`inspect_file`. The frame has a fresh RangeIndex
    (source row numbers are in the result), renamed columns and repaired geometries.
    """
    result_frame = _run(path, encoding, crs, swap_xy, lang, limits, want_frame=True, layer=layer)
    return result_frame[1], result_frame[0]


def _main_part(files: Sequence[tuple[str, bytes]]) -> str:
    exts = [extension_of(name) or os.path.splitext(name)[1].lower() for name, _ in files]
    if ".shp" in exts:
        return ".shp"
    if len(files) != 1 or exts[0] not in SUPPORTED_EXTENSIONS:
        raise _unsupported(files[0][0] if len(files) == 1 else ", ".join(n for n, _ in files))
    return exts[0]


def stage_upload(files: Sequence[tuple[str, bytes]], limits: Limits = Limits()) -> Path:  # noqa: B008
    """Write uploaded bytes to a new server-made temp dir; return the path to pass on.

    ``files``: one (original name, bytes) pair, or a shapefile's parts (.shp + .shx, .dbf,
    .prj, .cpg). Only each name's extension is used; files are saved as ``upload.<ext>``.
    Raises IngestError when the total exceeds ``limits.max_bytes`` or the type is not
    supported. The caller removes the returned path's parent directory when done.
    """
    if not files:
        raise _unsupported("")
    total = sum(len(data) for _, data in files)
    if total > limits.max_bytes:
        raise _too_large(total, limits)
    main = _main_part(files)
    folder = Path(tempfile.mkdtemp(prefix="zq-upload-"))
    for name, data in files:
        ext = extension_of(name) if main != ".shp" else os.path.splitext(name)[1].lower()
        if ext == main or (main == ".shp" and ext in SHAPEFILE_SIDECARS):
            (folder / f"upload{ext}").write_bytes(data)
    return folder / f"upload{main}"
