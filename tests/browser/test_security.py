"""Hostile attribute values, names and labels are shown as text and never run (S1–S5).

The app is started on a copy of data/ (``ZQ_DATA_DIR``) whose firms, parks and towns carry
script-injection payloads in name_zh, name_en, note, source, kind (and one cluster value); every
place that shows them is visited: map tooltips, name labels, the record, the table, a filter
chip and the sentence under the map, in both languages.  A second test renders a LayerSpec with
hostile names/labels/legend through ``build_map`` + ``inline_assets`` and opens it from file://.

"Nothing executed" = ``window.__xss`` stays undefined in the page and in the map iframe, no
``<img src="x">`` element exists, nothing requested ``/x``, and no JavaScript error occurred.
"""

from __future__ import annotations

import json
import shutil

import pytest
from playwright.sync_api import expect

from layers import vocab

from .conftest import COMPONENT_IFRAME, REPO_ROOT
from .zqpage import (
    RERUN_TIMEOUT,
    choose,
    feature_point,
    hover_tooltip,
    open_app,
    sentence,
    wait_for_rebuilt_map,
)

pytestmark = pytest.mark.browser

PAYLOADS = (
    '<img src=x onerror="window.__xss=1">',
    "${window.__xss=2}",
    "`${window.__xss=3}`",
    "</script><script>window.__xss=4</script>",
    '\\"); window.__xss=5; //',
    "{{7*7}}",
)
HOSTILE_CLUSTER = '<img src=x onerror="window.__xss=7">'
FIELDS = ("name_zh", "name_en", "kind", "note", "source")  # payload i + offset per field

NOTHING_RAN_JS = """() => ({
  xss: typeof window.__xss,
  imgs: document.querySelectorAll('img[src="x"]').length,
  // a </script> break-out would leave a script element of its own holding the payload
  scripts: [...document.querySelectorAll('script')]
    .filter(s => s.textContent.trim().startsWith('window.__xss')).length,
})"""


def norm(text: str) -> str:
    """Whitespace collapsed (innerText collapses runs of spaces, textContent does not)."""
    return " ".join(text.split())


def shown(value: str, lang: str) -> str:
    """How the app labels a text value (``;`` separates list items; literal otherwise)."""
    return norm(vocab.label(value, lang))


def payload(i: int, field: str) -> str:
    return PAYLOADS[(i + 2 * FIELDS.index(field)) % len(PAYLOADS)]


@pytest.fixture(scope="module")
def hostile_app(start_app, tmp_path_factory) -> str:
    data = tmp_path_factory.mktemp("hostile-data")
    for src in list((REPO_ROOT / "data").glob("*.geojson")) + list((REPO_ROOT / "data").glob("*.csv")):
        shutil.copy(src, data / src.name)
    for layer in ("firms", "parks", "towns"):
        path = data / f"{layer}.geojson"
        doc = json.loads(path.read_text(encoding="utf-8"))
        for i, feat in enumerate(doc["features"]):
            feat["properties"].update({f: payload(i, f) for f in FIELDS})
        if layer == "firms":
            doc["features"][3]["properties"]["cluster"] = HOSTILE_CLUSTER
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    workspace = tmp_path_factory.mktemp("hostile-workspace")
    return start_app(REPO_ROOT / "app.py",
                     env={"ZQ_DATA_DIR": str(data), "ZQ_WORKSPACE": str(workspace)})


def assert_nothing_ran(page) -> None:
    frame = page.locator(COMPONENT_IFRAME).first.element_handle().content_frame()
    for where, doc in (("page", page), ("map iframe", frame)):
        result = doc.evaluate(NOTHING_RAN_JS)
        assert result == {"xss": "undefined", "imgs": 0, "scripts": 0}, (where, result)


