"""A phone on weak signal: a reload with no signal still opens the page, the wall and what
the person typed, and the phone says once, plainly, what will be sent when the signal returns."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_phone_to_screen import join_from_phone
from tests.e2e.test_voting import give_vote

pytestmark = pytest.mark.browser

KEPT = "() => navigator.serviceWorker.ready.then(() => caches.keys()).then(k => k.length)"
PAGE_KEPT = """() => caches.open('cocrea-phone-1')
  .then(c => c.keys()).then(r => r.some(q => new URL(q.url).pathname.startsWith('/j/')))"""


def test_a_reload_with_no_signal_keeps_the_page_the_wall_and_the_unsent_card(server, open_page):
    links = server.create_workshop("Caserío Las Flores")["links"]
    console = open_page(links["facilitate"], "laptop")
    screen = open_page(links["screen"], "projector-720p")
    phone = open_page(links["join"], "phone")
    join_from_phone(phone, "Teodora")
    console.click('[data-phase="problems"]')
    phone.fill("#text", "El camino se inunda en invierno")
    phone.click("#send")
    expect(screen.locator("#wall")).to_contain_text("El camino se inunda")
    phone.wait_for_function(PAGE_KEPT)  # the service worker kept the page on its first visit
    phone.wait_for_timeout(1200)  # and the phone kept the wall (within a second)

    # The signal goes; Teodora reloads. The page, the wall and her card are still there.
    phone.context.set_offline(True)
    phone.reload()
    expect(phone.locator("#live")).to_be_visible()
    expect(phone.locator("#cards")).to_contain_text("El camino se inunda en invierno")
    pill = phone.locator("#pill")
    expect(pill).to_have_text(
        "Sin señal. Puedes seguir escribiendo: se enviará cuando vuelva la señal."
    )

    # She writes on. The one status line says what waits on the phone; the card says it too.
    phone.fill("#text", "No hay puesto de salud")
    phone.click("#send")
    pending = phone.locator("#cards .card.pending")
    expect(pending).to_contain_text("Guardada en este teléfono, aún no enviada")
    expect(pill).to_have_text(
        "Sin señal. Tu tarjeta está guardada en este teléfono y se enviará sola cuando vuelva "
        "la señal."
    )
    phone.fill("#text", "Tampoco hay escuela secundaria")  # a draft, not sent yet
    phone.reload()  # a second reload offline: the outbox and the draft survive it too
    expect(phone.locator("#cards .card.pending")).to_have_count(1)
    expect(phone.locator("#text")).to_have_value("Tampoco hay escuela secundaria")
    assert phone.locator("text=Sin señal").count() == 1  # said once, not on every panel

    # The signal returns: the card goes by itself, and the wall catches up.
    phone.context.set_offline(False)
    expect(screen.locator("#wall")).to_contain_text("No hay puesto de salud")
    expect(phone.locator("#cards .card.pending")).to_have_count(0)
    expect(pill).to_have_class("pill connected")


def test_offline_in_the_vote_the_phone_says_voting_needs_a_signal_and_nothing_else(
    server, open_page
):
    links = server.create_workshop("Aldea El Rosario", votes_per_participant=2)["links"]
    console = open_page(links["facilitate"], "laptop")
    phone = open_page(links["join"], "phone")
    join_from_phone(phone, "Cruz")
    console.click('[data-phase="ideas"]')
    phone.fill("#text", "Un puente colgante sobre el río")
    phone.click("#send")
    console.click('[data-phase="vote"]')
    give_vote(phone, "Un puente colgante")
    expect(phone.locator("#votes-left")).to_contain_text("1")

    phone.context.set_offline(True)
    phone.evaluate("Cocrea.current.socket.io.engine.close()")  # the link drops at once
    pill = phone.locator("#pill")
    expect(pill).to_have_text(
        "Sin señal. Para votar hace falta señal: vota cuando vuelva. Los votos que ya diste "
        "están contados."
    )
    # The votes line still tells how many are left; the buttons wait for the signal.
    expect(phone.locator("#votes-left")).to_contain_text("1")
    expect(phone.locator("#targets .vote-btn.primary").first).to_be_disabled()
    assert "señal" not in phone.locator("#vote").inner_text().replace(pill.inner_text(), "")

    phone.context.set_offline(False)
    expect(pill).to_have_class("pill connected")
    expect(phone.locator("#targets .vote-btn.primary").first).to_be_enabled()
