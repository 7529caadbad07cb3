"""The documents in a case: listing them, the reviewer's corrections, "documents reviewed".

What the rules found (kind, date of service, provider) and what the reviewer
says instead are stored side by side; everything shown uses the reviewer's
word where there is one. The letter's optional "DOCUMENTS REVIEWED" section
prints one line per document, when the case says so or, if the case says
nothing, when the workbench default does (off unless turned on).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select, update

from db.database import Database
from db.models import (
    CaseRow,
    ChronologyEntryRow,
    RecordDocumentRow,
    RecordPageRow,
    WorkbenchSettingRow,
)
from workbench.case import Case
from workbench.errors import NotFound
from workbench.records.chronology import UNCHANGED, make_entries
from workbench.records.kinds import DocumentKind, EntryOrigin, ImportState, PageSource

DOCUMENTS_REVIEWED_DEFAULT = "letter.documents_reviewed"


def format_date(day: dt.date) -> str:
    """Dates as IMR letters print them: 04/15/2015."""
    return day.strftime("%m/%d/%Y")


@dataclass(frozen=True)
class RecordDocument:
    id: int
    file_name: str
    media_type: str
    kind: DocumentKind  # the reviewer's choice if made, else the rules'
    found_kind: DocumentKind  # what the rules found
    service_date: dt.date | None
    first_date: dt.date | None
    last_date: dt.date | None
    provider: str | None
    page_count: int
    ocr_pages: int
    ocr_confidence: float | None  # mean over the OCR'd pages
    corrected: bool  # the reviewer changed kind, date or provider

    @property
    def dates(self) -> str:
        """"04/15/2015", or "04/15/2015 to 06/01/2015" for a document spanning visits."""
        start = self.first_date or self.service_date
        end = self.last_date or start
        if start is None:
            return ""
        if end == start:
            return format_date(start)
        return f"{format_date(start)} to {format_date(end)}"


@dataclass(frozen=True)
class ReviewedDocument:
    """One line of the documents-reviewed list."""

    kind: str
    provider: str | None
    dates: str
    pages: int

    @property
    def line(self) -> str:
        parts = [self.kind, self.provider, self.dates,
                 f"{self.pages} page{'s' if self.pages != 1 else ''}"]
        return ", ".join(part for part in parts if part)


def list_documents(database: Database, case_id: int) -> list[RecordDocument]:
    """The case's imported documents, by date of service (undated last), then as imported."""
    ocr = (select(RecordPageRow.document_id, func.count().label("pages"),
                  func.avg(RecordPageRow.ocr_confidence).label("confidence"))
           .where(RecordPageRow.source == PageSource.OCR)
           .group_by(RecordPageRow.document_id).subquery())
    day = func.coalesce(RecordDocumentRow.service_date_override, RecordDocumentRow.first_date,
                        RecordDocumentRow.service_date)
    query = (select(RecordDocumentRow, ocr.c.pages, ocr.c.confidence)
             .outerjoin(ocr, ocr.c.document_id == RecordDocumentRow.id)
             .where(RecordDocumentRow.case_id == case_id,
                    RecordDocumentRow.state == ImportState.READY)
             .order_by(day.is_(None), day, RecordDocumentRow.id))
    with database.session() as session:
        _require_case(session, case_id)
        return [_document(row, pages or 0, confidence) for row, pages, confidence
                in session.execute(query)]


def _document(row: RecordDocumentRow, ocr_pages: int, confidence: float | None) -> RecordDocument:
    overridden_date = row.service_date_override
    return RecordDocument(
        id=row.id, file_name=row.file_name, media_type=row.media_type,
        kind=row.kind_override or row.kind, found_kind=row.kind,
        service_date=overridden_date or row.service_date,
        first_date=overridden_date or row.first_date,
        last_date=overridden_date or row.last_date,
        provider=row.provider_override or row.provider, page_count=row.page_count or 0,
        ocr_pages=ocr_pages, ocr_confidence=round(confidence, 1) if confidence else None,
        corrected=any(value is not None for value in (
            row.kind_override, row.service_date_override, row.provider_override)),
    )


def unfinished_imports(database: Database, case_id: int) -> int:
    """Documents still ``importing`` (cancelled or interrupted): importing them again resumes."""
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(RecordDocumentRow).where(
            RecordDocumentRow.case_id == case_id,
            RecordDocumentRow.state == ImportState.IMPORTING)) or 0


def correct_document(database: Database, case_id: int, document_id: int, *, kind=UNCHANGED,
                     service_date=UNCHANGED, provider=UNCHANGED) -> RecordDocument:
    """The reviewer's kind, date of service or provider for a document (None: the rules' again).

    The document's chronology entries follow, except those the reviewer edited.
    """
    values = {column: value for column, value in (
        ("kind_override", kind), ("service_date_override", service_date),
        ("provider_override", provider)) if value is not UNCHANGED}
    with database.engine.begin() as connection:
        done = connection.execute(update(RecordDocumentRow).where(
            RecordDocumentRow.id == document_id, RecordDocumentRow.case_id == case_id,
            RecordDocumentRow.state == ImportState.READY).values(**values))
        if done.rowcount == 0:
            raise NotFound(f"No document {document_id} in case {case_id}")
        make_entries(connection, case_id, document_id)
        if "kind_override" in values:
            row = connection.execute(select(RecordDocumentRow.kind,
                                            RecordDocumentRow.kind_override).where(
                RecordDocumentRow.id == document_id)).one()
            connection.execute(update(ChronologyEntryRow).where(
                ChronologyEntryRow.document_id == document_id,
                ChronologyEntryRow.origin == EntryOrigin.RECORDS,
                ChronologyEntryRow.edited.is_(False)).values(
                kind=row.kind_override or row.kind))
    return next(d for d in list_documents(database, case_id) if d.id == document_id)


def documents_reviewed(database: Database, case_id: int) -> list[ReviewedDocument]:
    """Every document by kind, provider, date or date range, and page count."""
    return [ReviewedDocument(d.kind.label, d.provider, d.dates, d.page_count)
            for d in list_documents(database, case_id)]


# -- the letter's section setting ---------------------------------------------


def documents_reviewed_default(database: Database) -> bool:
    with database.session() as session:
        value = session.get(WorkbenchSettingRow, DOCUMENTS_REVIEWED_DEFAULT)
        return bool(json.loads(value.value)) if value else False


def set_documents_reviewed_default(database: Database, on: bool) -> None:
    with database.session() as session, session.begin():
        session.merge(WorkbenchSettingRow(name=DOCUMENTS_REVIEWED_DEFAULT, value=json.dumps(on)))


def set_case_documents_reviewed(database: Database, case_id: int, on: bool | None) -> None:
    """Print the section for this case (True), never (False), or as the default says (None)."""
    with database.session() as session, session.begin():
        row = _require_case(session, case_id)
        if row.documents_reviewed != on:
            # Case content: the version counts up in the same statement, so an open
            # window's older copy is refused rather than saved over it.
            session.execute(update(CaseRow).where(CaseRow.id == case_id).values(
                documents_reviewed=on, version=CaseRow.version + 1))


def letter_documents(database: Database, case: Case) -> list[str] | None:
    """The lines of the letter's "DOCUMENTS REVIEWED" section, or None when it is not printed."""
    printed = case.documents_reviewed
    if printed is None:
        printed = documents_reviewed_default(database)
    if not printed or case.id is None:
        return None
    return [document.line for document in documents_reviewed(database, case.id)]


def _require_case(session, case_id: int) -> CaseRow:
    row = session.get(CaseRow, case_id)
    if row is None:
        raise NotFound(f"No case with id {case_id}")
    return row
