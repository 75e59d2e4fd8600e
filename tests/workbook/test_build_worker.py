"""The download's workbooks built in a process of their own (outputs.build_worker): the same workbook as built in the
app's process, a failed build answered with its reason, and a worker that died started again."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from model.fx import USD, FxRate
from model.loading import plan_scenario
from model.overrides import with_overrides
from outputs.build_worker import BuildFailed, Worker
from outputs.download import workbook_for

KRW = FxRate("KRW", 1400.0, None, "typed rate")


BUILT_AT = ("Cover", "B7")
"""The time the workbook was built (to the second): the one cell two builds of the same workbook may differ in."""


def cells(data: bytes) -> dict[tuple[str, str], object]:
    """Every cell's value (formulas as written) of every sheet, but the build time."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", str(out.pop(BUILT_AT)))
    return out


@pytest.fixture(scope="module")
def worker():
    w = Worker()
    yield w
    w.stop()


@pytest.mark.parametrize(("fx", "lang"), [(USD, "en"), (KRW, "ko")])
def test_the_worker_builds_the_workbook_the_app_would(worker: Worker, fx: FxRate, lang: str) -> None:
    scenario = with_overrides(plan_scenario(), {"ai.calls_per_dau_per_day": 3.0})
    built = worker.build(scenario, fx, lang)
    assert cells(built) == cells(workbook_for(scenario, fx, lang=lang))
    assert worker.proc is not None and worker.proc.pid is not None and worker.proc.poll() is None  # kept for the next


def test_a_failed_build_says_why_and_the_worker_goes_on(worker: Worker) -> None:
    with pytest.raises(BuildFailed, match="AttributeError"):
        worker.build("not a scenario", USD, "en")
    pid = worker.proc.pid  # type: ignore[union-attr]
    assert cells(worker.build(plan_scenario(), USD, "en"))[("Cover", "A1")] == "Scaling cost model: the workbook"
    assert worker.proc.pid == pid  # type: ignore[union-attr]


def test_a_worker_that_died_is_started_again(worker: Worker) -> None:
    worker.build(plan_scenario(), USD, "en")
    old = worker.proc
    assert old is not None
    old.kill()
    old.wait()
    assert cells(worker.build(plan_scenario(), USD, "en"))[("Cover", "A1")] == "Scaling cost model: the workbook"
    assert worker.proc is not None and worker.proc.pid != old.pid


def test_a_worker_that_cannot_start_is_a_clear_failure() -> None:
    broken = Worker(["/bin/false"])  # exits at once, before any reply
    with pytest.raises(BuildFailed, match="stopped twice"):
        broken.build(plan_scenario(), USD, "en")
    broken.stop()


def test_the_worker_exits_when_the_app_closes_its_pipe(worker: Worker) -> None:
    worker.build(plan_scenario(), USD, "en")
    proc = worker.proc
    assert proc is not None
    proc.stdin.close()  # type: ignore[union-attr]  # as when the app's process ends
    assert proc.wait(timeout=10) == 0
    worker.proc = None
