"""``python -m layers`` against PostGIS (ZQ_DATABASE_URL): import → list → remove → audit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from layers.store.postgis import PostgisStore
from tests.store.conftest import frame

REPO = Path(__file__).resolve().parents[2]


def cli(url: str, root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ZQ_DATABASE_URL": url, "ZQ_WORKSPACE": str(root)}
    proc = subprocess.run([sys.executable, "-m", "layers", *map(str, args)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_cli_round_trip_against_postgis(pg_db, tmp_path):
    src = tmp_path / "parcels.geojson"
    frame(5).to_file(src, driver="GeoJSON")
    done = cli(pg_db, tmp_path, "import", src, "--name-zh", "地块", "--name-en", "Parcels")
    assert done.returncode == 0, done.stderr
    layer_id = done.stdout.strip()
    listed = json.loads(cli(pg_db, tmp_path, "list", "--json").stdout)
    assert [(r["id"], r["features"], r["name_zh"]) for r in listed] == [(layer_id, 5, "地块")]
    store = PostgisStore(pg_db, tmp_path)  # the rows are a real table in the database
    try:
        with store._read() as cur:
            n = cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = %s",
                            (f"ws_{layer_id}",)).fetchone()[0]
        assert n == 1 and len(store.read_layer(layer_id)) == 5
    finally:
        store.close()
    assert (tmp_path / "originals" / f"{layer_id}.geojson").is_file()  # local files beside
    assert cli(pg_db, tmp_path, "remove", layer_id).returncode == 0
    assert json.loads(cli(pg_db, tmp_path, "list", "--json").stdout) == []
    trail = json.loads(cli(pg_db, tmp_path, "audit", "--json").stdout)
    assert [(e["action"], e["actor"], e["layer"]) for e in trail] == [
        ("layer.import", "cli", layer_id), ("layer.remove", "cli", layer_id)]
    text = cli(pg_db, tmp_path, "audit", "--since", "2000-01-01").stdout.splitlines()
    assert len(text) == 2 and "layer.remove" in text[1]
    assert cli(pg_db, tmp_path, "audit", "--since", "2999-01-01").stdout == ""
