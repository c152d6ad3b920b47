"""Fixtures for the services' tests: halls driven through the use cases or through sockets."""

import pytest

from tests.services.hall import Hall


@pytest.fixture
def hall(app):
    with app.app_context():
        yield Hall()


@pytest.fixture
def open_hall(open_workshop):
    """Three themes on the wall and a room of citizens, officials and civil society."""

    def themed_hall(**settings):
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

    return themed_hall


@pytest.fixture
def planned(open_workshop):
    """A workshop that has voted and entered the plan phase, with two drafted commitments."""
    workshop = open_workshop("Agua para San José")
    console = workshop.facilitator()
    console.move_to("ideas")
    rosa, juan = workshop.join("Rosa"), workshop.join("Juan", "official")
    console.send("confirm_role", {"participant_id": juan.participant_id, "confirmed": True})
    pipes = rosa.post_idea("Reparar la cañería del barrio Año Nuevo")["card"]["id"]
    tank = juan.post_idea("Un tanque comunitario")["card"]["id"]
    console.move_to("vote")
    rosa.vote(card_id=pipes)
    juan.vote(card_id=tank)
    console.move_to("plan")
    commitments = {c["title"]: c for c in workshop.snapshot()["commitments"]}
    return workshop, console, rosa, juan, commitments, {"pipes": pipes, "tank": tank}


@pytest.fixture
def wall(open_workshop):
    """A workshop after the ideas phase, with a facilitator, a projector and two phones."""
    workshop = open_workshop(votes_per_participant=5)
    console = workshop.facilitator()
    console.move_to("ideas")
    rosa, juan = workshop.join("Rosa"), workshop.join("Juan", "official")
    ideas = {
        text: phone.post_idea(text)["card"]["id"]
        for phone, text in (
            (rosa, "la tuberia se rompe a cada rato"),
            (juan, "arreglar la fuga de la calle morelos"),
            (rosa, "no hay donde jugar pa los patojos"),
            (juan, "una cancha en la colonia"),
            (rosa, "lamparas en la cuadra 5"),
        )
    }
    screen = workshop.screen()
    return workshop, console, screen, rosa, juan, ideas
