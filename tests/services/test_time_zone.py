"""The hall's clock: the facilitator sets the workshop's time zone, and every date people read
is written in it («1 de marzo de 2027»), never as an ISO date."""

import io
import re

import docx
import pypdf

from tests.services.hall import bearer
from tests.services.test_record import plan_changes
from workshop.domain.dates import written_day

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Kiritimati is UTC+14 and Pago Pago UTC−11: at any instant their calendars differ by a day.
EAST, WEST = "Pacific/Kiritimati", "Pacific/Pago_Pago"


def test_a_workshop_keeps_guatemalas_clock_unless_the_facilitator_chooses_another(open_workshop):
    assert open_workshop("Feria del barrio").snapshot()["workshop"]["time_zone"] == (
        "America/Guatemala"
    )
    lima = open_workshop("Mesa de Villa El Salvador", time_zone="America/Lima")
    assert lima.snapshot()["workshop"]["time_zone"] == "America/Lima"

    refused = lima.http.post("/api/workshops", json={"title": "Otra", "time_zone": "UTC-5"})
    assert refused.status_code == 400
    assert refused.json["error"]["code"] == "invalid"
    assert "America/Guatemala" in refused.json["error"]["message"]  # says what a name looks like


def test_only_the_facilitator_changes_the_clock_and_the_change_is_on_record(open_workshop):
    workshop = open_workshop("Cabildo abierto de Sololá")
    console, phone = workshop.facilitator(), workshop.join("Rosa")
    assert phone.send("set_time_zone", {"time_zone": "America/Lima"})["error"]["code"] == (
        "forbidden"
    )
    for bad in ("GMT+5", "", 5, None, "America/Atlantis"):
        answer = console.send("set_time_zone", {"time_zone": bad})
        assert answer["error"]["code"] == "invalid", bad
    assert workshop.snapshot()["workshop"]["time_zone"] == "America/Guatemala"

    answer = console.send("set_time_zone", {"time_zone": "America/Bogota"})
    assert answer["workshop"]["time_zone"] == "America/Bogota"
    told = phone.wait_for("workshop_updated", lambda p: p["workshop"]["time_zone"] != "x")
    assert told["workshop"]["time_zone"] == "America/Bogota"  # every screen redraws its dates
    (change,) = [c for c in plan_changes(workshop) if c["field"] == "time_zone"]
    assert (change["before"], change["after"]) == ("America/Guatemala", "America/Bogota")


def plan_texts(workshop) -> dict[str, str]:
    """What people read of the published plan: the page, Word, PDF and Markdown."""
    http, code = workshop.http, workshop.code
    word = docx.Document(io.BytesIO(http.get(f"/api/workshops/{code}/plan.docx").data))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    pdf = pypdf.PdfReader(io.BytesIO(http.get(f"/api/workshops/{code}/plan.pdf").data))
    return {
        "page": re.sub(r"<[^>]+>", " ", http.get(f"/p/{code}").get_data(as_text=True)),
        "docx": "\n".join([p.text for p in word.paragraphs] + cells),
        "pdf": " ".join(" ".join(page.extract_text() for page in pdf.pages).split()),
        "md": http.get(f"/api/workshops/{code}/plan.md").get_data(as_text=True),
    }


def test_the_published_plan_writes_its_dates_as_people_do_on_the_halls_clock(planned):
    workshop, console, _, juan, commitments, _ = planned
    pipes = commitments["Reparar la cañería del barrio Año Nuevo"]
    juan.send(
        "update_commitment",
        {
            "commitment_id": pipes["id"],
            "fields": {
                "start": "2027-03-01",
                "end": "2027-12-15",
                "milestones": [{"title": "Diagnóstico", "date": "2027-06-30", "deliverable": ""}],
            },
        },
    )
    console.send("set_time_zone", {"time_zone": EAST})
    console.send("publish_plan", {})
    published_at = workshop.http.get(f"/api/workshops/{workshop.code}/plan.json").json[
        "published_at"
    ]

    texts = plan_texts(workshop)
    for name, text in texts.items():
        assert "1 de marzo de 2027" in text, name
        assert "15 de diciembre de 2027" in text, name
        assert "30 de junio de 2027" in text, name
        assert not ISO_DAY.search(text.replace(workshop.code, "")), (name, ISO_DAY.search(text))
    assert written_day(published_at, EAST, "es") in texts["page"]

    # The same version read on the other side of the date line: the published day moves with
    # the clock, the milestone's calendar day does not.
    console.send("set_time_zone", {"time_zone": WEST})
    page = plan_texts(workshop)["page"]
    assert written_day(published_at, WEST, "es") in page
    assert written_day(published_at, EAST, "es") != written_day(published_at, WEST, "es")
    assert "30 de junio de 2027" in page


def test_the_record_of_changes_gives_the_hour_on_the_halls_clock(planned):
    workshop, console, *_ = planned
    console.send("set_time_zone", {"time_zone": "America/El_Salvador"})
    markdown = workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.md", headers=bearer(workshop)
    ).get_data(as_text=True)
    change = plan_changes(workshop)[-1]
    hour = int(change["at"][11:13])
    written = f"{(hour - 6) % 24}:{change['at'][14:16]}"  # El Salvador is UTC−6 all year
    row = next(line for line in markdown.splitlines() if "El\\_Salvador" in line)
    assert written in row and not ISO_DAY.search(row)
