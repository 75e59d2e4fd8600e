"""A phone (390x844) in headless Chromium: the sidebar does not cover the page on load, and no chart's text is cut
off (no title or legend shortened with an ellipsis, none past the screen's right edge)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TIMEOUT_MS = 60_000
PHONE = {"width": 390, "height": 844}

# Every chart's text on the page: its right edge and whether Vega shortened it with an ellipsis.
CHART_TEXT_JS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg text')]
    .filter(t => t.textContent.trim())
    .map(t => ({text: t.textContent, right: t.getBoundingClientRect().right}))"""


@pytest.fixture
def phone(browser: Browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def test_the_sidebar_starts_closed_on_a_phone(phone, app_url: str) -> None:
    phone.goto(app_url)
    phone.wait_for_selector(IDLE)
    box = phone.locator('[data-testid="stSidebar"]').bounding_box()
    assert box is None or box["x"] + box["width"] <= 0, f"the sidebar covers the page: {box}"
    title = phone.get_by_role("heading", name="Overview").bounding_box()
    assert title is not None and 0 <= title["x"] < PHONE["width"]


@pytest.mark.parametrize("path", ["", "caching", "capacity", "sensitivity", "compare", "economics"])
def test_no_chart_text_is_cut_off_on_a_phone(phone, app_url: str, path: str) -> None:
    phone.goto(f"{app_url}/{path}")
    phone.wait_for_selector(IDLE)
    phone.wait_for_selector('[data-testid="stVegaLiteChart"] svg text')
    phone.wait_for_timeout(1000)  # Vega lays the charts out after the script ends
    texts = phone.evaluate(CHART_TEXT_JS)
    assert texts, "the page draws charts"
    cut = [t["text"] for t in texts if t["text"].endswith("…")]
    assert not cut, f"shortened with an ellipsis: {cut}"
    past = [t["text"] for t in texts if t["right"] > PHONE["width"] + 0.5]
    assert not past, f"past the right edge of a 390 px screen: {past}"
