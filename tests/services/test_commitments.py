"""The action plan's commitments: drafted from the vote, edited together, merged, set aside."""


def test_a_workshop_that_prioritised_with_the_matrix_alone_still_gets_a_plan(open_hall):
    workshop, console, themes, people = open_hall(prioritization="matrix")
    console.move_to("vote")
    people["rosa"].send("rate_target", {"cluster_id": themes["Luz"], "impact": 3, "effort": 3})
    people["juan"].send("rate_target", {"cluster_id": themes["Agua"], "impact": 5, "effort": 2})
    console.move_to("plan")
    titles = [c["title"] for c in workshop.snapshot()["commitments"]]
    assert titles == ["Agua", "Luz"]  # the quick win first; the unrated theme not at all
