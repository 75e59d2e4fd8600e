"""Goal seek in headless Chromium: ask the issue's question, apply the answer in one click, the Overview shows it met.

What the page and the Overview show is compared with the model run on the same inputs (solve_driver, then
with_overrides + evaluate at the answer), never with numbers copied from a run.
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from model.formatting import usd_cents
from model.loading import plan_scenario
from model.overrides import with_overrides
from model.result import evaluate
from model.solve import solve_driver
from tests.browser.conftest import app_url, browser_type_launch_args  # noqa: F401  (the served app, Debian's Chromium)
from tests.browser.test_app_in_browser import open_expander
from ui.goal_seek import against, driver_value

pytestmark = pytest.mark.browser
expect.set_options(timeout=30_000)

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
HIT = "caching.caches.1.hit_rate"
SHOTS = os.environ.get("GOAL_SEEK_SCREENSHOTS")  # a folder: save what the test saw, to look at


def settle(page: Page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE)


def metric(page: Page, label: str):  # a Playwright Locator
    label_el = page.locator('[data-testid="stMetricLabel"]').get_by_text(label, exact=True)
    return page.locator('[data-testid="stMetric"]').filter(has=label_el).locator('[data-testid="stMetricValue"]')


def test_goal_seek_apply_then_the_overview_shows_the_target_met(page: Page, app_url: str) -> None:  # noqa: F811
    plan = plan_scenario()
    solved = solve_driver(plan, HIT, target="cost_per_dau_usd", at=500_000, value=0.30)
    applied = evaluate(with_overrides(plan, {HIT: solved.value}), [500_000]).tiers[0]
    assert applied.cost_per_dau_usd <= 0.30  # the model itself meets it at the answer

    page.set_default_timeout(60_000)
    page.goto(f"{app_url}/goal_seek")
    expect(page.get_by_role("heading", name="Goal seek", exact=True).first).to_be_visible()
    settle(page)
    value = page.get_by_role("spinbutton", name="Target value")
    value.fill("0.3")
    value.press("Enter")
    settle(page)
    # The chosen driver (the AI response cache's hit rate) with its unrounded answer, and the result there.
    expect(metric(page, "Answer")).to_have_text(driver_value("fraction", "share", solved.value))  # 68.1111%
    shown = against("cost_per_dau_usd", solved.achieved, 0.30, "at_most")
    expect(metric(page, "Result at the answer")).to_have_text(shown.figure)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/goal_seek.png", full_page=True)

    page.get_by_role("button", name="Apply").click()
    settle(page)
    expect(page.get_by_text("is $0.30, at most $0.30: met.").first).to_be_visible()

    page.get_by_role("link", name="Overview").click()
    settle(page)
    expect(page.get_by_role("heading", name="Overview", exact=True).first).to_be_visible()
    page.get_by_role("radio", name="500k · L4").click()
    settle(page)
    # The headline card is the model at the applied value; the goal line says it is met, with the digits to tell.
    expect(metric(page, "Cost per DAU")).to_have_text(usd_cents(applied.cost_per_dau_usd))
    line = against("cost_per_dau_usd", applied.cost_per_dau_usd, 0.30, "at_most")
    assert line.met
    expect(page.get_by_text(f"at 500k DAU is {line.figure}, at most {line.target}: met.")).to_be_visible()
    # The sidebar's slider moved to the answer too (its group, Caching, opens on a click).
    open_expander(page.get_by_test_id("stSidebarUserContent"), "Caching")
    settle(page)
    slider = page.get_by_role("slider", name="AI response hit rate")
    # The range input itself snaps to the 0.01 step; the slider's own text shows the answer (Streamlit's "percent" format).
    expect(slider).to_have_attribute("aria-valuetext", f"{solved.value * 100:.2f}%")  # 68.11%, not the plan's 30.00%
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/overview_after_apply.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_answer_cards_are_not_cut_off_in_korean_and_won(browser, app_url: str, width: int) -> None:  # noqa: F811
    """'2.02222 호출/DAU/일' read '2.02222 …' in a card a third of the row wide: every card's value fits its box, at a
    laptop's 1280 px and a phone's 390 px, with the answer that carries the longest unit."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.set_default_timeout(60_000)
        page.goto(f"{app_url}/goal_seek?lang=ko&currency=KRW&fx_rate=1400")
        expect(page.get_by_role("heading", name="목표값 찾기", exact=True).first).to_be_visible()
        settle(page)
        main = page.get_by_test_id("stMain")
        main.locator('[data-testid="stSelectbox"]').filter(has_text="적용할 동인").click()
        page.get_by_role("option", name="DAU당 하루 AI 호출 수", exact=True).click()
        settle(page)
        solved = solve_driver(plan_scenario(), "ai.calls_per_dau_per_day", target="cost_per_dau_usd", at=500_000, value=0.6)
        # The page's default target is the plan's budget per DAU (₩840 = $0.60 x 1,400).
        expect(metric(page, "답 (호출/DAU/일)")).to_have_text(f"{solved.value:,.6g}")
        values = main.locator('[data-testid="stMetricValue"]')
        assert values.count() == 2
        for i in range(values.count()):
            # The text sits in an inner block that cuts it with an ellipsis: its full width must fit the box.
            inner = values.nth(i).locator("div").first
            scroll, client = inner.evaluate("e => [e.scrollWidth, e.clientWidth]")
            assert 0 < scroll <= client, (width, values.nth(i).inner_text(), scroll, client)
        labels = main.locator('[data-testid="stMetricLabel"]')
        for i in range(labels.count()):
            box = labels.nth(i).get_by_test_id("stMarkdownContainer")  # the block that cuts a label with an ellipsis
            scroll, client = box.evaluate("e => [e.scrollWidth, e.clientWidth]")
            assert 0 < scroll <= client, (width, labels.nth(i).inner_text(), scroll, client)
        if SHOTS:
            values.first.scroll_into_view_if_needed()
            page.screenshot(path=f"{SHOTS}/goal_seek_ko_{width}.png")
    finally:
        context.close()