def test_hostile_values_are_shown_as_text(page, hostile_app):
    requested: list[str] = []
    page.on("request", lambda req: requested.append(req.url))
    frame = open_app(page, hostile_app)

    # map tooltips (title + kind) of every firm, and the town name labels
    for i in range(4):
        tip = hover_tooltip(page, frame, "firms", i, expected=shown(payload(i, "name_zh"), "zh"))
        assert shown(payload(i, "kind"), "zh") in norm(tip), tip
    tip = hover_tooltip(page, frame, "firms", 0, expected=PAYLOADS[0])
    assert '<img src=x onerror="window.__xss=1">' in tip  # innerText: the markup as text
    labels = {norm(t) for t in frame.locator(".zq-name-label").all_text_contents()}
    assert {shown(p, "zh") for p in PAYLOADS} <= labels, labels

    # the record of a clicked feature
    fx, fy = feature_point(page, frame, "firms", 0)
    page.mouse.click(fx, fy)
    record = page.get_by_test_id("stDataFrame").first
    expect(record).to_contain_text(PAYLOADS[0], timeout=RERUN_TIMEOUT)
    text = norm(record.text_content() or "")
    for field in ("name_en", "note", "source", "kind"):
        assert shown(payload(0, field), "zh") in text, (field, text[:600])

    # the table tab, on the firms layer
    page.get_by_role("tab", name="要素表").click()
    choose(page, "表格图层", "企业")
    panel = page.get_by_role("tabpanel").filter(has=page.get_by_role("heading", name="要素表"))
    table = panel.get_by_test_id("stDataFrame").first
    expect(table).to_contain_text(PAYLOADS[0], timeout=RERUN_TIMEOUT)
    expect(table).to_contain_text(PAYLOADS[1])

    # a hostile category value as a filter chip and in the sentence (Markdown)
    choose(page, "产业集群", HOSTILE_CLUSTER)
    expect(sentence(page)).to_contain_text(f"产业集群 = {HOSTILE_CLUSTER}", timeout=RERUN_TIMEOUT)
    expect(sentence(page)).to_contain_text("企业 1/4")
    expect(page.locator(".st-key-flt-cluster")).to_contain_text(HOSTILE_CLUSTER)

    # English: titles are name_en now
    page.locator(".st-key-lang").get_by_text("English", exact=True).click()
    frame = wait_for_rebuilt_map(page, "lang", "en")
    expect(sentence(page)).to_contain_text(f"Industry cluster is {HOSTILE_CLUSTER}",
                                           timeout=RERUN_TIMEOUT)
    tip = hover_tooltip(page, frame, "firms", 3, expected=shown(payload(3, "name_en"), "en"))
    assert HOSTILE_CLUSTER in tip, tip
    labels = {norm(t) for t in frame.locator(".zq-name-label").all_text_contents()}
    assert {shown(p, "en") for p in PAYLOADS} <= labels, labels

    page.wait_for_timeout(300)  # an onerror handler, had an <img> been created, would have run
    assert_nothing_ran(page)
    assert [u for u in requested if u.split("?")[0].endswith("/x")] == []
    assert page.js_errors == []


# --------------------------------------------------------------------------- build_map, file://

# Page coordinates of feature ``i`` of layer ``id`` (the map is the page itself here).
POINT_JS = """([id, i]) => {
  const l = ZQ.layers[id].layer.getLayers().find(x => x.feature.properties.__i === i);
  const p = ZQ.map.latLngToContainerPoint(l.getLatLng()), r = ZQ.map.getContainer().getBoundingClientRect();
  return [p.x + r.left, p.y + r.top];
}"""


def hostile_spec():
    from layers.spec import Field, LayerSpec, Style

    p = PAYLOADS
    return LayerSpec(
        id="hostile", name_zh=p[0], name_en=p[1], theme="industry", file="hostile.geojson",
        geometry_types=("Point",), style=Style(color="#d62728", radius=8, by="kind",
                                               palette=((p[0], "#ff0000"),)),
        fields=(Field("name_zh", p[2], p[3]), Field("name_en", p[4], p[5]),
                Field("kind", p[5], p[0], "category", filter=True),
                Field("accuracy", p[1], p[2], "category"),
                Field("accuracy_m", p[3], p[4], "number", unit_zh=p[5], unit_en=p[0]),
                Field("note", p[0] + p[5], p[1], "text")),
        tooltip=("name_zh", "kind", "accuracy_m", "note"),
        legend_zh=" | ".join(p), legend_en=" | ".join(reversed(p)), label_names=True,
    )


def saved_map_html(m, monkeypatch) -> str:
    """``inline_assets(m.get_root().render())``.

    Works around a false positive of inline_assets if it is still there (reported): its final
    check for leftover "/app/static/" references also scanned the *inlined* zq.js, whose header
    comment says "served from /app/static/app/zq.js", so every build_map() page was refused.
    """
    from layers import assets, assets_inline

    html = m.get_root().render()
    try:
        return assets_inline.inline_assets(html)
    except assets.UnvendoredAssetError as exc:
        if "/app/static/app/zq.js" not in str(exc) or not hasattr(assets_inline, "_inlined_js"):
            raise
    real = assets_inline._inlined_js

    def inlined_js(rel: str) -> str:
        text = real(rel)
        return text.replace("(served from /app/static/app/zq.js)", "") if rel == "app/zq.js" else text

    monkeypatch.setattr(assets_inline, "_inlined_js", inlined_js)
    return assets_inline.inline_assets(html)


