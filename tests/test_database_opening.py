"""Opening the case database safely: atomic first start, damage refused and never written to,
modes of existing files and folders respected, read-only files opened read-only."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from conftest import ROOT, SEED_FILES
from sqlalchemy import text

from bench.database_check import make_database
from bench.first_start_kills import first_start_kills
from db.database import (
    DamagedDatabase,
    DatabaseError,
    ReadOnlyDatabase,
    alembic_config,
    check_database,
    open_database,
)
from workbench.case import Case
from workbench.library.seed import load_seed
from workbench.startup import open_workbench
from workbench.store import CaseStore


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def seed_entries(database) -> int:
    with database.engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM guideline_entries")).scalar()


def add_case(path: Path, number: str = "CM26-0000001") -> None:
    database = open_workbench(str(path))
    CaseStore(database).add(Case("MAXIMUS Federal Services", "MAXIMUS", case_number=number))
    database.close()


# -- first start ---------------------------------------------------------------


def test_first_starts_killed_at_random_moments_leave_no_unusable_database(tmp_path: Path):
    counts = first_start_kills(30, tmp_path, seed=0)
    assert counts["unusable"] == 0, counts
    assert counts["leftovers"] == 0, counts
    # the kills fell while the database was being built, not only before or after
    assert counts["interrupted_builds"] > 0, counts


def test_a_new_database_is_complete_when_it_takes_its_name(tmp_path: Path):
    path = tmp_path / "cases.sqlite3"
    database = open_workbench(str(path))
    assert seed_entries(database) == len(load_seed()[0].entries)
    database.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()
    assert [name for name in os.listdir(tmp_path) if ".new-" in name] == []


def test_leftovers_of_a_killed_start_are_removed_and_a_running_build_is_kept(tmp_path: Path):
    stale = tmp_path / ".cases.sqlite3.new-k1lled00"
    stale.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    Path(f"{stale}-journal").write_bytes(b"journal")
    orphan = tmp_path / ".cases.sqlite3.new-gone0000-wal"
    orphan.write_bytes(b"wal")
    running = tmp_path / ".cases.sqlite3.new-running0"
    running.write_bytes(b"")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, sys; handle = open(sys.argv[1], 'rb'); "
         "fcntl.flock(handle, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()",
         str(running)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        open_workbench(str(tmp_path / "cases.sqlite3")).close()
        assert sorted(name for name in os.listdir(tmp_path) if ".new-" in name) == [running.name]
    finally:
        holder.communicate("")
    with open(running, "rb") as handle:  # its lock went with the process: now a leftover
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    open_workbench(str(tmp_path / "cases.sqlite3")).close()
    assert [name for name in os.listdir(tmp_path) if ".new-" in name] == []


def test_an_empty_sqlite_database_made_elsewhere_gets_the_schema_in_place(tmp_path: Path):
    path = tmp_path / "made-by-sqlite.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 0")
        connection.execute("CREATE TABLE t (x)")
        connection.execute("DROP TABLE t")  # a valid database file without tables
    connection.close()
    database = open_workbench(str(path))
    assert seed_entries(database) > 0
    database.close()


# -- damage --------------------------------------------------------------------


def assert_refused_untouched(path: Path, problem: str) -> None:
    before = path.read_bytes()
    with pytest.raises(DamagedDatabase) as refused:
        open_workbench(str(path))
    assert refused.value.path == path and refused.value.problem == problem
    message = str(refused.value)
    assert "\n" not in message and str(path) in message and "db restore" in message
    assert path.read_bytes() == before
    assert not path.with_name(path.stem + ".files").exists()


def test_an_empty_file_is_damaged_not_new(tmp_path: Path):
    path = tmp_path / "cases.sqlite3"
    path.write_bytes(b"")
    assert_refused_untouched(path, "the file is empty")
    assert sorted(os.listdir(tmp_path)) == ["cases.sqlite3"]


def test_a_text_file_named_like_a_database_is_damaged(tmp_path: Path):
    path = tmp_path / "cases.sqlite3"
    path.write_text("Case notes, not a database.\n" * 20)
    assert_refused_untouched(path, "the file is not a database")


def test_a_file_shorter_than_a_header_is_damaged(tmp_path: Path):
    path = tmp_path / "cases.sqlite3"
    path.write_bytes(b"SQLite format 3\x00\x10\x00")
    assert_refused_untouched(path, "the file is truncated")


def test_truncated_files_are_damaged(tmp_path: Path):
    path = tmp_path / "cases.sqlite3"
    add_case(path)
    whole = path.read_bytes()
    page_size = int.from_bytes(whole[16:18], "big")
    assert len(whole) >= 4 * page_size
    path.write_bytes(whole[:len(whole) // 2 + 100])  # cut inside a page
    assert_refused_untouched(path, "the file is truncated")
    path.write_bytes(whole[:len(whole) - 2 * page_size])  # whole pages missing at the end
    assert_refused_untouched(path, "the file is truncated")


@pytest.mark.parametrize("keep", [8, 0], ids=["cells", "whole-page"])
def test_a_damaged_page_in_the_middle_is_found_and_the_file_left_as_it_is(tmp_path: Path,
                                                                        keep: int):
    """Garbage over a page's cells (SQLite reports it) or over the whole page (SQLite stops)."""
    path = tmp_path / "cases.sqlite3"
    make_database(path, pages=400)
    with sqlite3.connect(path) as connection:  # a page of record text near the middle
        middle = connection.execute(
            "SELECT pageno FROM dbstat WHERE name = 'record_pages' AND pagetype = 'leaf' "
            "ORDER BY abs(pageno - (SELECT page_count FROM pragma_page_count) / 2) LIMIT 1"
        ).fetchone()[0] - 1
    connection.close()
    whole = bytearray(path.read_bytes())
    page_size = int.from_bytes(whole[16:18], "big")
    assert 0.3 < middle * page_size / len(whole) < 0.7
    whole[middle * page_size + keep:(middle + 1) * page_size] = os.urandom(page_size - keep)
    path.write_bytes(bytes(whole))
    connection = sqlite3.connect(path)
    try:
        found = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        found = [(str(error),)]
    connection.close()
    assert found != [("ok",)] and "malformed" in str(found)
    assert_refused_untouched(path, "page damage found by the integrity check")


