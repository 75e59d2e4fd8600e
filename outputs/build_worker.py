"""The download button's workbooks, built in a process of their own.

Building a large scenario's workbook is 1-3 s of pure-Python work (openpyxl). In the app's process it held the
interpreter for all of it, so every other session's reruns waited (``make load --workbook-run``). Here the app starts
one worker process the first time a workbook is asked for and keeps it: ``python -m outputs.build_worker``, a plain
module run (multiprocessing's spawn would re-run the page script Streamlit puts in ``__main__``). ``ui.workbooks``
still allows one build at a time per process, so one worker is enough.

The protocol, over the worker's stdin and stdout: a request is a 4-byte big-endian length and a pickle of
``(scenario, fx, lang)`` (the app's own objects, from its own process: trusted); a reply is one status byte (``o``:
the workbook's bytes follow; ``e``: a one-line error follows), a 4-byte length and the payload. The worker writes
nothing else to stdout (anything an import prints goes to stderr) and exits when its stdin closes, which happens when
the app's process ends, however it ends.
"""

from __future__ import annotations

import atexit
import os
import pickle
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
HEADER = struct.Struct(">I")


class BuildFailed(RuntimeError):
    """The worker could not build the workbook; ``str(exc)`` says why in one line."""


def _read_exactly(stream: IO[bytes], n: int) -> bytes | None:
    """``n`` bytes from ``stream``; None at end of stream (before or within them)."""
    chunks, got = [], 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _reply(out: IO[bytes], status: bytes, payload: bytes) -> None:
    out.write(status + HEADER.pack(len(payload)) + payload)
    out.flush()


def serve(inp: IO[bytes], out: IO[bytes]) -> None:
    """Answer requests from ``inp`` on ``out`` until ``inp`` ends."""
    while (header := _read_exactly(inp, HEADER.size)) is not None:
        body = _read_exactly(inp, HEADER.unpack(header)[0])
        if body is None:
            return
        try:
            # Imported here (once; Python keeps them): a writer that cannot be imported is this build's answer, an
            # error the download shows, not a worker that dies.
            from outputs.download import workbook_for

            scenario, fx, lang = pickle.loads(body)
            data = workbook_for(scenario, fx, lang=lang)
        except Exception as exc:  # one build's failure is that build's answer; the worker goes on
            _reply(out, b"e", " ".join(f"{type(exc).__name__}: {exc}".split()).encode())
        else:
            _reply(out, b"o", data)


class Worker:
    """The app's side: one worker process, started when first needed and again if it has died."""

    def __init__(self, command: list[str] | None = None) -> None:
        self.command = command or [sys.executable, "-m", "outputs.build_worker"]
        self.proc: subprocess.Popen[bytes] | None = None
        self.lock = threading.Lock()

    def _started(self) -> subprocess.Popen[bytes]:
        if self.proc is None or self.proc.poll() is not None:
            # From the project folder: ``python -m`` (and ``-c``) put it first on the worker's import path.
            self.proc = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT)
        return self.proc

    def _ask(self, request: bytes) -> tuple[bytes, bytes] | None:
        """The reply to ``request``, or None if the worker died on the way."""
        proc = self._started()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(HEADER.pack(len(request)) + request)
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return None
        head = _read_exactly(proc.stdout, 1 + HEADER.size)
        if head is None:
            return None
        payload = _read_exactly(proc.stdout, HEADER.unpack(head[1:])[0])
        return None if payload is None else (head[:1], payload)

    def build(self, scenario: Any, fx: Any, lang: str) -> bytes:
        """The workbook's bytes, as ``outputs.download.workbook_for`` builds them; BuildFailed if it cannot."""
        request = pickle.dumps((scenario, fx, lang), protocol=pickle.HIGHEST_PROTOCOL)
        with self.lock:
            for _ in range(2):  # a worker found dead (killed, out of memory) is started again, once
                answer = self._ask(request)
                if answer is not None:
                    break
                self.stop()
            else:
                raise BuildFailed("the workbook builder stopped twice; the download was not built")
        status, payload = answer
        if status != b"o":
            raise BuildFailed(payload.decode(errors="replace"))
        return payload

    def stop(self) -> None:
        """End the worker (its stdin closed: it exits by itself; killed if it has not within a few seconds)."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()


_worker = Worker()
atexit.register(_worker.stop)


def build(scenario: Any, fx: Any, lang: str) -> bytes:
    """The download's workbook for ``scenario`` in ``fx`` and ``lang``, built by the process's one worker."""
    return _worker.build(scenario, fx, lang)


def main() -> None:
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print goes to stderr, never into a reply
    serve(sys.stdin.buffer, out)


if __name__ == "__main__":
    main()
