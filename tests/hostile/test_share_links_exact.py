"""Share links in the app: a link reproduces the view exactly, or the page says it cannot and offers the file."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from model.formatting import usd
from model.loading import plan_scenario
from model.overrides import with_overrides
from model.result import evaluate
from tests.app.conftest import literal
from ui import sharelink

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
SHARE0 = "ai.model_mix.0.share_of_calls"
SHARE1 = "ai.model_mix.1.share_of_calls"


def _with_extra_item() -> bytes:
    data = plan_scenario().model_dump(mode="json")
    data["name"] = "Bigger bill"
    data["levels"][0]["line_items"].append({"vendor": "Extra", "plan": "Big", "category": "other", "usd_per_month": 97_197.0})
    return json.dumps(data).encode()


def test_an_upload_a_link_cannot_carry_says_so_and_offers_the_file() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.switch_page("views/scenarios.py").run()
    at.file_uploader(key="scenario_upload").set_value(("bigger.json", _with_extra_item(), "application/json")).run()
    assert not at.exception and not at.error
    warning = " ".join(literal(w.value) for w in at.main.warning)
    assert "A link cannot show exactly this view" in warning and "levels.0.line_items.3" in warning
    assert not [c for c in at.main.get("code")], "no link is offered"
    assert "exactly this view" not in " ".join(m.value for m in at.main.markdown)  # never the false claim
    assert [b.label for b in at.main.get("download_button") if "to share" in b.label] == ["Download scenario to share (JSON)"]
    assert dict(at.query_params) == {"scenario": sharelink.NOT_IN_LINK}  # the address bar tells a receiver to ask for the file


def test_opening_a_link_to_a_view_that_could_not_travel_says_to_ask_for_the_file() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params = {"scenario": sharelink.NOT_IN_LINK}
    at.run()
    assert not at.exception
    assert any("ask the sender for the scenario file" in literal(w.value) for w in at.sidebar.warning)


def test_an_upload_of_settings_alone_is_an_exact_link() -> None:
    data = plan_scenario().model_dump(mode="json")
    data["ai"]["calls_per_dau_per_day"] = 2.5
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.switch_page("views/scenarios.py").run()
    at.file_uploader(key="scenario_upload").set_value(("mine.json", json.dumps(data).encode(), "application/json")).run()
    assert not at.main.warning
    (code,) = at.main.get("code")
    assert "ai.calls_per_dau_per_day=2.5" in code.proto.code_text
    assert "exactly this view" in " ".join(m.value for m in at.main.markdown)


def test_shares_that_do_not_add_up_are_not_renormalised_silently() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params = {SHARE0: "0.5", SHARE1: "0.9"}
    at.run()
    assert not at.exception
    notices = " ".join(literal(w.value) for w in at.sidebar.warning)
    assert SHARE0 in notices and "could not be kept as given" in notices
    # What is shown is the model with the shares as they stand: share 1 = 0.9, so share 0 = 1 - 0.9 = 0.1.
    expected = evaluate(with_overrides(plan_scenario(), {SHARE0: 0.5, SHARE1: 0.9})).tiers[0].total_usd
    assert next(m.value for m in at.metric if m.label == "Total / month") == usd(expected)
