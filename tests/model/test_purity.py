"""The calculation core never loads anything that draws or writes files.

Every module under model/ (walked with pkgutil, so subpackages added later such
as model/analysis are included, and so is model/__main__.py, the entry point that
hands over to the top-level cli package) is imported in a fresh interpreter; none
of the UI, file-format, database or locale libraries may end up in sys.modules.
The layers are also enforced statically by import-linter (``make lint``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("streamlit", "altair", "openpyxl", "duckdb", "sqlalchemy", "alembic", "babel", "currency_converter", "psycopg")

SCRIPT = f"""
import importlib, json, pkgutil, sys
FORBIDDEN = {FORBIDDEN!r}
name = sys.argv[1]

def loaded():
    return sorted(m for m in sys.modules if m.split(".")[0] in FORBIDDEN)

package = importlib.import_module(name)
report = {{"modules": [name], "offenders": {{}}}}
if loaded():
    report["offenders"][name] = loaded()
for info in pkgutil.walk_packages(package.__path__, name + "."):
    before = set(loaded())
    importlib.import_module(info.name)
    report["modules"].append(info.name)
    new = sorted(set(loaded()) - before)
    if new:
        report["offenders"][info.name] = new
print(json.dumps(report))
"""


def imports_report(package: str, cwd: Path) -> dict:
    """Import ``package`` and every module under it in a fresh interpreter; which forbidden modules each one loaded."""
    proc = subprocess.run([sys.executable, "-c", SCRIPT, package], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


def test_no_module_under_model_loads_ui_or_file_format_libraries():
    report = imports_report("model", ROOT)
    # the walk really covered the core and __main__ (so the test cannot pass by importing nothing)
    expected = {p.stem for p in (ROOT / "model").glob("*.py") if p.stem != "__init__"}
    assert {f"model.{name}" for name in expected} <= set(report["modules"])
    for package in (p.parent.name for p in (ROOT / "model").glob("*/__init__.py")):
        assert f"model.{package}" in report["modules"]
    assert report["offenders"] == {}, f"these modules load {FORBIDDEN}: {report['offenders']}"


def test_the_check_catches_a_forbidden_import_in_a_subpackage(tmp_path):
    # A stand-in package whose subpackage module imports openpyxl: the same check must name it (so the test above can fail).
    (tmp_path / "fakecore" / "sub").mkdir(parents=True)
    (tmp_path / "fakecore" / "__init__.py").write_text("")
    (tmp_path / "fakecore" / "sub" / "__init__.py").write_text("")
    (tmp_path / "fakecore" / "sub" / "export.py").write_text("import openpyxl\n")
    report = imports_report("fakecore", tmp_path)
    assert report["modules"] == ["fakecore", "fakecore.sub", "fakecore.sub.export"]
    assert list(report["offenders"]) == ["fakecore.sub.export"]
    assert "openpyxl" in report["offenders"]["fakecore.sub.export"]
