"""The same report twice in a case file: copies are found through fax stamps, OCR misreads,
a lost last page and an extra cover; reports that only look alike are not taken for copies."""

from __future__ import annotations

import io
import random
from dataclasses import replace

import pypdfium2 as pdfium
import pytest
from rapidfuzz.distance import Levenshtein
from packet_files import make_packet
from real_letters import LETTERS, pdfium_pages
from record_files import text_pdf
from report_copies import (
    VISIT_APRIL, VISIT_MAY, fax_cover, fax_header, noisy, ocr_noise, only_dates_moved,
    pr2_pages, random_visit, stamped, work_status)

from workbench.records import ocr
from workbench.records.copy_candidates import Candidates, page_runs
from workbench.records.copy_marks import is_fax_cover, is_stamp_line
from workbench.records.duplicates import (
    DocumentText, detect_duplicates, duplicate_pages, find_duplicates)

APRIL = pr2_pages(VISIT_APRIL)
MAY = pr2_pages(VISIT_MAY)
COVER = fax_cover("Maria Lopez, M.D.", "10/14/2024", 4, "Jane Sample, claim 05-123456",
                  "PR-2 of 04/15/2015 as requested.")


def documents(*pages: list[str], first_id: int = 1) -> list[DocumentText]:
    return [DocumentText(first_id + index, list(texts)) for index, texts in enumerate(pages)]


def copies(first: list[str], second: list[str]) -> bool:
    """Whether the finder takes ``second`` for a copy of ``first`` (given in that order)."""
    found = find_duplicates(documents(first, second))
    assert found in ({}, {2: 1})
    return found == {2: 1}


# Copies


def test_the_same_report_twice_is_a_duplicate_of_the_first_given():
    assert find_duplicates(documents(APRIL, APRIL)) == {2: 1}
    assert find_duplicates([DocumentText(7, APRIL), DocumentText(3, list(APRIL))]) == {3: 7}
    assert duplicate_pages(documents(APRIL, APRIL)) == {(2, 1): (1, 1), (2, 2): (1, 2),
                                                        (2, 3): (1, 3)}


@pytest.mark.parametrize("first, second", [(0, 1), (1, 2), (2, 3), (3, 0)])
def test_copies_from_other_fax_machines_with_footers_and_bates_numbers(first, second):
    sent = stamped(APRIL, header=first, when="10/14/2024 09:12")
    received = stamped(APRIL, header=second, when="11/02/2024 16:40", footer=True,
                       bates="SCIF", first_bates=1207)
    assert copies(sent, received)


def test_fax_stamps_are_recognised_as_stamps_and_the_reports_own_lines_are_not():
    for style in range(5):
        assert is_stamp_line(fax_header(style, 3, 12, "10/14/2024 09:12"))
    for line in ("Page 3 of 12", "p. 3", "SCIF001207", "BATES NO. 000123",
                 "RECEIVED OCT 14 2024", "Received 10/14/2024 DWC"):
        assert is_stamp_line(line), line
    for line in ("Phone: (559) 555-0142   Fax: (559) 555-0143", "Date of Service: 04/15/2015",
                 "Modified duty from 04/15/2015 to 05/15/2015",
                 "Received 12 sessions of physical therapy", "Pain is rated 7/10.", ""):
        assert not is_stamp_line(line), line


def test_copies_faxed_on_one_day_by_a_machine_whose_header_never_says_fax():
    # Both headers open with the same date, so what differs (the time) is among the page's
    # words, not at its edge, and a note with few numbers forgives no changed number: the
    # line must be known as a stamp, by its time and page counter.
    note = ("Seen today for the low back. She is walking more and sleeping better, and the "
            "leg symptoms are less frequent since she resumed the home exercise program. "
            "Examination is unchanged apart from a better tolerance for flexion. Continue "
            "the home exercise program and naproxen as needed; return after the next course "
            "of therapy. Maria Lopez, M.D.")
    morning = fax_header(4, 3, 10, "10/14/2024 07:59") + "\n" + note
    evening = fax_header(4, 1, 2, "10/14/2024 10:52") + "\n" + note
    assert copies([morning], [evening])
    assert copies(stamped(APRIL, header=4, when="10/14/2024 07:59"),
                  stamped(APRIL, header=4, when="10/14/2024 10:52"))


@pytest.mark.parametrize("rate", [0.02, 0.03, 0.05])
@pytest.mark.parametrize("seed", range(4))
def test_a_rescan_with_ocr_misreads_is_a_copy(rate, seed):
    rescan = noisy(stamped(APRIL, header=seed), rate, seed)
    assert rescan != APRIL
    assert copies(APRIL, rescan)
    assert copies(rescan, APRIL)


