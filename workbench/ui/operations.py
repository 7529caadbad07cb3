"""The one way the window changes data, and the one notification that it changed.

Every window action that writes (a records correction, a library entry or
snippet, the reviewer profile, a new or deleted case) is an operation: one
core call, one database transaction, and a ``Changes`` saying what it
touched. Edits of the open case go through ``CaseEditor`` (undoable, saved in
the background) and are announced here too. Views refresh from ``changed``
alone; none writes to the database, polls, or redraws another view. Changes
another window or process made are found by ``watch`` (on activation and
every few seconds) and announced the same way, marked ``external``.
Modelled on Anki's ``CollectionOp`` and ``OpChanges``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from db.database import Database
from workbench.changes import CASE_LIST, CASE_PARTS, LIBRARY, RECORDS, SETTINGS, Changes
from workbench.watching import Fingerprint, Watcher

log = logging.getLogger(__name__)
T = TypeVar("T")
WATCH_MS = 3000  # how often the database is asked whether another writer changed it
# Parts an operation of this window stores that another writer may change too.
_STORED_PARTS = (RECORDS, LIBRARY, SETTINGS, CASE_LIST)


def _identity(path: Path | None) -> tuple[int, int] | None:
    """Which file is at ``path`` (device, inode); None for a server database or no file."""
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


class Operations(QObject):
    changed = Signal(object)  # Changes: the one notification every view refreshes from
    file_replaced = Signal()  # the database file at its path is no longer the one open

    def __init__(self, database: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.database = database
        self.watcher = Watcher(database)
        self._baseline: Fingerprint | None = None
        self._file = _identity(database.path)
        self._replaced = False  # the file at the database's path is no longer the one open
        self.case_id: Callable[[], int | None] = lambda: None
        # Asked before a check: False while the open case has changes not yet stored, so a
        # save of our own in flight is never taken for another writer's.
        self.settled: Callable[[], bool] = lambda: True
        self.own_case_version: Callable[[int], bool] = lambda _version: False
        # Reads the open case again after another writer stored it; returns what changed.
        self.reload_case: Callable[[], Changes] = Changes
        self._timer = QTimer(self, interval=WATCH_MS)
        self._timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def run(self, call: Callable[[], T], changes: Changes) -> T:
        """Run one core call (itself one transaction) and announce ``changes``.

        A ``WorkbenchError`` from the call reaches the caller, and nothing is announced.
        """
        result = call()
        self.announce(changes)
        return result

    def announce(self, changes: Changes) -> None:
        """Tell every view what changed (an edit already applied, or a finished task)."""
        if changes:
            self.changed.emit(changes)
        if changes.touches(*_STORED_PARTS) and self._timer.isActive():
            # Look now, so another writer's commit since the last look is announced
            # rather than taken into the baseline with ours.
            self.check(own=changes.parts)

    # -- changes made elsewhere ---------------------------------------------------
    def watch(self) -> None:
        """Start noticing other writers: now, on every activation, and every few seconds."""
        self.rebase()
        self._timer.start()

    def rebase(self) -> None:
        """Take the database as it is now as the state the window shows."""
        try:
            self.watcher.quiet()
            self._baseline = self.watcher.fingerprint(self.case_id())
        except Exception as error:  # a vanished database: the next save reports it
            log.warning("could not read the database state: %s", type(error).__name__)
            self._baseline = None

    def check(self, own: frozenset[str] = frozenset()) -> Changes:
        """Announce what another writer changed since the last look; returns it.

        ``own`` names parts this window has just changed and announced itself.
        """
        if self._replaced:
            return Changes()
        if _identity(self.database.path) != self._file:
            self._replaced = True  # said once
            self.stop()
            self.file_replaced.emit()
            return Changes()
        if self._baseline is None or self._baseline.case_id != self.case_id():
            self.rebase()
            return Changes()
        if not self.settled():
            self.watcher.close()  # look again next time, whatever data_version says
            return Changes()
        try:
            if self.watcher.quiet():
                return Changes()
            fresh = self.watcher.fingerprint(self.case_id())
        except Exception as error:
            log.warning("could not read the database state: %s", type(error).__name__)
            return Changes()
        changes = self._baseline.changes(fresh)
        changes = Changes(changes.parts - own, changes.case_id, external=True)
        if changes.touches(*CASE_PARTS):
            rest = Changes(changes.parts - CASE_PARTS, changes.case_id, external=True)
            if fresh.case_version is None or self.own_case_version(fresh.case_version):
                changes = rest
            else:
                changes = rest | self.reload_case()
        self._baseline = fresh
        if changes:
            self.changed.emit(changes)
        return changes

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.ApplicationActivate and self._timer.isActive():
            QTimer.singleShot(0, self.check)
        return False

    def stop(self) -> None:
        self._timer.stop()
        self.watcher.close()

