"""A citizen's phone, the facilitator's console and the projector, in a real browser."""

import re
import uuid

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def join_from_phone(page, name: str) -> None:
    """Fill the consent form the way a participant would, and wait for the live view."""
    page.fill("#name", name)
    page.check("#consent")
    page.click("#join-btn")
    expect(page.locator("#live")).to_be_visible()
    expect(page.locator("#pill")).to_have_class("pill connected")


def test_a_problem_posted_on_a_phone_appears_on_the_projector(server, open_page, screenshot):
    workshop = server.create_workshop(
        "Plaza de Armas: nuestro plan",
        municipality="Pisac",
        question="¿Qué haría que la plaza sea más segura y más viva?",
    )
    links = workshop["links"]
    console = open_page(links["facilitate"], "laptop")
    screen = open_page(links["screen"], "laptop")
    phone = open_page(links["join"], "phone")
    expect(screen.locator("#code")).to_have_text(workshop["code"])
    screenshot(phone, "phone-join")
    # On a 360×740 phone, "Entrar" is on the first screen: no scrolling to join.
    enter = phone.get_by_role("button", name="Entrar").bounding_box()
    assert enter["y"] + enter["height"] <= 740

    join_from_phone(phone, "Rosa")
    expect(screen.locator("#joined")).to_have_text("1")
    expect(screen.locator("#joined-roles")).to_have_text(
        "Vecinos/as 1 · Funcionarios/as 0 · Sociedad civil 0"
    )
    expect(console.locator("#pill")).to_have_class("pill connected")
    console.click('[data-phase="problems"]')
    expect(phone.locator("#text")).to_be_visible()

    phone.fill("#text", "No hay luz en la plaza por la noche")
    phone.click("#send")

    expect(screen.locator("#wall")).to_contain_text("No hay luz en la plaza por la noche")
    expect(console.locator("#problems")).to_contain_text("No hay luz en la plaza por la noche")
    expect(phone.locator("#cards .card:not(.pending)")).to_have_count(1)
    screenshot(phone, "phone-problems")
    screenshot(console, "console-problems")
    screenshot(screen, "screen-problems")


def test_text_is_shown_as_written_never_as_markup(server, open_page):
    links = server.create_workshop("Escape")["links"]
    console = open_page(links["facilitate"], "laptop")
    screen = open_page(links["screen"], "laptop")
    phone = open_page(links["join"], "phone")
    join_from_phone(phone, "<b>Rosa</b>")
    console.click('[data-phase="problems"]')
    markup = '<img src=x id=injected> & "comillas"'

    phone.fill("#text", markup)
    phone.click("#send")

    expect(screen.locator("#wall .card p")).to_have_text(markup)
    expect(phone.locator("#cards .card:not(.pending) p")).to_have_text(markup)
    for page in (phone, console, screen):
        expect(page.locator("#injected")).to_have_count(0)


def test_a_draft_survives_a_reload_of_the_phone(server, open_page):
    links = server.create_workshop("Borrador")["links"]
    console = open_page(links["facilitate"], "laptop")
    phone = open_page(links["join"], "phone")
    join_from_phone(phone, "")
    console.click('[data-phase="problems"]')
    expect(phone.locator("#text")).to_be_visible()

    phone.fill("#text", "Faltan rampas para sillas de ruedas")
    phone.reload()

    # Still joined (the token is kept) and the half-written text is back.
    expect(phone.locator("#join")).to_be_hidden()
    expect(phone.locator("#text")).to_have_value("Faltan rampas para sillas de ruedas")


def test_a_card_written_offline_is_sent_when_the_connection_returns(server, open_page):
    links = server.create_workshop("Sin señal")["links"]
    console = open_page(links["facilitate"], "laptop")
    screen = open_page(links["screen"], "laptop")
    phone = open_page(links["join"], "phone")
    join_from_phone(phone, "Mateo")
    console.click('[data-phase="problems"]')
    expect(phone.locator("#text")).to_be_visible()

    phone.evaluate("Cocrea.current.socket.disconnect()")
    expect(phone.locator("#pill")).to_have_class("pill reconnecting")
    phone.fill("#text", "El bus no pasa los domingos")
    phone.click("#send")
    expect(phone.locator("#cards .card.pending")).to_have_count(1)
    phone.reload()  # the outbox lives in localStorage, so even a reload keeps it

    expect(screen.locator("#wall")).to_contain_text("El bus no pasa los domingos")
    expect(phone.locator("#cards .card.pending")).to_have_count(0)
    expect(phone.locator("#cards .card")).to_have_count(1)


