"""The case database in the window, offscreen: backups while working and on close, Check
Database, Restore from Backup, and the dialogs when the database cannot be opened at start."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from case_databases import make_database as make_cases
from db import backups
from workbench.profile import load_profile
from workbench.startup import open_workbench
from workbench.store import CaseStore
from workbench.ui import app as window_app
from workbench.ui.database_dialogs import READ_ONLY_NOTICE, DamagedDatabaseDialog


@pytest.fixture
def settings(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("IMR_WORKBENCH_CONFIG", str(tmp_path / "config"))


def make_database(path: Path, cases: int) -> Path:
    """A database with ``cases`` cases and everything in its main file (no write-ahead log)."""
    make_cases(path, cases)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return path


def add_case(window, number: str) -> int:
    return window.store.add(load_profile(window.database).new_case(case_number=number))


def count_cases(path: Path) -> int:
    database = open_workbench(str(path))
    try:
        return CaseStore(database).count()
    finally:
        database.close()


def answer_next_dialog(qtbot, act, kind=QDialog) -> list:
    """Run ``act(dialog)`` on the next modal ``kind`` once it is shown; returns what was seen."""
    seen = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or dialog in seen:
            QTimer.singleShot(20, look)
            return
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(0, look)
    return seen


def close_windows() -> None:
    for window in list(window_app._WINDOWS):
        window.close()
        window_app._WINDOWS.remove(window)


def test_a_change_then_closing_the_window_takes_an_on_close_backup(window):
    path = Path(backups.sqlite_file(window.database.url))
    add_case(window, "CM26-0000001")
    window.close()
    listed = backups.list_backups(path)
    assert [(b.reason, b.cases) for b in listed] == [("on-close", 1)]


def test_closing_without_changes_takes_no_backup(window):
    path = Path(backups.sqlite_file(window.database.url))
    window.close()
    assert backups.list_backups(path) == []


def test_an_hour_of_use_after_changes_takes_a_routine_backup(window, qtbot):
    care = window.database_care
    assert care.timer.isActive() and care.timer.interval() == 60 * 60 * 1000
    assert care.backup_in_use() is None  # nothing changed yet
    add_case(window, "CM26-0000002")
    task = care.backup_in_use()
    assert task is not None
    with qtbot.waitSignal(care.backed_up) as taken:
        pass
    assert (taken.args[0].reason, taken.args[0].cases) == ("routine", 1)
    assert care.backup_in_use() is None  # nothing changed since
    window.close()  # and nothing changed since the last backup either
    assert [b.reason for b in backups.list_backups(care.path)] == ["routine"]


def test_check_database_reports_a_sound_database(window, qtbot):
    dialog = window.database_care.check_database()
    qtbot.waitUntil(lambda: dialog.result is not None)
    assert dialog.result == []
    assert "No problems found" in dialog.status.text()
    dialog.close()


def test_restore_dialog_lists_the_backups_newest_first(window):
    path = backups.sqlite_file(window.database.url)
    add_case(window, "CM26-0000003")
    older = backups.take_backup(path, backups.ROUTINE)
    add_case(window, "CM26-0000004")
    newer = backups.take_backup(path, backups.MANUAL)
    dialog = window.database_care.restore_from_backup()
    table = dialog.table
    assert table.rowCount() == 2
    rows = [[table.item(row, column).text() for column in range(4)] for row in range(2)]
    assert [row[1:3] for row in rows] == [["taken by hand", "2"], ["routine", "1"]]
    assert rows[0][0] == newer.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
    assert rows[1][3] == older.size_label
    assert dialog.selected() == dialog.backups[0] and dialog.restore_button.isEnabled()
    dialog.close()


def test_restore_from_backup_replaces_the_database_and_a_new_window_opens_it(
        tmp_path: Path, qtbot, settings):
    path = make_database(tmp_path / "cases.sqlite3", cases=1)
    first = window_app.open_window(str(path))
    qtbot.addWidget(first)
    backup = backups.take_backup(path, backups.MANUAL)
    add_case(first, "CM26-0000100")
    assert first.store.count() == 2
    dialog = first.database_care.restore_from_backup()
    assert dialog.selected() == backup
    said = []

    def confirm(box) -> None:
        said.append(box.text())
        answer_next_dialog(qtbot, lambda done: (said.append(done.text()), done.accept()),
                           QMessageBox)
        box.button(QMessageBox.Yes).click()

    answer_next_dialog(qtbot, confirm, QMessageBox)
    with qtbot.waitSignal(first.database_care.replaced):
        dialog.restore_button.click()
    try:
        assert "kept beside it" in said[0]
        assert said[1] == "Restored. The workbench reopens the database now."
        assert len(window_app._WINDOWS) == 1 and window_app._WINDOWS[0] is not first
        second = window_app._WINDOWS[0]
        assert second.store.count() == 1
        kept = [p for p in tmp_path.glob("cases.replaced-*.sqlite3")]
        assert len(kept) == 1
        assert backups.list_backups(path)[0].reason == "before-restore"
    finally:
        close_windows()


def damage(path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.write_bytes(b"this is not a database " * 400)


def test_a_damaged_database_at_start_offers_the_newest_backup(tmp_path: Path, qtbot, settings):
    path = make_database(tmp_path / "cases.sqlite3", cases=2)
    backups.take_backup(path)
    damage(path)
    damaged_bytes = path.read_bytes()

    def restore(dialog) -> None:
        assert isinstance(dialog, DamagedDatabaseDialog)
        dialog.restore_button.click()

    seen = answer_next_dialog(qtbot, restore)
    window = window_app.open_window(str(path))
    try:
        assert seen and str(path) in " ".join(
            label.text() for label in seen[0].findChildren(type(seen[0].advice)))
        assert seen[0].restore_button.text() == "Restore Newest Backup"
        assert window is not None and window.store.count() == 2
        kept = [p for p in tmp_path.iterdir() if p.name.startswith("cases.damaged-")]
        assert len(kept) == 1 and kept[0].read_bytes() == damaged_bytes
    finally:
        close_windows()


def test_quitting_the_damaged_database_dialog_opens_nothing(tmp_path: Path, qtbot, settings):
    path = make_database(tmp_path / "cases.sqlite3", cases=1)
    damage(path)
    seen = answer_next_dialog(qtbot, lambda dialog: dialog.quit_button.click())
    assert window_app.open_window(str(path)) is None
    assert not seen[0].restore_button.isEnabled()  # there is no backup to offer
    assert "no backup" in seen[0].advice.text()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["cases.sqlite3"]


def test_an_unreadable_database_at_start_is_a_dialog_with_one_line(tmp_path: Path, qtbot,
                                                                   settings, capfd):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    texts = []

    def close(dialog) -> None:
        texts.append(dialog.text())
        dialog.close()

    answer_next_dialog(qtbot, close)
    assert window_app.open_window(str(blocker / "cases.sqlite3")) is None
    assert len(texts) == 1 and "\n" not in texts[0] and "Traceback" not in texts[0]
    assert texts[0] in capfd.readouterr().err


def test_a_read_only_database_shows_a_notice_and_is_never_backed_up(tmp_path: Path, qtbot,
                                                                     settings):
    path = make_database(tmp_path / "cases.sqlite3", cases=1)
    os.chmod(path, 0o400)
    try:
        window = window_app.open_window(str(path))
        assert window.database.read_only
        notice = window.database_care.notice
        assert notice is not None and notice.text() == READ_ONLY_NOTICE and notice.isVisible()
        assert not window.database_care.timer.isActive()
        close_windows()
        assert backups.list_backups(path) == []
    finally:
        os.chmod(path, 0o600)
