"""The use cases of a workshop, one module per area: the only place that commits.

Entry points (sockets.py, views/, export/) import what they call from this package:

    joining      creating a workshop, joining it, and the tokens and codes that say who is who
    people       confirming roles, the console's people list, co-facilitators
    cards        posting problems and ideas, hiding one and bringing it back
    grouping     groups of ideas, duplicates folded together, suggested themes
    proposals    participants' proposals of where their own cards go
    voting       the voting settings, and each dot or rating checked and stored
    results      how the votes add up: the tally each audience sees, the ranking, the freeze
    phases       moving through the phases, and what entering or leaving one sets going
    commitments  the action plan's commitments: drafted, edited together, merged, set aside
    responses    the facilitation's answers: why a theme or card was or was not taken up
    publishing   numbered versions of the plan that anyone may read
    reading      the state a device starts from, what it missed, and the plan document
    record       the append-only record of every change: who, when, from what to what

Below them, and shared by all: transaction (who acts, one commit per command, receipts,
events and seq), lookups (finding a workshop's things) and payloads (the wire shapes).
"""

from workshop.services.cards import (
    edit_card,
    hidden_cards,
    hide_card,
    post_card,
    post_paper_notes,
    unhide_card,
    withdraw_card,
)
from workshop.services.commitments import (
    add_commitment,
    commitment_history,
    drop_commitment,
    merge_commitments,
    restore_field,
    update_commitment,
)
from workshop.services.grouping import (
    create_cluster,
    dissolve_cluster,
    mark_duplicate,
    merge_clusters,
    move_card,
    move_cards,
    rename_cluster,
    suggest_clusters,
)
from workshop.services.joining import (
    Created,
    Joined,
    authenticate,
    create_workshop,
    hash_token,
    join,
    role_codes,
    screen_token_for,
    store_role_codes,
    workshop_by_code,
    workshop_links,
)
from workshop.services.payloads import (
    card_payload,
    commitment_payload,
    iso,
    proposal_payload,
    workshop_payload,
)
from workshop.services.people import (
    claim_role,
    confirm_role,
    invite_cofacilitator,
    is_revoked,
    people_of,
    revoke_cofacilitator,
)
from workshop.services.phases import set_phase, set_timer
from workshop.services.proposals import propose_grouping, resolve_proposal
from workshop.services.publishing import (
    plan_versions,
    publish_plan,
    published_digest,
    published_plan,
)
from workshop.services.reading import (
    events_since,
    joined_by_role,
    lobby_names,
    me_for,
    participant_me,
    plan_data,
    state_for,
)
from workshop.services.record import changes_of
from workshop.services.responses import respond
from workshop.services.results import tally_for, tally_view
from workshop.services.settings import (
    set_joining,
    set_screen_names,
    set_screen_results,
    set_time_zone,
)
from workshop.services.transaction import Actor, Broadcast, Outcome, workshop_of
from workshop.services.voting import (
    cast_vote,
    paper_votes_log,
    rate_target,
    retract_vote,
    reveal_results,
    set_paper_votes,
    update_settings,
)

__all__ = [
    "Actor",
    "Broadcast",
    "Outcome",
    "Created",
    "Joined",
    "hash_token",
    "screen_token_for",
    "create_workshop",
    "join",
    "workshop_by_code",
    "authenticate",
    "workshop_links",
    "role_codes",
    "store_role_codes",
    "confirm_role",
    "claim_role",
    "invite_cofacilitator",
    "revoke_cofacilitator",
    "people_of",
    "is_revoked",
    "workshop_of",
    "post_card",
    "post_paper_notes",
    "hide_card",
    "unhide_card",
    "edit_card",
    "withdraw_card",
    "hidden_cards",
    "cast_vote",
    "retract_vote",
    "rate_target",
    "update_settings",
    "reveal_results",
    "paper_votes_log",
    "set_paper_votes",
    "set_screen_names",
    "set_screen_results",
    "set_time_zone",
    "set_joining",
    "set_phase",
    "set_timer",
    "create_cluster",
    "move_card",
    "move_cards",
    "rename_cluster",
    "merge_clusters",
    "dissolve_cluster",
    "mark_duplicate",
    "suggest_clusters",
    "propose_grouping",
    "resolve_proposal",
    "update_commitment",
    "restore_field",
    "commitment_history",
    "add_commitment",
    "merge_commitments",
    "drop_commitment",
    "publish_plan",
    "respond",
    "published_plan",
    "published_digest",
    "plan_versions",
    "state_for",
    "me_for",
    "participant_me",
    "events_since",
    "tally_for",
    "tally_view",
    "joined_by_role",
    "lobby_names",
    "plan_data",
    "iso",
    "workshop_payload",
    "card_payload",
    "commitment_payload",
    "changes_of",
    "proposal_payload",
]
