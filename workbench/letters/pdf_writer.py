"""PDF letter drawn with reportlab in an embedded serif font.

Liberation Serif (Times metrics, SIL Open Font License) ships in
``resources/fonts`` and is embedded, so the text a reader extracts is exactly
the text written; characters it lacks are drawn in the fallback fonts of
``pdf_fonts`` (or the export refuses, naming them). Every page is headed with the case number and "Page N of M";
the outline lists sections and items. Page 1 opens as the published letters
do: the organization's logo (when the template names one) at the top right,
the case header table, then centered section headings.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from xml.sax.saxutils import escape
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from workbench.characters import clean_copy
from workbench.errors import WorkbenchError
from workbench.letters.document import Block, BlockStyle, LetterDocument
from workbench.letters.header import HeaderCell
from workbench.letters.pdf_fonts import check_printable, draw_string, markup
from workbench.letters.sources import WORKBENCH_CREATOR, continues_across_pages, ends_sentence
from workbench.resources import resource_path

FONT = "LetterSerif"
FONT_BOLD = "LetterSerif-Bold"
MARGIN = inch
HEADER_SIZE = 9
SECTION_ROOM = 1.6 * inch
ITEM_ROOM = 2.6 * inch
CASE_HEADER_SIZE = 10
# The header table's columns (label, value, label, value), filling the 6.5 in text width.
CASE_HEADER_WIDTHS = (1.45 * inch, 1.8 * inch, 1.6 * inch, 1.65 * inch)
LOGO_HEIGHT = 0.6 * inch


@cache
def register_fonts() -> None:
    fonts = resource_path("fonts")
    pdfmetrics.registerFont(TTFont(FONT, fonts / "LiberationSerif-Regular.ttf"))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, fonts / "LiberationSerif-Bold.ttf"))
    pdfmetrics.registerFont(TTFont(f"{FONT}-Italic", fonts / "LiberationSerif-Italic.ttf"))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=f"{FONT}-Italic", boldItalic=FONT_BOLD
    )


@cache
def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle(
        "LetterBody", fontName=FONT, fontSize=12, leading=14.5, alignment=TA_LEFT,
        spaceAfter=12,
    )
    return {
        "heading": ParagraphStyle(
            "SectionHeading", parent=body, fontName=FONT_BOLD, spaceBefore=6, spaceAfter=6,
            keepWithNext=True, alignment=TA_CENTER,
        ),
        "case_header": ParagraphStyle(
            "CaseHeader", fontName=FONT, fontSize=CASE_HEADER_SIZE, leading=12,
            alignment=TA_LEFT,
        ),
        BlockStyle.BODY: body,
        BlockStyle.LEAD_IN: body,
        BlockStyle.CREDENTIALS: body,
        # The description is bold and the decision not: the runs say which.
        BlockStyle.ITEM_HEADING: ParagraphStyle("ItemHeading", parent=body, keepWithNext=True),
        BlockStyle.GUIDELINE: body,
        BlockStyle.RATIONALE: body,
    }


@cache
def _keep_with_next(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}KeepWithNext", parent=style, keepWithNext=True)


class _LetterParagraph(Paragraph):
    """A paragraph that breaks across pages only where a reader sees it run on.

    When the last line on a page ends a sentence and the next page would
    start with a capital, the text reads as two paragraphs; one more line
    then moves to the next page, so the PDF reads back as it was written.
    """

    def split(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        while availHeight > 0:
            parts = super().split(availWidth, availHeight)
            if len(parts) != 2:
                return parts
            lines, cut = self.blPara.lines, len(parts[0].blPara.lines)
            before = " ".join(_line_text(line) for line in lines[:cut])
            if continues_across_pages(before, _line_text(lines[cut])):
                return parts
            availHeight -= self.style.leading
        return []


def _line_text(line) -> str:
    """The text of one laid-out line: plain lines hold words, styled ones fragments."""
    if isinstance(line, tuple):
        return " ".join(line[1])
    return "".join(getattr(fragment, "text", "") for fragment in line.words)


class _Outlined(_LetterParagraph):
    """A paragraph that opens an outline entry when it is laid out on a page."""

    def __init__(self, text, style, title: str | None = None, level: int = 0, **kwargs):
        super().__init__(text, style, **kwargs)
        self.outline_title, self.outline_level = title, level

    def draw(self) -> None:
        if self.outline_title:
            key = f"outline-{id(self)}"
            self.canv.bookmarkHorizontal(key, 0, self.height)
            self.canv.addOutlineEntry(self.outline_title, key, level=self.outline_level)
            self.outline_title = None
        super().draw()


_HYPHEN_SPACE = re.compile(r"(?<=\S)- (?=\S)")
# Fewer characters than this cannot fill a line at the letter's sizes (no glyph is wider than
# the type's size), so only longer words are measured.
LONG_WORD = 36
# The width a paragraph's lines have: the text width less the frame's 6 pt padding each side.
TEXT_WIDTH = LETTER[0] - 2 * MARGIN - 12


def _long_word_markup(text: str, font: str, size: float) -> str:
    """Markup for ``text`` in which a word wider than a line (a URL, say) breaks after one of
    its own hyphens, never inside a run of letters.

    Left to itself the layout cuts such a word anywhere ("slidesha" / "re.net"), and the
    PDF then reads back as two words. A line that ends in the word's own hyphen reads back
    as one word, as the reader joins "differences-" and "between" without a space.
    """
    # A hyphen before a space ("shoulder- discrete") must not end a line: it would read back
    # as a word split at its hyphen. A no-break space keeps the two on one line.
    text = _HYPHEN_SPACE.sub("-\u00a0", text)
    if all(len(word) < LONG_WORD or stringWidth(word, font, size) <= TEXT_WIDTH
           for word in text.split()):
        return markup(text, font)  # whole, so right-to-left runs are ordered as one
    parts: list[str] = []
    for piece in re.split(r"([^\S\u00a0]+)", text):
        if not piece or piece.isspace() or stringWidth(piece, font, size) <= TEXT_WIDTH:
            parts.append(markup(piece, font))
            continue
        chunks: list[str] = []
        rest = piece
        while stringWidth(rest, font, size) > TEXT_WIDTH:
            cuts = [m.end() for m in re.finditer(r"-(?=[^-])", rest)
                    if stringWidth(rest[:m.end()], font, size) <= TEXT_WIDTH]
            if not cuts:
                break
            chunks.append(rest[:cuts[-1]])
            rest = rest[cuts[-1]:]
        chunks.append(rest)
        parts.append("<br/>".join(markup(chunk, font) for chunk in chunks))
    return "".join(parts)


def _markup(block: Block, style: ParagraphStyle) -> str:
    lines = []
    for line in block.lines:
        parts = []
        for run in line:
            if run.bold:
                parts.append(f"<b>{_long_word_markup(run.text, FONT_BOLD, style.fontSize)}</b>")
            else:
                parts.append(_long_word_markup(run.text, style.fontName, style.fontSize))
        lines.append("".join(parts))
    return "<br/>".join(lines)


def _texts(letter: LetterDocument) -> Iterator[tuple[str, str]]:
    """Every text the PDF draws, with the font it is drawn in first."""
    yield letter.page_header, FONT
    for row in letter.case_header:
        for cell in row:
            yield cell.label, FONT_BOLD
            yield cell.value, FONT
    for section in letter.sections:
        yield section.heading, FONT_BOLD
        for block in section.blocks:
            for line in block.lines:
                for run in line:
                    yield run.text, FONT_BOLD if run.bold else FONT


def _numbered_canvas(header: str):
    class NumberedCanvas(pdfcanvas.Canvas):
        """Holds pages back until the end so each header can say "of M"."""

        def __init__(self, *args, **kwargs):
            kwargs.update(initialFontName=FONT, initialFontSize=12)
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            self.showOutline()

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._draw_header(number, total)
                super().showPage()
            super().save()

        def _draw_header(self, number: int, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFont(FONT, HEADER_SIZE)
            baseline = height - MARGIN / 2
            if header:
                draw_string(self, MARGIN, baseline, header, FONT, HEADER_SIZE)
            self.drawRightString(width - MARGIN, baseline, f"Page {number} of {total}")
            self.restoreState()

    return NumberedCanvas


def _logo(letter: LetterDocument) -> Image:
    """The organization's logo, right-aligned, scaled to ``LOGO_HEIGHT``."""
    try:
        width, height = ImageReader(str(letter.logo)).getSize()
    except Exception:  # missing file, or an image reportlab cannot read
        raise WorkbenchError(
            f"The letter template's logo cannot be used: {letter.logo.name} "
            "(a PNG or JPEG file is needed)") from None
    logo = Image(str(letter.logo), width=LOGO_HEIGHT * width / height, height=LOGO_HEIGHT)
    logo.hAlign = "RIGHT"
    return logo


