"""The plan-against-actual commands of ``python -m model``: variance and reforecast.

Registered through ``register(add)`` like the analysis commands. Bills are read by ``actuals.read`` (DuckDB);
the variance and the re-forecast are pure functions of ``model.variance``.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from model import formatting as fmt

Add = Callable[..., argparse.ArgumentParser]


def _usage(message: str) -> Exception:
    from cli.common import UsageError

    return UsageError(message)


def _rates(pairs: list[str] | None) -> dict[str, float]:
    """--fx-rate KRW=1400 (units of the currency per USD), repeatable."""
    out: dict[str, float] = {}
    for pair in pairs or []:
        code, _, value = pair.partition("=")
        code = code.strip().upper()
        try:
            rate = float(value)
        except ValueError:
            raise _usage(f"--fx-rate: expected CODE=UNITS_PER_USD such as KRW=1400, got {pair[:60]!r}") from None
        if len(code) != 3 or not code.isalpha() or not (math.isfinite(rate) and rate > 0):
            raise _usage(f"--fx-rate: expected CODE=UNITS_PER_USD with a positive rate, got {pair[:60]!r}")
        out[code] = rate
    return out


def _inputs(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    from actuals.read import read_dau
    from cli.analysis import resolve_scenario

    if getattr(args, "store_name", None):
        from store.workspace import Store

        # The budget to compare with: a saved version (a locked one is the signed-off budget).
        _, scenario = Store().load(args.store_name, args.version)
    else:
        scenario = resolve_scenario(args.scenario)
    dau = read_dau(Path(args.dau)) if args.dau else None
    actual, stored_dau = _actual(args, dau)
    # --dau wins over the DAU stored with the set; a set stored without DAU compares at the plan's DAU only.
    return scenario, actual, dau if dau is not None else stored_dau


def _actual(args: argparse.Namespace, dau: Any) -> tuple[Any, Any]:
    """The bills and the DAU stored with them: read from --actuals FILE (and stored as --save-actuals NAME with
    the --dau file's months, when given), or a set stored earlier (with the DAU saved with it, or None)."""
    from actuals.read import detect_format, read_actuals, read_mapping

    if bool(args.actuals) == bool(args.stored_actuals):
        raise _usage("give the bills either as --actuals FILE or as --stored-actuals NAME (one of the two)")
    if args.stored_actuals:
        if args.save_actuals:
            raise _usage("--save-actuals stores the bills of --actuals FILE; these are already stored")
        from store.workspace import Store

        _, table, stored_dau = Store().load_actuals_with_dau(args.stored_actuals)
        return table, stored_dau
    mapping = read_mapping(args.mapping) if args.mapping else None
    path = Path(args.actuals)
    actual = read_actuals(
        path, fmt=args.actuals_format, cost_column=args.cost_column, mapping=mapping, rates=_rates(args.fx_rate)
    )
    if args.save_actuals:
        from store.workspace import Store

        kind = detect_format(path) if args.actuals_format == "auto" else args.actuals_format
        Store().save_actuals(args.save_actuals, actual, source_file=path.name, fmt=kind, dau=dau)
    return actual, None


def _bills(args: argparse.Namespace) -> str:
    """Where the bills came from, for the table's heading."""
    if args.stored_actuals:
        return f"the stored actuals {args.stored_actuals!r}"
    return str(args.actuals) + (f", stored as {args.save_actuals!r}" if args.save_actuals else "")


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _records(frame: Any) -> list[dict[str, Any]]:
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _pct(v: Any) -> str:
    return "-" if v is None else fmt.pct(v, 1)


def _render(rows: list[dict[str, Any]], fmt_name: str, columns: dict[str, Callable[[Any], str]] | None = None) -> str:
    from cli.common import render

    return render(rows, fmt_name, columns)


def cmd_variance(args: argparse.Namespace) -> str:
    from model.variance import variance

    if not (0 <= args.threshold <= 10):
        raise _usage(f"--threshold: a share between 0 and 10 (0.1 = 10%), got {args.threshold:g}")
    scenario, actual, dau = _inputs(args)
    rows = _records(variance(scenario, actual, dau=dau, threshold=args.threshold, only_billed=args.only_billed))
    if args.format != "table":
        return _render(rows, args.format)
    columns: dict[str, Callable[[Any], str]] = {
        "month": str,
        "category": str,
        "planned_usd": fmt.usd,
        "actual_usd": fmt.usd,
        "variance_usd": fmt.usd,
        "variance_pct": _pct,
        "variance_at_actual_dau_pct": _pct,
        "flagged": lambda v: "over threshold" if v else "",
    }
    head = f"Plan ({scenario.name}) against actual ({_bills(args)}); flagged beyond {fmt.pct(args.threshold, 0)}.\n"
    head += "variance_at_actual_dau_pct: against the plan at the month's actual DAU (where a DAU file is given).\n\n"
    return head + _render(rows, "table", columns)


def cmd_reforecast(args: argparse.Namespace) -> str:
    import json

    from model.variance import reforecast

    if not 1 <= args.months <= 120:
        raise _usage(f"--months: between 1 and 120, got {args.months}")
    scenario, actual, dau = _inputs(args)
    try:
        r = reforecast(scenario, actual, dau=dau, last_n=args.months, through=args.through)
    except ValueError as exc:
        raise _usage(f"{'--stored-actuals' if args.stored_actuals else '--actuals'}: {exc}") from None
    saved_note = ""
    if args.save_as:
        from store.workspace import Store

        saved = Store().save(args.save_as, r.scenario, note=f"re-forecast from the bills, {', '.join(r.months_used)}")
        saved_note = f"; saved as {saved.name!r} version {saved.number}"
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() != ".json" or not out.parent.is_dir():
            raise _usage(f"--out: a .json file in an existing folder, got {args.out[:80]!r}")
        out.write_text(r.scenario.model_dump_json(indent=2) + "\n")
    fitted = [
        {"path": f.path, "label": f.label, "plan_value": f.plan_value, "fitted_value": f.fitted_value, "note": f.note}
        for f in r.fitted
    ]
    months = _records(r.months)
    if args.format == "json":
        body = {"months_used": list(r.months_used), "fitted": fitted, "months": months}
        return json.dumps(body | ({"saved": saved_note.removeprefix("; ")} if saved_note else {}), indent=2) + "\n"
    if args.format == "csv":
        return _render(months, "csv")
    out_text = (
        f"Re-forecast of {scenario.name} from {', '.join(r.months_used)} ({_bills(args)})"
        + (f"; wrote {args.out}" if args.out else "")
        + saved_note
        + "\n\n"
    )
    out_text += _render(
        fitted, "table", {"label": str, "plan_value": lambda v: f"{v:,.4g}", "fitted_value": lambda v: f"{v:,.4g}", "note": str}
    )
    out_text += "\n" + _render(months, "table", {"month": str, "kind": str, "total_usd": fmt.usd, "cumulative_usd": fmt.usd})
    return out_text


def _common(p: argparse.ArgumentParser) -> None:
    from actuals.read import COST_COLUMNS, FORMATS

    p.add_argument(
        "--actuals", metavar="FILE", help="a bill: FOCUS (CSV/CSV.gz/Parquet), OpenAI or Anthropic JSON, or the simple CSV"
    )
    p.add_argument(
        "--stored-actuals", metavar="NAME", help="instead of --actuals: a set of actuals stored in the workspace store"
    )
    p.add_argument(
        "--save-actuals", metavar="NAME", help="with --actuals: also store the file's actuals in the workspace as the set NAME"
    )
    p.add_argument("--actuals-format", choices=FORMATS, default="auto")
    p.add_argument(
        "--cost-column", choices=COST_COLUMNS, default="EffectiveCost", help="FOCUS: amortised (default) or invoice view"
    )
    p.add_argument(
        "--mapping", metavar="FILE", help="CSV mapping providers and services to categories (default data/actuals/mapping.csv)"
    )
    p.add_argument(
        "--dau",
        metavar="FILE",
        help="CSV of month, dau: the actual DAU per month (stored with --save-actuals; "
        "with --stored-actuals, used instead of the DAU stored with the set)",
    )
    p.add_argument(
        "--fx-rate", action="append", metavar="CODE=RATE", help="units of a currency per USD, e.g. KRW=1400 (repeatable)"
    )
    p.add_argument("--store-name", metavar="NAME", help="plan from this saved scenario in the workspace store (not --scenario)")
    p.add_argument("--version", type=int, metavar="K", help="with --store-name: this version (default: the latest)")


def register(add: Add) -> None:
    """Add ``variance`` and ``reforecast`` with ``cli.main``'s ``add(name, func, help)``."""
    p = add("variance", cmd_variance, "Plan against actual bills, per month and category, with the variance.")
    _common(p)
    p.add_argument("--threshold", type=float, default=0.10, help="flag a variance beyond this share (default 0.10)")
    p.add_argument("--only-billed", action="store_true", help="compare only the categories the bill carries (one vendor's bill)")
    p = add("reforecast", cmd_reforecast, "Fit the drivers the bills pin down and project actual to date + forecast.")
    _common(p)
    p.add_argument("--months", type=int, default=3, help="fit on the last N months with actuals (default 3)")
    p.add_argument("--through", metavar="YYYY-MM", help="project through this month (default: December of the last actual)")
    p.add_argument("--out", metavar="FILE.json", help="write the re-fitted scenario")
    p.add_argument(
        "--save-as", metavar="NAME", help="save the re-fitted scenario as a new version of NAME in the workspace store"
    )
