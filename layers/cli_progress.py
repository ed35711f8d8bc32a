"""A progress bar for ``python -m layers import`` on a terminal: the phases of an import
(read in the sandboxed child, store in the workspace, make tiles) with the time each takes.

The reading child and GDAL's tile writer report no fraction done, so the bar advances by phase
and shows the seconds spent in the current one, redrawn twice a second; off a terminal (a pipe,
a log file) it prints one line per phase instead.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO


class PhaseBar:
    """``with PhaseBar(["read", "store", "tiles"]) as bar: bar.start("read") …``."""

    WIDTH = 24

    def __init__(self, phases: list[str], stream: TextIO | None = None) -> None:
        self.phases = list(phases)
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.current: str | None = None
        self.t_phase = self.t0 = time.perf_counter()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> PhaseBar:
        if self.tty:
            self._thread = threading.Thread(target=self._tick, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=1)
        with self._lock:
            if self.tty and self.current is not None:
                self._draw(done=exc[0] is None)
                self.stream.write("\n")
                self.stream.flush()

    def start(self, phase: str, label: str | None = None) -> None:
        """Enter ``phase`` (one of the phases given; a phase not given is appended)."""
        with self._lock:
            if phase not in self.phases:
                self.phases.append(phase)
            self.current, self.label = phase, label or phase
            self.t_phase = time.perf_counter()
            if self.tty:
                self._draw()
            else:
                self.stream.write(f"[{self.phases.index(phase) + 1}/{len(self.phases)}] {self.label}\n")
                self.stream.flush()

    def say(self, msg: str) -> None:
        """Print a message line above the bar (the bar is redrawn below it)."""
        with self._lock:
            if self.tty:
                self.stream.write("\r\033[K" + msg + "\n")
                if self.current is not None:
                    self._draw()
            else:
                self.stream.write(msg + "\n")
            self.stream.flush()

    def text(self, done: bool = False) -> str:
        """The bar as one line: ``[########----------------] 2/3 store 1.2 s (total 3.4 s)``."""
        k = self.phases.index(self.current) if self.current in self.phases else 0
        filled = self.WIDTH if done else int(self.WIDTH * k / max(1, len(self.phases)))
        now = time.perf_counter()
        return (f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {k + 1}/{len(self.phases)} "
                f"{self.label} {now - self.t_phase:.1f} s (total {now - self.t0:.1f} s)")

    def _draw(self, done: bool = False) -> None:
        self.stream.write("\r" + self.text(done) + "\033[K")
        self.stream.flush()

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            with self._lock:
                if self.current is not None:
                    self._draw()
