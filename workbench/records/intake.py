"""Importing files into a case: copied, read page by page, searchable, then cut into documents.

``read_files`` does the reading on the calling thread; ``import_files`` reads
and then finds the documents; ``ImportJob`` runs ``import_files`` on a thread
of its own with progress and cancel, as the command line uses it. The window
reads with ``read_files`` and finds the documents in a task of their own, so
the pages are shown and searchable while the documents are found. For each file:

1. its kind is judged from its bytes and it is copied into the case's folder
   under its SHA-256 (a file already in the case is recognised by the hash);
2. a file row is made in state ``importing``: invisible to lists, search,
   the chronology and citations until step 4;
3. reading child processes (``worker``) send the pages, and the pages, their
   dates and providers and their search index rows are written in batches,
   one transaction per batch, so memory stays bounded and a cancelled or
   crashed import keeps what it finished;
4. the file's state is set to ``ready`` with the whole file as one provisional
   document, its documents not yet found (``found_with`` -1): its pages can
   be read and searched from here on;
5. the documents in the files not yet found are found, their chronology
   entries made, and reports present twice marked across the case
   (``documents.refresh_documents``, one transaction). Until then, or when the
   workbench stops in between, the file counts as found by older rules, and
   the next look at the case's records finds them.

Importing the same file again resumes an unfinished file, reading only
the pages it lacks. A file that cannot be read leaves nothing behind: its row
(with its pages and index rows) and its stored copy are removed. Logs carry
ids and counts only.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from sqlalchemy import delete, func, insert, select, update

from db.database import Database
from db.models import CaseRow, RECORD_PAGE_INDEX, RecordFileRow, RecordPageRow
from workbench.errors import NotFound
from workbench.records import files
from workbench.records.documents import (NOT_FOUND, file_summary, provisional_document,
                                         refresh_documents)
from workbench.records.kinds import ImportState, PageSource
from workbench.records.readers import READERS, Reader, drain

log = logging.getLogger(__name__)

BIG_PDF = 512 * 1024  # bytes above which a PDF is read by two processes


class Outcome(str, Enum):
    IMPORTED = "imported"
    RESUMED = "resumed"
    ALREADY = "already in the case"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class ImportOptions:
    password: str | None = None
    workers: int | None = None  # reading processes per PDF; None: both cores for large PDFs
    memory_mb: int = 2048  # address space a reading process may use
    cpu_seconds: int = 900  # CPU time a reading process may use
    quiet_seconds: float = 300.0  # longest wait for the next page before reading is stopped
    batch_pages: int = 128  # pages per transaction


@dataclass(frozen=True)
class ImportProgress:
    """Where an import is: which file of how many, and how many of its pages are stored."""

    file_index: int
    file_count: int
    name: str
    pages_done: int
    page_count: int | None
    finding: bool = False  # the pages are in; the documents in the files are being found


@dataclass(frozen=True)
class ImportResult:
    """One line per file: ``name`` as the caller gave it and a message completing it."""

    name: str
    outcome: Outcome
    message: str
    file_id: int | None = None
    pages: int = 0  # pages the document has
    pages_read: int = 0  # pages read by this import (fewer than ``pages`` when resumed)

    @property
    def ok(self) -> bool:
        return self.outcome in (Outcome.IMPORTED, Outcome.RESUMED, Outcome.ALREADY)

    @property
    def line(self) -> str:
        return f"{self.outcome.value}: {self.name} {self.message}"


class Cancelled(Exception):
    pass


ProgressCallback = Callable[[ImportProgress], None]


def import_files(database: Database, case_id: int, paths: Sequence[Path], *,
                 options: ImportOptions | None = None, progress: ProgressCallback | None = None,
                 cancel: threading.Event | None = None) -> list[ImportResult]:
    """Import ``paths`` into the case, one result per file; a bad file never stops the batch.

    ``read_files``, then the documents of the files read are found and copies marked
    across the case (``documents.refresh_documents``); each result names the file's
    documents ("(64 pages, 12 documents)", "(2 pages, PR-2, 03/14/2024)")."""
    results = read_files(database, case_id, paths, options=options, progress=progress,
                         cancel=cancel)
    read = [index for index, result in enumerate(results)
            if result.outcome in (Outcome.IMPORTED, Outcome.RESUMED)]
    if read:
        if progress is not None:
            last = results[read[-1]]
            progress(ImportProgress(len(paths) - 1, len(paths), last.name, last.pages, last.pages,
                                    finding=True))
        refresh_documents(database, case_id)
        results = [_with_documents(database, result) if index in read else result
                   for index, result in enumerate(results)]
    return results


def read_files(database: Database, case_id: int, paths: Sequence[Path], *,
               options: ImportOptions | None = None, progress: ProgressCallback | None = None,
               cancel: threading.Event | None = None) -> list[ImportResult]:
    """Read ``paths`` into the case, one result per file ("(64 pages)"); a bad file never
    stops the batch. Each file read is ready, one provisional document, its documents
    still to be found (``documents.refresh_documents``). Raises ``NotFound`` for no such case."""
    options = options or ImportOptions()
    cancel = cancel or threading.Event()
    with database.session() as session:
        if session.get(CaseRow, case_id) is None:
            raise NotFound(f"No case with id {case_id}")
    folder = files.case_folder(database.files, case_id)
    results = []
    for index, path in enumerate(paths):
        if cancel.is_set():
            results.append(ImportResult(path.name, Outcome.CANCELLED, "was not started"))
            continue
        run = _FileImport(database, case_id, folder, options, cancel,
                          lambda done, count, i=index, name=path.name: progress and progress(
                              ImportProgress(i, len(paths), name, done, count)))
        results.append(run.run(path))
    READERS.refill_later()
    return results


def _with_documents(database: Database, result: ImportResult) -> ImportResult:
    with database.engine.connect() as connection:
        summary = file_summary(connection, result.file_id)
    return ImportResult(result.name, result.outcome, f"({summary})", result.file_id,
                        result.pages, result.pages_read)


class ImportJob:
    """``import_files`` on a thread of its own: ``start()``, ``cancel()``, ``wait()``.

    ``progress`` is called on the import's thread; a window forwards it to its own.
    """

    def __init__(self, database: Database, case_id: int, paths: Sequence[Path], *,
                 options: ImportOptions | None = None, progress: ProgressCallback | None = None):
        self._args = (database, case_id, list(paths))
        self._options = options
        self._progress = progress
        self._cancel = threading.Event()
        self._results: list[ImportResult] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="records-import", daemon=True)

    def start(self) -> ImportJob:
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> list[ImportResult]:
        self._thread.join(timeout)
        if self._error is not None:
            raise self._error
        return self._results

    def _run(self) -> None:
        try:
            self._results = import_files(*self._args, options=self._options,
                                         progress=self._progress, cancel=self._cancel)
        except BaseException as error:  # handed to the waiting thread
            self._error = error


@dataclass
class _FileImport:
    database: Database
    case_id: int
    folder: Path
    options: ImportOptions
    cancel: threading.Event
    report: Callable[[int, int | None], object]
    file_id: int | None = None
    created: bool = False
    stored: files.StoredFile | None = None
    pending: list[list] = field(default_factory=list)
    done: set[int] = field(default_factory=set)
    count: int | None = None
    read: int = 0
    readers: list[Reader] = field(default_factory=list)
    retired: list[Reader] = field(default_factory=list)  # replaced while reading this file

    def run(self, path: Path) -> ImportResult:
        name = path.name
        try:
            media = files.media_type(path)
            # Reading processes start now, so their start-up overlaps the copy and hash.
            self.readers = READERS.take(self._workers(media, path))
            self.stored = files.store_copy(path, self.folder, media)
            existing = self._existing()
            if existing is not None and existing[1] is ImportState.READY:
                return ImportResult(name, Outcome.ALREADY, f"(file {existing[0]})",
                                    existing[0], existing[2] or 0)
            resumed = existing is not None
            self.file_id = existing[0] if existing else self._create(name)
            self.created = not resumed
            self._load_done()
            self.report(len(self.done), self.count)
            if self.count is None or len(self.done) < self.count:
                self._read_pages()
            summary = self._finish()
        except files.Refused as refusal:
            self._discard()
            return ImportResult(name, Outcome.FAILED, str(refusal))
        except Cancelled:
            self._flush()
            log.info("import of file %s cancelled after %d pages", self.file_id,
                     len(self.done))
            total = f" of {self.count}" if self.count else ""
            return ImportResult(name, Outcome.CANCELLED,
                                f"after {len(self.done)}{total} pages (import it again to resume)",
                                self.file_id, self.count or 0, self.read)
        except Exception as error:
            log.exception("import of a file failed (file %s)", self.file_id)
            self._discard()
            return ImportResult(name, Outcome.FAILED,
                                f"could not be imported ({type(error).__name__})")
        finally:
            READERS.give_back(self.readers)
        log.info("file %s ready: %d pages, %d read now", self.file_id, self.count,
                 self.read)
        outcome = Outcome.RESUMED if not self.created else Outcome.IMPORTED
        return ImportResult(name, outcome, f"({summary})", self.file_id, self.count or 0,
                            self.read)

    # -- the document row -------------------------------------------------

    def _existing(self) -> tuple[int, ImportState, int | None] | None:
        with self.database.engine.connect() as connection:
            row = connection.execute(
                select(RecordFileRow.id, RecordFileRow.state, RecordFileRow.page_count)
                .where(RecordFileRow.case_id == self.case_id,
                       RecordFileRow.sha256 == self.stored.sha256)).first()
        return (row[0], row[1], row[2]) if row else None

    def _create(self, name: str) -> int:
        with self.database.engine.begin() as connection:
            return connection.execute(insert(RecordFileRow).values(
                case_id=self.case_id, file_name=name, sha256=self.stored.sha256,
                media_type=self.stored.media, size=self.stored.size,
                state=ImportState.IMPORTING,
                imported_at=dt.datetime.now(dt.timezone.utc),
            ).returning(RecordFileRow.id)).scalar_one()

    def _load_done(self) -> None:
        with self.database.engine.connect() as connection:
            self.done = set(connection.scalars(select(RecordPageRow.number).where(
                RecordPageRow.file_id == self.file_id)))
            self.count = connection.scalar(select(RecordFileRow.page_count).where(
                RecordFileRow.id == self.file_id))

    def _discard(self) -> None:
        """Remove every trace of a file that could not be imported (or of an unreadable resume)."""
        if self.file_id is not None:
            with self.database.engine.begin() as connection:
                connection.execute(delete(RecordFileRow).where(
                    RecordFileRow.id == self.file_id))
            self.file_id = None
        if self.stored is not None:
            self.stored.path.unlink(missing_ok=True)

    # -- reading ----------------------------------------------------------

    def _workers(self, media: str, path: Path) -> int:
        if self.options.workers:
            return self.options.workers
        if media == "pdf" and path.stat().st_size > BIG_PDF:
            return max(1, min(2, os.cpu_count() or 1))
        return 1

    def _read_pages(self) -> None:
        messages: queue.Queue = queue.Queue(maxsize=64)
        for reader in self.readers:
            reader.start(self._request(reader.index, len(self.readers)), messages)
        try:
            self._collect(messages)
        finally:
            for reader in self.readers:
                if not reader.reusable():
                    reader.stop()
            drain(messages, self.readers + self.retired)
        self._flush()

    def _request(self, index: int, workers: int) -> dict:
        return {"path": str(self.stored.path), "media": self.stored.media,
                "password": (self.options.password
                             if self.stored.media in ("pdf", "docx") else None),
                "skip": sorted(self.done), "worker": index, "workers": workers,
                "memory_mb": self.options.memory_mb, "cpu_seconds": self.options.cpu_seconds}

    def _collect(self, messages: queue.Queue) -> None:
        finished = 0
        last = time.monotonic()
        while finished < len(self.readers):
            if self.cancel.is_set():
                raise Cancelled
            try:
                reader, message = messages.get(timeout=0.1)
            except queue.Empty:
                if time.monotonic() - last > self.options.quiet_seconds:
                    raise files.Refused(f"took longer than {self.options.quiet_seconds:g} s "
                                        "to read a page (stopped)")
                continue
            if reader not in self.readers:
                continue  # the last words of a reader that was replaced
            last = time.monotonic()
            if (message is None or "error" in message) and reader.failed_unheard():
                self._replace(reader, messages)
                continue
            if message is None:
                finished += 1
                reader.check_ended()
                continue
            if "error" in message:
                raise files.Refused(message["error"])
            if "count" in message:
                if self.count is None:
                    self.count = message["count"]
                    self._set_count()
                continue
            if "pages" in message:
                self.pending.extend(message["pages"])
                self.read += len(message["pages"])
                if len(self.pending) >= self.options.batch_pages:
                    self._flush()
                self.report(len(self.done) + len(self.pending), self.count)
            elif message.get("done"):
                reader.done = True
        if self.count is not None and len(self.done) + len(self.pending) < self.count:
            raise files.Refused("could not be read completely")

    def _replace(self, reader: Reader, messages: queue.Queue) -> None:
        """A reader from the pool that fails before it says a word of this file may be
        at fault, not the file: a new process reads its share instead."""
        log.info("a pooled reader failed before reading document %s; starting a new one",
                 self.file_id)
        reader.stop()
        self.retired.append(reader)
        fresh = Reader(reader.index).spawn()
        self.readers[self.readers.index(reader)] = fresh
        fresh.start(self._request(fresh.index, len(self.readers)), messages)

    def _set_count(self) -> None:
        with self.database.engine.begin() as connection:
            connection.execute(update(RecordFileRow).where(
                RecordFileRow.id == self.file_id).values(page_count=self.count))

    def _flush(self) -> None:
        """Store the pages read so far, with their index rows, in one transaction."""
        if not self.pending or self.file_id is None:
            return
        rows = [{"file_id": self.file_id, "number": number, "text": text,
                 "source": PageSource(source), "ocr_confidence": confidence,
                 "service_date": dt.date.fromisoformat(day) if day else None,
                 "provider": provider, "rotation": rotation}
                for number, text, source, confidence, day, provider, rotation in self.pending]
        numbers = [row["number"] for row in rows]
        with self.database.engine.begin() as connection:
            # A plain many-row insert (the driver's executemany; RETURNING would make
            # it row by row), then the index reads the new rows' text where it lies.
            connection.execute(insert(RecordPageRow), rows)
            RECORD_PAGE_INDEX.index_rows(connection, select(RecordPageRow.id).where(
                RecordPageRow.file_id == self.file_id,
                RecordPageRow.number.in_(numbers)))
        self.done.update(row["number"] for row in rows)
        self.pending = []

    # -- finishing --------------------------------------------------------

    def _finish(self) -> str:
        """Make the file ready as one provisional document, its documents to be found."""
        with self.database.engine.begin() as connection:
            count = self.count or connection.scalar(
                select(func.count()).select_from(RecordPageRow)
                .where(RecordPageRow.file_id == self.file_id))
            connection.execute(update(RecordFileRow).where(
                RecordFileRow.id == self.file_id).values(
                page_count=count, state=ImportState.READY, found_with=NOT_FOUND))
            provisional_document(connection, self.case_id, self.file_id, count)
        return f"{count} page{'s' if count != 1 else ''}"
