"""Interrupted work on both engines: an import killed midway leaves no half layer; a database
that goes away raises UnavailableError (in the user's language) and the next call after it
returns works; two processes opening a new database at once migrate it once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from layers.store.base import LOCAL, UnavailableError
from layers.store.postgis import PostgisStore
from tests.store.conftest import frame, spec

REPO = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import sys, time
    from layers.store.base import LOCAL, Progress
    from tests.store.conftest import frame, spec
    kind, where, root = sys.argv[1:4]
    if kind == "gpkg":
        from layers.store import gpkg
        gpkg.CHUNK = 2_000
        store = gpkg.GpkgStore(root)
    else:
        from layers.store import postgis
        postgis.COPY_STEP = 2_000
        store = postgis.PostgisStore(where, root)
    def step(done, total):
        print("step", done, flush=True)
        time.sleep(30)  # the parent kills us here, midway through the rows
    store.add_layer(spec("killed"), frame(20_000), actor=LOCAL, meta={"files": ["x"]},
                    progress=Progress(step=step))
""")


def test_an_import_killed_midway_leaves_no_half_layer(store):
    where = getattr(store, "url", "")
    child = subprocess.Popen([sys.executable, "-c", CHILD, store.kind, where, str(store.root)],
                             cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().startswith("step 2000")  # rows are being written
    finally:
        child.kill()
        child.wait(30)
    assert store.layer_specs() == [] and store.audit() == []
    assert store.get("import_meta:killed") is None
    store.add_layer(spec("killed"), frame(3), actor=LOCAL)  # the id was never taken
    assert store.count("killed") == 3


def test_the_database_away_and_back(pg_cluster, pg_db, tmp_path):
    store = PostgisStore(pg_db, tmp_path)
    store.TIMEOUT = 1.0
    try:
        store.put("k", 1, actor=LOCAL)
        pg_cluster.stop()
        try:
            with pytest.raises(UnavailableError) as caught:
                store.get("k")
            assert "无法连接" in caught.value.message("zh")
            assert "cannot be reached" in caught.value.message("en")
            assert "@" in caught.value.message("en") and "password" not in caught.value.message("en")
        finally:
            pg_cluster.start()
        assert store.get("k") == 1  # reconnected
        store.put("k", 2, actor=LOCAL)
        assert store.get("k") == 2
    finally:
        store.close()


def test_two_processes_migrate_a_new_database_once(pg_db, tmp_path):
    code = ("import sys; from layers.store.postgis import PostgisStore; "
            "s = PostgisStore(sys.argv[1], sys.argv[2]); s.ping(); print(s.keys())")
    procs = [subprocess.Popen([sys.executable, "-c", code, pg_db, str(tmp_path)], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    store = PostgisStore(pg_db, tmp_path)
    try:
        with store._read() as cur:
            versions = [r[0] for r in cur.execute("SELECT version FROM zq_schema").fetchall()]
        from layers.store import migrations

        assert versions == [n for n, _ in migrations.steps("postgis")]  # each once
    finally:
        store.close()
