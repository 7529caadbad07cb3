"""Backups of the SQLite case database: taken, verified, listed, thinned and restored.

A backup is a complete SQLite file made with SQLite's online backup API, so
it is consistent even while the window or an import writes. Backups live in
a ``backups/`` folder beside the database file (owner-only: folder 0700, files
0600) and are named for the database, the UTC time and the reason::

    cases.sqlite3  ->  backups/cases.2026-11-30T101500Z.routine.sqlite3

The name is the whole record: listing backups, or deciding one is due, needs
no index file and survives copying the folder. A copy is written under a
temporary name, checked by SQLite (``PRAGMA quick_check``) and synced before it
is renamed into place, so a name in the folder always means a sound copy.

A server database (PostgreSQL) is backed up with the server's own tools;
every function here refuses its URL with a ``BackupError`` saying so.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from db.database import read_only_connection
from workbench.errors import WorkbenchError
from workbench.safe_files import sync_file, sync_folder

log = logging.getLogger(__name__)

FOLDER = "backups"
ROUTINE = "routine"
ON_CLOSE = "on-close"
MANUAL = "manual"
BEFORE_UPGRADE = "before-upgrade"
BEFORE_RESTORE = "before-restore"
REASONS = (ROUTINE, ON_CLOSE, MANUAL, BEFORE_UPGRADE, BEFORE_RESTORE)
REASON_LABELS = {ROUTINE: "routine", ON_CLOSE: "on close", MANUAL: "taken by hand",
                 BEFORE_UPGRADE: "before upgrade", BEFORE_RESTORE: "before restore"}
ROUTINE_AGE = dt.timedelta(hours=4)

_STAMP = "%Y-%m-%dT%H%M%SZ"
_NAME = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{4}-\d\d-\d\dT\d{6}Z)(?:-(?P<n>\d+))?"
                   r"\.(?P<reason>[a-z-]+)\.sqlite3$")
_SIDE_FILES = ("-wal", "-shm", "-journal")


class BackupError(WorkbenchError):
    """A backup could not be taken, read or restored; one line, no case data."""


@dataclass(frozen=True)
class Backup:
    """One backup file.

    ``taken_at`` is timezone-aware (UTC), read from the name. ``cases`` counts
    the cases not in the trash, read from the copy opened read-only; it is
    None, and ``ok`` False, when the copy cannot be read as a case database
    (``list_backups(count=False)`` leaves ``cases`` None and ``ok`` True).
    """

    path: Path
    taken_at: dt.datetime
    reason: str
    size: int
    cases: int | None = None
    ok: bool = True

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)

    @property
    def size_label(self) -> str:
        """The size for people: "640 KB", "12.5 MB"."""
        size = float(self.size)
        for unit in ("bytes", "KB", "MB", "GB"):
            if size < 1024 or unit == "GB":
                break
            size /= 1024
        return f"{self.size} bytes" if unit == "bytes" else f"{size:.3g} {unit}"


# -- where -------------------------------------------------------------------------
def sqlite_file(database: str | Path) -> Path:
    """The SQLite file behind ``database``: a file path, or a ``sqlite:///`` URL.

    Raises ``BackupError`` for any other URL (a server database) or an
    in-memory database.
    """
    if isinstance(database, Path):
        return database.expanduser().resolve()
    if "://" not in database:
        return Path(database).expanduser().resolve()
    try:
        url = make_url(database)
    except Exception:  # noqa: BLE001 - any unparsable URL is the same mistake
        raise BackupError("The database URL cannot be read") from None
    if url.get_backend_name() != "sqlite":
        raise BackupError("Backups here are for SQLite files; back up a server database with "
                          "its own tools (pg_dump and pg_restore for PostgreSQL)")
    if url.database in (None, "", ":memory:"):
        raise BackupError("An in-memory database has no file to back up")
    return Path(url.database).expanduser().resolve()


def existing_file(url: str | None) -> Path | None:
    """The SQLite file ``url`` (None: the default database) names, if it exists; else None.

    Asked before opening, to tell a database the reviewer has from one about to be made.
    """
    from db.database import default_url, to_url

    try:
        path = sqlite_file(to_url(url) if url else default_url())
    except BackupError:
        return None
    return path if path.is_file() else None


def backups_folder(database: str | Path) -> Path:
    """``backups/`` beside the database file (not created here)."""
    return sqlite_file(database).parent / FOLDER


def _make_folder(folder: Path) -> None:
    """Create the folder owner-only; a folder that already exists keeps its permissions."""
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        if not folder.is_dir():
            raise BackupError(f"Cannot keep backups: {folder} is not a folder") from None
        return
    except OSError as error:
        raise BackupError(f"Cannot create the backups folder: {error.strerror}") from None
    os.chmod(folder, 0o700)  # mkdir's mode is narrowed by the umask, never widened


# -- reading backups ------------------------------------------------------------------
def count_cases(path: Path) -> int:
    """Cases not in the trash in the SQLite file at ``path``, opened read-only.

    Raises ``sqlite3.DatabaseError`` when the file is not a readable case database.
    """
    connection = read_only_connection(path, immutable=True)
    try:
        try:
            row = connection.execute(
                "SELECT count(*) FROM cases WHERE deleted_at IS NULL").fetchone()
        except sqlite3.OperationalError:  # a database from before the trash
            row = connection.execute("SELECT count(*) FROM cases").fetchone()
        return int(row[0])
    finally:
        connection.close()


def file_problems(path: Path, *, full: bool = True) -> list[str]:
    """What SQLite finds wrong with the file at ``path``, read without writing to it.

    ``full`` runs ``PRAGMA integrity_check`` (every page and index), else the
    faster ``quick_check``. Returns short lines; empty means sound. A missing
    or empty file, or one that is not SQLite, is one line.
    """
    try:
        if path.stat().st_size == 0:
            return ["the file is empty"]
    except FileNotFoundError:
        return ["the file does not exist"]
    try:
        connection = read_only_connection(path)
        try:
            pragma = "integrity_check" if full else "quick_check"
            rows = [row[0] for row in connection.execute(f"PRAGMA {pragma}")]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [_problem(error)]
    if rows == ["ok"]:
        return []
    lines = [line.strip() for row in rows for line in str(row).splitlines()]
    return [line for line in lines if line and not line.startswith("***")] or ["damaged"]


def _problem(error: sqlite3.DatabaseError) -> str:
    text = str(error).lower()
    if "not a database" in text:
        return "the file is not a database"
    if "malformed" in text or "corrupt" in text:
        return "the database disk image is malformed"
    return f"SQLite could not read it ({type(error).__name__})"


def _parse(path: Path, stem: str) -> tuple[dt.datetime, str] | None:
    match = _NAME.match(path.name)
    if match is None or match["stem"] != stem or match["reason"] not in REASONS:
        return None
    taken = dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.timezone.utc)
    return taken, match["reason"]


def list_backups(database: str | Path, *, count: bool = True) -> list[Backup]:
    """The database's backups, newest first.

    ``count`` opens each copy read-only to count its cases (a few milliseconds
    each); without it only the folder is listed, which is what deciding
    whether a backup is due needs. Files in the folder that are not this
    database's backups (other names, temporary files) are left out.
    """
    db_path = sqlite_file(database)
    folder = db_path.parent / FOLDER
    found: list[tuple[dt.datetime, int, Backup]] = []
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as error:
        raise BackupError(f"Cannot read the backups folder: {error.strerror}") from None
    for entry in entries:
        parsed = _parse(Path(entry.path), db_path.stem)
        if parsed is None or not entry.is_file():
            continue
        path = Path(entry.path)
        cases, ok = None, True
        if count:
            try:
                cases = count_cases(path)
            except sqlite3.DatabaseError:
                ok = False
        info = entry.stat()
        found.append((parsed[0], info.st_mtime_ns,
                      Backup(path, parsed[0], parsed[1], info.st_size, cases, ok)))
    found.sort(key=lambda row: row[:2], reverse=True)  # same second: the later write first
    return [row[2] for row in found]


def newest_backup(database: str | Path) -> Backup | None:
    """The newest backup whose cases can be read, or None."""
    for backup in list_backups(database):
        if backup.ok:
            return backup
    return None


def backup_due(database: str | Path, max_age: dt.timedelta = ROUTINE_AGE, *,
               now: dt.datetime | None = None) -> bool:
    """True when the database file exists and its newest backup is older than ``max_age``
    (or there is none). Reads only the folder listing."""
    db_path = sqlite_file(database)
    if not db_path.is_file():
        return False
    backups = list_backups(db_path, count=False)
    now = now or dt.datetime.now(dt.timezone.utc)
    return not backups or now - backups[0].taken_at >= max_age


# -- taking backups --------------------------------------------------------------------
def take_backup(database: str | Path, reason: str = ROUTINE, *,
                now: dt.datetime | None = None) -> Backup:
    """Copy the database into its backups folder and return the verified copy.

    The database is read through a read-only connection with SQLite's online
    backup, so writers may keep working. The copy is switched out of
    write-ahead-log mode (one self-contained file), checked with
    ``PRAGMA quick_check``, synced, then renamed to its final name. A copy that
    fails the check is removed and ``BackupError`` names the problem (the
    database itself is then probably damaged). Raises ``BackupError`` too when
    the file is missing or the folder cannot be written.
    """
    if reason not in REASONS:
        raise BackupError(f"Unknown backup reason: {reason}")
    db_path = sqlite_file(database)
    if not db_path.is_file():
        raise BackupError(f"There is no case database at {db_path} to back up")
    folder = db_path.parent / FOLDER
    _make_folder(folder)
    taken = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    taken = taken.replace(microsecond=0)
    try:
        path = _write_backup(db_path, folder, taken, reason)
    except OSError as error:
        raise BackupError(f"Cannot write the backup: {error.strerror}") from None
    size = path.stat().st_size
    log.info("took a %s backup (%d bytes)", reason, size)
    return Backup(path, taken, reason, size, _cases_or_none(path))


def _write_backup(db_path: Path, folder: Path, taken: dt.datetime, reason: str) -> Path:
    fd, temporary = tempfile.mkstemp(prefix=f".{db_path.stem}.", suffix=".part", dir=folder)
    os.close(fd)  # mkstemp made it 0600; SQLite gives its journal the same mode
    temporary_path = Path(temporary)
    try:
        _copy_database(db_path, temporary_path)
        problems = file_problems(temporary_path, full=False)
        if problems:
            log.error("backup failed its check (%d problem(s))", len(problems))
            raise BackupError(f"The backup failed SQLite's check ({problems[0]}); it was removed. "
                              "The database itself may be damaged: run 'db check'")
        sync_file(temporary_path)
        path = _free_name(folder, db_path.stem, taken, reason)
        os.replace(temporary_path, path)
        sync_folder(folder)
    except BaseException:
        for suffix in ("", *_SIDE_FILES):
            Path(temporary + suffix).unlink(missing_ok=True)
        raise
    return path


def _copy_database(source_path: Path, target: Path) -> None:
    try:
        source = read_only_connection(source_path)
        try:
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
            finally:
                copy.close()
        finally:
            source.close()
    except sqlite3.DatabaseError as error:
        log.error("backup copy failed: %s", type(error).__name__)
        raise BackupError(f"Cannot copy the database ({_problem(error)}); "
                          "the database itself may be damaged: run 'db check'") from None


def _cases_or_none(path: Path) -> int | None:
    try:
        return count_cases(path)
    except sqlite3.DatabaseError:
        return None


def _free_name(folder: Path, stem: str, taken: dt.datetime, reason: str) -> Path:
    stamp = taken.strftime(_STAMP)
    path = folder / f"{stem}.{stamp}.{reason}.sqlite3"
    number = 1
    while path.exists():  # two backups in one second
        path = folder / f"{stem}.{stamp}-{number}.{reason}.sqlite3"
        number += 1
    return path


# -- thinning ---------------------------------------------------------------------------
RECENT_KEPT = 6
DAILY_FOR = dt.timedelta(days=14)
WEEKLY_FOR = dt.timedelta(weeks=8)
MONTHLY_FOR = dt.timedelta(days=365)


def backups_to_keep(backups: list[Backup], now: dt.datetime) -> set[Path]:
    """The rule ``thin_backups`` applies, on a list (any reason counts alike).

    Ages are counted from ``now``; days, weeks and months are UTC calendar ones,
    so a copy stays in the same bucket as it ages.

    * the newest backup, whatever its age;
    * of those under 24 hours old (or dated in the future), the 6 newest;
    * under 14 days old, the newest of each day;
    * under 8 weeks old, the newest of each ISO week;
    * under 12 months (365 days) old, the newest of each month.

    Everything else is removed: at most about 6 + 14 + 8 + 12 copies remain.
    """
    ordered = sorted(backups, key=lambda b: b.taken_at, reverse=True)  # stable: ties keep order
    keep: set[Path] = set()
    if ordered:
        keep.add(ordered[0].path)
    recent = [b for b in ordered if now - b.taken_at < dt.timedelta(days=1)]
    keep.update(b.path for b in recent[:RECENT_KEPT])
    buckets: dict[tuple, Path] = {}
    for backup in ordered:  # newest first: the first in a bucket is its newest
        age = now - backup.taken_at
        day = backup.taken_at.date()
        for limit, bucket in ((DAILY_FOR, ("day", day)),
                              (WEEKLY_FOR, ("week", *day.isocalendar()[:2])),
                              (MONTHLY_FOR, ("month", day.year, day.month))):
            if age < limit and bucket not in buckets:
                buckets[bucket] = backup.path
    keep.update(buckets.values())
    return keep


def thin_backups(database: str | Path, now: dt.datetime | None = None) -> list[Path]:
    """Remove the backups the rule of ``backups_to_keep`` lets go; returns the removed paths.

    Only files named as this database's backups are ever removed.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    backups = list_backups(database, count=False)
    keep = backups_to_keep(backups, now)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            try:
                backup.path.unlink()
            except FileNotFoundError:
                continue
            except OSError as error:
                log.warning("could not remove an old backup: %s", type(error).__name__)
                continue
            removed.append(backup.path)
    if removed:
        log.info("removed %d old backup(s)", len(removed))
    return removed


