"""Command line: ``python -m geo inspect FILE`` and ``python -m geo convert IN OUT``.

Same engine as the app (``geo.ingest``): the file is parsed in a sandboxed child process.
Messages are in English by default (``--lang zh`` for Chinese): a terminal or a CI log is more
often read by people who share English than by the planners who see the app (default zh).
Exit codes: 0 the file is usable (convert: written); 2 it is not - the reason is on stderr,
e.g. the CRS is unknown and must be chosen with ``--crs`` - or the arguments are wrong;
1 an unexpected internal error (reported in one line, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geo.errors import GeoError, pick
from geo.ingest import Limits, inspect_file, read_file_safely
from geo.ingest_result import IngestResult

OUT_FORMATS = ((".shp.zip", "shp"), (".zip", "shp"), (".geojson", "geojson"), (".json", "geojson"),
               (".gpkg", "gpkg"), (".csv", "csv"), (".kml", "kml"))
_TO_CRS_ALIASES = {"wgs84": "EPSG:4326", "cgcs2000": "EPSG:4490", "gcj02": "gcj02"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo", description="Inspect or convert a planning data file safely.",
        epilog="CRS: EPSG:4527, 4527, gcj02 (AMap/Gaode), bd09 (Baidu), wgs84, cgcs2000. "
               "Exit 0: usable; 2: not usable (reason on stderr) or bad arguments; 1: internal error.")
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--encoding", help="text encoding of .dbf/CSV/GeoJSON (default: detect)")
    common.add_argument("--crs", help="CRS the coordinates are in, when the file has none or a wrong one")
    common.add_argument("--swap-xy", action="store_true", help="exchange x and y (lat/lon columns swapped)")
    common.add_argument("--lang", choices=("en", "zh"), default="en", help="message language (default: en)")
    common.add_argument("--max-mb", type=float, default=50, help="file size limit in MB (default 50)")
    common.add_argument("--timeout", type=float, default=60, help="parse time limit in s (default 60)")
    insp = sub.add_parser("inspect", parents=[common], help="report on a file")
    insp.add_argument("file", type=Path)
    insp.add_argument("--json", action="store_true", help="print one JSON object")
    conv = sub.add_parser("convert", parents=[common], help="convert a file (format from OUT's extension)")
    conv.add_argument("input", type=Path)
    conv.add_argument("output", type=Path, help=".geojson/.json, .gpkg, .zip/.shp.zip, .csv or .kml")
    conv.add_argument("--to-crs", default="EPSG:4326",
                      help="EPSG:4326 (default), EPSG:4490, EPSG:4527, EPSG:4548 or gcj02")
    return parser


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(max_bytes=int(args.max_mb * 2**20), timeout_s=args.timeout)


def _hint(res: IngestResult, lang: str) -> str:
    if res.error_kind not in ("crs_missing", "crs_invalid") or not res.crs_candidates:
        return ""
    first = res.crs_candidates[0]
    flag = " --swap-xy" if first["swap_xy"] else ""
    return pick(lang, f"\n用 --crs 指定坐标系，例如：--crs {first['crs']}{flag}",
                f"\nPass the CRS with --crs, e.g. --crs {first['crs']}{flag}")


def _fail(res: IngestResult, lang: str) -> int:
    print(pick(lang, "错误：", "error: ") + pick(lang, *res.error) + _hint(res, lang), file=sys.stderr)
    return 2


def _line(lang: str, zh: str, en: str, value: object) -> str:
    return f"{pick(lang, zh, en)}: {value}"


def _report(res: IngestResult, name: str, lang: str) -> str:
    steps = " → ".join(f"{s['step']} {s['count']}" for s in res.steps)
    cols = ", ".join(f"{k} ({v})" for k, v in res.columns.items())
    cands = "; ".join(f"{c['crs']}{' +swap-xy' if c['swap_xy'] else ''} {pick(lang, c['label_zh'], c['label_en'])}"
                      for c in res.crs_candidates)
    lines = [
        _line(lang, "文件", "File", f"{name} ({res.format or '?'})"),
        _line(lang, "要素", "Features", pick(lang, f"可用 {res.features}，略去 {res.dropped}",
                                             f"{res.features} usable, {res.dropped} left out")),
        _line(lang, "步骤", "Steps", steps),
        _line(lang, "编码", "Encoding", res.encoding),
        _line(lang, "坐标系", "CRS", res.crs or pick(lang, "未知", "unknown")),
        _line(lang, "候选坐标系", "CRS candidates", cands or "-"),
        _line(lang, "范围（WGS84）", "Bounds (WGS84)", res.bounds_wgs84),
        _line(lang, "几何类型", "Geometry types", res.geometry_types),
        _line(lang, "字段", "Columns", cols or "-"),
    ]
    lines += [f"- {m}" for m in res.messages(lang)[1 if res.error else 0:]]
    lines += [json.dumps(row, ensure_ascii=False) for row in res.sample[:3]]
    return "\n".join(lines)


def _inspect(args: argparse.Namespace) -> int:
    res = inspect_file(args.file, encoding=args.encoding, crs=args.crs, lang=args.lang,
                       limits=_limits(args), swap_xy=args.swap_xy)
    if args.json:
        print(json.dumps(res.to_json_dict(args.lang), ensure_ascii=False, allow_nan=False))
    else:
        print(_report(res, args.file.name, args.lang))
    return 0 if res.usable else _fail(res, args.lang)


def _out_format(path: Path) -> str | None:
    low = path.name.lower()
    return next((fmt for ext, fmt in OUT_FORMATS if low.endswith(ext)), None)


def _to_crs(text: str) -> str:
    key = text.strip().lower().replace("-", "")
    if key in _TO_CRS_ALIASES:
        return _TO_CRS_ALIASES[key]
    return f"EPSG:{key.removeprefix('epsg:')}" if key.removeprefix("epsg:").isdigit() else text


def _argument_error(lang: str, zh: str, en: str) -> int:
    print(pick(lang, "错误：", "error: ") + pick(lang, zh, en), file=sys.stderr)
    return 2


def _convert(args: argparse.Namespace) -> int:
    lang, fmt = args.lang, _out_format(args.output)
    if fmt is None:
        return _argument_error(lang, "输出文件扩展名须为 .geojson .json .gpkg .zip .shp.zip .csv .kml",
                               "OUT must end in .geojson, .json, .gpkg, .zip, .shp.zip, .csv or .kml")
    if args.output.resolve() == args.input.resolve():
        return _argument_error(lang, "输出不能覆盖输入文件", "OUT must not overwrite the input file")
    gdf, res = read_file_safely(args.input, encoding=args.encoding, crs=args.crs, lang=lang,
                                limits=_limits(args), swap_xy=args.swap_xy)
    if gdf is None:
        return _fail(res, lang)
    from geo.export import write_vector  # (heavy: only once there is something to write)

    warnings = list(res.warnings) + write_vector(gdf, args.output, fmt, to_crs=_to_crs(args.to_crs))
    for zh, en in warnings:
        print(pick(lang, "提示：", "warning: ") + pick(lang, zh, en), file=sys.stderr)
    print(pick(lang, f"已写入 {len(gdf)} 个要素到 {args.output}（{fmt}，{_to_crs(args.to_crs)}）",
               f"Wrote {len(gdf)} feature(s) to {args.output} ({fmt}, {_to_crs(args.to_crs)})"))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 usable, 2 not usable / bad arguments, 1 internal)."""
    args = _parser().parse_args(argv)
    try:
        return _inspect(args) if args.command == "inspect" else _convert(args)
    except GeoError as exc:
        print(pick(args.lang, "错误：", "error: ") + exc.message(args.lang), file=sys.stderr)
        return 2
    except Exception as exc:  # last resort: one line, no traceback
        print(f"internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
