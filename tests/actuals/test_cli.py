"""``python -m model variance`` and ``reforecast``, called in-process."""

from __future__ import annotations

import json

import pytest

from cli.main import main
from tests.actuals.conftest import write_csv


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def bill(tmp_path):
    return write_csv(
        tmp_path / "bill.csv",
        ["month", "category", "vendor", "amount", "currency"],
        [["2026-01", "ai", "OpenAI", "14200", "USD"]],
    )


@pytest.fixture
def dau(tmp_path):
    return write_csv(tmp_path / "dau.csv", ["month", "dau"], [["2026-01", "12000"]])


def test_variance_json_has_the_documented_keys(capsys, bill, dau):
    code, out, _ = run(capsys, "variance", "--actuals", str(bill), "--dau", str(dau), "--format", "json")
    assert code == 0
    rows = json.loads(out)
    ai = next(r for r in rows if r["category"] == "ai")
    assert {"month", "category", "planned_usd", "actual_usd", "variance_usd", "variance_pct"} <= ai.keys()
    assert ai["variance_at_actual_dau_pct"] == pytest.approx(14_200 / 10_800 - 1)
    assert [r["category"] for r in rows][-1] == "total"


def test_reforecast_writes_the_refitted_scenario(capsys, bill, dau, tmp_path):
    out_file = tmp_path / "refit.json"
    code, out, _ = run(
        capsys,
        "reforecast",
        "--actuals",
        str(bill),
        "--dau",
        str(dau),
        "--months",
        "1",
        "--out",
        str(out_file),
        "--format",
        "json",
    )
    assert code == 0
    body = json.loads(out)
    assert body["months_used"] == ["2026-01"] and body["fitted"][0]["fitted_value"] == pytest.approx(14_200 / 10_800)
    from model import load_scenario

    assert load_scenario(out_file).provenance["ai.price_overrides"].kind == "actuals"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["variance", "--actuals", "/no/such.csv"], "/no/such.csv: no such file"),
        (["variance", "--actuals", "BILL", "--fx-rate", "KRW=-3"], "--fx-rate"),
        (["reforecast", "--actuals", "BILL", "--months", "0"], "--months"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, bill, args, message):
    code, out, err = run(capsys, *[str(bill) if a == "BILL" else a for a in args])
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1


def test_variance_against_a_locked_budget_and_the_reforecast_saved_as_its_next_version(capsys, bill, dau, tmp_path, monkeypatch):
    from model import plan_scenario
    from model.overrides import with_overrides
    from store.workspace import Store

    monkeypatch.setenv("SCALING_STORE_URL", f"sqlite:///{tmp_path}/store.sqlite3")
    store = Store()
    # The signed-off budget: the plan with 10% more AI calls, version 1, locked.
    budget = with_overrides(plan_scenario(), {"ai.calls_per_dau_per_day": 2.2})
    store.save("Budget 2026", budget, note="signed off")
    store.lock("Budget 2026", 1)
    code, out, _ = run(
        capsys, "variance", "--actuals", str(bill), "--store-name", "Budget 2026", "--version", "1", "--format", "json"
    )
    assert code == 0
    ai = next(r for r in json.loads(out) if r["category"] == "ai")
    assert ai["planned_usd"] == pytest.approx(9_000.0 * 1.1)  # the budget's AI at 10k DAU, not the plan's $9,000
    code, out, _ = run(
        capsys,
        "reforecast",
        "--actuals",
        str(bill),
        "--dau",
        str(dau),
        "--months",
        "1",
        "--save-as",
        "Budget 2026",
        "--format",
        "json",
    )
    assert code == 0 and json.loads(out)["saved"] == "saved as 'Budget 2026' version 2"
    info, saved = store.load("Budget 2026", 2)
    assert info.locked is False and saved.provenance["ai.price_overrides"].kind == "actuals"
    code, _, err = run(capsys, "variance", "--actuals", str(bill), "--store-name", "No such budget")
    assert code == 2 and err.count("\n") == 1
