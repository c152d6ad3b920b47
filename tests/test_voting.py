"""Voting people can trust: settings, caps, hidden results, consensus, the matrix, the freeze."""

import pytest


@pytest.fixture
def hall(open_workshop):
    """Three themes on the wall and a room of citizens, officials and civil society."""

    def open_hall(**settings):
        workshop = open_workshop(**settings)
        console = workshop.facilitator()
        console.move_to("ideas")
        themes = {}
        for title, text in (
            ("Agua", "la tuberia se rompe"),
            ("Juego", "una cancha"),
            ("Luz", "lamparas en la cuadra"),
        ):
            card = console.post_idea(text)["card"]["id"]
            themes[title] = console.send("create_cluster", {"title": title, "card_ids": [card]})[
                "cluster"
            ]["id"]
        people = {
            "rosa": workshop.join("Rosa", "citizen"),
            "ana": workshop.join("Ana", "citizen"),
            "juan": workshop.join("Juan", "official"),
            "lucia": workshop.join("Lucía", "civil_society"),
        }
        return workshop, console, themes, people

    return open_hall


def test_settings_change_before_the_vote_and_never_during_it(hall):
    workshop, console, themes, people = hall()
    changed = console.send(
        "update_settings",
        {
            "votes_per_participant": 5,
            "max_votes_per_target": 2,
            "results": "hidden",
            "prioritization": "both",
        },
    )
    assert changed["workshop"]["votes_per_participant"] == 5
    assert changed["workshop"]["max_votes_per_target"] == 2
    people["rosa"].wait_for("workshop_updated", lambda e: e["workshop"]["results"] == "hidden")
    assert people["rosa"].wait_for("me", lambda m: m["votes_left"] == 5)
    console.move_to("vote")
    late = console.send("update_settings", {"votes_per_participant": 9})
    assert late["error"]["code"] == "wrong_phase"
    assert people["rosa"].send("update_settings", {"results": "live"})["error"]["code"] == (
        "forbidden"
    )


def test_settings_can_be_chosen_when_the_workshop_is_created(open_workshop):
    workshop = open_workshop(
        max_votes_per_target=1, vote_on="cards", results="hidden", prioritization="matrix"
    )
    settings = workshop.snapshot()["workshop"]
    assert (
        settings["max_votes_per_target"],
        settings["vote_on"],
        settings["results"],
        settings["prioritization"],
    ) == (1, "cards", "hidden", "matrix")


def test_nobody_puts_more_than_the_maximum_on_one_option(hall):
    workshop, console, themes, people = hall(votes_per_participant=5, max_votes_per_target=2)
    console.move_to("vote")
    rosa = people["rosa"]
    acks = [rosa.vote(cluster_id=themes["Agua"]) for _ in range(3)]
    assert [a["ok"] for a in acks] == [True, True, False]
    assert acks[2]["error"]["code"] == "budget_exhausted" and "2" in acks[2]["error"]["message"]
    assert rosa.vote(cluster_id=themes["Luz"])["votes_left"] == 2  # the refused one cost nothing


def test_people_vote_on_the_ballot_only(hall):
    workshop, console, themes, people = hall()
    console.move_to("vote")
    card = workshop.snapshot()["cards"][0]["id"]
    assert people["rosa"].vote(card_id=card)["error"]["code"] == "invalid"  # groups are voted
    console.move_to("cluster")
    console.send("update_settings", {"vote_on": "cards"})
    console.move_to("vote")
    assert people["rosa"].vote(card_id=card)["ok"]
    assert people["rosa"].vote(cluster_id=themes["Agua"])["error"]["code"] == "invalid"


