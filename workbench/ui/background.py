"""Short background work whose owner may be closed while it runs: the quality checks, the
spelling words.

``in_background(owner, work, done, failed)`` runs ``work()`` on a worker
thread and calls ``done(result)`` or ``failed(message)`` on the window's
thread. No Qt object is touched by the worker: the window's thread asks the
work's future every few milliseconds with a timer that belongs to ``owner``,
so when the owner is deleted (its window closed) the timer goes with it and
nothing is delivered to an object that is gone. (A signal emitted from the
worker would be queued with its sender; a sender freed before delivery
crashes Qt.) Long work with progress and Cancel is ``workbench.ui.tasks``.

Python's cycle collector is held off while such work runs, and let go from the
window's thread: the work allocates a great deal, and a collection it set off
would free whatever Qt objects had become garbage (a closed window left in a
reference cycle) on the worker thread, which crashes Qt.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from workbench.errors import WorkbenchError

log = logging.getLogger(__name__)

POLL_MS = 15  # how often the window's thread looks for the result
_workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="background")


def in_background(owner: QObject, title: str, work: Callable[[], Any],
                  done: Callable[[Any], None], failed: Callable[[str], None]) -> Future:
    """Run ``work`` off the window's thread; ``done``/``failed`` follow on it, while ``owner``
    exists. ``failed`` gets one line: a ``WorkbenchError``'s message, else the error's type
    (the stack goes to the log, never the message, which may hold case text)."""
    _hold_collector()
    future = _workers.submit(work)
    timer = QTimer(owner)
    timer.setInterval(POLL_MS)
    released = []

    def release(*_args) -> None:  # once, on the window's thread: work done, or owner gone
        if not released:
            released.append(True)
            _release_collector()

    def check() -> None:
        if not future.done():
            return
        timer.stop()
        release()
        timer.deleteLater()
        error = future.exception()
        if error is None:
            done(future.result())
        elif isinstance(error, WorkbenchError):
            failed(str(error))
        else:
            log.error("%s failed: %s", title, type(error).__name__,
                      exc_info=(type(error), error, error.__traceback__))
            failed(f"{title} failed unexpectedly ({type(error).__name__}); details are in the "
                   "log file.")

    timer.timeout.connect(check)
    timer.destroyed.connect(release)
    timer.start()
    return future


_held = 0  # background works running; the collector runs again when none is
_held_lock = threading.Lock()
_was_enabled = True  # automatic collection before the first hold (off under WindowThreadCollector)


def _hold_collector() -> None:
    global _held, _was_enabled
    with _held_lock:
        if _held == 0:
            _was_enabled = gc.isenabled()
        _held += 1
        gc.disable()


def _release_collector() -> None:
    global _held
    with _held_lock:
        _held -= 1
        if _held == 0 and _was_enabled:
            gc.enable()


class _FirstPaint(QObject):
    """Watches a window for its first paint, then starts ``timer`` once."""

    def __init__(self, window: QWidget, timer: QTimer):
        super().__init__(timer)
        self.window = window
        self.timer = timer
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() == QEvent.Paint:
            self.window.removeEventFilter(self)
            self.timer.start()
        return False


def after_first_paint(owner: QObject, delay_ms: int, callback: Callable[[], None]) -> None:
    """Call ``callback`` ``delay_ms`` after the window holding ``owner`` first paints (or after
    ``delay_ms`` when it is showing already, or ``owner`` is in no window), so work started
    then never competes with the window coming up. Nothing is called once ``owner`` is gone."""
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(callback)
    timer.timeout.connect(timer.deleteLater)
    holder = owner
    while holder is not None and not isinstance(holder, QWidget):
        holder = holder.parent()
    window = holder.window() if isinstance(holder, QWidget) else None
    if window is None or window.isVisible():
        timer.start()
    else:
        _FirstPaint(window, timer)
