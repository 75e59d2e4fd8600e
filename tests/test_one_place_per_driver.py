"""One place per driver (issue 13): a declared driver is named in code in at most 5 non-test source files.

A driver is declared once (a ``Spec`` on its field in model/scenario.py); the schema, the formula that uses it and
the few places that must know it by name (the re-forecast that fits it, ``costs.Params``) are all that should name it.
Everything else (sidebar, share links, ranges, the Assumptions sheet, docs) reads the declaration.

"Names" means code: identifiers, attributes, keyword arguments and string constants that are not docstrings
(a dotted path 'ai.calls_per_dau_per_day' names its leaf); comments never count. Files under tests/ and scripts/
do not count. The names searched are the driver's Excel/``Params`` names and its leaf field name where that leaf is
its own (a leaf several schema fields share, such as ``from_dau``, cannot be traced to one driver by name).
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from model.driver_spec import Declared, declared
from model.scenario import Scenario

ROOT = Path(__file__).resolve().parent.parent
EXCLUDED = ("tests", "scripts", ".venv", "var", "build")
MOST = 5

PENDING_H13F: dict[str, frozenset[str]] = {
    # Empty since h13f's merge: the Capacity and Compare sheets render the formula definitions and no longer name
    # calls per day (model/capacity/rows.py does, as the formula that uses it).
}

NOT_YET_ONE_PLACE: dict[str, int] = {
    # Drivers still named in more than 5 files today (counted after the Capacity, Compare and Timeline sheets began
    # rendering the formula definitions). A ratchet: each may not
    # spread to more files than this; lower a number when a file stops naming it, delete the line at 5.
    # share_of_calls (the mix's editing and price table moved to model/modelcompare.py), days_per_month
    # (costs.days_in_month) and cost_relative_to_api (costs.own_model_share_of_api, model.params.APPLIED) reached 5 or
    # fewer in h13d; reserved_instances.applied in h13e (a sentence's plain words stopped counting, the Tier page's
    # local 'applied' became 'deduction'), hit_rate in h13e (Unit costs and Compare take a cache's fields from
    # cache_rows.FIELDS) and revenue_usd_per_dau_per_month in h13e (the CLI and the Economics chart take the frame's
    # columns from model.analysis.economics; --revenue sets the driver, so unit_economics takes no revenue of its own).
    "levels.*.line_items.*.usd_per_month": 11,  # result, upgrade and purchase fields of that name reach the CLI JSON
}


def source_files(root: Path = ROOT) -> list[Path]:
    tops = [p for p in root.iterdir() if p.name not in EXCLUDED and not p.name.startswith(".")]
    return sorted(f for top in tops for f in ([top] if top.suffix == ".py" else top.rglob("*.py") if top.is_dir() else []))


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring nodes (a module's, class's or function's first statement, and a string statement after an
    assignment: the attribute docstrings pydantic reads)."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for stmt in body:
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
                    found.add(id(stmt.value))
    return found


def names_in(source: str) -> frozenset[str]:
    """Every identifier-like word the code of ``source`` uses: names, attributes, keyword and parameter names, and the
    code words of string constants that are not docstrings ('ai.calls_per_dau_per_day' -> 'ai', 'calls_per_dau_per_day';
    in a sentence only its underscored names and dotted paths, see ``words_of_string``)."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    words: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            words.add(node.id)
        elif isinstance(node, ast.Attribute):
            words.add(node.attr)
        elif isinstance(node, ast.keyword) and node.arg:
            words.add(node.arg)
        elif isinstance(node, ast.arg):
            words.add(node.arg)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            words.update(words_of_string(node.value))
    return frozenset(words)


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def words_of_string(text: str) -> set[str]:
    """The code names in a string constant. A string without a space (a key, a path, a column name, a fragment of an
    f-string such as '.hit_rate') names every word in it. A string with a space is a sentence a person reads: its
    plain words ('not applied') are English, not code; only a word with an underscore or a part of a dotted path
    ('reserved_instances.applied=true', '{base}.hit_rate is') still names something."""
    if not any(c.isspace() for c in text):
        return set(_WORD.findall(text))
    found = set()
    for m in _WORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        dotted = (start > 0 and text[start - 1] == ".") or (
            end + 1 < len(text) and text[end] == "." and (text[end + 1].isalpha() or text[end + 1] == "_")
        )
        if "_" in word or dotted:
            found.add(word)
    return found


@cache
def _words_by_file() -> dict[str, frozenset[str]]:
    return {str(p.relative_to(ROOT)): names_in(p.read_text(encoding="utf-8")) for p in source_files()}


