"""CSV and XLSX tables with coordinate columns -> rows of cells with their line numbers.

CSV: BOM (UTF-8/UTF-16) declares the encoding, else strict UTF-8 then GB18030 (see
``_ingest_encoding``); the delimiter is sniffed among ``, ; TAB |``. XLSX: openpyxl in
read-only mode with cached values (formulas are never evaluated), first sheet. Line numbers
are what an editor or spreadsheet shows (header = line 1), so bad rows can be found.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from geo import _ingest_encoding as enc
from geo.errors import IngestError

Pair = tuple[str, str]


@dataclass
class Table:
    """Header names, data rows (lists of cells) and each row's line number."""

    header: list[str]
    rows: list[list]
    lines: list[int]
    bad: dict[int, Pair] = field(default_factory=dict)  # position in rows -> reason
    warnings: list[Pair] = field(default_factory=list)
    decision: enc.Decision | None = None


def _decode_csv(raw: bytes, override: str | None) -> tuple[str, enc.Decision]:
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom) and not override:
            body = raw[len(bom):] if name == "utf-8" else raw
            decision = enc.choose(body, what="CSV", declared=name,
                                  declared_by=("字节顺序标记（BOM）", "the byte-order mark (BOM)"))
            return enc.decode(body, decision.encoding), decision
    decision = enc.choose(raw, what="CSV", override=override)
    return enc.decode(raw, decision.encoding), decision


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:65536], delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def _non_blank(cells: list) -> bool:
    return any(c is not None and str(c).strip() for c in cells)


def _fit_rows(table: Table) -> Table:
    """Pad short rows; rows with extra non-empty cells are marked bad (listed, not guessed)."""
    width = len(table.header)
    for i, row in enumerate(table.rows):
        if len(row) > width and _non_blank(row[width:]):
            table.bad[i] = (f"有 {len(row)} 个单元格，表头只有 {width} 列",
                            f"has {len(row)} cells but the header has {width} columns")
        table.rows[i] = (list(row) + [None] * width)[:width]
    return table


def _header(cells: list) -> list[str]:
    return [str(c).strip() if c is not None and str(c).strip() else f"column_{i + 1}"
            for i, c in enumerate(cells)]


def read_csv(path: Path, override: str | None) -> Table:
    """Read a CSV file (any of the encodings above) into a Table."""
    text, decision = _decode_csv(path.read_bytes(), override)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # WKT cells can be long
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    records = []
    try:
        records = [(reader.line_num, row) for row in reader if _non_blank(row)]
    except csv.Error as exc:
        raise IngestError(f"CSV 格式错误（第 {reader.line_num} 行）：{exc}",
                          f"Malformed CSV (line {reader.line_num}): {exc}") from exc
    if not records:
        raise IngestError.with_kind("empty", "CSV 文件是空的", "The CSV file is empty")
    (_, head), body = records[0], records[1:]
    table = Table(_header(head), [r for _, r in body], [n for n, _ in body], decision=decision)
    return _fit_rows(table)


def read_xlsx(path: Path) -> Table:
    """Read the first sheet of an .xlsx workbook (cached values, no formulas) into a Table."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise IngestError(f"无法打开 XLSX 工作簿：{str(exc)[:200]}",
                          f"Cannot open the XLSX workbook: {str(exc)[:200]}") from exc
    try:
        sheet = book.worksheets[0]
        records = [(n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), 1)
                   if _non_blank(r)]
        names = book.sheetnames
    finally:
        book.close()
    if not records:
        raise IngestError.with_kind("empty", "工作表是空的", "The worksheet is empty")
    (_, head), body = records[0], records[1:]
    table = Table(_header(head), [r for _, r in body], [n for n, _ in body])
    if len(names) > 1:
        others = ", ".join(names[1:6])
        table.warnings.append((f"只读取了第一个工作表“{names[0]}”；其他工作表：{others}",
                               f"Only the first sheet {names[0]!r} was read; other sheets: {others}"))
    return _fit_rows(table)
