"""The floor of a page: the same elements, drawn by a script that computes nothing (issue 21).

A page's floor answers "how fast could this page be if our Python took no time at all?". It is recorded from the
real page once and replayed by ``scripts/floor_app.py``:

- **record**: run the real page at two neighbouring values of the benchmark's sidebar slider (the value in force and
  one step up, each reached by moving the slider from the other) and keep what the server sent for each run: every
  message the script itself produces (elements and containers with their exact payloads: Vega-Lite specs with their
  Arrow datasets, dataframes as Arrow, metrics, Markdown, widgets, expanders, tabs, columns; and the share link's
  address-bar update), in order, composed the way Streamlit's own queue composes a run's messages (a later element at
  the same place replaces the earlier one). The app's chrome comes too: the page configuration and the 15-page
  navigation. Two sources give the same messages:
  ``record_from_server`` speaks Streamlit's WebSocket protocol to a running ``app.py`` (what ``make bench`` uses: the
  app's default language, Korean, exactly the bytes the browser gets), and ``messages_under_apptest`` captures them
  under AppTest (what the test uses, no server).
- **replay**: ``floor_app.py`` has the same navigation; each page re-sends its recorded messages, unchanged, at their
  recorded places, except the benchmark's slider, which is a real ``st.slider`` with the recorded label, range,
  step, format and help (so a key press reaches the server and reruns the floor). A slider value whose step index is
  even shows the run recorded at the even index, an odd one the other run: every key press changes exactly what a
  key press changes on the real page (the same charts' data, the same figures and texts), and a chart whose spec did
  not change between the two runs is updated in place there as it is on the real page.

So the browser receives the same elements in the same order with the same bytes, and the floor's server does nothing
but copy recorded messages into the session's queue. What the floor measures against the bare one-slider app is the
cost of the elements themselves (the WebSocket, the browser's drawing); what the page measures against its floor is
our Python.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROME_FILE = "_chrome.json"
"""The app's page configuration and navigation, recorded once."""
ENV = "FLOOR_RECORDINGS"
"""The folder of recordings floor_app.py replays (one ``<page>.json`` per page, and the chrome)."""
RUN_TIMEOUT_S = 120.0

# Messages Streamlit's runtime sends around a run whatever the script does; the floor's own runtime sends its own.
# navigation and page_config_changed come from the floor's st.navigation / st.set_page_config (recorded as chrome).
LIFECYCLE = {"new_session", "session_status_changed", "script_finished", "navigation", "page_config_changed"}


# --- the recording -------------------------------------------------------------------------------------------------


@dataclass
class SliderSpec:
    """The benchmark's slider as the real page drew it (the floor draws a real slider like it)."""

    key: str
    label: str
    min: float
    max: float
    step: float
    format: str
    help: str
    integer: bool

    def index(self, value: float) -> int:
        """The value's step index on the slider: round((value - min) / step)."""
        return round((value - self.min) / self.step)


