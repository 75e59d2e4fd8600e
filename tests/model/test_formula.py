"""model.formula: one expression, evaluated with numpy and written as Excel text (hand-worked values)."""

from __future__ import annotations

import doctest
from types import SimpleNamespace

import numpy as np
import pytest

import model.formula
from model.formula import (
    AND,
    COUNT,
    COUNTIF,
    EXP,
    IF,
    INDEX,
    ISNUMBER,
    LN,
    MAX,
    MIN,
    PRODUCT,
    ROUND,
    Const,
    Env,
    Formula,
    Input,
    N,
    Row,
    Text,
    eq,
    lift,
)


class Column:
    """Tier column D of a sheet where 'a' is row 5, 'b' row 6 and 'c' row 7."""

    def row(self, key: str) -> str:
        return {"a": "D$5", "b": "D$6", "c": "D$7", "f": "D$8"}[key]

    def name(self, name: str) -> str:
        return name


def env(**given: object) -> Env:
    return Env(SimpleNamespace(x=2.0, y=0.25, flag=True), rows={k: (lambda v=v: v) for k, v in given.items()})


A, B, C = Row("a"), Row("b"), Row("c")


def test_the_docstring_examples_run() -> None:
    assert doctest.testmod(model.formula, raise_on_error=False).failed == 0


@pytest.mark.parametrize(
    ("expr", "text"),
    [
        (A * B * C, "D$5*D$6*D$7"),  # (a*b)*c: no brackets needed
        (A * (B * C), "D$5*(D$6*D$7)"),  # the order of evaluation is kept
        (A * (1 - B), "D$5*(1-D$6)"),
        ((A + B) * C, "(D$5+D$6)*D$7"),
        (A - (B - C), "D$5-(D$6-D$7)"),
        (A - B - C, "D$5-D$6-D$7"),
        (A / (B * C), "D$5/(D$6*D$7)"),
        (A + B / C, "D$5+D$6/D$7"),
        (1 / A, "1/D$5"),
        (A * 0.5, "D$5*0.5"),
        (A >= Input("x"), "D$5>=x"),
        (eq(A + 1, 2), "D$5+1=2"),
        (IF(AND(eq(Input("flag"), 1), A < B), Input("x"), 1), "IF(AND(flag=1,D$5<D$6),x,1)"),
        (MIN(A, B) + MAX(A, 0), "MIN(D$5,D$6)+MAX(D$5,0)"),
    ],
)
def test_excel_text_has_only_the_brackets_evaluation_needs(expr: object, text: str) -> None:
    assert isinstance(expr, model.formula.Expr)
    assert expr.excel(Column()) == text


def test_operators_evaluate_element_wise_over_tiers() -> None:
    e = env(a=np.array([1.0, 4.0]), b=np.array([2.0, 2.0]), c=np.array([10.0, 10.0]))
    # a x (1 - b) = [1 x -1, 4 x -1]; (a + b) / c = [0.3, 0.6]; a - (b - c) = [1 + 8, 4 + 8]
    assert (A * (1 - B)).evaluate(e) == pytest.approx([-1.0, -4.0])
    assert ((A + B) / C).evaluate(e) == pytest.approx([0.3, 0.6])
    assert (A - (B - C)).evaluate(e) == pytest.approx([9.0, 12.0])
    # x = 2 from the params: a >= x is [False, True]; IF picks y = 0.25 there, else 1
    assert list((A >= Input("x")).evaluate(e)) == [False, True]
    assert IF(A >= Input("x"), Input("y"), 1).evaluate(e) == pytest.approx([1.0, 0.25])
    assert list(AND(eq(Input("flag"), 1), A > 2).evaluate(e)) == [False, True]
    assert MIN(A, B).evaluate(e) == pytest.approx([1.0, 2.0])
    assert MAX(A, B, 3).evaluate(e) == pytest.approx([3.0, 4.0])


def test_a_per_draw_input_broadcasts_against_tiers() -> None:
    # Monte Carlo: an input shaped (draws, 1) against DAU shaped (tiers,) gives (draws, tiers).
    e = Env(SimpleNamespace(x=np.array([[2.0], [3.0]])), rows={"a": lambda: np.array([10.0, 20.0, 30.0])})
    out = (A * Input("x")).evaluate(e)
    assert out.shape == (2, 3)
    assert out[1] == pytest.approx([30.0, 60.0, 90.0])
    assert IF(A >= 20, Input("x"), 0).evaluate(e).tolist() == [[0, 2, 2], [0, 3, 3]]


