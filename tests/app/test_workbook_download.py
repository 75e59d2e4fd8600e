"""The sidebar's workbook: prepared on request for the settings shown, then downloaded from the bytes it built.

Checked by hand: the plan's AI calls per DAU per day is 2.0 (plan.json); one step of its slider (0.1) makes 2.1, and
the workbook's row for the input named ``calls_per_dau_per_day`` must then hold 2.1 for the exported scenario."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from outputs import build_worker
from tests.app.conftest import new_app
from ui import sidebar, workbooks

CALLS_KEY = "drv:ai.calls_per_dau_per_day"


def opened(lang: str = "en"):  # type: ignore[no-untyped-def]
    at = new_app()
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def labels(at, kind: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.label for b in at.sidebar.get(kind)]


def exported_value(book_bytes: bytes, name: str) -> object:
    """The exported scenario's value of the input ``name``: its row on Assumptions, in the first scenario column (D)."""
    book = load_workbook(io.BytesIO(book_bytes))
    sheet, cell = next(iter(book.defined_names[name].destinations))
    return book[sheet][f"D{book[sheet][cell.replace('$', '')].row}"].value


def test_the_sidebar_prepares_the_workbook_of_the_settings_shown_then_offers_it() -> None:
    at = opened()
    assert labels(at, "button") == ["Reset to the plan", "Prepare Excel workbook"]
    assert labels(at, "download_button") == []  # nothing is built until a person asks
    at.slider(key=CALLS_KEY).set_value(2.1).run()
    at.button(key="prepare_workbook").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert labels(at, "download_button") == ["Download Excel workbook"]
    assert "Prepare Excel workbook" not in labels(at, "button")  # the download takes the button's place
    assert "Built for the current settings" in " ".join(c.value for c in at.sidebar.caption)
    _shows, data = at.session_state[sidebar.WORKBOOK_READY]
    assert data[:2] == b"PK"
    assert exported_value(data, "calls_per_dau_per_day") == pytest.approx(2.1)  # the moved slider, not the plan's 2.0


@pytest.mark.parametrize("change", ["driver", "language"])
def test_a_change_of_settings_asks_for_a_new_workbook(change: str) -> None:
    at = opened()
    at.button(key="prepare_workbook").click().run()
    assert labels(at, "download_button") == ["Download Excel workbook"]
    if change == "driver":
        at.slider(key=CALLS_KEY).set_value(2.1).run()
    else:
        at.sidebar.button_group[0].set_value("ko").run()  # the language control (ui.i18n.render_controls)
    assert not at.exception, [e.message for e in at.exception]
    assert labels(at, "download_button") == []  # a workbook of other settings is never offered
    assert sidebar.WORKBOOK_READY not in at.session_state
    assert len(at.sidebar.get("button")) == 2


def test_moving_between_pages_keeps_the_workbook() -> None:
    at = opened()
    at.button(key="prepare_workbook").click().run()
    at.switch_page("views/capacity.py").run()
    assert labels(at, "download_button") == ["Download Excel workbook"]


@pytest.mark.parametrize(("lang", "said"), [("en", "building other workbooks"), ("ko", "다른 통합 문서를 만들고")])
def test_a_busy_server_is_said_in_place_of_the_workbook(monkeypatch: pytest.MonkeyPatch, lang: str, said: str) -> None:
    monkeypatch.setattr(workbooks, "QUEUE_WAIT_S", 0.05)
    at = opened(lang)
    assert workbooks._pool.acquire(timeout=5)  # another session's build holds the one slot
    try:
        at.button(key="prepare_workbook").click().run()
    finally:
        workbooks._pool.release()
    assert not at.exception, [e.message for e in at.exception]
    assert any(said in w.value for w in at.sidebar.warning)
    assert labels(at, "download_button") == []
    assert len(at.sidebar.get("button")) == 2  # the prepare button is there to try again


def test_a_failed_build_is_said_and_the_app_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: object, **_kwargs: object) -> bytes:
        raise build_worker.BuildFailed("the workbook builder stopped twice; the download was not built")

    monkeypatch.setattr(build_worker, "build", fail)
    at = opened()
    at.button(key="prepare_workbook").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("could not be built: the workbook builder stopped twice" in e.value for e in at.sidebar.error)
    assert labels(at, "download_button") == []
    assert at.main.metric[0].value == "$9,055"  # the page is drawn as before
