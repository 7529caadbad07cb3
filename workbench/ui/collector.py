"""Python's cycle collector, run on the window's thread only.

The collector runs whenever an allocation crosses its thresholds, on whichever
thread allocates: a records import or a quality check on a worker thread can
then free a Qt object left in a reference cycle, away from the thread that
owns it, and the window crashes. Here automatic collection is turned off and
a timer on the window's thread collects the generations that are due, as
often as the thresholds would have (the pattern pyqtgraph's GarbageCollector
uses).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500  # often enough that memory never waits long; each look costs microseconds


class WindowThreadCollector(QObject):
    """Owns the collection while it lives; ``stop()`` gives it back to Python."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(interval_ms)

    def collect_due(self) -> int:
        """Collect the oldest generation past its threshold; returns the objects freed."""
        thresholds = gc.get_threshold()
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                return gc.collect(generation)
        return 0

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
