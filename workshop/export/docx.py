"""The plan as a Word document that a municipal office edits into its own action plan."""

import io

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

from workshop.export import changes
from workshop.export.labels import EMPTY, day, in_words_of, t, withheld_notes
from workshop.export.outline import (
    annex_table,
    commitment_fields,
    hidden_line,
    in_plan,
    methodology,
    milestone_cells,
    milestone_headings,
    participation_summary,
    participation_table,
    ranking_table,
    set_aside,
    sign_off_table,
    status_line,
    voted_ranking,
)

# Word's proofing language, so a Spanish plan is not underlined in red from start to end.
_PROOFING = {"es": "es-419", "en": "en-US"}
_GRID = "Table Grid"
_FIELD_WIDTHS = (Cm(4.5), Cm(12))
# Landscape Letter, 2.54 cm margins: 22.9 cm to share among #, kind, text, author, group…
# #, kind, text, author, group, commitment, votes, what became of it
_ANNEX_WIDTHS = (Cm(1), Cm(2.2), Cm(6), Cm(3.2), Cm(2.8), Cm(1.8), Cm(1.4), Cm(4.5))
_RECORD_WIDTHS = (Cm(2.6), Cm(3.6), Cm(6.5), Cm(5.1), Cm(5.1))  # when, who, what, before, after


def plan_docx(plan: dict) -> bytes:
    locale = plan["workshop"]["locale"]
    with in_words_of(plan["workshop"]):
        document = Document()
        _set_up(document, plan, locale)
        _footer(document, plan)
        _opening(document, plan)
        _participation(document, plan)
        _ranking(document, plan)
        _commitments(document, plan)
        _sign_off(document, plan)
        _annex(document, plan)
        _record(document, plan)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _set_up(document: WordDocument, plan: dict, locale: str) -> None:
    workshop = plan["workshop"]
    properties = document.core_properties
    properties.title = f"{t('plan')}: {workshop['title']}"
    properties.subject = workshop.get("question") or ""
    properties.author = workshop.get("municipality") or "Cocrea"
    properties.language = locale
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), _PROOFING.get(locale, locale))
    document.styles["Normal"].element.get_or_add_rPr().append(language)
    document.styles["Normal"].font.size = Pt(10.5)


def _opening(document: WordDocument, plan: dict) -> None:
    workshop = plan["workshop"]
    document.add_heading(workshop["title"], level=0)
    document.add_paragraph(status_line(plan))
    facts = [
        (t("municipality"), workshop.get("municipality")),
        (t("date"), day(workshop["created_at"])),
        (t("question"), workshop.get("question")),
        (t("code"), workshop["code"]),
    ]
    for label, value in facts:
        if value:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
    document.add_heading(t("methodology"), level=1)
    document.add_paragraph(methodology(plan))


def _participation(document: WordDocument, plan: dict) -> None:
    document.add_heading(t("participation"), level=1)
    headings, rows = participation_table(plan["participation"])
    table = _table(document, headings, rows)
    for cell in table.rows[-1].cells:  # the total
        _bold(cell)
    document.add_paragraph(participation_summary(plan["participation"]))


def _ranking(document: WordDocument, plan: dict) -> None:
    document.add_heading(t("ranking"), level=1)
    if plan.get("results_hidden"):
        document.add_paragraph(t("results_hidden"))
        return
    voted = voted_ranking(plan)
    if not voted:
        document.add_paragraph(t("no_votes"))
        return
    if plan.get("ranking_frozen"):
        document.add_paragraph(t("frozen"))
    _table(document, *ranking_table(voted, plan.get("withheld")))
    for note in withheld_notes(plan.get("withheld")):
        document.add_paragraph(note)
    if any(entry.get("consensus") for entry in voted):
        document.add_paragraph(t("consensus_note"))


