"""The benchmark's floor (scripts/floor.py, scripts/floor_app.py): a page recorded under AppTest and replayed by the
floor app shows the same elements, of the same types, in the same order and number, at both recorded slider values,
and moves with the slider the way the real page does. No timing here: ``make bench`` measures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.navigation.page import calc_hash
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest

from scripts import floor
from scripts.bench import FloorRow

ROOT = Path(__file__).resolve().parents[2]
KEY = "drv:ai.calls_per_dau_per_day"


def order(root) -> list[str]:
    """The element and container types under ``root`` (an AppTest block), in the order they are drawn."""
    counts = []
    for node in floor.walk(root):
        proto = getattr(node, "proto", None)
        counts.append(proto.DESCRIPTOR.name if proto is not None else type(node).__name__)
    return counts


def texts(at: AppTest) -> list[str]:
    """What a person reads that moves with a driver: the metrics' values and the Markdown."""
    return [m.value for m in at.main.metric] + [m.value for m in at.main.markdown]


def record(page: str, folder: Path) -> tuple[list[AppTest], floor.PageRecording]:
    """The real page (views/<page>.py) under AppTest at the slider's value and one step up; the recording of both."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page(f"views/{page}.py")
    first = floor.messages_under_apptest(at)
    start = at.slider(key=KEY).value
    step = at.slider(key=KEY).proto.step
    up = round(start + step, 10)
    at_start = [texts(at), order(at.main), order(at.sidebar)]
    at.slider(key=KEY).set_value(up)
    second = floor.messages_under_apptest(at)
    assert not at.exception
    rec = floor.page_recording(page, KEY, [start, up], [first, second])
    floor.save_page(folder, rec)
    return [at_start, [texts(at), order(at.main), order(at.sidebar)]], rec  # type: ignore[list-item]


def replay(page: str, folder: Path, monkeypatch: pytest.MonkeyPatch, value: float | None) -> AppTest:
    """The floor app on ``page``, its slider at ``value`` (None: as first opened)."""
    monkeypatch.setenv(floor.ENV, str(folder))
    at = AppTest.from_file(str(ROOT / "scripts" / "floor_app.py"), default_timeout=60)
    if page != "overview":
        # The floor's pages are callables registered by st.navigation under their url path; AppTest.switch_page takes
        # only a page file, and sets this same hash for one.
        at._page_hash = calc_hash(page)
    if value is not None:
        at.session_state[KEY] = value  # before the first run: a fresh session whose slider holds this value
    return at.run()


@pytest.fixture(scope="module")
def chrome(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A recordings folder holding the app's chrome (page configuration, navigation), recorded under AppTest."""
    folder = tmp_path_factory.mktemp("floor")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    messages = floor.messages_under_apptest(at)
    config = next(m.page_config_changed for m in messages if m.WhichOneof("type") == "page_config_changed")
    nav = next(m.navigation for m in messages if m.WhichOneof("type") == "navigation")
    assert len(nav.app_pages) == 15
    floor.save_chrome(folder, config, nav)
    return folder


@pytest.mark.parametrize("page", ["overview", "ai", "capacity"])
def test_the_floor_draws_the_pages_elements_and_moves_like_it(page: str, chrome: Path, monkeypatch) -> None:
    # overview: charts and metrics; ai: dataframes, widgets in columns and expanders; capacity: tabs.
    (real_start, real_up), rec = record(page, chrome)
    assert rec.values[1] > rec.values[0]
    for value, (real_texts, real_main, real_sidebar) in [(None, real_start), (rec.values[1], real_up)]:
        at = replay(page, chrome, monkeypatch, value)
        assert not at.exception
        assert order(at.main) == real_main  # the same types, in the same order, so the same count of each
        assert order(at.sidebar) == real_sidebar
        assert texts(at) == real_texts  # the recorded run for that value, so it moves as the page does
        assert at.slider(key=KEY).value == (rec.values[0] if value is None else value)
    # The page does move with the slider (else the floor would be compared with a still page).
    assert real_start[0] != real_up[0]


