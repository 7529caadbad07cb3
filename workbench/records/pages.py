"""One page of the case file as the records view shows it: its text, where the text came
from, the date a citation of it names, and the stored file its picture is drawn from."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from db.database import Database
from db.models import RecordDocumentRow, RecordPageRow
from workbench.errors import NotFound
from workbench.records import files
from workbench.records.kinds import DocumentKind, ImportState, PageSource
from workbench.records.search import MARK_END, MARK_START

PICTURED = ("pdf", "image")  # media whose pages have a picture; DOCX and text have only words


@dataclass(frozen=True)
class RecordPage:
    document_id: int
    number: int  # 1-based
    page_count: int
    file_name: str
    media_type: str  # pdf, docx, text, image
    kind: DocumentKind
    text: str
    source: PageSource
    ocr_confidence: float | None
    date: dt.date | None  # the date a citation of this page names
    provider: str | None

    @property
    def position(self) -> str:
        return f"Page {self.number} of {self.page_count}"

    @property
    def pictured(self) -> bool:
        return self.media_type in PICTURED

    @property
    def note(self) -> str:
        """What the reviewer should know about the text shown: OCR'd (and how sure), or none."""
        if self.source is PageSource.OCR:
            sure = f", confidence {self.ocr_confidence:.0f}%" if self.ocr_confidence else ""
            return f"Text read by OCR{sure}"
        if self.source is PageSource.NONE or not self.text.strip():
            return "No text on this page (blank, or nothing the OCR could read)"
        return ""


def _citation_date(override, page_date, document_date):
    """The same choice ``citations.cite_page`` makes, so the list and the citation agree."""
    return override or page_date or document_date


def read_page(database: Database, case_id: int, document_id: int, number: int) -> RecordPage:
    """A page of a ready document in the case; ``NotFound`` when there is no such page."""
    query = (select(RecordDocumentRow.file_name, RecordDocumentRow.media_type,
                    RecordDocumentRow.page_count, RecordDocumentRow.kind,
                    RecordDocumentRow.kind_override, RecordDocumentRow.service_date,
                    RecordDocumentRow.service_date_override, RecordDocumentRow.provider,
                    RecordDocumentRow.provider_override, RecordPageRow.text, RecordPageRow.source,
                    RecordPageRow.ocr_confidence, RecordPageRow.service_date.label("page_date"),
                    RecordPageRow.provider.label("page_provider"))
             .join(RecordPageRow, RecordPageRow.document_id == RecordDocumentRow.id)
             .where(RecordDocumentRow.id == document_id, RecordDocumentRow.case_id == case_id,
                    RecordDocumentRow.state == ImportState.READY,
                    RecordPageRow.number == number))
    with database.engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        raise NotFound(f"No page {number} in document {document_id} of case {case_id}")
    return RecordPage(
        document_id=document_id, number=number, page_count=row.page_count or 0,
        file_name=row.file_name, media_type=row.media_type,
        kind=row.kind_override or row.kind, text=row.text, source=row.source,
        ocr_confidence=row.ocr_confidence,
        date=_citation_date(row.service_date_override, row.page_date, row.service_date),
        provider=row.provider_override or row.page_provider or row.provider)


def stored_file(database: Database, case_id: int, document_id: int) -> tuple[Path, str]:
    """The case's own copy of a document and its media type (pdf, docx, text, image)."""
    with database.engine.connect() as connection:
        row = connection.execute(select(RecordDocumentRow.sha256, RecordDocumentRow.media_type)
                                 .where(RecordDocumentRow.id == document_id,
                                        RecordDocumentRow.case_id == case_id,
                                        RecordDocumentRow.state == ImportState.READY)).first()
    if row is None:
        raise NotFound(f"No document {document_id} in case {case_id}")
    folder = database.files / "records" / f"case-{case_id}"
    return files.stored_path(folder, row.sha256, row.media_type), row.media_type


def page_rotations(database: Database, case_id: int, document_id: int) -> dict[int, int]:
    """The pages of a document that are drawn turned (page number: degrees clockwise), as
    they were read upright (``orientation``); pages not listed are drawn as stored."""
    query = (select(RecordPageRow.number, RecordPageRow.rotation)
             .join(RecordDocumentRow, RecordPageRow.document_id == RecordDocumentRow.id)
             .where(RecordDocumentRow.id == document_id, RecordDocumentRow.case_id == case_id,
                    RecordPageRow.rotation.is_not(None), RecordPageRow.rotation != 0))
    with database.engine.connect() as connection:
        return {row.number: row.rotation for row in connection.execute(query)}


def page_dates(database: Database, case_id: int,
               pages: Iterable[tuple[int, int]]) -> dict[tuple[int, int], dt.date | None]:
    """The citation date of each (document id, page number), for a list of search hits."""
    wanted = set(pages)
    if not wanted:
        return {}
    documents = {document for document, _ in wanted}
    numbers = {number for _, number in wanted}
    query = (select(RecordDocumentRow.id, RecordPageRow.number,
                    RecordDocumentRow.service_date_override, RecordPageRow.service_date,
                    RecordDocumentRow.service_date.label("document_date"))
             .join(RecordPageRow, RecordPageRow.document_id == RecordDocumentRow.id)
             .where(RecordDocumentRow.case_id == case_id,
                    RecordDocumentRow.id.in_(documents), RecordPageRow.number.in_(numbers)))
    with database.engine.connect() as connection:
        rows = connection.execute(query).all()
    return {(row.id, row.number): _citation_date(row.service_date_override, row.service_date,
                                                 row.document_date)
            for row in rows if (row.id, row.number) in wanted}


def marked_html(snippet: str, start: str = "<b>", end: str = "</b>") -> str:
    """A search snippet as HTML: the text escaped, the matched words between ``start`` and ``end``."""
    return html.escape(snippet, quote=False).replace(MARK_START, start).replace(MARK_END, end)
