"""The Workspace page reads the difference between two saved versions once, not on every sidebar rerun.

A saved version never changes, so ``ui.workspace.diff`` caches by the two versions' share ids (it used to read and
validate both scenarios from the store again each time a sidebar slider moved: about 70 ms a rerun here). What the
table shows is compared with the model's ``differences()`` for the same two scenarios.
"""

from __future__ import annotations

import pytest

from model.overrides import differences, with_overrides
from model.scenario import Scenario
from store import Store
from tests.app.conftest import new_app
from ui import workspace as ws

CALLS = "ai.calls_per_dau_per_day"
HIT = "caching.caches.1.hit_rate"


@pytest.fixture
def store_url(tmp_path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("SCALING_STORE_URL", url)
    return url


def test_sidebar_reruns_reuse_the_diff_and_a_new_version_is_read(
    store_url: str, plan: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(store_url)
    v1, v2 = plan, with_overrides(plan, {CALLS: 3.0})
    store.save("Budget", v1, note="")
    store.save("Budget", v2, note="")
    reads: list[tuple[str, int, int]] = []
    real_diff = Store.diff

    def counting_diff(self: Store, name: str, a: int, b: int):  # type: ignore[no-untyped-def]
        reads.append((name, a, b))
        return real_diff(self, name, a, b)

    monkeypatch.setattr(Store, "diff", counting_diff)
    ws._diff.clear()

    at = new_app().run()
    at.switch_page("views/workspace.py").run()
    assert not at.exception, [e.message for e in at.exception]
    # The page diffs the second newest (From) against the newest (To): v1 -> v2.
    shown = at.dataframe[-1].value
    assert list(shown["Setting"]) == list(differences(v1, v2)) == [CALLS]
    assert reads == [("Budget", 1, 2)]

    for value in (2.2, 2.4):  # two sidebar reruns: the same two versions, no new read
        at.slider(key="drv:" + CALLS).set_value(value).run()
        assert not at.exception
    assert reads == [("Budget", 1, 2)]
    assert list(at.dataframe[-1].value["Setting"]) == [CALLS]

    # A third version, chosen as v2 -> v3: other share ids, so the store is read again.
    v3 = with_overrides(v2, {HIT: 0.5})
    store.save("Budget", v3, note="")
    at.slider(key="drv:" + CALLS).set_value(2.6).run()
    at.selectbox(key="ws_from:Budget").set_value(2)
    at.selectbox(key="ws_to:Budget").set_value(3).run()
    assert not at.exception
    assert reads == [("Budget", 1, 2), ("Budget", 2, 3)]
    assert list(at.dataframe[-1].value["Setting"]) == list(differences(v2, v3)) == [HIT]
