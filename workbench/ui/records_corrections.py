"""Correcting the documents of a packet where the reviewer reads them: split, merge, kind,
date, author and "not a duplicate", each one undoable step.

A packet's documents are found by rules; the reviewer's word is kept beside them in
the records, per file (``records.documents``). Every correction here is one core
call (one transaction) followed by one RECORDS notification, and its undo step
holds the file's corrections as they were before and after (``file_corrections``),
which ``restore_corrections`` puts back on undo and redo. The steps live on the
records view's own undo stack (``undo_focus``: Edit ▸ Undo acts on it while the
records view has the focus). A step whose file was corrected elsewhere since
(another window, the command line) is not applied over that work: the status line
says so and the records' undo history starts again.

A correction finds the documents of the whole file again and marks duplicates
across the case, about 2 ms a page of the file: for a file of ``QUICK_PAGES``
pages or fewer it runs on the window's thread through ``ops.run``; a longer
file's correction runs as a task (the status bar shows it) and is announced
through ``ops.announce`` when it ends, so typing never waits for an 800-page
packet. Corrections, undos and redos run one after another in the order asked.

Split and merge act on the page the viewer shows: "Split Document Here" starts a
new document at that page (not on a document's first page), "Merge with Previous
Document" joins the shown page's document to the one before it in its file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from workbench.changes import RECORDS, Changes
from workbench.errors import WorkbenchError
from workbench.records.chronology import UNCHANGED
from workbench.records.documents import (
    Correction,
    RecordDocument,
    correct_document,
    document_at,
    file_corrections,
    get_document,
    merge_document,
    restore_corrections,
    split_document,
)
from workbench.records.kinds import DocumentKind
from workbench.records.pages import RecordPage
from workbench.ui.context import CaseContext
from workbench.ui.records_document_dialog import DocumentDialog
from workbench.ui.tasks import Task

log = logging.getLogger(__name__)

SPLIT_KEY = "Ctrl+Shift+S"
MERGE_KEY = "Ctrl+Shift+M"
EDIT_KEY = "Ctrl+Shift+D"
NOT_DUPLICATE_KEY = "Ctrl+Shift+U"
# Files of this many pages or fewer are corrected on the window's thread (documents found
# again around the page, copies marked again across the case: well under the blink of a
# menu closing); longer ones as a task.
QUICK_PAGES = 40
READ_ONLY = "This database is read-only: the records cannot be corrected."
NOT_STORED = "The correction could not be stored: the case database is busy or unavailable."
ELSEWHERE = ("These records were corrected elsewhere since: the step was not undone or "
             "redone, so that work stays (the records' undo history starts again).")


def named(document: RecordDocument) -> str:
    """"PR-2 pp. 1-2": a document as the status line names it (kind and pages of its file)."""
    return f"{document.kind.label} {document.pages}"


@dataclass(frozen=True)
class Made:
    """What a correction did, found where it ran: its file's corrections before and after,
    the document it gave, and the status line saying so."""

    before: list[Correction]
    after: list[Correction]
    document: RecordDocument
    message: str


@dataclass
class _Job:
    """One correction, undo or redo waiting its turn: ``work`` runs the core (on the window's
    thread or a task's), ``done`` takes its result on the window's thread."""

    title: str
    case_id: int
    file_pages: int
    work: Callable[[], Any]
    done: Callable[[Any], None]


class CorrectionStep(QUndoCommand):
    """One correction of one file's documents: its corrections before and after."""

    def __init__(self, corrections: DocumentCorrections, case_id: int, file_id: int,
                 file_pages: int, made: Made, label: str):
        super().__init__(label)
        self.corrections = corrections
        self.case_id, self.file_id, self.file_pages = case_id, file_id, file_pages
        self.before, self.after = list(made.before), list(made.after)
        self.done = made.message  # the status line the correction gave
        self._first = True

    def redo(self) -> None:
        if self._first:  # the correction is already made when the step is pushed
            self._first = False
            return
        self.corrections.put_back(self, self.before, self.after, f"Redone: {self.done}")

    def undo(self) -> None:
        self.corrections.put_back(self, self.after, self.before, f"Undone: {self.text()}.")


class DocumentCorrections(QObject):
    """The correction actions of the records view and its undo stack.

    ``shown`` returns the page the viewer shows (or None); the actions act on it and
    its document. ``listed`` finds a document by id among those the view lists (kept
    current by the RECORDS notification), so enabling the actions for each page turned
    costs no query. ``update()`` enables them for the page shown; the view calls it
    whenever the page or the documents change.
    """

    def __init__(self, context: CaseContext, view: QWidget,
                 shown: Callable[[], RecordPage | None],
                 listed: Callable[[int], RecordDocument | None]):
        super().__init__(view)
        self.context = context
        self.view = view
        self.shown = shown
        self.listed = listed
        self.undo_stack = QUndoStack(self)
        self._jobs: list[_Job] = []  # the first is running (as a task, when one is)
        self.split_action = self._action("&Split Document Here", self.split_here, SPLIT_KEY,
                                         "Start a new document at the page shown")
        self.merge_action = self._action("&Merge with Previous Document", self.merge_previous,
                                         MERGE_KEY, "Join the document shown to the one "
                                         "before it in its file")
        self.edit_action = self._action("&Edit Document…", self.edit_document, EDIT_KEY,
                                        "Kind, date of service and author of the document "
                                        "shown")
        self.not_duplicate_action = self._action(
            "&Not a Duplicate", self.not_duplicate, NOT_DUPLICATE_KEY,
            "The document shown is not a copy of an earlier one: list, search and date it")
        self.update()

    def _action(self, text: str, slot, key: str, tip: str) -> QAction:
        action = QAction(text, self.view)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.WindowShortcut)
        action.setToolTip(f"{tip} ({key})")
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    @property
    def actions(self) -> list[QAction]:
        return [self.split_action, self.merge_action, self.edit_action,
                self.not_duplicate_action]

    @property
    def busy(self) -> bool:
        """A correction, undo or redo is being made (or waits for one that is)."""
        return bool(self._jobs)

    # -- what can be done ------------------------------------------------------
    def update(self) -> None:
        """Enable the actions for the page shown (and say in their text why one is not)."""
        page = self.shown()
        document = self._document(page)
        # A file just read is one provisional document until its documents are found.
        writable = not self.context.database.read_only and document is not None \
            and document.found and not self.busy
        inside = writable and page.number > document.first_page
        self.split_action.setEnabled(inside)
        self.split_action.setText(f"&Split Document Here (at p. {page.number})" if inside
                                  else "&Split Document Here")
        self.merge_action.setEnabled(writable and document.first_page > 1)
        self.edit_action.setEnabled(writable)
        self.not_duplicate_action.setEnabled(writable and document.duplicate_of is not None)

    def _document(self, page: RecordPage | None) -> RecordDocument | None:
        if page is None or self.context.case_id is None or page.document_id is None:
            return None
        return self.listed(page.document_id)

    def clear(self) -> None:
        """Forget the steps (another case was opened)."""
        self.undo_stack.clear()
        self.update()

    # -- the corrections -------------------------------------------------------
    def split_here(self) -> bool:
        """Start a new document at the page shown; False when nothing is done."""
        page = self.shown()
        document = self._document(page)
        if document is None or page.number <= document.first_page:
            self.say("Show a page after a document's first page to split it there.")
            return False
        case_id, database = self.context.case_id, self.context.database

        def described(new: RecordDocument) -> str:
            first = document_at(database, case_id, new.file_id, document.first_page)
            return f"Split: {named(first)} and {named(new)}"

        return self._correct(document, f"Split {named(document)} at p. {page.number}",
                             lambda: split_document(database, case_id, document.id,
                                                    page.number), described)

    def merge_previous(self) -> bool:
        """Join the shown page's document to the one before it in its file."""
        document = self._document(self.shown())
        if document is None or document.first_page == 1:
            self.say("The document shown is the first of its file: there is none before it "
                     "to merge with.")
            return False
        case_id, database = self.context.case_id, self.context.database
        return self._correct(document, f"Merge {named(document)} with the previous document",
                             lambda: merge_document(database, case_id, document.id),
                             lambda joined: f"Merged: {named(joined)}")

    def not_duplicate(self, document_id: int | None = None) -> bool:
        """Say the document (the one shown unless given) is not a copy of an earlier one."""
        document = self._by_id(document_id) if document_id is not None \
            else self._document(self.shown())
        if document is None or document.duplicate_of is None:
            self.say("The document shown is not marked as a copy.")
            return False
        return self.correct(document.id, not_duplicate=True)

    def edit_document(self, document_id: int | None = None) -> bool:
        """Ask for the kind, date and author of a document (the one shown unless given)."""
        document = self._by_id(document_id) if document_id is not None \
            else self._document(self.shown())
        if document is None:
            self.say("Open a page of the document to edit first.")
            return False
        dialog = DocumentDialog(document, self.view)
        if dialog.exec() != DocumentDialog.Accepted:
            return False
        fields = dialog.fields()
        values: dict[str, Any] = {}
        if fields.kind != document.kind:
            values["kind"] = None if fields.kind == document.found_kind else fields.kind
        if fields.service_date != (document.service_date or document.first_date):
            values["service_date"] = fields.service_date
        if fields.provider != document.provider:
            values["provider"] = fields.provider
        if not values:
            return False
        return self.correct(document.id, **values)

    def correct(self, document_id: int, *, kind: DocumentKind | None | object = UNCHANGED,
                service_date=UNCHANGED, provider=UNCHANGED, not_duplicate=UNCHANGED) -> bool:
        """The reviewer's kind, date, author or "not a duplicate" for a document, as one
        undoable step; None for a kind, date or author gives the records' own back."""
        document = self._by_id(document_id)
        if document is None:
            return False
        values = {name: value for name, value in (
            ("kind", kind), ("service_date", service_date), ("provider", provider),
            ("not_duplicate", not_duplicate)) if value is not UNCHANGED}
        case_id, database = self.context.case_id, self.context.database
        what = {"kind": "kind", "service_date": "date", "provider": "author"}
        label = f"Mark {named(document)} as not a duplicate" if "not_duplicate" in values \
            else f"Set the {' and '.join(what[name] for name in values)} of {named(document)}"

        def described(corrected: RecordDocument) -> str:
            if "not_duplicate" in values:
                return f"Not a duplicate: {named(corrected)}"
            parts = [corrected.kind.label, corrected.dates, corrected.provider]
            return f"Corrected: {', '.join(p for p in parts if p)} {corrected.pages}"

        return self._correct(document, label,
                             lambda: correct_document(database, case_id, document.id,
                                                      **values), described)

    def _by_id(self, document_id: int) -> RecordDocument | None:
        case_id = self.context.case_id
        if case_id is None:
            return None
        found = self.listed(document_id)
        if found is not None:
            return found
        try:
            return get_document(self.context.database, case_id, document_id)
        except WorkbenchError as error:
            self.say(str(error))
            return None

    def _correct(self, document: RecordDocument, label: str,
                 call: Callable[[], RecordDocument],
                 described: Callable[[RecordDocument], str]) -> bool:
        """Make one correction of ``document``'s file; its undo step is pushed once made.
        False when it cannot be made at all (no case, a read-only database)."""
        case_id, database = self.context.case_id, self.context.database
        if case_id is None:
            return False
        if database.read_only:
            self.say(READ_ONLY)
            return False
        file_id, pages = document.file_id, document.file_pages

        def work() -> Made:
            before = file_corrections(database, case_id, file_id)
            result = call()
            return Made(before, file_corrections(database, case_id, file_id), result,
                        described(result))

        def done(made: Made) -> None:
            if made.after != made.before:
                self.undo_stack.push(CorrectionStep(self, case_id, file_id, pages, made, label))
                self.say(made.message)
            else:
                self.say(f"No change: {named(made.document)}")

        self._queue(_Job(label, case_id, pages, work, done))
        return True

    def put_back(self, step: CorrectionStep, expected: list[Correction],
                 wanted: list[Correction], message: str) -> None:
        """Undo or redo ``step``: its file's corrections from ``expected`` to ``wanted``.

        When the file's corrections are no longer ``expected`` (changed elsewhere), or
        the file or case is gone, nothing is changed: the status line says why and the
        records' undo history starts again.
        """
        database = self.context.database

        def work() -> bool:
            if file_corrections(database, step.case_id, step.file_id) != expected:
                return False
            restore_corrections(database, step.case_id, step.file_id, wanted)
            return True

        def done(applied: bool) -> None:
            if applied:
                self.say(message)
            else:
                self.say(ELSEWHERE)
                self._start_again()

        self._queue(_Job(message, step.case_id, step.file_pages, work, done))

    # -- running them in turn ----------------------------------------------------
    def _queue(self, job: _Job) -> None:
        self._jobs.append(job)
        if len(self._jobs) == 1:
            self._next()

    def _next(self) -> None:
        """Run the first job waiting: a short file's here, a long file's as a task."""
        while self._jobs:
            job = self._jobs[0]
            if job.case_id != self.context.case_id:  # another case was opened meanwhile
                self._jobs.pop(0)
                continue
            changes = Changes.of(RECORDS, case_id=job.case_id, origin=self.view)
            if job.file_pages > QUICK_PAGES:
                task = Task(job.title, lambda _progress, job=job: job.work(), cancellable=False)
                task.succeeded.connect(lambda result, job=job: self._finished(job, result))
                task.failed.connect(lambda message: self._failed(message))
                task.ended.connect(lambda: self._ended(changes))
                self.update()
                self.context.tasks.run(task)
                return
            try:
                result = self.context.ops.run(job.work, changes)
            except WorkbenchError as error:
                self._failed(str(error))
            except Exception as error:  # a locked or vanished database: one line, no trace
                log.error("a records correction failed: %s", type(error).__name__,
                          exc_info=True)
                self._failed(NOT_STORED)
            else:
                self._finished(job, result)
            self._jobs.pop(0)
        self.update()

    def _finished(self, job: _Job, result: Any) -> None:
        if job.case_id == self.context.case_id:
            job.done(result)

    def _failed(self, message: str) -> None:
        self.say(message)
        self._start_again()  # the steps may no longer match what is stored

    def _ended(self, changes: Changes) -> None:
        """A task's correction is stored: every view redraws, then the next one runs."""
        self.context.ops.announce(changes)
        if self._jobs:
            self._jobs.pop(0)
        self._next()

    def _start_again(self) -> None:
        # never while the stack is inside undo() or redo(): once it has returned
        QTimer.singleShot(0, self.undo_stack.clear)

    def say(self, text: str) -> None:
        self.context.status.emit(text)
