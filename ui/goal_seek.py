"""Goal seek in the app: the table builder (no ``st.*``), the Apply callback and the goal line other pages show.

The page (views/goal_seek.py) asks ``model.solve`` for every driver's answer; ``answer_table`` turns the answers
into the strings a person reads, each result shown with the digits that tell it from the target
(``model.precision``). Apply sets the driver through ``ui.state.set_override`` (validated, refused with a notice
like any control) and moves its slider to the answer; the goal is remembered for the session, so the Overview
can say whether the scenario meets it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from i18n.money import in_currency_words, money_against
from i18n.phrase import render
from i18n.text import N_, _
from model import precision
from model.formatting import dau as dau_text
from model.solve import TARGETS, DriverAnswer, Goal, meets, result_at
from ui import state
from ui.driver_text import label_of
from ui.tables import markdown_escape

GOAL_KEY = "goal_seek_goal"
"""Session state: the goal last applied, {'target', 'at', 'value', 'goal'}."""

STATUS_TEXT = {
    "crossing": N_("meets it exactly at the boundary"),
    "step": N_("a step: the result jumps past the target here"),
    "all_meet": N_("every value in the bounds meets it"),
}
TARGET_LABELS = {
    "cost_per_dau_usd": N_("Cost per DAU (USD per month)"),
    "total_usd": N_("Monthly total (USD)"),
    "ai_usd": N_("Monthly AI bill (USD)"),
    "ai_share": N_("AI share of the monthly total"),
    "gross_margin_usd": N_("Gross margin (USD per month)"),
    "gross_margin_pct": N_("Gross margin (share of revenue)"),
}
"""The labels of model.solve.TARGETS, marked for the catalogue (a test checks they are the same English)."""
COLUMNS = {
    "Driver": N_("Driver"),
    "Bounds": N_("Bounds"),
    "Now": N_("Now"),
    "Answer": N_("Answer"),
    "Result there": N_("Result there"),
    "Just past it": N_("Just past it"),
    "Note": N_("Note"),
}


def is_money(target: str) -> bool:
    """Whether ``target`` is an amount of money (typed and shown in the session's currency)."""
    return TARGETS[target].display in ("usd", "usd_cents")


def target_label(target: str) -> str:
    """A target's label in the current language; a money target names the session's currency ('월 합계 (KRW)')."""
    label = _(TARGETS[target].label)
    return in_currency_words(label) if is_money(target) else label


@dataclass(frozen=True)
class GoalStrings:
    """A figure and its target with the digits that tell them apart, and whether it meets it."""

    figure: str
    target: str
    met: bool
    sign: str


def against(target: str, figure: float, wanted: float, goal: Goal) -> GoalStrings:
    """``figure`` and ``wanted`` formatted for ``target`` (money or a share) with enough digits to tell them apart."""
    display = TARGETS[target].display
    if display == "fraction":
        shown = precision.pct_against(figure, wanted, least=1)
    else:
        shown = money_against(figure, wanted, cents=display == "usd_cents")  # in the session's currency
    return GoalStrings(shown[0], shown[1], meets(figure, wanted, goal), _("at most") if goal == "at_most" else _("at least"))


def driver_value(display: str, unit: str, value: float) -> str:
    """A driver's value, unrounded enough to set it again: 0.681111 -> '68.1111%', 500000 -> '500,000'."""
    figure, words = driver_value_parts(display, unit, value)
    return f"{figure} {words}" if words else figure


def driver_value_parts(display: str, unit: str, value: float) -> tuple[str, str]:
    """``driver_value`` as (figure, unit words): the answer card shows the figure large and the unit in its label, so
    a unit such as '호출/DAU/일' is never cut off. The unit is '' where the figure says it (%, $) or needs none."""
    if display == "fraction":
        return f"{value * 100:.4f}".rstrip("0").rstrip(".") + "%", ""
    if display in ("usd", "usd_cents"):
        return f"${value:,.4f}".rstrip("0").rstrip("."), ""
    if display == "dau":
        return f"{value:,.0f}", ""
    return f"{value:,.6g}", "" if unit in ("share", "x") else _(unit)  # the unit in the catalogue (model/drivers.py)


def answer_label(display: str, unit: str) -> str:
    """The answer card's label: 'Answer', or 'Answer (calls/DAU/day)' where the figure has a unit (driver_value_parts)."""
    words = driver_value_parts(display, unit, 0.0)[1]
    return _("Answer ({unit})").format(unit=words) if words else _("Answer")


def answer_table(answers: tuple[DriverAnswer, ...], *, target: str, value: float, goal: Goal) -> pd.DataFrame:
    """One row per driver: bounds, now, answer, the target there, the miss just past it, and what kind of answer."""
    rows = []
    for a in answers:
        s = a.solution
        bounds = _("{low} to {high}").format(
            low=driver_value(a.display, a.unit, a.min), high=driver_value(a.display, a.unit, a.max)
        )
        if s is None:
            rows.append(
                {
                    "Driver": label_of(a.path, a.label),
                    "Bounds": bounds,
                    "Now": driver_value(a.display, a.unit, a.current),
                    "Answer": _("none"),
                    "Result there": "",
                    "Just past it": "",
                    "Note": render(a.reason_phrase, shown={"label": label_of(a.path, a.label)})
                    if a.reason_phrase is not None
                    else a.reason,
                }
            )
            continue
        there = against(target, s.achieved, value, goal)
        past = against(target, s.beyond, value, goal).figure if s.beyond is not None else ""
        rows.append(
            {
                "Driver": label_of(a.path, a.label),
                "Bounds": bounds,
                "Now": driver_value(a.display, a.unit, a.current),
                # Every value meets it: no boundary to report; the result shown is the one now.
                "Answer": _("any") if s.status == "all_meet" else driver_value(a.display, a.unit, s.value),
                "Result there": there.figure,
                "Just past it": past,
                "Note": _(STATUS_TEXT[s.status]),
            }
        )
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    return table.rename(columns={k: _(v) for k, v in COLUMNS.items()})


def apply(path: str, value: float, goal: dict[str, Any]) -> None:
    """Button callback: set the driver to the answer (one click) and remember the goal for the Overview."""
    state.set_override(path, value)
    scenario = state.current_scenario()
    d = next((d for d in state.drivers() if d.path == path), None)
    if d is not None:
        # The control shows the answer itself, not the nearest step (set_override records it; this moves the slider).
        st.session_state[state.widget_key(path)] = state.widget_value(d, d.value(scenario))
        st.session_state[state.WIDGETS_SET] = True
    st.session_state[GOAL_KEY] = dict(goal)


def goal_line() -> None:
    """On a page: whether the current scenario meets the goal last applied on Goal seek (nothing if none)."""
    goal = st.session_state.get(GOAL_KEY)
    if not goal:
        return
    figure = result_at(state.current_scenario(), goal["target"], goal["at"])
    g = against(goal["target"], figure, goal["value"], goal["goal"])
    values = {
        "target": markdown_escape(target_label(goal["target"])),
        "dau": dau_text(goal["at"]),
        "figure": markdown_escape(g.figure),
        "sign": g.sign,
        "value": markdown_escape(g.target),
    }
    if g.met:
        text = _("Goal seek: {target} at {dau} DAU is **{figure}**, {sign} {value}: **met**.")
        st.success(text.format(**values), icon=":material/check_circle:")
    else:
        text = _("Goal seek: {target} at {dau} DAU is **{figure}**, {sign} {value}: **not met**.")
        st.warning(text.format(**values), icon=":material/warning:")
