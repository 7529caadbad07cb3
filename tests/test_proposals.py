"""Reading the case's particulars from the IMR application and the UR determination (pure).

The texts come from tests/application_texts.py, several layouts of each document built from
the particulars the test expects; the published letters in ../shared/real-letters give real
text as PDFium extracts it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from application_texts import (
    APPLICATIONS, DENIED, MODIFIED, UR_LETTERS, Packet, application_2013, application_boxes,
    ur_notice, ur_prose, ur_table, us,
)
from workbench.records.kinds import DocumentKind
from workbench.records.proposals import (
    FIELDS, Proposal, SourceDocument, body_region, diagnosis_words, propose,
)

REAL_LETTERS = sorted((Path(__file__).resolve().parents[2] / "shared" / "real-letters")
                      .glob("*.pdf"))
APPLICATION, UR = DocumentKind.IMR_APPLICATION, DocumentKind.UR_DETERMINATION

OTHER = Packet(
    claim_number="WC14-00987-LA", injury_date=dt.date(2012, 11, 2),
    ur_date=dt.date(2015, 1, 20), request_date=dt.date(2015, 1, 9),
    provider="Dr. Ann Example", age=38, sex="male",
    body_parts=["Cervical spine", "Bilateral knees"], regions=["neck", "bilateral knees"],
    diagnosis_codes=[("M50.20", "Other cervical disc displacement, unspecified cervical region"),
                     ("M17.0", "Bilateral primary osteoarthritis of knee")],
    diagnoses=["other cervical disc displacement, unspecified cervical region",
               "bilateral primary osteoarthritis of knee"],
    items=[("Lumbar epidural steroid injection at L4-5", DENIED),
           ("Acupuncture x 6 sessions", DENIED), ("Gabapentin 600 mg #90", MODIFIED)],
)
PACKETS = [Packet(), OTHER]


def document(kind: DocumentKind, pages: list[str], *, id: int = 1, file_id: int = 1,
             first_page: int = 1) -> SourceDocument:
    return SourceDocument(kind, id, file_id,
                          [(first_page + n, text) for n, text in enumerate(pages)])


def by_field(proposals: list[Proposal]) -> dict[str, object]:
    values = {p.field: p.value for p in proposals if p.field != "item"}
    values["items"] = [(p.value["description"], p.value["ur_outcome"])
                       for p in proposals if p.field == "item"]
    return values


@pytest.mark.parametrize("packet", PACKETS, ids=["packet-a", "packet-b"])
@pytest.mark.parametrize("layout", APPLICATIONS, ids=lambda layout: layout.__name__)
def test_every_application_layout_gives_its_particulars_and_disputed_items(layout, packet):
    found = by_field(propose([document(APPLICATION, layout(packet))]))
    assert found == {
        "claim_number": packet.claim_number, "injury_date": packet.injury_date,
        "ur_date": packet.ur_date, "request_provider": packet.provider,
        "items": packet.items,
    }


@pytest.mark.parametrize("packet", PACKETS, ids=["packet-a", "packet-b"])
@pytest.mark.parametrize("layout", UR_LETTERS, ids=lambda layout: layout.__name__)
def test_every_ur_letter_layout_gives_the_worker_and_the_non_certified_requests(layout, packet):
    found = by_field(propose([document(UR, layout(packet))]))
    assert found == {
        "claim_number": packet.claim_number, "injury_date": packet.injury_date,
        "ur_date": packet.ur_date, "request_provider": packet.provider,
        "age": packet.age, "sex": packet.sex, "body_regions": packet.regions,
        "diagnoses": packet.diagnoses, "items": packet.items,
    }


def test_the_application_wins_where_both_state_a_field_and_the_letter_fills_the_rest():
    application = Packet(claim_number="APP-2200-1", provider="Maria Lopez, M.D.")
    letter = Packet(claim_number="UR-9911-7", provider="Henry Park, M.D.",
                    items=[*application.items, ("Lumbar MRI without contrast", DENIED)])
    proposals = propose([document(UR, ur_notice(letter), id=7),
                         document(APPLICATION, application_2013(application), id=8)])
    found = by_field(proposals)
    assert found["claim_number"] == "APP-2200-1"
    assert found["request_provider"] == "Maria Lopez, M.D."
    assert found["age"] == letter.age and found["diagnoses"] == letter.diagnoses
    # The disputed items are the application's: the letter's third request is not disputed.
    assert found["items"] == application.items
    sources = {p.field: p.document_id for p in proposals}
    assert sources["claim_number"] == 8 and sources["age"] == 7 and sources["item"] == 8


def test_without_an_application_the_letters_requests_are_the_items_and_the_first_letter_wins():
    first = Packet(claim_number="FIRST-0001")
    second = Packet(claim_number="SECOND-0002",
                    items=[("Physical therapy 2x6 for the lumbar spine", DENIED),
                           ("Home exercise kit", DENIED)])
    found = by_field(propose([document(UR, ur_prose(first), id=1),
                              document(UR, ur_table(second), id=2)]))
    assert found["claim_number"] == "FIRST-0001"
    # Both letters' requests, each once; the certified follow-up visit is no disputed item.
    assert found["items"] == [*first.items, ("Home exercise kit", DENIED)]


def test_a_proposal_names_its_document_file_and_page_of_the_file_and_the_words_read():
    packet = Packet()
    # The application is pages 5-6 of an imported file.
    proposals = propose([document(APPLICATION, application_boxes(packet), id=3, file_id=9,
                                  first_page=5)])
    claim = next(p for p in proposals if p.field == "claim_number")
    assert (claim.document_id, claim.file_id, claim.page) == (3, 9, 6)
    assert packet.claim_number in claim.excerpt and len(claim.excerpt) <= 120
    item = next(p for p in proposals if p.field == "item")
    assert item.page == 6 and packet.items[0][0] in item.excerpt


def test_a_labelled_decision_date_beats_the_letters_own_date_and_a_ur_label_beats_a_bare_one():
    packet = Packet()
    pages = ur_notice(packet)
    pages[0] = pages[0].replace(f"Date: {us(packet.ur_date)}", "Date: 09/08/2014")
    assert by_field(propose([document(UR, pages)]))["ur_date"] == packet.ur_date
    header = ("Decision Date: 12/21/2016 UR Denial Date: 10/20/2016\n"
              "Date of Injury: 10/16/2016")
    found = by_field(propose([document(UR, [header])]))
    assert found["ur_date"] == dt.date(2016, 10, 20)
    assert found["injury_date"] == dt.date(2016, 10, 16)


def test_other_kinds_of_document_the_reviewers_name_and_instructions_are_not_read():
    packet = Packet()
    pr2 = document(DocumentKind.PR2, ["Claim Number: PR2-5555-0\nDate of Injury: 01/01/2001\n"
                                      "The request for lumbar MRI is non-certified."])
    letter = ("NOTICE OF UTILIZATION REVIEW DETERMINATION\nPhysician Reviewer: Alan Brooks, "
              "M.D.\nReviewing Physician: Alan Brooks, M.D.\nPhysician Advisor: Alan Brooks, "
              "M.D.\nThis determination may be appealed if you disagree that the treatment "
              "was denied or modified.")
    application = ("APPLICATION FOR INDEPENDENT MEDICAL REVIEW\nInstructions: list each "
                   "treatment the UR decision denied or modified.\nIf a treatment was delayed, "
                   "denied or modified\nyou may apply within 30 days.\n"
                   "Date: 09/15/2014")
    assert propose([pr2, document(UR, [letter]), document(APPLICATION, [application])]) == []
    # The application's own date (its signature) is no UR decision date.
    assert "ur_date" not in by_field(propose([document(APPLICATION, application_2013(packet)[1:])]))


def test_ocr_and_layout_variations():
    text = """APPLICATION FOR INDEPENDENT MEDICAL REVIEW
