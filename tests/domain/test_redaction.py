"""A hidden card's words leave every quote of them, and only those."""

from workshop.domain.redaction import Redactor, without_card

GONE = "[oculto]"


def test_a_hidden_text_is_found_across_line_breaks_and_cut_to_a_title():
    insult = "INSULTO contra Juan Pérez, el del agua" + " y más" * 40
    redact = Redactor([insult], GONE)
    title = " ".join(insult.split())[:199].rstrip() + "…"  # as a commitment title is drafted
    assert redact(title) == GONE
    assert redact({"lines": ["- " + insult.replace(" ", "\n", 3)]}) == {"lines": [f"- {GONE}"]}


def test_a_short_hidden_text_goes_only_where_it_is_the_whole_value():
    redact = Redactor(["agua"], GONE)
    assert redact("agua") == GONE and redact("  agua ") == GONE
    assert redact("Dirección de agua potable") == "Dirección de agua potable"


def test_a_card_hidden_after_publishing_is_counted_and_its_quotes_go():
    plan = {
        "contributions": [
            {"id": 1, "text": "Cisterna comunitaria en la escuela"},
            {"id": 2, "text": "Cisterna comunitaria en la escuela", "outcome": {"kind": "same"}},
        ],
        "ranking": [{"type": "cluster", "id": 5, "title": "Cisterna comunitaria en la escuela"}],
        "commitments": [],
        "clusters": [],
        "hidden": {"count": 1, "by_category": {"offensive": 1}},
    }
    after = without_card(plan, 1, "Cisterna comunitaria en la escuela", "personal_data", GONE)
    # The other person who said the same words keeps them.
    assert [c["text"] for c in after["contributions"]] == ["Cisterna comunitaria en la escuela"]
    assert after["ranking"][0]["title"] == GONE
    assert after["hidden"] == {"count": 2, "by_category": {"offensive": 1, "personal_data": 1}}
