"""The case header on page 1: printed from the case in DOCX, PDF and TXT, read back from
every order text extractors give it, kept in the database, and the optional logo."""

from __future__ import annotations

import ctypes
import json
import dataclasses
import datetime as dt
import io
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from PIL import Image

from workbench.case import Case, Decision, Item, ReviewType
from workbench.errors import WorkbenchError
from workbench.letters.export import export_letter
from workbench.letters.header import read_header
from workbench.letters.reader import parse_letter, read_letter
from workbench.letters.sources import plain_text
from workbench.letters.template import default_template
from workbench.store import CaseStore

ROWS = [
    ["Case Number:", "CM17-0004242"],
    ["Date Assigned:", "01/03/2017", "Date of Injury:", "10/05/2016"],
    ["Decision Date:", "02/01/2017", "UR Denial Date:", "12/20/2016"],
    ["Priority:", "Expedited", "Application Received:", "12/28/2016"],
]


def header_case(**changes) -> Case:
    case = Case("MAXIMUS Federal Services", "MAXIMUS", case_number="CM17-0004242",
                review_type=ReviewType.EXPEDITED, received_on=dt.date(2017, 1, 3),
                decided_on=dt.date(2017, 2, 1), ur_decision_on=dt.date(2016, 12, 20),
                application_received_on=dt.date(2016, 12, 28),
                summary_form={"injury_date": "2016-10-05"},
                summary=["The injured worker is a 40 year old man with low back pain."],
                items=[Item("MRI of the lumbar spine", Decision.UPHELD,
                            rationale=["No red flags are documented."])])
    return dataclasses.replace(case, **changes)


def same_header(case: Case) -> tuple:
    return (case.case_number, case.received_on, case.summary_form.get("injury_date"),
            case.decided_on, case.ur_decision_on, case.review_type,
            case.application_received_on)


# -- printing ---------------------------------------------------------------------------

def test_txt_opens_with_the_header_rows_in_columns(tmp_path: Path):
    [path] = export_letter(header_case(), {"txt": tmp_path / "letter.txt"})
    lines = path.read_text(encoding="utf-8").split("\n")
    assert [line.split() for line in lines[:4]] == [
        "Case Number: CM17-0004242".split(),
        "Date Assigned: 01/03/2017 Date of Injury: 10/05/2016".split(),
        "Decision Date: 02/01/2017 UR Denial Date: 12/20/2016".split(),
        "Priority: Expedited Application Received: 12/28/2016".split(),
    ]
    # The right-hand labels start in one column.
    assert len({line.index(label) for line, label in zip(
        lines[1:4], ("Date of Injury:", "UR Denial Date:", "Application Received:"))}) == 1
    assert lines[4] == "" and lines[5] == "HOW THE IMR FINAL DETERMINATION WAS MADE"


def docx_blocks(path: Path) -> list:
    return list(Document(io.BytesIO(path.read_bytes())).iter_inner_content())


def test_docx_header_is_a_word_table_with_bold_labels(tmp_path: Path):
    [path] = export_letter(header_case(), {"docx": tmp_path / "letter.docx"})
    blocks = docx_blocks(path)
    table = blocks[0]
    assert isinstance(table, Table)
    assert (len(table.rows), len(table.columns)) == (4, 4)
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells == [row + [""] * (4 - len(row)) for row in ROWS]
    for row in table.rows:
        for column, cell in enumerate(row.cells):
            for run in cell.paragraphs[0].runs:
                is_label = column % 2 == 0
                assert (run.style is not None and run.style.name == "Letter Label") == is_label
    assert table.style.name == "Table Grid"  # bordered, as on the published letters
    first = table.rows[0].cells
    assert first[2]._tc is first[3]._tc  # beside the case number, one empty merged cell
    headings = [b for b in blocks if not isinstance(b, Table) and b.style.name == "Heading 1"]
    assert [h.text for h in headings][0] == "HOW THE IMR FINAL DETERMINATION WAS MADE"
    assert all(h.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
               for h in headings)


def font_at(textpage, index: int) -> str:
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, 256, ctypes.byref(flags))
    return buffer.value.decode()


