"""Formulas defined once, rendered two ways: evaluated with numpy and written as Excel text.

An expression is built from four kinds of node:

- ``Input("days_per_month")``: a named input. Evaluated, it is the ``Params`` attribute of that name (or ``attr``);
  written, it is the workbook's defined name of the same name.
- ``Row("dau")``: a per-tier row computed elsewhere (not yet defined here). Evaluated, the environment supplies it;
  written, it is that row's cell in the tier's column.
- ``Formula(key, expr, ...)``: a row defined here. Used inside another expression it is a reference to its row:
  evaluated, its own expression (computed once per environment); written, its cell in the tier's column.
- ``Const(1)``: a number the formula itself needs (the 1 in ``1 - hit rate``), never an assumption.

Nodes combine with ``+ - * /``, the comparisons ``>= > <= <`` and ``eq``, and the functions ``IF``, ``AND``, ``MIN``,
``MAX``, ``ROUND`` (as the workbook rounds: ``model.rounding``), ``INDEX`` (a per-level input looked up by a 1-based
position), ``ISNUMBER`` and ``N`` (for optional slots a sheet may leave blank), ``COUNTIF`` and ``COUNT`` over an input
that is a range (the level in force, a timeline's segment), ``PRODUCT`` and ``SUM`` over a per-element row (the optimisation
phases in force, the caches), ``LN`` and ``EXP``, and ``**`` (Excel's ``^``). ``Text("ok")`` is a text constant (written with its quotes). Written, an expression gets only the parentheses its evaluation order needs, so ``a * b * c`` (Python
evaluates it as ``(a * b) * c``) reads ``a*b*c`` and ``a * (1 - b)`` reads ``a*(1-b)``.

>>> calls = Formula("calls", Row("dau") * Input("calls_per_dau_per_day") * Input("days_per_month"), label="AI calls")
>>> reach = Formula("reach", calls * (1 - Input("ai_response_hit_rate")), label="Calls reaching the model")
>>> class P:  # any object with the inputs as attributes (the model passes its Params)
...     calls_per_dau_per_day, days_per_month, ai_response_hit_rate = 3, 30, 0.25
>>> env = Env(P(), rows={"dau": lambda: np.array([10_000.0, 50_000.0])})
>>> reach.evaluate(env)  # 10,000 x 3 x 30 = 900,000 calls, x (1 - 0.25) = 675,000; 50,000 DAU: 3,375,000
array([ 675000., 3375000.])
>>> class Column:  # where the rows of tier column D are (the workbook writer's Calc sheet)
...     def row(self, key: str) -> str:
...         return {"dau": "D$5", "calls": "D$20"}[key]
...     def name(self, name: str) -> str:
...         return name
>>> reach.written(Column())  # the row's own formula
'D$20*(1-ai_response_hit_rate)'
>>> calls.written(Column())
'D$5*calls_per_dau_per_day*days_per_month'
>>> calls.excel(Column())  # inside another formula a row is its cell
'D$20'
>>> class Inline(Column):  # a sheet with no row for the calls writes them in place (bracketed)
...     def inline(self, key: str) -> bool:
...         return key == "calls"
>>> reach.written(Inline())
'D$5*calls_per_dau_per_day*days_per_month*(1-ai_response_hit_rate)'
>>> (Input("spend") / calls).excel(Inline())  # brackets where the order of evaluation needs them
'spend/(D$5*calls_per_dau_per_day*days_per_month)'
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import numpy as np

from model.rounding import excel_round_array

Num = Any  # a float or an array that broadcasts

# Excel's operator precedence, lowest first (unary minus is not offered; & only inside COUNTIF's criterion).
_COMPARE, _CONCAT, _ADD, _MUL, _POW, _ATOM = 1, 2, 3, 4, 5, 9
_OPS: dict[str, tuple[int, Callable[[Num, Num], Num]]] = {
    "+": (_ADD, lambda a, b: a + b),
    "-": (_ADD, lambda a, b: a - b),
    "*": (_MUL, lambda a, b: a * b),
    "/": (_MUL, lambda a, b: a / b),
    "^": (_POW, lambda a, b: np.power(a, b)),
    ">=": (_COMPARE, lambda a, b: np.asarray(a) >= b),
    ">": (_COMPARE, lambda a, b: np.asarray(a) > b),
    "<=": (_COMPARE, lambda a, b: np.asarray(a) <= b),
    "<": (_COMPARE, lambda a, b: np.asarray(a) < b),
    "=": (_COMPARE, lambda a, b: np.asarray(a) == b),
}


class Column(Protocol):
    """Where a tier's cells are, for writing: the workbook writer implements it for each sheet that uses formulas."""

    def row(self, key: str) -> str:
        """The cell of row ``key`` in this column, e.g. ``D$20``."""
        ...

    def name(self, name: str) -> str:
        """The workbook's reference for the named input ``name`` (its defined name)."""
        ...


