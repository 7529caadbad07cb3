"""Backups of the case database on real SQLite files: taken, checked, listed, thinned, restored."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import stat
from pathlib import Path

import pytest

from db import backups
from case_databases import make_database
from db.backups import Backup, BackupError
from workbench.profile import load_profile
from workbench.startup import open_workbench
from workbench.store import CaseStore

UTC = dt.timezone.utc
PAGE = 4096


def settle(path: Path) -> None:
    """Fold the write-ahead log into the file, as a closed workbench leaves it."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def damage_pages(path: Path) -> None:
    """Overwrite the start of the second page: SQLite opens the file but its check fails."""
    settle(path)
    data = bytearray(path.read_bytes())
    data[PAGE:PAGE + 100] = b"\xff" * 100
    path.write_bytes(bytes(data))


def damage_header(path: Path) -> None:
    """Turn the file into bytes SQLite does not recognise at all."""
    settle(path)
    Path(str(path) + "-wal").unlink(missing_ok=True)
    Path(str(path) + "-shm").unlink(missing_ok=True)
    path.write_bytes(b"this is not a database " * 400)


def cases_in(path: Path) -> list[str]:
    database = open_workbench(str(path))
    try:
        return sorted(listing.case_number for listing in CaseStore(database).list())
    finally:
        database.close()


def test_a_backup_is_a_checked_owner_only_copy_listed_with_its_cases(tmp_path: Path):
    db_path = make_database(tmp_path / "cases.sqlite3", cases=3)
    taken = backups.take_backup(db_path, backups.ROUTINE)

    folder = tmp_path / "backups"
    assert taken.path.parent == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(taken.path.stat().st_mode) == 0o600
    assert taken.path.name.startswith("cases.") and taken.path.name.endswith(".routine.sqlite3")
    assert taken.taken_at.tzinfo is not None
    assert abs(dt.datetime.now(UTC) - taken.taken_at) < dt.timedelta(minutes=5)
    assert taken.cases == 3 and taken.ok
    assert sorted(p.name for p in folder.iterdir()) == [taken.path.name]  # no leftovers
    assert backups.file_problems(taken.path) == []
    with sqlite3.connect(taken.path) as copy:  # one self-contained file, not a WAL database
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy.close()

    second = backups.take_backup(db_path, backups.ON_CLOSE)
    listed = backups.list_backups(db_path)
    assert [b.path for b in listed] == [second.path, taken.path]  # newest first
    assert [(b.cases, b.ok, b.reason) for b in listed] == [(3, True, "on-close"),
                                                           (3, True, "routine")]
    assert all(b.size == b.path.stat().st_size for b in listed)


def test_a_copy_that_fails_its_check_is_removed_and_reported(tmp_path: Path):
    db_path = make_database(tmp_path / "cases.sqlite3", cases=2)
    damage_pages(db_path)
    before = db_path.read_bytes()
    with pytest.raises(BackupError, match="check"):
        backups.take_backup(db_path)
    assert list((tmp_path / "backups").iterdir()) == []
    assert backups.list_backups(db_path) == []
    assert db_path.read_bytes() == before  # read only


def test_an_unreadable_backup_is_listed_as_not_ok(tmp_path: Path):
    db_path = make_database(tmp_path / "cases.sqlite3", cases=1)
    good = backups.take_backup(db_path)
    bad = good.path.with_name("cases.2020-01-01T000000Z.routine.sqlite3")
    bad.write_bytes(b"nothing here" * 100)
    (good.path.parent / "notes.txt").write_text("not a backup")
    (good.path.parent / "other.2020-01-01T000000Z.routine.sqlite3").write_bytes(b"")
    listed = backups.list_backups(db_path)
    assert [(b.path, b.ok, b.cases) for b in listed] == [(good.path, True, 1), (bad, False, None)]
    assert backups.newest_backup(db_path).path == good.path


def test_a_backup_is_due_when_the_newest_is_four_hours_old(tmp_path: Path):
    db_path = make_database(tmp_path / "cases.sqlite3", cases=0)
    assert backups.backup_due(db_path)
    taken = backups.take_backup(db_path)
    assert not backups.backup_due(db_path)
    later = taken.taken_at + dt.timedelta(hours=4)
    assert backups.backup_due(db_path, now=later)
    assert not backups.backup_due(db_path, now=later - dt.timedelta(minutes=1))
    assert not backups.backup_due(tmp_path / "missing.sqlite3")


def test_server_databases_are_left_to_their_own_tools(tmp_path: Path):
    url = "postgresql://reviewer@localhost/imr"
    for call in (lambda: backups.take_backup(url), lambda: backups.list_backups(url),
                 lambda: backups.backup_due(url), lambda: backups.thin_backups(url),
                 lambda: backups.restore_backup(url, tmp_path / "x.sqlite3")):
        with pytest.raises(BackupError, match="pg_dump"):
            call()