claim no . 778-21-0045
Date of lnjury  :  4/2/2014
UR Decision Date
10-30-2014
Requesting Physician:
Dr. Li Wen, D.O.
DISPUTED TREATMENT
a) Lumbar MRI without contrast - Denied
b) Tramadol ER 150 mg #30, 2 refills: Modified
Employee's Signature"""
    found = by_field(propose([document(APPLICATION, [text])]))
    assert found == {
        "claim_number": "778-21-0045", "injury_date": dt.date(2014, 4, 2),
        "ur_date": dt.date(2014, 10, 30), "request_provider": "Dr. Li Wen, D.O.",
        "items": [("Lumbar MRI without contrast", DENIED),
                  ("Tramadol ER 150 mg #30, 2 refills", MODIFIED)],
    }
    letter = """Re: claimant   Age/Sex: 61/M   D.O.I. 06/11/2010
Body Parts: Rt shoulder/elbow, lumbar
Dx: Lumbar radiculopathy (M54.16); Lateral epicondylitis, right elbow (M77.11)
1. Cervical pillow - NON-CERTIFIED
2. Right elbow brace - certified
3. Chiropractic 2x4 for the low back: Modified to 4 visits"""
    found = by_field(propose([document(UR, [letter])]))
    assert found == {
        "age": 61, "sex": "male", "injury_date": dt.date(2010, 6, 11),
        "body_regions": ["right shoulder", "right elbow", "low back"],
        "diagnoses": ["lumbar radiculopathy", "lateral epicondylitis, right elbow"],
        "items": [("Cervical pillow", DENIED), ("Chiropractic 2x4 for the low back", MODIFIED)],
    }


