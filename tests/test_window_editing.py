"""The open case in the window: edits stored without saving, undo, the trash, the case list."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

from workbench.case import Decision, Item


def test_edits_are_stored_within_two_seconds_and_the_title_says_so(window, open_case, qtbot):
    editor = window.editor
    editor.edit("Edit claim number", lambda c: setattr(c, "claim_number", "ADJ123"))
    assert window.isWindowModified()
    started = time.monotonic()
    qtbot.waitUntil(lambda: editor.saved, timeout=2000)
    assert time.monotonic() - started < 2.0
    assert window.store.get(open_case).claim_number == "ADJ123"
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=1000)
    assert window.saved_label.text() == "All changes saved"


def test_typing_undoes_as_one_step_and_redo_puts_it_back(window, open_case, qtbot):
    editor = window.editor
    for text in ("T", "Th", "The"):
        editor.edit("Edit summary", lambda c, t=text: setattr(c, "summary", [t]),
                    merge="summary")
    editor.edit("Add item", lambda c: c.items.append(Item("MRI", Decision.UPHELD)))
    assert editor.undo_stack.count() == 2
    editor.undo_stack.undo()
    assert editor.case.items == [] and editor.case.summary == ["The"]
    editor.undo_stack.undo()
    assert editor.case.summary == []
    editor.undo_stack.redo()
    editor.undo_stack.redo()
    assert editor.case.items[0].description == "MRI"
    assert editor.flush()
    assert window.store.get(open_case).items[0].description == "MRI"


def test_delete_goes_to_the_trash_and_comes_back(window, open_case, qtbot):
    window.delete_case(confirm=False)
    assert window.stack.currentWidget() is window.cases
    assert window.store.is_trashed(open_case)
    assert window.cases.model.rowCount() == 0
    qtbot.mouseClick(window.cases.trash_button, Qt.LeftButton)
    assert window.cases.model.rowCount() == 1
    window.cases.table.selectRow(0)
    qtbot.mouseClick(window.cases.restore_button, Qt.LeftButton)
    assert not window.store.is_trashed(open_case)
    window.cases.trash_button.setChecked(False)
    assert window.cases.model.rowCount() == 1


def test_case_list_fetches_rows_lazily_and_searches(window, qtbot):
    from workbench.profile import load_profile

    profile = load_profile(window.database)
    for n in range(450):
        window.store.add(profile.new_case(case_number=f"CM26-{n:07d}"))
    window.show_cases()
    model = window.cases.model
    assert model.total == 450 and model.rowCount() < 450
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 450
    qtbot.keyClicks(window.cases.search, "0000123")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=2000)
    assert model.listing(0).case_number == "CM26-0000123"


def test_layout_and_recent_cases_come_back_next_start(window, open_case, qtbot, tmp_path):
    from workbench.ui import preferences
    from workbench.ui.window import MainWindow

    window.workspace.show_tab(2)
    window.workspace.toggle_pane(window.workspace.library)  # the reviewer hides the library
    assert window.workspace.splitter.sizes()[2] == 0
    window.close()
    assert preferences.recent_cases()[0] == open_case
    again = MainWindow(window.database)
    qtbot.addWidget(again)
    assert again.workspace.tabs.currentIndex() == 2
    assert again.workspace.splitter.sizes()[2] == 0
    again.editor.saver.stop()


def test_the_case_open_at_exit_opens_again(window, open_case, qtbot):
    from workbench.ui.window import MainWindow

    window.close()
    again = MainWindow(window.database)
    qtbot.addWidget(again)
    assert again.reopen_last_case()
    assert again.editor.case.id == open_case
    again.show_cases()
    again.close()
    third = MainWindow(window.database)
    qtbot.addWidget(third)
    assert not third.reopen_last_case()
    for main in (again, third):
        main.editor.saver.stop()


def test_first_start_offers_the_demo_case_once(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: asked.append(args) or QMessageBox.Yes)
    window.offer_demo()
    qtbot.waitUntil(lambda: window.editor.case is not None, timeout=30000)
    case = window.editor.case
    assert len(asked) == 1 and len(case.items) == 2 and case.summary_form
    assert window.workspace.records.documents.rowCount() >= 4
    window.offer_demo()
    assert len(asked) == 1


def test_files_dropped_on_the_window_are_imported_into_the_open_case(window, open_case, qtbot,
                                                                      tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent
    from record_files import KIND_SAMPLES, text_pdf

    pdf = text_pdf(tmp_path / "dropped.pdf", [KIND_SAMPLES["imaging"]])
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(pdf))])
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(event)
    records = window.workspace.records
    qtbot.waitUntil(lambda: records.documents.rowCount() == 1, timeout=30000)