def test_hidden_results_reach_the_projector_but_not_the_phones_until_revealed(hall):
    workshop, console, themes, people = hall(results="hidden")
    screen = workshop.screen()
    console.move_to("vote")
    rosa, juan = people["rosa"], people["juan"]
    rosa.vote(cluster_id=themes["Agua"])

    on_screen = screen.wait_for("tally", lambda t: t["votes_cast"] == 1)
    on_phone = juan.wait_for("tally", lambda t: t["votes_cast"] == 1)
    assert on_screen["totals"] and on_screen["hidden"] is False
    assert on_phone["totals"] == [] and on_phone["hidden"] is True
    assert workshop.snapshot()["tally"]["totals"] == []  # the public snapshot reads like a phone

    console.send("reveal_results", {})
    revealed = juan.wait_for("tally", lambda t: t["totals"])
    assert revealed["hidden"] is False
    assert juan.wait_for("workshop_updated")["workshop"]["results_revealed"] is True


def test_entering_the_plan_reveals_hidden_results(hall):
    workshop, console, themes, people = hall(results="hidden")
    console.move_to("vote")
    people["rosa"].vote(cluster_id=themes["Agua"])
    console.move_to("plan")
    assert workshop.snapshot()["tally"]["totals"]


def more_people(workshop, people):
    """Enough citizens and officials that each role's votes hide among three people."""
    people.update(
        {
            name: workshop.join(name.title(), role)
            for name, role in (("pedro", "citizen"), ("marta", "official"), ("luis", "official"))
        }
    )
    return people


def test_the_ranking_says_which_themes_every_role_supports(hall):
    workshop, console, themes, people = hall()
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


def test_a_role_with_too_few_voters_keeps_its_choices_to_itself(hall):
    workshop, console, themes, people = hall()
    console.move_to("vote")
    people["rosa"].vote(cluster_id=themes["Agua"])
    people["juan"].vote(cluster_id=themes["Juego"])  # the only official who voted
    tally = workshop.screen().wait_for("tally", lambda t: t["votes_cast"] == 2)
    assert tally["withheld_roles"] == ["citizen", "official"]
    assert all(t["by_role"] == {} and t["consensus"] is False for t in tally["totals"])
    assert tally["by_role"] == {"citizen": 1, "official": 1, "civil_society": 0}


def test_people_rate_impact_and_effort_and_the_matrix_shows_averages(hall):
    workshop, console, themes, people = hall(prioritization="both")
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


def test_dots_only_workshops_take_no_ratings_and_matrix_only_ones_take_no_dots(hall):
    workshop, console, themes, people = hall(prioritization="dots")
    console.move_to("vote")
    rate = {"cluster_id": themes["Agua"], "impact": 3, "effort": 3}
    assert people["rosa"].send("rate_target", rate)["error"]["code"] == "invalid"
    matrix, matrix_console, matrix_themes, matrix_people = hall(prioritization="matrix")
    matrix_console.move_to("vote")
    refused = matrix_people["rosa"].vote(cluster_id=matrix_themes["Agua"])
    assert refused["error"]["code"] == "invalid"


def test_closing_the_vote_freezes_the_ranking(hall):
    workshop, console, themes, people = hall()
    console.move_to("vote")
    people["rosa"].vote(cluster_id=themes["Agua"])
    people["juan"].vote(cluster_id=themes["Juego"])
    console.move_to("cluster")
    frozen = workshop.snapshot()
    assert frozen["workshop"]["ranking_frozen"] is True and frozen["tally"]["frozen"] is True

    # Tidying the wall after the vote cannot change what the room decided.
    console.send("dissolve_cluster", {"cluster_id": themes["Juego"]})
    after = workshop.snapshot()["tally"]
    assert [(t["id"], t["votes"]) for t in after["totals"]] == [
        (t["id"], t["votes"]) for t in frozen["tally"]["totals"]
    ]
    assert people["rosa"].vote(cluster_id=themes["Luz"])["error"]["code"] == "wrong_phase"
    console.move_to("vote")
    assert workshop.snapshot()["workshop"]["ranking_frozen"] is False


