"""``python -m model store ...``: save, list, show, lock, diff, export and import saved scenarios; list and delete
stored actuals sets (saved by ``variance``/``reforecast --save-actuals`` and the Actuals page).

Registered by the central parser through ``register(add)`` (one line there). The database is ``SCALING_STORE_URL``
or var/store.sqlite3. Every failure (a locked version written to, a missing name or version, a database that cannot
be reached, a bad backup file) is a ``StoreError``: one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from model.loading import PLAN_SCENARIO, load_scenario, shipped_scenarios
from model.scenario import Scenario
from store.db import StoreError
from store.workspace import Store

Add = Callable[..., argparse.ArgumentParser]
STORE_FORMATS = ("table", "json")


def _version(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a version number such as 1 or 2, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"version numbers start at 1 (got {value})")
    return value


def _scenario(ref: str | None) -> Scenario:
    """A scenario file, a shipped scenario's name ('pessimistic'), or the plan."""
    if ref is None:
        return load_scenario(PLAN_SCENARIO)
    shipped = shipped_scenarios()
    if not Path(ref).exists() and ref in shipped:
        return load_scenario(shipped[ref])
    return load_scenario(ref)


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    if not rows:
        return "(nothing saved yet)\n"
    cells = [columns] + [[_cell(r[c]) for c in columns] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def _cell(value: Any, limit: int = 60) -> str:
    shown = "-" if value is None else " ".join(str(value).split())
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def _out(rows: list[dict[str, Any]], fmt: str, columns: list[str]) -> str:
    return json.dumps(rows, indent=2, default=str) + "\n" if fmt == "json" else _table(rows, columns)


def cmd_save(args: argparse.Namespace) -> str:
    info = Store().save(args.name, _scenario(args.scenario), note=args.note or "")
    return f"saved {info.name!r} version {info.number} (share link: ?s={info.share_id})\n"


def cmd_list(args: argparse.Namespace) -> str:
    rows = [s.as_record() for s in Store().summaries()]
    return _out(rows, args.format, ["name", "versions", "locked_version", "updated_at"])


def cmd_versions(args: argparse.Namespace) -> str:
    rows = [v.as_record() for v in Store().versions(args.name)]
    return _out(rows, args.format, ["version", "created_at", "author", "locked", "locked_by", "share_id", "note"])


def cmd_show(args: argparse.Namespace) -> str:
    raw = Store().raw_json(args.name, args.version)
    return json.dumps(json.loads(raw), indent=2, ensure_ascii=False) + "\n"


def cmd_lock(args: argparse.Namespace) -> str:
    info = Store().lock(args.name, args.version)
    return f"locked {info.name!r} version {info.number}: it can be read and copied, never changed or deleted\n"


def cmd_delete(args: argparse.Namespace) -> str:
    Store().delete(args.name, args.version)
    return f"deleted {args.name!r} version {args.version}\n"


def cmd_diff(args: argparse.Namespace) -> str:
    changed = Store().diff(args.name, args.from_version, args.to_version)
    rows = [{"field": path, "from": a, "to": b} for path, (a, b) in changed.items()]
    if args.format == "table" and not rows:
        return f"versions {args.from_version} and {args.to_version} of {args.name!r} are the same\n"
    return _out(rows, args.format, ["field", "from", "to"])


def cmd_export(args: argparse.Namespace) -> str:
    data = Store().export_data()
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if args.out in (None, "-"):
        return text
    try:
        Path(args.out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"--out: cannot write {args.out!r}: {exc.strerror}") from None
    versions = sum(len(s["versions"]) for s in data["scenarios"])
    return (
        f"wrote {args.out} ({len(data['scenarios'])} scenarios, {versions} versions, {len(data['actuals_sets'])} actuals sets)\n"
    )


def cmd_import(args: argparse.Namespace) -> str:
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"{args.file}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise StoreError(f"{args.file}: not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StoreError(f"{args.file}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    counts = Store().import_backup(data, source=args.file)
    (added, skipped), (sets_added, sets_skipped) = counts["versions"], counts["actuals_sets"]
    return f"imported {added} versions ({skipped} already there), {sets_added} actuals sets ({sets_skipped} already there)\n"


def cmd_actuals(args: argparse.Namespace) -> str:
    rows = [i.as_record() for i in Store().actuals_sets()]
    # dau_months: months of actual DAU stored with the set (0: none), which the variance at the actual DAU needs.
    return _out(rows, args.format, ["name", "months", "rows", "dau_months", "format", "source_file", "author", "imported_at"])


def cmd_delete_actuals(args: argparse.Namespace) -> str:
    Store().delete_actuals(args.name)
    return f"deleted the actuals set {args.name!r}\n"


def register(add: Add) -> None:
    """Add ``store`` and its subcommands to the ``python -m model`` parser."""
    store = add("store", _needs_subcommand, "Saved, versioned scenarios in the team's database.", formats=False, scenario=False)
    sub = store.add_subparsers(dest="store_command", required=True, metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], str], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    p = command("save", cmd_save, "Save a scenario as the next version of NAME (version 1 of a new name).")
    p.add_argument("--name", required=True)
    p.add_argument("--scenario", metavar="FILE", help="scenario JSON or a shipped scenario's name (default: the plan)")
    p.add_argument("--note", metavar="TEXT", default="")
    p = command("list", cmd_list, "Every saved scenario: versions, the locked version, the last save.")
    p.add_argument("--format", choices=STORE_FORMATS, default="table")
    p = command("versions", cmd_versions, "Every version of NAME: when, who, note, lock, share id.")
    p.add_argument("name")
    p.add_argument("--format", choices=STORE_FORMATS, default="table")
    p = command("show", cmd_show, "Print a saved version's scenario JSON (usable as --scenario).")
    p.add_argument("name")
    p.add_argument("--version", type=_version, metavar="K", help="default: the latest")
    p = command("lock", cmd_lock, "Sign version K off as the budget: read and copy only from then on.")
    p.add_argument("name")
    p.add_argument("--version", type=_version, metavar="K", required=True)
    p = command("delete", cmd_delete, "Delete an unlocked version (its number is not reused).")
    p.add_argument("name")
    p.add_argument("--version", type=_version, metavar="K", required=True)
    p = command("diff", cmd_diff, "Every field that differs between two versions of NAME.")
    p.add_argument("name")
    p.add_argument("--from", dest="from_version", type=_version, metavar="K", required=True)
    p.add_argument("--to", dest="to_version", type=_version, metavar="K", required=True)
    p.add_argument("--format", choices=STORE_FORMATS, default="table")
    p = command("export", cmd_export, "Every scenario and version as one JSON file (a backup).")
    p.add_argument("--out", metavar="FILE", help="default: standard output")
    p = command("import", cmd_import, "Restore an export; versions already stored are skipped, conflicts refused.")
    p.add_argument("file", help="the export file, or - for standard input")
    p = command("actuals", cmd_actuals, "Every stored actuals set (variance/reforecast --save-actuals, the Actuals page).")
    p.add_argument("--format", choices=STORE_FORMATS, default="table")
    p = command("delete-actuals", cmd_delete_actuals, "Delete a stored actuals set and its rows.")
    p.add_argument("name")


def _needs_subcommand(args: argparse.Namespace) -> str:  # pragma: no cover - argparse requires a subcommand
    raise StoreError(
        "store: name a command (save, list, versions, show, lock, delete, diff, export, import, actuals, delete-actuals)"
    )
