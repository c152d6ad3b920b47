"""The facilitation's written answers: why a theme or a card was, or was not, taken up."""

from workshop.domain.commands import Respond
from workshop.services.grouping import cluster_updated
from workshop.services.lookups import live_cluster, visible_card
from workshop.services.payloads import card_payload, cluster_payload
from workshop.services.record import record
from workshop.services.transaction import (
    Actor,
    Outcome,
    commit_once,
    require_facilitator,
    store_event,
)


def respond(actor: Actor, cmd: Respond) -> Outcome:
    """Write (or rewrite, or take back) the answer the published plan shows its authors."""

    def apply() -> Outcome:
        require_facilitator(actor)
        text = cmd.text or None
        if cmd.card_id is not None:
            card = visible_card(actor, cmd.card_id)
            if card.response == text:
                return Outcome({"card": card_payload(card)})
            record(actor, "response.written", "card", card.id, before=card.response, after=text)
            card.response = text
            event = store_event(actor, "card_updated", {"card": card_payload(card)})
            return Outcome({"card": event.payload["card"]}, [event])
        cluster = live_cluster(actor, cmd.cluster_id)  # type: ignore[arg-type]
        if cluster.response == text:
            return Outcome({"cluster": cluster_payload(cluster)})
        record(
            actor, "response.written", "cluster", cluster.id, before=cluster.response, after=text
        )
        cluster.response = text
        event = cluster_updated(actor, cluster.id)
        return Outcome({"cluster": event.payload["cluster"]}, [event])

    return commit_once(actor, "respond", None, apply)
