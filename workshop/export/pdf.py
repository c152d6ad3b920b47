"""The plan as a printable PDF: what the municipality files, signs and pins on the wall."""

from functools import cache
from pathlib import Path

from fpdf import FPDF

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

FONT = "SourceSans"
_INK, _MUTED, _RULE, _SHADE = (20, 30, 45), (90, 98, 110), (170, 176, 186), (232, 238, 245)
_LINE = 5.2  # mm per line of body text at 10 pt
_PAD = 1.3  # mm inside a table cell


@cache
def font_files() -> dict[str, Path]:
    """Source Sans Pro from its PyPI package: every accent, ñ, ✓ and →, on any machine."""
    try:
        import font_source_sans_pro
    except ImportError:  # pragma: no cover - a broken install, said plainly
        raise RuntimeError(
            "The PDF export needs the font-source-sans-pro package: run "
            "`pip install -e .` (it is in pyproject.toml's dependencies)."
        ) from None
    folder = Path(font_source_sans_pro.font_directory)
    files = {
        "": folder / "SourceSansPro-Regular.ttf",
        "B": folder / "SourceSansPro-Bold.ttf",
    }
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise RuntimeError(f"The PDF export cannot find its font files: {', '.join(missing)}")
    return files


class PlanPDF(FPDF):
    """Letter pages, 20 mm margins, a footer with the workshop and the page number.

    Text is wrapped here, word by word, rather than by fpdf2's `multi_cell` and `table`: those
    measure each line character by character and took 4 s for an annex of 500 cards; this
    takes a tenth of that. Lines are placed with `text()`, which still embeds the font subset.
    """

    def __init__(self, footer: str) -> None:
        super().__init__(format="Letter", unit="mm")
        self.footer_text = footer
        for style, path in font_files().items():
            self.add_font(FONT, style, str(path))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)
        self.set_text_color(*_INK)
        self.set_draw_color(*_RULE)
        self.set_fill_color(*_SHADE)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(*_MUTED)
        self.cell(0, 4, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(*_INK)

    # --- measuring and wrapping --------------------------------------------------------

    def width_of(self, text: str) -> float:
        """The width of text in the current font, in mm, without fpdf2's per-call overhead."""
        points = self.current_font.get_text_width(text, self.font_size_pt, None)[1]
        return points / self.k

    def wrap(self, text: str, width: float) -> list[str]:
        """Lines no wider than `width`: breaks between words, inside a word only if it must."""
        lines = []
        space = self.width_of(" ")
        for paragraph in (text or "").replace("\r\n", "\n").split("\n"):
            line, used = "", 0.0
            for word in paragraph.split(" "):
                size = self.width_of(word)
                if line and used + space + size <= width:
                    line, used = f"{line} {word}", used + space + size
                    continue
                if line:
                    lines.append(line)
                while size > width:  # a link or a number with no spaces: cut it
                    cut = self._fitting(word, width)
                    lines.append(word[:cut])
                    word = word[cut:]
                    size = self.width_of(word)
                line, used = word, size
            lines.append(line)
        return lines

    def longest_word(self, texts: list[str], size: float) -> float:
        """The width of a column that fits the longest word of these texts (bold, for headings)."""
        self.set_font(FONT, "B", size)
        return 2 * _PAD + 0.5 + max(self.width_of(word) for text in texts for word in text.split())

    def _fitting(self, word: str, width: float) -> int:
        cut = 1
        while cut < len(word) and self.width_of(word[: cut + 1]) <= width:
            cut += 1
        return cut

    # --- blocks ------------------------------------------------------------------------

    def heading(self, text: str, level: int, keep: float = 25) -> None:
        """A heading in the PDF outline, with `keep` mm of what follows on the same page."""
        size, space = (15, 7) if level == 0 else (12.5, 5)
        if self.will_page_break(space + size * 0.5 + keep):
            self.add_page(same=True)
        else:
            self.ln(space)
        self.start_section(text, level=level)
        self.paragraph(text, size=size, style="B", line_height=size * 0.5)
        self.ln(1.5)

    def paragraph(
        self, text: str, size: float = 10, style: str = "", line_height: float | None = None
    ) -> None:
        """Text across the page, onto the next one when it must."""
        self.set_font(FONT, style, size)
        height = line_height or _LINE * size / 10
        for line in self.wrap(text, self.epw):
            if self.will_page_break(height):
                self.add_page(same=True)
            self._line(self.l_margin, self.y, height, line)
            self.y += height
        self.x = self.l_margin

    def labelled(self, label: str, value: str) -> None:
        """«Label: value» flowing as one paragraph, for the facts under the title."""
        self.set_font(FONT, "B", 10.5)
        self.write(_LINE * 1.05, f"{label}: ")
        self.set_font(FONT, "", 10.5)
        self.write(_LINE * 1.05, value)
        self.ln(_LINE * 1.2)

    def grid(
        self,
        headings: list[str],
        rows: list[list[str]],
        widths: tuple[float, ...],
        size: float = 9,
        bold_last: bool = False,
    ) -> None:
        """A table whose heading row comes back on every page it runs onto."""
        height = size * 0.5
        header = self._cells(headings, widths, "B", size)
        self._row(header, widths, height, "B", size, fill=True, header=None)
        for number, values in enumerate(rows, 1):
            style = "B" if bold_last and number == len(rows) else ""
            self._row(
                self._cells(values, widths, style, size), widths, height, style, size, False, header
            )
        self.x = self.l_margin
        self.ln(2)

    def _cells(self, values: list[str], widths: tuple[float, ...], style: str, size: float):
        self.set_font(FONT, style, size)
        return [
            self.wrap(value, width - 2 * _PAD) for value, width in zip(values, widths, strict=True)
        ]

    def _row(self, cells, widths, height, style, size, fill, header) -> None:
        """One row; a new page (and the headings again) when it does not fit, split if it must."""
        fresh = False
        while True:
            self.set_font(FONT, style, size)
            room = int((self.page_break_trigger - self.y - 2 * _PAD) // height)
            needed = max(1, *(len(lines) for lines in cells))
            if needed <= room or (fresh and room > 0):
                shown = min(needed, room)
                self._draw_row([lines[:shown] for lines in cells], widths, height, fill)
                cells = [lines[shown:] for lines in cells]
                if shown == needed:
                    return
            self.add_page(same=True)
            fresh = True
            if header is not None:
                self.set_font(FONT, "B", size)
                self._draw_row(header, widths, height, fill=True)

    def _draw_row(self, cells, widths, height, fill) -> None:
        row_height = max(1, *(len(lines) for lines in cells)) * height + 2 * _PAD
        x = self.l_margin
        for lines, width in zip(cells, widths, strict=True):
            self.rect(x, self.y, width, row_height, style="DF" if fill else "D")
            for number, line in enumerate(lines):
                self._line(x + _PAD, self.y + _PAD + number * height, height, line)
            x += width
        self.y += row_height

    def _line(self, x: float, top: float, height: float, text: str) -> None:
        if text:
            self.text(x, top + 0.5 * height + 0.3 * self.font_size, text)


def plan_pdf(plan: dict) -> bytes:
    workshop = plan["workshop"]
    with in_words_of(workshop):
        pdf = PlanPDF(footer=f"{workshop['title']} · {t('code')} {workshop['code']}")
        pdf.set_title(f"{t('plan')}: {workshop['title']}")
        pdf.set_subject(workshop.get("question") or "")
        pdf.set_author(workshop.get("municipality") or "Cocrea")
        pdf.set_creator("Cocrea")
        pdf.set_lang(workshop["locale"])
        pdf.add_page()
        _opening(pdf, plan)
        _participation(pdf, plan)
        _ranking(pdf, plan)
        _commitments(pdf, plan)
        _sign_off(pdf, plan)
        _annex(pdf, plan)
        _record(pdf, plan)
        return bytes(pdf.output())


def _opening(pdf: PlanPDF, plan: dict) -> None:
    workshop = plan["workshop"]
    pdf.paragraph(workshop["title"], size=20, style="B", line_height=9)
    pdf.set_text_color(*_MUTED)
    pdf.paragraph(status_line(plan), size=11)
    pdf.set_text_color(*_INK)
    pdf.ln(3)
    for label, value in (
        (t("municipality"), workshop.get("municipality")),
        (t("date"), day(workshop["created_at"])),
        (t("question"), workshop.get("question")),
        (t("code"), workshop["code"]),
    ):
        if value:
            pdf.labelled(label, value)
    pdf.heading(t("methodology"), 0)
    pdf.paragraph(methodology(plan))


def _participation(pdf: PlanPDF, plan: dict) -> None:
    pdf.heading(t("participation"), 0)
    headings, rows = participation_table(plan["participation"])
    pdf.grid(headings, rows, (60, 25), size=10, bold_last=True)
    pdf.paragraph(participation_summary(plan["participation"]))


def _ranking(pdf: PlanPDF, plan: dict) -> None:
    pdf.heading(t("ranking"), 0)
    if plan.get("results_hidden"):
        pdf.paragraph(t("results_hidden"))
        return
    voted = voted_ranking(plan)
    if not voted:
        pdf.paragraph(t("no_votes"))
        return
    if plan.get("ranking_frozen"):
        pdf.paragraph(t("frozen"), size=9)
        pdf.ln(1)
    headings, rows = ranking_table(voted, plan.get("withheld"))
    size = 8.5
    # Each figure column as wide as its longest word, so «Funcionarios/as» is never cut; the
    # option's title takes the rest.
    figures = [
        pdf.longest_word([heading, *(row[column] for row in rows)], size)
        for column, heading in enumerate(headings)
    ]
    figures[1] = pdf.epw - sum(figures) + figures[1]
    pdf.grid(headings, rows, tuple(figures), size=size)
    for note in withheld_notes(plan.get("withheld")):
        pdf.paragraph(note, size=9)
    if any(entry.get("consensus") for entry in voted):
        pdf.paragraph(t("consensus_note"), size=9)


def _commitments(pdf: PlanPDF, plan: dict) -> None:
    pdf.heading(t("commitments"), 0, keep=45)  # and the first commitment's heading
    cards = {card["id"]: card for card in plan["contributions"]}
    commitments = in_plan(plan)
    if not commitments:
        pdf.paragraph(t("no_commitments"))
    for number, commitment in enumerate(commitments, 1):
        pdf.heading(f"{number}. {commitment['title']}", 1)
        # Label over text rather than a table: a 5,000-character field flows onto the next page.
        for field in commitment_fields(commitment, cards, plan.get("withheld")):
            if pdf.will_page_break(12):
                pdf.add_page(same=True)
            pdf.set_text_color(*_MUTED)
            pdf.paragraph(field.label, size=9, style="B")
            pdf.set_text_color(*_INK)
            if field.key == "milestones" and field.milestones:
                rows = [milestone_cells(m) for m in field.milestones]
                pdf.grid(milestone_headings(), rows, (26, 52, 52, pdf.epw - 130), size=9)
            else:
                pdf.paragraph(field.text if field.key != "milestones" else EMPTY)
            pdf.ln(1.2)
    dropped = set_aside(plan)
    if dropped:
        pdf.heading(t("set_aside"), 1)
        for commitment in dropped:
            reason = commitment.get("drop_reason")
            pdf.paragraph(f"• {commitment['title']}" + (f": {reason}" if reason else ""))


def _sign_off(pdf: PlanPDF, plan: dict) -> None:
    headings, rows = sign_off_table(plan)
    pdf.heading(t("sign_off"), 1, keep=50)
    pdf.paragraph(t("sign_off_note"), size=9)
    # Blank lines give each office room to sign by hand.
    rows = [[office, numbers, "\n\n\n", day] for office, numbers, _, day in rows]
    pdf.grid(headings, rows, (50, 26, pdf.epw - 106, 30), size=9)


def _annex(pdf: PlanPDF, plan: dict) -> None:
    pdf.add_page(orientation="L")
    pdf.heading(t("contributions"), 0)
    headings, rows = annex_table(plan)
    fixed = (10, 20, 32, 26, 17, 11)  # #, kind, author, group, commitment, votes
    # Never narrower than the heading's longest word: «Compromiso» is not cut in two.
    columns = (0, 1, 3, 4, 5, 6)
    fixed = tuple(
        max(width, pdf.longest_word([headings[column]], 8.5))
        for width, column in zip(fixed, columns, strict=True)
    )
    rest = pdf.epw - sum(fixed)  # the card's words and what became of it share the rest
    widths = (*fixed[:2], rest * 0.55, *fixed[2:], rest * 0.45)
    pdf.grid(headings, rows, widths, size=8.5)
    pdf.paragraph(t("annex_votes_note"), size=8.5)
    if hidden_line(plan):
        pdf.paragraph(hidden_line(plan), size=8.5)


def _record(pdf: PlanPDF, plan: dict) -> None:
    """The annex «Record of changes», after the contributions, on the same landscape pages."""
    if "changes" not in plan:
        return  # published before the record existed: no annex that would claim otherwise
    pdf.heading(changes.title(), 0)
    pdf.paragraph(changes.note(), size=8.5)
    headings, rows = changes.changes_table(plan)
    if rows:
        fixed = (24, 38)  # when, who; what, before and after share the rest
        rest = (pdf.epw - sum(fixed)) / 3
        pdf.grid(headings, rows, (*fixed, rest, rest, rest), size=8)
