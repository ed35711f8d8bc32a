"""Coordinates typed by people: numbers, decimal commas, degrees-minutes-seconds, WKT.

Each parser returns floats (or geometries) plus the positions it could not read with a reason
(zh, en), so every bad row can be listed; nothing becomes NaN silently. Accepted: ``117.5``,
``117,5`` (decimal comma), ``39,544,680.5`` (thousands), ``117°30'15"E``, ``E117°30′15″``,
``117度30分15秒``, full-width digits; NaN/Infinity are refused.
"""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np
import shapely

Pair = tuple[str, str]
_PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_DEC_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUM = r"(\d+(?:\.\d+)?)"
_H = r"([NSEW东西南北])?"
_DMS_FORMS = (
    # 117°30'15"E, 北36度42分, E117°30′15.5″ (seconds only after minutes)
    re.compile(rf"^{_H}\s*([+-])?\s*{_NUM}\s*(?:°|度)\s*(?:{_NUM}\s*(?:'|′|分)\s*"
               rf"(?:{_NUM}\s*(?:\"|″|′′|''|秒)?\s*)?)?{_H}$", re.IGNORECASE),
    # 117:30:15 E
    re.compile(rf"^{_H}\s*([+-])?\s*{_NUM}:{_NUM}(?::{_NUM})?\s*{_H}$", re.IGNORECASE),
    # 117.5E, N36.7 (a hemisphere letter is required)
    re.compile(rf"^{_H}\s*([+-])?\s*{_NUM}()()\s*{_H}$", re.IGNORECASE),
)
_NEGATIVE = set("SWsw西南")
EMPTY: Pair = ("为空", "is empty")
NOT_NUMBER: Pair = ("不是数字", "is not a number")
NOT_FINITE: Pair = ("不是有限数值（NaN 或无穷大）", "is not a finite number (NaN or Infinity)")
BAD_DMS: Pair = ("度分秒无效（分或秒不小于 60）", "is invalid degrees-minutes-seconds (minutes or seconds ≥ 60)")


def _clean(text: str) -> str:
    text = text.replace("º", "°").replace("˚", "°")
    return unicodedata.normalize("NFKC", text).strip()


def _dms(text: str) -> float | Pair | None:
    """Degrees from a DMS string; a reason if it is malformed DMS; None if it is not DMS."""
    for k, form in enumerate(_DMS_FORMS):
        m = form.match(text)
        if m and (k < 2 or m.group(1) or m.group(6)):
            break
    else:
        return None
    deg, minutes, sec = (float(g) if g else 0.0 for g in (m.group(3), m.group(4), m.group(5)))
    if minutes >= 60 or sec >= 60:
        return BAD_DMS
    value = deg + minutes / 60 + sec / 3600
    hemi = (m.group(1) or "") + (m.group(6) or "")
    negative = m.group(2) == "-" or any(c in _NEGATIVE for c in hemi)
    return -value if negative else value


def _number_text(text: str, comma_decimal: bool) -> tuple[float | Pair, str | None]:
    if _PLAIN.match(text):
        return float(text), None
    if _DEC_COMMA.match(text) and (comma_decimal or len(text.split(",")[1]) != 3):
        return float(text.replace(",", ".")), "decimal_comma"
    if _THOUSANDS.match(text):
        return float(text.replace(",", "")), "thousands"
    dms = _dms(text)
    if dms is not None:
        return dms, "dms" if isinstance(dms, float) else None
    low = text.lower()
    if low in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"):
        return NOT_FINITE, None
    return NOT_NUMBER, None


def parse_value(value: object, comma_decimal: bool = True) -> tuple[float | Pair, str | None]:
    """One cell -> (float, note) or (reason, None); note is "decimal_comma"/"thousands"/"dms".

    ``comma_decimal``: read ``544,680`` as 544.68 (degree columns) rather than 544680.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return EMPTY, None
    if isinstance(value, bool):
        return NOT_NUMBER, None
    if isinstance(value, int | float | np.integer | np.floating):
        out: float | Pair = float(value)
        note = None
    else:
        out, note = _number_text(_clean(str(value)), comma_decimal)
    if isinstance(out, float) and not math.isfinite(out):
        return NOT_FINITE, None
    return out, note


def parse_column(values: list, comma_decimal: bool = True) -> tuple[np.ndarray, dict, dict]:
    """Parse a column: (floats with NaN where bad, {position: reason}, {note: count})."""
    out = np.full(len(values), np.nan)
    bad: dict[int, Pair] = {}
    notes: dict[str, int] = {}
    for i, value in enumerate(values):
        parsed, note = parse_value(value, comma_decimal)
        if isinstance(parsed, tuple):
            bad[i] = parsed
            continue
        out[i] = parsed
        if note:
            notes[note] = notes.get(note, 0) + 1
    return out, bad, notes


_SRID = re.compile(r"^\s*SRID=(\d+)\s*;\s*", re.IGNORECASE)


def parse_wkt_column(values: list) -> tuple[np.ndarray, dict, set[int]]:
    """WKT (or EWKT ``SRID=n;...``) cells -> (geometries, {position: reason}, SRIDs seen)."""
    texts, srids = [], set()
    for value in values:
        text = "" if value is None else str(value)
        m = _SRID.match(text)
        if m:
            srids.add(int(m.group(1)))
            text = text[m.end():]
        texts.append(text.strip() or None)
    geoms = shapely.from_wkt(np.array(texts, dtype=object), on_invalid="ignore")
    bad = {i: (EMPTY if texts[i] is None else ("不是有效的 WKT", "is not valid WKT"))
           for i in np.flatnonzero(shapely.is_missing(geoms))}
    return geoms, bad, srids
