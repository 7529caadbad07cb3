"""The citation sentences of the 90 published letters in ../shared/real-letters and of the seeds:
read into structured citations and printed back word for word, and printed by the library.

Guideline lines are taken from the letters' text as PDFium gives it (a hyphen that ends a line
is kept, the line joined), between "Claims Administrator guideline:" / "MAXIMUS guideline:" and
the next label. The expectations below were written by reading the letters.
"""

from __future__ import annotations

import collections
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import ROOT, SEED_FILES

from workbench.case import Citation, Role
from workbench.citations import (
    DECISION_BASED_ON,
    GuidelinePart,
    edition_year,
    format_line,
    format_sentence,
    guideline_parts,
    is_statement,
    kept_preface,
    parse_line,
    parse_sentence,
)
from workbench.letters.template import CitationWording, default_template
from workbench.library.model import entry_citation
from workbench.library.search import LibrarySearch
from workbench.startup import open_workbench

LETTERS = sorted((ROOT.parent / "shared" / "real-letters").glob("*.pdf"))
_LINE = re.compile(r"(Claims Administrator guideline:|MAXIMUS guideline:)(.*?)"
                   r"(?=MAXIMUS guideline:|Decision rationale:)")
_UR_DATE = re.compile(r"UR Denial Date:\s*(\d\d)/(\d\d)/(\d{4})")

pytestmark = pytest.mark.skipif(len(LETTERS) != 90, reason="../shared/real-letters not present")


@dataclass(frozen=True)
class Line:
    letter: str
    role: Role
    text: str  # after the label, whitespace collapsed
    ur_date: dt.date | None


def _lines(name: str, text: str, ur_date: dt.date | None) -> list[Line]:
    text = " ".join(text.split())
    return [Line(name, Role.CLAIMS_ADMINISTRATOR if label.startswith("Claims") else Role.REVIEWER,
                 body.strip(), ur_date) for label, body in _LINE.findall(text)]


def _pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(path)
    try:
        return re.sub(r"\ufffe\s*", "-", " ".join(page.get_textpage().get_text_range()
                                                   for page in pdf))
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def letter_lines() -> list[Line]:
    found = []
    for path in LETTERS:
        text = _pdf_text(path)
        month, day, year = map(int, _UR_DATE.search(text).groups())
        lines = _lines(path.stem, text, dt.date(year, month, day))
        assert len(lines) == 2 * text.count("Decision rationale:"), path.name  # two per item
        found += lines
    return found


@pytest.fixture(scope="module")
def seed_lines() -> list[Line]:
    return [line for path in SEED_FILES
            for line in _lines(path.stem, path.read_text(encoding="utf-8"), None)]


def test_every_guideline_line_reads_into_citations_and_prints_back_word_for_word(
        letter_lines, seed_lines):
    assert len(letter_lines) == 366 and len(seed_lines) == 12
    for line in letter_lines + seed_lines:
        citations = parse_line(line.text, line.role)
        assert format_line(citations, line.role) == line.text, line.letter
        sentences = [c for c in citations if not is_statement(c)]
        assert len(sentences) == line.text.count(DECISION_BASED_ON), line.letter
        for citation in sentences:
            sentence = format_sentence(citation)
            assert citation.source, sentence  # structured, not only kept as text
            assert citation.mtus == sentence.startswith(f"{DECISION_BASED_ON} MTUS "), sentence
        prefaced = [c for c in sentences if c.preface]
        assert len(prefaced) == sum(line.text.count(p) for p in
                                    default_template().known_prefaces(line.role)), line.letter


def test_the_fields_rebuild_the_sentences_and_only_loose_wording_is_kept_verbatim(letter_lines):
    kept = set()
    for line in letter_lines:
        for citation in parse_line(line.text, line.role):
            if citation.text is not None and not is_statement(citation):
                kept.add(citation.text)
    # Read in the letters: the only sentences not in the standard wording.
    assert kept == {
        "Decision based on Non-MTUS Official Disability Guidelines (ODG), Pain.",
        "Decision based on Non-MTUS Citation ACOEM Guidelines, Chapter 7, Independent Medical "
        "Examinations and Consultations, page 137.",
    }


