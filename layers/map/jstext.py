"""Text that goes inside a ``<script>``: JSON with no HTML-significant characters, JS literals."""

from __future__ import annotations

import json


def safe_json(obj: object) -> str:
    """JSON safe to place inside a <script>: no '<', '>', '&', U+2028/2029 left literal."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def js_string(text: str) -> str:
    """``text`` as a single-quoted JavaScript string literal (for ``JSON.parse('...')``, which
    V8 parses faster than the same data as an object literal). ``text`` comes from safe_json:
    no raw '<', line or paragraph separators."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"
