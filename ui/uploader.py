"""The file uploader in the page's language.

Streamlit has no locale: its uploader always says "Upload" and "50MB per file • GEOJSON, …"
(and "Drag and drop a file here" while a file is dragged over it).  On a page in another
language than English, a small style sheet scoped to the uploader's own test ids hides those
texts (``display: none``: the instructions, the drag overlay's text, the button's label) and puts
the catalog's words on the button and the overlay (CSS ``content``);
our own line above the uploader says the size limit and the file types.  The button stays a
real, focusable button.
"""

from __future__ import annotations

import json

import streamlit as st

from layers.text import md_plain, t

#: the dropzone's parts, by Streamlit's test ids (checked by tests/browser/test_uploader.py)
_ZONE = '[data-testid="stFileUploaderDropzone"]'
_CSS = """<style>
{zone} [data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
{zone} > div:first-of-type:not([data-testid]) > span:only-child {{ display: none; }}
{zone} > div:first-of-type:not([data-testid])::after {{ content: {drop}; }}
{zone} button [data-testid="stMarkdownContainer"] {{ display: none; }}
{zone} button::after {{ content: {label}; margin-left: 0.25rem; }}
</style>"""


def _css(lang: str) -> str:
    # json.dumps: a quoted string with \\ and \" escaped, also valid as a CSS string
    return _CSS.format(zone=_ZONE, label=json.dumps(t("upload_button", lang), ensure_ascii=False),
                       drop=json.dumps(t("upload_drop", lang), ensure_ascii=False))


def file_uploader(label: str, types: list[str], lang: str, **kwargs):
    """``st.file_uploader(label, type=types, **kwargs)`` with no English on a non-English page."""
    if lang != "en":
        st.html(_css(lang))
        limit = int(st.get_option("server.maxUploadSize"))
        st.caption(md_plain(t("upload_help", lang, mb=limit, types=", ".join(x.upper() for x in types))))
    return st.file_uploader(label, type=types, **kwargs)