def _inlined(column: Column, key: str) -> bool:
    """Whether ``column`` writes row ``key`` in place: a sheet without a row for it gives ``inline(key) -> True``
    (optional; a sheet with every row it references need not have ``inline``)."""
    inline = getattr(column, "inline", None)
    return bool(inline is not None and inline(key))


class Env:
    """What an evaluation reads: ``params`` (inputs as attributes) and ``rows`` (a function per row given from outside).

    Each row, given or defined, is computed at most once per environment, and so is a function call that appears
    twice in one formula (the same node: an alert's ROUND).
    """

    def __init__(self, params: Any, *, rows: Mapping[str, Callable[[], Num]]) -> None:
        self.params = params
        self.given = rows
        self.values: dict[str, Num] = {}
        self.calls: dict[Expr, Num] = {}  # keyed by the node itself (held, so its identity is never reused)

    def row(self, key: str, expr: Expr | None = None) -> Num:
        """Row ``key``: given from outside if the environment gives it (a row evaluated with another axis, say the
        optimisation phases'), else its expression ``expr``."""
        if key not in self.values:
            if key in self.given:
                self.values[key] = self.given[key]()
            elif expr is not None:
                self.values[key] = expr.evaluate(self)
            else:
                raise KeyError(f"row '{key}' is neither defined nor given")
        return self.values[key]


class Expr:
    """A node of a formula. Subclasses give ``evaluate`` (numpy) and ``excel`` (text)."""

    @property
    def precedence(self) -> int:
        """Excel's binding strength of the node's outermost operator (a name, a cell or a call binds tightest)."""
        return _ATOM

    def precedence_in(self, column: Column) -> int:
        """``precedence`` as written in ``column`` (a row written in place binds as its expression does)."""
        return self.precedence

    def evaluate(self, env: Env) -> Num:
        raise NotImplementedError

    def excel(self, column: Column) -> str:
        raise NotImplementedError

    def __add__(self, other: Operand) -> Expr:
        return BinOp("+", self, lift(other))

    def __radd__(self, other: Operand) -> Expr:
        return BinOp("+", lift(other), self)

    def __sub__(self, other: Operand) -> Expr:
        return BinOp("-", self, lift(other))

    def __rsub__(self, other: Operand) -> Expr:
        return BinOp("-", lift(other), self)

    def __mul__(self, other: Operand) -> Expr:
        return BinOp("*", self, lift(other))

    def __rmul__(self, other: Operand) -> Expr:
        return BinOp("*", lift(other), self)

    def __truediv__(self, other: Operand) -> Expr:
        return BinOp("/", self, lift(other))

    def __rtruediv__(self, other: Operand) -> Expr:
        return BinOp("/", lift(other), self)

    def __ge__(self, other: Operand) -> Expr:
        return BinOp(">=", self, lift(other))

    def __gt__(self, other: Operand) -> Expr:
        return BinOp(">", self, lift(other))

    def __le__(self, other: Operand) -> Expr:
        return BinOp("<=", self, lift(other))

    def __lt__(self, other: Operand) -> Expr:
        return BinOp("<", self, lift(other))

    def __pow__(self, other: Operand) -> Expr:
        return BinOp("^", self, lift(other))


Operand = Expr | int | float


def lift(x: Operand) -> Expr:
    """A number becomes a ``Const``; a node stays itself (text is a ``Text``, never a bare string: "1" is no number)."""
    if isinstance(x, Expr):
        return x
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise TypeError(f"a formula takes numbers and nodes, not {type(x).__name__}")
    return Const(x)


