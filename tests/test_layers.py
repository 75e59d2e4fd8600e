"""The project's modules import each other without cycles (imports inside functions count; TYPE_CHECKING ones do not).

import-linter (``make lint``) enforces the layers and the purity of model/; this walks every module of every
package with grimp (import-linter's own graph) and fails on any module that can reach itself.
"""

from __future__ import annotations

import grimp

PACKAGES = ("model", "ui", "outputs", "actuals", "store", "cli")


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    found = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if imported in graph.modules and graph.chain_exists(importer=imported, imported=module):
                found.append([module, *graph.find_shortest_chain(importer=imported, imported=module)])  # type: ignore[misc]
    return found


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True)
    assert len(graph.modules) > 80  # every package was read (the test cannot pass by seeing nothing)
    assert cycles(graph) == []


def test_the_check_finds_a_cycle(tmp_path, monkeypatch) -> None:
    (tmp_path / "loopy").mkdir()
    (tmp_path / "loopy" / "__init__.py").write_text("")
    (tmp_path / "loopy" / "a.py").write_text("def f():\n    from loopy import b\n")
    (tmp_path / "loopy" / "b.py").write_text("import loopy.a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("loopy", exclude_type_checking_imports=True, cache_dir=None)
    assert [c[0] for c in cycles(graph)] == ["loopy.a", "loopy.b"]
