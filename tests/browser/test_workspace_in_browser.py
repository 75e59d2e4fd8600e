"""The Workspace in headless Chromium: an upload with an extra tier is saved, and its ``?s=`` link, opened in a new
browser context, shows every headline figure the model gives for that saved scenario at the tier that was picked."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from model.loading import parse_scenario, plan_scenario
from model.overrides import with_overrides
from model.result import evaluate
from model.upgrades import evaluate_policy
from model.views import tier_metrics
from tests.browser.test_app_in_browser import CALLS, IDLE, TIMEOUT_MS, go_to, nudge_calls, open_app
from ui.tables import metric_strings, tier_options

pytestmark = pytest.mark.browser

EXTRA_TIER = 2_000_000


def headline(page: Page) -> dict[str, str]:
    """Each metric's label -> its value as the page shows it."""
    cards = page.locator('[data-testid="stMetric"]')
    out = {}
    for i in range(cards.count()):
        card = cards.nth(i)
        out[card.locator('[data-testid="stMetricLabel"]').inner_text().strip()] = (
            card.locator('[data-testid="stMetricValue"]').inner_text().strip()
        )
    return out


def test_a_saved_upload_with_an_extra_tier_opens_by_link_in_a_new_context(browser: Browser, app_url: str, tmp_path: Path) -> None:
    data = plan_scenario().model_dump(mode="json")
    data["name"] = "Six tiers"
    data["tiers_dau"] = [*data["tiers_dau"], EXTRA_TIER]
    upload_file = tmp_path / "six.json"
    upload_file.write_text(json.dumps(data))

    page = browser.new_context().new_page()
    open_app(page, app_url)
    go_to(page, "Scenarios")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(upload_file)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("uploaded six.json")
    page.wait_for_selector(IDLE)
    value = nudge_calls(page, 3)  # 2.0 -> 2.3 calls per DAU per day, on top of the upload

    go_to(page, "Workspace")
    name = f"Six tiers {tmp_path.name}"  # unique: the app under test may keep its store between sessions
    box = page.get_by_label("Name for a new saved scenario")
    box.fill(name)
    box.press("Enter")
    page.wait_for_selector(IDLE)
    page.get_by_role("button", name="Save under this name").click()
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(f"Saved '{name}' version 1")
    link = page.locator('[data-testid="stCode"]').first.inner_text().strip()
    params = dict(parse_qsl(urlparse(link).query))
    assert set(params) == {"s"} and len(params["s"]) == 10

    # Pick the extra tier on the Overview: the address bar keeps it next to the saved version.
    go_to(page, "Overview")
    saved = with_overrides(parse_scenario(json.dumps(data)), {CALLS: value})
    label = tier_options(evaluate(saved))[EXTRA_TIER]
    page.get_by_role("radio", name=label).check()
    page.wait_for_selector(IDLE)
    page.wait_for_url(lambda url: "overview_tier=" in url and f"s={params['s']}" in url)
    shared = page.url

    fresh = browser.new_context().new_page()
    fresh.set_default_timeout(TIMEOUT_MS)
    fresh.goto(shared)
    fresh.wait_for_selector(IDLE)
    # What the Overview computes at a picked DAU: the scenario under its upgrade policy, the plan at the same DAU.
    result = evaluate_policy(saved, [EXTRA_TIER], saved.upgrades.policy).result
    reference = evaluate(plan_scenario(), [EXTRA_TIER])
    expected = {m.label: metric_strings(m).value for m in tier_metrics(result, reference, EXTRA_TIER)}
    # Each headline figure, waited for on its own: the cards arrive one by one as the page streams in.
    for label, figure in expected.items():
        card = fresh.get_by_test_id("stMetric").filter(has=fresh.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
        expect(card.get_by_test_id("stMetricValue")).to_have_text(figure)
    fresh.wait_for_selector(IDLE)
    shown = headline(fresh)  # the five headline figures (a capacity warning may add its own two cards)
    assert {label: shown.get(label) for label in expected} == expected
    expect(fresh.get_by_role("slider", name="AI calls per DAU per day (calls/DAU/day)")).to_have_value(f"{value:g}")
    # No share-link notice (the Overview's own capacity warning at 2M DAU is expected).
    expect(fresh.locator('[data-testid="stAlertContentWarning"]').filter(has_text="Share link")).to_have_count(0)
    fresh.screenshot(path=str(tmp_path / "shared.png"), full_page=True)
    Path("/tmp/i19-shared.png").write_bytes((tmp_path / "shared.png").read_bytes())
