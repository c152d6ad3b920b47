"""A real Cocrea server in a subprocess, started by run.py exactly as `make run` does."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, database_url: str, port: int | None = None, **env: str) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "DATABASE_URL": database_url,
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.process: subprocess.Popen | None = None
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"cocrea-server-{self.port}.log"

    def start(self, timeout: float = 30.0) -> "LiveServer":
        with open(self.log_path, "ab") as log:  # the child keeps its own copy of the handle
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "run.py")],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early; see {self.log_path}:\n{self.log()}")
            try:
                requests.get(self.url + "/api/workshops/ZZZZZZ", timeout=1)
                return self
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start in {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def kill_hard(self) -> None:
        """kill -9: no shutdown code runs, as when a laptop's process is killed."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def create_workshop(self, title: str = "Taller en vivo", **fields) -> dict:
        response = requests.post(
            self.url + "/api/workshops", json={"title": title, **fields}, timeout=10
        )
        response.raise_for_status()
        return response.json()

    def join(self, code: str, name: str = "", role: str = "citizen") -> dict:
        response = requests.post(
            f"{self.url}/api/workshops/{code}/participants",
            json={"name": name, "role": role, "consent": True},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()
