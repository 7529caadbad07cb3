"""The chronology: dated entries across the case file, each linked to its page.

Entries come from the records (one per document and date of service: the
first page of the document that states the date, with that page's provider
and gist; a report present twice has one entry) and
from the reviewer, who can also edit and hide any entry. An edited or hidden
entry is the reviewer's: re-reading or reclassifying a document leaves it
alone. Entries are linked to a page of a file, so they stay put when the
reviewer splits or merges documents.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select, update

from db.database import Database
from db.models import CaseRow, ChronologyEntryRow, RecordFileRow, RecordPageRow
from workbench.errors import NotFound, WorkbenchError
from workbench.records.facts import excerpt
from workbench.records.kinds import DocumentKind, EntryOrigin, ImportState
from workbench.records.placement import effective_documents, page_in

UNCHANGED = object()  # "leave this field as it is" for edit_entry
PAGES_BY_NUMBER = 100  # pages whose text make_entries asks for by number; more by their range


@dataclass(frozen=True)
class ChronologyEntry:
    id: int
    date: dt.date
    kind: DocumentKind | None
    provider: str | None
    excerpt: str
    file_id: int | None
    document: str | None  # the file's name
    page: int | None  # 1-based page in the file
    origin: EntryOrigin
    edited: bool
    hidden: bool
    document_id: int | None = None  # the document the page belongs to now
    # The same report elsewhere in the records (a duplicate): (file id, page, file name).
    also_at: tuple[tuple[int, int, str], ...] = ()

    @property
    def kind_label(self) -> str:
        return self.kind.label if self.kind else ""


def make_entries(connection: Connection, case_id: int, file_id: int, *,
                 afresh: bool = False) -> None:
    """(Re)make a file's entries from its documents and pages, keeping those the reviewer
    edited or hid: one entry per document and date of service, at the first page that
    states the date. Documents marked as duplicates get none (the original's entry
    says where the copy is).

    Only what changed is written: an entry already there with the same date, page, kind and
    provider is kept as it is (its row and id; its excerpt, made from the same page), the
    others are removed and the missing ones added. So marking a few copies in an 800-page
    file removes their entries and leaves the rest alone, and only new entries have their
    excerpt made and their page's text read. ``afresh``: every entry the rules made is made
    again (the file's documents were found again, by rules that may read excerpts better).
    """
    present = connection.execute(
        select(ChronologyEntryRow.id, ChronologyEntryRow.date, ChronologyEntryRow.page,
               ChronologyEntryRow.kind, ChronologyEntryRow.provider, ChronologyEntryRow.edited,
               ChronologyEntryRow.hidden)
        .where(ChronologyEntryRow.file_id == file_id,
               ChronologyEntryRow.origin == EntryOrigin.RECORDS)).all()
    kept = {(row.date, row.page) for row in present if row.edited or row.hidden}
    standing: dict[tuple, list[int]] = {}  # {(date, page, kind, provider): the rules' rows}
    for row in present:
        if not (row.edited or row.hidden or afresh):
            standing.setdefault((row.date, row.page, row.kind, row.provider), []).append(row.id)
    documents = effective_documents()
    placed = connection.execute(select(
        documents.c.first_page, documents.c.last_page, documents.c.kind, documents.c.provider,
        documents.c.service_date, documents.c.corrected_date, documents.c.duplicate_of)
        .where(documents.c.file_id == file_id, documents.c.case_id == case_id)
        .order_by(documents.c.first_page)).all()
    dated = connection.execute(
        select(RecordPageRow.number, RecordPageRow.service_date, RecordPageRow.provider)
        .where(RecordPageRow.file_id == file_id, RecordPageRow.service_date.is_not(None))
        .order_by(RecordPageRow.number)).all()
    numbers = [number for number, _, _ in dated]
    entries: list[tuple[dt.date, int, DocumentKind, str | None]] = []
    for document in placed:
        if document.duplicate_of is not None:
            continue
        first_pages: dict[dt.date, tuple[int, str | None]] = {}
        if document.corrected_date is None:
            # The dated pages are in page order: only this document's are looked at.
            start = bisect.bisect_left(numbers, document.first_page)
            end = bisect.bisect_right(numbers, document.last_page)
            for number, day, provider in dated[start:end]:
                first_pages.setdefault(day, (number, provider))
        if not first_pages:
            day = document.corrected_date or document.service_date
            if day is None:
                continue
            first_pages[day] = (document.first_page, None)
        kept_dates = {day for day, page in kept
                      if page is not None and document.first_page <= page <= document.last_page
                      } if kept else set()
        for day, (number, provider) in first_pages.items():
            if day not in kept_dates:
                entries.append((day, number, DocumentKind(document.kind),
                                document.provider if document.corrected_date else
                                provider or document.provider))
    missing = []
    for entry in entries:
        rows = standing.get(entry)
        if rows:
            rows.pop()
        else:
            missing.append(entry)
    gone = [row_id for rows in standing.values() for row_id in rows]
    if afresh:
        gone += [row.id for row in present if not (row.edited or row.hidden)]
    if gone:
        connection.execute(delete(ChronologyEntryRow).where(ChronologyEntryRow.id.in_(gone)))
    if not missing:
        return
    numbers = sorted({number for _, number, _, _ in missing})
    # A few pages by number; many (a file just found) by their range, without a long list of
    # numbers for the database to take.
    wanted = (RecordPageRow.number.in_(numbers) if len(numbers) <= PAGES_BY_NUMBER
              else RecordPageRow.number.between(numbers[0], numbers[-1]))
    texts = dict(connection.execute(select(RecordPageRow.number, RecordPageRow.text).where(
        RecordPageRow.file_id == file_id, wanted)).all())
    connection.execute(insert(ChronologyEntryRow), [
        {"case_id": case_id, "file_id": file_id, "page": number, "date": day, "kind": kind,
         "provider": provider, "excerpt": excerpt(texts.get(number, "")),
         "origin": EntryOrigin.RECORDS, "edited": False, "hidden": False}
        for day, number, kind, provider in missing])


def chronology(database: Database, case_id: int, *,
               include_hidden: bool = False) -> list[ChronologyEntry]:
    """The case's entries by date (then file and page); hidden ones only when asked.

    An entry of a report that is in the records twice says where the copy is
    (``also_at``); the copy has no entry of its own.
    """
    documents = effective_documents()
    query = (
        select(ChronologyEntryRow, RecordFileRow.file_name, documents.c.id.label("document_id"))
        .outerjoin(RecordFileRow, RecordFileRow.id == ChronologyEntryRow.file_id)
        .outerjoin(documents, page_in(documents, ChronologyEntryRow.file_id,
                                      ChronologyEntryRow.page))
        .where(ChronologyEntryRow.case_id == case_id)
        .where((RecordFileRow.id.is_(None)) | (RecordFileRow.state == ImportState.READY))
        .order_by(ChronologyEntryRow.date, ChronologyEntryRow.file_id.is_(None),
                  ChronologyEntryRow.file_id, ChronologyEntryRow.page, ChronologyEntryRow.id)
    )
    if not include_hidden:
        query = query.where(ChronologyEntryRow.hidden.is_(False))
    copies = (select(documents.c.duplicate_of, documents.c.file_id, documents.c.first_page,
                     documents.c.file_name)
              .where(documents.c.case_id == case_id, documents.c.duplicate_of.is_not(None))
              .order_by(documents.c.file_id, documents.c.first_page))
    with database.session() as session:
        _require_case(session, case_id)
        also: dict[int, list[tuple[int, int, str]]] = {}
        for original, file_id, page, name in session.execute(copies):
            also.setdefault(original, []).append((file_id, page, name))
        return [ChronologyEntry(row.id, row.date, row.kind, row.provider, row.excerpt,
                                row.file_id, name, row.page, row.origin, row.edited,
                                row.hidden, document_id,
                                tuple(also.get(document_id, ())) if document_id else ())
                for row, name, document_id in session.execute(query)]


def add_entry(database: Database, case_id: int, date: dt.date, excerpt_text: str, *,
              kind: DocumentKind | None = None, provider: str | None = None,
              file_id: int | None = None, page: int | None = None) -> int:
    """A reviewer's own entry, optionally linked to a page of a file in the case."""
    with database.session() as session, session.begin():
        _require_case(session, case_id)
        if file_id is not None:
            _require_page(session, case_id, file_id, page or 1)
        row = ChronologyEntryRow(case_id=case_id, file_id=file_id,
                                 page=page or (1 if file_id else None), date=date, kind=kind,
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


def _require_page(session, case_id: int, file_id: int, page: int) -> None:
    found = session.scalar(select(RecordPageRow.id).join(RecordFileRow).where(
        RecordFileRow.case_id == case_id, RecordFileRow.id == file_id,
        RecordFileRow.state == ImportState.READY, RecordPageRow.number == page))
    if found is None:
        raise NotFound(f"No page {page} in file {file_id} of case {case_id}")
