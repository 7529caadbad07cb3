"""Page citations the reviewer puts in a summary or rationale: "(PR-2, 04/15/2015, p. 37)".

A citation names the document's kind, the date of the page (the date of
service the page states, else the document's), and the page in that
document; a citation made here resolves back to its page, so the window can
open it. When two documents of a kind share a date, the first imported wins
and the reviewer can tell them apart by the page shown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select

from db.database import Database
from db.models import RecordDocumentRow, RecordPageRow
from workbench.errors import NotFound, WorkbenchError
from workbench.records.documents import format_date
from workbench.records.kinds import DocumentKind, ImportState
from workbench.records.search import PageHit

_CITATION = re.compile(r"^\(\s*(?P<kind>[^,()]+?)\s*,\s*(?:(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*,\s*)?"
                       r"p(?:age|\.)?\s*(?P<page>\d+)\s*\)$", re.I)


@dataclass(frozen=True)
class PageCitation:
    document_id: int
    page: int  # 1-based page in the document
    text: str


def citation_text(kind: DocumentKind, day: dt.date | None, page: int) -> str:
    parts = [kind.label] + ([format_date(day)] if day else []) + [f"p. {page}"]
    return "(" + ", ".join(parts) + ")"


def cite_page(database: Database, case_id: int, document_id: int, page: int) -> PageCitation:
    """The citation for a page of a document in the case."""
    with database.engine.connect() as connection:
        row = connection.execute(
            select(RecordDocumentRow.kind, RecordDocumentRow.kind_override,
                   RecordDocumentRow.service_date, RecordDocumentRow.service_date_override,
                   RecordPageRow.service_date.label("page_date"))
            .join(RecordPageRow, RecordPageRow.document_id == RecordDocumentRow.id)
            .where(RecordDocumentRow.id == document_id, RecordDocumentRow.case_id == case_id,
                   RecordDocumentRow.state == ImportState.READY,
                   RecordPageRow.number == page)).first()
    if row is None:
        raise NotFound(f"No page {page} in document {document_id} of case {case_id}")
    day = row.service_date_override or row.page_date or row.service_date
    return PageCitation(document_id, page, citation_text(row.kind_override or row.kind, day, page))


def cite_hit(database: Database, case_id: int, hit: PageHit) -> PageCitation:
    return cite_page(database, case_id, hit.document_id, hit.page)


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
    with database.engine.connect() as connection:
        candidates = connection.scalars(
            select(RecordDocumentRow.id).join(RecordPageRow).where(
                RecordDocumentRow.case_id == case_id,
                RecordDocumentRow.state == ImportState.READY,
                RecordPageRow.number == page,
                (RecordDocumentRow.kind_override == kind) |
                (RecordDocumentRow.kind_override.is_(None) & (RecordDocumentRow.kind == kind)))
            .order_by(RecordDocumentRow.id)).all()
    for document_id in candidates:
        citation = cite_page(database, case_id, document_id, page)
        if wanted is None or _same(citation.text, wanted):
            return citation
    raise NotFound("No page in this case matches the citation")


def _same(made: str, wanted: str) -> bool:
    def canonical(value: str) -> str:
        found = _CITATION.match(value)
        day = dt.datetime.strptime(found["date"], "%m/%d/%Y").date() if found["date"] else None
        return f"{found['kind'].casefold()}|{day}|{int(found['page'])}"
    return canonical(made) == canonical(wanted)
