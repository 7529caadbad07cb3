"""Command line for the library (``library search|sources|import|export|add-pdf|open|upgrade``)
and for citing it on a case's items (``item cite|uncite|check``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from workbench.case import Role
from workbench.errors import WorkbenchError
from workbench.letters.template import CitationWording

ROLES = {"reviewer": Role.REVIEWER, "claims-administrator": Role.CLAIMS_ADMINISTRATOR}


def register(commands: argparse._SubParsersAction) -> None:
    library = commands.add_parser("library", help="search and maintain the guideline library")
    parser_class = type(library)
    actions = library.add_subparsers(dest="action", metavar="ACTION", required=True,
                                     parser_class=parser_class)

    search = actions.add_parser("search", help="find entries, best first")
    search.add_argument("query")
    search.add_argument("--json", action="store_true")
    search.add_argument("--limit", type=int, default=10, metavar="N")
    search.add_argument("--source", metavar="KEY", help="only this source (see: library sources)")
    mtus = search.add_mutually_exclusive_group()
    mtus.add_argument("--mtus", dest="mtus", action="store_true", default=None,
                      help="only MTUS entries")
    mtus.add_argument("--non-mtus", dest="mtus", action="store_false", help="only non-MTUS entries")
    search.add_argument("--tier", type=int, metavar="N", help="only this evidence tier (1 = MTUS)")
    search.add_argument("--region", metavar="REGION", help='only this body region, e.g. "knee"')
    search.add_argument("--pages", action="store_true",
                        help="also search the pages of imported guideline PDFs")
    search.add_argument("--on", metavar="DATE", help="the UR decision date (YYYY-MM-DD or "
                        "MM/DD/YYYY): guidelines in effect that day rank first")
    search.add_argument("--case", type=int, metavar="ID", help="rank for this case's UR date "
                        "and print in its letter's citation style")
    search.add_argument("--wording", choices=[w.value for w in CitationWording],
                        help="print citations by section (from 2016) or by page")
    search.set_defaults(run=_search)

    sources = actions.add_parser("sources", help="list the guideline sources")
    sources.add_argument("--json", action="store_true")
    sources.set_defaults(run=_sources)

    importing = actions.add_parser("import", help="add or update entries from a .json or .csv file")
    importing.add_argument("file", type=Path)
    importing.set_defaults(run=_import)

    exporting = actions.add_parser("export", help="write the whole library to a .json or .csv file")
    exporting.add_argument("file", type=Path)
    exporting.set_defaults(run=_export)

    add_pdf = actions.add_parser("add-pdf", help="import a guideline PDF you own, searchable by page")
    add_pdf.add_argument("file", type=Path)
    add_pdf.add_argument("--source", required=True, metavar="KEY")
    add_pdf.add_argument("--page-offset", type=int, default=0, metavar="N",
                         help="PDF page = printed page + N (front matter before page 1)")
    add_pdf.set_defaults(run=_add_pdf)

    opening = actions.add_parser("open", help="print the guideline PDF and page for an entry")
    opening.add_argument("key")
    opening.set_defaults(run=_open_at)

    upgrade = actions.add_parser("upgrade", help="bring in the shipped library's new entries")
    upgrade.set_defaults(run=_upgrade)

    item = commands.add_parser("item", help="work on a case's disputed items")
    item_actions = item.add_subparsers(dest="action", metavar="ACTION", required=True,
                                       parser_class=parser_class)
    citing = item_actions.add_parser("cite", help="attach a library entry to an item")
    citing.add_argument("case_id", type=int)
    citing.add_argument("item_no", type=int, help="the item's number in the letter (1, 2, ...)")
    citing.add_argument("entry_key")
    citing.add_argument("--as", dest="role", required=True, choices=sorted(ROLES))
    citing.add_argument("--wording", choices=[w.value for w in CitationWording],
                        help="cite by section or by page (default: as the letter already "
                             "cites, else the style of the letter's day)")
    citing.add_argument("--as-cited", type=int, metavar="N", help="print the entry's Nth "
                        "wording from published letters (see: library search --json)")
    citing.set_defaults(run=_cite)
    uncite = item_actions.add_parser("uncite", help="remove one citation from an item")
    uncite.add_argument("case_id", type=int)
    uncite.add_argument("item_no", type=int)
    uncite.add_argument("position", type=int, help="the citation's place on its line (1, 2, ...)")
    uncite.add_argument("--as", dest="role", required=True, choices=sorted(ROLES))
    uncite.set_defaults(run=_uncite)
    check = item_actions.add_parser("check", help="check the medical evidence search sequence")
    check.add_argument("case_id", type=int)
    check.set_defaults(run=_check)


def _database(args: argparse.Namespace):
    from workbench.cli import open_database_from

    return open_database_from(args)


def _hit_json(hit) -> dict[str, Any]:
    entry, source = hit.entry, hit.source
    return {
        "key": entry.key, "source": source.key, "source_title": source.short_title,
        "chapter": entry.chapter, "topic": entry.topic, "pages": entry.pages,
        "section": entry.section, "pages_verified": entry.pages_verified, "mtus": source.mtus,
        "tier": source.tier, "body_regions": entry.body_regions,
        "treatments": entry.treatments, "summary": entry.summary,
        "citation": hit.citation, "cited_as": list(hit.wordings),
        "in_effect": hit.in_effect, "score": round(hit.score, 4),
    }


def _search(args: argparse.Namespace) -> int:
    from workbench.library.search import (
        HIGHLIGHT_END,
        HIGHLIGHT_START,
        Filters,
        LibrarySearch,
    )

    from workbench.library.model import TIERS
    from workbench.library.store import LibraryStore

    if args.limit < 1:
        raise WorkbenchError("--limit must be at least 1")
    database = _database(args)
    store = LibraryStore(database)
    if args.source is not None and args.source not in {s.key for s in store.sources()}:
        raise WorkbenchError(f"No source {args.source!r}; see: library sources")
    if args.tier is not None and args.tier not in TIERS:
        raise WorkbenchError(f"--tier is one of {', '.join(map(str, TIERS))}")
    if args.region is not None:
        regions = {r for e in store.entries() for r in e.body_regions}
        if args.region not in regions:
            raise WorkbenchError(f"No body region {args.region!r}; one of: "
                                 f"{', '.join(sorted(regions))}")
    on, wording = _search_day(args), CitationWording(args.wording) if args.wording else None
    if args.case is not None:
        from workbench.library.citing import letter_wording
        from workbench.store import CaseStore

        case = CaseStore(database).get(args.case)
        on = on or case.ur_decision_on or case.received_on
        wording = wording or letter_wording(case)
    search = LibrarySearch(database)
    filters = Filters(source=args.source, mtus=args.mtus, tier=args.tier, body_region=args.region)
    hits = search.search(args.query, limit=args.limit, filters=filters, as_typed=False, on=on,
                         wording=wording)
    pages = search.search_pages(args.query, limit=args.limit, source=args.source) \
        if args.pages else []
    if args.json:
        out: Any = [_hit_json(hit) for hit in hits]
        if args.pages:
            out = {"entries": out, "pages": [
                {"document_id": p.document_id, "file": p.file_name, "source": p.source,
                 "pdf_page": p.pdf_page, "printed_page": p.printed_page,
                 "snippet": p.snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, ""),
                 "score": round(p.score, 4)} for p in pages]}
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    if not hits and not pages:
        print("No entries found. Try fewer or shorter words.")
    for hit in hits:
        tier = "MTUS" if hit.source.mtus else f"tier {hit.source.tier}"
        verified = "" if hit.entry.pages_verified or not hit.entry.pages else "  (pages unverified)"
        superseded = "  (not in effect on that date)" if hit.in_effect is False else ""
        print(f"{hit.entry.key}  [{tier}]{verified}{superseded}\n    {hit.citation}")
    for page in pages:
        snippet = page.snippet.replace(HIGHLIGHT_START, "[").replace(HIGHLIGHT_END, "]")
        print(f"{page.file_name} p. {page.printed_page} (PDF page {page.pdf_page})\n    "
              f"{' '.join(snippet.split())}")
    return 0


def _search_day(args: argparse.Namespace):
    from workbench.summary.form import parse_day

    if args.on is None:
        return None
    day = parse_day(args.on)
    if day is None:
        raise WorkbenchError(f"--on takes a date as YYYY-MM-DD or MM/DD/YYYY, not {args.on!r}")
    return day


def _sources(args: argparse.Namespace) -> int:
    from workbench.library.store import LibraryStore

    store = LibraryStore(_database(args))
    sources = store.sources()
    if args.json:
        print(json.dumps([{"key": s.key, "title": s.title, "mtus": s.mtus, "tier": s.tier,
                           "entries": len(store.entries(s.key))} for s in sources], indent=2))
        return 0
    for source in sources:
        tier = "MTUS" if source.mtus else f"tier {source.tier}"
        print(f"{source.key:<24} {tier:<7} {source.title}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from workbench.library.exchange import read_library_file
    from workbench.library.store import LibraryStore

    data = read_library_file(args.file)  # fully checked before the database is touched
    sources, entries, snippets = LibraryStore(_database(args)).import_data(data)
    print(f"Imported {sources} sources, {entries} entries, {snippets} snippets")
    return 0


def _export(args: argparse.Namespace) -> int:
    from workbench.library.exchange import library_file_text
    from workbench.library.store import LibraryStore
    from workbench.safe_files import atomic_write

    store = LibraryStore(_database(args))
    data = store.export_data()
    text = library_file_text(data, args.file)
    atomic_write(args.file, text.encode("utf-8"))
    print(f"Exported {len(data.sources)} sources, {len(data.entries)} entries, "
          f"{len(data.snippets)} snippets to {args.file}")
    return 0


def _add_pdf(args: argparse.Namespace) -> int:
    from workbench.library.guidelines import GuidelineLibrary

    library = GuidelineLibrary(_database(args))
    known = {d.id for d in library.documents()}
    document = library.add_pdf(args.file, args.source, args.page_offset)
    if document.id in known:
        print(f"Already imported as guideline PDF {document.id} for {document.source} "
              f"(page offset {document.page_offset}, unchanged)")
        return 0
    print(f"Guideline PDF {document.id}: {document.page_count} pages for {document.source} "
          f"(page offset {document.page_offset})")
    return 0


def _open_at(args: argparse.Namespace) -> int:
    from workbench.library.guidelines import GuidelineLibrary

    location = GuidelineLibrary(_database(args)).open_at(args.key)
    print(f"{location.path}#page={location.pdf_page}")
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    from db.database import open_database
    from workbench.library.seed import upgrade_library
    from workbench.library.store import LibraryStore

    database = open_database(args.db)
    report = upgrade_library(database)
    state = "already current" if report.current else (
        f"{report.added} added, {report.refreshed} refreshed, {report.kept} kept as edited")
    print(f"Library {state}; {LibraryStore(database).count()} entries")
    return 0


def _cite(args: argparse.Namespace) -> int:
    from workbench.citations import format_line
    from workbench.library.citing import check_search_sequence, cite, item_by_number, letter_wording
    from workbench.library.model import cited_as
    from workbench.library.store import LibraryStore
    from workbench.store import CaseStore

    database = _database(args)
    library, cases = LibraryStore(database), CaseStore(database)
    case = cases.get(args.case_id)
    item = item_by_number(case, args.item_no)
    entry = library.entry(args.entry_key)
    role = ROLES[args.role]
    wording = CitationWording(args.wording) if args.wording else letter_wording(case)
    wordings = cited_as(entry.key)
    if args.as_cited is not None and not 1 <= args.as_cited <= len(wordings):
        raise WorkbenchError(f"{entry.key} has {len(wordings)} wording(s) from published "
                             f"letters; there is no wording {args.as_cited}")
    as_cited = wordings[args.as_cited - 1] if args.as_cited is not None else None
    cite(item, entry, library.source(entry.source), role, wording, as_cited)
    cases.save(case)
    print(format_line(item.citations(role), role))
    for warning in check_search_sequence(case, library):
        if warning.item == args.item_no:
            print(f"warning: {warning.message}", file=sys.stderr)
    return 0


def _uncite(args: argparse.Namespace) -> int:
    from workbench.citations import format_line
    from workbench.library.citing import item_by_number, uncite
    from workbench.store import CaseStore

    cases = CaseStore(_database(args))
    case = cases.get(args.case_id)
    item = item_by_number(case, args.item_no)
    role = ROLES[args.role]
    count = len(item.citations(role))
    if not 1 <= args.position <= count:
        raise WorkbenchError(f"Item {args.item_no} has {count} {args.role} citation(s); "
                             f"there is no citation {args.position}")
    uncite(item, role, args.position - 1)
    cases.save(case)
    print(format_line(item.citations(role), role) or "(no citations)")
    return 0


def _check(args: argparse.Namespace) -> int:
    from workbench.library.citing import check_search_sequence
    from workbench.library.search import LibrarySearch
    from workbench.library.store import LibraryStore
    from workbench.store import CaseStore

    database = _database(args)
    case = CaseStore(database).get(args.case_id)
    warnings = check_search_sequence(case, LibraryStore(database), LibrarySearch(database))
    for warning in warnings:
        print(warning.message)
    if not warnings:
        print("No warnings: every item's citations follow the medical evidence search sequence.")
    return 0
