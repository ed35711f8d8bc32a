"""Text encodings of .dbf, CSV and GeoJSON: decide UTF-8 vs GB18030 strictly, and say why.

Rule: a user override wins; then a declaration (.cpg, the DBF language byte, a BOM) if the
bytes really decode with it; else strict UTF-8 (pure ASCII counts), else strict GB18030 (a
superset of GBK/GB2312), else an error asking for an encoding. Never mojibake silently: when
both UTF-8 and GB18030 decode the bytes, UTF-8 is chosen and a warning says it was ambiguous.
Shapefiles are read by GDAL as ISO-8859-1 (a byte-exact round trip), then re-decoded here.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import IngestError

Pair = tuple[str, str]
_LDID = {0x4D: "gb18030", 0x7A: "gb18030"}  # DBF language driver ids for code page 936
_CPG_ALIASES = {"936": "gb18030", "65001": "utf-8", "gbk": "gb18030", "gb2312": "gb18030",
                "cp936": "gb18030", "ansi 936": "gb18030", "utf8": "utf-8"}


@dataclass
class Decision:
    """The encoding chosen, why (zh, en), and any warnings about it."""

    encoding: str
    reason: Pair
    warnings: list[Pair] = field(default_factory=list)


def normalize(name: str) -> str:
    """A Python codec name for ``name`` (GBK/GB2312/936 -> gb18030); IngestError if unknown."""
    key = name.strip().lower()
    key = _CPG_ALIASES.get(key, key)
    if key.isdigit():
        key = f"cp{key}"
    try:
        codec = codecs.lookup(key).name
    except LookupError as exc:
        raise IngestError.with_kind("encoding", f"未知的字符编码“{name[:40]}”",
                                    f"Unknown text encoding {name[:40]!r}") from exc
    return {"gbk": "gb18030", "gb2312": "gb18030"}.get(codec, codec)


def read_cpg(path: Path) -> str | None:
    """The encoding a .cpg file beside a .shp declares (normalised), or None."""
    if not path.is_file():
        return None
    text = path.read_bytes()[:64].decode("ascii", errors="ignore").strip()
    if not text:
        return None
    try:
        return normalize(text)
    except IngestError:
        return None


def dbf_ldid(path: Path) -> str | None:
    """The code page the .dbf's language driver byte declares, when it is 936, else None."""
    if not path.is_file():
        return None
    with open(path, "rb") as fh:
        head = fh.read(32)
    return _LDID.get(head[29]) if len(head) >= 30 else None


def _valid(blob: bytes, enc: str) -> bool:
    try:
        blob.decode(enc)
    except UnicodeDecodeError:
        return False
    return True


def _fits(blob: bytes, names: list[bytes], enc: str) -> bool:
    """``blob`` decodes strictly, and so does each name once a cut last character is dropped."""
    return _valid(blob, enc) and all(any(_valid(n[: len(n) - cut], enc) for cut in range(4))
                                     for n in names)


def _by_override(blob: bytes, override: str) -> Decision:
    enc = normalize(override)
    dec = Decision(enc, (f"按用户指定的编码 {enc} 读取", f"Read as {enc}, as chosen by the user"))
    if not _valid(blob, enc):
        bad = blob.decode(enc, errors="replace").count("\ufffd")
        dec.warnings.append((
            f"有 {bad} 处字节不是有效的 {enc}，已替换为 �：编码可能选错了",
            f"{bad} byte sequence(s) are not valid {enc} and were replaced by �: the encoding "
            "may be wrong",
        ))
    return dec


