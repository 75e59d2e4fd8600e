"""Caches bounded in bytes, not only in entries.

The app caches results by scenario content (a slider value is a new scenario). ``st.cache_resource(max_entries=N)``
bounds the count, not the size: for a large scenario one entry held ~5.6 MB, so 512 entries could hold ~2.8 GB. Here
every cached function shares ONE least-recently-used store whose estimated size stays under ``MAX_BYTES`` (64 MiB):
adding an entry evicts the oldest until the total fits, and an entry larger than ``MAX_ENTRY_BYTES`` (16 MiB) is
computed but not kept. Sizes are estimated once per entry by ``estimate_bytes`` (numpy/pandas buffers exactly,
Python objects by a bounded walk), never by pickling, so a miss stays cheap.

Use as ``@bounded`` on a function whose arguments starting with ``_`` are not part of the key (as with Streamlit's
caches): ``@bounded def _result_for(key, tiers_json, _scenario)``. Thread-safe; the value is shared, not copied, so
callers must not mutate it (pandas 3's copy-on-write makes a frame's accidental mutation local anyway).
"""

from __future__ import annotations

import functools
import inspect
import itertools
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import fields, is_dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from pydantic import BaseModel

MAX_BYTES = 64 * 1024 * 1024
"""The store's total estimated size (all cached functions together)."""
MAX_ENTRY_BYTES = 16 * 1024 * 1024
"""A single result larger than this is returned but not kept."""

F = TypeVar("F", bound=Callable[..., Any])

_lock = threading.Lock()
_store: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
_total = 0


@functools.lru_cache(maxsize=1024)
def _kind(cls: type) -> str:
    """How ``estimate_bytes`` measures an instance of ``cls`` (decided once per type: a result is ~1,800 objects of a
    dozen types, and the ``isinstance`` chain per object cost three times the evaluation the walk follows)."""
    if issubclass(cls, np.ndarray):
        return "array"
    if issubclass(cls, pd.DataFrame):
        return "frame"
    if issubclass(cls, pd.Series | pd.Index):  # their memory_usage is one number (a frame's is one per column)
        return "column"
    if issubclass(cls, str | bytes | int | float | bool | type(None)):
        return "atom"
    if issubclass(cls, dict):
        return "dict"
    if issubclass(cls, list | tuple | set | frozenset):
        return "items"
    if issubclass(cls, BaseModel):
        return "model"
    if is_dataclass(cls) and not issubclass(cls, type):
        return "dataclass"
    return "object"


@functools.lru_cache(maxsize=512)
def _field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names (``dataclasses.fields`` builds a new tuple on every call)."""
    return tuple(f.name for f in fields(cls))


def estimate_bytes(obj: Any, *, _depth: int = 0, _seen: set[int] | None = None) -> int:
    """An estimate of the memory ``obj`` holds: arrays and frames by their buffers, containers by a walk (six levels
    deep; a long sequence by its first 64 items, scaled up). Shared objects are counted once."""
    seen = _seen if _seen is not None else set()
    if id(obj) in seen or _depth > 6:
        return 0
    seen.add(id(obj))
    t = type(obj)
    kind = _kind(t)
    if kind == "atom":
        return sys.getsizeof(obj)
    if kind == "dict":
        return _dict_bytes(obj, _depth, seen)
    if kind == "items":
        return _items_bytes(obj, _depth, seen)
    if kind == "array":
        return int(obj.nbytes) + 112
    if kind == "frame":
        return _frame_bytes(obj)
    if kind == "column":
        return int(obj.memory_usage(deep=True))
    size = sys.getsizeof(obj, 64)
    if kind == "model":
        return size + estimate_bytes(obj.__dict__, _depth=_depth + 1, _seen=seen)
    if kind == "dataclass":
        return size + sum(estimate_bytes(getattr(obj, name, None), _depth=_depth + 1, _seen=seen) for name in _field_names(t))
    if hasattr(obj, "__dict__"):
        return size + estimate_bytes(vars(obj), _depth=_depth + 1, _seen=seen)
    return size


def _frame_bytes(frame: pd.DataFrame) -> int:
    """``frame.memory_usage(deep=True).sum()``, a third of the time: each column's buffers (``.array.nbytes``, exact
    for numbers and Arrow strings), a column of Python objects by ``memory_usage(deep=True)``, and the index."""
    total = int(frame.index.memory_usage(deep=True))
    for _, column in frame.items():
        total += int(column.memory_usage(index=False, deep=True)) if column.dtype == object else int(column.array.nbytes)
    return total


_ATOM_TYPES = frozenset({str, bytes, int, float, bool, type(None)})


def _part(values: list[Any], depth: int, seen: set[int]) -> int:
    """The estimate of each of ``values`` at ``depth``: plain numbers and strings (most of them) measured here, the
    rest by ``estimate_bytes`` (the same figure, one call fewer per number)."""
    total = 0
    for v in values:
        if type(v) in _ATOM_TYPES:
            if depth > 6 or id(v) in seen:
                continue
            seen.add(id(v))
            total += sys.getsizeof(v)
        else:
            total += estimate_bytes(v, _depth=depth, _seen=seen)
    return total


def _dict_bytes(obj: dict[Any, Any], depth: int, seen: set[int]) -> int:
    size = sys.getsizeof(obj, 64)
    n = len(obj)
    if not n:
        return size
    sample = list(itertools.islice(obj.items(), 64))
    part = _part([x for kv in sample for x in kv], depth + 1, seen)
    return size + part * n // len(sample)


def _items_bytes(obj: Any, depth: int, seen: set[int]) -> int:
    size = sys.getsizeof(obj, 64)
    items = list(obj)
    sample = items[:64]
    part = _part(sample, depth + 1, seen)
    return size + (part * len(items) // len(sample) if sample else 0)


def bounded(fn: F) -> F:
    """Cache ``fn`` in the shared byte-bounded store, keyed by its arguments that do not start with ``_``."""
    params = list(inspect.signature(fn).parameters)
    keyed = [i for i, name in enumerate(params) if not name.startswith("_")]

    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        global _total
        key = (fn.__module__, fn.__qualname__, *(args[i] for i in keyed if i < len(args)))
        with _lock:
            hit = _store.get(key)
            if hit is not None:
                _store.move_to_end(key)
                return hit[0]
        value = fn(*args)
        size = estimate_bytes(value)
        if size > MAX_ENTRY_BYTES:
            return value
        with _lock:
            if key not in _store:
                _store[key] = (value, size)
                _total += size
                while _total > MAX_BYTES and _store:
                    _, (_, dropped) = _store.popitem(last=False)
                    _total -= dropped
        return value

    wrapper.clear = clear  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def total_bytes() -> int:
    """The store's current estimated size."""
    with _lock:
        return _total


def entries() -> int:
    with _lock:
        return len(_store)


def clear() -> None:
    global _total
    with _lock:
        _store.clear()
        _total = 0
