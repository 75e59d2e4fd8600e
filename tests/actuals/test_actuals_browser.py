"""In Chromium: upload a FOCUS file on the Actuals page, see the variance chart, store the bills in the workspace,
compute, save and use the re-forecast; then, in a new session, pick the stored bills, see the same variance, and delete
the stored set after its confirm step."""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from actuals.read import read_actuals
from model import plan_scenario
from model.formatting import usd
from model.variance import variance
from store.workspace import Store
from tests.actuals.conftest import FOCUS_HEADER, FOCUS_ROWS, write_csv
from tests.browser.test_app_in_browser import IDLE, go_to, open_app, open_expander

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"  # var/ is not committed: for a person to look at


def test_upload_a_focus_file_see_the_variance_and_save_the_reforecast(browser: Browser, app_url: str, tmp_path: Path) -> None:
    # Without the EUR row so the expected figures need no exchange rate.
    bill = write_csv(tmp_path / "focus-export.csv", FOCUS_HEADER, [r for r in FOCUS_ROWS if r[7] == "USD"])
    expected = variance(plan_scenario(), read_actuals(bill))
    feb = expected[(expected["month"] == "2026-02") & (expected["category"] == "total")].iloc[0]

    SHOTS.mkdir(parents=True, exist_ok=True)
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

    # Store the bills in the workspace under a name of this run (the test server's store lives for the session).
    name = f"FOCUS export {secrets.token_hex(3)}"
    main = page.locator('[data-testid="stMain"]')
    box = main.get_by_role("textbox", name="Name for these actuals in the workspace")
    box.fill(name)
    box.press("Enter")
    page.wait_for_selector(IDLE)
    main.get_by_role("button", name="Save these actuals in the workspace").click()
    page.wait_for_selector(IDLE)
    expect(main.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(f"Saved the actuals as “{name}”")

    main.get_by_role("button", name="Compute the re-forecast").click()
    page.wait_for_selector(IDLE)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the re-forecast scenario").click()
    saved = tmp_path / "re-forecast.json"
    info.value.save_as(saved)
    assert json.loads(saved.read_text())["provenance"]["ai.price_overrides"]["kind"] == "actuals"

    page.get_by_role("button", name="Use the re-forecast as the scenario").click()
    page.wait_for_selector(IDLE)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Re-forecast from the bills")

    # A new session: no bills until the stored set is picked; then the same February as the file gave.
    other = browser.new_context().new_page()
    open_app(other, app_url)
    go_to(other, "Actuals")
    main = other.locator('[data-testid="stMain"]')
    picker = main.get_by_role("combobox", name="Stored actuals")
    picker.click()
    picker.press_sequentially(name)
    picker.press("Enter")
    other.wait_for_selector(IDLE)
    expect(picker).to_have_value(re.compile("^" + re.escape(name + " · 2026-01..2026-02 · ")))
    main.get_by_role("button", name="Load these actuals").click()
    other.wait_for_selector(IDLE)
    metric = main.locator('[data-testid="stMetric"]').filter(has_text="Actual, 2026-02").locator('[data-testid="stMetricValue"]')
    expect(metric).to_have_text(usd(feb["actual_usd"]))
    expect(main.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(f"Loaded the stored actuals “{name}”")

    # Delete the stored set: a question first (nothing deleted yet), then the confirmed delete; the bills on the page stay.
    # (The served app shares this process's store: tests/conftest.py points SCALING_STORE_URL at one file per session.)
    imports = open_expander(main, "Import bills")
    other.wait_for_selector(IDLE)
    confirm = main.locator(".st-key-actuals_delete_confirm_box")
    question = f"Delete the stored actuals “{name}” for good?"
    # The panel's own rerun (it was just opened) may still be under way when Delete is clicked, and CI once saw that
    # click lost; asking again shows the same question, so a lost click is clicked again (at most three times).
    for _ in range(3):
        imports.get_by_role("button", name="Delete these actuals").click()
        other.wait_for_selector(IDLE)
        try:
            expect(confirm).to_contain_text(question, timeout=10_000)
            break
        except AssertionError:
            continue
    expect(confirm).to_contain_text(question)
    assert name in [i.name for i in Store().actuals_sets()]
    imports.screenshot(path=str(SHOTS / "actuals-delete-confirm.png"))
    confirm.get_by_role("button", name="Yes, delete them").click()
    other.wait_for_selector(IDLE)
    expect(main.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(f"Deleted the stored actuals “{name}”")
    expect(main.locator(".st-key-actuals_delete_confirm_box")).to_have_count(0)
    assert name not in [i.name for i in Store().actuals_sets()]
    expect(metric).to_have_text(usd(feb["actual_usd"]))
