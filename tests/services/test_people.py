"""Who is who: a declared official edits nothing until the facilitation vouches for them."""

import pytest

from tests.services.hall import bearer


def links_of(workshop):
    return workshop.http.get(f"/api/workshops/{workshop.code}/links", headers=bearer(workshop)).json


def test_a_participant_who_declares_official_cannot_edit_until_confirmed(planned):
    workshop, console, _, _, commitments, _ = planned
    pipes = commitments["Reparar la cañería del barrio Año Nuevo"]
    pedro = workshop.join("Pedro", "official")
    assert pedro.wait_for("state")["me"]["verified"] is False
    edit = {"commitment_id": pipes["id"], "fields": {"lead": "Oficina de Pedro"}}

    refused = pedro.send("update_commitment", edit)
    assert refused["error"]["code"] == "forbidden"
    assert "confirme" in refused["error"]["message"]  # it says how to get confirmed
    assert workshop.snapshot()["commitments"][0]["lead"] == ""

    console.send("confirm_role", {"participant_id": pedro.participant_id, "confirmed": True})
    assert pedro.wait_for("me", lambda me: me["verified"] is True)
    assert pedro.send("update_commitment", edit)["commitment"]["lead"] == "Oficina de Pedro"

    console.send("confirm_role", {"participant_id": pedro.participant_id, "confirmed": False})
    assert pedro.send("update_commitment", edit)["error"]["code"] == "forbidden"
    record = [
        c
        for c in console.send("commitment_history", {"commitment_id": pipes["id"]})["changes"]
        if c["action"] == "commitment.edited"
    ]
    assert record[-1]["by"] == {"name": "Pedro", "role": "official"}


def test_a_role_link_confirms_on_joining_and_a_wrong_code_lets_no_one_in(open_workshop):
    workshop = open_workshop()
    links = links_of(workshop)
    code = links["role_codes"]["official"]
    assert links["links"]["join_official"].endswith(f"/j/{workshop.code}#role_code={code}")
    joined = workshop.http.post(
        f"/api/workshops/{workshop.code}/participants",
        json={"name": "Ana", "consent": True, "role_code": code.lower()},
    ).json
    assert (joined["role"], joined["verified"]) == ("official", True)

    wrong = workshop.http.post(
        f"/api/workshops/{workshop.code}/participants",
        json={"name": "Intrusa", "role": "official", "consent": True, "role_code": "AAAAAA"},
    )
    assert wrong.status_code == 400 and wrong.json["error"]["code"] == "invalid"
    people = workshop.facilitator().wait_for("state")["people"]["people"]
    assert [p["name"] for p in people if p["role"] == "official"] == ["Ana"]


def test_a_code_typed_later_confirms_a_phone_that_joined_without_it(open_workshop):
    workshop = open_workshop()
    code = links_of(workshop)["role_codes"]["civil_society"]
    lucia = workshop.join("Lucía", "citizen")
    assert lucia.send("claim_role", {"role_code": "ZZZZZZ"})["error"]["code"] == "invalid"
    claimed = lucia.send("claim_role", {"role_code": code})
    assert claimed["me"]["role"] == "civil_society" and claimed["me"]["verified"] is True


def test_the_console_lists_people_with_their_roles_and_who_is_here(open_workshop):
    workshop = open_workshop()
    console = workshop.facilitator()
    juan = workshop.join("Juan", "official")
    rosa = workshop.join("Rosa", "citizen")
    listed = console.wait_for(
        "people", lambda p: any(x["name"] == "Juan" and x["connected"] for x in p["people"])
    )
    juan_row = next(x for x in listed["people"] if x["name"] == "Juan")
    assert (juan_row["role"], juan_row["verified"]) == ("official", False)
    assert listed["citizens"] == {"joined": 1, "connected": 1}
    juan.leave()
    console.wait_for(
        "people", lambda p: any(x["name"] == "Juan" and not x["connected"] for x in p["people"])
    )
    assert rosa.received("people") == []  # the list is the console's alone


def test_results_by_role_count_every_voter_and_say_how_many_were_confirmed(open_hall):
    workshop, console, themes, people = open_hall()
    console.send(
        "confirm_role", {"participant_id": people["juan"].participant_id, "confirmed": True}
    )
    unconfirmed = workshop.join("Marta", "official")
    console.move_to("vote")
    for phone in (people["juan"], unconfirmed, people["rosa"]):
        phone.vote(cluster_id=themes["Agua"])
    tally = console.wait_for("tally", lambda t: t["votes_cast"] == 3)
    assert tally["voters_by_role"] == {"citizen": 1, "official": 2, "civil_society": 0}
    assert tally["verified_voters"] == {"official": 1, "civil_society": 0}


def test_a_cofacilitator_runs_the_console_until_the_link_is_taken_back(open_workshop):
    workshop = open_workshop()
    console = workshop.facilitator()
    invited = console.send("invite_cofacilitator", {"name": "Carla (ONG Agua Viva)"})
    token = invited["link"].split("#token=")[1]
    carla = workshop._connect(token)
    assert carla.wait_for("state")["me"]["cofacilitator"] is True
    assert carla.move_to("ideas") == {"ok": True}
    assert carla.send("invite_cofacilitator", {"name": "Otra"})["error"]["code"] == "forbidden"
    own_links = workshop.http.get(
        f"/api/workshops/{workshop.code}/links", headers=bearer(workshop, token)
    ).json
    assert set(own_links["links"]) == {"join", "plan"}  # no projector or role links to hand out

    console.send("revoke_cofacilitator", {"participant_id": invited["person"]["participant_id"]})

    deadline_ok = _wait(lambda: not carla.sio.is_connected())
    assert deadline_ok, "the revoked console is still connected"
    again = workshop._connect(token)
    assert not again.sio.is_connected()
    phases = [c for c in plan_record(workshop) if c["action"] == "phase.changed"]
    assert phases[-1]["by"] == {"name": "Carla (ONG Agua Viva)", "role": "facilitator"}


def plan_record(workshop):
    return workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.json", headers=bearer(workshop)
    ).json["changes"]


def _wait(condition, timeout=3.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("confirmed", [True, False])
def test_a_citizen_has_no_role_to_confirm(open_workshop, confirmed):
    workshop = open_workshop()
    rosa = workshop.join("Rosa", "citizen")
    refused = workshop.facilitator().send(
        "confirm_role", {"participant_id": rosa.participant_id, "confirmed": confirmed}
    )
    assert refused["error"]["code"] == "invalid"
