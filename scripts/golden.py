"""A golden dump: every CLI output and every workbook cell for every shipped scenario, to compare before and after a
refactor that must change nothing (issue 13's acceptance).

    .venv/bin/python scripts/golden.py var/golden-before      # on the old commit
    .venv/bin/python scripts/golden.py var/golden-after       # on the new one
    diff -r var/golden-before var/golden-after                # nothing, or only what the change meant to move

CLI outputs are the JSON of each command; a workbook is dumped as one line per non-empty cell (sheet, cell, the
formula or value as stored; the export time masked), in English and in Korean. Runs the CLI in-process (``cli.main``), so it takes about a
minute.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import load_workbook  # noqa: E402

from cli.main import main  # noqa: E402

COMMANDS: tuple[tuple[str, ...], ...] = (
    ("summary",),
    ("summary", "--currency", "KRW", "--fx-rate", "1400"),
    ("audit",),
    ("capacity", "--dau", "100000"),
    ("capacity", "--dau", "750000", "--upgrades", "just-in-time"),
    ("timeline", "--checklists"),
    ("economics",),
    ("sensitivity",),
    ("simulate", "--draws", "2000", "--seed", "7"),
    ("owncase",),
    ("selfhosted",),
    ("solve", "--help"),
)

_STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")  # the Cover's export time, the one cell that moves


def run(args: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exit_:
            code = exit_.code
    return f"exit {code}\n{out.getvalue()}{err.getvalue()}"


def cells(path: Path) -> str:
    book = load_workbook(path)
    lines = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None and c.value != "":
                    value = "<export time>" if _STAMP.fullmatch(str(c.value)) else repr(c.value)
                    lines.append(f"{ws.title}!{c.coordinate}\t{value}")
    lines.extend(f"name {n}\t{d.attr_text}" for n, d in sorted(book.defined_names.items()))
    return "\n".join(lines) + "\n"


def main_(out_dir: Path) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    scenarios = sorted((ROOT / "data" / "scenarios").glob("*.json"))
    for scenario in scenarios:
        for command in COMMANDS:
            fmt = () if command[-1] == "--help" else ("--format", "json")
            text = run([*command, "--scenario", str(scenario), *fmt] if fmt else list(command))
            name = f"{scenario.stem}.{'_'.join(a.lstrip('-') for a in command)}.txt"
            (out_dir / name).write_text(text, encoding="utf-8")
        for lang in ("en", "ko"):
            book = out_dir / f"{scenario.stem}.{lang}.xlsx"
            run(["export", "--scenario", str(scenario), "--out", str(book), "--lang", lang])
            (out_dir / f"{scenario.stem}.{lang}.cells.txt").write_text(cells(book), encoding="utf-8")
            book.unlink()
    plan = str(ROOT / "data" / "scenarios" / "plan.json")
    others = [str(s) for s in scenarios if s.stem != "plan"][:3]
    (out_dir / "compare.txt").write_text(run(["compare", plan, *others, "--format", "json"]), encoding="utf-8")
    print(f"wrote {len(list(out_dir.iterdir()))} files to {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main_(Path(sys.argv[1] if len(sys.argv) > 1 else "var/golden")))
