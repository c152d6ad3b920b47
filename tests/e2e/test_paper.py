"""The paper wall typed into the console in a real browser: one batch, marked on every screen."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_phone_to_screen import join_from_phone

pytestmark = pytest.mark.browser


def test_the_facilitator_types_in_the_paper_wall_and_every_screen_marks_it(server, open_page):
    links = server.create_workshop("Aldea El Rosario")["links"]
    console = open_page(links["facilitate"], "laptop")
    screen = open_page(links["screen"], "projector-720p")
    phone = open_page(links["join"], "phone")
    join_from_phone(phone, "Rosa")
    expect(console.locator("#pill")).to_have_class("pill connected")
    console.click('[data-phase="problems"]')

    # Pasted as the notes came off the wall: bullets, numbers and blank lines are left out.
    box = console.get_by_label("Notas, una por línea")
    box.fill("- El puente se cae\n\n• No hay luz en la escuela\n3) Falta agua en la tarde\n")
    expect(console.locator("#paper-count")).to_have_text("3 notas")
    console.get_by_label("Quién las escribió").select_option("citizen")
    console.get_by_role("button", name="Agregar las notas").click()

    expect(screen.locator("#wall .card")).to_have_count(3)
    expect(screen.locator("#wall .card", has_text="El puente se cae")).to_contain_text("En papel")
    note = phone.locator("#cards .card", has_text="Falta agua en la tarde")
    expect(note).to_contain_text("En papel · Vecino/a")
    expect(box).to_have_value("")
    expect(console.locator("#paper-total")).to_have_text("Notas en papel transcritas: 3")

    # One bad note refuses the batch; the box keeps every line and the notice names the line.
    box.fill("Una cancha techada\n\nUn salón comunal\x07")
    console.get_by_role("button", name="Agregar las notas").click()
    expect(console.locator("#notice")).to_contain_text("línea 3")
    expect(box).to_have_value("Una cancha techada\n\nUn salón comunal\x07")
    expect(screen.locator("#wall .card")).to_have_count(3)
