"""The command line run in-process: ``cli.main.main`` with its own stdout, stderr, stdin, working folder and environment.

A subprocess per call costs about a second of interpreter and import start-up and proves nothing more than this
does, except that ``python -m model`` is wired to ``cli.main``: tests/model/test_cli.py keeps two real processes
for that. The result has a subprocess's shape (returncode, stdout, stderr), so assertions read the same either way.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from unittest import mock

from cli.main import main

ROOT = Path(__file__).resolve().parents[1]


def run_cli(
    *args: str, cwd: Path = ROOT, env: Mapping[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m model ARGS`` as ``main(ARGS)``: exit status, what it printed to stdout and stderr.

    ``env`` adds to (or replaces entries of) the environment for the call only; ``stdin`` is what it reads from
    standard input. argparse's own refusals raise SystemExit: its code is the exit status, as in a process.
    """
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(cwd),
        mock.patch.dict(os.environ, dict(env or {})),
        mock.patch.object(sys, "stdin", io.StringIO(stdin or "")),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return subprocess.CompletedProcess(["python", "-m", "model", *args], code, out.getvalue(), err.getvalue())