def test_check_database_finds_what_quick_check_does_not(tmp_path: Path):
    path = tmp_path / "cases.sqlite3"
    make_database(path, pages=20)
    database = open_database(str(path))
    assert check_database(database) == []
    database.close()
    with sqlite3.connect(path) as connection:  # behind the workbench's back
        connection.execute("INSERT INTO record_pages (file_id, number, text, source) "
                           "VALUES (1, 21, 'an unindexed page', 'text')")
        connection.execute("INSERT INTO record_pages (file_id, number, text, source) "
                           "VALUES (999, 1, 'a page of no document', 'text')")
    connection.close()
    database = open_database(str(path))  # quick_check passes: the pages are sound
    problems = check_database(database)
    database.close()
    assert problems == [
        "foreign keys: record_pages row 22 refers to a missing record_files row",
        "full-text index record_page_search does not match the record_pages table",
    ]


# -- permissions ---------------------------------------------------------------


def test_an_existing_home_like_folder_keeps_its_mode(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    os.chmod(home, 0o755)
    open_workbench(str(home / "cases.sqlite3")).close()
    assert mode(home) == 0o755
    assert mode(home / "cases.sqlite3") == 0o600


def test_a_group_shared_folder_and_its_database_keep_their_modes(tmp_path: Path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o2775)
    path = shared / "cases.sqlite3"
    add_case(path)
    os.chmod(path, 0o664)  # the team made it group-writable
    database = open_workbench(str(path))
    assert not database.read_only
    database.files  # its documents folder is new, hence owner-only
    database.close()
    assert mode(shared) == 0o2775
    assert mode(path) == 0o664
    assert mode(shared / "cases.files") == 0o700


def test_folders_the_workbench_makes_are_owner_only(tmp_path: Path):
    os.chmod(tmp_path, 0o751)
    path = tmp_path / "a" / "b" / "c" / "cases.sqlite3"
    open_workbench(str(path)).close()
    assert [mode(folder) for folder in (path.parents[2], path.parents[1], path.parent)] == [
        0o700, 0o700, 0o700]
    assert mode(tmp_path) == 0o751
    assert mode(path) == 0o600


def test_a_read_only_database_opens_read_only_and_refuses_writes(tmp_path: Path):
    path = tmp_path / "cases.sqlite3"
    add_case(path)
    os.chmod(path, 0o444)
    before = path.read_bytes()
    database = open_workbench(str(path))
    assert database.read_only
    store = CaseStore(database)
    assert [listing.case_number for listing in store.list()] == ["CM26-0000001"]
    with pytest.raises(ReadOnlyDatabase) as refused:
        store.add(Case("MAXIMUS Federal Services", "MAXIMUS", case_number="CM26-0000002"))
    assert "\n" not in str(refused.value) and "read-only" in str(refused.value)
    assert check_database(database) == []
    database.close()
    assert mode(path) == 0o444
    assert path.read_bytes() == before


def test_a_database_in_a_folder_nobody_may_write_is_read_without_its_shm(tmp_path: Path):
    folder = tmp_path / "archive"
    folder.mkdir()
    path = folder / "cases.sqlite3"
    add_case(path)
    assert not Path(f"{path}-shm").exists()  # and the folder cannot hold a new one
    os.chmod(folder, 0o555)
    try:
        database = open_workbench(str(path))
        assert database.read_only
        assert [c.case_number for c in CaseStore(database).list()] == ["CM26-0000001"]
        with pytest.raises(ReadOnlyDatabase):
            CaseStore(database).delete(CaseStore(database).list()[0].id)
        database.close()
        assert mode(path) == 0o600
    finally:
        os.chmod(folder, 0o755)


def test_a_read_only_database_that_needs_an_upgrade_is_refused_unchanged(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    command.upgrade(alembic_config(f"sqlite:///{path}"), "0001")
    os.chmod(path, 0o444)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="read-only and needs an upgrade"):
        open_workbench(str(path))
    assert path.read_bytes() == before and mode(path) == 0o444
    assert [name for name in os.listdir(tmp_path) if "before-" in name] == []


def test_an_unreadable_file_is_reported_in_one_line(tmp_path: Path):
    path = tmp_path / "cases.sqlite3"
    add_case(path)
    os.chmod(path, 0o000)
    # root reads any file: its child gives up the capabilities that allow it
    as_user = (["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
               if os.geteuid() == 0 else [])
    child = subprocess.run(
        [*as_user, sys.executable, "-c",
         "import sys\nfrom db.database import DatabaseError, open_database\n"
         "try:\n    open_database(sys.argv[1])\n"
         "except DatabaseError as error:\n    print(type(error).__name__, error)\n",
         str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert child.stderr == ""
    assert child.stdout == (f"DatabaseError Cannot read the case database {path}: "
                            "permission denied\n")
    assert mode(path) == 0


# -- the command line ----------------------------------------------------------


def test_the_cli_names_a_damaged_database_and_the_way_out_in_one_line(cli, tmp_path: Path):
    path = tmp_path / "empty.sqlite3"
    path.write_bytes(b"")
    done = cli("--db", str(path), "cases", "list")
    assert done.code == 2 and done.out == ""
    assert done.err.count("\n") == 1
    assert str(path) in done.err and "db restore" in done.err and "is damaged" in done.err
    assert path.read_bytes() == b""


def test_the_cli_reads_a_read_only_database_and_refuses_to_write_it(cli, tmp_path: Path):
    path = tmp_path / "shared.sqlite3"
    add_case(path)
    os.chmod(path, 0o444)
    listed = cli("--db", str(path), "cases", "list")
    assert listed.code == 0 and "CM26-0000001" in listed.out
    imported = cli("--db", str(path), "letter", "import", str(SEED_FILES[0]))
    assert imported.code == 2 and imported.out == ""
    assert imported.err.count("\n") == 1 and "read-only" in imported.err
    assert mode(path) == 0o444
