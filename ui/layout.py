"""The explorer's page layout: a compact header, the map across the main area at the height of
the viewport, the sentence with it, and the record / table / plan tabs below.

Measured before (issue 13): at 1440×900 the map was ≈ 690 px wide (a 5:2 column beside the
tabs) and 680 px high whatever the screen, and the sentence sat below the fold.  Now the map's
frame is sized by CSS from the viewport (``MAP_HEIGHT``) and zq.js makes the map fill its frame.
"""

from __future__ import annotations

import json

import streamlit as st

from layers.text import t
from ui.state import HEAD, MAP_BOX

# Viewport height minus the header (≈ 70 px) and the sentence above the map (≈ 50 px) and a
# margin for the bottom line; never smaller than a usable map.
MAP_HEIGHT = "max(420px, calc(100vh - 190px))"
MAP_FALLBACK_PX = 620  # what st_folium is told; the CSS above wins in every real browser

PAGE_CSS = f"""<style>
[data-testid="stMainBlockContainer"], .block-container {{ padding-top: 1.2rem !important;
  padding-bottom: 2rem !important; padding-left: 2rem !important; padding-right: 2rem !important; }}
.st-key-{HEAD} h1 {{ font-size: 1.7rem; padding: 0 0 0.1rem 0; }}
.st-key-{HEAD} [data-testid="stCaptionContainer"] {{ margin-top: -0.15rem; }}
.st-key-{MAP_BOX} iframe {{ height: {MAP_HEIGHT} !important; width: 100% !important; }}
.stDownloadButton button, .stButton button {{ max-width: 100%; white-space: normal;
  height: auto; min-height: 2.5rem; }}
</style>"""


# Streamlit has no locale: its select boxes say "No results" when a search finds nothing.  On a
# page in another language the text is replaced from the catalog (CSS ``content``), by the
# classes Streamlit 1.67 gives those empty-state spans (Selectbox / Multiselect bundles; the pin
# is <1.68 and tests/browser/test_layout.py checks it).
_EMPTY = ".equpb2c9, .eo2qvtu11"
_EMPTY_CSS = """<style>
{sel} {{ font-size: 0 !important; }}
{after} {{ content: {text}; font-size: 0.875rem; }}
</style>"""


def page_style(lang: str) -> None:
    """The explorer page's own CSS (layout; on a non-English page, Streamlit's own English)."""
    st.markdown(PAGE_CSS, unsafe_allow_html=True)
    if lang != "en":
        after = ", ".join(c.strip() + "::after" for c in _EMPTY.split(","))
        st.markdown(_EMPTY_CSS.format(sel=_EMPTY, after=after,
                                      text=json.dumps(t("no_results", lang), ensure_ascii=False)),
                    unsafe_allow_html=True)


def header(title: str, subtitle: str) -> None:
    """The page title and its one-line subtitle, compact so the map starts high."""
    with st.container(key=HEAD):
        st.title(title)
        st.caption(subtitle)


def map_box():
    """The container the map is drawn in: its iframe takes the viewport's height (PAGE_CSS)."""
    return st.container(key=MAP_BOX)
