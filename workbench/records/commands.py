"""``records`` on the command line: import, list, search, chronology, and the reviewer's corrections.

Each command opens the database, calls one core service and prints what it
returns. The import shows a progress bar on stderr (when stderr is a
terminal, or always with ``--progress``) and one result line per file;
Ctrl-C cancels it cleanly, and importing the same files again resumes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from workbench.errors import WorkbenchError

_KIND_HELP = "a kind such as pr2, imaging, ur_determination, or its label (\"PR-2\")"


def register(subparsers) -> None:
    records = subparsers.add_parser("records", help="the case file: import, search, chronology")
    actions = records.add_subparsers(dest="action", metavar="ACTION", required=True,
                                     parser_class=type(records))

    importing = actions.add_parser("import", help="add files (PDF, DOCX, text, images) to a case")
    importing.add_argument("case_id", type=int)
    importing.add_argument("files", type=Path, nargs="+", metavar="FILE")
    importing.add_argument("--password", help="password for encrypted PDFs")
    importing.add_argument("--progress", action="store_true",
                           help="show the progress bar even when stderr is not a terminal")
    importing.set_defaults(run=_import)

    listing = actions.add_parser("list", help="the case's documents: kind, date, author, pages "
                                              "of their files")
    listing.add_argument("case_id", type=int)
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--by-file", action="store_true",
                         help="as the documents lie in the files (default: by date)")
    listing.set_defaults(run=_list)

    split = actions.add_parser("split", help="start a new document at a page of a document's "
                                             "file")
    split.add_argument("case_id", type=int)
    split.add_argument("document_id", type=int)
    split.add_argument("page", type=int, help="page of the file (as records list shows)")
    split.set_defaults(run=_split)

    merge = actions.add_parser("merge", help="join a document to the one before it in its file")
    merge.add_argument("case_id", type=int)
    merge.add_argument("document_id", type=int)
    merge.set_defaults(run=_merge)

    search = actions.add_parser("search", help='find pages: words, OR, "phrases", prefix*')
    search.add_argument("case_id", type=int)
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=_search)

    chronology = actions.add_parser("chronology", help="dated entries across the documents")
    chronology.add_argument("case_id", type=int)
    chronology.add_argument("--all", action="store_true", help="include hidden entries")
    chronology.add_argument("--json", action="store_true")
    chronology.set_defaults(run=_chronology)

    entry = actions.add_parser("entry", help="add, edit, hide or show a chronology entry")
    entry.add_argument("case_id", type=int)
    entry.add_argument("entry_id", nargs="?", type=int, help="the entry to change (omit to add)")
    entry.add_argument("--date", type=_date, help="MM/DD/YYYY")
    entry.add_argument("--kind", type=_kind, help=_KIND_HELP)
    entry.add_argument("--provider")
    entry.add_argument("--excerpt")
    entry.add_argument("--document", type=int, help="link a new entry to this document ...")
    entry.add_argument("--page", type=int, help="... and page of its file")
    entry.add_argument("--hide", action="store_true")
    entry.add_argument("--show", action="store_true")
    entry.set_defaults(run=_entry)

    correct = actions.add_parser("correct", help="set a document's kind, date or author, or say "
                                                 "it is not a duplicate")
    correct.add_argument("case_id", type=int)
    correct.add_argument("document_id", type=int)
    correct.add_argument("--kind", help=_KIND_HELP + "; 'auto' for the rules' own")
    correct.add_argument("--date", help="MM/DD/YYYY; 'auto' for the one found")
    correct.add_argument("--provider", "--author", help="'auto' for the one found")
    correct.add_argument("--not-duplicate", choices=("yes", "auto"),
                         help="'yes': not a copy of another document whatever the rules say")
    correct.set_defaults(run=_correct)

    cite = actions.add_parser("cite", help='a page citation such as "(PR-2, 04/15/2015, p. 37)"')
    cite.add_argument("case_id", type=int)
    cite.add_argument("document_id", type=int)
    cite.add_argument("page", type=int, help="page of the document's file")
    cite.set_defaults(run=_cite)

    resolve = actions.add_parser("resolve", help="the document and page a citation points to")
    resolve.add_argument("case_id", type=int)
    resolve.add_argument("citation")
    resolve.set_defaults(run=_resolve)

    covered = actions.add_parser("coverage", help="pages opened in the viewer, per document "
                                                  "and for the case")
    covered.add_argument("case_id", type=int)
    covered.add_argument("--json", action="store_true")
    covered.set_defaults(run=_coverage)

    reviewed = actions.add_parser("reviewed", help="the documents-reviewed list, and whether the "
                                                   "letter prints it")
    reviewed.add_argument("case_id", type=int, nargs="?")
    reviewed.add_argument("--letter", choices=("on", "off", "default"),
                          help="print the DOCUMENTS REVIEWED section in this case's letter")
    reviewed.add_argument("--default", choices=("on", "off"), dest="default_setting",
                          help="the setting for cases that do not choose")
    reviewed.set_defaults(run=_reviewed)


def _database(args: argparse.Namespace):
    from db.database import open_database

    return with_documents_found(open_database(args.db), args)


def with_documents_found(database, args: argparse.Namespace):
    """``database``, and for a case's command (``args.case_id``) its documents found first:
    a file read but never cut into documents (the workbench stopped in between) or cut by
    older rules. Every command on a case opens its database through here."""
    if getattr(args, "case_id", None) is not None:
        from workbench.records.documents import refresh_documents

        refresh_documents(database, args.case_id)
    return database


def _date(text: str) -> dt.date:
    from workbench.records.facts import parse_date

    value = parse_date(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"not a date: {text!r}")
    return value


def _kind(text: str):
    from workbench.records.kinds import DocumentKind

    try:
        return DocumentKind.from_text(text)
    except ValueError:
        names = ", ".join(kind.value for kind in DocumentKind)
        raise argparse.ArgumentTypeError(f"unknown kind {text!r} (one of: {names})") from None


# -- import -------------------------------------------------------------------


class _ProgressBar:
    """One redrawn line on stderr: file n/m, a bar of its pages, the count; then that the
    documents are being found."""

    def __init__(self, shown: bool):
        self.shown = shown
        self.drawn = False

    def __call__(self, progress) -> None:
        if not self.shown:
            return
        width = 30
        if progress.page_count:
            filled = width * progress.pages_done // max(progress.page_count, 1)
            pages = f"{progress.pages_done}/{progress.page_count} pages"
        else:
            filled, pages = 0, f"{progress.pages_done} pages"
        bar = "#" * filled + "-" * (width - filled)
        if progress.finding:
            pages = "finding the documents"
        sys.stderr.write(f"\r[{bar}] file {progress.file_index + 1}/{progress.file_count} "
                         f"{pages}\x1b[K")
        sys.stderr.flush()
        self.drawn = True

    def end(self) -> None:
        if self.drawn:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _import(args: argparse.Namespace) -> int:
    from workbench.records.intake import ImportJob, ImportOptions
    from workbench.records.readers import READERS

    database = _database(args)
    bar = _ProgressBar(args.progress or sys.stderr.isatty())
    job = ImportJob(database, args.case_id, args.files,
                    options=ImportOptions(password=args.password), progress=bar).start()
    try:
        while job.running:
            job.wait(0.2)
    except KeyboardInterrupt:
        job.cancel()
    results = job.wait()
    READERS.close()
    bar.end()
    for result in results:
        print(result.line, file=sys.stdout if result.ok else sys.stderr)
    return 0 if all(result.ok for result in results) else 2


# -- reading ------------------------------------------------------------------


def _list(args: argparse.Namespace) -> int:
    from workbench.records.documents import list_documents, unfinished_imports

    database = _database(args)
    documents = list_documents(database, args.case_id, order="file" if args.by_file else "date")
    unfinished = unfinished_imports(database, args.case_id)
    if args.json:
        print(json.dumps([_document_json(d) for d in documents], indent=2))
    else:
        if not documents:
            print("No documents yet. Add some with: records import CASE_ID FILE...")
        else:
            print(f"{'ID':>4}  {'KIND':<24} {'DATE(S)':<24} {'PAGES':<12} {'AUTHOR':<26} FILE")
        for d in documents:
            copy = f" (copy of {d.duplicate_of})" if d.duplicate_of else ""
            print(f"{d.id:>4}  {d.kind.label:<24} {d.dates or '-':<24} {d.pages:<12} "
                  f"{d.provider or '-':<26} {d.file_name}{copy}")
    if unfinished:
        print(f"{unfinished} import(s) unfinished: import the same file(s) again to resume",
              file=sys.stderr)
    return 0


def _document_json(d) -> dict:
    """A document as ``records list --json`` and ``split``/``merge`` print it; pages are
    1-based pages of the file."""
    return {
        "id": d.id, "file_id": d.file_id, "file": d.file_name,
        "first_page": d.first_page, "last_page": d.last_page, "pages": d.page_count,
        "kind": d.kind.value, "kind_label": d.kind.label, "found_kind": d.found_kind.value,
        "date": d.service_date.isoformat() if d.service_date else None,
        "first_date": d.first_date.isoformat() if d.first_date else None,
        "last_date": d.last_date.isoformat() if d.last_date else None, "dates": d.dates,
        "author": d.provider, "facility": d.facility, "duplicate_of": d.duplicate_of,
        "ocr_pages": d.ocr_pages, "ocr_confidence": d.ocr_confidence, "corrected": d.corrected,
    }


def _split(args: argparse.Namespace) -> int:
    from workbench.records.documents import split_document

    database = _database(args)
    print(json.dumps(_document_json(split_document(database, args.case_id, args.document_id,
                                                   args.page)), indent=2))
    return 0


def _merge(args: argparse.Namespace) -> int:
    from workbench.records.documents import merge_document

    database = _database(args)
    print(json.dumps(_document_json(merge_document(database, args.case_id, args.document_id)),
                     indent=2))
    return 0


def _search(args: argparse.Namespace) -> int:
    from workbench.records.search import search_pages

    hits = search_pages(_database(args), args.case_id, args.query, limit=args.limit)
    if args.json:
        print(json.dumps([{"file": h.document, "file_id": h.file_id,
                           "document_id": h.document_id, "page": h.page,
                           "kind": h.kind.value, "snippet": h.highlighted(),
                           "score": round(h.score, 6)} for h in hits], indent=2))
        return 0
    if not hits:
        print("No pages match.")
    for hit in hits:
        print(f"{hit.document} p. {hit.page} ({hit.kind.label}, document {hit.document_id}): "
              f"{hit.highlighted()}")
    return 0


def _chronology(args: argparse.Namespace) -> int:
    from workbench.records.chronology import chronology
    from workbench.records.documents import format_date

    entries = chronology(_database(args), args.case_id, include_hidden=args.all)
    if args.json:
        print(json.dumps([{
            "entry_id": e.id, "date": e.date.isoformat(), "kind": e.kind.value if e.kind else None,
            "kind_label": e.kind_label, "provider": e.provider, "excerpt": e.excerpt,
            "document_id": e.document_id, "file_id": e.file_id, "file": e.document,
            "page": e.page, "origin": e.origin.value, "edited": e.edited, "hidden": e.hidden,
            "also_at": [{"file_id": f, "file": name, "page": p} for f, p, name in e.also_at],
        } for e in entries], indent=2))
        return 0
    if not entries:
        print("No dated entries yet.")
    for e in entries:
        where = f"{e.document} p. {e.page}" if e.document else "reviewer"
        hidden = " [hidden]" if e.hidden else ""
        also = "".join(f"; also at {name} p. {page}" for _, page, name in e.also_at)
        print(f"{e.id:>4}  {format_date(e.date)}  {e.kind_label or '-':<18} "
              f"{e.provider or '-':<24} {e.excerpt}  ({where}{also}){hidden}")
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from workbench.records.coverage import coverage, percent

    database = _database(args)
    found = coverage(database, args.case_id)
    if args.json:
        print(json.dumps({
            "documents": [{"id": d.id, "file": d.file_name, "kind": d.kind.value,
                           "kind_label": d.kind_label, "pages": d.pages, "read": d.read,
                           "share": round(d.share, 4)} for d in found.documents],
            "case": {"documents": len(found.documents), "pages": found.pages,
                     "read": found.read, "share": round(found.share, 4),
                     "unread": found.unread, "unopened": found.unopened},
        }, indent=2))
        return 0
    if not found.documents:
        print("No documents yet. Add some with: records import CASE_ID FILE...")
        return 0
    for d in found.documents:
        print(f"{d.id:>4}  {d.kind_label:<24} {d.read:>5}/{d.pages:<5} {percent(d.share):>4}  "
              f"{d.file_name}")
    print(f"Total: {found.read} of {found.pages} pages read ({percent(found.share)}); "
          f"{len(found.unopened)} of {len(found.documents)} documents not opened")
    return 0


# -- the reviewer's changes ----------------------------------------------------


def _entry(args: argparse.Namespace) -> int:
    from workbench.records import chronology as chron

    database = _database(args)
    if args.entry_id is None:
        if args.date is None or not args.excerpt:
            raise WorkbenchError("A new entry needs --date and --excerpt")
        file_id = page = None
        if args.document is not None:
            from workbench.records.documents import get_document

            document = get_document(database, args.case_id, args.document)
            file_id, page = document.file_id, args.page or document.first_page
            if not document.first_page <= page <= document.last_page:
                raise WorkbenchError(f"Page {page} of its file is not in document "
                                     f"{args.document} ({document.pages})")
        entry_id = chron.add_entry(database, args.case_id, args.date, args.excerpt,
                                   kind=args.kind, provider=args.provider,
                                   file_id=file_id, page=page)
        print(entry_id)
        return 0
    ids = {e.id for e in chron.chronology(database, args.case_id, include_hidden=True)}
    if args.entry_id not in ids:
        raise WorkbenchError(f"No chronology entry {args.entry_id} in case {args.case_id}")
    changes = {name: value for name, value in (
        ("date", args.date), ("kind", args.kind), ("provider", args.provider),
        ("excerpt_text", args.excerpt)) if value is not None}
    if changes:
        chron.edit_entry(database, args.entry_id, **changes)
    if args.hide or args.show:
        chron.hide_entry(database, args.entry_id, hidden=args.hide)
    return 0


def _correct(args: argparse.Namespace) -> int:
    from workbench.records.chronology import UNCHANGED
    from workbench.records.documents import correct_document

    def value(text, convert):
        if text is None:
            return UNCHANGED
        if text == "auto":
            return None
        try:
            return convert(text)
        except argparse.ArgumentTypeError as error:
            raise WorkbenchError(str(error).capitalize()) from None

    not_duplicate = UNCHANGED if args.not_duplicate is None else args.not_duplicate == "yes"
    document = correct_document(
        _database(args), args.case_id, args.document_id, kind=value(args.kind, _kind),
        service_date=value(args.date, _date), provider=value(args.provider, str),
        not_duplicate=not_duplicate)
    print(f"{document.id}: {document.kind.label}, {document.dates or 'undated'}, "
          f"{document.provider or 'no provider'}")
    return 0


def _cite(args: argparse.Namespace) -> int:
    from workbench.records.citations import cite_page

    from workbench.records.documents import get_document

    database = _database(args)
    document = get_document(database, args.case_id, args.document_id)
    if not document.first_page <= args.page <= document.last_page:
        raise WorkbenchError(f"Page {args.page} of its file is not in document "
                             f"{args.document_id} ({document.pages})")
    print(cite_page(database, args.case_id, document.file_id, args.page).text)
    return 0


def _resolve(args: argparse.Namespace) -> int:
    from workbench.records.citations import resolve_citation

    database = _database(args)
    found = resolve_citation(database, args.case_id, args.citation)
    from workbench.records.documents import document_at

    document = document_at(database, args.case_id, found.file_id, found.page)
    print(json.dumps({"document_id": document.id, "file_id": found.file_id, "file":
                      document.file_name, "page": found.page}))
    return 0


def _reviewed(args: argparse.Namespace) -> int:
    from workbench.records import documents

    database = _database(args)
    if args.default_setting:
        documents.set_documents_reviewed_default(database, args.default_setting == "on")
    if args.case_id is None:
        if not args.default_setting:
            raise WorkbenchError("Name a case, or set --default on|off")
        return 0
    if args.letter:
        documents.set_case_documents_reviewed(
            database, args.case_id, {"on": True, "off": False, "default": None}[args.letter])
    for document in documents.documents_reviewed(database, args.case_id):
        print(document.line)
    return 0
