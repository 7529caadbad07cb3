"""What has been read, in the window: the page viewer notes each page it shows, the documents
list shows pages opened per document and the case's share, "Unread only" hides what is read,
and the letter checklist says when documents have not been opened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from record_files import KIND_SAMPLES, text_pdf
from test_window_records import import_and_wait
from workbench.profile import load_profile
from workbench.records.coverage import coverage
from workbench.ui.records_models import DocumentsModel
from workbench.ui.records_view import DOCUMENTS_TAB
from workbench.ui.workspace import LETTER_TAB


def read_cells(view) -> dict[str, str]:
    model = view.documents
    return {model.index(row, DocumentsModel.FILE).data():
            model.index(row, DocumentsModel.READ).data() for row in range(model.rowCount())}


def hidden_files(view) -> set[str]:
    model = view.documents
    return {model.rows[row].file_name for row in range(model.rowCount())
            if view.documents_table.isRowHidden(row)}


def test_pages_shown_are_read_the_list_filters_and_the_checklist_warns(window, open_case, qtbot,
                                                                       tmp_path):
    window.resize(1500, 950)
    window.workspace.show_tab(LETTER_TAB)
    letter = window.workspace.letter
    view = window.workspace.records
    pr2 = text_pdf(tmp_path / "pr2.pdf", [KIND_SAMPLES["pr2"], "Plan: physical therapy.",
                                          "Follow-up: the low back pain continues."])
    mri = text_pdf(tmp_path / "mri.pdf", [KIND_SAMPLES["imaging"]])
    import_and_wait(view, window, qtbot, [pr2, mri])
    ids = {document.file_name: document.file_id for document in view.documents.rows}
    resets = []
    view.documents.modelReset.connect(lambda: resets.append(1))

    # the first file's first document (the list is as filed) opened by itself: its first
    # page is read
    assert (view.viewer.page.file_id, view.viewer.page.number) == (ids["pr2.pdf"], 1)
    assert read_cells(view) == {"mri.pdf": "0/1", "pr2.pdf": "1/3"}
    assert view.tabs.tabText(DOCUMENTS_TAB) == "Documents (2) · 25% read"
    qtbot.waitUntil(lambda: "1 of 2 documents has not been opened" in letter.checklist.text(),
                    timeout=5000)

    # opening the imaging report reads its one page; the checklist is satisfied
    view.open_page(ids["mri.pdf"], 1)
    view.open_page(ids["pr2.pdf"], 1)
    assert read_cells(view) == {"mri.pdf": "1/1", "pr2.pdf": "1/3"}
    assert view.tabs.tabText(DOCUMENTS_TAB) == "Documents (2) · 50% read"
    assert "not been opened" not in letter.checklist.text()
    index = view.documents.index(view.documents.row_of(ids["pr2.pdf"]), DocumentsModel.READ)
    assert "1 of 3 pages opened" in index.data(Qt.ToolTipRole)

    # "Unread only" hides the fully read imaging report
    view.unread_only.setChecked(True)
    assert hidden_files(view) == {"mri.pdf"}
    view.viewer.next_page()
    view.viewer.next_page()
    assert read_cells(view)["pr2.pdf"] == "3/3"
    assert view.tabs.tabText(DOCUMENTS_TAB) == "Documents (2) · 100% read"
    assert hidden_files(view) == {"mri.pdf"}  # the document shown stays listed
    view.open_page(ids["mri.pdf"], 1)  # read already: nothing new to note
    assert hidden_files(view) == {"pr2.pdf"}
    view.unread_only.setChecked(False)
    assert hidden_files(view) == set()
    view.viewer.previous_page()  # no page before the first: nothing happens
    assert not resets  # pages read repaint the Read column; the list was never reloaded

    # the marks are in the case database, for the command line too
    found = coverage(window.database, open_case)
    assert (found.pages, found.read, found.unread, found.unopened) == (4, 4, [], [])

    # switching tabs shows the filter with the documents only
    view.tabs.setCurrentIndex(DOCUMENTS_TAB + 1)
    assert not view.unread_only.isVisible()
    view.tabs.setCurrentIndex(DOCUMENTS_TAB)
    assert view.unread_only.isVisible()
    view.grab().save(str(tmp_path / "records-reading.png"))
    assert (tmp_path / "records-reading.png").stat().st_size > 0


def test_a_newly_opened_case_starts_with_the_reading_it_has(window, open_case, qtbot, tmp_path):
    view = window.workspace.records
    pr2 = text_pdf(tmp_path / "pr2.pdf", [KIND_SAMPLES["pr2"], "Plan: physical therapy."])
    import_and_wait(view, window, qtbot, [pr2])
    view.viewer.next_page()
    assert read_cells(view) == {"pr2.pdf": "2/2"}
    other = window.store.add(load_profile(window.database).new_case(case_number="CM26-0000778"))
    window.open_case(other)
    assert view.documents.rowCount() == 0
    assert view.tabs.tabText(DOCUMENTS_TAB) == "Documents (0)"
    window.open_case(open_case)
    assert read_cells(view) == {"pr2.pdf": "2/2"}
    assert view.tabs.tabText(DOCUMENTS_TAB) == "Documents (1) · 100% read"