def _detect(blob: bytes, what: str, names: list[bytes]) -> Decision:
    if blob.isascii() and all(n.isascii() for n in names):
        return Decision("utf-8", (f"{what} 的文本全是 ASCII 字符，任何编码读出来都一样",
                                  f"The text of the {what} is plain ASCII: every encoding reads "
                                  "it the same"))
    if _fits(blob, names, "utf-8"):
        dec = Decision("utf-8", (f"{what} 未声明编码；文本按 UTF-8 严格解码有效，已按 UTF-8 读取",
                                 f"The {what} declares no encoding; its text decodes cleanly as "
                                 "UTF-8, so it was read as UTF-8"))
        if _fits(blob, names, "gb18030") and not (blob + b"".join(names)).isascii():
            dec.warnings.append((
                "编码判断不确定：这些文本按 GB18030（GBK）也能解码；已选 UTF-8。若文字显示错误，请指定编码 gb18030",
                "The encoding is ambiguous: the text also decodes as GB18030 (GBK); UTF-8 was "
                "chosen. If names look wrong, choose the encoding gb18030",
            ))
        return dec
    if _fits(blob, names, "gb18030"):
        return Decision("gb18030", (
            f"{what} 未声明编码；文本不是有效的 UTF-8，但按 GB18030（GBK 的超集）严格解码有效，已按 GB18030 读取",
            f"The {what} declares no encoding; its text is not valid UTF-8 but decodes cleanly "
            "as GB18030 (a superset of GBK), so it was read as GB18030"))
    return _nearly(blob, what)


def _nearly(blob: bytes, what: str) -> Decision:
    """Neither decodes strictly: accept the better one only if a handful of bytes are damaged
    (at most 1% of the non-ASCII bytes), and say how many were replaced; else ask."""
    non_ascii = sum(b >= 0x80 for b in blob) or 1
    bad = {e: blob.decode(e, errors="replace").count("\ufffd") for e in ("utf-8", "gb18030")}
    best = min(bad, key=lambda e: (bad[e], e != "utf-8"))
    if bad[best] <= max(1, non_ascii // 100):
        return Decision(best, (
            f"{what} 未声明编码；文本基本符合 {best}，但有 {bad[best]} 处字节无效（已替换为 �）",
            f"The {what} declares no encoding; its text is {best} except {bad[best]} damaged "
            "byte sequence(s), replaced by �"),
            [(f"{what} 中有 {bad[best]} 处字节无法按 {best} 解码，已替换为 �：文件可能部分损坏",
              f"{bad[best]} byte sequence(s) in the {what} are not valid {best} and were replaced "
              "by �: the file may be partly damaged")])
    raise IngestError.with_kind(
        "encoding",
        f"无法判断 {what} 的字符编码：既不是有效的 UTF-8 也不是 GB18030，请指定编码（如 big5、cp1252）",
        f"Cannot tell the text encoding of the {what}: it is neither valid UTF-8 nor GB18030; "
        "please choose an encoding (e.g. big5, cp1252)",
    )


def choose(blob: bytes, *, what: str, override: str | None = None, declared: str | None = None,
           declared_by: Pair = ("", ""), names: list[bytes] | None = None) -> Decision:
    """Decide how to decode ``blob`` (all the text of a file, values joined by newlines).

    ``what`` names the source in messages ("DBF", "CSV"); ``declared`` an encoding declared
    by ``declared_by`` (zh, en), e.g. (".cpg 文件", "the .cpg file"); ``names`` are DBF
    field names, whose last character may be cut by the 10-byte limit. Raises IngestError
    when nothing decodes strictly.
    """
    names = names or []
    if override:
        return _by_override(blob, override)
    by_zh, by_en = declared_by
    if declared:
        if _fits(blob, names, declared):
            return Decision(declared, (f"编码由{by_zh}声明为 {declared}",
                                       f"The encoding {declared} is declared by {by_en}"))
        dec = _detect(blob, what, names)
        dec.warnings.append((
            f"{by_zh}声明编码为 {declared}，但文本不是有效的 {declared}；已改按 {dec.encoding} 读取",
            f"{by_en} declares {declared}, but the text is not valid {declared}; read as "
            f"{dec.encoding} instead",
        ))
        return dec
    return _detect(blob, what, names)


def decode(raw: bytes, enc: str) -> str:
    """Decode with ``enc``; undecodable bytes become U+FFFD (counted by the decision)."""
    return raw.decode(enc, errors="replace")


def decode_name(raw: bytes, enc: str) -> tuple[str, bool]:
    """Decode a DBF field name; a trailing character cut by the 10-byte limit is trimmed.

    Returns (name, trimmed). Names that still fail get U+FFFD replacements.
    """
    for cut in range(4):
        part = raw[: len(raw) - cut] if cut else raw
        if part and _valid(part, enc):
            return part.decode(enc), cut > 0
    return raw.decode(enc, errors="replace"), False
