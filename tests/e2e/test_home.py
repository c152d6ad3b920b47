"""The front door in a real browser: a facilitator creates a workshop and reloads the page."""

import re
import sqlite3

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_reloading_the_ready_page_creates_no_second_workshop(server, open_page, tmp_path):
    home = open_page(server.url + "/", "laptop")
    home.fill("#title", "Agua para Santa Cruz")
    home.fill("#municipality", "Santa Cruz")
    home.select_option("#locale", "es")
    home.click("form[method=post] button[type=submit]")

    expect(home.get_by_role("heading", name="Tu taller está listo")).to_be_visible()
    assert "/ready/" in home.url and "#token=" in home.url
    expect(home.locator("#facilitate-link")).to_have_value(re.compile(r"/f/[A-Z0-9]{6}#token="))
    expect(home.locator("#screen-link")).to_have_value(re.compile(r"/s/.+#token="))
    expect(home.locator(".code-panel .qr svg")).to_be_visible()
    # The server listens on 127.0.0.1: the page warns that phones cannot reach it.
    expect(home.locator(".local-warning")).to_contain_text("Los celulares no pueden abrir")

    home.reload()
    home.reload()
    expect(home.locator("#facilitate-link")).to_have_value(re.compile("#token="))
    with sqlite3.connect(tmp_path / "e2e.db") as database:
        assert database.execute("SELECT count(*) FROM workshop").fetchone() == (1,)

    console = home.context.new_page()
    console.goto(home.locator("#facilitate-link").input_value())
    expect(console.locator('[data-phase="problems"]')).to_be_visible()
