"""Finding the documents inside a case packet: boundaries, kinds, particulars, the reviewer's
corrections, blank pages, fax stamps and covers, and packets read back by OCR.

Generated packets (``packet_files``) give many documents of every kind and layout with
their ground truth; short hand-written pages below pin down single behaviours in wording
the generator does not use.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest

from bench.packets import Score, quality
from packet_files import (catalogue_packet, imr_application_pages, make_packet, packet_pdf, scanned_packet_pdf,
                          ur_determination_pages)
from workbench.records import classify as classifying
from workbench.records import facts
from workbench.records.classify import classify, classify_pages, leading_words
from workbench.records.kinds import DocumentKind
from workbench.records.page_marks import fax_stamp, is_blank, page_count, split_stamps
from workbench.records.reading import PdfReader
from workbench.records.segmenting import FoundDocument, find_documents, read_page

K = DocumentKind


def spans(found: list[FoundDocument]) -> list[tuple[int, int, DocumentKind]]:
    return [(d.first_page, d.last_page, d.kind) for d in found]


def covers_every_page_once(found: list[FoundDocument], pages: int) -> bool:
    expected = 1
    for document in found:
        if document.first_page != expected or document.last_page < document.first_page:
            return False
        expected = document.last_page + 1
    return expected == pages + 1


def mismatches(packet, found: list[FoundDocument]) -> list[str]:
    """Each true document not found with the same pages and kind, described."""
    mine = {(d.first_page, d.last_page): d.kind for d in found}
    return [f"p{d.first_page}-{d.last_page} {d.layout} ({d.kind.value}): found "
            + (mine[(d.first_page, d.last_page)].value if (d.first_page, d.last_page) in mine else
               str([(f.first_page, f.last_page) for f in found
                    if f.last_page >= d.first_page and f.first_page <= d.last_page]))
            for d in packet.documents if mine.get((d.first_page, d.last_page)) is not d.kind]


# -- hand-written pages ---------------------------------------------------------

OFFICE_NOTE_1 = """Lakeside Spine Clinic
401 Marina Blvd, Suite 3
Vallejo, CA 94590
Phone 707-555-0143

PROGRESS REPORT
Patient: Ana Ruiz
Date of service: 09/03/2019
Provider: Paul Ng, M.D.

Subjective: Neck pain with tingling in the right hand, worse at night. Pain 6/10.
Objective: Spurling sign positive on the right. Grip weaker on the right.
Assessment: Cervical radiculopathy."""
OFFICE_NOTE_2 = """Ana Ruiz  DOS 09/03/2019  page 2

Plan: Request cervical epidural injection at C6-7. Continue gabapentin.
Work status: Modified work, no lifting over 10 lbs.

Electronically signed by Paul Ng, M.D. 09/04/2019"""
OFFICE_NOTE_LATER = """Lakeside Spine Clinic
401 Marina Blvd, Suite 3
Vallejo, CA 94590
Phone 707-555-0143

PROGRESS REPORT
Patient: Ana Ruiz
Date of service: 10/15/2019
Provider: Paul Ng, M.D.

Subjective: Tingling improved after the injection. Pain 3/10.
Assessment: Cervical radiculopathy, improving.
Electronically signed by Paul Ng, M.D. 10/15/2019"""
MRI = """NORTH BAY IMAGING
22 Sonoma Ave, Santa Rosa, CA 95404

MRI CERVICAL SPINE WITHOUT CONTRAST
Patient: Ana Ruiz     Exam date: 08/20/2019
History: neck pain radiating to the right arm.
Findings: C6-7 disc osteophyte complex with right foraminal narrowing.
Impression: Right C6-7 foraminal stenosis.

