"""Presenter scenes: a saved view of the plan (layers, filters, basemap, view, highlights, caption).

A scene is a set of explorer URL parameters (``bm``, ``layers``, ``f.<field>`` in the
``geo.filter_params`` encoding, see ``layers.explorer``) plus a view, highlighted features and a
caption in Chinese and English.  Views: ``{"fit": [layer ids]}`` (the bounds of those layers'
shown features; ``"min_span_km"``: shown at least that wide and tall, so a lone small feature
keeps its surroundings), ``{"bounds": [[south, west], [north, east]]}`` or
``{"center": [lat, lng], "zoom": z}`` (WGS84; what "save the current view" records).
Highlights are ``[layer id, feature id]`` (the ``id`` column, or the row position for layers
without one).

Scenes persist in the embedded workspace under ``WS_KEY`` and travel as a JSON file
(``dumps_scenes`` / ``loads_scenes``).  Everything read from a file or the workspace is checked
here; captions are user text and are only ever shown as text (zq-slides.js: textContent).
No Streamlit here.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field, replace

from layers import explorer as ex
from layers.basemaps import all_basemaps
from layers.spec import Catalog
from layers.store.base import Actor, Store, UnavailableError
from layers.text import pick

WS_KEY = "scenes"
FILE_FORMAT = "zq-scenes"
FILE_VERSION = 1
MAX_SCENES = 60
MAX_TITLE = 80
MAX_CAPTION = 600
MAX_FILE_BYTES = 1_000_000
MAX_HIGHLIGHT = 50
MAX_AREA_PARAM = 30_000  # f.@inside: up to 20 polygons of drawn vertices
_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_PARAM_KEYS = ("bm", "layers")


class SceneFileError(ValueError):
    """A scenes file (or stored document) that cannot be used; carries a zh and an en message."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en

    def message(self, lang: str) -> str:
        return pick(self.zh, self.en, lang)


@dataclass(frozen=True)
class Scene:
    """One saved view of the plan: parameters, view, highlights, title and caption (zh/en)."""
    id: str
    title_zh: str
    title_en: str
    caption_zh: str = ""
    caption_en: str = ""
    params: dict[str, str] = field(default_factory=dict)
    view: dict = field(default_factory=lambda: {"fit": []})  # [] fits the district (role extent)
    highlight: tuple[tuple[str, str], ...] = ()

    def title(self, lang: str) -> str:
        return pick(self.title_zh, self.title_en, lang) or self.title_zh or self.title_en

    def caption(self, lang: str) -> str:
        return pick(self.caption_zh, self.caption_en, lang) or self.caption_zh or self.caption_en

    def to_dict(self) -> dict:
        return {"id": self.id, "title_zh": self.title_zh, "title_en": self.title_en,
                "caption_zh": self.caption_zh, "caption_en": self.caption_en,
                "params": dict(self.params), "view": self.view,
                "highlight": [list(h) for h in self.highlight]}


# ------------------------------------------------------------------ checking


