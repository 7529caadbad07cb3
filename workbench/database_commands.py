"""``db`` on the command line: check the case database, back it up, list and restore backups.

``db check`` exits 0 and prints "ok" for a sound database, or prints one line
per problem and exits 1. ``db restore`` never opens the current file as a
database (it may be the damaged one being replaced): it only checks the
backup, renames the current file aside and puts the copy in place. Which
database: the global ``--db``, else ``$WORKBENCH_DB``, else the per-user file.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from workbench.errors import WorkbenchError

EXIT_PROBLEMS = 1


def register(subparsers) -> None:
    database = subparsers.add_parser("db", help="the case database: check, back up, restore")
    actions = database.add_subparsers(dest="action", metavar="ACTION", required=True,
                                      parser_class=type(database))

    check = actions.add_parser("check", help='full integrity check: "ok", or one line per '
                                             "problem (exit status 1)")
    check.set_defaults(run=_check)

    backup = actions.add_parser("backup", help="take a backup now; prints its path")
    backup.set_defaults(run=_backup)

    listing = actions.add_parser("backups", help="the backups, newest first: date, reason, "
                                                 "cases, size, path")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=_backups)

    restore = actions.add_parser("restore", help="put a backup in place of the database (close "
                                                 "the window first); the current file is kept "
                                                 "beside it")
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("backup", nargs="?", type=Path, metavar="BACKUP",
                       help="a backup file (a name in the backups folder is enough)")
    which.add_argument("--newest", action="store_true", help="the newest readable backup")
    restore.set_defaults(run=_restore)


def _url(args: argparse.Namespace) -> str:
    from db.database import default_url, to_url

    return to_url(args.db) if args.db else default_url()


def _check(args: argparse.Namespace) -> int:
    from db.database import DamagedDatabase, check_database, open_database

    try:
        database = open_database(_url(args), create=False)
    except DamagedDatabase as damaged:
        print(f"{damaged.path}: {damaged.problem}")
        return EXIT_PROBLEMS
    try:
        problems = check_database(database)
    finally:
        database.close()
    for problem in problems:
        print(f"{database.path or 'database'}: {problem}")
    if problems:
        return EXIT_PROBLEMS
    print("ok")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from db.backups import MANUAL, take_backup, thin_backups

    url = _url(args)
    backup = take_backup(url, MANUAL)
    thin_backups(url)
    print(backup.path)
    return 0


def _backups(args: argparse.Namespace) -> int:
    from db.backups import list_backups

    backups = list_backups(_url(args))
    if args.json:
        print(json.dumps([{
            "taken_at": backup.taken_at.isoformat(), "reason": backup.reason,
            "cases": backup.cases, "size": backup.size, "ok": backup.ok,
            "path": str(backup.path)} for backup in backups], indent=2))
        return 0
    if not backups:
        print("No backups yet. Take one with: db backup")
        return 0
    print(f"{'TAKEN (LOCAL TIME)':<19}  {'REASON':<15} {'CASES':>5} {'SIZE':>9}  PATH")
    for backup in backups:
        taken = backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
        cases = "?" if backup.cases is None else str(backup.cases)
        print(f"{taken:<19}  {backup.reason_label:<15} {cases:>5} {backup.size_label:>9}  "
              f"{backup.path}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from db.backups import backups_folder, newest_backup, restore_backup

    url = _url(args)
    if args.newest:
        chosen = newest_backup(url)
        if chosen is None:
            raise WorkbenchError("There is no readable backup of this database to restore")
        path = chosen.path
    else:
        path = args.backup.expanduser()
        if not path.exists() and len(path.parts) == 1:
            path = backups_folder(url) / path
    aside = restore_backup(url, path)
    print(f"restored: {path}")
    if aside is not None:
        print(f"previous database kept as: {aside}")
    return 0
