"""The projector's lobby greets people by first name, only when the facilitation says so."""

from tests.services.test_record import plan_changes
from workshop.domain.names import first_name


def test_the_lobby_names_newcomers_only_after_the_facilitator_switches_it_on(open_workshop):
    workshop = open_workshop("Mercado municipal")
    console, screen = workshop.facilitator(), workshop.screen()
    workshop.join("Rosa María Quispe")
    assert "names" not in screen.wait_for("presence", lambda p: p["joined"] == 1)

    # Only the facilitation decides; a phone cannot switch it on.
    rosa = workshop.join("Rosa")
    refused = rosa.send("set_screen_names", {"show": True})
    assert refused["error"]["code"] == "forbidden"
    bad = console.send("set_screen_names", {"show": "yes"})
    assert bad["error"]["code"] == "invalid"
    assert workshop.snapshot()["workshop"]["screen_names"] is False

    answer = console.send("set_screen_names", {"show": True})
    assert answer["workshop"]["screen_names"] is True
    greeted = screen.wait_for("presence", lambda p: "names" in p)
    assert greeted["names"] == ["Rosa", "Rosa"]  # first names only, the newest first
    workshop.join("Licda. Gómez", "official")
    nameless = workshop.join("")
    names = screen.wait_for("presence", lambda p: p["joined"] == 4)["names"]
    # Someone who gave no name is greeted by the pseudonym their phone shows: it names nobody.
    assert names[0].endswith(f" {nameless.participant_id}")
    assert names[1:] == ["Licda. Gómez", "Rosa", "Rosa"]

    # Switched off, the names leave the projector at once; the change is on record.
    console.send("set_screen_names", {"show": False})
    assert "names" not in screen.wait_for("presence", lambda p: "names" not in p)
    changes = [c for c in plan_changes(workshop) if c["field"] == "screen_names"]
    assert [(c["before"], c["after"]) for c in changes] == [(False, True), (True, False)]


def test_a_first_name_keeps_a_title_with_the_word_after_it():
    assert first_name("Rosa María Quispe") == "Rosa"
    assert first_name("  Juan  ") == "Juan"
    assert first_name("Licda. Gómez Pérez") == "Licda. Gómez"
    assert first_name("") == ""
    assert len(first_name("A" * 60)) == 24
