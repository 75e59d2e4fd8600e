"""Save, version, lock, diff, share ids, backups: on SQLite and on PostgreSQL (the store_url fixture)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from model.loading import parse_scenario
from model.overrides import with_overrides
from model.scenario import Scenario
from store import LOCAL_AUTHOR, Store, StoreError
from store.tables import ScenarioVersion


def test_every_save_is_a_new_numbered_version_recording_who_when_and_a_note(store_url: str, plan: Scenario) -> None:
    store = Store(store_url)
    first = store.save("Budget 2026", plan, note="the plan as written")
    cheaper = with_overrides(plan, {"ai.calls_per_dau_per_day": 1.5})
    second = store.save("Budget 2026", cheaper, author="ana@example.com")

    assert (first.number, second.number) == (1, 2)
    assert (first.author, second.author) == (LOCAL_AUTHOR, "ana@example.com")
    assert (first.note, second.note) == ("the plan as written", "")
    assert first.created_at <= second.created_at and first.created_at.tzinfo is not None
    assert first.share_id != second.share_id and len(first.share_id) == 10
    # Each version reads back as the scenario that was saved, byte for byte.
    assert store.load("Budget 2026", 1)[1] == plan
    assert store.load("Budget 2026", 2)[1] == cheaper
    assert store.load("Budget 2026")[0].number == 2  # no number: the latest
    assert store.raw_json("Budget 2026", 1) == plan.model_dump_json()
    assert [v.number for v in store.versions("Budget 2026")] == [1, 2]


def test_list_gives_name_version_count_locked_version_and_last_save(store_url: str, plan: Scenario) -> None:
    store = Store(store_url)
    store.save("B", plan)
    store.save("A", plan)
    store.save("A", plan)
    last = store.save("A", plan)
    store.lock("A", 2)
    rows = [s.as_record() for s in store.summaries()]
    assert [(r["name"], r["versions"], r["locked_version"]) for r in rows] == [("A", 3, 2), ("B", 1, None)]
    assert rows[0]["updated_at"] == last.created_at.isoformat()


def test_a_locked_version_can_be_read_and_copied_but_never_changed_or_deleted(store_url: str, plan: Scenario) -> None:
    store = Store(store_url)
    store.save("Budget", plan)
    store.save("Budget", plan)
    locked = store.lock("Budget", 1, author="cfo@example.com")
    assert locked.locked and locked.locked_by == "cfo@example.com"

    with pytest.raises(StoreError, match=r"version 1 of 'Budget' is locked \(signed off by cfo@example.com"):
        store.delete("Budget", 1)
    with pytest.raises(StoreError, match="is locked"):
        store.lock("Budget", 1, author="someone else")  # the sign-off itself cannot be rewritten
    assert store.info("Budget", 1).locked_by == "cfo@example.com"

    # Read and copy: the locked version saved under a new name (or as the next version) is an ordinary version.
    _, scenario = store.load("Budget", 1)
    copy = store.save("Budget (copy)", scenario)
    assert (copy.number, copy.locked) == (1, False)
    # An unlocked version can be deleted; its number is never handed out again.
    store.delete("Budget", 2)
    assert store.save("Budget", plan).number == 3


def test_the_orm_guard_refuses_to_change_a_saved_version_or_unlock_one(store_url: str, plan: Scenario) -> None:
    store = Store(store_url)
    store.save("Budget", plan)
    store.lock("Budget", 1)
    with Session(store.engine) as s:
        row = s.execute(select(ScenarioVersion)).scalar_one()
        row.scenario_json = "{}"
        with pytest.raises(Exception, match="cannot be changed"):
            s.flush()
        s.rollback()
        row = s.execute(select(ScenarioVersion)).scalar_one()
        row.locked_at = None
        with pytest.raises(Exception, match="locked version cannot be changed or unlocked"):
            s.flush()
        s.rollback()
        row = s.execute(select(ScenarioVersion)).scalar_one()
        s.delete(row)
        with pytest.raises(Exception, match="locked version cannot be deleted"):
            s.flush()
    assert store.raw_json("Budget", 1) == plan.model_dump_json()


def test_diff_lists_every_field_that_changed_between_two_versions(store_url: str, plan: Scenario) -> None:
    store = Store(store_url)
    store.save("D", plan)
    # Two changes: calls 2 -> 2.5, and the AI cache's hit rate 0.3 -> 0.4 (the plan's values).
    store.save("D", with_overrides(plan, {"ai.calls_per_dau_per_day": 2.5, "caching.caches.1.hit_rate": 0.4}))
    assert store.diff("D", 1, 2) == {"ai.calls_per_dau_per_day": (2, 2.5), "caching.caches.1.hit_rate": (0.3, 0.4)}
    assert store.diff("D", 2, 2) == {}


def test_an_uploaded_scenario_with_an_extra_tier_survives_the_round_trip(store_url: str, plan: Scenario) -> None:
    data = plan.model_dump(mode="json")
    data["tiers_dau"] = [*data["tiers_dau"], 2_000_000]  # a sixth tier, 2M DAU, beyond the plan's five
    upload = parse_scenario(json.dumps(data), source="upload.json")
    store = Store(store_url)
    saved = store.save("Six tiers", upload)
    _, back = store.load_shared(saved.share_id)
    assert back.tiers_dau == [*plan.tiers_dau, 2_000_000]
    assert back == upload


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.load("nobody"), "no saved scenario named 'nobody'"),
        (lambda s: s.load("Budget", 7), "'Budget' has no version 7"),
        (lambda s: s.lock("Budget", 7), "'Budget' has no version 7"),
        (lambda s: s.diff("Budget", 1, 9), "'Budget' has no version 9"),
        (lambda s: s.load_shared("zzzzzzzzzz"), "no saved version has the share id 'zzzzzzzzzz'"),
        (lambda s: s.load_shared("../etc"), "is not a share id"),
        (lambda s: s.save("   ", None), "a saved scenario needs a name"),
        (lambda s: s.save("x" * 201, None), "at most 200 characters"),
    ],
)
def test_a_missing_name_or_version_is_one_line_naming_it(store_url: str, plan: Scenario, call, message: str) -> None:
    store = Store(store_url)
    store.save("Budget", plan)
    with pytest.raises(StoreError, match=message) as err:
        call(store)
    assert "\n" not in str(err.value) and str(err.value).startswith("store: ")


def test_export_then_import_into_an_empty_store_restores_everything(store_url: str, sqlite_url: str, plan: Scenario) -> None:
    source = Store(store_url)
    source.save("Budget", plan, note="v1")
    source.save("Budget", with_overrides(plan, {"ai.calls_per_dau_per_day": 3}), author="ana")
    source.lock("Budget", 1, author="cfo")
    source.delete("Budget", 2)
    source.save("Budget", plan)  # version 3: 2 was deleted and is never reused
    source.save("Other", plan)
    exported = json.loads(json.dumps(source.export_data()))  # through JSON text, as the file is

    target = Store(sqlite_url if store_url != sqlite_url else sqlite_url.replace("store.sqlite3", "restored.sqlite3"))
    assert target.import_data(exported, source="backup.json") == (3, 0)
    assert target.versions("Budget") == source.versions("Budget")
    assert target.versions("Other") == source.versions("Other")
    assert target.load_shared(source.info("Budget", 3).share_id)[1] == plan
    assert target.save("Budget", plan).number == 4  # the numbering carries on after the highest number ever given
    # Importing the same file again adds nothing.
    assert target.import_data(exported, source="backup.json") == (0, 3)


def test_an_import_that_conflicts_with_what_is_stored_changes_nothing(store_url: str, plan: Scenario) -> None:
    store = Store(store_url)
    store.save("Budget", plan)
    other = Store(store_url.replace("store.sqlite3", "other.sqlite3")) if store_url.startswith("sqlite") else None
    exported = store.export_data()
    exported["scenarios"][0]["versions"][0]["scenario"]["name"] = "Edited"  # same number, different content
    exported["scenarios"].append({"name": "New", "versions": []})
    with pytest.raises(StoreError, match="version 1 of 'Budget' is already stored with different content; nothing was imported"):
        store.import_data(exported, source="backup.json")
    assert [s.name for s in store.summaries()] == ["Budget"]
    assert other is None or other.summaries() == []


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="zip"), "not a store export"),
        (lambda d: d["scenarios"][0]["versions"][0].update(version=0), r"scenarios.0.versions.0.version: must be a whole number"),
        (lambda d: d["scenarios"][0]["versions"][0]["scenario"]["ai"].update(calls_per_dau_per_day=-1), "calls_per_dau_per_day"),
        (lambda d: d["scenarios"][0]["versions"][0].update(locked_at="yesterday"), "is not an ISO date-time"),
    ],
)
def test_a_bad_import_file_is_one_line_naming_the_spot(sqlite_url: str, plan: Scenario, mutate, message: str) -> None:
    store = Store(sqlite_url)
    store.save("Budget", plan)
    data = json.loads(json.dumps(store.export_data()))
    mutate(data)
    with pytest.raises(StoreError, match=message) as err:
        Store(sqlite_url.replace("store.sqlite3", "b.sqlite3")).import_data(data, source="backup.json")
    assert "\n" not in str(err.value)


def test_a_database_that_cannot_be_reached_is_one_line(tmp_path) -> None:
    with pytest.raises(StoreError, match=r"cannot use the database at postgresql://ci:\*\*\*@127.0.0.1:1/x") as err:
        Store("postgresql://ci:secret@127.0.0.1:1/x")
    assert "secret" not in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(StoreError, match="is not a database URL"):
        Store("not a url")


def test_the_sqlite_file_is_created_on_first_use_under_its_folder(tmp_path, plan: Scenario) -> None:
    path = tmp_path / "var" / "deeper" / "store.sqlite3"
    assert not path.parent.exists()
    Store(f"sqlite:///{path}").save("x", plan)
    assert path.exists()
