"""``python -m model store ...`` on SQLite and PostgreSQL (SCALING_STORE_URL): the command line's own ``main`` run
in-process (tests/cli_run.py: a subprocess costs seconds on a shared box); tests/model/test_cli.py proves that
``python -m model`` is that ``main``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from model.loading import load_scenario, plan_scenario, shipped_scenarios
from model.overrides import differences
from tests.cli_run import run_cli

ROOT = Path(__file__).resolve().parents[2]


def run(url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli("store", *args, env={"SCALING_STORE_URL": url}, stdin=stdin)


def ok(url: str, *args: str) -> str:
    proc = run(url, *args)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def refused(url: str, *args: str) -> str:
    proc = run(url, *args)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    return proc.stderr


def test_save_list_show_lock_diff_from_the_command_line(store_url: str, tmp_path: Path) -> None:
    assert "saved 'Budget' version 1" in ok(store_url, "save", "--name", "Budget", "--note", "as planned")
    assert "saved 'Budget' version 2" in ok(store_url, "save", "--name", "Budget", "--scenario", "pessimistic")

    listed = json.loads(ok(store_url, "list", "--format", "json"))
    assert [(r["name"], r["versions"], r["locked_version"]) for r in listed] == [("Budget", 2, None)]
    assert set(listed[0]) == {"name", "versions", "locked_version", "updated_at"}

    # show prints the saved scenario; saved to a file it loads back as the same scenario.
    shown = tmp_path / "v1.json"
    shown.write_text(ok(store_url, "show", "Budget", "--version", "1"))
    assert load_scenario(shown) == plan_scenario()

    pessimistic = load_scenario(shipped_scenarios()["pessimistic"])
    diff = json.loads(ok(store_url, "diff", "Budget", "--from", "1", "--to", "2", "--format", "json"))
    assert {r["field"]: (r["from"], r["to"]) for r in diff} == differences(plan_scenario(), pessimistic)
    assert len(diff) > 0

    assert "locked 'Budget' version 1" in ok(store_url, "lock", "Budget", "--version", "1")
    assert json.loads(ok(store_url, "list", "--format", "json"))[0]["locked_version"] == 1
    assert "version 1 of 'Budget' is locked" in refused(store_url, "delete", "Budget", "--version", "1")
    assert "version 1 of 'Budget' is locked" in refused(store_url, "lock", "Budget", "--version", "1")
    assert "'Budget' has no version 9" in refused(store_url, "show", "Budget", "--version", "9")
    assert "no saved scenario named 'Nope'" in refused(store_url, "diff", "Nope", "--from", "1", "--to", "2")


def test_export_then_import_restores_a_store_from_one_file(store_url: str, tmp_path: Path) -> None:
    ok(store_url, "save", "--name", "Budget")
    ok(store_url, "save", "--name", "Budget", "--scenario", "optimistic")
    ok(store_url, "lock", "Budget", "--version", "2")
    backup = tmp_path / "backup.json"
    assert "1 scenarios, 2 versions" in ok(store_url, "export", "--out", str(backup))

    fresh = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    assert "imported 2 versions (0 already there)" in ok(fresh, "import", str(backup))
    assert json.loads(ok(fresh, "versions", "Budget", "--format", "json")) == json.loads(
        ok(store_url, "versions", "Budget", "--format", "json")
    )
    assert "version 2 of 'Budget' is locked" in refused(fresh, "delete", "Budget", "--version", "2")


def test_bad_input_and_an_unreachable_database_are_one_line_and_exit_2(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    assert "not a store export" in refused(url, "import", str(Path(ROOT, "data/scenarios/plan.json")))
    assert "cannot read" in refused(url, "import", str(tmp_path / "missing.json"))
    assert "no such file" in refused(url, "save", "--name", "x", "--scenario", str(tmp_path / "nope.json"))
    assert "a saved scenario needs a name" in refused(url, "save", "--name", "  ")
    err = refused("postgresql://ci:secret@127.0.0.1:1/x", "list")
    assert "cannot use the database at postgresql://ci:***@127.0.0.1:1/x" in err and "secret" not in err
    proc = run(url, "lock", "Budget", "--version", "0")
    assert proc.returncode == 2 and "version numbers start at 1" in proc.stderr


def test_the_central_parser_registers_the_store(tmp_path: Path) -> None:
    """The central parser registers the store's commands, and a refusal exits 2 with one line."""
    proc = run(f"sqlite:///{tmp_path / 's.sqlite3'}", "show", "Nope")
    assert (proc.returncode, proc.stderr) == (2, "error: store: no saved scenario named 'Nope'\n")