def test_the_floors_counts_by_type_match_the_page(chrome: Path, monkeypatch) -> None:
    # The comparison make bench relies on, by type: the AI page's elements counted on the page and on its floor.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("views/ai.py")
    messages = floor.messages_under_apptest(at)
    real = floor.element_counts(at.main) + floor.element_counts(at.sidebar)
    start = at.slider(key=KEY).value
    up = round(start + at.slider(key=KEY).proto.step, 10)
    at.slider(key=KEY).set_value(up)
    floor.save_page(chrome, floor.page_recording("ai", KEY, [start, up], [messages, floor.messages_under_apptest(at)]))
    fl = replay("ai", chrome, monkeypatch, None)
    counts = floor.element_counts(fl.main) + floor.element_counts(fl.sidebar)
    assert counts == real
    assert counts["Dataframe"] >= 1 and counts["Slider"] >= 1  # a page with tables and the sidebar's sliders


# --- the recording, by hand ------------------------------------------------------------------------------------------


def delta(path: list[int], text: str) -> ForwardMsg:
    m = ForwardMsg()
    m.metadata.delta_path[:] = path
    m.delta.new_element.markdown.body = text
    return m


def test_composed_keeps_the_last_element_at_a_place_and_drops_lifecycle_messages() -> None:
    started = ForwardMsg()
    started.session_status_changed.script_is_running = True
    finished = ForwardMsg()
    finished.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    kept = floor.composed([started, delta([0, 0], "placeholder"), delta([0, 1], "b"), delta([0, 0], "a"), finished])
    assert [(list(m.metadata.delta_path), m.delta.new_element.markdown.body) for m in kept] == [([0, 0], "a"), ([0, 1], "b")]


def spec() -> floor.SliderSpec:
    return floor.SliderSpec(key=KEY, label="Calls", min=0.0, max=10.0, step=0.1, format="%.2f", help="", integer=False)


def test_each_key_press_shows_the_other_recorded_run() -> None:
    # Recorded at 2.0 (step index (2.0 - 0) / 0.1 = 20, even) and 2.1 (index 21, odd).
    rec = floor.PageRecording(page="p", values=[2.0, 2.1], slider=spec(), runs=[[b"at 2.0"], [b"at 2.1"]])
    assert rec.run_for(2.0) == [b"at 2.0"]
    assert rec.run_for(2.1) == [b"at 2.1"]
    assert rec.run_for(2.2) == [b"at 2.0"]  # index 22, even
    assert rec.run_for(1.9) == [b"at 2.1"]  # index 19, odd
    assert rec.run_for(3.3) == [b"at 2.1"]  # index 33, odd
    # Recorded starting at an odd index: 0.3 (index 3) and 0.4 (index 4).
    odd = floor.PageRecording(page="p", values=[0.3, 0.4], slider=spec(), runs=[[b"at 0.3"], [b"at 0.4"]])
    assert odd.run_for(0.5) == [b"at 0.3"]  # index 5, odd
    assert odd.run_for(0.6) == [b"at 0.4"]


def test_a_recording_survives_its_file(tmp_path: Path) -> None:
    rec = floor.PageRecording(page="ai", values=[2.0, 2.1], slider=spec(), runs=[[b"\x00\x01"], [b"\xff"]])
    floor.save_page(tmp_path, rec)
    assert floor.load_page(tmp_path, "ai") == rec
    assert floor.load_page(tmp_path, "overview") is None


def test_widget_key_is_the_user_key_at_the_end_of_a_widget_id() -> None:
    assert floor._widget_key("$$ID-0123abcd-drv:ai.calls_per_dau_per_day") == KEY
    assert floor._widget_key("$$ID-0123abcd-None") == "None"
    assert floor._widget_key("some-other-id") == ""


