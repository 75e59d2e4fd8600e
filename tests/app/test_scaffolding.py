"""No build scaffolding: every page is listed plainly, and the Excel button is never hidden by a missing module."""

from __future__ import annotations

import ast
import sys

import pytest

from tests.app.conftest import APP, ROOT


def _views() -> set[str]:
    return {str(p.relative_to(ROOT)) for p in (ROOT / "views").glob("*.py") if not p.name.startswith("_")}


def _pages_in_app() -> list[str]:
    """The views/*.py paths of the st.Page(...) calls in app.py's one PAGES list (an ``HERE / "views/x.py"`` each)."""
    tree = ast.parse(APP.read_text(encoding="utf-8"))
    assigned = [n for n in ast.walk(tree) if isinstance(n, ast.Assign | ast.AugAssign | ast.AnnAssign)]
    to_pages = [n for n in assigned if "PAGES" in ast.unparse(n.targets[0] if isinstance(n, ast.Assign) else n.target)]
    assert len(to_pages) == 1 and isinstance(to_pages[0], ast.Assign), "PAGES is one plain list, built once"
    listed = to_pages[0].value
    assert isinstance(listed, ast.List)
    paths = []
    for call in listed.elts:
        assert isinstance(call, ast.Call) and ast.unparse(call.func) == "st.Page", ast.unparse(call)
        where = call.args[0]
        assert isinstance(where, ast.BinOp) and isinstance(where.right, ast.Constant), ast.unparse(call)
        paths.append(where.right.value)
    return paths


def test_app_lists_every_page_plainly() -> None:
    pages = _pages_in_app()
    # 15 pages: overview, ai, caching, tier detail, audit, scenarios, workspace, capacity, compare, sensitivity,
    # uncertainty, timeline, economics, goal seek, actuals; each once, and no views/*.py left out.
    assert len(pages) == len(set(pages)) == 15
    assert set(pages) == _views()
    assert ".exists()" not in APP.read_text(encoding="utf-8"), "no page depends on whether its file exists"


def test_a_missing_workbook_module_is_an_error_not_a_hidden_button() -> None:
    # The download's builder (outputs.build_worker) imports the workbook writer when asked for a workbook: a writer that
    # cannot be imported is that download's clear failure, and the worker answers the next request.
    from model.fx import USD
    from model.loading import plan_scenario
    from outputs.build_worker import BuildFailed, Worker

    broken = Worker([sys.executable, "-c", BROKEN_WRITER])
    try:
        with pytest.raises(BuildFailed, match=r"import of outputs\.workbook halted"):
            broken.build(plan_scenario(), USD, "en")
        assert broken.proc is not None and broken.proc.poll() is None
    finally:
        broken.stop()


BROKEN_WRITER = (
    "import sys; sys.modules['outputs.workbook'] = None; "  # what Python does for a module that cannot be imported
    "from outputs.build_worker import main; main()"
)
