"""Opening the case database: where it lives, how it is protected, how it is upgraded.

The default is a SQLite file in the per-user data folder. Any SQLAlchemy URL
(a shared PostgreSQL server, say) can be given instead.

Opening a SQLite file, in order:

- Folders the workbench makes are owner-only (0700); folders that exist are
  never changed (``--db ~/cases.sqlite3`` leaves ``$HOME`` as it was, a shared
  folder keeps its group bits).
- A new database is built whole under a temporary name in the same folder
  (schema, migration stamp, whatever ``populate`` adds, such as the seed
  library; write-ahead log mode last), synced to disk, then linked into place.
  A start killed at any moment leaves either no database or a complete one;
  the temporary files of a killed start are removed by the next start. The new
  file is owner-only (0600); SQLite gives its -wal and -shm files the same mode.
- An existing file is never taken as new and never chmodded. A file that is
  empty, too short, not SQLite, or shorter than its header says is damaged
  (``DamagedDatabase``); so is one whose ``PRAGMA quick_check`` is not "ok".
  The check runs on a read-only connection, so nothing is written to a damaged
  file (no migration, no log mode switch, no seed, no checkpoint).
- A file that cannot be written (or whose folder cannot hold its -wal and -shm
  files) is opened read-only: ``Database.read_only`` is True, nothing is
  migrated or seeded, and any write raises ``ReadOnlyDatabase``.
- An older database is backed up, then upgraded by Alembic.

``check_database`` runs the slow full checks on demand.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from platformdirs import user_data_path
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from db.fulltext import ContentIndex
from db.models import FULL_TEXT_INDEXES, Base
from workbench.errors import WorkbenchError
from workbench.safe_files import sync_folder

log = logging.getLogger(__name__)

APP_NAME = "imr-workbench"
DB_ENV = "WORKBENCH_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration. Checked against Alembic by the tests; knowing it here
# lets an up-to-date database open without loading Alembic at all.
SCHEMA_REVISION = "0013"

OWNER_ONLY_FILE = 0o600
OWNER_ONLY_FOLDER = 0o700
SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_HEADER_SIZE = 100
# A new database is built as ".NAME.new-XXXXXXXX" beside NAME.
_BUILD_INFIX = ".new-"
_SQLITE_COMPANIONS = ("-journal", "-wal", "-shm")


class DatabaseError(WorkbenchError):
    """The case database cannot be opened or used; the message is one line, no case data."""


class DamagedDatabase(DatabaseError):
    """An existing case database that is not a sound SQLite file.

    Raised instead of treating the file as new, and before anything is written
    to it, so a restore can still start from the damaged bytes.

    Attributes:
        path: the damaged file.
        problem: a short phrase saying what is wrong, e.g. "the file is empty",
            "the file is not a database", "page damage found by the integrity check".
    """

    def __init__(self, path: Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(
            f"The case database {self.path} is damaged ({problem}); restore a backup with "
            f'"workbench db restore --newest" or from the window')


class ReadOnlyDatabase(DatabaseError):
    """A write refused because the case database was opened read-only
    (its file or folder is not writable)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = None if path is None else Path(path)
        where = f" {self.path}" if self.path is not None else ""
        super().__init__(
            f"The case database{where} is read-only; nothing was changed "
            "(make the file and its folder writable to edit cases)")


def default_url() -> str:
    """``WORKBENCH_DB`` if set, else the SQLite file in the per-user data folder."""
    configured = os.environ.get(DB_ENV)
    if configured:
        return to_url(configured)
    return to_url(str(user_data_path(APP_NAME, appauthor=False) / "workbench.sqlite3"))


