"""The Records view in the window: import, documents, search with hits, the page viewer,
the chronology and citing a page into the text the reviewer is writing."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QTextEdit

from record_files import KIND_SAMPLES, docx_file, png_scan, prose, text_pdf
from workbench.profile import load_profile
from workbench.records.citations import cite_page
from workbench.records.search import search_pages
from workbench.ui.records_models import HtmlDelegate

PHRASE = "lumbar epidural steroid injection"


def record_pages() -> list[str]:
    """A three-page progress report; the phrase is on pages 2 and 3 only, page 3 has its own date."""
    rng = random.Random(7)
    return [
        KIND_SAMPLES["pr2"] + "\n" + prose(rng, 1500),
        prose(rng, 800) + f"\nPLAN: Request {PHRASE} at L4-5. " + prose(rng, 600),
        "Date of Service: 05/20/2015\nFollow-up visit. The " + PHRASE
        + " was denied by utilization review. " + prose(rng, 900),
    ]


def corrupt_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n" + bytes(random.Random(3).randrange(256) for _ in range(4000)))
    return path


def import_and_wait(view, window, qtbot, paths: list[Path]) -> None:
    task = view.add_records(paths)
    assert task is not None
    # a task leaves the list once its end is handled; the import's end puts the task that
    # finds the documents in the files read on the list, and the records view has
    # refreshed when that one's end is handled
    qtbot.waitUntil(lambda: not window.tasks.tasks, timeout=120_000)
    qtbot.waitUntil(lambda: view.documents.rowCount() > 0, timeout=5000)


def shown_page(view) -> str:
    return view.viewer.page_box.text()


def test_import_list_kind_search_hits_viewer_and_cite(window, open_case, qtbot, tmp_path):
    view = window.workspace.records
    context = window.context
    assert view.stack.currentIndex() == 0
    assert "No records yet" in view.empty_label.text() and view.empty_button.isVisible()

    pdf = text_pdf(tmp_path / "lopez-pr2.pdf", record_pages())
    import_and_wait(view, window, qtbot, [pdf, corrupt_pdf(tmp_path / "corrupt.pdf")])

    # the corrupt file failed alone, in one readable line
    message = window.statusBar().currentMessage()
    assert "Imported 1 of 2 files" in message and "corrupt.pdf" in message
    assert view.notice_frame.isVisible()
    assert "• corrupt.pdf is a damaged or incomplete PDF" in view.notice.text()
    for text in (message, view.notice.text()):
        assert "Traceback" not in text and "Error" not in text

    # the documents list: kind, date, author, the pages of its file, the file
    assert view.stack.currentIndex() == 1 and view.documents.rowCount() == 1
    cells = [view.documents.index(0, column).data() for column in range(5)]
    assert cells == ["PR-2", "04/15/2015 to 05/20/2015", "Maria Lopez, M.D.", "pp. 1-3",
                     "lopez-pr2.pdf"]
    document_id = view.documents.rows[0].file_id
    # the first document opened by itself, picture and text
    assert shown_page(view) == "Page 1 of 3"
    qtbot.waitUntil(lambda: view.viewer.picture_shown, timeout=10_000)
    assert "PRIMARY TREATING PHYSICIAN" in view.viewer.text.toPlainText()

    # the kind is changed with the combo in the list (Down: the next kind, Imaging Report)
    table = view.documents_table
    kind_cell = view.documents.index(0, 0)
    table.setCurrentIndex(kind_cell)
    table.edit(kind_cell)
    combo = table.findChild(QComboBox)
    assert combo is not None and combo.currentText() == "PR-2"
    qtbot.keyClick(combo, Qt.Key_Down)
    qtbot.waitUntil(lambda: view.documents.index(0, 0).data() == "Imaging Report", timeout=3000)
    assert view.viewer.title.text().startswith("Imaging Report")

    # search a phrase: pages 2 and 3 are hits
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=3000)
    view.find_action.trigger()
    assert view.search.hasFocus()
    qtbot.keyClicks(view.search, f'"{PHRASE}"')
    qtbot.waitUntil(lambda: view.searcher.hits.rowCount() == 2, timeout=3000)
    assert view.tabs.currentIndex() == 1 and view.tabs.tabText(1) == "Search (2)"
    hits = search_pages(window.database, open_case, f'"{PHRASE}"')
    assert sorted(hit.page for hit in hits) == [2, 3]
    first = view.searcher.hits.index(0, 3)
    assert first.data() == hits[0].highlighted("", "")
    assert f'<b style="background:#ffe08a">{PHRASE}' in first.data(
        HtmlDelegate.HTML_ROLE).replace("\n", " ")
    assert view.searcher.hits.index(0, 0).data() == f"p. {hits[0].page}"

    # Enter opens the best hit, with its matches highlighted in the page text
    qtbot.keyClick(view.search, Qt.Key_Return)
    assert shown_page(view) == f"Page {hits[0].page} of 3"
    assert PHRASE in " ".join(view.viewer.text.toPlainText().split())
    assert view.viewer.matches == 1
    [selection] = view.viewer.text.extraSelections()
    assert " ".join(selection.cursor.selectedText().split()) == PHRASE
    # F3 and Shift+F3 move between hits
    qtbot.keyClick(view.search, Qt.Key_F3)
    assert shown_page(view) == f"Page {hits[1].page} of 3" and view.searcher.current_hit == 1
    qtbot.keyClick(view.search, Qt.Key_F3, Qt.ShiftModifier)
    assert shown_page(view) == f"Page {hits[0].page} of 3" and view.searcher.current_hit == 0

    # cite the shown page where the reviewer is writing
    notes = QTextEdit()
    window.workspace.tabs.addTab(notes, "Notes")
    context.register_cite_target(notes, "test notes")
    window.workspace.tabs.setCurrentWidget(notes)
    notes.setPlainText("Treatment was requested")
    notes.moveCursor(notes.textCursor().MoveOperation.End)
    notes.setFocus()
    qtbot.waitUntil(lambda: context.cite_target_name == "test notes", timeout=3000)
    assert view.viewer.cite_button.text() == "Cite in test notes"
    assert "test notes" in view.viewer.cite_button.toolTip()
    qtbot.keyClick(notes, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    citation = cite_page(window.database, open_case, document_id, hits[0].page).text
    assert citation.startswith("(Imaging Report, ") and citation.endswith(f"p. {hits[0].page})")
    assert notes.toPlainText() == "Treatment was requested " + citation
    assert citation in view.viewer.cite_button.toolTip()

    # another view asks for a page; PgDn and PgUp turn pages in the viewer
    context.show_page.emit(document_id, 1)
    assert shown_page(view) == "Page 1 of 3"
    view.viewer.text.setFocus()
    qtbot.keyClick(view.viewer.text, Qt.Key_PageDown)
    assert shown_page(view) == "Page 2 of 3"
    qtbot.keyClick(view.viewer.text, Qt.Key_PageUp)
    assert shown_page(view) == "Page 1 of 3"

    # the chronology: one entry per date, double-click opens its page
    view.tabs.setCurrentIndex(2)
    entries = view.chronology.rows
    assert [(e.date.isoformat(), e.page) for e in entries] == [("2015-04-15", 1),
                                                               ("2015-05-20", 3)]
    assert view.chronology.index(1, 1).data() == "Imaging Report"
    assert view.chronology.index(1, 4).data() == "p. 3 · lopez-pr2.pdf"
    table = view.chronology_table
    rect = table.visualRect(view.chronology.index(1, 3))
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    assert shown_page(view) == "Page 1 of 3"  # one click selects, a double-click opens
    qtbot.mouseDClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    assert shown_page(view) == "Page 3 of 3"


def test_text_records_show_their_text_scans_their_picture_and_ocr_text(window, open_case,
                                                                        qtbot, tmp_path):
    view = window.workspace.records
    docx = docx_file(tmp_path / "mri.docx", [KIND_SAMPLES["imaging"], "Addendum: no fracture."])
    scan = png_scan(tmp_path / "therapy.png", KIND_SAMPLES["therapy"])
    import_and_wait(view, window, qtbot, [docx, scan])
    kinds = {view.documents.index(row, 4).data(): view.documents.index(row, 0).data()
             for row in range(view.documents.rowCount())}
    assert kinds == {"mri.docx": "Imaging Report", "therapy.png": "Therapy Note"}

    # a DOCX has words only: its stored page text fills the viewer
    view.open_page(view.documents.rows[[d.file_name for d in view.documents.rows]
                                       .index("mri.docx")].id, 1)
    assert shown_page(view) == "Page 1 of 2"
    assert not view.viewer.picture.isVisible() and view.viewer.text.isVisible()
    assert not view.viewer.zoom_in_button.isVisible()
    assert "IMPRESSION" in view.viewer.text.toPlainText()
    view.viewer.next_button.click()
    assert view.viewer.text.toPlainText() == "Addendum: no fracture."
    assert not view.viewer.next_button.isEnabled()

    # a scan shows its picture, and the text the OCR read under it, saying so
    row = [d.file_name for d in view.documents.rows].index("therapy.png")
    view.documents_table.selectRow(row)
    assert view.viewer.file_label.text() == "Page 1 of 1 · therapy.png"
    assert shown_page(view) == "Page 1 of 1"
    qtbot.waitUntil(lambda: view.viewer.picture_shown, timeout=10_000)
    assert view.viewer.note.isVisible() and view.viewer.note.text().startswith("Text read by OCR")
    assert "Therapist" in view.viewer.text.toPlainText()
    width = view.viewer.picture.label.pixmap().width()
    view.viewer.zoom_in_button.click()
    assert view.viewer.zoom_label.text() == "125%"
    qtbot.waitUntil(lambda: view.viewer.picture_shown, timeout=10_000)
    assert abs(view.viewer.picture.label.pixmap().width() - width * 1.25) <= 1
    view.viewer.fit_button.click()
    assert view.viewer.zoom_label.text() == "100%"

    # nothing found: the list says so and how to widen the search
    view.search.setText("gabapentin")
    view.searcher.run()
    assert view.searcher.hits.rowCount() == 0 and "No page matches" in view.searcher.label.text()

    # another case: its own (no) records, an empty search
    window.show_cases()
    assert view.documents.rowCount() == 0 and view.viewer.page is None
    other = window.store.add(load_profile(window.database).new_case(case_number="CM26-0000888"))
    window.open_case(other)
    assert view.stack.currentIndex() == 0 and view.search.text() == ""
    assert view.searcher.hits.rowCount() == 0
