"""DOCX letter with real named styles, so it edits cleanly in a word processor.

Section headings use Heading 1, centered as in the published letters, and item
headings Heading 2 (the word processor's navigation pane then lists them);
body, lead-in, credential, guideline and rationale paragraphs have styles of
their own, and labels use a bold character style rather than direct
formatting. Page 1 opens with the case header as a real Word table (bordered,
labels bold), under the organization's logo when the template names one.
"""

from __future__ import annotations

import io
from functools import cache

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from workbench.characters import clean_copy
from workbench.errors import WorkbenchError
from workbench.letters.document import BlockStyle, LetterDocument
from workbench.letters.header import HeaderCell

FONT = "Times New Roman"
BODY_STYLE = "Letter Body"
LABEL_STYLE = "Letter Label"
HEADER_STYLE = "Letter Page Header"
CASE_HEADER_STYLE = "Letter Case Header"
CASE_HEADER_SIZE = 10
# The header table's four columns (label, value, label, value), filling the 6.5 in text width.
CASE_HEADER_WIDTHS = (Inches(1.45), Inches(1.8), Inches(1.6), Inches(1.65))
LOGO_HEIGHT = Inches(0.6)
PARAGRAPH_STYLES = {
    BlockStyle.BODY: BODY_STYLE,
    BlockStyle.LEAD_IN: "Letter Lead-in",
    BlockStyle.CREDENTIALS: "Letter Credentials",
    BlockStyle.ITEM_HEADING: "Heading 2",
    BlockStyle.GUIDELINE: "Letter Guideline",
    BlockStyle.RATIONALE: "Letter Rationale",
}
SECTION_HEADING_STYLE = "Heading 1"


