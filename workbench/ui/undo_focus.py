"""Edit ▸ Undo undoes the last step of the part of the window the reviewer is working in.

The open case's edits (summary, items, letter settings) live on the case editor's
undo stack; the records view's corrections of documents (split, merge, kind, date,
author, not a duplicate) are stored in the records as they are made and live on the
records view's own stack. Which one Edit ▸ Undo and Redo (Ctrl+Z, Ctrl+Shift+Z) act on
follows the keyboard focus: inside the records view, its corrections; anywhere else in
the window, the case's edits. So Ctrl+Z in the documents list never takes back a
sentence typed in a rationale out of sight, and the other way round.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoGroup, QUndoStack
from PySide6.QtWidgets import QApplication, QWidget


class UndoByFocus(QUndoGroup):
    """A group of undo stacks whose active one is the focused area's (``default`` elsewhere).

    ``add_area(widget, stack)``: while the focus is in ``widget`` or a widget inside it,
    ``stack`` is active. A focus outside the window (a dialog, another application)
    leaves the active stack as it was.
    """

    def __init__(self, default: QUndoStack, window: QWidget, parent: QObject | None = None):
        super().__init__(parent or window)
        self._window = window
        self._default = default
        self._areas: list[tuple[QWidget, QUndoStack]] = []
        self.addStack(default)
        self.setActiveStack(default)
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._focus_changed)

    def add_area(self, widget: QWidget, stack: QUndoStack) -> None:
        self.addStack(stack)
        self._areas.append((widget, stack))

    def stack_for(self, widget: QWidget | None) -> QUndoStack | None:
        """The stack for a focused widget; None when the widget is outside the window."""
        if widget is None:
            return None
        try:
            if widget.window() is not self._window:
                return None
        except RuntimeError:  # a widget being destroyed
            return None
        for area, stack in self._areas:
            if area is widget or area.isAncestorOf(widget):
                return stack
        return self._default

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        stack = self.stack_for(new)
        if stack is not None and stack is not self.activeStack():
            self.setActiveStack(stack)
