"""Publishing the plan: numbered versions anyone may read, which keep nothing hidden."""

from tests.services.hall import bearer


def test_publishing_freezes_numbered_versions_that_anyone_may_read(planned):
    workshop, console, _, _, commitments, _ = planned
    http = workshop.http
    unpublished = http.get(f"/api/workshops/{workshop.code}/plan.json")
    assert unpublished.status_code == 401
    first = console.send("publish_plan", {})
    assert first["version"] == 1 and first["url"] == f"/p/{workshop.code}"
    pipes = commitments["Reparar la cañería del barrio Año Nuevo"]
    console.send(
        "update_commitment", {"commitment_id": pipes["id"], "fields": {"lead": "Obras Públicas"}}
    )
    assert console.send("publish_plan", {})["version"] == 2

    latest = http.get(f"/api/workshops/{workshop.code}/plan.json").json
    assert latest["status"] == "published" and latest["version"] == 2
    v1 = http.get(f"/api/workshops/{workshop.code}/plan.json?version=1").json
    assert next(c for c in v1["commitments"] if c["id"] == pipes["id"])["lead"] == ""
    assert http.get(f"/api/workshops/{workshop.code}/plan.json?version=9").status_code == 404
    draft = http.get(f"/api/workshops/{workshop.code}/plan.json", headers=bearer(workshop)).json
    assert draft["status"] == "draft"
    md = http.get(f"/api/workshops/{workshop.code}/plan.md?version=1")
    assert md.status_code == 200 and "Reparar la cañería" in md.get_data(as_text=True)


def test_a_card_hidden_after_publishing_leaves_the_published_versions_too(planned):
    workshop, console, _, _, commitments, cards = planned
    console.send("publish_plan", {})
    console.send("hide_card", {"card_id": cards["pipes"], "reason": "datos personales"})
    published = workshop.http.get(f"/api/workshops/{workshop.code}/plan.json?version=1").json
    assert "cañería" not in str(published)
    assert all(c["id"] != cards["pipes"] for c in published["contributions"])
    assert all("participant_id" not in c["author"] for c in published["contributions"])
    page = workshop.http.get(f"/p/{workshop.code}").get_data(as_text=True)
    assert "cañería" not in page
