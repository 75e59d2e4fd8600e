"""The Overview at any DAU in headless Chromium: type a DAU, read the warning and both costs, toggle the policy."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlparse

import pytest
from playwright.sync_api import Locator, Page, expect

from model.formatting import usd
from model.loading import plan_scenario
from model.upgrades import reading_at

pytestmark = pytest.mark.browser

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TIMEOUT_MS = 60_000


def metric(page: Page, label: str) -> Locator:
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


def test_typing_300k_shows_the_warning_both_costs_and_the_toggle_prices_the_headline(page: Page, app_url: str) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page.goto(app_url)
    page.wait_for_selector(IDLE)
    box = page.get_by_role("spinbutton", name="Any DAU")
    box.fill("300000")
    box.press("Enter")
    page.wait_for_selector(IDLE)
    r = reading_at(plan_scenario(), 300_000)
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warning).to_contain_text("Database connections at 216% (critical)")
    expect(warning).to_contain_text("Redis memory at 180.4% (critical)")
    expect(metric(page, "As written / month")).to_have_text(usd(r.as_written_usd))
    expect(metric(page, "Just in time / month")).to_have_text(usd(r.just_in_time_usd))
    expect(metric(page, "Total / month")).to_have_text("$165,000")
    page.locator('[data-testid="stButtonGroup"]').get_by_text("Just in time", exact=True).click()
    page.wait_for_selector(IDLE)
    expect(metric(page, "Total / month")).to_have_text("$169,500")
    page.wait_for_function("() => window.location.search.includes('upgrades.policy')")
    params = dict(parse_qsl(urlparse(page.url).query))
    assert params["upgrades.policy"] == '"just-in-time"'
