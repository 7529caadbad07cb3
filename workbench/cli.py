"""The command line: the window by default; ``letter``, ``cases``, ``case``, ``library``,
``records``, ``qa``, ``db``, ``screenshots``.

Bad input ends with one line on stderr and exit status 2, and leaves the
database as it was: a letter is read completely before the database is
opened, and a case is stored in one transaction.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from db.database import DB_ENV
from workbench import __version__, database_commands
from workbench.case_commands import register as register_case_commands
from workbench.case_json import case_json
from workbench.errors import WorkbenchError
from workbench.library import commands as library_commands
from workbench.qa import commands as qa_commands
from workbench.records import commands as records_commands

log = logging.getLogger(__name__)

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake in one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="workbench",
        description="IMR Reviewer Workbench: write and read IMR Final Determination Letters.",
    )
    parser.add_argument("--db", metavar="URL",
                        help="database: a SQLAlchemy URL or a SQLite file path "
                             "(default: $WORKBENCH_DB, else the per-user data folder)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    letter = commands.add_parser("letter", help="import or export Final Determination Letters")
    letter_commands = letter.add_subparsers(dest="action", metavar="ACTION", required=True,
                                            parser_class=_Parser)
    importing = letter_commands.add_parser("import", help="create a case from a letter file "
                                                          "(TXT, DOCX or text PDF)")
    importing.add_argument("file", type=Path)
    importing.add_argument("--json", action="store_true", help="print the case as JSON")
    importing.set_defaults(run=_letter_import)
    exporting = letter_commands.add_parser("export", help="write a case's letter to files")
    exporting.add_argument("case_id", type=int)
    exporting.add_argument("--docx", type=Path, metavar="FILE")
    exporting.add_argument("--pdf", type=Path, metavar="FILE")
    exporting.add_argument("--txt", type=Path, metavar="FILE")
    exporting.set_defaults(run=_letter_export)

    cases = commands.add_parser("cases", help="list the cases in the database")
    case_commands = cases.add_subparsers(dest="action", metavar="ACTION", required=True,
                                         parser_class=_Parser)
    listing = case_commands.add_parser("list", help="one line per case, newest first")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=_cases_list)

    library_commands.register(commands)
    records_commands.register(commands)
    qa_commands.register(commands)
    register_case_commands(commands)
    database_commands.register(commands)

    window = commands.add_parser("window", help="open the workbench window (the default)")
    window.set_defaults(run=_window)
    shots = commands.add_parser("screenshots", help="render each main view of the demo case "
                                                    "to PNG files (no display needed)")
    shots.add_argument("folder", type=Path)
    shots.set_defaults(run=_screenshots)
    return parser


def _window(args: argparse.Namespace) -> int:
    from workbench.ui.app import run_window

    return run_window(args.db or os.environ.get(DB_ENV))


def _screenshots(args: argparse.Namespace) -> int:
    from workbench.ui.screenshots import take_screenshots

    for path in take_screenshots(args.folder):
        print(path)
    return 0


def open_database_from(args: argparse.Namespace):
    """The database; for a case's command, with the documents of its files found first
    (``records.commands.with_documents_found``)."""
    from workbench.startup import open_workbench

    return records_commands.with_documents_found(open_workbench(args.db), args)


def _open(args: argparse.Namespace):
    from workbench.store import CaseStore

    return CaseStore(open_database_from(args))


def _letter_import(args: argparse.Namespace) -> int:
    from workbench.letters.reader import read_letter
    from workbench.library.citing import link_citations
    from workbench.library.search import LibrarySearch

    reading = read_letter(args.file)
    store = _open(args)
    link_citations(reading.case, LibrarySearch(store.database))  # wording unchanged
    reading.case.id = store.add(reading.case)
    log.info("imported a letter as case %s (%d items)", reading.case.id, len(reading.case.items))
    if args.json:
        print(json.dumps(case_json(reading.case, reading.unplaced), indent=2))
    else:
        print(reading.case.id)
        if reading.unplaced:
            print(f"warning: {len(reading.unplaced)} passage(s) could not be placed; "
                  "see --json", file=sys.stderr)
    return 0


def _letter_export(args: argparse.Namespace) -> int:
    from workbench.letters.export import export_letter
    from workbench.records.documents import letter_documents

    targets = {kind: path for kind in ("docx", "pdf", "txt")
               if (path := getattr(args, kind)) is not None}
    if not targets:
        raise WorkbenchError("Name at least one output: --docx FILE, --pdf FILE or --txt FILE")
    store = _open(args)
    case = store.get(args.case_id)
    for path in export_letter(case, targets, letter_documents(store.database, case)):
        print(path)
    log.info("exported case %s as %s", args.case_id, ", ".join(targets))
    return 0


def _cases_list(args: argparse.Namespace) -> int:
    listings = _open(args).list()
    if args.json:
        print(json.dumps([listing.__dict__ for listing in listings], indent=2))
        return 0
    if not listings:
        print("No cases yet. Import a letter with: letter import FILE")
        return 0
    print(f"{'ID':>5}  {'CASE NUMBER':<16} {'TYPE':<10} {'STATUS':<8} {'ITEMS':>5}  UPDATED")
    for c in listings:
        print(f"{c.id:>5}  {c.case_number or '-':<16} {c.review_type:<10} {c.status:<8} "
              f"{c.items:>5}  {c.updated_at}")
    return 0


def _reader_went_away() -> int:
    """The reader of our output closed it (``... --json | head``): that is its choice, not a
    failure, so end quietly. Standard output is pointed at /dev/null so that Python's own
    flush at exit does not fail on the closed pipe again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 0


def main(argv: list[str] | None = None) -> int:
    from workbench.logs import setup_logging

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        args.run, args.command = _window, "window"
    log_path = setup_logging()
    try:
        return args.run(args)
    except WorkbenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        return _reader_went_away()
    except Exception as error:
        log.exception("unexpected failure in %s", args.command)
        where = f"; details in {log_path}" if log_path else ""
        print(f"error: unexpected failure ({type(error).__name__}){where}", file=sys.stderr)
        return EXIT_FAILURE
