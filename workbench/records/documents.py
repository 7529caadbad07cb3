"""The documents in a case: page ranges over its files, the reviewer's corrections, "documents reviewed".

A file the parties sent is often a packet: an IMR application, a UR letter,
years of PR-2s and imaging reports in one PDF. The rules
(``segmenting.find_documents``) cut each file into documents and say what
each is; the reviewer splits, merges and corrects them. What the rules found
is stored in ``record_documents``; what the reviewer said is stored apart in
``record_corrections``, keyed by the file's SHA-256 and the page, so finding
the documents again (better rules, a resumed import) never undoes it, and
everything shown uses the reviewer's word where there is one.

Pages are addressed by file and page of the file (1-based), whichever
document they belong to now: a citation, a chronology entry and a page read
stay put when a document is split or merged.

The letter's optional "DOCUMENTS REVIEWED" section prints one line per
document (duplicates left out), when the case says so or, if the case says
nothing, when the workbench default does (off unless turned on).
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from db.database import Database
from db.models import (
    CaseRow,
    RecordCorrectionRow,
    RecordDocumentRow,
    RecordFileRow,
    RecordPageRow,
    WorkbenchSettingRow,
)
from workbench.case import Case
from workbench.errors import NotFound, WorkbenchError
from workbench.records.chronology import UNCHANGED, make_entries
from workbench.records.duplicates import DocumentText, find_duplicates
from workbench.records.kinds import DocumentKind, ImportState, PageSource
from workbench.records.placement import effective_documents, page_in
from workbench.records.segmenting import find_documents

log = logging.getLogger(__name__)

DOCUMENTS_REVIEWED_DEFAULT = "letter.documents_reviewed"
# The version of the rules that find documents in a file. A file whose documents were
# found by older rules (or before files held documents) has them found again when its
# case is opened; the reviewer's corrections are applied again on top.
FINDING_RULES = 1
# ``found_with`` of a file just read: one provisional document until its documents are found.
NOT_FOUND = -1


def format_date(day: dt.date) -> str:
    """Dates as IMR letters print them: 04/15/2015."""
    return day.strftime("%m/%d/%Y")


def format_dates(start: dt.date | None, end: dt.date | None) -> str:
    """"04/15/2015", or "04/15/2015 to 06/01/2015" for a document spanning visits."""
    if start is None:
        return ""
    end = end or start
    if end == start:
        return format_date(start)
    return f"{format_date(start)} to {format_date(end)}"


@dataclass(frozen=True)
class RecordDocument:
    """One document: pages ``first_page``..``last_page`` (1-based, inclusive) of a file."""

    id: int
    file_id: int
    file_name: str
    media_type: str
    first_page: int
    last_page: int
    file_pages: int  # pages of the whole file
    kind: DocumentKind  # the reviewer's choice if made, else the rules'
    found_kind: DocumentKind  # what the rules found
    service_date: dt.date | None
    first_date: dt.date | None
    last_date: dt.date | None
    provider: str | None  # the author (reviewer's word if given)
    facility: str | None
    ocr_pages: int
    ocr_confidence: float | None  # mean over the OCR'd pages
    corrected: bool  # the reviewer changed kind, date or author
    duplicate_of: int | None  # the earlier document this one repeats
    found: bool = True  # False: the whole file, provisionally, until its documents are found

    @property
    def page_count(self) -> int:
        return self.last_page - self.first_page + 1

    @property
    def pages(self) -> str:
        """"pp. 12-15" or "p. 7" of the file."""
        if self.first_page == self.last_page:
            return f"p. {self.first_page}"
        return f"pp. {self.first_page}-{self.last_page}"

    @property
    def whole_file(self) -> bool:
        return self.first_page == 1 and self.last_page >= self.file_pages

    @property
    def dates(self) -> str:
        return format_dates(self.first_date or self.service_date, self.last_date)

    @property
    def label(self) -> str:
        """"PR-2, 04/15/2015": how lists and citations name the document."""
        day = self.service_date or self.first_date
        return self.kind.label + (f", {format_date(day)}" if day else "")

    def holds(self, file_id: int, page: int) -> bool:
        return file_id == self.file_id and self.first_page <= page <= self.last_page


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


@dataclass(frozen=True)
class Correction:
    """The reviewer's word about the document starting (or not) at ``page`` of a file."""

    page: int
    starts: bool | None
    kind: DocumentKind | None
    service_date: dt.date | None
    provider: str | None
    not_duplicate: bool


