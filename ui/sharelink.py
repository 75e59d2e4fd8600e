"""Share links without Streamlit: encode a view as query parameters, decode a parameter's value, and say when a link
cannot carry a view. ``ui.state`` keeps the session glue (reading and writing ``st.query_params``).

A link is the base (``scenario=<shipped stem>``, the plan when absent) plus one parameter per changed field (dotted
path = JSON value). ``encode`` checks its own output the way a receiver reads it: the parameters are decoded and
applied to the base, and the link is called exact only if that gives the very scenario on screen (every field,
provenance included). Anything else, an uploaded file with added line items, ranges, price overrides or levels, or a
link too long to travel, is reported with the reason, so the page can offer the scenario file instead; the address
bar then carries ``scenario=file`` and whoever opens it is told to ask for the file. Never a silent difference.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from model.loading import ScenarioError
from model.overrides import changed_values, flatten, with_overrides
from model.scenario import Scenario, value_at

SCENARIO_PARAM = "scenario"
LANG_PARAM, CURRENCY_PARAM, RATE_PARAM, DATE_PARAM = "lang", "currency", "fx_rate", "fx_date"
DISPLAY_PARAMS = (LANG_PARAM, CURRENCY_PARAM, RATE_PARAM, DATE_PARAM)
"""How the figures are shown (language, currency and its rate), not the scenario: never a setting of it."""
PLAN_STEM = "plan"
TIERS_PATH = "tiers_dau"
"""The tier list travels whole, as one JSON list (ui.state.set_tiers)."""
NOT_IN_LINK = "file"
"""``scenario=file``: the sender's view could not travel in a link (see ``ShareLink.problem``)."""

MAX_LINK_CHARS = 8_000
"""The longest query string a link may have. Browsers take far more (Chromium ~2 MB) and Streamlit ignores a query
string only past 512Ki characters or 1,000 parameters, but chat clients, mail and proxies cut links well before:
8,000 characters is the practical limit most servers and proxies accept (RFC 9110 recommends at least 8,000 octets)."""
MAX_LINK_PARAMS = 500
"""At most this many parameters (Streamlit drops the whole query string past 1,000, silently)."""
MAX_NUMBER_CHARS = 64
MAX_TEXT_CHARS = 5_000
MAX_NOTICES = 5

TOO_LONG = "this view changes {n} settings, and a link that long ({chars:,} characters) would be cut short on the way"
NOT_SETTINGS = (
    "this scenario differs from {origin} in ways a link cannot carry ({example}): only single settings travel in a link"
)
SENDER_HAD_A_FILE = (
    "Share link: the view it was copied from cannot travel in a link (an uploaded scenario, or too many changes); "
    "ask the sender for the scenario file (Scenarios page, Download scenario). Showing the plan."
)


@dataclass(frozen=True)
class ShareLink:
    """The query parameters of a link, and whether opening them reproduces the view exactly (if not: why)."""

    params: dict[str, str]
    exact: bool
    problem: str | None = None
    changed: dict[str, Any] = field(default_factory=dict)


Apply = Callable[[Scenario, dict[str, Any]], Scenario]
"""Settings applied to a scenario, validated (``model.overrides.with_overrides``; ScenarioError when refused)."""


def _apply(origin: Scenario, values: dict[str, Any]) -> Scenario:
    return with_overrides(origin, values, source="share link")


def encode(
    *,
    plan: Scenario,
    base: Scenario,
    base_stem: str | None,
    overrides: Mapping[str, Any],
    current: Scenario,
    apply: Apply = _apply,
) -> ShareLink:
    """The link for ``current`` = ``base`` (+ ``overrides``): shipped base -> its stem and the overrides; an uploaded
    base (``base_stem`` None) -> every field that differs from the plan. Checked by decoding it as a receiver would.

    ``apply`` builds what the receiver gets; the app passes its cached ``with_overrides`` (ui.state), so the check of a
    link whose settings are the session's own overrides reuses the scenario already on screen instead of validating it
    a second time."""
    if base_stem is None:
        origin, origin_name = plan, "the plan"
        changed = changed_values(plan, current)
        params: dict[str, str] = {}
    else:
        origin, origin_name = base, f"the shipped scenario {base_stem!r}"
        changed = dict(overrides)
        params = {} if base_stem == PLAN_STEM else {SCENARIO_PARAM: base_stem}
    if any(path.startswith(TIERS_PATH + ".") for path in changed):  # the tier list travels whole, as one JSON list
        changed = {k: v for k, v in changed.items() if not k.startswith(TIERS_PATH + ".")}
        changed[TIERS_PATH] = list(current.tiers_dau)
    params.update({path: json.dumps(value) for path, value in sorted(changed.items())})
    chars = len(urlencode(params))
    if chars > MAX_LINK_CHARS or len(params) > MAX_LINK_PARAMS:
        return ShareLink({SCENARIO_PARAM: NOT_IN_LINK}, False, TOO_LONG.format(n=len(changed), chars=chars), changed)
    rebuilt = _receive(origin, params, apply)
    # The very object on screen (the cache gave it back for the same settings) is equal to it without a comparison.
    if rebuilt is None or (rebuilt is not current and rebuilt.model_dump(mode="json") != current.model_dump(mode="json")):
        example = _first_difference(origin, rebuilt, current)
        return ShareLink({SCENARIO_PARAM: NOT_IN_LINK}, False, NOT_SETTINGS.format(origin=origin_name, example=example), changed)
    return ShareLink(params, True, None, changed)


