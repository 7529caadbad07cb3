"""The case database in the window: backups while working, Check Database, Restore from Backup,
and the dialogs shown when the database cannot be opened at start.

``DatabaseCare`` belongs to the main window: it backs the database up every
hour of use (when something changed and the newest copy is over an hour
old) and when the window closes after changes, never for a read-only or
server database; it shows a permanent notice on a read-only database. After a
restore it emits ``replaced`` with the database URL, and ``ui.app`` opens a
fresh window on the restored file (every view holds the old database, so a
new window is simpler and safer than re-pointing each one).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel,
    QMessageBox, QPlainTextEdit, QProgressBar, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from db import backups
from db.backups import Backup, BackupError
from db.database import Database, DamagedDatabase, DatabaseError, check_database
from workbench.ui.tasks import Task

log = logging.getLogger(__name__)

HOUR_MS = 60 * 60 * 1000
IN_USE_AGE = dt.timedelta(hours=1)
READ_ONLY_NOTICE = "Read-only: changes cannot be saved"


def local_time(backup: Backup) -> str:
    return backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")


def _file_signature(path: Path | None) -> tuple:
    """Size and modification time of the file and its write-ahead log: any commit changes it."""
    if path is None:
        return ()
    signature = []
    for candidate in (path, Path(str(path) + "-wal")):
        try:
            info = candidate.stat()
            signature.append((info.st_mtime_ns, info.st_size))
        except FileNotFoundError:
            signature.append(None)
    return tuple(signature)


class DatabaseCare(QObject):
    """Backups and database dialogs for one main window (see the module docstring)."""

    replaced = Signal(str)  # the URL of the database restored in place
    backed_up = Signal(object)  # Backup

    def __init__(self, window, database: Database):
        super().__init__(window)
        self.window = window
        self.database = database
        try:
            self.path: Path | None = backups.sqlite_file(database.url)
        except BackupError:
            self.path = None
        self.enabled = self.path is not None and not database.read_only
        self._signature = _file_signature(self.path)
        self._replaced = False
        self._task: Task | None = None
        self.timer = QTimer(self, interval=HOUR_MS)
        self.timer.timeout.connect(self.backup_in_use)
        if self.enabled:
            self.timer.start()
        self.notice: QLabel | None = None
        if database.read_only:
            self.notice = QLabel(READ_ONLY_NOTICE)
            self.notice.setStyleSheet("QLabel { background: #fff3cd; color: #664d03; "
                                      "padding: 2px 8px; font-weight: bold; }")
            window.statusBar().addPermanentWidget(self.notice)

    def file_replaced(self) -> None:
        """Another program replaced or moved the database file under this window (a
        ``db restore``, say): say so, and hand the file now at the path to a new window."""
        self.timer.stop()
        self._replaced = True
        self.window.warn(
            "The Database File Was Replaced",
            f"Another program replaced or moved the case database ({self.path}). The "
            "workbench reopens it now. Edits of the last few seconds may be in the file that "
            "was set aside.")
        self.replaced.emit(self.database.url)

    # -- backups while working ---------------------------------------------------------
    @property
    def changed(self) -> bool:
        """True when the database file changed since it was opened or last backed up."""
        return _file_signature(self.path) != self._signature

    def backup_in_use(self) -> Task | None:
        """Hourly: back up off the window's thread if something changed and none is recent."""
        if not self.enabled or self._replaced or not self.changed:
            return None
        if self._task is not None and self._task.running:
            return None
        if not backups.backup_due(self.path, IN_USE_AGE):
            return None
        signature = _file_signature(self.path)
        task = Task("Back up the database",
                    lambda _progress: backups.backup_if_due(self.database, max_age=None),
                    cancellable=False, parent=self)
        task.succeeded.connect(lambda backup: self._taken(backup, signature))
        task.failed.connect(lambda text: self.window.statusBar().showMessage(text, 15000))
        self._task = task
        return task.start()

    def _taken(self, backup: Backup | None, signature: tuple) -> None:
        self._signature = signature
        if backup is not None:
            self.backed_up.emit(backup)
            self.window.statusBar().showMessage("Backed up the database.", 5000)

    def backup_on_close(self) -> Backup | None:
        """When the window closes after changes: one backup, then thinning. Never raises."""
        if self._task is not None:
            self._task.wait(60)
        if not self.enabled or self._replaced or not self.changed:
            return None
        try:
            backup = backups.backup_if_due(self.database, backups.ON_CLOSE, max_age=None)
        except BackupError as error:
            log.warning("backup on close failed: %s", type(error).__name__)
            return None
        self._signature = _file_signature(self.path)
        return backup

    # -- the menu actions ----------------------------------------------------------------
    def check_database(self) -> CheckDialog:
        dialog = CheckDialog(self.database, self.window)
        dialog.open()
        return dialog

    def restore_from_backup(self) -> RestoreDialog | None:
        if self.path is None:
            QMessageBox.information(
                self.window, "Restore from Backup",
                "This database lives on a server: restore it with the server's own tools "
                "(pg_restore for PostgreSQL).")
            return None
        dialog = RestoreDialog(self.path, self.window)
        dialog.chosen.connect(self.restore)
        dialog.open()
        return dialog

    def restore(self, backup: Backup, *, confirm: bool = True) -> Path | None:
        """Put ``backup`` in place of the open database, then ask for a new window on it."""
        window = self.window
        if window.tasks.busy:
            window.warn("Restore from Backup", "An import or export is still running. Restore "
                        "the backup when it has finished.")
            return None
        if confirm:
            answer = QMessageBox.question(
                window, "Restore from Backup",
                f"Replace the case database with the backup taken {local_time(backup)} "
                f"({_cases_text(backup)})?\n\nThe database as it is now is kept beside it under "
                "a new name. The workbench reopens the database afterwards.",
                QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel)
            if answer != QMessageBox.Yes:
                return None
        problems = backups.file_problems(backup.path)
        if problems:
            window.warn("Restore from Backup", f"That backup is damaged ({problems[0]}); "
                        "choose another.")
            return None
        if not window.editor.flush():
            window.warn("Restore from Backup", "The latest changes could not be stored; the "
                        "backup was not restored.")
            return None
        window.editor.saver.stop()
        if self._task is not None:
            self._task.wait(60)
        self.timer.stop()
        self.database.close()
        try:
            aside = backups.restore_backup(self.path, backup)
        except BackupError as error:
            # The saver is stopped and the database closed: a new window opens the file
            # as it is (restore_backup moves nothing before it has a sound copy).
            window.warn("Restore from Backup", f"{error}. The workbench reopens the database.")
            self._replaced = True
            self.replaced.emit(self.database.url)
            return None
        self._replaced = True
        if confirm:
            QMessageBox.information(window, "Restore from Backup",
                                    "Restored. The workbench reopens the database now.")
        self.replaced.emit(self.database.url)
        return aside