@dataclass(frozen=True, eq=False)
class Const(Expr):
    """A number the formula needs by its nature (1 in ``1 - share``); assumptions are ``Input``s."""

    value: int | float

    def evaluate(self, env: Env) -> Num:
        return self.value

    def excel(self, column: Column) -> str:
        return repr(self.value)


@dataclass(frozen=True, eq=False)
class Text(Expr):
    """A text constant (an alert's ``"ok"``): itself evaluated, in double quotes written."""

    value: str

    def evaluate(self, env: Env) -> Num:
        return self.value

    def excel(self, column: Column) -> str:
        return '"' + self.value.replace('"', '""') + '"'


@dataclass(frozen=True, eq=False)
class Blank(Expr):
    """An empty cell (a margin share where there is no revenue): written ``""``, evaluated NaN, so a row that is blank
    somewhere stays a number array (``IF(cond, x, Blank())`` is ``x`` or NaN element-wise; ``ISNUMBER`` says no).

    >>> IF(Row("revenue") > 0, Const(1) / Row("revenue"), Blank()).evaluate(Env(None, rows={"revenue": lambda: 0.0}))
    nan
    """

    def evaluate(self, env: Env) -> Num:
        return np.nan

    def excel(self, column: Column) -> str:
        return '""'


@dataclass(frozen=True, eq=False)
class Input(Expr):
    """A named input: ``params.<attr or name>`` evaluated (its ``column`` on the last axis where the attribute is a
    table, say a category of the per-level-by-category line items), the defined name ``name`` written."""

    name: str
    attr: str | None = None
    column: int | None = None

    def evaluate(self, env: Env) -> Num:
        value = getattr(env.params, self.attr or self.name)
        return value if self.column is None else np.asarray(value)[..., self.column]

    def excel(self, column: Column) -> str:
        return column.name(self.name)


@dataclass(frozen=True, eq=False)
class Row(Expr):
    """A per-tier row defined outside this layer (the environment gives its values, the sheet its cell)."""

    key: str

    def evaluate(self, env: Env) -> Num:
        return env.row(self.key)

    def excel(self, column: Column) -> str:
        return column.row(self.key)


@dataclass(frozen=True, eq=False)
class BinOp(Expr):
    op: str
    left: Expr
    right: Expr

    @property
    def precedence(self) -> int:
        return _OPS[self.op][0]

    def evaluate(self, env: Env) -> Num:
        return _OPS[self.op][1](self.left.evaluate(env), self.right.evaluate(env))

    def excel(self, column: Column) -> str:
        # A right operand of the same precedence is bracketed: a-(b-c), and a*(b*c) keeps its evaluation order.
        left = self.left.excel(column)
        right = self.right.excel(column)
        if self.left.precedence_in(column) < self.precedence:
            left = f"({left})"
        if self.right.precedence_in(column) <= self.precedence:
            right = f"({right})"
        return f"{left}{self.op}{right}"


def _n(value: Num) -> Num:
    """Excel's N over a number: a blank (NaN) is 0, a number itself (the very object: a float stays a float)."""
    if isinstance(value, np.ndarray):
        return np.where(np.isnan(value), 0.0, value) if value.dtype.kind == "f" and np.isnan(value).any() else value
    if isinstance(value, float) and value != value:
        return 0.0
    return value


_FUNCTIONS: dict[str, Callable[[list[Num]], Num]] = {
    "AND": lambda v: functools.reduce(np.logical_and, v),
    "MIN": lambda v: functools.reduce(np.minimum, v),
    "MAX": lambda v: functools.reduce(np.maximum, v),
    # a blank cell is not a number; the model's blanks are NaN
    "ISNUMBER": lambda v: ~np.isnan(np.asarray(v[0], dtype=float)),
    # a blank cell counts as 0 (the model's blanks are NaN)
    "N": lambda v: _n(v[0]),
    "ROUND": lambda v: excel_round_array(v[0], int(v[1])),
    # a 1-based position into a per-level input (the last axis: per draw, per level)
    "INDEX": lambda v: np.take(v[0], np.asarray(v[1], dtype=int) - 1, axis=-1),
    "LN": lambda v: np.log(v[0]),
    "EXP": lambda v: np.exp(v[0]),
    # the numbers of a range; the model's blanks are NaN
    "COUNT": lambda v: np.count_nonzero(~np.isnan(np.asarray(v[0], dtype=float)), axis=-1),
}
"""Each Excel function's numpy form over its evaluated arguments (IF is ``Call``'s own: it computes only the branch
it needs where one answer holds for every tier)."""


