"""The display's share-link parameters in the Streamlit-free codec (ui.sharelink), and chart specs cached per display."""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from i18n.display import Display
from model.fx import FxRate
from model.loading import plan_scenario
from model.result import evaluate
from ui import charts, render, sharelink


def params(**kw):
    base = dict(lang="ko", default_lang="ko", currency="USD", rate=1.0, rate_date=None, latest_date=date(2025, 6, 2))
    return sharelink.display_params(**{**base, **kw})


def test_defaults_carry_nothing():
    assert params() == {}


def test_a_language_other_than_the_default_is_carried():
    assert params(lang="en") == {"lang": "en"}


def test_an_ecb_rate_carries_its_date_unless_it_is_the_latest():
    dated = params(currency="KRW", rate=1376.82809352833, rate_date=date(2025, 1, 2))
    assert dated == {"currency": "KRW", "fx_date": "2025-01-02"}
    # the latest date is left out, so an old link follows the newest rate
    assert params(currency="KRW", rate=1376.0, rate_date=date(2025, 6, 2)) == {"currency": "KRW"}


def test_a_typed_rate_reads_back_as_the_same_float():
    assert params(currency="KRW", rate=1400.0) == {"currency": "KRW", "fx_rate": "1400"}
    # 1/3 is not exact in 6 significant digits (:g gives 0.333333), so the full repr travels
    third = params(currency="EUR", rate=1 / 3)["fx_rate"]
    assert third == repr(1 / 3) and float(third) == 1 / 3


def test_display_parameters_are_not_settings_and_keep_a_link_exact():
    plan = plan_scenario()
    link = sharelink.encode(plan=plan, base=plan, base_stem="plan", overrides={}, current=plan)
    assert link.exact and link.params == {}
    # a receiver ignores lang/currency/fx_* when rebuilding the scenario (they are the display's)
    assert sharelink._receive(plan, {"lang": "en", "currency": "KRW", "fx_rate": "1400"}) == plan
    display, rest = sharelink.split_display({"lang": "en", "fx_date": "2025-06-02", "ai.calls_per_dau_per_day": "2.5"})
    assert display == {"lang": "en", "fx_date": "2025-06-02"}
    assert rest == {"ai.calls_per_dau_per_day": "2.5"}


def test_a_charts_spec_is_per_language_and_currency():
    frame = evaluate(plan_scenario()).category_frame()
    chart = charts.cost_by_category_chart
    usd = render.two_part_spec(chart, (frame,), {}, Display(lang="en"))
    krw = render.two_part_spec(chart, (frame,), {}, Display(lang="ko", fx=FxRate("KRW", 1400.0, None, "typed rate")))
    krw2 = render.two_part_spec(chart, (frame,), {}, Display(lang="ko", fx=FxRate("KRW", 1300.0, None, "typed rate")))

    def bars(spec):
        (raw,) = spec["datasets"].values()
        return list(pa.ipc.open_stream(raw).read_pandas()["usd"])

    # same data, three displays: three specs. Level 1's AI, $9,000: x1,400 = 12,600,000; x1,300 = 11,700,000
    assert 9_000.0 in bars(usd) and 12_600_000.0 in bars(krw) and 11_700_000.0 in bars(krw2)
    assert usd["encoding"]["y"]["title"] == "USD per month" and krw["encoding"]["y"]["title"] == "월 KRW"
