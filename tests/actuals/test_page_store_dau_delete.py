"""The Actuals page and a stored set's monthly DAU (saved with the bills, loaded back with them) and deleting a stored
set with a confirm step (AppTest). What the page shows is compared with model.variance for the same inputs."""

from __future__ import annotations

import pandas as pd
import pytest

from model import plan_scenario
from model.formatting import pct
from model.variance import variance
from store.workspace import Store
from tests.actuals.test_page import BILLS, DAU
from tests.app.conftest import metrics, new_app

AT_DAU = "Variance at the actual DAU"


@pytest.fixture
def store_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path}/store.sqlite3"
    monkeypatch.setenv("SCALING_STORE_URL", url)
    return url


def _page(**state):
    at = new_app()
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    at.switch_page("views/actuals.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _at_dau(dau: pd.DataFrame | None) -> str:
    v = variance(plan_scenario(), BILLS, dau=dau)
    last = v[v["category"] == "total"].iloc[-1]["variance_at_actual_dau_pct"]
    return "-" if pd.isna(last) else pct(last, 1)


def test_the_page_saves_its_dau_with_the_bills(store_url):
    at = _page(actuals_frame=BILLS, actuals_dau=DAU)
    at.text_input(key="actuals_set_name").set_value("Jan-Feb").run()
    at.button(key="actuals_save_set").click().run()
    assert not at.exception
    _, _, stored = Store(store_url).load_actuals_with_dau("Jan-Feb")
    pd.testing.assert_frame_equal(stored, DAU, check_dtype=False)
    assert any("It carries the actual DAU of 2 months." in s.value for s in at.success)


def test_loading_a_set_brings_its_dau_and_a_set_without_dau_leaves_none(store_url):
    store = Store(store_url)
    store.save_actuals("With DAU", BILLS, source_file="bills.csv", fmt="simple", dau=DAU)
    store.save_actuals("Bills only", BILLS, source_file="bills.csv", fmt="simple")
    at = _page()
    at.selectbox(key="actuals_stored_pick").set_value("With DAU").run()
    at.button(key="actuals_load_set").click().run()
    assert not at.exception
    expected = _at_dau(DAU)
    assert expected != "-" and metrics(at)[AT_DAU] == expected  # the stored DAU drive the variance at the actual DAU
    pd.testing.assert_frame_equal(at.session_state["actuals_dau"], DAU, check_dtype=False)
    assert any("It carries the actual DAU of 2 months." in s.value for s in at.success)

    # The other set carries no DAU: the page does not keep the first set's DAU under the second set's bills.
    at.selectbox(key="actuals_stored_pick").set_value("Bills only").run()
    at.button(key="actuals_load_set").click().run()
    assert metrics(at)[AT_DAU] == _at_dau(None) == "-"
    assert "actuals_dau" not in at.session_state
    assert any("No actual DAU are stored with it." in s.value for s in at.success)


def test_a_stored_set_is_deleted_after_a_confirm_step(store_url):
    store = Store(store_url)
    store.save_actuals("Keep", BILLS, source_file="a.csv", fmt="simple")
    store.save_actuals("Old bills", BILLS, source_file="b.csv", fmt="simple", dau=DAU)
    at = _page(actuals_frame=BILLS)
    at.selectbox(key="actuals_stored_pick").set_value("Old bills").run()

    # First click: only a question; nothing is deleted yet.
    at.button(key="actuals_delete_set").click().run()
    assert any("Delete the stored actuals “Old bills” for good?" in w.value for w in at.warning)
    assert [i.name for i in store.actuals_sets()] == ["Keep", "Old bills"]

    # Keep them: the question goes, the set stays.
    at.button(key="actuals_delete_cancel").click().run()
    assert not any("for good?" in w.value for w in at.warning)
    assert [i.name for i in store.actuals_sets()] == ["Keep", "Old bills"]

    # Asked for one set, then another is picked: the question does not carry over to it.
    at.button(key="actuals_delete_set").click().run()
    at.selectbox(key="actuals_stored_pick").set_value("Keep").run()
    assert not any("for good?" in w.value for w in at.warning)
    with pytest.raises(KeyError):
        at.button(key="actuals_delete_confirm")

    # Asked and confirmed: the set, its rows and its DAU are gone; the bills on the page stay.
    at.selectbox(key="actuals_stored_pick").set_value("Old bills").run()
    at.button(key="actuals_delete_set").click().run()
    at.button(key="actuals_delete_confirm").click().run()
    assert not at.exception
    assert [i.name for i in store.actuals_sets()] == ["Keep"]
    assert any("Deleted the stored actuals “Old bills”." in s.value for s in at.success)
    assert at.selectbox(key="actuals_stored_pick").options == [
        "Keep · 2026-01..2026-02 · 4 rows · no DAU · simple · local · "
        + store.actuals_sets()[0].imported_at.strftime("%Y-%m-%d %H:%M UTC")
    ]
    assert len(at.session_state["actuals_frame"]) == 4


def test_a_signed_out_session_cannot_delete_a_stored_set(store_url):
    store = Store(store_url)
    store.save_actuals("Bills", BILLS, source_file="a.csv", fmt="simple")
    at = new_app()
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"}
    at.run()
    at.switch_page("views/actuals.py").run()
    at.button(key="actuals_delete_set").click().run()
    at.button(key="actuals_delete_confirm").click().run()
    assert any("Sign in to delete stored actuals." in e.value for e in at.error)
    assert [i.name for i in store.actuals_sets()] == ["Bills"]


@pytest.mark.parametrize(("lang", "with_dau", "without"), [("en", "DAU of 2 months", "no DAU"), ("ko", "DAU 2개월", "DAU 없음")])
def test_the_list_of_stored_sets_says_which_carry_their_dau(store_url, lang, with_dau, without):
    """A set without DAU compares at the plan's DAU only: the list says so before it is loaded."""
    store = Store(store_url)
    store.save_actuals("With DAU", BILLS, source_file="bills.csv", fmt="simple", dau=DAU)
    store.save_actuals("Bills only", BILLS, source_file="bills.csv", fmt="simple")
    at = new_app()
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("views/actuals.py").run()
    assert not at.exception, [e.message for e in at.exception]
    picker = at.selectbox(key="actuals_stored_pick")
    shown = dict(zip(picker.options, ["Bills only", "With DAU"], strict=True))  # listed by name
    # DAU holds 2 months (2026-01, 2026-02): the count is the stored one
    assert [i.dau_months for i in store.actuals_sets()] == [0, len(DAU)] == [0, 2]
    assert [label.split(" · ")[3] for label in shown] == [without, with_dau]
