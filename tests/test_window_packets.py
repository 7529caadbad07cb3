"""A packet in the window: the documents list outlines each file's documents as page ranges,
marks the copy of a report, and the reviewer splits, merges and corrects documents where
they read them, each correction one step that Edit ▸ Undo takes back while the records
have the focus; the chronology says where a report's copy is and opens it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit

from record_files import KIND_SAMPLES, text_pdf
from test_window_records import import_and_wait
from workbench.records.citations import cite_page
from workbench.records.documents import file_corrections, list_documents, merge_document
from workbench.records.kinds import DocumentKind
from workbench.ui.records_corrections import QUICK_PAGES
from workbench.ui.records_document_dialog import DocumentDialog
from workbench.ui.records_models import ChronologyModel, DocumentsModel
from workbench.ui.records_view import CHRONOLOGY_TAB, DOCUMENTS_TAB

PR2 = [KIND_SAMPLES["pr2"], "PLAN: Continue home exercise program. Return in 4 weeks."]


def packet(folder: Path) -> Path:
    """A PR-2 (pp. 1-2), an MRI report (p. 3), a UR determination (p. 4) and the PR-2 again
    (pp. 5-6), as one PDF the way a claims administrator sends them."""
    return text_pdf(folder / "packet.pdf", PR2 + [KIND_SAMPLES["imaging"],
                                                  KIND_SAMPLES["ur_determination"]] + PR2)


def listed(view) -> list[tuple[str, str, str, str, str]]:
    """(kind, date, author, pages, file) of each row, as the list shows them."""
    model = view.documents
    return [tuple(model.index(row, column).data() for column in (
        DocumentsModel.KIND, DocumentsModel.DATE, DocumentsModel.AUTHOR, DocumentsModel.PAGES,
        DocumentsModel.FILE)) for row in range(model.rowCount())]


def show(view, file_id: int, page: int) -> None:
    assert view.open_page(file_id, page)
    assert (view.viewer.page.file_id, view.viewer.page.number) == (file_id, page)


def status(window) -> str:
    return window.statusBar().currentMessage()


def undo_action(window) -> QAction:
    return next(action for action in window.menuBar().actions()
                if action.text() == "&Edit").menu().actions()[0]


def double_click(qtbot, table, index) -> None:
    """As a mouse does it: a press and release, then the double-click."""
    table.scrollTo(index)
    where = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=where)
    qtbot.mouseDClick(table.viewport(), Qt.LeftButton, pos=where)


def focus(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=3000)


def activate(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def test_the_list_outlines_each_file_and_marks_the_copy(window, open_case, qtbot, tmp_path):
    view = window.workspace.records
    mri = text_pdf(tmp_path / "mri.pdf", [KIND_SAMPLES["electrodiagnostic"]])
    import_and_wait(view, window, qtbot, [packet(tmp_path), mri])
    packet_id = next(d.file_id for d in view.documents.rows if d.file_name == "packet.pdf")
    mri_id = next(d.file_id for d in view.documents.rows if d.file_name == "mri.pdf")

    # as filed: the file's name once, its documents as page ranges of it, the copy marked
    pr2 = ("04/15/2015", "Maria Lopez, M.D.")
    assert listed(view) == [
        ("PR-2", *pr2, "pp. 1-2", "packet.pdf"),
        ("Imaging Report", "03/02/2015", "Henry Park, M.D.", "p. 3", ""),
        ("UR Determination", "04/24/2015", "Alan Brooks, M.D.", "p. 4", ""),
        ("Copy of PR-2", *pr2, "pp. 5-6", ""),
        ("Electrodiagnostic Report", "02/10/2015", "Sara Kim, M.D.", "p. 1", "mri.pdf"),
    ]
    model = view.documents
    assert [model.file_starts(row) for row in range(5)] == [True, False, False, False, True]
    grey = QApplication.palette().color(QPalette.PlaceholderText)
    copy = model.index(3, DocumentsModel.KIND)
    assert copy.data(Qt.ForegroundRole) == grey and copy.data(Qt.FontRole).italic()
    assert model.index(0, DocumentsModel.KIND).data(Qt.ForegroundRole) is None
    tip = copy.data(Qt.ToolTipRole)
    assert "A copy of PR-2, 04/15/2015, packet.pdf pp. 1-2" in tip
    assert model.index(0, DocumentsModel.FILE).data(Qt.ToolTipRole).startswith(
        "packet.pdf: 6 pages, 4 documents")
    assert view.tabs.tabText(DOCUMENTS_TAB).startswith("Documents (5)")

    # sorted by date the file is named on every row; Pages sorts as filed again
    header = view.documents_table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(
        header.sectionViewportPosition(DocumentsModel.DATE) + 5, header.height() // 2))
    assert [row[1] for row in listed(view)] == ["02/10/2015", "03/02/2015", "04/15/2015",
                                               "04/15/2015", "04/24/2015"]
    assert all(row[4] for row in listed(view)) and not model.file_starts(1)
    # "Unread only" hides the documents read, whichever order the list is in
    view.unread_only.setChecked(True)
    hidden = {model.rows[row].pages for row in range(model.rowCount())
              if view.documents_table.isRowHidden(row)}
    assert hidden == set()  # only the first page of the PR-2 is read: nothing is complete
    show(view, mri_id, 1)  # the one-page study: read through
    show(view, packet_id, 1)
    hidden = [model.rows[row].file_name for row in range(model.rowCount())
              if view.documents_table.isRowHidden(row)]
    assert hidden == ["mri.pdf"]
    view.documents_table.sortByColumn(DocumentsModel.DATE, Qt.DescendingOrder)
    hidden = [model.rows[row].file_name for row in range(model.rowCount())
              if view.documents_table.isRowHidden(row)]
    assert hidden == ["mri.pdf"]
    view.unread_only.setChecked(False)
    view.documents_table.sortByColumn(DocumentsModel.PAGES, Qt.AscendingOrder)
    assert [row[3] for row in listed(view)] == ["pp. 1-2", "p. 3", "p. 4", "pp. 5-6", "p. 1"]

    # the chronology: the PR-2 says where its copy is, and double-clicking that opens it
    view.tabs.setCurrentIndex(CHRONOLOGY_TAB)
    chronology, table = view.chronology, view.chronology_table
    row = next(i for i, entry in enumerate(chronology.rows) if entry.kind is DocumentKind.PR2)
    assert chronology.rows[row].also_at == ((packet_id, 5, "packet.pdf"),)
    also = chronology.index(row, ChronologyModel.ALSO_AT)
    assert also.data() == "p. 5 · packet.pdf"
    assert "also at packet.pdf p. 5" in also.data(Qt.ToolTipRole)
    assert "also at packet.pdf p. 5" in chronology.index(row, ChronologyModel.EXCERPT).data(
        Qt.ToolTipRole)
    assert not table.isColumnHidden(ChronologyModel.ALSO_AT)
    double_click(qtbot, table, also)
    assert (view.viewer.page.file_id, view.viewer.page.number) == (packet_id, 5)
    assert view.viewer.file_label.text() == "Page 5 of 6 · PR-2 page 1 of 2 · packet.pdf"
    excerpt = chronology.index(row, ChronologyModel.EXCERPT)
    double_click(qtbot, table, excerpt)
    assert (view.viewer.page.file_id, view.viewer.page.number) == (packet_id, 1)

    # "Not a Duplicate" on the copy shown: listed, dated and searched as a document of
    # its own; undone, it is a copy again
    show(view, packet_id, 6)
    assert view.viewer.copy_note.isVisible()
    assert view.viewer.copy_note.text().startswith("A copy of PR-2, 04/15/2015 (pp. 1-2): ")
    corrections = view.corrections
    assert corrections.not_duplicate_action.isEnabled()
    corrections.not_duplicate_action.trigger()
    assert status(window) == "Not a duplicate: PR-2 pp. 5-6"
    assert not view.viewer.copy_note.isVisible()
    assert listed(view)[3][0] == "PR-2"
    assert not any(entry.also_at for entry in chronology.rows)
    assert table.isColumnHidden(ChronologyModel.ALSO_AT)
    assert not corrections.not_duplicate_action.isEnabled()
    corrections.undo_stack.undo()
    assert listed(view)[3][0] == "Copy of PR-2"
    assert chronology.rows[row].also_at == ((packet_id, 5, "packet.pdf"),)
    assert status(window) == "Undone: Mark PR-2 pp. 5-6 as not a duplicate."


def test_split_and_merge_are_steps_that_undo_and_redo(window, open_case, qtbot, tmp_path):
    view = window.workspace.records
    import_and_wait(view, window, qtbot, [packet(tmp_path)])
    file_id = view.documents.rows[0].file_id
    corrections = view.corrections
    split, merge = corrections.split_action, corrections.merge_action
    activate(window, qtbot)

    # on the MRI report's only page: no split (its first page), a merge with the PR-2
    show(view, file_id, 3)
    assert view.viewer.file_label.text() == \
        "Page 3 of 6 · Imaging Report page 1 of 1 · packet.pdf"
    assert not split.isEnabled() and merge.isEnabled()
    assert cite_page(window.database, open_case, file_id, 3).text == \
        "(Imaging Report, 03/02/2015, p. 3)"
    focus(qtbot, view.documents_table)
    qtbot.keyClick(view.documents_table, Qt.Key_M, Qt.ControlModifier | Qt.ShiftModifier)
    assert status(window) == "Merged: PR-2 pp. 1-3"
    assert [row[3] for row in listed(view)] == ["pp. 1-3", "p. 4", "pp. 5-6"]
    assert cite_page(window.database, open_case, file_id, 3).text == "(PR-2, 03/02/2015, p. 3)"
    assert view.viewer.title.text().startswith("PR-2")
    assert view.viewer.file_label.text() == "Page 3 of 6 · PR-2 page 3 of 3 · packet.pdf"
    # the page shown stays, and its document is the one selected in the list
    assert view.documents_table.currentIndex().row() == 0

    # page 3 is inside the PR-2 now: split it off again from the viewer's Document menu
    assert split.isEnabled() and split.text() == "&Split Document Here (at p. 3)"
    assert not merge.isEnabled()  # the PR-2 is the first document of its file
    assert split in view.viewer.document_menu.actions()
    view.viewer.document_menu.actions()[0].trigger()
    assert status(window) == "Split: PR-2 pp. 1-2 and Imaging Report p. 3"
    assert listed(view)[:2] == [
        ("PR-2", "04/15/2015", "Maria Lopez, M.D.", "pp. 1-2", "packet.pdf"),
        ("Imaging Report", "03/02/2015", "Henry Park, M.D.", "p. 3", "")]
    assert cite_page(window.database, open_case, file_id, 3).text == \
        "(Imaging Report, 03/02/2015, p. 3)"
    assert view.viewer.title.text().startswith("Imaging Report")

    # Edit ▸ Undo with the focus in the records: the split, then the merge
    undo = undo_action(window)
    assert window.undo_group.activeStack() is corrections.undo_stack
    assert undo.text() == "&Undo Split PR-2 pp. 1-3 at p. 3"
    undo.trigger()
    assert [row[3] for row in listed(view)] == ["pp. 1-3", "p. 4", "pp. 5-6"]
    assert status(window) == "Undone: Split PR-2 pp. 1-3 at p. 3."
    qtbot.keyClick(view.documents_table, Qt.Key_Z, Qt.ControlModifier)
    assert [row[3] for row in listed(view)] == ["pp. 1-2", "p. 3", "p. 4", "pp. 5-6"]
    assert file_corrections(window.database, open_case, file_id) == []
    # and redo, both
    corrections.undo_stack.redo()
    assert status(window) == "Redone: Merged: PR-2 pp. 1-3"
    corrections.undo_stack.redo()
    assert [row[3] for row in listed(view)] == ["pp. 1-2", "p. 3", "p. 4", "pp. 5-6"]
    assert cite_page(window.database, open_case, file_id, 3).text == \
        "(Imaging Report, 03/02/2015, p. 3)"
    assert [c.starts for c in file_corrections(window.database, open_case, file_id)] == [True]


def test_undo_follows_the_focus_and_keeps_what_was_done_elsewhere(window, open_case, qtbot,
                                                                  tmp_path):
    view = window.workspace.records
    import_and_wait(view, window, qtbot, [packet(tmp_path)])
    file_id = view.documents.rows[0].file_id
    activate(window, qtbot)
    show(view, file_id, 3)
    view.corrections.merge_action.trigger()
    assert len(listed(view)) == 3

    # a case edit after the correction: Ctrl+Z in the summary takes back the typing only
    summary = window.workspace.summary.narrative
    focus(qtbot, summary)
    qtbot.keyClicks(summary, "Seen.")
    qtbot.waitUntil(lambda: window.editor.undo_stack.canUndo(), timeout=3000)
    assert window.undo_group.activeStack() is window.editor.undo_stack
    qtbot.keyClick(summary, Qt.Key_Z, Qt.ControlModifier)
    assert "Seen." not in summary.toPlainText() and len(listed(view)) == 3

    # back in the records, Ctrl+Z takes back the merge
    focus(qtbot, view.documents_table)
    assert window.undo_group.activeStack() is view.undo_stack
    qtbot.keyClick(view.documents_table, Qt.Key_Z, Qt.ControlModifier)
    assert len(listed(view)) == 4

    # redone, then changed elsewhere (the command line merges the UR letter): the undo
    # step is not applied over that, and says so
    view.undo_stack.redo()
    ur = next(d for d in list_documents(window.database, open_case, order="file")
              if d.kind is DocumentKind.UR_DETERMINATION)
    merge_document(window.database, open_case, ur.id)
    view.undo_stack.undo()
    assert "corrected elsewhere" in status(window)
    assert [c.page for c in file_corrections(window.database, open_case, file_id)] == [3, 4]
    qtbot.waitUntil(lambda: not view.undo_stack.canUndo(), timeout=3000)

    # another case opened: no steps of this one's records to undo
    show(view, file_id, 2)
    view.corrections.split_action.trigger()
    assert view.undo_stack.count() == 1
    window.show_cases()
    assert view.undo_stack.count() == 0
    # opened again on a document's first page: no split offered there
    window.open_case(open_case)
    qtbot.waitUntil(lambda: view.viewer.page is not None, timeout=3000)
    assert view.viewer.page.number == view.viewer.page.document_first
    qtbot.waitUntil(lambda: not view.corrections.split_action.isEnabled(), timeout=3000)


def test_kind_date_and_author_in_place_and_in_the_dialog(window, open_case, qtbot, tmp_path):
    view = window.workspace.records
    import_and_wait(view, window, qtbot, [packet(tmp_path)])
    file_id = view.documents.rows[0].file_id
    table, model = view.documents_table, view.documents

    def type_in(row: int, column: int, text: str) -> None:
        index = model.index(row, column)
        table.setCurrentIndex(index)
        table.edit(index)
        [editor] = [e for e in table.findChildren(QLineEdit) if e.isVisible()]
        editor.clear()
        qtbot.keyClicks(editor, text)
        qtbot.keyClick(editor, Qt.Key_Return)

    # a date typed in place: the citation of the page follows
    type_in(1, DocumentsModel.DATE, "03/05/2015")
    qtbot.waitUntil(lambda: listed(view)[1][1] == "03/05/2015", timeout=3000)
    assert status(window) == "Corrected: Imaging Report, 03/05/2015, Henry Park, M.D. p. 3"
    assert cite_page(window.database, open_case, file_id, 3).text == \
        "(Imaging Report, 03/05/2015, p. 3)"
    assert model.index(1, DocumentsModel.DATE).data(Qt.FontRole).italic()
    # what is not a date is refused in one line, nothing changes
    type_in(1, DocumentsModel.DATE, "13/45/2015")
    qtbot.waitUntil(lambda: "is not a date" in status(window), timeout=3000)
    assert listed(view)[1][1] == "03/05/2015" and view.undo_stack.count() == 1
    # emptied: the records' own date again
    type_in(1, DocumentsModel.DATE, "")
    qtbot.waitUntil(lambda: listed(view)[1][1] == "03/02/2015", timeout=3000)

    # the author in place
    type_in(2, DocumentsModel.AUTHOR, "Alan Brooks, M.D., Orthopedic Surgery")
    qtbot.waitUntil(lambda: listed(view)[2][2] == "Alan Brooks, M.D., Orthopedic Surgery",
                    timeout=3000)
    assert view.undo_stack.count() == 3

    # the dialog (Ctrl+Shift+D) on the page shown: kind, date and author in one step
    show(view, file_id, 4)
    filled = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, DocumentDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData(DocumentKind.CORRESPONDENCE.value))
        dialog.date.setText("April 30, 2015")
        dialog.author.setText("")
        filled.append(dialog.document.id)
        dialog.accept()

    QTimer.singleShot(0, fill)
    view.corrections.edit_action.trigger()
    assert filled
    assert listed(view)[2] == ("Correspondence", "04/30/2015", "Alan Brooks, M.D.", "p. 4", "")
    assert cite_page(window.database, open_case, file_id, 4).text == \
        "(Correspondence, 04/30/2015, p. 4)"
    assert view.undo_stack.count() == 4
    view.undo_stack.undo()
    assert listed(view)[2] == ("UR Determination", "04/24/2015",
                               "Alan Brooks, M.D., Orthopedic Surgery", "p. 4", "")


def test_the_correction_keys_are_the_records_own(window, open_case):
    """Each new key belongs to one action of the window, and is listed in the Records menu."""
    keys = {}
    for action in window.findChildren(QAction):
        if action.shortcutContext() in (Qt.WindowShortcut, Qt.ApplicationShortcut):
            for key in action.shortcuts():
                keys.setdefault(key.toString(), []).append(action.text())
    assert {key: names for key, names in keys.items() if len(names) > 1} == {}
    records = next(action.menu() for action in window.menuBar().actions()
                   if action.text() == "&Records")
    listed_keys = {action.shortcut().toString() for action in records.actions()}
    assert {"Ctrl+Shift+S", "Ctrl+Shift+M", "Ctrl+Shift+D", "Ctrl+Shift+U"} <= listed_keys


def test_the_outline_fits_a_small_window_and_a_large_one(window, open_case, qtbot, tmp_path):
    view = window.workspace.records
    import_and_wait(view, window, qtbot, [packet(tmp_path)])
    show(view, view.documents.rows[0].file_id, 2)
    table, viewer = view.documents_table, view.viewer
    for width, height in ((1280, 720), (1600, 1000)):
        window.resize(width, height)
        qtbot.waitUntil(lambda: window.width() == width, timeout=3000)
        qtbot.wait(50)  # the columns are shared out once the pane has its new width
        assert not table.horizontalScrollBar().isVisible(), width
        columns = [table.columnWidth(c) for c in range(DocumentsModel.READ + 1)
                   if not table.isColumnHidden(c)]
        assert sum(columns) <= table.viewport().width(), width
        assert table.columnWidth(DocumentsModel.AUTHOR) >= (80 if width < 1600 else 140), width
        # each row's kind and pages read whole
        metrics = table.fontMetrics()
        for column in (DocumentsModel.KIND, DocumentsModel.PAGES):
            wanted = max(metrics.horizontalAdvance(view.documents.index(row, column).data())
                         for row in range(view.documents.rowCount()))
            assert table.columnWidth(column) > wanted, (width, column)
        # the tabs' titles read whole
        bar = view.tabs.tabBar()
        for tab in range(bar.count()):
            assert bar.tabRect(tab).width() > bar.fontMetrics().horizontalAdvance(
                bar.tabText(tab)), (width, bar.tabText(tab))
        # the viewer's tools and its position line are inside the pane
        assert viewer.document_button.geometry().right() <= viewer.width(), width
        assert viewer.document_button.isVisible() and viewer.file_label.isVisible()
        chronology = view.chronology_table
        assert chronology.columnWidth(ChronologyModel.EXCERPT) >= 100, width


def test_a_long_file_is_corrected_off_the_window_thread(window, open_case, qtbot, tmp_path):
    """A file past QUICK_PAGES: the correction runs as a task, the actions wait for it,
    and undo and redo follow it in order."""
    view = window.workspace.records
    therapy = [KIND_SAMPLES["therapy"]] + [f"(continued)\nVisit note {n}: exercises and "
                                           "manual therapy to the shoulder."
                                           for n in range(2, QUICK_PAGES + 2)]
    pdf = text_pdf(tmp_path / "long.pdf", PR2 + therapy)
    import_and_wait(view, window, qtbot, [pdf])
    file_id = view.documents.rows[0].file_id
    assert view.documents.rows[0].file_pages > QUICK_PAGES
    assert [row[3] for row in listed(view)] == ["pp. 1-2", f"pp. 3-{len(therapy) + 2}"]
    corrections = view.corrections
    show(view, file_id, 3)
    corrections.merge_action.trigger()
    # the task runs; the actions wait for it; the list follows when it is stored
    assert corrections.busy and not corrections.split_action.isEnabled()
    assert window.tasks.busy
    qtbot.waitUntil(lambda: not corrections.busy, timeout=30_000)
    assert status(window) == f"Merged: PR-2 pp. 1-{len(therapy) + 2}"
    assert len(listed(view)) == 1 and corrections.split_action.isEnabled()
    # undo, and redo asked at once after it, run in that order
    view.undo_stack.undo()
    view.undo_stack.redo()
    assert corrections.busy
    qtbot.waitUntil(lambda: not corrections.busy, timeout=30_000)
    assert status(window).startswith("Redone: Merged: PR-2")
    assert len(listed(view)) == 1
    view.undo_stack.undo()
    qtbot.waitUntil(lambda: not corrections.busy, timeout=30_000)
    assert [row[3] for row in listed(view)] == ["pp. 1-2", f"pp. 3-{len(therapy) + 2}"]
    assert file_corrections(window.database, open_case, file_id) == []


def test_an_undated_file_says_why_the_chronology_is_empty(window, open_case, qtbot, tmp_path):
    view = window.workspace.records
    import_and_wait(view, window, qtbot, [text_pdf(tmp_path / "intake.pdf",
                                                   [KIND_SAMPLES["other"]])])
    view.tabs.setCurrentIndex(CHRONOLOGY_TAB)
    assert view.chronology.rowCount() == 0
    note = view.chronology_empty.label
    assert note.isVisible() and note.text().startswith("No dated entries")
    # dated by the reviewer, the document gets its entry and the note goes
    show(view, view.documents.rows[0].file_id, 1)
    view.corrections.correct(view.documents.rows[0].id, service_date=dt.date(2015, 6, 1))
    assert [entry.date for entry in view.chronology.rows] == [dt.date(2015, 6, 1)]
    assert not note.isVisible()