# -- the documents ---------------------------------------------------------------


def list_documents(database: Database, case_id: int, *, order: str = "date",
                   where=None) -> list[RecordDocument]:
    """The case's documents: by date (undated last, then as in the files), or with
    ``order="file"`` as they lie in the files (file by file, page by page). ``where``:
    a function of the documents subquery giving a further condition (one document)."""
    documents = effective_documents()
    chosen = documents.c.case_id == case_id
    if where is not None:
        chosen = chosen & where(documents)
    ocr = (select(documents.c.id, func.count(RecordPageRow.id).label("pages"),
                  func.avg(RecordPageRow.ocr_confidence).label("confidence"))
           .join(RecordPageRow, page_in(documents, RecordPageRow.file_id, RecordPageRow.number))
           .where(chosen, RecordPageRow.source == PageSource.OCR)
           .group_by(documents.c.id).subquery())
    query = (select(documents, ocr.c.pages.label("ocr_pages"), ocr.c.confidence)
             .outerjoin(ocr, ocr.c.id == documents.c.id)
             .where(chosen))
    if order == "file":
        query = query.order_by(documents.c.file_id, documents.c.first_page)
    else:
        day = func.coalesce(documents.c.first_date, documents.c.service_date)
        query = query.order_by(day.is_(None), day, documents.c.file_id, documents.c.first_page)
    with database.session() as session:
        _require_case(session, case_id)
        return [_document(row) for row in session.execute(query)]


def _document(row) -> RecordDocument:
    return RecordDocument(
        id=row.id, file_id=row.file_id, file_name=row.file_name, media_type=row.media_type,
        first_page=row.first_page, last_page=row.last_page, file_pages=row.file_pages or 0,
        kind=DocumentKind(row.kind), found_kind=DocumentKind(row.found_kind),
        service_date=row.service_date, first_date=row.first_date, last_date=row.last_date,
        provider=row.provider, facility=row.facility, ocr_pages=row.ocr_pages or 0,
        ocr_confidence=round(row.confidence, 1) if row.confidence else None,
        corrected=bool(row.corrected), duplicate_of=row.duplicate_of, found=bool(row.found))


def get_document(database: Database, case_id: int, document_id: int) -> RecordDocument:
    found = list_documents(database, case_id, where=lambda d: d.c.id == document_id)
    if not found:
        raise NotFound(f"No document {document_id} in case {case_id}")
    return found[0]


def document_at(database: Database, case_id: int, file_id: int, page: int) -> RecordDocument:
    """The document a page of a file belongs to."""
    found = list_documents(database, case_id, where=lambda d: page_in(d, file_id, page))
    if not found:
        raise NotFound(f"No page {page} in file {file_id} of case {case_id}")
    return found[0]


def document_texts(database: Database, case_id: int, kinds: Collection[DocumentKind] = (),
                   ) -> list[tuple[RecordDocument, list[tuple[int, str]]]]:
    """Documents of the given kinds (all when none given), each with its pages as
    (page of the file, text), in file order."""
    wanted = [d for d in list_documents(database, case_id, order="file")
              if not kinds or d.kind in kinds]
    result = []
    with database.engine.connect() as connection:
        for document in wanted:
            pages = connection.execute(
                select(RecordPageRow.number, RecordPageRow.text)
                .where(RecordPageRow.file_id == document.file_id,
                       RecordPageRow.number.between(document.first_page, document.last_page))
                .order_by(RecordPageRow.number)).all()
            result.append((document, [(number, text) for number, text in pages]))
    return result


