"""Goal seek: which value of each driver meets a target, the DAU or the month it is crossed, and Apply in one click."""

from __future__ import annotations

import streamlit as st

from i18n.display import current
from i18n.phrase import render
from i18n.text import _
from model.fx import convert
from model.solve import MAX_TARGET_VALUE, TARGETS, NoSolution, solve_dau, solve_every_driver, solve_month
from model.views import ai_cache_driver_path
from ui import goal_seek, state
from ui.driver_text import label_of
from ui.goal_seek import against, answer_label, answer_table, driver_value_parts, target_label
from ui.text import md

TEXT = {
    "title": _("Goal seek"),
    "caption": _(
        "Which value of a driver meets a target? Each driver is moved alone within its control's bounds, every other "
        "setting kept, and the boundary found on the model itself (root finding between the model's steps; where the "
        "result jumps past the target at a step of the staircase, the step is the answer). Results are shown with the "
        "digits it takes to tell them from the target."
    ),
    "target": _("Target"),
    "goal": _("Meets it when the result is"),
    "value": _("Target value"),
    "value_help": _(
        "Money targets in the currency shown in the sidebar (converted to the model's USD at its rate); a share "
        "(0.8 = 80%) for the AI share and the gross margin share."
    ),
    "at": _("At DAU"),
    "mode": _("Find"),
    "modes": {
        "driver": _("each driver's value"),
        "dau": _("the first DAU"),
        "month": _("the first month on the growth path"),
    },
    "pick": _("Driver to apply"),
    "answer_help": _("The boundary value on the side that meets the target, unrounded (to the solver's tolerance)."),
    "there": _("Result at the answer"),
    "apply": _("Apply"),
    "apply_help": _("Sets the driver to the answer (its slider moves there); the Overview then says whether the goal is met."),
    "none": _("No driver meets the target within its bounds."),
    "all_meet": _("The target is met whatever value these drivers take within their bounds: nothing to apply."),
}
GOALS = {"at_most": _("at most the target"), "at_least": _("at least the target")}

scenario = state.current_scenario()
st.title(TEXT["title"])
st.caption(TEXT["caption"])

c = st.columns([2, 1, 1, 1])
target = c[0].selectbox(TEXT["target"], list(TARGETS), format_func=target_label, key="goal_seek_target")
mode = c[1].radio(TEXT["mode"], list(TEXT["modes"]), format_func=TEXT["modes"].get, key="goal_seek_mode")
default_value = scenario.economics.cost_budget_usd_per_dau_per_month if target == "cost_per_dau_usd" else 0.0
# A money target is typed in the session's currency and solved in the model's USD; a typed value belongs to its
# currency (its own widget), so switching the currency never reads ₩420 as $420.
fx = current().fx
in_currency = goal_seek.is_money(target) and not fx.is_identity
typed = c[2].number_input(
    TEXT["value"] + (f" ({fx.currency})" if in_currency else ""),
    min_value=-MAX_TARGET_VALUE,
    max_value=MAX_TARGET_VALUE,
    value=float(convert(default_value, fx.rate) if in_currency else default_value),
    step=0.01,
    format="%.6g",
    help=TEXT["value_help"],
    key=f"goal_seek_value:{target}:{fx.currency}" if in_currency else f"goal_seek_value:{target}",
)
value = float(typed) / fx.rate if in_currency else float(typed)
at = c[3].number_input(
    TEXT["at"], min_value=1, max_value=100_000_000, value=500_000, step=10_000, key="goal_seek_at", disabled=mode != "driver"
)
goal = (
    st.segmented_control(
        TEXT["goal"],
        list(GOALS),
        format_func=GOALS.get,
        default=TARGETS[target].goal,
        required=True,
        key=f"goal_seek_goal:{target}",
    )
    or TARGETS[target].goal
)


@st.cache_data(max_entries=64, show_spinner=False)
def _answers(key: str, target: str, at: float, value: float, goal: str, _scenario):  # type: ignore[no-untyped-def]
    return solve_every_driver(_scenario, target=target, at=at, value=value, goal=goal)  # type: ignore[arg-type]