def _cases_text(backup: Backup) -> str:
    if backup.cases is None:
        return "cases unknown"
    return "1 case" if backup.cases == 1 else f"{backup.cases} cases"


class CheckDialog(QDialog):
    """Runs the full check off the window's thread and shows what it found."""

    def __init__(self, database: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Check Database")
        self.setMinimumWidth(460)
        self.status = QLabel("Checking every page and index of the case database…")
        self.status.setWordWrap(True)
        self.bar = QProgressBar(textVisible=False)
        self.bar.setRange(0, 0)
        self.problems = QPlainTextEdit(readOnly=True, minimumHeight=140)
        self.problems.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.result: list[str] | None = None
        self.task = Task("Check the database", lambda _progress: check_database(database),
                         cancellable=False, parent=self)
        self.task.succeeded.connect(self._checked)
        self.task.failed.connect(self._failed)
        self.task.start()

    def _checked(self, problems: list[str]) -> None:
        self.result = problems
        self.bar.hide()
        if not problems:
            self.status.setText("No problems found: the case database is sound.")
            return
        self.status.setText(f"The check found {len(problems)} problem(s). Restore a backup "
                            "(File ▸ Restore from Backup…) if cases cannot be read.")
        self.problems.setPlainText("\n".join(problems))
        self.problems.show()

    def _failed(self, message: str) -> None:
        self.result = [message]
        self.bar.hide()
        self.status.setText(message)

    def done(self, code: int) -> None:  # noqa: D102 - wait for the check before going
        self.task.wait(60)
        super().done(code)


class RestoreDialog(QDialog):
    """The backups in a table, newest first; Restore… hands the chosen one on."""

    chosen = Signal(object)  # Backup

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Restore from Backup")
        self.resize(640, 380)
        intro = QLabel("Choose the backup to put in place of the case database. The database "
                       "as it is now is kept beside it under a new name.")
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Taken", "Reason", "Cases", "Size"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        self.empty = QLabel("There are no backups of this database yet.")
        self.folder = QLabel(f"Backups are kept in {backups.backups_folder(db_path)}")
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.folder.setStyleSheet("color: #555;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.restore_button = QPushButton("Restore…")
        self.restore_button.setEnabled(False)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.AcceptRole)
        self.buttons.accepted.connect(self._restore)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addWidget(self.folder)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._selection)
        self.table.doubleClicked.connect(lambda _index: self._restore())
        self.backups = backups.list_backups(db_path)
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            cells = [local_time(backup), backup.reason_label,
                     "?" if backup.cases is None else str(backup.cases), backup.size_label]
            if not backup.ok:
                cells[1] += " (unreadable)"
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if not backup.ok:
                    item.setFlags(item.flags() & ~Qt.ItemIsSelectable)
                self.table.setItem(row, column, item)
        self.empty.setVisible(not self.backups)
        self.table.setVisible(bool(self.backups))
        for row, backup in enumerate(self.backups):
            if backup.ok:
                self.table.selectRow(row)
                break

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        backup = self.backups[rows[0].row()]
        return backup if backup.ok else None

    def _selection(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _restore(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        self.accept()
        self.chosen.emit(backup)


class DamagedDatabaseDialog(QDialog):
    """At start, the database is damaged: name the file and the problem; restore or quit."""

    def __init__(self, damaged: DamagedDatabase, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("The case database is damaged")
        self.setMinimumWidth(520)
        self.path = damaged.path
        self.newest = backups.newest_backup(damaged.path)
        self.kept_as: Path | None = None
        heading = QLabel("<b>The case database cannot be used.</b>")
        details = QLabel(f"File: {damaged.path}\nProblem: {damaged.problem}")
        details.setWordWrap(True)
        details.setTextInteractionFlags(Qt.TextSelectableByMouse)
        if self.newest is not None:
            advice = (f"The newest backup was taken {local_time(self.newest)} and holds "
                      f"{_cases_text(self.newest)}. Restoring it keeps the damaged file beside "
                      "it under a new name.")
        else:
            advice = ("There is no backup of this database to restore. Quit, and keep the file: "
                      "it may still be repaired.")
        self.advice = QLabel(advice)
        self.advice.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b02a37;")
        self.error.hide()
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton("Restore Newest Backup",
                                                     QDialogButtonBox.AcceptRole)
        self.restore_button.setEnabled(self.newest is not None)
        self.quit_button = self.buttons.addButton("Quit", QDialogButtonBox.RejectRole)
        self.restore_button.clicked.connect(self.restore_newest)
        self.quit_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(details)
        layout.addWidget(self.advice)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def restore_newest(self) -> bool:
        if self.newest is None:
            return False
        try:
            self.kept_as = backups.restore_backup(self.path, self.newest, damaged=True)
        except BackupError as error:
            self.error.setText(str(error))
            self.error.show()
            return False
        self.accept()
        return True


def open_or_ask(url: str | None, parent: QWidget | None = None) -> Database | None:
    """Open the workbench's database; a damaged or unreadable one becomes a dialog.

    A damaged database offers its newest backup; after a restore the restored
    file is opened. Returns None when the reviewer quits or the database
    cannot be opened (the one line was shown, and is printed on stderr too).
    """
    import sys

    from workbench.startup import open_workbench

    while True:
        try:
            return open_workbench(url)
        except DamagedDatabase as damaged:
            log.warning("the case database is damaged")
            dialog = DamagedDatabaseDialog(damaged, parent)
            if dialog.exec() != QDialog.Accepted:
                return None
        except DatabaseError as error:
            print(f"error: {error}", file=sys.stderr)
            QMessageBox.critical(parent, "Cannot open the case database", str(error))
            return None
