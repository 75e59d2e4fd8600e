"""A held arrow key on a sidebar slider (reruns interrupted every 40 ms): the page ends on the last value, settled.

Before .streamlit/config.toml's ``[global] minCachedMessageSize``, Streamlit sent an element the browser said it
held by reference, the browser had dropped it meanwhile, and a held key on the Overview ended in "Connection error:
Cached ForwardMsg MISS" with the page stuck as running (make bench saw it on 11 of 16 held keys).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_app_in_browser import CALLS, IDLE, calls_slider, open_app, total, total_at_10k

pytestmark = pytest.mark.browser

HELD_PRESSES, GAP_MS = 8, 40  # as make bench holds a key


def test_a_held_arrow_key_ends_settled_on_the_models_figure_without_a_connection_error(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    slider = calls_slider(page)
    slider.focus()
    value = 2.0
    # Eight presses right, then four left, three times: 2.8, 2.4, 3.2, 2.8, 3.6, 3.2 (steps of 0.1). Each end value
    # differs from the one before, so the total below can only match once the server has answered the last press.
    for run in range(6):
        key, step = ("ArrowRight", 0.1) if run % 2 == 0 else ("ArrowLeft", -0.1)
        presses = HELD_PRESSES if run % 2 == 0 else HELD_PRESSES // 2
        for _ in range(presses):
            page.keyboard.press(key)
            page.wait_for_timeout(GAP_MS)
        value = round(value + step * presses, 10)
        expect(slider).to_have_value(f"{value:g}")
        expect(total(page)).to_have_text(total_at_10k(**{CALLS: value}))
        page.wait_for_selector(IDLE)
        expect(page.get_by_text("Cached ForwardMsg MISS")).to_have_count(0)
        expect(page.get_by_text("Connection error")).to_have_count(0)
    assert value == 3.2
