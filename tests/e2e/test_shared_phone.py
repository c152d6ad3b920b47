"""One phone, many people: a family's phone handed over, and a kiosk phone on a table."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_phone_to_screen import join_from_phone

pytestmark = pytest.mark.browser

STORED = "() => Object.keys(localStorage).filter(k => k.startsWith('cocrea:'))"


def test_a_phone_is_handed_to_someone_else_only_once_nothing_is_left_unsent(server, open_page):
    links = server.create_workshop("Aldea El Rosario")["links"]
    console = open_page(links["facilitate"], "laptop")
    screen = open_page(links["screen"], "projector-720p")
    phone = open_page(links["join"], "phone")
    join_from_phone(phone, "Rosa")
    console.click('[data-phase="problems"]')
    phone.fill("#text", "El puente se cae")
    phone.click("#send")
    expect(screen.locator("#wall .card", has_text="El puente se cae")).to_contain_text("Rosa")

    # With no signal, Rosa's second card waits in the phone: it cannot be handed over yet.
    phone.context.set_offline(True)
    phone.fill("#text", "No hay luz en la escuela")
    phone.click("#send")
    phone.get_by_role("button", name="Otra persona usará este teléfono").click()
    expect(phone.locator("#notice")).to_contain_text("todavía no se envió")
    expect(phone.locator("#live")).to_be_visible()
    phone.context.set_offline(False)
    expect(screen.locator("#wall .card", has_text="No hay luz")).to_contain_text("Rosa")

    # Everything sent: the phone forgets Rosa and the next person joins with their own name.
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="Otra persona usará este teléfono").click()
    expect(phone.locator("#join")).to_be_visible()
    expect(phone.locator("#name")).to_have_value("")
    assert phone.evaluate(STORED) == []
    join_from_phone(phone, "Pedro")
    phone.fill("#text", "Falta agua en la tarde")
    phone.click("#send")
    expect(screen.locator("#wall .card", has_text="Falta agua")).to_contain_text("Pedro")
    expect(screen.locator("#wall .card", has_text="El puente se cae")).to_contain_text("Rosa")
    # Pedro cannot reword what Rosa wrote.
    rosas = phone.locator("#cards .card", has_text="El puente se cae")
    expect(rosas.get_by_role("button", name="Editar")).to_have_count(0)


def test_a_kiosk_thanks_each_person_and_makes_room_for_the_next(server, open_page):
    links = server.create_workshop("Aldea El Rosario")["links"]
    console = open_page(links["facilitate"], "laptop")
    kiosk = open_page(links["join"] + "?kiosk=1", "phone")
    join_from_phone(kiosk, "Ana")
    console.click('[data-phase="ideas"]')
    kiosk.fill("#text", "Una cancha techada")
    kiosk.click("#send")
    expect(kiosk.locator("#kiosk-thanks")).to_contain_text("Gracias")
    expect(kiosk.locator("#join")).to_be_visible(timeout=10_000)
    assert kiosk.url.endswith("?kiosk=1")
    assert kiosk.evaluate(STORED) == []
    expect(console.locator("#clusters .card", has_text="Una cancha techada")).to_contain_text("Ana")
