"""The text catalog (layers/text): complete in every language, placeholders alike, every key used,
English without Chinese; the lookup raises on a typo; ``localized``, ``pick`` and ``md_plain``.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from layers import text
from layers.text import CATALOGS, LANGS, PROPER_NAME_KEYS, localized, md_plain, pick, t

ROOT = Path(__file__).resolve().parents[1]
CODE = [ROOT / "app.py", *sorted((ROOT / "ui").rglob("*.py")), *sorted((ROOT / "layers").rglob("*.py")),
        *sorted((ROOT / "geo").rglob("*.py"))]
CODE = [p for p in CODE if p.parent != ROOT / "layers" / "text" or p.name == "__init__.py"]
ALL_KEYS = sorted(set().union(*CATALOGS.values()))
OTHER_LANGS = [lang for lang in LANGS if lang != text.DEFAULT_LANG]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
FULL_WIDTH = "（）；：，、。"


def placeholders(value: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_in_every_language(lang):
    missing = [k for k in ALL_KEYS if k not in CATALOGS[lang]]
    assert missing == [], f"layers/text/{lang}.py lacks {missing}"


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_placeholders_match_the_default_language(lang):
    base = CATALOGS[text.DEFAULT_LANG]
    differ = {k: (placeholders(base[k]), placeholders(v)) for k, v in CATALOGS[lang].items()
              if k in base and placeholders(base[k]) != placeholders(v)}
    assert differ == {}


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_non_chinese_values_hold_no_chinese(lang):
    cjk = {k: v for k, v in CATALOGS[lang].items() if CJK.search(v) and k not in PROPER_NAME_KEYS}
    assert cjk == {}
    full = {k: v for k, v in CATALOGS[lang].items() if any(c in v for c in FULL_WIDTH)}
    assert full == {}


def _literals() -> tuple[set[str], set[str]]:
    """Every string constant of the code, and the constant heads of its f-strings."""
    consts, heads = set(), set()
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                consts.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                heads.add(node.values[0].value)
            elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)
                  and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)):
                heads.add(node.left.value)
    return consts, heads


def test_every_key_is_used():
    """A key is used when the code names it, or builds it as "<head>{x}" from a literal x."""
    consts, heads = _literals()
    heads = {h for h in heads if re.fullmatch(r"[a-z][a-z_.]*[._]", h)}
    unused = [k for k in ALL_KEYS if k not in consts
              and not any(k.startswith(h) and k[len(h):] in consts for h in heads)]
    assert unused == []


def test_t_formats_and_raises_on_unknown_keys():
    assert t("title", "en") == "Zhangqiu Planning Explorer"
    assert t("pr.imported", "zh", n=3) == "已导入 3 个场景。"
    with pytest.raises(KeyError, match="no_such_key.*layers/text/en.py"):
        t("no_such_key", "en")
    with pytest.raises(KeyError, match="unknown language 'fr'"):
        t("title", "fr")


def test_pick_is_for_data_pairs():
    assert pick("甲", "A", "zh") == "甲"
    assert pick("甲", "A", "en") == "A"


@pytest.mark.parametrize(("row", "field", "lang", "mark", "expected"), [
    ({"name_zh": "圣泉", "name_en": "Shengquan"}, "name", "zh", True, "圣泉"),
    ({"name_zh": "圣泉", "name_en": "Shengquan"}, "name", "en", True, "Shengquan"),
    ({"name_zh": "圣泉", "name_en": ""}, "name", "en", False, "圣泉"),
    ({"name_zh": "圣泉", "name_en": None}, "name", "en", True, "圣泉 (Chinese only)"),
    ({"name_zh": "圣泉"}, "name", "en", True, "圣泉 (Chinese only)"),
    ({"note": "旧说明"}, "note", "en", True, "旧说明 (Chinese only)"),  # old single column
    ({"note": "旧说明"}, "note", "zh", True, "旧说明"),
    ({"note_zh": "说明", "note_en": "A note"}, "note", "en", True, "A note"),
    ({"note_zh": "说明", "note_en": float("nan")}, "note", "en", True, "说明 (Chinese only)"),
    ({"plan_quote": "原文", "plan_quote_en": "The words"}, "plan_quote", "en", True, "The words"),
    ({"plan_quote": "原文"}, "plan_quote", "en", True, "原文 (Chinese only)"),
    ({"note": None}, "note", "en", True, ""),
    (pd.Series({"name_zh": "甲", "name_en": "A"}), "name", "en", True, "A"),
])
def test_localized(row, field, lang, mark, expected):
    assert localized(row, field, lang, mark=mark) == expected


WJ = "\u2060"


@pytest.mark.parametrize(("raw", "expected"), [
    ("圣泉 新材料", "圣泉 新材料"),
    ("a_b", "a&#95;b"),
    ("**bold**", "&#42;&#42;bold&#42;&#42;"),
    ("[click](x)", "&#91;click&#93;&#40;x&#41;"),
    ("![x](y)", "&#33;&#91;x&#93;&#40;y&#41;"),
    ("<a href=x>", "&#60;a href&#61;x&#62;"),
    ("http://e.x", f"http{WJ}&#58;&#47;&#47;e&#46;x"),
    ("HTTPS://e", f"HTTPS{WJ}&#58;&#47;&#47;e"),
    ("www.e.x", f"www{WJ}&#46;e&#46;x"),
    ("a@b.cn", f"a&#64;{WJ}b&#46;cn"),
    (":red[x]", "&#58;red&#91;x&#93;"),
    ("$x$", "&#36;x&#36;"),
    ("    code", "&#32;&#32;&#32;&#32;code"),
    ("1. item", "1&#46; item"),
    (42, "42"),
])
def test_md_plain(raw, expected):
    assert md_plain(raw) == expected


@pytest.mark.parametrize("raw", ["http://evil.example/login", "[c](http://evil.example)", "a_b*c",
                                 "<img src=x>", "名称: 值 (注)", "x@y.z", "  lead"])
def test_md_plain_reads_back_as_the_same_text(raw):
    """Decoding the character references and dropping the word joiners gives the text back."""
    import html

    assert html.unescape(md_plain(raw)).replace(WJ, "") == raw


def _key_literals(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _key_literals(node.body) + _key_literals(node.orelse)
    return []


def test_every_literal_key_exists():
    """``t("key", …)`` (or ``t("a" if x else "b", …)``) names keys the catalog has."""
    missing = []
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" and node.args:
                missing += [f"{path.relative_to(ROOT)}:{node.lineno} {k}" for k in _key_literals(node.args[0])
                            if k not in CATALOGS[text.DEFAULT_LANG]]
    assert missing == []


def test_a_language_is_one_file_found_by_the_catalog():
    """Every layers/text/<code>.py (with its <code>_<area>.py parts) is a language of the switch (named by its lang_name), Chinese first."""
    from pathlib import Path

    import layers.text as text
    from layers import explorer

    files = sorted(p.stem for p in Path(text.__file__).parent.glob("*.py")
                   if not p.stem.startswith("_") and "_" not in p.stem)  # <code>_<area>.py: parts
    assert sorted(text.LANGS) == files and text.LANGS[0] == "zh"
    assert explorer.LANGS == text.LANGS
    assert {text.t("lang_name", c) for c in text.LANGS} == {"中文", "English"}
