"""Labels of the static thematic map: placed without collisions and never cut at the frame.

adjustText (a maintained matplotlib label-repulsion library) moves the labels away from each
other and from the features' points; whatever still collides after it, or cannot be kept inside
the map frame, is hidden, lowest priority first.  Moved labels get a thin leader line to their
feature.  Every label is a ``Text`` with gid ``zq-label``, so a test can measure the boxes the
renderer draws (``label_boxes``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from adjustText import adjust_text
from matplotlib.transforms import Bbox

GID = "zq-label"
LEADER_PX = 14  # a label moved further than this from its anchor gets a leader line


@dataclass
class Label:
    """One label request: anchor (map metres), text, priority (higher wins a collision)."""

    x: float
    y: float
    text: str
    priority: int
    size: float
    weight: str = "normal"
    color: str = "#222"
    box: dict | None = None
    dy_px: float = 0.0  # start this many pixels above the anchor (clear of the marker)
    z: float = 45
    extra: dict = field(default_factory=dict)


def _px(ax) -> float:
    """Map metres per rendered pixel of ``ax``."""
    x0, x1 = ax.get_xlim()
    return (x1 - x0) / max(ax.get_window_extent().width, 1.0)


def box_of(text, renderer) -> Bbox:
    """The drawn box of a label (its rounded background when it has one), in display pixels."""
    patch = text.get_bbox_patch()
    if patch is not None:
        text.update_bbox_position_size(renderer)
        return patch.get_window_extent(renderer)
    return text.get_window_extent(renderer)


def _inside(ax, text, renderer, frame: Bbox) -> bool:
    """Shift ``text`` into ``frame`` if it sticks out; False when it cannot fit."""
    b = box_of(text, renderer)
    dx = max(frame.x0 - b.x0, 0.0) + min(frame.x1 - b.x1, 0.0)
    dy = max(frame.y0 - b.y0, 0.0) + min(frame.y1 - b.y1, 0.0)
    if dx or dy:
        inv = ax.transData.inverted()
        x, y = text.get_position()
        px, py = ax.transData.transform((x, y))
        text.set_position(inv.transform((px + dx, py + dy)))
        b = box_of(text, renderer)
    return b.x0 >= frame.x0 - 0.5 and b.x1 <= frame.x1 + 0.5 and b.y0 >= frame.y0 - 0.5 \
        and b.y1 <= frame.y1 + 0.5


def place(ax, labels: list[Label], font, avoid_xy: np.ndarray | None = None) -> list:
    """Draw ``labels`` on ``ax`` without overlaps; returns the visible ``Text`` objects."""
    if not labels:
        return []
    labels = sorted(labels, key=lambda lab: -lab.priority)
    px = _px(ax)
    texts = []
    for lab in labels:
        prop = font.copy()
        prop.set_size(lab.size)
        prop.set_weight(lab.weight)
        t = ax.text(lab.x, lab.y + lab.dy_px * px, lab.text, fontproperties=prop, ha="center",
                    va="bottom" if lab.dy_px else "center", color=lab.color, zorder=lab.z,
                    bbox=lab.box, gid=GID, clip_on=False)
        texts.append(t)
    anchors = np.array([[lab.x, lab.y] for lab in labels])
    pts = anchors if avoid_xy is None or not len(avoid_xy) else np.vstack([anchors, avoid_xy])
    if len(texts) > 1:
        adjust_text(texts, x=pts[:, 0], y=pts[:, 1], ax=ax, ensure_inside_axes=True,
                    expand=(1.15, 1.35), iter_lim=300)
    return _resolve(ax, texts, anchors)


def _resolve(ax, texts: list, anchors: np.ndarray) -> list:
    """Hide what still collides (texts come in priority order) or cannot stay in the frame."""
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer).padded(-3)
    kept: list[Bbox] = []
    shown = []
    for t, (ax_x, ax_y) in zip(texts, anchors, strict=True):
        if not _inside(ax, t, renderer, frame):
            t.set_visible(False)
            continue
        b = box_of(t, renderer)
        if any(b.overlaps(k) for k in kept) and not _free_spot(ax, t, renderer, frame, kept, (ax_x, ax_y)):
            t.set_visible(False)
            continue
        b = box_of(t, renderer)
        kept.append(b.padded(1.5))
        shown.append(t)
        _leader(ax, t, b, (ax_x, ax_y))
    return shown


def _free_spot(ax, text, renderer, frame: Bbox, kept: list[Bbox], anchor: tuple[float, float]) -> bool:
    """Move ``text`` to the first free place around its anchor (right, left, above, below, the
    corners; then twice as far) that stays in ``frame``; False (left in place) when none is."""
    b = box_of(text, renderer)
    w, h = b.width, b.height
    cx, cy = ax.transData.transform(anchor)
    x, y = text.get_position()
    tx, ty = ax.transData.transform((x, y))
    ox, oy = tx - (b.x0 + b.x1) / 2, ty - (b.y0 + b.y1) / 2  # text position vs. its box centre
    inv = ax.transData.inverted()
    for far in (1.0, 2.0):
        gx, gy = (w / 2 + 8) * far, (h / 2 + 8) * far
        for dx, dy in ((gx, 0), (-gx, 0), (0, gy), (0, -gy), (gx, gy), (-gx, gy), (gx, -gy), (-gx, -gy)):
            spot = Bbox.from_bounds(cx + dx - w / 2, cy + dy - h / 2, w, h)
            if spot.x0 < frame.x0 or spot.x1 > frame.x1 or spot.y0 < frame.y0 or spot.y1 > frame.y1:
                continue
            if any(spot.overlaps(k) for k in kept):
                continue
            text.set_position(inv.transform((cx + dx + ox, cy + dy + oy)))
            return True
    return False


def _leader(ax, text, box: Bbox, anchor: tuple[float, float]) -> None:
    ax_px = ax.transData.transform(anchor)
    nx = min(max(ax_px[0], box.x0), box.x1)
    ny = min(max(ax_px[1], box.y0), box.y1)
    if np.hypot(nx - ax_px[0], ny - ax_px[1]) < LEADER_PX:
        return
    end = ax.transData.inverted().transform((nx, ny))
    ax.plot([anchor[0], end[0]], [anchor[1], end[1]], color="#555", linewidth=0.5,
            zorder=text.get_zorder() - 0.5)


def label_boxes(fig) -> list[tuple[str, Bbox]]:
    """(text, drawn box) of every visible map label of ``fig`` (after it was drawn)."""
    renderer = fig.canvas.get_renderer()
    return [(t.get_text(), box_of(t, renderer)) for ax in fig.axes for t in ax.texts
            if t.get_gid() == GID and t.get_visible()]
