"""The case database: a real SQLite file, protected, migrated, and faithful to the case model."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from conftest import SEED_FILES
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from db.database import DatabaseError, alembic_config, open_database
from db.models import RECORD_PAGE_INDEX, Base, CaseRow, ItemRow, include_name
from workbench.case import Case, ClaimantTerm, Decision, Item, ReviewType, Status
from workbench.errors import NotFound
from workbench.letters.reader import read_letter
from workbench.records.search import search_pages
from workbench.store import CaseOrder, CaseStore


def test_new_database_is_owner_only_with_foreign_keys_on(tmp_path: Path):
    path = tmp_path / "data" / "cases.sqlite3"
    database = open_database(str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        connection.execute(text("SELECT count(*) FROM cases")).scalar()  # opens the log
        journal = path.with_name(path.name + "-wal")
        assert journal.exists() and stat.S_IMODE(journal.stat().st_mode) == 0o600
        with pytest.raises(IntegrityError):
            connection.execute(text(
                "INSERT INTO items (case_id, position, description, decision, rationale) "
                "VALUES (999, 0, 'x', 'Upheld', '[]')"))
    database.close()


def test_new_database_is_stamped_at_head_and_matches_the_migrations(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    open_database(url).close()
    migrated = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    command.upgrade(alembic_config(migrated), "head")
    for candidate in (url, migrated):
        database = open_database(candidate)
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "compare_type": True, "include_name": include_name})
            assert compare_metadata(context, Base.metadata) == []
            assert context.get_current_revision() is not None
        database.close()
    # the full-text tables and triggers, which the comparison above leaves out
    full_text = "SELECT type, name, sql FROM sqlite_master WHERE sql LIKE '%search%' ORDER BY name"
    made, migrated_made = ([tuple(row) for row in sqlite3.connect(path).execute(full_text)]
                           for path in (tmp_path / "new.sqlite3", tmp_path / "migrated.sqlite3"))
    assert made == migrated_made and len(made) >= 6


def test_records_index_is_rebuilt_in_place_when_upgraded(tmp_path: Path):
    path = tmp_path / "records.sqlite3"
    url = f"sqlite:///{path}"
    command.upgrade(alembic_config(url), "0005")  # pages indexed in a copy of their text
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO cases (id, case_number, review_type, status, claimant_term, organization,"
            " organization_short, created_at, updated_at) VALUES (3, 'CM15-0000003', 'standard',"
            " 'draft', 'patient', 'MAXIMUS Federal Services', 'MAXIMUS', '2015-05-01 10:00:00',"
            " '2015-05-01 10:00:00')")
        connection.execute(
            "INSERT INTO record_documents (id, case_id, file_name, sha256, media_type, size, state,"
            " page_count, kind, imported_at) VALUES (5, 3, 'pr2.pdf', 'ab', 'pdf', 10, 'ready', 2,"
            " 'pr2', '2015-05-01 10:00:00')")
        for number, words in ((1, "lumbar radiculopathy"), (2, "tramadol refill")):
            page_id = connection.execute(
                "INSERT INTO record_pages (document_id, number, text, source) VALUES (5, ?, ?,"
                " 'text')", (number, words)).lastrowid
            connection.execute("INSERT INTO record_page_search (rowid, text) VALUES (?, ?)",
                               (page_id, words))
    database = open_database(url)
    assert [(hit.page, hit.document) for hit in search_pages(database, 3, "tramadol")] == [
        (2, "pr2.pdf")]
    with database.engine.begin() as connection:
        assert RECORD_PAGE_INDEX.matches_content(connection)
        assert RECORD_PAGE_INDEX.indexed_count(connection) == 2
    CaseStore(database).delete(3)
    with database.engine.begin() as connection:
        assert RECORD_PAGE_INDEX.indexed_count(connection) == 0
        assert RECORD_PAGE_INDEX.matches_content(connection)
    database.close()


def test_older_database_is_backed_up_then_upgraded(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    command.upgrade(alembic_config(url), "0001")  # a database from the first release
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO cases (id, case_number, review_type, status, claimant_term, organization,"
            " organization_short, created_at, updated_at) VALUES (7, 'CM15-0000007', 'standard',"
            " 'draft', 'patient', 'MAXIMUS Federal Services', 'MAXIMUS', '2015-05-01 10:00:00',"
            " '2015-05-01 10:00:00')")
        connection.execute("INSERT INTO credentials (case_id, form, certifications, subspecialties,"
                           " licensure_states) VALUES (7, 'block', '[\"Neurology\"]', '[]', '[]')")
        connection.execute("INSERT INTO summaries (case_id, paragraphs) VALUES (7, '[\"Old.\"]')")
    database = open_database(url)
    assert database.backup is not None and database.backup.exists()
    assert stat.S_IMODE(database.backup.stat().st_mode) == 0o600
    with sqlite3.connect(database.backup) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert backup.execute("SELECT case_number FROM cases").fetchone() == ("CM15-0000007",)
    case = CaseStore(database).get(7)
    assert (case.case_number, case.summary, case.summary_form) == ("CM15-0000007", ["Old."], {})
    assert case.credentials.certifications == ["Neurology"]
    database.close()
    assert open_database(url).backup is None  # already current: nothing to do


def test_foreign_database_is_left_alone(tmp_path: Path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    before = path.read_bytes()
    with pytest.raises(DatabaseError):
        open_database(str(path))
    assert path.read_bytes() == before


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_store_round_trip_keeps_every_field(seed: Path, tmp_path: Path):
    case = read_letter(seed).case
    case.case_number, case.claim_number = "CM15-0000001", "CLM-77"
    case.review_type, case.status = ReviewType.EXPEDITED, Status.IN_QA
    case.claimant_term = ClaimantTerm.APPLICANT
    case.received_on, case.ur_decision_on, case.due_on = (
        dt.date(2015, 5, 1), dt.date(2015, 4, 24), dt.date(2015, 5, 31))
    case.wording.issues_lead_in = "Decisions on each disputed item:"
    database = open_database(str(tmp_path / "cases.sqlite3"))
    store = CaseStore(database)
    case_id = store.add(case)
    database.close()

    stored = CaseStore(open_database(str(tmp_path / "cases.sqlite3"))).get(case_id)
    assert stored.id == case_id
    assert stored.created_at is not None and stored.updated_at is not None
    stored.id = stored.created_at = stored.updated_at = None
    assert stored == case


def test_delete_cascades_and_unknown_ids_are_reported(db_url: str):
    database = open_database(db_url)
    store = CaseStore(database)
    case_id = store.add(read_letter(SEED_FILES[0]).case)
    assert [c.id for c in store.list()] == [case_id]
    assert store.list()[0].items == 2
    store.delete(case_id)
    with database.session() as session:
        assert session.query(CaseRow).count() == 0
        assert session.query(ItemRow).count() == 0
    with pytest.raises(NotFound):
        store.get(case_id)


def test_the_schema_revision_the_opener_expects_is_the_newest_migration():
    from alembic.script import ScriptDirectory

    from db.database import SCHEMA_REVISION

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert SCHEMA_REVISION == head


def test_trash_restore_and_empty(tmp_path):
    from workbench.records.files import case_folder

    database = open_database(str(tmp_path / "cases.sqlite3"))
    store = CaseStore(database)
    kept = store.add(Case("MAXIMUS Federal Services", "MAXIMUS", case_number="CM26-0000001"))
    binned = store.add(Case("MAXIMUS Federal Services", "MAXIMUS", case_number="CM26-0000002"))
    folder = case_folder(database.files, binned)
    (folder / "copy.pdf").write_bytes(b"%PDF-1.4")

    store.trash(binned)
    assert [c.id for c in store.list()] == [kept]
    assert [c.id for c in store.list(trashed=True)] == [binned]
    assert store.is_trashed(binned) and store.get(binned).case_number == "CM26-0000002"

    store.restore(binned)
    assert {c.id for c in store.list()} == {kept, binned}
    store.trash(binned)
    assert store.empty_trash() == 1
    assert [c.id for c in store.list()] == [kept]
    assert not folder.exists()
    with pytest.raises(NotFound):
        store.get(binned)


def test_case_list_search_sort_and_pages(tmp_path):
    store = CaseStore(open_database(str(tmp_path / "cases.sqlite3")))
    today = dt.date(2026, 11, 21)
    for n, due in [(3, 5), (1, -2), (2, None), (4, 10)]:
        store.add(Case("MAXIMUS Federal Services", "MAXIMUS", case_number=f"CM26-000000{n}",
                       claim_number=f"CLM-{n}_X",
                       due_on=None if due is None else today + dt.timedelta(days=due)))
    by_due = store.list(order=CaseOrder.DUE, descending=False)
    assert [c.case_number[-1] for c in by_due] == ["1", "3", "4", "2"]
    assert [c.days_left(today) for c in by_due] == [-2, 5, 10, None]
    by_number = store.list(order=CaseOrder.CASE_NUMBER, descending=True, offset=1, limit=2)
    assert [c.case_number for c in by_number] == ["CM26-0000003", "CM26-0000002"]
    assert [c.case_number for c in store.list(search="0003")] == ["CM26-0000003"]
    assert [c.case_number for c in store.list(search="clm-4_")] == ["CM26-0000004"]
    assert store.list(search="%") == [] and store.count(search="CM26") == 4


def test_duplicate_copies_the_letter_as_a_new_draft(tmp_path):
    store = CaseStore(open_database(str(tmp_path / "cases.sqlite3")))
    original = Case("MAXIMUS Federal Services", "MAXIMUS", case_number="CM26-0000009",
                    status=Status.FINAL, summary=["The patient is a 40 year old."],
                    summary_form={"age": 40},
                    items=[Item("MRI of the lumbar spine", Decision.UPHELD, rationale=["No red flags."])])
    copy_id = store.duplicate(store.add(original))
    copy = store.get(copy_id)
    assert copy.status is Status.DRAFT and copy.case_number == "CM26-0000009 (copy)"
    assert copy.summary == original.summary and copy.summary_form == {"age": 40}
    assert copy.items[0].description == "MRI of the lumbar spine"
    assert copy.items[0].rationale == ["No red flags."]