def backup_if_due(database, reason: str = ROUTINE, *,
                  max_age: dt.timedelta | None = ROUTINE_AGE) -> Backup | None:
    """Back up an open ``db.database.Database`` if a backup is due, then thin the folder.

    ``max_age`` None takes one whatever the age of the newest. Returns None
    when none was taken: not due, a server database (backed up by its own
    tools), a read-only database (nothing can have changed, and its folder
    may not take a copy) or no file. A failed backup raises ``BackupError``.
    """
    if database.read_only:
        return None
    try:
        db_path = sqlite_file(database.url)
    except BackupError:
        return None
    if not db_path.is_file():
        return None
    if max_age is not None and not backup_due(db_path, max_age):
        return None
    backup = take_backup(db_path, reason)
    thin_backups(db_path)
    return backup


# -- restoring --------------------------------------------------------------------------
def restore_backup(database: str | Path, backup: Backup | Path, *,
                   damaged: bool | None = None) -> Path | None:
    """Put a copy of ``backup`` in place of the database; returns where the old file went.

    Steps, in an order that leaves the old file intact if any fails:

    1. copy the backup beside the database under a temporary name and check the
       copy with ``PRAGMA integrity_check`` (a bad backup stops here, nothing moved);
    2. when the current file is sound (``damaged`` None asks SQLite, reading
       only), take a ``before-restore`` backup of it, so the restore can be undone
       from the list;
    3. rename the current file and its ``-wal``/``-shm`` aside, beside it:
       ``cases.damaged-<stamp>.sqlite3`` or ``cases.replaced-<stamp>.sqlite3``
       (the damaged file is only renamed, never written);
    4. rename the checked copy into place (``os.replace``: atomic).

    Returns None when there was no database file to move. The database must
    not be open elsewhere while this runs (the window closes its own first).
    Raises ``BackupError`` (bad backup, file system refusing).
    """
    db_path = sqlite_file(database)
    source = backup.path if isinstance(backup, Backup) else Path(backup)
    if not source.is_file():
        raise BackupError(f"There is no backup at {source}")
    try:
        aside = _restore_file(db_path, source, damaged)
    except OSError as error:
        raise BackupError(f"Cannot restore the backup: {error.strerror}") from None
    log.info("restored a backup")
    return aside


