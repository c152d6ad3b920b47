"""Grouping ideas in a real browser: the console without dragging, phones that help."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_phone_to_screen import join_from_phone

pytestmark = pytest.mark.browser


def post_ideas(console, phone, texts: list[str]) -> None:
    """Open the ideas phase and send each idea from the phone, as a participant would."""
    console.click('[data-phase="ideas"]')
    expect(phone.locator("#text")).to_be_visible()
    for text in texts:
        phone.fill("#text", text)
        phone.click("#send")
    for text in texts:
        expect(console.locator("#clusters .card", has_text=text)).to_have_count(1)


def test_the_console_groups_ideas_without_dragging(server, open_page, screenshot):
    links = server.create_workshop("Plaza de Armas", question="¿Qué haría la plaza más viva?")[
        "links"
    ]
    console = open_page(links["facilitate"], "laptop")
    screen = open_page(links["screen"], "laptop")
    phone = open_page(links["join"], "phone")
    join_from_phone(phone, "Rosa")
    post_ideas(
        console,
        phone,
        ["Más luces en la plaza", "Iluminar la plaza de noche", "Una feria los domingos"],
    )
    console.click('[data-phase="cluster"]')

    # Tick two ideas, then "Move to…" a new group with a title: no dragging anywhere.
    console.get_by_role("checkbox", name="Seleccionar: Más luces en la plaza").check()
    console.get_by_role("checkbox", name="Seleccionar: Iluminar la plaza de noche").check()
    expect(console.locator("#selected-n")).to_have_text("2 ideas seleccionadas")
    console.get_by_label("Mover a…").select_option(label="Nuevo grupo")
    console.get_by_placeholder("Título del nuevo grupo").fill("Luz")
    console.get_by_role("button", name="Crear grupo").click()

    group = console.locator("#clusters .cluster:not(.loose)")
    expect(group.locator("h3")).to_contain_text("Luz")
    expect(group.locator(".card")).to_have_count(2)
    expect(console.locator("#selbar")).to_be_hidden()

    # Rename it from the keyboard: the button opens the title, Enter saves it.
    group.get_by_role("button", name="Renombrar").click()
    title = console.get_by_role("textbox", name="Nuevo título para «Luz»")
    expect(title).to_be_focused()
    title.fill("Plaza iluminada")
    title.press("Enter")
    expect(group.locator("h3")).to_contain_text("Plaza iluminada")
    expect(group.get_by_role("button", name="Renombrar")).to_be_focused()

    tile = screen.locator("#wall .cluster-tile", has_text="Plaza iluminada")
    expect(tile).to_contain_text("Más luces en la plaza")
    expect(tile).to_contain_text("Iluminar la plaza de noche")
    expect(screen.locator("#wall .cluster-tile.loose")).to_contain_text("Una feria los domingos")
    expect(phone.locator("#cards .group")).to_have_text(["Plaza iluminada", "Sin grupo"])
    expect(phone.locator("#cards li").nth(1)).to_contain_text("Más luces en la plaza")
    screenshot(console, "console-cluster")
    screenshot(screen, "screen-cluster")
    screenshot(phone, "phone-cluster")


def test_a_phone_proposes_a_grouping_and_the_console_accepts_it(server, open_page):
    links = server.create_workshop("Canchas")["links"]
    console = open_page(links["facilitate"], "laptop")
    screen = open_page(links["screen"], "laptop")
    phone = open_page(links["join"], "phone")
    join_from_phone(phone, "Rosa")
    console.click('[data-phase="ideas"]')
    console.select_option("#post-kind", "idea")
    console.fill("#post-text", "Espacios para hacer deporte")
    console.click("#post-form button[type=submit]")
    post_ideas(console, phone, ["Una cancha de fútbol en la colonia"])
    console.click('[data-phase="cluster"]')

    phone.get_by_role("button", name="Va con…").click()
    phone.get_by_label("¿Con cuál idea va?").select_option(label="Espacios para hacer deporte")
    phone.get_by_role("button", name="Proponer").click()
    expect(phone.locator("#propose")).to_be_hidden()
    mine = phone.locator("#my-proposals .proposal")
    expect(mine).to_contain_text(
        "«Una cancha de fútbol en la colonia» va con «Espacios para hacer deporte»"
    )
    expect(mine).to_contain_text("Esperando a la persona facilitadora")

    proposal = console.locator("#proposal-list .proposal")
    expect(proposal).to_have_text(
        "Rosa propone que «Una cancha de fútbol en la colonia» va con «Espacios para hacer deporte»"
        "AceptarIgnorar"
    )
    proposal.get_by_role("button", name="Aceptar").click()

    expect(console.locator("#proposal-list .proposal")).to_have_count(0)
    expect(mine).to_contain_text("Aceptada")
    expect(console.locator("#clusters .cluster:not(.loose) .card")).to_have_count(2)
    expect(phone.locator("#cards .card")).to_have_count(2)
    expect(phone.locator("#cards .group")).to_have_count(1)
    expect(screen.locator("#wall .cluster-tile")).to_contain_text(
        "Una cancha de fútbol en la colonia"
    )


def test_the_same_idea_twice_is_one_card_and_one_vote_target(server, open_page):
    links = server.create_workshop("Repetidas")["links"]
    console = open_page(links["facilitate"], "laptop")
    screen = open_page(links["screen"], "laptop")
    phone = open_page(links["join"], "phone")
    join_from_phone(phone, "Mateo")
    post_ideas(
        console,
        phone,
        ["Más buses los domingos", "Que el bus pase los domingos", "Ciclovía al centro"],
    )
    console.click('[data-phase="cluster"]')

    console.get_by_role("checkbox", name="Seleccionar: Más buses los domingos").check()
    console.get_by_role("checkbox", name="Seleccionar: Que el bus pase los domingos").check()
    console.get_by_role("button", name="Es la misma idea").click()

    said = console.get_by_role("button", name="2 personas lo dijeron")
    expect(said).to_have_attribute("aria-expanded", "true")
    expect(console.locator("#clusters .card")).to_have_count(2)
    expect(console.locator("#clusters .copies li")).to_contain_text("Que el bus pase los domingos")
    expect(screen.locator("#wall .card", has_text="Más buses los domingos")).to_contain_text(
        "2 personas lo dijeron"
    )
    expect(phone.locator("#cards .card")).to_have_count(2)
    expect(phone.locator("#cards .same summary")).to_have_text("2 personas lo dijeron")

    console.click('[data-phase="vote"]')
    expect(phone.locator("#targets .target")).to_have_count(2)
    expect(phone.locator("#targets")).not_to_contain_text("Que el bus pase los domingos")

    # Not the same after all: separating brings the card back.
    console.get_by_role(
        "button", name="Separar «Que el bus pase los domingos»: no es la misma idea"
    ).click()
    expect(phone.locator("#targets .target")).to_have_count(3)