def test_floor_row_ratios() -> None:
    # Page 894 ms, floor 600 ms, bare 58 ms: page/bare 894 / 58 = 15.41, floor/bare 600 / 58 = 10.34,
    # page/floor 894 / 600 = 1.49.
    pb, fb, pf = FloorRow("overview", "(a) p95", 894.0, 600.0, 58.0).ratios()
    assert pb == pytest.approx(15.4138, abs=1e-4)
    assert fb == pytest.approx(10.3448, abs=1e-4)
    assert pf == pytest.approx(1.49)
    # A floor that was not measured leaves its ratios empty, not zero.
    assert FloorRow("ai", "(b) median", 428.0, None, 59.0).ratios() == (pytest.approx(7.2542, abs=1e-4), None, None)


def test_floor_rows_put_the_page_beside_its_floor() -> None:
    from scripts.bench import PageTimes, floor_rows

    page = PageTimes(first_text=[], whole_page=[100.0, 200.0, 300.0, 400.0, 500.0], held=[100.0, 300.0, 200.0], failures=0)
    fl = PageTimes(first_text=[], whole_page=[50.0, 60.0], held=[40.0], failures=1, why="script running")
    a, b = floor_rows("views/ai.py", page, fl, 40.0, 80.0, sent_kib=360.0)
    # (a) p95, numpy's linear rule: page at 0.95 x 4 = 3.8 -> 400 + 0.8 x 100 = 480; floor 50 + 0.95 x 10 = 59.5.
    assert (a.measure, a.page_ms, a.floor_ms, a.bare_ms, a.n_floor) == ("(a) p95", 480.0, 59.5, 40.0, 2)
    # (b) median: page 200, floor 40; page/floor 200 / 40 = 5x.
    assert (b.measure, b.page_ms, b.floor_ms, b.bare_ms, b.n_floor) == ("(b) median", 200.0, 40.0, 80.0, 1)
    assert b.ratios()[2] == 5.0
    assert "1 floor key press(es) did not settle" in a.note and "script running" in a.note
    assert a.sent_kib == b.sent_kib == 360.0
    # A page that could not be measured still gets its floor.
    (c, _) = floor_rows("views/ai.py", None, fl, 40.0, 80.0)
    assert c.page_ms is None and c.floor_ms == 59.5


def test_floor_parts_blanks_one_kind_in_place_and_keeps_the_slider(tmp_path: Path) -> None:
    # scripts/floor_parts.py: a variant replaces each element of one kind by an empty element at the same place, so the
    # page sends as many messages, the benchmark's slider still reruns it, and nothing else changes.
    from scripts import floor_parts

    _, rec = record("economics", tmp_path)
    run = rec.runs[0]

    def kinds(messages: list[bytes], root: int | None = None) -> list[str]:
        """The element kinds a run draws (under one root only: 0 the main area, 1 the sidebar)."""
        out = []
        for raw in messages:
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
                if root is None or msg.metadata.delta_path[0] == root:
                    out.append(msg.delta.new_element.WhichOneof("type"))
        return out

    before = kinds(run)
    assert before.count("vega_lite_chart") == 1  # the margin chart (the other two are in the page's lazy tabs)
    no_charts = kinds(floor_parts.VARIANTS["no charts"](run))  # type: ignore[misc]
    assert len(no_charts) == len(before) and "vega_lite_chart" not in no_charts
    assert [k for k in no_charts if k != "empty"] == [k for k in before if k not in ("vega_lite_chart", "empty")]
    main_blank = floor_parts.VARIANTS["main area blank (sidebar and navigation kept)"](run)  # type: ignore[misc]
    assert kinds(main_blank, root=1) == kinds(run, root=1)  # the sidebar, the benchmark's slider in it, as it was
    assert [k for k in kinds(main_blank, root=0) if k != "empty"] == ["markdown"]  # only the first caption is drawn
