"""Downloads under the table give exactly what the map shows (filtered), in a real browser."""

from __future__ import annotations

import csv
import io
import json

from playwright.sync_api import expect

from .zqpage import open_app

SLOW = 45_000  # a deferred download runs its callable on the server first; CI may be loaded

NEW_MATERIALS = "%E6%96%B0%E6%9D%90%E6%96%99"  # 新材料, percent-encoded as in a shared link


def test_downloads_hold_the_filtered_features(page, app_server):
    open_app(page, f"{app_server}/?layers=firms&f.cluster=in:{NEW_MATERIALS}")
    tab = page.get_by_role("tab", name="要素表")
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true", timeout=SLOW)
    button = page.get_by_role("button", name="下载 CSV（当前筛选）")
    expect(button).to_be_visible(timeout=SLOW)
    with page.expect_download(timeout=SLOW) as got:
        button.click()
    text = got.value.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["名称"] for r in rows) == ["圣泉集团", "明泉集团"]
    assert all(r["WKT"].startswith("POINT") for r in rows)
    with page.expect_download(timeout=SLOW) as got:
        page.get_by_role("button", name="下载 GeoJSON（当前筛选）").click()
    features = json.loads(got.value.path().read_text(encoding="utf-8"))["features"]
    assert sorted(f["properties"]["name_zh"] for f in features) == ["圣泉集团", "明泉集团"]
    assert all(f["properties"]["source"] for f in features)
    assert not page.js_errors, page.js_errors