@dataclass
class PageRecording:
    """One page at two neighbouring slider values: ``runs[i]`` is what the page sent at ``values[i]``."""

    page: str
    values: list[float]
    slider: SliderSpec
    runs: list[list[bytes]]
    """Each run's messages, serialized ForwardMsgs in the order sent (lifecycle messages left out)."""

    def run_for(self, value: float) -> list[bytes]:
        """The recorded run whose step index has the parity of ``value``'s (so each key press changes the page)."""
        want = self.slider.index(value) % len(self.runs)
        for v, run in zip(self.values, self.runs, strict=True):
            if self.slider.index(v) % len(self.runs) == want:
                return run
        return self.runs[0]

    def to_json(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "values": self.values,
            "slider": self.slider.__dict__,
            "runs": [[base64.b64encode(m).decode("ascii") for m in run] for run in self.runs],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PageRecording:
        return cls(
            page=data["page"],
            values=[float(v) for v in data["values"]],
            slider=SliderSpec(**data["slider"]),
            runs=[[base64.b64decode(m) for m in run] for run in data["runs"]],
        )


def save_page(folder: Path, rec: PageRecording) -> Path:
    path = folder / f"{rec.page}.json"
    path.write_text(json.dumps(rec.to_json()))
    return path


def load_page(folder: Path, page: str) -> PageRecording | None:
    path = folder / f"{page}.json"
    return PageRecording.from_json(json.loads(path.read_text())) if path.exists() else None


def save_chrome(folder: Path, page_config: Any, navigation: Any) -> None:
    """The recorded PageConfig and Navigation protos (floor_app.py builds its own from them)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "page_config": base64.b64encode(page_config.SerializeToString()).decode("ascii"),
        "navigation": base64.b64encode(navigation.SerializeToString()).decode("ascii"),
    }
    (folder / CHROME_FILE).write_text(json.dumps(data))


def load_chrome(folder: Path) -> tuple[Any, Any]:
    from streamlit.proto.Navigation_pb2 import Navigation
    from streamlit.proto.PageConfig_pb2 import PageConfig

    data = json.loads((folder / CHROME_FILE).read_text())
    config, nav = PageConfig(), Navigation()
    config.ParseFromString(base64.b64decode(data["page_config"]))
    nav.ParseFromString(base64.b64decode(data["navigation"]))
    return config, nav


# --- from a run's messages to a recording -----------------------------------------------------------------------------


def composed(messages: Iterable[Any]) -> list[Any]:
    """A run's messages as the page ends up with them: lifecycle messages dropped, and a later delta at a place
    already filled composed with the earlier one, as Streamlit's ForwardMsgQueue does (``st.empty`` then an element
    leaves the element)."""
    from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

    queue = ForwardMsgQueue()
    for m in messages:
        if m.WhichOneof("type") not in LIFECYCLE:
            copy = type(m)()
            copy.CopyFrom(m)
            copy.ClearField("hash")  # recomputed when sent (it covers the metadata the floor's runtime fills in)
            queue.enqueue(copy)
    return queue.flush()


def _widget_key(widget_id: str) -> str:
    """The user key at the end of a widget id ("$$ID-<hash>-<key>"), or "" for a widget without one."""
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 and widget_id.startswith("$$ID") else ""


def find_slider(messages: Iterable[Any], key: str) -> Any | None:
    """The Slider proto with user key ``key`` among a run's messages."""
    for m in messages:
        if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element":
            el = m.delta.new_element
            if el.WhichOneof("type") == "slider" and _widget_key(el.slider.id) == key:
                return el.slider
    return None


def slider_spec(slider: Any, key: str) -> SliderSpec:
    from streamlit.proto.Slider_pb2 import Slider

    return SliderSpec(
        key=key,
        label=slider.label,
        min=slider.min,
        max=slider.max,
        step=slider.step,
        format=slider.format,
        help=slider.help,
        integer=slider.data_type == Slider.INT,
    )


def page_recording(page: str, key: str, values: list[float], runs: list[list[Any]]) -> PageRecording:
    """A page's recording from its runs' raw messages (one list per value of the slider keyed ``key``)."""
    kept = [composed(run) for run in runs]
    slider = find_slider(kept[0], key)
    if slider is None:
        raise ValueError(f"{page}: no slider keyed {key!r} in the recorded run")
    return PageRecording(
        page=page,
        values=values,
        slider=slider_spec(slider, key),
        runs=[[m.SerializeToString() for m in run] for run in kept],
    )


# --- recording from a running server, over its WebSocket ------------------------------------------------------------


