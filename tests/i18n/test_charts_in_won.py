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
