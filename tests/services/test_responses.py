"""An answer for every contribution, and a ranking of only what was on the ballot."""

from tests.services.hall import bearer


def draft(workshop):
    return workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.json", headers=bearer(workshop)
    ).json


def test_the_ranking_lists_only_what_people_could_vote_for(open_workshop):
    workshop = open_workshop()
    console = workshop.facilitator()
    console.move_to("problems")
    rosa = workshop.join("Rosa")
    problem = rosa.post_problem("No hay luz en la plaza")["card"]["id"]
    console.move_to("ideas")
    lights = rosa.post_idea("Más luces", problem_id=problem)["card"]["id"]
    fair = rosa.post_idea("Una feria")["card"]["id"]
    loose = rosa.post_idea("Una idea que nadie agrupó")["card"]["id"]
    theme = console.send("create_cluster", {"title": "Plaza", "card_ids": [lights, fair]})
    console.move_to("vote")
    rosa.vote(cluster_id=theme["cluster"]["id"])
    console.move_to("plan")

    plan = draft(workshop)
    assert [(r["type"], r["title"]) for r in plan["ranking"]] == [("cluster", "Plaza")]
    assert loose not in [r["id"] for r in plan["ranking"] if r["type"] == "card"]
    answers = {c["id"]: c for c in plan["contributions"]}
    # The problem fed the commitment its idea fed; the loose idea was never an option.
    assert answers[problem]["commitment_ids"] == [plan["commitments"][0]["id"]]
    assert answers[problem]["outcome"]["kind"] == "commitment"
    assert answers[loose]["outcome"]["kind"] == "not_voted"


def test_the_facilitation_writes_why_a_theme_was_not_taken_up(open_hall):
    workshop, console, themes, people = open_hall()
    console.move_to("vote")
    for name in ("rosa", "ana", "juan"):
        people[name].vote(cluster_id=themes["Agua"])
    console.move_to("plan")  # Luz got no votes: it is on the ballot, and not in the plan
    answer = console.send(
        "respond", {"cluster_id": themes["Luz"], "text": "El alumbrado ya está licitado."}
    )
    assert answer["cluster"]["response"] == "El alumbrado ya está licitado."
    refused = people["rosa"].send("respond", {"cluster_id": themes["Luz"], "text": "no"})
    assert refused["error"]["code"] == "forbidden"

    plan = draft(workshop)
    light = next(c for c in plan["contributions"] if c["cluster_id"] == themes["Luz"])
    assert light["outcome"] == {
        "kind": "not_chosen",
        "option": {"type": "cluster", "id": themes["Luz"], "title": "Luz"},
        "votes": 0,
        "response": "El alumbrado ya está licitado.",
    }
    assert [c["action"] for c in plan["changes"]][-1] == "response.written"
    with workshop.app.app_context():
        from workshop.export import EXPORTS

        text = EXPORTS["md"].render(plan)
    assert "Su tema «Luz» obtuvo 0 votos y no fue elegido." in text
    assert "Respuesta de la persona facilitadora: El alumbrado ya está licitado." in text


def test_hidden_cards_are_counted_in_the_plan_by_reason_and_never_shown(planned):
    workshop, console, *_, cards = planned
    console.send("hide_card", {"card_id": cards["tank"], "category": "offensive", "reason": "x"})
    console.send("publish_plan", {})
    public = workshop.http.get(f"/api/workshops/{workshop.code}/plan.json").json
    assert public["hidden"] == {"count": 1, "by_category": {"offensive": 1}}
    page = workshop.http.get(f"/p/{workshop.code}").get_data(as_text=True)
    assert "La persona facilitadora ocultó 1 aportes: ofensiva 1." in page
    assert "Un tanque comunitario" not in page


def test_a_withheld_role_is_said_in_words_on_the_public_page(planned):
    workshop, console, *_ = planned
    console.send("publish_plan", {})
    page = workshop.http.get(f"/p/{workshop.code}").get_data(as_text=True)
    # One citizen and one official voted: neither is shown per option, and the page says so.
    assert "menos de 3 personas: no se muestran" in page
    assert "Registro de cambios" in page