def _case_header(rows: list[list[HeaderCell]]) -> Table:
    """The case header: a bordered table of bold labels and their values."""
    style = _styles()["case_header"]
    columns = len(CASE_HEADER_WIDTHS)
    data = []
    bold_cells = []
    for number, cells in enumerate(rows):
        row: list[Paragraph | str] = []
        for cell in cells:
            for text, font in ((cell.label, FONT_BOLD), (cell.value, FONT)):
                width = CASE_HEADER_WIDTHS[len(row)] - 6  # less the cell's padding
                if markup(text, font) == escape(text) and \
                        stringWidth(text, font, CASE_HEADER_SIZE) <= width:
                    row.append(text)  # a plain string: laid out far faster than a paragraph
                    if font == FONT_BOLD:
                        bold_cells.append(("FONTNAME", (len(row) - 1, number),
                                           (len(row) - 1, number), FONT_BOLD))
                else:  # wraps, or needs a fallback font
                    bold = font == FONT_BOLD
                    row.append(Paragraph(f"<b>{markup(text, font)}</b>" if bold
                                         else markup(text, font), style))
        data.append(row + [""] * (columns - len(row)))
    table = Table(data, colWidths=CASE_HEADER_WIDTHS, hAlign="CENTER")
    # A row of one cell (the case number) leaves the rest of the row as one empty cell.
    spans = [("SPAN", (2 * len(cells), row), (-1, row)) for row, cells in enumerate(rows)
             if 2 * len(cells) < columns - 1]
    table.setStyle(TableStyle([
        *spans,
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # empty cells too: no base-14 font in the file
        ("FONTSIZE", (0, 0), (-1, -1), CASE_HEADER_SIZE),
        ("LEADING", (0, 0), (-1, -1), 12),
        *bold_cells,
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def write_pdf(letter: LetterDocument) -> bytes:
    letter = clean_copy(letter)  # control characters have no glyph and break the markup
    styles = _styles()
    for primary in (FONT, FONT_BOLD):
        check_printable((text for text, font in _texts(letter) if font == primary), primary)
    flowables: list[Flowable] = []
    if letter.logo is not None:
        flowables += [_logo(letter), Spacer(1, 6)]
    if letter.case_header:
        flowables += [_case_header(letter.case_header), Spacer(1, 12)]
    for section in letter.sections:
        # A heading, or an item's heading and guideline lines, never ends a page:
        # start a new page when too little room is left for them and some text.
        flowables.append(CondPageBreak(SECTION_ROOM))
        flowables.append(_Outlined(markup(section.heading, FONT_BOLD), styles["heading"],
                                   section.heading, 0))
        runs_on = False  # the last paragraph must not end a page
        for block in section.blocks:
            style = styles[block.style]
            if block.outline:
                if runs_on:
                    # A page break here would join the paragraph to this heading when the
                    # letter is read back: the heading travels with it instead.
                    style = _keep_with_next(style)
                else:
                    flowables.append(CondPageBreak(ITEM_ROOM))
                flowables.append(_Outlined(_markup(block, style), style, block.outline, 1))
                runs_on = False
            else:
                runs_on = not ends_sentence(block.text)
                if runs_on:
                    # Ending a page, it would read as running on into the next one.
                    style = _keep_with_next(style)
                flowables.append(_LetterParagraph(_markup(block, style), style))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=letter.title, author=letter.author, subject=letter.subject,
        creator=WORKBENCH_CREATOR,
    )
    document.build(flowables, canvasmaker=_numbered_canvas(letter.page_header))
    return buffer.getvalue()