def _drivers_view() -> None:
    answers = _answers(state.scenario_key(scenario), target, float(at), float(value), goal, scenario)
    # A driver every value of which meets the target has no boundary to apply.
    solved = [a for a in answers if a.solution is not None and a.solution.status != "all_meet"]
    if solved:
        # The picker and Apply on one row, the two cards below at half the width each: an answer with its unit
        # ('2.02222 calls/DAU/day') is never cut off at 1280 px, and a phone stacks them.
        cols = st.columns([3, 1], vertical_alignment="bottom")
        options = {a.path: a for a in solved}
        preferred = ai_cache_driver_path(scenario)
        pick = cols[0].selectbox(
            TEXT["pick"],
            list(options),
            index=list(options).index(preferred) if preferred in options else 0,
            format_func=lambda p: label_of(p, options[p].label),
            key="goal_seek_pick",
        )
        chosen = options[pick]
        s = chosen.solution
        assert s is not None
        shown = against(target, s.achieved, value, goal)  # type: ignore[arg-type]
        cards = st.columns(2)
        cards[0].metric(
            answer_label(chosen.display, chosen.unit),
            driver_value_parts(chosen.display, chosen.unit, s.value)[0],
            help=TEXT["answer_help"],
            border=True,
        )
        cards[1].metric(
            TEXT["there"],
            shown.figure,
            help=(_("{target}: {sign} {value}, met") if shown.met else _("{target}: {sign} {value}, not met")).format(
                target=target_label(target), sign=shown.sign, value=shown.target
            ),
            border=True,
        )
        cols[1].button(
            TEXT["apply"],
            type="primary",
            icon=":material/done:",
            help=TEXT["apply_help"],
            on_click=goal_seek.apply,
            args=(chosen.path, s.value, {"target": target, "at": float(at), "value": float(value), "goal": goal}),
            key="goal_seek_apply",
        )
    elif any(a.solution is not None for a in answers):
        st.success(TEXT["all_meet"], icon=":material/check_circle:")
    else:
        st.info(TEXT["none"], icon=":material/info:")
    goal_seek.goal_line()
    st.dataframe(answer_table(answers, target=target, value=float(value), goal=goal), hide_index=True, width="stretch")  # type: ignore[arg-type]


def _dau_view() -> None:
    try:
        s = solve_dau(scenario, target=target, value=float(value))
    except NoSolution as exc:
        st.warning(md(render(exc.phrase)), icon=":material/warning:")
        return
    there = against(target, s.achieved, value, s.goal)
    past = against(target, s.beyond, value, s.goal).figure if s.beyond is not None else "-"
    cols = st.columns(3)
    cols[0].metric(_("First DAU"), f"{s.value:,.0f}", border=True)
    cols[1].metric(
        _("{target} there").format(target=target_label(target)), there.figure, help=f"{there.sign} {there.target}", border=True
    )
    cols[2].metric(_("At {dau} DAU").format(dau=f"{s.beyond_value:,.0f}"), past, border=True)
    if s.status == "step":
        st.caption(_("A step of the staircase: the result jumps past the target at this DAU, no DAU hits it exactly."))


def _month_view() -> None:
    try:
        m = solve_month(scenario, target=target, value=float(value))
    except NoSolution as exc:
        st.warning(md(render(exc.phrase)), icon=":material/warning:")
        return
    there = against(target, m.achieved, value, m.goal)
    before = against(target, m.previous, value, m.goal).figure if m.previous is not None else "-"
    cols = st.columns(3)
    cols[0].metric(
        _("First month"),
        m.month,
        help=_("{dau} DAU that month on the Timeline's growth path").format(dau=f"{m.dau:,.0f}"),
        border=True,
    )
    cols[1].metric(
        _("{target} then").format(target=target_label(target)), there.figure, help=f"{there.sign} {there.target}", border=True
    )
    cols[2].metric(_("In {month}").format(month=m.previous_month), before, border=True)


{"driver": _drivers_view, "dau": _dau_view, "month": _month_view}[mode]()
