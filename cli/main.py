"""Command line: ``python -m model COMMAND`` (the parser, the core commands and the runner).

Exit status: 0 done, 2 bad input (one line on stderr naming the file, the
field and the rule; never a traceback), 1 anything else unexpected.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from cli.common import FORMATS, MAX_ERROR, UsageError, cell, render
from model import formatting as fmt
from model.loading import PLAN_SCENARIO, ScenarioError, load_scenario
from model.result import evaluate
from model.safetext import escape_controls, one_line
from model.scenario import MAX_DAU, MIN_DAU, Scenario
from model.settings import EXAMPLE_SETTING


def _tiers(text: str | None) -> list[int] | None:
    if text is None:
        return None
    try:
        tiers = [int(t.replace("_", "").strip()) for t in text.split(",") if t.strip()]
    except ValueError:
        raise UsageError(f"--tiers: expected whole numbers separated by commas, got {text!r}") from None
    if not tiers or any(not MIN_DAU <= t <= MAX_DAU for t in tiers):
        raise UsageError(f"--tiers: every tier must be a DAU from {MIN_DAU:,} to {MAX_DAU:,}")
    if any(b <= a for a, b in itertools.pairwise(tiers)):
        raise UsageError("--tiers: tiers must be in increasing order")
    return tiers


def _scenario(path: str | None, prices: str | None = None) -> Scenario:
    """The scenario file (default: the plan's) with the command's ``--set`` settings and ``--prices`` choice applied."""
    from cli.models import price_choice
    from model.settings import with_settings

    return price_choice(with_settings(load_scenario(path or PLAN_SCENARIO)), prices)


def cmd_summary(args: argparse.Namespace) -> str:
    from cli.currency import fx_from_args, rate_note, table_columns, with_currency
    from cli.upgrades import summary_rows, with_policy

    fx = fx_from_args(args)
    result, rows = summary_rows(with_policy(args, _scenario(args.scenario, args.prices)), _tiers(args.tiers))
    rows = rows if fx is None else [with_currency(r, fx) for r in rows]
    columns: dict[str, Callable[[Any], str]] = {
        "dau": fmt.number,
        "level_name": str,
        "infrastructure_usd": fmt.usd,
        "ai_usd": fmt.usd,
        "cache_savings_usd": fmt.usd,
        "reserved_savings_usd": fmt.usd,
        "total_usd": fmt.usd,
        "cost_per_dau_usd": fmt.usd_cents,
    }
    out = render(rows, args.format, columns if fx is None else table_columns(columns, fx))
    if args.format == "table":
        out += f"\nScenario: {cell(result.scenario_name)}. Prices: {result.price_snapshot.label}.\n"
        out += "" if fx is None else rate_note(fx)
        out += "Cache savings are already in the totals; reserved savings are deducted only if the scenario applies them.\n"
    return out


def cmd_audit(args: argparse.Namespace) -> str:
    result = evaluate(_scenario(args.scenario, args.prices))
    # the English topic and explanation; their templates (topic_text, explanation_text) are for translated pages
    rows = [{k: v for k, v in f.__dict__.items() if not k.endswith("_text")} for f in result.audit]
    if args.only_problems:
        rows = [r for r in rows if r["status"] != "agrees"]

    def num(v: Any) -> str:
        if v is None:
            return "-"
        return f"{v:,.4g}" if abs(v) < 10 else fmt.number(v)

    columns: dict[str, Callable[[Any], str]] = {"status": str, "topic": str, "stated": num, "computed": num, "gap": num}
    out = render(rows, args.format, columns)
    if args.format == "table":
        problems = [r for r in rows if r["status"] != "agrees"]
        out += "\nWhere the figures disagree or had to be implied:\n"
        out += "".join(f"- [{r['status']}] {cell(r['topic'])}: {one_line(r['explanation'], 1000)}\n" for r in problems)
    return out


def _dau(text: str) -> float:
    try:
        value = float(text.replace("_", "").replace(",", "").strip())
    except ValueError:
        raise UsageError(f"--dau: expected a number of daily active users, got {text!r}") from None
    if not MIN_DAU <= value <= MAX_DAU:
        raise UsageError(f"--dau: must be from {MIN_DAU:,} to {MAX_DAU:,} (got {text})")
    return value


def cmd_capacity(args: argparse.Namespace) -> str:
    from cli.upgrades import capacity_rows, with_policy
    from model.capacity import readings_at

    scenario = with_policy(args, _scenario(args.scenario))
    dau = _dau(args.dau)
    try:
        if args.level is None and scenario.upgrades.policy != "as-written":
            rows = capacity_rows(scenario, dau)
        else:
            rows = [r.as_record() for r in readings_at(scenario, dau, level=args.level)]
    except ValueError as exc:
        raise UsageError(f"--level: {exc}") from None
    if args.format != "table":
        return render(rows, args.format)

    def when(v: Any) -> str:
        return "-" if v is None else fmt.number(v)

    columns: dict[str, Callable[[Any], str]] = {
        "label": str,
        "demand": lambda v: fmt.number(v, 1) if v < 1000 else fmt.number(v),
        "capacity": fmt.number,
        "unit": str,
        "utilization": lambda v: fmt.pct(v, 1),
        "alert": str,
        "warning_dau": when,
        "critical_dau": when,
    }
    first = rows[0]
    under = f"level {first['level']}'s plans" + (" (chosen with --level)" if first["forced_level"] else " (in force at this DAU)")
    if args.level is None and scenario.upgrades.policy != "as-written":
        under = "the just-in-time plans (column level: whose plan each resource runs on)"
    out = f"Capacity at {fmt.number(dau)} DAU under {under}: {cell(first['level_name'])}\n\n"
    out += render(rows, "table", columns)
    out += "\nAlert when utilisation is strictly above the warning / critical threshold. warning_dau / critical_dau: "
    jit = args.level is None and scenario.upgrades.policy != "as-written"
    out += "first DAU past the threshold " + (
        "under these capacities.\n" if first["forced_level"] or jit else "under the plan's levels.\n"
    )
    return out


def cmd_validate(args: argparse.Namespace) -> str:
    scenario = load_scenario(args.file)
    return f"{cell(args.file)}: valid scenario '{cell(scenario.name)}' ({len(scenario.levels)} levels, {len(scenario.tiers_dau)} tiers)\n"


def cmd_schema(args: argparse.Namespace) -> str:
    from model.schema import schema_text

    text = schema_text()
    if args.out:
        Path(args.out).write_text(text)
        return f"wrote {cell(args.out)}\n"
    return text


def cmd_export(args: argparse.Namespace) -> str:
    """The Excel workbook (the model as live formulas); openpyxl is imported only here, never by model/."""
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"--out: the workbook's file name must end in .xlsx, got {args.out!r}")
    if not out.parent.is_dir():
        raise UsageError(f"--out: no such folder {str(out.parent)!r}")
    from cli.currency import fx_from_args
    from outputs.download import workbook_for

    fx = fx_from_args(args)
    scenario = _scenario(args.scenario)
    bills = None
    if getattr(args, "actuals", None):
        from actuals.read import read_actuals

        bills = read_actuals(Path(args.actuals))
    data = workbook_for(scenario, fx, lang=args.lang, actuals=bills)  # with --currency, an FX input and a switch
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"--out: cannot write {args.out!r}: {exc.strerror}") from None
    return f"wrote {cell(args.out)} ({len(data):,} bytes; scenario '{cell(scenario.name)}')\n"


def _currency_arguments(p: argparse.ArgumentParser) -> None:
    from cli.currency import add_currency_arguments

    add_currency_arguments(p)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m model", description="The scaling cost model, headless.")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str,
        func: Callable[[argparse.Namespace], str],
        help_text: str,
        *,
        formats: bool = True,
        scenario: bool = True,
        settings: bool | None = None,
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if scenario:
            p.add_argument("--scenario", metavar="FILE", help="scenario JSON (default: the plan's)")
        if scenario if settings is None else settings:
            p.add_argument(
                "--set",
                action="append",
                metavar="PATH=VALUE",
                help=f"change one setting, validated like a share link (repeatable), e.g. {EXAMPLE_SETTING}",
            )
        if formats:
            p.add_argument("--format", choices=FORMATS, default="table")
        p.set_defaults(func=func)
        return p

    p = summary = add("summary", cmd_summary, "Monthly cost per DAU tier.")
    p.add_argument("--tiers", metavar="N,N,...", help="DAU tiers (default: the scenario's)")
    _currency_arguments(p)
    from cli.upgrades import add_options as add_upgrade_options

    add_upgrade_options(p)
    p = audit = add("audit", cmd_audit, "The plan's figures recomputed from their parts.")
    p.add_argument("--only-problems", action="store_true", help="list only disagreements and implied figures")
    p = add("capacity", cmd_capacity, "Utilisation and alerts of each resource at one DAU.", formats=True)
    p.add_argument("--dau", required=True, metavar="N", help="daily active users")
    p.add_argument("--level", type=int, metavar="K", help="use level K's capacities instead of the plan in force at N")
    add_upgrade_options(p)
    p = add("validate", cmd_validate, "Check a scenario file.", formats=False, scenario=False)
    p.add_argument("file")
    p = add("schema", cmd_schema, "Print (or write) the scenario JSON Schema.", formats=False, scenario=False)
    p.add_argument("--out", metavar="FILE")
    p = add("export", cmd_export, "Write the Excel workbook: the model as live formulas.", formats=False)
    p.add_argument("--out", required=True, metavar="FILE.xlsx")
    p.add_argument("--actuals", metavar="FILE", help="a bill (any format 'variance' reads): adds the Actuals and Variance sheets")
    _currency_arguments(p)
    p.add_argument("--lang", choices=("en", "ko"), default="en", help="the workbook's labels: English (default) or Korean")
    from cli.analysis import register as register_analysis
    from cli.models import add_price_option
    from cli.models import register as register_models

    register_analysis(add)
    register_models(add)
    add_price_option(summary)
    add_price_option(audit)
    from cli.solve import register as register_solve

    register_solve(add)
    from cli.actuals import register as register_actuals

    register_actuals(add)
    from cli.store import register as register_store

    register_store(add)
    return parser


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one bounded line ('error: ...') and exit 2, like a bad scenario."""

    def error(self, message: str) -> NoReturn:
        _print_error(f"{self.prog}: {message}")
        raise SystemExit(2)


def _print_error(message: str) -> None:
    print(f"error: {one_line(message, MAX_ERROR)}", file=sys.stderr)


def _safe_output(text: str, fmt_name: str | None) -> str:
    """The last guard before the terminal: control characters escaped (CSV keeps the CR, LF and tab it quotes)."""
    return escape_controls(text, keep="\n\r\t" if fmt_name == "csv" else "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from model.settings import parse_settings, settings_in_force

    try:
        # A capacity of 1e-300 makes utilisation overflow to inf: shown as 'inf%' or null, not a numpy warning.
        with (
            np.errstate(over="ignore", divide="ignore", invalid="ignore"),
            settings_in_force(parse_settings(getattr(args, "set", None))),
        ):
            out = args.func(args)
    except (ScenarioError, UsageError) as exc:
        _print_error(str(exc))
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never a traceback: one line naming what failed
        _print_error(f"internal error ({type(exc).__name__}): {exc}")
        return 1
    try:
        sys.stdout.write(_safe_output(out, getattr(args, "format", None)))
        sys.stdout.flush()
    except BrokenPipeError:
        return 0
    return 0


def run() -> None:
    """``python -m model``: run the command line and exit with its status."""
    sys.exit(main())
