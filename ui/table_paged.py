"""The feature table of a big layer, paged and sorted on the server (layers/tiled_records.py).

A 10^5-row ``st.dataframe`` would format every cell on every rerun; here only one page of the
filtered rows is formatted and sent, with the exact filtered count beside it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import streamlit as st

from layers import tiled_records
from layers.display import display_value
from layers.spec import LayerSpec
from layers.text import md_plain, t

PAGE_ROWS = 50


def paged_table(lang: str, spec: LayerSpec, frame, mask: np.ndarray) -> None:
    """Sort field, direction and page number widgets, then one page of the shown rows."""
    names = [f.name for f in spec.fields]
    shown = int(np.count_nonzero(mask))
    pages = max(1, math.ceil(shown / PAGE_ROWS))
    c1, c2, c3 = st.columns([3, 2, 2])
    sort = c1.selectbox(t("table_sort", lang), ["", *names], key=f"tbl.sort.{spec.id}",
                        format_func=lambda n: spec.field(n).label(lang) if n else t("table_sort_none", lang))
    desc = c2.toggle(t("table_desc", lang), key=f"tbl.desc.{spec.id}")
    page_no = c3.number_input(t("table_page", lang, pages=pages), 1, pages, 1, key=f"tbl.page.{spec.id}")
    page_no = min(int(page_no), pages)
    res = tiled_records.page(spec, frame, mask, offset=(page_no - 1) * PAGE_ROWS, limit=PAGE_ROWS,
                             sort=sort or None, desc=desc, lang=lang)
    body = {c["label"]: [r[k] if c["name"] == "zq_id" else display_value(spec, c["name"], r[k], lang)
                         for r in res["rows"]] for k, c in enumerate(res["columns"])}
    if res["rows"]:
        st.dataframe(pd.DataFrame(body, columns=[c["label"] for c in res["columns"]]), hide_index=True,
                     width="stretch", height=300)
    else:  # an empty grid reads as broken: say why there is nothing
        st.info(t("table_empty", lang))
    first = res["offset"] + 1 if res["rows"] else 0
    st.caption(md_plain(t("table_paged", lang, first=first, last=res["offset"] + len(res["rows"]),
                           shown=f"{res['shown']:,}", total=f"{res['total']:,}")))