async def _run(ws: Any, page_hash: str, widgets: Iterable[Any] = (), query: str = "") -> list[Any]:
    """Ask for a run of ``page_hash`` with ``widgets`` (WidgetState protos) from an address bar holding ``query``;
    every message until it finished."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_script_hash = page_hash
    for w in widgets:
        msg.rerun_script.widget_states.widgets.append(w)
    await ws.send(msg.SerializeToString())
    out: list[Any] = []
    while True:
        fwd = ForwardMsg()
        fwd.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=RUN_TIMEOUT_S))
        out.append(fwd)
        if fwd.WhichOneof("type") == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
            if status == "FINISHED_SUCCESSFULLY":
                return out
            if status != "FINISHED_EARLY_FOR_RERUN":
                raise RuntimeError(f"the recorded run ended with {status}")


def _of_type(messages: list[Any], kind: str) -> Any:
    found = [m for m in messages if m.WhichOneof("type") == kind]
    if not found:
        raise RuntimeError(f"no {kind} message in the app's first run")
    return getattr(found[-1], kind)


async def _record_server(ws_url: str, pages: list[str], key: str, folder: Path) -> dict[str, float]:
    from streamlit.proto.WidgetStates_pb2 import WidgetState
    from websockets.asyncio.client import connect

    def session() -> Any:
        return connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60, ping_interval=None)

    seconds: dict[str, float] = {}
    async with session() as ws:
        first = await _run(ws, "")
    config, nav = _of_type(first, "page_config_changed"), _of_type(first, "navigation")
    save_chrome(folder, config, nav)
    hashes = {p.url_pathname or "overview": p.page_script_hash for p in nav.app_pages if not p.external_url}
    for page in pages:
        t0 = time.perf_counter()
        async with session() as ws:  # a fresh session per page, as the benchmark opens each page in a new tab
            at_rest = await _run(ws, hashes[page])
            slider = find_slider(at_rest, key)
            if slider is None:
                raise RuntimeError(f"{page}: no slider keyed {key!r}")
            start = (slider.value or slider.default)[0]  # value is set only when it differs from the default
            values = [start, min(round(start + slider.step, 10), slider.max)]
            runs = []
            # Up, down, up: the last two are kept, each a move away from the other value, as every key press is in
            # the benchmark (the first run at rest would lack the share link's address-bar update a move sends).
            # The address bar's query goes with each run, as the browser sends it (the share link's settings).
            query = ""
            for v in [values[1], values[0], values[1]]:
                w = WidgetState(id=slider.id)
                w.double_array_value.data.append(v)
                runs.append(await _run(ws, hashes[page], [w], query))
                for m in runs[-1]:
                    if m.WhichOneof("type") == "page_info_changed":
                        query = m.page_info_changed.query_string
        save_page(folder, page_recording(page, key, values, runs[1:]))
        seconds[page] = time.perf_counter() - t0
    return seconds


def record_from_server(base_url: str, pages: list[str], key: str, folder: Path) -> dict[str, float]:
    """Record ``pages`` (views/ stems) of the app served at ``base_url`` into ``folder``, plus the chrome; returns the
    seconds each page took. One WebSocket session, as a browser tab would open it (the app's default language)."""
    folder.mkdir(parents=True, exist_ok=True)
    ws_url = base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
    # A thread of its own: the caller may be inside an event loop (Playwright's sync API runs one).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _record_server(ws_url, pages, key, folder)).result()


# --- recording under AppTest (no server) --------------------------------------------------------------------------


def messages_under_apptest(at: Any) -> list[Any]:
    """Run ``at`` (an AppTest) once and return the messages that run sent (its composed queue).

    AppTest parses its runner's messages into an element tree and keeps only the tree; this catches them on the way
    (``parse_tree_from_messages``, which AppTest's runner calls with its queue at the end of a run).
    """
    from streamlit.testing.v1 import local_script_runner

    caught: list[Any] = []
    original = local_script_runner.parse_tree_from_messages

    def catch(messages: list[Any]) -> Any:
        caught[:] = list(messages)
        return original(messages)

    local_script_runner.parse_tree_from_messages = catch
    try:
        at.run()
    finally:
        local_script_runner.parse_tree_from_messages = original
    return caught


# --- what a page shows, by element type ---------------------------------------------------------------------------


def walk(node: Any) -> Iterator[Any]:
    """Every node under an AppTest element tree node (blocks and elements), depth first, in order."""
    children = getattr(node, "children", None)
    if children is None:
        return
    for i in sorted(children):
        child = children[i]
        yield child
        yield from walk(child)


def element_counts(root: Any) -> Counter[str]:
    """How many of each element and container type an AppTest tree (or one of its roots) holds.

    Elements count by the Element proto's field (``vega_lite_chart``, ``arrow_data_frame`` ...), containers by their
    Block proto's type with ``block:`` in front (``block:expandable``, ``block:column`` ...)."""
    from streamlit.proto.Block_pb2 import Block

    counts: Counter[str] = Counter()
    for node in walk(root):
        proto = getattr(node, "proto", None)
        if isinstance(proto, Block):
            counts["block:" + str(proto.WhichOneof("type"))] += 1
        elif proto is not None:
            counts[proto.DESCRIPTOR.name] += 1
        else:
            counts[type(node).__name__] += 1
    return counts
