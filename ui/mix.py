"""The model mix as the AI page edits it: up to four models whose shares always add to 100%.

Pure (no ``st.*``): the page calls these and hands the result to ``ui.state.set_override``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MAX_MODELS = 4


def rebalance(shares: Sequence[float], index: int, value: float) -> list[float]:
    """Set ``shares[index]`` to ``value`` (clipped to 0..1) and scale the others so all add to 1.

    The others keep their proportions: each becomes its share x (1 - value) / (sum of the others); where the
    others are all 0 they split 1 - value equally. With one model its share is 1 whatever ``value`` is.
    """
    n = len(shares)
    if n == 1:
        return [1.0]
    v = min(max(float(value), 0.0), 1.0)
    others = [i for i in range(n) if i != index]
    rest = sum(shares[i] for i in others)
    out = [0.0] * n
    out[index] = v
    for i in others:
        out[i] = (shares[i] / rest * (1.0 - v)) if rest > 0 else (1.0 - v) / len(others)  # divide first: no underflow
    out[index] = 1.0 - sum(out[i] for i in others)  # exactly 1 in floating point
    return out


def add_model(mix: Sequence[dict[str, Any]], model: str, provider: str | None) -> list[dict[str, Any]]:
    """``mix`` with ``model`` added at an equal share (1 / n of the calls; the others scaled to make room).
    Refused (ValueError) past MAX_MODELS or when the model is already in the mix."""
    if len(mix) >= MAX_MODELS:
        raise ValueError(f"the mix holds at most {MAX_MODELS} models")
    if any(m["model"] == model for m in mix):
        raise ValueError(f"{model} is already in the mix")
    new = [dict(m) for m in mix] + [{"model": model, "share_of_calls": 0.0, **({"provider": provider} if provider else {})}]
    shares = rebalance([m["share_of_calls"] for m in new], len(new) - 1, 1.0 / len(new))
    for m, s in zip(new, shares, strict=True):
        m["share_of_calls"] = s
    return new


def remove_model(mix: Sequence[dict[str, Any]], index: int) -> list[dict[str, Any]]:
    """``mix`` without its ``index``-th model, the others scaled up to 100% (the last model cannot go)."""
    if len(mix) <= 1:
        raise ValueError("the mix needs at least one model")
    new = [dict(m) for i, m in enumerate(mix) if i != index]
    total = sum(m["share_of_calls"] for m in new)
    for m in new:
        m["share_of_calls"] = m["share_of_calls"] / total if total > 0 else 1.0 / len(new)
    new[-1]["share_of_calls"] = 1.0 - sum(m["share_of_calls"] for m in new[:-1])
    return new


def set_share(mix: Sequence[dict[str, Any]], index: int, value: float) -> list[dict[str, Any]]:
    """``mix`` with one model's share set and the others rebalanced (``rebalance``)."""
    shares = rebalance([m["share_of_calls"] for m in mix], index, value)
    return [{**m, "share_of_calls": s} for m, s in zip(mix, shares, strict=True)]


def replace_model(mix: Sequence[dict[str, Any]], index: int, model: str, provider: str | None) -> list[dict[str, Any]]:
    """``mix`` with the ``index``-th model swapped for ``model`` at the same share (reasoning tokens reset)."""
    if any(m["model"] == model for i, m in enumerate(mix) if i != index):
        raise ValueError(f"{model} is already in the mix")
    new = [dict(m) for m in mix]
    new[index] = {"model": model, "share_of_calls": mix[index]["share_of_calls"], **({"provider": provider} if provider else {})}
    return new
