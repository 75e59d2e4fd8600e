"""A chart builder in two parts, so that a rerun whose chart has only new data skips Altair.

Building a chart through Altair (its objects, then ``to_dict``) costs 10-40 ms a chart here, on every rerun, although a
slider move changes a chart's data and almost never its layout. A ``TwoPart`` builder says which is which:

- ``parts(*args, **kwargs)`` prepares the data, as named frames, and whatever the layout takes from the data (a sort
  order of tier labels, a rule's text), as keyword arguments;
- ``layout(data, **layout)`` builds the Altair chart over ``data[name]``.

Called like any builder, ``builder(*args, **kwargs)`` is the chart with its frames (the tests read it as before).
``ui.render.chart`` instead builds the layout once per (layout arguments, language, currency) over placeholders
(``alt.NamedData``): the layout cannot read a value it is not given, so the cached spec cannot hold stale data, and
each rerun sends the cached spec with the new frames as its named datasets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

Data = Mapping[str, "pd.DataFrame | alt.NamedData"]


@dataclass(frozen=True)
class TwoPart:
    parts: Callable[..., tuple[dict[str, pd.DataFrame], dict[str, Any]]]
    layout: Callable[..., alt.TopLevelMixin]

    def __call__(self, *args: Any, **kwargs: Any) -> alt.TopLevelMixin:
        frames, layout = self.parts(*args, **kwargs)
        return self.layout(frames, **layout)

    @property
    def name(self) -> str:
        return f"{self.layout.__module__}:{self.layout.__qualname__}"
