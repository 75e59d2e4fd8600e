"""The audit's word on prices: a scenario's pinned prices against the installed price library's."""

from __future__ import annotations

from model.audit import AuditFinding
from model.prices import pinned_vs_library, snapshot
from model.scenario import Scenario

_FIELD_LABEL = {
    "input_usd_per_mtok": "input",
    "cached_input_usd_per_mtok": "cached input",
    "output_usd_per_mtok": "output",
}


def pinned_price_findings(s: Scenario) -> list[AuditFinding]:
    """One finding when the scenario pins prices: 'agrees' when the library still gives every pinned price,
    else 'disagrees', naming each model, price, the pinned and the library's figure (USD per million tokens)."""
    pinned = s.ai.pinned_prices
    if pinned is None:
        return []
    diffs = pinned_vs_library(s.ai)
    lib = snapshot().label
    used = "the pinned prices" if s.ai.price_source == "pinned" else "the library's prices"
    head = f"Prices pinned from {pinned.snapshot} (checked {pinned.checked.isoformat()}) against the installed {lib}"
    if not diffs:
        text = f"{head}: the same for {', '.join(pinned.models)}. The model uses {used}."
    else:
        parts = [
            f"{d.model} {_FIELD_LABEL[d.field]} ${d.pinned_usd_per_mtok:g} pinned, "
            + ("not priced by the library" if d.library_usd_per_mtok is None else f"${d.library_usd_per_mtok:g} in the library")
            for d in diffs
        ]
        text = f"{head} differ: {'; '.join(parts)} (USD per million tokens). The model uses {used}."
    return [
        AuditFinding(
            id="prices-pinned",
            scope="model",
            topic="Prices: pinned against the library",
            status="disagrees" if diffs else "agrees",
            stated=None,
            computed=None,
            gap=None,
            unit="text",
            explanation=text,
        )
    ]
