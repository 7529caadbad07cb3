"""Saving that fails for lack of room says so, keeps the edits, and clears once a save goes through."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import event

from workbench.startup import open_workbench
from workbench.store import CaseStore
from workbench.ui.saving import DISK_FULL


def test_a_full_disk_is_named_and_the_notice_clears_after_the_next_save(window, open_case,
                                                                       qtbot):
    database = window.database
    with database.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()

    def limit(connection, _record) -> None:
        """SQLite's own page limit: past it a write fails with SQLITE_FULL, as on a full disk."""
        connection.execute(f"PRAGMA max_page_count={pages}")

    event.listen(database.engine, "connect", limit)
    database.engine.dispose()  # every pooled connection opens again under the limit
    text = "Radicular pain documented on examination. " * 2000
    window.editor.edit("Summary", lambda c: setattr(c, "summary", [text]))
    qtbot.waitUntil(lambda: window.saved_label.text() == "Not saved", timeout=5000)
    assert window.statusBar().currentMessage() == DISK_FULL
    assert "disk is full" in window.saved_label.toolTip()
    assert window.editor.case.summary == [text]  # the edit stays in the window
    assert not window.editor.flush()  # closing or quitting must not take it as stored

    def answer(button) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(20, lambda: answer(button))

    asked: list[str] = []
    QTimer.singleShot(0, lambda: answer(QMessageBox.Cancel))
    window.show_cases()
    assert asked and "disk is full" in asked[0]
    assert window.stack.currentWidget() is window.workspace  # the case stays open

    event.remove(database.engine, "connect", limit)
    database.engine.dispose()
    window.editor.edit("Claim", lambda c: setattr(c, "claim_number", "ADJ-1"))
    qtbot.waitUntil(lambda: window.saved_label.text() == "All changes saved", timeout=8000)
    assert window.statusBar().currentMessage() != DISK_FULL
    other = open_workbench(database.url)
    stored = CaseStore(other).get(open_case)
    assert stored.summary == [text] and stored.claim_number == "ADJ-1"
    other.close()


def test_a_read_only_database_opens_for_reading_and_takes_no_edits(tmp_path, qtbot,
                                                                  monkeypatch):
    import os

    from workbench.case import Decision, Item
    from workbench.profile import load_profile
    from workbench.ui.window import MainWindow

    monkeypatch.setenv("IMR_WORKBENCH_CONFIG", str(tmp_path / "config"))
    path = tmp_path / "shared.sqlite3"
    database = open_workbench(str(path))
    case = load_profile(database).new_case(case_number="CM26-0000888")
    case.items.append(Item("Lumbar MRI", Decision.UPHELD))
    case_id = CaseStore(database).add(case)
    database.close()
    os.chmod(path, 0o444)

    database = open_workbench(str(path))
    assert database.read_only
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    window.open_case(case_id)
    assert not window.workspace.summary.isEnabled()
    assert not window.workspace.items.item_editor.isEnabled()
    assert not window.workspace.items.add_button.isEnabled()
    messages = []
    window.editor.save_failed.connect(messages.append)
    window.editor.edit("Claim", lambda c: setattr(c, "claim_number", "ADJ-1"))
    assert window.editor.case.claim_number is None and window.editor.saved
    assert messages and "read-only" in messages[0]
    assert window.workspace.letter.isEnabled()  # the letter still previews and exports
    library = window.workspace.library
    assert not library.new_button.isEnabled() and not library.snippets_button.isEnabled()
    assert not library.edit_button.isEnabled() and not library.cite_reviewer.isEnabled()
    window.editor.saver.stop()
    assert os.stat(path).st_mode & 0o777 == 0o444