def test_an_input_reads_its_attr_and_writes_its_name() -> None:
    share = Input("prompt_cache_share", attr="y")
    assert share.evaluate(env()) == 0.25
    assert share.excel(Column()) == "prompt_cache_share"


def test_a_formula_is_its_cell_inside_another_and_is_computed_once() -> None:
    calls = {"n": 0}

    def a_values() -> np.ndarray:
        calls["n"] += 1
        return np.array([3.0])

    f = Formula("f", A * 2)
    g = f * f + f
    e = Env(SimpleNamespace(), rows={"a": a_values})
    assert g.evaluate(e) == pytest.approx([42.0])  # f = 6; 6 x 6 + 6
    assert calls["n"] == 1
    assert g.excel(Column()) == "D$8*D$8+D$8"
    assert f.written(Column()) == "D$5*2"


def test_a_row_nobody_gives_is_an_error_that_names_it() -> None:
    with pytest.raises(KeyError, match="'zzz'"):
        Row("zzz").evaluate(env())


def test_only_numbers_and_nodes_make_a_formula() -> None:
    assert isinstance(lift(1), Const)
    with pytest.raises(TypeError):
        lift(True)
    with pytest.raises(TypeError):
        lift("1")  # type: ignore[arg-type]


def test_if_on_one_answer_for_every_tier_computes_only_its_branch() -> None:
    # flag = True: the IF is the x branch (2.0); the other branch names a row nobody gives, so computing it would fail.
    assert IF(eq(Input("flag"), 1), Input("x"), Row("nobody")).evaluate(env()) == 2.0
    with pytest.raises(KeyError):
        IF(eq(Input("flag"), 0), Input("x"), Row("nobody")).evaluate(env())


def test_round_index_and_text() -> None:
    # ROUND as the workbook rounds: 1.005 is a half on 15 digits, so 1.01 (numpy's round gives 1.0); -2.5 to -3
    e = env(a=np.array([1.005, -0.125]))
    assert ROUND(A, 2).evaluate(e).tolist() == [1.01, -0.13]
    assert ROUND(A, Input("x")).excel(Column()) == "ROUND(D$5,x)"
    # INDEX counts from 1: the 2nd and 3rd of (100, 1,000, 10,000)
    e = env(a=np.array([2, 3]), b=[100.0, 1_000.0, 10_000.0])
    assert INDEX(B, A).evaluate(e).tolist() == [1_000.0, 10_000.0]
    assert INDEX(Input("levels"), A).excel(Column()) == "INDEX(levels,D$5)"
    # text: itself, written in quotes (a quote doubled)
    e = env(a=np.array([0.5, 2.0]))
    assert IF(A > 1, Text("over"), Text("ok")).evaluate(e).tolist() == ["ok", "over"]
    assert IF(A > 1, Text('say "hi"'), Text("")).excel(Column()) == 'IF(D$5>1,"say ""hi""","")'


def test_a_call_used_twice_is_computed_once() -> None:
    calls = []
    e = Env(SimpleNamespace(), rows={"a": lambda: calls.append(1) or np.array([1.25])})
    shown = ROUND(A, 1)
    assert (shown + shown).evaluate(e).tolist() == [2.6]  # 1.25 -> 1.3 (half away from zero), twice
    assert calls == [1]


def test_isnumber_and_n() -> None:
    assert IF(ISNUMBER(A), N(A) * 2, 0).excel(Column()) == "IF(ISNUMBER(D$5),N(D$5)*2,0)"
    assert IF(ISNUMBER(A), A * 2, 0).evaluate(env(a=np.array([1.5, np.nan]))).tolist() == [3.0, 0.0]


def test_power_binds_tighter_than_times_and_evaluates() -> None:
    # 10,000 x 5 ^ 0.5 = 22,360.68 (5 ^ 0.5 = 2.236068); written without brackets round the power, with them inside it
    e = env(a=np.array([10_000.0]), b=np.array([50_000.0]), c=np.array([0.5]))
    grown = A * (B / A) ** C
    assert grown.evaluate(e) == pytest.approx([22_360.679775])
    assert grown.excel(Column()) == "D$5*(D$6/D$5)^D$7"
    assert (A**B**C).excel(Column()) == "D$5^(D$6^D$7)"  # Python's ** is right-associative; Excel's ^ is not


