"""What a page's floor is made of (issue 21): its recorded elements replayed whole and with one kind of element blanked,
beside bare apps with the app's shapes, all measured as ``make bench`` measures a page.

A page's floor (scripts/floor.py) is the page's own messages replayed with nothing computed. Here each page is
recorded once and replayed in variants where every element of one kind is replaced by an empty element at the same
place (the same number of messages, nothing drawn for them): no charts, no dataframes, no metrics, the main area
blank but its first caption. Beside them, bare one-slider apps with 80 empty elements, in a 15-page navigation, and
with a sidebar of 9 sliders in 5 expanders. Rounds alternate the variants, so a slow minute falls on all of them.

Usage: ``python scripts/floor_parts.py --pages economics,uncertainty [--rounds 3]``. Information, not a gate.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import bench, floor  # noqa: E402
from scripts.serving import serving  # noqa: E402

BARE_SHAPES = {
    "bare app": bench.BARE_APP,
    "bare + 80 empty elements": bench.BARE_APP + "for _ in range(80):\n    st.empty()\n",
    "bare in a 15-page navigation": """import streamlit as st
def home():
    value = st.sidebar.slider("Value", min_value=0.0, max_value=10.0, value=2.0, step=0.1, key="value")
    st.metric("Twice the value", f"{2 * value:.1f}")
others = [st.Page(lambda: None, title=f"Page {i}", url_path=f"p{i}") for i in range(14)]
st.navigation([st.Page(home, title="Home", url_path="home", default=True), *others]).run()
""",
    "bare + a sidebar of 9 sliders in 5 expanders": """import streamlit as st
with st.sidebar:
    for g in range(5):
        with st.expander(f"Group {g}", expanded=g == 0):
            if g == 0:
                value = st.slider("Value", min_value=0.0, max_value=10.0, value=2.0, step=0.1, key="value")
                for i in range(8):
                    st.slider(f"Other {i}", 0.0, 10.0, 1.0, 0.1, key=f"other{i}")
st.metric("Twice the value", f"{2 * value:.1f}")
""",
}


def blanked(keep: Callable[[int, str], bool]) -> Callable[[list[bytes]], list[bytes]]:
    """A run with every element ``keep(root, kind)`` refuses replaced by an empty one at its place (the benchmark's
    slider and the main area's first caption or Markdown always stay, so the page has something to wait for)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    def run(messages: list[bytes]) -> list[bytes]:
        out, text_kept = [], False
        for raw in messages:
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
                out.append(raw)
                continue
            el = msg.delta.new_element
            kind, root = el.WhichOneof("type"), msg.metadata.delta_path[0]
            text = root == 0 and kind == "markdown" and el.markdown.element_type in (1, 2) and el.markdown.body.strip()
            if (kind == "slider" and floor._widget_key(el.slider.id) == bench.SLIDER_KEY) or keep(root, kind):
                out.append(raw)
            elif text and not text_kept:
                text_kept = True
                out.append(raw)
            else:
                el.empty.SetInParent()
                out.append(msg.SerializeToString())
        return out

    return run


VARIANTS: dict[str, Callable[[list[bytes]], list[bytes]] | None] = {
    "the page's floor (every element)": None,
    "no charts": blanked(lambda root, kind: kind != "vega_lite_chart"),
    "no dataframes": blanked(lambda root, kind: kind != "dataframe"),
    "no metrics": blanked(lambda root, kind: kind != "metric"),
    "main area blank (sidebar and navigation kept)": blanked(lambda root, kind: root != 0),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="economics,uncertainty", help="views/ stems")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over every variant (6 presses, 2 held keys each)")
    args = parser.parse_args(argv)
    pages = args.pages.split(",")
    times: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
    failed: dict[tuple[str, str], str] = {}
    with tempfile.TemporaryDirectory(prefix="floor-parts-") as tmp, contextlib.ExitStack() as stack:
        work = Path(tmp)
        recorded = work / "recorded"
        with serving(bench.APP, work) as app:
            floor.record_from_server(app.url, pages, bench.SLIDER_KEY, recorded)
        urls: dict[tuple[str, str], str] = {}
        for i, (name, change) in enumerate(VARIANTS.items()):
            folder = work / f"variant{i}"
            folder.mkdir()
            shutil.copy(recorded / floor.CHROME_FILE, folder / floor.CHROME_FILE)
            for page in pages:
                rec = floor.load_page(recorded, page)
                assert rec is not None
                if change is not None:
                    rec.runs = [change(run) for run in rec.runs]
                floor.save_page(folder, rec)
            stack.enter_context(bench.environ(floor.ENV, str(folder)))
            server = stack.enter_context(serving(bench.FLOOR_APP, work))
            for page in pages:
                urls[(page, name)] = f"{server.url}/{'' if page == 'overview' else page}"
        for i, (name, source) in enumerate(BARE_SHAPES.items()):
            script = work / f"shape{i}.py"
            script.write_text(source)
            urls[("bare", name)] = stack.enter_context(serving(str(script), work)).url
        browser = stack.enter_context(bench.chromium())
        for _ in range(args.rounds):
            for (page, name), url in urls.items():
                key = "value" if page == "bare" else bench.SLIDER_KEY
                try:
                    t = bench.page_times(browser, url, key, 6, 2)
                except Exception as exc:  # a variant that cannot be measured is named, and the others go on
                    failed[(page, name)] = str(exc).splitlines()[0]
                    continue
                a, b = times.setdefault((page, name), ([], []))
                a.extend(t.whole_page)
                b.extend(t.held)
    print(f"{'page':12s}  {'variant':48s}  (a) median   (a) p95   (b) median")
    for (page, name), why in failed.items():
        print(f"{page:12s}  {name:48s}  not measured: {why}")
    for (page, name), (a, b) in times.items():
        print(
            f"{page:12s}  {name:48s}  {statistics.median(a):8.0f} ms  {bench.stats(a)[1]:5.0f} ms  {statistics.median(b):7.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
