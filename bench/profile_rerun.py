"""Where a rerun spends its time (issue 12, point 2): the page's script profiled per filter change.

    python -m bench.profile_rerun [--changes 20] [--top 25] [--extra-layers DECL]

Runs ``app.py`` in Streamlit's own script runner (``AppTest``), opens it once (not counted),
then makes ``--changes`` changes of a category filter (``--field``, default the cluster: pick
one value / clear it, as the load harness does) with :mod:`cProfile` enabled inside the script thread only, so the figures are the
page's own Python — not the websocket, not the browser.  Prints the CPU per change, then the
functions with the most cumulative time, grouped by the repo's own modules (``app``, ``ui/``,
``layers/``, ``geo/``) and the libraries they call, so the next cut is visible.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROFILE = cProfile.Profile()  # the script's runs add to this (see _script)
PROFILING = False
FIELD = "cluster"  # the filter changed: flt.<FIELD> (``--field``)


def _script() -> None:
    """The page, as Streamlit runs it, with the shared profiler on around it."""
    import os
    import runpy
    import sys

    from bench import profile_rerun as me

    os.chdir(me.REPO)
    if str(me.REPO) not in sys.path:
        sys.path.insert(0, str(me.REPO))
    if not me.PROFILING:
        runpy.run_path(str(me.REPO / "app.py"), run_name="__main__")
        return
    me.PROFILE.enable()
    try:
        runpy.run_path(str(me.REPO / "app.py"), run_name="__main__")
    finally:
        me.PROFILE.disable()


def _group(filename: str) -> str:
    """Which room of the repo (or which library) a function lives in."""
    path = Path(filename)
    try:
        rel = path.resolve().relative_to(REPO)
    except ValueError:
        parts = path.parts
        if "site-packages" in parts:
            return parts[parts.index("site-packages") + 1]
        return "python"
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _by_group(stats: pstats.Stats) -> dict[str, float]:
    """Own (tottime) seconds per group: where the CPU actually went."""
    out: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        out[_group(filename)] += tt
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def _changes(at, options: list, changes: int, key: str) -> tuple[float, float]:
    """Make ``changes`` changes of the multiselect ``key``; (CPU ms, wall ms) per change."""
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for k in range(changes):
        at.multiselect(key=key).set_value([options[k % len(options)]] if k % 2 == 0 else [])
        at.run()
        assert not at.exception, at.exception
    return (1000 * (time.process_time() - cpu0) / changes,
            1000 * (time.perf_counter() - wall0) / changes)


def run(changes: int, top: int, field: str = FIELD) -> None:
    """Open the page, then profile ``changes`` filter changes and print the figures."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_script, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    from bench import profile_rerun as me  # the module the script sees (this may be __main__)

    key = f"flt.{field}"
    options = at.multiselect(key=key).options
    me.PROFILING = False
    plain = _changes(at, options, changes, key)
    me.PROFILING, me.PROFILE = True, cProfile.Profile()  # only the profiled changes count below
    profiled = _changes(at, options, changes, key)
    print(f"{changes} changes of {key}, per change (AppTest: the script's thread plus AppTest's own "
          f"bookkeeping; load average {os.getloadavg()[0]:.2f}):\n"
          f"  unprofiled {plain[0]:.0f} ms CPU, {plain[1]:.0f} ms wall; "
          f"profiled {profiled[0]:.0f} ms CPU, {profiled[1]:.0f} ms wall")
    stats = pstats.Stats(me.PROFILE)
    total = sum(tt for (_cc, _nc, tt, _ct, _cl) in stats.stats.values())
    print(f"\nown time per change by room/library (profiled {1000 * total / changes:.0f} ms):")
    for group, secs in list(_by_group(stats).items())[:15]:
        print(f"  {group:28s} {1000 * secs / changes:7.1f} ms")
    buf = io.StringIO()
    pstats.Stats(me.PROFILE, stream=buf).sort_stats("cumulative").print_stats(top)
    print("\n" + buf.getvalue().split("\n", 6)[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--changes", type=int, default=20)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--field", default=FIELD, help="the category filter changed (default cluster)")
    ap.add_argument("--extra-layers", help="ZQ_EXTRA_LAYERS (e.g. from python -m bench.parcels)")
    a = ap.parse_args(argv)
    if a.extra_layers:
        from layers import tile_routes

        os.environ["ZQ_EXTRA_LAYERS"] = a.extra_layers
        tile_routes.mark_mounted()  # as serve.py does: big layers are drawn from tiles
    run(max(1, min(a.changes, 200)), a.top, a.field)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
