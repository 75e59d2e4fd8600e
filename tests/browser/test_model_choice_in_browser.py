"""The AI page's mix editor and the Economics page's business case in Chromium: typed changes keep the mix at
100% and the page shows what the model computes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from model.analysis.owncase import business_case
from model.formatting import usd
from model.loading import plan_scenario
from model.overrides import with_overrides
from model.result import evaluate
from tests.browser.test_app_in_browser import IDLE, open_app
from ui import tables

pytestmark = pytest.mark.browser


def go_to(page: Page, title: str, heading: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=heading, exact=True).first).to_be_visible()
    page.wait_for_selector(IDLE)


def metric(page: Page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


def test_typing_a_share_rebalances_the_mix_and_reprices(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    go_to(page, "AI", "AI")
    # The page's last section drawn and the run over: a value typed while the page still runs can be dropped.
    expect(page.get_by_role("heading", name="Model catalogue")).to_be_visible()
    page.wait_for_selector(IDLE)
    mini = page.get_by_label("gpt-4o-mini: share of calls (%)")
    mini.fill("40")
    mini.press("Enter")
    # Streamlit may keep the replaced input (the old key) in the DOM, hidden, for a moment: read the one on screen.
    expect(page.get_by_label("gpt-4o: share of calls (%)").filter(visible=True)).to_have_value("60.0")
    moved = with_overrides(
        plan_scenario(),
        {"ai.model_mix": [{"model": "gpt-4o", "share_of_calls": 0.6}, {"model": "gpt-4o-mini", "share_of_calls": 0.4}]},
    )
    expect(metric(page, "List price per call (mixed)")).to_have_text(tables.usd_price(evaluate(moved).ai_list_usd_per_call))


def test_the_business_case_is_on_the_economics_page(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    go_to(page, "Economics", "Unit economics")
    page.get_by_role("tab", name="Own model: the business case", exact=True).click()  # the page's third lazy tab
    page.wait_for_selector(IDLE)
    bc = business_case(plan_scenario())
    expect(metric(page, "Payback month")).to_have_text(bc.payback_month or "")
    expect(metric(page, "NPV at 10% a year")).to_have_text(usd(bc.npv_usd))
    page.screenshot(path="/tmp/shots15/economics-browser.png", full_page=True)