def test_section_style_sentences_name_each_guideline_with_its_edition_year(letter_lines):
    parts = collections.Counter()
    for line in letter_lines:
        for citation in parse_line(line.text, line.role):
            if citation.is_free_text or not citation.mtus:
                continue
            found = guideline_parts(citation)
            assert found and all(part.year in (2004, 2007, 2009, 2016) for part in found), \
                format_sentence(citation)
            parts.update((part.title, part.year) for part in found)
    assert set(parts) == {
        ("Acupuncture Treatment", 2007), ("Ankle and Foot Complaints", 2004),
        ("Chronic Pain Medical Treatment", 2009), ("Chronic Pain Medical Treatment", 2016),
        ("Elbow Complaints", 2007), ("Forearm, Wrist, and Hand Complaints", 2004),
        ("General Approaches", 2004), ("Knee Complaints", 2004), ("Low Back Complaints", 2004),
        ("Neck and Upper Back Complaints", 2004), ("Opioid Treatment", 2016),
        ("Postsurgical Treatment", 2009), ("Shoulder Complaints", 2004),
        ("Stress-Related Conditions", 2004),
    }


@pytest.mark.parametrize(("sentence", "source", "section", "parts"), [
    ("Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine "
     "treatment.", "Chronic Pain Medical Treatment 2016", "Physical medicine treatment",
     [("Chronic Pain Medical Treatment", 2016, "Physical medicine treatment")]),
    ("Decision based on MTUS Acupuncture Treatment 2007.", "Acupuncture Treatment 2007", None,
     [("Acupuncture Treatment", 2007, None)]),
    ("Decision based on MTUS Chronic Pain Medical Treatment 2016 Guidelines, Section(s): "
     "Antidepressants for chronic pain.", "Chronic Pain Medical Treatment 2016 Guidelines",
     "Antidepressants for chronic pain",
     [("Chronic Pain Medical Treatment", 2016, "Antidepressants for chronic pain")]),
    ("Decision based on MTUS Elbow Complaints 2007, Section(s): Diagnostic Criteria, and Forearm, "
     "Wrist, and Hand Complaints 2004, Section(s): Special Studies, Summary.",
     "Elbow Complaints 2007",
     "Diagnostic Criteria, and Forearm, Wrist, and Hand Complaints 2004, Section(s): Special "
     "Studies, Summary",
     [("Elbow Complaints", 2007, "Diagnostic Criteria"),
      ("Forearm, Wrist, and Hand Complaints", 2004, "Special Studies, Summary")]),
    ("Decision based on MTUS Postsurgical Treatment 2009, and Chronic Pain Medical Treatment "
     "2016.", "Postsurgical Treatment 2009, and Chronic Pain Medical Treatment 2016", None,
     [("Postsurgical Treatment", 2009, None), ("Chronic Pain Medical Treatment", 2016, None)]),
    ("Decision based on MTUS Opioid Treatment 2016, Section(s): 3.3.9 Opioids for Chronic Pain "
     "and Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment.",
     "Opioid Treatment 2016", "3.3.9 Opioids for Chronic Pain and Chronic Opioid Treatment: "
     "Maintenance of Chronic Opioid Treatment",
     [("Opioid Treatment", 2016, "3.3.9 Opioids for Chronic Pain and Chronic Opioid Treatment: "
                                 "Maintenance of Chronic Opioid Treatment")]),
])
def test_section_style_sentences_as_read(sentence, source, section, parts):
    citation = parse_sentence(sentence)
    assert (citation.source, citation.mtus, citation.text) == (source, True, None)
    assert citation.section == section
    assert guideline_parts(citation) == [GuidelinePart(title, year, sections)
                                         for title, year, sections in parts]
    assert edition_year(citation) == parts[0][1]
    assert format_sentence(citation) == sentence


@pytest.mark.parametrize(("sentence", "source", "topic"), [
    ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Head, CT (computed "
     "tomography).", "Official Disability Guidelines (ODG) Head", "CT (computed tomography)"),
    ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain.",
     "Official Disability Guidelines (ODG)", "Pain"),
    ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low Back chapter/ "
     "x-ray.", "Official Disability Guidelines (ODG) Low Back chapter/ x-ray", None),
    ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Neck and Upper "
     "Back (updated 11/16/16), Magnetic Resonance Imaging (MRI).",
     "Official Disability Guidelines (ODG)",
     "Neck and Upper Back (updated 11/16/16), Magnetic Resonance Imaging (MRI)"),
])
def test_non_mtus_sentences_as_read(sentence, source, topic):
    citation = parse_sentence(sentence)
    assert (citation.source, citation.topic, citation.mtus, citation.text) == (
        source, topic, False, None)
    assert format_sentence(citation) == sentence


