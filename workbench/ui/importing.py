"""Adding records to the open case from the window: dialog, drag and drop, progress, cancel."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.changes import RECORDS, Changes
from workbench.ui.context import CaseContext
from workbench.ui.document_finding import find_documents_later
from workbench.ui.record_passwords import offer_passwords
from workbench.ui.tasks import Progress, Task

if TYPE_CHECKING:
    from workbench.records.intake import ImportResult

RECORD_FILTER = ("Records (*.pdf *.docx *.rtf *.html *.htm *.txt *.png *.jpg *.jpeg *.tif "
                 "*.tiff);;All files (*)")


def start_import(context: CaseContext, paths: Sequence[Path],
                 password: str | None = None) -> Task | None:
    """Import ``paths`` into the open case on a worker thread; the records view refreshes after,
    and the documents in the files are found next (``document_finding``). Files that need
    a password are asked for it afterwards (``record_passwords``)."""
    case_id = context.case_id
    if case_id is None or not paths:
        return None
    paths = [Path(p) for p in paths]

    from workbench.records.intake import ImportOptions, read_files  # loads on first import

    def work(progress: Progress) -> list[ImportResult]:
        def report(where) -> None:
            total = where.page_count or 0
            text = f"Importing {where.name} ({where.file_index + 1} of {where.file_count})"
            progress.report(where.pages_done, total, text)

        options = ImportOptions(password=password)
        # The pages first: shown and searchable as soon as they are in; the documents
        # in them are found next, on a task of their own (``document_finding``).
        return read_files(context.database, case_id, paths, options=options,
                          progress=report, cancel=progress.cancelled)

    noun = "file" if len(paths) == 1 else "files"
    task = Task(f"Import {len(paths)} {noun}", work)
    task.succeeded.connect(lambda results: _done(context, results))
    task.succeeded.connect(lambda results: offer_passwords(
        results, paths, lambda locked, given: start_import(context, locked, given)))
    task.ended.connect(lambda: context.ops.announce(Changes.of(RECORDS, case_id=case_id)))
    task.ended.connect(lambda: find_documents_later(context, case_id, again=True))
    return context.tasks.run(task)


def summary_line(results: Sequence[ImportResult]) -> str:
    """One status line for a batch: what came in, what did not."""
    ok = [r for r in results if r.ok]
    pages = sum(r.pages_read for r in ok)
    failed = [r for r in results if not r.ok]
    parts = [f"Imported {len(ok)} of {len(results)} files ({pages} pages read)"]
    if failed:
        parts.append("; ".join(r.line for r in failed))
    return ". ".join(parts)


def _done(context: CaseContext, results: list[ImportResult]) -> None:
    context.status.emit(summary_line(results))
    context.import_finished.emit(results)