Read by: Irene Cho, M.D."""
COVER = """FAX TRANSMITTAL
To: IMR Unit                 From: Lakeside Spine Clinic
Fax: 916-555-0100            Phone: 707-555-0143
Date: 11/02/2019             Pages including cover: 4
Re: Ana Ruiz - records
Confidential: if you have received this fax in error please call the sender."""
LETTER_PAGE_1 = """Hollis & Park, Attorneys at Law
90 Main Street, Napa, CA 94559

October 28, 2019

Paul Ng, M.D.
Lakeside Spine Clinic

Re: Ana Ruiz, claim 19-55512

Dear Dr. Ng:

We represent Ms. Ruiz. She tells us the QME recommended an EMG of the arms and more therapy.
Please send your recent reports and any request for authorization you have submitted, so that
we can follow the utilization review."""
LETTER_PAGE_2 = """Paul Ng, M.D.
October 28, 2019
Page 2

Thank you for your help.

Very truly yours,

Dana Hollis"""

STAMP = "11/02/2019 14:05  FROM LAKESIDE SPINE  707 555 0143  P.{:03d}/005"


def stamped(number: int, text: str) -> str:
    return STAMP.format(number) + "\n" + text


# -- generated packets ------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_every_kind_is_found_document_by_document(seed: int):
    packet = catalogue_packet(seed)
    found = find_documents(packet.pages)
    assert covers_every_page_once(found, len(packet.pages))
    assert mismatches(packet, found) == []


def test_the_catalogue_holds_every_kind_in_every_layout():
    layouts, kinds, copies = set(), set(), set()
    for seed in range(6):
        documents = catalogue_packet(seed).documents
        layouts |= {d.layout.split(" (")[0] for d in documents}
        kinds |= {d.kind for d in documents}
        copies |= {d.layout.split(" (")[1] for d in documents if "(" in d.layout}
    assert kinds == set(DocumentKind)
    assert copies == {"exact copy)", "refaxed copy)", "rescanned copy)"}
    assert layouts >= {
        "imr application/1 page", "imr application/2 page", "ur determination/0", "ur determination/1",
        "ur determination/2", "pr2/state form", "pr2/letterhead", "pr2/plain", "pr2/ehr", "imaging/0",
        "imaging/1", "imaging/2", "edx", "therapy/0", "therapy/1", "therapy/2", "operative/surgery",
        "operative/injection", "medlegal", "medication/pharmacy", "medication/list",
        "medication/dispensing", "correspondence/0", "correspondence/1", "correspondence/2",
        "fax cover/0", "fax cover/1", "fax cover/2", "other/billing", "other/claim form",
        "other/questionnaire", "other/lab"}


def test_generated_packets_meet_the_targets_and_every_page_is_covered_once():
    score, _ = quality(20, seed=300)
    assert score.f1 >= 0.97, score.misses
    assert score.kind_accuracy >= 0.95, score.misses
    for seed in range(300, 320):
        packet = make_packet(seed)
        assert covers_every_page_once(find_documents(packet.pages), len(packet.pages))


def test_the_benchmark_scores_count_what_they_say():
    packet = make_packet(7)
    truth = packet.documents
    perfect = [FoundDocument(d.first_page, d.last_page, d.kind, None, None, None, None, None) for d in truth]
    score = Score()
    score.add(packet, perfect)
    assert (score.precision, score.recall, score.kind_accuracy) == (1.0, 1.0, 1.0)
    # Merge the second document into the first, split the third in two, misread the fourth.
    first, second, third, fourth = truth[:4]
    assert third.last_page > third.first_page, "the packet's third document has pages to split"
    wrong = [FoundDocument(first.first_page, second.last_page, first.kind, None, None, None, None, None),
             FoundDocument(third.first_page, third.first_page, third.kind, None, None, None, None, None),
             FoundDocument(third.first_page + 1, third.last_page, third.kind, None, None, None, None, None),
             FoundDocument(fourth.first_page, fourth.last_page,
                           K.OTHER if fourth.kind is not K.OTHER else K.PR2, None, None, None, None, None)]
    wrong += perfect[4:]
    score = Score()
    score.add(packet, wrong)
    true_starts = len(truth) - 1
    assert score.matched == true_starts - 1 and score.found_starts == true_starts
    assert score.recall == pytest.approx((true_starts - 1) / true_starts)
    assert score.precision == pytest.approx((true_starts - 1) / true_starts)
    assert score.kind_accuracy == pytest.approx((len(truth) - 2) / len(truth))
    assert len(score.misses) == 3


def test_a_packet_pdf_reads_back_to_the_same_documents(tmp_path: Path):
    packet = make_packet(11, documents=(6, 8))
    path = packet_pdf(tmp_path / "packet.pdf", packet)
    reader = PdfReader(path, None)
    try:
        texts = [page.text for page in reader.read(range(1, reader.page_count + 1))]
    finally:
        reader.close()
    assert len(texts) == len(packet.pages)
    assert mismatches(packet, find_documents(texts)) == []


def test_a_scanned_packet_read_by_ocr_gives_the_same_documents(tmp_path: Path):
    """A small packet as pictures only (fax pages black and white at fax resolution), read
    back page by page through Tesseract as the records reader does."""
    packet = make_packet(5027, documents=(2, 2), duplicates=1)
    assert len(packet.pages) <= 8 and packet.faxed and packet.rescanned  # fax, scanner, re-scan
    assert {d.kind for d in packet.documents} >= {K.FAX_COVER, K.IMR_APPLICATION, K.UR_DETERMINATION,
                                                  K.IMAGING}
    path = scanned_packet_pdf(tmp_path / "scanned.pdf", packet)
    reader = PdfReader(path, None)
    try:
        read = list(reader.read(range(1, reader.page_count + 1)))
    finally:
        reader.close()
    assert all(page.source.value == "ocr" for page in read if page.text)
    found = find_documents([page.text for page in read])
    assert mismatches(packet, found) == []


# -- the reviewer's corrections ---------------------------------------------------


def test_the_reviewers_starts_force_and_forbid_boundaries():
    pages = [OFFICE_NOTE_1, OFFICE_NOTE_2, OFFICE_NOTE_LATER, MRI]
    assert [(d.first_page, d.last_page) for d in find_documents(pages)] == [(1, 2), (3, 3), (4, 4)]
    # The second visit kept with the first; the MRI split from it anyway.
    merged = find_documents(pages, starts={3: False})
    assert [(d.first_page, d.last_page) for d in merged] == [(1, 3), (4, 4)]
    assert merged[0].first_date == dt.date(2019, 9, 3) and merged[0].last_date == dt.date(2019, 10, 15)
    # A start forced on a continuation page.
    split = find_documents(pages, starts={2: True, 4: False})
    assert [(d.first_page, d.last_page) for d in split] == [(1, 1), (2, 2), (3, 4)]
    # Page 1 always starts; a correction that agrees changes nothing.
    assert spans(find_documents(pages, starts={1: True, 3: True})) == spans(find_documents(pages))
    for bad in (0, 5, -1):
        with pytest.raises(ValueError, match="not a page of this file"):
            find_documents(pages, starts={bad: True})
    assert find_documents([]) == []


def test_random_corrections_always_leave_every_page_covered_once():
    packet = make_packet(21)
    rng = random.Random(4)
    for _ in range(30):
        starts = {rng.randint(1, len(packet.pages)): rng.random() < 0.5 for _ in range(rng.randint(1, 12))}
        found = find_documents(packet.pages, starts=starts)
        assert covers_every_page_once(found, len(packet.pages))
        firsts = {d.first_page for d in found}
        assert all((page in firsts) == wanted for page, wanted in starts.items() if page > 1)


# -- page by page ----------------------------------------------------------------


def test_continuation_pages_stay_with_their_report():
    running = OFFICE_NOTE_2
    repeated_title = "PROGRESS REPORT (continued)\nAna Ruiz\n\nPlan: home exercise.\nPaul Ng, M.D."
    no_marks = "exercise and gabapentin were continued as before, and the patient will return in six weeks."
    for second in (running, repeated_title, no_marks * 3):
        found = find_documents([OFFICE_NOTE_1, second])
        assert [(d.first_page, d.last_page) for d in found] == [(1, 2)], second


def test_restarting_counters_titles_letterheads_and_new_dates_start_documents():
    text = "The patient was seen today for follow-up of the injury; no change since the last visit.\n"
    counted = [text + "Page 1 of 2", text + "Page 2 of 2", text + "Page 1 of 1", text + "1/2", text + "2/2"]
    assert [d.first_page for d in find_documents(counted)] == [1, 3, 4]
    assert [d.first_page for d in find_documents([OFFICE_NOTE_1, OFFICE_NOTE_2, MRI, OFFICE_NOTE_LATER])] \
        == [1, 3, 4]
    # The same untitled visit note twice over: the copy is a document of its own.
    untitled = "Patient: Ana Ruiz\nDate of service: 12/01/2019\nSeen for neck pain, stable.\n" \
               "Return in 6 weeks.\nPaul Ng, M.D."
    assert [d.first_page for d in find_documents([untitled, untitled])] == [1, 2]


def test_blank_pages_stay_with_the_document_before_them():
    blanks = ["", "   \n\n", "This page intentionally left blank.", STAMP.format(3)]
    for blank in blanks:
        assert read_page(blank).blank, blank
        found = find_documents([OFFICE_NOTE_1, OFFICE_NOTE_2, blank, MRI])
        assert [(d.first_page, d.last_page) for d in found] == [(1, 3), (4, 4)], blank
    # A blank first page opens the first document; an all-blank file is one document.
    assert [(d.first_page, d.last_page) for d in find_documents(["", MRI, "", ""])] == [(1, 4)]
    only = find_documents(["", " "])
    assert [(d.first_page, d.last_page, d.kind) for d in only] == [(1, 2, K.OTHER)]
    # A blank page is no reason to start: with nothing else, the next page continues.
    assert len(find_documents([OFFICE_NOTE_1, "", OFFICE_NOTE_2])) == 1
    # ... but the reviewer may start a document on it.
    assert [d.first_page for d in find_documents([OFFICE_NOTE_1, "", MRI], starts={2: True})] == [1, 2]
    assert [d.first_page for d in find_documents(["", MRI, OFFICE_NOTE_1], starts={2: True})] == [1, 2, 3]
    assert not read_page("Blank line for signature of the examiner and the date of the exam").blank


def test_a_fax_cover_is_a_document_and_transmission_counters_are_not_page_counters():
    pages = [stamped(1, COVER), stamped(2, OFFICE_NOTE_1), stamped(3, OFFICE_NOTE_2), stamped(4, MRI),
             stamped(5, "")]
    found = find_documents(pages)
    assert spans(found) == [(1, 1, K.FAX_COVER), (2, 3, K.PR2), (4, 5, K.IMAGING)]
    # The same pages sent again in another transmission, after the first: a new start each.
    again = ["10/30/2019 08:55 FAX 5550199 HOLLIS PARK P.001/002\n" + LETTER_PAGE_1,
             "10/30/2019 08:55 FAX 5550199 HOLLIS PARK P.002/002\n" + LETTER_PAGE_2]
    found = find_documents(pages + again)
    assert spans(found)[-1] == (6, 7, K.CORRESPONDENCE)


def test_found_documents_carry_date_author_and_facility():
    found = find_documents([stamped(1, COVER), OFFICE_NOTE_1, OFFICE_NOTE_2, MRI, LETTER_PAGE_1,
                            LETTER_PAGE_2])
    cover, note, mri, letter = found
    assert (cover.kind, cover.service_date) == (K.FAX_COVER, dt.date(2019, 11, 2))
    assert (note.service_date, note.first_date, note.last_date) == (dt.date(2019, 9, 3),) * 3
    assert note.author == "Paul Ng, M.D." and note.facility == "Lakeside Spine Clinic"
    assert (mri.service_date, mri.author, mri.facility) == (dt.date(2019, 8, 20), "Irene Cho, M.D.",
                                                            "NORTH BAY IMAGING")
    assert letter.kind is K.CORRESPONDENCE and letter.facility == "Hollis & Park, Attorneys at Law"
    assert letter.service_date == dt.date(2019, 10, 28)


def test_an_untitled_visit_note_after_a_signed_report_starts_a_document():
    """No title, no letterhead, no counter: the block of the patient's particulars heading
    the page, after a page that ends with a signature, is a new document; the same block
    repeated on every page of a printout is not."""
    untitled = ("Patient: Ana Ruiz\nDate of Injury: 01/07/2019\nVisit Date: 11/20/2019\nClaim #: 19-55512\n\n"
                "Seen today for neck pain; the injection helped for two weeks. Continue home exercise.")
    assert [d.first_page for d in find_documents([MRI, untitled])] == [1, 2]
    block = "Lakeside Spine Clinic\nPatient: RUIZ, ANA  DOB: 02/02/1980\nClaim #: 19-55512\nDOS: 11/20/2019\n"
    printout = [block + "PROGRESS REPORT\nSubjective: neck pain, better.\nObjective: full motion.",
                block + "Plan: home exercise, follow up in six weeks.\nPaul Ng, M.D."]
    assert [d.first_page for d in find_documents(printout)] == [1]


# -- page facts --------------------------------------------------------------------


def test_authors_are_labelled_or_signed_and_never_the_referring_physician():
    assert facts.labelled_provider("Encounter date: 1/18/2014   Provider: Wexley, Warren D.C.") \
        == "Wexley, Warren D.C."
    assert facts.labelled_provider("REFERRING PHYSICIAN: Ann Lee, M.D.\nRadiologist: Bo Kim, M.D.") \
        == "Bo Kim, M.D."
    assert facts.labelled_provider("Requesting physician: Ann Lee, M.D.") is None
    assert facts.provider("Ordering physician: Ann Lee, M.D.") == "Ann Lee, M.D."  # a name, at worst
    assert facts.signature("Findings as above.\nInterpreted by Bo Kim, M.D.\nTranscribed 03/02/2015") \
        == "Bo Kim, M.D."
    assert facts.signature("Sincerely,\n\nAmy Fox, MD\nQualified Medical Evaluator\nSigned at Fresno.") \
        == "Amy Fox, MD"
    assert facts.signature("Provider: Amy Fox, MD\nType: progress report") is None
    mri = find_documents([MRI.replace("Read by: Irene Cho, M.D.", "Referring physician: Ann Lee, M.D.\n"
                                      "Irene Cho, M.D.\nRadiologist")])[0]
    assert mri.author == "Irene Cho, M.D."


@pytest.mark.parametrize("text, expected", [
    ("April 15, 2015", dt.date(2015, 4, 15)), ("Apr. 5, 2015", dt.date(2015, 4, 5)),
    ("15 April 2015", dt.date(2015, 4, 15)), ("Sept. 3, 2015", dt.date(2015, 9, 3)),
    ("Sep 31, 2015", None), ("Smarch 3, 2015", None), ("4/5/15", dt.date(2015, 4, 5)),
])
def test_dates_with_month_names_are_read(text, expected):
    assert facts.parse_date(text) == expected


# -- kinds -------------------------------------------------------------------------


@pytest.mark.parametrize("pages, kind", [
    ([COVER], K.FAX_COVER),
    ([LETTER_PAGE_1, LETTER_PAGE_2], K.CORRESPONDENCE),  # mentions a QME, an EMG and UR: still a letter
    ([OFFICE_NOTE_1, OFFICE_NOTE_2], K.PR2),
    ([MRI], K.IMAGING),
    (["PHYSICAL THERAPY PROGRESS NOTE\nVisit 8 of 12\nTherapeutic exercise 97110 x2."], K.THERAPY),
    (["Patient: Ana Ruiz\nDate of visit: 01/02/2020\nHISTORY OF PRESENT ILLNESS\nNeck pain after the MRI, "
      "physical therapy helped a little.\nPHYSICAL EXAMINATION\nTender trapezius.\nWORK STATUS\n"
      "Modified duty."], K.PR2),  # untitled, but a treating physician's visit
    (["APPLICATION FOR INDEPENDENT MEDICAL REVIEW\nDWC Form IMR\nDisputed treatment: MRI."],
     K.IMR_APPLICATION),
    (["FROM: 707 555 0143 TO: 916 555 0100 PAGE 2/9 11/02/2019 10:12\nOPERATIVE REPORT\nPreoperative "
      "diagnosis: carpal tunnel syndrome."], K.OPERATIVE),
    (["Sunrise Medical Group\n12 Elm St, Chico, CA 95926\nQUALIFIED MEDICAL EVALUATION\nRe: Ana Ruiz\n"
      "Dear Counsel:\nI examined the applicant.\nSincerely,\nAmy Fox, M.D."], K.MEDICAL_LEGAL),
    (["Statement of account\nBalance due $420.00\nPlease remit."], K.OTHER),
])
def test_a_document_is_classified_by_its_own_pages_title_first(pages: list[str], kind: DocumentKind):
    assert classify_pages(pages) is kind


def test_the_word_prefilter_never_hides_a_match():
    """``scores`` runs a pattern only when one of its leading words is in the text; on every
    page of some packets that gives what plain searching gives."""
    for kind, rules in classifying._COMPILED.items():
        for pattern, _, words in rules:
            if words is not None:
                assert all(word and word == word.lower() for word in words)
    assert leading_words(r"\bpre-?operative|(?:post|after)\s+op") == ("pre", "post", "after")
    assert leading_words(r"(?:a|b)?c") is None
    for seed in (1, 2, 3):
        for text in make_packet(seed).pages:
            plain = {}
            for kind, rules in classifying._COMPILED.items():
                total = 0
                for pattern, weight, _ in rules:
                    found = pattern.search(text[:classifying.READ_CHARS].lower())
                    if found:
                        total += 2 * weight if found.start() < classifying.TITLE_ZONE else weight
                plain[kind] = total
            assert classifying.scores(text) == plain


def test_classify_keeps_its_one_text_form_for_whole_files():
    assert classify(stamped(2, OFFICE_NOTE_1) + "\n" + OFFICE_NOTE_2) is K.PR2
    assert classify("") is K.OTHER


# -- page marks ---------------------------------------------------------------------


@pytest.mark.parametrize("line, page, total", [
    ("FROM: 555-123-4567  TO: 800-555-0100  PAGE 3/12  10/14/2024 09:12", 3, 12),
    ("10/14/2024 09:12 FAX 5551234567 VALLEY ORTHO P.003/012", 3, 12),
    ("Oct 14 2024 9:12AM  Valley Ortho  (555) 123-4567  page 3 of 12", 3, 12),
    ("Received: 10/14/2024 9:12 AM; From 5551234567 -> Page 03", 3, None),
    ("JUN-05-2015 14:23 FROM:DR SMITH OFFICE 5551234567 TO:18005550100 P.2", 2, None),
    ("11/02/2019 14:05 HP LASERJET FAX 7075550143", None, None),
])
def test_fax_stamps_are_read_with_their_transmission_page(line: str, page: int | None, total: int | None):
    stamp = fax_stamp(line)
    assert stamp is not None and (stamp.page, stamp.total) == (page, total)


@pytest.mark.parametrize("line", [
    "Electronically signed by Paul Ng, M.D. on 09/04/2019 at 9:12",
    "Printed 10/10/2024 3:15 PM   Page 2 of 3",
    "Date of service: 09/03/2019",
    "Time in: 9:00   Time out: 9:45",
])
def test_other_lines_with_times_are_not_fax_stamps(line: str):
    assert fax_stamp(line) is None


def test_a_stamp_is_taken_off_the_top_or_foot_and_the_rest_kept():
    body, stamp = split_stamps(stamped(4, MRI))
    assert body == MRI and stamp is not None and stamp.page == 4
    body, stamp = split_stamps(MRI + "\n" + STAMP.format(5))
    assert body == MRI and stamp.page == 5
    middle = MRI.replace("History:", STAMP.format(2) + "\nHistory:")
    assert split_stamps(middle) == (middle, None)  # only the first and last lines carry stamps


@pytest.mark.parametrize("lines, expected", [
    (["Report", "text", "Page 2 of 5"], (2, 5)),
    (["Patient: Ana Ruiz   DOS: 09/03/2019   Page 3", "text"], (3, None)),
    (["text", "2/5"], (2, 5)),
    (["text", "- 4 -"], (4, None)),
    (["text", "Clinic name | Confidential | Pg 1 of 2"], (1, 2)),
    (["Visit 6 of 12", "text"], None),
    (["text", "Page 7 of 3"], None),
    (["The report on page 2 of the chart notes a prior injury to the neck and the right arm.", "x"], None),
])
def test_page_counters_are_read_from_headers_and_footers(lines, expected):
    found = page_count(lines)
    assert (None if found is None else (found.number, found.total)) == expected


def test_blank_means_almost_nothing_on_the_page():
    assert is_blank("") and is_blank("  \n 12 \n") and is_blank("THIS PAGE INTENTIONALLY LEFT BLANK")
    assert not is_blank("Blank forms are available at the front desk for every patient.")


# -- the IMR application and UR determination builders --------------------------------


def test_the_application_and_determination_builders_print_their_fields():
    application = imr_application_pages(
        employee="Ana Ruiz", claim_number="19-55512", date_of_injury=dt.date(2019, 1, 7),
        ur_decision_date=dt.date(2019, 10, 1), requesting_physician="Paul Ng, M.D.",
        treatments=[("Cervical epidural steroid injection C6-7", "denied"),
                    ("Physical therapy x12", "modified")])
    text = "\n".join(application)
    assert len(application) == 2 and "APPLICATION FOR INDEPENDENT MEDICAL REVIEW" in text
    for field in ("Ana Ruiz", "19-55512", "01/07/2019", "10/01/2019", "Paul Ng, M.D."):
        assert field in text
    rows = [line for line in text.split("\n")
            if "Cervical epidural" in line or "Physical therapy x12" in line]
    assert re.search(r"\[X\] Denied\s+\[ \] Modified", rows[0])
    assert re.search(r"\[ \] Denied\s+\[X\] Modified", rows[1])
    determination = ur_determination_pages(
        employee="Ana Ruiz", claim_number="19-55512", date_of_injury=dt.date(2019, 1, 7),
        decision_date=dt.date(2019, 10, 1), requesting_physician="Paul Ng, M.D.", reviewer="Lee Wu, M.D.",
        items=[("Cervical epidural steroid injection C6-7", "non-certified"),
               ("Physical therapy x12", "modified; Physical therapy x6")])
    text = "\n".join(determination)
    assert "NOTICE OF UTILIZATION REVIEW DETERMINATION" in text and "Decision: NON-CERTIFIED" in text
    assert "Certified as modified: Physical therapy x6" in text and "Lee Wu, M.D." in text
    assert spans(find_documents(application + determination)) == [
        (1, 2, K.IMR_APPLICATION), (3, 2 + len(determination), K.UR_DETERMINATION)]