def _restore_file(db_path: Path, source: Path, damaged: bool | None) -> Path | None:
    fd, temporary = tempfile.mkstemp(prefix=f".{db_path.stem}.restore.", suffix=".part",
                                     dir=db_path.parent)
    os.close(fd)
    temporary_path = Path(temporary)
    try:
        shutil.copyfile(source, temporary_path)  # keeps the 0600 mkstemp gave it
        problems = file_problems(temporary_path, full=True)
        if problems:
            raise BackupError(f"That backup is damaged ({problems[0]}); nothing was changed")
        sync_file(temporary_path)
        aside = None
        if db_path.exists():
            if damaged is None:
                damaged = bool(file_problems(db_path, full=False))
            if not damaged:
                try:
                    take_backup(db_path, BEFORE_RESTORE)
                except BackupError:  # unreadable after all: keep it aside as damaged
                    damaged = True
            aside = _move_aside(db_path, "damaged" if damaged else "replaced")
        os.replace(temporary_path, db_path)
        sync_folder(db_path.parent)
    except BaseException:
        temporary_path.unlink(missing_ok=True)
        raise
    return aside


def _move_aside(db_path: Path, state: str) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime(_STAMP)
    aside = db_path.with_name(f"{db_path.stem}.{state}-{stamp}{db_path.suffix}")
    number = 1
    while aside.exists():
        aside = db_path.with_name(f"{db_path.stem}.{state}-{stamp}-{number}{db_path.suffix}")
        number += 1
    try:
        os.replace(db_path, aside)
        for suffix in _SIDE_FILES:  # the log belongs with its file, never with the new one
            side = Path(str(db_path) + suffix)
            if side.exists():
                os.replace(side, Path(str(aside) + suffix))
    except OSError as error:
        raise BackupError(f"Cannot move the current database aside: {error.strerror}") from None
    return aside
