"""Wiring of app.py through Streamlit's AppTest (no browser: what Python sends to the page)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from layers.text import t
from ui.analysis_parks import CLUSTERS

APP = str(Path(__file__).resolve().parent.parent / "app.py")
CDN = re.compile(r"cdn\.jsdelivr|cdnjs|unpkg|code\.jquery|netdna|bootstrapcdn|d3js\.org|https?://")


def run(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def map_args(at: AppTest) -> dict:
    comps = at.get("component_instance")
    assert len(comps) == 1, "one map component"
    return json.loads(comps[0].proto.json_args)


def caption(at: AppTest) -> str:
    shown = [html.unescape(m.value).replace("\u2060", "") for m in at.markdown]  # through md_plain
    texts = [v for v in shown if "/" in v and ("显示" in v or "Showing" in v)]
    assert texts, "the sentence under the map"
    return texts[0]


def multiselect(at: AppTest, key: str):
    return next(w for w in at.multiselect if w.key == key)


@pytest.fixture(scope="module")
def default_run() -> AppTest:
    return run()


def test_runs_without_exception(default_run):
    assert not default_run.exception


def test_no_cdn_address_in_map_component(default_run):
    args = map_args(default_run)
    links = args["js_links"] + args["css_links"]
    assert links and all(u.startswith("/app/static/") for u in links), links
    assert not CDN.search(" ".join(links))
    # no URL string literal (tile or script) in the map script; comments may cite issues
    literal_url = re.compile(r"[\"'](https?:)?//")
    assert not literal_url.search(args["script"]) and not literal_url.search(args["header"])


def test_map_sends_indices_not_features_on_filter(default_run):
    args = map_args(default_run)
    assert "ZQ.apply" in args["feature_group"]
    assert "FeatureCollection" not in args["feature_group"]
    assert "case " not in args["script"], "no per-feature case switch"


def test_changing_a_filter_changes_the_caption_and_the_map():
    at = run()
    before, fg_before = caption(at), map_args(at)["feature_group"]
    multiselect(at, "flt.cluster").select("新材料").run()
    after, fg_after = caption(at), map_args(at)["feature_group"]
    assert before != after
    assert "产业集群" in after and "新材料" in after
    assert "企业 2/4" in after  # 圣泉, 明泉
    assert fg_before != fg_after
    assert at.query_params["f.cluster"] in ("in:%E6%96%B0%E6%9D%90%E6%96%99", ["in:%E6%96%B0%E6%9D%90%E6%96%99"])


def test_language_switch_translates_ui_and_caption():
    at = run()
    at.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Zhangqiu Planning Explorer"
    assert "Firms 4/4" in caption(at)
    assert at.query_params["lang"] in ("en", ["en"])


def test_shared_url_restores_state():
    at = run(lang="en", bm="offline", layers="firms,metro8", **{"f.cluster": "in:%E6%96%B0%E6%9D%90%E6%96%99"})
    assert not at.exception
    text = caption(at)
    assert "Showing Industry cluster is New materials" in text
    assert "Firms 2/4" in text and "Metro Line 8 1/1" in text  # context is not filtered
    assert "not applicable to: Metro Line 8" in text
    assert "Plan projects" not in text  # layer not in the link
    assert at.checkbox(key="layer.firms").value and not at.checkbox(key="layer.parks").value


def test_an_exclusion_link_restores_as_an_exclusion():
    """f.cluster=not_in:新材料 must show the firms that are NOT new materials (it used to restore
    into the plain multiselect, showing the opposite of the link)."""
    at = run(lang="en", layers="firms", **{"f.cluster": "not_in:%E6%96%B0%E6%9D%90%E6%96%99"})
    assert not at.exception
    assert "Industry cluster is not New materials" in caption(at) and "Firms 2/4" in caption(at)
    assert at.toggle(key="flt.cluster.not").value is True
    at = at.toggle(key="flt.cluster.not").set_value(False).run()  # switched off: the chosen only
    assert "Industry cluster is New materials" in caption(at)
    assert at.query_params["f.cluster"].startswith("in:")  # the link follows


def test_bad_link_parameters_are_reported_not_applied():
    at = run(**{"f.__import__('os')": "in:x", "f.cluster": "bogus:1"})
    assert not at.exception
    assert at.warning, "the user is told what was ignored"


def test_user_text_is_escaped_for_markdown():
    at = run()
    at.text_input(key="flt.search").input("*[x](javascript:alert(1))* :red[y] $z$").run()
    raw = next(m.value for m in at.markdown if "javascript" in m.value)
    # md_plain: character references (CommonMark shows the character, never acts on it)
    assert "&#91;x&#93;&#40;javascript&#58;alert&#40;1&#41;&#41;" in raw and "&#36;z&#36;" in raw


def test_search_is_literal_text():
    at = run()
    at.text_input(key="flt.search").input("重汽").run()
    assert "企业 1/4" in caption(at)
    at.text_input(key="flt.search").input(".*").run()
    assert "企业 0/4" in caption(at)


def test_reset_clears_filters():
    at = run()
    multiselect(at, "flt.action").select("全域乡村振兴").run()
    assert "所属行动" in caption(at)
    at.sidebar.button[0].click().run()  # 重置筛选 (the page's own panels have buttons too)
    assert "显示（全部要素）" in caption(at)


# ----------------------------------------------------------------- language switch keeps state
#
# The browser keeps a choice widget's *formatted* option and sends it back on the next
# interaction; a label of the old language maps to no option and the choice falls back to its
# default.  What keeps the choice is Python re-sending the value on the run of the switch
# (``set_value``), so the browser shows, and later sends, the new language's label.

def _choice(at: AppTest, key: str):
    return next(w for w in [*at.radio, *at.selectbox, *at.multiselect] if w.key == key)


def _shown_labels(widget) -> list[str]:
    """The option label(s) the browser is told to show for ``widget``'s value."""
    proto = widget.proto
    return list(proto.raw_values) if hasattr(proto, "raw_values") else [proto.raw_value]


def test_language_switch_keeps_tool_analysis_choices_filters_and_view():
    at = run(tool="analysis", v="36.70000,117.55000,12")
    assert not at.exception
    _choice(at, "an.card.park").set_value(2)
    _choice(at, "an.fit.cluster").set_value(list(CLUSTERS)[1])
    multiselect(at, "flt.cluster").select("新材料")
    at.selectbox(key="basemap").set_value("gaode")
    at.run()
    chosen = {k: _choice(at, k).value
              for k in ("tool", "an.card.park", "an.fit.cluster", "flt.cluster", "basemap")}
    assert chosen["tool"] == "analysis" and chosen["an.card.park"] == 2

    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    for key, value in chosen.items():
        widget = _choice(at, key)
        assert widget.value == value, key
        assert widget.proto.set_value, f"{key}: the value is not re-sent with English labels"
        labels = _shown_labels(widget)
        assert labels and all(label in widget.options for label in labels), (key, labels)
        assert not any(re.search(r"[\u4e00-\u9fff]", label) for label in labels
                       if key in ("tool", "flt.cluster", "basemap")), (key, labels)
    assert _shown_labels(_choice(at, "tool")) == [t("tool_analysis", "en")]

    at.checkbox(key="layer.parks").uncheck().run()  # the next interaction
    assert {k: _choice(at, k).value for k in chosen} == chosen
    assert "New materials" in caption(at)
    assert at.query_params["lang"] in ("en", ["en"])
    assert "v" not in at.query_params  # Python never writes the view (zq-view.js does)
