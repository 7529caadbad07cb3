"""Quality assurance in the real window: the QA panel on the Letter tab lists the case's planted
faults and takes the reviewer to their words; misspellings are underlined as typed, with
suggestions and Add to Dictionary on the context menu; Final waits for every finding to be
fixed or acknowledged."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QMessageBox

from workbench.case import Decision, Item, Status
from workbench.records.intake import import_files
from workbench.ui.qa_panel import open_findings
from workbench.ui.spelling_highlighter import LineSpelling
from workbench.ui.writing_fields import writing_fields
from workbench.ui.workspace import ITEMS_TAB, LETTER_TAB, SUMMARY_TAB

PR2 = """PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)
Date of Service: 04/15/2015
The patient performs a home exercise program daily. Lumbar radiculopathy at L4-5.
Medications: Xartemis XR and Norco 10/325.
"""


@pytest.fixture
def faulty_case(window, tmp_path: Path) -> int:
    """A case whose letter has planted faults, with a progress report in its records."""
    from workbench.profile import load_profile

    store = window.store
    case = load_profile(window.database).new_case(case_number="CM26-0000915")
    case_id = store.add(case)
    report = tmp_path / "pr2.txt"
    report.write_text(PR2, encoding="utf-8")
    assert import_files(window.database, case_id, [report])[0].outcome.value == "imported"
    case = store.get(case_id)
    case.summary = ["Teh worker recieved Xartemis for lumbar pain; physical therapy was "
                    "denied by utilization review on 05/01/2015."]
    case.items = [
        Item("Physcial therapy for the lumbar spine", Decision.UPHELD, rationale=[
            "There is no documentation of a home exercise program (PR-2, 04/15/2015, p. 1).",
            "Therefore, the request is medically necessary."]),
        Item("Norco 10/325 mg", Decision.OVERTURNED, rationale=[
            "Norco helps this worker (PR-2, 04/15/2015, p. 1). Therefore, the request is "
            "medically necessary."]),
    ]
    store.save(case)
    window.open_case(case_id)
    return case_id


def wait_for_findings(qtbot, window):
    """The Letter tab in front and the checks run on the case as it is now."""
    window.workspace.show_tab(LETTER_TAB)
    letter = window.workspace.letter
    qtbot.waitUntil(lambda: letter.qa_runner.current, timeout=15000)
    return letter.qa


def row_of(panel, check: str, words: str) -> int:
    for index, (row_check, _item, message, _pages) in enumerate(panel.rows()):
        if row_check == check and words in message:
            return index
    raise AssertionError(f"no {check} finding about {words!r} in {panel.rows()}")


def click_link(qtbot, browser, href: str) -> None:
    """Click the link ``href`` in a text browser where the reviewer sees it."""
    block = browser.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = browser.textCursor()
                cursor.setPosition(fragment.position() + 1)
                browser.setTextCursor(cursor)
                browser.ensureCursorVisible()
                point = browser.cursorRect(cursor).center()
                qtbot.mouseClick(browser.viewport(), Qt.LeftButton, pos=point)
                return
            fragments += 1
        block = block.next()
    raise AssertionError(f"no link {href!r} in the panel")


def underlined(editor) -> list[str]:
    """The words drawn with the spell-check underline in a plain-text editor."""
    words = []
    block = editor.document().begin()
    while block.isValid():
        for span in block.layout().formats():
            if span.format.underlineStyle() == QTextCharFormat.WaveUnderline:
                words.append(block.text()[span.start:span.start + span.length])
        block = block.next()
    return words


def context_menu(qtbot, editor, position: int) -> QMenu:
    """Right-click ``editor`` on the character at ``position``; the menu that opens."""
    cursor = editor.textCursor()
    cursor.setPosition(position)
    point = editor.cursorRect(cursor).center() + QPoint(2, 0)
    editor.customContextMenuRequested.emit(point)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    return QApplication.activePopupWidget()


def test_the_panel_lists_the_planted_faults_and_takes_the_reviewer_to_their_words(
        qtbot, window, faulty_case):
    panel = wait_for_findings(qtbot, window)
    rows = panel.rows()
    checks = {(check, item) for check, item, _message, _pages in rows}
    assert {("spelling", ""), ("spelling", "1"), ("decision-conclusion", "1"),
            ("no-documentation", "1")} <= checks
    assert ("decision-conclusion", "2") not in checks  # item 2 is overturned and says so
    assert not any("Xartemis" in message for _c, _i, message, _p in rows)  # from the records
    # The page behind a no-documentation finding is a link that opens it in the records.
    index = row_of(panel, "no-documentation", "home exercise program")
    assert "(PR-2, 04/15/2015, p. 1)" in rows[index][3]
    click_link(qtbot, panel.list, "page:1:1")
    viewer = window.workspace.records.viewer
    qtbot.waitUntil(lambda: viewer.page is not None and (viewer.page.file_id, viewer.page.number)
                    == (1, 1), timeout=3000)
    # A click on a misspelling of the summary selects it in the summary.
    click_link(qtbot, panel.list, f"finding:{row_of(panel, 'spelling', 'recieved')}")
    tabs = window.workspace.tabs
    assert tabs.currentIndex() == SUMMARY_TAB
    assert window.workspace.summary.narrative.textCursor().selectedText() == "recieved"
    # ... and one in an item's description selects the item and the word.
    window.workspace.show_tab(LETTER_TAB)
    window.workspace.items.select(1)
    click_link(qtbot, panel.list, f"finding:{row_of(panel, 'spelling', 'Physcial')}")
    items = window.workspace.items
    assert tabs.currentIndex() == ITEMS_TAB and items.position == 0
    assert items.description.selectedText() == "Physcial"
    # ... and the contradicting conclusion selects its sentence in the rationale.
    window.workspace.show_tab(LETTER_TAB)
    click_link(qtbot, panel.list, f"finding:{row_of(panel, 'decision-conclusion', 'concludes')}")
    assert "medically necessary" in items.rationale.textCursor().selectedText()
    # The items list marks each item's findings.
    first = items.list.item(0)
    count = first.data(Qt.UserRole + 1)
    assert count == len([f for f in panel.runner.findings if f.item == 0])
    assert count >= 3 and "Physcial" in first.toolTip()


def test_misspellings_are_underlined_as_typed_and_corrected_from_the_menu(
        qtbot, window, open_case):
    items = window.workspace.items
    window.workspace.show_tab(ITEMS_TAB)
    items.add_item()
    qtbot.waitUntil(lambda: writing_fields(window.context).ready, timeout=15000)
    qtbot.keyClicks(items.description, "Lumbr MRI")
    rationale = items.rationale
    rationale.setFocus()
    qtbot.keyClicks(rationale, "The worker recieved Norco for L4-5 radiculopathy per MTUS.")
    qtbot.waitUntil(lambda: underlined(rationale) == ["recieved"], timeout=3000)
    menu = context_menu(qtbot, rationale, rationale.toPlainText().index("recieved") + 2)
    labels = [action.text() for action in menu.actions()]
    assert labels[0] == "received" and "Add to Dictionary" in labels
    menu.actions()[0].trigger()
    menu.close()
    assert rationale.toPlainText() == \
        "The worker received Norco for L4-5 radiculopathy per MTUS."
    assert window.editor.case.items[0].rationale == [rationale.toPlainText()]
    qtbot.waitUntil(lambda: underlined(rationale) == [], timeout=3000)
    # The description (a one-line field) is underlined too, and corrected the same way.
    line = items.description
    spelling = line.findChild(LineSpelling)
    assert [line.text()[a:b] for a, b in spelling.underlined] == ["Lumbr"]
    line.setCursorPosition(2)
    menu_point = line.cursorRect().center()
    line.setCursorPosition(len(line.text()))
    line.customContextMenuRequested.emit(menu_point)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    menu = QApplication.activePopupWidget()
    assert menu.actions()[0].text() == "Lumbar"
    menu.actions()[0].trigger()
    menu.close()
    assert line.text() == "Lumbar MRI"
    assert window.editor.case.items[0].description == "Lumbar MRI"
    assert spelling.underlined == []


def test_add_to_dictionary_removes_the_underline_everywhere_and_is_kept(
        qtbot, window, open_case, tmp_path):
    summary = window.workspace.summary.narrative
    window.workspace.show_tab(SUMMARY_TAB)
    qtbot.waitUntil(lambda: writing_fields(window.context).ready, timeout=15000)
    summary.setFocus()
    qtbot.keyClicks(summary, "Seen at the Okonkwo clinic.")
    qtbot.waitUntil(lambda: underlined(summary) == ["Okonkwo"], timeout=3000)
    items = window.workspace.items
    items.add_item()
    items.rationale.setPlainText("Dr. Okonkwo noted tenderness.")
    qtbot.waitUntil(lambda: underlined(items.rationale) == ["Okonkwo"], timeout=3000)
    menu = context_menu(qtbot, summary, summary.toPlainText().index("Okonkwo") + 1)
    add = next(action for action in menu.actions() if action.text() == "Add to Dictionary")
    add.trigger()
    menu.close()
    assert underlined(summary) == [] and underlined(items.rationale) == []
    stored = tmp_path / "config" / "dictionary.txt"
    assert stored.read_text(encoding="utf-8") == "Okonkwo\n"
    assert window.editor.case.summary == ["Seen at the Okonkwo clinic."]  # no edit made
    panel = wait_for_findings(qtbot, window)
    assert not any("Okonkwo" in message for _c, _i, message, _p in panel.rows())


def test_final_is_refused_until_every_finding_is_fixed_or_acknowledged(
        qtbot, window, faulty_case):
    panel = wait_for_findings(qtbot, window)
    letter = window.workspace.letter
    final = letter.status.findData(Status.FINAL.value)
    letter.status.setCurrentIndex(final)
    letter.status.activated.emit(final)
    refusal = window.findChild(QMessageBox, "finalRefused")
    assert refusal is not None and "neither fixed nor acknowledged" in refusal.text()
    refusal.close()
    assert window.editor.case.status is Status.DRAFT
    assert letter.status.currentData() == Status.DRAFT.value
    # The Summary tab's status says the same.
    summary = window.workspace.summary
    combo = summary.fields["case.status"]
    combo.activated.emit(combo.findData(Status.FINAL.value))
    assert window.editor.case.status is Status.DRAFT
    assert combo.currentData() == Status.DRAFT.value
    # Fix the misspelling in the description, acknowledge everything else with a note.
    items = window.workspace.items
    items.select(0)
    items.description.setText("Physical therapy for the lumbar spine")
    items.description.textEdited.emit(items.description.text())
    panel = wait_for_findings(qtbot, window)
    assert not any("Physcial" in message for _c, _i, message, _p in panel.rows())
    still = open_findings(panel.runner.findings, window.editor.case)
    assert still
    # The first through its link and the note dialog, as the reviewer does it ...
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Reviewed; stands as written.")
        dialog.accept()
    QTimer.singleShot(0, answer)
    click_link(qtbot, panel.list, "acknowledge:0")
    assert window.editor.case.qa_acknowledgements == {still[0].key: "Reviewed; stands as written."}
    # ... the rest directly.
    for finding in still[1:]:
        assert panel.acknowledge(panel.shown.index(finding), "Reviewed; stands as written.")
    assert all(note == "Reviewed; stands as written."
               for note in window.editor.case.qa_acknowledgements.values())
    assert all("✓ Acknowledged: Reviewed; stands as written." in message
               for _c, _i, message, _p in panel.rows())
    letter.status.setCurrentIndex(final)
    letter.status.activated.emit(final)
    assert window.editor.case.status is Status.FINAL
    assert window.editor.flush()
    stored = window.store.get(faulty_case)
    assert stored.status is Status.FINAL
    assert set(stored.qa_acknowledgements) == {f.key for f in still}
    # Undo takes the Final back, then the last acknowledgement.
    window.editor.undo_stack.undo()
    assert window.editor.case.status is Status.DRAFT


def test_checks_wait_for_an_import_or_export_to_end(qtbot, window, faulty_case):
    """A run while a task of the window (an import, an export) works waits for it to end."""
    import threading

    from workbench.ui.tasks import Task

    panel = wait_for_findings(qtbot, window)
    runs = panel.runner.runs
    release = threading.Event()
    window.tasks.run(Task("Import records", lambda _progress: release.wait(10)))
    window.editor.edit("Edit summary", lambda case: case.summary.append("Seen agian."))
    qtbot.wait(1000)  # past the pause after a change
    assert panel.runner.runs == runs and not panel.runner.current
    release.set()
    qtbot.waitUntil(lambda: panel.runner.current, timeout=15000)
    assert panel.runner.runs == runs + 1
    assert any("“agian”" in message for _c, _i, message, _p in panel.rows())
