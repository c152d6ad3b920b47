"""A workshop driven straight through the services, for the tests of each service module."""

import threading
import uuid

from workshop import services
from workshop.domain.commands import CreateWorkshop, Join, PostCard, SetPhase, VoteTarget
from workshop.domain.errors import BudgetExhausted
from workshop.extensions import db
from workshop.models import Workshop


class Hall:
    """A workshop driven straight through the services, as the socket layer would."""

    def __init__(self, votes: int = 3) -> None:
        created = services.create_workshop(
            CreateWorkshop(
                "Presupuesto participativo", "Tlacolula", "¿Qué hacemos primero?", "es", votes
            ),
            "Equipo facilitador",
        )
        self.code = created.code
        self.facilitator = services.authenticate(created.code, created.facilitator_token)
        self.screen = services.authenticate(created.code, created.screen_token)

    def join(self, name: str = "Rosa", role: str = "citizen") -> services.Actor:
        joined = services.join(self.code, Join(name, role), lambda word: word)
        return services.authenticate(self.code, joined.token)

    def phase(self, phase: str) -> services.Outcome:
        return services.set_phase(self.facilitator, SetPhase(phase, None))

    def idea(self, text: str, actor: services.Actor | None = None) -> int:
        outcome = services.post_card(
            actor or self.facilitator, PostCard("idea", text, None, str(uuid.uuid4()))
        )
        return outcome.result["card"]["id"]

    def vote(self, actor: services.Actor, card_id: int) -> services.Outcome:
        return services.cast_vote(actor, VoteTarget(card_id, None, str(uuid.uuid4())))


def vote_from_two_connections(app, hall: Hall, voter, card_id: int, attempts: int) -> list[str]:
    """One person voting from two tabs at the same instant, each on its own connection."""
    start = threading.Barrier(2)
    results: list[str] = []

    def tab() -> None:
        with app.app_context():
            start.wait()
            for _ in range(attempts):
                try:
                    hall.vote(voter, card_id)
                    results.append("ok")
                except BudgetExhausted:
                    results.append("exhausted")

    tabs = [threading.Thread(target=tab) for _ in range(2)]
    for t in tabs:
        t.start()
    for t in tabs:
        t.join()
    return results


def more_people(workshop, people):
    """Enough citizens and officials that each role's votes hide among three people."""
    people.update(
        {
            name: workshop.join(name.title(), role)
            for name, role in (("pedro", "citizen"), ("marta", "official"), ("luis", "official"))
        }
    )
    return people


def bearer(workshop, token=None):
    return {"Authorization": f"Bearer {token or workshop.facilitator_token}"}


def plan_of(hall: Hall) -> dict:
    return services.plan_data(db.session.get(Workshop, hall.facilitator.workshop_id))