# -- thinning -----------------------------------------------------------------------------
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def forge(folder: Path, stem: str, when: dt.datetime, reason: str = "routine") -> Path:
    path = folder / f"{stem}.{when.strftime('%Y-%m-%dT%H%M%SZ')}.{reason}.sqlite3"
    path.write_bytes(b"")
    return path


def test_thinning_keeps_six_recent_then_daily_weekly_monthly(tmp_path: Path):
    db_path = tmp_path / "cases.sqlite3"
    db_path.write_bytes(b"")
    folder = tmp_path / "backups"
    folder.mkdir()
    forged = {}
    when = NOW
    while when > NOW - dt.timedelta(days=420):  # a copy every 5 hours for 14 months
        reason = "before-upgrade" if when.hour < 5 else "routine"
        forged[forge(folder, "cases", when, reason)] = when
        when -= dt.timedelta(hours=5)
    stranger = forge(folder, "other", NOW - dt.timedelta(days=400))

    removed = backups.thin_backups(db_path, NOW)

    kept = {path: taken for path, taken in forged.items() if path.exists()}
    assert set(removed) == set(forged) - set(kept)
    assert stranger.exists()
    ages = sorted((NOW - taken for taken in kept.values()))
    recent = [age for age in ages if age < dt.timedelta(days=1)]
    assert recent == [dt.timedelta(hours=5 * n) for n in range(5)]  # all 5 of the last 24 h
    by_day = {}
    for taken in kept.values():
        if NOW - taken < dt.timedelta(days=14):
            by_day.setdefault(taken.date(), []).append(taken)
    days = {(NOW - dt.timedelta(days=n)).date() for n in range(14)}
    assert days <= set(by_day)
    for date, takens in by_day.items():
        newest_that_day = max(t for t in forged.values() if t.date() == date)
        assert newest_that_day in takens
    def newest(key) -> set[dt.datetime]:
        groups: dict = {}
        for taken in forged.values():
            groups.setdefault(key(taken), []).append(taken)
        return {max(takens) for takens in groups.values()}

    newest_of_week = newest(lambda t: t.isocalendar()[:2])
    newest_of_month = newest(lambda t: (t.year, t.month))
    for taken in kept.values():
        age = NOW - taken
        if dt.timedelta(days=14) <= age < dt.timedelta(weeks=8):
            assert taken in newest_of_week | newest_of_month
        elif age >= dt.timedelta(weeks=8):
            assert taken in newest_of_month
    for taken in newest_of_week:
        if NOW - taken < dt.timedelta(weeks=8):
            assert taken in kept.values()
    for taken in newest_of_month:
        if NOW - taken < dt.timedelta(days=365):
            assert taken in kept.values()
    assert max(ages) < dt.timedelta(days=365)
    assert len(kept) <= 1 + 6 + 14 + 8 + 12
    assert any(path.name.endswith(".before-upgrade.sqlite3") for path in kept)
    assert backups.thin_backups(db_path, NOW) == []  # the rule is stable


def test_thinning_keeps_only_six_of_many_recent_copies_and_always_the_newest(tmp_path: Path):
    db_path = tmp_path / "cases.sqlite3"
    db_path.write_bytes(b"")
    folder = tmp_path / "backups"
    folder.mkdir()
    recent = [forge(folder, "cases", NOW - dt.timedelta(minutes=30 * n)) for n in range(10)]
    backups.thin_backups(db_path, NOW)
    assert [path.exists() for path in recent] == [True] * 6 + [False] * 4

    old_only = tmp_path / "old" / "cases.sqlite3"
    old_only.parent.mkdir()
    old_only.write_bytes(b"")
    (old_only.parent / "backups").mkdir()
    lone = forge(old_only.parent / "backups", "cases", NOW - dt.timedelta(days=900))
    older = forge(old_only.parent / "backups", "cases", NOW - dt.timedelta(days=1000))
    assert backups.thin_backups(old_only, NOW) == [older]
    assert lone.exists()


# -- restoring ------------------------------------------------------------------------------
def test_restore_over_a_damaged_file_keeps_it_beside_and_opens_with_the_cases(tmp_path: Path):
    db_path = make_database(tmp_path / "cases.sqlite3", cases=3)
    taken = backups.take_backup(db_path)
    damage_header(db_path)
    damaged_bytes = db_path.read_bytes()

    aside = backups.restore_backup(db_path, taken)

    assert aside is not None and aside.parent == tmp_path
    assert aside.name.startswith("cases.damaged-") and aside.suffix == ".sqlite3"
    assert aside.read_bytes() == damaged_bytes  # moved, never written
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert cases_in(db_path) == ["CM26-0000000", "CM26-0000001", "CM26-0000002"]
    assert [b.reason for b in backups.list_backups(db_path)] == ["routine"]  # none of the damage
    assert taken.path.exists()


