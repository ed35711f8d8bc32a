"""scripts/dev.sh sets up once: a second start runs no apt-get and no pip (README, command 1 and 2).

The set-up runs in a copy of the script and the requirements files, with ``apt-get``, ``sudo``
and the virtualenv's ``python`` replaced by stand-ins that only record their calls.  The font
check is exercised twice: with the machine's real ``fc-list`` (the font is installed by
``dev.sh test`` before the tests run), and with a stand-in that lists many fonts, where
``fc-list | grep -q`` under ``pipefail`` used to die of SIGPIPE and reinstall on every start.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FAKE_SCRIPT = """#!/usr/bin/env bash
echo "{name} $*" >> "$ZQ_TEST_LOG"
{body}
"""


def _tool(bindir: Path, name: str, body: str = "") -> None:
    path = bindir / name
    path.write_text(FAKE_SCRIPT.format(name=name, body=body))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def sandbox(tmp_path):
    """A copy of the repo's set-up files, stand-in tools first on PATH, and a call log."""
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "dev.sh", repo / "scripts" / "dev.sh")
    for req in ("requirements.txt", "requirements-dev.txt"):
        shutil.copy(ROOT / req, repo / req)
    bindir = tmp_path / "bin"
    bindir.mkdir()
    marker = tmp_path / "font-installed"
    _tool(bindir, "apt-get", f'case "$*" in *fonts-noto-cjk*) touch "{marker}";; esac')
    _tool(bindir, "sudo", 'exec "$@"')
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    _tool(venv / "bin", "python")  # records `python -m pip install ...`
    log = tmp_path / "calls.log"
    log.write_text("")
    env = {**os.environ, "PATH": f"{bindir}:{os.environ['PATH']}", "ZQ_VENV": str(venv),
           "ZQ_TEST_LOG": str(log)}
    return {"repo": repo, "bin": bindir, "env": env, "log": log, "marker": marker}


def _setup(box: dict, what: str) -> list[str]:
    """Run ``dev.sh setup <what>``; return the calls it made to the stand-ins."""
    before = box["log"].read_text().splitlines()
    done = subprocess.run(["bash", str(box["repo"] / "scripts" / "dev.sh"), "setup", what],
                          env=box["env"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return box["log"].read_text().splitlines()[len(before):]


def _apt(calls: list[str]) -> list[str]:
    return [c for c in calls if c.startswith("apt-get")]


def _pip(calls: list[str]) -> list[str]:
    return [c for c in calls if c.startswith("python -m pip")]


@pytest.mark.parametrize("what", ["app", "test", "cluster"])
def test_second_start_installs_nothing_with_the_real_font_check(sandbox, what):
    fonts = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    assert "noto sans cjk" in fonts.lower(), "the CJK font is missing: bash scripts/dev.sh setup test"
    first = _setup(sandbox, what)
    assert _apt(first) == [], first  # font (and chromium, poppler) present: nothing to install
    assert len(_pip(first)) == 1, first
    second = _setup(sandbox, what)
    assert second == [], second  # no apt-get, no pip: no network, no sudo prompt


def test_font_check_survives_a_long_font_list(sandbox):
    """A long fc-list output: grep -q stops reading early, fc-list gets SIGPIPE (the old bug)."""
    many = "\n".join(f"Font Family {i}" for i in range(200_000))
    listing = sandbox["bin"].parent / "fonts.txt"
    listing.write_text(many + "\n")
    _tool(sandbox["bin"], "fc-list",
          f'[ -f "{sandbox["marker"]}" ] && echo "Noto Sans CJK SC"; cat "{listing}"')
    first = _setup(sandbox, "app")
    assert any("install" in c and "fonts-noto-cjk" in c for c in _apt(first)), first
    second = _setup(sandbox, "app")
    assert _apt(second) == [], second  # the font is found although fc-list is cut off


def test_pip_runs_again_only_when_requirements_change(sandbox):
    assert len(_pip(_setup(sandbox, "app"))) == 1
    assert _pip(_setup(sandbox, "app")) == []
    with (sandbox["repo"] / "requirements.txt").open("a") as f:
        f.write("# changed\n")
    assert len(_pip(_setup(sandbox, "app"))) == 1
    # requirements-dev.txt includes requirements.txt (-r): its set-up sees the change too
    assert len(_pip(_setup(sandbox, "test"))) == 1
    assert _pip(_setup(sandbox, "test")) == []


def test_the_app_listens_on_this_machine_only_by_default():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "localhost"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/dev.sh app --server.address 0.0.0.0" in readme  # the one LAN flag


def test_runtime_requirements_are_imported():
    """Every runtime requirement is imported by the app (or is a declared helper of one)."""
    helpers = {"pyarrow": "pyogrio use_arrow", "openpyxl": "pandas read_excel",
               "branca": "folium's elements"}
    names = []
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            names.append(line.split(">")[0].split("<")[0].split("=")[0].split("[")[0].strip())
    sources = "\n".join(p.read_text(encoding="utf-8") for d in ("geo", "layers", "ui", "data")
                        for p in (ROOT / d).rglob("*.py")) + (ROOT / "app.py").read_text()
    for name in names:
        module = name.replace("-", "_")
        if name in helpers:
            continue
        assert f"import {module}" in sources or f"from {module}" in sources, name
