"""A boolean mask over feature ids as bytes: bit ``i`` of byte ``i >> 3`` is feature ``i``.

Little bit order inside each byte (``(bytes[i >> 3] >> (i & 7)) & 1`` in JavaScript). 10^6
features -> 125 kB, fetched by the map over HTTP; the page itself only carries the token.
"""

from __future__ import annotations

import hashlib

import numpy as np


def pack(mask: np.ndarray) -> bytes:
    """The packed bytes of a 1-D boolean mask (length ``ceil(len / 8)``)."""
    return np.packbits(np.asarray(mask, dtype=bool), bitorder="little").tobytes()


def unpack(data: bytes, count: int) -> np.ndarray:
    """The boolean mask of length ``count`` that :func:`pack` produced."""
    bits = np.unpackbits(np.frombuffer(data, dtype=np.uint8), bitorder="little")
    return bits[:count].astype(bool)


def token(layer_id: str, data: bytes) -> str:
    """A short content hash naming one layer's packed mask (same mask -> same token)."""
    return hashlib.sha256(layer_id.encode() + b"\0" + data).hexdigest()[:20]
