"""What a layer declaration is: plain data, checked by one parametrized test per declaration.

A layer is declared once in ``layers/registry.py``; the map, legend, tooltips, filters, table and
downloads are all generated from these declarations, so adding a layer needs no new ``if``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from layers.text import pick

# The bundled data; ZQ_DATA_DIR points the app at another copy (tests, benchmarks).
DATA_DIR = Path(os.environ.get("ZQ_DATA_DIR") or Path(__file__).resolve().parent.parent / "data")

FIELD_KINDS = ("category", "number", "year", "text")
ACCURACY_VALUES = ("exact", "approximate", "schematic")


@dataclass(frozen=True)
class Field:
    """A declared attribute: its name in the data, its labels, and how it may be filtered.

    ``kind`` is one of FIELD_KINDS; ``filter`` says whether the UI offers a filter on it;
    ``multi`` marks category fields whose values hold several items joined with ";".
    """

    name: str
    zh: str
    en: str
    kind: str = "text"
    filter: bool = False
    multi: bool = False
    unit_zh: str = ""
    unit_en: str = ""

    def label(self, lang: str) -> str:
        """The field's label in ``lang``."""
        return pick(self.zh, self.en, lang)

    def unit(self, lang: str) -> str:
        """The field's unit in ``lang`` ("" when it has none)."""
        return pick(self.unit_zh, self.unit_en, lang)


@dataclass(frozen=True)
class Style:
    """Leaflet path options (colour, weight, dash) plus point radius; ``by`` colours by a field."""

    color: str = "#3366cc"
    weight: float = 2.0
    opacity: float = 0.9
    fill_color: str | None = None
    fill_opacity: float = 0.2
    dash_array: str | None = None
    radius: float = 6.0
    by: str | None = None
    palette: tuple[tuple[str, str], ...] = ()

    def to_js(self) -> dict:
        out = {
            "color": self.color, "weight": self.weight, "opacity": self.opacity,
            "fillColor": self.fill_color or self.color, "fillOpacity": self.fill_opacity,
            "radius": self.radius,
        }
        if self.dash_array:
            out["dashArray"] = self.dash_array
        if self.by:
            out["by"] = self.by
            out["palette"] = dict(self.palette)
        return out


#: What a layer can be for (``LayerSpec.roles``); code asks for a role, never for a layer id.
ROLES: dict[str, str] = {
    "plan_item": "an item of the plan: counted in the statistics, gets its distances to the "
                 "proximity references (tooltips, proximity table)",
    "context": "context for the plan (outline, lines, stations, seats): stays drawn under a "
               "name search",
    "extent": "the district outline: the default view, the importer's check, never filtered "
              "by a spatial condition or offered as an overlay layer",
    "district_wide": "spread over the whole district (outline, seats): a view is never fitted "
                     "to it and the static map weighs it lightly",
    "host_park": "parks and platforms that host firms and projects (park cards, ranking)",
    "firm": "firms, listed on a park card under their own heading",
    "project": "the plan's key projects: their count is set against the published project total",
    "register": "its features come from the project register (重点项目库, an editable layer of the "
                "workspace store, layers/register); its file is the register's seed",
    "seat": "subdistrict/town seats: plan items are counted by their nearest seat (no boundaries)",
}


@dataclass(frozen=True)
class ProximityRef:
    """A distance reference declared on the layer it comes from: distances are measured from
    the plan items to the nearest of its features (straight line, GK).

    ``key`` names its columns (``<key>_m`` …); ``zh``/``en`` name it ("8号线站点");
    ``where`` = (field, value) selects features (None: the whole layer, which the spatial
    filter then offers as "within X km of …"); ``named``: the nearest feature is named in the
    distance text ("山东大学站 ≈ 1.2 km"); ``rank``: a criterion of the park ranking.
    """

    key: str
    zh: str
    en: str
    where: tuple[str, str] | None = None
    named: bool = False
    rank: bool = False
    order: int = 0  # position among the references in tables and tooltips (lower first)

    def label(self, lang: str) -> str:
        """The reference's name in ``lang``."""
        return pick(self.zh, self.en, lang)


