"""Crafted links and a hostile upload in headless Chromium: the DOM holds no link, image or heading the user supplied.

The hostile text is shown, but literally: no link to and no image from the user's host (``evil.example``, or a www address; the
victim's browser would fetch the image), no heading whose text the user's ``#`` created (the sidebar's own heading shows the name with
its ``#`` as a character).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import app_url, browser_type_launch_args  # noqa: F401  (the served app, Debian's Chromium)
from tests.hostile.test_markdown_injection import HOSTILE, hostile_scenario_json

pytestmark = pytest.mark.browser

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TIMEOUT_MS = 30_000
expect.set_options(timeout=TIMEOUT_MS)
PAGE_TITLES = ["Overview", "AI", "Caching", "Tier detail", "Audit", "Scenarios", "Capacity", "Compare", "Sensitivity",
               "Uncertainty", "Timeline", "Economics", "Actuals"]  # fmt: skip
LINK_NAME = "[Session expired, log in](https://evil.example/login) ![t](https://evil.example/p.png)"


def assert_nothing_injected(page: Page, where: str) -> None:
    page.wait_for_selector(IDLE)
    # By host, not by substring: the app's own navigation links carry the (escaped) share link in their query string.
    hosts = page.evaluate(
        """() => ({
            links: [...document.querySelectorAll('a[href]')].map(a => new URL(a.href, location.href).hostname),
            images: [...document.querySelectorAll('img[src]')].map(i => new URL(i.src, location.href).hostname),
        })"""
    )
    assert not [h for h in hosts["links"] if "evil" in h], f"{where}: a live link to the user's host"
    assert not [h for h in hosts["images"] if "evil" in h], f"{where}: a remote image from the user's host"
    headings = page.locator("h1, h2, h3, h4, h5, h6").all_inner_texts()
    injected = [h for h in headings if h.strip().startswith("INJ-HEADING")]
    assert not injected, f"{where}: a heading the user's '#' made: {injected}"
    # The colour directive and the icon would have become styled spans; the text must be there as typed.
    assert page.locator('[data-testid="stMarkdownColoredText"]').filter(has_text="INJ-RED").count() == 0, where
    assert page.locator(".katex").filter(has_text="INJ").count() == 0, f"{where}: LaTeX rendered"


def open_and_wait(page: Page, url: str) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    page.wait_for_selector(IDLE)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()


def go_to(page: Page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
    page.wait_for_timeout(300)  # the click starts a run; wait for it to finish
    page.wait_for_selector(IDLE)


def test_a_crafted_link_shows_the_name_and_the_refused_parameter_literally(page: Page, app_url: str) -> None:  # noqa: F811
    query = urlencode({"name": HOSTILE, LINK_NAME: "1", "ai.calls_per_dau_per_day": LINK_NAME})
    open_and_wait(page, f"{app_url}/?{query}")
    sidebar = page.locator('[data-testid="stSidebar"]')
    # The name is the sidebar's heading, shown as typed (brackets, parentheses, the URL as text).
    expect(sidebar).to_contain_text("[Session expired, log in](https:")  # then an invisible joiner, then //evil...
    # The refused parameter's name is quoted in a warning (and a toast), literally.
    expect(sidebar.locator('[data-testid="stAlertContentWarning"]').first).to_contain_text("evil.example")
    assert_nothing_injected(page, "the crafted link")
    for title in ("Overview", "Scenarios"):
        go_to(page, title)
        assert_nothing_injected(page, title)


def test_an_uploaded_hostile_scenario_injects_nothing_on_any_page(page: Page, app_url: str, tmp_path: Path) -> None:  # noqa: F811
    open_and_wait(page, app_url)
    go_to(page, "Scenarios")
    upload = tmp_path / "hostile.json"
    upload.write_bytes(hostile_scenario_json())
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(upload)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("uploaded hostile.json")
    page.wait_for_selector(IDLE)
    for title in PAGE_TITLES:
        go_to(page, title)
        expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("evil.example")  # the hostile name is shown
        assert_nothing_injected(page, title)
    go_to(page, "Tier detail")
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("//evil.example/b www")  # bottlenecks, as text
    assert_nothing_injected(page, "Tier detail")