def to_url(value: str) -> str:
    """Accept a SQLAlchemy URL or a plain file path (taken as a SQLite file)."""
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents owner-only (0700).

    Only folders made here get that mode: a folder that already exists (the
    home folder, a group-shared folder) keeps its own. ``Path.mkdir(parents=True)``
    would give the parents the default mode, hence one ``mkdir`` per level.

    Raises OSError as ``os.mkdir`` does.
    """
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, OWNER_ONLY_FOLDER)
        except FileExistsError:
            continue  # made meanwhile by someone else: theirs, left as it is
        os.chmod(path, OWNER_ONLY_FOLDER)  # ours: the umask cannot widen it, only narrow it


def _configure_sqlite(dbapi_connection, _record) -> None:
    """Foreign keys on; in write-ahead-log mode (set once the database is known to be
    ours), a commit syncs the log only."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _use_write_ahead_log(engine: Engine) -> None:
    """The window reads while an import writes: SQLite's write-ahead log allows that.
    The mode is kept in the file, so it is set only on a database the workbench made."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")


def alembic_config(url: str):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@dataclass
class Database:
    """An open case database.

    ``read_only`` is True when the file (or its folder) is not writable: reads
    work, every write raises ``ReadOnlyDatabase``. The window should disable
    editing when it is set.
    """

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    backup: Path | None = None  # the copy taken before the last upgrade, if any
    read_only: bool = False

    def session(self) -> Session:
        return self.sessions()

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        return _sqlite_path(self.url)

    @property
    def files(self) -> Path:
        """Where documents kept with this database live (guideline PDFs, case records).

        Beside a SQLite file (``cases.sqlite3`` keeps them in ``cases.files/``), so
        copying the two together moves everything; in the per-user data folder for
        a server database. Created owner-only on first use (not for a read-only
        database, which only reads what is there).
        """
        sqlite_path = _sqlite_path(self.url)
        if sqlite_path is not None:
            folder = sqlite_path.with_name(sqlite_path.stem + ".files")
        else:
            folder = user_data_path(APP_NAME, appauthor=False) / "files"
        if not self.read_only:
            make_private_folder(folder)
        return folder

    def close(self) -> None:
        """Let the connections go, with everything written back into the database file.

        In write-ahead-log mode the newest changes live in ``-wal`` until a
        checkpoint; SQLite checkpoints when the last connection closes, but not
        while another window or command still has the file open. Checkpointing
        here means that whoever closes last or first, the file alone (copied,
        backed up elsewhere, sent) holds every stored change.
        """
        if self.path is not None and not self.read_only:
            try:
                with self.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except Exception as error:  # busy or gone: SQLite checkpoints later by itself
                log.info("checkpoint on close skipped: %s", type(error).__name__)
        self.engine.dispose()


Populate = Callable[[Database], object]


def open_database(url: str | None = None, *, create: bool = True,
                  populate: Populate | None = None) -> Database:
    """Open the database at ``url`` (default: ``default_url()``), creating or upgrading it.

    ``populate`` fills a database just created (``open_workbench`` merges the
    seed library with it); for a SQLite file it runs on the file being built,
    before the file takes its name, so it must use only ``database.session()``
    or ``database.engine`` (``database.url`` names the temporary file).

    Raises:
        DamagedDatabase: an existing SQLite file that is not a sound database.
        DatabaseError: the file cannot be read or created, the database was not
            made by the workbench, a read-only one needs an upgrade, a bad URL.
    """
    url = to_url(url) if url else default_url()
    sqlite_path = _sqlite_path(url)
    if sqlite_path is None:
        return _open_server(url, populate)
    return _open_sqlite(url, sqlite_path, create, populate)


# -- SQLite ------------------------------------------------------------------


def _open_sqlite(url: str, path: Path, create: bool, populate: Populate | None) -> Database:
    if not path.exists():
        if os.path.lexists(path):
            raise DatabaseError(f"The case database {path} is a link to a missing file")
        if not create:
            raise DatabaseError(f"The case database {path} does not exist yet")
        try:
            make_private_folder(path.parent)
            _remove_stale_builds(path)
            created = _build_new(path, populate)
        except OSError as error:
            raise DatabaseError(f"Cannot create the case database {path}: "
                                f"{_reason(error)}") from None
        if created:
            log.info("created a new case database at revision %s", SCHEMA_REVISION)
    else:
        _remove_stale_builds(path)
    _check_file(path)
    read_only = _is_read_only(path)
    immutable = _quick_check(path, read_only)
    if read_only:
        # immutable=1 when SQLite cannot make the -shm file beside a WAL database:
        # nothing can change a file nobody may write.
        engine = create_engine(url, creator=lambda: read_only_connection(
            path, immutable=immutable, check_same_thread=False))
    else:
        engine = create_engine(url)
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "handle_error", _read_only_error(path))
    database = Database(url, engine, sessionmaker(engine, expire_on_commit=False),
                        read_only=read_only)
    def prepare() -> None:
        if read_only:
            _require_current(database, path)
        else:
            database.backup = _migrate(database, path, populate)
            _use_write_ahead_log(engine)

    return _prepared(database, prepare)


def _reason(error: OSError) -> str:
    return (error.strerror or type(error).__name__).lower()


def read_only_connection(path: Path, *, immutable: bool = False,
                         check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection that cannot write to the SQLite file at ``path``.

    ``immutable`` also takes no locks and makes no ``-shm`` file: for a file in a
    folder nobody may write, or a copy nobody else opens (a backup).
    """
    options = "immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"file:{quote(str(path))}?{options}", uri=True,
                           check_same_thread=check_same_thread)


