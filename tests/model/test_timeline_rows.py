"""model.timeline_rows: the Timeline's month rows, evaluated (numbers worked by hand) and written (the sheet's text)."""

from __future__ import annotations

import doctest
from types import SimpleNamespace
from typing import ClassVar

import numpy as np
import pytest

import model.timeline_rows
from model import timeline_rows as rows
from model.analysis.timeline import monthly_dau
from model.formula import Env
from model.loading import plan_scenario


def _env(growth: str = "linear", *, horizon: int = 7) -> Env:
    """Milestones at month 0 (10,000 DAU), 4 (50,000) and 6 (100,000); months 0-7 with `horizon` in the projection."""
    inputs = SimpleNamespace(
        milestone_month_index=np.array([0.0, 4.0, 6.0]),
        milestone_dau=np.array([10_000.0, 50_000.0, 100_000.0]),
        months_projected=horizon,
        timeline_growth=growth,
    )
    return Env(inputs, rows={"month_index": lambda: np.arange(8.0)})


def test_the_docstring_examples_run() -> None:
    assert doctest.testmod(model.timeline_rows, raise_on_error=False).failed == 0


def test_the_segments_by_hand() -> None:
    e = _env()
    # months 0-3 in segment 1 (0 -> 4), 4-5 in segment 2 (4 -> 6), 6 and after in segment 3 (the last: it ends itself)
    assert rows.SEGMENT.evaluate(e).tolist() == [1, 1, 1, 1, 2, 2, 3, 3]
    assert rows.SEGMENT_START.evaluate(e).tolist() == [0, 0, 0, 0, 4, 4, 6, 6]
    assert rows.SEGMENT_END.evaluate(e).tolist() == [4, 4, 4, 4, 6, 6, 6, 6]
    assert rows.DAU_START.evaluate(e).tolist() == [1e4, 1e4, 1e4, 1e4, 5e4, 5e4, 1e5, 1e5]
    assert rows.DAU_END.evaluate(e).tolist() == [5e4, 5e4, 5e4, 5e4, 1e5, 1e5, 1e5, 1e5]
    # (k - k_a) / (k_b - k_a): 0, 1/4, 2/4, 3/4; 0, 1/2; then 1 after the last milestone
    with np.errstate(divide="ignore", invalid="ignore"):
        assert rows.SHARE_PASSED.evaluate(e).tolist() == [0, 0.25, 0.5, 0.75, 0, 0.5, 1, 1]
    # months 0-6 of 7 in the projection
    assert rows.IN_PROJECTION.evaluate(e).tolist() == [1, 1, 1, 1, 1, 1, 1, 0]


def test_the_dau_by_hand() -> None:
    with np.errstate(divide="ignore", invalid="ignore"):
        linear = rows.DAU.evaluate(_env("linear"))
        exponential = rows.DAU.evaluate(_env("exponential"))
    # linear: 10,000 + 40,000 x (0, 1/4, 2/4, 3/4); 50,000 + 50,000 x (0, 1/2); 100,000; month 7 is past the horizon: 0
    assert linear.tolist() == [10_000, 20_000, 30_000, 40_000, 50_000, 75_000, 100_000, 0]
    # exponential: 10,000 x 5 ^ (1/4) = 14,953.49, x 5 ^ (1/2) = 22,360.68, x 5 ^ (3/4) = 33,437.02;
    # 50,000 x 2 ^ (1/2) = 70,710.68; a milestone's month is exactly its DAU
    assert exponential.tolist() == pytest.approx([10_000, 14_953.4878, 22_360.6798, 33_437.0152, 50_000, 70_710.6781, 100_000, 0])
    assert exponential[[0, 4, 6]].tolist() == [10_000, 50_000, 100_000]


