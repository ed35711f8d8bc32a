"""The load harness (bench/load.py) on 2 users: it opens real sessions of a server it starts,
speaking Streamlit's websocket protocol, changes the cluster filter and a layer, and reports the
figures (the full load figures are in the benchmark, not here)."""

from __future__ import annotations

import json

import pytest

from bench import load


def test_two_users_against_a_started_server(tmp_path):
    out = tmp_path / "load.json"
    code = load.main(["--users", "2", "--changes", "4", "--waves", "2", "--json", str(out)])
    got = json.loads(out.read_text())
    assert code == 0 and got["failed_sessions"] == 0 and got["sessions"] == 4
    assert got["actions"] == 2 * 4 * 2
    for key in ("p50_ms", "p95_ms", "p99_ms", "rss_mb_before", "rss_mb_after"):
        assert got[key] > 0, key
    assert got["p50_ms"] <= got["p95_ms"] <= got["p99_ms"]
    assert got["server_cpu_s"] > 0 and len(got["rss_mb_per_wave"]) == 2


@pytest.mark.parametrize("url", ["http://example.org:8501", "http://10.0.0.5:8501"])
def test_localhost_only(url):
    with pytest.raises(ValueError, match="localhost only"):
        load.run_sync(load.run_load(url, 1, 1))


def test_bounded():
    with pytest.raises(ValueError):
        load.run_sync(load.run_load("http://127.0.0.1:1", load.MAX_USERS + 1, 1))