def test_countif_counts_a_ranges_numbers_against_each_value() -> None:
    # levels start at 10k, 50k, 100k; a blank slot (NaN) never counts. 5,000 DAU: none started; 50,000: two; 1M: three
    e = Env(
        SimpleNamespace(starts=np.array([10_000.0, 50_000.0, 100_000.0, np.nan])), rows={"a": lambda: np.array([5e3, 5e4, 1e6])}
    )
    at = COUNTIF(Input("starts"), "<=", A)
    assert at.evaluate(e).tolist() == [0, 2, 3]
    assert COUNTIF(Input("starts"), "<", A).evaluate(e).tolist() == [0, 1, 3]  # 50,000 < 50,000 is not
    assert COUNTIF(Input("starts"), ">", A).evaluate(e).tolist() == [3, 1, 0]
    assert at.excel(Column()) == 'COUNTIF(starts,"<="&D$5)'
    assert COUNTIF(Input("starts"), ">=", A + 1).excel(Column()) == 'COUNTIF(starts,">="&D$5+1)'  # & binds looser than +
    with pytest.raises(ValueError, match="COUNTIF takes"):
        COUNTIF(Input("starts"), "=", A)
    # COUNT: the numbers of the range (3 of the 4 slots)
    assert COUNT(Input("starts")).evaluate(e) == 3
    assert COUNT(Input("starts")).excel(Column()) == "COUNT(starts)"


def test_index_looks_up_the_last_axis_so_per_draw_tables_work() -> None:
    # Two draws of a three-level table; positions 1 and 3 for two tiers: (10, 30) and (11, 31)
    e = env(a=np.array([1, 3]), b=np.array([[10.0, 20.0, 30.0], [11.0, 21.0, 31.0]]))
    assert INDEX(B, A).evaluate(e).tolist() == [[10.0, 30.0], [11.0, 31.0]]


class PhaseColumn(Column):
    """Column D with the phases in rows 20-22 (span), or written in place over each phase's cells D$1/E$1 and D$2/E$2."""

    def __init__(self, *, cells: bool) -> None:
        self.cells = cells
        self.phase: int | None = None

    def row(self, key: str) -> str:
        if key == "from":
            return f"{'DE'[self.phase or 0]}$1"
        if key == "mult":
            return f"{'DE'[self.phase or 0]}$2"
        return super().row(key)

    def span(self, key: str) -> str | None:
        return "D20:D22" if self.cells else None

    def each(self, key: str) -> list[Column]:
        out = []
        for p in range(2):
            c = PhaseColumn(cells=False)
            c.phase = p
            out.append(c)
        return out


def test_product_multiplies_a_per_element_row_along_its_last_axis() -> None:
    phase = Formula("phase", IF(A >= Row("from"), Row("mult"), 1))
    # Tiers 10k and 200k (a trailing axis for the phases); phases from 0 (x 0.5) and 100k (x 0.6):
    # 10k: 0.5 x 1 = 0.5; 200k: 0.5 x 0.6 = 0.3
    e = env(a=np.array([[10_000.0], [200_000.0]]), **{"from": np.array([0.0, 100_000.0]), "mult": np.array([0.5, 0.6])})
    assert PRODUCT(phase).evaluate(e).tolist() == pytest.approx([0.5, 0.3])
    # No phase at all: the product of nothing is 1
    e = env(a=np.array([[10_000.0]]), **{"from": np.zeros(0), "mult": np.zeros(0)})
    assert PRODUCT(phase).evaluate(e).tolist() == [1.0]
    assert PRODUCT(phase).excel(PhaseColumn(cells=True)) == "PRODUCT(D20:D22)"
    assert PRODUCT(phase).excel(PhaseColumn(cells=False)) == "PRODUCT(IF(D$5>=D$1,D$2,1),IF(D$5>=E$1,E$2,1))"


def test_a_given_row_wins_over_its_definition() -> None:
    # The optimisation multiplier is evaluated with the phases on an axis of their own and handed to the tier rows.
    f = Formula("f", A * 2)
    assert f.evaluate(env(a=3.0)) == 6.0
    assert f.evaluate(env(a=3.0, f=10.0)) == 10.0


def test_ln_and_exp() -> None:
    # LN(e^2) = 2; EXP(LN(10,000)) = 10,000 up to the last bit; written as Excel's functions
    e = env(a=np.array([np.e**2, 10_000.0]))
    assert LN(A).evaluate(e) == pytest.approx([2.0, 9.210340372])
    assert EXP(LN(A)).evaluate(e) == pytest.approx([np.e**2, 10_000.0], rel=1e-15)
    assert EXP(LN(A) + 1).excel(Column()) == "EXP(LN(D$5)+1)"
