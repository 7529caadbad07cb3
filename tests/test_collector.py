"""The cycle collector runs on the window's thread: automatic collection is off while
the window runs, and the timer frees cycles as they come due."""

from __future__ import annotations

import gc
import threading
import weakref

from workbench.ui.collector import WindowThreadCollector


class Node:
    def __init__(self):
        self.other = self


def test_cycles_made_on_a_worker_thread_are_freed_on_the_window_thread(qtbot):
    freed_on: list[str] = []

    class Watched(Node):
        def __del__(self):
            freed_on.append(threading.current_thread().name)

    collector = WindowThreadCollector(interval_ms=20)
    try:
        assert not gc.isenabled()
        made: list[weakref.ref] = []

        def work():
            for _ in range(5):
                made.append(weakref.ref(Watched()))
            for _ in range(20_000):  # far past generation 0's threshold
                Node()

        worker = threading.Thread(target=work, name="worker")
        worker.start()
        worker.join()
        assert freed_on == []  # nothing was collected on the worker
        qtbot.waitUntil(lambda: all(ref() is None for ref in made), timeout=5000)
        assert set(freed_on) == {threading.main_thread().name}
    finally:
        collector.stop()
    assert gc.isenabled()
