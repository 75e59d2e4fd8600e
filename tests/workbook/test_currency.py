"""The workbook in won: the FX input on Assumptions and the Summary switch, recalculated by LibreOffice."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from cli.main import main
from i18n.fx import ecb_rate
from model.loading import plan_scenario
from model.result import evaluate
from model.rounding import excel_round
from outputs.currency import add_currency
from outputs.workbook import build_book, build_workbook

from .wbhelpers import error_cells, values

pytestmark = pytest.mark.libreoffice

DAY = dt.date(2025, 6, 2)


def cells(wb: openpyxl.Workbook, where: str) -> list:
    sheet, span = where.split("!")
    return [row[0].value for row in wb[sheet][span]]


def exported(tmp_path, name: str, *, rate: float | None = None, switch: str | None = None):
    wb = build_workbook(plan_scenario(), currency="KRW")
    where = add_currency(wb, ecb_rate("KRW", DAY))
    if rate is not None:
        sheet, cell = where["fx_rate"].split("!")
        wb[sheet][cell].value = rate  # typed on Assumptions, as a person would
    if switch is not None:
        sheet, cell = where["summary_currency"].split("!")
        wb[sheet][cell].value = switch
    path = tmp_path / name
    wb.save(path)
    return path, where


def test_the_workbook_in_won_equals_the_cli_to_the_won(tmp_path, recalc, capsys):
    path, where = exported(tmp_path, "krw.xlsx")
    (out,) = recalc([path])
    wb = values(out)
    assert error_cells(wb) == []
    assert main(["summary", "--currency", "KRW", "--fx-date", DAY.isoformat(), "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    shown = cells(wb, where["summary.total_usd"])
    # level 1: $9,055 x 1,376.828... = ₩12,467,178.4 -> ₩12,467,178
    assert [excel_round(v, 0) for v in shown] == [excel_round(r["total_in_currency"], 0) for r in cli]
    assert excel_round(shown[0], 0) == 12_467_178
    assert [excel_round(v, 0) for v in cells(wb, where["summary.ai_usd"])] == [excel_round(r["ai_in_currency"], 0) for r in cli]
    per_dau = cells(wb, where["summary.cost_per_dau_usd"])
    assert [excel_round(v, 0) for v in per_dau] == [excel_round(r["cost_per_dau_in_currency"], 0) for r in cli]
    sheet, cell = where["fx_rate"].split("!")
    assert wb[sheet][cell].value == pytest.approx(ecb_rate("KRW", DAY).rate, rel=1e-15)


def test_the_rate_and_the_switch_are_live(tmp_path, recalc):
    budget, where = exported(tmp_path, "budget.xlsx", rate=1400)
    dollars, _ = exported(tmp_path, "usd.xlsx", switch="USD")
    out_budget, out_dollars = recalc([budget, dollars])
    result = evaluate(plan_scenario())
    # a budget rate of ₩1,400/$: level 1 = $9,055 x 1,400 = ₩12,677,000
    totals = cells(values(out_budget), where["summary.total_usd"])
    assert totals == pytest.approx([t.total_usd * 1400 for t in result.tiers], rel=1e-12)
    assert totals[0] == pytest.approx(12_677_000)
    # switched to USD: the model's own dollars
    assert cells(values(out_dollars), where["summary.total_usd"]) == pytest.approx([t.total_usd for t in result.tiers], rel=1e-12)


def test_the_sidebars_download_carries_the_sessions_rate():
    import io

    from model.fx import USD, FxRate
    from outputs.build_worker import build  # what the sidebar's download button calls

    krw = FxRate("KRW", 1400.0, None, "typed rate")
    wb = openpyxl.load_workbook(io.BytesIO(build(plan_scenario(), krw, "en")))
    sheet, cell = next(iter(wb.defined_names["fx_rate"].destinations))
    assert wb[sheet][cell.replace("$", "")].value == 1400.0
    plain = openpyxl.load_workbook(io.BytesIO(build(plan_scenario(), USD, "en")))
    assert "fx_rate" not in plain.defined_names
    assert plain["Cover"]["A1"].value == "Scaling cost model: the workbook"
    # the app in Korean downloads the Korean workbook, in dollars as in won
    for fx in (USD, krw):
        korean = openpyxl.load_workbook(io.BytesIO(build(plan_scenario(), fx, "ko")))
        assert korean["Cover"]["A1"].value == "스케일링 비용 모델: 통합 문서"
        assert ("fx_rate" in korean.defined_names) is (fx is krw)


def test_a_korean_workbook_has_korean_labels_and_the_same_figures(tmp_path, recalc):
    from outputs.currency import workbook_bytes_in
    from outputs.report import SUMMARY, SUMMARY_HEADER_ROW

    ko = tmp_path / "ko.xlsx"
    ko.write_bytes(workbook_bytes_in(plan_scenario(), ecb_rate("KRW", DAY), lang="ko"))
    en = tmp_path / "en.xlsx"
    en.write_bytes(workbook_bytes_in(plan_scenario(), ecb_rate("KRW", DAY), lang="en"))
    out_ko, out_en = recalc([ko, en])
    wb_ko, wb_en = values(out_ko), values(out_en)
    assert error_cells(wb_ko) == []
    headers = [c.value for c in wb_ko[SUMMARY][SUMMARY_HEADER_ROW]]
    assert {"구간", "인프라 (USD/월)", "합계 (USD/월)", "DAU당 비용 (USD/DAU/월)", "캐시 절감액 (USD/월)"} <= set(headers)
    assert "합계 (KRW/월)" in headers  # the converted column's header, built in a formula with the switch's currency
    # every number the same as in the English workbook (labels are not read by any formula)
    for ws_ko in wb_ko.worksheets:
        ws_en = wb_en[ws_ko.title]
        for row_ko, row_en in zip(ws_ko.iter_rows(), ws_en.iter_rows(), strict=True):
            for a, b in zip(row_ko, row_en, strict=True):
                if isinstance(b.value, int | float) and not isinstance(b.value, bool):
                    assert a.value == b.value, f"{ws_ko.title}!{a.coordinate}"
    # the plan's checklist on the Timeline, recalculated from Assumptions: in Korean, as the app shows it
    from i18n.catalog import plan_text

    level_two = "; ".join(plan_text(item, "ko") for item in plan_scenario().levels[1].checklist)
    shown = [c.value for row in wb_ko["Timeline"].iter_rows() for c in row]
    assert level_two in shown
    assert "체크리스트 없음" in shown and "no checklist" not in shown  # level 1 has none: the formula's word in Korean
    # the master check still passes, in the workbook's language (its formulas write and test the Korean words)
    assert (wb_en["Checks"]["B2"].value, wb_ko["Checks"]["B2"].value) == ("ALL CHECKS PASS", "모든 점검 통과")


def test_the_budget_and_the_timeline_follow_the_switch(tmp_path, recalc):
    """A workbook in won shows the Budget's total, revenue and gross margin and the Timeline's total and cumulative
    again in won, at the rate of Summary's switch; switched to USD they are the model's dollars."""
    from outputs.budget import SHEET as BUDGET
    from outputs.timeline import SHEET as TIMELINE

    paths = {}
    for switch, rate in (("KRW", 1400.0), ("USD", 1400.0)):
        book = build_book(plan_scenario(), currency="KRW")
        where = add_currency(book.wb, ecb_rate("KRW", DAY))
        for key, value in (("fx_rate", rate), ("summary_currency", switch)):
            sheet, cell = where[key].split("!")
            book.wb[sheet][cell].value = value
        paths[switch] = tmp_path / f"{switch}.xlsx"
        book.wb.save(paths[switch])
    rows, months_first = book.rows[BUDGET], book.rows[TIMELINE]["months.first"]
    won, dollars = (values(p) for p in recalc([paths["KRW"], paths["USD"]]))
    assert error_cells(won) == [] and error_cells(dollars) == []
    assert won["Checks"]["B2"].value == "ALL CHECKS PASS"

    def line(wb: openpyxl.Workbook, r: int) -> list:
        return [c.value for c in wb[BUDGET][r][3:] if c.value not in (None, "")]

    for key in ("total", "revenue", "gross_margin"):
        usd = line(won, rows[key])
        assert len(usd) >= 13  # twelve months and a year total at least
        assert line(won, rows[f"converted.{key}"]) == pytest.approx([v * 1400 for v in usd], rel=1e-12)
        assert line(dollars, rows[f"converted.{key}"]) == pytest.approx(usd, rel=1e-12)
        assert won[BUDGET].cell(row=rows[f"converted.{key}"], column=3).value == "KRW"
    # the plan's first month: $9,055 (level 1) x ₩1,400 = ₩12,677,000; revenue $15,000 x 1,400 = ₩21,000,000
    assert line(won, rows["converted.total"])[0] == pytest.approx(12_677_000)
    assert line(won, rows["converted.revenue"])[0] == pytest.approx(21_000_000)

    timeline = won[TIMELINE]
    header = [c.value for c in timeline[months_first - 1]]
    total, cumulative = header.index("Total"), header.index("Cumulative")
    converted = header.index("Total in the currency Summary shows")
    assert header[converted + 1] == "Cumulative in the currency Summary shows"
    months = [r for r in timeline.iter_rows(min_row=months_first) if r[total].value not in (None, "")]
    assert len(months) >= 12
    for r in months:
        assert r[converted].value == pytest.approx(r[total].value * 1400, rel=1e-12)
        assert r[converted + 1].value == pytest.approx(r[cumulative].value * 1400, rel=1e-12)
    # month 2: cumulative $9,055 + $10,007.41 = $19,062.41 -> ₩26,687,370
    assert months[1][converted + 1].value == pytest.approx((9_055 + months[1][total].value) * 1400, rel=1e-12)
    assert months[1][converted + 1].value == pytest.approx(26_687_370, abs=1)
    switched = dollars[TIMELINE]
    assert switched.cell(row=months_first, column=converted + 1).value == pytest.approx(9_055)
