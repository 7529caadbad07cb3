"""Starting the window: a display, the database, the main window, the first-start offer."""

from __future__ import annotations

import os
import sys

from workbench.errors import WorkbenchError

NO_DISPLAY = ("error: no display to open the workbench window on; run it under a virtual "
              "screen, for example: xvfb-run ./run")


def has_display() -> bool:
    if sys.platform != "linux":
        return True
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return True  # offscreen, vnc, eglfs...: Qt draws without a desktop
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


SWITCH_SECONDS = 0.001


def application(argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    # Imports, finding documents and checks run Python on worker threads; the window's
    # thread takes Python's lock back within this time (5 ms by default, which a busy
    # worker makes the window wait at each of its queries: stalls of 100-180 ms while
    # the documents of a 1,000-page file were found, 40-80 ms at 1 ms; bench/window.py).
    sys.setswitchinterval(SWITCH_SECONDS)
    app.setApplicationName("IMR Reviewer Workbench")
    app.setOrganizationName("imr-workbench")
    app.setStyle("Fusion")
    return app


def run_window(url: str | None, *, offer_demo: bool = True) -> int:
    """Open the main window on the database at ``url`` (default: the embedded SQLite file)."""
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    app = application()
    from PySide6.QtCore import QTimer

    from workbench.ui import preferences

    try:
        window = open_window(url or preferences.start_url())
    except WorkbenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if window is None:  # a dialog said why
        return 2
    if offer_demo:
        QTimer.singleShot(0, window.offer_demo)
    QTimer.singleShot(300, warm_readers)
    from workbench.ui.collector import WindowThreadCollector

    collector = WindowThreadCollector(app)
    try:
        return app.exec()
    finally:
        collector.stop()
        from workbench.records.readers import READERS

        READERS.close()


_WINDOWS: list = []  # the main windows alive: a restore replaces the window with a new one


def open_window(url: str | None):
    """Open the database and show a main window on it; None if it cannot be opened.

    A damaged database becomes a dialog offering its newest backup, an
    unreadable one a dialog with its one line (``database_dialogs.open_or_ask``).
    After Restore from Backup the window gives way to a new one on the
    restored file.
    """
    from workbench.ui.database_dialogs import open_or_ask
    from workbench.ui.window import MainWindow

    database = open_or_ask(url)
    if database is None:
        return None
    window = MainWindow(database)
    install_error_dialog(window)
    window.database_care.replaced.connect(
        lambda restored_url: _replace_window(window, restored_url))
    _WINDOWS.append(window)
    window.reopen_last_case()
    window.show()
    return window


def _replace_window(old, url: str) -> None:
    open_window(url)  # shown before the old one closes, so the program goes on
    old.close()
    if old in _WINDOWS:
        _WINDOWS.remove(old)
    old.deleteLater()


def install_error_dialog(window) -> None:
    """An unexpected error in the window becomes a one-line dialog; its stack goes to the log."""
    import logging

    from PySide6.QtWidgets import QMessageBox

    log = logging.getLogger("workbench.ui")

    def report(kind, error, trace) -> None:
        if issubclass(kind, WorkbenchError):
            QMessageBox.warning(window, "Something did not work", str(error))
            return
        log.error("unexpected error in the window", exc_info=(kind, error, trace))
        QMessageBox.critical(
            window, "Unexpected error",
            f"Something went wrong ({kind.__name__}). Your edits are saved as you go; details "
            "are in the log file.")

    sys.excepthook = report


def warm_readers() -> None:
    """Start the reading processes a first import needs, once the window is up."""
    from workbench.records.readers import READERS

    READERS.warm()
