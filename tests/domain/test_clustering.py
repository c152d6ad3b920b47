"""Suggested clusters: the facilitator asks for groups after the ideas phase."""

import csv
import json
import math
import random
from collections import Counter
from pathlib import Path

import pytest

from workshop.domain import clustering
from workshop.domain.clustering import Suggestion, load_lexicon, suggest_clusters

DATA = Path(__file__).resolve().parent.parent / "data"


def group_of(suggestions: list[Suggestion], card_id: int) -> Suggestion | None:
    return next((s for s in suggestions if card_id in s.card_ids), None)


def together(suggestions: list[Suggestion], *card_ids: int) -> bool:
    group = group_of(suggestions, card_ids[0])
    return group is not None and all(card_id in group.card_ids for card_id in card_ids)


def test_the_issues_two_ideas_join_others_of_their_theme():
    room = [
        (1, "la tuberia se rompe a cada rato"),
        (2, "la pipa no llega desde el lunes"),
        (3, "no hay donde jugar pa los patojos"),
        (4, "arreglen los columpios del parque"),
    ]
    suggestions = suggest_clusters(room)
    assert group_of(suggestions, 1) == Suggestion("Agua y drenaje", (1, 2))
    assert group_of(suggestions, 3) == Suggestion("Parques y espacios públicos", (3, 4))


def test_ideas_that_share_no_words_land_together():
    room = [
        (10, "la tuberia se rompe a cada rato"),
        (11, "el desague de la esquina huele horrible"),
        (12, "SOLO NOS DAN AGUA 2 HORAS"),
        (20, "se robaron 3 motos esta semana"),
        (21, "q pongan luminarias, todo oscuro"),
        (22, "los mareros cobran renta a las tiendas"),
    ]
    words = [
        set(clustering.fold(text).split()) - {"la", "de", "el", "a", "se", "q", "las", "los"}
        for _, text in room
    ]
    assert not words[0] & words[1] and not words[3] & words[4]  # the premise of the test
    suggestions = suggest_clusters(room)
    assert together(suggestions, 10, 11, 12)
    assert together(suggestions, 20, 21, 22)
    assert not together(suggestions, 10, 20)


def test_misspelled_shouted_and_accentless_ideas_are_read_alike():
    room = [
        (1, "VASURA x todos lados!!!"),
        (2, "q rekojan la basura xfa"),
        (3, "el camion recolector no pasa"),
        (4, "la tubreia de la calle esta rota"),
        (5, "Tubería nueva para la colonia"),
    ]
    suggestions = suggest_clusters(room)
    assert together(suggestions, 1, 2, 3)
    assert together(suggestions, 4, 5)


def test_regional_words_from_across_latin_america_are_understood():
    room = [
        (1, "los tombos nunca pasan x aca"),  # Peru
        (2, "mucho malandro en la esquina"),  # Venezuela
        (3, "la combi cobra lo que quiere"),  # Peru, Mexico
        (4, "el colectivo 42 no entra al barrio"),  # Argentina
        (5, "la guagua pasa llena"),  # Caribbean
        (6, "no hay chamba pa los jovenes"),  # Mexico, Peru
        (7, "falta laburo en el barrio"),  # Argentina
    ]
    suggestions = suggest_clusters(room)
    assert together(suggestions, 1, 2)
    assert together(suggestions, 3, 4, 5)
    assert together(suggestions, 6, 7)


def test_a_place_in_the_idea_does_not_decide_its_theme():
    room = [
        (1, "asaltan en el paradero de la combi"),
        (2, "venden droga afuera del liceo"),
        (3, "pongan tachos en la plaza central"),
        (4, "hay un basural atras de la cancha"),
    ]
    suggestions = suggest_clusters(room)
    assert group_of(suggestions, 1).title == "Seguridad y alumbrado"
    assert together(suggestions, 1, 2)
    assert group_of(suggestions, 3).title == "Basura y reciclaje"
    assert together(suggestions, 3, 4)


def test_an_english_workshop_gets_english_titles():
    room = [
        (1, "the standpipe has been dry since Monday"),
        (2, "fix the burst pipe on Main street"),
        (3, "bandits robbed two shops last week"),
        (4, "more police patrols at night"),
    ]
    suggestions = suggest_clusters(room, locale="en")
    assert group_of(suggestions, 1) == Suggestion("Water and drainage", (1, 2))
    assert group_of(suggestions, 3) == Suggestion("Safety and street lighting", (3, 4))


def test_spanish_ideas_in_an_english_workshop_still_find_their_theme():
    room = [(1, "no water in the standpipe"), (2, "la tuberia esta rota")]
    assert suggest_clusters(room, locale="en") == [Suggestion("Water and drainage", (1, 2))]


def test_the_same_ideas_always_give_the_same_suggestions_whatever_their_order():
    room = [(i, text) for i, (_, text) in enumerate(read("ideas_es_tuning.csv")[:60], start=1)]
    first = suggest_clusters(room)
    shuffled = room[:]
    random.Random(7).shuffle(shuffled)
    assert suggest_clusters(room) == first
    assert suggest_clusters(shuffled) == first


def test_an_idea_alone_in_its_theme_stays_on_the_board_for_the_facilitator():
    room = [(1, "la tuberia esta rota"), (2, "no llega el agua"), (3, "mas ciclovias")]
    assert suggest_clusters(room) == [Suggestion("Agua y drenaje", (1, 2))]


