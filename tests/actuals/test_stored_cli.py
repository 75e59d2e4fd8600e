"""``variance``/``reforecast`` with actuals stored in the workspace store (``--save-actuals``, ``--stored-actuals``) and
``store actuals``/``store delete-actuals``, called in-process on a fresh SQLite store."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from actuals.read import read_actuals
from cli.main import main
from tests.actuals.conftest import write_csv


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def fresh_store(tmp_path, monkeypatch):
    monkeypatch.setenv("SCALING_STORE_URL", f"sqlite:///{tmp_path}/store.sqlite3")


@pytest.fixture
def bill(tmp_path):
    return write_csv(
        tmp_path / "bill.csv",
        ["month", "category", "vendor", "amount", "currency"],
        [["2026-01", "ai", "OpenAI", "14200", "USD"], ["2026-01", "hosting", "Vercel", "20", "USD"]],
    )


@pytest.fixture
def dau(tmp_path):
    return write_csv(tmp_path / "dau.csv", ["month", "dau"], [["2026-01", "12000"]])


def test_save_actuals_while_running_then_variance_from_the_stored_set_is_the_same(capsys, bill):
    code, from_file, err = run(capsys, "variance", "--actuals", str(bill), "--save-actuals", "January bills", "--format", "json")
    assert (code, err) == (0, "")
    from store.workspace import Store

    info, stored = Store().load_actuals("January bills")
    assert (info.source_file, info.format, info.row_count, info.author) == ("bill.csv", "simple", 2, "local")
    pd.testing.assert_frame_equal(stored, read_actuals(bill), check_exact=True)

    code, from_store, _ = run(capsys, "variance", "--stored-actuals", "January bills", "--format", "json")
    assert code == 0 and json.loads(from_store) == json.loads(from_file)
    ai = next(r for r in json.loads(from_store) if r["category"] == "ai")
    assert ai["actual_usd"] == 14_200.0  # the stored bill, not a re-read file

    code, table, _ = run(capsys, "variance", "--stored-actuals", "January bills")
    assert code == 0 and "against actual (the stored actuals 'January bills')" in table


def test_reforecast_from_stored_actuals_fits_the_same_drivers(capsys, bill, dau):
    code, _, _ = run(capsys, "reforecast", "--actuals", str(bill), "--save-actuals", "Jan", "--dau", str(dau), "--months", "1")
    assert code == 0
    code, out, _ = run(capsys, "reforecast", "--stored-actuals", "Jan", "--dau", str(dau), "--months", "1", "--format", "json")
    assert code == 0
    body = json.loads(out)
    # AI cost scale: $14,200 billed against the plan's $0.90 per DAU x 12,000 DAU = $10,800 -> 14,200 / 10,800.
    assert body["months_used"] == ["2026-01"] and body["fitted"][0]["fitted_value"] == pytest.approx(14_200 / 10_800)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["variance"], "give the bills either as --actuals FILE or as --stored-actuals NAME"),
        (["variance", "--actuals", "BILL", "--stored-actuals", "Jan"], "either as --actuals FILE or as --stored-actuals"),
        (["variance", "--stored-actuals", "Nope"], "no actuals set named 'Nope'"),
        (["reforecast", "--stored-actuals", "Jan", "--save-actuals", "Again"], "--save-actuals stores the bills of --actuals"),
        (["variance", "--actuals", "BILL", "--save-actuals", "Jan"], "an actuals set named 'Jan' already exists"),
        (["variance", "--actuals", "BILL", "--save-actuals", "  "], "an actuals set needs a name"),
    ],
)
def test_bad_stored_actuals_arguments_are_one_line_and_exit_2(capsys, bill, args, message):
    assert run(capsys, "variance", "--actuals", str(bill), "--save-actuals", "Jan")[0] == 0
    code, out, err = run(capsys, *[str(bill) if a == "BILL" else a for a in args])
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_bad_file_with_save_actuals_stores_nothing(capsys, tmp_path):
    bad = write_csv(
        tmp_path / "bad.csv", ["month", "category", "vendor", "amount", "currency"], [["2026-13", "ai", "x", "1", "USD"]]
    )
    code, _, err = run(capsys, "variance", "--actuals", str(bad), "--save-actuals", "Bad")
    assert code == 2 and "month: must be YYYY-MM" in err
    code, out, _ = run(capsys, "store", "actuals", "--format", "json")
    assert code == 0 and json.loads(out) == []


def test_store_lists_deletes_exports_and_imports_actuals_sets(capsys, bill, tmp_path, monkeypatch):
    run(capsys, "variance", "--actuals", str(bill), "--save-actuals", "Jan")
    code, out, _ = run(capsys, "store", "actuals", "--format", "json")
    assert code == 0
    [row] = json.loads(out)
    assert (row["name"], row["rows"], row["months"], row["format"], row["source_file"]) == (
        "Jan", 2, "2026-01..2026-01", "simple", "bill.csv"
    )  # fmt: skip
    backup = tmp_path / "backup.json"
    code, out, _ = run(capsys, "store", "export", "--out", str(backup))
    assert code == 0 and "0 scenarios, 0 versions, 1 actuals sets" in out

    monkeypatch.setenv("SCALING_STORE_URL", f"sqlite:///{tmp_path}/restored.sqlite3")
    code, out, _ = run(capsys, "store", "import", str(backup))
    assert code == 0 and "imported 0 versions (0 already there), 1 actuals sets (0 already there)" in out
    code, out, _ = run(capsys, "variance", "--stored-actuals", "Jan", "--format", "json")
    assert code == 0 and next(r for r in json.loads(out) if r["category"] == "ai")["actual_usd"] == 14_200.0

    code, out, _ = run(capsys, "store", "delete-actuals", "Jan")
    assert (code, out) == (0, "deleted the actuals set 'Jan'\n")
    code, _, err = run(capsys, "store", "delete-actuals", "Jan")
    assert code == 2 and "no actuals set named 'Jan'" in err


def test_stored_actuals_bring_their_dau_unless_dau_is_given(capsys, bill, dau, tmp_path):
    code, with_dau, _ = run(
        capsys, "variance", "--actuals", str(bill), "--dau", str(dau), "--save-actuals", "Jan", "--format", "json"
    )
    assert code == 0
    from store.workspace import Store

    _, _, stored = Store().load_actuals_with_dau("Jan")
    assert stored is not None and stored.to_dict("records") == [{"month": "2026-01", "dau": 12000.0}]

    # Without --dau the stored DAU is used: the same variance at the actual DAU as the run with the file.
    code, from_store, _ = run(capsys, "variance", "--stored-actuals", "Jan", "--format", "json")
    assert code == 0 and json.loads(from_store) == json.loads(with_dau)
    assert any(r["variance_at_actual_dau_pct"] is not None for r in json.loads(from_store))

    # --dau wins over the stored DAU.
    other = write_csv(tmp_path / "other.csv", ["month", "dau"], [["2026-01", "6000"]])
    code, from_other_file, _ = run(capsys, "variance", "--actuals", str(bill), "--dau", str(other), "--format", "json")
    code2, overridden, _ = run(capsys, "variance", "--stored-actuals", "Jan", "--dau", str(other), "--format", "json")
    assert (code, code2) == (0, 0) and json.loads(overridden) == json.loads(from_other_file) != json.loads(with_dau)

    # A set saved without DAU compares at the plan's DAU only, as the file run without --dau does.
    run(capsys, "variance", "--actuals", str(bill), "--save-actuals", "No DAU")
    code, plain, _ = run(capsys, "variance", "--actuals", str(bill), "--format", "json")
    code2, stored_plain, _ = run(capsys, "variance", "--stored-actuals", "No DAU", "--format", "json")
    assert json.loads(stored_plain) == json.loads(plain)
    assert all(r["variance_at_actual_dau_pct"] is None for r in json.loads(stored_plain))


def test_reforecast_from_a_stored_set_fits_on_its_stored_dau(capsys, bill, dau):
    assert run(capsys, "reforecast", "--actuals", str(bill), "--save-actuals", "Jan", "--dau", str(dau), "--months", "1")[0] == 0
    code, out, _ = run(capsys, "reforecast", "--stored-actuals", "Jan", "--months", "1", "--format", "json")
    assert code == 0
    # AI cost scale at the stored 12,000 DAU: $14,200 / ($0.90 x 12,000 = $10,800).
    assert json.loads(out)["fitted"][0]["fitted_value"] == pytest.approx(14_200 / 10_800)


def test_store_actuals_lists_whether_each_set_carries_its_dau(capsys, bill, dau):
    run(capsys, "variance", "--actuals", str(bill), "--dau", str(dau), "--save-actuals", "With DAU")
    run(capsys, "variance", "--actuals", str(bill), "--save-actuals", "Bills only")
    code, out, _ = run(capsys, "store", "actuals", "--format", "json")
    assert code == 0
    # dau.csv holds one month (2026-01); the other set was saved without --dau
    assert {r["name"]: r["dau_months"] for r in json.loads(out)} == {"Bills only": 0, "With DAU": 1}
    code, table, _ = run(capsys, "store", "actuals")
    assert code == 0
    header, _rule, *rows = table.splitlines()
    assert header.split()[:4] == ["name", "months", "rows", "dau_months"]
    start = header.index("dau_months")
    assert [row[start:].split()[0] for row in rows] == ["0", "1"]  # by name: "Bills only", then "With DAU"
