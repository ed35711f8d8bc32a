"""The file uploader speaks the page's language: on the Chinese page none of Streamlit's English
("Upload", "200MB per file", "Drag and drop …", "Browse files", "Limit") is rendered, our own line
says the limit and the types, and the button still takes a file; the English page keeps
Streamlit's English.
"""

from __future__ import annotations

import pytest

from .test_upload import open_import
from .zqpage import open_app

pytestmark = pytest.mark.browser

ENGLISH = ("Upload", "per file", "Drag and drop", "Browse files", "Limit")

#: the text a reader sees in the uploader: text nodes whose element is displayed, visible and
#: has a font size, plus the ::after content of its button
SHOWN_JS = """el => {
  const out = [];
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const p = n.parentElement, cs = getComputedStyle(p);
    if (n.textContent.trim() && p.checkVisibility({visibilityProperty: true})
        && parseFloat(cs.fontSize) > 0) out.push(n.textContent.trim());
  }
  const b = el.querySelector('button');
  const after = b ? getComputedStyle(b, '::after').content : 'none';
  return {texts: out, after};
}"""


def uploader_text(page) -> dict:
    panel = open_import(page)
    zone = panel.get_by_test_id("stFileUploader").first
    zone.wait_for()
    return {"panel": panel, **zone.evaluate(SHOWN_JS)}


def test_the_chinese_uploader_shows_no_streamlit_english(page, app_server):
    open_app(page, app_server + "/?tool=data")
    shown = uploader_text(page)
    assert not [w for w in ENGLISH for s in shown["texts"] if w in s], shown["texts"]
    assert shown["after"] == '"上传"'
    assert "单个文件不超过 1024 MB" in shown["panel"].inner_text()  # .streamlit/config.toml: 1 GB
    button = shown["panel"].get_by_test_id("stFileUploaderDropzone").locator("button")
    assert button.is_visible() and button.is_enabled()
    # while a file is dragged over it: our words, not "Drag and drop files here"
    zone = shown["panel"].get_by_test_id("stFileUploaderDropzone").first
    dt = page.evaluate_handle("() => { const d = new DataTransfer();"
                              " d.items.add(new File(['{}'], 'a.geojson')); return d; }")
    zone.dispatch_event("dragenter", {"dataTransfer": dt})
    page.wait_for_timeout(300)
    dragging = zone.evaluate(SHOWN_JS)
    assert not [w for w in ENGLISH for s in dragging["texts"] if w in s], dragging
    overlay = zone.evaluate("e => { const d = e.querySelector(':scope > div:not([data-testid])');"
                            " return d ? getComputedStyle(d, '::after').content : null; }")
    assert overlay == '"拖放文件到此处"', overlay
    zone.dispatch_event("dragleave", {"dataTransfer": dt})
    with page.expect_file_chooser() as chooser:  # the button still opens the file dialog
        button.click()
    assert chooser.value is not None


def test_an_uploaded_file_name_stays_visible(page, app_server, tmp_path):
    """The style sheet hides Streamlit's words only, never the chosen file's name."""
    path = tmp_path / "小文件.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    open_app(page, app_server + "/?tool=data")
    panel = open_import(page)
    panel.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    name = panel.get_by_text("小文件.geojson").first
    name.wait_for(timeout=30_000)
    assert name.is_visible()


def test_the_english_uploader_keeps_streamlit_english(page, app_server):
    open_app(page, app_server + "/?tool=data&lang=en")
    page.get_by_text("Import data", exact=True).first.click()
    zone = page.get_by_test_id("stFileUploader").first
    zone.wait_for()
    shown = zone.evaluate(SHOWN_JS)
    assert any("Upload" in s for s in shown["texts"]), shown
    assert any("per file" in s for s in shown["texts"]), shown
    assert shown["after"] in ("none", "normal"), shown
