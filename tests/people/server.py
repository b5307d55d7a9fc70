"""A real uvicorn process serving the application (concurrency and durability tests).

``uvicorn --factory tests.people.server:make_app`` reads ``DATABASE_URL`` from the environment;
the rate limits are switched off so that the tests measure the database, not the limiter.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from fastapi import FastAPI

ROOT = Path(__file__).resolve().parents[2]


def make_app() -> FastAPI:
    from tests.people.conftest import build_app, relaxed_settings

    return build_app(os.environ["DATABASE_URL"], relaxed_settings(cookie_secure=False))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    def __init__(self, db_url: str, log_path: Path, log_level: str = "warning") -> None:
        self.db_url = db_url
        self.log_level = log_level
        self.log_path = log_path
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        env = {**os.environ, "DATABASE_URL": self.db_url, "PYTHONPATH": str(ROOT)}
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "tests.people.server:make_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                self.log_level,
                "--backlog",
                "2048",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            try:
                httpx.get(f"{self.base_url}/api/v1/callbacks/AAAAAAAA", timeout=1.0)
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        """``kill -9``: no shutdown handler runs."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