def _leaf_counts() -> dict[str, int]:
    """How many fields of the schema have each leaf name."""
    counts: dict[str, int] = {}

    def walk(model: type, seen: set[type]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():  # type: ignore[attr-defined]
            counts[name] = counts.get(name, 0) + 1
            for inner in _models_in(info.annotation):
                walk(inner, seen)

    walk(Scenario, set())
    return counts


def _models_in(annotation: object) -> list[type]:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def searched_names(d: Declared, leaves: dict[str, int]) -> set[str]:
    """The names that point at driver ``d``: its Excel and Params names, and its leaf where no other field shares it."""
    leaf = d.pattern.rsplit(".", 1)[-1]
    return {n for n in (d.spec.name, d.spec.param) if n} | ({leaf} if leaves.get(leaf) == 1 else set())


def files_naming(names: set[str], words_by_file: dict[str, frozenset[str]]) -> set[str]:
    return {f for f, words in words_by_file.items() if names & words}


DECLARED = declared(Scenario)


@pytest.mark.parametrize("driver", DECLARED, ids=[d.pattern for d in DECLARED])
def test_each_driver_is_named_in_at_most_five_source_files(driver: Declared) -> None:
    names = searched_names(driver, _leaf_counts())
    if not names:
        pytest.skip(f"{driver.pattern}: no name of its own to search for (its leaf is shared and it has no Excel name)")
    naming = files_naming(names, _words_by_file()) - PENDING_H13F.get(driver.pattern, frozenset())
    most = NOT_YET_ONE_PLACE.get(driver.pattern, MOST)
    assert len(naming) <= most, f"{driver.pattern} ({', '.join(sorted(names))}) is named in {len(naming)} files: {sorted(naming)}"


def test_calls_per_day_is_named_only_where_it_is_defined_or_used():
    # The example. Named by the schema, its formulas (Calc rows, capacity), the re-forecast that fits it and
    # Params; the places that show or move it (sidebar, share links, ranges, the Assumptions sheet, the AI page, the
    # translated labels, the docs) read its Spec and never name it.
    (calls,) = [d for d in DECLARED if d.pattern == "ai.calls_per_dau_per_day"]
    naming = files_naming(searched_names(calls, _leaf_counts()), _words_by_file()) - PENDING_H13F.get(calls.pattern, frozenset())
    assert len(naming) <= MOST
    assert {"model/scenario.py", "model/tier_rows.py", "model/variance.py", "model/costs.py"} <= naming
    readers = {
        "model/drivers.py",
        "model/analysis/ranges.py",
        "outputs/assumptions.py",
        "views/ai.py",
        "ui/driver_text.py",
        "ui/sharelink.py",
        "ui/sidebar.py",
        "model/driver_table.py",
    }
    assert readers.isdisjoint(naming)
    assert all((ROOT / f).exists() for f in readers)


def test_the_count_sees_code_and_not_docstrings_or_comments() -> None:
    source = '''"""calls_per_dau_per_day in the module docstring."""
# calls_per_dau_per_day in a comment
def f(s):
    """calls_per_dau_per_day in a docstring."""
    return 1
'''
    assert "calls_per_dau_per_day" not in names_in(source)
    assert "calls_per_dau_per_day" in names_in("x = s.ai.calls_per_dau_per_day\n")
    assert "calls_per_dau_per_day" in names_in('path = "ai.calls_per_dau_per_day"\n')
    assert "calls_per_dau_per_day" in names_in("Params(calls_per_dau_per_day=3)\n")


def test_one_more_file_naming_a_driver_fails_the_guard(tmp_path: Path) -> None:
    # A copy of the sources plus one module that reads the driver: the same count finds six files.
    (calls,) = [d for d in DECLARED if d.pattern == "ai.calls_per_dau_per_day"]
    words = dict(_words_by_file())
    words["views/new_page.py"] = names_in("value = scenario.ai.calls_per_dau_per_day\n")
    naming = files_naming(searched_names(calls, _leaf_counts()), words) - PENDING_H13F.get(calls.pattern, frozenset())
    assert len(naming) == MOST + 1


@pytest.mark.parametrize("driver", DECLARED, ids=[d.pattern for d in DECLARED])
def test_a_new_file_reading_any_driver_is_counted(driver: Declared) -> None:
    # Every driver, not only the example: a page that reads it straight off the scenario adds one file to its count,
    # so a driver at its limit (5, or its ratchet) fails the guard above the moment one more file names it.
    names = searched_names(driver, _leaf_counts())
    if not names:
        pytest.skip(f"{driver.pattern}: no name of its own to search for")
    words = dict(_words_by_file())
    before = len(files_naming(names, words))
    words["views/new_page.py"] = names_in(f"value = scenario.{min(names)}\n")
    assert len(files_naming(names, words)) == before + 1


def test_a_sentence_names_only_its_underscored_words_and_dotted_paths() -> None:
    # The words a person reads are not code: "(not applied)" in the Tiers table does not name the reserved switch.
    assert "applied" not in names_in('label = _("(not applied)")\n')
    assert "applied" not in names_in('label = "Reserved instances could save {amount} a month here; {deduction}."\n')
    # ...but a sentence that spells a driver's path or a field name still names it.
    assert {"reserved_instances", "applied"} <= names_in('msg = "set reserved_instances.applied=true to deduct"\n')
    assert "applied" in names_in('msg = "the flag x.applied is off"\n')
    assert "hit_rate" in names_in('msg = "hit_rate is blank"\n')
    assert "reserved_applied" in names_in('msg = "see reserved_applied in Calc"\n')
    # An f-string's fragment after a placeholder is a path too: f"{base}.applied is" names 'applied'.
    assert "applied" in names_in('msg = f"{base}.applied is off"\n')
    # A string without a space is a key, a path or a column name: every word counts, as before.
    assert "applied" in names_in('key = "applied"\n')
    assert "usd_per_month" in names_in('col = "usd_per_month"\n')
    assert {"caching", "hit_rate"} <= names_in('path = f"caching.caches.{i}.hit_rate"\n')
    # A plain word of a sentence is still counted when the code itself uses it as a name.
    assert "applied" in names_in('applied = "deducted from the total"\n')


@pytest.mark.parametrize(
    "source",
    ["on = tier.applied\n", 'path = "reserved_instances.applied"\n', 'msg = "turn reserved_instances.applied on"\n'],
)
def test_a_file_naming_the_reserved_switch_is_still_counted(source: str) -> None:
    # The sentence rule must not blind the guard: one more file naming the switch, as code, a key or a path inside a
    # sentence, is one more file in its count.
    (switch,) = [d for d in DECLARED if d.pattern == "reserved_instances.applied"]
    names = searched_names(switch, _leaf_counts())
    words = dict(_words_by_file())
    before = len(files_naming(names, words))
    words["views/new_page.py"] = names_in(source)
    assert len(files_naming(names, words)) == before + 1
