"""ui.render draws without Altair's schema validation, so every chart every page draws is validated here instead."""

from __future__ import annotations

import json

import pytest

from tests.app.conftest import new_app
from tests.app.test_pages import page_files
from ui import render


@pytest.fixture
def validating(monkeypatch: pytest.MonkeyPatch) -> None:
    # AppTest runs the pages in this process, so they draw through this same module.
    monkeypatch.setattr(render, "VALIDATE", True)


@pytest.mark.parametrize("page", page_files())
def test_every_chart_on_every_page_is_valid_vega_lite(page: str, validating: None) -> None:
    at = new_app().run()
    at.switch_page(page).run()
    # An invalid spec raises altair's SchemaValidationError inside the page, which AppTest records as an exception.
    assert not at.exception, [e.message for e in at.exception]
    for el in at.get("vega_lite_chart"):
        spec = json.loads(el.proto.spec)
        assert "datasets" not in spec or not spec["datasets"], "the data travels as Arrow beside the spec, not inside it"
        assert el.proto.datasets, "every chart carries its data"


def test_an_invalid_chart_is_caught_when_validating(validating: None) -> None:
    import altair as alt
    import pandas as pd

    bad = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x=alt.X("x:Q"))
    bad.mark = "no-such-mark"  # attribute assignment is not checked; only to_dict(validate=True) can catch it
    with pytest.raises(alt.utils.schemapi.SchemaValidationError):
        render.chart_spec(bad)
    render.VALIDATE = False  # the fixture restores it anyway; without validation the bad spec goes through
    assert render.chart_spec(bad)["mark"] == {"type": "no-such-mark"}


def test_a_two_part_spec_keeps_its_layout_when_only_the_data_moves() -> None:
    """The layout is built once per layout arguments: an equal frame gives the same spec; a changed alert changes the
    dataset the spec carries and nothing else, so the browser swaps the data into the chart it has."""
    import pandas as pd

    from ui import capacity_charts as cc

    runs = pd.DataFrame(
        {
            "resource": ["db_connections"],
            "label": ["Database connections"],
            "short": ["DB connections"],
            "from_dau": [1_000],
            "to_dau": [2_000_001],
            "alert": ["ok"],
            "levels": ["1-5"],
        }
    )
    first = render.two_part_spec(cc.alert_strip_chart, (runs,), {})
    assert first == render.chart_spec(cc.alert_strip_chart(runs)) | {"data": first["data"], "datasets": first["datasets"]}
    assert render.two_part_spec(cc.alert_strip_chart, (runs.copy(),), {}) == first  # equal content, another frame
    changed = render.two_part_spec(cc.alert_strip_chart, (runs.assign(alert=["critical"]),), {})
    assert changed["datasets"] != first["datasets"]
    assert {k: v for k, v in changed.items() if k != "datasets"} == {k: v for k, v in first.items() if k != "datasets"}
