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