def _text(value: object, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SceneFileError("文字字段必须是字符串", "text fields must be strings")
    # control characters out (keep line breaks); length capped
    value = "".join(ch for ch in value if ch in "\n\t" or ord(ch) >= 32)
    return value.strip()[:limit]


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SceneFileError("视图坐标必须是数字", "view coordinates must be numbers")
    return float(value)


def check_view(view: object, cat: Catalog) -> dict:
    """A clean view dict (see the module docstring); raises SceneFileError."""
    if not isinstance(view, dict):
        raise SceneFileError("视图格式错误", "a scene view must be an object")
    if "center" in view:
        c = view["center"]
        if not isinstance(c, list | tuple) or len(c) != 2:
            raise SceneFileError("视图中心格式错误", "view center must be [lat, lng]")
        lat, lng = _number(c[0]), _number(c[1])
        zoom = int(_number(view.get("zoom", 11)))
        if not (-90 <= lat <= 90 and -180 <= lng <= 180 and 1 <= zoom <= 19):
            raise SceneFileError("视图中心超出范围", "view center or zoom out of range")
        return {"center": [round(lat, 6), round(lng, 6)], "zoom": zoom}
    if "bounds" in view:
        b = view["bounds"]
        if not isinstance(b, list | tuple) or len(b) != 2 or any(
                not isinstance(p, list | tuple) or len(p) != 2 for p in b):
            raise SceneFileError("视图范围格式错误", "view bounds must be [[s, w], [n, e]]")
        s, w, n, e = (_number(b[0][0]), _number(b[0][1]), _number(b[1][0]), _number(b[1][1]))
        if not (-90 <= s < n <= 90 and -180 <= w < e <= 180):
            raise SceneFileError("视图范围无效", "view bounds are not a valid box")
        return {"bounds": [[s, w], [n, e]]}
    fit = view.get("fit")
    ids = {s.id for s in cat.layers}
    if isinstance(fit, list) and all(isinstance(i, str) for i in fit):
        out: dict = {"fit": [i for i in fit if i in ids] or list(cat.ids_with("extent"))}
        if "min_span_km" in view:
            span = _number(view["min_span_km"])
            if not 0 < span <= 500:
                raise SceneFileError("视图最小范围无效", "min_span_km must be between 0 and 500")
            out["min_span_km"] = span
        return out
    raise SceneFileError("视图需要 center、bounds 或 fit", "a view needs center, bounds or fit")


def check_params(params: object, cat: Catalog) -> tuple[dict[str, str], list[str]]:
    """Keep ``bm``, ``layers`` and ``f.*`` parameters the explorer accepts; report the rest."""
    if not isinstance(params, dict):
        raise SceneFileError("params 必须是对象", "params must be an object")
    out: dict[str, str] = {}
    notes: list[str] = []
    for key, value in params.items():
        if not isinstance(key, str) or not isinstance(value, str):
            notes.append(f"{key!s}")
            continue
        if key in _PARAM_KEYS or key.startswith("f."):
            out[key] = value[:MAX_AREA_PARAM if key == "f.@inside" else 2000]  # an area's vertices
        else:
            notes.append(key)
    state, ignored = ex.state_from_params(out, cat)
    notes.extend(i.key for i in ignored)
    clean = ex.state_to_params(state)
    clean.pop("lang", None)
    clean.pop("v", None)
    if out.get("bm") and out["bm"] not in {b.id for b in all_basemaps()}:
        notes.append("bm")
    if "layers" in out and len(state.layers) < len([x for x in out["layers"].split(",") if x]):
        notes.append("layers")
    return clean, notes


def scene_from_dict(d: object, cat: Catalog) -> tuple[Scene, list[str]]:
    """A checked Scene from a dict (file or workspace); returns it with what was dropped."""
    if not isinstance(d, dict):
        raise SceneFileError("每个场景必须是对象", "each scene must be an object")
    sid = d.get("id")
    if not isinstance(sid, str) or not _ID_RE.match(sid):
        raise SceneFileError("场景编号无效（字母、数字、_ -）", "scene id must be letters, digits, _ or -")
    params, notes = check_params(d.get("params", {}), cat)
    hl = d.get("highlight") or []
    if not isinstance(hl, list):
        raise SceneFileError("highlight 必须是列表", "highlight must be a list")
    ids = {s.id for s in cat.layers}
    highlight = []
    for h in hl[:MAX_HIGHLIGHT]:
        if (isinstance(h, list | tuple) and len(h) == 2 and all(isinstance(x, str) for x in h)
                and h[0] in ids):
            highlight.append((h[0], h[1][:80]))
        else:
            notes.append("highlight")
    scene = Scene(id=sid, title_zh=_text(d.get("title_zh"), MAX_TITLE),
                  title_en=_text(d.get("title_en"), MAX_TITLE),
                  caption_zh=_text(d.get("caption_zh"), MAX_CAPTION),
                  caption_en=_text(d.get("caption_en"), MAX_CAPTION),
                  params=params, view=check_view(d.get("view", {"fit": []}), cat),
                  highlight=tuple(highlight))
    if not (scene.title_zh or scene.title_en):
        scene = replace(scene, title_zh=sid, title_en=sid)
    return scene, [f"{sid}: {n}" for n in dict.fromkeys(notes)]


def unique_ids(scenes: list[Scene]) -> list[Scene]:
    """Scenes with distinct ids (a repeated id gets a ``-2``, ``-3`` … suffix)."""
    seen: set[str] = set()
    out = []
    for s in scenes:
        sid, k = s.id, 2
        while sid in seen:
            sid = f"{s.id[:36]}-{k}"
            k += 1
        seen.add(sid)
        out.append(s if sid == s.id else replace(s, id=sid))
    return out


def new_id(scenes: list[Scene], base: str = "scene") -> str:
    """An id not used by ``scenes``: ``<base>-<n>``, n from the count of scenes + 1 up."""
    taken = {s.id for s in scenes}
    k = len(scenes) + 1
    while f"{base}-{k}" in taken:
        k += 1
    return f"{base}-{k}"


# ------------------------------------------------------------------ files and workspace


def dumps_scenes(scenes: list[Scene]) -> bytes:
    """The scenes as a JSON file (format ``zq-scenes``, version ``FILE_VERSION``)."""
    doc = {"format": FILE_FORMAT, "version": FILE_VERSION, "scenes": [s.to_dict() for s in scenes]}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def parse_scene_list(doc: object, cat: Catalog) -> tuple[list[Scene], list[str]]:
    """Scenes from a parsed document (``{"format": "zq-scenes", "scenes": [...]}`` or a list)."""
    if isinstance(doc, dict):
        if doc.get("format") not in (FILE_FORMAT, None):
            raise SceneFileError("不是场景文件（format 应为 zq-scenes）",
                                 "not a scenes file (format should be zq-scenes)")
        version = doc.get("version", FILE_VERSION)
        if not isinstance(version, int) or version > FILE_VERSION:
            raise SceneFileError("场景文件版本过新，请升级本应用", "scenes file from a newer version")
        doc = doc.get("scenes")
    if not isinstance(doc, list):
        raise SceneFileError("场景文件中没有场景列表", "no list of scenes in the file")
    if not doc:
        raise SceneFileError("场景文件是空的", "the scenes file is empty")
    scenes, notes = [], []
    for d in doc[:MAX_SCENES]:
        s, n = scene_from_dict(d, cat)
        scenes.append(s)
        notes.extend(n)
    if len(doc) > MAX_SCENES:
        notes.append(f"> {MAX_SCENES}")
    return unique_ids(scenes), notes


def loads_scenes(data: bytes, cat: Catalog) -> tuple[list[Scene], list[str]]:
    """Parse an uploaded scenes file; raises SceneFileError with a message for the user."""
    if len(data) > MAX_FILE_BYTES:
        raise SceneFileError("场景文件过大（上限1 MB）", "scenes file too large (1 MB at most)")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SceneFileError("无法读取：不是UTF-8编码的JSON文件", "cannot read: not a UTF-8 JSON file") from exc
    return parse_scene_list(doc, cat)


def load_scenes(store: Store, cat: Catalog) -> list[Scene]:
    """The workspace's scenes, or the shipped ones when none are stored, the stored are bad, or
    the workspace's database is away (the page says so: ui/page_data.py)."""
    from layers.scenes_builtin import shipped_scenes

    try:
        doc = store.get(WS_KEY)
    except UnavailableError:
        return shipped_scenes()
    if doc is None:
        return shipped_scenes()
    try:
        scenes, _ = parse_scene_list(doc, cat)
    except SceneFileError:
        return shipped_scenes()
    return scenes


def save_scenes(store: Store, scenes: list[Scene], *, actor: Actor) -> None:
    """Store the scenes in the workspace (at most MAX_SCENES) as ``actor`` (editor; recorded)."""
    store.put(WS_KEY, {"format": FILE_FORMAT, "version": FILE_VERSION,
                       "scenes": [s.to_dict() for s in scenes[:MAX_SCENES]]}, actor=actor)


def move(scenes: list[Scene], index: int, delta: int) -> list[Scene]:
    """The list with scene ``index`` moved by ``delta`` places (clamped)."""
    out = list(scenes)
    if not 0 <= index < len(out):
        return out
    target = min(max(index + delta, 0), len(out) - 1)
    out.insert(target, out.pop(index))
    return out