def test_an_idea_is_linked_to_a_problem_only_when_the_person_links_it(server, open_page):
    links = server.create_workshop("Agua")["links"]
    console = open_page(links["facilitate"], "laptop")
    phone = open_page(links["join"], "phone")
    join_from_phone(phone, "Rosa")
    console.click('[data-phase="problems"]')
    phone.fill("#text", "Se corta el agua los lunes")
    phone.click("#send")
    console.click('[data-phase="ideas"]')
    expect(phone.locator("#related")).to_be_visible()

    phone.select_option("#problem", label="Se corta el agua los lunes")
    expect(phone.locator("#related-note")).to_have_text(
        "Tu idea quedará vinculada al problema «Se corta el agua los lunes»."
    )
    phone.fill("#text", "Un tanque elevado en la escuela")
    phone.click("#send")
    expect(phone.locator("#problem")).to_have_value("")
    expect(phone.locator("#related-note")).to_be_hidden()
    phone.fill("#text", "Turnos de reparto con pipas")
    phone.click("#send")

    code = links["join"].rsplit("/", 1)[1]
    cards = requests.get(f"{server.url}/api/workshops/{code}", timeout=5).json()["cards"]
    problem = next(c["id"] for c in cards if c["kind"] == "problem")
    linked = {c["text"]: c.get("problem_id") for c in cards if c["kind"] == "idea"}
    assert linked == {
        "Un tanque elevado en la escuela": problem,
        "Turnos de reparto con pipas": None,
    }


OVERFLOWING = """() => [...document.querySelectorAll('body *')].filter(e => {
  const r = e.getBoundingClientRect();
  const shown = r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
  return shown && (r.right > innerWidth + 1 || r.bottom > innerHeight + 1);
}).map(e => e.id || e.className || e.tagName)"""


@pytest.mark.parametrize("size", ["projector-xga", "projector-720p", "projector-1080p"])
def test_a_full_wall_fits_the_projector_and_says_how_many_more(server, open_page, size):
    from tests.test_live_server import Device

    workshop = server.create_workshop("Plaza", municipality="San Juan Sacatepéquez")
    code = workshop["code"]
    console = Device(server.url, code, workshop["facilitator_token"])
    assert console.send("set_phase", {"phase": "problems"})["ok"]
    # Three neighbours post ten problems each (each phone is held to its own pace).
    phones = [Device(server.url, code, server.join(code, name)["token"]) for name in "ABC"]
    for n in range(30):
        text = f"Problema número {n}: la calle se inunda cuando llueve y no pasa el camión"
        payload = {"kind": "problem", "text": text, "client_id": str(uuid.uuid4())}
        assert phones[n % 3].send("post_card", payload)["ok"]
    screen = open_page(workshop["links"]["screen"], size)
    expect(screen.locator("#wall .card").first).to_be_visible()
    expect(screen.locator("#wall-more")).to_have_text(re.compile(r"^\+ \d+ más$"))
    shown = screen.locator("#wall .card:visible").count()
    more = int(screen.locator("#wall-more").text_content().split()[1])
    assert shown + more == 30
    assert screen.evaluate(OVERFLOWING) == []
    # The join address may wrap between the host and the path, never inside the code.
    path = screen.locator(".join-url .path").first.bounding_box()
    assert path["height"] < 2 * screen.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.join-url')).lineHeight) || 40"
    )
    for device in (console, *phones):
        device.close()


def test_a_neighbour_fixes_a_typo_then_takes_her_card_back(server, open_page, axe):
    links = server.create_workshop("Luz")["links"]
    console = open_page(links["facilitate"], "laptop")
    screen = open_page(links["screen"], "laptop")
    phone = open_page(links["join"], "phone")
    join_from_phone(phone, "Rosa")
    console.click('[data-phase="problems"]')
    phone.fill("#text", "Se va la lus")
    phone.click("#send")
    mine = phone.locator("#cards .card", has_text="Se va la lus")

    # She rewords it in a sheet that keeps her text until the server has it.
    mine.get_by_role("button", name="Editar").click()
    sheet = phone.get_by_role("dialog", name="Editar tu tarjeta")
    expect(sheet.get_by_role("textbox")).to_have_value("Se va la lus")
    sheet.get_by_role("textbox").fill("Se va la luz cada tarde")
    axe(phone, "the phone's edit sheet")
    sheet.get_by_role("button", name="Guardar").click()
    expect(sheet).to_be_hidden()
    expect(screen.locator("#wall .card")).to_have_text(re.compile("Se va la luz cada tarde"))

    phone.once("dialog", lambda dialog: dialog.accept())
    phone.locator("#cards .card").get_by_role("button", name="Retirar").click()
    expect(screen.locator("#wall .card")).to_have_count(0)
    expect(phone.locator("#cards .card")).to_have_count(0)

    # The room moves on while she rewords another card: the refusal keeps her text.
    phone.fill("#text", "Hay baches")
    phone.click("#send")
    phone.locator("#cards .card", has_text="Hay baches").get_by_role(
        "button", name="Editar"
    ).click()
    sheet.get_by_role("textbox").fill("Hay baches frente a la escuela")
    console.click('[data-phase="ideas"]')
    expect(phone.locator("#phase")).to_have_text("Ideas")
    sheet.get_by_role("button", name="Guardar").click()
    expect(sheet.get_by_role("alert")).to_be_visible()
    expect(sheet.get_by_role("textbox")).to_have_value("Hay baches frente a la escuela")
    sheet.get_by_role("button", name="Cancelar").click()
    expect(sheet).to_be_hidden()
