"""What a sceptic checks after the workshop: hidden words gone everywhere, nothing else blanked,
every confirmation and reveal in the record, and a setting that does what it says."""

import json

from tests.services.hall import bearer


def links_of(workshop):
    return workshop.http.get(f"/api/workshops/{workshop.code}/links", headers=bearer(workshop)).json


def plan_json(workshop, token=None):
    return workshop.http.get(
        f"/api/workshops/{workshop.code}/plan.json", headers=bearer(workshop, token)
    ).json


LONG = "INSULTO contra Juan Perez " + "x" * 200


def test_a_citizen_who_types_the_officials_code_edits_the_plan_from_the_same_phone(planned):
    workshop, console, _, _, commitments, _ = planned
    code = links_of(workshop)["role_codes"]["official"]
    pipes = next(iter(commitments.values()))
    pedro = workshop.join("Pedro", "citizen")
    pedro.wait_for("state")
    claimed = pedro.send("claim_role", {"role_code": code})
    assert claimed["ok"] and claimed["me"]["verified"] is True
    edit = {"commitment_id": pipes["id"], "fields": {"lead": "Oficina de Pedro"}}
    answer = pedro.send("update_commitment", edit)
    assert answer.get("ok"), answer


def test_joining_with_a_role_code_is_a_recorded_confirmation(open_workshop):
    workshop = open_workshop()
    code = links_of(workshop)["role_codes"]["official"]
    joined = workshop.http.post(
        f"/api/workshops/{workshop.code}/participants",
        json={"name": "Ana", "consent": True, "role_code": code},
    ).json
    assert joined["verified"] is True
    changes = plan_json(workshop)["changes"]
    assert any(
        c["action"] == "role.confirmed" and c["subject"]["id"] == joined["participant_id"]
        for c in changes
    ), changes


def test_publishing_reveals_hidden_results_and_the_record_says_so(open_workshop):
    workshop = open_workshop(results="hidden")
    console = workshop.facilitator()
    console.move_to("ideas")
    rosa = workshop.join("Rosa")
    card = rosa.post_idea("una idea")["card"]["id"]
    console.move_to("vote")
    rosa.vote(card_id=card)
    assert console.send("publish_plan", {})["ok"]
    assert workshop.snapshot()["workshop"]["results_revealed"] is True
    actions = [c["action"] for c in plan_json(workshop)["changes"]]
    assert "results.revealed" in actions, actions


def test_results_set_back_to_hidden_before_any_vote_stay_hidden(open_workshop):
    workshop = open_workshop(results="hidden")
    console = workshop.facilitator()
    console.send("reveal_results", {})
    console.send("update_settings", {"results": "live"})
    r = console.send("update_settings", {"results": "hidden"})
    assert r["ok"]
    assert r["workshop"]["results"] == "hidden"
    console.move_to("ideas")
    rosa = workshop.join("Rosa")
    card = rosa.post_idea("una idea")["card"]["id"]
    console.move_to("vote")
    ana = workshop.join("Ana")
    ana.vote(card_id=card)
    screen = workshop.screen()
    assert screen.wait_for("state")["tally"]["hidden"] is True
    assert all(t["totals"] == [] for t in screen.received("tally")), screen.received("tally")
    assert workshop.snapshot()["tally"]["totals"] == []


def test_a_long_hidden_card_leaves_no_words_in_the_record_even_cut_to_a_title(open_workshop):
    workshop = open_workshop()
    console = workshop.facilitator()
    console.move_to("ideas")
    rosa = workshop.join("Rosa")
    card = rosa.post_idea(LONG)["card"]["id"]
    console.move_to("vote")
    rosa.vote(card_id=card)
    console.move_to("plan")
    assert console.send("hide_card", {"card_id": card, "reason": "insulto"})["ok"]
    blob = json.dumps(plan_json(workshop))
    assert "INSULTO" not in blob, [
        c for c in plan_json(workshop)["changes"] if "INSULTO" in json.dumps(c)
    ]


def test_a_hidden_card_on_two_lines_leaves_no_words_in_the_record(open_workshop):
    workshop = open_workshop()
    console = workshop.facilitator()
    console.move_to("ideas")
    rosa = workshop.join("Rosa")
    card = rosa.post_idea("INSULTO\ncontra Juan")["card"]["id"]
    console.move_to("vote")
    rosa.vote(card_id=card)
    console.move_to("plan")
    assert console.send("hide_card", {"card_id": card, "reason": "insulto"})["ok"]
    data = plan_json(workshop)
    leaks = [c for c in data["changes"] if "INSULTO" in json.dumps(c)]
    assert not leaks, leaks
    history = console.send("hidden_cards", {})
    assert history["ok"]


