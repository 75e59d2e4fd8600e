"""Starting the app (or any Streamlit script) on a free loopback port, for the benchmark, the screenshots and
the browser tests: one copy of the command line, the health check and the shutdown.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
PY = sys.executable
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    url: str
    started_ns: int
    log: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start_server(script: Path | str, log_dir: Path, *, extra: list[str] | None = None, cwd: Path = ROOT) -> Server:
    """`streamlit run script` on a free loopback port, from ``cwd`` (whose .streamlit/config.toml applies); returns as soon as the process is spawned."""
    port = free_port()
    log = log_dir / f"streamlit-{port}.log"
    cmd = [
        PY,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *(extra or []),
    ]
    started = time.perf_counter_ns()
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    return Server(proc, f"http://127.0.0.1:{port}", started, log)


def wait_healthy(server: Server, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.proc.returncode}: {server.log.read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(server.url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        time.sleep(0.05)
    raise RuntimeError(f"streamlit did not become healthy in {timeout_s:g} s")


@contextlib.contextmanager
def serving(script: Path | str, log_dir: Path, *, cwd: Path = ROOT) -> Iterator[Server]:
    server = start_server(script, log_dir, cwd=cwd)
    try:
        wait_healthy(server)
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def serve_app() -> Iterator[str]:
    """Run ``streamlit run app.py`` on 127.0.0.1 and yield its base URL (server log in a temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="app-log-") as logs, serving(APP, Path(logs)) as server:
        yield server.url