@pytest.mark.parametrize("seed", range(4))
def test_two_rescans_each_with_its_own_misreads_are_copies(seed):
    first = noisy(stamped(APRIL, header=seed % 4), 0.03, seed)
    second = noisy(stamped(APRIL, header=(seed + 1) % 4, bates="ABC"), 0.03, seed + 100)
    assert copies(first, second)


def test_typographic_marks_ligatures_and_accents_read_plain_are_a_copy():
    typeset = [page.replace("'", "\u2019").replace("fi", "\ufb01").replace(" - ", " \u2014 ")
               + "\nLa paciente refiere dolor lumbar cr\u00f3nico; se explic\u00f3 el "
               "tratamiento en espa\u00f1ol." for page in APRIL]
    plain = [page + "\nLa paciente refiere dolor lumbar cronico; se explico el tratamiento "
             "en espanol." for page in APRIL]
    assert copies(typeset, plain)
    other = [page.replace("refiere dolor lumbar cronico; se explico el tratamiento en espanol",
                          "niega dolor desde la inyeccion y pide volver al trabajo sin "
                          "restricciones") for page in plain]
    assert not copies(typeset, other)


@pytest.mark.parametrize("rate", [0.03, 0.05])
def test_the_noise_model_misreads_about_the_share_of_characters_asked(rate):
    text = "\n".join(APRIL)
    edits = Levenshtein.distance(text, ocr_noise(text, rate, 1))
    assert 0.5 * rate * len(text) < edits < 1.5 * rate * len(text)
    assert ocr_noise(text, rate, 1) == ocr_noise(text, rate, 1)


def _ocr(pages: list[str], tmp_path) -> list[str]:
    """``pages`` printed to a PDF, drawn by PDFium at 300 dpi and read back by Tesseract."""
    path = text_pdf(tmp_path / "scan.pdf", pages)
    pdf = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for page in pdf:
            picture = io.BytesIO()
            page.render(scale=300 / 72, grayscale=True).to_pil().save(picture, format="PNG")
            texts.append(ocr.read_image(picture.getvalue(), dpi=300).text)
        return texts
    finally:
        pdf.close()


def test_a_page_read_back_by_tesseract_is_a_copy_of_its_text_and_not_of_the_next_visit(
        tmp_path):
    april, may = _ocr([stamped(APRIL[:1], header=2)[0], MAY[0]], tmp_path)
    assert "SUBJECTIVE" in april and "SUBJECTIVE" in may  # Tesseract read both pages
    assert april != APRIL[0]
    found = find_duplicates(documents(APRIL[:1], [april], [may]))
    assert found == {2: 1}
    assert find_duplicates(documents(MAY[:1], [april])) == {}


def test_a_copy_that_lost_its_last_page_is_a_duplicate_and_the_page_only_the_later_has_stays():
    lost = noisy(APRIL[:-1], 0.02, 5)
    assert find_duplicates(documents(APRIL, lost)) == {2: 1}
    assert duplicate_pages(documents(APRIL, lost)) == {(2, 1): (1, 1), (2, 2): (1, 2)}
    # The shorter copy came first: the complete one is the duplicate, and its last page,
    # which the first lacks, is not a repeated page (search keeps its hits).
    found = detect_duplicates(documents(lost, APRIL))
    assert found.documents == {2: 1}
    assert found.pages == {(2, 1): (1, 1), (2, 2): (1, 2)}


def test_a_copy_with_an_extra_fax_cover_is_a_duplicate_and_its_cover_is_no_repeated_page():
    covered = [COVER] + stamped(APRIL, header=1)
    assert is_fax_cover(COVER)
    found = detect_duplicates(documents(APRIL, covered))
    assert found.documents == {2: 1}
    assert found.pages == {(2, 2): (1, 1), (2, 3): (1, 2), (2, 4): (1, 3)}
    found = detect_duplicates(documents(covered, APRIL))
    assert found.documents == {2: 1}
    assert found.pages == {(2, 1): (1, 2), (2, 2): (1, 3), (2, 3): (1, 4)}


def test_a_copy_of_a_copy_names_the_first_original():
    third = noisy(stamped(APRIL[:-1], header=3), 0.03, 9)
    found = detect_duplicates(documents(APRIL, APRIL[:-1], third, MAY))
    assert found.documents == {2: 1, 3: 1}
    assert found.pages[(3, 1)] == (1, 1) and found.pages[(3, 2)] == (1, 2)