@dataclass(frozen=True, eq=False)
class Call(Expr):
    """An Excel function over its arguments, with its numpy equivalent."""

    function: str
    args: tuple[Expr, ...]

    def evaluate(self, env: Env) -> Num:
        if self not in env.calls:
            env.calls[self] = self._evaluate(env)
        return env.calls[self]

    def _evaluate(self, env: Env) -> Num:
        if self.function == "IF":
            condition = self.args[0].evaluate(env)
            if np.ndim(condition) == 0:  # one answer for every tier: only its branch is computed
                return self.args[1 if condition else 2].evaluate(env)
            return np.where(condition, self.args[1].evaluate(env), self.args[2].evaluate(env))
        function = _FUNCTIONS.get(self.function)
        if function is None:
            raise ValueError(f"no numpy form for {self.function}")
        return function([a.evaluate(env) for a in self.args])

    def excel(self, column: Column) -> str:
        return f"{self.function}({','.join(a.excel(column) for a in self.args)})"


_CRITERIA: dict[str, Callable[[Num, Num], Num]] = {"<=": np.less_equal, "<": np.less, ">=": np.greater_equal, ">": np.greater}


@dataclass(frozen=True, eq=False)
class CountIf(Expr):
    """How many numbers of a range compare with ``value`` as ``criterion`` says: ``COUNTIF(range,"<="&value)``.

    Evaluated element-wise over ``value`` (the range is the last axis of ``values``; a blank, NaN, never counts)."""

    values: Expr
    criterion: str
    value: Expr

    def evaluate(self, env: Env) -> Num:
        values = np.asarray(self.values.evaluate(env), dtype=float)
        value = np.asarray(self.value.evaluate(env), dtype=float)
        return np.count_nonzero(_CRITERIA[self.criterion](values, value[..., None]), axis=-1)

    def excel(self, column: Column) -> str:
        value = self.value.excel(column)
        if self.value.precedence_in(column) <= _CONCAT:
            value = f"({value})"
        return f'COUNTIF({self.values.excel(column)},"{self.criterion}"&{value})'


@dataclass(frozen=True, eq=False)
class Product(Expr):
    """The product of a per-element row over its elements (the optimisation phases in force): ``PRODUCT(D20:D21)``.

    Evaluated: the row's values carry the elements on their last axis (the environment gives each element's inputs
    there), and the product runs along it (1 with no element). Written: ``PRODUCT`` over the row's cells where the sheet
    has them (``column.span(key)``), else over the row written in place for each element (``column.each(key)``)."""

    row: Formula
    function: ClassVar[str] = "PRODUCT"

    def evaluate(self, env: Env) -> Num:
        return np.prod(np.asarray(self.row.evaluate(env), dtype=float), axis=-1)

    def excel(self, column: Column) -> str:
        span = getattr(column, "span", None)
        if span is not None and (cells := span(self.row.key)) is not None:
            return f"{self.function}({cells})"
        return f"{self.function}({','.join(self.row.written(each) for each in column.each(self.row.key))})"  # type: ignore[attr-defined]


@dataclass(frozen=True, eq=False)
class Sum(Product):
    """The sum of a per-element row over its elements (the caches' parts of the AI response hit rate): ``SUM(F5:F8)``
    over the row's cells (``column.span(key)``), else ``SUM(...)`` over the row written in place for each element
    (``column.each(key)``). Evaluated along the last axis (0 with no element)."""

    function: ClassVar[str] = "SUM"

    def evaluate(self, env: Env) -> Num:
        return np.sum(np.asarray(self.row.evaluate(env), dtype=float), axis=-1)


