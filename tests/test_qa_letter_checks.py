"""The checks that read the letter itself: claimant terms, the reviewer's specialty, the summary
against the items, the search sequence, and the findings' shape (keys, spans, order)."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.case import Case, ClaimantTerm, Credentials, Decision, Item, Role
from workbench.library.citing import cite
from workbench.library.store import LibraryStore
from workbench.qa.checks import CHECK_ORDER, CHECKS, check_case, check_item
from workbench.qa.claimant_term import uses
from workbench.qa.findings import (
    RATIONALE, SUMMARY, Finding, Severity, blocking, field_text, finding_key,
)
from workbench.qa.specialty import covers, item_fields
from workbench.qa.summary_items import mentions, numbers, same_treatment

CONCLUSION = "Therefore, the request is not medically necessary."


def _case(*items: Item, summary: str = "", term=ClaimantTerm.PATIENT,
          credentials: tuple[str, ...] = ("Physical Medicine and Rehabilitation",)) -> Case:
    return Case("MAXIMUS Federal Services", "MAXIMUS", claimant_term=term,
                credentials=Credentials(certifications=list(credentials)),
                summary=[summary] if summary else [], items=list(items))


def _checks(database, case: Case, check: str) -> list[Finding]:
    return [f for f in check_case(database, case) if f.check == check]


# -- claimant-term ------------------------------------------------------------------------------

def test_claimant_uses_count_this_claimant_not_people_in_general():
    found = [term.value for term, _ in uses(
        "The patient's pain. Patients with radiculopathy. The IW reports. This worker walks. "
        "In a represented employee. The patient population.")]
    assert found == ["patient", "injured worker", "injured worker"]


def test_a_letter_that_mixes_terms_is_named_where_it_departs_from_its_usual_one(database):
    case = _case(Item("TENS unit", Decision.UPHELD, rationale=[
        "The injured worker has low back pain. " + CONCLUSION]),
        summary="The patient is 50. The patient fell. The patient has low back pain.")
    finding, = _checks(database, case, "claimant-term")
    assert finding.item == 0 and finding.severity is Severity.NOTE
    assert '"the patient"' in finding.message and '"the injured worker"' in finding.message
    start, end = finding.span
    assert field_text(case, 0, RATIONALE)[start:end] == "The injured worker"
    case.items[0].rationale = ["The patient has low back pain. " + CONCLUSION]
    assert _checks(database, case, "claimant-term") == []


# -- specialty ----------------------------------------------------------------------------------

@pytest.mark.parametrize("description, credentials, covered", [
    ("Right knee arthroscopy with partial meniscectomy", ("Psychiatry",), False),
    ("Right knee arthroscopy with partial meniscectomy", ("Orthopaedic Surgery",), True),
    ("L4-5 laminectomy and fusion", ("Family Medicine",), False),
    ("L4-5 laminectomy and fusion", ("Neurological Surgery",), True),
    ("Cognitive behavioral therapy, 6 sessions", ("Orthopedic Surgery",), False),
    ("Norco 10/325 mg #60", ("Chiropractor",), False),
    ("Norco 10/325 mg #60", ("Psychiatry",), True),
    ("Left L5 transforaminal epidural steroid injection", ("Physical Medicine & Rehabilitation",),
     True),
    ("Consultation with a spine surgeon", ("Family Medicine",), None),
    ("Physical therapy 2 times a week for 6 weeks", ("Psychiatry",), None),
])
def test_certifications_cover_the_item_or_not(description, credentials, covered):
    fields = item_fields(description)
    if covered is None:
        assert fields == ()
        return
    assert fields and all(covers(Credentials(certifications=list(credentials)), f) is covered
                          for f in fields)


def test_a_case_without_certifications_is_not_judged(database):
    case = _case(Item("Right knee arthroscopy", Decision.OVERTURNED, rationale=[CONCLUSION]),
                 credentials=())
    assert _checks(database, case, "specialty") == []


# -- summary-items ------------------------------------------------------------------------------

def test_an_item_is_mentioned_by_its_treatment_words_or_the_ways_to_write_them():
    summary = ("An MRI of 03/02/2015 was normal. The request for magnetic resonance imaging of "
               "the knee and for chiropractic care was non-certified on 05/01/2015.")
    assert mentions(summary, "MRI of the left knee")
    assert mentions(summary, "Chiropractor visits x 6 for the low back")
    assert not mentions(summary, "TENS unit for a one-month trial")
    assert not mentions(summary, "Norco 10/325 mg #60")


def test_the_same_treatment_with_other_numbers_differs():
    assert same_treatment("Norco 10/325 mg #60", "Norco 10/325mg, #90")
    assert numbers("Norco 10/325 mg #60") != numbers("Norco 10/325mg, #90")
    assert same_treatment("Physical therapy 2x6 for the lumbar spine",
                          "Physical therapy twice a week for six weeks, lumbar spine")
    assert numbers("Physical therapy 2x6") == numbers("Physical therapy twice a week for six")
    assert not same_treatment("MRI of the lumbar spine", "TENS unit")


def test_the_summary_must_report_the_ur_decision_with_its_date(database):
    item = Item("TENS unit", Decision.UPHELD, rationale=[CONCLUSION])
    case = _case(item, summary="The patient has low back pain. A TENS unit was requested.")
    case.ur_decision_on = dt.date(2015, 5, 1)
    finding, = _checks(database, case, "summary-items")
    assert finding.item is None and "UR decision" in finding.message
    case.summary = ["The patient has low back pain. On 05/02/2015 utilization review "
                    "non-certified a TENS unit."]
    finding, = _checks(database, case, "summary-items")
    assert "05/01/2015" in finding.message and finding.field == SUMMARY
    case.summary = ["The patient has low back pain. On May 1, 2015 utilization review "
                    "non-certified a TENS unit."]
    assert _checks(database, case, "summary-items") == []


# -- guideline-sequence -------------------------------------------------------------------------

def _cited(database, key: str) -> Item:
    library = LibraryStore(database)
    entry = library.entry(key)
    item = Item("Physical therapy for the lumbar spine", Decision.UPHELD, rationale=[CONCLUSION])
    cite(item, entry, library.source(entry.source), Role.REVIEWER)
    return item


def test_the_search_sequence_is_checked_for_the_items_asked_only(seeded):
    mtus = _cited(seeded, "chronic-pain-2009.physical-medicine.physical-medicine")
    odg = _cited(seeded, "odg.low-back.physical-therapy")
    case = _case(mtus, odg)
    case.ur_decision_on = dt.date(2015, 5, 1)
    assert [f.item for f in check_case(seeded, case) if f.check == "guideline-sequence"] == [1]
    assert [f.check for f in check_item(seeded, case, 0)].count("guideline-sequence") == 0
    finding, = [f for f in check_item(seeded, case, 1) if f.check == "guideline-sequence"]
    assert "MTUS" in finding.message and finding.field == "reviewer_citations"
    case.ur_decision_on = dt.date(2008, 1, 2)  # before the 2009 guideline was in effect
    assert any("not in effect" in f.message for f in check_item(seeded, case, 0))


@pytest.fixture
def seeded(tmp_path):
    from workbench.startup import open_workbench

    database = open_workbench(str(tmp_path / "seeded.sqlite3"))
    yield database
    database.close()


# -- findings -----------------------------------------------------------------------------------

def test_keys_follow_the_words_concerned_not_the_message_or_the_spacing():
    assert finding_key("spelling", 2, "Teh  patient") == finding_key("spelling", 2, "teh patient")
    assert finding_key("spelling", 2, "teh") != finding_key("spelling", 3, "teh")
    made = Finding("x", Severity.NOTE, None, "A message")
    assert made.key == finding_key("x", None, "A message")


def test_findings_come_sorted_and_only_blocking_ones_block(database):
    case = _case(Item("MRI of the lumbar spine", Decision.UPHELD, rationale=[
        "The injured worker has back pain. The request is medically necessary."]),
        Item("TENS", None, rationale=["The patient has pain. " + CONCLUSION]),
        summary="The patient has back pain and asks for an MRI and a TENS unit.")
    findings = check_case(database, case)
    order = [(f.item is not None, f.item or 0, CHECK_ORDER.index(f.check)) for f in findings]
    assert order == sorted(order)
    assert {"decision-conclusion", "decision-missing", "claimant-term"} <= {f.check
                                                                            for f in findings}
    assert all(f.severity.rank >= 1 for f in blocking(findings))
    assert not any(f.check == "claimant-term" for f in blocking(findings))
    assert [f for f in check_item(database, case, 1) if f.item != 1] == []
    with pytest.raises(IndexError):
        check_item(database, case, 2)


def test_every_check_is_registered_under_its_id():
    assert set(CHECKS) == set(CHECK_ORDER)
    assert all(CHECKS[check].title for check in CHECKS)