def _set_font(style, size: float = 12, bold: bool | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def _define_styles(document) -> None:
    styles = document.styles
    _set_font(styles["Normal"])
    body = styles.add_style(BODY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = styles["Normal"]
    _set_font(body)
    body.paragraph_format.space_before = Pt(0)
    body.paragraph_format.space_after = Pt(12)
    body.paragraph_format.line_spacing = 1.0
    for block_style, name in PARAGRAPH_STYLES.items():
        if name == BODY_STYLE:
            continue
        style = styles[name] if name.startswith("Heading") else styles.add_style(
            name, WD_STYLE_TYPE.PARAGRAPH
        )
        style.base_style = body
        # Item headings are not bold as a whole: the description is, the decision not.
        _set_font(style, bold=False if block_style is BlockStyle.ITEM_HEADING else None)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(12)
        # An item's heading and guideline lines stay on the page of its rationale's first lines.
        style.paragraph_format.keep_with_next = block_style in (
            BlockStyle.ITEM_HEADING, BlockStyle.GUIDELINE, BlockStyle.LEAD_IN
        )
    heading = styles[SECTION_HEADING_STYLE]
    heading.base_style = body
    _set_font(heading, bold=True)
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    case_header = styles.add_style(CASE_HEADER_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    case_header.base_style = styles["Normal"]
    _set_font(case_header, size=CASE_HEADER_SIZE)
    case_header.paragraph_format.space_before = Pt(0)
    case_header.paragraph_format.space_after = Pt(0)
    label = styles.add_style(LABEL_STYLE, WD_STYLE_TYPE.CHARACTER)
    label.font.bold = True
    header = styles.add_style(HEADER_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    header.base_style = styles["Normal"]
    _set_font(header, size=9)


def _add_field(paragraph, code: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_header(document, letter: LetterDocument) -> None:
    section = document.sections[0]
    paragraph = section.header.paragraphs[0]
    paragraph._p.style = _style_id(document, HEADER_STYLE)
    width = section.page_width - section.left_margin - section.right_margin
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(f"{letter.page_header}\tPage ")
    _add_field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _add_field(paragraph, "NUMPAGES")


@cache
def _base_document() -> bytes:
    """An empty letter with its styles and page set up, built once per process.

    python-docx looks styles up by scanning them all, so styles are defined
    here once and paragraphs below refer to them by id.
    """
    document = Document()
    _define_styles(document)
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


TABLE_STYLE = "Table Grid"


@cache
def _style_ids() -> dict[str, str]:
    """Every style the writer uses, name to id, read once from the base document.

    Looking a style up by name scans all of them; the ids never change, so each
    export refers to styles by id without looking them up again.
    """
    document = Document(io.BytesIO(_base_document()))
    names = {*PARAGRAPH_STYLES.values(), SECTION_HEADING_STYLE, LABEL_STYLE, HEADER_STYLE,
             CASE_HEADER_STYLE, TABLE_STYLE}
    return {name: document.styles[name].style_id for name in names}


def _style_id(document, name: str) -> str:
    return _style_ids()[name]


def _logo(document, letter: LetterDocument) -> None:
    """The organization's logo at the top right of page 1."""
    paragraph = document._body.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    try:
        paragraph.add_run().add_picture(str(letter.logo), height=LOGO_HEIGHT)
    except Exception:  # missing file, or python-docx cannot tell the image's kind
        raise WorkbenchError(
            f"The letter template's logo cannot be used: {letter.logo.name} "
            "(a PNG or JPEG file is needed)") from None


def _case_header(document, rows: list[list[HeaderCell]], label_id: str) -> None:
    """The case header as a bordered table: label and value cells, labels bold."""
    columns = len(CASE_HEADER_WIDTHS)
    table = document.add_table(rows=len(rows), cols=columns)
    table._tbl.tblStyle_val = _style_id(document, TABLE_STYLE)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, CASE_HEADER_WIDTHS):
        column.width = width  # the grid, which LibreOffice follows; Word follows the cells
    style_id = _style_id(document, CASE_HEADER_STYLE)
    grid = table._cells  # row by row, worked out once (each row.cells works out the grid)
    for number, cells in enumerate(rows):
        texts: list[tuple[str, bool]] = []
        for cell in cells:
            texts += [(cell.label, True), (cell.value, False)]
        texts += [("", False)] * (columns - len(texts))
        for column, (text, bold) in enumerate(texts):
            cell = grid[number * columns + column]
            cell.width = CASE_HEADER_WIDTHS[column]
            paragraph = cell.paragraphs[0]
            paragraph._p.style = style_id
            if text:
                run = paragraph.add_run(text)
                if bold:
                    run._r.style = label_id
        # A row of one cell (the case number) leaves the rest of the row as one empty cell.
        if 2 * len(cells) < columns - 1:
            grid[number * columns + 2 * len(cells)].merge(grid[number * columns + columns - 1])
    # A little room between the table and the first heading, as on the published letters.
    spacer = document._body.add_paragraph()
    spacer._p.style = style_id


def write_docx(letter: LetterDocument) -> bytes:
    letter = clean_copy(letter)  # lxml refuses control characters: drop them, not the letter
    document = Document(io.BytesIO(_base_document()))
    _page_header(document, letter)
    properties = document.core_properties
    properties.title, properties.subject, properties.author = (
        letter.title, letter.subject, letter.author,
    )
    properties.comments = ""
    ids = {block_style: _style_id(document, name) for block_style, name in PARAGRAPH_STYLES.items()}
    heading_id = _style_id(document, SECTION_HEADING_STYLE)
    label_id = _style_id(document, LABEL_STYLE)
    body = document._body
    if letter.logo is not None:
        _logo(document, letter)
    if letter.case_header:
        _case_header(document, letter.case_header, label_id)
    for letter_section in letter.sections:
        heading = body.add_paragraph(letter_section.heading)
        heading._p.style = heading_id
        for block in letter_section.blocks:
            paragraph = body.add_paragraph()
            paragraph._p.style = ids[block.style]
            for index, line in enumerate(block.lines):
                if index:
                    paragraph.add_run().add_break()
                for run in line:
                    added = paragraph.add_run(run.text)
                    if run.bold:
                        added._r.style = label_id
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
