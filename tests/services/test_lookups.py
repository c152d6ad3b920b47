"""Finding a workshop's things: what is hidden, merged away or elsewhere is simply not there."""

import pytest

from tests.services.hall import Hall
from workshop import services
from workshop.domain.commands import CreateCluster, HideCard, MergeClusters
from workshop.domain.errors import NotFound
from workshop.services.lookups import commitment_by_id, live_cluster, visible_card


def test_a_hidden_card_and_a_card_of_another_hall_are_not_found(hall):
    hall.phase("ideas")
    kept, hidden = hall.idea("Cisterna comunitaria"), hall.idea("texto fuera de lugar")
    services.hide_card(hall.facilitator, HideCard(hidden, "fuera de tema"))
    elsewhere = Hall()

    assert visible_card(hall.facilitator, kept).text == "Cisterna comunitaria"
    with pytest.raises(NotFound, match="card"):
        visible_card(hall.facilitator, hidden)
    with pytest.raises(NotFound, match="card"):
        visible_card(elsewhere.facilitator, kept)


def test_a_group_merged_into_another_is_no_longer_found(hall):
    hall.phase("ideas")
    pipes, tank = hall.idea("Reparar la tubería"), hall.idea("Cisterna")
    water = services.create_cluster(hall.facilitator, CreateCluster("Agua", (pipes,), None))
    tanks = services.create_cluster(hall.facilitator, CreateCluster("Tanques", (tank,), None))
    water_id, tanks_id = water.result["cluster"]["id"], tanks.result["cluster"]["id"]
    services.merge_clusters(hall.facilitator, MergeClusters(water_id, (tanks_id,)))

    assert live_cluster(hall.facilitator, water_id).title == "Agua"
    with pytest.raises(NotFound, match="group"):
        live_cluster(hall.facilitator, tanks_id)


def test_a_commitment_of_another_hall_is_not_found(hall):
    hall.phase("ideas")
    card_id = hall.idea("Huertos urbanos en la escuela")
    hall.phase("vote")
    hall.vote(hall.join(), card_id)
    hall.phase("plan")
    drafted = services.plan_data(services.workshop_of(hall.facilitator))["commitments"][0]

    assert commitment_by_id(hall.facilitator, drafted["id"]).title == drafted["title"]
    with pytest.raises(NotFound, match="commitment"):
        commitment_by_id(Hall().facilitator, drafted["id"])
