"""Renderings of the plan data (`services.plan_data`) for people and other programs.

`EXPORTS` maps a format to its renderer, so `GET …/plan.{fmt}` serves any of them the same way.
A renderer takes the plan dict and needs an app context (for the workshop's language).
"""

import json
from collections.abc import Callable
from importlib import import_module
from typing import NamedTuple

from workshop.domain.errors import N_
from workshop.domain.text import printable


class Export(NamedTuple):
    # "module:function", imported on first use: Word and PDF bring lxml, fontTools and Pillow,
    # 30 MB per server process that only a download should pay for.
    renderer: str
    mimetype: str
    extension: str
    # Word and PDF take a second of CPU for a big hall: kept once rendered (export.renders).
    costly: bool = False

    def renderer_function(self) -> Callable[[dict], bytes | str]:
        module, _, function = self.renderer.partition(":")
        return getattr(import_module(module), function)

    def render(self, plan: dict) -> bytes | str:
        """Whatever is stored, every format renders: a stray control character becomes «�»."""
        return self.renderer_function()(printable(plan))


def plan_json(plan: dict) -> bytes:
    return json.dumps(plan, ensure_ascii=False, indent=2).encode()


EXPORTS: dict[str, Export] = {
    "json": Export("workshop.export:plan_json", "application/json", "json"),
    "md": Export("workshop.export.markdown:plan_markdown", "text/markdown", "md"),
    "csv": Export("workshop.export.csv:plan_csv", "text/csv", "csv"),
    "docx": Export(
        "workshop.export.docx:plan_docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        costly=True,
    ),
    "pdf": Export("workshop.export.pdf:plan_pdf", "application/pdf", "pdf", costly=True),
}

# What a download is called where people choose one: by the program that opens it, not its
# extension, in the order an official reaches for them.
DOWNLOADS: tuple[tuple[str, str], ...] = (
    ("docx", N_("Word")),
    ("pdf", N_("PDF")),
    ("csv", N_("Excel (CSV)")),
    ("json", N_("Open data (JSON)")),
    ("md", N_("Plain text (Markdown)")),
)
