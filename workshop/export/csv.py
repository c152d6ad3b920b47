"""Every contribution as a spreadsheet row, for the office that tallies and files them.

The header is the same stable English keys as plan.json, in every workshop language: a
spreadsheet formula, a macro or a script that reads one workshop's file reads all of them, and
people's words, the part worth reading, come through as they typed them either way. Values are
the plan's own codes (`idea`, `citizen`) for the same reason; the Word and PDF exports are the
ones written for people to read.
"""

import csv
import io
import re

from workshop.domain.outcomes import outcomes
from workshop.export.outline import annex

HEADER = (
    "id",
    "kind",
    "text",
    "author_name",
    "author_role",
    "group",
    "duplicate_of",
    "commitment_ids",
    "votes",
    "outcome",
    "response",
)
# A cell starting with one of these is a formula to Excel or LibreOffice: anyone in the hall
# could type "=HYPERLINK(…)". An apostrophe keeps it text (OWASP's CSV injection advice). A
# cell may also start after a comma, a semicolon, a tab or a line break inside the text: Excel
# in a Spanish locale splits on ";" whatever the file says, so "x;=1+1" must not become a
# formula there either.
_FORMULA = re.compile(r"(^|[,;\t\r\n])([=+\-@\t\r])")


def plan_csv(plan: dict) -> bytes:
    """UTF-8 with a byte order mark, so Excel shows «ñ» and «á» right; CRLF as RFC 4180 says."""
    out = io.StringIO()
    # Every field quoted: a separator inside someone's words never splits their cell.
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(HEADER)
    answers = {card["id"]: card.get("outcome") for card in plan["contributions"]}
    if any(outcome is None for outcome in answers.values()):
        answers = outcomes(plan)  # a plan from before outcomes were kept
    for row in annex(plan):
        writer.writerow(
            (
                row.id,
                row.kind,
                _as_text(row.text),
                _as_text(row.author_name),
                row.author_role,
                _as_text(row.group),
                "" if row.duplicate_of is None else row.duplicate_of,
                # Spaces, not commas or semicolons: either may be a spreadsheet's separator.
                " ".join(str(i) for i in row.commitment_ids),
                "" if row.votes is None else row.votes,
                answers[row.id]["kind"],
                _as_text(answers[row.id].get("response") or ""),
            )
        )
    return out.getvalue().encode("utf-8-sig")


def _as_text(value: str) -> str:
    return _FORMULA.sub(r"\1'\2", value)
