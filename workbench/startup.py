"""Opening the workbench's data: the database, brought up to date, with the shipped library in it.

The CLI and the window both start here, so a new database always holds the
seed library and an upgraded workbench brings its new seed entries in.
"""

from __future__ import annotations

import logging

from db import backups
from db.database import Database, open_database
from workbench.library.seed import upgrade_library

log = logging.getLogger(__name__)


def open_workbench(url: str | None = None) -> Database:
    """Open (creating or upgrading) the database at ``url`` with the seed library merged in.

    A new SQLite database gets the seed while it is built, before it takes its
    name, so a start killed at any moment never leaves it without one. On every
    start the seed is merged again (a no-op once its digest is recorded), which
    brings a newer seed in and finishes a server database whose first start
    stopped after the schema. A read-only database is left as it is.

    An existing SQLite database whose newest backup is over 4 hours old is
    backed up once open (``db.backups``; a failed backup is logged, the start goes on).

    Raises what ``open_database`` raises (``DamagedDatabase``, ``DatabaseError``).
    """
    existing = backups.existing_file(url)
    database = open_database(url, populate=upgrade_library)
    if database.read_only:
        return database
    try:
        upgrade_library(database)
    except BaseException:
        database.close()
        raise
    if existing is not None:
        try:
            backups.backup_if_due(database)
        except backups.BackupError as error:
            log.warning("routine backup at start failed: %s", type(error).__name__)
    return database
