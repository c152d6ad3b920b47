"""Language choice and the protocol's error shape, in the workshop's language."""

import math

from flask import g, has_request_context, request
from flask_babel import force_locale, get_locale, gettext

from workshop.domain.errors import N_, CocreaError
from workshop.locales import DEFAULT_LOCALE, LOCALES

__all__ = ["DEFAULT_LOCALE", "LOCALES", "device_locale"]


def device_locale() -> str | None:
    """The language a phone chose for itself (`?lang=` once, then its cookie), if any."""
    asked = request.args.get("lang") or request.cookies.get("lang")
    return asked if asked in LOCALES else None


def select_locale() -> str:
    """The workshop's language on its pages; elsewhere the visitor's choice, Spanish first."""
    chosen = getattr(g, "locale", None)
    if chosen in LOCALES:
        return chosen
    asked = request.args.get("lang") or request.cookies.get("lang")
    if asked in LOCALES:
        return asked
    return request.accept_languages.best_match(LOCALES, default=DEFAULT_LOCALE)


def translate(message: str, locale: str | None = None, **params: object) -> str:
    """In the given language, else the page's (the workshop's, or the visitor's choice)."""
    if locale is None and has_request_context():
        locale = str(get_locale() or DEFAULT_LOCALE)
    with force_locale(locale or DEFAULT_LOCALE):
        return gettext(message, **params)


# What a facilitator calls each payload field, so messages never show raw keys.
FIELD_LABELS = {
    "title": N_("title"),
    "municipality": N_("municipality"),
    "question": N_("question"),
    "votes_per_participant": N_("votes per person"),
    "locale": N_("language"),
    "name": N_("name"),
    "role": N_("role"),
    "kind": N_("kind of card"),
    "text": N_("text"),
    "problem_id": N_("problem"),
    "card_id": N_("card"),
    "card_ids": N_("cards"),
    "cluster_id": N_("group"),
    "phase": N_("phase"),
    "duration_s": N_("timer"),
    "reason": N_("reason"),
    "commitment_id": N_("commitment"),
    "problem": N_("problem"),
    "description": N_("what will be done"),
    "lead": N_("lead office"),
    "start": N_("start date"),
    "end": N_("end date"),
    "milestones.title": N_("milestone"),
    "milestones.deliverable": N_("deliverable"),
    "milestones.date": N_("milestone date"),
    "milestones.responsible": N_("responsible"),
    "version": N_("version"),
    "last_seq": N_("last_seq"),
    "max_votes_per_target": N_("most votes on one option"),
    "vote_on": N_("what is voted on"),
    "results": N_("results on phones"),
    "results_revealed": N_("results shown on phones"),
    "screen_results": N_("results on the projector"),
    "screen_names": N_("first names on the projector"),
    "time_zone": N_("time zone"),
    "prioritization": N_("way to prioritise"),
    "impact": N_("impact"),
    "effort": N_("effort"),
    "into_cluster_id": N_("group"),
    "cluster_ids": N_("groups"),
    "duplicate_of": N_("original card"),
    "with_card_id": N_("other card"),
    "proposal_id": N_("proposal"),
    "current_situation": N_("current situation"),
    "benefit": N_("how it will help"),
    "values": N_("values"),
    "other_actors": N_("other actors"),
    "indicators": N_("indicators"),
    "budget": N_("budget"),
    "status": N_("status"),
    "milestones": N_("milestones"),
}


def field_label(field: str, locale: str | None = None) -> str:
    label = FIELD_LABELS.get(field)
    return translate(label, locale) if label else field


def error_body(error: CocreaError, locale: str | None) -> dict:
    params = dict(error.params)
    body = {"code": error.code, "message": ""}
    if "field" in params:
        body["field"] = str(params["field"])  # which field to point at, as the payload names it
        label = FIELD_LABELS.get(str(params["field"]))
        params["field"] = translate(label, locale) if label else params["field"]
    body["message"] = translate(error.message, locale, **params)
    retry_after = retry_after_seconds(error)
    if retry_after is not None:
        body["retry_after"] = retry_after
    return {"ok": False, "error": body}


def retry_after_seconds(error: CocreaError) -> int | None:
    """When a refused sender may try again, in whole seconds as HTTP's Retry-After, if known."""
    seconds = getattr(error, "retry_after_s", None)
    return None if seconds is None else max(1, math.ceil(seconds))


def retry_after_header(error: CocreaError) -> dict[str, str]:
    seconds = retry_after_seconds(error)
    return {} if seconds is None else {"Retry-After": str(seconds)}
