"""Acknowledged quality findings are kept with the case: stored, upgraded into, merged, shown."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from alembic import command

from db.database import alembic_config, open_database
from workbench.case import Case
from workbench.changes import CASE, case_changes
from workbench.merging import merge_cases
from workbench.store import CaseStore


def test_acknowledgements_are_stored_with_the_case(database):
    store = CaseStore(database)
    case_id = store.add(Case("MAXIMUS Federal Services", "MAXIMUS"))
    case = store.get(case_id)
    assert case.qa_acknowledgements == {}
    before = store.get(case_id)
    case.qa_acknowledgements["spelling:0:0123456789ab"] = "Proper name of the clinic."
    assert case_changes(before, case).parts == frozenset({CASE})
    store.save(case)
    assert store.get(case_id).qa_acknowledgements == {
        "spelling:0:0123456789ab": "Proper name of the clinic."}


def test_a_case_from_before_acknowledgements_upgrades_with_none(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    command.upgrade(alembic_config(url), "0011")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO cases (id, case_number, review_type, status, claimant_term, organization,"
            " organization_short, created_at, updated_at) VALUES (3, 'CM16-0000003', 'standard',"
            " 'draft', 'patient', 'MAXIMUS Federal Services', 'MAXIMUS', '2016-05-01 10:00:00',"
            " '2016-05-01 10:00:00')")
    database = open_database(url)
    try:
        assert CaseStore(database).get(3).qa_acknowledgements == {}
    finally:
        database.close()
    command.downgrade(alembic_config(url), "0011")
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(cases)")]
    assert "qa_acknowledgements" not in columns


def test_two_writers_acknowledging_merge_as_one_particular():
    base = Case("MAXIMUS Federal Services", "MAXIMUS")
    mine = Case("MAXIMUS Federal Services", "MAXIMUS",
                qa_acknowledgements={"claimant-term:-:aaaaaaaaaaaa": "Quoted from the UR letter."})
    theirs = Case("MAXIMUS Federal Services", "MAXIMUS", summary=["Edited elsewhere."])
    merged = merge_cases(base, mine, theirs)
    assert not merged.conflicts
    assert merged.case.qa_acknowledgements == mine.qa_acknowledgements
    assert merged.case.summary == ["Edited elsewhere."]


def test_case_show_prints_the_acknowledgements(cli):
    created = cli("cases", "list")  # makes the database
    assert created.code == 0
    database = open_database(str(cli.db_path))
    try:
        store = CaseStore(database)
        case_id = store.add(Case("MAXIMUS Federal Services", "MAXIMUS", qa_acknowledgements={
            "spelling:0:0123456789ab": "Proper name of the clinic."}))
    finally:
        database.close()
    shown = cli("case", "show", str(case_id))
    assert shown.code == 0, shown.err
    assert "QA ACKNOWLEDGEMENTS" in shown.out
    assert "spelling:0:0123456789ab" in shown.out and "Proper name of the clinic." in shown.out
    as_json = json.loads(cli("case", "show", str(case_id), "--json").out)
    assert as_json["qa_acknowledgements"] == {"spelling:0:0123456789ab":
                                              "Proper name of the clinic."}
