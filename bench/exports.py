#!/usr/bin/env python3
"""How long each plan export takes for a big hall: 500 cards, 10 commitments, 50 themes.

The plan is built directly as a `cocrea.plan/1` dict (checked against docs/plan.schema.json
when jsonschema is installed), in Spanish, with accents and ñ everywhere, every open
government field filled and six milestones per commitment. Each format is rendered once
cold (the first call imports the renderer; the PDF also reads its font) and then --repeat
times; the script prints the cold time, the median and the worst warm time, and the size.
It exits 1 if any run of any format takes longer than --budget seconds (2 s: what an
official waits for a download).

    .venv/bin/python bench/exports.py
    .venv/bin/python bench/exports.py --cards 2000 --out /tmp/plans   # and keep the files
"""

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workshop import create_app  # noqa: E402
from workshop.export import EXPORTS  # noqa: E402

ROLES = ("citizen", "official", "civil_society")
# Words people use in the hall, joined at random into cards and fields of any length.
HALL = """
cañería agua barrio Año Nuevo escuela niños iluminación plaza basura recolección señalización
vereda árboles compostaje biblioteca salud posta médica transporte colectivo ciclovía seguridad
vecinal participación jóvenes mujeres adultos mayores huerta comunitaria drenaje lluvias
inundación puente camino rural acceso información pública presupuesto
"""
WORDS = HALL.split()


def sentence(rng: random.Random, low: int, high: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))
    return text[0].upper() + text[1:]


