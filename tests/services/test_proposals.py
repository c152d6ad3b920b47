"""Participants propose where their own cards go; the facilitator answers, sensibly."""


def test_a_participant_proposes_and_the_facilitator_accepts(wall):
    workshop, console, screen, rosa, juan, ideas = wall
    mine, theirs = ideas["no hay donde jugar pa los patojos"], ideas["una cancha en la colonia"]
    payload = {"card_id": mine, "with_card_id": theirs, "client_id": "rosa-p1"}
    assert rosa.send("propose_grouping", payload)["error"]["code"] == "wrong_phase"
    console.move_to("cluster")
    not_mine = {"card_id": theirs, "with_card_id": mine}
    assert rosa.send("propose_grouping", not_mine)["error"]["code"] == "forbidden"

    proposal = rosa.send("propose_grouping", payload)["proposal"]
    assert proposal["status"] == "pending" and proposal["author"]["name"] == "Rosa"
    console.wait_for("proposal_updated", lambda e: e["proposal"]["id"] == proposal["id"])

    accepted = console.send("resolve_proposal", {"proposal_id": proposal["id"], "accept": True})
    assert accepted["proposal"]["status"] == "accepted"
    rosa.wait_for("proposal_updated", lambda e: e["proposal"]["status"] == "accepted")
    cards = {c["id"]: c for c in workshop.snapshot()["cards"]}
    assert cards[mine]["cluster_id"] is not None
    assert cards[mine]["cluster_id"] == cards[theirs]["cluster_id"]
    again = console.send("resolve_proposal", {"proposal_id": proposal["id"], "accept": False})
    assert again["error"]["code"] == "conflict"


def test_an_ignored_proposal_changes_nothing_but_its_status(wall):
    workshop, console, _, rosa, _, ideas = wall
    console.move_to("cluster")
    proposal = rosa.send(
        "propose_grouping",
        {
            "card_id": ideas["lamparas en la cuadra 5"],
            "with_card_id": ideas["una cancha en la colonia"],
        },
    )["proposal"]
    before = workshop.snapshot()["cards"]
    ignored = console.send("resolve_proposal", {"proposal_id": proposal["id"], "accept": False})
    assert ignored["proposal"]["status"] == "ignored"
    snapshot = workshop.snapshot()
    assert snapshot["cards"] == before
    assert snapshot["proposals"][0]["status"] == "ignored"


def test_proposals_are_answered_sensibly_when_the_wall_changed_meanwhile(wall):
    workshop, console, _, rosa, _, ideas = wall
    console.move_to("cluster")
    mine, other = ideas["no hay donde jugar pa los patojos"], ideas["una cancha en la colonia"]
    folded = rosa.send("propose_grouping", {"card_id": mine, "with_card_id": other})["proposal"]
    console.send("mark_duplicate", {"card_id": other, "duplicate_of": mine})
    answer = console.send("resolve_proposal", {"proposal_id": folded["id"], "accept": True})
    assert answer["error"]["code"] == "conflict"

    lamp = ideas["lamparas en la cuadra 5"]
    doomed = rosa.send("propose_grouping", {"card_id": lamp, "with_card_id": other})["proposal"]
    console.send("hide_card", {"card_id": lamp})
    set_aside = console.wait_for("proposal_updated", lambda e: e["proposal"]["id"] == doomed["id"])[
        "proposal"
    ]
    assert set_aside["status"] == "ignored"


def test_one_phone_cannot_flood_the_facilitator_with_proposals(wall):
    workshop, console, _, rosa, _, ideas = wall
    console.move_to("cluster")
    mine = ideas["no hay donde jugar pa los patojos"]
    targets = [console.post_idea(f"idea {n}")["card"]["id"] for n in range(11)]
    answers = [rosa.send("propose_grouping", {"card_id": mine, "with_card_id": t}) for t in targets]
    assert [a["ok"] for a in answers].count(True) == 10
    assert answers[-1]["error"]["code"] == "rate_limited"
