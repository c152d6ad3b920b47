"""A real Cocrea server in a subprocess and a headless system Chromium, for the browser tests."""

from pathlib import Path

import pytest

from tests.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # from the npm registry, by make setup
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
    "projector-720p": {"viewport": {"width": 1280, "height": 720}},
    "projector-xga": {"viewport": {"width": 1024, "height": 768}},
    "projector-1080p": {"viewport": {"width": 1920, "height": 1080}},
}


@pytest.fixture
def server(tmp_path: Path):
    """Run `python run.py` on a free port with its own SQLite file; stop it afterwards."""
    live = LiveServer(f"sqlite:///{tmp_path / 'e2e.db'}", PUBLIC_URL="", SOCKETIO_MESSAGE_QUEUE="")
    live.start(timeout=60)
    yield live
    live.stop()


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
        # Every page passes its strict Content-Security-Policy: a refusal fails the test.
        page.on(
            "console",
            lambda msg: (
                errors.append(f"{url}: {msg.text}")
                if "Content Security Policy" in msg.text
                else None
            ),
        )
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


AXE_RUN = """async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.impact} ${v.id}: ${v.help} at `
      + v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(', '));
}"""


@pytest.fixture
def axe():
    """Check a page with axe-core as it is now; fail on any serious or critical violation."""

    def check(page, where: str) -> None:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Through the DevTools protocol, which the pages' CSP does not govern.
            page.evaluate("() => { " + AXE.read_text() + " }")
        problems = page.evaluate(AXE_RUN)
        assert not problems, f"axe on {where}:\n" + "\n".join(problems)

    return check