def test_prefaces_and_statements_of_both_periods(letter_lines, seed_lines):
    letter = next(line for line in letter_lines if line.letter == "CM16-0221706"
                  and line.role is Role.REVIEWER)
    [citation] = parse_line(letter.text, Role.REVIEWER)
    assert citation.preface and not citation.mtus and kept_preface(citation) is None
    assert citation.source == "Sildenafil: Drug information"

    statement = next(line for line in letter_lines if line.letter == "CM16-0221706"
                     and line.role is Role.CLAIMS_ADMINISTRATOR)
    [said] = parse_line(statement.text, Role.CLAIMS_ADMINISTRATOR)
    assert is_statement(said) and said.text == (
        "The Claims Administrator did not cite any medical evidence for its decision.")

    old = [c for line in seed_lines for c in parse_line(line.text, line.role) if c.preface]
    assert len(old) == 2 and all(kept_preface(c).endswith("did not base their decision on the "
                                                          "MTUS.") for c in old)


# -- the library prints them ---------------------------------------------------------------

_BOILERPLATE = re.compile(r"Decision based on|Non-?\s?MTUS Citation|\bMTUS\b|Section\(s\):|"
                          r"Page\(s\):")


def section_words(sentence: str) -> str:
    """"The words of the section": the sentence without its fixed wording and punctuation."""
    return " ".join(re.sub(r"[^\w\s]", " ", _BOILERPLATE.sub(" ", sentence)).split())


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    database = open_workbench(f"sqlite:///{tmp_path_factory.mktemp('lib') / 'lib.sqlite3'}")
    yield LibrarySearch(database)
    database.close()


def test_the_library_prints_the_letters_citation_sentences(letter_lines, search, capsys):
    """Of the distinct "Decision based on" sentences, weighted by how often the letters use
    them, the share an entry among the top 5 for the sentence's words prints exactly: in its
    own wording (section style, the letters' style of the day, or page style), or as
    published letters cite it."""
    uses: collections.Counter[str] = collections.Counter()
    day: dict[str, dt.date] = {}
    for line in letter_lines:
        for citation in parse_line(line.text, line.role):
            if not citation.is_free_text:
                sentence = format_sentence(citation)
                uses[sentence] += 1
                day.setdefault(sentence, line.ur_date)
    printed = natively = 0
    misses = []
    for sentence, count in uses.items():
        hits = search.search(section_words(sentence), limit=5, as_typed=False,
                             on=day[sentence])
        if any(hit.citation == sentence for hit in hits):
            natively += count
        by_page = {format_sentence(entry_citation(hit.entry, hit.source, CitationWording.PAGES))
                   for hit in hits}
        if any(hit.citation == sentence or sentence in hit.wordings for hit in hits) \
                or sentence in by_page:
            printed += count
        else:
            misses.append(f"{count} x {sentence[:110]}")
    total = sum(uses.values())
    with capsys.disabled():
        print(f"\nlibrary prints {printed}/{total} citation uses ({printed / total:.1%}) of "
              f"{len(uses)} distinct sentences from an entry in the top 5; in the entries' own "
              f"section-style wording {natively}/{total} ({natively / total:.1%})")
        for miss in misses:
            print("  not printed:", miss)
    assert printed / total >= 0.95
    assert natively / total >= 0.6  # the wording of the day, not only wordings kept as read


def test_a_citation_read_from_a_letter_links_to_the_entries_it_names(letter_lines, search):
    from workbench.library.citing import match_citation

    line = next(line for line in letter_lines if "Section(s): Physical Methods, and Chronic Pain"
                in line.text)
    [citation] = parse_line(line.text, line.role)
    _, sure = match_citation(citation, search)
    assert sure is not None and sure.entry.key == "acoem-2004.ch12.physical-methods"
    head = Citation(source="Official Disability Guidelines (ODG) Head",
                    topic="CT (computed tomography)", mtus=False)
    _, sure = match_citation(head, search)
    assert sure is not None and sure.entry.key == "odg.head.ct"
