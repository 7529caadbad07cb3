"""Saving that fails for lack of room says so, keeps the edits, and clears once a save goes through."""

from __future__ import annotations

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

    event.remove(database.engine, "connect", limit)
    database.engine.dispose()
    window.editor.edit("Claim", lambda c: setattr(c, "claim_number", "ADJ-1"))
    qtbot.waitUntil(lambda: window.saved_label.text() == "All changes saved", timeout=8000)
    assert window.statusBar().currentMessage() != DISK_FULL
    other = open_workbench(database.url)
    stored = CaseStore(other).get(open_case)
    assert stored.summary == [text] and stored.claim_number == "ADJ-1"
    other.close()
