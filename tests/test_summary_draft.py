"""Drafting the clinical case summary: every field said, in one house style, never broken prose."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re

import pytest

from workbench.case import Case, ClaimantTerm, Decision, Item
from workbench.summary.draft import (
    apply_draft,
    article,
    draft_for_case,
    draft_summary,
    full_date,
    join,
    summary_edited,
)
from workbench.summary.form import DRAFTED_KEY, FIELDS, Study, SummaryForm, Treatment

ITEMS = ["Physical therapy, lumbar spine, 8 sessions", "MRI of the lumbar spine"]
# What broken prose looks like: missing values, empty lists, doubled words or stops.
BROKEN = re.compile(r"None|\[\]|\bnull\b|include\s*\.|\bis\s*\.|\s[.,;]|\.\.|,,|;;|\s{2}|"
                    r"\b(the|a|an|and|on|to|of|dated)\s+(\1|[.,;]|$)|\(\s*\)|\bwho\s*\.",
                    re.IGNORECASE)


def full_form() -> SummaryForm:
    return SummaryForm(
        age=46, sex="female", represented=True, injury_date="2025-09-12",
        mechanism="lifting a case of bottled water from a pallet",
        body_regions=["low back"], diagnoses=["Lumbar sprain/strain", "left L5 radiculopathy"],
        treatments=[Treatment("physical therapy", "12 sessions", "11/03/2025 to 01/09/2026",
                              "temporary relief"),
                    Treatment("chiropractic manipulation", "6", "", "no lasting benefit")],
        medications=["naproxen 550 mg twice daily", "cyclobenzaprine 7.5 mg at bedtime"],
        studies=[Study("MRI", "lumbar spine", "2026-01-20", "a broad-based L4-5 disc bulge"),
                 Study("X-rays", "lumbar spine", "2025-09-20", "")],
        exam_findings="positive straight leg raise on the left at 45 degrees",
        work_status="modified duty with no lifting over 15 pounds",
        request_provider="Paul Placeholder, M.D.", request_date="2026-10-06",
        ur_date="2026-10-14", ur_outcome="non-certified",
        complaints="low back pain radiating to the left calf, rated 6/10",
    )


def test_every_field_appears_in_its_paragraph():
    paragraphs = draft_summary(full_form(), ClaimantTerm.INJURED_WORKER, ITEMS)
    assert len(paragraphs) == 3
    background, presentation, request = paragraphs
    assert background.startswith(
        "The injured worker is a represented 46-year-old female who sustained an industrial "
        "injury to the low back on September 12, 2025 while lifting a case of bottled water "
        "from a pallet. The diagnoses include lumbar sprain/strain and left L5 radiculopathy. ")
    for text in ("physical therapy (12 sessions) from November 3, 2025 to January 9, 2026, "
                 "with temporary relief", "chiropractic manipulation x 6, with no lasting benefit",
                 "MRI of the lumbar spine dated January 20, 2026 revealed a broad-based L4-5 "
                 "disc bulge.", "X-rays of the lumbar spine dated September 20, 2025",
                 "Current medications include naproxen 550 mg twice daily and cyclobenzaprine "
                 "7.5 mg at bedtime."):
        assert text in background
    assert presentation == (
        "At the time of the request, she reported low back pain radiating to the left calf, "
        "rated 6/10. Examination revealed positive straight leg raise on the left at 45 "
        "degrees. Her work status was modified duty with no lifting over 15 pounds.")
    assert request == (
        "On October 6, 2026, Paul Placeholder, M.D. requested physical therapy, lumbar spine, "
        "8 sessions, and MRI of the lumbar spine. In a Utilization Review determination dated "
        "October 14, 2026, the claims administrator non-certified the requests.")


def test_each_field_alone_is_drafted_and_shows():
    """One field filled at a time: it must appear, and the prose around it must be whole."""
    full = full_form()
    for spec in FIELDS:
        form = SummaryForm(**{spec.key: getattr(full, spec.key)})
        text = " ".join(draft_summary(form, ClaimantTerm.PATIENT, []))
        assert text, spec.key
        assert not BROKEN.search(text), (spec.key, text)
        expected = {
            "age": "46-year-old", "sex": "female", "represented": "represented",
            "injury_date": "September 12, 2025", "ur_date": "October 14, 2026",
            "request_date": "October 6, 2026", "treatments": "chiropractic manipulation x 6",
            "studies": "broad-based L4-5", "body_regions": "low back",
            "diagnoses": "left L5 radiculopathy", "medications": "cyclobenzaprine",
        }.get(spec.key, str(getattr(full, spec.key))[:20])
        assert expected in text, (spec.key, text)


def test_any_mix_of_fields_reads_as_whole_sentences():
    full = full_form()
    keys = [spec.key for spec in FIELDS]
    for size in (2, 3, len(keys) - 2):
        for chosen in itertools.islice(itertools.combinations(keys, size), 0, None, 7):
            form = SummaryForm(**{key: getattr(full, key) for key in chosen})
            for items in ([], ITEMS[:1], ITEMS):
                for paragraph in draft_summary(form, ClaimantTerm.APPLICANT, items):
                    assert not BROKEN.search(paragraph), (chosen, paragraph)
                    assert paragraph[0].isupper() and paragraph.endswith("."), paragraph


def test_an_empty_form_drafts_nothing_or_only_the_request():
    assert draft_summary(SummaryForm(), ClaimantTerm.PATIENT, []) == []
    assert draft_summary(SummaryForm(), ClaimantTerm.PATIENT, ["  "]) == []
    assert draft_summary(SummaryForm(), ClaimantTerm.PATIENT, ITEMS[1:]) == [
        "Under consideration is a request for MRI of the lumbar spine."]
    assert draft_summary(SummaryForm(treatments=[Treatment()], studies=[Study()]),
                         ClaimantTerm.PATIENT, []) == []


@pytest.mark.parametrize("sex, term, subject, possessive", [
    ("male", ClaimantTerm.PATIENT, "he", "His"),
    ("female", ClaimantTerm.APPLICANT, "she", "Her"),
    (None, ClaimantTerm.INJURED_WORKER, "the injured worker", "The injured worker's"),
    (None, ClaimantTerm.EMPLOYEE, "the employee", "The employee's"),
])
def test_pronouns_follow_the_sex_or_repeat_the_claimant_term(sex, term, subject, possessive):
    form = SummaryForm(age=40, sex=sex, complaints="neck pain", work_status="full duty")
    background, presentation = draft_summary(form, term, ITEMS[1:])[:2]
    assert background.startswith(f"The {term.value} is a 40-year-old")
    assert f"At the time of the request, {subject} reported neck pain." in presentation
    assert f"{possessive} work status was full duty." in presentation
    alone = draft_summary(SummaryForm(sex=sex, complaints="neck pain"), term, [])
    assert alone[-1] == f"{subject[0].upper()}{subject[1:]} reported neck pain."


def test_the_opening_fits_whatever_is_known():
    def opening(**fields) -> str:
        return draft_summary(SummaryForm(**fields), ClaimantTerm.APPLICANT, [])[0]

    assert opening(age=54, represented=True) == "The applicant is a represented 54-year-old."
    assert opening(age=18) == "The applicant is an 18-year-old."
    assert opening(age=80, sex="male", represented=False) == (
        "The applicant is an unrepresented 80-year-old male.")
    assert opening(represented=True, injury_date="2007-12-17") == (
        "The applicant is represented and sustained an industrial injury on December 17, 2007.")
    assert opening(injury_date="6/27/02", mechanism="after a fall out of a truck.") == (
        "The applicant sustained an industrial injury on June 27, 2002 after a fall out of "
        "a truck.")
    assert opening(mechanism="a slip and fall", body_regions=["neck", "Low back"]) == (
        "The applicant sustained an industrial injury to the neck and low back due to a slip "
        "and fall.")
    assert opening(diagnoses=["cervicalgia"]) == "The diagnosis is cervicalgia."


def test_dates_are_written_out_and_free_text_dates_kept():
    assert full_date("2007-12-17") == "December 17, 2007"
    assert full_date("05/25/2011") == "May 25, 2011"
    assert full_date("1/2/15") == "January 2, 2015"
    assert full_date("February 2014") == "February 2014"
    form = SummaryForm(
        studies=[Study("MRI", "cervical spine", "February 2014", "")],
        treatments=[Treatment("epidural steroid injection", "", "05/08/2015"),
                    Treatment("acupuncture", "25 sessions", "2014")],
        complaints="pain worse since 3/1/2015")
    text = " ".join(draft_summary(form, ClaimantTerm.PATIENT, []))
    assert "MRI of the cervical spine dated February 2014" in text
    assert "epidural steroid injection on May 8, 2015" in text
    assert "acupuncture (25 sessions) in 2014" in text
    assert "pain worse since March 1, 2015" in text
    assert not re.search(r"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}", text)


def test_utilization_review_sentence():
    def request(items: list[str], **fields) -> str:
        return draft_summary(SummaryForm(**fields), ClaimantTerm.PATIENT, items,
                             ur_decision_on=dt.date(2015, 4, 24))[-1]

    assert request(ITEMS[1:], ur_outcome="modified") == (
        "Under consideration is a request for MRI of the lumbar spine. In a Utilization Review "
        "determination dated April 24, 2015, the claims administrator modified the request.")
    assert request(ITEMS, ur_outcome="denial", ur_date="2015-05-01").endswith(
        "dated May 1, 2015, the claims administrator denied the requests.")
    assert request([], ur_outcome="upheld in part").endswith(
        "the claims administrator's decision on the request was upheld in part.")
    assert request(ITEMS).endswith(
        "The requests were reviewed in a Utilization Review determination dated April 24, 2015.")
    assert request([], request_date="2015-04-15") == (
        "On April 15, 2015, the treating provider submitted a request for authorization. "
        "The request was reviewed in a Utilization Review determination dated April 24, 2015.")


def test_sentences_typed_whole_are_kept_as_typed():
    form = SummaryForm(sex="male", complaints="He reports neck pain.",
                       exam_findings="On examination, there is no tenderness.",
                       work_status="Work status: temporarily totally disabled.")
    assert draft_summary(form, ClaimantTerm.PATIENT, []) == [
        "The patient is a male.",
        "He reports neck pain. On examination, there is no tenderness. "
        "Work status: temporarily totally disabled."]


def test_words():
    assert join([]) == "" and join(["A"]) == "A" and join(["A", "B"]) == "A and B"
    assert join(["A", "B", "C"]) == "A, B and C"
    assert join(["A, left", "B"]) == "A, left, and B"
    assert join(["A, left", "B", "C"]) == "A, left; B; and C"
    assert join(["MRI dated May 6, 2011", "EMG"]) == "MRI dated May 6, 2011 and EMG"
    for phrase, expected in [("8-year-old", "an"), ("11-year-old", "an"), ("18", "an"),
                             ("80-year-old", "an"), ("81", "an"), ("1-year-old", "a"),
                             ("28-year-old", "a"), ("MRI", "an"), ("EMG", "an"), ("CT", "a"),
                             ("unrepresented", "an"), ("unilateral", "a"), ("represented", "a"),
                             ("hour", "an"), ("injury", "an"), ("male", "a")]:
        assert article(phrase) == expected, phrase


def test_edits_are_told_apart_from_the_last_draft():
    case = Case("MAXIMUS Federal Services", "MAXIMUS",
                items=[Item(ITEMS[1], Decision.UPHELD)],
                summary_form=SummaryForm(age=40, sex="male").to_dict() | {"later": 1})
    assert not summary_edited(case)  # nothing written yet
    drafted = draft_for_case(case)
    apply_draft(case, drafted)
    assert case.summary == drafted and case.summary_form[DRAFTED_KEY] == drafted
    assert case.summary_form["later"] == 1 and case.summary_form["age"] == 40
    assert not summary_edited(case)
    assert SummaryForm.from_dict(case.summary_form).drafted == drafted
    case.summary = [" " + drafted[0].replace(" ", "  ") + "\n", "", *drafted[1:]]
    assert not summary_edited(case)  # spacing and blank paragraphs are not edits
    case.summary = [drafted[0] + " He is right-handed.", *drafted[1:]]
    assert summary_edited(case)
    case.summary = []
    assert not summary_edited(case)


def test_a_summary_never_drafted_here_is_the_reviewers_own():
    case = Case("MAXIMUS Federal Services", "MAXIMUS", summary=["Read from a letter."])
    assert summary_edited(case)
    case.summary_form = {DRAFTED_KEY: "not a list"}
    assert summary_edited(case)


def test_draft_for_case_uses_the_cases_term_items_and_ur_date():
    case = Case("MAXIMUS Federal Services", "MAXIMUS", claimant_term=ClaimantTerm.APPLICANT,
                ur_decision_on=dt.date(2015, 4, 24),
                items=[Item(ITEMS[0], Decision.UPHELD), Item(ITEMS[1], Decision.OVERTURNED)],
                summary_form={"age": 54, "represented": True, "ur_outcome": "non-certified"})
    assert draft_for_case(case) == [
        "The applicant is a represented 54-year-old.",
        "Under consideration is a request for physical therapy, lumbar spine, 8 sessions, and "
        "MRI of the lumbar spine. In a Utilization Review determination dated April 24, 2015, "
        "the claims administrator non-certified the requests."]


def test_the_form_is_not_changed_by_drafting():
    form = full_form()
    before = dataclasses.replace(form)
    draft_summary(form, ClaimantTerm.PATIENT, ITEMS)
    assert form == before
