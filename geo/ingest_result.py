"""What reading a user's file found: ``IngestResult``, the one report the app and the CLI show.

Every list is JSON-safe plain data; every sentence is a ``(zh, en)`` pair rendered by
:meth:`IngestResult.messages` / :meth:`IngestResult.to_json_dict` in the caller's language.
Row numbers are 1-based record numbers of the source (first feature / first data row = 1);
table sources also give ``line``, the row number a spreadsheet shows (header = line 1).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from geo.errors import GeoError, pick

Pair = tuple[str, str]

#: error_kind values: why a file is not usable (the UI may branch on these).
ERROR_KINDS = (
    "crs_missing",  # the CRS is unknown or contradicts the coordinates: choose one
    "crs_invalid",  # the chosen/declared CRS gives impossible coordinates
    "too_large", "unsupported", "unsafe", "encoding", "empty", "format",
    "timeout", "memory", "crash",
    "layer",  # the file has no layer of the asked name (the result lists the layers it has)
)


@dataclass
class IngestResult:
    """The report on one file; ``usable`` is True when its features can be drawn in WGS84.

    ``crs`` is what the data was read with ("EPSG:4527", "gcj02", "bd09") or None when
    unknown; ``crs_candidates`` are what the coordinates could be in (each a dict with
    ``crs``, ``label_zh/en``, ``reason_zh/en``, ``swap_xy`` and ``bounds_wgs84``).
    ``renamed_columns`` maps NEW name -> original name (exact duplicates have no unique
    original key). ``repaired`` items: ``row``, ``area_before``, ``area_after``, ``unit``.
    """

    usable: bool = False
    features: int = 0
    dropped: int = 0
    dropped_rows: list[dict] = field(default_factory=list)
    encoding: str | None = None
    encoding_reason: Pair | None = None
    crs: str | None = None
    crs_candidates: list[dict] = field(default_factory=list)
    bounds_wgs84: list[float] | None = None
    columns: dict[str, str] = field(default_factory=dict)
    sample: list[dict] = field(default_factory=list)
    warnings: list[Pair] = field(default_factory=list)
    steps: list[dict] = field(default_factory=list)
    repaired: list[dict] = field(default_factory=list)
    renamed_columns: dict[str, str] = field(default_factory=dict)
    geometry_types: dict[str, int] = field(default_factory=dict)
    error: Pair | None = None
    error_kind: str | None = None
    format: str | None = None
    layer: str | None = None
    layers: list[str] = field(default_factory=list)  # every layer/dataset of the file, to choose from
    members: list[str] = field(default_factory=list)

    def warn(self, zh: str, en: str) -> None:
        """Append one warning sentence (Chinese, English)."""
        self.warnings.append((zh, en))

    def step(self, name: str, count: int) -> None:
        """Record the feature count after pipeline step ``name``."""
        self.steps.append({"step": name, "count": int(count)})

    def fail(self, kind: str, zh: str, en: str) -> IngestResult:
        """Mark the file unusable with an error of ``kind`` (one of ERROR_KINDS); returns self."""
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown error kind {kind!r}")
        self.usable = False
        self.error_kind = kind
        self.error = (zh, en)
        return self

    def fail_from(self, exc: GeoError, kind: str) -> IngestResult:
        """``fail`` with the bilingual message of ``exc``."""
        return self.fail(kind, exc.zh, exc.en)

    def messages(self, lang: str) -> list[str]:
        """Sentences in ``lang``: the error (if any), the encoding decision, then the warnings."""
        pairs = [p for p in (self.error, self.encoding_reason) if p] + list(self.warnings)
        return [pick(lang, zh, en) for zh, en in pairs]

    def to_json_dict(self, lang: str = "en") -> dict:
        """A JSON-ready dict: every field, bilingual pairs rendered in ``lang``.

        Keys include those the CLI promises (``features``, ``dropped``, ``encoding``,
        ``crs``, ``crs_candidates``, ``bounds_wgs84``, ``columns``, ``sample``,
        ``warnings``) plus ``usable``, ``error``, ``error_kind``, ``steps`` and the rest.
        Row and candidate dicts keep their ``*_zh``/``*_en`` keys and gain the plain key.
        """
        out = self.to_state()
        out["warnings"] = [pick(lang, zh, en) for zh, en in self.warnings]
        out["error"] = pick(lang, *self.error) if self.error else None
        out["encoding_reason"] = pick(lang, *self.encoding_reason) if self.encoding_reason else None
        out["dropped_rows"] = [_localise(d, lang, "reason") for d in self.dropped_rows]
        out["crs_candidates"] = [
            _localise(_localise(d, lang, "label"), lang, "reason") for d in self.crs_candidates
        ]
        out["lang"] = lang
        return out

    def to_state(self) -> dict:
        """Plain-data form (pairs as lists) for transport between processes as JSON."""
        return asdict(self)

    @classmethod
    def from_state(cls, state: dict) -> IngestResult:
        """Rebuild from :meth:`to_state` output (unknown keys are ignored)."""
        known = {f.name for f in fields(cls)}
        res = cls(**{k: v for k, v in state.items() if k in known})
        res.warnings = [tuple(p) for p in res.warnings]
        res.error = tuple(res.error) if res.error else None
        res.encoding_reason = tuple(res.encoding_reason) if res.encoding_reason else None
        return res


def _localise(item: dict, lang: str, key: str) -> dict:
    out = dict(item)
    if f"{key}_zh" in item:
        out[key] = pick(lang, item[f"{key}_zh"], item[f"{key}_en"])
    return out
