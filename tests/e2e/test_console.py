"""The console's panels in a real browser: each one a module, all of them working together."""

import json
import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from tests.e2e.test_grouping import post_ideas
from tests.e2e.test_phone_to_screen import join_from_phone

pytestmark = pytest.mark.browser


def console_modules(console) -> list[str]:
    """The console modules the browser fetched, as the addresses it fetched them from."""
    names = console.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    return [name for name in names if "/static/js/console/" in name]


def test_a_facilitator_tidies_the_wall_and_takes_the_plan_home(server, open_page, tmp_path):
    workshop = server.create_workshop("Barrio Las Flores", municipality="San Juan Sacatepéquez")
    links = workshop["links"]
    console = open_page(links["facilitate"], "laptop")
    phone = open_page(links["join"], "phone")
    console.on("dialog", lambda dialog: dialog.accept())
    join_from_phone(phone, "Rosa")
    expect(console.locator("#join-url")).to_have_text(re.compile(f"/j/{workshop['code']}$"))

    post_ideas(
        console,
        phone,
        [
            "Más luces en la plaza",
            "Faroles en la calle principal",
            "Una feria los domingos",
            "Vendo mi bicicleta",
        ],
    )
    console.click('[data-phase="cluster"]')

    # Moderation: the card leaves the console and the phone, with the reason asked for.
    off_topic = console.locator("#clusters .card", has_text="Vendo mi bicicleta")
    off_topic.get_by_role("button", name="Ocultar").click()
    dialog = console.locator("#hide-dialog")
    dialog.get_by_label("Por qué").select_option("off_topic")
    dialog.get_by_label("Una nota para la persona facilitadora").fill("aviso de venta")
    dialog.get_by_role("button", name="Ocultar").click()
    expect(console.locator("#clusters .card")).to_have_count(3)
    expect(phone.locator("#cards")).not_to_contain_text("Vendo mi bicicleta")
    hidden = console.locator("#hidden-list .hidden-card")
    expect(hidden).to_contain_text("Vendo mi bicicleta")
    expect(hidden).to_contain_text("Oculta: Fuera de tema · aviso de venta")

    # The suggested theme gathers the two ideas about light; it exists only once created.
    console.get_by_role("button", name="Sugerir grupos").click()
    expect(console.locator("#suggestion-list .suggestion")).not_to_have_count(0)
    console.get_by_role("button", name="Crear todos").click()
    expect(console.locator("#suggestions")).to_be_hidden()
    light = console.locator("#clusters .cluster:not(.loose)")
    expect(light).to_have_count(1)
    expect(light.locator(".card")).to_have_count(2)

    # A second group, then merged into the first with the keyboard-friendly form.
    console.get_by_role("checkbox", name="Seleccionar: Una feria los domingos").check()
    console.get_by_label("Mover a…").select_option(label="Nuevo grupo")
    console.get_by_placeholder("Título del nuevo grupo").fill("Feria")
    console.get_by_role("button", name="Crear grupo").click()
    groups = console.locator("#clusters .cluster:not(.loose)")
    expect(groups).to_have_count(2)
    groups.filter(has_text="Feria").get_by_role("button", name="Unir con…").click()
    console.locator(".merge-form select").select_option(index=0)
    console.locator(".merge-form").get_by_role("button", name="Unir", exact=True).click()
    expect(groups).to_have_count(1)
    expect(groups.locator(".card")).to_have_count(3)

    # Ungrouping puts every idea back on the pile; nothing is lost.
    groups.get_by_role("button", name="Desagrupar").click()
    expect(groups).to_have_count(0)
    expect(console.locator("#clusters .loose .card")).to_have_count(3)

    # The plan has its own wide view, downloads at its top, with the facilitator's token.
    console.get_by_role("button", name="Plan de acción", exact=True).click()
    expect(console.locator("#room-view")).to_be_hidden()
    assert console.locator("#publish-btn").bounding_box()["y"] < 300
    expect(console.locator("[data-download]")).to_have_text(
        ["Word", "PDF", "Excel (CSV)", "Datos abiertos (JSON)", "Texto (Markdown)"]
    )
    with console.expect_download() as download:
        console.get_by_role("button", name="Datos abiertos (JSON)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    today = datetime.now(UTC).date().isoformat()
    assert saved.name == f"plan-san-juan-sacatepequez-{today}.json"
    plan = json.loads(saved.read_text())
    assert plan["schema"] == "cocrea.plan/1"
    assert sorted(c["text"] for c in plan["contributions"]) == [
        "Faroles en la calle principal",
        "Más luces en la plaza",
        "Una feria los domingos",
    ]

    # Every module came once, from an address naming its content, so a new version is seen.
    fetched = console_modules(console)
    assert len(fetched) == len(set(fetched)) >= 10
    assert all(re.search(r"\.js\?v=[0-9a-f]{12}$", url) for url in fetched), fetched


def test_a_misclick_on_closed_during_the_vote_is_asked_about_and_changes_nothing(server, open_page):
    console = open_page(server.create_workshop("Feria")["links"]["facilitate"], "laptop")
    expect(console.locator("#pill")).to_have_class("pill connected")
    console.get_by_role("button", name="Siguiente: Problemas →").click()
    expect(console.locator('[data-phase="problems"]')).to_have_attribute("aria-pressed", "true")
    console.click('[data-phase="vote"]')
    expect(console.locator('[data-phase="vote"]')).to_have_attribute("aria-pressed", "true")

    asked: list[str] = []

    def say_no(dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    console.once("dialog", say_no)
    console.click('[data-phase="closed"]')
    expect(console.locator('[data-phase="vote"]')).to_have_attribute("aria-pressed", "true")
    assert asked and asked[0].startswith("¿Cerrar el taller?")

    console.once("dialog", lambda dialog: dialog.accept())
    console.get_by_role("button", name="Siguiente: Plan de acción →").click()
    expect(console.locator('[data-phase="plan"]')).to_have_attribute("aria-pressed", "true")


def test_the_projector_and_phones_see_the_timer_paused_and_lengthened(server, open_page):
    links = server.create_workshop("Feria")["links"]
    console = open_page(links["facilitate"], "laptop")
    screen = open_page(links["screen"], "laptop")
    phone = open_page(links["join"], "phone")
    join_from_phone(phone, "Rosa")
    expect(console.locator("#pill")).to_have_class("pill connected")
    console.fill("#timer-minutes", "2")
    console.get_by_role("button", name="Iniciar temporizador").click()
    expect(screen.locator("#timer")).to_have_text(re.compile(r"^[12]:\d\d$"))

    console.get_by_role("button", name="Pausar").click()
    expect(screen.locator("#timer")).to_have_text(re.compile(r"^⏸ (1:5\d|2:00)$"))
    expect(phone.locator("#timer")).to_have_text(re.compile(r"^⏸ (1:5\d|2:00)$"))
    console.get_by_role("button", name="+1 min").click()
    expect(screen.locator("#timer")).to_have_text(re.compile(r"^⏸ (2:5\d|3:00)$"))
    console.get_by_role("button", name="Reanudar").click()
    expect(screen.locator("#timer")).to_have_text(re.compile(r"^(2:[45]\d|3:00)$"))
    console.get_by_role("button", name="Quitar temporizador").click()
    expect(screen.locator("#timer")).to_be_hidden()