def unfinished_imports(database: Database, case_id: int) -> int:
    """Files still ``importing`` (cancelled or interrupted): importing them again resumes."""
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(RecordFileRow).where(
            RecordFileRow.case_id == case_id,
            RecordFileRow.state == ImportState.IMPORTING)) or 0


# -- finding documents ----------------------------------------------------------


def find_file_documents(connection: Connection, case_id: int, file_id: int, *,
                        around: Collection[int] = ()) -> None:
    """(Re)find the documents of a file with the current rules and the reviewer's corrections.

    ``around``: pages where only the reviewer's starts changed (a split, a merge, their
    undo). Then only the documents on either side of those pages are found again, the
    rest of the file left as it is, so a correction in an 800-page packet costs what
    its few documents cost. Otherwise the whole file is read again.

    Document rows are kept (with their ids) where a document still starts on the same
    page, so ids the reviewer or a script holds stay valid. The file's chronology entries
    follow. Duplicates are not marked here (see ``mark_duplicates``).
    """
    file = connection.execute(select(RecordFileRow.sha256, RecordFileRow.page_count)
                              .where(RecordFileRow.id == file_id)).one()
    existing = dict(connection.execute(select(RecordDocumentRow.first_page, RecordDocumentRow.id)
                                       .where(RecordDocumentRow.file_id == file_id)).all())
    first, last = 1, None
    if around and existing:
        starts_before = sorted(existing)
        lasts = dict(connection.execute(select(RecordDocumentRow.first_page,
                                               RecordDocumentRow.last_page)
                                        .where(RecordDocumentRow.file_id == file_id)).all())
        # From the start of the document before the first page concerned to the end of
        # the document holding the last one.
        low = bisect.bisect_right(starts_before, max(min(around) - 1, 1)) - 1
        high = bisect.bisect_right(starts_before, max(around)) - 1
        first = starts_before[max(low, 0)]
        last = lasts[starts_before[max(high, 0)]]
    page_filter = RecordPageRow.file_id == file_id
    if last is not None:
        page_filter = page_filter & RecordPageRow.number.between(first, last)
    texts = dict(connection.execute(select(RecordPageRow.number, RecordPageRow.text)
                                    .where(page_filter)).all())
    if last is None:
        last = max([file.page_count or 0, *texts])
    pages = [texts.get(number, "") for number in range(first, last + 1)]
    starts = {row.page - first + 1: row.starts for row in connection.execute(
        select(RecordCorrectionRow.page, RecordCorrectionRow.starts).where(
            RecordCorrectionRow.case_id == case_id, RecordCorrectionRow.sha256 == file.sha256,
            RecordCorrectionRow.starts.is_not(None),
            RecordCorrectionRow.page.between(first, last)))}
    starts.pop(1, None)  # the range's first page starts a document whatever it says
    found = [replace(document, first_page=document.first_page + first - 1,
                     last_page=document.last_page + first - 1)
             for document in (find_documents(pages, starts=starts) if pages else [])]
    existing = {page: document_id for page, document_id in existing.items()
                if first <= page <= last}
    kept = {document.first_page for document in found}
    gone = [document_id for first, document_id in existing.items() if first not in kept]
    if gone:
        connection.execute(delete(RecordDocumentRow).where(RecordDocumentRow.id.in_(gone)))
    changed, added = [], []
    for document in found:
        values = {"first_page": document.first_page, "last_page": document.last_page,
                  "kind": document.kind, "service_date": document.service_date,
                  "first_date": document.first_date, "last_date": document.last_date,
                  "provider": document.author, "facility": document.facility}
        if document.first_page in existing:
            changed.append({"document_id": existing[document.first_page], **values})
        else:
            added.append({"case_id": case_id, "file_id": file_id, "duplicate_of": None,
                          **values})
    # Many rows in one statement each (a 3,000-page packet holds about 2,000 documents).
    if changed:
        connection.execute(update(RecordDocumentRow).where(
            RecordDocumentRow.id == bindparam("document_id")), changed)
    if added:
        connection.execute(insert(RecordDocumentRow), added)
    if not around:
        connection.execute(update(RecordFileRow).where(RecordFileRow.id == file_id)
                           .values(found_with=FINDING_RULES))
    make_entries(connection, case_id, file_id, afresh=not around)