def eq(a: Operand, b: Operand) -> Expr:
    """``a = b`` (Python's ``==`` stays identity, so nodes can be dict keys)."""
    return BinOp("=", lift(a), lift(b))


def IF(condition: Expr, then: Operand, otherwise: Operand) -> Expr:
    """``then`` where ``condition`` holds, else ``otherwise`` (element-wise)."""
    return Call("IF", (condition, lift(then), lift(otherwise)))


def AND(*conditions: Expr) -> Expr:
    return Call("AND", tuple(conditions))


def MIN(*args: Operand) -> Expr:
    """The element-wise smallest of the arguments (Excel's MIN over single cells)."""
    return Call("MIN", tuple(lift(a) for a in args))


def MAX(*args: Operand) -> Expr:
    """The element-wise largest of the arguments (Excel's MAX over single cells)."""
    return Call("MAX", tuple(lift(a) for a in args))


def ISNUMBER(value: Expr) -> Expr:
    """Whether ``value`` is a number (a blank slot of a list, say a model slot left empty, is not)."""
    return Call("ISNUMBER", (value,))


def N(value: Expr) -> Expr:
    """``value``, with a blank cell counting as 0 (an optional price or token count left empty)."""
    return Call("N", (value,))


def ROUND(value: Operand, digits: Operand) -> Expr:
    """``value`` rounded to ``digits`` decimals the way the workbook rounds (half away from zero on 15 significant
    digits; ``model.rounding.excel_round``), element-wise."""
    return Call("ROUND", (lift(value), lift(digits)))


def INDEX(values: Expr, position: Operand) -> Expr:
    """The ``position``-th (from 1) of a per-level input: written ``INDEX(range,position)`` over the input's range."""
    return Call("INDEX", (values, lift(position)))


def LN(value: Operand) -> Expr:
    """The natural logarithm, element-wise."""
    return Call("LN", (lift(value),))


def EXP(value: Operand) -> Expr:
    """e to the power ``value``, element-wise (``EXP(LN(x)) = x`` up to the last bit)."""
    return Call("EXP", (lift(value),))


def COUNT(values: Expr) -> Expr:
    """How many numbers a range holds (a blank slot is none): ``COUNT(range)``."""
    return Call("COUNT", (values,))


def COUNTIF(values: Expr, criterion: str, value: Operand) -> Expr:
    """How many of a range's numbers are ``criterion`` (one of ``<= < >= >``) ``value``: ``COUNTIF(range,"<="&value)``.

    >>> class P:
    ...     level_start_dau = np.array([10_000.0, 50_000.0, 100_000.0])
    >>> at = COUNTIF(Input("level_start_dau"), "<=", Row("dau"))  # levels started by each DAU
    >>> at.evaluate(Env(P(), rows={"dau": lambda: np.array([5_000.0, 50_000.0, 99_999.0])})).tolist()
    [0, 2, 2]
    """
    if criterion not in _CRITERIA:
        raise ValueError(f"COUNTIF takes one of {sorted(_CRITERIA)}, not {criterion!r}")
    return CountIf(values, criterion, lift(value))


def SUM(row: Formula) -> Expr:
    """The sum of a per-element row over its elements (see ``Sum``).

    >>> part = Formula("part", IF(eq(Row("serves"), Text("ai")), N(Row("hit_rate")), 0))
    >>> env = Env(None, rows={"serves": lambda: np.array(["db", "ai", "db"]), "hit_rate": lambda: np.array([0.85, 0.3, np.nan])})
    >>> float(SUM(part).evaluate(env))  # only the cache that serves 'ai': 0 + 0.3 + 0
    0.3
    """
    return Sum(row)


def PRODUCT(row: Formula) -> Expr:
    """The product of a per-element row over its elements (see ``Product``).

    >>> phase = Formula("phase", IF(Row("dau") >= Row("phase.from_dau"), Row("phase.multiplier"), 1))
    >>> env = Env(None, rows={"dau": lambda: np.array([[10_000.0], [200_000.0]]),  # two tiers, an axis for the phases
    ...     "phase.from_dau": lambda: np.array([0.0, 100_000.0]), "phase.multiplier": lambda: np.array([0.5, 0.6])})
    >>> PRODUCT(phase).evaluate(env).tolist()  # 10k DAU: phase 1 only, 0.5; 200k: 0.5 x 0.6 = 0.3
    [0.5, 0.3]
    """
    return Product(row)


