"""A real Cocrea server in a subprocess and a headless system Chromium, for the browser tests."""

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEVICES = {
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    "laptop": {"viewport": {"width": 1366, "height": 768}},
}


@dataclass
class Server:
    """The address of a running server, and helpers that read like the story of a workshop."""

    base: str
    log: Path

    def create_workshop(self, title: str, **fields: object) -> dict:
        """Create a workshop through the public API, as a facilitator's script would."""
        with requests.Session() as http:
            response = http.post(
                f"{self.base}/api/workshops", json={"title": title, **fields}, timeout=10
            )
        assert response.status_code == 201, response.text
        return response.json()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with requests.Session() as http:
            return http.get(url, timeout=1).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture
def server(tmp_path: Path):
    """Run `python run.py` on a free port with its own SQLite file; stop it afterwards."""
    port = _free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.db'}",
    }
    for name in ("PUBLIC_URL", "SOCKETIO_MESSAGE_QUEUE"):
        env.pop(name, None)
    log_path = tmp_path / "server.log"
    base = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "run.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 60
            while not _answers(f"{base}/"):
                if process.poll() is not None:
                    pytest.fail(f"the server exited early:\n{log_path.read_text()[-3000:]}")
                if time.monotonic() > deadline:
                    pytest.fail(f"the server did not answer:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.2)
            yield Server(base=base, log=log_path)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def browser():
    """A headless system Chromium; Playwright never downloads a browser here."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """Open a page in a fresh context (its own storage) shaped like a phone or a laptop."""
    contexts = []
    errors: list[str] = []

    def open_(url: str, device: str) -> object:
        context = browser.new_context(**DEVICES[device])
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{url}: {error}"))
        page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not errors, "JavaScript errors:\n" + "\n".join(errors)


@pytest.fixture
def screenshot():
    """Save a screenshot under test-artifacts/e2e/ for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=name.startswith("phone"))

    return take
