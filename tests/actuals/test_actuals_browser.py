"""In Chromium: upload a FOCUS file on the Actuals page, see the variance chart, save and use the re-forecast."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from actuals.read import read_actuals
from model import plan_scenario
from model.formatting import usd
from model.variance import variance
from tests.actuals.conftest import FOCUS_HEADER, FOCUS_ROWS, write_csv
from tests.browser.test_app_in_browser import IDLE, go_to, open_app

pytestmark = pytest.mark.browser


def test_upload_a_focus_file_see_the_variance_and_save_the_reforecast(browser: Browser, app_url: str, tmp_path: Path) -> None:
    # Without the EUR row so the expected figures need no exchange rate.
    bill = write_csv(tmp_path / "focus-export.csv", FOCUS_HEADER, [r for r in FOCUS_ROWS if r[7] == "USD"])
    expected = variance(plan_scenario(), read_actuals(bill))
    feb = expected[(expected["month"] == "2026-02") & (expected["category"] == "total")].iloc[0]

    page = browser.new_context(accept_downloads=True).new_page()
    open_app(page, app_url)
    go_to(page, "Actuals")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(bill)
    page.wait_for_selector(IDLE)
    page.get_by_role("button", name="Add this bill").click()
    page.wait_for_selector(IDLE)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Actual, 2026-02").locator('[data-testid="stMetricValue"]')
    expect(metric).to_have_text(usd(feb["actual_usd"]))
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the re-forecast scenario").click()
    saved = tmp_path / "re-forecast.json"
    info.value.save_as(saved)
    assert json.loads(saved.read_text())["provenance"]["ai.price_overrides"]["kind"] == "actuals"

    page.get_by_role("button", name="Use the re-forecast as the scenario").click()
    page.wait_for_selector(IDLE)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Re-forecast from the bills")