class Linear:
    """A value linear in one row, ``fixed + per x row``: evaluate a formula with that row given as ``Linear.of_row()``
    and the result is the formula's two coefficients (exactly as the same arithmetic on numbers would give them).

    Sums, differences, and products or quotients with numbers stay linear; anything else (a product of two such values,
    a comparison) is not linear and raises TypeError.

    >>> demand = Input("fixed_gb") + Input("gb_per_1k_dau") / Input("dau_per_thousand") * Row("dau")
    >>> class P:
    ...     fixed_gb, gb_per_1k_dau, dau_per_thousand = 0.2, 0.3, 1000
    >>> line = demand.evaluate(Env(P(), rows={"dau": Linear.of_row}))
    >>> line.fixed, line.per  # 0.2 GB + 0.3 / 1,000 = 0.0003 GB per DAU
    (0.2, 0.0003)
    >>> (Row("dau") * Row("dau")).evaluate(Env(P(), rows={"dau": Linear.of_row}))
    Traceback (most recent call last):
    ...
    TypeError: not linear in the row: a product of two values that both depend on it
    """

    __array_ufunc__ = None  # numpy hands arithmetic with a Linear back to its reflected operators

    def __init__(self, fixed: Num, per: Num) -> None:
        self.fixed, self.per = fixed, per

    @classmethod
    def of_row(cls) -> Linear:
        """The row itself: 0 + 1 x row."""
        return cls(0.0, 1.0)

    def __repr__(self) -> str:
        return f"Linear({self.fixed!r}, {self.per!r})"

    def __add__(self, other: Any) -> Linear:
        if isinstance(other, Linear):
            return Linear(self.fixed + other.fixed, self.per + other.per)
        return Linear(self.fixed + other, self.per)

    def __radd__(self, other: Any) -> Linear:
        return Linear(other + self.fixed, self.per)

    def __sub__(self, other: Any) -> Linear:
        if isinstance(other, Linear):
            return Linear(self.fixed - other.fixed, self.per - other.per)
        return Linear(self.fixed - other, self.per)

    def __rsub__(self, other: Any) -> Linear:
        return Linear(other - self.fixed, -self.per)

    def __mul__(self, other: Any) -> Linear:
        if isinstance(other, Linear):
            raise TypeError("not linear in the row: a product of two values that both depend on it")
        return Linear(self.fixed * other, self.per * other)

    def __rmul__(self, other: Any) -> Linear:
        return Linear(other * self.fixed, other * self.per)

    def __truediv__(self, other: Any) -> Linear:
        if isinstance(other, Linear):
            raise TypeError("not linear in the row: a quotient by a value that depends on it")
        return Linear(self.fixed / other, self.per / other)

    def __rtruediv__(self, other: Any) -> Linear:
        raise TypeError("not linear in the row: a quotient by a value that depends on it")


@dataclass(frozen=True, eq=False)
class Formula(Expr):
    """A row defined once: its expression, and what a reader sees beside it (label, unit, how; English, translated
    where it is written). ``display`` says how its numbers read: count, share, usd, usd_per_call, usd_per_dau, multiplier, flag.
    Inside another expression it stands for its row."""

    key: str
    expr: Expr
    label: str = ""
    unit: str = ""
    how: str = ""
    display: str = "usd"
    bold: bool = False

    def evaluate(self, env: Env) -> Num:
        return env.row(self.key, self.expr)

    def precedence_in(self, column: Column) -> int:
        return self.expr.precedence_in(column) if _inlined(column, self.key) else _ATOM

    def excel(self, column: Column) -> str:
        if _inlined(column, self.key):  # no row of its own on this sheet: its expression (the operator brackets it)
            return self.expr.excel(column)
        return column.row(self.key)

    def written(self, column: Column) -> str:
        """The Excel formula of this row in ``column`` (without the leading '=')."""
        return self.expr.excel(column)
