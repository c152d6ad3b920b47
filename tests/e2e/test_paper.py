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


def test_the_paper_walls_dots_join_the_count_and_show_apart(server, open_page, axe):
    from tests.test_live_server import Device

    workshop = server.create_workshop("Aldea El Rosario", votes_per_participant=1)
    code, links = workshop["code"], workshop["links"]
    facilitator = Device(server.url, code, workshop["facilitator_token"])
    assert facilitator.send("set_phase", {"phase": "ideas"})["ok"]
    for text in ("Arreglar el puente", "Luz en la escuela"):
        assert facilitator.send("post_card", {"kind": "idea", "text": text})["ok"]
    rosa = Device(server.url, code, server.join(code, "Rosa")["token"])
    console = open_page(links["facilitate"], "laptop")
    screen = open_page(links["screen"], "projector-720p")
    expect(console.locator("#pill")).to_have_class("pill connected")
    assert facilitator.send("set_phase", {"phase": "vote"})["ok"]
    bridge = next(c for c in server_cards(server, code) if c["text"] == "Arreglar el puente")
    assert rosa.send("cast_vote", {"card_id": bridge["id"]})["ok"]

    console.locator("#paper-dots summary").click()
    console.get_by_label("Opción", exact=True).select_option(label="Arreglar el puente")
    console.get_by_label("Quién votó").select_option("citizen")
    console.get_by_label("Puntos contados").fill("6")
    console.get_by_role("button", name="Guardar el conteo").click()
    expect(console.locator("#pd-log li").first).to_contain_text(
        "Arreglar el puente, Vecino/a: 0 → 6"
    )
    bar = screen.locator("#bars li", has_text="Arreglar el puente")
    expect(bar.locator(".num")).to_have_text("7")
    expect(bar.locator(".seg.paper")).to_have_text("6")
    expect(screen.locator("#legend")).to_contain_text("En papel 6")
    expect(console.locator("#tally li", has_text="Arreglar el puente")).to_contain_text(
        "En papel 6"
    )
    axe(console, "the console with the paper dots open")
    for device in (facilitator, rosa):
        device.close()


def server_cards(server, code):
    import requests

    return requests.get(f"{server.url}/api/workshops/{code}", timeout=5).json()["cards"]
