"""The explorer uses the screen (issue 13, point 6), measured in a real browser at projector sizes:
the map takes the main area's full width and reaches the bottom of the viewport, the sentence is
visible with it, an empty table says so, and the table's buttons are not cut off.

Before: at 1440×900 the map was ≈ 690 px wide beside the tabs, 680 px high on every screen, and
the sentence was below the fold.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import COMPONENT_IFRAME
from .zqpage import RERUN_TIMEOUT, open_app, sentence

SIZES = [(1920, 1080), (1440, 900), (1366, 768), (1024, 768)]


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_map_fills_the_main_area_with_the_sentence_in_view(browser, app_server, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        open_app(page, app_server + "/")
        main = page.evaluate("""() => { const b = document.querySelector('[data-testid="stMainBlockContainer"]');
            const s = getComputedStyle(b); return {left: b.getBoundingClientRect().left + parseFloat(s.paddingLeft),
            width: b.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)}; }""")
        page.wait_for_function(  # zq.js sized the frame from the viewport
            "([sel, h]) => { const f = document.querySelector(sel); const r = f.getBoundingClientRect();"
            " return Math.abs(r.bottom - (h - 12)) <= 2 || r.height === 420; }",
            arg=[COMPONENT_IFRAME, height], timeout=RERUN_TIMEOUT)
        frame = _box(page, COMPONENT_IFRAME)
        assert frame["width"] >= main["width"] - 2, (frame, main)  # the whole main area
        assert frame["height"] >= 420
        assert frame["y"] + frame["height"] <= height  # nothing of the map below the fold
        said = sentence(page).bounding_box()
        assert said["y"] >= 0 and said["y"] + said["height"] <= frame["y"]  # above the map, in view
        inner = page.frame_locator(COMPONENT_IFRAME).locator(".leaflet-container").bounding_box()
        assert abs(inner["height"] - frame["height"]) <= 2  # the map fills its frame
    finally:
        page.close()


def test_an_empty_table_says_so_and_buttons_fit(page, app_server):
    # plan layers only: a name search leaves the context layers (outline, seats, lines) drawn
    open_app(page, app_server + "/?layers=firms,projects")
    search = page.locator(".st-key-flt-search input")
    search.fill("没有这样的名字zzz")
    search.press("Enter")
    expect(sentence(page)).to_contain_text("0/", timeout=RERUN_TIMEOUT)
    page.get_by_role("tab", name="要素表").click()
    expect(page.get_by_text("当前筛选下没有要素")).to_be_visible(timeout=RERUN_TIMEOUT)
    buttons = page.locator('[data-testid="stDownloadButton"] button')
    expect(buttons.first).to_be_visible()
    cut = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stDownloadButton"] button')]
        .filter(b => b.offsetParent !== null)
        .filter(b => b.scrollWidth > b.clientWidth + 1 || b.getBoundingClientRect().right > innerWidth)
        .map(b => b.innerText)""")
    assert cut == []


@pytest.mark.parametrize(("key", "empty"), [("flt.cluster", ".eo2qvtu11"), ("basemap", ".equpb2c9")])
def test_an_empty_search_says_so_in_chinese(page, app_server, key, empty):
    """Streamlit's select boxes say "No results" whatever the page's language: on the Chinese
    page the catalog's words are shown instead (ui/layout.py)."""
    open_app(page, app_server + "/")
    box = page.locator(f".st-key-{key.replace('.', '-')}").get_by_role("combobox")
    box.scroll_into_view_if_needed()
    box.click()
    page.keyboard.type("zzzz")
    page.wait_for_selector(empty, timeout=RERUN_TIMEOUT)
    got = page.evaluate("""(sel) => { const e = document.querySelector(sel);
        return [e.textContent, getComputedStyle(e).fontSize, getComputedStyle(e, '::after').content]; }""", empty)
    assert got[0] == "No results" and got[1] == "0px" and got[2] == '"无匹配项"', got
