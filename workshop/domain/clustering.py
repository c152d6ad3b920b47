"""Suggested clusters: the room's ideas grouped into themes a facilitator accepts or edits.

Ideas typed on phones are short, informal and misspelled, and ideas on one theme often share
no words ("la tubería se rompe" and "no llega la pipa" are both about water). So the method
leans on knowledge, then on the room:

1. Every word is folded to a sound key (accents, case, b/v, s/z/c, ll/y, silent h, doubled
   letters and plural endings do not matter), so "vasura", "basuras" and "Basura" are one word.
2. A lexicon of municipal themes (`themes/*.json`, with regional words from across Latin
   America) scores each idea: whole words, word beginnings ("recicl*"), phrases ("policías
   acostados" is about traffic, not the police) and near misses one typo away.
3. Ideas still without a theme that share an unusual word become a group titled by that word.

A third step, letting words the lexicon does not know vote with the themes of the other ideas
that use them, is kept behind `Settings.room_words` for the bench: it measured no better.

Ideas that fit nothing are left out, so they stay ungrouped on the board for the facilitator:
a "miscellaneous" group would only have to be taken apart by hand. Everything is sorted, so
the same ideas always give the same suggestions. The method, its measurements and how to
extend the lexicon are in docs/clustering.md.
"""

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

THEMES_DIR = Path(__file__).with_name("themes")
TITLE_MAX = 120
FALLBACK_LANGUAGE = "es"
EVERY_LANGUAGE = "*"


@dataclass(frozen=True)
class Suggestion:
    title: str
    card_ids: tuple[int, ...]


@dataclass(frozen=True)
class Settings:
    """The knobs of the method; the bench turns steps off to measure what each one adds."""

    fuzzy: bool = True  # match lexicon words one typo away
    room_words: bool = False  # let the room's own words place ideas (measured: no gain)
    leftover_groups: bool = True  # group unplaced ideas that share an unusual word
    room_weight: float = 0.6  # how much the room's words count next to the lexicon
    min_score: float = 0.5  # an idea needs this much evidence to join a theme


DEFAULT_SETTINGS = Settings()


def suggest_clusters(ideas: Sequence[tuple[int, str]], locale: str = "es") -> list[Suggestion]:
    """Group ideas (id, text) into themes; ideas that fit nothing are left out."""
    return cluster_ideas(ideas, locale, DEFAULT_SETTINGS)


def cluster_ideas(
    ideas: Iterable[object], locale: str = "es", settings: Settings = DEFAULT_SETTINGS
) -> list[Suggestion]:
    """Suggest groups for the ideas, with the steps that `settings` turns on."""
    language = _language(locale)
    lexicon = load_lexicon(THEMES_DIR, language)
    cards = _cards(ideas, lexicon)
    if len(cards) < 2:
        return []
    scored = [_lexicon_scores(card.tokens, lexicon, settings) for card in cards]
    if any(not score for score, _ in scored):
        scored = _in_every_language(cards, scored, lexicon, settings)
    scores = [score for score, _ in scored]
    themes = [_best_theme(score, settings.min_score) for score in scores]
    if settings.room_words:
        unknown = [words for _, words in scored]
        themes = _with_room_words(unknown, scores, themes, settings)
    groups: dict[str, list[int]] = defaultdict(list)
    for card, theme in zip(cards, themes, strict=True):
        if theme is not None:
            groups[theme].append(card.id)
    suggestions = [
        Suggestion(lexicon.title(theme, language), tuple(sorted(ids)))
        for theme, ids in groups.items()
        if len(ids) >= 2
    ]
    if settings.leftover_groups:
        placed = {card_id for suggestion in suggestions for card_id in suggestion.card_ids}
        leftovers = [card for card in cards if card.id not in placed]
        suggestions += _leftover_groups(leftovers, _common_words(cards))
    return sorted(suggestions, key=lambda s: (-len(s.card_ids), s.title, s.card_ids))


