"""Importers: every month's actual worked by hand from the small bills in conftest.py."""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
from pathlib import Path

import pytest

from actuals.read import (
    ActualsError,
    detect_format,
    ecb_rate,
    read_actuals,
    read_dau,
    read_focus,
    read_mapping,
    read_simple,
)
from model.variance import ACTUAL_COLUMNS
from tests.actuals.conftest import FOCUS_HEADER, FOCUS_ROWS, write_csv

EUR_AT_0_9 = {"EUR": 0.9}  # a typed budget rate: 0.9 EUR per USD, so EUR 90 is $100


def by(frame, month, category):
    rows = frame[(frame["month"] == month) & (frame["category"] == category)]
    return float(rows["amount_usd"].sum())


def test_focus_effective_cost_by_month_and_category(focus_csv):
    f = read_focus(focus_csv, rates=EUR_AT_0_9)
    # January: OpenAI 5,000 + 4,000; Vercel 20; Supabase 25; Upstash 10 (the mapping's provider rule beats 'Databases');
    # AWS: the commitment purchase counts 0 (EffectiveCost), its amortised usage 1,000.
    assert by(f, "2026-01", "ai") == 9000.0
    assert by(f, "2026-01", "hosting") == 20.0
    assert by(f, "2026-01", "database") == 25.0
    assert by(f, "2026-01", "cache") == 10.0
    assert by(f, "2026-01", "compute") == 1000.0
    # February: AWS 1,000 amortised - 50 credit, Hetzner EUR 90 / 0.9 = $100; Vercel's 23:00 New York on 31 January
    # is February in UTC; Twilio is not in the mapping.
    assert by(f, "2026-02", "compute") == pytest.approx(950.0 + 100.0)
    assert by(f, "2026-02", "hosting") == 5.0
    assert by(f, "2026-02", "unmapped") == 7.0
    assert f["amount_usd"].sum() == pytest.approx(10055.0 + 1062.0)
    ai = f[f["category"] == "ai"]
    assert float(ai["quantity"].sum()) == 420_000.0  # 220,000 + 200,000 requests
    assert set(ai["unit"]) == {"Requests"}
    assert set(f.loc[f["category"] == "compute", "vendor"]) == {"AWS", "Hetzner"}


def test_focus_billed_cost_is_the_invoice_view(focus_csv):
    f = read_focus(focus_csv, cost_column="BilledCost", rates=EUR_AT_0_9)
    assert by(f, "2026-01", "compute") == 12000.0  # the purchase billed up front, its usage billed 0
    assert by(f, "2026-02", "compute") == pytest.approx(-50.0 + 100.0)  # the credit, and Hetzner


def test_focus_second_currency_at_the_months_ecb_rate(focus_csv):
    f = read_focus(focus_csv)
    rate = ecb_rate("EUR", dt.date(2026, 2, 28))  # EUR per USD on the month's last day
    from currency_converter import CurrencyConverter

    # 28 February 2026 is a Saturday: the package interpolates between the ECB's Friday and Monday rates.
    assert rate == CurrencyConverter(fallback_on_missing_rate=True).convert(1, "USD", "EUR", date=dt.date(2026, 2, 28))
    assert 0.8 < rate < 0.9
    hetzner = f[f["vendor"] == "Hetzner"]
    assert float(hetzner["amount_usd"].sum()) == pytest.approx(90.0 / rate)
    assert float(hetzner["amount"].sum()) == 90.0


def test_focus_gzip_and_parquet_read_the_same(focus_csv, tmp_path):
    gz = tmp_path / "focus.csv.gz"
    with focus_csv.open("rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    import duckdb

    parquet = tmp_path / "focus.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{focus_csv}', header=true, all_varchar=true)) TO '{parquet}' (FORMAT parquet)")
    plain = read_focus(focus_csv, rates=EUR_AT_0_9)
    for other in (gz, parquet):
        assert detect_format(other) == "focus"
        got = read_actuals(other, rates=EUR_AT_0_9)
        assert got["amount_usd"].sum() == pytest.approx(plain["amount_usd"].sum())
        assert list(got["month"]) == list(plain["month"])