def _commitments(document: WordDocument, plan: dict) -> None:
    document.add_heading(t("commitments"), level=1)
    cards = {card["id"]: card for card in plan["contributions"]}
    commitments = in_plan(plan)
    if not commitments:
        document.add_paragraph(t("no_commitments"))
    for number, commitment in enumerate(commitments, 1):
        document.add_heading(f"{number}. {commitment['title']}", level=2)
        table = document.add_table(rows=0, cols=2)
        table.style = _GRID
        _widths(table, _FIELD_WIDTHS)
        for field in commitment_fields(commitment, cards, plan.get("withheld")):
            label, value = table.add_row().cells
            _fill(label, field.label)
            _bold(label)
            if field.key == "milestones":
                _milestones(value, field.milestones)
            else:
                _fill(value, field.text)
    dropped = set_aside(plan)
    if dropped:
        document.add_heading(t("set_aside"), level=2)
        for commitment in dropped:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(commitment["title"]).bold = True
            if commitment.get("drop_reason"):
                paragraph.add_run(f": {commitment['drop_reason']}")


def _sign_off(document: WordDocument, plan: dict) -> None:
    document.add_heading(t("sign_off"), level=2)
    document.add_paragraph(t("sign_off_note"))
    headings, rows = sign_off_table(plan)
    table = _table(document, headings, rows, (Cm(5), Cm(2.5), Cm(6.5), Cm(3)))
    for row in table.rows[1:]:
        row.height = Cm(1.8)  # room to sign by hand


def _footer(document: WordDocument, plan: dict) -> None:
    """Every page says whose plan it is and which page of how many, as a signed copy must."""
    workshop = plan["workshop"]
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    place = workshop.get("municipality") or workshop["title"]
    paragraph.add_run(f"{t('plan')}: {place} · {status_line(plan)} · {t('page')} ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" / ")
    _field(paragraph, "NUMPAGES")
    for run in paragraph.runs:
        run.font.size = Pt(8)


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)


def _milestones(cell: _Cell, milestones: tuple[dict, ...]) -> None:
    """A table inside the cell: one row per milestone, as the action plan template has it."""
    if not milestones:
        _fill(cell, EMPTY)
        return
    cell._tc.remove(cell.paragraphs[0]._p)  # the table comes first; Word adds a paragraph after
    nested = cell.add_table(rows=1, cols=4)
    nested.style = _GRID
    for heading_cell, heading in zip(nested.rows[0].cells, milestone_headings(), strict=True):
        _fill(heading_cell, heading)
        _bold(heading_cell)
    for milestone in milestones:
        for value_cell, value in zip(
            nested.add_row().cells, milestone_cells(milestone), strict=True
        ):
            _fill(value_cell, value)


def _annex(document: WordDocument, plan: dict) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(t("contributions"), level=1)
    headings, rows = annex_table(plan)
    _table(document, headings, rows, _ANNEX_WIDTHS)
    document.add_paragraph(t("annex_votes_note"))
    if hidden_line(plan):
        document.add_paragraph(hidden_line(plan))


def _record(document: WordDocument, plan: dict) -> None:
    """The annex «Record of changes»: how the plan came to say what it says."""
    if "changes" not in plan:
        return  # published before the record existed: no annex that would claim otherwise
    document.add_heading(changes.title(), level=1)
    document.add_paragraph(changes.note())
    headings, rows = changes.changes_table(plan)
    if rows:
        _table(document, headings, rows, _RECORD_WIDTHS)


def _table(
    document: WordDocument,
    headings: list[str],
    rows: list[list[str]],
    widths: tuple[Cm, ...] | None = None,
) -> Table:
    """A grid with a bold heading row that Word repeats on every page the table runs onto."""
    table = document.add_table(rows=1, cols=len(headings))
    table.style = _GRID
    if widths:
        _widths(table, widths)
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, heading in zip(header.cells, headings, strict=True):
        _fill(cell, heading)
        _bold(cell)
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            _fill(cell, value)
    return table


def _fill(cell: _Cell, text: str) -> None:
    """A new cell's text, one paragraph per line, so what people wrote on lines stays so."""
    first, *more = (text or "").split("\n")
    if first:
        cell.paragraphs[0].add_run(first)
    for line in more:
        cell.add_paragraph(line)


def _bold(cell: _Cell) -> None:
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.bold = True


def _widths(table: Table, widths: tuple[Cm, ...]) -> None:
    """Word reads each cell's width, LibreOffice the grid's: set both, before adding rows
    (`add_row` gives each new cell its column's width)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
