"""The open case while the reviewer edits it: every change undoable and stored within a second.

Views never write to the database. They describe a change as a function on
the plain ``Case`` and hand it to ``CaseEditor.edit``; the editor keeps a
snapshot before and after (so undo and redo are exact, whatever the change
was), announces what changed through the operation layer's one ``changed``
notification, and queues the case for the background ``Saver``. Views refer
to items by position, never by holding an ``Item``: undo puts back copies,
not the objects a view may have kept.

Two writers: a save based on an older version is refused by the core. The
editor then merges the other writer's changes with its own
(``workbench.merging``); parts both changed differently go to the reviewer
(``conflict``), who keeps theirs, takes the other's, or keeps theirs as a copy.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workbench.case import Case
from workbench.characters import clean_case
from workbench.changes import ALL_PARTS, CASE_LIST, Changes, case_changes
from workbench.errors import NotFound, WorkbenchError
from workbench.merging import Merge, merge_cases
from workbench.store import CaseStore
from workbench.ui.operations import Operations
from workbench.ui.saving import UNREACHABLE, Saver

log = logging.getLogger(__name__)

class NotSaved(WorkbenchError):
    """The open case has edits the database did not take; it stays open."""


SAVE_DELAY_MS = 700  # after the first unsaved change; typing never postpones it
MERGE_SECONDS = 2.0  # keystrokes in one field within this span undo as one step


class _Edit(QUndoCommand):
    _ids: dict[str, int] = {}

    def __init__(self, editor: CaseEditor, label: str, before: Case, after: Case,
                 merge: str | None):
        super().__init__(label)
        self.editor, self.before, self.after = editor, before, after
        self.merge = merge
        self.at = time.monotonic()
        self._first = True

    def id(self) -> int:  # noqa: A003 - Qt's name
        if self.merge is None:
            return -1
        return _Edit._ids.setdefault(self.merge, len(_Edit._ids) + 1)

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, _Edit) or other.merge != self.merge:
            return False
        if other.at - self.at > MERGE_SECONDS:
            return False
        self.after, self.at = other.after, other.at
        return True

    def redo(self) -> None:
        if self._first:  # the change is already applied when the command is pushed
            self._first = False
            return
        self.editor._restore(self.after)

    def undo(self) -> None:
        self.editor._restore(self.before)


class CaseEditor(QObject):
    """Holds the open case, its undo stack and its autosave."""

    opened = Signal()  # a case was opened (or closed: ``case`` is None)
    saved_state = Signal(bool)  # True once every change is stored
    save_failed = Signal(str)  # one readable line
    save_recovered = Signal()  # a save went through after a failure
    conflict = Signal(object)  # a Merge with conflicts: the reviewer decides (``resolve``)

    def __init__(self, store: CaseStore, ops: Operations, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.ops = ops
        self.case: Case | None = None
        self.undo_stack = QUndoStack(self)
        self.saver = Saver(store)
        self.saver.stored.connect(self._stored)
        self.saver.failed.connect(self._failed)
        self.saver.conflicted.connect(self._conflicted)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        self._pending = 0  # changes not yet handed to the saver
        self._in_flight = 0  # snapshots handed to the saver and not yet stored
        self._failing = False
        self._merge: Merge | None = None  # a conflict waiting for the reviewer
        self._theirs: Case | None = None  # the stored case that conflict was with
        self._problem = ""  # why the newest save failed, while it did
        self.saves = 0  # saves stored since the window started
        ops.case_id = lambda: self.case.id if self.case is not None else None
        ops.settled = lambda: self.saved
        ops.own_case_version = self.saver.is_own
        ops.reload_case = self.reload_external

    # -- opening ------------------------------------------------------------
    def open(self, case_id: int) -> None:
        """Open a case (the open one is closed first: ``NotSaved`` if it cannot be stored)."""
        self.close()
        self.case = self.store.get(case_id)
        self.saver.rebase(self.case)
        self.undo_stack.clear()
        self.opened.emit()
        self.ops.rebase()
        self.ops.announce(Changes(ALL_PARTS, case_id))

    def close(self, *, discard: bool = False) -> None:
        """Store what is pending, then let the case go.

        Raises ``NotSaved`` (and keeps the case open) when the database does not
        take the pending edits, unless ``discard`` says to let them go.
        """
        if self.case is not None and not self.flush() and not discard:
            raise NotSaved(self._problem or "The latest changes could not be stored")
        self.saver.discard()
        self._pending = self._in_flight = 0
        self._timer.stop()
        self.case = None
        self._merge = None
        self.undo_stack.clear()
        self.opened.emit()

    def reload_external(self) -> Changes:
        """Read the open case again after another writer changed it; what changed, for the views.

        With edits of our own not yet stored, nothing is read: their save merges.
        """
        if self.case is None or not self.saved:
            return Changes()
        try:
            theirs = self.store.get(self.case.id)
        except NotFound:
            return Changes.of(CASE_LIST, case_id=self.case.id, external=True)
        return self._adopt(theirs, theirs)

    # -- editing ------------------------------------------------------------
    def edit(self, label: str, change: Callable[[Case], object], *,
             merge: str | None = None, origin: object | None = None) -> None:
        """Apply ``change`` to the open case as one undoable step.

        ``merge`` names the field being typed into, so a burst of keystrokes
        undoes as one step; ``origin`` (the view that asks) travels with the
        announced ``Changes``.
        """
        if self.case is None:
            return
        if self.store.database.read_only:
            self.save_failed.emit("This database is read-only: changes cannot be saved.")
            return
        before = copy.deepcopy(self.case)
        change(self.case)
        clean_case(self.case)  # typed or pasted control characters never enter the case
        changes = case_changes(before, self.case, origin=origin)
        if not changes:
            return
        after = copy.deepcopy(self.case)
        self.undo_stack.push(_Edit(self, label, before, after, merge))
        self._changed(changes)

    def _restore(self, snapshot: Case) -> None:
        if self.case is None:
            return
        before = self.case
        restored = copy.deepcopy(snapshot)
        restored.id, restored.version = before.id, before.version
        changes = case_changes(before, restored)
        self.case.__dict__.update(restored.__dict__)
        self._changed(changes)

    def _changed(self, changes: Changes) -> None:
        self._pending += 1
        if not self._timer.isActive():
            self._timer.start()
        self.saved_state.emit(False)
        self.ops.announce(changes)

    # -- saving -------------------------------------------------------------
    @property
    def saved(self) -> bool:
        """True when the open case as shown is the one stored (no edit waiting, no save
        refused and waiting for a merge or for the reviewer's choice)."""
        return (self._pending == 0 and self._in_flight == 0 and self._merge is None
                and not self.saver.halted)

    def save_now(self) -> None:
        self._timer.stop()
        if self.case is None or self._pending == 0 or self._merge is not None:
            return
        self._pending = 0
        self._in_flight += 1
        self.saver.put(copy.deepcopy(self.case))

    def flush(self, timeout: float = 10.0) -> bool:
        """Store everything now and wait for it; False if the database did not take it."""
        self.save_now()
        ok = self.saver.wait(timeout)
        if not ok and self.saver.failed_last and self.case is not None:
            self._pending += 1  # the failure may not have reached this thread yet: once more now
            self.save_now()
            ok = self.saver.wait(timeout)
        for _attempt in range(3):  # a refused save is merged here: closing cannot wait for it
            if ok or not self.saver.halted or self._merge is not None:
                break
            self._conflicted()
            ok = self.saver.wait(timeout)
        if ok:
            self._in_flight = 0
            self.saved_state.emit(self.saved)
        return ok and self.saved

    def _stored(self, count: int) -> None:
        self._in_flight = max(0, self._in_flight - count)
        self.saves += 1
        if self._failing and not self.saver.failed_last:
            self._failing = False
            self._problem = ""
            self.save_recovered.emit()
        self.saved_state.emit(self.saved)

    def _failed(self, message: str) -> None:
        self._problem = message
        self._in_flight = 0
        self._pending += 1  # try again with the next change or the next flush
        self._failing = True
        self._timer.start(SAVE_DELAY_MS * 3)
        self.saved_state.emit(False)
        self.save_failed.emit(message)

    # -- two writers --------------------------------------------------------
    def _conflicted(self) -> None:
        """Our save was refused: merge the stored case with our edits, or ask the reviewer."""
        if not self.saver.halted or self._merge is not None or self.case is None:
            return  # already merged (by ``flush``), waiting for the reviewer, or closed
        try:
            theirs = self.store.get(self.case.id)
        except NotFound:
            self._pending += 1
            self._problem = ("This case was deleted elsewhere; your edits stay in the window "
                             "until you close it.")
            self.save_failed.emit(self._problem)
            return
        except Exception as error:  # the database cannot be read now: keep the edits, try again
            log.error("reading a case to merge failed: %s", type(error).__name__)
            self._pending += 1
            QTimer.singleShot(SAVE_DELAY_MS * 3, self._conflicted)
            self._problem = UNREACHABLE
            self.save_failed.emit(self._problem)
            return
        self.saver.discard()
        self._in_flight = 0
        base = self.saver.base or theirs
        merge = merge_cases(base, self.case, theirs)
        if not merge.conflicts:
            self._adopt(merge.case, theirs, announce=True)
            self._pending += 1
            self.save_now()
            return
        self._merge = merge
        self._theirs = theirs
        self.saved_state.emit(False)
        self.conflict.emit(merge)

    def resolve(self, choice: Literal["mine", "theirs", "copy"]) -> int | None:
        """Settle the conflict the window showed; returns the new case's id for "copy"."""
        merge, self._merge = self._merge, None
        if merge is None or self.case is None:
            return None
        theirs, copy_id = self._theirs, None
        if choice == "copy":
            mine = copy.deepcopy(self.case)
            mine.id = None
            mine.case_number = f"{mine.case_number} (my copy)" if mine.case_number else None
            copy_id = self.ops.run(lambda: self.store.add(mine),
                                   Changes.of(CASE_LIST, case_id=self.case.id))
            resolved = theirs
        else:
            resolved = merge.resolved(choice)
        self._adopt(resolved, theirs, announce=True)
        if resolved != theirs:
            self._pending += 1
            self.save_now()
        self.saved_state.emit(self.saved)
        return copy_id

    def _adopt(self, content: Case, theirs: Case, *, announce: bool = False) -> Changes:
        """Make ``content`` the open case, based on the stored ``theirs``."""
        adopted = copy.deepcopy(content)
        adopted.id, adopted.version = theirs.id, theirs.version
        changes = case_changes(self.case, adopted, external=True)
        self.case.__dict__.update(adopted.__dict__)
        self.saver.rebase(theirs)
        self.undo_stack.clear()  # undoing now would silently take back the other writer's work
        if announce:
            self.ops.announce(changes)
        return changes

    def shutdown(self) -> None:
        self.flush()
        self.saver.stop()
