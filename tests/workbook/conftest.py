"""LibreOffice as the spreadsheet oracle: recalculate exported workbooks and read the values back.

A session profile sets OOXMLRecalcMode = 0 (always recalculate on load); the
default keeps whatever cached values a file carries. ``recalc(paths)`` converts
several files in one soffice call (start-up is most of the cost) and returns
the recalculated copies. Without soffice the LibreOffice tests skip with an
install hint, except where CI=true: there they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

Recalc = Callable[[Sequence[Path]], list[Path]]


def soffice_path() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    message = "LibreOffice is not installed: apt-get install -y libreoffice-calc-nogui (needed to recalculate the workbook)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    profile = tmp_path_factory.mktemp("lo-profile")
    (profile / "user").mkdir()
    (profile / "user" / "registrymodifications.xcu").write_text(XCU)
    return profile


@pytest.fixture(scope="session")
def recalc(lo_profile: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recalc]:
    """recalc([a.xlsx, b.xlsx]) -> [recalculated a.xlsx, recalculated b.xlsx] (one soffice call)."""
    exe = soffice_path()
    counter = iter(range(1_000_000))

    def run(paths: Sequence[Path], *, to: str = "xlsx") -> list[Path]:
        out = tmp_path_factory.mktemp(f"recalc{next(counter)}")
        cmd = [
            exe,
            f"-env:UserInstallation={lo_profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            *map(str, paths),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)
        results = [out / (Path(p).stem + "." + to.split(":")[0]) for p in paths]
        missing = [r for r in results if not r.exists()]
        # soffice exits 0 even when a conversion fails: the output file is the proof.
        assert not missing, f"LibreOffice did not write {missing}: {proc.stdout} {proc.stderr}"
        return results

    yield run  # type: ignore[misc]
