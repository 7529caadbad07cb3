"""Citation sentences: the standard wording from structured fields, and back."""

import pytest

from workbench.case import Citation, Role
from workbench.citations import (
    citation_wording,
    format_citation,
    format_line,
    format_sentence,
    kept_preface,
    parse_line,
    parse_sentence,
)
from workbench.letters.template import CitationWording, default_template

CA, RV = Role.CLAIMS_ADMINISTRATOR, Role.REVIEWER


@pytest.mark.parametrize(
    "sentence, source, topic, pages, section",
    [
        ("Decision based on MTUS ACOEM Chapter 8 Neck and Upper Back Complaints Page(s): 182.",
         "ACOEM Chapter 8 Neck and Upper Back Complaints", None, "182", None),
        ("Decision based on MTUS Chronic Pain Treatment Guidelines Page(s): 98-99.",
         "Chronic Pain Treatment Guidelines", None, "98-99", None),
        ("Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304.",
         "ACOEM Chapter 12 Low Back Complaints", None, "303-304", None),
        ("Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies.",
         "Low Back Complaints 2004", None, None, "Special Studies"),
        ("Decision based on MTUS Chronic Pain Treatment Guidelines physical medicine Page(s): 98-99.",
         "Chronic Pain Treatment Guidelines", "physical medicine", "98-99", None),
        ("Decision based on MTUS ACOEM Chapter 8 Neck and Upper Back Complaints.",
         "ACOEM Chapter 8 Neck and Upper Back Complaints", None, None, None),
    ],
)
def test_standard_mtus_sentences_are_fully_structured(sentence, source, topic, pages, section):
    citation = parse_sentence(sentence)
    assert (citation.source, citation.topic, citation.pages, citation.section) == (
        source, topic, pages, section)
    assert citation.mtus is True
    assert citation.text is None  # nothing loose: the fields rebuild the sentence
    assert format_citation(citation, RV) == sentence


def test_non_mtus_line_with_the_preface_of_the_day():
    line = ("The Claims Administrator based their decision on recommendation(s) outside of the "
            "MTUS Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines "
            "(ODG) Head, CT (computed tomography).")
    [citation] = parse_line(line, CA)
    assert citation.preface and not citation.mtus
    assert citation.source == "Official Disability Guidelines (ODG) Head"
    assert citation.topic == "CT (computed tomography)"
    assert citation.text is None
    assert format_line([citation], CA) == line


def test_a_page_style_preface_is_kept_with_its_citation():
    line = ("The Claims Administrator did not base their decision on the MTUS. Decision based on "
            "Non-MTUS Citation Official Disability Guidelines, Pain (Chronic)-Office Visits.")
    [citation] = parse_line(line, CA)
    assert citation.preface and not citation.mtus
    assert citation.source == "Official Disability Guidelines"
    assert citation.topic == "Pain (Chronic)-Office Visits"
    assert kept_preface(citation) == (
        "The Claims Administrator did not base their decision on the MTUS.")
    assert citation_wording(citation) is CitationWording.PAGES
    assert format_line([citation], CA) == line
    assert format_sentence(citation) == line[line.index("Decision"):]
    citation.preface = False  # an MTUS citation joined the line: the preface goes, the words stay
    assert format_line([citation], CA) == line[line.index("Decision"):]


@pytest.mark.parametrize(
    "sentence, source, topic, pages",
    [
        ("Decision based on MTUS Chronic Pain Treatment Guidelines physical medicine p.98-99 "
         "Page(s): 98-99.", "Chronic Pain Treatment Guidelines", "physical medicine", "98-99"),
        ("Decision based on MTUS Chronic Pain Treatment Guidelines Physical therapy: page 98.",
         "Chronic Pain Treatment Guidelines", "Physical therapy", "98"),
        ("Decision based on Non-MTUS Citation American College of Occupational and Environmental "
         "Medicine (ACOEM), 2nd Edition, (2004) Chapter 7, Independent Medical Examinations and "
         "Consultations, page 127.",
         "American College of Occupational and Environmental Medicine (ACOEM), 2nd Edition, "
         "(2004) Chapter 7", "Independent Medical Examinations and Consultations", "127"),
    ],
)
def test_loose_page_wording_is_structured_and_kept_verbatim(sentence, source, topic, pages):
    citation = parse_sentence(sentence)
    assert (citation.source, citation.topic, citation.pages) == (source, topic, pages)
    assert citation.text == sentence
    assert format_citation(citation, RV) == sentence


def test_mtus_and_non_mtus_sentences_on_one_line():
    line = ("Decision based on MTUS Chronic Pain Treatment Guidelines Page(s): 98-99. "
            "The Expert Reviewer did not base their decision on the MTUS. Decision based on "
            "Non-MTUS Citation Official Disability Guidelines, Low Back - Lumbar & Thoracic.")
    first, second = parse_line(line, RV)
    assert (first.mtus, first.preface, first.pages) == (True, False, "98-99")
    assert (second.mtus, second.preface, second.source, second.topic) == (
        False, True, "Official Disability Guidelines", "Low Back - Lumbar & Thoracic")
    assert format_line([first, second], RV) == line


def test_unstructured_text_is_kept_as_free_text():
    line = "Not applicable per UR letter. Decision based on MTUS Drug Formulary."
    free, structured = parse_line(line, CA)
    assert free.is_free_text and free.text == "Not applicable per UR letter."
    assert structured.source == "Drug Formulary"
    assert format_line([free, structured], CA) == line


def test_structured_citation_prints_standard_wording():
    reviewer = Citation(source="Official Disability Guidelines", topic="Knee & Leg", mtus=False,
                        preface=True, section="MRI")
    assert format_citation(reviewer, RV) == (
        "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS "
        "Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines, Knee & "
        "Leg, Section(s): MRI.")
    pages = default_template().in_wording(CitationWording.PAGES)
    assert format_citation(reviewer, RV, pages).startswith(
        "The Expert Reviewer did not base their decision on the MTUS. Decision based on")
    mtus = Citation(source="ACOEM Chapter 13 Knee Complaints", pages="341-343")
    assert format_citation(mtus, CA) == (
        "Decision based on MTUS ACOEM Chapter 13 Knee Complaints Page(s): 341-343.")


def test_empty_line_has_no_citations():
    assert parse_line("   ", CA) == []
    assert format_line([], CA) == ""
