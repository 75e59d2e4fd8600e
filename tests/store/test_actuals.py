"""Imported actuals in the workspace store, on SQLite and PostgreSQL (the store_url fixture): a bill read from a file,
saved as a named set and loaded back, is the very table the importer produced; a save is all or nothing; sets never
change; export/import carries them; a database made by migration 0001 upgrades and keeps its scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from actuals.read import read_actuals
from model.scenario import Scenario
from store import Store, StoreError, db
from store import actuals as stored_actuals
from store.tables import ActualsRow, ActualsSet
from tests.actuals.conftest import FOCUS_HEADER, FOCUS_ROWS, openai_pages, write_csv


@pytest.fixture
def focus_table(tmp_path: Path) -> pd.DataFrame:
    # The tests' FOCUS bill: usage, a commitment and its amortised usage, a credit, a EUR line (at a typed 0.9 EUR per
    # USD, so 90 EUR is $100) and a service the mapping does not know: 9 rows, some with a quantity, most without.
    return read_actuals(write_csv(tmp_path / "focus.csv", FOCUS_HEADER, FOCUS_ROWS), rates={"EUR": 0.9})


@pytest.fixture
def simple_table(tmp_path: Path) -> pd.DataFrame:
    # A KRW invoice with an empty vendor (missing text), a negative credit and a quantity on one row only.
    bill = write_csv(
        tmp_path / "bill.csv",
        ["month", "category", "vendor", "amount", "currency", "quantity", "unit"],
        [
            ["2026-01", "ai", "OpenAI", "14200.125", "USD", "220000", "requests"],
            ["2026-01", "hosting", "", "1400000", "KRW", "", ""],
            ["2026-02", "compute", "NHN Cloud", "-70000", "KRW", "", ""],
        ],
    )
    return read_actuals(bill, rates={"KRW": 1400.0})


def _row_count(store: Store) -> int:
    with Session(store.engine) as s:
        return int(s.execute(select(func.count(ActualsRow.id))).scalar_one())


def test_a_bill_saved_and_loaded_back_is_exactly_the_table_the_importer_read(
    store_url: str, focus_table: pd.DataFrame, simple_table: pd.DataFrame, tmp_path: Path
) -> None:
    openai = tmp_path / "openai-costs.json"
    openai.write_text(json.dumps(openai_pages()))
    openai_table = read_actuals(openai)
    store = Store(store_url)
    for name, table, fmt in [
        ("FOCUS Jan-Feb", focus_table, "focus"),
        ("KRW invoices", simple_table, "simple"),
        ("OpenAI", openai_table, "openai"),
    ]:
        info = store.save_actuals(name, table, source_file=f"{name}.csv", fmt=fmt, author="cfo@example.com")
        assert (info.name, info.row_count, info.format, info.author) == (name, len(table), fmt, "cfo@example.com")
        loaded_info, loaded = store.load_actuals(name)
        # Same columns, dtypes (pandas strings, float64), index, order and values, NaN where the bill had no quantity.
        pd.testing.assert_frame_equal(loaded, table, check_exact=True)
        assert loaded_info == info
    assert simple_table["vendor"].isna().sum() == 1 and focus_table["quantity"].isna().sum() == 6  # the missing values
    # 1,400,000 KRW at 1,400 per USD = $1,000; the credit -70,000 / 1,400 = -$50.
    assert list(store.load_actuals("KRW invoices")[1]["amount_usd"]) == [14200.125, 1000.0, -50.0]


def test_sets_are_listed_by_name_with_who_when_what_and_their_months(store_url: str, simple_table: pd.DataFrame) -> None:
    store = Store(store_url)
    store.save_actuals("  Bills   2026 ", simple_table, source_file="bill.csv", fmt="simple")
    store.save_actuals("A typed month", simple_table.head(1), source_file="", fmt="typed", author="ana")
    listed = [i.as_record() for i in store.actuals_sets()]
    assert [(r["name"], r["rows"], r["months"], r["author"], r["format"]) for r in listed] == [
        ("A typed month", 1, "2026-01..2026-01", "ana", "typed"),
        ("Bills 2026", 3, "2026-01..2026-02", "local", "simple"),  # the name as stored: trimmed, one space
    ]
    assert listed[1]["source_file"] == "bill.csv" and "T" in listed[1]["imported_at"]


def test_a_name_is_taken_once_sets_never_change_and_a_deleted_set_is_gone(store_url: str, simple_table: pd.DataFrame) -> None:
    store = Store(store_url)
    store.save_actuals("Bills", simple_table, source_file="bill.csv", fmt="simple")
    with pytest.raises(StoreError, match="an actuals set named 'Bills' already exists"):
        store.save_actuals("Bills", simple_table.head(1), source_file="other.csv", fmt="simple")
    pd.testing.assert_frame_equal(store.load_actuals("Bills")[1], simple_table)  # the first save stands
    # The ORM guard behind the Store: a stored row or set cannot be rewritten.
    with Session(store.engine) as s:
        s.execute(select(ActualsRow)).scalars().first().amount_usd = 1.0  # type: ignore[union-attr]
        with pytest.raises(Exception, match="a saved actuals set cannot be changed"):
            s.flush()
        s.rollback()
    store.delete_actuals("Bills")
    assert store.actuals_sets() == [] and _row_count(store) == 0  # its rows went with it
    with pytest.raises(StoreError, match="no actuals set named 'Bills'"):
        store.load_actuals("Bills")
    with pytest.raises(StoreError, match="no actuals set named 'Bills'"):
        store.delete_actuals("Bills")


def test_a_failure_part_way_through_a_save_stores_nothing(
    store_url: str, focus_table: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(store_url)
    monkeypatch.setattr(stored_actuals, "CHUNK_ROWS", 4)  # 9 rows: chunks of 4, 4 and 1
    real = stored_actuals._insert_chunk
    calls: list[int] = []

    def second_chunk_fails(session, set_id, start, chunk):
        calls.append(start)
        # The second chunk reuses the first chunk's positions: a real constraint violation in the database, after
        # the set's row and 4 rows were already written in the same transaction.
        real(session, set_id, 0 if len(calls) == 2 else start, chunk)

    monkeypatch.setattr(stored_actuals, "_insert_chunk", second_chunk_fails)
    with pytest.raises(StoreError, match=r"could not save the actuals set 'FOCUS' \(nothing was stored\)"):
        store.save_actuals("FOCUS", focus_table, source_file="focus.csv", fmt="focus")
    assert calls == [0, 4]
    assert store.actuals_sets() == [] and _row_count(store) == 0
    monkeypatch.setattr(stored_actuals, "_insert_chunk", real)
    assert store.save_actuals("FOCUS", focus_table, source_file="focus.csv", fmt="focus").row_count == 9  # name still free


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.iloc[0:0], "no rows to save"),
        (lambda t: t.drop(columns=["currency"]), "column 'currency' is missing"),
        (lambda t: t.assign(month=["2026-1", "2026-01", "2026-02"]), "row 1: month must be YYYY-MM"),
        (lambda t: t.assign(category=["ai", "rent", "ai"]), "row 2: category must be one of"),
        (lambda t: t.assign(amount_usd=[1.0, float("inf"), 2.0]), "row 2: amount_usd must be a finite number"),
        (lambda t: t.assign(quantity=["1", "many", None]), "row 2: quantity must be a number"),
    ],
)
def test_a_table_that_is_not_actuals_is_refused_in_one_line(
    sqlite_url: str, simple_table: pd.DataFrame, change, message: str
) -> None:
    store = Store(sqlite_url)
    with pytest.raises(StoreError, match=message) as err:
        store.save_actuals("Bad", change(simple_table), source_file="bill.csv", fmt="simple")
    assert "\n" not in str(err.value)
    with pytest.raises(StoreError, match="an actuals set needs a name"):
        store.save_actuals("   ", simple_table, source_file="bill.csv", fmt="simple")
    with pytest.raises(StoreError, match="format must be one of"):
        store.save_actuals("Bad", simple_table, source_file="bill.csv", fmt="xlsx")
    assert store.actuals_sets() == []


def test_export_and_import_carry_actuals_sets(
    store_url: str, plan: Scenario, focus_table: pd.DataFrame, simple_table: pd.DataFrame, tmp_path: Path
) -> None:
    store = Store(store_url)
    store.save("Budget", plan)
    store.save_actuals("FOCUS", focus_table, source_file="focus.csv", fmt="focus", author="ana")
    store.save_actuals("KRW", simple_table, source_file="bill.csv", fmt="simple")
    backup = json.loads(json.dumps(store.export_data()))  # through JSON text, as `store export` writes it
    assert [s["name"] for s in backup["actuals_sets"]] == ["FOCUS", "KRW"]

    fresh = Store(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    assert fresh.import_backup(backup, source="backup.json") == {"versions": (1, 0), "actuals_sets": (2, 0)}
    for name in ("FOCUS", "KRW"):
        pd.testing.assert_frame_equal(fresh.load_actuals(name)[1], store.load_actuals(name)[1], check_exact=True)
    assert fresh.actuals_sets() == store.actuals_sets()  # name, time, author, file, format, rows, months
    assert fresh.import_backup(backup, source="backup.json") == {"versions": (0, 1), "actuals_sets": (0, 2)}

    # A set of the same name with other rows: refused, and nothing of that import is kept (not even new versions).
    changed = json.loads(json.dumps(backup))
    changed["actuals_sets"][1]["rows"][0]["amount_usd"] = 1.0
    changed["scenarios"][0]["versions"].append({**changed["scenarios"][0]["versions"][0], "version": 2, "share_id": "zzzz"})
    with pytest.raises(
        StoreError, match="the actuals set 'KRW' is already stored with different rows or DAU; nothing was imported"
    ):
        fresh.import_backup(changed, source="changed.json")
    assert [v.number for v in fresh.versions("Budget")] == [1]
    # An export made before actuals were stored (no "actuals_sets") still imports.
    old = {k: v for k, v in backup.items() if k != "actuals_sets"}
    assert Store(f"sqlite:///{tmp_path / 'old.sqlite3'}").import_data(old, source="old.json") == (1, 0)


def _alembic(conn) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def test_a_database_made_by_migration_0001_upgrades_and_keeps_its_scenarios(store_url: str, plan: Scenario) -> None:
    # Build the store as it was before actuals were stored: migration 0001 only, with one saved, locked version.
    url = make_url(store_url)
    if url.get_backend_name() == "sqlite":
        Path(str(url.database)).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    with engine.begin() as conn:
        command.upgrade(_alembic(conn), "0001")
        conn.execute(
            text("INSERT INTO saved_scenarios (id, name, last_number, created_at) VALUES (1, 'Budget', 1, :t)"),
            {"t": "2026-11-01T09:00:00+00:00"},
        )
        conn.execute(
            text(
                "INSERT INTO scenario_versions (scenario_id, number, share_id, scenario_json, note, author, created_at,"
                " locked_at, locked_by) VALUES (1, 1, 'abc123def4', :j, 'signed off', 'cfo', :t, :t, 'cfo')"
            ),
            {"j": plan.model_dump_json(), "t": "2026-11-01T09:00:00+00:00"},
        )
    assert "actuals_sets" not in inspect(engine).get_table_names()
    engine.dispose()

    store = Store(store_url)  # first use migrates to head
    with store.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == "0002"
    assert {"actuals_sets", "actuals_rows", "actuals_dau"} <= set(inspect(store.engine).get_table_names())
    info, scenario = store.load("Budget", 1)
    assert scenario == plan and info.locked_by == "cfo" and info.share_id == "abc123def4"
    row = pd.DataFrame([{"month": "2026-01", "category": "ai", "vendor": "OpenAI API", "service": "", "amount_usd": 14_200.0,
                         "quantity": None, "unit": "", "currency": "USD", "amount": 14_200.0, "source": "typed"}])  # fmt: skip
    assert store.save_actuals("January", row, source_file="", fmt="typed").row_count == 1

    # And back down: 0002's downgrade drops exactly its three tables.
    with store.engine.begin() as conn:
        command.downgrade(_alembic(conn), "0001")
    assert not {"actuals_sets", "actuals_rows", "actuals_dau"} & set(inspect(store.engine).get_table_names())
    assert {"saved_scenarios", "scenario_versions"} <= set(inspect(store.engine).get_table_names())


def test_the_stored_columns_are_the_importers_columns() -> None:
    from actuals.read import ACTUAL_COLUMNS

    assert tuple(ACTUAL_COLUMNS) == stored_actuals.ACTUAL_COLUMNS
    assert set(stored_actuals.TEXT_COLUMNS) | set(stored_actuals.NUMBER_COLUMNS) == set(ACTUAL_COLUMNS)
    assert set(ACTUAL_COLUMNS) <= {c.name for c in ActualsRow.__table__.columns}
    assert ActualsSet.__tablename__ == "actuals_sets"
