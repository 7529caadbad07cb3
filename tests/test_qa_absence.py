"""``no-documentation``: what a rationale says is absent, and whether the records say it.

The absence sentences come from the wordings of published determinations; the records
side is a case with imported PDFs, where only affirmative mentions count."""

from __future__ import annotations

import re

import pytest

import qa_cases
from workbench.qa.absence import concepts, find_absences
from workbench.qa.checks import check_case
from workbench.qa.findings import field_text
from workbench.qa.records import affirmed, form_pattern
from workbench.store import CaseStore


def _read(text: str) -> list[tuple[str, list[str], tuple[str, ...]]]:
    return [(a.phrase, [c.name for c in a.concepts], a.words) for a in find_absences(text)]


@pytest.mark.parametrize("sentence, concept", [
    ("There is no documentation of a home exercise program.", "home exercise program"),
    ("The records do not document that the patient is doing a HEP.", "home exercise program"),
    ("Functional improvement is not documented.", "functional improvement"),
    ("There is no evidence of a recent urine drug screen.", "urine drug screen"),
    ("The patient has not tried a TENS unit.", "TENS"),
    ("There were no red flag symptoms.", "red flags"),
    ("Without a prior ESI, the request is premature.", "epidural steroid injection"),
    ("There is no mention of pain relief in terms of VAS.", "pain relief"),
])
def test_an_absence_is_read_for_the_concept_it_names(sentence, concept):
    read = _read(sentence)
    assert len(read) == 1 and concept in read[0][1], read


def test_what_follows_with_from_or_after_is_context_not_what_is_absent():
    phrase, named, _ = _read("There is no documentation of objective functional improvement "
                             "with the prior 12 sessions of physical therapy.")[0]
    assert named == ["functional improvement"] and "physical therapy" not in phrase


def test_an_unlisted_absence_is_searched_by_its_own_words_and_alternatives():
    assert _read("The records do not document previous use of Tramadol.")[0][2] == ("Tramadol",)
    assert _read("The notes do not indicate failure of antidepressants or "
                 "anticonvulsants.")[0][2] == ("antidepressants", "anticonvulsants")
    assert _read("Work status is not provided.")[0][2] == ("Work status",)


@pytest.mark.parametrize("sentence", [
    "MRI of the lumbar spine without contrast is requested.",
    "There is no clear rationale for an MRI of the right hand.",
    "There is no indication for MRI of the lumbar spine.",
    "Guidelines do not support the use of TENS for acute pain.",
    "Topical cyclobenzaprine is not indicated.",
    "The request has not been shown to be medically necessary.",
    "There is no documentation of any abnormal findings in a neurologic examination.",
    "Medical necessity for the requested MRI has not been established.",
])
def test_judgements_and_recommendations_are_not_absences_to_search(sentence):
    assert [r for r in _read(sentence) if r[1] or r[2]] == []


def test_spans_point_at_the_assertion_in_the_joined_paragraphs():
    text = "Guidelines favor a home program.\n\nHowever, there is no documentation of a HEP."
    absence, = find_absences(text)
    assert text[absence.span[0]:absence.span[1]] == "no documentation of a HEP"


@pytest.mark.parametrize("line, says", [
    ("He continues his HEP daily.", True),
    ("Compliant with home exercises.", True),
    ("No HEP.", False),
    ("HEP was not done.", False),
    ("Patient denies doing a home exercise program.", False),
    ("PLAN: home exercise program, TENS unit.", False),
    ("Will start a home exercise program.", False),
    ("Request for authorization: home exercise program", False),
    ("No UDS on file. Continues HEP.", True),
])
def test_a_record_mentions_something_only_when_it_says_it_is_so(line, says):
    home = next(c for c in concepts() if c.name == "home exercise program")
    found = [m for form in home.forms for m in form_pattern(form).finditer(line)]
    assert found, line
    assert any(affirmed(line, m.start(), m.end()) for m in found) is says