def test_hostile_spec_in_a_saved_map_runs_nothing(page, tmp_path, monkeypatch):
    """Layer name, field labels, units, legend and values all hostile, saved standalone."""
    import geopandas as gpd
    from shapely.geometry import Point

    from layers.basemaps import get_basemap
    from layers.render import build_map, state_group

    spec = hostile_spec()
    gdf = gpd.GeoDataFrame(
        {"name_zh": list(PAYLOADS), "name_en": list(reversed(PAYLOADS)),
         "kind": [PAYLOADS[(i + 1) % 6] for i in range(6)], "accuracy": ["exact"] * 6,
         "accuracy_m": [49.0] * 6, "note": [PAYLOADS[(i + 3) % 6] for i in range(6)]},
        geometry=[Point(117.40 + 0.04 * i, 36.72) for i in range(6)], crs="EPSG:4326")
    for lang in ("zh", "en"):
        m = build_map({"hostile": gdf}, [spec], get_basemap("offline"), (), lang)
        state_group({"hostile": "all"}).add_to(m)
        html = saved_map_html(m, monkeypatch)
        path = tmp_path / f"hostile-{lang}.html"
        path.write_text(html, encoding="utf-8")

        other: list[str] = []
        page.route("**/*", lambda route, other=other: route.continue_()
                   if route.request.url.startswith(("file:", "data:", "blob:"))
                   else (other.append(route.request.url), route.abort()))
        page.goto(path.as_uri())
        page.wait_for_selector('.leaflet-container[data-zq-ready="1"][data-zq-state]',
                               state="attached", timeout=10_000)
        assert page.evaluate("() => ZQ.layers.hostile.layer.getLayers().length") == 6

        legend = page.locator(".zq-legend").inner_text()
        for p in PAYLOADS:  # {{7*7}} too: rendered by Jinja it would read 49
            assert p in legend, (p, legend)
        labels = {norm(t) for t in page.locator(".zq-name-label").all_text_contents()}
        assert {shown(v, lang) for v in PAYLOADS} == labels, labels
        for i in range(6):
            x, y = page.evaluate(POINT_JS, ["hostile", i])
            page.mouse.move(x, y, steps=3)
            page.wait_for_timeout(60)
            page.mouse.move(x + 0.5, y)
            title = shown(gdf.loc[i, "name_zh" if lang == "zh" else "name_en"], lang)
            tip = page.locator(".zq-tooltip").filter(has_text=title)
            expect(tip).to_be_visible(timeout=5_000)
            text = norm(tip.inner_text())
            for label in (spec.field(f).label(lang) for f in spec.tooltip):
                assert label in text, (label, text)
            assert shown(gdf.loc[i, "kind"], lang) in text, text
            assert ("49 " + (PAYLOADS[5] if lang == "zh" else PAYLOADS[0])) in text, text
        page.wait_for_timeout(200)
        assert page.evaluate(NOTHING_RAN_JS) == {"xss": "undefined", "imgs": 0, "scripts": 0}
        assert other == []
        page.unroute("**/*")
    assert page.js_errors == []


def test_jinja_syntax_in_a_layer_name_stays_text():
    """A layer name is data: Jinja delimiters in it are neither evaluated nor a syntax error.

    Regression: the legend (layer names; imported layers take them from user input) used to be
    compiled as a Jinja template on the server (MacroElement -> Element(text)): ``{{ }}`` was
    evaluated (``lipsum.__globals__`` reaches ``os``) and ``{%`` broke the render.
    """
    from dataclasses import replace

    import geopandas as gpd
    from shapely.geometry import Point

    from layers.basemaps import get_basemap
    from layers.render import build_map

    gdf = gpd.GeoDataFrame({"name_zh": ["a"], "name_en": ["b"], "kind": ["k"],
                            "accuracy": ["exact"], "accuracy_m": [1.0], "note": ["n"]},
                           geometry=[Point(117.5, 36.7)], crs="EPSG:4326")
    spec = replace(hostile_spec(), legend_zh="SSTI{{ 6*7 }}SSTI", legend_en="{% if %}")
    html = build_map({"hostile": gdf}, [spec], get_basemap("offline"), (), "zh").get_root().render()
    assert "SSTI42SSTI" not in html, "a layer name was evaluated as a Jinja template"
    build_map({"hostile": gdf}, [spec], get_basemap("offline"), (), "en").get_root().render()


# --------------------------------------------------------------- links and files: text, never links

