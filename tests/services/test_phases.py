"""Moving through the phases: what closing the vote and entering the plan set going."""


def test_closing_the_vote_freezes_the_ranking(open_hall):
    workshop, console, themes, people = open_hall()
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


def test_entering_the_plan_reveals_hidden_results(open_hall):
    workshop, console, themes, people = open_hall(results="hidden")
    console.move_to("vote")
    people["rosa"].vote(cluster_id=themes["Agua"])
    console.move_to("plan")
    assert workshop.snapshot()["tally"]["totals"]
