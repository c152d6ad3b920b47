"""A paper wall comes in: sticky notes typed in as one batch, and many cards moved at once."""

import uuid

import jsonschema

from tests.services.hall import bearer, more_people
from tests.services.test_record import plan_changes
from tests.test_exports import SCHEMA, closed


def notes(n: int) -> list[str]:
    return [f"Nota {i}: el puente de la aldea se cae" for i in range(1, n + 1)]


def test_two_hundred_paper_notes_go_in_as_one_command_and_reach_every_screen(open_workshop):
    workshop = open_workshop("Aldea El Rosario")
    console, screen = workshop.facilitator(), workshop.screen()
    rosa = workshop.join("Rosa")
    console.move_to("problems")

    batch = {"kind": "problem", "texts": notes(200), "role": "citizen"}
    answer = console.send("post_paper_notes", {**batch, "client_id": str(uuid.uuid4())})
    assert answer["ok"] and len(answer["card_ids"]) == 200

    for device in (screen, rosa):
        device.wait_for("card_posted", lambda e: e["card"]["text"].startswith("Nota 200:"))
        posted = [e["card"] for e in device.received("card_posted")]
        assert len(posted) == 200
        assert all(c["paper"] == {"role": "citizen"} for c in posted)
    cards = workshop.snapshot()["cards"]
    assert len(cards) == 200 and cards[0]["author"]["role"] == "facilitator"  # who typed it

    # The plan counts them by the role of whoever wrote them on paper, and says so.
    rosa.post_problem("No hay agua")
    plan = workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.json", headers=bearer(workshop)
    ).json
    assert plan["participation"]["paper_cards"] == 200
    assert plan["participation"]["cards_by_role"]["citizen"] == 201
    jsonschema.validate(plan, closed(SCHEMA), cls=jsonschema.Draft202012Validator)
    markdown = workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.md", headers=bearer(workshop)
    ).get_data(as_text=True)
    assert "200 de los aportes se escribieron en papel" in markdown


def test_one_bad_note_refuses_the_whole_batch_and_a_retry_adds_nothing_twice(open_workshop):
    workshop = open_workshop()
    console = workshop.facilitator()
    console.move_to("ideas")
    texts = notes(6)
    texts[4] = "Ruido\x07 en la noche"
    refused = console.send("post_paper_notes", {"kind": "idea", "texts": texts})
    assert refused["error"]["code"] == "invalid"
    assert "texts[4]" in refused["error"]["message"]
    for hostile in (
        {"kind": "idea", "texts": notes(201)},
        {"kind": "idea", "texts": []},
        {"kind": "idea", "texts": "una nota"},
        {"kind": "idea", "texts": ["x" * 501]},
        {"kind": "idea", "texts": ["ok"], "role": "alcalde"},
        {"kind": "problem", "texts": ["ok"], "problem_id": 1},
        {"kind": "idea", "texts": ["ok"], "problem_id": 10**6},
    ):
        assert not console.send("post_paper_notes", hostile)["ok"], hostile
    assert workshop.snapshot()["cards"] == []  # nothing from any refused batch

    # The console resends after a dropped connection: the same notes go in once.
    batch = {"kind": "idea", "texts": notes(3), "client_id": str(uuid.uuid4())}
    first = console.send("post_paper_notes", batch)
    again = console.send("post_paper_notes", batch)
    assert first["card_ids"] == again["card_ids"]
    assert len(workshop.snapshot()["cards"]) == 3

    # Paper notes are the facilitation's job; a phone cannot pass its cards off as paper.
    rosa = workshop.join("Rosa")
    assert rosa.send("post_paper_notes", batch | {"client_id": None})["error"]["code"] == (
        "forbidden"
    )


def test_the_console_is_not_held_to_a_phones_pace(open_workshop):
    workshop = open_workshop()
    console, rosa = workshop.facilitator(), workshop.join("Rosa")
    console.move_to("ideas")
    # A facilitator transcribing what the hall says aloud: 30 cards in a row.
    assert all(console.post_idea(f"Idea dicha en voz alta {n}")["ok"] for n in range(30))
    answers = [rosa.post_idea(f"Idea de Rosa {n}") for n in range(13)]
    assert answers[-1]["error"]["code"] == "rate_limited"  # a phone keeps its limit


def test_moving_many_cards_is_one_command_all_or_nothing(open_workshop):
    workshop = open_workshop()
    console = workshop.facilitator()
    console.move_to("ideas")
    ids = [console.post_idea(f"Idea {n}")["card"]["id"] for n in range(50)]
    group = console.send("create_cluster", {"title": "Agua"})["cluster"]["id"]

    refused = console.send("move_cards", {"card_ids": [*ids, 999_999], "cluster_id": group})
    assert refused["error"]["code"] == "not_found"
    assert all(c["cluster_id"] is None for c in workshop.snapshot()["cards"])

    moved = console.send("move_cards", {"card_ids": ids, "cluster_id": group})
    assert sorted(moved["moved"]) == sorted(ids)
    assert all(c["cluster_id"] == group for c in workshop.snapshot()["cards"])
    assert sum(1 for c in plan_changes(workshop) if c["action"] == "card.moved") == 50
    for hostile in (
        {"card_ids": ids},
        {"card_ids": [], "cluster_id": group},
        {"card_ids": [True], "cluster_id": group},
        {"card_ids": ids, "cluster_id": 999_999},
    ):
        assert not console.send("move_cards", hostile)["ok"], hostile
    assert (
        workshop.join("Ana").send("move_cards", {"card_ids": ids, "cluster_id": None})["error"][
            "code"
        ]
        == "forbidden"
    )


