"""What every view of an open case shares, passed in rather than reached for.

Views talk to each other only through this object: data changes are made
through ``ops`` (the operation layer) and announced by its one ``changed``
notification; requests go through signals here (the records view asks for a
page citation to be inserted, the library pane asks for an entry to be
attached; whoever owns the target acts). No view holds another view.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QWidget

from db.database import Database
from workbench.case import Role
from workbench.ui.editing import CaseEditor
from workbench.ui.tasks import TaskList


class CaseContext(QObject):
    import_finished = Signal(object)  # list[ImportResult] of a finished import
    item_selected = Signal(int)  # position of the item the items view shows (-1: none)
    attach_entry = Signal(str, object)  # entry key, Role: attach to the selected item
    show_page = Signal(int, int)  # document id, page number: open it in the records view
    status = Signal(str)  # a short message for the status bar

    def __init__(self, database: Database, editor: CaseEditor, tasks: TaskList,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.database = database
        self.editor = editor
        self.ops = editor.ops
        self.tasks = tasks
        self.current_item = -1
        self._cite_targets: dict[QWidget, str] = {}
        self._last_target: QWidget | None = None
        self.item_selected.connect(self._set_item)
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._focus_changed)

    @property
    def case_id(self) -> int | None:
        return self.editor.case.id if self.editor.case else None

    def _set_item(self, position: int) -> None:
        self.current_item = position

    def attach(self, entry_key: str, role: Role) -> None:
        self.attach_entry.emit(entry_key, role)

    # -- where "cite this page" writes ---------------------------------------
    def register_cite_target(self, editor: QTextEdit | QPlainTextEdit, name: str) -> None:
        """A text editor a page citation may be inserted into (the last one focused wins)."""
        self._cite_targets[editor] = name
        if self._last_target is None:
            self._last_target = editor
        editor.destroyed.connect(lambda *_: self._forget(editor))

    def _forget(self, editor: QWidget) -> None:
        self._cite_targets.pop(editor, None)
        if self._last_target is editor:
            self._last_target = None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        while new is not None:
            if new in self._cite_targets:
                self._last_target = new
                return
            new = new.parentWidget()

    @property
    def cite_target_name(self) -> str | None:
        target = self._last_target
        return self._cite_targets.get(target) if target is not None else None

    def insert_citation(self, text: str) -> bool:
        """Insert ``text`` at the cursor of the last focused target; False if there is none."""
        target = self._last_target
        if target is None or not target.isEnabled():
            self.status.emit("Click into the summary or a rationale first, then cite the page.")
            return False
        cursor = target.textCursor()
        before = cursor.block().text()[: cursor.positionInBlock()]
        cursor.insertText(text if not before or before.endswith(" ") else " " + text)
        target.setTextCursor(cursor)
        self.status.emit(f"Cited in the {self._cite_targets[target]}.")
        return True