# --- Words to sound keys -------------------------------------------------------------------

_SOUNDS = [
    (re.compile(r"([a-z])\1{2,}"), r"\1"),  # "muuuy" -> "muy"
    (re.compile(r"ch"), "x"),
    (re.compile(r"ll"), "y"),
    (re.compile(r"qu"), "k"),
    (re.compile(r"g(?=[ei])"), "j"),  # "gente" sounds like "jente"
    (re.compile(r"gu(?=[ei])"), "g"),  # "guerra" sounds like "gerra"
    (re.compile(r"c(?=[ei])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"z"), "s"),
    (re.compile(r"v"), "b"),
    (re.compile(r"h"), ""),
    (re.compile(r"y(?![aeiou])"), "i"),  # "hay" and "hai", "muy" and "mui"
    (re.compile(r"([a-qs-z])\1+"), r"\1"),  # "calle" and "cale"; but "perro" is no "pero"
]


def fold(text: str) -> str:
    """Lower case without accents: "Tubería" -> "tuberia", "niño" -> "nino"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65_536)  # a room says the same words again and again
def sound(word: str) -> str:
    """Spell a folded word as it sounds, so common misspellings meet: "vasura" -> "basura"."""
    for pattern, replacement in _SOUNDS:
        word = pattern.sub(replacement, word)
    return word


def stem(sounded: str) -> str:
    """Drop a plural and a final vowel: "tuberias", "tuberia" -> "tuberi"; "luces" -> "lus"."""
    if len(sounded) > 3 and sounded.endswith("s"):
        sounded = sounded[:-1]
    if len(sounded) > 3 and sounded[-1] in "aeo":
        sounded = sounded[:-1]
    return sounded


@dataclass(frozen=True)
class Token:
    surface: str  # as typed, in lower case: for titles
    sounded: str  # for word beginnings ("recicl*")
    key: str  # for whole words


_WORD_OR_SYMBOL = re.compile(r"[^\W_]+|[^\w\s]", re.UNICODE)
_BREAKS = frozenset(",.;:!?()¡¿")
BREAK = Token("|", "|", "|")  # punctuation: ends a phrase and a place phrase


def tokenize(text: str, symbols: frozenset[str] = frozenset()) -> list[Token]:
    """Words (and the lexicon's emoji) of a text, as tokens to match."""
    tokens = []
    for piece in _WORD_OR_SYMBOL.findall(unicodedata.normalize("NFC", text).casefold()):
        if piece.isalnum():
            sounded = sound(fold(piece))
            if sounded:
                tokens.append(Token(piece, sounded, stem(sounded)))
        elif piece in symbols:
            tokens.append(Token(piece, piece, piece))
        elif piece in _BREAKS:
            tokens.append(BREAK)
    return tokens


# --- The lexicon ---------------------------------------------------------------------------

Weights = dict[str, float]

WEIGHT_OF_LIST = {"terms": 1.0, "weak": 0.5}
FUZZY_FACTOR = 0.7  # a word one typo away from a lexicon word counts a little less
FUZZY_MIN_LEN = 6
FUZZY_MAX_LEN = 20  # longer is no word a lexicon could hold
PLACE_FACTOR = 0.5
ROOM_MIN_IDEAS = 2
ROOM_MIN_AGREEMENT = 2 / 3
TIE_BREAK = 0.001
COMMON_MIN_IDEAS = 5
COMMON_SHARE = 0.25
PREFIX_MIN_LEN = 4


@dataclass
class Lexicon:
    exact: dict[str, Weights]  # a word as it sounds, without a plural s: "poste" vs "posta"
    words: dict[str, Weights]  # a word's stem: "tuberi" for tubería, tuberías
    prefixes: dict[str, Weights]
    phrases: dict[str, list[tuple[tuple[str, ...], Weights]]]  # by first word's key
    near: dict[str, set[str]]  # a word key with one letter dropped -> lexicon word keys
    titles: dict[str, dict[str, str]]
    stopwords: frozenset[str]
    place_words: frozenset[str]  # "en", "frente", "near": what follows says where
    clause_words: frozenset[str]  # "y", "que", "and": what follows is a new thought
    symbols: frozenset[str]

    def title(self, theme: str, language: str) -> str:
        titles = self.titles.get(theme, {})
        title = titles.get(language) or titles.get(FALLBACK_LANGUAGE) or theme
        return title[:TITLE_MAX]


@lru_cache(maxsize=8)
def load_lexicon(directory: Path, language: str = FALLBACK_LANGUAGE) -> Lexicon:
    """Merge the room language's themes/*.json in name order: later files add words and titles.

    A file that names no "language" (a municipality's own words, say) counts in every room.
    Only the room's language counts so that words of two languages that sound alike do not
    meet: Spanish "bote" (a bin) is no English "vote". Titles come from every file.
    """
    files = _read_theme_files(directory)
    chosen = [data for data in files if data.get("language") in (language, None)]
    if not any(data.get("language") == language for data in chosen):
        chosen = files
    lexicon = Lexicon(
        exact={},
        words={},
        prefixes={},
        phrases=defaultdict(list),
        near=defaultdict(set),
        titles={},
        stopwords=frozenset(),
        place_words=frozenset(),
        clause_words=frozenset(),
        symbols=frozenset(),
    )
    symbols: set[str] = set()
    for data in files:
        for theme, entry in _themes(data):
            titles = entry.get("title")
            if isinstance(titles, dict):
                lexicon.titles.setdefault(theme, {}).update(
                    {lang: text for lang, text in titles.items() if isinstance(text, str)}
                )
    for data in chosen:
        for theme, entry in _themes(data):
            for list_name, weight in WEIGHT_OF_LIST.items():
                for term in _strings(entry.get(list_name)):
                    _add_term(lexicon, term, theme, weight, symbols)
    lexicon.stopwords = _little_words(chosen, "stopwords") | {BREAK.key}
    lexicon.place_words = _little_words(chosen, "place_words")
    lexicon.clause_words = _little_words(chosen, "clause_words") | {BREAK.key}
    lexicon.symbols = frozenset(symbols)
    return lexicon


def _read_theme_files(directory: Path) -> list[dict]:
    files = []
    for path in sorted(directory.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # one broken local file must not take suggestions away from the room
        if isinstance(data, dict):
            if not isinstance(data.get("language"), str):
                data["language"] = None
            files.append(data)
    return files


def _themes(data: dict) -> list[tuple[str, dict]]:
    themes = data.get("themes")
    if not isinstance(themes, dict):
        return []
    return [(key, entry) for key, entry in themes.items() if isinstance(entry, dict)]


def _little_words(files: list[dict], list_name: str) -> frozenset[str]:
    return frozenset(
        sounded
        for data in files
        for word in _strings(data.get(list_name))
        if (sounded := sound(fold(word)))
    )


def _strings(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _add_term(lexicon: Lexicon, term: str, theme: str, weight: float, symbols: set[str]) -> None:
    """File one lexicon term under the index that will find it in a text."""
    words = fold(term).split()
    if len(words) == 1 and not words[0].rstrip("*").isalnum():
        symbols.add(words[0])  # an emoji
        _bump(lexicon.words.setdefault(words[0], {}), theme, weight)
        return
    keys = tuple(_term_key(word) for word in words)
    if not keys or not all(keys):
        return
    if len(keys) > 1:
        _bump_phrase(lexicon.phrases[keys[0]], keys, theme, weight)
    elif keys[0].endswith("*"):
        if len(keys[0]) - 1 >= PREFIX_MIN_LEN:
            _bump(lexicon.prefixes.setdefault(keys[0][:-1], {}), theme, weight)
    else:
        _bump(lexicon.exact.setdefault(_plain(sound(words[0])), {}), theme, weight)
        _bump(lexicon.words.setdefault(keys[0], {}), theme, weight)
        if len(keys[0]) >= FUZZY_MIN_LEN:
            for deleted in _one_letter_less(keys[0]):
                lexicon.near[deleted].add(keys[0])


def _plain(sounded: str) -> str:
    return sounded[:-1] if len(sounded) > 3 and sounded.endswith("s") else sounded


def _term_key(word: str) -> str:
    """A lexicon word as a key: whole words are stemmed, "word*" keeps its sound and star."""
    if word.endswith("*"):
        # A last letter that sounds by what follows it ("psicolog*": -go, -gía) is left out.
        beginning = re.sub(r"(ch|ll|qu|gu|[cgyh])$", "", re.sub(r"\W", "", word))
        sounded = sound(beginning)
        return sounded + "*" if sounded else ""
    return stem(sound(re.sub(r"\W", "", word)))


def _bump(weights: Weights, theme: str, weight: float) -> None:
    weights[theme] = max(weights.get(theme, 0.0), weight)


def _bump_phrase(
    phrases: list[tuple[tuple[str, ...], Weights]], keys: tuple[str, ...], theme: str, weight: float
) -> None:
    for known, weights in phrases:
        if known == keys:
            _bump(weights, theme, weight)
            return
    phrases.append((keys, {theme: weight}))
    phrases.sort(key=lambda phrase: -len(phrase[0]))  # the longest phrase wins


def _one_letter_less(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


# --- Scoring an idea against the lexicon ---------------------------------------------------


def _lexicon_scores(
    tokens: list[Token], lexicon: Lexicon, settings: Settings
) -> tuple[Weights, frozenset[str]]:
    """Add up the themes of the lexicon terms found in the idea, each term once.

    Also returns the keys of the idea's words that the lexicon does not know.

    A term inside a place phrase ("asaltan *en el paradero*", "tachos *en la plaza*") says
    where, not what, so it counts for less. The theme found first wins a tie, by a hair.
    """
    found: dict[object, Weights] = {}
    unknown = set()
    i = 0
    where = False
    while i < len(tokens):
        token = tokens[i]
        if token.sounded in lexicon.place_words:
            where = True
        elif token.sounded in lexicon.clause_words:
            where = False
        length, term, weights = _match_at(tokens, i, lexicon, settings)
        if weights and term not in found:
            factor = PLACE_FACTOR if where else 1.0
            found[term] = {theme: factor * weight for theme, weight in weights.items()}
        elif not weights and term is not None:
            unknown.add(token.key)
        i += max(length, 1)
    scores: Weights = {}
    for position, weights in enumerate(found.values()):
        for theme, weight in weights.items():
            first = TIE_BREAK / (position + 1) if theme not in scores else 0.0
            scores[theme] = scores.get(theme, 0.0) + weight + first
    return scores, frozenset(key for key in unknown if len(key) >= 3)


def _match_at(
    tokens: list[Token], i: int, lexicon: Lexicon, settings: Settings
) -> tuple[int, object, Weights]:
    """The lexicon term that starts at token i: (tokens it spans, its identity, its themes)."""
    token = tokens[i]
    for keys, weights in lexicon.phrases.get(token.key, ()):
        if _phrase_matches(tokens, i, keys):
            return len(keys), keys, weights
    if token.sounded in lexicon.stopwords:
        return 1, None, {}
    whole = lexicon.exact.get(_plain(token.sounded)) or lexicon.words.get(token.key, {})
    beginning = _prefix_weights(token.sounded, lexicon)
    if whole or beginning:
        themes = whole.keys() | beginning.keys()
        return 1, token.key, {t: max(whole.get(t, 0), beginning.get(t, 0)) for t in themes}
    if settings.fuzzy and FUZZY_MIN_LEN <= len(token.key) <= FUZZY_MAX_LEN:
        return 1, token.key, _near_weights(token.key, lexicon)
    return 1, token.key, {}


def _prefix_weights(sounded: str, lexicon: Lexicon) -> Weights:
    """The themes of the longest lexicon word beginning ("recicl*") that the word starts with."""
    for end in range(len(sounded), PREFIX_MIN_LEN - 1, -1):
        if sounded[:end] in lexicon.prefixes:
            return lexicon.prefixes[sounded[:end]]
    return {}


def _phrase_matches(tokens: list[Token], i: int, keys: tuple[str, ...]) -> bool:
    if i + len(keys) > len(tokens):
        return False
    for token, key in zip(tokens[i : i + len(keys)], keys, strict=True):
        if key.endswith("*"):
            if not token.sounded.startswith(key[:-1]):
                return False
        elif token.key != key:
            return False
    return True


def _near_weights(key: str, lexicon: Lexicon) -> Weights:
    """Themes of the lexicon words one typo (a letter dropped, added, changed or swapped) away."""
    candidates = set(lexicon.near.get(key, ()))
    for deleted in _one_letter_less(key):
        if deleted in lexicon.words:
            candidates.add(deleted)
        candidates.update(lexicon.near.get(deleted, ()))
    candidates = {candidate for candidate in candidates if _one_typo_apart(key, candidate)}
    weights: Weights = {}
    for candidate in sorted(candidates):
        for theme, weight in lexicon.words[candidate].items():
            share = FUZZY_FACTOR * weight / len(candidates)
            weights[theme] = weights.get(theme, 0.0) + share
    return weights


def _one_typo_apart(a: str, b: str) -> bool:
    """True when one letter dropped, added, changed, or two neighbours swapped turn a into b."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if len(a) < len(b):
        return a[start:] == b[start + 1 :]
    if a[start + 1 :] == b[start + 1 :]:
        return True
    return a[start : start + 2] == b[start : start + 2][::-1] and a[start + 2 :] == b[start + 2 :]


def _best_theme(scores: Weights, min_score: float) -> str | None:
    """The theme with clearly the most evidence, or None on a tie or too little evidence."""
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    if not ranked or ranked[0][1] < min_score:
        return None
    if len(ranked) > 1 and ranked[1][1] >= ranked[0][1]:
        return None
    return ranked[0][0]


def _in_every_language(
    cards: list["_Card"],
    scored: list[tuple[Weights, frozenset[str]]],
    lexicon: Lexicon,
    settings: Settings,
) -> list[tuple[Weights, frozenset[str]]]:
    """Score again, with the words of every language, the ideas the room's language missed.

    Spanish ideas in an English workshop in Belize, say, still find their theme.
    """
    every = load_lexicon(THEMES_DIR, EVERY_LANGUAGE)
    rescored = []
    for card, (score, unknown) in zip(cards, scored, strict=True):
        if not score:
            same = every.symbols == lexicon.symbols
            tokens = card.tokens if same else tokenize(card.text, every.symbols)
            score, unknown = _lexicon_scores(tokens, every, settings)
        rescored.append((score, unknown))
    return rescored


# --- The room's own words ------------------------------------------------------------------


@dataclass(frozen=True)
class _Card:
    id: int
    text: str
    tokens: list[Token]
    content: frozenset[str]  # keys of the words that say something


def _cards(ideas: Iterable[object], lexicon: Lexicon) -> list[_Card]:
    """Well-formed (id, text) pairs, first of each id, in id order; odd entries are skipped."""
    texts: dict[int, str] = {}
    for idea in ideas if isinstance(ideas, Iterable) else ():
        try:
            card_id, text = idea  # type: ignore[misc]
        except (TypeError, ValueError):
            continue
        if isinstance(card_id, int) and not isinstance(card_id, bool) and card_id not in texts:
            texts[card_id] = text if isinstance(text, str) else ""
    cards = []
    for card_id in sorted(texts):
        tokens = tokenize(texts[card_id], lexicon.symbols)
        content = frozenset(
            t.key for t in tokens if len(t.key) >= 3 and t.sounded not in lexicon.stopwords
        )
        cards.append(_Card(card_id, texts[card_id], tokens, content))
    return cards


def _with_room_words(
    unknown: list[frozenset[str]],
    scores: list[Weights],
    themes: list[str | None],
    settings: Settings,
) -> list[str | None]:
    """Let words the lexicon does not know place the ideas it could not place firmly.

    A word counts when at least two firmly placed ideas use it and most of them agree on a
    theme ("la pipa" in a room where every idea with "pipa" is about water). Firmly placed
    ideas never move: a room's chance words must not override the lexicon.
    """
    firm = [
        theme if theme and max(score.values()) >= 1 else None
        for score, theme in zip(scores, themes, strict=True)
    ]
    counts: dict[str, Counter] = defaultdict(Counter)
    for words, theme in zip(unknown, firm, strict=True):
        if theme is not None:
            for key in words:
                counts[key][theme] += 1
    placed = []
    for words, score, theme, firm_theme in zip(unknown, scores, themes, firm, strict=True):
        if firm_theme is not None:
            placed.append(theme)
            continue
        votes: Weights = dict(score)
        for key in sorted(words):
            if key not in counts:
                continue
            (top, n), total = counts[key].most_common(1)[0], sum(counts[key].values())
            if n >= ROOM_MIN_IDEAS and n / total >= ROOM_MIN_AGREEMENT:
                votes[top] = votes.get(top, 0.0) + settings.room_weight * n / total
        placed.append(_best_theme(votes, settings.min_score))
    return placed


# --- Groups from shared words --------------------------------------------------------------


def _common_words(cards: list[_Card]) -> frozenset[str]:
    """Words in so many of the room's ideas that sharing them says little ("barrio", "calle")."""
    used_in = Counter(key for card in cards for key in card.content)
    most = max(COMMON_MIN_IDEAS, len(cards) * COMMON_SHARE)
    return frozenset(key for key, n in used_in.items() if n > most)


def _leftover_groups(cards: list[_Card], common: frozenset[str]) -> list[Suggestion]:
    """Ideas that share an unusual word, grouped and titled by their most shared words."""
    if len(cards) < 2:
        return []
    used_in = Counter(key for card in cards for key in card.content)
    shared = {key for key, n in used_in.items() if n >= 2 and key not in common}
    parent = list(range(len(cards)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for i, card in enumerate(cards):
        for key in sorted(card.content & shared):
            if key in first_with:
                parent[root(i)] = root(first_with[key])
            else:
                first_with[key] = i
    members: dict[int, list[_Card]] = defaultdict(list)
    for i, card in enumerate(cards):
        members[root(i)].append(card)
    return [
        Suggestion(_title_from_words(group), tuple(card.id for card in group))
        for group in members.values()
        if len(group) >= 2
    ]


def _title_from_words(cards: list[_Card]) -> str:
    """The one or two words most of the group shares, as the people in the room typed them."""
    in_cards = Counter(key for card in cards for key in card.content)
    top = sorted(in_cards.items(), key=lambda item: (-item[1], item[0]))
    chosen = [key for key, n in top[:2] if n >= 2]
    spelled = []
    for key in chosen:
        forms = Counter(t.surface for card in cards for t in card.tokens if t.key == key)
        spelled.append(sorted(forms.items(), key=lambda item: (-item[1], item[0]))[0][0])
    title = ", ".join(spelled)
    return (title[:1].upper() + title[1:])[:TITLE_MAX] or "…"


def _language(locale: str) -> str:
    return fold(locale if isinstance(locale, str) else "")[:2] or FALLBACK_LANGUAGE
