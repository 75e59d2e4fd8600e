"""The monthly DAU stored with an actuals set, on SQLite and PostgreSQL (the store_url fixture): the DAU file read by
``actuals.read.read_dau`` loads back as the same table, is saved in the set's one transaction (all or nothing), goes
with the set when it is deleted, never changes, and travels with the set through export and import."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from actuals.read import read_actuals, read_dau
from store import Store, StoreError
from store import actuals as stored_actuals
from store.tables import ActualsDau, ActualsRow, ActualsSet
from tests.actuals.conftest import write_csv


@pytest.fixture
def bill(tmp_path: Path) -> pd.DataFrame:
    return read_actuals(
        write_csv(
            tmp_path / "bill.csv",
            ["month", "category", "vendor", "amount", "currency"],
            [["2026-01", "ai", "OpenAI", "14200", "USD"], ["2026-02", "ai", "OpenAI", "15000", "USD"]],
        )
    )


@pytest.fixture
def dau(tmp_path: Path) -> pd.DataFrame:
    # Written out of order with a fractional average: read_dau sorts by month and reads dau as float64.
    return read_dau(write_csv(tmp_path / "dau.csv", ["month", "dau"], [["2026-02", "13000"], ["2026-01", "12000.5"]]))


def _counts(store: Store) -> tuple[int, int, int]:
    with Session(store.engine) as s:
        return tuple(int(s.execute(select(func.count(t.id))).scalar_one()) for t in (ActualsSet, ActualsRow, ActualsDau))  # type: ignore[return-value]


def test_the_dau_saved_with_a_set_loads_back_as_the_table_read_dau_built(
    store_url: str, bill: pd.DataFrame, dau: pd.DataFrame
) -> None:
    store = Store(store_url)
    store.save_actuals("With DAU", bill, source_file="bill.csv", fmt="simple", dau=dau)
    store.save_actuals("Bills only", bill, source_file="bill.csv", fmt="simple")
    info, table, loaded = store.load_actuals_with_dau("With DAU")
    assert loaded is not None
    pd.testing.assert_frame_equal(loaded, dau, check_exact=True)  # month strings, float64, sorted, 0..n-1 index
    assert list(loaded["dau"]) == [12000.5, 13000.0]
    pd.testing.assert_frame_equal(table, bill, check_exact=True)
    assert (info.row_count, info.first_month, info.last_month) == (2, "2026-01", "2026-02")
    assert store.load_actuals("With DAU")[1].equals(table)  # load_actuals still gives the bills alone
    _, _, none = store.load_actuals_with_dau("Bills only")
    assert none is None
    assert _counts(store) == (2, 4, 2)


def test_a_dau_that_fails_in_the_database_stores_nothing_of_the_set(
    store_url: str, bill: pd.DataFrame, dau: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(store_url)
    real = stored_actuals.dau_rows

    def twice_the_same_month(frame, **kw):
        # Past the checks, the same month twice: the database's unique (set, month) refuses the DAU insert after the
        # set's row and both bill rows were written in the same transaction.
        rows = real(frame, **kw)
        return rows + rows[:1]

    monkeypatch.setattr(stored_actuals, "dau_rows", twice_the_same_month)
    with pytest.raises(StoreError, match=r"could not save the actuals set 'Jan' \(nothing was stored\)"):
        store.save_actuals("Jan", bill, source_file="bill.csv", fmt="simple", dau=dau)
    assert _counts(store) == (0, 0, 0)
    monkeypatch.setattr(stored_actuals, "dau_rows", real)
    store.save_actuals("Jan", bill, source_file="bill.csv", fmt="simple", dau=dau)  # the name is still free
    assert _counts(store) == (1, 2, 2)


@pytest.mark.parametrize(
    ("dau", "message"),
    [
        (pd.DataFrame({"month": ["2026-01"]}), "DAU: column 'dau' is missing"),
        (pd.DataFrame({"month": ["2026-1"], "dau": [1.0]}), "DAU: row 1: month must be YYYY-MM"),
        (pd.DataFrame({"month": ["2026-01", "2026-01"], "dau": [1.0, 2.0]}), "DAU: row 2: month 2026-01 is given twice"),
        (pd.DataFrame({"month": ["2026-01", "2026-02"], "dau": [1.0, 0.0]}), "DAU: row 2: dau must be a positive number"),
        (pd.DataFrame({"month": ["2026-01"], "dau": [float("nan")]}), "DAU: row 1: dau must be a positive number"),
        (pd.DataFrame({"month": ["2026-01"], "dau": ["many"]}), "DAU: row 1: dau must be a positive number"),
    ],
)
def test_a_dau_table_that_is_not_monthly_dau_is_refused_in_one_line(
    sqlite_url: str, bill: pd.DataFrame, dau: pd.DataFrame, message: str
) -> None:
    store = Store(sqlite_url)
    with pytest.raises(StoreError, match=message) as err:
        store.save_actuals("Bad", bill, source_file="bill.csv", fmt="simple", dau=dau)
    assert "\n" not in str(err.value)
    assert _counts(store) == (0, 0, 0)


def test_deleting_a_set_deletes_its_dau_and_stored_dau_never_changes(
    store_url: str, bill: pd.DataFrame, dau: pd.DataFrame
) -> None:
    store = Store(store_url)
    store.save_actuals("Jan", bill, source_file="bill.csv", fmt="simple", dau=dau)
    with Session(store.engine) as s:
        s.execute(select(ActualsDau)).scalars().first().dau = 1.0  # type: ignore[union-attr]
        with pytest.raises(Exception, match="a saved actuals set cannot be changed"):
            s.flush()
        s.rollback()
    pd.testing.assert_frame_equal(store.load_actuals_with_dau("Jan")[2], dau)
    store.delete_actuals("Jan")
    assert _counts(store) == (0, 0, 0)


def test_export_and_import_carry_the_dau(store_url: str, bill: pd.DataFrame, dau: pd.DataFrame, tmp_path: Path) -> None:
    store = Store(store_url)
    store.save_actuals("With DAU", bill, source_file="bill.csv", fmt="simple", dau=dau)
    store.save_actuals("Bills only", bill, source_file="bill.csv", fmt="simple")
    backup = json.loads(json.dumps(store.export_data()))
    assert [s["dau"] for s in backup["actuals_sets"]] == [
        [],  # "Bills only" sorts first
        [{"month": "2026-01", "dau": 12000.5}, {"month": "2026-02", "dau": 13000.0}],
    ]
    fresh = Store(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    assert fresh.import_backup(backup, source="backup.json")["actuals_sets"] == (2, 0)
    pd.testing.assert_frame_equal(fresh.load_actuals_with_dau("With DAU")[2], dau, check_exact=True)
    assert fresh.load_actuals_with_dau("Bills only")[2] is None
    assert fresh.import_backup(backup, source="backup.json")["actuals_sets"] == (0, 2)  # the same DAU: already there

    # The same name and rows with other DAU: refused, nothing imported.
    changed = json.loads(json.dumps(backup))
    changed["actuals_sets"][1]["dau"][0]["dau"] = 1.0
    with pytest.raises(StoreError, match="'With DAU' is already stored with different rows or DAU; nothing was imported"):
        fresh.import_backup(changed, source="changed.json")
    # A bad DAU in a backup: one line naming where.
    changed["actuals_sets"][1]["dau"][0]["dau"] = -5
    with pytest.raises(StoreError, match=r"bad.json: actuals_sets.1.dau: row 1: dau must be a positive number"):
        Store(f"sqlite:///{tmp_path / 'bad.sqlite3'}").import_backup(changed, source="bad.json")
    # A backup made before sets carried their DAU (no "dau" key) imports them without DAU.
    old = json.loads(json.dumps(backup))
    for entry in old["actuals_sets"]:
        del entry["dau"]
    older = Store(f"sqlite:///{tmp_path / 'older.sqlite3'}")
    assert older.import_backup(old, source="old.json")["actuals_sets"] == (2, 0)
    assert older.load_actuals_with_dau("With DAU")[2] is None
