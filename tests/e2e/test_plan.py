"""The draft action plan in a real browser: edited with the room, then published for anyone."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_voting import give_vote, join_as, post_ideas

pytestmark = pytest.mark.browser

LIGHTS = "Más luces en la plaza"


def field(page, name: str):
    """The one plan field of that name (the test workshop has one commitment)."""
    return page.locator(f"#commitments .commitment.editor [name={name}]")


def test_the_room_edits_the_plan_and_a_stale_edit_keeps_its_text(server, open_page, screenshot):
    workshop = server.create_workshop("Plaza de Armas", votes_per_participant=1)
    links, code = workshop["links"], workshop["code"]
    console = open_page(links["facilitate"], "laptop")
    juan = open_page(links["join"], "phone")
    join_as(juan, "Juan", "official")
    # Juan said he is an official: he edits nothing until the console confirms him.
    person = console.locator("#people .person", has_text="Juan")
    expect(person).to_contain_text("sin confirmar")
    expect(juan.locator("#role-claim")).to_contain_text("no está confirmado")
    person.get_by_role("button", name="Confirmar").click()
    expect(person).to_contain_text("confirmado/a")
    expect(juan.locator("#role-claim")).to_be_hidden()
    post_ideas(console, [LIGHTS])
    console.click('[data-phase="vote"]')
    give_vote(juan, LIGHTS)
    console.once("dialog", lambda dialog: dialog.accept())  # "End the vote?"
    console.click('[data-phase="plan"]')
    expect(console.locator("#commitments .commitment.editor")).to_have_count(1)
    # Entering the plan phase opens the plan's own wide view, download and publish on top.
    expect(console.locator("#plan-view")).to_be_visible()
    expect(console.locator("#room-view")).to_be_hidden()
    assert console.locator("#publish-btn").bounding_box()["y"] < 300

    # The console saves one field on Enter; the official's phone sees it.
    field(console, "lead").fill("Dirección de Obras")
    field(console, "lead").press("Enter")
    expect(field(juan, "lead")).to_have_value("Dirección de Obras")
    expect(juan.locator("#commitments .sources")).to_contain_text(LIGHTS)

    # A milestone: every one of its fields says what it is, by its label, not a placeholder.
    console.get_by_role("button", name="Agregar hito").click()
    milestone = console.locator("#commitments .ms-row").first
    milestone.get_by_label("Hito", exact=True).fill("Compra de postes")
    milestone.get_by_label("Entregable").fill("Orden de compra firmada")
    milestone.get_by_label("Fecha").fill("2027-03-01")
    milestone.get_by_label("Responsable").fill("Dirección de Obras")
    milestone.get_by_label("Responsable").press("Enter")
    expect(console.locator("#commitments .c-status")).to_have_text("Guardado.")

    # The official edits another field on the phone; no conflict, the console follows.
    field(juan, "description").fill("Postes con luz LED en las cuatro esquinas")
    field(juan, "description").blur()
    expect(field(console, "description")).to_have_value("Postes con luz LED en las cuatro esquinas")
    expect(field(console, "lead")).to_have_value("Dirección de Obras")

    # A stale edit: the phone is typing a title when the console saves another one.
    field(juan, "title").fill("Luces LED en la plaza")
    field(console, "title").fill("Plaza iluminada")
    field(console, "title").press("Enter")
    expect(juan.locator("#commitments .c-title")).to_have_text("Plaza iluminada")
    expect(field(juan, "title")).to_have_value("Luces LED en la plaza")
    field(juan, "title").press("Enter")
    conflict = juan.locator("#commitments .field-title .conflict")
    expect(conflict).to_be_visible()
    expect(conflict.locator(".theirs-value")).to_have_text("Plaza iluminada")
    expect(field(juan, "title")).to_have_value("Luces LED en la plaza")
    expect(field(console, "title")).to_have_value("Plaza iluminada")
    screenshot(juan, "phone-plan-conflict")

    # Re-applying saves the person's text over the value they have now seen.
    conflict.locator(".btn.primary").click()
    expect(conflict).to_be_hidden()
    expect(field(console, "title")).to_have_value("Luces LED en la plaza")
    screenshot(console, "console-plan")

    # The hall's clock is chosen in the plan view; every screen and document follows it.
    expect(console.locator("#time-zone")).to_have_value("America/Guatemala")
    console.select_option("#time-zone", label="Lima")
    expect(console.locator("#time-zone")).to_be_enabled()
    snapshot = console.request.get(f"{server.url}/api/workshops/{code}").json()
    assert snapshot["workshop"]["time_zone"] == "America/Lima"

    # Publishing gives a public link that works without a token or JavaScript.
    console.on("dialog", lambda dialog: dialog.accept())
    console.click("#publish-btn")
    expect(console.locator("#published")).to_contain_text(f"/p/{code}")
    expect(juan.locator("#plan .published-link")).to_be_visible()

    # The session ends: the phone thanks first, says the plan is published, one way to it.
    console.click('[data-phase="closed"]')
    expect(juan.locator("#closed")).to_contain_text("su plan de acción está publicado")
    expect(juan.get_by_role("link", name="Ver el plan publicado")).to_have_count(1)
    expect(juan.locator("#closed")).to_be_visible()
    assert juan.locator("#closed").bounding_box()["y"] < 400
    # Dates as people write them, never 2027-03-01: the phone's plan, the console's history.
    milestones = juan.locator("#commitments .milestones")
    expect(milestones).to_be_visible()
    expect(milestones).to_contain_text("1 de marzo de 2027 · Compra de postes")
    console.click("#view-plan")
    console.locator("#history-of").select_option(label="Luces LED en la plaza")
    console.get_by_role("button", name="Ver su historia").click()
    history = console.locator("#history")
    expect(history).to_contain_text("1 de marzo de 2027 · Compra de postes")
    assert not re.search(r"\d{4}-\d{2}-\d{2}", history.inner_text())
    expect(history).to_contain_text("Redactado a partir de la votación")
    assert re.search(r"\d{1,2} de \w+ de \d{4}(,| a las) \d{1,2}:\d{2}", history.inner_text())

    anyone = open_page(f"{server.url}/p/{code}", "phone")
    expect(anyone.locator(".commitment").first).to_contain_text("Luces LED en la plaza")
    expect(anyone.locator(".commitment").first).to_contain_text("Dirección de Obras")
    expect(anyone.locator(".commitment").first).to_contain_text("Orden de compra firmada")
    expect(anyone.locator(".commitment").first).to_contain_text("1 de marzo de 2027")
    expect(anyone.locator(".commitment .sources")).to_contain_text(LIGHTS)
    expect(anyone.locator(".contributions")).to_contain_text(LIGHTS)
    screenshot(anyone, "phone-published-plan")
    # Nothing runs off the side of a 360 px phone: wide tables become one card per row.
    assert anyone.evaluate("document.documentElement.scrollWidth") <= 360
