"""``python -m layers import|list|remove|audit|serve``: the workspace from a terminal, same engine as the app.

``import`` reads the file in the sandboxed child (:func:`geo.ingest.read_file_safely`: same
encoding/CRS checks and integrity report as the upload), stores it in the workspace
store (:func:`layers.store.open_store`: ``ZQ_DATABASE_URL`` or ``ZQ_WORKSPACE``) like the upload
does, acting as :data:`layers.store.base.CLI`, and prepares tiles when the layer is big
(:mod:`layers.tiled`). Exit codes as ``python -m geo``: 0 done, 2 the file is not usable (the
reason on stderr, e.g. ``--crs`` must be given) or bad arguments, 1 an internal error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import time
from pathlib import Path

from geo.errors import pick
from geo.ingest import SHAPEFILE_SIDECARS, Limits, inspect_file, read_file_safely
from geo.ingest_result import IngestResult
from layers import imported as imp
from layers import imported_columns as impcols
from layers import tiled
from layers.cli_audit import add_audit_parser, cmd_audit
from layers.cli_progress import PhaseBar
from layers.load import load_layer
from layers.registry import CATALOG, with_extra_layers
from layers.serve.cli import add_serve_parser, cmd_serve
from layers.spec import ACCURACY_VALUES, LayerSpec
from layers.store import open_store, originals_dir
from layers.store.base import CLI, Store, StoreError


def parser() -> argparse.ArgumentParser:
    """The argument parser (documented with ``--help``)."""
    p = argparse.ArgumentParser(prog="python -m layers", description="Manage the workspace "
                                "layers (ZQ_WORKSPACE) the app shows in every new session.")
    sub = p.add_subparsers(dest="command", required=True)
    imp_p = sub.add_parser("import", help="add a file as a workspace layer (tiles if big)")
    imp_p.add_argument("file", type=Path)
    imp_p.add_argument("--layer", help="which layer of a multi-layer GeoPackage, or dataset of a zip "
                       "(x.shp, or x.gpkg/layer); '*' imports every layer, each as its own "
                       "workspace layer (default: the first)")
    imp_p.add_argument("--crs", help="CRS of the coordinates when the file has none, e.g. EPSG:4527")
    imp_p.add_argument("--encoding", help="text encoding (default: detect), e.g. GBK")
    imp_p.add_argument("--name-zh", help="layer name in Chinese (default: the file name)")
    imp_p.add_argument("--name-en", help="layer name in English (default: the file name)")
    imp_p.add_argument("--accuracy", choices=ACCURACY_VALUES, default="exact",
                       help="positional accuracy of the features (default: exact)")
    imp_p.add_argument("--color", default="#d62728", help="outline colour (default #d62728)")
    imp_p.add_argument("--max-mb", type=float, default=2048, help="file size limit (default 2048)")
    imp_p.add_argument("--timeout", type=float, default=1800, help="read time limit in s")
    imp_p.add_argument("--lang", choices=("en", "zh"), default="en")
    lst = sub.add_parser("list", help="list the workspace layers with counts")
    lst.add_argument("--json", action="store_true", help="one JSON array")
    rm = sub.add_parser("remove", help="remove one workspace layer (hidden, restorable from the "
                        "audit trail; its tiles are dropped)")
    rm.add_argument("id")
    add_audit_parser(sub)
    add_serve_parser(sub)
    return p


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _fail(res: IngestResult, lang: str) -> int:
    hint = ""
    if res.error_kind in ("crs_missing", "crs_invalid") and res.crs_candidates:
        cands = ", ".join(c["crs"] for c in res.crs_candidates[:4])
        hint = pick(lang, f"\n用 --crs 指定坐标系，候选：{cands}", f"\nChoose the CRS with --crs; "
                    f"candidates: {cands}")
    _say(pick(lang, "错误：", "error: ") + pick(lang, *res.error) + hint)
    return 2


def _store(store: Store, args: argparse.Namespace, gdf, res: IngestResult, say=None):
    existing = [s.id for s in with_extra_layers(CATALOG, store.layer_specs()).layers]
    src = imp.source_text(args.file.name)
    frame, notices = imp.prepare_frame(gdf, source=src[0], accuracy=args.accuracy,
                                       accuracy_m=None, name_col=impcols.guess_name_column(
                                           imp.attribute_columns(gdf)))
    cat = with_extra_layers(CATALOG, store.layer_specs())
    choices, more = impcols.reconcile(impcols.default_choices(frame, cat), frame, cat)
    layer_id = imp.new_layer_id(existing)
    tip = impcols.default_tooltip(imp.attribute_columns(frame), "name_zh" if "name_zh" in frame else None)
    spec = imp.build_spec(layer_id, args.name_zh or args.file.stem, args.name_en or args.file.stem,
                          args.color, frame, choices, tip, src)
    parts = [args.file] + [args.file.with_suffix(s) for s in SHAPEFILE_SIDECARS
                           if args.file.suffix.lower() == ".shp" and args.file.with_suffix(s).is_file()]
    kept = [Path(shutil.copyfile(p, originals_dir(store) / f"{layer_id}{p.suffix.lower()}"))
            for p in parts]
    meta = {"files": [p.name for p in parts], "stored": [k.name for k in kept],
            "sha256": [imp.sha256(p.read_bytes()) for p in parts], "encoding": res.encoding,
            "crs": res.crs, "added": dt.datetime.now().isoformat(timespec="seconds"),
            "features": len(frame), "layer": res.layer}
    try:
        stored = store.add_layer(spec, frame, actor=CLI, meta=meta)
    except BaseException:
        for k in kept:
            k.unlink(missing_ok=True)
        raise
    for zh, en in notices + more:
        (say or _say)(pick(args.lang, zh, en))
    return stored


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(max_bytes=int(args.max_mb * 2**20), timeout_s=args.timeout, memory_mb=8192)


def cmd_import(args: argparse.Namespace) -> int:
    """Read, check, store, and tile when big; prints the new layer's id(s) on stdout."""
    if args.layer != "*":
        return _import_one(args, args.layer)
    res = inspect_file(args.file, encoding=args.encoding, crs=args.crs, lang=args.lang,
                       limits=_limits(args))
    names = res.layers or ([res.layer] if res.layer else [])
    if not names:
        return _fail(res, args.lang)
    code = 0
    for name in names:  # each layer its own workspace layer, named after the file and the layer
        one = argparse.Namespace(**{**vars(args), "name_zh": f"{args.name_zh or args.file.stem} · {name}",
                                    "name_en": f"{args.name_en or args.file.stem} · {name}"})
        code = max(code, _import_one(one, name if len(names) > 1 else None))
    return code


