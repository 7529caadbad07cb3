"""The chronology: dated entries across the case file, each linked to its page.

Entries come from the records (one per document and date of service: the
first page that states the date, with that page's provider and gist) and
from the reviewer, who can also edit and hide any entry. An edited or hidden
entry is the reviewer's: re-reading or reclassifying a document leaves it
alone (a hidden one only follows the document's kind).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select, update

from db.database import Database
from db.models import CaseRow, ChronologyEntryRow, RecordDocumentRow, RecordPageRow
from workbench.errors import NotFound, WorkbenchError
from workbench.records.facts import excerpt
from workbench.records.kinds import DocumentKind, EntryOrigin, ImportState

UNCHANGED = object()  # "leave this field as it is" for edit_entry


@dataclass(frozen=True)
class ChronologyEntry:
    id: int
    date: dt.date
    kind: DocumentKind | None
    provider: str | None
    excerpt: str
    document_id: int | None
    document: str | None  # the document's file name
    page: int | None  # 1-based page in the document
    origin: EntryOrigin
    edited: bool
    hidden: bool

    @property
    def kind_label(self) -> str:
        return self.kind.label if self.kind else ""


def make_entries(connection: Connection, case_id: int, document_id: int) -> None:
    """(Re)make a document's entries from its pages, keeping those the reviewer edited or hid."""
    mine = (ChronologyEntryRow.edited.is_(True)) | (ChronologyEntryRow.hidden.is_(True))
    connection.execute(delete(ChronologyEntryRow).where(
        ChronologyEntryRow.document_id == document_id,
        ChronologyEntryRow.origin == EntryOrigin.RECORDS, ~mine))
    kept = set(connection.scalars(select(ChronologyEntryRow.date).where(
        ChronologyEntryRow.document_id == document_id,
        ChronologyEntryRow.origin == EntryOrigin.RECORDS, mine)))
    document = connection.execute(select(
        RecordDocumentRow.kind, RecordDocumentRow.kind_override, RecordDocumentRow.provider,
        RecordDocumentRow.provider_override, RecordDocumentRow.service_date,
        RecordDocumentRow.service_date_override).where(
        RecordDocumentRow.id == document_id)).one()
    kind = document.kind_override or document.kind
    default_provider = document.provider_override or document.provider
    first_pages: dict[dt.date, tuple[int, str | None]] = {}
    for number, day, provider in connection.execute(
            select(RecordPageRow.number, RecordPageRow.service_date, RecordPageRow.provider)
            .where(RecordPageRow.document_id == document_id,
                   RecordPageRow.service_date.is_not(None))
            .order_by(RecordPageRow.number)):
        first_pages.setdefault(day, (number, provider))
    if not first_pages:
        day = document.service_date_override or document.service_date
        if day is None:
            return
        first_pages[day] = (1, None)
    first_pages = {day: place for day, place in first_pages.items() if day not in kept}
    if not first_pages:
        return
    texts = dict(connection.execute(select(RecordPageRow.number, RecordPageRow.text).where(
        RecordPageRow.document_id == document_id,
        RecordPageRow.number.in_([number for number, _ in first_pages.values()]))).all())
    rows = [{"case_id": case_id, "document_id": document_id, "page": number, "date": day,
             "kind": kind, "provider": provider or default_provider,
             "excerpt": excerpt(texts.get(number, "")), "origin": EntryOrigin.RECORDS,
             "edited": False, "hidden": False}
            for day, (number, provider) in first_pages.items()]
    connection.execute(insert(ChronologyEntryRow), rows)


def chronology(database: Database, case_id: int, *,
               include_hidden: bool = False) -> list[ChronologyEntry]:
    """The case's entries by date (then document and page); hidden ones only when asked."""
    query = (
        select(ChronologyEntryRow, RecordDocumentRow.file_name)
        .outerjoin(RecordDocumentRow, RecordDocumentRow.id == ChronologyEntryRow.document_id)
        .where(ChronologyEntryRow.case_id == case_id)
        .where((RecordDocumentRow.id.is_(None)) | (RecordDocumentRow.state == ImportState.READY))
        .order_by(ChronologyEntryRow.date, ChronologyEntryRow.document_id.is_(None),
                  ChronologyEntryRow.document_id, ChronologyEntryRow.page, ChronologyEntryRow.id)
    )
    if not include_hidden:
        query = query.where(ChronologyEntryRow.hidden.is_(False))
    with database.session() as session:
        _require_case(session, case_id)
        return [ChronologyEntry(row.id, row.date, row.kind, row.provider, row.excerpt,
                                row.document_id, name, row.page, row.origin, row.edited,
                                row.hidden)
                for row, name in session.execute(query)]


def add_entry(database: Database, case_id: int, date: dt.date, excerpt_text: str, *,
              kind: DocumentKind | None = None, provider: str | None = None,
              document_id: int | None = None, page: int | None = None) -> int:
    """A reviewer's own entry, optionally linked to a page of a document in the case."""
    with database.session() as session, session.begin():
        _require_case(session, case_id)
        if document_id is not None:
            _require_page(session, case_id, document_id, page or 1)
        row = ChronologyEntryRow(case_id=case_id, document_id=document_id,
                                 page=page or (1 if document_id else None), date=date, kind=kind,
                                 provider=provider, excerpt=excerpt_text,
                                 origin=EntryOrigin.REVIEWER, edited=True, hidden=False)
        session.add(row)
        session.flush()
        return row.id


def edit_entry(database: Database, entry_id: int, *, date=UNCHANGED, kind=UNCHANGED,
               provider=UNCHANGED, excerpt_text=UNCHANGED) -> None:
    """Change an entry's date, kind, provider or excerpt; it is the reviewer's from then on."""
    changes = {name: value for name, value in
               (("date", date), ("kind", kind), ("provider", provider), ("excerpt", excerpt_text))
               if value is not UNCHANGED}
    if "date" in changes and changes["date"] is None:
        raise WorkbenchError("A chronology entry needs a date")
    _update(database, entry_id, {**changes, "edited": True})


def hide_entry(database: Database, entry_id: int, hidden: bool = True) -> None:
    """Hide an entry from the chronology (or show it again); it is kept either way."""
    _update(database, entry_id, {"hidden": hidden})


def _update(database: Database, entry_id: int, values: dict) -> None:
    with database.engine.begin() as connection:
        done = connection.execute(update(ChronologyEntryRow).where(
            ChronologyEntryRow.id == entry_id).values(**values))
        if done.rowcount == 0:
            raise NotFound(f"No chronology entry with id {entry_id}")


def _require_case(session, case_id: int) -> None:
    if session.get(CaseRow, case_id) is None:
        raise NotFound(f"No case with id {case_id}")


def _require_page(session, case_id: int, document_id: int, page: int) -> None:
    found = session.scalar(select(RecordPageRow.id).join(RecordDocumentRow).where(
        RecordDocumentRow.case_id == case_id, RecordDocumentRow.id == document_id,
        RecordDocumentRow.state == ImportState.READY, RecordPageRow.number == page))
    if found is None:
        raise NotFound(f"No page {page} in document {document_id} of case {case_id}")
