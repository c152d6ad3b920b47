"""Renderings of the plan data (`services.plan_data`) for people and other programs.

`EXPORTS` maps a format to its renderer, so `GET …/plan.{fmt}` serves any of them the same way.
A renderer takes the plan dict and needs an app context (for the workshop's language).
"""

import json
from collections.abc import Callable
from typing import NamedTuple

from workshop.export.csv import plan_csv
from workshop.export.docx import plan_docx
from workshop.export.markdown import plan_markdown
from workshop.export.pdf import plan_pdf


class Export(NamedTuple):
    render: Callable[[dict], bytes | str]
    mimetype: str
    extension: str


def plan_json(plan: dict) -> bytes:
    return json.dumps(plan, ensure_ascii=False, indent=2).encode()


EXPORTS: dict[str, Export] = {
    "json": Export(plan_json, "application/json", "json"),
    "md": Export(plan_markdown, "text/markdown", "md"),
    "csv": Export(plan_csv, "text/csv", "csv"),
    "docx": Export(
        plan_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "pdf": Export(plan_pdf, "application/pdf", "pdf"),
}