def _receive(origin: Scenario, params: Mapping[str, str], apply: Apply = _apply) -> Scenario | None:
    """What a receiver builds from ``params`` on ``origin`` (None if any parameter would be refused)."""
    flat = flatten(origin)
    values: dict[str, Any] = {}
    for path, raw in params.items():
        if path == SCENARIO_PARAM or path in DISPLAY_PARAMS:
            continue
        if path == TIERS_PATH:
            try:
                tiers = json.loads(raw)
            except (ValueError, RecursionError):
                return None
            if not isinstance(tiers, list):
                return None
            values[path] = tiers
            continue
        if path not in flat:
            return None
        value = decode(raw, flat[path])
        if value is BAD:
            return None
        values[path] = value
    try:
        return apply(origin, values)
    except ScenarioError:
        return None


def _first_difference(origin: Scenario, rebuilt: Scenario | None, current: Scenario) -> str:
    """A short description of what a link built on ``origin`` would miss: 'adds levels.0.line_items.3.vendor (+4 more)'."""
    have, want = flatten(origin), flatten(current)
    for verb, paths in (("adds", sorted(want.keys() - have.keys())), ("removes", sorted(have.keys() - want.keys()))):
        if paths:
            more = f" (+{len(paths) - 1} more)" if len(paths) > 1 else ""
            return f"{verb} {paths[0]}{more}"
    a = (rebuilt or origin).model_dump(mode="json")
    b = current.model_dump(mode="json")
    key = next((k for k in b if a.get(k) != b.get(k)), None)
    return f"{key} differs" if key else "a value no setting holds"


def display_params(
    *, lang: str, default_lang: str, currency: str, rate: float, rate_date: date | None, latest_date: date | None
) -> dict[str, str]:
    """The display's parameters: ``lang`` unless the default; for a currency other than USD ``currency`` and either
    ``fx_rate`` (a typed rate, written so it reads back as the same float) or ``fx_date`` (an ECB rate, omitted for
    the latest date, so an old link follows the newest rate)."""
    params: dict[str, str] = {}
    if lang != default_lang:
        params[LANG_PARAM] = lang
    if currency != "USD":
        params[CURRENCY_PARAM] = currency
        if rate_date is None:
            short_form = f"{rate:g}"
            params[RATE_PARAM] = short_form if float(short_form) == rate else repr(float(rate))
        elif rate_date != latest_date:
            params[DATE_PARAM] = rate_date.isoformat()
    return params


def split_display(params: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """A link's parameters as (display's, scenario's)."""
    display = {k: v for k, v in params.items() if k in DISPLAY_PARAMS}
    return display, {k: v for k, v in params.items() if k not in DISPLAY_PARAMS}


def requested_but_changed(scenario: Scenario, requested: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Each requested path whose value in ``scenario`` is not what was asked for: path -> (asked, got). (Setting one
    model's share of calls sets the other's to the rest, so two shares that do not add up to 1 cannot both hold.)"""
    out: dict[str, tuple[Any, Any]] = {}
    for path, asked in requested.items():
        try:
            got = value_at(scenario, path)
        except KeyError:
            continue
        same = (
            math.isclose(float(asked), float(got), rel_tol=1e-12, abs_tol=1e-12)  # type: ignore[arg-type]
            if isinstance(asked, int | float) and isinstance(got, int | float) and not isinstance(asked, bool)
            else asked == got
        )
        if not same:
            out[path] = (asked, got)
    return out


def short(text: str, limit: int = 60) -> str:
    """A parameter as quoted in a notice, cut to ``limit`` characters."""
    shown = repr(text)
    return shown if len(shown) <= limit else shown[: limit - 4] + "...'"


BAD = object()
"""``decode``'s answer for a value it refuses."""


def decode(raw: str, like: Any) -> Any:
    """A share-link value as the type of the base value it replaces (JSON-encoded; strings may be bare).

    Returns ``BAD`` for anything else: wrong type, not finite, too long, nested. Never raises.
    """
    if not isinstance(raw, str) or len(raw) > MAX_TEXT_CHARS:
        return BAD
    numeric = isinstance(like, int | float) and not isinstance(like, bool)
    if numeric and len(raw) > MAX_NUMBER_CHARS:
        return BAD
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        return raw if isinstance(like, str) else BAD
    if isinstance(value, dict | list):
        return BAD
    if isinstance(like, bool):
        return value if isinstance(value, bool) else BAD
    if numeric:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return BAD
        try:
            return value if math.isfinite(value) else BAD
        except OverflowError:
            return BAD
    if isinstance(like, str):
        return value if isinstance(value, str) else raw
    if like is None:
        return value
    return BAD
