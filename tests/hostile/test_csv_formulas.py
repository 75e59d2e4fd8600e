"""CSV output never carries a formula, whatever characters the text holds, headers included.

The classes of attack: text starting with = + - @ (a formula, ``=HYPERLINK``, ``=cmd|...``), a leading tab or CR
(some readers drop it and then see the formula), a bare CR or LF inside a field (``ok\\r=1+1``: written unquoted
with a ``\\n`` line terminator, the CR ended the row and ``=1+1`` became a formula cell), and scenario names in
``compare --differences``' header. outputs.csv_text is the one writer; LibreOffice opens the CLI's CSV as the oracle.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cli.main as cli
from model.loading import PLAN_SCENARIO
from outputs.csv_text import csv_text, neutralise, records_csv

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
HOSTILE = [
    "ok\r=1+1",  # the example: a bare CR before a formula
    "ok\n=1+1",
    "ok\r\n+1+1",
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-1+1",
    "@SUM(1)",
    "\t=2+2",
    "\r=3+3",
    "=cmd|' /C calc'!A0",
    'a,b"c"',
]


def lines_start_safely(text: str) -> bool:
    """No line of ``text`` (split at CR and LF, as any reader might) starts like a formula."""
    return not any(line.startswith(FORMULA_START[:4]) for line in text.replace("\r", "\n").split("\n"))


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("ok\r=1+1", "ok\r'=1+1"),  # a quote after the CR: the second line of the cell starts with text
        ("=1+1", "'=1+1"),
        ("\t=2+2", "'\t=2+2"),
        ("a\n-b\n\n@c", "a\n'-b\n\n'@c"),
        ("plain text", "plain text"),  # ordinary text untouched
        ("2 - 1 = 1", "2 - 1 = 1"),  # formula characters inside a line are harmless
        ("\x1b[31mred", "\\x1b[31mred"),  # a terminal escape written as text
        ("사주 분석", "사주 분석"),  # Korean is printable: unchanged
    ],
)
def test_neutralise(text, written):
    assert neutralise(text) == written


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40), st.text(max_size=10))
def test_any_text_round_trips_as_one_safe_cell(text, header):
    out = csv_text([header, "n"], [[text, 1.5]])
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows == [[neutralise(header), "n"], [neutralise(text), "1.5"]]  # one row each, however many CRs
    assert lines_start_safely(rows[0][0]) and lines_start_safely(rows[1][0])


def test_text_is_quoted_and_numbers_bare():
    out = records_csv([{"name": "ok\r=1+1", "usd": 12.5, "count": 3, "on": True, "none": None}])
    assert out == '"name","usd","count","on","none"\n"ok\r\'=1+1",12.5,3,"True",""\n'


# --- the CLI's CSV -------------------------------------------------------------------------------------------


def hostile_file(tmp_path: Path) -> Path:
    obj = json.loads(PLAN_SCENARIO.read_text())
    obj["name"] = '=HYPERLINK("http://evil.example","x")\r=1+1'
    obj["levels"][1]["name"] = "@SUM(9)\n-1"
    obj["levels"][1]["checklist"] += HOSTILE
    obj["levels"][0]["line_items"][0]["usd_per_month"] = 123.0  # a difference for compare --differences
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(obj))
    return path


def cli_csv(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert cli.main([*argv, "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def cli_outputs(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, str]:
    return {
        "checklists": cli_csv(capsys, "timeline", "--checklists", "--scenario", str(path)),
        "differences": cli_csv(capsys, "compare", "plan", str(path), "--differences"),
        "summary": cli_csv(capsys, "summary", "--scenario", str(path)),
    }


def test_cli_csv_has_no_field_that_starts_like_a_formula(capsys, tmp_path):
    outputs = cli_outputs(capsys, hostile_file(tmp_path))
    for name, text in outputs.items():
        rows = list(csv.reader(io.StringIO(text, newline="")))
        width = len(rows[0])
        assert all(len(r) == width for r in rows), name  # a CR or LF never ends a row early
        assert all(lines_start_safely(cell) for r in rows for cell in r), name
    header = next(csv.reader(io.StringIO(outputs["differences"], newline="")))
    assert header[3] == '\'=HYPERLINK("http://evil.example","x")\r\'=1+1'  # the scenario name as a header, neutralised
    items = [r["item"] for r in csv.DictReader(io.StringIO(outputs["checklists"], newline="")) if r["level"] == "2"]
    assert items[-len(HOSTILE) :] == [neutralise(t) for t in HOSTILE]  # each item whole, in its own row


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    message = "LibreOffice is not installed: apt-get install -y libreoffice-calc-nogui"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.mark.libreoffice
def test_libreoffice_opens_the_cli_csv_without_a_formula(capsys, tmp_path):
    from openpyxl import load_workbook

    outputs = cli_outputs(capsys, hostile_file(tmp_path))
    src = tmp_path / "csv"
    src.mkdir()
    for name, text in outputs.items():
        (src / f"{name}.csv").write_text(text, newline="")
    profile, out = tmp_path / "profile", tmp_path / "out"
    cmd = [
        _soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--infilter=CSV:44,34,76,1",  # comma-separated, double-quoted, UTF-8, from line 1: LibreOffice's defaults
        "--convert-to",
        "xlsx",
        "--outdir",
        str(out),
        *sorted(map(str, src.glob("*.csv"))),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)
    for name, text in outputs.items():
        book = out / f"{name}.xlsx"
        assert book.exists(), f"LibreOffice did not convert {name}: {proc.stdout} {proc.stderr}"
        ws = load_workbook(book).active  # formulas kept as formulas
        cells: list[Any] = [c for row in ws.iter_rows() for c in row if c.value is not None]
        assert not [c.coordinate for c in cells if c.data_type == "f"], name
        # The text arrives intact (CR and LF inside a cell read as line breaks), one row per CSV row.
        expected = list(csv.reader(io.StringIO(text, newline="")))
        assert ws.max_row == len(expected), name
        shown = [[c.value for c in row] for row in ws.iter_rows(max_col=len(expected[0]))]
        for want_row, got_row in zip(expected, shown, strict=True):
            for want, got in zip(want_row, got_row, strict=True):
                if isinstance(got, str) or got is None:
                    assert (got or "").replace("\r\n", "\n").replace("\r", "\n") == want.replace("\r\n", "\n").replace(
                        "\r", "\n"
                    ), name
                elif isinstance(got, bool):  # LibreOffice reads the words True and False as booleans
                    assert str(got) == want, name
                else:
                    assert got == pytest.approx(float(want)), name
