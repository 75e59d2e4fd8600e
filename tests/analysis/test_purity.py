"""The analysis package is part of the pure core: importing it loads no UI or file-format library."""

from __future__ import annotations

import subprocess
import sys


def test_analysis_imports_no_ui_or_workbook_library():
    code = (
        "import sys, model.analysis.compare, model.analysis.sensitivity, model.analysis.montecarlo, "
        "model.analysis.timeline, model.analysis.selfhosted, model.analysis.economics; "
        "print(sorted(m for m in ('streamlit', 'altair', 'openpyxl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
