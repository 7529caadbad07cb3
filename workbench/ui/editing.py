"""The open case while the reviewer edits it: every change undoable and stored within a second.

Views never write to the database. They describe a change as a function on
the plain ``Case`` and hand it to ``CaseEditor.edit``; the editor keeps a
snapshot before and after (so undo and redo are exact, whatever the change
was), tells every view which part changed, and queues the case for the
background ``Saver``. Views refer to items by position, never by holding an
``Item``: undo puts back copies, not the objects a view may have kept.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workbench.case import Case
from workbench.store import CaseStore
from workbench.ui.saving import Saver

SAVE_DELAY_MS = 700  # after the first unsaved change; typing never postpones it
MERGE_SECONDS = 2.0  # keystrokes in one field within this span undo as one step

# Parts a change can touch; views refresh what concerns them.
CASE, FORM, SUMMARY, ITEMS, ALL = "case", "form", "summary", "items", "all"


class _Edit(QUndoCommand):
    _ids: dict[str, int] = {}

    def __init__(self, editor: CaseEditor, label: str, part: str, before: Case, after: Case,
                 merge: str | None):
        super().__init__(label)
        self.editor, self.part, self.before, self.after = editor, part, before, after
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
        self.editor._restore(self.after, self.part)

    def undo(self) -> None:
        self.editor._restore(self.before, self.part)


class CaseEditor(QObject):
    """Holds the open case, its undo stack and its autosave."""

    opened = Signal()  # a case was opened (or closed: ``case`` is None)
    changed = Signal(str)  # the part that changed: CASE, FORM, SUMMARY, ITEMS or ALL
    saved_state = Signal(bool)  # True once every change is stored
    save_failed = Signal(str)  # one readable line

    def __init__(self, store: CaseStore, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.case: Case | None = None
        self.undo_stack = QUndoStack(self)
        self.saver = Saver(store)
        self.saver.stored.connect(self._stored)
        self.saver.failed.connect(self._failed)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        self._pending = 0  # changes not yet handed to the saver
        self._in_flight = 0  # snapshots handed to the saver and not yet stored

    # -- opening ------------------------------------------------------------
    def open(self, case_id: int) -> None:
        self.close()
        self.case = self.store.get(case_id)
        self.undo_stack.clear()
        self.opened.emit()
        self.changed.emit(ALL)

    def close(self) -> None:
        """Store what is pending, then let the case go."""
        if self.case is not None:
            self.flush()
        self.case = None
        self.undo_stack.clear()
        self.opened.emit()

    def reload(self) -> None:
        """Read the case again (after a change made outside the editor, such as an import)."""
        if self.case is not None:
            self.flush()
            fresh = self.store.get(self.case.id)
            self.case.__dict__.update(fresh.__dict__)
            self.changed.emit(ALL)

    # -- editing ------------------------------------------------------------
    def edit(self, label: str, part: str, change: Callable[[Case], object], *,
             merge: str | None = None) -> None:
        """Apply ``change`` to the open case as one undoable step.

        ``merge`` names the field being typed into, so a burst of keystrokes
        undoes as one step.
        """
        if self.case is None:
            return
        before = copy.deepcopy(self.case)
        change(self.case)
        if self.case == before:
            return
        after = copy.deepcopy(self.case)
        self.undo_stack.push(_Edit(self, label, part, before, after, merge))
        self._changed(part)

    def _restore(self, snapshot: Case, part: str) -> None:
        if self.case is None:
            return
        self.case.__dict__.update(copy.deepcopy(snapshot).__dict__)
        self._changed(part)

    def _changed(self, part: str) -> None:
        self._pending += 1
        if not self._timer.isActive():
            self._timer.start()
        self.saved_state.emit(False)
        self.changed.emit(part)

    # -- saving -------------------------------------------------------------
    @property
    def saved(self) -> bool:
        return self._pending == 0 and self._in_flight == 0

    def save_now(self) -> None:
        self._timer.stop()
        if self.case is None or self._pending == 0:
            return
        self._pending = 0
        self._in_flight += 1
        self.saver.put(copy.deepcopy(self.case))

    def flush(self, timeout: float = 10.0) -> bool:
        """Store everything now and wait for it; False if the database did not take it."""
        self.save_now()
        ok = self.saver.wait(timeout)
        if ok:
            self._in_flight = 0
            self.saved_state.emit(self.saved)
        return ok and self.saved

    def _stored(self, count: int) -> None:
        self._in_flight = max(0, self._in_flight - count)
        self.saved_state.emit(self.saved)

    def _failed(self, message: str) -> None:
        self._in_flight = 0
        self._pending += 1  # try again with the next change or the next flush
        self._timer.start(SAVE_DELAY_MS * 3)
        self.saved_state.emit(False)
        self.save_failed.emit(message)

    def shutdown(self) -> None:
        self.flush()
        self.saver.stop()
