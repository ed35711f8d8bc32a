"""The reading pipeline run inside the sandboxed child: prepare -> read -> finish.

``run_job(jobdir, job)`` never raises for a bad file: problems end in ``IngestResult.error``.
Prepare: unpack .zip/.kmz (guarded), guard .xlsx, check the content fits the extension.
Read: GDAL formats through ``_ingest_vector``, tables through ``_ingest_table``. Finish
(``_ingest_finish``): columns, geometry integrity, CRS, WGS84, with counts after each step.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo import _ingest_sniff as sniff
from geo import _ingest_vector as vector
from geo import _ingest_zip as zipmod
from geo._ingest_finish import finish, record_drops
from geo._ingest_table import read_csv, read_xlsx
from geo._ingest_tableframe import table_frame
from geo.errors import GeoError, IngestError
from geo.ingest_result import IngestResult

FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".shp": "Shapefile", ".gpkg": "GeoPackage",
           ".kml": "KML", ".fgb": "FlatGeobuf", ".csv": "CSV", ".xlsx": "XLSX"}
_PRIORITY = (".shp", ".gpkg", ".geojson", ".fgb", ".kml", ".json", ".csv", ".xlsx")
_NO_ENCODING = (".gpkg", ".fgb", ".kml", ".xlsx")


def _pick_dataset(found: zipmod.Extracted, res: IngestResult, what_pair: tuple[str, str],
                  layer: str | None = None) -> zipmod.Dataset:
    what, what_en = what_pair
    if not found.datasets:
        shown = ", ".join(found.members[:10])
        raise IngestError.with_kind("unsupported", f"{what}中没有可读取的数据文件；内容：{shown}",
                                    f"The {what_en} holds no readable dataset; it contains: {shown}")
    ranked = sorted(found.datasets, key=lambda d: (_PRIORITY.index(d.ext), d.name.lower()))
    res.layers = [d.name for d in ranked]
    if layer is not None:  # a dataset of the zip chosen by name (with or without its extension)
        named = [d for d in ranked if layer in (d.name, Path(d.name).stem)]
        ranked = named + [d for d in ranked if d not in named]
    chosen = ranked[0]
    if len(ranked) > 1 and layer is None:
        others = ", ".join(d.name for d in ranked[1:])[:300]
        res.warn(f"{what}中有 {len(ranked)} 个数据集，只读取了“{chosen.name}”；其他：{others}",
                 f"The {what_en} holds {len(ranked)} datasets; only {chosen.name!r} was read; others: {others}")
    if found.skipped:
        shown = ", ".join(found.skipped[:10])
        res.warn(f"{what}中未读取的文件：{shown}", f"Files in the {what_en} that were not read: {shown}")
    res.layer = chosen.name
    return chosen


def _zip_choice(found: zipmod.Extracted, job: dict) -> str | None:
    """Which dataset of a zip ``job["layer"]`` names; what remains of it is the layer inside.

    ``x.shp`` / ``x`` names a dataset; ``x.gpkg/parcels`` a GeoPackage's layer; a bare name that
    is no dataset is a layer of the zip's (first) GeoPackage."""
    want = job.get("layer")
    if want is None:
        return None
    names = {n for d in found.datasets for n in (d.name, Path(d.name).stem)}
    if want in names:
        job["layer"] = None
        return want
    head, _, tail = want.partition("/")
    if tail and head in names:
        job["layer"] = tail
        return head
    return None


def prepare(jobdir: Path, job: dict, res: IngestResult) -> tuple[Path, str]:
    """Unpack/guard containers and check content; return (path to read, its extension)."""
    path, ext, limits = jobdir / job["input"], job["ext"], _Limits(job["limits"])
    if ext in (".zip", ".kmz"):
        outdir = jobdir / "unpacked"
        outdir.mkdir()
        wanted = (".kml",) if ext == ".kmz" else zipmod.DATASET_EXTS
        found = zipmod.extract(path, outdir, limits, wanted=wanted)
        res.members = found.members
        if ext == ".kmz":
            found.datasets.sort(key=lambda d: not d.name.lower().endswith("doc.kml"))
            found.datasets, found.skipped = found.datasets[:1], []
        in_zip = _zip_choice(found, job) if ext == ".zip" else None
        chosen = _pick_dataset(found, res, ("压缩包", "zip") if ext == ".zip" else ("KMZ", "KMZ"), in_zip)
        path, ext = chosen.path, chosen.ext
    if ext == ".xlsx":
        zipmod.guard(path, limits)
    sniff.check_content(path, ext)
    res.format = FORMATS[ext]
    return path, ext


