"""Never a traceback in the app: valid but absurd scenarios and share links render every page; a page that does fail
shows one short line (no stack trace, no server path), is logged, and the sidebar is still drawn."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from model.drivers import drivers_for, field_bounds
from model.formatting import usd
from model.loading import parse_scenario, plan_scenario
from model.overrides import with_overrides
from model.result import evaluate
from tests.app.conftest import literal
from ui.guard import LOG, PAGE_FAILED

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "views").glob("*.py") if not p.name.startswith("_"))
LAZY_TABS = {
    "views/capacity.py": [
        ("capacity_tab", t) for t in ("Upgrade ladder", "Targets and checklists", "Capacity of each level", "Alerts across DAU")
    ],
    "views/economics.py": [
        ("economics_tab", t)
        for t in ("Own model: self-hosted GPUs against the API", "Own model: the business case", "Margin per tier")
    ],
}
"""The pages' lazy tabs (key, English label), each visited in turn, the first last (a page opens on its first)."""
REVENUE = "economics.revenue_usd_per_dau_per_month"


def all_text(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "error", "warning", "info", "exception") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


def huge_scenario_json() -> bytes:
    """The plan with every figure at the schema's edge: each line item 1e10 USD (the Usd bound), 10,000 calls per DAU
    a day of 2,000,000 + 2,000,000 tokens, every capacity 1e-300 (> 0, so valid): utilisation near 1e300 and beyond."""
    data = plan_scenario().model_dump(mode="json")
    for level in data["levels"]:
        for item in level["line_items"]:
            item["usd_per_month"] = 1e10
    data["ai"].update(calls_per_dau_per_day=10_000.0, input_tokens_per_call=2_000_000.0, output_tokens_per_call=2_000_000.0)
    for cap in data["capacity"]["levels"]:
        cap.update(
            redis_memory_gb=1e-300, ai_requests_per_minute=1e-300, ai_tokens_per_minute=1e-300, db_writes_per_second=1e-300
        )
    raw = json.dumps(data).encode()
    parse_scenario(raw, source="huge.json")  # `python -m model validate` calls it valid
    return raw


def test_a_valid_scenario_of_absurd_figures_renders_every_page() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.switch_page("views/scenarios.py").run()
    at.file_uploader(key="scenario_upload").set_value(("huge.json", huge_scenario_json(), "application/json")).run()
    assert not at.error, [e.value for e in at.error]
    from ui.sidebar import GROUP_ORDER, group_key

    for g in GROUP_ORDER:  # every control drawn: a slider must take a 1e10 line item
        at.session_state[group_key(g)] = True
    for page in PAGES:
        at.switch_page(page).run()
        for tab in [None, *LAZY_TABS.get(page, ())]:  # a lazy tab's content is drawn only while it is chosen
            if tab is not None:
                at.session_state[tab[0]] = tab[1]
                at.run()
            assert not at.exception, (page, tab, [e.message[:300] for e in at.exception])
            text = all_text(at)
            assert "Traceback" not in text and PAGE_FAILED.split(",")[0] not in text, (page, tab)
    # Absurd figures are shown in scientific notation: 1e300-ish utilisation, not 300 digits.
    at.switch_page("views/capacity.py").run()
    utilisations = [m.value for m in at.metric]
    assert any("e+" in u for u in utilisations), utilisations
    assert max(len(u) for u in utilisations) < 20, utilisations
    # The headline still equals the model: 10k DAU, level 1 (three line items of 1e10) + AI.
    at.switch_page("views/overview.py").run()
    expected = evaluate(parse_scenario(huge_scenario_json(), source="huge.json")).tiers[0].total_usd
    assert next(m.value for m in at.metric if m.label == "Total / month") == usd(expected)