def _check_file(path: Path) -> None:
    """Refuse a file that cannot be a sound SQLite database, from its size and header alone.

    A SQLite file is a whole number of pages and starts with a 100-byte header
    giving the page size and (when valid) the page count.
    """
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            header = handle.read(SQLITE_HEADER_SIZE)
    except IsADirectoryError:
        raise DatabaseError(f"The case database {path} is a folder, not a file") from None
    except OSError as error:
        raise DatabaseError(f"Cannot read the case database {path}: {_reason(error)}") from None
    if size == 0:
        raise DamagedDatabase(path, "the file is empty")
    if not header.startswith(SQLITE_MAGIC[:len(header)]) or len(header) < len(SQLITE_MAGIC):
        raise DamagedDatabase(path, "the file is not a database")
    if size < SQLITE_HEADER_SIZE:
        raise DamagedDatabase(path, "the file is truncated")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise DamagedDatabase(path, "the file is not a database")
    pages = int.from_bytes(header[28:32], "big")
    pages_valid = pages > 0 and header[24:28] == header[92:96]
    if size % page_size or (pages_valid and size < pages * page_size):
        raise DamagedDatabase(path, "the file is truncated")


def _is_read_only(path: Path) -> bool:
    """Whether the database must be opened read-only.

    The file, or its folder (where SQLite makes the -wal and -shm files), is
    not writable for us, or has no write bit for anyone. The mode bits count
    as well as ``os.access`` because root may write anything: a file made
    read-only with ``chmod a-w`` is meant to stay as it is, whoever opens it.
    """
    folder = path.parent
    try:
        file_mode, folder_mode = path.stat().st_mode, folder.stat().st_mode
    except OSError:
        return True
    return (not file_mode & 0o222 or not folder_mode & 0o222
            or not os.access(path, os.W_OK) or not os.access(folder, os.W_OK | os.X_OK))


def _quick_check(path: Path, read_only: bool) -> bool:
    """Run ``PRAGMA quick_check`` on a read-only connection; True if it needed ``immutable=1``.

    Read-only, so a damaged file is not written to, not even by the checkpoint
    SQLite runs when the last writer closes. Raises DamagedDatabase when SQLite
    says the file is not a database or finds damage.
    """
    for immutable in (False, True):
        try:
            connection = read_only_connection(path, immutable=immutable)
        except sqlite3.Error as error:
            raise DatabaseError(f"Cannot open the case database {path}: "
                                f"{_sqlite_reason(error)}") from None
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        except sqlite3.OperationalError as error:
            name = getattr(error, "sqlite_errorname", "")
            if name == "SQLITE_READONLY_DIRECTORY" and read_only:
                continue  # no -shm can be made beside it: read it as it is
            if name.startswith("SQLITE_READONLY") and not read_only:
                # a hot journal or log needs recovery, which a writer does on open
                return False
            raise DatabaseError(f"Cannot open the case database {path}: "
                                f"{_sqlite_reason(error)}") from None
        except sqlite3.DatabaseError as error:
            name = getattr(error, "sqlite_errorname", "")
            problem = ("the file is not a database" if name == "SQLITE_NOTADB"
                       else "page damage found by the integrity check")
            log.error("case database damaged: %s", name or type(error).__name__)
            raise DamagedDatabase(path, problem) from None
        finally:
            connection.close()
        if [row[0] for row in rows] != ["ok"]:
            log.error("case database damaged: quick_check found %d problem(s)", len(rows))
            raise DamagedDatabase(path, "page damage found by the integrity check")
        return immutable
    raise DatabaseError(f"Cannot open the case database {path}: its folder is read-only and "
                        "SQLite cannot read the file without writing beside it")


def _sqlite_reason(error: sqlite3.Error) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _read_only_error(path: Path):
    """Map SQLite's "attempt to write a readonly database" to ReadOnlyDatabase."""

    def handle(context) -> None:
        original = context.original_exception
        if (isinstance(original, sqlite3.OperationalError)
                and getattr(original, "sqlite_errorname", "").startswith("SQLITE_READONLY")):
            raise ReadOnlyDatabase(path) from None

    return handle