def test_our_pages_get_a_batch_as_one_message_and_core_clients_get_every_event(open_workshop):
    workshop = open_workshop()
    console = workshop.facilitator()
    page = workshop.join("Rosa", batches=True)  # what live.js asks for
    core = workshop.join("Juan")  # a client of the core protocol asks for nothing
    console.move_to("problems")
    page.forget()
    core.forget()
    answer = console.send("post_paper_notes", {"kind": "problem", "texts": notes(5)})

    batch = page.wait_for("events")["events"]
    assert [name for name, _ in batch] == ["card_posted"] * 5
    assert [e["card"]["id"] for _, e in batch] == answer["card_ids"]
    seqs = [e["seq"] for _, e in batch]
    assert seqs == list(range(seqs[0], seqs[0] + 5))  # in order, no gap to chase
    core.wait_for("card_posted", lambda e: e["card"]["id"] == answer["card_ids"][-1])
    assert [e["card"]["id"] for e in core.received("card_posted")] == answer["card_ids"]
    assert page.received("card_posted") == [] and core.received("events") == []

    # A single event still travels alone, to everyone.
    card = console.post_problem("Hay baches")["card"]["id"]
    assert page.wait_for("card_posted")["card"]["id"] == card


def test_paper_dots_count_with_the_phones_and_every_recount_is_kept(open_hall):
    workshop, console, themes, people = open_hall()
    more_people(workshop, people)
    console.move_to("vote")
    for name in ("rosa", "ana", "pedro"):
        people[name].vote(cluster_id=themes["Agua"])
    water = {"cluster_id": themes["Agua"]}

    # Counted on the paper wall: 7 citizens' dots on water, then a recount says 9.
    first = console.send("set_paper_votes", {**water, "role": "citizen", "count": 7})
    assert first["entry"]["previous"] == 0
    recount = console.send("set_paper_votes", {**water, "role": "citizen", "count": 9})
    assert recount["entry"]["previous"] == 7 and recount["entry"]["by"]["role"] == "facilitator"
    console.send("set_paper_votes", {"cluster_id": themes["Juego"], "count": 3})  # role unknown

    tally = console.wait_for("tally", lambda t: t["paper_votes"] == 12)
    totals = {t["id"]: t for t in tally["totals"]}
    assert totals[themes["Agua"]]["votes"] == 12 and totals[themes["Agua"]]["paper"] == 9
    assert totals[themes["Agua"]]["by_role"] == {"citizen": 3}  # the phones' votes, apart
    assert tally["votes_cast"] == 15 and tally["voters_by_role"]["citizen"] == 3

    log = console.send("paper_votes_log", {})["entries"]
    assert [(e["count"], e["previous"]) for e in log] == [(7, 0), (9, 7), (3, 0)]
    # A second console (the co-facilitator at the paper wall) sees each entry as it is made;
    # phones and the projector never hear of the log.
    other_console = workshop.facilitator()
    console.send("set_paper_votes", {**water, "role": "official", "count": 2})
    heard = other_console.wait_for("paper_vote_entered", lambda e: e["role"] == "official")
    assert (heard["count"], heard["previous"], heard["by"]["role"]) == (2, 0, "facilitator")
    assert people["rosa"].received("paper_vote_entered") == []
    console.wait_for("tally", lambda t: t["paper_votes"] == 14)

    # The plan says how many votes came from paper, and the ranking keeps them once frozen.
    console.move_to("plan")
    plan = workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.json", headers=bearer(workshop)
    ).json
    assert plan["participation"]["paper_votes"] == 14
    assert plan["ranking"][0]["votes"] == 14 and plan["ranking"][0]["paper_votes"] == 11
    jsonschema.validate(plan, closed(SCHEMA), cls=jsonschema.Draft202012Validator)


def test_paper_dots_refuse_nonsense_and_phones(open_hall):
    workshop, console, themes, people = open_hall()
    water = {"cluster_id": themes["Agua"]}
    assert console.send("set_paper_votes", {**water, "count": 2})["error"]["code"] == (
        "wrong_phase"
    )
    console.move_to("vote")
    for hostile in (
        {**water, "count": -1},
        {**water, "count": 10_001},
        {**water, "count": 2.5},
        {**water, "count": True},
        {**water, "count": 2, "role": "alcalde"},
        {"count": 2},
        {"cluster_id": 999_999, "count": 2},
    ):
        assert not console.send("set_paper_votes", hostile)["ok"], hostile
    refused = people["rosa"].send("set_paper_votes", {**water, "count": 50})
    assert refused["error"]["code"] == "forbidden"
    assert console.send("paper_votes_log", {})["entries"] == []
    assert people["rosa"].send("paper_votes_log", {})["error"]["code"] == "forbidden"
