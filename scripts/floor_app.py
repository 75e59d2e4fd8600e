"""The floor app: every recorded page of app.py, replayed with nothing computed (see scripts/floor.py).

Run by ``make bench`` as ``streamlit run scripts/floor_app.py`` from the project folder (so with the app's own
.streamlit/config.toml), with ``FLOOR_RECORDINGS`` naming the folder of recordings. The same page configuration and
15-page navigation as the app; each page re-sends its recorded messages at their recorded places, and the
benchmark's slider is a real slider (so a key press reruns this script and shows the other recorded run).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.cursor import LockedCursor
from streamlit.delta_generator import DeltaGenerator
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.PageConfig_pb2 import PageConfig
from streamlit.runtime.scriptrunner_utils.script_run_context import enqueue_message

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import floor

FOLDER = Path(os.environ.get(floor.ENV, ""))


@st.cache_resource(max_entries=64)
def recording(page: str, mtime_ns: int) -> floor.PageRecording | None:
    """The page's recording, read once per file version (a recording written after the server started is seen)."""
    return floor.load_page(FOLDER, page)


def current(page: str) -> floor.PageRecording | None:
    path = FOLDER / f"{page}.json"
    return recording(page, path.stat().st_mtime_ns) if path.exists() else None


def real_slider(path: list[int], spec: floor.SliderSpec, default: float) -> None:
    """The benchmark's slider, drawn by st.slider at its recorded place (its key is the real page's)."""
    root, parent, index = path[0], tuple(path[1:-1]), path[-1]
    dg = DeltaGenerator(root_container=root, cursor=LockedCursor(root_container=root, parent_path=parent, index=index))
    number: Callable[[float], float] = int if spec.integer else float  # type: ignore[assignment]
    dg.slider(
        spec.label,
        min_value=number(spec.min),
        max_value=number(spec.max),
        # As the app's sidebar does: the value it holds, once it holds one (a value set through session state, as a
        # test does, would otherwise clash with a default).
        value=None if spec.key in st.session_state else number(default),
        step=number(spec.step),
        format=spec.format or None,
        help=spec.help or None,
        key=spec.key,
    )


def replay(page: str) -> None:
    rec = current(page)
    if rec is None:
        st.markdown(f"No recording of the page `{page}` in `{FOLDER}`.")
        return
    value = st.session_state.get(rec.slider.key, rec.values[0])
    for raw in rec.run_for(value):
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        el = msg.delta.new_element if msg.WhichOneof("type") == "delta" else None
        if el is not None and el.WhichOneof("type") == "slider" and floor._widget_key(el.slider.id) == rec.slider.key:
            real_slider(list(msg.metadata.delta_path), rec.slider, rec.values[0])
        else:
            enqueue_message(msg)


def page_function(page: str) -> Callable[[], None]:
    def draw() -> None:
        replay(page)

    draw.__name__ = f"floor_{page}"
    return draw


def main() -> None:
    config, nav = floor.load_chrome(FOLDER)
    st.set_page_config(
        page_title=config.title or None,
        page_icon=config.favicon or None,
        layout="wide" if config.layout == PageConfig.WIDE else "centered",
    )
    pages = []
    for p in nav.app_pages:
        name = p.url_pathname or "overview"
        pages.append(st.Page(page_function(name), title=p.page_name, icon=p.icon or None, url_path=name, default=p.is_default))
    st.navigation(pages, expanded=nav.expanded).run()


main()
