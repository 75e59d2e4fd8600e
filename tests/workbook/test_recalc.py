"""The exported workbook, recalculated by LibreOffice, against the model.

Every workbook the tests need is built once and recalculated in one soffice
call (start-up dominates). Inputs are changed by typing into the Assumptions
sheet's scenario columns before saving, as a user would; the expected values
come from the model run on the same changed scenario.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pydantic import ValidationError

from model.analysis.timeline import project
from model.capacity import RESOURCES, utilization_curve
from model.loading import plan_scenario
from model.overrides import with_overrides
from model.prices import library_prices
from model.result import ALL_CATEGORIES, ModelResult, evaluate
from model.rounding import excel_round
from model.scenario import Scenario
from outputs.context import Book
from outputs.report import CATEGORY_HEADERS, SUMMARY_COLUMNS
from outputs.workbook import build_book, default_others
from tests.workbook.wbhelpers import error_cells, input_cell, set_input, values

pytestmark = pytest.mark.libreoffice

HYPERLINK_NAME = '=HYPERLINK("http://x","y")'


@dataclass
class Case:
    book: Book
    expected: Scenario
    """The scenario whose model result the recalculated workbook must show."""
    path: Path | None = None
    recalculated: Path | None = None

    def wb(self) -> openpyxl.Workbook:
        assert self.recalculated is not None
        return values(self.recalculated)


def _changed_inputs() -> tuple[dict[str, Any], dict[str, Any]]:
    """(cell edits on Assumptions by row key, the same changes as scenario overrides)."""
    gpt4o = library_prices("gpt-4o")
    edits = {
        "ai.calls_per_dau_per_day": 2.5,
        "caching.caches.1.hit_rate": 0.45,  # the AI response cache
        "prices.0.output_usd_per_mtok": 12.0,  # gpt-4o output price
        "tiers_dau.2": 250_000,
        "reserved_instances.applied": 1,
        "levels.3.line_items.0.usd_per_month": 15_000,
        "ai.optimisation_phases.1.cost_multiplier": 0.5,
        "ai.own_model.from_dau": 400_000,
        "timeline.growth": "linear",
        "timeline.checklist_lead_months": 6,
        "capacity.levels.1.redis_memory_gb": 20,
        "capacity.redis_gb_per_1k_dau": 0.25,
    }
    overrides = {
        "ai.calls_per_dau_per_day": 2.5,
        "caching.caches.1.hit_rate": 0.45,
        "ai.price_overrides": {
            "gpt-4o": {
                "input_usd_per_mtok": gpt4o.input_usd_per_mtok,
                "cached_input_usd_per_mtok": gpt4o.cached_input_usd_per_mtok,
                "output_usd_per_mtok": 12.0,
            }
        },
        "tiers_dau": [10_000, 50_000, 250_000, 500_000, 1_000_000],
        "reserved_instances.applied": True,
        "levels.3.line_items.0.usd_per_month": 15_000,
        "ai.optimisation_phases.1.cost_multiplier": 0.5,
        "ai.own_model.from_dau": 400_000,
        "timeline.growth": "linear",
        "timeline.checklist_lead_months": 6,
        "capacity.levels.1.redis_memory_gb": 20,
        "capacity.redis_gb_per_1k_dau": 0.25,
    }
    return edits, overrides


def _smaller(plan: Scenario) -> Scenario:
    """A scenario shaped unlike the plan: 3 tiers, one model, one phase, five line items at level 1, one cache fewer."""
    data = plan.model_dump(mode="json")
    data["name"] = "Smaller: three tiers, one model"
    data["tiers_dau"] = [20_000, 200_000, 2_000_000]
    data["levels"][0]["line_items"] += [
        {"vendor": "Sentry", "plan": "Team", "category": "monitoring", "usd_per_month": 26},
        {"vendor": "Grafana", "plan": "Pro", "category": "monitoring", "usd_per_month": 19, "reserved_eligible": True},
    ]
    data["caching"]["caches"] = data["caching"]["caches"][:-1]
    data["ai"]["model_mix"] = [{"model": "gpt-4o-mini", "share_of_calls": 1.0}]
    data["ai"]["optimisation_phases"] = data["ai"]["optimisation_phases"][:1]
    data["ai"]["own_model"]["from_dau"] = 1_500_000
    # Sections keyed by field path (provenance, ranges, ...) may name a removed phase or cache: drop those keys.
    for _ in range(200):
        try:
            return Scenario.model_validate(data)
        except ValidationError as exc:
            found = re.search(r"key '([^']+)' names no field", str(exc))
            if not found:
                raise
            for section in data.values():
                if isinstance(section, dict):
                    section.pop(found.group(1), None)
    raise AssertionError("could not shrink the plan")


@pytest.fixture(scope="module")
def cases(recalc, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:  # type: ignore[no-untyped-def]
    plan = plan_scenario()
    out: dict[str, Case] = {}

    # The plan with the default columns (the plan and every shipped scenario).
    out["plan"] = Case(build_book(plan), plan)

    # Inputs typed into Assumptions.
    edits, overrides = _changed_inputs()
    book = build_book(plan, others={})
    for key, value in edits.items():
        set_input(book, key, value)
    out["edited"] = Case(book, with_overrides(plan, overrides))

    # The drop-down: an alternative exported beside the plan; switched to the plan, and left alone.
    alt = with_overrides(
        plan, {"name": "Alternative: more calls", "ai.calls_per_dau_per_day": 3, "reserved_instances.applied": True}
    )
    out["alt"] = Case(build_book(alt, others={"plan": plan}), alt)
    switched = build_book(alt, others={"plan": plan})
    switched.wb["Assumptions"]["C2"].value = plan.name
    out["switched"] = Case(switched, plan)

    # Scenarios of different shapes share the sheet: the smaller one, and the plan chosen beside it.
    small = _smaller(plan)
    out["small"] = Case(build_book(small, others={"plan": plan}), small)
    small_to_plan = build_book(small, others={"plan": plan})
    small_to_plan.wb["Assumptions"]["C2"].value = plan.name
    out["small_to_plan"] = Case(small_to_plan, plan)

    # Models as a choice: Claude with cache writes and thinking tokens, GPT-5-mini with reasoning tokens, the
    # optimisation phases as levers (tokens saved, routing, batch) and the own model as a business case.
    chosen = with_overrides(
        plan,
        {
            "name": "Models chosen",
            "ai.model_mix": [
                {"model": "claude-sonnet-4-5", "provider": "anthropic", "share_of_calls": 0.5, "reasoning_tokens_per_call": 1000},
                {"model": "gpt-5-mini", "share_of_calls": 0.5, "reasoning_tokens_per_call": 2000},
            ],
            "ai.prompt_cache_write_share_of_input": 0.1,
            "ai.optimisation_phases.0.prompt_tokens_saved": 0.3,
            "ai.optimisation_phases.0.routed_share": 0.2,
            "ai.optimisation_phases.0.routed_model": "gpt-4o-mini",
            "ai.optimisation_phases.1.batch_share": 0.25,
            "ai.own_model.basis": "business_case",
        },
    )
    out["chosen"] = Case(build_book(chosen, others={"plan": plan}), chosen)

    # User text that looks like a formula.
    hostile = with_overrides(plan, {"name": HYPERLINK_NAME, "notes": '=1+1 and "quotes", @SUM(A1)'})
    out["text"] = Case(build_book(hostile, others={"plan": plan}), hostile)

    # Half a cent: 1,450 / 10,000 DAU = 0.145, which Excel rounds to 0.15 (Python's round() gives 0.14).
    halfcent = with_overrides(plan, {"name": "Half a cent", "stated_costs.0.total_usd": 1450})
    out["halfcent"] = Case(build_book(halfcent, others={}), halfcent)

    # Every shipped scenario, picked with the drop-down in the default export.
    for key, shipped in default_others()[0].items():
        if key != "plan":
            book = build_book(plan)
            book.wb["Assumptions"]["C2"].value = shipped.name
            out[f"shipped:{key}"] = Case(book, shipped)

    # A hand-typed number over a formula (the classic spreadsheet error) must trip the checks.
    broken = build_book(plan, others={})
    broken.wb["Calc"][broken.calc_ref("total_usd", 1).split("!")[1].replace("$", "")].value = 45_000
    out["broken"] = Case(broken, plan)

    folder = tmp_path_factory.mktemp("exported")
    for name, case in out.items():
        case.path = folder / f"{name}.xlsx"
        case.book.wb.save(case.path)
    for case, result in zip(out.values(), recalc([c.path for c in out.values()]), strict=True):
        case.recalculated = result
    return out


def _summary_rows(wb: openpyxl.Workbook, book: Book) -> list[dict[str, Any]]:
    ws = wb["Summary"]
    headers = [c.value for c in ws[5]]
    return [
        dict(zip(headers, (c.value for c in ws[book.rows["Summary"][f"tier.{t}"]]), strict=False))
        for t in range(book.counts.tiers)
    ]


def _assert_summary_is_model(wb: openpyxl.Workbook, book: Book, result: ModelResult) -> None:
    rows = _summary_rows(wb, book)
    for t, tier in enumerate(result.tiers):
        row = rows[t]
        assert row["DAU"] == tier.dau
        assert row["Level"] == tier.level_name
        for header, key, _ in SUMMARY_COLUMNS:
            # To the cent, and in fact to float precision.
            assert row[header] == pytest.approx(getattr(tier, key), rel=1e-9, abs=0.005), (tier.dau, header)
    for row in rows[len(result.tiers) :]:
        assert all(row[h] in (None, "") for h in ("DAU", "Infrastructure (USD/month)", "Total (USD/month)")), row


def _assert_categories_are_model(wb: openpyxl.Workbook, book: Book, result: ModelResult) -> None:
    ws = wb["Summary"]
    header_row = next(r for r in range(1, 40) if ws.cell(row=r, column=3).value == CATEGORY_HEADERS["hosting"])
    headers = [c.value for c in ws[header_row]]
    for t, tier in enumerate(result.tiers):
        row = dict(zip(headers, (c.value for c in ws[header_row + 1 + t]), strict=False))
        for cat in ALL_CATEGORIES:
            label = CATEGORY_HEADERS[cat]
            assert row[label] == pytest.approx(tier.by_category_usd[cat], rel=1e-9, abs=0.005), (tier.dau, cat)


@pytest.mark.parametrize("name", ["plan", "edited", "alt", "switched", "small", "small_to_plan", "text", "halfcent", "chosen"])
def test_no_cell_holds_an_error_and_every_check_passes(cases: dict[str, Case], name: str) -> None:
    wb = cases[name].wb()
    assert error_cells(wb) == []
    assert wb["Checks"]["B2"].value == "ALL CHECKS PASS"


def test_summary_equals_the_model_for_the_plan(cases: dict[str, Case]) -> None:
    case = cases["plan"]
    wb = case.wb()
    _assert_summary_is_model(wb, case.book, evaluate(case.expected))
    _assert_categories_are_model(wb, case.book, evaluate(case.expected))
    # By hand, from the plan: 10k DAU = Vercel 20 + Supabase 25 + Redis 10 = 55 of infrastructure + 9,000 of AI = 9,055;
    # 1M DAU = 10,000 + 10,000 + 5,000 + 2,000 = 27,000 + own model 180,000 = 207,000, 0.207 per DAU.
    rows = _summary_rows(wb, case.book)
    assert (rows[0]["Infrastructure (USD/month)"], rows[0]["AI (USD/month)"], rows[0]["Total (USD/month)"]) == pytest.approx(
        (55, 9_000, 9_055)
    )
    assert (rows[4]["Total (USD/month)"], rows[4]["Cost per DAU (USD/DAU/month)"]) == pytest.approx((207_000, 0.207))


def test_changed_inputs_recompute_like_the_model(cases: dict[str, Case]) -> None:
    case = cases["edited"]
    wb = case.wb()
    result = evaluate(case.expected)
    plan = evaluate(plan_scenario())
    # The edits must move the figures (otherwise the comparison proves nothing): every tier's total changes.
    assert all(a.total_usd != pytest.approx(b.total_usd) for a, b in zip(result.tiers, plan.tiers, strict=True))
    _assert_summary_is_model(wb, case.book, result)
    _assert_categories_are_model(wb, case.book, result)
    # The typed values are what the Live column now shows.
    assumptions = wb["Assumptions"]
    assert assumptions[input_cell(case.book, "ai.calls_per_dau_per_day").replace("D", "C")].value == 2.5


def test_the_drop_down_picks_the_scenario(cases: dict[str, Case]) -> None:
    alt, switched = cases["alt"], cases["switched"]
    _assert_summary_is_model(alt.wb(), alt.book, evaluate(alt.expected))
    wb = switched.wb()
    _assert_summary_is_model(wb, switched.book, evaluate(plan_scenario()))
    # ... which is the plan's own cost table (section 6), rounded as the plan rounds.
    rows = _summary_rows(wb, switched.book)
    for row, stated in zip(rows, plan_scenario().stated_costs, strict=True):
        assert row["DAU"] == stated.dau
        assert excel_round(row["Infrastructure (USD/month)"], 0) == stated.infrastructure_usd
        assert excel_round(row["AI (USD/month)"], 0) == stated.ai_usd
        assert excel_round(row["Total (USD/month)"], 0) == stated.total_usd
        assert excel_round(row["Cost per DAU (USD/DAU/month)"], 2) == stated.cost_per_user_usd
    assert wb["Summary"]["B2"].value == plan_scenario().name


def test_scenarios_of_different_shapes(cases: dict[str, Case]) -> None:
    small, to_plan = cases["small"], cases["small_to_plan"]
    assert small.book.counts.tiers == 5 and len(small.expected.tiers_dau) == 3
    assert small.book.counts.items == 5 and small.book.counts.models == 2
    _assert_summary_is_model(small.wb(), small.book, evaluate(small.expected))
    _assert_summary_is_model(to_plan.wb(), to_plan.book, evaluate(plan_scenario()))


def test_user_text_stays_text(cases: dict[str, Case]) -> None:
    case = cases["text"]
    wb = case.wb()
    assert wb["Assumptions"]["D6"].value == HYPERLINK_NAME
    assert wb["Assumptions"]["C2"].value == HYPERLINK_NAME
    assert wb["Assumptions"]["C6"].value == HYPERLINK_NAME  # the Live name, through INDEX
    assert wb["Assumptions"]["D7"].value == '=1+1 and "quotes", @SUM(A1)'
    assert wb["Summary"]["B2"].value == HYPERLINK_NAME
    assert wb["Cover"]["B3"].value == HYPERLINK_NAME
    _assert_summary_is_model(wb, case.book, evaluate(case.expected))
    formulas = openpyxl.load_workbook(case.recalculated)
    assert formulas["Assumptions"]["D6"].data_type == "s"
    assert formulas["Cover"]["B3"].data_type == "s"


def _audit_rows(wb: openpyxl.Workbook) -> dict[str, dict[str, Any]]:
    ws = wb["Audit"]
    out = {}
    for row in ws.iter_rows(min_row=5, values_only=True):
        if row[0] and row[1]:
            out[row[0]] = {"stated": row[2], "computed": row[3], "gap": row[4], "status": row[6]}
    return out


def _workbook_id(finding_id: str, s: Scenario) -> str | None:
    """model/audit.py's id -> the Audit sheet's (rows there are numbered by slot, not by DAU)."""
    dau_slot = {str(r.dau): i + 1 for i, r in enumerate(s.stated_costs)}
    parts = finding_id.split("-")
    if parts[0] == "level" and parts[-1] in ("total", "reduction", "table") and "label" not in finding_id:
        return finding_id
    if parts[0] in ("table", "model"):
        return "-".join([parts[0], str(dau_slot[parts[1]]), *parts[2:]])
    if finding_id.startswith("reading-"):  # the second reading, written as values (outputs/reading.py)
        return finding_id
    if finding_id in ("insight-cost-per-user-change", "dashboard-ai-spend", "caching-ai-effect", "caching-db-effect"):
        return finding_id
    return None


@pytest.mark.parametrize("name", ["plan", "halfcent"])
def test_audit_equals_the_models_audit(cases: dict[str, Case], name: str) -> None:
    case = cases[name]
    sheet = _audit_rows(case.wb())
    findings = evaluate(case.expected).audit
    matched = set()
    for f in findings:
        wid = _workbook_id(f.id, case.expected)
        if wid is None:
            continue
        matched.add(wid)
        row = sheet[wid]
        assert row["stated"] == pytest.approx(f.stated, abs=1e-9), f.id
        assert row["computed"] == pytest.approx(f.computed, rel=1e-9, abs=1e-9), f.id
        assert row["status"] == f.status, f.id
    assert len(matched) >= 40
    # Rows the model has no finding for (e.g. an own-model reduction where a level states only one AI line) say n/a.
    for wid, row in sheet.items():
        if wid not in matched:
            assert row["status"] == "n/a", wid


def test_the_workbook_rounds_as_the_model_does(cases: dict[str, Case]) -> None:
    row = _audit_rows(cases["halfcent"].wb())["table-1-per-user"]
    # 1,450 / 10,000 = 0.145: half a cent, rounded away from zero by ROUND and by model.rounding.excel_round.
    assert row["computed"] == excel_round(1450 / 10_000, 2) == 0.15
    assert round(1450 / 10_000, 2) == 0.14  # what Python's round() would have said


def test_the_charts_render_in_a_pdf(cases: dict[str, Case], recalc) -> None:  # type: ignore[no-untyped-def]
    case = cases["plan"]
    assert case.path is not None
    (pdf,) = recalc([case.path], to="pdf")
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # Every page is numbered in its footer, "Page k of N" (pdftotext separates pages with a form feed).
    pages = text.split("\f")[:-1]
    assert len(pages) > 10
    for k, page in enumerate(pages, start=1):
        assert f"Page {k} of {len(pages)}" in page, k
    for words in (
        "Monthly cost by category per tier",
        "Cost per DAU per tier",
        "USD per month",
        "USD per DAU per month",
        "Hosting",
    ):
        assert words in text, words


def _month(value: Any) -> Any:
    return value.strftime("%Y-%m") if hasattr(value, "strftime") else value


@pytest.mark.parametrize("name", ["plan", "edited", "alt", "switched", "small_to_plan"])
def test_timeline_equals_the_models_projection(cases: dict[str, Case], name: str) -> None:
    _assert_timeline_is_model(cases[name], hand_check=name == "plan")


def _assert_timeline_is_model(case: Case, *, hand_check: bool = False) -> None:
    ws = case.wb()["Timeline"]
    projection = project(case.expected)
    first = case.book.rows["Timeline"]["months.first"]
    headers = [c.value for c in ws[first - 1]]
    assert len(projection.months) == 60  # 2026-01 .. 2030-12 in every case here
    for k, month in projection.months.iterrows():
        row = dict(zip(headers, (c.value for c in ws[first + int(k)]), strict=False))
        assert _month(row["Month"]) == month["month"]
        for header, column in (
            ("DAU", "dau"),
            ("Infrastructure", "infrastructure_usd"),
            ("AI", "ai_usd"),
            ("Total", "total_usd"),
            ("Cumulative", "cumulative_usd"),
            ("Cost per DAU", "cost_per_dau_usd"),
        ):
            assert row[header] == pytest.approx(month[column], rel=1e-9, abs=0.005), (month["month"], header)
    due = {c.level: c for c in projection.checklists}
    for lv, level in enumerate(case.expected.levels):
        cells = [c.value for c in ws[case.book.rows["Timeline"][f"checklist.{lv}"]]]
        if level.number in due:
            assert _month(cells[4]) == (due[level.number].reached_month or "not reached")
            assert _month(cells[5]) == (due[level.number].due_month or "not reached")
        else:
            assert cells[5] == "no checklist"
    # By hand for the plan: exponential from 10,000 (2026-01) to 50,000 (2027-05, 16 months on) is x5^(1/16) a month,
    # so 2026-09 (8 months) has 10,000 x 5^(1/2) = 22,360.7 DAU; level 2's checklist is due 3 months before 2027-05.
    if hand_check:
        row = dict(zip(headers, (c.value for c in ws[first + 8]), strict=False))
        assert row["DAU"] == pytest.approx(10_000 * 5**0.5)
        assert _month(ws[case.book.rows["Timeline"]["checklist.1"]][5].value) == "2027-02"


@pytest.mark.parametrize("name", ["plan", "edited", "alt", "switched", "small", "small_to_plan"])
def test_capacity_equals_the_models_utilisation(cases: dict[str, Case], name: str) -> None:
    _assert_capacity_is_model(cases[name], hand_check=name == "plan")


def _assert_capacity_is_model(case: Case, *, hand_check: bool = False) -> None:
    ws = case.wb()["Capacity"]
    rows = case.book.rows["Capacity"]
    curve = utilization_curve(case.expected, case.expected.tiers_dau)
    for t, dau in enumerate(case.expected.tiers_dau):
        column = 4 + t
        assert ws.cell(row=rows["dau"], column=column).value == dau
        for res in RESOURCES:
            expected = curve[(curve["dau"] == dau) & (curve["resource"] == res.id)].iloc[0]
            for key in ("demand", "capacity", "utilization"):
                got = ws.cell(row=rows[f"{key}.{res.id}"], column=column).value
                assert got == pytest.approx(expected[key], rel=1e-9), (dau, res.id, key)
            assert ws.cell(row=rows[f"alert.{res.id}"], column=column).value == expected["alert"], (dau, res.id)
    if hand_check:
        # By hand: Redis at 10k DAU is 0.2 + 0.3 x 10 = 3.2 GB of 4 GB = 80%, exactly the warning threshold: no alert
        # (strictly greater). At 50k DAU: 0.2 + 0.3 x 50 = 15.2 GB of level 2's 10 GB = 152%: critical.
        column = 4
        assert ws.cell(row=rows["utilization.redis_memory"], column=column).value == pytest.approx(0.8)
        assert ws.cell(row=rows["alert.redis_memory"], column=column).value == "ok"
        assert ws.cell(row=rows["alert.redis_memory"], column=column + 1).value == "critical"


def test_the_checks_catch_a_number_typed_over_a_formula(cases: dict[str, Case]) -> None:
    wb = cases["broken"].wb()
    assert error_cells(wb) == []
    checks = {row[0]: row[1] for row in wb["Checks"].iter_rows(min_row=5, values_only=True) if row[0]}
    # Tier 2's total was overwritten with 45,000 (the formula gives 45,719): these reconciliations fail, the rest hold.
    assert checks["Total = infrastructure + AI"] == "FAIL"
    assert checks["Categories (after reserved) + AI = total"] == "FAIL"
    assert checks["Model mix shares sum to 100%"] == "OK"
    # The master check counts the failures and names the first (the inputs and error checks above it all pass).
    assert wb["Checks"]["B2"].value == "3 CHECK(S) FAIL, first: Total = infrastructure + AI"


def test_every_shipped_scenario_through_the_drop_down(cases: dict[str, Case]) -> None:
    shipped = [name for name in cases if name.startswith("shipped:")]
    for name in shipped:
        case = cases[name]
        wb = case.wb()
        assert error_cells(wb) == [], name
        assert wb["Checks"]["B2"].value == "ALL CHECKS PASS", name
        assert wb["Summary"]["B2"].value == case.expected.name
        _assert_summary_is_model(wb, case.book, evaluate(case.expected))
        _assert_capacity_is_model(case)
        _assert_timeline_is_model(case)
    assert len(shipped) == len(default_others()[0]) - 1


def test_chosen_models_levers_and_business_case_recompute_like_the_model(cases: dict[str, Case]) -> None:
    case = cases["chosen"]
    result = evaluate(case.expected)
    # The choices must move the figures: every tier's AI line differs from the plan's.
    plan = evaluate(plan_scenario())
    assert all(a.ai_usd != pytest.approx(b.ai_usd) for a, b in zip(result.tiers, plan.tiers, strict=True))
    _assert_summary_is_model(case.wb(), case.book, result)
