"""Answers about a frame computed once per frame object (the page's frames are cached, so the
same object comes back on every rerun), e.g. a category field's distinct values.

A frame is looked up by identity and forgotten when it is garbage-collected, so a reloaded or
re-imported layer (a new frame object) is computed afresh; answers are never shared between
two frames that merely look alike.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import TypeVar

import pandas as pd

T = TypeVar("T")
_memo: dict[tuple[int, Hashable], object] = {}
_lock = threading.Lock()


def _forget(frame_id: int) -> None:
    with _lock:
        for key in [k for k in _memo if k[0] == frame_id]:
            del _memo[key]


def per_frame(frame: pd.DataFrame, compute: Callable[..., T], *args: Hashable) -> T:
    """``compute(frame, *args)``, remembered for this frame object, function and arguments.

    Precondition: ``frame`` is not changed in place afterwards (the app's frames never are).
    """
    slot = (id(frame), (compute.__module__, compute.__qualname__, args))
    with _lock:
        if slot in _memo:
            return _memo[slot]  # type: ignore[return-value]
    value = compute(frame, *args)
    with _lock:
        if not any(k[0] == id(frame) for k in _memo):
            weakref.finalize(frame, _forget, id(frame))
        _memo[slot] = value
    return value
