"""The analysis pages in headless Chromium: each renders its charts, and a founder's edit shows what the model computes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from model.analysis.montecarlo import simulate
from model.analysis.selfhosted import compare_self_hosted
from model.analysis.sensitivity import tornado
from model.analysis.timeline import project
from model.formatting import pct, usd, usd_cents
from model.loading import plan_scenario
from model.overrides import with_overrides
from tests.browser.conftest import app_url, browser_type_launch_args  # noqa: F401  (helper B's fixtures: the served app, Debian's Chromium)
from tests.browser.test_app_in_browser import open_expander
from ui import analysis_tables

pytestmark = pytest.mark.browser
expect.set_options(timeout=30_000)  # the Monte Carlo page takes a second or two on a busy machine

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TIMEOUT_MS = 60_000
PAGES = {
    "compare": "Compare scenarios",
    "sensitivity": "Sensitivity",
    "uncertainty": "Uncertainty",
    "timeline": "Timeline",
    "economics": "Unit economics",
}
CHARTS = {"compare": 2, "sensitivity": 1, "uncertainty": 3, "timeline": 3, "economics": 1}  # Economics: its first tab
ECONOMICS_TABS = ("Own model: self-hosted GPUs against the API", "Own model: the business case")
"""Economics' other lazy tabs, one chart each."""


def open_page(page: Page, base: str, path: str) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{base}/{path}")
    expect(page.get_by_role("heading", name=PAGES[path], exact=True).first).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_selector(IDLE)


def metric(page: Page, label: str):  # a Playwright Locator
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


def settle(page: Page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE)


def choose_tab(page: Page, name: str) -> None:
    """Click one of a page's lazy tabs: the page reruns and draws that tab's content."""
    page.get_by_role("tab", name=name, exact=True).click()
    settle(page)


@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders_its_charts_without_error(page: Page, app_url: str, path: str) -> None:  # noqa: F811
    open_page(page, app_url, path)
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts).to_have_count(CHARTS[path])
    expect(charts.first.locator("canvas, svg").first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    for tab in ECONOMICS_TABS if path == "economics" else ():
        choose_tab(page, tab)
        expect(page.get_by_role("tabpanel").locator('[data-testid="stVegaLiteChart"]')).to_have_count(1)
        expect(charts.first.locator("canvas, svg").first).to_be_visible()
        assert page.locator('[data-testid="stException"]').count() == 0


def test_sensitivity_tier_choice(page: Page, app_url: str) -> None:  # noqa: F811
    open_page(page, app_url, "sensitivity")
    expect(metric(page, "Cost per DAU at this tier")).to_have_text(
        usd_cents(tornado(plan_scenario(), 500_000).base_cost_per_dau_usd)
    )
    page.get_by_role("radio", name="100k · L3").click()
    settle(page)
    expect(metric(page, "Cost per DAU at this tier")).to_have_text(
        usd_cents(tornado(plan_scenario(), 100_000).base_cost_per_dau_usd)
    )
    expect(metric(page, "Cost per DAU at this tier")).to_have_text("$0.57")


def test_uncertainty_seed_changes_the_numbers_as_the_model_does(page: Page, app_url: str) -> None:  # noqa: F811
    open_page(page, app_url, "uncertainty")
    at_500k = simulate(plan_scenario(), draws=10_000, seed=0).bands().set_index("dau").loc[500_000.0]
    expect(metric(page, "Chance over budget")).to_have_text(pct(at_500k["prob_over_budget"], 1))
    seed = page.get_by_role("spinbutton", name="Seed")
    seed.fill("7")
    seed.press("Enter")
    settle(page)
    at_500k = simulate(plan_scenario(), draws=10_000, seed=7).bands().set_index("dau").loc[500_000.0]
    expect(metric(page, "Chance over budget")).to_have_text(pct(at_500k["prob_over_budget"], 1))
    expect(metric(page, "P90 cost per DAU")).to_have_text(usd_cents(at_500k["cost_per_dau_p90"]))


def test_timeline_milestone_edit(page: Page, app_url: str) -> None:  # noqa: F811
    open_page(page, app_url, "timeline")
    expect(metric(page, "Spend over the timeline")).to_have_text(usd(project(plan_scenario()).months["cumulative_usd"].iloc[-1]))
    settle(page)
    panel = open_expander(page.get_by_test_id("stMain"), "Milestones, growth and lead time")
    month = panel.get_by_role("textbox", name="Level 2 (50,000 DAU)")
    expect(month).to_be_visible()
    month.fill("2027-09")
    month.press("Enter")
    settle(page)
    moved = project(with_overrides(plan_scenario(), {"timeline.milestones.1.month": "2027-09"}))
    expect(metric(page, "Spend over the timeline")).to_have_text(usd(moved.months["cumulative_usd"].iloc[-1]))
    page.screenshot(path="/tmp/e_timeline_browser.png", full_page=True)


def test_economics_revenue_and_gpu_price(page: Page, app_url: str) -> None:  # noqa: F811
    open_page(page, app_url, "economics")
    revenue = page.get_by_role("spinbutton", name="Revenue per DAU per month (USD)")
    revenue.fill("2.00")
    revenue.press("Enter")
    settle(page)
    # Revenue 2.00 x 10,000 = 20,000 against the plan's 9,055: 54.7% margin.
    expect(metric(page, "Margin at 10k")).to_have_text("54.7%")
    choose_tab(page, ECONOMICS_TABS[0])
    open_expander(page.get_by_test_id("stMain"), "GPU assumptions")
    gpu = page.get_by_role("spinbutton", name="GPU price (USD per hour)")
    gpu.fill("4.00")
    gpu.press("Enter")
    settle(page)
    moved = with_overrides(plan_scenario(), {"economics.revenue_usd_per_dau_per_month": 2.0, "self_hosted.gpu_usd_per_hour": 4.0})
    expect(metric(page, "Self-hosting costs no more than the API at")).to_have_text(
        analysis_tables.break_even_text(compare_self_hosted(moved))
    )
    choose_tab(page, "Margin per tier")
    expect(metric(page, "Margin at 10k")).to_have_text(pct((20_000 - 9_055) / 20_000, 1))