def _require_current(database: Database, path: Path) -> None:
    """A read-only database opens only if it is a workbench database at the newest revision."""
    tables, current = _revision(database.engine)
    if current == SCHEMA_REVISION:
        return
    if current is None:
        raise DatabaseError("This database was not made by the workbench; it was left unchanged")
    raise DatabaseError(f"The case database {path} is read-only and needs an upgrade to open "
                        "in this version; make it writable and open it again")


def _build_new(path: Path, populate: Populate | None) -> bool:
    """Build a complete new database beside ``path``, then give it that name.

    False if another start made ``path`` meanwhile (its database is kept and
    this one dropped). The build holds an exclusive ``flock`` on its file so a
    start running at the same time does not take it for a leftover.
    """
    while True:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}{_BUILD_INFIX}", dir=path.parent)
        fcntl.flock(fd, fcntl.LOCK_EX)
        if os.fstat(fd).st_nlink:
            break
        os.close(fd)  # removed as a leftover before it was locked: start again
    build = Path(name)
    try:
        os.fchmod(fd, OWNER_ONLY_FILE)
        _build_schema_and_content(build, populate)
        os.fsync(fd)
        try:
            os.link(build, path)  # fails if the name is taken: nothing is replaced
        except FileExistsError:
            return False
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
                raise
            if path.exists():  # a file system without hard links
                return False
            os.replace(build, path)
        sync_folder(path.parent)
        return True
    finally:
        _remove_build(build)
        os.close(fd)


def _build_schema_and_content(build: Path, populate: Populate | None) -> None:
    engine = create_engine(f"sqlite:///{build}")
    event.listen(engine, "connect", _configure_sqlite)

    @event.listens_for(engine, "connect")
    def _fast(dbapi_connection, _record) -> None:
        # the file is synced once at the end and discarded if the build stops
        dbapi_connection.execute("PRAGMA journal_mode=MEMORY")
        dbapi_connection.execute("PRAGMA synchronous=OFF")

    try:
        database = Database(f"sqlite:///{build}", engine,
                            sessionmaker(engine, expire_on_commit=False))
        _create_schema(engine)
        if populate is not None:
            populate(database)
        _use_write_ahead_log(engine)
    finally:
        engine.dispose()


def _remove_build(build: Path) -> None:
    for suffix in ("", *_SQLITE_COMPANIONS):
        try:
            os.unlink(f"{build}{suffix}")
        except FileNotFoundError:
            pass


