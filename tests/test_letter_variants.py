"""Letters the reader has not seen, built here in the extracted-text shape of letter-layout.md."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from workbench.case import CredentialForm, Decision, Role
from workbench.letters.reader import read_letter

ORG = "MAXIMUS Federal Services"
AFFILIATION = ("{org} sent the complete case file to an expert reviewer. He/she has no affiliation "
               "with the employer, employee, providers or the claims administrator.")
PRACTICE = ("He/she has been in active clinical practice for more than five years and is "
            "currently working at least 24 hours a week in active practice. The expert reviewer "
            "was selected based on his/her clinical experience, education, background, and "
            "expertise in the same or similar specialties that evaluate and/or treat the medical "
            "condition and disputed items/services. He/she is familiar with governing laws and "
            "regulations, including the strength of evidence hierarchy that applies to "
            "Independent Medical Review determinations.")


@dataclass
class Spec:
    credential_sentence: str | None = None  # sentence form when set
    block: list[str] = field(default_factory=list)  # block form lines
    summary: list[str] = field(default_factory=list)
    items: list[tuple[str, str, str, str, list[str]]] = field(default_factory=list)
    break_in_rationale: bool = False


def extracted(paragraphs: list[list[str]], break_in: str | None = None) -> str:
    """Text as a PDF extractor leaves it: wrapped lines with trailing spaces, an empty line after
    each, " " between paragraphs, a word split at a hyphen, and a page break where asked."""
    out: list[str] = []
    for lines in paragraphs:
        for text in lines:
            wrapped = textwrap.wrap(text, 88, break_on_hyphens=False)
            for index, line in enumerate(wrapped):
                if "x-rays" in line and index + 1 < len(wrapped):
                    head, tail = line.split("x-rays", 1)
                    out += [head + "x-", "", "rays" + tail + " ", ""]
                    continue
                out += [line + " ", ""]
                if break_in and break_in in line:
                    out += ["", "", ""]
        out += [" ", ""]
    return "\n".join(out)


def build(spec: Spec) -> str:
    how = AFFILIATION.format(org=ORG)
    if spec.credential_sentence:
        how += " " + spec.credential_sentence
    paragraphs = [[" HOW THE IMR FINAL DETERMINATION WAS MADE", how + " " + PRACTICE]]
    if spec.block:
        paragraphs.append(spec.block)
    paragraphs.append(["CLINICAL CASE SUMMARY", "The expert reviewer developed the following "
                       "clinical case summary based on a review of the case file, including all "
                       "medical records:"])
    paragraphs += [[p] for p in spec.summary]
    paragraphs.append(["IMR ISSUES, DECISIONS AND RATIONALES"])
    paragraphs.append(["The Final Determination was based on decisions for the disputed "
                       "items/services set forth below:"])
    for heading, decision, ca, reviewer, rationale in spec.items:
        paragraphs += [[f"{heading}: {decision}"], [f"Claims Administrator guideline: {ca}"],
                       [f"MAXIMUS guideline: {reviewer}"],
                       [f"Decision rationale: {rationale[0]}"], *[[p] for p in rationale[1:]]]
    return extracted(paragraphs, "BREAK-HERE" if spec.break_in_rationale else None)


def read(text: str, tmp_path: Path):
    path = tmp_path / "letter.txt"
    path.write_text(text, encoding="utf-8")
    return read_letter(path)


PT = ("Decision based on MTUS Chronic Pain Treatment Guidelines Page(s): 98-99.",
      "Physical therapy of 8 visits exceeds the 9-10 visits advised when prior therapy gave no "
      "functional improvement.")
SUMMARY = ["The injured worker is a 47 year old female who was injured on 03/02/2013 while "
           "lifting a box. Lumbar x-rays dated 04/01/2013 were normal. She has had eight sessions "
           "of physical therapy and remains on modified duty.",
           "The utilization review of 05/10/2015 non-certified the requests below."]


def test_sentence_form_with_subspecialty_and_several_states(tmp_path):
    spec = Spec(
        credential_sentence="The expert reviewer is Board Certified in Physical Medicine and "
        "Rehabilitation, has a subspecialty in Pain Medicine and is licensed to practice in "
        "California, New York and Texas.",
        summary=SUMMARY,
        items=[("Physical therapy x 8", "Upheld", PT[0], PT[0], [PT[1]])],
    )
    reading = read(build(spec), tmp_path)
    credentials = reading.case.credentials
    assert credentials.form is CredentialForm.SENTENCE
    assert credentials.certifications == ["Physical Medicine and Rehabilitation"]
    assert credentials.subspecialties == ["Pain Medicine"]
    assert credentials.licensure_states == ["California", "New York", "Texas"]
    assert credentials.verbatim is None
    assert reading.case.wording.how_made is None
    assert reading.case.summary == SUMMARY
    assert reading.unplaced == []


def test_sentence_form_without_subspecialty_two_certifications(tmp_path):
    spec = Spec(
        credential_sentence="The expert reviewer is Board Certified in Internal Medicine and "
        "Occupational Medicine and is licensed to practice in Oregon.",
        summary=SUMMARY[:1],
        items=[("Physical therapy x 8", "Upheld", PT[0], PT[0], [PT[1]])],
    )
    credentials = read(build(spec), tmp_path).case.credentials
    assert credentials.form is CredentialForm.SENTENCE
    assert credentials.certifications == ["Internal Medicine", "Occupational Medicine"]
    assert credentials.subspecialties == []
    assert credentials.licensure_states == ["Oregon"]


def test_block_form_ordinals_sections_and_mixed_lines(tmp_path):
    mixed = ("Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304. "
             "The Expert Reviewer did not base their decision on the MTUS. Decision based on "
             "Non-MTUS Citation Official Disability Guidelines, Low Back - Lumbar & Thoracic.")
    section = "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies."
    spec = Spec(
        block=["The Expert Reviewer has the following credentials:",
               "State(s) of Licensure: California, Nevada",
               "Certification(s)/Specialty: Orthopaedic Surgery"],
        summary=SUMMARY,
        items=[
            ("1 X-RAYS OF THE LUMBAR SPINE", "Upheld", section, mixed,
             ["The records show no red flags. Lumbar x-rays were taken two years ago.",
              "Therefore, the request is not medically necessary."]),
            ("2 Physical therapy for the lumbar spine x 8", "Overturned", PT[0], PT[0],
             ["Therapy is indicated after the fusion."]),
        ],
    )
    case = read(build(spec), tmp_path).case
    assert case.credentials.form is CredentialForm.BLOCK
    assert case.credentials.licensure_states == ["California", "Nevada"]
    assert case.credentials.certifications == ["Orthopaedic Surgery"]
    first, second = case.items
    assert (first.number, first.description, first.decision) == (
        1, "X-RAYS OF THE LUMBAR SPINE", Decision.UPHELD)
    assert (second.number, second.description, second.decision) == (
        2, "Physical therapy for the lumbar spine x 8", Decision.OVERTURNED)
    [ca] = first.claims_administrator_citations
    assert (ca.source, ca.section, ca.pages, ca.mtus) == (
        "Low Back Complaints 2004", "Special Studies", None, True)
    mtus, non_mtus = first.reviewer_citations
    assert (mtus.source, mtus.pages, mtus.mtus, mtus.preface) == (
        "ACOEM Chapter 12 Low Back Complaints", "303-304", True, False)
    assert (non_mtus.source, non_mtus.topic, non_mtus.mtus, non_mtus.preface) == (
        "Official Disability Guidelines", "Low Back - Lumbar & Thoracic", False, True)
    assert first.rationale == spec.items[0][4]


def test_page_break_inside_a_rationale_and_both_heading_cases(tmp_path):
    rationale = ("The requested MRI is not supported because BREAK-HERE the examination shows no "
                 "progressive neurologic deficit and the earlier study is recent. "
                 "Therefore, the request is not medically necessary.")
    spec = Spec(
        block=["The Expert Reviewer has the following credentials:",
               "State(s) of Licensure: Arizona",
               "Certification(s)/Specialty: Neurology"],
        summary=SUMMARY,
        items=[("MRI OF THE CERVICAL SPINE WITHOUT CONTRAST", "Upheld", PT[0], PT[0], [rationale]),
               ("Electromyography of the upper extremities", "Overturned", PT[0], PT[0],
                ["Radicular symptoms persist despite therapy.", "The request is necessary."])],
        break_in_rationale=True,
    )
    reading = read(build(spec), tmp_path)
    first, second = reading.case.items
    assert first.description == "MRI OF THE CERVICAL SPINE WITHOUT CONTRAST"
    assert first.rationale == [rationale]
    assert second.description == "Electromyography of the upper extremities"
    assert second.rationale == ["Radicular symptoms persist despite therapy.",
                                "The request is necessary."]
    assert reading.unplaced == []


def test_a_leading_number_is_not_an_ordinal_unless_items_count_up(tmp_path):
    spec = Spec(block=["The Expert Reviewer has the following credentials:",
                       "State(s) of Licensure: Utah", "Certification(s)/Specialty: Neurology"],
                summary=SUMMARY,
                items=[("8 sessions of acupuncture", "Upheld", PT[0], PT[0], ["Not needed."])])
    [item] = read(build(spec), tmp_path).case.items
    assert (item.number, item.description) == (None, "8 sessions of acupuncture")


def test_text_that_cannot_be_placed_is_reported(tmp_path):
    spec = Spec(block=["The Expert Reviewer has the following credentials:",
                       "State(s) of Licensure: Utah", "Certification(s)/Specialty: Neurology"],
                summary=SUMMARY,
                items=[("Acupuncture x 6", "Upheld", PT[0], PT[0], ["Not needed."])])
    text = "Re: Independent Medical Review\n\n \n\n" + build(spec)
    marker = "below: \n\n \n\n"
    assert text.count(marker) == 1
    text = text.replace(marker, marker + "Stray note from the file. \n\n \n\n")
    reading = read(text, tmp_path)
    assert reading.unplaced == ["Re: Independent Medical Review", "Stray note from the file."]
    assert [i.description for i in reading.case.items] == ["Acupuncture x 6"]


@pytest.mark.parametrize("role", list(Role))
def test_role_prefaces_are_not_confused(role, tmp_path):
    other = ("The Expert Reviewer" if role is Role.CLAIMS_ADMINISTRATOR
             else "The Claims Administrator")
    line = (f"{other} did not base their decision on the MTUS. Decision based on Non-MTUS "
            "Citation Official Disability Guidelines, Pain (Chronic).")
    spec = Spec(block=["The Expert Reviewer has the following credentials:",
                       "State(s) of Licensure: Utah", "Certification(s)/Specialty: Neurology"],
                summary=SUMMARY,
                items=[("Acupuncture x 6", "Upheld", line, line, ["Not needed."])])
    [item] = read(build(spec), tmp_path).case.items
    citations = item.citations(role)
    assert " ".join(c.text or "" for c in citations if c.is_free_text).startswith(other)


def test_a_dash_between_words_at_a_line_end_is_not_a_split_word():
    from workbench.letters.reader import join_lines

    assert join_lines(["Low Back -", "Lumbar & Thoracic"]) == "Low Back - Lumbar & Thoracic"
    assert join_lines(["lumbar x-", "rays"]) == "lumbar x-rays"


def test_a_paragraph_ending_in_a_page_citation_ends_a_sentence():
    from workbench.letters.sources import continues_across_pages, ends_sentence

    assert ends_sentence("The request is supported. (PR-2, 04/15/2015, p. 2)")
    assert ends_sentence("As the note says (see p. 2.)")
    assert not ends_sentence("as the report (PR-2) notes the")
    assert not ends_sentence("p. 203)")
    assert not continues_across_pages("Supported. (PR-2, 04/15/2015, p. 2)", "2 Physical therapy")
