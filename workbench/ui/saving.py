"""The one thread that writes the open case to the database.

Typing must never wait on the disk, so snapshots are written here; only the
newest waiting snapshot is written (an older one would be overwritten at
once anyway). The window waits for it only when it closes a case or quits.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from workbench.case import Case
from workbench.errors import WorkbenchError
from workbench.store import CaseStore

log = logging.getLogger(__name__)


class Saver(QObject):
    stored = Signal(int)  # how many snapshots the write covered
    failed = Signal(str)

    def __init__(self, store: CaseStore):
        super().__init__()
        self.store = store
        self._lock = threading.Condition()
        self._waiting: Case | None = None
        self._covered = 0
        self._busy = False
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="case-saver", daemon=True)
        self._thread.start()

    def put(self, case: Case) -> None:
        with self._lock:
            self._waiting = case
            self._covered += 1
            self._lock.notify_all()

    def wait(self, timeout: float) -> bool:
        """Block until nothing is waiting or being written; False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: self._waiting is None and not self._busy, timeout)

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        self._thread.join(5)

    def _run(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._waiting is not None or self._stopping)
                if self._waiting is None:
                    return
                case, covered = self._waiting, self._covered
                self._waiting, self._covered, self._busy = None, 0, True
            try:
                self.store.save(case)
            except WorkbenchError as error:
                self.failed.emit(f"Could not save the case: {error}")
            except Exception as error:  # a locked or vanished database, a full disk
                log.error("saving a case failed: %s", type(error).__name__, exc_info=True)
                self.failed.emit("Could not save the case; it will be tried again. "
                                 "Check that the database is reachable and the disk not full.")
            else:
                self.stored.emit(covered)
            finally:
                with self._lock:
                    self._busy = False
                    self._lock.notify_all()