def test_pdf_draws_the_header_table_then_centered_headings(tmp_path: Path):
    [path] = export_letter(header_case(), {"pdf": tmp_path / "letter.pdf"})
    document = pdfium.PdfDocument(path)
    page = document[0]
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = lines.index("Case Number: CM17-0004242")
    assert [line.split() for line in lines[start:start + 4]] == [
        " ".join(row).split() for row in ROWS]
    assert lines[start + 4] == "HOW THE IMR FINAL DETERMINATION WAS MADE"
    for label in ("Case Number:", "Application Received:"):
        assert "Bold" in font_at(textpage, text.index(label))
    assert "Bold" not in font_at(textpage, text.index("CM17-0004242", text.index("Case Number")))
    # The heading's middle is the page's middle: centered.
    width = page.get_width()
    for heading in ("HOW THE IMR FINAL DETERMINATION WAS MADE", "CLINICAL CASE SUMMARY"):
        at = text.index(heading)
        left = textpage.get_charbox(at)[0]
        right = textpage.get_charbox(at + len(heading) - 1)[2]
        assert abs((left + right) / 2 - width / 2) < 3
    # The table's ruled lines: paths on the page above the first heading.
    heading_top = textpage.get_charbox(text.index("HOW THE IMR"))[3]
    rules = [obj for obj in page.get_objects()
             if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH and obj.get_bounds()[1] > heading_top]
    assert len(rules) >= 4
    document.close()


def test_unknown_values_print_empty_cells_and_free_text_injury_dates_as_written(tmp_path):
    case = header_case(decided_on=None, application_received_on=None,
                       summary_form={"injury_date": "cumulative trauma 2010-2014"},
                       review_type=ReviewType.STANDARD)
    [path] = export_letter(case, {"txt": tmp_path / "letter.txt"})
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[1].split() == \
        "Date Assigned: 01/03/2017 Date of Injury: cumulative trauma 2010-2014".split()
    assert lines[2].split() == "Decision Date: UR Denial Date: 12/20/2016".split()
    assert lines[3].split() == "Priority: Standard Application Received:".split()
    for kind in ("txt", "docx", "pdf"):
        [exported] = export_letter(case, {kind: tmp_path / f"blank.{kind}"})
        reading = read_letter(exported)
        assert reading.unplaced == []
        assert same_header(reading.case) == same_header(case), kind


# -- reading back ---------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
def test_each_export_reads_back_its_header(kind: str, tmp_path: Path):
    case = header_case()
    [path] = export_letter(case, {kind: tmp_path / f"letter.{kind}"})
    reading = read_letter(path)
    assert reading.unplaced == []
    assert same_header(reading.case) == same_header(case)


# The header as different extractors give it, written here by hand.
ROW_ORDER = """Case Number: CM16-0221706
Date Assigned: 11/23/2016 Date of Injury: 10/16/2016
Decision Date: 12/21/2016 UR Denial Date: 10/20/2016
Priority: Standard Application
Received:
11/15/2016"""
COLUMN_ORDER = """Case Number:
Date Assigned:
Decision Date:
Priority:

CM16-0221706
11/23/2016
12/21/2016
Standard

Date of Injury:
UR Denial Date:
Application
Received:

10/16/2016
10/20/2016
11/15/2016"""
LAYOUT = """Case Number:          CM16-0221706
Date Assigned:        11/23/2016                      Date of Injury:      10/16/2016
Decision Date:        12/21/2016                      UR Denial Date:      10/20/2016
Priority:             Standard                        Application          11/15/2016
                                                      Received:"""
GLUED = ("Case Number: CM16-0221706Date Assigned: 11/23/2016 Date of Injury: 10/16/2016"
         "Decision Date: 12/21/2016 UR Denial Date: 10/20/2016Priority: Standard Application "
         "Received: 11/15/2016")
EXPECTED = {"case_number": "CM16-0221706", "date_assigned": "11/23/2016",
            "date_of_injury": "10/16/2016", "decision_date": "12/21/2016",
            "ur_denial_date": "10/20/2016", "priority": "Standard",
            "application_received": "11/15/2016"}


@pytest.mark.parametrize("text", [ROW_ORDER, COLUMN_ORDER, LAYOUT, GLUED],
                         ids=["rows", "columns", "layout", "glued"])
def test_header_reads_in_every_order(text: str):
    reading = read_header(text, default_template())
    assert reading.values == EXPECTED
    assert reading.unplaced == []


def test_header_values_land_in_the_case_fields():
    letter = GLUED + "HOW THE IMR FINAL DETERMINATION WAS MADE\nMAXIMUS Federal Services sent " \
        "the complete case file to an expert reviewer."
    case = parse_letter(plain_text(letter)).case
    assert case.case_number == "CM16-0221706"
    assert case.received_on == dt.date(2016, 11, 23)
    assert case.summary_form == {"injury_date": "2016-10-16"}
    assert case.decided_on == dt.date(2016, 12, 21)
    assert case.ur_decision_on == dt.date(2016, 10, 20)
    assert case.review_type is ReviewType.STANDARD
    assert case.application_received_on == dt.date(2016, 11, 15)


