"""The Capacity page in headless Chromium (helper B's fixtures): what a founder does, checked against the model."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from model import capacity as cap
from model.loading import plan_scenario
from ui import capacity_charts as cc

pytestmark = pytest.mark.browser

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TIMEOUT_MS = 60_000  # the machine is shared; a first page load can be slow


def utilisation(scenario_dau: float, resource_id: str, level: int | None = None) -> str:
    """The model's utilisation at this DAU, formatted as the page shows it."""
    readings = cap.readings_at(plan_scenario(), scenario_dau, level=level)
    table = cc.readings_table(readings)
    i = [r.resource for r in readings].index(resource_id)
    return str(table["Utilisation"].iloc[i])


def metric(page: Page, short: str) -> Locator:
    return page.locator('[data-testid="stMetric"]').filter(has_text=short).locator('[data-testid="stMetricValue"]')


def open_capacity(page: Page, url: str) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    page.wait_for_selector(IDLE)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Capacity").click()
    expect(page.get_by_role("heading", name="Capacity", exact=True).first).to_be_visible()
    page.wait_for_selector(IDLE)


def set_dau(page: Page, value: int) -> None:
    box = page.get_by_role("spinbutton", name="Check a DAU")
    box.fill(str(value))
    box.press("Enter")
    page.wait_for_selector(IDLE)


def test_capacity_page_shows_the_model(page: Page, app_url: str, tmp_path: Path) -> None:
    open_capacity(page, app_url)
    # Default: 50k DAU under level 2 (PgBouncer): 360 / 1,000 = 36.0%; Redis 15.2 / 10 GB = 152.0%.
    expect(metric(page, "DB connections")).to_have_text(utilisation(50_000, "db_connections"))
    expect(metric(page, "DB connections")).to_have_text("36.0%")
    expect(metric(page, "Redis memory")).to_have_text("152.0%")
    # The first tab's two charts: the alert strip and the chosen resource's utilisation.
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts).to_have_count(2)
    for i in range(2):
        expect(charts.nth(i)).to_be_visible()
    # The findings are said plainly.
    first = cap.findings(plan_scenario())[0]
    expect(page.locator('[data-testid="stAlertContentError"]')).to_contain_text(first.text)

    set_dau(page, 10_000)
    expect(metric(page, "DB connections")).to_have_text("72.0%")
    expect(metric(page, "Redis memory")).to_have_text("80.0%")
    page.screenshot(path=str(tmp_path / "capacity.png"), full_page=True)
    assert (tmp_path / "capacity.png").stat().st_size > 10_000


def test_keeping_level_1_plans_at_50k_is_critical(page: Page, app_url: str) -> None:
    open_capacity(page, app_url)
    box = page.get_by_role("combobox", name="Capacities of")
    box.click()
    page.get_by_role("option", name="Level 1: 10k DAU's plans").click()
    expect(box).to_have_value("Level 1: 10k DAU's plans")
    page.wait_for_selector(IDLE)
    expect(metric(page, "DB connections")).to_have_text(utilisation(50_000, "db_connections", level=1))
    expect(metric(page, "DB connections")).to_have_text("360.0%")
    expect(metric(page, "Redis memory")).to_have_text("380.0%")
    table = page.locator('[data-testid="stDataFrame"]').first
    expect(table).to_be_visible()


def test_choosing_a_resource_redraws_without_errors(page: Page, app_url: str) -> None:
    open_capacity(page, app_url)
    choice = page.get_by_role("radio", name="Redis memory", exact=True)
    choice.click()
    expect(choice).to_be_checked()
    page.wait_for_selector(IDLE)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(2)


def test_the_ladder_tab_draws_the_ladder_when_chosen(page: Page, app_url: str) -> None:
    # The tabs are lazy: the ladder is computed and sent only once its tab is chosen, and the page stays usable.
    open_capacity(page, app_url)
    page.get_by_role("tab", name="Upgrade ladder").click()
    page.wait_for_selector(IDLE)
    chart = page.locator('[data-testid="stVegaLiteChart"]')
    expect(chart).to_have_count(1)
    expect(chart.first).to_be_visible()
    expect(chart.first).to_contain_text("Upgrade ladder")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(metric(page, "DB connections")).to_have_text("36.0%")