def test_warehouse_query_result_imports_like_the_file(focus_csv, tmp_path):
    """focus_monthly.sql run 'in a warehouse' (here DuckDB over the same rows) and its CSV imported."""
    import duckdb

    from actuals.read import FOCUS_SQL

    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    con.execute(
        f"""CREATE TABLE focus_rows AS SELECT CAST(ChargePeriodStart AS TIMESTAMPTZ) AS ChargePeriodStart, ProviderName,
            ServiceCategory, ServiceName, BillingCurrency, CAST(EffectiveCost AS DOUBLE) AS EffectiveCost,
            TRY_CAST(ConsumedQuantity AS DOUBLE) AS ConsumedQuantity, ConsumedUnit
            FROM read_csv('{focus_csv}', header=true, all_varchar=true)"""
    )
    out = tmp_path / "monthly.csv"
    con.execute(f"COPY ({FOCUS_SQL.read_text()}) TO '{out}' (HEADER, DELIMITER ',')")
    assert detect_format(out) == "focus-monthly"
    monthly = read_actuals(out, rates=EUR_AT_0_9)
    direct = read_focus(focus_csv, rates=EUR_AT_0_9)
    cols = ["month", "category", "vendor", "service", "amount_usd"]
    assert monthly[cols].to_dict("records") == direct[cols].to_dict("records")


def test_openai_costs_export(openai_json):
    f = read_actuals(openai_json)
    assert detect_format(openai_json) == "openai"
    assert by(f, "2026-01", "ai") == pytest.approx(100.5 + 50.25)  # bucket starting 2026-01-30, two line items
    assert by(f, "2026-02", "ai") == 200.0
    assert set(f["vendor"]) == {"OpenAI API"}
    assert set(f["service"]) == {"gpt-4o, input", "gpt-4o, output"}


def test_anthropic_cost_report_amounts_are_cents(anthropic_json):
    f = read_actuals(anthropic_json)
    assert detect_format(anthropic_json) == "anthropic"
    assert by(f, "2026-01", "ai") == pytest.approx((12345.6 + 54.4) / 100)  # "12345.6" USD cents is $123.456
    assert by(f, "2026-02", "ai") == pytest.approx(1.0)
    assert set(f["service"]) == {"claude-sonnet-4", "web_search"}


def test_simple_csv_with_krw_and_the_mapping(tmp_path):
    path = write_csv(
        tmp_path / "bills.csv",
        ["month", "category", "vendor", "amount", "currency"],
        [["2026-01", "cdn", "Naver Cloud", "1300000", "KRW"], ["2026-01", "", "Supabase", "25", "usd"]],
    )
    f = read_simple(path, rates={"KRW": 1300.0})
    assert by(f, "2026-01", "cdn") == 1000.0  # ₩1,300,000 at ₩1,300/$
    assert by(f, "2026-01", "database") == 25.0  # no category: the mapping by vendor


def test_dau_file(tmp_path):
    path = write_csv(tmp_path / "dau.csv", ["month", "dau"], [["2026-02", "11000"], ["2026-01", "12000"]])
    f = read_dau(path)
    assert list(f["month"]) == ["2026-01", "2026-02"] and list(f["dau"]) == [12000.0, 11000.0]


@pytest.mark.parametrize(
    ("header", "rows", "column", "rule"),
    [
        (
            [c for c in FOCUS_HEADER if c != "BillingCurrency"],
            [[v for c, v in zip(FOCUS_HEADER, FOCUS_ROWS[0], strict=True) if c != "BillingCurrency"]],
            "BillingCurrency",
            "required FOCUS column is missing",
        ),
        (FOCUS_HEADER, [[*FOCUS_ROWS[0][:2], "last Tuesday", *FOCUS_ROWS[0][3:]]], "ChargePeriodStart", "must be a date"),
        (FOCUS_HEADER, [[*FOCUS_ROWS[0][:9], "lots", *FOCUS_ROWS[0][10:]]], "EffectiveCost", "must be a number"),
        (FOCUS_HEADER, [[*FOCUS_ROWS[0][:7], "XYZ", *FOCUS_ROWS[0][8:]]], "BillingCurrency", "no exchange rate for 'XYZ'"),
    ],
)
def test_bad_focus_files_name_the_file_column_and_rule(tmp_path, header, rows, column, rule):
    path = write_csv(tmp_path / "bad.csv", header, rows)
    with pytest.raises(ActualsError) as err:
        read_actuals(path, fmt="focus")
    message = str(err.value)
    assert message.startswith(f"{path}: {column}: ") and rule in message
    assert "\n" not in message


