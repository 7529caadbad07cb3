"""A new item has no decision until the reviewer picks one: stored so, upgraded so, named by
``decision-missing`` and the letter checklist, and the decision checked against the rationale's
conclusion (``decision-conclusion``) on the seed letters, the published letters and planted
faults."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command

from db.database import alembic_config, open_database
from workbench.case import Case, Decision, Item
from workbench.letters.document import build_letter
from workbench.letters.readiness import letter_problems
from workbench.library.items import add_item
from workbench.qa.checks import check_case, check_item
from workbench.qa.conclusion import NECESSARY, NOT_NECESSARY, read_conclusion
from workbench.qa.findings import Severity, field_text
from workbench.store import CaseStore

from conftest import SEED_FILES

LETTERS = Path(__file__).resolve().parent.parent.parent / "shared" / "real-letters"


def _case(*items: Item) -> Case:
    return Case("MAXIMUS Federal Services", "MAXIMUS", items=list(items))


def test_a_new_item_has_no_decision_until_one_is_picked(database):
    case = _case()
    add_item(case, "MRI of the lumbar spine")
    assert case.items[0].decision is None
    assert case.items[0].decision_word == "No decision"
    stored = CaseStore(database).get(CaseStore(database).add(case))
    assert stored.items[0].decision is None
    finding, = [f for f in check_item(database, stored, 0) if f.check == "decision-missing"]
    assert finding.severity is Severity.ERROR and finding.item == 0
    assert "Item 1 has no decision" in finding.message
    assert any("has no decision" in p.message for p in letter_problems(stored))
    assert build_letter(stored).sections[-1].blocks[1].text.endswith(": No decision")
    stored.items[0].decision = Decision.UPHELD
    assert not [f for f in check_case(database, stored) if f.check == "decision-missing"]


def test_upgrading_keeps_every_item_its_decision_and_its_citations(tmp_path):
    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    command.upgrade(alembic_config(url), "0012")
    with sqlite3.connect(path) as old:
        old.execute("INSERT INTO cases (id, review_type, status, claimant_term, organization, "
                    "organization_short, version, created_at, updated_at, qa_acknowledgements) "
                    "VALUES (1, 'standard', 'draft', 'patient', 'M', 'M', 1, '2015-01-01', "
                    "'2015-01-01', '{}')")
        old.execute("INSERT INTO items (id, case_id, position, description, decision, rationale) "
                    "VALUES (7, 1, 0, 'TENS unit', 'Overturned', '[]')")
        old.execute("INSERT INTO citations (item_id, role, position, mtus, preface) "
                    "VALUES (7, 'reviewer', 0, 1, 0)")
    database = open_database(str(path))  # backs up, then upgrades to 0013
    try:
        case = CaseStore(database).get(1)
        assert [(i.description, i.decision) for i in case.items] == [("TENS unit",
                                                                       Decision.OVERTURNED)]
        assert len(case.items[0].reviewer_citations) == 1
        case.items.append(Item("MRI", None))
        CaseStore(database).save(case)
        assert CaseStore(database).get(1).items[1].decision is None
    finally:
        database.close()
    with sqlite3.connect(path) as upgraded:
        assert upgraded.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize("decision, ending, fires", [
    (Decision.UPHELD, "Therefore, the request is not medically necessary.", False),
    (Decision.UPHELD, "As such, the request is medically necessary.", True),
    (Decision.OVERTURNED, "The request for an MRI is medically necessary and appropriate.", False),
    (Decision.OVERTURNED, "Medical necessity has not been established.", True),
    (Decision.UPHELD, "The quantity requested cannot be deemed medically necessary without "
                      "further evidence of benefit.", False),
    (Decision.OVERTURNED, "I am reversing the prior decision and deem the request to be "
                          "medically necessary.", False),
    (Decision.UPHELD, "As the surgery is not medically necessary, the requested ancillary "
                      "service is not medically necessary.", False),
])
def test_the_decision_is_checked_against_the_last_conclusion(database, decision, ending, fires):
    rationale = ["Guidelines recommend imaging for red flags.", "The patient has none. " + ending,
                 "This medical necessity decision should not be interpreted as a "
                 "recommendation to stop treatment abruptly."]
    case = _case(Item("MRI of the lumbar spine", decision, rationale=rationale))
    found = [f for f in check_item(database, case, 0) if f.check == "decision-conclusion"]
    assert bool(found) is fires
    if fires:
        finding, = found
        assert finding.severity is Severity.ERROR
        start, end = finding.span
        assert field_text(case, 0, finding.field)[start:end].endswith(ending)


def test_a_rationale_without_a_conclusion_is_named(database):
    case = _case(Item("TENS unit", Decision.UPHELD, rationale=["TENS is an adjunct only."]))
    finding, = [f for f in check_item(database, case, 0) if f.check == "decision-conclusion"]
    assert finding.severity is Severity.WARNING and "no conclusion" in finding.message


def _letter_items():
    from workbench.letters.reader import read_letter

    files = SEED_FILES + sorted(LETTERS.glob("*.pdf"))
    return [item for path in files for item in read_letter(path).case.items]


def test_published_letters_conclude_as_they_decide_and_flipped_they_do_not():
    items = _letter_items()
    assert len(items) >= 180
    for item in items:
        conclusion = read_conclusion(item.rationale)
        assert conclusion is not None, item.description
        wanted = NOT_NECESSARY if item.decision is Decision.UPHELD else NECESSARY
        assert conclusion.polarity == wanted, item.description
        case = _case(item)
        assert not [f for f in check_item(None, case, 0) if f.check == "decision-conclusion"]
        item.decision = Decision.OVERTURNED if wanted == NOT_NECESSARY else Decision.UPHELD
        assert [f.check for f in check_item(None, case, 0)].count("decision-conclusion") == 1