def test_nothing_to_read_gives_no_proposals():
    assert propose([]) == []
    assert propose([document(APPLICATION, ["", "   \n\n", "%%%% ☐ ☒ X | | :::"]),
                    document(UR, ["Date:", "Claim #:", "Age: 400", "Sex: unknown"])]) == []


@pytest.mark.parametrize("written, form", [
    ("Lumbar spine", "low back"), ("LOW BACK", "low back"), ("cervical spine", "neck"),
    ("Thoracic spine", "upper back"), ("Lt. shoulder", "left shoulder"),
    ("right knee", "right knee"), ("Bilateral knees", "bilateral knees"),
    ("bilateral feet", "bilateral feet"), ("left lumbar spine", "low back"),
    ("Psyche", "psyche"), ("R wrist", "right wrist"),
])
def test_body_parts_in_the_summary_forms_words(written, form):
    assert body_region(written) == form


@pytest.mark.parametrize("written, form", [
    ("M54.16 Radiculopathy, lumbar region", "radiculopathy, lumbar region"),
    ("S39.012A Strain of muscle, fascia and tendon of lower back, initial encounter",
     "strain of muscle, fascia and tendon of lower back"),
    ("Lumbar disc herniation (722.10)", "lumbar disc herniation"),
    ("HNP L4-5", "HNP L4-5"), ("L5 radiculopathy", "L5 radiculopathy"),
    ("M17.0", None),
])
def test_diagnoses_in_the_summary_forms_words(written, form):
    assert diagnosis_words(written) == form


def _letter_pages(path: Path) -> list[tuple[int, str]]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [(n + 1, pdf[n].get_textpage().get_text_range().replace("\r\n", "\n"))
                for n in range(len(pdf))]
    finally:
        pdf.close()


def _us_date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%m/%d/%Y").date()


@pytest.mark.skipif(not REAL_LETTERS, reason="../shared/real-letters is not here")
def test_published_letters_headers_and_summaries_read_as_a_ur_letter_would_be():
    """The published determinations carry the same particulars as a UR letter's header
    ("Date of Injury", "UR Denial Date" beside the IMR's own "Decision Date") and the worker's
    age and sex in prose: real text as PDFium extracts it, 90 times."""
    for path in REAL_LETTERS:
        pages = _letter_pages(path)
        found = by_field(propose([SourceDocument(UR, 1, 1, pages)]))
        first = pages[0][1]
        assert found["ur_date"] == _us_date(re.search(r"UR Denial Date:\s*(\S+)", first)[1]), \
            path.name
        assert found["injury_date"] == _us_date(
            re.search(r"Date of Injury:\s*(\S+)", first)[1]), path.name
        stated = re.search(r"(\d+)[- ]year[- ]old\s+(male|female)", " ".join(
            text for _page, text in pages), re.I)
        assert (found["age"], found["sex"]) == (int(stated[1]), stated[2].lower()), path.name
        whole = " ".join(" ".join(text for _page, text in pages).split()).lower()
        for description, outcome in found["items"]:
            assert outcome in (DENIED, MODIFIED)
            assert description.lower() in whole, (path.name, description)
        assert set(found) <= set(FIELDS) | {"items"}


