"""The Korean workbook's Checks sheet: the words its formulas write (OK, FAIL, ALL CHECKS PASS) are Korean, and every
formula and conditional format that tests them tests the same Korean words, so the checks still work.

LibreOffice recalculates an English and a Korean workbook, each intact and with one input typed outside its rule; the
Korean sheet must read what the English one reads, word for word through the catalogue.
"""

from __future__ import annotations

import re

import pytest

from i18n import catalog
from model.loading import plan_scenario
from outputs.language import ALL_PASS, AN_ERROR, FAIL, FAILED_FIRST, FORMULA_WORDS, OK, formula_words, translate_workbook
from outputs.workbook import build_book
from tests.workbook.wbhelpers import error_cells, set_input, values

QUOTED = re.compile(r'"((?:[^"]|"")*)"')


def korean_book(*, broken: bool = False):
    book = build_book(plan_scenario(), others={})
    if broken:
        # -1 AI calls per DAU per day: below the schema's 0, so its input check fails, and no other check does.
        set_input(book, "ai.calls_per_dau_per_day", -1)
    return book


def test_the_words_are_korean_in_the_catalogue():
    assert [catalog.gettext(w, "ko") for w in FORMULA_WORDS] == [
        "정상",
        "실패",
        "모든 점검 통과",
        "개 점검 실패, 첫 항목: ",
        "오류 값",
        "도달하지 않음",  # the Timeline's checklist table
        "체크리스트 없음",
    ]
    assert [catalog.gettext(w, "en") for w in FORMULA_WORDS] == list(FORMULA_WORDS)


def test_only_those_words_change_inside_a_formula():
    tr = formula_words("ko")
    assert tr('=IFERROR(IF(A1>0,"OK","FAIL"),"FAIL")') == '=IFERROR(IF(A1>0,"정상","실패"),"실패")'
    # another sheet's status words, a category code and a doubled quote stay as written; so does text outside quotes
    same = '=IF(B3="ok","critical",IF(C3="ai","a ""FAIL"" b","disagrees"))&FAIL'
    assert tr(same) == same
    assert formula_words("en")('=IF(A1,"OK","FAIL")') == '=IF(A1,"OK","FAIL")'


def test_no_formula_of_the_korean_workbook_writes_or_tests_the_english_words():
    wb = korean_book().wb
    translate_workbook(wb, "ko")
    english = set(FORMULA_WORDS)
    found, korean = [], 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    quoted = set(QUOTED.findall(cell.value))
                    found += [f"{ws.title}!{cell.coordinate}" for _ in quoted & english]
                    korean += bool(quoted & {"정상", "실패", "모든 점검 통과"})
        for formatting in ws.conditional_formatting:
            for rule in formatting.rules:
                found += [f"{ws.title} {formatting.sqref}: {f}" for f in rule.formula or [] if set(QUOTED.findall(f)) & english]
    assert found == []
    assert korean > 100  # every check's result cell (about 290 rows) writes them
    rules = {str(f.sqref): [r.formula for r in f.rules] for f in wb["Checks"].conditional_formatting}
    assert rules["B2"] == [['"모든 점검 통과"'], ['"모든 점검 통과"']]
    assert [['"실패"']] in rules.values()


@pytest.mark.libreoffice
def test_the_korean_master_check_passes_and_fails_as_the_english_one(tmp_path, recalc):
    paths = []
    for lang in ("en", "ko"):
        for broken in (False, True):
            book = korean_book(broken=broken)
            translate_workbook(book.wb, lang)
            path = tmp_path / f"{lang}-{'broken' if broken else 'intact'}.xlsx"
            book.wb.save(path)
            paths.append(path)
    en, en_broken, ko, ko_broken = (values(p) for p in recalc(paths))
    for wb in (en, en_broken, ko, ko_broken):
        assert error_cells(wb) == []
    assert en["Checks"]["B2"].value == ALL_PASS
    assert ko["Checks"]["B2"].value == "모든 점검 통과"
    # The broken input fails its own check and nothing else: the master check counts 1 and names it.
    first = en_broken["Checks"]["B2"].value
    match = re.fullmatch(r"(\d+)" + re.escape(FAILED_FIRST) + r"(.+)", first)
    assert match is not None, first
    assert match.group(1) == "1" and match.group(2).startswith("Input: AI calls per DAU per day")
    label_ko = next(r[0].value for r in ko_broken["Checks"].iter_rows(min_row=5) if r[1].value == "실패" and r[0].value)
    assert label_ko.startswith("입력값: ")
    assert ko_broken["Checks"]["B2"].value == f"1개 점검 실패, 첫 항목: {label_ko}"
    # Every result cell reads, in Korean, the translation of what the English one reads (OK -> 정상, FAIL -> 실패).
    shown = {OK: "정상", FAIL: "실패", AN_ERROR: "오류 값"}
    for wb_en, wb_ko in ((en, ko), (en_broken, ko_broken)):
        for row_en, row_ko in zip(wb_en["Checks"].iter_rows(min_row=5), wb_ko["Checks"].iter_rows(min_row=5), strict=True):
            for a, b in zip(row_en[1:], row_ko[1:], strict=True):
                if a.value in shown:
                    assert b.value == shown[a.value], f"Checks!{b.coordinate}"
    # The Cover shows the master check's result in Korean too.
    cover = [c.value for row in ko_broken["Cover"].iter_rows() for c in row if isinstance(c.value, str)]
    assert f"1개 점검 실패, 첫 항목: {label_ko}" in cover
