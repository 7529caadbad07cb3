"""The reviewer's own guideline PDFs: searchable pages, and opening a guideline at the cited page.

Guidelines number their pages in print ("Page(s): 303") while the PDF counts
from its cover, so each document stores the offset between the two: PDF page
= printed page + offset. The PDF is copied into the database's file store,
so the library never depends on where the reviewer kept the original.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from db.database import Database
from db.models import GUIDELINE_PAGE_INDEX, GuidelineDocumentRow, GuidelinePageRow
from workbench.errors import NotFound, UnreadableFile
from workbench.library.model import first_page
from workbench.library.store import bump_revision, entry_row, source_row
from workbench.pdf import open_pdf
from workbench.safe_files import atomic_write

log = logging.getLogger(__name__)

MAX_GUIDELINE_BYTES = 300 * 1024 * 1024


@dataclass(frozen=True)
class GuidelineDocument:
    id: int
    source: str
    file_name: str
    page_count: int
    page_offset: int
    path: Path


@dataclass(frozen=True)
class PageLocation:
    """Where to open a guideline: the file and the 1-based PDF page."""

    path: Path
    pdf_page: int
    printed_page: int


def _pdf_pages(data: bytes, name: str) -> list[str]:
    document = open_pdf(data, name)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded().replace("\r\n", "\n"))
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


class GuidelineLibrary:
    def __init__(self, database: Database):
        self.database = database

    def folder(self) -> Path:
        folder = self.database.files / "guidelines"
        folder.mkdir(mode=0o700, exist_ok=True)
        return folder

    def add_pdf(self, path: Path, source: str, page_offset: int = 0) -> GuidelineDocument:
        """Import a guideline PDF for ``source``; an identical file is recognised, not added twice."""
        name = path.name
        try:
            size = path.stat().st_size
            if size == 0:
                raise UnreadableFile(f"{name} is empty")
            if size > MAX_GUIDELINE_BYTES:
                raise UnreadableFile(f"{name} is too large ({size // 1048576} MB)")
            data = path.read_bytes()
        except FileNotFoundError:
            raise UnreadableFile(f"No such file: {name}") from None
        except IsADirectoryError:
            raise UnreadableFile(f"{name} is a folder, not a PDF") from None
        except OSError as error:
            raise UnreadableFile(f"Cannot read {name}: {error.strerror}") from None
        digest = hashlib.sha256(data).hexdigest()
        with self.database.session() as session:
            source_row(session, source)  # fail before the slow part
            existing = session.scalar(select(GuidelineDocumentRow).filter_by(sha256=digest))
            if existing is not None:
                return self._document(existing)
        texts = _pdf_pages(data, name)
        atomic_write(self.folder() / f"{digest}.pdf", data)
        with self.database.session() as session, session.begin():
            row = GuidelineDocumentRow(
                source=source_row(session, source), file_name=name, sha256=digest,
                page_count=len(texts), page_offset=page_offset,
                pages=[GuidelinePageRow(position=i + 1, text=t) for i, t in enumerate(texts)],
            )
            session.add(row)
            session.flush()
            GUIDELINE_PAGE_INDEX.put_many(session.connection(),
                                          ((page.id, [page.text]) for page in row.pages))
            bump_revision(session)
            document = self._document(row)
        log.info("imported a guideline PDF of %d pages (document %d)", len(texts), document.id)
        return document

    def documents(self, source: str | None = None) -> list[GuidelineDocument]:
        query = select(GuidelineDocumentRow).order_by(GuidelineDocumentRow.id)
        with self.database.session() as session:
            if source is not None:
                query = query.where(GuidelineDocumentRow.source_id == source_row(session, source).id)
            return [self._document(row) for row in session.scalars(query)]

    def set_page_offset(self, document_id: int, offset: int) -> None:
        with self.database.session() as session, session.begin():
            row = session.get(GuidelineDocumentRow, document_id)
            if row is None:
                raise NotFound(f"No guideline PDF with id {document_id}")
            row.page_offset = offset

    def remove(self, document_id: int) -> None:
        with self.database.session() as session, session.begin():
            row = session.get(GuidelineDocumentRow, document_id)
            if row is None:
                raise NotFound(f"No guideline PDF with id {document_id}")
            connection = session.connection()
            for page in row.pages:
                GUIDELINE_PAGE_INDEX.remove(connection, page.id)
            path = self.folder() / f"{row.sha256}.pdf"
            session.delete(row)
            bump_revision(session)
        path.unlink(missing_ok=True)

    def open_at(self, entry_key: str) -> PageLocation:
        """The guideline PDF and page to show for an entry (its linked page, else its first page).

        Of the source's PDFs, the newest one that holds the printed page is used;
        a page that none of them holds is an error, never a silent jump.
        """
        with self.database.session() as session:
            entry = entry_row(session, entry_key)
            printed = entry.document_page or first_page(entry.pages)
            rows = session.scalars(select(GuidelineDocumentRow)
                                   .filter_by(source_id=entry.source_id)
                                   .order_by(GuidelineDocumentRow.id.desc())).all()
            if not rows:
                raise NotFound(f"No guideline PDF is attached to {entry.source.short_title}; "
                               "add one with: library add-pdf FILE --source "
                               f"{entry.source.key}")
            documents = [self._document(row) for row in rows]
            name = entry.source.short_title
        if printed is None:
            return PageLocation(documents[0].path, 1, 1 - documents[0].page_offset)
        for document in documents:
            pdf_page = printed + document.page_offset
            if 1 <= pdf_page <= document.page_count:
                return PageLocation(document.path, pdf_page, printed)
        held = ", ".join(f"{1 - d.page_offset}-{d.page_count - d.page_offset}" for d in documents)
        raise NotFound(f"Page {printed} is not in the guideline PDF of {name} "
                       f"(it holds printed pages {held}); check its page offset")

    def page_text(self, document_id: int, pdf_page: int) -> str:
        with self.database.session() as session:
            page = session.scalar(select(GuidelinePageRow).filter_by(
                document_id=document_id, position=pdf_page))
            if page is None:
                raise NotFound(f"No page {pdf_page} in guideline PDF {document_id}")
            return page.text

    def _document(self, row: GuidelineDocumentRow) -> GuidelineDocument:
        return GuidelineDocument(
            id=row.id, source=row.source.key, file_name=row.file_name,
            page_count=row.page_count, page_offset=row.page_offset,
            path=self.folder() / f"{row.sha256}.pdf",
        )


def render_page(path: Path, pdf_page: int, width: int = 900) -> bytes:
    """One page of a guideline PDF as PNG bytes, ``width`` pixels wide, to show it in place."""
    import io

    document = open_pdf(path.read_bytes(), path.name)
    try:
        if not 1 <= pdf_page <= len(document):
            raise NotFound(f"No page {pdf_page} in {path.name}")
        page = document[pdf_page - 1]
        scale = max(0.2, min(4.0, width / max(page.get_width(), 1.0)))
        image = page.render(scale=scale).to_pil()
        page.close()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