def provisional_document(connection: Connection, case_id: int, file_id: int, pages: int) -> None:
    """The whole file as one document (kind "other", nothing found yet), unless the file has
    documents already: what a file just read shows until its documents are found, so its
    pages can be read and searched meanwhile (not cited: their kind is not known yet)."""
    if connection.scalar(select(RecordDocumentRow.id).where(
            RecordDocumentRow.file_id == file_id).limit(1)) is None:
        connection.execute(insert(RecordDocumentRow).values(
            case_id=case_id, file_id=file_id, first_page=1, last_page=max(pages, 1),
            kind=DocumentKind.OTHER))


def file_summary(connection: Connection, file_id: int) -> str:
    """What a file holds, for an import's line: "64 pages, 12 documents", or with one
    document its kind and date ("2 pages, PR-2, 03/14/2024")."""
    count = connection.scalar(select(RecordFileRow.page_count)
                              .where(RecordFileRow.id == file_id)) or 0
    found = connection.execute(
        select(RecordDocumentRow.kind, RecordDocumentRow.service_date)
        .where(RecordDocumentRow.file_id == file_id)
        .order_by(RecordDocumentRow.first_page)).all()
    parts = [f"{count} page{'s' if count != 1 else ''}"]
    if len(found) == 1:
        kind, service_date = found[0]
        parts.append(DocumentKind(kind).label)
        if service_date:
            parts.append(format_date(service_date))
    else:
        parts.append(f"{len(found)} documents")
    return ", ".join(parts)


def mark_duplicates(connection: Connection, case_id: int) -> int:
    """Mark each document that repeats an earlier one (in file order) with ``duplicate_of``;
    returns how many are marked. The chronology leaves duplicates out. Files just read (one
    provisional document each) wait for their documents to be found."""
    compared = ((RecordFileRow.case_id == case_id) & (RecordFileRow.state == ImportState.READY)
                & (RecordFileRow.found_with != NOT_FOUND))
    rows = connection.execute(
        select(RecordDocumentRow.id, RecordDocumentRow.file_id, RecordDocumentRow.first_page,
               RecordDocumentRow.last_page, RecordDocumentRow.duplicate_of)
        .join(RecordFileRow, RecordFileRow.id == RecordDocumentRow.file_id).where(compared)
        .order_by(RecordDocumentRow.file_id, RecordDocumentRow.first_page)).all()
    # Every page of those files in one query: {file id: {page number: text}}.
    texts: dict[int, dict[int, str]] = {}
    for file_id, number, text in connection.execute(
            select(RecordPageRow.file_id, RecordPageRow.number, RecordPageRow.text)
            .join(RecordFileRow, RecordFileRow.id == RecordPageRow.file_id).where(compared)):
        texts.setdefault(file_id, {})[number] = text
    # The finder keeps what it prepared for the next look at the case (after an import or a
    # correction most pages and documents are the ones it saw).
    found = find_duplicates([
        DocumentText(row.id, [texts.get(row.file_id, {}).get(number, "")
                              for number in range(row.first_page, row.last_page + 1)])
        for row in rows], remember=(str(connection.engine.url), case_id))
    changed = [row for row in rows if found.get(row.id) != row.duplicate_of]
    if changed:  # in one statement
        connection.execute(update(RecordDocumentRow).where(
            RecordDocumentRow.id == bindparam("document_id"))
            .values(duplicate_of=bindparam("original")),
            [{"document_id": row.id, "original": found.get(row.id)} for row in changed])
    for file_id in sorted({row.file_id for row in changed}):
        make_entries(connection, case_id, file_id)
    return len(found)


def stale_files(database: Database, case_id: int) -> list[int]:
    """Ready files of the case whose documents are not found yet (just read) or were found
    by older rules (one query)."""
    with database.engine.connect() as connection:
        return list(connection.scalars(_stale(case_id)))


