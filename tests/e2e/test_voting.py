"""Voting people can trust, in a real browser: dots with undo, hidden results, the matrix."""

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.test_phone_to_screen import join_from_phone
from tests.test_live_server import Device

pytestmark = pytest.mark.browser

LIGHTS = "Más luces en la plaza"
FAIR = "Una feria los domingos"


def join_as(page, name: str, role: str) -> None:
    """Join with a role other than the default (neighbour)."""
    page.check(f'input[name=role][value="{role}"]')
    join_from_phone(page, name)


def post_ideas(console, texts: list[str]) -> None:
    """The facilitator types ideas said aloud in the room (allowed in any phase)."""
    console.select_option("#post-kind", "idea")
    for text in texts:
        console.fill("#post-text", text)
        console.click("#post-form button[type=submit]")
    expect(console.locator("#clusters .card")).to_have_count(len(texts))


def target(phone, text: str):
    return phone.locator("#targets .target", has_text=text)


def give_vote(phone, text: str) -> None:
    before = phone.locator("#votes-left").text_content()
    target(phone, text).get_by_role("button", name="Dar un voto").click()
    expect(phone.locator("#votes-left")).not_to_have_text(before)


def bar(screen, text: str):
    return screen.locator("#bars li", has_text=text)


def console_bar_width(console, text: str) -> float:
    return (
        console.locator("#tally li", has_text=text)
        .locator(".rbar")
        .evaluate("bar => bar.getBoundingClientRect().width")
    )


def test_a_phone_votes_undoes_its_last_vote_and_the_projector_follows(
    server, open_page, screenshot
):
    links = server.create_workshop("Plaza de Armas", votes_per_participant=3)["links"]
    console = open_page(links["facilitate"], "laptop")
    screen = open_page(links["screen"], "laptop")
    rosa = open_page(links["join"], "phone")
    juan = open_page(links["join"], "phone")
    join_from_phone(rosa, "Rosa")
    join_as(juan, "Juan", "official")
    post_ideas(console, [LIGHTS, FAIR])
    console.click('[data-phase="vote"]')
    expect(rosa.locator("#targets .target")).to_have_count(2)

    give_vote(rosa, LIGHTS)
    give_vote(rosa, LIGHTS)
    give_vote(rosa, FAIR)
    expect(bar(screen, FAIR).locator(".num")).to_have_text("1")
    expect(rosa.locator("#votes-left")).to_have_text("Votos disponibles: 0")
    # Rosa has voted, Juan not yet: the room sees how many are still to vote.
    expect(console.locator("#voted-of")).to_have_text("1 de 2 ya votó")
    expect(screen.locator("#voted-of")).to_have_text("1 de 2 ya votó")
    # The console's bars are as long as their votes: two for the lights, one for the fair.
    expect(console.locator("#tally li", has_text=FAIR)).to_contain_text("1")
    assert console_bar_width(console, FAIR) / console_bar_width(console, LIGHTS) == (
        pytest.approx(0.5, abs=0.02)
    )

    # The undo takes back the most recent vote, on the fair, not one of the lights.
    undo = rosa.get_by_role("button", name="Deshacer último voto")
    expect(undo).to_be_visible()
    expect(undo).to_have_accessible_name(f"Deshacer último voto: «{FAIR}»")
    undo.click()
    expect(rosa.locator("#votes-left")).to_have_text("Votos disponibles: 1")
    expect(target(rosa, FAIR).locator(".mine")).to_have_count(0)
    expect(target(rosa, LIGHTS).locator(".mine")).to_have_text("Mis votos: 2")
    expect(bar(screen, FAIR)).to_have_count(0)
    expect(bar(screen, LIGHTS).locator(".num")).to_have_text("2")

    # One official backs the lights too; alone in his role, his choice is not shown apart.
    give_vote(juan, LIGHTS)
    lights = bar(screen, LIGHTS)
    expect(lights.locator(".num")).to_have_text("3")
    expect(lights.locator(".seg.official")).to_have_count(0)
    expect(lights.locator(".consensus")).to_have_count(0)

    # More neighbours and officials vote for the lights: every role supports them.
    code = links["join"].rsplit("/", 1)[1]
    others = [
        Device(server.url, code, server.join(code, name, role)["token"])
        for name, role in (
            ("Ana", "citizen"),
            ("Pedro", "citizen"),
            ("Marta", "official"),
            ("Luis", "official"),
        )
    ]
    lights_id = next(
        t["id"]
        for t in requests.get(f"{server.url}/api/workshops/{code}", timeout=5).json()["cards"]
        if t["text"] == LIGHTS
    )
    for other in others:
        assert other.send("cast_vote", {"card_id": lights_id})["ok"]
    expect(lights.locator(".num")).to_have_text("7")
    expect(lights.locator(".seg.citizen")).to_have_text("4")
    expect(lights.locator(".seg.official")).to_have_text("3")
    expect(lights.locator(".consensus")).to_have_text("Consenso")
    expect(screen.locator("#legend")).to_contain_text("Vecinos/as 4")
    expect(console.locator("#tally li", has_text=LIGHTS).locator(".consensus")).to_be_visible()
    screenshot(rosa, "phone-vote")
    screenshot(screen, "screen-vote-bars")
    screenshot(console, "console-vote")

    # Closing the vote freezes the ranking; the console asks first.
    console.once("dialog", lambda dialog: dialog.accept())
    console.click('[data-phase="plan"]')
    expect(
        console.locator("#plan-view")
    ).to_be_visible()  # the plan opens; the room is a click away
    console.get_by_role("button", name="Sala", exact=True).click()
    expect(console.locator("#frozen")).to_be_visible()
    # The projector now shows what the votes became: each commitment with its frozen votes.
    expect(screen.locator("#screen-commitments li").first).to_contain_text(LIGHTS)
    expect(screen.locator("#screen-commitments li").first).to_contain_text("7 votos")
    for other in others:
        other.close()


