"""A saved map HTML made self-contained: every vendored or app script, stylesheet, font and
image inlined (``inline_assets``), so it opens from ``file://`` with no network."""

from __future__ import annotations

import base64
import functools
import json
import re

from layers.assets import (
    CDN_TO_VENDORED,
    CSS_URL_RE,
    UnvendoredAssetError,
    css_refs,
    read_static_text,
    require_static,
    static_rel,
)

_FONT_FACE_RE = re.compile(r"@font-face\s*\{[^}]*\}")
_SRC_DECL_RE = re.compile(r"(\bsrc\s*:\s*)([^;}]+)")
_TOP_LEVEL_COMMA_RE = re.compile(r",(?![^(]*\))")

_MIME = {
    ".png": "image/png",
    ".gif": "image/gif",
    ".jpg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".eot": "application/vnd.ms-fontobject",
    ".css": "text/css",
    ".js": "text/javascript",
}


@functools.cache
def _data_uri(rel: str) -> str:
    path = require_static(rel)
    mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _keep_woff2(match: re.Match) -> str:
    """In an @font-face, keep only the woff2 sources when there are any (smaller exports)."""

    def fix_src(decl: re.Match) -> str:
        items = [s.strip() for s in _TOP_LEVEL_COMMA_RE.split(decl.group(2))]
        woff2 = [s for s in items if "woff2" in s]
        return decl.group(1) + ", ".join(woff2 or items)

    return _SRC_DECL_RE.sub(fix_src, match.group(0))


@functools.cache
def _inlined_css(rel: str) -> str:
    css = _FONT_FACE_RE.sub(_keep_woff2, read_static_text(rel))
    refs = dict(css_refs(rel, css))

    def repl(match: re.Match) -> str:
        url = match.group(2)
        if url not in refs:  # data: or #fragment
            return match.group(0)
        return f'url("{_data_uri(refs[url])}")'

    css = CSS_URL_RE.sub(repl, css)
    return re.sub(r"</(style)", r"\\3C/\1", css, flags=re.IGNORECASE)


@functools.cache
def _inlined_js(rel: str) -> str:
    js = read_static_text(rel)
    # Keep the HTML parser in "script data" state: \x3C is "<" in JS strings and regexes.
    js = re.sub(r"</(script)", r"\\x3C/\1", js, flags=re.IGNORECASE)
    return js.replace("<!--", "\\x3C!--")


_SCRIPT_TAG_RE = re.compile(
    r"""<script\b[^>]*?\bsrc\s*=\s*(["'])(?P<url>[^"']*)\1[^>]*>\s*</script\s*>""", re.IGNORECASE
)
_LINK_TAG_RE = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_HREF_RE = re.compile(r"""\bhref\s*=\s*(["'])(?P<url>[^"']*)\1""", re.IGNORECASE)
_REL_RE = re.compile(r"""\brel\s*=\s*(["']?)(?P<rel>[^"'\s>]*)\1""", re.IGNORECASE)
_ICON_PATH_RE = re.compile(
    r"""L\.Icon\.Default\.imagePath\s*=\s*(["'])(?P<url>[^"']*)\1\s*;?"""
)


def _local_rel(url: str, what: str) -> str:
    """STATIC_DIR-relative path of a /app/static URL or of a vendored CDN URL."""
    if url in CDN_TO_VENDORED:
        return f"vendor/{CDN_TO_VENDORED[url]}"
    rel = static_rel(url)
    if rel is None:
        raise UnvendoredAssetError(f"{what} {url!r} cannot be inlined: not served from static/")
    return rel


def inline_assets(html: str) -> str:
    """Make a saved map HTML self-contained (works from ``file://`` with no network).

    Replaces every ``<script src>`` / ``<link rel="stylesheet" href>`` pointing at a file under
    ``/app/static/`` (vendored or the app's own), or at a CDN URL that is vendored, by the
    file's contents; CSS ``url(...)`` become
    data: URIs (fonts: woff2 only). The ``L.Icon.Default.imagePath`` statement becomes data:
    URIs for the default marker images. Raises UnvendoredAssetError for any other script or
    stylesheet URL and if any ``/app/static/`` reference would remain.
    """

    def script(match: re.Match) -> str:
        url = match.group("url")
        if url.startswith("data:"):
            return match.group(0)
        return _hold(f"<script>{_inlined_js(_local_rel(url, 'script'))}</script>")

    def link(match: re.Match) -> str:
        tag = match.group(0)
        href = _HREF_RE.search(tag)
        rel = _REL_RE.search(tag)
        if href is None or href.group("url").startswith(("data:", "#")):
            return tag
        if rel is None or rel.group("rel").lower() != "stylesheet":
            if re.match(r"^(https?:)?//", href.group("url")) or "/app/static/" in href.group("url"):
                raise UnvendoredAssetError(f"<link> to {href.group('url')!r} cannot be inlined")
            return tag
        return _hold(f"<style>{_inlined_css(_local_rel(href.group('url'), 'stylesheet'))}</style>")

    def icon_path(match: re.Match) -> str:
        rel = _local_rel(match.group("url"), "L.Icon.Default.imagePath").rstrip("/")
        urls = {
            "iconUrl": _data_uri(f"{rel}/marker-icon.png"),
            "iconRetinaUrl": _data_uri(f"{rel}/marker-icon-2x.png"),
            "shadowUrl": _data_uri(f"{rel}/marker-shadow.png"),
        }
        return f'L.Icon.Default.imagePath = ""; L.Icon.Default.mergeOptions({json.dumps(urls)});'

    # Inlined files are held out of the page until the leftover check below has run: a file's
    # own text (e.g. a comment naming the URL it is served from) is not a reference to the server.
    held: list[str] = []

    def _hold(text: str) -> str:
        held.append(text)
        return f"\x00zq-inlined-{len(held) - 1}\x00"

    out = _ICON_PATH_RE.sub(icon_path, html)  # before inlining: only the page's own statement
    out = _SCRIPT_TAG_RE.sub(script, out)
    out = _LINK_TAG_RE.sub(link, out)
    leftovers = sorted(set(re.findall(r"/app/static/[^\s\"'()<>]*", out)))
    if leftovers:
        raise UnvendoredAssetError("references to the app server remain: " + ", ".join(leftovers))
    return re.sub("\x00zq-inlined-(\\d+)\x00", lambda m: held[int(m.group(1))], out)
