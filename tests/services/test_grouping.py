"""Affinity mapping as it happens in the hall: groups, merges, splits, duplicates, suggestions."""

from workshop import services
from workshop.domain.commands import CreateCluster, VoteTarget


def totals(tally):
    return [(t["type"], t["id"], t["votes"]) for t in tally["totals"]]


def group(console, title, *card_ids):
    return console.send("create_cluster", {"title": title, "card_ids": list(card_ids)})["cluster"]


def test_the_facilitator_renames_a_group_and_everyone_sees_it(wall):
    workshop, console, screen, rosa, _, ideas = wall
    water = group(console, "Agua", ideas["la tuberia se rompe a cada rato"])
    ack = console.send("rename_cluster", {"cluster_id": water["id"], "title": "Agua y drenaje"})
    assert ack["cluster"]["title"] == "Agua y drenaje"
    for device in (screen, rosa):
        device.wait_for("cluster_updated", lambda e: e["cluster"]["title"] == "Agua y drenaje")
    refused = rosa.send("rename_cluster", {"cluster_id": water["id"], "title": "Mío"})
    assert refused["error"]["code"] == "forbidden"


def test_merging_groups_keeps_every_card_and_every_vote(wall):
    workshop, console, screen, rosa, juan, ideas = wall
    pipes = group(console, "Tuberías", ideas["la tuberia se rompe a cada rato"])
    leaks = group(console, "Fugas", ideas["arreglar la fuga de la calle morelos"])
    console.move_to("vote")
    rosa.vote(cluster_id=leaks["id"])
    juan.vote(cluster_id=pipes["id"])
    screen.forget()

    merged = console.send(
        "merge_clusters", {"into_cluster_id": pipes["id"], "cluster_ids": [leaks["id"]]}
    )

    assert sorted(merged["cluster"]["card_ids"]) == sorted(
        [ideas["la tuberia se rompe a cada rato"], ideas["arreglar la fuga de la calle morelos"]]
    )
    assert screen.wait_for("cluster_removed")["cluster_id"] == leaks["id"]
    tally = screen.wait_for("tally", lambda t: t["votes_cast"] == 2)
    assert totals(tally) == [("cluster", pipes["id"], 2)]
    assert [c["id"] for c in workshop.snapshot()["clusters"]] == [pipes["id"]]
    me = rosa.wait_for("me", lambda m: m["my_votes"])
    assert me["my_votes"] == [{"type": "cluster", "id": pipes["id"], "votes": 1}]


def test_dissolving_a_group_ungroups_its_cards_and_gives_back_its_dots(wall):
    workshop, console, screen, rosa, _, ideas = wall
    play = group(
        console,
        "Juego",
        ideas["no hay donde jugar pa los patojos"],
        ideas["una cancha en la colonia"],
    )
    console.move_to("vote")
    assert rosa.vote(cluster_id=play["id"])["votes_left"] == 4

    assert console.send("dissolve_cluster", {"cluster_id": play["id"]}) == {"ok": True}

    assert screen.wait_for("cluster_removed")["cluster_id"] == play["id"]
    assert rosa.wait_for("me", lambda m: m["votes_left"] == 5)["my_votes"] == []
    snapshot = workshop.snapshot()
    assert snapshot["clusters"] == []
    assert all(card["cluster_id"] is None for card in snapshot["cards"])
    gone = console.send("rename_cluster", {"cluster_id": play["id"], "title": "x"})
    assert gone["error"]["code"] == "not_found"


def test_splitting_a_group_is_making_a_new_group_from_some_of_its_cards(wall):
    workshop, console, screen, _, _, ideas = wall
    everything = group(console, "Todo", *ideas.values())
    light = ideas["lamparas en la cuadra 5"]
    lit = group(console, "Alumbrado", light)
    assert lit["card_ids"] == [light]
    before = screen.wait_for(
        "cluster_updated",
        lambda e: e["cluster"]["id"] == everything["id"] and light not in e["cluster"]["card_ids"],
    )
    assert len(before["cluster"]["card_ids"]) == 4