def big_plan(cards: int, commitments: int, themes: int, seed: int = 7) -> dict:
    """A plan as `services.plan_data` makes it, the size of a full municipal hall."""
    rng = random.Random(seed)
    stamp = "2026-11-21T11:06:20+00:00"
    contributions = []
    for card_id in range(1, cards + 1):
        kind = "problem" if card_id % 5 == 0 else "idea"
        contributions.append(
            {
                "id": card_id,
                "kind": kind,
                "text": sentence(rng, 6, 40),
                "problem_id": None,
                "cluster_id": None if kind == "problem" else 1 + card_id % themes,
                "duplicate_of": card_id - 1 if card_id % 37 == 0 else None,
                "author": {
                    "participant_id": card_id,
                    "name": f"Participante {card_id} Peña",
                    "role": ROLES[card_id % 3],
                },
                "commitment_ids": [],
                "created_at": stamp,
            }
        )
    clusters = [
        {
            "id": theme,
            "title": sentence(rng, 2, 5),
            "card_ids": [c["id"] for c in contributions if c["cluster_id"] == theme],
        }
        for theme in range(1, themes + 1)
    ]
    ranking = sorted(
        (
            {
                "type": "cluster",
                "id": c["id"],
                "title": c["title"],
                "votes": (votes := rng.randint(0, 60)),
                "votes_by_role": {
                    "citizen": votes // 2,
                    "official": votes // 3,
                    "civil_society": None,
                },
                "consensus": votes > 40,
                "impact": round(rng.uniform(1, 5), 1),
                "effort": round(rng.uniform(1, 5), 1),
                "ratings": rng.randint(1, 30),
            }
            for c in clusters
        ),
        key=lambda entry: -entry["votes"],
    )
    ranking += [
        {
            "type": "card",
            "id": c["id"],
            "title": c["text"],
            "votes": 0,
            "votes_by_role": dict.fromkeys(ROLES, 0),
            "consensus": False,
            "impact": None,
            "effort": None,
            "ratings": 0,
        }
        for c in contributions
        if c["cluster_id"] is None
    ]
    plan_commitments = []
    for number, entry in enumerate(ranking[:commitments], 1):
        cluster = next(c for c in clusters if c["id"] == entry["id"])
        for card in contributions:
            if card["id"] in cluster["card_ids"]:
                card["commitment_ids"].append(number)
        plan_commitments.append(
            {
                "id": number,
                "title": entry["title"],
                "problem": sentence(rng, 40, 90),
                "current_situation": sentence(rng, 40, 90),
                "description": "\n".join(
                    f"- {contributions[i - 1]['text']}" for i in cluster["card_ids"][:8]
                ),
                "benefit": sentence(rng, 40, 90),
                "values": ["transparency", "participation", "accountability"],
                "lead": "Dirección de Obras Públicas y Saneamiento",
                "other_actors": {
                    "government": "Empresa municipal de agua; Secretaría de Planificación",
                    "civil_society": "Junta vecinal Año Nuevo; Asociación de padres y madres",
                },
                "start": "2027-01-15",
                "end": "2027-12-15",
                "milestones": [
                    {
                        "title": sentence(rng, 3, 8),
                        "deliverable": sentence(rng, 3, 10),
                        "date": f"2027-{month:02d}-15",
                        "responsible": "Obras Públicas",
                    }
                    for month in range(2, 14, 2)
                ],
                "indicators": sentence(rng, 20, 40),
                "budget": "USD 120.000",
                "status": "agreed" if number % 2 else "proposed",
                "drop_reason": None,
                "origin": "drafted",
                "merged_into": None,
                "source": {"cluster_id": cluster["id"], "card_ids": cluster["card_ids"]},
                "votes": entry["votes"],
                "votes_by_role": entry["votes_by_role"],
                "version": 3,
                "updated_at": stamp,
            }
        )
    return {
        "schema": "cocrea.plan/1",
        "generated_at": stamp,
        "workshop": {
            "code": "PKHLC8",
            "title": "Agua segura para San José: plan de acción 2027",
            "municipality": "Municipalidad de San José de Ocoa",
            "question": "¿Cómo mejoramos el acceso al agua en nuestros barrios?",
            "phase": "plan",
            "phase_ends_at": None,
            "votes_per_participant": 3,
            "max_votes_per_target": None,
            "vote_on": "clusters",
            "results": "live",
            "results_revealed": False,
            "prioritization": "both",
            "ranking_frozen": True,
            "plan_size": commitments,
            "locale": "es",
            "created_at": stamp,
        },
        "status": "draft",
        "version": None,
        "participation": {
            "participants": cards // 2,
            "by_role": {"citizen": cards // 4, "official": cards // 8, "civil_society": cards // 8},
            "cards": cards,
            "votes": sum(entry["votes"] for entry in ranking),
        },
        "ranking_frozen": True,
        "ranking": ranking,
        "clusters": clusters,
        "commitments": plan_commitments,
        "contributions": contributions,
    }


def check_shape(plan: dict) -> str:
    try:
        import jsonschema
    except ImportError:
        return "not checked (jsonschema is a dev extra)"
    schema = json.loads((ROOT / "docs" / "plan.schema.json").read_text())
    jsonschema.validate(plan, schema, cls=jsonschema.Draft202012Validator)
    return "valid cocrea.plan/1"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=500)
    parser.add_argument("--commitments", type=int, default=10)
    parser.add_argument("--themes", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget", type=float, default=2.0, help="seconds allowed per run")
    parser.add_argument("--out", type=Path, help="write each export into this folder")
    args = parser.parse_args()

    plan = big_plan(args.cards, args.commitments, args.themes)
    print(
        f"plan: {args.cards} cards, {args.commitments} commitments, {args.themes} themes; "
        f"{check_shape(plan)}"
    )
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    print(f"{'format':<6} {'cold s':>8} {'median s':>9} {'worst s':>8} {'size':>10}")
    over = []
    with app.app_context():
        for fmt, export in EXPORTS.items():
            times, body = [], b""
            for _ in range(1 + args.repeat):
                started = time.perf_counter()
                body = export.render(plan)
                times.append(time.perf_counter() - started)
            size = len(body.encode() if isinstance(body, str) else body)
            cold, warm = times[0], times[1:]
            print(
                f"{fmt:<6} {cold:8.3f} {statistics.median(warm):9.3f} {max(warm):8.3f} "
                f"{size / 1024:8.0f} KB"
            )
            if max(times) > args.budget:
                over.append(fmt)
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                data = body.encode() if isinstance(body, str) else body
                (args.out / f"plan.{export.extension}").write_bytes(data)
    if over:
        print(f"over the {args.budget:g} s budget: {', '.join(over)}")
        return 1
    print(f"every format under {args.budget:g} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