def test_the_plan_in_markdown_marks_consensus_and_shows_the_matrix(hall):
    workshop, console, themes, people = hall(prioritization="both")
    more_people(workshop, people)
    console.move_to("vote")
    for name in ("rosa", "ana", "pedro", "juan", "marta", "luis"):
        people[name].vote(cluster_id=themes["Agua"])
    people["rosa"].send("rate_target", {"cluster_id": themes["Agua"], "impact": 5, "effort": 2})
    console.move_to("plan")
    text = workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.md",
        headers={"Authorization": f"Bearer {workshop.facilitator_token}"},
    ).get_data(as_text=True)
    row = next(line for line in text.splitlines() if line.startswith("| 1 | Agua"))
    assert row.endswith("| 3 | 3 | 0 | ✓ | 5.0 | 2.0 |")
    assert "Consenso" in text or "Consensus" in text


def test_voting_on_ideas_counts_each_idea_even_inside_a_group(hall):
    workshop, console, themes, people = hall()
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


def test_a_workshop_that_prioritised_with_the_matrix_alone_still_gets_a_plan(hall):
    workshop, console, themes, people = hall(prioritization="matrix")
    console.move_to("vote")
    people["rosa"].send("rate_target", {"cluster_id": themes["Luz"], "impact": 3, "effort": 3})
    people["juan"].send("rate_target", {"cluster_id": themes["Agua"], "impact": 5, "effort": 2})
    console.move_to("plan")
    titles = [c["title"] for c in workshop.snapshot()["commitments"]]
    assert titles == ["Agua", "Luz"]  # the quick win first; the unrated theme not at all


def test_messages_name_fields_the_way_people_do(hall):
    workshop, console, themes, people = hall()
    refused = console.send("update_settings", {"max_votes_per_target": 50})
    assert "máximo de votos en una opción" in refused["error"]["message"] or (
        "max_votes_per_target" not in refused["error"]["message"]
    )


def test_hidden_results_stay_hidden_in_the_plan_a_participant_downloads(hall):
    workshop, console, themes, people = hall(results="hidden")
    console.move_to("vote")
    people["rosa"].vote(cluster_id=themes["Agua"])

    def plan_as(token):
        return workshop.http.get(
            f"/api/workshops/{workshop.code}/plan.json",
            headers={"Authorization": f"Bearer {token}"},
        ).json

    seen_by_juan = plan_as(people["juan"].token)
    assert seen_by_juan["ranking"] == [] and seen_by_juan["results_hidden"] is True
    assert seen_by_juan["participation"]["votes"] is None
    assert plan_as(workshop.facilitator_token)["ranking"][0]["votes"] == 1
    text = workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.md",
        headers={"Authorization": f"Bearer {people['juan'].token}"},
    ).get_data(as_text=True)
    assert "Agua | 1" not in text


def test_settings_cannot_tighten_under_votes_already_cast(hall):
    workshop, console, themes, people = hall(votes_per_participant=3, max_votes_per_target=2)
    console.move_to("vote")
    people["rosa"].vote(cluster_id=themes["Agua"])
    people["rosa"].vote(cluster_id=themes["Agua"])
    console.move_to("cluster")
    for tighter in (
        {"votes_per_participant": 1},
        {"max_votes_per_target": 1},
        {"vote_on": "cards"},
        {"prioritization": "matrix"},
    ):
        assert console.send("update_settings", tighter)["error"]["code"] == "conflict", tighter
    assert console.send("update_settings", {"votes_per_participant": 5})["ok"]  # more is fine
    assert console.send("update_settings", {"max_votes_per_target": None})["ok"]


def test_an_empty_group_is_not_on_the_ballot(hall):
    workshop, console, themes, people = hall()
    empty = console.send("create_cluster", {"title": "Vacío", "card_ids": []})["cluster"]["id"]
    console.move_to("vote")
    assert people["rosa"].vote(cluster_id=empty)["error"]["code"] == "invalid"
