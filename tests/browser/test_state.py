"""One owner of state, as a user sees it: a language switch keeps the open tool, the analysis
choices, the filters and the view; the view in the address bar has one writer (zq-view.js).

Regression: Streamlit keeps a choice widget's formatted label in the browser, so after a switch
the next interaction sent a Chinese label back to the English page: the tool closed and the
analysis choices reset (ui/state.py ``keep_choices``).  And ``?v=`` was written by Python,
zq.js and zq-view.js on 300/1,500 ms timers; now Python never writes it (ui/link.py).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from .zqpage import (
    RERUN_TIMEOUT,
    drag_map,
    map_state,
    open_app,
    sentence,
    toggle_checkbox,
    wait_for_moveend,
    wait_for_rebuilt_map,
)

CLUSTER_ZH, CLUSTER_EN = "新材料", "New materials"


def _v(page) -> str | None:
    return parse_qs(urlsplit(page.url).query).get("v", [None])[0]


def _pick(page, key: str, option: str) -> None:
    box = page.locator(f".st-key-{key.replace('.', '-')}").get_by_role("combobox")
    box.scroll_into_view_if_needed()
    box.click()
    page.get_by_role("option").filter(has_text=option).first.click()


def test_language_switch_keeps_the_tool_the_choices_and_the_view(page, app_server):
    frame = open_app(page, app_server + "/?tool=analysis")
    start = map_state(frame)
    drag_map(page, -150, -90)
    wait_for_moveend(frame, start["lat"], start["lng"])
    page.wait_for_function("() => /[?&]v=/.test(location.search)", timeout=RERUN_TIMEOUT)
    v = _v(page)

    fit = page.locator(".st-key-an-fit-cluster")
    fit_box = fit.get_by_role("combobox")
    page.get_by_role("tab", name="产业选址").click()
    expect(fit).to_be_visible(timeout=RERUN_TIMEOUT)
    _pick(page, "an.fit.cluster", CLUSTER_ZH)
    expect(fit_box).to_have_value(re.compile(CLUSTER_ZH), timeout=RERUN_TIMEOUT)
    _pick(page, "flt.cluster", CLUSTER_ZH)
    page.keyboard.press("Escape")
    expect(sentence(page)).to_contain_text("企业 2/4", timeout=RERUN_TIMEOUT)


    page.locator(".st-key-lang").get_by_text("English", exact=True).click()
    frame = wait_for_rebuilt_map(page, "lang", "en")
    page.get_by_role("tab", name="Which park fits?").click()
    expect(fit_box).to_have_value(CLUSTER_EN, timeout=RERUN_TIMEOUT)  # in the new language
    expect(page.locator(".st-key-flt-cluster")).to_contain_text(CLUSTER_EN)
    page.wait_for_function("v => new URL(location.href).searchParams.get('v') === v", arg=v,
                           timeout=RERUN_TIMEOUT)

    toggle_checkbox(page, "layer.parks")  # the next interaction
    expect(sentence(page)).not_to_contain_text("Parks", timeout=RERUN_TIMEOUT)
    expect(sentence(page)).to_contain_text("Firms 2/4")  # the filter held
    page.get_by_role("tab", name="Which park fits?").click()  # the tool stayed open
    expect(fit).to_be_visible()
    expect(fit_box).to_have_value(CLUSTER_EN)  # and its choice held
    page.wait_for_function(  # Python wrote layers=…; the view came straight back, no timer
        "v => new URL(location.href).searchParams.get('v') === v"
        " && !new URL(location.href).searchParams.get('layers').includes('parks')",
        arg=v, timeout=RERUN_TIMEOUT)
    lat, lng, zoom = v.split(",")
    # The same view to the pixel: Leaflet's invalidateSize (the map fills its frame, zq.js) puts
    # the centre back on its pixel grid, up to half a pixel from the exact kept centre.
    off = frame.evaluate("([lat, lng]) => { const a = ZQ.map.project(ZQ.map.getCenter()),"
                         " b = ZQ.map.project([lat, lng]); return Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y)); }",
                         [float(lat), float(lng)])
    assert off <= 1.0, f"the map is {off:.2f} px from the kept view"
    assert map_state(frame)["zoom"] == int(zoom)
    assert page.js_errors == []
