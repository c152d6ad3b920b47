"""A phone in its person's own language, while the workshop goes on in Spanish."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_phone_to_screen import join_from_phone

pytestmark = pytest.mark.browser

WRONG_PHASE = """() => new Promise(done => window.Cocrea.current.command(
  'post_card', {kind: 'idea', text: 'Una idea antes de tiempo'}, ack => done(ack)))"""


def test_a_phone_switches_to_english_and_keeps_it_while_the_hall_speaks_spanish(server, open_page):
    links = server.create_workshop("Plaza de Armas", locale="es")["links"]
    console = open_page(links["facilitate"], "laptop")
    phone = open_page(links["join"], "phone")
    expect(phone.locator("#join-btn")).to_have_text("Entrar")
    phone.get_by_role("link", name="English").click()
    expect(phone.locator("#join-btn")).to_have_text("Enter")
    assert phone.evaluate("document.documentElement.lang") == "en"
    join_from_phone(phone, "Mary")

    console.click('[data-phase="problems"]')
    expect(phone.locator("#phase")).to_have_text("Problems")
    expect(console.locator('[data-phase="problems"]')).to_contain_text("Problemas")
    # The server answers this phone in its language too.
    refused = phone.evaluate(WRONG_PHASE)
    assert refused["error"]["message"] == "Ideas can be posted only in the ideas phase."
    assert "fase" not in refused["error"]["message"]

    # The choice is kept on the phone, across a reload, until it switches back.
    phone.reload()
    expect(phone.locator("#phase")).to_have_text("Problems")
    phone.get_by_role("link", name="Español").click()
    expect(phone.locator("#phase")).to_have_text("Problemas")
    expect(phone.locator("#live")).to_be_visible()  # still Mary: switching forgets nobody
