"""The text catalog: every UI string, one file per language, keyed by name.

``zh.py`` and ``en.py`` each hold one ``TEXT: dict[str, str]``; an area with many words may bring
its own pair ``<code>_<area>.py`` (e.g. ``zh_team.py``/``en_team.py``), merged into the language's
one catalog (a key defined twice is an error); keys are prefixed by area
(``an.`` analysis, ``io.`` import/export, ``pr.`` presenter, ``pk.`` park cards, ``sm.`` static
maps, ``map.`` the map's script, ``sl.`` the slideshow; general keys have no prefix).  A third
language is one new file (found by :func:`_catalogs`; its ``lang_name`` names it in the switch); tests/test_text.py checks that every file has
every key with the same placeholders.

Text that comes from the data, a file or a link is not in the catalog: ``pick``/``localized``
choose its language, and ``md_plain`` makes it inert wherever it meets Markdown.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Mapping


def _catalogs() -> dict[str, dict[str, str]]:
    """Every ``layers/text/<code>.py`` with a ``TEXT`` dict, merged with its ``<code>_<area>.py``
    parts: Chinese first (the default and the fallback of data text), then English, then any
    other language by code."""
    modules = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    codes = [m for m in modules if "_" not in m]
    order = sorted(codes, key=lambda c: ({"zh": 0, "en": 1}.get(c, 2), c))
    out: dict[str, dict[str, str]] = {}
    for code in order:
        merged = dict(importlib.import_module(f"{__name__}.{code}").TEXT)
        for part in (m for m in modules if m.startswith(code + "_")):
            extra = importlib.import_module(f"{__name__}.{part}").TEXT
            twice = sorted(set(extra) & set(merged))
            if twice:
                raise ValueError(f"layers/text/{part}.py redefines {twice}")
            merged.update(extra)
        out[code] = merged
    return out


#: language code -> its catalog; a third language is one new file here
CATALOGS: dict[str, dict[str, str]] = _catalogs()
LANGS: tuple[str, ...] = tuple(CATALOGS)
DEFAULT_LANG = LANGS[0]

#: keys whose non-Chinese values may carry Chinese characters (a proper name, the language
#: switch's own label); every other English value is checked to hold no CJK character
PROPER_NAME_KEYS: frozenset[str] = frozenset({"lang"})


def t(key: str, lang: str, **fmt: object) -> str:
    """The catalog string ``key`` in ``lang`` with the placeholders in ``fmt`` filled in.

    Raises KeyError naming the key and the language when either is unknown (a typo is an error
    a test catches, never a blank label).
    """
    try:
        catalog = CATALOGS[lang]
    except KeyError:
        raise KeyError(f"unknown language {lang!r} (known: {', '.join(LANGS)})") from None
    try:
        text = catalog[key]
    except KeyError:
        raise KeyError(f"text key {key!r} is not in the {lang!r} catalog (layers/text/{lang}.py or {lang}_*.py)") from None
    return text.format(**fmt) if fmt else text


def pick(zh_text: object, en_text: object, lang: str) -> str:
    """Of a (zh, en) pair that comes from the DATA (a file, a declaration), the one for ``lang``.

    UI wording belongs in the catalog (``t``); this is only for pairs the data supplies.
    """
    return str(zh_text if lang == DEFAULT_LANG else en_text)


#: field -> (Chinese column, English column) of the bilingual data columns
_PAIRS = {"name": ("name_zh", "name_en"), "note": ("note_zh", "note_en"),
          "plan_quote": ("plan_quote", "plan_quote_en"), "title": ("title_zh", "title_en"),
          "caption": ("caption_zh", "caption_en"), "why": ("why_zh", "why_en")}
_SINGLE = {"note": "note"}  # older data: one Chinese column


def _filled(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):  # None / NaN
        return ""
    return str(value).strip()


def localized(row: Mapping, field: str, lang: str, mark: bool = False) -> str:
    """A bilingual data field of ``row`` (a dict or pandas row) in ``lang``.

    ``field`` is "name", "note", "plan_quote", "title", "caption" or "why" (columns
    ``name_zh``/``name_en`` …; ``note`` also reads an old single ``note`` column).  Where the
    English form is empty or missing the Chinese is shown, followed, when ``mark`` is true, by the
    catalog's " (Chinese only)" mark.  An empty field gives "".
    """
    zh_col, en_col = _PAIRS[field]
    get = row.get
    zh_text = _filled(get(zh_col)) or _filled(get(_SINGLE.get(field, zh_col)))
    if lang == DEFAULT_LANG:
        return zh_text
    other = _filled(get(en_col))
    if other or not zh_text:
        return other
    return zh_text + t("chinese_only", lang) if mark else zh_text


# ------------------------------------------------------------------ plain text through Markdown

#: ASCII punctuation that Markdown, HTML, Streamlit directives (``:red[…]``) or LaTeX act on
_MD_ACTIVE = frozenset("\\`*_{}[]()#+-.!|<>$~:&=\"'@/%^;?,")
_WJ = "\u2060"  # WORD JOINER: invisible, breaks the auto-linker's http / www / @ patterns
_AUTOLINK = re.compile(r"(?i)(https?|ftp|www|mailto)")
_LEADING = re.compile(r"(?m)^[ \t]+")


def md_plain(text: object) -> str:
    """``text`` (from a link, a file or the data) made inert for st.markdown/caption/labels.

    Every ASCII punctuation character Markdown could act on becomes an HTML character reference
    (``&#58;``; CommonMark decodes it back to the character and never interprets it), and a
    word joiner (U+2060, invisible) follows ``http``/``www``/``mailto`` and every ``@``, so the
    auto-linker (which runs on the decoded text) finds no URL or address.  The text reads exactly
    as before.
    """
    out = []
    for part in _AUTOLINK.split(str(text)):
        if _AUTOLINK.fullmatch(part):
            out.append(part + _WJ)
            continue
        out.append("".join(f"&#{ord(ch)};" + (_WJ if ch == "@" else "") if ch in _MD_ACTIVE else ch
                           for ch in part))
    # leading blanks would make an indented code block (and st.markdown dedents): keep them
    return _LEADING.sub(lambda m: "&#32;" * len(m.group()), "".join(out))