def test_hidden_results_reach_the_room_only_when_the_facilitator_reveals_them(
    server, open_page, screenshot
):
    links = server.create_workshop("Feria", results="hidden")["links"]
    console = open_page(links["facilitate"], "laptop")
    screen = open_page(links["screen"], "laptop")
    phone = open_page(links["join"], "phone")
    join_from_phone(phone, "Rosa")
    post_ideas(console, [LIGHTS, FAIR])
    console.click('[data-phase="vote"]')

    give_vote(phone, LIGHTS)
    expect(console.locator("#tally")).to_contain_text(LIGHTS)
    expect(screen.locator("#results-hidden")).to_contain_text("Resultados ocultos")
    expect(screen.locator("#results-title")).to_have_text("1 voto emitido")
    expect(screen.locator("#bars")).to_be_hidden()
    expect(phone.locator("#results-note")).to_have_text(
        "Los resultados se verán cuando la persona facilitadora los muestre."
    )
    expect(phone.locator("#targets .total")).to_have_count(0)
    expect(console.locator("#reveal-status")).to_have_text(
        "Los teléfonos y el proyector todavía no ven los resultados."
    )
    screenshot(phone, "phone-vote-hidden")
    screenshot(screen, "screen-vote-hidden")

    # The facilitator may let the projector show them first, and take them back.
    console.get_by_role("button", name="Mostrarlos en el proyector").click()
    expect(bar(screen, LIGHTS).locator(".num")).to_have_text("1")
    expect(phone.locator("#targets .total")).to_have_count(0)
    console.get_by_role("button", name="Ocultarlos del proyector").click()
    expect(screen.locator("#results-hidden")).to_be_visible()

    console.get_by_role("button", name="Mostrar los resultados en los teléfonos").click()
    expect(phone.locator("#results-note")).to_be_hidden()
    expect(target(phone, LIGHTS).locator(".total")).to_contain_text("En total: 1 voto")
    expect(target(phone, FAIR).locator(".total")).to_contain_text("En total: 0 votos")
    expect(console.locator("#reveal-btn")).to_be_hidden()
    expect(bar(screen, LIGHTS).locator(".num")).to_have_text("1")


def test_a_phone_rates_an_option_and_the_projector_places_it_on_the_matrix(
    server, open_page, screenshot
):
    links = server.create_workshop("Canchas")["links"]
    console = open_page(links["facilitate"], "laptop")
    screen = open_page(links["screen"], "laptop")
    phone = open_page(links["join"], "phone")
    join_from_phone(phone, "Rosa")
    post_ideas(console, [LIGHTS, FAIR])

    # Before the vote the facilitator switches to dots and matrix from the console.
    console.select_option("#s-prio", "both")
    console.click("#settings-save")
    expect(console.locator("#settings-saved")).to_have_text("Guardado.")
    screenshot(console, "console-settings")
    console.click('[data-phase="vote"]')
    expect(console.locator("#s-prio")).to_be_disabled()
    expect(console.locator("#settings-locked")).to_be_visible()

    lights = target(phone, LIGHTS)
    lights.get_by_role("button", name="Ayuda: 5 de 5").click()
    expect(lights.locator(".rate-more")).to_have_text("Ahora elige qué tan difícil es.")
    lights.get_by_role("button", name="Dificultad: 2 de 5").click()
    expect(lights.locator(".rate-more")).to_have_count(0)
    expect(lights.get_by_role("button", name="Ayuda: 5 de 5")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(phone.locator("#votes-left")).to_have_text("Votos disponibles: 3")

    dot = screen.locator("#plot .dot", has_text=LIGHTS)
    expect(dot).to_have_attribute("title", f"{LIGHTS}: ayuda 5, dificultad 2 (1 calificación)")
    expect(screen.locator("#matrix-title")).to_have_text("Impacto y esfuerzo · 1 calificación")
    # High impact, low effort: top left, the quick wins.
    box = screen.locator("#matrix").bounding_box()
    spot = dot.locator(".disc").bounding_box()
    assert spot["x"] + spot["width"] / 2 < box["x"] + box["width"] / 2
    assert spot["y"] + spot["height"] / 2 < box["y"] + box["height"] / 2

    # Changing one's mind replaces the rating: still one dot, now hard to do.
    lights.get_by_role("button", name="Dificultad: 5 de 5").click()
    expect(dot).to_have_attribute("title", f"{LIGHTS}: ayuda 5, dificultad 5 (1 calificación)")
    expect(screen.locator("#plot .dot")).to_have_count(1)
    expect(console.locator("#ratings tr", has_text=LIGHTS)).to_contain_text("Proyecto grande")
    give_vote(phone, FAIR)
    expect(bar(screen, FAIR).locator(".num")).to_have_text("1")
    screenshot(phone, "phone-rate")
    screenshot(screen, "screen-vote-matrix")
