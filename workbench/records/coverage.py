"""What the reviewer has read of a case's records: pages opened, per document and in all.

The page viewer marks each page it shows (``mark_read``); the documents list,
its "unread only" filter, the letter checklist and ``records coverage`` read
the totals back (``coverage``). The marks stay in the case database and
never reach the letter: they help the reviewer see what is left, nothing
more. Totals come from one grouped query, so a case file of ten thousand
pages costs the same handful of statements as a small one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from db.database import Database, DatabaseError
from db.models import CaseRow, RecordFileRow, RecordPageReadRow, RecordPageRow, utcnow
from workbench.errors import NotFound
from workbench.records.kinds import DocumentKind, ImportState
from workbench.records.placement import effective_documents, page_in


@dataclass(frozen=True)
class DocumentCoverage:
    id: int
    file_name: str
    kind: DocumentKind  # the reviewer's choice if made, else the rules'
    pages: int
    read: int  # pages opened at least once

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def share(self) -> float:
        """Pages opened over pages, 0 to 1 (0 for a document without pages)."""
        return self.read / self.pages if self.pages else 0.0

    @property
    def complete(self) -> bool:
        """Every page opened (a document without pages has nothing left to read)."""
        return self.read >= self.pages

    @property
    def opened(self) -> bool:
        return self.read > 0


@dataclass(frozen=True)
class CaseCoverage:
    documents: list[DocumentCoverage] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(d.pages for d in self.documents)

    @property
    def read(self) -> int:
        return sum(d.read for d in self.documents)

    @property
    def share(self) -> float:
        return self.read / self.pages if self.pages else 0.0

    @property
    def unread(self) -> list[int]:
        """Documents with pages not yet opened (what "unread only" lists)."""
        return [d.id for d in self.documents if not d.complete]

    @property
    def unopened(self) -> list[int]:
        """Documents not one page of which has been opened (what the letter checklist names)."""
        return [d.id for d in self.documents if d.pages and not d.opened]

    def of(self, document_id: int) -> DocumentCoverage | None:
        return next((d for d in self.documents if d.id == document_id), None)


def percent(share: float) -> str:
    """"40%": whole percents, and never "100%" while a page is left or "0%" once one is read."""
    value = round(share * 100)
    if value == 100 and share < 1:
        value = 99
    if value == 0 and share > 0:
        value = 1
    return f"{value}%"


def mark_read(database: Database, case_id: int, file_id: int, page: int) -> bool:
    """Note that the reviewer opened a page; True when it had not been opened before.

    One transaction. ``NotFound`` when the case has no such ready file or page.
    """
    query = (select(RecordPageRow.id, RecordPageReadRow.page_id)
             .join(RecordFileRow, RecordFileRow.id == RecordPageRow.file_id)
             .outerjoin(RecordPageReadRow, RecordPageReadRow.page_id == RecordPageRow.id)
             .where(RecordFileRow.id == file_id, RecordFileRow.case_id == case_id,
                    RecordFileRow.state == ImportState.READY,
                    RecordPageRow.number == page))
    try:
        with database.engine.begin() as connection:
            row = connection.execute(query).first()
            if row is None:
                raise NotFound(f"No page {page} in file {file_id} of case {case_id}")
            if row.page_id is not None:
                return False
            connection.execute(RecordPageReadRow.__table__.insert().values(
                page_id=row.id, first_read_at=utcnow()))
    except IntegrityError:  # another window marked it between the look and the insert
        return False
    except OperationalError:  # busy past the timeout, or gone: the mark is not worth a failure
        raise DatabaseError("The page could not be noted as read: the case database is "
                            "busy or unavailable") from None
    return True


def coverage(database: Database, case_id: int) -> CaseCoverage:
    """Pages and pages opened for each document of the case, in the documents list's order
    (duplicates included: a copy the reviewer has not opened is still unread)."""
    documents = effective_documents()
    pages = (select(documents.c.id, func.count(RecordPageRow.id).label("pages"),
                    func.count(RecordPageReadRow.page_id).label("read"))
             .join(RecordPageRow, page_in(documents, RecordPageRow.file_id, RecordPageRow.number))
             .outerjoin(RecordPageReadRow, RecordPageReadRow.page_id == RecordPageRow.id)
             .where(documents.c.case_id == case_id)
             .group_by(documents.c.id).subquery())
    day = func.coalesce(documents.c.first_date, documents.c.service_date)
    query = (select(documents.c.id, documents.c.file_name, documents.c.kind, pages.c.pages,
                    pages.c.read)
             .outerjoin(pages, pages.c.id == documents.c.id)
             .where(documents.c.case_id == case_id)
             .order_by(day.is_(None), day, documents.c.file_id, documents.c.first_page))
    with database.session() as session:
        if session.get(CaseRow, case_id) is None:
            raise NotFound(f"No case with id {case_id}")
        rows = session.execute(query).all()
    return CaseCoverage([DocumentCoverage(row.id, row.file_name, DocumentKind(row.kind),
                                          row.pages or 0, row.read or 0) for row in rows])


def unread_warning(database: Database, case_id: int) -> str | None:
    """The letter checklist's line when documents have not been opened at all, else None."""
    found = coverage(database, case_id)
    unopened = len(found.unopened)
    if not unopened:
        return None
    verb = "has" if unopened == 1 else "have"
    noun = "document" if len(found.documents) == 1 else "documents"
    return f"{unopened} of {len(found.documents)} {noun} {verb} not been opened"
