"""The import's progress bar: one line per phase off a terminal, a redrawn bar on one."""

from __future__ import annotations

import io

from layers.cli_progress import PhaseBar


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_off_a_terminal_one_line_per_phase():
    out = io.StringIO()
    with PhaseBar(["read", "store", "tiles"], stream=out) as bar:
        bar.start("read", "reading x.gpkg")
        bar.say("- a warning")
        bar.start("store", "writing the workspace")
    assert out.getvalue().splitlines() == ["[1/3] reading x.gpkg", "- a warning", "[2/3] writing the workspace"]


def test_on_a_terminal_the_bar_fills_by_phase_and_ends_full():
    out = _Tty()
    with PhaseBar(["read", "store", "tiles"], stream=out) as bar:
        bar.start("read", "reading")
        assert bar.text().startswith("[" + "-" * 24 + "] 1/3 reading")
        bar.start("tiles", "making vector tiles")
        assert bar.text().startswith("[" + "#" * 16 + "-" * 8 + "] 3/3 making vector tiles")
        bar.say("tiles z12-16")
    text = out.getvalue()
    assert "\rtiles z12-16" in text.replace("\r\033[K", "\r")
    assert text.rstrip("\n").split("\r")[-1].startswith("[" + "#" * 24 + "] 3/3")
