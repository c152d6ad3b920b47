"""Counting the vote honestly: what each screen sees, by role and consensus, the matrix."""

from tests.services.hall import more_people


def test_hidden_results_reach_only_the_console_until_revealed(open_hall):
    workshop, console, themes, people = open_hall(results="hidden")
    screen = workshop.screen()
    console.move_to("vote")
    rosa, juan = people["rosa"], people["juan"]
    rosa.vote(cluster_id=themes["Agua"])

    on_console = console.wait_for("tally", lambda t: t["votes_cast"] == 1)
    on_screen = screen.wait_for("tally", lambda t: t["votes_cast"] == 1)
    on_phone = juan.wait_for("tally", lambda t: t["votes_cast"] == 1)
    assert on_console["totals"] and on_console["hidden"] is False
    for hidden in (on_screen, on_phone):
        assert hidden["totals"] == [] and hidden["ratings"] == [] and hidden["hidden"] is True
    assert all(t["totals"] == [] for t in screen.received("tally"))  # never, not even once
    assert workshop.screen().wait_for("state")["tally"]["totals"] == []  # nor when it joins

    console.send("set_screen_results", {"show": True})  # the facilitator shows the room first
    assert screen.wait_for("tally", lambda t: t["totals"])["hidden"] is False
    assert all(t["totals"] == [] for t in juan.received("tally"))
    assert workshop.snapshot()["tally"]["totals"] == []  # the public snapshot reads like a phone

    console.send("reveal_results", {})
    revealed = juan.wait_for("tally", lambda t: t["totals"])
    assert revealed["hidden"] is False
    assert juan.wait_for("workshop_updated")["workshop"]["results_revealed"] is True


def test_the_ranking_says_which_themes_every_role_supports(open_hall):
    workshop, console, themes, people = open_hall()
    more_people(workshop, people)
    console.move_to("vote")
    for name in ("rosa", "ana", "pedro", "juan", "marta", "luis"):
        people[name].vote(cluster_id=themes["Agua"])  # everybody wants water
    for name in ("rosa", "ana", "pedro"):
        people[name].vote(cluster_id=themes["Juego"])  # only citizens want the field
    tally = workshop.screen().wait_for("tally", lambda t: t["votes_cast"] == 9)
    marks = {t["id"]: t["consensus"] for t in tally["totals"]}
    assert marks == {themes["Agua"]: True, themes["Juego"]: False}
    water = next(t for t in tally["totals"] if t["id"] == themes["Agua"])
    assert water["by_role"] == {"citizen": 3, "official": 3}
    assert tally["by_role"] == {"citizen": 6, "official": 3, "civil_society": 0}
    console.move_to("plan")
    plan = workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.json",
        headers={"Authorization": f"Bearer {workshop.facilitator_token}"},
    ).json
    ranked = {entry["id"]: entry for entry in plan["ranking"]}
    assert ranked[themes["Agua"]]["consensus"] is True
    assert ranked[themes["Agua"]]["votes_by_role"] == {
        "citizen": 3,
        "official": 3,
        "civil_society": 0,
    }
    assert ranked[themes["Juego"]]["consensus"] is False
    assert "Rosa" not in str(plan["ranking"])


def test_a_role_with_too_few_voters_keeps_its_choices_to_itself(open_hall):
    workshop, console, themes, people = open_hall()
    console.move_to("vote")
    people["rosa"].vote(cluster_id=themes["Agua"])
    people["juan"].vote(cluster_id=themes["Juego"])  # the only official who voted
    tally = workshop.screen().wait_for("tally", lambda t: t["votes_cast"] == 2)
    assert tally["withheld_roles"] == ["citizen", "official"]
    assert all(t["by_role"] == {} and t["consensus"] is False for t in tally["totals"])
    # Their totals are kept back too: they would move with each of their votes.
    assert tally["by_role"] == {"citizen": None, "official": None, "civil_society": 0}


def test_people_rate_impact_and_effort_and_the_matrix_shows_averages(open_hall):
    workshop, console, themes, people = open_hall(prioritization="both")
    screen = workshop.screen()
    console.move_to("vote")
    rate = {"cluster_id": themes["Agua"], "impact": 5, "effort": 2}
    first = people["rosa"].send("rate_target", {**rate, "client_id": "r1"})
    assert first["my_ratings"] == [
        {"type": "cluster", "id": themes["Agua"], "impact": 5, "effort": 2}
    ]
    again = people["rosa"].send("rate_target", {**rate, "impact": 4, "client_id": "r2"})
    assert again["my_ratings"][0]["impact"] == 4  # rating again replaces the earlier score
    people["juan"].send("rate_target", {**rate, "impact": 5, "effort": 4})
    tally = screen.wait_for("tally", lambda t: t["ratings"] and t["ratings"][0]["count"] == 2)
    assert tally["ratings"] == [
        {"type": "cluster", "id": themes["Agua"], "impact": 4.5, "effort": 3.0, "count": 2}
    ]
    for bad in ({**rate, "impact": 6}, {**rate, "effort": 0}, {"impact": 3, "effort": 3}):
        assert people["ana"].send("rate_target", bad)["error"]["code"] == "invalid"


def test_voting_on_ideas_counts_each_idea_even_inside_a_group(open_hall):
    workshop, console, themes, people = open_hall()
    console.send("update_settings", {"vote_on": "cards"})
    console.move_to("vote")
    cards = {c["text"]: c["id"] for c in workshop.snapshot()["cards"]}
    rosa = people["rosa"]
    ack = rosa.vote(card_id=cards["una cancha"])
    assert ack["my_votes"] == [{"type": "card", "id": cards["una cancha"], "votes": 1}]
    tally = workshop.screen().wait_for("tally", lambda t: t["votes_cast"] == 1)
    assert [(t["type"], t["id"]) for t in tally["totals"]] == [("card", cards["una cancha"])]
    problem = console.post_problem("no hay agua")["card"]["id"]
    assert rosa.vote(card_id=problem)["error"]["code"] == "invalid"
    console.send(
        "mark_duplicate",
        {"card_id": cards["lamparas en la cuadra"], "duplicate_of": cards["una cancha"]},
    )
    repeated = rosa.vote(card_id=cards["lamparas en la cuadra"])
    assert repeated["error"]["code"] == "invalid"
    console.move_to("plan")
    drafted = workshop.snapshot()["commitments"]
    assert [c["source"]["card_ids"][0] for c in drafted] == [cards["una cancha"]]
