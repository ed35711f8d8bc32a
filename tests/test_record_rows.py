"""The record panel shows a note and a plan quote once, in the page's language; in English the
Chinese stands in, marked "(Chinese only)", where the data has no English form."""

from __future__ import annotations

import pandas as pd

from layers.display import record_rows
from layers.registry import CATALOG
from layers.text import t


def _row(**changes) -> pd.Series:
    spec = CATALOG.get("parks")
    base = {f.name: None for f in spec.fields}
    base.update({"name_zh": "某园区", "name_en": "A park", "note_zh": "说明文字", "note_en": "A note",
                 "plan_quote": "规划原文", "plan_quote_en": "The plan's words", **changes})
    return pd.Series(base)


def test_each_text_once_in_the_page_language():
    spec = CATALOG.get("parks")
    zh = dict(record_rows(spec, _row(), "zh"))
    en = dict(record_rows(spec, _row(), "en"))
    assert "说明文字" in zh.values() and "A note" not in zh.values()
    assert "A note" in en.values() and "说明文字" not in en.values()
    assert "The plan's words" in en.values() and "规划原文" not in en.values()


def test_english_without_an_english_form_says_chinese_only():
    spec = CATALOG.get("parks")
    en = dict(record_rows(spec, _row(note_en=None, plan_quote_en=""), "en"))
    assert "说明文字" + t("chinese_only", "en") in en.values()
    assert "规划原文" + t("chinese_only", "en") in en.values()