# -- the generated case packets' application and UR letter (tests/packet_files.py) ------------

@pytest.mark.parametrize("style", range(6))
def test_the_packet_builders_application_and_ur_letter_in_every_date_style(style):
    from packet_files import imr_application_pages, ur_determination_pages

    injury, decision = dt.date(2016, 5, 9), dt.date(2018, 1, 23)
    treatments = [("Lumbar epidural steroid injection L4-5, left", DENIED),
                  ("Physical therapy, lumbar spine, 8 sessions", MODIFIED),
                  ("Cyclobenzaprine 7.5 mg #60", DENIED)]
    application = imr_application_pages(
        employee="Rosa Delgado", claim_number="WC42-118822", date_of_injury=injury,
        ur_decision_date=decision, requesting_physician="Helen Harrington, M.D.",
        treatments=treatments, instructions=style % 2 == 0, date_style=style)
    letter = ur_determination_pages(
        employee="Rosa Delgado", claim_number="WC42-118822", date_of_injury=injury,
        decision_date=decision, requesting_physician="Helen Harrington, M.D.",
        reviewer="Gordon Galloway, M.D.", variant=style % 3, date_style=style, seed=style,
        items=[(treatments[0][0], "non-certified"),
               (treatments[1][0], "modified; Physical therapy (reduced)"),
               (treatments[2][0], "non-certified"), ("Follow-up visit", "certified")])
    particulars = {"claim_number": "WC42-118822", "injury_date": injury, "ur_date": decision}
    assert by_field(propose([document(APPLICATION, application)])) == {
        **particulars, "request_provider": "Helen Harrington, M.D.", "items": treatments}
    # The letter names the requesting physician only in its address block: not proposed.
    assert by_field(propose([document(UR, letter)])) == {**particulars, "items": treatments}


# -- comparing with the case and accepting (workbench/proposals.py, pure parts) ---------------

def _case(**form):
    from workbench.case import Case

    case = Case("MAXIMUS Federal Services", "MAXIMUS")
    case.summary_form = dict(form)
    return case


def test_states_against_the_case_and_the_answers():
    from workbench.proposals import compare, value_json

    proposals = propose([document(UR, ur_notice(Packet()))])
    case = _case(request_provider="maria lopez MD", diagnoses=[
        "Radiculopathy, lumbar region", "impingement syndrome of left shoulder", "obesity"])
    case.claim_number = "OTHER-1"
    age = next(p for p in proposals if p.field == "age")
    answers = {("age", value_json(age.value)): "dismissed",
               ("claim_number", value_json("05-12345-A")): "accepted"}
    found = {p.key: p for p in compare(case, proposals, answers, {1: UR})}
    assert found["request_provider"].state == "same"  # case and punctuation aside
    assert found["diagnoses"].state == "same"  # every proposed entry is in the list
    assert found["age"].state == "dismissed"
    assert (found["claim_number"].state, found["claim_number"].current) == ("accepted", "OTHER-1")
    assert found["sex"].state == "new" and found["sex"].current is None
    assert [found[k].key for k in ("item:1", "item:2")] == ["item:1", "item:2"]
    assert found["item:1"].source == "UR Determination p. 1"
    # A different value for a dismissed field is new again.
    changed_age = next(p for p in propose([document(UR, ur_notice(Packet(age=53)))])
                       if p.field == "age")
    assert compare(case, [changed_age], answers, {1: UR})[0].state == "new"


