"""``record-facts`` and ``boilerplate``: a rationale about this worker's records, in words of
its own; and the records' answers kept while the records stay the same."""

from __future__ import annotations

import pytest

import qa_cases
from workbench.case import Case, Decision, Item
from workbench.library.model import Snippet
from workbench.library.store import LibraryStore
from workbench.qa import records as qa_records
from workbench.qa.boilerplate import runs
from workbench.qa.checks import check_case, check_item
from workbench.qa.record_facts import specifics
from workbench.store import CaseStore

CONCLUSION = "Therefore, the request is not medically necessary."


@pytest.fixture
def loaded(tmp_path, monkeypatch):
    monkeypatch.setenv("IMR_WORKBENCH_CONFIG", str(tmp_path / "config"))
    database, case_id = qa_cases.load(qa_cases.clean("lumbar-pt"), tmp_path)
    yield database, CaseStore(database).get(case_id)
    database.close()


def _found(database, case, check: str):
    return [f for f in check_case(database, case) if f.check == check]


def test_specifics_are_citations_dates_measurements_and_word_pairs_about_the_worker():
    found = specifics(
        ("MTUS guidelines recommend imaging for red flags. The PR-2 (PR-2, 04/15/2015, p. 3) "
         "notes lumbar flexion of 40 degrees and pain 7/10 at L4-5 on April 2, 2015.",
         CONCLUSION), "MRI of the lumbar spine")
    assert found.citations == ("(PR-2, 04/15/2015, p. 3)",)
    assert [forms[0] for forms in found.dates] == ["04 15 2015", "04 02 2015"]
    assert found.measurements == ("40 degrees", "7/10", "L4-5")
    assert "lumbar flexion" in found.pairs
    assert not any("guidelines" in pair.lower() for pair in found.pairs)


def test_a_rationale_citing_a_page_the_records_lack_is_named(loaded):
    database, case = loaded
    case.items[0].rationale = ["The PR-2 (PR-2, 04/15/2015, p. 1) shows pain 7/10 and the "
                               "note (Imaging, 03/02/2015, p. 9) an L4-5 protrusion. " + CONCLUSION]
    finding, = _found(database, case, "record-facts")
    assert "(Imaging, 03/02/2015, p. 9)" in finding.message and finding.span is not None


def test_a_rationale_of_guidelines_only_is_named_and_one_fact_from_the_records_is_enough(loaded):
    database, case = loaded
    case.items[0].rationale = ["Guidelines allow 10 visits. " + CONCLUSION]
    finding, = _found(database, case, "record-facts")
    assert "cites nothing from this worker's records" in finding.message
    case.items[0].rationale = ["Guidelines allow 10 visits. The patient rates his pain 7/10. "
                               + CONCLUSION]
    assert _found(database, case, "record-facts") == []


def test_without_records_the_records_checks_say_nothing(database):
    case = Case("MAXIMUS Federal Services", "MAXIMUS",
                items=[Item("MRI", Decision.UPHELD, rationale=[
                    "There is no documentation of a home exercise program. " + CONCLUSION])])
    case.id = CaseStore(database).add(case)
    checks = {f.check for f in check_case(database, case)}
    assert not checks & {"no-documentation", "record-facts", "region-mismatch"}


def test_runs_read_names_and_numbers_alike():
    assert runs("He takes Norco 10/325 mg #60 daily.") == runs("He takes Percocet 5/325 mg "
                                                               "#90 daily.")
    assert runs("He takes Norco daily.") != runs("She walks to work daily.")


def test_a_rationale_copied_from_a_snippet_or_another_case_is_named(loaded):
    database, case = loaded
    text = " ".join(case.items[0].rationale)
    assert _found(database, case, "boilerplate") == []
    LibraryStore(database).add_snippet(Snippet("pt-course", "PT course", text.replace("12", "8")))
    finding, = _found(database, case, "boilerplate")
    assert 'the snippet "PT course"' in finding.message
    # A copy of the same case (same IMR case number) is not another case.
    copy = CaseStore(database).get(case.id)
    copy.id = None
    CaseStore(database).add(copy)
    assert len(_found(database, case, "boilerplate")) == 1


def test_answers_are_kept_while_the_records_stay_the_same_and_dropped_when_they_change(loaded,
                                                                                      tmp_path):
    from record_files import text_pdf
    from workbench.records.intake import import_files

    database, case = loaded
    check_item(database, case, 0)
    kept = qa_records.case_records(database, case.id)
    assert kept is qa_records.case_records(database, case.id) and kept._mentions
    case.items[0].rationale.insert(0, "There is no documentation of a home exercise program.")
    assert not [f for f in check_item(database, case, 0) if f.check == "no-documentation"]
    pdf = text_pdf(tmp_path / "later.pdf", ["PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT "
                                            "(PR-2)\nDate of Service: 05/10/2015\nContinues "
                                            "HEP daily."])
    import_files(database, case.id, [pdf])
    assert qa_records.case_records(database, case.id) is not kept
    found = [f for f in check_item(database, case, 0) if f.check == "no-documentation"]
    assert [p[2] for f in found for p in f.pages] == ["(PR-2, 05/10/2015, p. 1)"]
