"""Letters of the older published form (2013) read into the same case model.

The letters here are built from the form's description (docs/letter-header.md,
"The 2013 form"): title and date, the particulars, the numbered decisions
("has determined the request for ... is (not) medically necessary and
appropriate"), the medical qualifications paragraph, the case summary with its
disclaimer, and each item's guidelines and rationale.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from docx import Document
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas

from workbench.case import CredentialForm, Decision, ReviewType, Role
from workbench.citations import format_line
from workbench.errors import NotALetter
from workbench.letters.export import export_letter
from workbench.letters.reader import read_letter

ORG = "MAXIMUS Federal Services, Inc."
DISCLAIMER = ("Disclaimer: The following case summary was taken directly from the utilization "
              "review denial/modification dated July 31, 2013.")
SUMMARY = ['"The patient is a 44 year-old female who injured her low back lifting boxes on '
           '3/12/2012. She has had 24 sessions of physical therapy and reports new numbness of '
           'the left foot."',
           "The provider requested further therapy and an MRI of the lumbar spine."]
CA_PT = ("The Claims Administrator based its decision on the Chronic Pain Medical Treatment "
         "Guidelines (2009), Physical Medicine, pages 98-99, which is part of the MTUS.")
REVIEWER_PT = ("The Expert Reviewer found the guideline used by the Claims Administrator "
               "relevant and appropriate for the employee's clinical circumstance.")
RATIONALE_PT = ["The guidelines allow 9-10 visits over 8 weeks. The patient has had 24 sessions "
                "without documented functional improvement.",
                "The request for physical therapy x 12 is not medically necessary and "
                "appropriate."]
CA_MRI = ("The Claims Administrator based its decision on the ACOEM Practice Guidelines, 2nd "
          "Edition (2004), Chapter 12, page 303, which is part of the MTUS.")
REVIEWER_MRI = "The Expert Reviewer based his/her decision on the same guideline."
RATIONALE_MRI = ["New numbness of the left foot is an unequivocal neurologic finding. The "
                 "request for an MRI of the lumbar spine is medically necessary and appropriate."]
NAMES = ["Employee Name: [redacted]", "Provider Name: [redacted]"]


def paragraphs() -> list[str]:
    """The 2013 letter, a paragraph per entry (an entry's "\\n" is a line break in it)."""
    decisions = [
        f"1) {ORG} has determined the request for physical therapy x 12 is not medically "
        "necessary and appropriate.",
        f"2) {ORG} has determined the request for an MRI of the lumbar spine is medically "
        "necessary and appropriate.",
    ]
    return [
        "MAXIMUS FEDERAL SERVICES, INC.",
        "Notice of Independent Medical Review Determination",
        "Dated: 10/24/2013",
        "IMR Case Number: CM13-0012345",
        "Date of Injury: 3/12/2012",
        "Claims Number: 000-111-22",
        "UR Denial Date: 7/31/2013",
        "Priority: Expedited",
        "Application Received: 8/12/2013",
        *NAMES,
        *decisions,
        "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE",
        "An application for Independent Medical Review was filed on 8/12/2013 disputing the "
        "Utilization Review Denial dated 7/31/2013. A Notice of Assignment and Request for "
        "Information was provided to the above parties on 8/20/2013. A decision has been made "
        "for each of the treatment and/or services that were in dispute:",
        *decisions,
        "Medical Qualifications of the Expert Reviewer:",
        "The independent Medical Doctor who made the decision has no affiliation with the "
        "employer, employee, providers or the claims administrator. The physician reviewer is "
        "Board Certified in Physical Medicine and Rehabilitation, has a subspecialty in Pain "
        "Medicine and is licensed to practice in California and Texas. He/she has been in "
        "active clinical practice for more than five years and is currently working at least "
        "24 hours a week in active practice.",
        "Case Summary:",
        DISCLAIMER,
        *SUMMARY,
        "1) Regarding the request for physical therapy x 12:",
        "Medical Treatment Guideline(s) Relied Upon by the Claims Administrator:",
        CA_PT,
        "Medical Treatment Guideline(s) Relied Upon by the Expert Reviewer:",
        REVIEWER_PT,
        "Rationale Used by the Expert Reviewer:",
        *RATIONALE_PT,
        "2) Regarding the request for an MRI of the lumbar spine:",
        "Medical Treatment Guideline(s) Relied Upon by the Claims Administrator:",
        CA_MRI,
        "Medical Treatment Guideline(s) Relied Upon by the Expert Reviewer:",
        REVIEWER_MRI,
        "Rationale Used by the Expert Reviewer:",
        *RATIONALE_MRI,
    ]


def as_text(path: Path) -> Path:
    path.write_text("\n\n".join(paragraphs()) + "\n", encoding="utf-8")
    return path


def as_docx(path: Path) -> Path:
    document = Document()
    for paragraph in paragraphs():
        document.add_paragraph(paragraph)
    document.save(path)
    return path


def as_pdf(path: Path) -> Path:
    """Typeset as a word processor would: wrapped lines, a gap between paragraphs, pages."""
    pdf = canvas.Canvas(str(path), pagesize=LETTER)
    y = 720
    for paragraph in paragraphs():
        for line in textwrap.wrap(paragraph, 90):
            if y < 72:
                pdf.showPage()
                y = 720
            pdf.setFont("Times-Roman", 11)
            pdf.drawString(72, y, line)
            y -= 13
        y -= 9
    pdf.save()
    return path


BUILDERS = {"txt": as_text, "docx": as_docx, "pdf": as_pdf}


@pytest.fixture(params=sorted(BUILDERS))
def letter(request, tmp_path: Path) -> Path:
    return BUILDERS[request.param](tmp_path / f"2013.{request.param}")


def test_the_2013_form_reads_into_the_case_model(letter: Path):
    reading = read_letter(letter)
    case = reading.case
    assert case.case_number == "CM13-0012345"
    assert case.claim_number == "000-111-22"
    assert case.decided_on == dt.date(2013, 10, 24)
    assert case.summary_form == {"injury_date": "2012-03-12"}
    assert case.ur_decision_on == dt.date(2013, 7, 31)
    assert case.application_received_on == dt.date(2013, 8, 12)
    assert case.received_on == dt.date(2013, 8, 20)  # the notice of assignment
    assert case.review_type is ReviewType.EXPEDITED
    assert case.organization == ORG and case.organization_short == "MAXIMUS"
    assert case.credentials.form is CredentialForm.SENTENCE
    assert case.credentials.certifications == ["Physical Medicine and Rehabilitation"]
    assert case.credentials.subspecialties == ["Pain Medicine"]
    assert case.credentials.licensure_states == ["California", "Texas"]
    assert case.wording.summary_lead_in == DISCLAIMER
    assert case.summary == SUMMARY
    assert [(i.description, i.decision) for i in case.items] == [
        ("physical therapy x 12", Decision.UPHELD),  # "is not medically necessary"
        ("an MRI of the lumbar spine", Decision.OVERTURNED),  # "is medically necessary"
    ]
    lines = [(format_line(i.citations(Role.CLAIMS_ADMINISTRATOR), Role.CLAIMS_ADMINISTRATOR),
              format_line(i.citations(Role.REVIEWER), Role.REVIEWER)) for i in case.items]
    assert lines == [(CA_PT, REVIEWER_PT), (CA_MRI, REVIEWER_MRI)]
    assert [i.rationale for i in case.items] == [RATIONALE_PT, RATIONALE_MRI]
    # The case keeps no names: the two lines that carry them are reported, nothing else.
    assert reading.unplaced == NAMES


def test_a_2013_letter_exports_in_todays_form_and_reads_back_the_same(tmp_path: Path):
    original = read_letter(as_text(tmp_path / "2013.txt")).case
    original.claim_number = None  # today's letter does not print it
    for kind in ("txt", "docx", "pdf"):
        [path] = export_letter(original, {kind: tmp_path / f"today.{kind}"})
        reading = read_letter(path)
        assert reading.unplaced == []
        assert reading.case == original, kind
    text = (tmp_path / "today.txt").read_text(encoding="utf-8")
    assert "HOW THE IMR FINAL DETERMINATION WAS MADE" in text
    assert "Notice of Independent Medical Review Determination" not in text
    assert text.split("\n")[0].split() == "Case Number: CM13-0012345".split()
    assert DISCLAIMER in text  # the summary still says where it came from


def test_an_item_section_without_its_decision_is_reported(tmp_path: Path):
    text = "\n\n".join(p for p in paragraphs()
                       if "has determined the request for an MRI" not in p)
    path = tmp_path / "partial.txt"
    path.write_text(text, encoding="utf-8")
    reading = read_letter(path)
    assert [i.description for i in reading.case.items] == ["physical therapy x 12"]
    assert "an MRI of the lumbar spine" in reading.unplaced
    assert CA_MRI in reading.unplaced and RATIONALE_MRI[0] in reading.unplaced


def test_text_of_neither_form_is_still_refused(tmp_path: Path):
    path = tmp_path / "note.txt"
    path.write_text("Dated: 10/24/2013\n\nPlease find the records enclosed.\n", encoding="utf-8")
    with pytest.raises(NotALetter):
        read_letter(path)
