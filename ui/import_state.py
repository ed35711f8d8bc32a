"""Session state of the import panel: the named keys it owns, the staged upload, one-shot messages.

Widget keys (``imp.*``) hold the user's choices; everything else lives under the K_* keys below.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import streamlit as st

from layers.i18n import md_escape
from layers.workspace import IMPORT_META_PREFIX
from ui.io_text import pick_pair

K_UPLOAD = "_zq_imp_upload"  # the staged upload: ident, path, display names
K_READS = "_zq_imp_reads"  # (ident, encoding, crs, swap) -> (frame, IngestResult)
K_GEN = "_zq_imp_gen"  # file_uploader key generation: bumped to clear it after adding
K_CONFIRM = "_zq_imp_confirm"  # layer id whose removal awaits confirmation
K_FLASH = "_zq_imp_flash"  # messages to show once on the next run: [(kind, (zh, en))]
META_PREFIX = IMPORT_META_PREFIX  # workspace document per imported layer (files, date, count)
K_LANG = "_zq_io_lang"  # the language the import/export widgets were last drawn in
#: choice widgets whose option labels depend on the language (see ``relabel``)
RELABELLED = ("exp.layer", "exp.format.", "exp.crs.", "imp.crs", "imp.encoding", "imp.accuracy",
              "imp.name_col")


def relabel(lang: str) -> None:
    """After a language switch, re-send the values of choice widgets labelled in ``lang``.

    Streamlit keeps a selectbox's *formatted* option in the browser; without this, the next
    rerun cannot map the old-language label back and silently resets the choice (app.py does
    the same for its own widgets).
    """
    if st.session_state.get(K_LANG, lang) != lang:
        for key in [k for k in st.session_state if str(k).startswith(RELABELLED)]:
            value = st.session_state[key]
            if value is None or isinstance(value, str):
                st.session_state[key] = value
    st.session_state[K_LANG] = lang


def busy() -> bool:
    """Something is in progress (an upload, a message, a removal to confirm)."""
    return any(k in st.session_state for k in (K_UPLOAD, K_FLASH, K_CONFIRM))


def uploader_key() -> str:
    return f"imp.file.{st.session_state.get(K_GEN, 0)}"


def flash(items: list[tuple[str, tuple[str, str]]]) -> None:
    """Show ``items`` ((st function name, (zh, en))) once, on the next run."""
    st.session_state[K_FLASH] = items


def show_flash(lang: str) -> None:
    for kind, pair in st.session_state.pop(K_FLASH, []):
        getattr(st, kind)(md_escape(pick_pair(pair, lang)))


def forget_upload(clear_uploader: bool = False) -> None:
    """Drop the staged upload, its reads and the choices made for it (a new file starts clean)."""
    old = st.session_state.pop(K_UPLOAD, None)
    st.session_state.pop(K_READS, None)
    for key in [k for k in st.session_state if str(k).startswith("imp.")
                and not str(k).startswith(("imp.file.", "imp.rm."))]:
        del st.session_state[key]
    if old:
        shutil.rmtree(Path(old["path"]).parent, ignore_errors=True)
    if clear_uploader:
        st.session_state[K_GEN] = st.session_state.get(K_GEN, 0) + 1
