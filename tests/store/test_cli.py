"""``python -m model store ...`` on SQLite and PostgreSQL (SCALING_STORE_URL): the command line's own ``main`` run
in-process (a subprocess costs seconds on a shared box), and one real ``python -m model store`` to prove the wiring."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from model.loading import load_scenario, plan_scenario, shipped_scenarios
from model.overrides import differences

ROOT = Path(__file__).resolve().parents[2]


def run(url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SCALING_STORE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "model", "store", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )


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


def test_python_m_model_store_is_wired_up(tmp_path: Path) -> None:
    """One real process: the central parser registers the store's commands and a refusal exits 2 without a traceback."""
    env = {**os.environ, "SCALING_STORE_URL": f"sqlite:///{tmp_path / 's.sqlite3'}"}
    proc = subprocess.run(
        [sys.executable, "-m", "model", "store", "show", "Nope"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert (proc.returncode, proc.stderr) == (2, "error: store: no saved scenario named 'Nope'\n")
