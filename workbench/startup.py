"""Opening the workbench's data: the database, brought up to date, with the shipped library in it.

The CLI and the window both start here, so a new database always holds the
seed library and an upgraded workbench brings its new seed entries in.
"""

from __future__ import annotations

from db.database import Database, open_database
from workbench.library.seed import upgrade_library


def open_workbench(url: str | None = None) -> Database:
    database = open_database(url)
    try:
        upgrade_library(database)
    except BaseException:
        database.close()
        raise
    return database
