"""Errors raised by ``geo``: each carries a message for the user in Chinese and English.

Modelled on pyogrio's ``errors.py``: a tiny hierarchy, one docstring line per class.
"""

from __future__ import annotations

LANGS = ("zh", "en")


def pick(lang: str, zh: str, en: str) -> str:
    """Return ``zh`` or ``en`` for ``lang`` ("zh" or "en"); raise ValueError otherwise."""
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")


class GeoError(Exception):
    """Base class: an error whose message is meant for the user, in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en

    def message(self, lang: str) -> str:
        """Return the message in ``lang`` ("zh" or "en")."""
        return pick(lang, self.zh, self.en)

    def __str__(self) -> str:
        return self.en


class CRSMissingError(GeoError):
    """The data has no CRS; the user must choose one (never assumed silently)."""


class NotDegreesError(GeoError):
    """Coordinates cannot be longitude/latitude degrees (e.g. projected data labelled geographic)."""


class NonFiniteError(GeoError):
    """A transform produced NaN or infinite coordinates (e.g. zone-prefixed GK under the wrong EPSG)."""


class InvalidFilterError(GeoError):
    """A filter names an undeclared field or operator, or carries a value of the wrong type."""


class UnsupportedInputError(GeoError):
    """The input (file, path, geometry or option) is not something this module accepts."""


class IngestError(GeoError):
    """A user's file cannot be read usefully (format, encoding, size, empty layer); says why."""

    kind = "format"  # an IngestResult.error_kind: why the file is not usable

    @classmethod
    def with_kind(cls, kind: str, zh: str, en: str) -> IngestError:
        """Build the error and record ``kind`` (an IngestResult.error_kind) on it."""
        exc = cls(zh, en)
        exc.kind = kind
        return exc


class UnsafeInputError(IngestError):
    """A file looks hostile (zip slip, zip bomb, GDAL indirection file) and was refused unread."""

    kind = "unsafe"


class ReaderFailedError(IngestError):
    """The sandboxed reader crashed, timed out or ran out of memory on a file."""

    kind = "crash"  # or "timeout", "memory", "unsafe"
