"""What ``make bench`` counts as a change of the page (scripts/bench.py INIT_JS and OBSERVE_JS), in a real browser,
on a hand-made page: no app, no clock assertions.

- A text change in the main area counts; so does a paint on a canvas there (a dataframe draws its cells on one).
- A change inside a canvas does not: a canvas's children are fallback content, never drawn. A dataframe keeps its
  cells there as a table for screen readers and rewrites it 150-250 ms after painting them, which the bench used to
  count as the page still drawing.
- The slider walk: every press a value of its own, toward the farther end, and a walk that ran out of room is named.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from scripts import bench

pytestmark = pytest.mark.browser

PAGE = """<div data-testid="stApp" data-test-script-state="notRunning">
  <div data-testid="stMain">
    <p id="text">US$1,000</p>
    <canvas id="grid" width="200" height="50"><table role="grid"><tr><td id="cell">US$1,000</td></tr></table></canvas>
    <input id="slider" type="range" min="0" max="10" step="0.1" value="2">
  </div>
</div>"""


def recorded(page: Page, script: str) -> int:
    """How many main-area changes the recorder holds after ``script`` ran (and the observers delivered)."""
    page.evaluate("window.__reset()")
    page.evaluate(script)
    page.wait_for_timeout(50)  # mutation records are delivered after the script's task
    return len(page.evaluate("() => window.__rec.muts"))


@pytest.fixture
def recorder(page: Page) -> Page:
    page.add_init_script(bench.INIT_JS)
    page.goto("about:blank")
    page.set_content(PAGE)
    page.evaluate(bench.OBSERVE_JS, bench.OUTPUT)
    return page


def test_a_text_change_in_the_main_area_counts(recorder: Page) -> None:
    assert recorded(recorder, "document.getElementById('text').textContent = 'US$1,100'") >= 1


def test_a_change_inside_a_canvas_is_not_drawn_and_does_not_count(recorder: Page) -> None:
    assert recorded(recorder, "document.getElementById('cell').textContent = 'US$1,100'") == 0
    assert recorded(recorder, "document.getElementById('grid').firstElementChild.remove()") == 0


def test_a_paint_on_a_canvas_in_the_main_area_counts(recorder: Page) -> None:
    paint = "document.getElementById('grid').getContext('2d').fillText('US$1,100', 5, 20)"
    assert recorded(recorder, paint) == 1


def test_a_paint_on_a_canvas_outside_the_page_does_not_count(recorder: Page) -> None:
    offscreen = "document.createElement('canvas').getContext('2d').fillText('x', 0, 0)"
    assert recorded(recorder, offscreen) == 0


def test_the_walk_goes_toward_the_farther_end_and_says_when_it_has_no_room(recorder: Page) -> None:
    slider = recorder.locator("#slider")
    assert bench.slider_state(slider) == (2.0, 0.0, 10.0, 0.1)
    assert bench.walk_key(bench.slider_state(slider), 57) == "ArrowRight"  # 2.0 -> 7.7, every press a value of its own
    with pytest.raises(RuntimeError, match="room for 80 steps"):
        bench.walk_key(bench.slider_state(slider), 81)
    slider.evaluate("(e) => { e.value = '9'; }")
    assert bench.walk_key(bench.slider_state(slider), 57) == "ArrowLeft"


def test_a_walk_that_stopped_at_the_end_is_named() -> None:
    bench.check_walk(2.0, 7.7, 0.1, 57)
    bench.check_walk(9.0, 3.3, 0.1, 57)
    with pytest.raises(RuntimeError, match="did not give it a value of their own"):
        bench.check_walk(8.0, 10.0, 0.1, 57)  # stopped at the maximum after 20 presses
