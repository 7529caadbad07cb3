"""Page citations the reviewer puts in a summary or rationale: "(PR-2, 04/15/2015, p. 37)".

A citation names the kind of the document the page belongs to (a PR-2 inside
a packet is cited as a PR-2), the date of the page (the reviewer's date for
the document, else the date of service the page states, else the
document's), and the page of the file, as the records are paginated; a
citation made here resolves back to the same page of the same file, so the
window can open it. When two files have such a page, the first imported
wins and the reviewer can tell them apart by the page shown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select

from db.database import Database
from db.models import RecordPageRow
from workbench.errors import NotFound, WorkbenchError
from workbench.records.documents import format_date
from workbench.records.kinds import DocumentKind
from workbench.records.pages import read_page
from workbench.records.placement import effective_documents, page_in
from workbench.records.search import PageHit

_CITATION = re.compile(r"^\(\s*(?P<kind>[^,()]+?)\s*,\s*(?:(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*,\s*)?"
                       r"p(?:age|\.)?\s*(?P<page>\d+)\s*\)$", re.I)


@dataclass(frozen=True)
class PageCitation:
    file_id: int
    page: int  # 1-based page of the file
    text: str


def citation_text(kind: DocumentKind, day: dt.date | None, page: int) -> str:
    parts = [kind.label] + ([format_date(day)] if day else []) + [f"p. {page}"]
    return "(" + ", ".join(parts) + ")"


def cite_page(database: Database, case_id: int, file_id: int, page: int) -> PageCitation:
    """The citation for a page of a file in the case, naming the document it belongs to.
    ``NotFound`` for no such page; ``WorkbenchError`` while the documents of its file are
    still being found."""
    found = read_page(database, case_id, file_id, page)
    if not found.document_found:
        # Its document's kind and date are not known yet: a citation now would name neither.
        raise WorkbenchError("The documents of this file are still being found: "
                             "cite the page in a moment")
    return PageCitation(file_id, page, citation_text(found.kind, found.date, page))


def cite_hit(database: Database, case_id: int, hit: PageHit) -> PageCitation:
    return cite_page(database, case_id, hit.file_id, hit.page)


def resolve_citation(database: Database, case_id: int, text: str) -> PageCitation:
    """The page a citation made by ``cite_page`` points to."""
    match = _CITATION.match(text.strip())
    if not match:
        raise WorkbenchError('A page citation looks like "(PR-2, 04/15/2015, p. 37)"')
    try:
        kind = DocumentKind.from_text(match["kind"])
    except ValueError:
        raise WorkbenchError("Unknown document kind in the citation") from None
    page = int(match["page"])
    wanted = f"({kind.label}, {match['date']}, p. {page})" if match["date"] else None
    documents = effective_documents()
    with database.engine.connect() as connection:
        candidates = connection.scalars(
            select(RecordPageRow.file_id)
            .join(documents, page_in(documents, RecordPageRow.file_id, RecordPageRow.number))
            .where(documents.c.case_id == case_id, documents.c.kind == kind,
                   documents.c.found, RecordPageRow.number == page)
            .order_by(documents.c.duplicate_of.is_not(None), RecordPageRow.file_id)).all()
    for file_id in candidates:
        citation = cite_page(database, case_id, file_id, page)
        if wanted is None or _same(citation.text, wanted):
            return citation
    raise NotFound("No page in this case matches the citation")


def _same(made: str, wanted: str) -> bool:
    def canonical(value: str) -> str:
        found = _CITATION.match(value)
        day = dt.datetime.strptime(found["date"], "%m/%d/%Y").date() if found["date"] else None
        return f"{found['kind'].casefold()}|{day}|{int(found['page'])}"
    return canonical(made) == canonical(wanted)
