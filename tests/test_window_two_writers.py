"""The window and another writer on one case: changes noticed, merged, or put to the reviewer."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton

from workbench.case import Decision, Item
from workbench.changes import CASE, LIBRARY, RECORDS, SETTINGS
from workbench.profile import load_profile, save_profile
from workbench.startup import open_workbench
from workbench.store import CaseStore
from workbench.ui.conflict_dialog import ConflictDialog


def _other_writer(window) -> CaseStore:
    """A second connection to the same file, as another window or command has."""
    return CaseStore(open_workbench(window.database.url))


def test_a_change_saved_elsewhere_is_noticed_and_shown(window, open_case, qtbot):
    other = _other_writer(window)
    announced = []
    window.ops.changed.connect(announced.append)
    case = other.get(open_case)
    case.claim_number = "ADJ-ELSEWHERE"
    case.items.append(Item("Lumbar MRI", Decision.UPHELD))
    other.save(case)
    qtbot.waitUntil(lambda: window.editor.case.claim_number == "ADJ-ELSEWHERE", timeout=5000)
    external = [c for c in announced if c.external]
    assert external and external[0].touches(CASE)
    summary = window.workspace.summary
    assert any(getattr(w, "text", lambda: "")() == "ADJ-ELSEWHERE"
               for w, _refresh in summary._refreshers)
    assert window.workspace.items.list.count() == 1
    assert window.editor.saved and window.editor.case.version == case.version
    assert not window.editor.undo_stack.canUndo()  # undo would take their change back
    other.database.close()


def test_library_and_settings_changed_elsewhere_are_announced(window, open_case, qtbot):
    from workbench.library.model import Snippet
    from workbench.library.store import LibraryStore

    database = open_workbench(window.database.url)
    announced = []
    window.ops.changed.connect(announced.append)
    LibraryStore(database).add_snippet(Snippet("", "Elsewhere", "Written in another window.", []))
    profile = load_profile(database)
    profile.organization = "Another Org"
    save_profile(database, profile)
    window.ops.check()
    parts = set().union(*(c.parts for c in announced if c.external))
    assert {LIBRARY, SETTINGS} <= parts and RECORDS not in parts
    database.close()


def test_edits_on_both_sides_to_different_parts_are_merged(window, open_case, qtbot):
    other = _other_writer(window)
    window.editor.edit("Summary", lambda c: setattr(c, "summary", ["Mine, typed here."]))
    theirs = other.get(open_case)
    theirs.claim_number = "ADJ-THEIRS"
    other.save(theirs)
    assert window.editor.flush()  # refused first, merged, then stored
    qtbot.waitUntil(lambda: window.editor.saved, timeout=5000)
    stored = other.get(open_case)
    assert stored.summary == ["Mine, typed here."] and stored.claim_number == "ADJ-THEIRS"
    assert window.editor.case.claim_number == "ADJ-THEIRS"
    other.database.close()


def _answer_conflict(button: str, seen: list) -> None:
    """Click ``button`` on the conflict dialog once it is up; note what it showed."""
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, ConflictDialog):
        seen.append(dialog.findChild(QPlainTextEdit, "mine").toPlainText())
        seen.append({b.objectName() for b in dialog.findChildren(QPushButton)})
        dialog.findChild(QPushButton, button).click()
    else:
        QTimer.singleShot(20, lambda: _answer_conflict(button, seen))


def test_the_same_part_changed_on_both_sides_asks_and_keeps_mine_as_a_copy(window, open_case,
                                                                          qtbot):
    other = _other_writer(window)
    window.editor.edit("Claim", lambda c: setattr(c, "claim_number", "ADJ-MINE"))
    theirs = other.get(open_case)
    theirs.claim_number = "ADJ-THEIRS"
    other.save(theirs)
    seen: list = []
    QTimer.singleShot(0, lambda: _answer_conflict("copy", seen))
    window.editor.flush()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert "Claim number" in seen[0] and "ADJ-MINE" in seen[0]
    assert seen[1] >= {"mine", "theirs", "copy"}
    qtbot.waitUntil(lambda: window.editor.saved, timeout=5000)
    assert window.editor.case.claim_number == "ADJ-THEIRS"
    numbers = {c.claim_number for c in map(other.get, [c.id for c in other.list()])}
    assert numbers == {"ADJ-THEIRS", "ADJ-MINE"}
    other.database.close()


def test_keep_mine_stores_mine_over_theirs(window, open_case, qtbot):
    other = _other_writer(window)
    window.editor.edit("Claim", lambda c: setattr(c, "claim_number", "ADJ-MINE"))
    theirs = other.get(open_case)
    theirs.claim_number = "ADJ-THEIRS"
    theirs.summary = ["Theirs only."]
    other.save(theirs)
    seen: list = []
    QTimer.singleShot(0, lambda: _answer_conflict("mine", seen))
    window.editor.flush()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert window.editor.flush()
    stored = other.get(open_case)
    assert stored.claim_number == "ADJ-MINE" and stored.summary == ["Theirs only."]
    assert len(other.list()) == 1
    other.database.close()


def test_a_citation_added_by_the_command_line_reaches_the_window_and_survives_its_edits(
        window, open_case, qtbot, cli):
    window.editor.edit("Add item", lambda c: c.items.append(Item("Lumbar MRI", Decision.UPHELD)))
    assert window.editor.flush()
    path = window.database.url.removeprefix("sqlite:///")
    cited = cli("--db", path, "item", "cite", str(open_case), "1", "odg.low-back.mri",
                "--as", "reviewer")
    assert cited.code == 0, cited.err
    qtbot.waitUntil(lambda: bool(window.editor.case.items[0].reviewer_citations), timeout=6000)
    # The reviewer goes on typing in the window; the citation made elsewhere stays.
    window.editor.edit("Rationale", lambda c: c.items[0].rationale.append("MRI is not needed."))
    assert window.editor.flush()
    stored = CaseStore(open_workbench(window.database.url)).get(open_case)
    assert [c.entry_key for c in stored.items[0].reviewer_citations] == ["odg.low-back.mri"]
    assert stored.items[0].rationale == ["MRI is not needed."]


def test_a_change_elsewhere_is_not_lost_in_the_windows_own_library_edit(window, open_case, qtbot):
    from workbench.changes import Changes
    from workbench.library.model import Snippet
    from workbench.library.store import LibraryStore

    other = _other_writer(window)
    theirs = other.get(open_case)
    theirs.claim_number = "ADJ-BEFORE-MY-EDIT"
    other.save(theirs)
    library = LibraryStore(window.database)
    window.ops.run(lambda: library.add_snippet(Snippet("", "Mine", "My snippet.", [])),
                   Changes.of(LIBRARY))
    assert window.editor.case.claim_number == "ADJ-BEFORE-MY-EDIT"
    other.database.close()


def test_a_database_restored_under_the_open_window_is_noticed_and_reopened(window, open_case,
                                                                         qtbot):
    from PySide6.QtWidgets import QMessageBox

    from db import backups

    backup = backups.take_backup(window.database.path, backups.ROUTINE)
    backups.restore_backup(window.database.path, backup)  # as `db restore` does meanwhile
    reopened, warned = [], []
    window.database_care.replaced.connect(reopened.append)

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            warned.append(box.text())
            box.button(QMessageBox.Ok).click()
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    window.ops.check()
    window.ops.check()  # said once
    assert len(warned) == 1 and "replaced or moved" in warned[0]
    assert reopened == [window.database.url]


def test_closing_the_window_leaves_every_change_in_the_database_file(window, open_case,
                                                                     tmp_path):
    import shutil
    import sqlite3

    other = open_workbench(window.database.url)  # another window keeps the file open
    CaseStore(other).get(open_case)
    window.editor.edit("Claim", lambda c: setattr(c, "claim_number", "ADJ-AT-CLOSE"))
    assert window.close()
    copy = tmp_path / "sent-alone.sqlite3"
    shutil.copyfile(window.database.path, copy)  # the file alone, without its -wal
    connection = sqlite3.connect(copy)
    claim = connection.execute("SELECT claim_number FROM cases WHERE id = ?",
                               (open_case,)).fetchone()[0]
    connection.close()
    other.close()
    assert claim == "ADJ-AT-CLOSE"