def test_abbreviations_match_in_capitals_only_and_forms_take_plurals():
    assert form_pattern("HEP").search("continue HEP") and not form_pattern("HEP").search("hep b")
    assert form_pattern("epidural injection").search("two epidural injections")
    assert form_pattern("04 15 2015").search("seen 04/15/2015") is not None


def test_every_concept_is_written_at_least_one_way_and_named_once():
    names = [c.name for c in concepts()]
    assert len(names) == len(set(names)) >= 30
    assert all(c.forms and all(f.strip() for f in c.forms) for c in concepts())


def test_the_finding_cites_the_pages_that_contradict_it(tmp_path, monkeypatch):
    monkeypatch.setenv("IMR_WORKBENCH_CONFIG", str(tmp_path / "config"))
    scenario = qa_cases.contradicted_absence("lumbar-pt", "hep")
    denied, claimed = qa_cases.TRUE_ABSENCES["uds-denied"]  # and one absence that is true
    qa_cases.add_to_report(scenario, denied)
    qa_cases.insert_before_conclusion(scenario.letter.items[0]["rationale"], claimed)
    database, case_id = qa_cases.load(scenario, tmp_path)
    try:
        case = CaseStore(database).get(case_id)
        found = [f for f in check_case(database, case) if f.check == "no-documentation"]
        finding, = found  # the HEP is in the records; the drug screen is not (denied)
        assert finding.item == 0 and finding.field == "rationale"
        start, end = finding.span
        assert field_text(case, 0, "rationale")[start:end] == \
            "no documentation of a home exercise program"
        (file_id, page, citation), = finding.pages
        assert citation == "(PR-2, 04/15/2015, p. 1)" and page == 1
        assert re.search(r"home exercise program", finding.message)
        assert "(PR-2, 04/15/2015, p. 1)" in finding.message
    finally:
        database.close()


def test_records_read_but_not_yet_cut_into_documents_are_checked_and_cited_by_page(
        tmp_path, monkeypatch):
    """For a moment after an import the window has the pages but not their documents: the
    checks still run, citing the page alone, and nothing is listed as reviewed yet."""
    from workbench.records.documents import documents_reviewed, refresh_documents

    monkeypatch.setenv("IMR_WORKBENCH_CONFIG", str(tmp_path / "config"))
    scenario = qa_cases.contradicted_absence("lumbar-pt", "hep")
    database, case_id = qa_cases.load(scenario, tmp_path, documents=False)
    try:
        case = CaseStore(database).get(case_id)
        finding, = [f for f in check_case(database, case) if f.check == "no-documentation"]
        (_file_id, page, citation), = finding.pages
        assert citation == f"(p. {page})"
        assert documents_reviewed(database, case_id) == []
        refresh_documents(database, case_id)
        finding, = [f for f in check_case(database, case) if f.check == "no-documentation"]
        assert finding.pages[0][2] == "(PR-2, 04/15/2015, p. 1)"
        assert [d.kind for d in documents_reviewed(database, case_id)]
    finally:
        database.close()


def test_the_summary_is_checked_too_but_not_where_it_reports_the_ur_reasons(tmp_path,
                                                                           monkeypatch):
    monkeypatch.setenv("IMR_WORKBENCH_CONFIG", str(tmp_path / "config"))
    scenario = qa_cases.clean("lumbar-pt")
    qa_cases.add_to_report(scenario, qa_cases.CONTRADICTED["hep"][0])
    scenario.letter.summary.insert(-1, "Utilization review denied the request as there was no "
                                       "documentation of a home exercise program.")
    database, case_id = qa_cases.load(scenario, tmp_path)
    try:
        case = CaseStore(database).get(case_id)
        assert [f for f in check_case(database, case) if f.check == "no-documentation"] == []
        case.summary[0] += " There is no documentation of a home exercise program."
        finding, = [f for f in check_case(database, case) if f.check == "no-documentation"]
        assert finding.item is None and finding.field == "summary"
        assert finding.message.startswith('The summary says "no documentation of a home')
    finally:
        database.close()
