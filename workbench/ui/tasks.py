"""Slow work off the GUI thread: imports, OCR, exports, with progress and cancel.

A ``Task`` runs a plain function on a worker thread; the function gets a
``Progress`` to report to and to ask whether it was cancelled. Results and
errors come back as signals on the GUI thread. A ``WorkbenchError`` arrives as
its one-line message; anything else is logged (without its message) and
reported as a short line, never a traceback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from workbench.errors import WorkbenchError

log = logging.getLogger(__name__)


class Progress:
    """Handed to the work function: report progress, notice a cancel."""

    def __init__(self, task: Task):
        self._task = task
        self.cancelled = threading.Event()

    def report(self, done: int, total: int | None, text: str = "") -> None:
        self._task.progressed.emit(done, total or 0, text)


class Task(QObject):
    progressed = Signal(int, int, str)  # done, total (0 when unknown), text
    succeeded = Signal(object)
    failed = Signal(str)
    ended = Signal()  # after succeeded or failed, or when a cancelled task stops

    def __init__(self, title: str, work: Callable[[Progress], Any], *,
                 cancellable: bool = True, parent: QObject | None = None):
        super().__init__(parent)
        self.title = title
        self.cancellable = cancellable
        self.progress = Progress(self)
        self._work = work
        self._thread = threading.Thread(target=self._run, name=f"task-{title}", daemon=True)

    def start(self) -> Task:
        self._thread.start()
        return self

    def cancel(self) -> None:
        self.progress.cancelled.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            result = self._work(self.progress)
        except WorkbenchError as error:
            self.failed.emit(str(error))
        except Exception as error:
            log.error("%s failed: %s", self.title, type(error).__name__, exc_info=True)
            self.failed.emit(f"{self.title} failed unexpectedly ({type(error).__name__}); "
                             "details are in the log file.")
        else:
            self.succeeded.emit(result)
        finally:
            self.ended.emit()


class TaskList(QObject):
    """The tasks running now, so the window can show them and finish them before it closes."""

    started = Signal(object)  # Task
    finished = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.tasks: list[Task] = []

    def run(self, task: Task) -> Task:
        self.tasks.append(task)
        task.ended.connect(lambda: self._ended(task))
        self.started.emit(task)
        return task.start()

    def _ended(self, task: Task) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
        self.finished.emit(task)

    @property
    def busy(self) -> bool:
        return any(task.running for task in self.tasks)

    def cancel_all(self, timeout: float = 10.0) -> bool:
        for task in list(self.tasks):
            if task.cancellable:
                task.cancel()
        return all(task.wait(timeout) for task in list(self.tasks))

    def wait_all(self, timeout: float = 60.0) -> bool:
        return all(task.wait(timeout) for task in list(self.tasks))
