"""The Actuals page shows what model.variance computes for the same bills (AppTest)."""

from __future__ import annotations

import pandas as pd
import pytest

from model import plan_scenario
from model.variance import reforecast, variance
from tests.app.conftest import charts, metrics, new_app

BILLS = pd.DataFrame(
    {
        "month": ["2026-01", "2026-01", "2026-02", "2026-02"],
        "category": ["ai", "hosting", "ai", "hosting"],
        "vendor": ["OpenAI API", "Vercel", "OpenAI API", "Vercel"],
        "service": ["", "", "", ""],
        "amount_usd": [14_200.0, 20.0, 11_000.0, 20.0],
        "quantity": [None] * 4,
        "unit": [""] * 4,
        "currency": ["USD"] * 4,
        "amount": [14_200.0, 20.0, 11_000.0, 20.0],
        "source": ["test"] * 4,
    }
)
DAU = pd.DataFrame({"month": ["2026-01", "2026-02"], "dau": [12_000.0, 11_000.0]})


@pytest.fixture
def page():
    at = new_app()
    at.session_state["actuals_frame"] = BILLS
    at.session_state["actuals_dau"] = DAU
    at.run()
    at.switch_page("views/actuals.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_without_bills_the_page_says_what_to_do():
    at = new_app().run()
    at.switch_page("views/actuals.py").run()
    assert not at.exception
    assert any("No bills yet" in i.value for i in at.info)


def test_headline_and_table_equal_the_model(page):
    expected = variance(plan_scenario(), BILLS, dau=DAU)
    last = expected[expected["category"] == "total"].iloc[-1]
    shown = metrics(page)
    assert shown["Actual, 2026-02"] == f"${last['actual_usd']:,.0f}"
    assert shown["Planned"] == f"${last['planned_usd']:,.0f}"
    table = page.dataframe[0].value
    assert list(table["Actual (USD)"]) == pytest.approx(list(expected["actual_usd"]))
    assert list(table["Planned (USD)"]) == pytest.approx(list(expected["planned_usd"]))
    data = charts(page)["Actual by category, against the planned total (diamonds)"]
    assert sum(float(df["actual_usd"].sum()) for df in data if "Category" in df.columns) == pytest.approx(
        BILLS["amount_usd"].sum()
    )


def test_reforecast_fitted_drivers_and_use_it(page):
    expected = reforecast(plan_scenario(), BILLS, dau=DAU, last_n=2)
    page.button(key="actuals_compute_refit").click().run()
    fitted = page.dataframe[1].value
    assert list(fitted["Fitted to the bills"]) == pytest.approx([f.fitted_value for f in expected.fitted])
    page.button(key="actuals_use_refit").click().run()
    assert not page.exception
    from ui import state  # noqa: F401

    assert page.session_state["base_label"] == "Re-forecast from the bills"
    assert page.session_state["base"].provenance["ai.price_overrides"].kind == "actuals"


def test_the_reforecast_is_saved_in_the_workspace_as_a_new_version(page, tmp_path, monkeypatch):
    monkeypatch.setenv("SCALING_STORE_URL", f"sqlite:///{tmp_path}/store.sqlite3")
    page.button(key="actuals_compute_refit").click().run()
    page.text_input(key="actuals_save_name").set_value("Budget 2026 re-forecast").run()
    page.button(key="actuals_save_refit").click().run()
    assert not page.exception
    from store.workspace import Store

    _, saved = Store().load("Budget 2026 re-forecast", 1)
    assert saved.provenance["ai.price_overrides"].kind == "actuals"
    assert any("Saved 'Budget 2026 re-forecast' version 1" in s.value for s in page.success)


def test_the_typed_month_form_starts_at_zero_dollars():
    at = new_app().run()
    at.switch_page("views/actuals.py").run()
    typed = [n for n in at.number_input if str(n.key).startswith("hand_")]
    assert typed and all(n.value == 0.0 for n in typed)  # not Streamlit's default of min_value (-1e10)


def test_the_variance_grid_in_won_names_won():
    """In won the grid's money is in won and its headings say so ('Planned (KRW)', not '(USD)' over won figures); the
    cost per actual DAU is converted too."""
    from tests.app.conftest import WON_RATE

    at = new_app()
    at.query_params.update({"lang": "en", "currency": "KRW", "fx_rate": f"{WON_RATE:g}"})
    at.session_state["actuals_frame"] = BILLS
    at.session_state["actuals_dau"] = DAU
    at.run()
    at.switch_page("views/actuals.py").run()
    assert not at.exception, [e.message for e in at.exception]
    expected = variance(plan_scenario(), BILLS, dau=DAU)
    table = at.dataframe[0].value
    assert not [c for c in table.columns if "USD" in c]
    assert list(table["Actual (KRW)"]) == pytest.approx(list(expected["actual_usd"] * WON_RATE), rel=1e-12)
    assert list(table["Planned (KRW)"]) == pytest.approx(list(expected["planned_usd"] * WON_RATE), rel=1e-12)
    per_dau = table["Cost per actual DAU (KRW)"].astype(float)
    want = expected["cost_per_actual_dau_usd"].astype(float) * WON_RATE
    assert list(per_dau.fillna(-1)) == pytest.approx(list(want.fillna(-1)), rel=1e-12)


def test_a_month_typed_in_won_reads_back_in_won_beside_the_plan():
    """With won shown, the typed month's fields are in won; what is typed is converted at the rate shown, so the
    variance grid's actual is what was typed (₩12,000,000 of AI at the test's rate)."""
    from tests.app.conftest import WON_RATE

    at = new_app()
    at.query_params.update({"lang": "en", "currency": "KRW", "fx_rate": f"{WON_RATE:g}"})
    at.run()
    at.switch_page("views/actuals.py").run()
    fields = {str(n.key).split(":")[0]: n for n in at.number_input if str(n.key).startswith("hand_")}
    assert fields["hand_ai"].label == "AI (KRW)" and fields["hand_ai"].value == 0.0
    at.text_input[0].input("2026-01")
    fields["hand_ai"].set_value(12_000_000.0)
    fields["hand_hosting"].set_value(28_000.0)
    next(n for n in at.number_input if n.label == "DAU that month").set_value(12_000)
    next(b for b in at.button if b.label == "Add this month").click()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    bills = at.session_state["actuals_frame"]
    usd = dict(zip(bills["category"], bills["amount_usd"], strict=True))
    assert usd == pytest.approx({"ai": 12_000_000.0 / WON_RATE, "hosting": 28_000.0 / WON_RATE}, rel=1e-15)
    assert set(bills["currency"]) == {"KRW"}
    table = at.dataframe[0].value
    expected = variance(plan_scenario(), bills, dau=at.session_state["actuals_dau"])
    assert list(table["Actual (KRW)"]) == pytest.approx(list(expected["actual_usd"] * WON_RATE), rel=1e-12)
    assert 12_000_000.0 in [round(v, 6) for v in table["Actual (KRW)"]]  # the AI row: what was typed


def test_a_typed_month_with_a_bad_month_says_so_and_keeps_the_page():
    at = new_app().run()
    at.switch_page("views/actuals.py").run()
    at.text_input[0].input("March")
    next(n for n in at.number_input if str(n.key).startswith("hand_ai")).set_value(100.0)
    next(b for b in at.button if b.label == "Add this month").click()
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Month: must be YYYY-MM, e.g. 2026-03."]
    assert "actuals_frame" not in at.session_state
