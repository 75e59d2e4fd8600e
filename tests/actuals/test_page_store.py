"""The Actuals page and the workspace store (AppTest): the bills on the page saved as a named set, a stored set picked
and loaded into the page (the page then shows what model.variance computes for it), and the re-forecast computed
on a click, kept while its inputs stay, never recomputed by a slider."""

from __future__ import annotations

import pandas as pd
import pytest

from model import plan_scenario
from model import variance as variance_module
from model.variance import reforecast, variance
from store.workspace import Store
from tests.actuals.test_page import BILLS, DAU
from tests.app.conftest import metrics, new_app


@pytest.fixture
def store_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path}/store.sqlite3"
    monkeypatch.setenv("SCALING_STORE_URL", url)
    return url


@pytest.fixture
def page(store_url):
    at = new_app()
    at.session_state["actuals_frame"] = BILLS
    at.session_state["actuals_dau"] = DAU
    at.run()
    at.switch_page("views/actuals.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_bills_on_the_page_are_saved_as_a_named_set(page, store_url):
    page.text_input(key="actuals_set_name").set_value("Bills Jan-Feb 2026").run()
    page.button(key="actuals_save_set").click().run()
    assert not page.exception
    info, stored = Store(store_url).load_actuals("Bills Jan-Feb 2026")
    # The page's table (typed rows: quantity None) comes back with NaN for the missing quantities.
    pd.testing.assert_frame_equal(stored, BILLS.assign(quantity=BILLS["quantity"].astype(float)), check_dtype=False)
    assert (info.row_count, info.first_month, info.last_month, info.author) == (4, "2026-01", "2026-02", "local")
    assert any("Saved the actuals as “Bills Jan-Feb 2026” (4 rows)" in s.value for s in page.success)
    # Saved once; the same name again is refused in one line and the page keeps its bills.
    page.button(key="actuals_save_set").click().run()
    assert any("already exists" in e.value for e in page.error)
    assert len(page.session_state["actuals_frame"]) == 4 and len(Store(store_url).actuals_sets()) == 1


def test_a_nameless_save_is_refused_and_nothing_is_stored(page, store_url):
    page.button(key="actuals_save_set").click().run()
    assert any("an actuals set needs a name" in e.value for e in page.error)
    assert Store(store_url).actuals_sets() == []


def test_a_stored_set_is_picked_and_the_page_shows_its_variance(store_url):
    other = BILLS.assign(amount_usd=BILLS["amount_usd"] * 2, amount=BILLS["amount"] * 2)
    store = Store(store_url)
    store.save_actuals("Doubled", other, source_file="doubled.csv", fmt="simple", author="ana")
    store.save_actuals("As billed", BILLS, source_file="bills.csv", fmt="simple")
    at = new_app().run()
    at.switch_page("views/actuals.py").run()
    assert any("No bills yet" in i.value for i in at.info)
    pick = at.selectbox(key="actuals_stored_pick")
    assert pick.options[0].startswith("As billed · 2026-01..2026-02 · 4 rows · no DAU · simple · local · ")
    pick.set_value("Doubled").run()
    at.button(key="actuals_load_set").click().run()
    assert not at.exception
    expected = variance(plan_scenario(), store.load_actuals("Doubled")[1])
    last = expected[expected["category"] == "total"].iloc[-1]
    # February: (11,000 + 20) x 2 = $22,040 actual.
    assert last["actual_usd"] == 22_040.0
    assert metrics(at)["Actual, 2026-02"] == f"${last['actual_usd']:,.0f}"
    assert any("Loaded the stored actuals “Doubled” (4 rows)" in s.value for s in at.success)
    # Loaded bills saved under a new name keep the set's file and format.
    at.text_input(key="actuals_set_name").set_value("Doubled, again").run()
    at.button(key="actuals_save_set").click().run()
    again = store.load_actuals("Doubled, again")[0]
    assert (again.source_file, again.format) == ("doubled.csv", "simple")


def test_the_reforecast_is_computed_on_a_click_and_a_slider_does_not_recompute_it(page, monkeypatch):
    calls = []
    real = variance_module.reforecast

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(variance_module, "reforecast", counting)
    page.run()
    assert calls == [] and len(page.dataframe) == 1  # only the variance table until the click
    page.button(key="actuals_compute_refit").click().run()
    expected = reforecast(plan_scenario(), BILLS, dau=DAU, last_n=2)
    assert calls == [1]
    assert list(page.dataframe[1].value["Fitted to the bills"]) == pytest.approx([f.fitted_value for f in expected.fitted])

    page.slider(key="actuals_threshold").set_value(0.25).run()
    assert calls == [1] and len(page.dataframe) == 2  # still shown, not recomputed

    page.number_input(key="actuals_fit_months").set_value(1).run()
    assert calls == [1] and len(page.dataframe) == 1  # fitted on 2 months: no longer the page's re-forecast
    assert any("compute it again" in i.value for i in page.info)
    page.button(key="actuals_compute_refit").click().run()
    one = reforecast(plan_scenario(), BILLS, dau=DAU, last_n=1)
    assert calls == [1, 1]
    assert list(page.dataframe[1].value["Fitted to the bills"]) == pytest.approx([f.fitted_value for f in one.fitted])


def test_no_page_script_has_a_bare_string_streamlit_would_draw():
    """Streamlit's magic draws a bare string expression of a page script (an attribute docstring under a constant
    once put developer notes on the Actuals page); only the module's own docstring is exempt."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    drawn = []
    for path in sorted((root / "views").glob("*.py")):
        body = ast.parse(path.read_text()).body
        for node in body[1:] if body and isinstance(body[0], ast.Expr) else body:
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                drawn.append(f"{path.name}:{node.lineno}")
    assert drawn == []


def test_the_page_shows_no_developer_notes(page):
    assert not any("stored set's format" in m.value or "computed on a click" in m.value for m in page.markdown)
