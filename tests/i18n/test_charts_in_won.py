"""Charts in another currency: the money columns converted once (ui.render), the axes showing the currency's symbol."""

from __future__ import annotations

import pyarrow as pa

from i18n.display import Display, using
from model.fx import FxRate
from model.loading import plan_scenario
from model.result import evaluate
from ui import charts, render

KRW = Display(lang="ko", fx=FxRate("KRW", 1400.0, None, "typed rate"))


def datasets(spec: dict) -> list:
    return [pa.ipc.open_stream(raw).read_pandas() for raw in spec["datasets"].values()]


def test_cost_by_category_in_won():
    frame = evaluate(plan_scenario()).category_frame()
    with using(KRW):
        spec = render.chart_spec(charts.cost_by_category_chart(frame))
    (data,) = datasets(spec)
    # every bar is the model's USD x 1,400 (level 1's AI: $9,000 x 1,400 = ₩12,600,000)
    assert list(data["usd"]) == [v * 1400.0 for v in frame["usd"]]
    assert 12_600_000.0 in set(data["usd"])
    assert spec["config"]["locale"]["number"]["currency"] == ["₩", ""]
    assert spec["title"] == "분류별 월 비용"
    assert spec["encoding"]["y"]["title"] == "월 KRW"
    assert set(data["Category"]) <= {"호스팅", "데이터베이스", "캐시", "컴퓨팅", "CDN", "모니터링", "기타", "AI"}


def test_in_dollars_nothing_is_converted():
    frame = evaluate(plan_scenario()).category_frame()
    with using(Display(lang="en")):
        spec = render.chart_spec(charts.cost_by_category_chart(frame))
    (data,) = datasets(spec)
    assert list(data["usd"]) == list(frame["usd"])
    assert "locale" not in spec.get("config", {})
    assert spec["encoding"]["y"]["title"] == "USD per month"


def test_only_money_columns_are_converted():
    import pandas as pd

    frame = pd.DataFrame({"dau": [10_000], "usd": [1.0], "total_usd": [2.0], "share": [0.5], "usda": [3.0]})
    assert render.money_columns(frame) == ["usd", "total_usd"]


def test_columns_without_usd_in_their_name_are_converted_by_their_builder():
    import pandas as pd

    from ui import analysis_charts

    bands = pd.DataFrame(
        {
            "dau": [10_000.0],
            "cost_per_dau_p10": [0.5],
            "cost_per_dau_p50": [0.9],
            "cost_per_dau_p90": [1.2],
            "deterministic_cost_per_dau_usd": [0.9055],
        }
    )
    with using(KRW):
        spec = render.chart_spec(analysis_charts.band_chart(bands, per_dau=True, budget_usd_per_dau=1.0))
    frames = datasets(spec)
    # P10 $0.50 x 1,400 = ₩700; P90 $1.20 x 1,400 = ₩1,680; the deterministic $0.9055 x 1,400 = ₩1,267.7; budget $1 = ₩1,400
    band = next(f for f in frames if "P10" in f.columns)
    assert list(band["P10"]) == [700.0] and list(band["P90"]) == [1680.0]
    # the deterministic line's column is named as its legend reads, in the session's language
    assert band["결정론적 값"].iloc[0] == 0.9055 * 1400
    budget = next(f for f in frames if "budget" in f.columns)
    assert list(budget["budget"]) == [1400.0]


def test_line_items_chart_converts_usd_per_month():
    frame = evaluate(plan_scenario()).line_item_frame()
    one = frame[frame["dau"] == 10_000]
    with using(KRW):
        spec = render.chart_spec(charts.line_items_chart(one))
    data = datasets(spec)[0]
    # Vercel Pro $20 x 1,400 = ₩28,000, and its label says so
    assert sorted(data["usd_per_month"]) == sorted(v * 1400 for v in one["usd_per_month"])
    assert "₩28,000" in set(data["label"])
