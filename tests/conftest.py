"""Test-wide setup: an empty, private workspace, so a developer's imported layers never leak in."""

from __future__ import annotations

import os
import tempfile

import pytest

os.environ["ZQ_WORKSPACE"] = tempfile.mkdtemp(prefix="zq-test-workspace-")
os.environ.pop("ZQ_DATABASE_URL", None)  # a developer's database never leaks in either


@pytest.fixture(scope="session")
def pg_cluster():
    """The throwaway PostgreSQL + PostGIS server of this test session (tests/pgcluster.py)."""
    from tests.pgcluster import Cluster

    cluster = Cluster()
    try:
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture(scope="session")
def pg_url(pg_cluster) -> str:
    """URL of one database (PostGIS installed, no workspace yet) shared by the session."""
    return pg_cluster.new_database()


@pytest.fixture
def pg_db(pg_cluster) -> str:
    """URL of a fresh, empty database for one test (an empty workspace)."""
    return pg_cluster.new_database()
