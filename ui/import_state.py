"""Session state of the import panel: the staged upload, one-shot messages (keys: ui/state.py).

Widget keys (``imp.*``) hold the user's choices; the rest lives under the ``IMP_*`` page keys.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import streamlit as st

from layers.store import IMPORT_META_PREFIX
from layers.text import md_plain, pick
from ui import state as session

META_PREFIX = IMPORT_META_PREFIX  # workspace document per imported layer (files, date, count)


def busy() -> bool:
    """Something is in progress (an upload, a message, a removal to confirm)."""
    return any(session.has(k) for k in (session.IMP_UPLOAD, session.IMP_FLASH, session.IMP_CONFIRM))


def uploader_key() -> str:
    """The file uploader's key (a new generation clears it)."""
    return f"{session.IMP_FILE}{session.get(session.IMP_GEN, 0)}"


def flash(items: list[tuple[str, tuple[str, str]]]) -> None:
    """Show ``items`` ((st function name, (zh, en))) once, on the next run."""
    session.put(session.IMP_FLASH, items)


def show_flash(lang: str) -> None:
    """Show the messages :func:`flash` left for this run, once."""
    for kind, pair in session.pop(session.IMP_FLASH, []):
        getattr(st, kind)(md_plain(pick(*pair, lang)))


def forget_upload(clear_uploader: bool = False) -> None:
    """Drop the staged upload, its reads and the choices made for it (a new file starts clean)."""
    old = session.pop(session.IMP_UPLOAD)
    session.pop(session.IMP_READS)
    session.drop_under(session.IMP, keep=(session.IMP_FILE, session.IMP_REMOVE))
    if old:
        shutil.rmtree(Path(old["path"]).parent, ignore_errors=True)
    if clear_uploader:
        session.put(session.IMP_GEN, session.get(session.IMP_GEN, 0) + 1)