@dataclass(frozen=True)
class LayerSpec:
    """One bundled layer, declared as data.

    ``file`` is relative to ``data/``; ``geometry_types`` lists the allowed shapely geometry
    types; ``fields`` are declared attributes in display order (tooltip = ``tooltip``
    subset); ``extent_margin_m`` is how far outside the district its features may lie
    (Line 8 starts ~20 km west of the district, in 历城).
    """

    id: str
    name_zh: str
    name_en: str
    theme: str
    file: str
    geometry_types: tuple[str, ...]
    style: Style
    fields: tuple[Field, ...]
    tooltip: tuple[str, ...]
    legend_zh: str
    legend_en: str
    visible: bool = True
    interactive: bool = True
    label_names: bool = False
    gpkg_layer: str | None = None  # imported layers live in the workspace GeoPackage
    extent_margin_m: float = 0.0
    z: int = 0
    source_zh: str = ""
    source_en: str = ""
    #: drawn from vector tiles (True), inline (False), or by feature count (None, layers/tiled.py)
    tiled: bool | None = None
    #: orientation only (district outline, town seats): its labels give way to the plan's
    context: bool = False
    #: what the layer is for: names from ROLES (e.g. ("plan_item",), ("context",))
    roles: tuple[str, ...] = ()
    #: distance references taken from this layer's features (see ProximityRef)
    proximity: tuple[ProximityRef, ...] = ()

    def name(self, lang: str) -> str:
        return pick(self.name_zh, self.name_en, lang)

    def source_summary(self, lang: str) -> str:
        return pick(self.source_zh, self.source_en, lang)

    @property
    def label_rank(self) -> int:
        """Priority of this layer's labels on the map (higher is placed first): plan layers
        above context layers, then by drawing order ``z`` (zq-labels.js)."""
        return self.z + (0 if self.context else 100)

    def legend(self, lang: str) -> str:
        return pick(self.legend_zh, self.legend_en, lang)

    @property
    def path(self) -> Path:
        return DATA_DIR / self.file

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.id}: field {name!r} is not declared")

    @property
    def filter_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.filter)

    def declared_kinds(self) -> dict[str, str]:
        """Field name → kind, for the filter model (only filterable fields)."""
        return {f.name: f.kind for f in self.filter_fields}

    def labels(self) -> dict[str, tuple[str, str]]:
        return {f.name: (f.zh, f.en) for f in self.fields}

    def has(self, role: str) -> bool:
        """Whether the layer declares ``role`` (a key of ROLES)."""
        return role in self.roles

    @property
    def whole_ref(self) -> ProximityRef | None:
        """The reference made of all of this layer's features, if declared (a distance target
        offered by the spatial filter)."""
        return next((r for r in self.proximity if r.where is None), None)


@dataclass(frozen=True)
class Theme:
    """A group of layers in the sidebar (label in zh/en)."""
    id: str
    zh: str
    en: str

    def label(self, lang: str) -> str:
        return pick(self.zh, self.en, lang)


@dataclass(frozen=True)
class Catalog:
    """The themes and the layers of the map, in drawing order."""
    themes: tuple[Theme, ...]
    layers: tuple[LayerSpec, ...] = field(default_factory=tuple)

    def get(self, layer_id: str) -> LayerSpec:
        for spec in self.layers:
            if spec.id == layer_id:
                return spec
        raise KeyError(layer_id)

    def by_theme(self, theme_id: str) -> tuple[LayerSpec, ...]:
        return tuple(s for s in self.layers if s.theme == theme_id)

    def with_role(self, role: str) -> tuple[LayerSpec, ...]:
        """The layers declaring ``role``, in drawing order."""
        return tuple(s for s in self.layers if role in s.roles)

    def ids_with(self, role: str) -> tuple[str, ...]:
        """The ids of the layers declaring ``role``."""
        return tuple(s.id for s in self.with_role(role))

    def references(self) -> tuple[tuple[LayerSpec, ProximityRef], ...]:
        """Every declared distance reference with its layer, in declaration order."""
        refs = [(s, r) for s in self.layers for r in s.proximity]
        return tuple(sorted(refs, key=lambda sr: sr[1].order))

    def near_targets(self) -> tuple[LayerSpec, ...]:
        """Layers whose features, all of them, are a distance reference (the spatial filter's
        "within X km of …" choices)."""
        return tuple(s for s in self.layers if s.whole_ref is not None)

    def reference_names(self) -> dict[str, tuple[str, str]]:
        """Layer id -> (zh, en) name as a reference: its whole-layer reference's name, else the
        layer's name (the wording of a distance filter)."""
        return {s.id: ((s.whole_ref.zh, s.whole_ref.en) if s.whole_ref else (s.name_zh, s.name_en))
                for s in self.layers}


def spec_from_dict(d: dict) -> LayerSpec:
    """A LayerSpec from its JSON form (extra layers declared in a file, e.g. benchmarks)."""
    fields = tuple(Field(**f) for f in d["fields"])
    style = dict(d.get("style", {}))
    style["palette"] = tuple(tuple(p) for p in style.get("palette", ()))
    return LayerSpec(
        id=d["id"], name_zh=d["name_zh"], name_en=d["name_en"], theme=d["theme"], file=d["file"],
        geometry_types=tuple(d["geometry_types"]), style=Style(**style), fields=fields,
        tooltip=tuple(d["tooltip"]), legend_zh=d.get("legend_zh", d["name_zh"]),
        legend_en=d.get("legend_en", d["name_en"]), visible=d.get("visible", True),
        z=d.get("z", 3), extent_margin_m=d.get("extent_margin_m", 0.0),
        source_zh=d.get("source_zh", ""), source_en=d.get("source_en", ""),
        interactive=d.get("interactive", True), label_names=d.get("label_names", False),
        gpkg_layer=d.get("gpkg_layer"), tiled=d.get("tiled"), context=d.get("context", False),
        roles=tuple(d.get("roles", ())),
        proximity=tuple(ProximityRef(**{**r, "where": tuple(r["where"]) if r.get("where") else None})
                        for r in d.get("proximity", ())),
    )


def extra_specs(path: str | None) -> tuple[LayerSpec, ...]:
    """Layers declared in a JSON file (a list of spec dicts); none when ``path`` is empty."""
    if not path:
        return ()
    return tuple(spec_from_dict(d) for d in json.loads(Path(path).read_text(encoding="utf-8")))