def test_a_group_named_after_a_hidden_card_loses_that_name(open_workshop):
    workshop = open_workshop()
    console = workshop.facilitator()
    console.move_to("ideas")
    rosa, ana = workshop.join("Rosa"), workshop.join("Ana")
    bad = rosa.post_idea("INSULTO contra Juan Perez, el del agua")["card"]["id"]
    mine = ana.post_idea("arreglar la fuga")["card"]["id"]
    console.move_to("cluster")
    p = ana.send("propose_grouping", {"card_id": mine, "with_card_id": bad})
    assert p["ok"], p
    assert console.send("resolve_proposal", {"proposal_id": p["proposal"]["id"], "accept": True})[
        "ok"
    ]
    assert console.send("hide_card", {"card_id": bad, "reason": "insulto"})["ok"]
    snap = workshop.snapshot()
    assert "INSULTO" not in json.dumps(snap), snap["clusters"]


def test_a_group_made_by_accepting_a_proposal_is_recorded(open_workshop):
    workshop = open_workshop()
    console = workshop.facilitator()
    console.move_to("ideas")
    rosa, ana = workshop.join("Rosa"), workshop.join("Ana")
    a = rosa.post_idea("idea uno")["card"]["id"]
    b = ana.post_idea("idea dos")["card"]["id"]
    console.move_to("cluster")
    p = ana.send("propose_grouping", {"card_id": b, "with_card_id": a})
    console.send("resolve_proposal", {"proposal_id": p["proposal"]["id"], "accept": True})
    actions = [c["action"] for c in plan_json(workshop)["changes"]]
    assert "cluster.created" in actions, actions


def test_a_card_hidden_after_publishing_leaves_no_words_in_the_published_version(open_workshop):
    workshop = open_workshop()
    console = workshop.facilitator()
    console.move_to("ideas")
    rosa, ana = workshop.join("Rosa"), workshop.join("Ana")
    bad = rosa.post_idea("INSULTO contra Juan Perez")["card"]["id"]
    mine = ana.post_idea("arreglar la fuga")["card"]["id"]
    other = ana.post_idea("otra cosa")["card"]["id"]
    console.move_to("cluster")
    p = ana.send("propose_grouping", {"card_id": mine, "with_card_id": bad})
    console.send("resolve_proposal", {"proposal_id": p["proposal"]["id"], "accept": True})
    console.send("create_cluster", {"title": "Otra", "card_ids": [other]})
    console.move_to("vote")
    rosa.vote(cluster_id=workshop.snapshot()["clusters"][1]["id"])
    console.move_to("plan")
    assert console.send("publish_plan", {})["ok"]
    assert console.send("hide_card", {"card_id": bad, "reason": "insulto"})["ok"]
    published = workshop.http.get(f"/api/workshops/{workshop.code}/plan.json?version=1").json
    where = [k for k, v in published.items() if "INSULTO" in json.dumps(v)]
    assert not where, (where, published.get("ranking"))
    assert published["hidden"]["count"] == 1, published["hidden"]


def test_a_card_hidden_after_publishing_is_counted_among_the_hidden(open_workshop):
    workshop = open_workshop()
    console = workshop.facilitator()
    console.move_to("ideas")
    rosa = workshop.join("Rosa")
    bad = rosa.post_idea("cosa fea")["card"]["id"]
    good = rosa.post_idea("cosa buena")["card"]["id"]
    console.move_to("vote")
    rosa.vote(card_id=good)
    console.move_to("plan")
    console.send("publish_plan", {})
    console.send("hide_card", {"card_id": bad, "reason": "x", "category": "offensive"})
    published = workshop.http.get(f"/api/workshops/{workshop.code}/plan.json?version=1").json
    assert len(published["contributions"]) == 1
    assert published["hidden"]["count"] == 1, published["hidden"]


def test_a_short_hidden_card_does_not_blank_the_same_word_in_other_texts(open_workshop):
    workshop = open_workshop()
    console = workshop.facilitator()
    console.move_to("ideas")
    rosa = workshop.join("Rosa")
    good = rosa.post_idea("Agua potable para la escuela")["card"]["id"]
    bad = rosa.post_idea("agua")["card"]["id"]
    console.move_to("vote")
    rosa.vote(card_id=good)
    console.move_to("plan")
    commitment = workshop.snapshot()["commitments"][0]
    console.send(
        "update_commitment",
        {"commitment_id": commitment["id"], "fields": {"lead": "Dirección de agua potable"}},
    )
    console.send("hide_card", {"card_id": bad, "reason": "repetida", "category": "repeated"})
    changes = plan_json(workshop)["changes"]
    edited = [c for c in changes if c["action"] == "commitment.edited"][0]
    assert edited["after"] == "Dirección de agua potable", edited