def _import_one(args: argparse.Namespace, layer: str | None) -> int:
    lang = args.lang
    with PhaseBar(["read", "store", "tiles"]) as bar:
        bar.start("read", pick(lang, f"读取 {args.file.name}", f"reading {args.file.name}")
                  + (f" · {layer}" if layer else ""))
        gdf, res = read_file_safely(args.file, encoding=args.encoding, crs=args.crs, lang=lang,
                                    limits=_limits(args), layer=layer)
        if gdf is None or not res.usable:
            bar.current = None
            return _fail(res, lang)
        for msg in res.messages(lang):
            bar.say("- " + msg)
        t1 = time.perf_counter()
        bar.say(pick(lang, f"已读 {len(gdf)} 个要素（{t1 - bar.t0:.1f} 秒）",
                     f"read {len(gdf)} features ({t1 - bar.t0:.1f} s)"))
        bar.start("store", pick(lang, "写入工作区", "writing the workspace"))
        store = open_store()
        stored = _store(store, args, gdf, res, bar.say)
        t2 = time.perf_counter()
        _tiles_step(bar, store, stored, len(gdf), lang)
    _say(pick(lang, f"完成：读取 {t1 - bar.t0:.1f} 秒，存储 {t2 - t1:.1f} 秒，共 "
              f"{time.perf_counter() - bar.t0:.1f} 秒", f"done: read {t1 - bar.t0:.1f} s, store "
              f"{t2 - t1:.1f} s, total {time.perf_counter() - bar.t0:.1f} s"))
    print(stored.id)
    return 0


def _tiles_step(bar: PhaseBar, store: Store, stored: LayerSpec, n: int, lang: str) -> None:
    """Make the vector tiles of a big layer (MBTiles); a PostGIS layer needs none: the
    database makes each tile on request (ST_AsMVT, :mod:`layers.tiled_pg`)."""
    if not tiled.is_tiled(stored, n):
        bar.start("tiles", pick(lang, "无需瓦片（要素不多）", "no tiles needed (few features)"))
    elif store.kind == "postgis":
        bar.start("tiles", pick(lang, "瓦片由数据库按需生成（ST_AsMVT）",
                                "tiles made by the database on request (ST_AsMVT)"))
    else:
        bar.start("tiles", pick(lang, "生成矢量瓦片", "making vector tiles"))
        info = tiled.prepare(stored, load_layer(stored), store.root, tiled.source_version(stored))
        bar.say(pick(lang, f"瓦片 z{info.minzoom}–{info.maxzoom}（{info.seconds:.1f} 秒）",
                     f"tiles z{info.minzoom}-{info.maxzoom} ({info.seconds:.1f} s)"))


def layer_rows(store: Store) -> list[dict]:
    """One dict per workspace layer: id, names, features, tiled, tile zooms, source."""
    rows = []
    for spec in store.layer_specs():
        count = store.count(spec.id)
        info = tiled.load_info(store.root, spec.id)
        rows.append({"id": spec.id, "name_zh": spec.name_zh, "name_en": spec.name_en,
                     "features": int(count), "tiled": info is not None,
                     "zooms": [info.minzoom, info.maxzoom] if info else None,
                     "source": spec.source_en})
    return rows


def cmd_list(args: argparse.Namespace) -> int:
    """Print the workspace layers (a table, or JSON with ``--json``)."""
    rows = layer_rows(open_store())
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for r in rows:
        zooms = f"tiles z{r['zooms'][0]}-{r['zooms'][1]}" if r["tiled"] else "inline"
        print(f"{r['id']}\t{r['features']}\t{zooms}\t{r['name_zh']} / {r['name_en']}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    """Remove a layer: hidden from every session (its rows, originals and import record are
    kept, so ``restore`` of the ``layer.remove`` trail entry brings it back); tiles dropped."""
    store = open_store()
    if args.id not in {s.id for s in store.layer_specs()}:
        _say(f"error: no workspace layer {args.id!r} (see python -m layers list)")
        return 2
    store.remove_layer(args.id, actor=CLI)
    tiled.remove(store.root, args.id)
    print(args.id)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = parser().parse_args(argv)
    run = {"import": cmd_import, "list": cmd_list, "remove": cmd_remove,
           "audit": cmd_audit, "serve": cmd_serve}[args.command]
    try:
        return run(args)
    except StoreError as exc:  # refused, not found, database away: the user's words, exit 2
        _say(pick(getattr(args, "lang", "en"), "错误：", "error: ")
             + exc.message(getattr(args, "lang", "en")))
        return 2
    except Exception as exc:  # one line, never a traceback
        _say(f"internal error: {type(exc).__name__}: {exc}")
        return 1
