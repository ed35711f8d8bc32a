"""Every session-state key of the page, and the only module that touches ``st.session_state``.

Two kinds of keys.  *Widget keys* are the ``key=`` of a widget: the widget holds the user's
choice (``lang``, ``tool``, ``flt.<field>`` ...).  *Page keys* (``_zq_*``) are what the page
keeps between runs itself (the reported view, the staged upload ...).  Other modules use the
constants below and the accessors at the bottom, never ``st.session_state``
(tests/geo/test_house_rules.py checks it, and that every widget key in ui/ is declared here).

A language switch keeps every choice: Streamlit keeps a choice widget's *formatted* option in
the browser, so after a switch the box still showed 近似 in English and the next interaction
sent 近似 back, which no option formats to any more: the choice fell back to its default (the
open tool closed, the park card and the filters reset).  ``keep_choices(lang)`` re-sends, on
the run of the switch and before any of them is drawn, the value of every widget in
``LABELLED``; the browser then shows it in the new language.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

# ----------------------------------------------------------------- page keys
INIT = "_zq_initialised"  # the first run of this session has read the URL
IGNORED = "_zq_ignored"  # URL parameters that could not be used (warnings)
RECORD = "_zq_record"  # the feature whose record is shown: {"__l": layer id, "__i": row}
WIDGET_LANG = "_zq_widget_lang"  # the language the widgets were last drawn in
VIEW = "_zq_view"  # the latest view the map reported (a click or the "use this view" button)
MAP_VIEW = "_zq_map_view"  # the view a map is built at (the link's; zq-view.js keeps it after)
IMP_UPLOAD = "_zq_imp_upload"  # the staged upload: ident, path, display names
IMP_READS = "_zq_imp_reads"  # (ident, encoding, crs, swap) -> (frame, IngestResult)
IMP_GEN = "_zq_imp_gen"  # file_uploader key generation: bumped to clear it after adding
IMP_CONFIRM = "_zq_imp_confirm"  # layer id whose removal awaits confirmation
IMP_FLASH = "_zq_imp_flash"  # messages to show once on the next run: [(kind, (zh, en))]
PRES_MSG = "_zq_pres_msg"  # a presenter message to show after a callback's rerun
PRES_BM_MSG = "_zq_pres_bm_msg"  # (ok, text) after a basemap package upload (ui/presenter_basemap.py)
PRES_BM_DONE = "_zq_pres_bm_done"  # the file_id of the upload already stored
OV_SEEN = "_zq_ov_seen"  # how many drawn shapes the overlay tool has seen (a new one is picked)
TR_CONFIRM = "_zq_tr_confirm"  # (where, trail entry id) whose restore awaits confirmation
TR_FLASH = "_zq_tr_flash"  # (where, kind, text) after a restore: shown once on the next run
RG_GEOM = "_zq_rg_geom"  # the register: the position placed for a new project (GeoJSON geometry)
RG_SEEN = "_zq_rg_seen"  # the map click / drawing / feature click the register has already used
RG_LOADED = "_zq_rg_loaded"  # the project in the edit form as it was read: {fid, version, props}
RG_CONFLICT = "_zq_rg_conflict"  # a refused save: {fid, mine, theirs, by, at, zh, en}
RG_CONFIRM = "_zq_rg_confirm"  # the fid whose deletion awaits confirmation
RG_FLASH = "_zq_rg_flash"  # (zh, en) said once after a change
RG_GEN = "_zq_rg_gen"  # generation of the new-project form and the sheet uploader (bumped to clear)

# ----------------------------------------------------------------- widget keys
LANG = "lang"
BASEMAP = "basemap"
TOOL = "tool"
TOOLS = ("none", "analysis", "data", "present", "register", "trail")  # ?tool= opens one from a link
MAP = "map"  # the explorer's st_folium (its value: last click, drawings)
MAP_BOX = "zq-map"  # the container around the map's frame (ui/layout.py; zq.js sizes the frame in it)
HEAD = "zq-head"  # the page title's container (ui/layout.py)
TABLE_LAYER = "table_layer"
RECORD_TABLE = "record_table"
DL_CSV, DL_GEOJSON, DL_ALL = "dl_csv", "dl_geojson", "dl_all"  # the table tab's downloads
TBL = "tbl."  # the paged table of a big layer (ui/table_paged.py): + "sort|desc|page." + layer id
PRESENT_MAP = "present_map"  # the slideshow's st_folium (presenter mode)
LAYER = "layer."  # + layer id: the layer's checkbox
FILTER = "flt."  # + field name: an attribute filter; "reset filters" clears every key under it
SEARCH = "flt.search"
SP_KIND, SP_KM, SP_FEATURE = "flt.sp.kind", "flt.sp.km", "flt.sp.feature"  # spatial filter
SP_AREA = "flt.sp.area"  # (not a widget) the polygons of an area restored from a link
AN = "an."  # the analysis panel's widgets (ui/analysis_*.py)
AN_TABLES = "an_"  # its tables (selection state)
AN_PROX_LAYER = "an.prox.layer"
AN_STATS_DIM = "an.stats.dim"
AN_OV_AREA = "an.ov.area"
AN_OV_LAYERS = "an.ov.layers"
AN_CARD_PARK = "an.card.park"
AN_CMP_PARKS = "an.cmp.parks"
AN_FIT_CLUSTER = "an.fit.cluster"
EXP = "exp."  # the export panel's widgets (ui/exporter.py)
EXP_LAYER = "exp.layer"
EXP_PREPARED = "_zq_exp_prepared"  # the last prepared export file: {want, url, path, mb}
EXP_FORMAT = "exp.format."  # + "pt" | "any"
EXP_CRS = "exp.crs."  # + "geo" | "all"
IMP = "imp."  # the import form; everything under it belongs to the staged upload
IMP_FILE = "imp.file."  # + generation: the file uploader
IMP_REMOVE = "imp.rm."  # + layer id | "yes" | "no": removal buttons
IMP_CRS, IMP_ENCODING, IMP_ACCURACY, IMP_NAME_COL = "imp.crs", "imp.encoding", "imp.accuracy", "imp.name_col"
PRES = "pres."  # the presenter panel's widgets
PRES_START, PRES_EDIT, PRES_HL = "pres.start", "pres.edit", "pres.new.hl"
PRES_HTML_OF, PRES_STATIC_OF, PRES_PAPER = "pres.html_of", "pres.static_of", "pres.paper"
PRES_VIEW_HOW, PRES_IMPORT_MODE = "pres.new.view", "pres.import_mode"
PRES_HTML_BM, PRES_HTML_PLACE = "pres.html_bm", "pres.html_place"  # the exported file's basemap
PRES_BM_UPLOAD = "pres.bm_upload"
TR = "tr."  # the audit trail's widgets (ui/trail.py, ui/trail_history.py)
TR_LAYER, TR_WHO, TR_SINCE, TR_PAGE = "tr.layer", "tr.who", "tr.since", "tr.page"
TR_PICK = "tr.pick"  # the deleted feature / removed layer to restore
TR_RESTORE = "tr.restore."  # + where + entry id (+ ".yes" / ".no"): restore buttons
TR_DL_CSV, TR_DL_JSON = "tr.dl_csv", "tr.dl_json"
RG = "rg."  # the register tool's widgets (ui/register*.py)
RG_MODE, RG_PICK = "rg.mode", "rg.pick"  # add | edit | sheet; the project being edited (fid)
RG_FORM = "rg.form."  # + "new.<gen>" | "<fid>.<version>", then "." + column: the project form
RG_DELETE, RG_YES, RG_NO, RG_RELOAD = "rg.delete", "rg.yes", "rg.no", "rg.reload"
RG_CLEAR = "rg.clear"  # forget the placed position
RG_UPLOAD = "rg.upload."  # + generation: the sheet uploader
RG_IMPORT = "rg.import"
RG_DL_XLSX, RG_DL_CSV = "rg.dl_xlsx", "rg.dl_csv"

#: Widget keys are exact, or a namespace ending in "." or "_" that one module owns.
#: Every choice widget (radio, selectbox, multiselect) whose option labels depend on the
#: language; an entry ending in "." stands for every key under it
LABELLED = (
    BASEMAP, TOOL, TABLE_LAYER, TBL, FILTER, AN_PROX_LAYER, AN_STATS_DIM, AN_OV_AREA, AN_OV_LAYERS,
    AN_CARD_PARK, AN_CMP_PARKS, AN_FIT_CLUSTER, EXP_LAYER, EXP_FORMAT, EXP_CRS, IMP_CRS,
    IMP_ENCODING, IMP_ACCURACY, IMP_NAME_COL, PRES_START, PRES_EDIT, PRES_HL, PRES_HTML_OF,
    PRES_STATIC_OF, PRES_PAPER, PRES_VIEW_HOW, PRES_IMPORT_MODE, PRES_HTML_BM, PRES_HTML_PLACE,
    TR_LAYER, TR_WHO, TR_PICK,
    RG_MODE, RG_PICK, RG_FORM,
)
_CHOICE_VALUES = (str, int, list, tuple, type(None))  # what a choice widget holds


def _labelled(key: object) -> bool:
    key = str(key)
    return any(key == k or (k.endswith(".") and key.startswith(k)) for k in LABELLED)


def keep_choices(lang: str) -> None:
    """On the run of a language switch, re-send every labelled choice (see the module doc).

    Call before any of those widgets is drawn in the run (the sidebar does, right after the
    language radio)."""
    if st.session_state.get(WIDGET_LANG, lang) != lang:
        for key in [k for k in st.session_state if _labelled(k)]:
            value = st.session_state[key]
            if isinstance(value, _CHOICE_VALUES):
                st.session_state[key] = list(value) if isinstance(value, list) else value
    st.session_state[WIDGET_LANG] = lang


def switched_language(lang: str) -> bool:
    """True on the run of a language switch (before :func:`keep_choices` records ``lang``)."""
    return st.session_state.get(WIDGET_LANG, lang) != lang


# ----------------------------------------------------------------- accessors


def get(key: str, default: object = None) -> object:
    """The value under ``key`` (``default`` if none)."""
    return st.session_state.get(key, default)


def put(key: str, value: object) -> None:
    """Set ``key`` (for a widget key: before the widget is drawn in this run)."""
    st.session_state[key] = value


def put_many(values: dict) -> None:
    """Set several keys at once."""
    st.session_state.update(values)


def setdefault(key: str, value: object) -> object:
    """The value under ``key``, set to ``value`` first if there is none."""
    return st.session_state.setdefault(key, value)


def pop(key: str, default: object = None) -> object:
    """Remove ``key`` and return its value (``default`` if none)."""
    return st.session_state.pop(key, default)


def has(key: str) -> bool:
    """Whether ``key`` holds a value."""
    return key in st.session_state


def keys_under(prefix: str) -> list[str]:
    """Every key starting with ``prefix`` (e.g. ``FILTER``)."""
    return [str(k) for k in st.session_state if str(k).startswith(prefix)]


def drop_under(prefix: str, keep: Iterable[str] = ()) -> None:
    """Remove every key under ``prefix`` except those under a prefix in ``keep``."""
    keep = tuple(keep)
    for key in keys_under(prefix):
        if not (keep and key.startswith(keep)):
            del st.session_state[key]


def reported_view() -> tuple[float, float, int] | None:
    """The latest view the map reported (a click or the "use this view" button), if any."""
    return st.session_state.get(VIEW)


def report_view(view: tuple[float, float, int]) -> None:
    """Record a view the map reported."""
    st.session_state[VIEW] = view