def test_copies_among_other_documents_are_found_in_any_order():
    status = work_status("04/15/2015", 15, "05/13/2015")
    files = [APRIL, MAY, [status], [COVER], noisy(MAY, 0.03, 2), stamped(APRIL, header=0),
             [work_status("05/13/2015", 20, "06/10/2015")], [], stamped([status], header=2)]
    assert find_duplicates(documents(*files)) == {5: 2, 6: 1, 9: 3}
    # Reversed: 1 the stamped slip, 4 the stamped PR-2, 5 the rescan of May come first.
    assert find_duplicates(documents(*reversed(files))) == {7: 1, 8: 5, 9: 4}


# Not copies


def test_two_pr2s_of_one_doctor_a_month_apart_are_not_copies():
    assert not copies(APRIL, MAY)
    for seed in range(4):
        assert not copies(noisy(APRIL, 0.03, seed), noisy(MAY, 0.03, seed + 50))


def test_a_pr2_copied_forward_under_new_dates_is_not_a_copy():
    forward = pr2_pages(only_dates_moved(VISIT_APRIL, "05/13/2015", "06/10/2015"))
    assert not copies(APRIL, forward)
    for seed in range(4):
        assert not copies(noisy(APRIL, 0.03, seed), noisy(forward, 0.03, seed + 50))


def test_a_pr2_with_other_findings_on_the_same_date_is_not_a_copy():
    revised = pr2_pages(replace(VISIT_APRIL, findings=VISIT_MAY.findings))
    assert not copies(APRIL, revised)
    for seed in range(4):
        assert not copies(noisy(APRIL, 0.03, seed), noisy(revised, 0.03, seed + 50))


def test_changed_scores_make_another_report_and_one_misread_digit_in_a_long_one_does_not():
    rescored = pr2_pages(replace(VISIT_APRIL, pain=5, flexion=45, extension=15))
    assert not copies(APRIL, rescored)
    # A poor scan reads a digit as another now and then: one in a report of three pages
    # (about seventy numbers) is forgiven, ...
    misread = [APRIL[0].replace("05-123456", "05-128456", 1)] + APRIL[1:]
    assert copies(APRIL, misread)
    # ... none in a one-page slip.
    slip = work_status("04/15/2015", 15, "05/13/2015")
    assert not copies([slip], [slip.replace("no lifting over 15", "no lifting over 25")])


def test_two_fax_covers_from_one_sender_are_not_the_report_twice():
    other = fax_cover("Maria Lopez, M.D.", "11/02/2024", 7, "Jane Sample, claim 05-123456",
                      "RFA and PR-2 of 05/13/2015.")
    assert is_fax_cover(COVER) and is_fax_cover(other)
    assert find_duplicates(documents([COVER], [other])) == {}
    # A cover says who sent what: the same cover twice is not a report either.
    assert find_duplicates(documents([COVER], [COVER])) == {}
    assert duplicate_pages(documents([COVER], [COVER], [COVER, ""])) == {}


def test_report_pages_and_letters_are_not_taken_for_fax_covers():
    assert not any(is_fax_cover(page) for page in APRIL + MAY)
    letter = ("Date: 08/03/2015\nRE: Request for records\nDear Claims Adjuster,\nPlease fax "
              "the records to (559) 555-0143. Confidential medical information enclosed.\n"
              "Sincerely,\nNancy Wells, Case Manager")
    assert not is_fax_cover(letter)


def test_two_one_page_slips_on_one_template_are_not_copies_and_one_slip_twice_is():
    april = work_status("04/15/2015", 15, "05/13/2015")
    may = work_status("05/13/2015", 15, "06/10/2015")
    assert not copies([april], [may])
    assert copies([april], stamped([april], header=0, bates="ABC"))
    assert copies(stamped([april], header=3), noisy([april], 0.03, 4))


def test_empty_and_blank_documents_are_neither_duplicates_nor_originals():
    assert find_duplicates([]) == {}
    assert find_duplicates(documents([], [], ["", "  \n"], ["\f"])) == {}
    assert find_duplicates(documents([], APRIL, ["", ""], APRIL, [])) == {4: 2}
    assert find_duplicates(documents(["Page 1 of 1"], ["Page 1 of 1"])) == {}
    assert find_duplicates(documents(["See attached."], ["See attached."])) == {}


