"""Opening the case database: where it lives, how it is protected, how it is upgraded.

The default is a SQLite file in the per-user data folder, created readable by
its owner only and opened with foreign keys on. Any SQLAlchemy URL (a shared
PostgreSQL server, say) can be given instead. A new database is created from
the models and stamped at the newest migration; an older one is backed up and
then upgraded by Alembic.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_path
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from db.models import Base
from workbench.errors import WorkbenchError

log = logging.getLogger(__name__)

APP_NAME = "imr-workbench"
DB_ENV = "WORKBENCH_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration. Checked against Alembic by the tests; knowing it here
# lets an up-to-date database open without loading Alembic at all.
SCHEMA_REVISION = "0006"


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


def _prepare_sqlite_file(path: Path) -> None:
    """Create the folder (owner-only) and an empty owner-only file before SQLite opens it.

    SQLite gives its journal files the database file's permissions, so
    setting them here protects those too.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        try:
            os.chmod(path.parent, 0o700)
        except OSError:
            pass
    os.chmod(path, 0o600)


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
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    backup: Path | None = None  # the copy taken before the last upgrade, if any

    def session(self) -> Session:
        return self.sessions()

    @property
    def files(self) -> Path:
        """Where documents kept with this database live (guideline PDFs, case records).

        Beside a SQLite file (``cases.sqlite3`` keeps them in ``cases.files/``), so
        copying the two together moves everything; in the per-user data folder for
        a server database. Created owner-only on first use.
        """
        sqlite_path = _sqlite_path(self.url)
        if sqlite_path is not None:
            folder = sqlite_path.with_name(sqlite_path.stem + ".files")
        else:
            folder = user_data_path(APP_NAME, appauthor=False) / "files"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str | None = None, *, create: bool = True) -> Database:
    """Open (creating or upgrading as needed) the database at ``url``."""
    url = to_url(url) if url else default_url()
    sqlite_path = _sqlite_path(url)
    if sqlite_path is not None:
        if not sqlite_path.exists() and not create:
            raise DatabaseError("The case database does not exist yet")
        try:
            _prepare_sqlite_file(sqlite_path)
        except OSError as error:
            raise DatabaseError(f"Cannot open the case database: {error.strerror}") from None
    try:
        engine = create_engine(url)
    except Exception as error:  # bad URL or missing driver
        raise DatabaseError(f"Cannot open the case database: {type(error).__name__}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    database = Database(url, engine, sessionmaker(engine, expire_on_commit=False))
    try:
        database.backup = _migrate(database, sqlite_path)
        if sqlite_path is not None:
            _use_write_ahead_log(engine)
    except WorkbenchError:
        engine.dispose()
        raise
    except Exception as error:
        engine.dispose()
        log.error("database open failed: %s", type(error).__name__)
        raise DatabaseError(
            f"Cannot open the case database ({type(error).__name__})"
        ) from None
    return database


def _migrate(database: Database, sqlite_path: Path | None) -> Path | None:
    with database.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        current = None
        if "alembic_version" in tables:
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if current == SCHEMA_REVISION:
        return None
    from alembic import command

    config = alembic_config(database.url)
    head = SCHEMA_REVISION
    if current is None and not tables - {"alembic_version"}:
        Base.metadata.create_all(database.engine)
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.stamp(config, "head")
        log.info("created a new case database at revision %s", head)
        return None
    if current is None:
        raise DatabaseError("This database was not made by the workbench; it was left unchanged")
    backup = _backup(database, sqlite_path, current)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    if sqlite_path is not None:
        # Upgrades can free much space (0006 drops a copy of every page's text);
        # the file gives it back only when rewritten.
        with database.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM")
    log.info("upgraded the case database from %s to %s", current, head)
    return backup


def _backup(database: Database, sqlite_path: Path | None, revision: str) -> Path | None:
    """Copy an SQLite database before upgrading it, with SQLite's online backup."""
    if sqlite_path is None:
        log.warning("upgrading a server database: back it up with the server's own tools")
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = sqlite_path.with_name(f"{sqlite_path.stem}.before-{revision}.{stamp}.sqlite3")
    os.close(os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
    database.engine.dispose()
    with sqlite3.connect(sqlite_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    return target
