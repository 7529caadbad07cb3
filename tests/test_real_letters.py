"""Every one of the 90 published letters reads completely: from the PDF, and from the text
pdftotext and PDFium give of it, also with its line breaks lost.

The counts each reading must reach come from the letter's own text, found here with plain
regular expressions, not from the reader: as many items as "Decision rationale:" labels,
as many citation sentences as "Decision based on", as many preface sentences as the
letter has, every header field, nothing unplaced.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from real_letters import (
    EXTRACTORS,
    HAS_PDFTOTEXT,
    NAMES,
    extracted,
    letter,
    published_text,
    squeeze,
)

from workbench.case import Case, Role
from workbench.citations import format_citation, format_line
from workbench.letters.reader import LetterReading, parse_letter, read_letter
from workbench.letters.sources import plain_text

DECISION_BASED_ON = "Decision based on"
PREFACE = re.compile(r"The (?:Claims Administrator|Expert Reviewer) based their decision on "
                     r"recommendation\(s\) outside of the MTUS Guidelines\.")
HEADER_DATE = {
    "Date Assigned": "received_on", "Decision Date": "decided_on",
    "UR Denial Date": "ur_decision_on", "Application Received": "application_received_on",
}


@cache
def pdf_reading(name: str) -> LetterReading:
    return read_letter(letter(name))


@cache
def text_reading(name: str, extractor: str) -> LetterReading:
    return parse_letter(plain_text(extracted(name, extractor)))


def reading_of(name: str, source: str) -> LetterReading:
    if source.startswith("pdftotext") and not HAS_PDFTOTEXT:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return pdf_reading(name) if source == "pdf" else text_reading(name, source)


def sentences(case: Case) -> list[str]:
    return [format_citation(c, role) for item in case.items for role in Role
            for c in item.citations(role)]


@pytest.mark.parametrize("source", ["pdf", *EXTRACTORS])
@pytest.mark.parametrize("name", NAMES)
def test_corpus_invariants(name: str, source: str):
    reading = reading_of(name, source)
    case, text = reading.case, published_text(name)
    assert reading.unplaced == []
    assert len(case.items) == text.count("Decision rationale:")
    printed = sentences(case)
    assert sum(s.count(DECISION_BASED_ON) for s in printed) == text.count(DECISION_BASED_ON)
    assert all(s.count(DECISION_BASED_ON) <= 1 for s in printed)  # one sentence, one citation
    # Header fields present, each as the letter's header gives it.
    assert case.case_number == name
    for label, field in HEADER_DATE.items():
        match = re.search(re.escape(label).replace(r"\ ", r"\s+") + r":\s*(\d\d)/(\d\d)/(\d{4})",
                          text)
        assert match, label
        day = getattr(case, field)
        assert day is not None and day.strftime("%m/%d/%Y") == "/".join(match.groups()), label
    injury = re.search(r"Date of Injury:\s*(\d\d)/(\d\d)/(\d{4})", text)
    month, day, year = injury.groups()
    assert case.summary_form["injury_date"] == f"{year}-{month}-{day}"
    priority = re.search(r"Priority:\s*(\w+)", text)[1]
    assert case.review_type.value == priority.lower()
    assert case.credentials.licensure_states and case.credentials.certifications
    assert case.summary and all(item.rationale for item in case.items)


@pytest.mark.parametrize("source", ["pdf", *EXTRACTORS])
@pytest.mark.parametrize("name", NAMES)
def test_citations_are_structured_with_their_prefaces(name: str, source: str):
    """Every "Decision based on" sentence is a structured citation, and every preface sentence
    belongs to the citation it introduces rather than standing as text of its own."""
    case, text = reading_of(name, source).case, published_text(name)
    citations = [(c, role) for item in case.items for role in Role for c in item.citations(role)]
    for citation, role in citations:
        if DECISION_BASED_ON in format_citation(citation, role):
            assert citation.source is not None, format_citation(citation, role)
        else:
            assert not PREFACE.search(format_citation(citation, role))
    assert sum(c.preface for c, _ in citations) == len(PREFACE.findall(text))


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize("name", NAMES)
def test_extractor_text_reads_as_the_pdf_does(name: str, extractor: str):
    """The same case from the extractor's text as from the PDF. pdftotext drops the hyphen of
    a word split at a line end, and text that lost its line breaks cannot say where its
    paragraphs ended: those compare their words with hyphens and spaces squeezed out."""
    ours, theirs = pdf_reading(name).case, reading_of(name, extractor).case
    for field in ("case_number", "received_on", "decided_on", "ur_decision_on",
                  "application_received_on", "review_type", "summary_form", "organization",
                  "organization_short", "credentials", "wording"):
        assert getattr(theirs, field) == getattr(ours, field), field
    exact = extractor in ("pdfium", "pdftotext-layout")
    assert len(theirs.items) == len(ours.items)
    for mine, other in zip(ours.items, theirs.items):
        assert other.decision == mine.decision
        assert squeeze(other.description) == squeeze(mine.description)
        for role in Role:
            assert squeeze(format_line(other.citations(role), role)) == \
                squeeze(format_line(mine.citations(role), role))
        if exact:
            assert other == mine
        else:
            assert squeeze(" ".join(other.rationale)) == squeeze(" ".join(mine.rationale))
    if exact:
        assert theirs.summary == ours.summary
    else:
        assert squeeze(" ".join(theirs.summary)) == squeeze(" ".join(ours.summary))