def test_a_duplicate_shows_as_one_card_and_keeps_both_authors(wall):
    workshop, console, screen, rosa, juan, ideas = wall
    original = ideas["la tuberia se rompe a cada rato"]
    repeated = ideas["arreglar la fuga de la calle morelos"]
    water = group(console, "Agua", original)

    marked = console.send("mark_duplicate", {"card_id": repeated, "duplicate_of": original})

    assert marked["card"]["duplicate_of"] == original
    assert marked["card"]["cluster_id"] == water["id"]  # it follows its original
    screen.wait_for(
        "card_updated",
        lambda e: e["card"]["id"] == repeated and e["card"]["duplicate_of"] == original,
    )
    console.send("move_card", {"card_id": original, "cluster_id": None})
    cards = {c["id"]: c for c in workshop.snapshot()["cards"]}
    assert cards[repeated]["cluster_id"] is None and cards[repeated]["duplicate_of"] == original

    # A repeat is not on the ballot; a dot cast on it before it was folded counts for the
    # original.
    console.send("mark_duplicate", {"card_id": repeated, "duplicate_of": None})
    console.move_to("vote")
    juan.vote(card_id=repeated)
    rosa.vote(card_id=original)
    console.send("mark_duplicate", {"card_id": repeated, "duplicate_of": original})
    assert juan.vote(card_id=repeated)["error"]["code"] == "invalid"
    tally = screen.wait_for("tally", lambda t: t["votes_cast"] == 2 and len(t["totals"]) == 1)
    assert totals(tally) == [("card", original, 2)]
    console.move_to("plan")
    plan = workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.json",
        headers={"Authorization": f"Bearer {workshop.facilitator_token}"},
    ).json
    commitment = plan["commitments"][0]
    assert commitment["source"]["card_ids"] == [original, repeated]
    authors = {c["id"]: c["author"]["name"] for c in plan["contributions"]}
    assert authors[original] == "Rosa" and authors[repeated] == "Juan"


def test_duplicates_can_be_undone_and_never_point_in_circles(wall):
    _, console, _, _, _, ideas = wall
    a, b, c = (
        ideas["no hay donde jugar pa los patojos"],
        ideas["una cancha en la colonia"],
        ideas["lamparas en la cuadra 5"],
    )
    console.send("mark_duplicate", {"card_id": b, "duplicate_of": a})
    circle = console.send("mark_duplicate", {"card_id": a, "duplicate_of": b})
    assert circle["error"]["code"] == "invalid"
    # Marking the original itself as a duplicate brings its own duplicates along.
    console.send("mark_duplicate", {"card_id": a, "duplicate_of": c})
    assert (
        console.send("mark_duplicate", {"card_id": b, "duplicate_of": None})["card"]["duplicate_of"]
        is None
    )
    problem = console.post_problem("no hay agua")["card"]["id"]
    mixed = console.send("mark_duplicate", {"card_id": problem, "duplicate_of": c})
    assert mixed["error"]["code"] == "invalid"


def test_a_phone_that_missed_a_merge_catches_up_without_the_removed_group(wall):
    workshop, console, _, rosa, _, ideas = wall
    first = group(console, "Agua", ideas["la tuberia se rompe a cada rato"])
    second = group(console, "Fugas", ideas["arreglar la fuga de la calle morelos"])
    last_seq = rosa.wait_for("cluster_updated", lambda e: e["cluster"]["id"] == second["id"])["seq"]
    rosa.leave()
    console.send("merge_clusters", {"into_cluster_id": first["id"], "cluster_ids": [second["id"]]})
    rosa = workshop.reconnect(rosa, last_seq=last_seq)
    assert "state" not in rosa.names()
    assert rosa.received("cluster_removed") == [
        {"seq": rosa.received("cluster_removed")[0]["seq"], "cluster_id": second["id"]}
    ]


def test_suggested_groups_gather_ideas_that_share_no_words_and_change_nothing(wall):
    workshop, console, _, rosa, juan, ideas = wall
    drain = juan.post_idea("el drenaje se tapa cuando llueve")["card"]["id"]
    kids = rosa.post_idea("juegos pa los niños en el parque")["card"]["id"]
    problem = console.post_problem("la basura se acumula")["card"]["id"]
    grouped = ideas["lamparas en la cuadra 5"]
    group(console, "Alumbrado", grouped)
    before = workshop.snapshot()

    suggestions = console.send("suggest_clusters", {})["suggestions"]

    by_card = {card_id: s["title"] for s in suggestions for card_id in s["card_ids"]}
    assert by_card[ideas["la tuberia se rompe a cada rato"]] == by_card[drain]
    assert by_card[ideas["no hay donde jugar pa los patojos"]] == by_card[kids]
    assert by_card[drain] != by_card[kids]
    assert grouped not in by_card and problem not in by_card  # grouped ideas, problems: no
    assert all(s["title"] for s in suggestions)
    assert workshop.snapshot()["clusters"] == before["clusters"]
    assert rosa.send("suggest_clusters", {})["error"]["code"] == "forbidden"


