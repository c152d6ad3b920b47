"""A whole workshop seen on every screen at its real size, phase by phase: the console on a
laptop, the projector at three sizes, a neighbour's and an official's phone. In every phase
axe-core finds nothing serious, nothing on the projector runs off the screen or is cut, and
nothing on a phone runs off the side."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.test_phone_to_screen import OVERFLOWING, join_from_phone
from tests.test_live_server import Device

pytestmark = pytest.mark.browser

PHASES = {
    "lobby": "Sala de espera",
    "problems": "Problemas",
    "ideas": "Ideas",
    "cluster": "Agrupación",
    "vote": "Votación",
    "plan": "Plan de acción",
    "closed": "Cerrado",
}
PROJECTORS = ["projector-xga", "projector-720p", "projector-1080p"]

PROBLEMS = [
    "La calle principal se inunda cada vez que llueve",
    "No pasa el camión de la basura por la colonia El Mirador",
    "Faltan luces en el camino a la escuela",
    "El centro de salud abre solo dos días por semana",
    "Los jóvenes no tienen dónde jugar fútbol",
    "El agua llega turbia y solo por las mañanas",
]
GROUPS = {
    "Agua y drenaje": [
        "Limpiar los tragantes antes del invierno",
        "Un tanque comunitario para la colonia",
        "Revisar las tuberías del sector norte, que tienen más de treinta años y se rompen",
    ],
    "Basura y reciclaje": [
        "Horario fijo del camión, publicado en la municipalidad y en la radio comunitaria",
        "Puntos de reciclaje en el mercado",
    ],
    "Seguridad en el camino a la escuela": [
        "Lámparas solares en el camino",
        "Acompañamiento de padres en la salida",
        "Poda de los árboles que tapan las luces",
    ],
    "Espacios para la juventud": [
        "Recuperar la cancha abandonada junto al río",
        "Torneos los domingos",
    ],
}
LOOSE = ["Una feria de salud cada mes", "Más días de atención en el centro de salud"]

# Text that a box clips instead of showing in full (a clamp, or overflow: hidden).
CLIPPED = """() => [...document.querySelectorAll('body *')].filter(e => {
  const r = e.getBoundingClientRect();
  if (!r.width || !r.height || e.closest('[hidden], svg, .sr-only')) return false;
  if (!e.childElementCount && !e.textContent.trim()) return false;
  const style = getComputedStyle(e);
  const clips = style.overflowY === 'hidden' || style.overflowX === 'hidden'
    || style.webkitLineClamp !== 'none';
  return clips && (e.scrollHeight > e.clientHeight + 2 || e.scrollWidth > e.clientWidth + 2);
}).map(e => `${e.tagName}.${e.className} «${e.textContent.trim().slice(0, 40)}»`)"""


BAR_SHARES = """(sel) => [...document.querySelectorAll(sel)].map(li => {
  const track = li.querySelector('.track').getBoundingClientRect().width;
  const rbar = li.querySelector('.rbar');
  const parts = rbar ? [rbar] : li.querySelectorAll('.seg');
  const bar = [...parts].reduce((w, b) => w + b.getBoundingClientRect().width, 0);
  return [li.querySelector('.label').textContent.trim(), Math.round(100 * bar / track)];
})"""


def say(device: Device, kind: str, text: str, **extra) -> dict:
    answer = device.send(
        "post_card", {"kind": kind, "text": text, "client_id": str(uuid.uuid4()), **extra}
    )
    assert answer["ok"], answer
    return answer["card"]


def test_every_screen_reads_well_and_fits_in_every_phase(server, open_page, axe, screenshot):
    workshop = server.create_workshop(
        "Plaza de Armas: nuestro plan",
        municipality="San Juan Sacatepéquez",
        question="¿Qué necesita nuestro barrio para vivir mejor?",
        votes_per_participant=3,
    )
    code, links = workshop["code"], workshop["links"]
    facilitator = Device(server.url, code, workshop["facilitator_token"])
    # Eight neighbours posting from their own phones, each at a phone's pace.
    neighbours = [
        Device(server.url, code, server.join(code, name)["token"])
        for name in ["Rosa María", "Juan", "Ana", "Pedro", "Lucía", "Marta", "Tomás", "Elena"]
    ]

    console = open_page(links["facilitate"], "laptop")
    screens = {size: open_page(links["screen"], size) for size in PROJECTORS}
    phones = {"neighbour": open_page(links["join"], "phone")}
    phones["official"] = open_page(links["join_official"], "phone")
    pages = [console, *screens.values(), *phones.values()]
    for page in pages:
        page.emulate_media(reduced_motion="reduce")  # what axe sees is what stays on screen
    for name, phone in phones.items():
        axe(phone, f"the join form ({name})")
        join_from_phone(phone, "Carmen" if name == "neighbour" else "Licda. Gómez")
    expect(console.locator("#pill")).to_have_class("pill connected")

    def every_screen_in(phase: str) -> None:
        label = PHASES[phase]
        expect(console.locator(f'[data-phase="{phase}"]')).to_have_attribute("aria-pressed", "true")
        for page in [*screens.values(), *phones.values()]:
            expect(page.locator("#phase")).to_have_text(label)
        console.wait_for_timeout(400)  # the coalesced tally and presence arrive
        axe(console, f"the console in {phase}")
        screenshot(console, f"every-console-{phase}")
        for size, screen in screens.items():
            axe(screen, f"the projector at {size} in {phase}")
            screenshot(screen, f"every-{size}-{phase}")
            assert screen.evaluate(OVERFLOWING) == [], f"{size} in {phase}: off the screen"
            assert screen.evaluate(CLIPPED) == [], f"{size} in {phase}: cut"
        for name, phone in phones.items():
            axe(phone, f"the {name}'s phone in {phase}")
            screenshot(phone, f"phone-every-{name}-{phase}")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360, name

    # The facilitator chooses to greet people by name on the projector as they arrive.
    console.get_by_label("Saludar en el proyector").check()
    for screen in screens.values():
        expect(screen.locator("#arrival-names li")).to_contain_text(["Licda. Gómez", "Carmen"])
    every_screen_in("lobby")

    assert facilitator.send("set_phase", {"phase": "problems"})["ok"]
    problems = [say(neighbours[n], "problem", text) for n, text in enumerate(PROBLEMS)]
    every_screen_in("problems")

    assert facilitator.send("set_phase", {"phase": "ideas"})["ok"]
    ideas: dict[str, int] = {}
    texts = [text for group in GROUPS.values() for text in group] + LOOSE
    for n, text in enumerate(texts):
        linked = {"problem_id": problems[0]["id"]} if n == 0 else {}
        ideas[text] = say(neighbours[n % len(neighbours)], "idea", text, **linked)["id"]
    every_screen_in("ideas")

    assert facilitator.send("set_phase", {"phase": "cluster"})["ok"]
    groups = []
    for title, members in GROUPS.items():
        payload = {"title": title, "card_ids": [ideas[t] for t in members]}
        answer = facilitator.send("create_cluster", {**payload, "client_id": str(uuid.uuid4())})
        assert answer["ok"], answer
        groups.append(answer["cluster"]["id"])
    every_screen_in("cluster")

    assert facilitator.send("set_phase", {"phase": "vote"})["ok"]
    # The hall votes: water first, then the school road, youth last; one neighbour waits.
    for n, device in enumerate(neighbours[:-1]):
        for group in (groups[0], groups[n % 2 + 1], groups[(n + 1) % 4]):
            assert device.send("cast_vote", {"cluster_id": group})["ok"]
    every_screen_in("vote")
    # Each bar is as long as its votes, on the console and on every projector: 8, 6, 5, 2.
    want = [round(100 * votes / 8) for votes in (8, 6, 5, 2)]
    for page, bars in [(console, "#tally li"), *[(s, "#bars li") for s in screens.values()]]:
        shares = [share for _, share in page.evaluate(BAR_SHARES, bars)]
        assert all(abs(got - exp) <= 2 for got, exp in zip(shares, want, strict=True)), shares

    assert facilitator.send("set_phase", {"phase": "plan"})["ok"]
    every_screen_in("plan")
    assert facilitator.send("publish_plan", {})["ok"]

    assert facilitator.send("set_phase", {"phase": "closed"})["ok"]
    every_screen_in("closed")
    # The published plan, as anyone opens it from the projector's QR code.
    for device_name in ("phone", "laptop"):
        plan = open_page(f"{server.url}/p/{code}", device_name)
        expect(plan.locator(".commitment").first).to_contain_text("Agua y drenaje")
        axe(plan, f"the published plan on a {device_name}")
    assert plan.evaluate("document.documentElement.scrollWidth") <= 1366
    for device in (facilitator, *neighbours):
        device.close()


def test_the_front_door_and_the_ready_page_pass_axe(server, open_page, axe):
    for device in ("phone", "laptop"):
        home = open_page(server.url + "/", device)
        axe(home, f"the home page on a {device}")
    home.fill("#title", "Agua para Santa Cruz")
    home.fill("#municipality", "Santa Cruz")
    home.select_option("#locale", "es")
    home.click("form[method=post] button[type=submit]")
    expect(home.get_by_role("heading", name="Tu taller está listo")).to_be_visible()
    axe(home, "the ready page")


def test_the_axe_check_fails_on_a_serious_violation(server, open_page, axe):
    """The check is not vacuous: an image without words and a nameless button fail it."""
    home = open_page(server.url + "/", "laptop")
    home.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=\"/x.png\"><button></button>')"
    )
    with pytest.raises(AssertionError, match="critical (image-alt|button-name)"):
        axe(home, "a page spoiled on purpose")
