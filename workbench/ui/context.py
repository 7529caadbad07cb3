"""What every view of an open case shares, passed in rather than reached for.

Views talk to each other only through this object: data changes are made
through ``ops`` (the operation layer) and announced by its one ``changed``
notification; requests go through signals here (the records view asks for a
page citation to be inserted, the library pane asks for an entry to be
attached; whoever owns the target acts). No view holds another view.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QWidget

from db.database import Database
from workbench.case import Role
from workbench.ui.editing import CaseEditor
from workbench.ui.tasks import Task, TaskList


ASK = "Click into the summary or a rationale first, then cite the page."


class CaseContext(QObject):
    import_finished = Signal(object)  # list[ImportResult] of a finished import
    item_selected = Signal(int)  # position of the item the items view shows (-1: none)
    attach_entry = Signal(str, object)  # entry key, Role: attach to the selected item
    show_page = Signal(int, int)  # file id, page of the file: open it in the records view
    show_editor = Signal(object)  # a widget: bring the tab that holds it to the front
    cite_target_changed = Signal()  # where "cite this page" writes is another place now
    status = Signal(str)  # a short message for the status bar

    def __init__(self, database: Database, editor: CaseEditor, tasks: TaskList,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.database = database
        self.editor = editor
        self.ops = editor.ops
        self.tasks = tasks
        # Finding documents in files just read (``document_finding``), by case id.
        self.finding: dict[int, Task] = {}
        self.finding_failed: set[int] = set()
        self.current_item = -1
        self._cite_targets: dict[QWidget, _CiteTarget] = {}
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
        # An item moved (Alt+Up/Down) while its rationale is being written: the place follows.
        target = self._last_target
        if target is not None and target.hasFocus() and self._note_place(target):
            self.cite_target_changed.emit()

    def attach(self, entry_key: str, role: Role) -> None:
        self.attach_entry.emit(entry_key, role)

    # -- where "cite this page" writes ---------------------------------------
    def register_cite_target(self, editor: QTextEdit | QPlainTextEdit, name: str, *,
                             place: Callable[[], int] | None = None,
                             go_to: Callable[[int], bool] | None = None) -> None:
        """A text editor a page citation may be inserted into (the last one focused wins).

        An editor that shows one item at a time (the rationale of the selected item) gives
        ``place``, the item's position it shows now, and ``go_to``, which shows an item again
        (False when there is no such item any more); it is then named with the item it was
        last written in ("rationale of item 2").
        """
        self._cite_targets[editor] = _CiteTarget(name, place, go_to)
        if self._last_target is None:
            self._last_target = editor
        editor.destroyed.connect(lambda *_: self._forget(editor))

    def _forget(self, editor: QWidget) -> None:
        self._cite_targets.pop(editor, None)
        if self._last_target is editor:
            self._last_target = None

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        last = self._last_target
        if last is not None and old is not None and (old is last or last.isAncestorOf(old)):
            self._cite_targets[last].cursor = last.textCursor().position()
        while new is not None:
            if new in self._cite_targets:
                moved = new is not self._last_target
                self._last_target = new
                if self._note_place(new) or moved:
                    self.cite_target_changed.emit()
                return
            new = new.parentWidget()

    def _note_place(self, editor: QWidget) -> bool:
        """Remember which part of the case ``editor`` shows; True when that is another one."""
        target = self._cite_targets[editor]
        if target.place is None:
            return False
        place = target.place()
        changed = place != target.at
        target.at = place
        return changed

    @property
    def cite_target_name(self) -> str | None:
        """Where a citation goes: "summary", "rationale of item 2" (the item last written in)."""
        editor = self._last_target
        if editor is None:
            return None
        target = self._cite_targets[editor]
        if target.place is None:
            return target.name
        at = target.at if target.at is not None else target.place()
        return f"{target.name} of item {at + 1}" if at >= 0 else target.name

    def insert_citation(self, text: str) -> bool:
        """Insert ``text`` at the cursor of the last focused target; False if there is none.

        The citation goes where the cite button says, and only into a text the reviewer can
        see: when the target is hidden (another tab is in front) or shows another part of the
        case than the one last written in (another item was selected since), the window first
        brings that tab and item back, puts the cursor where the reviewer left it, inserts
        there and says so in the status bar, so nothing lands out of sight. An item that is
        gone (removed since) is not guessed at: the reviewer is asked to click into a
        rationale or the summary first.
        """
        editor = self._last_target
        if editor is None:
            self.status.emit(ASK)
            return False
        target = self._cite_targets[editor]
        name = self.cite_target_name
        moved = False
        if target.place is not None and target.at is not None and target.place() != target.at:
            if target.go_to is None or not target.go_to(target.at):
                self.status.emit(f"There is no item {target.at + 1} any more. " + ASK)
                return False
            cursor = editor.textCursor()
            cursor.setPosition(min(target.cursor, len(editor.toPlainText()))
                               if target.cursor is not None else len(editor.toPlainText()))
            editor.setTextCursor(cursor)
            moved = True
        if not editor.isVisible():
            self.show_editor.emit(editor)
            moved = True
        if not editor.isVisible() or not editor.isEnabled():
            self.status.emit(ASK)
            return False
        cursor = editor.textCursor()
        before = cursor.block().text()[: cursor.positionInBlock()]
        after = cursor.block().text()[cursor.positionInBlock():]
        if before and not before.endswith(" "):
            text = " " + text
        if after and not after[0].isspace() and after[0] not in ".,;:)":
            text += " "  # cited in the middle of a sentence
        cursor.insertText(text)
        editor.setTextCursor(cursor)
        editor.ensureCursorVisible()
        target.cursor = cursor.position()
        self.status.emit(f"Cited in the {name}; it is in front now." if moved
                         else f"Cited in the {name}.")
        return True


class _CiteTarget:
    """A registered editor: its name, where it is (``at``, for editors of one item at a time)
    and the cursor position it had when the reviewer left it."""

    def __init__(self, name: str, place: Callable[[], int] | None,
                 go_to: Callable[[int], bool] | None):
        self.name = name
        self.place = place
        self.go_to = go_to
        self.at: int | None = None
        self.cursor: int | None = None