def test_restore_over_a_sound_file_keeps_it_and_a_before_restore_backup(tmp_path: Path):
    db_path = make_database(tmp_path / "cases.sqlite3", cases=1)
    taken = backups.take_backup(db_path)
    database = open_workbench(str(db_path))
    CaseStore(database).add(load_profile(database).new_case(case_number="CM26-0000099"))
    database.close()

    aside = backups.restore_backup(db_path, taken.path)

    assert aside.name.startswith("cases.replaced-")
    assert not Path(str(db_path) + "-wal").exists()  # the old log went with the old file
    assert cases_in(db_path) == ["CM26-0000000"]
    assert cases_in(aside) == ["CM26-0000000", "CM26-0000099"]
    newest = backups.list_backups(db_path)[0]
    assert (newest.reason, newest.cases) == ("before-restore", 2)


def test_a_damaged_backup_is_refused_and_nothing_moves(tmp_path: Path):
    db_path = make_database(tmp_path / "cases.sqlite3", cases=1)
    bad = tmp_path / "backups" / "cases.2026-01-01T000000Z.routine.sqlite3"
    bad.parent.mkdir()
    bad.write_bytes(b"junk" * 1000)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(BackupError, match="damaged"):
        backups.restore_backup(db_path, bad)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert cases_in(db_path) == ["CM26-0000000"]


def test_the_copy_taken_before_an_upgrade_joins_the_list(tmp_path: Path):
    from alembic import command

    from db.database import alembic_config, open_database

    path = tmp_path / "old.sqlite3"
    command.upgrade(alembic_config(f"sqlite:///{path}"), "0001")
    database = open_database(str(path))
    database.close()
    listed = backups.list_backups(path)
    assert [b.reason for b in listed] == ["before-upgrade"]
    assert database.backup == listed[0].path
    assert listed[0].cases == 0


def test_opening_an_existing_database_takes_a_routine_backup_when_due(tmp_path: Path):
    db_path = make_database(tmp_path / "cases.sqlite3", cases=2)
    assert backups.list_backups(db_path) == []  # a database just made has nothing to keep
    open_workbench(str(db_path)).close()
    assert [(b.reason, b.cases) for b in backups.list_backups(db_path)] == [("routine", 2)]
    open_workbench(str(db_path)).close()
    assert len(backups.list_backups(db_path)) == 1  # not due again for four hours


# -- the command line ------------------------------------------------------------------------
def test_cli_backup_list_restore_and_check(cli, tmp_path: Path):
    from conftest import SEED_FILES

    assert cli("letter", "import", str(SEED_FILES[0])).code == 0
    made = cli("db", "backup")
    assert made.code == 0, made.err
    backup_path = Path(made.out.strip())
    assert backup_path.parent == tmp_path / "backups" and backup_path.exists()

    listed = json.loads(cli("db", "backups", "--json").out)
    assert [(row["reason"], row["cases"], row["ok"]) for row in listed] == [("manual", 1, True)]
    assert listed[0]["path"] == str(backup_path)
    assert dt.datetime.fromisoformat(listed[0]["taken_at"]).tzinfo is not None
    table = cli("db", "backups")
    assert table.code == 0 and str(backup_path) in table.out and "taken by hand" in table.out

    healthy = cli("db", "check")
    assert (healthy.code, healthy.out.strip()) == (0, "ok"), healthy.err

    damage_header(cli.db_path)
    broken = cli("cases", "list")
    assert broken.code == 2 and len(broken.err.strip().splitlines()) == 1
    assert "Traceback" not in broken.err
    checked = cli("db", "check")
    assert checked.code == 1 and checked.out.strip() and "Traceback" not in checked.err

    restored = cli("db", "restore", "--newest")
    assert restored.code == 0, restored.err
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("cli.damaged-")]
    assert len(kept) == 1 and str(kept[0]) in restored.out
    assert json.loads(cli("cases", "list", "--json").out)[0]["id"] == 1
    assert cli("db", "check").out.strip() == "ok"


def test_cli_refuses_bad_requests_in_one_line(cli, tmp_path: Path):
    missing = cli("db", "restore", str(tmp_path / "nowhere.sqlite3"))
    server = cli("--db", "postgresql://reviewer@localhost/imr", "db", "backup")
    none_yet = cli("db", "restore", "--newest")
    for result in (missing, server, none_yet):
        assert result.code == 2
        assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert "pg_dump" in server.err


def test_backup_describes_its_size_for_people():
    taken = dt.datetime(2026, 1, 1, tzinfo=UTC)
    assert Backup(Path("x"), taken, "routine", 512).size_label == "512 bytes"
    assert Backup(Path("x"), taken, "routine", 786432).size_label == "768 KB"
    assert Backup(Path("x"), taken, "routine", 13_107_200).size_label == "12.5 MB"