def _stale(case_id: int):
    return select(RecordFileRow.id).where(
        RecordFileRow.case_id == case_id, RecordFileRow.state == ImportState.READY,
        RecordFileRow.found_with < FINDING_RULES).order_by(RecordFileRow.id)


def refresh_documents(database: Database, case_id: int) -> int:
    """Find the documents of files just read, or found by older rules, and mark copies
    across the case; returns how many files.

    Cheap when nothing is stale (one query), so it runs whenever a case's records are
    shown or listed. One finder at a time: the case's files are locked before anything is
    read (two windows, or a window and the command line, never both write the same
    documents), and the stale files are looked up again under the lock. Nothing is done on
    a read-only database.
    """
    if database.read_only or not stale_files(database, case_id):
        return 0
    with database.engine.begin() as connection:
        _lock_files(connection, case_id)
        stale = list(connection.scalars(_stale(case_id)))
        for file_id in stale:
            find_file_documents(connection, case_id, file_id)
        if stale:
            mark_duplicates(connection, case_id)
    if stale:
        log.info("documents found in %d files of case %s", len(stale), case_id)
    return len(stale)


def _lock_files(connection: Connection, case_id: int) -> None:
    """Take the write lock on the case's files before reading their documents: SQLite's
    database lock (a write statement's first step), PostgreSQL's row locks. A writer that
    finds documents from what it read before another one's commit would add rows over
    pages the other already placed."""
    connection.execute(update(RecordFileRow).where(RecordFileRow.case_id == case_id)
                       .values(found_with=RecordFileRow.found_with))


# -- the reviewer's corrections ---------------------------------------------------


def split_document(database: Database, case_id: int, document_id: int,
                   page: int) -> RecordDocument:
    """Start a new document at ``page`` (a page of the file, after the document's first
    and within it); returns the new document. ``NotFound``, or ``WorkbenchError`` for a
    page where no split can be made."""
    document = _found_document(database, case_id, document_id)
    if not document.first_page < page <= document.last_page:
        raise WorkbenchError(
            f"Page {page} is not inside document {document_id} after its first page "
            f"({document.pages} of its file)")
    _correct(database, case_id, document.file_id, page, starts=True)
    return document_at(database, case_id, document.file_id, page)


def merge_document(database: Database, case_id: int, document_id: int) -> RecordDocument:
    """Join a document to the one before it in its file; returns the joined document."""
    document = _found_document(database, case_id, document_id)
    if document.first_page == 1:
        raise WorkbenchError(f"Document {document_id} is the first of its file: "
                             "there is no document before it to join")
    # The page no longer starts a document: the reviewer's kind, date or author for the
    # document that started there go with it.
    _correct(database, case_id, document.file_id, document.first_page, starts=False,
             kind=None, service_date=None, provider=None, not_duplicate=False)
    return document_at(database, case_id, document.file_id, document.first_page)


def correct_document(database: Database, case_id: int, document_id: int, *, kind=UNCHANGED,
                     service_date=UNCHANGED, provider=UNCHANGED,
                     not_duplicate=UNCHANGED) -> RecordDocument:
    """The reviewer's kind, date of service, author, or "not a duplicate" for a document
    (None, or False for ``not_duplicate``: the rules' word again). Its chronology entries
    follow, except those the reviewer edited."""
    document = _found_document(database, case_id, document_id)
    values = {name: value for name, value in (
        ("kind", kind), ("service_date", service_date), ("provider", provider),
        ("not_duplicate", not_duplicate)) if value is not UNCHANGED}
    _correct(database, case_id, document.file_id, document.first_page, **values)
    return document_at(database, case_id, document.file_id, document.first_page)


def _found_document(database: Database, case_id: int, document_id: int) -> RecordDocument:
    """The document, if its file's documents have been found; ``WorkbenchError`` while the
    file is still one provisional document (a correction would be made on the wrong pages)."""
    document = get_document(database, case_id, document_id)
    if not document.found:
        raise WorkbenchError("The documents of this file are still being found: "
                             "try again in a moment")
    return document


