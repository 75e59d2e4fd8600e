"""The Workspace page (AppTest): save, save as a new version, open, diff, lock, the ?s= link, identity.

The store is a fresh SQLite file per test (SCALING_STORE_URL); the store itself is tested on both databases in
tests/store/. What a page shows is compared with the model run on the same scenario.
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from model.loading import parse_scenario
from model.overrides import differences, with_overrides
from model.result import evaluate
from model.scenario import Scenario
from store import Store
from tests.app.conftest import new_app
from ui import tables

CALLS = "ai.calls_per_dau_per_day"


@pytest.fixture
def store_url(tmp_path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("SCALING_STORE_URL", url)
    return url


def six_tiers(plan: Scenario) -> tuple[bytes, Scenario]:
    data = plan.model_dump(mode="json")
    data["name"] = "Six tiers"
    data["tiers_dau"] = [*data["tiers_dau"], 2_000_000]  # an extra tier beyond the plan's 1M
    raw = json.dumps(data).encode()
    return raw, parse_scenario(raw, source="six.json")


def workspace(at: AppTest) -> AppTest:
    at.switch_page("views/workspace.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def tier_table_shown(at: AppTest):
    at.switch_page("views/overview.py").run()
    assert not at.exception
    return at.dataframe[0].value


def test_an_upload_with_an_extra_tier_saved_and_opened_by_link_reproduces_every_figure(store_url: str, plan: Scenario) -> None:
    raw, upload = six_tiers(plan)
    at = new_app().run()
    at.switch_page("views/scenarios.py").run()
    at.file_uploader(key="scenario_upload").set_value(("six.json", raw, "application/json")).run()
    at.slider(key="drv:" + CALLS).set_value(2.5).run()
    workspace(at)
    at.text_input(key="ws_new_name").input("Six tiers budget").run()
    at.button(key="ws_save_new").click().run()
    assert not at.exception and not at.error
    assert any("Saved 'Six tiers budget' version 1" in s.value for s in at.success)

    saved = Store(store_url).info("Six tiers budget", 1)
    expected_scenario = with_overrides(upload, {CALLS: 2.5})
    assert Store(store_url).load_shared(saved.share_id)[1] == expected_scenario
    assert dict(at.query_params) == {"s": saved.share_id}  # the slider move is inside the saved version now

    other = new_app()
    other.query_params = {"s": saved.share_id}
    other.run()
    assert not other.exception and not other.warning
    shown = tier_table_shown(other)
    expected = tables.tier_table(evaluate(expected_scenario))
    assert len(shown) == 6  # the 2M tier survived
    assert shown.astype(str).equals(expected.astype(str))


def test_save_as_a_new_version_open_diff_and_lock(store_url: str, plan: Scenario) -> None:
    at = workspace(new_app().run())
    assert any("Nothing saved yet" in c.value for c in at.caption)
    at.text_input(key="ws_new_name").input("Budget").run()
    at.text_input(key="ws_note").input("as planned").run()
    at.button(key="ws_save_new").click().run()
    at.slider(key="drv:" + CALLS).set_value(3.0).run()
    at.button(key="ws_save_version").click().run()
    assert not at.exception and not at.error
    store = Store(store_url)
    assert [v.number for v in store.versions("Budget")] == [1, 2]
    assert store.load("Budget", 2)[1] == with_overrides(plan, {CALLS: 3.0})

    # Diff: from v1 to v2 lists exactly the fields that differ, as the model's differences() does.
    diff = at.dataframe[-1].value
    expected = differences(plan, with_overrides(plan, {CALLS: 3.0}))
    assert list(diff["Setting"]) == list(expected) == [CALLS]
    assert list(diff.columns) == ["Setting", "v1", "v2"]

    # Lock v1, then it is shown locked and the lock button is off for it.
    at.selectbox(key="ws_version:Budget").set_value(1).run()
    at.button(key="ws_lock").click().run()
    assert store.info("Budget", 1).locked_by == "local"
    assert at.button(key="ws_lock").disabled
    versions = at.dataframe[0].value
    assert list(versions["Version"]) == [2, 1] and versions["Locked"].iloc[1].startswith("by local")

    # Open v1: the session's scenario is v1 again (the plan), and the link names v1.
    at.button(key="ws_open").click().run()
    assert not at.exception
    assert dict(at.query_params) == {"s": store.info("Budget", 1).share_id}
    shown = tier_table_shown(at)
    assert shown.astype(str).equals(tables.tier_table(evaluate(plan)).astype(str))


def test_a_refused_save_is_one_line_and_the_scenario_stays(store_url: str, plan: Scenario) -> None:
    Store(store_url).save("Budget", plan)
    at = workspace(new_app().run())
    at.slider(key="drv:" + CALLS).set_value(2.5).run()
    at.text_input(key="ws_new_name").input("Budget").run()
    at.button(key="ws_save_new").click().run()
    assert not at.exception
    assert any("a saved scenario named 'Budget' already exists" in e.value for e in at.error)
    assert json.loads(at.query_params[CALLS]) == 2.5  # the unsaved change is still there
    assert [v.number for v in Store(store_url).versions("Budget")] == [1]


def test_a_share_link_to_nothing_or_an_unreachable_store_is_a_notice_and_the_plan(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = new_app()
    at.query_params = {"s": "zzzzzzzzzz"}
    at.run()
    assert not at.exception
    assert any("no saved version has the share id 'zzzzzzzzzz'" in w.value for w in at.warning)
    assert dict(at.query_params) == {}

    monkeypatch.setenv("SCALING_STORE_URL", "postgresql://ci:secret@127.0.0.1:1/x")
    gone = new_app()
    gone.query_params = {"s": "abcdefghij"}
    gone.run()
    assert not gone.exception
    assert any("cannot use the database" in w.value and "secret" not in w.value for w in gone.warning)
    workspace(gone)
    assert any("cannot be used" in w.value for w in gone.warning)


def test_where_login_is_configured_only_a_signed_in_user_saves_or_locks(store_url: str, plan: Scenario) -> None:
    Store(store_url).save("Budget", plan)
    at = new_app()
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"}
    at.run()
    workspace(at)
    assert any("Sign in to save or lock" in i.value for i in at.info)
    assert at.button(key="ws_save_new").disabled and at.button(key="ws_lock").disabled
    assert [s.name for s in Store(store_url).summaries()] == ["Budget"]


def _save_and_lock_while_signed_out() -> None:
    import streamlit as st

    from ui import state, workspace

    state.init()
    workspace.save("Sneaky", note="", new_name=True)
    st.text(workspace.take_messages()[0])
    workspace.lock("Budget", 1)
    st.text(workspace.take_messages()[0])


def test_the_server_refuses_a_signed_out_save_or_lock_even_if_a_click_gets_through(store_url: str, plan: Scenario) -> None:
    Store(store_url).save("Budget", plan)
    at = AppTest.from_function(_save_and_lock_while_signed_out, default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"}
    at.run()
    assert not at.exception
    assert [t.value for t in at.text] == [
        "store: sign in to save: this deployment records who saves each version",
        "store: sign in to lock: a sign-off records who signed",
    ]
    assert [s.name for s in Store(store_url).summaries()] == ["Budget"] and not Store(store_url).info("Budget", 1).locked


@pytest.mark.parametrize("junk", ["../../etc/passwd", "x" * 5_000, "'; DROP TABLE scenario_versions; --", ""])
def test_a_tampered_s_parameter_is_a_notice_never_an_exception(store_url: str, plan: Scenario, junk: str) -> None:
    Store(store_url).save("Budget", plan)
    at = new_app()
    at.query_params = {"s": junk, CALLS: "2.5"}
    at.run()
    assert not at.exception
    shown = [w.value.replace("\\", "") for w in at.warning]  # notices are Markdown-escaped ("Share link\\: ...")
    assert any("Share link: store:" in w and "share id" in w and len(w) < 400 for w in shown)
    assert json.loads(at.query_params[CALLS]) == 2.5  # the other parameters still apply, on the plan
    assert [v.number for v in Store(store_url).versions("Budget")] == [1]
