"""The main window: the case list, an open case, menus with every frequent action's shortcut.

The window wires pieces together and owns no case logic: the editor keeps the
case and saves it, views edit it, tasks do slow work off this thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QMainWindow, QMessageBox, QProgressBar, QPushButton,
    QStackedWidget, QWidget,
)

from db.database import Database
from workbench.changes import CASE_LIST, Changes
from workbench.errors import NotFound, WorkbenchError
from workbench.profile import load_profile
from workbench.store import CaseStore
from workbench.ui import preferences
from workbench.ui.cases import CaseListPage
from workbench.ui.context import CaseContext
from workbench.ui.database_dialogs import DatabaseCare
from workbench.ui.editing import CaseEditor, NotSaved
from workbench.ui.new_case import NewCaseDialog
from workbench.ui.operations import Operations
from workbench.ui.tasks import Task, TaskList
from workbench.ui.undo_focus import UndoByFocus
from workbench.ui.workspace import ITEMS_TAB, LETTER_TAB, SUMMARY_TAB, CaseWorkspace

APP_TITLE = "IMR Reviewer Workbench"


class TaskBar(QWidget):
    """The running task in the status bar: what it does, how far it is, a Cancel button."""

    def __init__(self, tasks: TaskList, parent: QWidget | None = None):
        super().__init__(parent)
        self.tasks = tasks
        self.label = QLabel()
        self.bar = QProgressBar(maximumWidth=180, textVisible=False)
        self.cancel = QPushButton("Cancel")
        self.cancel.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.hide()
        tasks.started.connect(self._started)
        tasks.finished.connect(self._finished)
        self._task: Task | None = None

    def _started(self, task: Task) -> None:
        self._task = task
        self.label.setText(task.title + "…")
        self.bar.setRange(0, 0)
        self.cancel.setVisible(task.cancellable)
        self.cancel.setEnabled(True)
        task.progressed.connect(self._progressed)
        self.show()

    def _progressed(self, done: int, total: int, text: str) -> None:
        if text:
            self.label.setText(text)
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def _finished(self, task: Task) -> None:
        if self.tasks.tasks:
            self._started(self.tasks.tasks[-1])
        else:
            self._task = None
            self.hide()

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel.setEnabled(False)
            self.label.setText("Cancelling…")


class MainWindow(QMainWindow):
    case_opened = Signal(int)

    def __init__(self, database: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.store = CaseStore(database)
        self.tasks = TaskList(self)
        self.ops = Operations(database, self)
        self.editor = CaseEditor(self.store, self.ops, self)
        self.context = CaseContext(database, self.editor, self.tasks, self)
        self.database_care = DatabaseCare(self, database)  # backups, check, restore

        self._save_problem = ""
        self.cases = CaseListPage(self.store, self.ops)
        self.cases.open_case.connect(self.open_case)
        self.cases.new_case.connect(self.new_case)
        self.cases.empty_trash_button.clicked.connect(self.empty_trash)
        self.workspace = CaseWorkspace(self.context)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.cases)
        self.stack.addWidget(self.workspace)
        self.setCentralWidget(self.stack)
        self.setAcceptDrops(True)

        self.saved_label = QLabel()
        self.task_bar = TaskBar(self.tasks)
        self.statusBar().addPermanentWidget(self.task_bar)
        self.statusBar().addPermanentWidget(self.saved_label)
        self.context.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.editor.saved_state.connect(self._saved_state)
        self.editor.save_failed.connect(self._save_failed)
        self.editor.save_recovered.connect(self._save_recovered)
        self.editor.conflict.connect(self._conflict)
        self.ops.changed.connect(self._changed)
        self.ops.file_replaced.connect(lambda: self.database_care.file_replaced())
        self.tasks.started.connect(lambda task: task.failed.connect(self._task_failed))

        self._build_menus()
        self._restore_layout()
        self.show_cases()
        self.ops.watch()

    # -- menus ----------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, *, case_only: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        if case_only:
            self._case_actions.append(action)
        return action

    def _build_menus(self) -> None:
        self._case_actions: list[QAction] = []
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addAction(self._action("&New Case…", self.new_case, QKeySequence.New))
        file.addAction(self._action("&Case List", self.show_cases, "Ctrl+0"))
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        file.addAction(self._action("&Add Records…", self.add_records, "Ctrl+I", case_only=True))
        file.addAction(self._action("D&uplicate Case", self.duplicate_case, case_only=True))
        file.addAction(self._action("&Delete Case…", self.delete_case, case_only=True))
        file.addSeparator()
        file.addAction(self._action("&Settings…", self.open_settings, QKeySequence.Preferences))
        file.addAction(self._action("C&heck Database…", self.database_care.check_database))
        file.addAction(self._action("Restore from &Backup…",
                                    self.database_care.restore_from_backup))
        file.addSeparator()
        file.addAction(self._action("&Quit", self.close, QKeySequence.Quit))

        edit = bar.addMenu("&Edit")
        # Undo acts on the records' corrections while the records view has the focus,
        # on the case's edits elsewhere (ui/undo_focus.py).
        self.undo_group = UndoByFocus(self.editor.undo_stack, self)
        self.undo_group.add_area(self.workspace.records, self.workspace.records.undo_stack)
        undo = self.undo_group.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.Undo)
        redo = self.undo_group.createRedoAction(self, "&Redo")
        # The platform's redo keys (Ctrl+Y on some desktops), and Ctrl+Shift+Z everywhere.
        keys = QKeySequence.keyBindings(QKeySequence.Redo)
        if QKeySequence("Ctrl+Shift+Z") not in keys:
            keys.append(QKeySequence("Ctrl+Shift+Z"))
        redo.setShortcuts(keys)
        edit.addAction(undo)
        edit.addAction(redo)

        view = bar.addMenu("&View")
        view.addAction(self._action("&Summary", lambda: self._tab(SUMMARY_TAB), "Ctrl+1",
                                    case_only=True))
        view.addAction(self._action("Disputed &Items", lambda: self._tab(ITEMS_TAB), "Ctrl+2",
                                    case_only=True))
        view.addAction(self._action("&Letter", lambda: self._tab(LETTER_TAB), "Ctrl+3",
                                    case_only=True))
        view.addSeparator()
        view.addAction(self._action("Show/Hide &Records", lambda: self.workspace.toggle_pane(
            self.workspace.records), "Ctrl+Shift+R", case_only=True))
        view.addAction(self._action("Show/Hide Li&brary", lambda: self.workspace.toggle_pane(
            self.workspace.library), "Ctrl+Shift+B", case_only=True))

        for pane in self.workspace.views:
            actions = pane.menu_actions()
            if actions:
                menu = bar.addMenu(pane.menu_title)
                for action in actions:
                    menu.addAction(action)
                    self._case_actions.append(action)
                    self.addAction(action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("Open &Demo Case", self.open_demo))
        help_menu.addAction(self._action("&About", self.about))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        shown = 0
        for case_id in preferences.recent_cases():
            try:
                if self.store.is_trashed(case_id):
                    continue
                number = self.store.get(case_id).case_number or f"case {case_id}"
            except NotFound:
                preferences.forget_case(case_id)
                continue
            shown += 1
            action = self.recent_menu.addAction(number)
            action.triggered.connect(lambda _c=False, i=case_id: self.open_case(i))
        if not shown:
            self.recent_menu.addAction("No recent cases").setEnabled(False)

    # -- screens --------------------------------------------------------------
    def let_case_go(self) -> bool:
        """Close the open case; when its last edits cannot be stored, ask before losing them."""
        try:
            self.editor.close()
        except NotSaved as error:
            answer = QMessageBox.warning(
                self, "Not saved",
                f"{error}\n\nClose the case anyway and lose the changes not yet stored?",
                QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Cancel)
            if answer != QMessageBox.Discard:
                return False
            self.editor.close(discard=True)
        return True

    def show_cases(self) -> None:
        if self.editor.case is not None and not self.let_case_go():
            return
        self.cases.refresh()
        self.stack.setCurrentWidget(self.cases)
        for action in self._case_actions:
            action.setEnabled(False)
        self._update_title()

    def open_case(self, case_id: int) -> bool:
        if self.editor.case is not None and not self.let_case_go():
            return False
        try:
            self.editor.open(case_id)
        except WorkbenchError as error:
            self.warn("Cannot open the case", str(error))
            return False
        preferences.remember_case(case_id)
        self.stack.setCurrentWidget(self.workspace)
        for action in self._case_actions:
            action.setEnabled(True)
        self._update_title()
        self.case_opened.emit(case_id)
        return True

    def _tab(self, index: int) -> None:
        self.workspace.show_tab(index)

    # -- case actions -------------------------------------------------------------
    def new_case(self) -> int | None:
        dialog = NewCaseDialog(load_profile(self.database), self)
        if dialog.exec() != NewCaseDialog.Accepted:
            return None
        case = dialog.case()
        case_id = self.ops.run(lambda: self.store.add(case), Changes.of(CASE_LIST))
        self.open_case(case_id)
        return case_id

    def add_records(self, paths: list[Path] | None = None) -> Task | None:
        """Import files into the open case (asks for them when ``paths`` is None)."""
        return self.workspace.records.add_records(paths)

    def duplicate_case(self) -> None:
        if self.editor.case is None:
            return
        self.editor.flush()
        case_id = self.editor.case.id
        self.open_case(self.ops.run(lambda: self.store.duplicate(case_id), Changes.of(CASE_LIST)))
        self.statusBar().showMessage("Duplicated the case: the letter's content, not its records.",
                                     8000)

    def delete_case(self, *, confirm: bool = True) -> None:
        case = self.editor.case
        if case is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self, "Delete Case",
                f"Move case {case.case_number or ''} to the trash?\n\n"
                "It can be restored from the trash on the case list until the trash is emptied.",
                QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel)
            if answer != QMessageBox.Yes:
                return
        case_id = case.id
        if not self.let_case_go():
            return
        self.ops.run(lambda: self.store.trash(case_id), Changes.of(CASE_LIST, case_id=case_id))
        self.show_cases()
        self.statusBar().showMessage("Moved the case to the trash.", 8000)

    def empty_trash(self, *, confirm: bool = True) -> None:
        if confirm:
            answer = QMessageBox.warning(
                self, "Empty Trash",
                "Delete every case in the trash for good, with its records?\n\n"
                "This cannot be undone.",
                QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Cancel)
            if answer != QMessageBox.Discard:
                return
        count = self.ops.run(self.store.empty_trash, Changes.of(CASE_LIST))
        self.statusBar().showMessage(f"Deleted {count} case(s) for good.", 8000)

    def open_settings(self) -> None:
        from workbench.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.database, self).exec()

    def open_demo(self) -> Task:
        from workbench.demo import create_demo_case

        task = Task("Create the demo case", lambda _progress: create_demo_case(self.database),
                    cancellable=False)
        task.succeeded.connect(lambda case_id: self.open_case(case_id))
        return self.tasks.run(task)

    def offer_demo(self) -> None:
        """On the very first start, offer the demo case so a new reviewer sees a working case."""
        settings = preferences.settings()
        if settings.value("demo/offered", False, type=bool) or self.store.count() > 0:
            return
        settings.setValue("demo/offered", True)
        answer = QMessageBox.question(
            self, "Welcome",
            "Open a demo case?\n\nIt has synthetic records, a partly filled summary form and two "
            "disputed items with guideline citations, so you can see the whole flow at once. "
            "You can delete it any time.", QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        if answer == QMessageBox.Yes:
            self.open_demo()

    def about(self) -> None:
        QMessageBox.about(self, "About", f"<b>{APP_TITLE}</b><p>Write Independent Medical Review "
                          "Final Determination Letters from the case file, with a guideline "
                          "library, and export them as DOCX and PDF.</p>")

    def warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def _task_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 15000)
        QMessageBox.warning(self, "Something did not work", message)

    # -- changes, saving and other writers -----------------------------------------------
    def _changed(self, changes: Changes) -> None:
        if changes.touches(CASE_LIST) and self.stack.currentWidget() is self.cases:
            self.cases.refresh()
        self._update_title()

    def _save_failed(self, text: str) -> None:
        """The reason stays beside "Not saved" until a save goes through."""
        self._save_problem = text
        self.statusBar().showMessage(text)
        self._update_title()

    def _save_recovered(self) -> None:
        if self.statusBar().currentMessage() == self._save_problem:
            self.statusBar().showMessage("Saved again.", 5000)
        self._save_problem = ""
        self._update_title()

    def _conflict(self, merge) -> None:
        from workbench.ui.conflict_dialog import ConflictDialog

        dialog = ConflictDialog(merge, self)
        dialog.exec()
        copy_id = self.editor.resolve(dialog.choice or "mine")
        if copy_id is not None:
            self.statusBar().showMessage(
                f"Your version was saved as a new case (id {copy_id}); this case shows theirs.",
                15000)

    # -- title and saved state -------------------------------------------------------
    def _saved_state(self, saved: bool) -> None:
        self._update_title()

    def _update_title(self) -> None:
        case = self.editor.case
        if case is None:
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
            self.saved_label.setText("")
            return
        self.setWindowTitle(f"{case.case_number or 'New case'} [*] — {APP_TITLE}")
        self.setWindowModified(not self.editor.saved)
        if self._save_problem:
            self.saved_label.setText("Not saved")
            self.saved_label.setToolTip(self._save_problem)
            self.saved_label.setStyleSheet("color: #b00020; font-weight: bold")
            return
        self.saved_label.setToolTip("")
        self.saved_label.setStyleSheet("")
        self.saved_label.setText("All changes saved" if self.editor.saved else "Saving…")

    # -- drag and drop ----------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self.editor.case is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        files = [p for p in paths if p.is_file()]
        if files:
            self.add_records(files)
            event.acceptProposedAction()

    # -- layout and closing ---------------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = preferences.settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1600, 960)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = settings.value("workspace/splitter")
        if isinstance(splitter, QByteArray):
            self.workspace.restore_splitter(splitter)
        tab = settings.value("workspace/tab", 0, type=int)
        self.workspace.show_tab(tab)

    def save_layout(self) -> None:
        settings = preferences.settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("workspace/splitter", self.workspace.splitter.saveState())
        settings.setValue("workspace/tab", self.workspace.tabs.currentIndex())
        case = self.editor.case
        settings.setValue("cases/open", str(case.id) if case is not None else "")
        settings.sync()

    def reopen_last_case(self) -> bool:
        """Open the case that was open when the window last closed, if it still exists."""
        try:
            case_id = int(preferences.settings().value("cases/open", "") or 0)
            if not case_id or self.store.is_trashed(case_id):
                return False
        except (ValueError, NotFound):
            return False
        return self.open_case(case_id)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if any(task.running and task.cancellable for task in self.tasks.tasks):
            answer = QMessageBox.question(
                self, "Work in progress",
                "An import or export is still running.\n\nStop it and quit? An import that is "
                "stopped resumes where it left off when the same files are added again.",
                QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel)
            if answer != QMessageBox.Yes:
                event.ignore()
                return
            self.tasks.cancel_all()
        else:
            # Finding documents is not asked about: seconds at most, all or nothing (the next
            # look at the case finds them if it is cut short).
            self.tasks.wait_all(10.0)
        if not self.editor.flush():
            answer = QMessageBox.warning(
                self, "Not saved",
                "The latest changes could not be stored in the database.\n\nQuit anyway and "
                "lose them?", QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Cancel)
            if answer != QMessageBox.Discard:
                event.ignore()
                return
        self.save_layout()
        self.editor.shutdown()
        self.ops.stop()
        self.database_care.backup_on_close()
        self.database.close()  # every stored change written back into the database file
        event.accept()