class _Limits:
    """Attribute access to the job's limits dict (what ``geo.ingest.Limits`` holds)."""

    def __init__(self, values: dict) -> None:
        self.__dict__.update(values)


def _srid_declaration(srids: set, res: IngestResult) -> vector.Declared | None:
    if len(srids) > 1:
        res.warn(f"WKT 中有多个 SRID：{sorted(srids)}，未采用", f"The WKT holds several SRIDs {sorted(srids)}; none was used")
    if len(srids) != 1:
        return None
    try:
        return vector.Declared(CRS.from_epsg(next(iter(srids))), ("WKT 的 SRID", "the WKT SRID"))
    except CRSError:
        return None


def _read_table(path: Path, ext: str, job: dict, res: IngestResult) -> vector.Raw:
    table = read_csv(path, job.get("encoding")) if ext == ".csv" else read_xlsx(path)
    res.step("read", len(table.rows))
    frame, bad, notes, srids = table_frame(table)
    record_drops(res, bad, frame.attrs["lines"], "coordinates")
    res.step("coordinates", len(frame))
    declared = _srid_declaration(srids, res)
    return vector.Raw(frame, declared, table.warnings + notes, table.decision)


def read(path: Path, ext: str, jobdir: Path, job: dict, res: IngestResult) -> vector.Raw:
    """Read the prepared file into a Raw (frame without CRS + declared CRS + notes)."""
    if job.get("layer") is not None and ext != ".gpkg":  # only a GeoPackage has named layers
        if res.layers:  # the datasets of a zip
            raise vector.no_such_layer(job["layer"], res.layers)
        raise IngestError.with_kind(
            "layer", f"{FORMATS[ext]} 文件只有一个图层，无需选择图层（指定了“{job['layer']}”，请去掉 --layer）",
            f"A {FORMATS[ext]} file has a single layer: there is no layer to choose "
            f"({job['layer']!r} was asked for; leave out --layer)")
    override = job.get("encoding")
    if override and ext in _NO_ENCODING:
        res.warn(f"{FORMATS[ext]} 自带编码，已忽略指定的编码 {override}",
                 f"{FORMATS[ext]} defines its own encoding; the encoding {override} was ignored")
    if ext in (".csv", ".xlsx"):
        return _read_table(path, ext, job, res)
    if ext == ".shp":
        raw = vector.read_shapefile(path, override)
    elif ext in (".geojson", ".json"):
        raw = vector.read_geojson(path, override, jobdir)
    elif ext == ".kml":
        raw = vector.read_kml(path)
    elif ext == ".gpkg":
        res.layers = vector.layer_names(path)  # listed even when the asked layer is missing
        raw = vector.read_gpkg_or_fgb(path, FORMATS[ext], job.get("layer"))
    else:
        raw = vector.read_gpkg_or_fgb(path, FORMATS[ext])
    res.step("read", len(raw.frame))
    res.layer = raw.layer or res.layer
    res.layers = raw.layers or res.layers
    return raw


def run_job(jobdir: Path, job: dict) -> tuple[IngestResult, gpd.GeoDataFrame | None]:
    """Run the whole pipeline on a staged job; (result, WGS84 frame or None)."""
    res = IngestResult()
    try:
        path, ext = prepare(jobdir, job, res)
        raw = read(path, ext, jobdir, job, res)
        frame = finish(raw, job, res)
    except GeoError as exc:
        res.fail_from(exc, getattr(exc, "kind", "format"))
        return res, None
    return res, frame