def _remove_stale_builds(path: Path) -> None:
    """Remove what a start killed while building ``path`` left behind.

    A build still running holds a lock on its file and is left alone.
    """
    prefix = f".{path.name}{_BUILD_INFIX}"
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    builds = [n for n in names if n.startswith(prefix) and not n.endswith(_SQLITE_COMPANIONS)]
    for name in builds:
        build = path.parent / name
        try:
            fd = os.open(build, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # being built right now
        try:
            _remove_build(build)
            log.info("removed the files of an interrupted first start")
        except OSError:
            pass
        finally:
            os.close(fd)
    for name in names:
        if name.startswith(prefix) and name.endswith(_SQLITE_COMPANIONS):
            base = name[:-len(next(s for s in _SQLITE_COMPANIONS if name.endswith(s)))]
            if not (path.parent / base).exists():
                try:
                    os.unlink(path.parent / name)
                except OSError:
                    pass


# -- any database ------------------------------------------------------------


def _open_server(url: str, populate: Populate | None) -> Database:
    """Open a server database (PostgreSQL, say).

    A new one gets its schema and migration stamp in one transaction, then
    ``populate`` in its own. A start stopped between the two leaves tables and
    stamp without the seed library; ``open_workbench`` merges the seed on every
    start (it compares the seed's digest), so the next start finishes it.
    """
    try:
        engine = create_engine(url)
    except Exception as error:  # bad URL or missing driver
        raise DatabaseError(f"Cannot open the case database: {type(error).__name__}") from None
    database = Database(url, engine, sessionmaker(engine, expire_on_commit=False))

    def prepare() -> None:
        database.backup = _migrate(database, None, populate)

    return _prepared(database, prepare)


def _prepared(database: Database, prepare: Callable[[], None]) -> Database:
    """``database`` once ``prepare`` (migrate, check the schema) has run; on any failure the
    engine is let go and the error is one line (``DatabaseError`` unless already ours)."""
    try:
        prepare()
    except WorkbenchError:
        database.engine.dispose()
        raise
    except Exception as error:
        database.engine.dispose()
        log.error("database open failed: %s", type(error).__name__)
        raise DatabaseError(
            f"Cannot open the case database ({type(error).__name__})"
        ) from None
    return database


def _revision(engine: Engine) -> tuple[set[str], str | None]:
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        current = None
        if "alembic_version" in tables:
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return tables, current


def _create_schema(engine: Engine) -> None:
    """Tables and the Alembic stamp in one transaction: a stop leaves all or nothing.

    Python's sqlite3 runs DDL outside any transaction unless one is begun
    explicitly, hence the BEGIN.
    """
    from alembic import command

    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")
        Base.metadata.create_all(connection)
        config = alembic_config(str(engine.url))
        config.attributes["connection"] = connection
        command.stamp(config, "head")


def _migrate(database: Database, sqlite_path: Path | None,
             populate: Populate | None = None) -> Path | None:
    tables, current = _revision(database.engine)
    if current == SCHEMA_REVISION:
        return None
    if current is None and not tables - {"alembic_version"}:
        # an existing but empty database (a new server database, an empty SQLite file
        # made by other tools)
        _create_schema(database.engine)
        if populate is not None:
            populate(database)
        log.info("created a new case database at revision %s", SCHEMA_REVISION)
        return None
    if current is None:
        raise DatabaseError("This database was not made by the workbench; it was left unchanged")
    from alembic import command

    config = alembic_config(database.url)
    backup = _backup(database, sqlite_path, current)
    with database.engine.connect() as connection:
        if sqlite_path is not None:
            # Upgrades rebuild tables by copying them; with foreign keys enforced,
            # dropping the old copy would delete the rows that refer to it. The
            # pragma only takes effect outside a transaction, hence before BEGIN.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                if sqlite_path is not None:
                    connection.exec_driver_sql("BEGIN")  # the whole upgrade or none of it
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if sqlite_path is not None and connection.exec_driver_sql(
                        "PRAGMA foreign_key_check").first() is not None:
                    raise DatabaseError("The upgrade of the case database left broken "
                                        "references; it was rolled back")
        finally:
            if sqlite_path is not None:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
    if sqlite_path is not None:
        # Upgrades can free much space (0006 drops a copy of every page's text);
        # the file gives it back only when rewritten.
        with database.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM")
    log.info("upgraded the case database from %s to %s", current, SCHEMA_REVISION)
    return backup


def _backup(database: Database, sqlite_path: Path | None, revision: str) -> Path | None:
    """Copy an SQLite database before upgrading it into its backups folder (``db.backups``:
    online backup, checked, owner-only), so the copy joins the list a restore offers.
    A copy that fails raises ``BackupError`` and the database is not upgraded."""
    if sqlite_path is None:
        log.warning("upgrading a server database: back it up with the server's own tools")
        return None
    from db.backups import BEFORE_UPGRADE, take_backup

    database.engine.dispose()
    log.info("backing up the case database at revision %s before upgrading it", revision)
    return take_backup(sqlite_path, BEFORE_UPGRADE).path


# -- full check on demand ----------------------------------------------------


def check_database(database: Database) -> list[str]:
    """Every problem a full check finds, one short line each; an empty list means healthy.

    Runs SQLite's ``PRAGMA integrity_check`` (every page and index), ``PRAGMA
    foreign_key_check`` (rows pointing at missing rows) and FTS5's own check of
    each full-text index (for the records index: that it holds exactly the
    pages' words). Slow on a large database (it reads every page), so it runs
    when asked (``db check``, the window), not on every open. The lines name
    tables, pages and row ids, never case text. A server database checks its
    own storage: the list is empty there. On a read-only database the
    full-text checks are left out (FTS5 runs them as a write).
    """
    if database.engine.dialect.name != "sqlite":
        return []
    problems: list[str] = []
    with database.engine.connect() as connection:
        try:
            rows = connection.exec_driver_sql("PRAGMA integrity_check").fetchall()
            problems += [f"integrity check: {row[0]}" for row in rows if row[0] != "ok"]
            for table, rowid, parent, _key in connection.exec_driver_sql(
                    "PRAGMA foreign_key_check").fetchall():
                problems.append(f"foreign keys: {table} row {rowid} refers to a missing "
                                f"{parent} row")
        except DBAPIError as error:
            return problems + [f"the check stopped: {_sqlite_reason(error.orig)}"]
        if not database.read_only:  # FTS5 runs its check as a write
            for index in FULL_TEXT_INDEXES:
                if isinstance(index, ContentIndex) and not index.matches_content(connection):
                    problems.append(f"full-text index {index.name} does not match the "
                                    f"{index.content} table")
        connection.rollback()
    return problems