def test_unknown_format_and_bad_simple_rows(tmp_path):
    odd = write_csv(tmp_path / "odd.csv", ["when", "how much"], [["x", "1"]])
    with pytest.raises(ActualsError, match="unknown format"):
        read_actuals(odd)
    bad_month = write_csv(
        tmp_path / "m.csv", ["month", "category", "vendor", "amount", "currency"], [["Jan 2026", "ai", "x", "1", "USD"]]
    )
    with pytest.raises(ActualsError, match=r"month: must be YYYY-MM \(got 'Jan 2026' on row 2\)"):
        read_actuals(bad_month)
    bad_cat = write_csv(
        tmp_path / "c.csv", ["month", "category", "vendor", "amount", "currency"], [["2026-01", "gpu", "x", "1", "USD"]]
    )
    with pytest.raises(ActualsError, match="category: must be one of"):
        read_actuals(bad_cat)
    with pytest.raises(ActualsError, match="no such file"):
        read_actuals(tmp_path / "missing.csv")
    not_json = tmp_path / "x.json"
    not_json.write_text('{"hello": 1}')
    with pytest.raises(ActualsError, match="neither OpenAI"):
        read_actuals(not_json)


def test_the_shipped_mapping_is_valid_and_user_mappings_are_checked(tmp_path):
    rules = read_mapping()
    assert rules and all(r.category for r in rules)
    bad = tmp_path / "map.csv"
    bad.write_text("provider,service_category,service_name,category,vendor\nAcme,,,gpus,Acme\n")
    with pytest.raises(ActualsError, match="row 2: category: must be one of"):
        read_mapping(bad)


def test_a_user_mapping_moves_a_service(focus_csv, tmp_path):
    mapping = tmp_path / "map.csv"
    mapping.write_text(
        "provider,service_category,service_name,category,vendor\nTwilio,,,other,Twilio\n"
        + Path("data/actuals/mapping.csv").read_text().split("\n", 1)[1]
    )
    f = read_focus(focus_csv, mapping=read_mapping(mapping), rates=EUR_AT_0_9)
    assert by(f, "2026-02", "other") == 7.0 and by(f, "2026-02", "unmapped") == 0.0


def test_a_typed_month_in_won_is_converted_at_the_rate_shown() -> None:
    from actuals.read import typed_month

    # ₩1,400,000 of AI at ₩1,400 per $1 is $1,000; ₩28,000 of hosting is $20; a zero category is no row
    frame = typed_month(" 2026-03 ", {"ai": 1_400_000.0, "hosting": 28_000.0, "cdn": 0.0}, currency="KRW", rate=1400.0)
    assert list(frame.columns) == list(ACTUAL_COLUMNS)
    assert list(frame["category"]) == ["ai", "hosting"]
    assert list(frame["amount_usd"]) == pytest.approx([1_000.0, 20.0], rel=1e-15)
    assert list(frame["amount"]) == [1_400_000.0, 28_000.0] and set(frame["currency"]) == {"KRW"}
    assert set(frame["month"]) == {"2026-03"}
    # in dollars: the amounts as typed
    assert list(typed_month("2026-03", {"ai": 250.5}).amount_usd) == [250.5]
    assert typed_month("2026-03", {"ai": 0.0}).empty


@pytest.mark.parametrize(
    ("month", "amounts", "rate", "field"),
    [
        ("2026-13", {"ai": 1.0}, 1.0, "month"),
        ("March", {"ai": 1.0}, 1.0, "month"),
        ("2026-03", {"ai": float("nan")}, 1.0, "ai"),
        ("2026-03", {"rent": 5.0}, 1.0, "category"),
        ("2026-03", {"ai": 1.0}, 0.0, "rate"),
    ],
)
def test_a_typed_month_names_what_is_wrong(month: str, amounts: dict, rate: float, field: str) -> None:
    from actuals.read import ActualsError, typed_month

    with pytest.raises(ActualsError) as err:
        typed_month(month, amounts, rate=rate)
    assert err.value.field == field and "typed month" in str(err.value)
