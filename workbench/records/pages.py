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
from db.models import RecordFileRow, RecordPageRow
from workbench.errors import NotFound
from workbench.records import files
from workbench.records.kinds import DocumentKind, ImportState, PageSource
from workbench.records.placement import effective_documents, page_in
from workbench.records.search import MARK_END, MARK_START

PICTURED = ("pdf", "image")  # media whose pages have a picture; DOCX and text have only words


@dataclass(frozen=True)
class RecordPage:
    file_id: int
    number: int  # 1-based page of the file
    page_count: int  # pages of the file
    file_name: str
    media_type: str  # pdf, docx, text, image
    kind: DocumentKind  # of the document the page belongs to
    text: str
    source: PageSource
    ocr_confidence: float | None
    date: dt.date | None  # the date a citation of this page names
    provider: str | None
    document_id: int | None = None
    document_first: int = 1  # the document's pages in the file
    document_last: int = 1
    document_found: bool = True  # False while its file is one provisional document

    @property
    def position(self) -> str:
        """"Page 7 of 64", and where the page is in its document when the file holds several."""
        text = f"Page {self.number} of {self.page_count}"
        if self.document_first > 1 or self.document_last < self.page_count:
            inside = self.number - self.document_first + 1
            of = self.document_last - self.document_first + 1
            text += f" \u00b7 {self.kind.label} page {inside} of {of}"
        return text

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


def citation_date(corrected, page_date, document_date):
    """The date a citation of a page names: the reviewer's date for its document, else the
    date of service the page states, else its document's. ``citations.cite_page``, the
    lists and the viewer all use this one rule."""
    return corrected or page_date or document_date


def read_page(database: Database, case_id: int, file_id: int, number: int) -> RecordPage:
    """A page of a ready file in the case; ``NotFound`` when there is no such page."""
    documents = effective_documents()
    query = (select(RecordFileRow.file_name, RecordFileRow.media_type, RecordFileRow.page_count,
                    documents.c.id, documents.c.kind, documents.c.first_page,
                    documents.c.last_page, documents.c.service_date, documents.c.corrected_date,
                    documents.c.provider, documents.c.corrected, documents.c.found,
                    RecordPageRow.text,
                    RecordPageRow.source, RecordPageRow.ocr_confidence,
                    RecordPageRow.service_date.label("page_date"),
                    RecordPageRow.provider.label("page_provider"))
             .join(RecordPageRow, RecordPageRow.file_id == RecordFileRow.id)
             .outerjoin(documents, page_in(documents, RecordFileRow.id, RecordPageRow.number))
             .where(RecordFileRow.id == file_id, RecordFileRow.case_id == case_id,
                    RecordFileRow.state == ImportState.READY,
                    RecordPageRow.number == number))
    with database.engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        raise NotFound(f"No page {number} in file {file_id} of case {case_id}")
    provider = row.provider if row.corrected else row.page_provider or row.provider
    return RecordPage(
        file_id=file_id, number=number, page_count=row.page_count or 0,
        file_name=row.file_name, media_type=row.media_type,
        kind=DocumentKind(row.kind or DocumentKind.OTHER), text=row.text, source=row.source,
        ocr_confidence=row.ocr_confidence,
        date=citation_date(row.corrected_date, row.page_date, row.service_date),
        provider=provider, document_id=row.id, document_first=row.first_page or number,
        document_last=row.last_page or number, document_found=row.found is None or bool(row.found))


def stored_file(database: Database, case_id: int, file_id: int) -> tuple[Path, str]:
    """The case's own copy of a file and its media type (pdf, docx, text, image)."""
    with database.engine.connect() as connection:
        row = connection.execute(select(RecordFileRow.sha256, RecordFileRow.media_type)
                                 .where(RecordFileRow.id == file_id,
                                        RecordFileRow.case_id == case_id,
                                        RecordFileRow.state == ImportState.READY)).first()
    if row is None:
        raise NotFound(f"No file {file_id} in case {case_id}")
    folder = database.files / "records" / f"case-{case_id}"
    return files.stored_path(folder, row.sha256, row.media_type), row.media_type


def page_rotations(database: Database, case_id: int, file_id: int) -> dict[int, int]:
    """The pages of a file that are drawn turned (page number: degrees clockwise), as
    they were read upright (``orientation``); pages not listed are drawn as stored."""
    query = (select(RecordPageRow.number, RecordPageRow.rotation)
             .join(RecordFileRow, RecordPageRow.file_id == RecordFileRow.id)
             .where(RecordFileRow.id == file_id, RecordFileRow.case_id == case_id,
                    RecordPageRow.rotation.is_not(None), RecordPageRow.rotation != 0))
    with database.engine.connect() as connection:
        return {row.number: row.rotation for row in connection.execute(query)}


def page_dates(database: Database, case_id: int,
               pages: Iterable[tuple[int, int]]) -> dict[tuple[int, int], dt.date | None]:
    """The citation date of each (file id, page number), for a list of search hits."""
    wanted = set(pages)
    if not wanted:
        return {}
    documents = effective_documents()
    query = (select(RecordPageRow.file_id, RecordPageRow.number, documents.c.corrected_date,
                    RecordPageRow.service_date, documents.c.service_date.label("document_date"))
             .join(documents, page_in(documents, RecordPageRow.file_id, RecordPageRow.number))
             .where(documents.c.case_id == case_id,
                    RecordPageRow.file_id.in_({file_id for file_id, _ in wanted}),
                    RecordPageRow.number.in_({number for _, number in wanted})))
    with database.engine.connect() as connection:
        rows = connection.execute(query).all()
    return {(row.file_id, row.number): citation_date(row.corrected_date, row.service_date,
                                                     row.document_date)
            for row in rows if (row.file_id, row.number) in wanted}


def marked_html(snippet: str, start: str = "<b>", end: str = "</b>") -> str:
    """A search snippet as HTML: the text escaped, the matched words between ``start`` and ``end``."""
    return html.escape(snippet, quote=False).replace(MARK_START, start).replace(MARK_END, end)