def test_accept_writes_where_the_field_belongs_and_keeps_what_the_reviewer_typed():
    from workbench.errors import WorkbenchError
    from workbench.proposals import accept, read_value

    proposals = {p.field if p.field != "item" else p.value["description"]: p
                 for p in propose([document(UR, ur_notice(Packet()))])}
    case = _case(diagnoses=["obesity", "Radiculopathy, lumbar region"], age=50)
    case.items = []
    accepted = accept(case, proposals["diagnoses"])
    assert accepted.summary_form["diagnoses"] == [
        "obesity", "Radiculopathy, lumbar region", "impingement syndrome of left shoulder"]
    assert case.summary_form["diagnoses"] == ["obesity", "Radiculopathy, lumbar region"]  # pure
    accepted = accept(accepted, proposals["ur_date"], "9/6/2014")
    assert accepted.ur_decision_on == dt.date(2014, 9, 6)
    assert accepted.summary_form["ur_date"] == "2014-09-06"
    accepted = accept(accepted, proposals["age"])
    assert accepted.summary_form["age"] == 52
    accepted = accept(accepted, proposals["Norco 10/325 mg #60"])
    accepted = accept(accepted, proposals["Physical therapy 2x6 for the lumbar spine"],
                      "Physical therapy x 8, lumbar spine")
    assert [(i.number, i.description, i.decision, i.reviewer_citations)
            for i in accepted.items] == [(1, "Norco 10/325 mg #60", None, []),
                                         (2, "Physical therapy x 8, lumbar spine", None, [])]
    with pytest.raises(WorkbenchError, match="Date of injury: not a date"):
        accept(case, proposals["injury_date"], "the spring of 2013")
    assert read_value("body_regions", "lumbar spine; Rt knee\nneck") == \
        ["low back", "right knee", "neck"]
    with pytest.raises(WorkbenchError, match="Unknown field"):
        read_value("mechanism", "lifting")


def test_a_list_under_a_sentence_that_gives_its_outcome():
    text = """APPLICATION FOR INDEPENDENT MEDICAL REVIEW
Claim Number: 77-4410-B
The employee requests an independent medical review of the utilization review decision dated
10/14/2026, which non-certified the following treatment requested by Dr. Ann Example, on 10/05/2026:
1. Physical therapy, lumbar spine, 2 times a week for 4 weeks (8 sessions).
2. MRI of the lumbar spine without contrast.
Reason for the request: my leg is weaker.
3. Not a disputed treatment."""
    proposals = propose([document(APPLICATION, [text])])
    found = by_field(proposals)
    assert found["items"] == [
        ("Physical therapy, lumbar spine, 2 times a week for 4 weeks (8 sessions)", DENIED),
        ("MRI of the lumbar spine without contrast", DENIED)]
    assert found["ur_date"] == dt.date(2026, 10, 14)
    ur_date = next(p for p in proposals if p.field == "ur_date")
    assert "decision dated 10/14/2026" in ur_date.excerpt and len(ur_date.excerpt) <= 121
    letter = "The following requests were modified:\n- Tramadol ER 150 mg #30\n\nRationale: ..."
    assert by_field(propose([document(UR, [letter])]))["items"] == [
        ("Tramadol ER 150 mg #30", MODIFIED)]


def test_an_item_the_case_words_differently_is_the_same_item():
    from workbench.case import Decision, Item
    from workbench.proposals import compare

    proposals = propose([document(UR, ur_notice(Packet(items=[
        ("MRI of the lumbar spine without contrast", DENIED),
        ("Physical therapy, lumbar spine, 2 x 4 (8 sessions)", DENIED),
        ("Norco 10/325 mg #60", MODIFIED)])))])
    case = _case()
    case.items = [Item("MRI of the lumbar spine", Decision.UPHELD),
                  Item("Physical therapy, lumbar spine, 8 sessions", Decision.UPHELD),
                  Item("Norco 10/325 mg #30", Decision.UPHELD)]
    items = [p for p in compare(case, proposals, {}, {1: UR}) if p.field == "item"]
    assert [(p.state, p.current) for p in items] == [
        ("same", "MRI of the lumbar spine"),
        ("same", "Physical therapy, lumbar spine, 8 sessions"),
        ("new", None)]
