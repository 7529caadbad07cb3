"""The letter preview's HTML: every word of the letter, escaped, styled like the PDF."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from conftest import SEED_FILES, collapse

from workbench.case import Case, Citation, CredentialForm, Credentials, Decision, Item, Role
from workbench.citations import format_line
from workbench.letters.document import build_letter
from workbench.letters.html import item_anchor, section_anchor, write_html
from workbench.letters.reader import read_letter
from workbench.letters.template import default_template


class _Text(HTMLParser):
    """The text a reader sees, paragraph by paragraph, and the bold runs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.bold: list[str] = []
        self._in_bold = False
        self._in_style = False
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._current = []
        elif tag == "b":
            self._in_bold = True
            self.bold.append("")
        elif tag == "br" and self._current is not None:
            self._current.append("\n")
        elif tag == "style":
            self._in_style = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "p" and self._current is not None:
            self.paragraphs.append("".join(self._current))
            self._current = None
        elif tag == "b":
            self._in_bold = False
        elif tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            return
        if self._current is not None:
            self._current.append(data)
        if self._in_bold:
            self.bold[-1] += data


def read_back(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_every_heading_item_guideline_and_rationale_appears(seed):
    case = read_letter(seed).case
    case.case_number = "CM26-0001234"
    template = default_template()
    reviewed = ["PR-2, Dr. Example, 04/15/2015, 3 pages"]
    html = write_html(build_letter(case, documents_reviewed=reviewed))
    text = read_back(html)
    paragraphs = [collapse(p) for p in text.paragraphs]
    joined = "\n".join(paragraphs)

    assert paragraphs[0] == "IMR Case Number: CM26-0001234"
    for heading in (*template.headings, template.heading_documents_reviewed):
        assert heading in paragraphs
        assert heading in text.bold
    assert reviewed[0] in paragraphs
    for paragraph in case.summary:
        assert collapse(paragraph) in paragraphs
    assert case.items
    for number, item in enumerate(case.items, start=1):
        heading = f"{item.description}: {item.decision.value}"
        if item.number is not None:
            heading = f"{item.number} {heading}"
        assert collapse(heading) in paragraphs
        # As the published letters print it: the description bold, the decision not.
        bold_part = collapse(heading)[: -len(item.decision.value)].rstrip()
        assert bold_part.endswith(":")
        assert bold_part in [collapse(b) for b in text.bold]
        assert collapse(heading) not in [collapse(b) for b in text.bold]
        assert f'<a name="{item_anchor(number)}">' in html
        for role in Role:
            line = format_line(item.citations(role), role, template)
            label = template.guideline_label(role, case.organization_short)
            assert collapse(f"{label} {line}" if line else label) in paragraphs
            assert label in text.bold
        first, *rest = item.rationale
        assert collapse(f"{template.label_rationale} {first}") in paragraphs
        for paragraph in rest:
            assert collapse(paragraph) in paragraphs
    assert template.label_rationale in text.bold
    # Nothing in the letter beyond what the model holds, in the model's order.
    order = [joined.index(h) for h in template.headings]
    assert order == sorted(order)
    assert f'<a name="{section_anchor(1)}">' in html


def test_credential_block_lines_stay_lines():
    case = Case("Example Review Services", "ERS", case_number="CM26-1",
                credentials=Credentials(CredentialForm.BLOCK, ["Orthopedic Surgery"], [],
                                        ["California", "Nevada"]))
    text = read_back(write_html(build_letter(case)))
    block = next(p for p in text.paragraphs if p.startswith("The Expert Reviewer has"))
    assert block.split("\n") == [
        "The Expert Reviewer has the following credentials:",
        "State(s) of Licensure: California, Nevada",
        "Certification(s)/Specialty: Orthopedic Surgery",
    ]


def test_text_is_escaped_and_reads_back_exactly():
    tricky = 'Lifting <20 lbs & "light duty"; <script>alert(1)</script> right>left'
    case = Case("A & B <Review>", "A&B", case_number="CM26-<1>",
                summary=[tricky, "Line one\nline two"],
                items=[Item("MRI <lumbar> & X-ray", Decision.OVERTURNED, rationale=[tricky],
                            reviewer_citations=[Citation(text="Decision based on <none>.")])])
    html = write_html(build_letter(case), empty_hint="<hint>")
    assert "<script>" not in html and "<lumbar>" not in html and "<Review>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    text = read_back(html)
    assert tricky in text.paragraphs
    assert "Line one\nline two" in text.paragraphs
    assert "MRI <lumbar> & X-ray: Overturned" in text.paragraphs
    assert "A&B guideline: Decision based on <none>." in text.paragraphs
    assert "IMR Case Number: CM26-<1>" in text.paragraphs
    assert any("A & B <Review> sent the complete case file" in p for p in text.paragraphs)
    assert text.paragraphs[-1] == "<hint>"


def test_preview_is_a_white_serif_sheet_with_bold_headings():
    html = write_html(build_letter(Case("MAXIMUS Federal Services", "MAXIMUS")))
    assert "Liberation Serif" in html and "serif" in html
    assert 'bgcolor="#ffffff"' in html
    assert "p.heading" in html and "font-weight: bold" in html
    assert html.count('<p class="heading" align="center">') == 3  # no documents reviewed
    assert "text-align: center" in html


def test_case_header_table_follows_the_page_header():
    case = Case("MAXIMUS Federal Services", "MAXIMUS", case_number="CM17-0000042",
                received_on=dt.date(2017, 1, 3), decided_on=dt.date(2017, 2, 1),
                ur_decision_on=dt.date(2016, 12, 20),
                application_received_on=dt.date(2016, 12, 28),
                summary_form={"injury_date": "2016-10-05"})
    html = write_html(build_letter(case))
    table = html[html.index('<table class="case-header"'):]
    table = table[: table.index("</table>")]
    cells = re.findall(r"<td>(.*?)</td>", table)
    assert cells == [
        "<b>Case Number:</b>", "CM17-0000042", "", "",
        "<b>Date Assigned:</b>", "01/03/2017", "<b>Date of Injury:</b>", "10/05/2016",
        "<b>Decision Date:</b>", "02/01/2017", "<b>UR Denial Date:</b>", "12/20/2016",
        "<b>Priority:</b>", "Standard", "<b>Application Received:</b>", "12/28/2016",
    ]
    assert html.index("IMR Case Number: CM17-0000042") < html.index('<table class="case-header"')
    assert html.index("</table>", html.index('<table class="case-header"')) < html.index(
        "HOW THE IMR FINAL DETERMINATION WAS MADE")