def test_two_documents_with_one_id_are_refused_in_one_line():
    with pytest.raises(ValueError) as refused:
        find_duplicates([DocumentText(4, APRIL), DocumentText(4, MAY)])
    assert "\n" not in str(refused.value)


# Many documents


def test_every_copy_planted_in_generated_packets_is_found_and_nothing_else():
    # Twelve case packets in one file, about 320 documents: short reports on a few templates
    # (a practice's PR-2s, therapy notes, pharmacy logs, labs, fax covers), and copies
    # exact, faxed again under another machine's header, or scanned again.
    given: list[DocumentText] = []
    planted: dict[int, int] = {}
    for seed in range(1000, 1012):
        packet = make_packet(seed)
        first = len(given)
        for number, document in enumerate(packet.documents):
            given.append(DocumentText(first + number,
                                      packet.pages[document.first_page - 1:document.last_page]))
            if document.copy_of is not None:
                planted[first + number] = first + document.copy_of
    assert len(planted) >= 20
    assert find_duplicates(given) == planted


def test_reports_on_one_template_name_no_pair_to_compare_but_their_copies():
    # Forty PR-2s of one doctor share their template, history and attestation word for word;
    # only a report's own words (dates, complaints, findings, plan) name a pair.
    rng = random.Random(5)
    visits = [pr2_pages(random_visit(rng)) for _ in range(40)]
    given = visits + [noisy(stamped(visits[3], header=1), 0.05, 1), stamped(visits[17], header=2)]
    named = Candidates([[page_runs(page.lower().encode().split()) for page in pages]
                        for pages in given]).first()
    pairs = {(earlier, later) for later, earlier_ones in named.items() for earlier in earlier_ones}
    assert {(3, 40), (17, 41)} <= pairs
    assert len(pairs) <= 4  # of the 861 pairs sharing the template


# Real letters


@pytest.fixture(scope="module")
def letters() -> list[list[str]]:
    return [pdfium_pages(path) for path in LETTERS]


@pytest.mark.parametrize("source, rate", [(5, 0.05), (40, 0.03)])
def test_a_letter_in_six_rescanned_copies_is_found_in_every_copy(letters, source, rate):
    # Its own words are then in seven documents, as many as hold a template's: the copies
    # found first count as one, and the others are found through them.
    rescans = [DocumentText(101 + copy, noisy(stamped(letters[source], header=copy % 4), rate,
                                              10 * source + copy)) for copy in range(6)]
    found = find_duplicates(documents(*letters) + rescans)
    assert found == {101 + copy: source + 1 for copy in range(6)}


def test_the_published_letters_on_one_template_are_not_copies_and_their_rescans_are(letters):
    assert len(letters) == 90
    originals = documents(*letters)
    assert find_duplicates(originals) == {}
    rescans = documents(*(noisy(stamped(pages, header=index % 4), 0.03, index)
                          for index, pages in enumerate(letters[:30])), first_id=101)
    found = find_duplicates(originals + rescans)
    assert found == {101 + index: 1 + index for index in range(30)}


def _spans_as_documents(spans, pages):
    return [DocumentText(number, pages[first - 1:last]) for number, (first, last) in spans]


def test_a_case_file_looked_at_again_after_each_correction_finds_what_a_fresh_look_finds():
    packet = make_packet(1000)
    pages = list(packet.pages) + [noisy(stamped(packet.pages[:3], header=1), 0.03, 7)[0]]
    spans = [(number, (document.first_page, document.last_page))
             for number, document in enumerate(packet.documents)]
    spans.append((len(spans), (len(pages), len(pages))))
    rng = random.Random(4)
    marked = 0
    for step in range(8):
        remembered = detect_duplicates(_spans_as_documents(spans, pages), remember="case")
        fresh = detect_duplicates(_spans_as_documents(spans, pages))
        assert (remembered.documents, remembered.pages) == (fresh.documents, fresh.pages)
        again = detect_duplicates(_spans_as_documents(spans, pages), remember="case")  # nothing changed
        assert (again.documents, again.pages) == (fresh.documents, fresh.pages)
        marked += len(fresh.documents)
        # A split or a merge, as the reviewer makes them; new documents get new ids.
        index = rng.randrange(len(spans) - 1)
        number, (first, last) = spans[index]
        if last > first:
            spans[index:index + 1] = [(number, (first, first)), (1000 + step, (first + 1, last))]
        else:
            spans[index:index + 2] = [(number, (first, spans[index + 1][1][1]))]
    assert marked  # the packet's planted copies were found along the way