def test_the_dau_is_numpys_interpolation_to_the_last_bit() -> None:
    # The rows replaced numpy.interp (linear) and exp(interp(log)) (exponential): the same numbers, bit for bit, so
    # every figure that reads the months stayed as it was. Random milestones (increasing months and DAU).
    rng = np.random.default_rng(13)
    for _ in range(200):
        m = int(rng.integers(1, 6))
        ks = np.sort(rng.choice(np.arange(1, 60), size=m - 1, replace=False)).astype(float)
        ks = np.concatenate([[0.0], ks])
        ds = np.sort(rng.choice(np.arange(1_000, 2_000_000), size=m, replace=False)).astype(float)
        n = int(ks[-1]) + 12
        k = np.arange(n, dtype=float)
        for growth in ("linear", "exponential"):
            inputs = SimpleNamespace(milestone_month_index=ks, milestone_dau=ds, months_projected=n, timeline_growth=growth)
            with np.errstate(divide="ignore", invalid="ignore"):
                got = rows.DAU.evaluate(Env(inputs, rows={"month_index": lambda k=k: k}))
            shape = np.interp(k, ks, ds) if growth == "linear" else np.exp(np.interp(k, ks, np.log(ds)))
            shape[ks.astype(int)] = ds
            shape[k >= ks[-1]] = ds[-1]
            assert got.tolist() == shape.tolist(), (ks, ds, growth)


def test_the_plans_months_are_these_rows() -> None:
    # The plan: 10k DAU in its first month, each milestone's month exactly the level's DAU, the last DAU held after it.
    s = plan_scenario()
    labels, dau = monthly_dau(s)
    by_number = {lv.number: lv.dau for lv in s.levels}
    for m in s.timeline.milestones:
        assert dau[labels.index(m.month)] == by_number[m.level]
    last = s.timeline.milestones[-1]
    assert set(dau[labels.index(last.month) :]) == {by_number[last.level]}


class MonthRow:
    """Month row 30 of a sheet: month index in A, in projection B, segment D, its ends E-F, their DAU G-H, share I;
    the milestones' month indexes and DAU are ranges."""

    CELLS: ClassVar[dict[str, str]] = {
        "month_index": "A30",
        "in_projection": "B30",
        "segment": "D30",
        "segment_start": "E30",
        "segment_end": "F30",
        "dau_start": "G30",
        "dau_end": "H30",
        "share_passed": "I30",
    }

    def row(self, key: str) -> str:
        return self.CELLS[key]

    def inline(self, key: str) -> bool:
        return key not in self.CELLS  # the DAU along the milestones: inside the DAU's own cell

    def name(self, name: str) -> str:
        return {"milestone_month_index": "$D$5:$D$9", "milestone_dau": "$E$5:$E$9"}.get(name, name)


@pytest.mark.parametrize(
    ("row", "text"),
    [
        (rows.IN_PROJECTION, "IF(A30<months_projected,1,0)"),
        (rows.SEGMENT, 'COUNTIF($D$5:$D$9,"<="&A30)'),
        (rows.SEGMENT_START, "INDEX($D$5:$D$9,D30)"),
        (rows.SEGMENT_END, "INDEX($D$5:$D$9,MIN(D30+1,COUNT($D$5:$D$9)))"),
        (rows.DAU_START, "INDEX($E$5:$E$9,D30)"),
        (rows.DAU_END, "INDEX($E$5:$E$9,MIN(D30+1,COUNT($D$5:$D$9)))"),
        (rows.SHARE_PASSED, "IF(F30>E30,(A30-E30)/(F30-E30),1)"),
        (
            rows.DAU,
            'IF(B30=0,0,IF(AND(A30>E30,A30<F30),IF(timeline_growth="linear",G30+(H30-G30)/(F30-E30)*(A30-E30),'
            "EXP(LN(G30)+(LN(H30)-LN(G30))/(F30-E30)*(A30-E30))),G30))",
        ),
    ],
)
def test_each_row_is_written_as_one_excel_formula(row: rows.Formula, text: str) -> None:
    assert row.written(MonthRow()) == text