def test_a_value_that_does_not_fit_is_reported_not_dropped():
    letter = ("Case Number: CM16-0000001\nDecision Date: soon\nPriority: Urgent\n\n"
              "HOW THE IMR FINAL DETERMINATION WAS MADE\n\nMAXIMUS Federal Services sent the "
              "complete case file to an expert reviewer.\n")
    reading = parse_letter(plain_text(letter))
    assert reading.case.case_number == "CM16-0000001"
    assert reading.case.decided_on is None
    assert sorted(reading.unplaced) == ["Decision Date: soon", "Priority: Urgent"]


# -- the database ------------------------------------------------------------------------

def test_store_keeps_every_header_field(database):
    store = CaseStore(database)
    case = header_case()
    case.id = store.add(case)
    stored = store.get(case.id)
    assert same_header(stored) == same_header(case)
    stored.decided_on = dt.date(2017, 2, 2)
    stored.application_received_on = None
    store.save(stored)
    again = store.get(case.id)
    assert (again.decided_on, again.application_received_on) == (dt.date(2017, 2, 2), None)


# -- the logo --------------------------------------------------------------------------

@pytest.fixture
def logo(tmp_path: Path) -> Path:
    path = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (20, 60, 120)).save(path)
    return path


def test_logo_is_a_template_setting_drawn_top_right_on_page_one(logo: Path, tmp_path: Path):
    template = dataclasses.replace(default_template(), logo=logo)
    pdf, docx = export_letter(header_case(),
                              {"pdf": tmp_path / "l.pdf", "docx": tmp_path / "l.docx"},
                              template=template)
    document = pdfium.PdfDocument(pdf)
    page = document[0]
    images = [obj for obj in page.get_objects() if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE]
    assert len(images) == 1
    left, bottom, right, top = images[0].get_bounds()
    text = page.get_textpage()
    table_top = text.get_charbox(text.get_text_range().index("Case Number"))[3]
    assert bottom > table_top  # above the header table
    assert right > page.get_width() - 80  # at the right margin
    assert abs((right - left) / (top - bottom) - 3) < 0.05  # its proportions kept
    assert not any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in document[1].get_objects())
    document.close()
    first = docx_blocks(docx)[0]
    assert first.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert first._p.xpath(".//pic:pic")
    assert isinstance(docx_blocks(docx)[1], Table)
    # Read back, the logo changes nothing.
    for path in (pdf, docx):
        reading = read_letter(path)
        assert reading.unplaced == []
        assert same_header(reading.case) == same_header(header_case())


def test_no_logo_is_shipped():
    assert default_template().logo is None


def test_a_logo_that_is_not_an_image_refuses_the_export_in_one_line(tmp_path: Path):
    bad = tmp_path / "logo.png"
    bad.write_text("not an image", encoding="utf-8")
    template = dataclasses.replace(default_template(), logo=bad)
    for kind in ("pdf", "docx"):
        with pytest.raises(WorkbenchError) as refused:
            export_letter(header_case(), {kind: tmp_path / f"l.{kind}"}, template=template)
        assert "\n" not in str(refused.value) and "logo.png" in str(refused.value)
        assert not (tmp_path / f"l.{kind}").exists()


def test_command_line_import_keeps_the_header_and_export_prints_it(cli, tmp_path: Path):
    from real_letters import letter

    imported = cli("letter", "import", str(letter("CM16-0221706")), "--json")
    assert imported.code == 0, imported.err
    case = json.loads(imported.out)
    assert case["header"] == {
        "case_number": "CM16-0221706", "date_assigned": "11/23/2016",
        "date_of_injury": "10/16/2016", "decision_date": "12/21/2016",
        "ur_denial_date": "10/20/2016", "priority": "Standard",
        "application_received": "11/15/2016"}
    assert case["unplaced"] == []
    out = tmp_path / "again.txt"
    exported = cli("letter", "export", str(case["case_id"]), "--txt", str(out))
    assert exported.code == 0, exported.err
    assert [line.split() for line in out.read_text(encoding="utf-8").split("\n")[:4]] == [
        "Case Number: CM16-0221706".split(),
        "Date Assigned: 11/23/2016 Date of Injury: 10/16/2016".split(),
        "Decision Date: 12/21/2016 UR Denial Date: 10/20/2016".split(),
        "Priority: Standard Application Received: 11/15/2016".split(),
    ]
