"""The one thread that writes the open case to the database.

Typing must never wait on the disk, so snapshots are written here; only the
newest waiting snapshot is written (an older one would be overwritten at
once anyway). Each save is based on the version the window last read or
wrote; when another writer stored the case in between, the core refuses the
save (``Conflict``) and the saver stops until the editor has merged and
rebased. The window waits for it only when it closes a case or quits.
"""

from __future__ import annotations

import copy
import errno
import logging
import sqlite3
import threading

from PySide6.QtCore import QObject, Signal
from sqlalchemy.exc import OperationalError

from workbench.case import Case
from workbench.errors import Conflict, WorkbenchError
from workbench.store import CaseStore

log = logging.getLogger(__name__)

DISK_FULL = ("Could not save the case: the disk is full. Free some space; your edits are kept "
             "in the window and saved as soon as there is room.")
UNREACHABLE = ("Could not save the case; it will be tried again. Check that the database is "
               "reachable and the disk not full.")


class Saver(QObject):
    stored = Signal(int)  # how many snapshots the write covered
    failed = Signal(str)  # one readable line
    conflicted = Signal()  # the stored case moved on; nothing was written

    def __init__(self, store: CaseStore):
        super().__init__()
        self.store = store
        self._lock = threading.Condition()
        self._waiting: Case | None = None
        self._covered = 0
        self._busy = False
        self._halted = False
        self._failed_last = False  # the newest attempt failed (not refused): nothing is stored
        self._stopping = False
        self._version = 0
        self._base: Case | None = None
        self._thread = threading.Thread(target=self._run, name="case-saver", daemon=True)
        self._thread.start()

    # -- what the open case is based on ------------------------------------------
    def rebase(self, stored: Case) -> None:
        """The case as stored now (just opened, reloaded or merged): the next save builds on it."""
        with self._lock:
            if self._waiting is not None and self._waiting.id != stored.id:
                self._waiting, self._covered = None, 0  # another case's: never under this version
            self._version = stored.version
            self._base = copy.deepcopy(stored)
            self._halted = False
            self._failed_last = False
            self._lock.notify_all()

    @property
    def base(self) -> Case | None:
        """The stored content the open case's unsaved edits started from (for merging)."""
        with self._lock:
            return copy.deepcopy(self._base)

    @property
    def halted(self) -> bool:
        """True after a refused save, until the editor rebases."""
        with self._lock:
            return self._halted

    def is_own(self, version: int) -> bool:
        """True when ``version`` is the one this window last read or wrote: versions only
        count up, so a stored version equal to ours means nobody else saved since."""
        with self._lock:
            return version == self._version

    # -- saving ---------------------------------------------------------------------
    def put(self, case: Case) -> None:
        with self._lock:
            self._waiting = case
            self._covered += 1
            self._lock.notify_all()

    def discard(self) -> None:
        """Forget a waiting snapshot (the editor rebuilt the case after a conflict)."""
        with self._lock:
            self._waiting, self._covered = None, 0
            self._lock.notify_all()

    @property
    def failed_last(self) -> bool:
        """True when the newest attempt failed (a full disk, a vanished file)."""
        with self._lock:
            return self._failed_last

    def wait(self, timeout: float) -> bool:
        """Block until nothing is being written; True only when everything handed over is stored.

        False on timeout, with a snapshot held back after a refused save, or
        when the newest attempt failed.
        """
        with self._lock:
            done = self._lock.wait_for(
                lambda: (self._waiting is None or self._halted) and not self._busy, timeout)
            return done and self._waiting is None and not self._failed_last

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        self._thread.join(5)

    def _run(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: (self._waiting is not None and not self._halted)
                                    or self._stopping)
                if self._waiting is None or self._halted:
                    return
                case, covered = self._waiting, self._covered
                self._waiting, self._covered, self._busy = None, 0, True
                case.version = self._version
            try:
                version = self.store.save(case)
            except Conflict:
                with self._lock:
                    self._halted = True
                    if self._waiting is None:  # keep the newest edits for after the merge
                        self._waiting, self._covered = case, covered
                self.conflicted.emit()
            except WorkbenchError as error:
                self._fail(f"Could not save the case: {error}")
            except Exception as error:  # a locked or vanished database, a full disk
                log.error("saving a case failed: %s", type(error).__name__, exc_info=True)
                self._fail(DISK_FULL if _disk_full(error) else UNREACHABLE)
            else:
                with self._lock:
                    self._failed_last = False
                    self._version = version
                    self._base = case
                self.stored.emit(covered)
            finally:
                with self._lock:
                    self._busy = False
                    self._lock.notify_all()


    def _fail(self, message: str) -> None:
        with self._lock:
            self._failed_last = True
        self.failed.emit(message)


def _disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError):
        return error.errno == errno.ENOSPC
    if isinstance(error, OperationalError):
        code = getattr(error.orig, "sqlite_errorcode", None)
        return code == sqlite3.SQLITE_FULL or "disk is full" in str(error.orig)
    return False