def test_ideas_on_a_theme_the_lexicon_does_not_know_are_grouped_by_their_shared_word():
    room = [
        (1, "arreglen el cementerio"),
        (2, "el cementerio no tiene muro"),
        (3, "mas nichos en el cementerio municipal"),
    ]
    assert suggest_clusters(room) == [Suggestion("Cementerio", (1, 2, 3))]


def test_emoji_count_as_words():
    room = [
        (1, "💧💧💧"),
        (2, "no hay agua desde ayer"),
        (3, "🚌 🚌 mas rutas"),
        (4, "el micro no pasa"),
    ]
    suggestions = suggest_clusters(room)
    assert together(suggestions, 1, 2)
    assert together(suggestions, 3, 4)


@pytest.mark.parametrize(
    "room",
    [
        [],
        [(1, "agua")],
        [(1, ""), (2, "   "), (3, "😀"), (4, "!!!"), (5, "a"), (6, "x" * 10_000)],
        [(1, None), (2, 42), (3, "agua"), (4, "agua")],
        [(None, "agua"), ("5", "agua"), (True, "agua"), 7, None, (1, 2, 3), "agua"],
        [(1, "agua"), (1, "basura"), (2, "tuberia")],
    ],
)
def test_odd_rooms_never_break_the_suggestions(room):
    suggestions = suggest_clusters(room)
    seen = [card_id for s in suggestions for card_id in s.card_ids]
    assert len(seen) == len(set(seen))
    for suggestion in suggestions:
        assert 1 <= len(suggestion.title) <= 120
        assert len(suggestion.card_ids) >= 2
        assert list(suggestion.card_ids) == sorted(suggestion.card_ids)


def test_something_that_is_not_a_list_of_ideas_gives_no_suggestions():
    assert suggest_clusters(None) == []  # type: ignore[arg-type]
    assert suggest_clusters("agua agua") == []


def test_a_repeated_id_counts_once_with_its_first_text():
    room = [(1, "agua"), (1, "basura"), (2, "tuberia")]
    assert suggest_clusters(room) == [Suggestion("Agua y drenaje", (1, 2))]


def test_a_municipality_adds_its_own_theme_without_touching_code(tmp_path, monkeypatch):
    for path in clustering.THEMES_DIR.glob("*.json"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    local = {
        "themes": {
            "vivienda": {
                "title": {"es": "Vivienda", "en": "Housing"},
                "terms": ["vivienda*", "casas propias", "lote*", "escrituras", "titulos"],
            },
            "agua": {"terms": ["jagüey"]},
        }
    }
    (tmp_path / "local.json").write_text(json.dumps(local), encoding="utf-8")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(clustering, "THEMES_DIR", tmp_path)
    room = [
        (1, "viviendas dignas pa las familias"),
        (2, "q entreguen los lotes"),
        (3, "el jagüey esta seco"),
        (4, "no hay agua"),
    ]
    assert suggest_clusters(room) == [
        Suggestion("Agua y drenaje", (3, 4)),
        Suggestion("Vivienda", (1, 2)),
    ]


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_lexicon_files_say_what_they_mean(language):
    data = json.loads((clustering.THEMES_DIR / f"{language}.json").read_text(encoding="utf-8"))
    stopwords = load_lexicon(clustering.THEMES_DIR, language).stopwords
    for theme, entry in data["themes"].items():
        assert entry["title"]["es"] and entry["title"]["en"], theme
        for term in entry["terms"] + entry.get("weak", []):
            if " " in term:
                continue
            if term.endswith("*"):  # a beginning too short would match half the dictionary
                assert len(clustering._term_key(term)) > clustering.PREFIX_MIN_LEN, term
            else:  # a stopword wins over a lexicon word, so the word would never count
                assert clustering.sound(clustering.fold(term)) not in stopwords, term


# --- Against the labelled ideas: a regression in quality fails CI ---------------------------


def read(name: str) -> list[tuple[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return [(row["theme"], row["text"]) for row in csv.DictReader(f)]


def adjusted_rand_index(truth: list[str], predicted: list[str]) -> float:
    pairs = sum(math.comb(n, 2) for n in Counter(zip(truth, predicted, strict=True)).values())
    truth_pairs = sum(math.comb(n, 2) for n in Counter(truth).values())
    predicted_pairs = sum(math.comb(n, 2) for n in Counter(predicted).values())
    expected = truth_pairs * predicted_pairs / math.comb(len(truth), 2)
    best = (truth_pairs + predicted_pairs) / 2
    return (pairs - expected) / (best - expected)


def ari_of_suggestions(name: str, locale: str) -> float:
    rows = read(name)
    suggestions = suggest_clusters([(i, text) for i, (_, text) in enumerate(rows)], locale)
    label = {card_id: s.title for s in suggestions for card_id in s.card_ids}
    predicted = [label.get(i, f"left out {i}") for i in range(len(rows))]  # alone: no pairs
    return adjusted_rand_index([theme for theme, _ in rows], predicted)


def test_held_out_ideas_are_grouped_as_a_facilitator_would():
    assert ari_of_suggestions("ideas_es_heldout.csv", "es") >= 0.5


def test_english_ideas_are_grouped_as_a_facilitator_would():
    assert ari_of_suggestions("ideas_en.csv", "en") >= 0.5