def plan_after_voting_for(workshop, console, phones_and_groups):
    console.move_to("vote")
    for phone, cluster_id in phones_and_groups:
        phone.vote(cluster_id=cluster_id)
    console.move_to("plan")
    return workshop.snapshot()["commitments"]


def test_merging_into_a_planned_theme_keeps_one_commitment_with_every_card(wall):
    workshop, console, screen, rosa, _, ideas = wall
    pipes = group(console, "Tuberías", ideas["la tuberia se rompe a cada rato"])
    leaks = group(console, "Fugas", ideas["arreglar la fuga de la calle morelos"])
    [commitment] = plan_after_voting_for(workshop, console, [(rosa, pipes["id"])])
    screen.forget()

    console.send("merge_clusters", {"into_cluster_id": pipes["id"], "cluster_ids": [leaks["id"]]})

    updated = screen.wait_for("commitment_updated")["commitment"]
    assert updated["id"] == commitment["id"] and updated["version"] == commitment["version"] + 1
    assert sorted(updated["source"]["card_ids"]) == sorted(
        [ideas["la tuberia se rompe a cada rato"], ideas["arreglar la fuga de la calle morelos"]]
    )


def test_two_planned_themes_are_not_merged_behind_the_plans_back(wall):
    workshop, console, _, rosa, juan, ideas = wall
    pipes = group(console, "Tuberías", ideas["la tuberia se rompe a cada rato"])
    leaks = group(console, "Fugas", ideas["arreglar la fuga de la calle morelos"])
    plan_after_voting_for(workshop, console, [(rosa, pipes["id"]), (juan, leaks["id"])])
    refused = console.send(
        "merge_clusters", {"into_cluster_id": pipes["id"], "cluster_ids": [leaks["id"]]}
    )
    assert refused["error"]["code"] == "conflict"
    assert len(workshop.snapshot()["clusters"]) == 2


def test_dissolving_a_planned_theme_keeps_its_commitment_and_never_drafts_it_twice(wall):
    workshop, console, _, rosa, _, ideas = wall
    play = group(
        console,
        "Juego",
        ideas["no hay donde jugar pa los patojos"],
        ideas["una cancha en la colonia"],
    )
    [commitment] = plan_after_voting_for(workshop, console, [(rosa, play["id"])])
    console.send("dissolve_cluster", {"cluster_id": play["id"]})
    console.move_to("vote")
    rosa.vote(card_id=ideas["una cancha en la colonia"])
    console.move_to("plan")
    commitments = workshop.snapshot()["commitments"]
    assert [c["id"] for c in commitments] == [commitment["id"]]
    assert commitments[0]["source"]["cluster_id"] is None
    assert commitments[0]["source"]["card_ids"] == commitment["source"]["card_ids"]


def test_a_new_group_is_announced_once(wall):
    _, console, screen, _, _, ideas = wall
    screen.forget()
    created = group(console, "Alumbrado", ideas["lamparas en la cuadra 5"])
    announced = [
        e for e in screen.received("cluster_updated") if e["cluster"]["id"] == created["id"]
    ]
    assert len(announced) == 1


def test_moving_a_duplicate_within_its_group_keeps_it_folded(wall):
    _, console, _, _, _, ideas = wall
    original, repeated = (
        ideas["no hay donde jugar pa los patojos"],
        ideas["una cancha en la colonia"],
    )
    play = group(console, "Juego", original)
    console.send("mark_duplicate", {"card_id": repeated, "duplicate_of": original})
    console.send("move_card", {"card_id": repeated, "cluster_id": play["id"]})
    cards = {
        c["id"]: c
        for c in console.app.test_client().get(f"/api/workshops/{console.code}").json["cards"]
    }
    assert cards[repeated]["duplicate_of"] == original


def test_grouping_after_voting_keeps_every_vote(hall):
    hall.phase("ideas")
    pipes, tank = hall.idea("Reparar la tubería"), hall.idea("Cisterna")
    hall.phase("vote")
    rosa = hall.join()
    hall.vote(rosa, pipes)
    hall.vote(rosa, tank)
    services.create_cluster(hall.facilitator, CreateCluster("Agua", (pipes, tank), None))
    tally, *_ = services.tally_for(hall.facilitator.workshop_id)
    assert tally["votes_cast"] == 2
    assert tally["totals"][0]["type"] == "cluster" and tally["totals"][0]["votes"] == 2
    cluster_id = tally["totals"][0]["id"]
    assert services.me_for(rosa)["my_votes"] == [{"type": "cluster", "id": cluster_id, "votes": 2}]
    retracted = services.retract_vote(rosa, VoteTarget(None, cluster_id, None))
    assert retracted.result["votes_left"] == 2