EVIL = "evil.example"
#: crafted share links: (parameter, value, the text the page must show literally)
CRAFTED = (
    ("f.name_zh", "like:http://evil.example/login", "http://evil.example/login"),  # bad op: a warning
    ("f.name_zh,name_en", "has:[click](http://evil.example)", "[click](http://evil.example)"),
    ("f.name_zh,name_en", "has:![x](http://evil.example/a.png)", "![x](http://evil.example/a.png)"),
    ("f.name_zh,name_en", "has:www.evil.example/x", "www.evil.example/x"),
    ("f.name_zh,name_en", "has:boss@evil.example", "boss@evil.example"),
    ('f.<a href="http://evil.example">x</a>', "in:1", '<a href="http://evil.example">x</a>'),
    ("f.name_zh", "like:javascript:alert(1)//evil.example", "javascript:alert(1)//evil.example"),
)
#: anchors or images pointing at the host, and javascript: links, in one document
LINKS_JS = """host => ({
  links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
    .filter(h => h.includes(host) || h.trim().toLowerCase().startsWith('javascript:')),
  imgs: [...document.querySelectorAll('img[src]')].map(i => i.getAttribute('src'))
    .filter(s => s.includes(host)),
  text: document.body ? document.body.innerText.replaceAll('\\u2060', '') : '',
})"""


def assert_no_link_anywhere(page) -> str:
    """No link or image to EVIL in the page or any frame; return the page's visible text."""
    text = ""
    for frame in page.frames:
        found = frame.evaluate(LINKS_JS, EVIL)
        assert found["links"] == [] and found["imgs"] == [], (frame.url, found["links"], found["imgs"])
        text += found["text"] + "\n"
    return text


@pytest.mark.parametrize(("key", "value", "literal"), CRAFTED, ids=[f"{k}={v}"[:40] for k, v, _ in CRAFTED])
def test_crafted_share_links_show_text_not_links(page, app_server, key, value, literal):
    """The warning about a bad parameter and the sentence show the link's text, never a link."""
    from urllib.parse import quote

    url = f"{app_server}/?{quote(key, safe='.,')}={quote(value, safe=':')}"
    open_app(page, url)
    page.wait_for_timeout(300)
    text = norm(assert_no_link_anywhere(page))
    assert norm(literal) in text, (literal, text[:800])
    assert page.external_requests == []


IMPORT_COLUMN = "[col](http://evil.example/c)"
IMPORT_VALUES = ("http://evil.example/v1", "![x](http://evil.example/a.png)", "[v](http://evil.example)")
IMPORT_LAYER = "导入 [layer](http://evil.example/l)"


def test_uploaded_field_names_and_values_show_as_text(page, start_app, tmp_path):
    """A GeoJSON whose category column and values carry URLs and Markdown: the sidebar filter's
    label and options, the sentence and the layer's name show the characters, never a link."""
    from .test_upload import open_import

    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [117.50 + 0.01 * i, 36.70]},
                 "properties": {"name_zh": f"点{i}", IMPORT_COLUMN: IMPORT_VALUES[i % 3]}} for i in range(6)]
    path = tmp_path / "links.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
                    encoding="utf-8")
    base = start_app(REPO_ROOT / "app.py", env={"ZQ_WORKSPACE": str(tmp_path / "ws")})
    open_app(page, base + "/?tool=data")
    panel = open_import(page)
    panel.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    panel.get_by_text("检查报告").wait_for(timeout=60_000)
    panel.get_by_label("图层名称（中文）").fill(IMPORT_LAYER)
    filters = panel.get_by_role("combobox", name="可筛选的字段", exact=True)
    if IMPORT_COLUMN not in norm(panel.locator(".st-key-imp-filters").inner_text()):
        filters.click()
        page.get_by_role("option", name=IMPORT_COLUMN, exact=True).click()
        page.keyboard.press("Escape")
    panel.get_by_role("button", name="添加为图层").click()
    page.get_by_text("已添加图层", exact=False).wait_for(timeout=60_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("导入图层").wait_for()
    box = sidebar.get_by_test_id("stMultiSelect").filter(has_text=EVIL).get_by_role("combobox")
    box.scroll_into_view_if_needed()
    box.click()
    page.get_by_role("option", name=IMPORT_VALUES[1], exact=True).click()
    page.keyboard.press("Escape")
    expect(sentence(page)).to_contain_text("/2", timeout=RERUN_TIMEOUT)
    page.wait_for_timeout(500)
    text = norm(assert_no_link_anywhere(page))
    for literal in (IMPORT_COLUMN, IMPORT_VALUES[1], IMPORT_LAYER):
        assert literal in text, (literal, text[:1500])
    side = norm(sidebar.inner_text().replace("\u2060", ""))
    assert IMPORT_COLUMN in side and IMPORT_LAYER in side, side[:1500]
    assert page.external_requests == []