def _correct(database: Database, case_id: int, file_id: int, page: int, **values) -> None:
    with database.engine.begin() as connection:
        _lock_files(connection, case_id)
        sha256 = _file_hash(connection, case_id, file_id)
        key = {"case_id": case_id, "sha256": sha256, "page": page}
        current = connection.execute(select(RecordCorrectionRow).filter_by(**key)).first()
        merged = {"starts": None, "kind": None, "service_date": None, "provider": None,
                  "not_duplicate": False}
        if current is not None:
            merged.update({name: getattr(current, name) for name in merged})
        merged.update(values)
        connection.execute(delete(RecordCorrectionRow).filter_by(**key))
        if merged != {"starts": None, "kind": None, "service_date": None, "provider": None,
                      "not_duplicate": False}:
            connection.execute(insert(RecordCorrectionRow).values(**key, **merged))
        if "starts" in values:
            # The documents around the page are found again; the rest stay.
            find_file_documents(connection, case_id, file_id, around=[page])
            mark_duplicates(connection, case_id)
        else:
            # Kind, date, author and "not a duplicate" are read through the corrections
            # (``placement``): only the chronology is made again.
            make_entries(connection, case_id, file_id)


def file_corrections(database: Database, case_id: int, file_id: int) -> list[Correction]:
    """Everything the reviewer said about a file's documents (for undo: see
    ``restore_corrections``)."""
    with database.engine.connect() as connection:
        sha256 = _file_hash(connection, case_id, file_id)
        rows = connection.execute(select(RecordCorrectionRow.__table__).where(
            RecordCorrectionRow.case_id == case_id, RecordCorrectionRow.sha256 == sha256)
            .order_by(RecordCorrectionRow.page)).all()
    return [Correction(row.page, row.starts, row.kind, row.service_date, row.provider,
                       row.not_duplicate) for row in rows]


def restore_corrections(database: Database, case_id: int, file_id: int,
                        corrections: Sequence[Correction]) -> None:
    """Put a file's corrections back as ``file_corrections`` gave them, and find its
    documents again around the pages whose starts differ: the undo and redo of a split,
    merge or correction."""
    with database.engine.begin() as connection:
        _lock_files(connection, case_id)
        sha256 = _file_hash(connection, case_id, file_id)
        where = ((RecordCorrectionRow.case_id == case_id)
                 & (RecordCorrectionRow.sha256 == sha256))
        before = dict(connection.execute(select(RecordCorrectionRow.page,
                                                RecordCorrectionRow.starts).where(where)).all())
        connection.execute(delete(RecordCorrectionRow).where(where))
        if corrections:
            connection.execute(insert(RecordCorrectionRow), [
                {"case_id": case_id, "sha256": sha256, "page": c.page, "starts": c.starts,
                 "kind": c.kind, "service_date": c.service_date, "provider": c.provider,
                 "not_duplicate": c.not_duplicate} for c in corrections])
        after = {c.page: c.starts for c in corrections}
        moved = [page for page in set(before) | set(after)
                 if before.get(page) != after.get(page)]
        if moved:
            find_file_documents(connection, case_id, file_id, around=moved)
            mark_duplicates(connection, case_id)
        else:
            make_entries(connection, case_id, file_id)


def _file_hash(connection: Connection, case_id: int, file_id: int) -> str:
    sha256 = connection.scalar(select(RecordFileRow.sha256).where(
        RecordFileRow.id == file_id, RecordFileRow.case_id == case_id,
        RecordFileRow.state == ImportState.READY))
    if sha256 is None:
        raise NotFound(f"No file {file_id} in case {case_id}")
    return sha256


def documents_reviewed(database: Database, case_id: int) -> list[ReviewedDocument]:
    """Every document by kind, author, date or date range, and pages; copies of a report
    and fax cover sheets are not documents the reviewer reviewed, and a file whose
    documents are still being found has none to list yet."""
    return [ReviewedDocument(d.kind.label, d.provider, d.dates, d.page_count)
            for d in list_documents(database, case_id)
            if d.found and d.duplicate_of is None and d.kind is not DocumentKind.FAX_COVER]


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