def test_a_valid_share_link_beyond_a_widgets_old_range_renders_the_page() -> None:
    # Revenue per DAU: the schema allows 0..100,000; the page's box used to stop at 1,000 and raised
    # StreamlitValueAboveMaxError for 5,000.
    assert field_bounds(REVENUE) == (0.0, 100_000.0)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params = {REVENUE: "5000"}
    at.run()
    at.switch_page("views/economics.py").run()
    assert not at.exception, [e.message[:300] for e in at.exception]
    assert not at.sidebar.warning, "5,000 is valid: applied, not refused"
    box = next(n for n in at.number_input if n.label.startswith("Revenue per DAU"))
    assert box.value == 5000.0
    # The first margin: revenue 5,000 x 10,000 DAU = 50,000,000 a month against the plan's $9,055.
    rows = [m.value for m in at.metric if m.label.startswith("Margin at 10k")]
    assert rows and rows[0] != "-"


@pytest.mark.parametrize("edge", ["lowest", "highest"])
def test_every_driver_at_its_schema_bound_draws_its_control(edge: str) -> None:
    """A share link may carry any value the schema accepts: each slider widens its range to show it."""
    plan = plan_scenario()
    params: dict[str, str] = {}
    for d in drivers_for(plan):
        if d.display == "bool":
            continue
        value = getattr(d, edge)
        if d.path.endswith("share_of_calls") or d.path == "reserved_instances.discount":
            continue  # cross-field rules (shares add up to 1; the discount lies in its own low..high): tested elsewhere
        if edge == "lowest" and d.path.endswith(("from_dau", "cost_multiplier")):
            continue  # > 0 (gt) bounds: the bound itself is refused by design
        params[d.path] = json.dumps(int(value) if d.display == "dau" else value)
    with_overrides(plan, {k: json.loads(v) for k, v in params.items()})  # valid: the app must take it
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params = params
    at.run()
    from ui.sidebar import GROUP_ORDER, group_key

    for g in GROUP_ORDER:
        at.session_state[group_key(g)] = True
    at.run()
    assert not at.exception, [e.message[:300] for e in at.exception]
    assert not at.sidebar.warning, [literal(w.value) for w in at.sidebar.warning]
    for d in drivers_for(plan):
        if d.path in params:
            shown = at.slider(key="drv:" + d.path).value
            assert shown == pytest.approx(json.loads(params[d.path])), d.path


@pytest.mark.page_errors_expected
def test_a_page_that_fails_shows_one_line_logs_it_and_keeps_the_sidebar(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import model.views

    def broken(*args, **kwargs):
        raise RuntimeError("boom at /srv/secret/path.py")

    monkeypatch.setattr(model.views, "plan_cost_per_dau_points", broken)  # the Overview page reads it on every run
    caplog.set_level(logging.ERROR, logger=LOG.name)
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception, [e.message[:300] for e in at.exception]  # no stack trace reaches the page
    errors = [e.value for e in at.error]
    assert errors == [PAGE_FAILED.format(where="the Overview page")]
    assert "/srv/secret" not in all_text(at) and "Traceback" not in all_text(at)
    assert any(b.label == "Reset to the plan" for b in at.sidebar.button), "the sidebar is still drawn"
    logged = [r for r in caplog.records if r.name == LOG.name]
    assert logged and "boom" in str(logged[0].exc_info[1])


@pytest.mark.page_errors_expected
def test_an_error_inside_a_fragment_is_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamlit shows a fragment's error itself (ui.guard cannot wrap a fragment rerun); .streamlit/config.toml's
    client.showErrorDetails = "none" makes that a short redacted line, with no message, stack trace or path."""
    import model.views

    def broken(*args, **kwargs):
        raise RuntimeError("boom at /srv/secret/path.py")

    monkeypatch.setattr(model.views, "tier_metrics", broken)  # read inside the Overview's headline fragment
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    shown = [e.message for e in at.exception]
    assert shown and all("/srv/secret" not in m and "boom" not in m for m in shown)
    assert all(not e.stack_trace for e in at.exception)
