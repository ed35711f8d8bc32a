"""The folium elements of the map: text put into the page as is, and the one factory for the
add-ons that load a JS (and CSS) file and call its init with the map and a config."""

from __future__ import annotations

from branca.element import Element, MacroElement
from folium import FitBounds, GeoJson
from folium.elements import JSCSSMixin
from folium.plugins import Draw
from jinja2 import Template

from layers.map.jstext import safe_json


class _Raw(Element):
    """Text that is already rendered (see TextMacro)."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:  # noqa: ARG002
        return self._text


class TextMacro(MacroElement):
    """A MacroElement whose rendered header/html/script go into the figure as text.

    MacroElement.render wraps each in ``Element(text)``, which compiles the text as a Jinja
    template: a few ms per element on every render (st_folium renders the map twice per
    rerun), 1.2 s for the script of 10^4 parcels, and wrong for data containing ``{{``.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        macros = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html),
                             ("script", figure.script)):
            macro = macros.get(part)
            if macro is not None:
                target.add_child(_Raw(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class ScriptCall(JSCSSMixin, TextMacro):
    """One line of map script, ``<call>(<args>)``, after loading ``js``/``css`` (``(name, url)``
    pairs) if any.  ``args`` are JS text (``safe_json`` output or a ``JSON.parse`` payload);
    ``with_map`` passes the map first."""

    _template = Template("""{% macro script(this, kwargs) %}
{{ this.call }}({{ this.args }});
{% endmacro %}""")

    def __init__(self, name: str, call: str, *args: str, with_map: bool = False,
                 js: tuple[tuple[str, str], ...] = (), css: tuple[tuple[str, str], ...] = ()):
        super().__init__()
        self._name = name
        self.call = call
        self._args = args
        self._with_map = with_map
        self.default_js = list(js)  # instance lists: the class's stay empty
        self.default_css = list(css)

    @property
    def args(self) -> str:
        """The call's arguments as JS text (the map's variable name is known once it is added)."""
        head = [self._parent.get_name()] if self._with_map else []
        return ", ".join([*head, *self._args])


def js_init(name: str, call: str, cfg: dict, js: tuple[tuple[str, str], ...],
            css: tuple[tuple[str, str], ...] = ()) -> ScriptCall:
    """The one way to add a front-end module: load its JS (and CSS), run ``<call>(map, cfg)``.

    The explorer's ``ZQ.init``, the view keeper, the analysis tools and the slideshow are each
    one call, e.g. ``js_init("ZQViewSync", "ZQ.viewSync", cfg, js=(("zq_view_js", URL),))``.
    """
    return ScriptCall(name, call, safe_json(cfg), with_map=True, js=js, css=css)


def draw_control(color: str) -> MacroElement:
    """leaflet-draw's toolbar: lines, polygons (no self-crossing) and rectangles in ``color``;
    drawn shapes can be edited and removed."""
    shape = {"shapeOptions": {"color": color}}
    return Draw(position="topleft", export=False,
                draw_options={"polyline": shape, "polygon": {"allowIntersection": False, **shape},
                              "rectangle": shape, "circle": False, "marker": False,
                              "circlemarker": False},
                edit_options={"edit": True, "remove": True})


def fit_bounds(south: float, west: float, north: float, east: float,
               max_zoom: int = 15) -> MacroElement:
    """The map opens fitted to these WGS84 bounds (zoomed in at most to ``max_zoom``)."""
    return FitBounds([[south, west], [north, east]], max_zoom=max_zoom)


def area_outline(rings: tuple, color: str) -> GeoJson:
    """The polygons of an area (outer rings of (lon, lat)) as a dashed, unfilled outline that
    takes no clicks (an area restored from a link, shown where it is)."""
    features = [{"type": "Feature", "properties": {},
                 "geometry": {"type": "Polygon", "coordinates": [[*map(list, r), list(r[0])]]}}
                for r in rings]
    style = {"color": color, "weight": 2.5, "dashArray": "6 4", "fill": False, "interactive": False}
    return GeoJson({"type": "FeatureCollection", "features": features}, name="zq_linked_area",
                   style_function=lambda _f: style, control=False)


class EditableGroup(TextMacro):
    """leaflet-draw's editable FeatureGroup, holding ``features`` (GeoJSON, EPSG:4326) as plain
    layers so their vertices can be dragged; added before the Draw control that edits it."""

    _template = Template("""{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.featureGroup().addTo({{ this._parent.get_name() }});
L.geoJSON({{ this.features }}, {pointToLayer: function (f, ll) { return L.circleMarker(ll, {radius: 9}); },
  style: function () { return {color: {{ this.color }}, weight: 4}; }}).eachLayer(function (l) {
  {{ this.get_name() }}.addLayer(l); });
{% endmacro %}""")

    def __init__(self, features: list[dict], color: str):
        super().__init__()
        self._name = "EditableGroup"
        self.features = safe_json({"type": "FeatureCollection", "features": features})
        self.color = safe_json(color)


def register_draw(extras: list, color: str, editable: list[dict]) -> list:
    """``extras`` with the drawing toolbar for the project register: points (circle markers),
    lines and polygons, and ``editable`` features (GeoJSON) in its editable group. It takes the
    place of a drawing toolbar already in ``extras`` (one Draw per map)."""
    shape = {"shapeOptions": {"color": color}}
    group = EditableGroup(editable, color)
    draw = Draw(position="topleft", export=False, feature_group=group, show_geometry_on_click=False,
                draw_options={"polyline": shape, "polygon": {"allowIntersection": False, **shape},
                              "circlemarker": {"color": color}, "rectangle": False, "circle": False,
                              "marker": False},
                edit_options={"edit": True, "remove": True})
    kept = [e for e in extras if not isinstance(e, Draw)]
    return [*kept, group, draw]
