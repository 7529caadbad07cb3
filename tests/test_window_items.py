"""The Disputed Items view in the real window: items typed, entries cited from the library
pane by button, double-click and drag, the printed line shown live, a rationale with a
snippet, undo, and the case stored with exactly what was entered."""

from __future__ import annotations

import warnings

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QTextDocument
from PySide6.QtWidgets import QApplication

from workbench.changes import LIBRARY, Changes
from workbench.case import Decision, Role
from workbench.letters.document import BlockStyle, build_letter
from workbench.library.model import Snippet
from workbench.library.store import LibraryStore
from workbench.ui.workspace import ITEMS_TAB

SPECIAL_STUDIES = "acoem-2004.ch12.special-studies"
ODG_MRI = "odg.low-back.mri"
MTUS_2017_MRI = "acoem-mtus-2017.low-back.mri"
PHYSICAL_MEDICINE = "chronic-pain-2009.physical-medicine.physical-medicine"

CTRL_SHIFT = Qt.ControlModifier | Qt.ShiftModifier


def _views(window):
    window.workspace.show_tab(ITEMS_TAB)
    return window.workspace.items, window.workspace.library


def _plain(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


def _search(qtbot, pane, text: str, key: str) -> int:
    """Type ``text`` into the library search; the row of ``key`` once it is listed."""
    pane.search.clear()
    qtbot.keyClicks(pane.search, text)
    qtbot.waitUntil(lambda: key in [hit.entry.key for hit in pane.hits], timeout=3000)
    return [hit.entry.key for hit in pane.hits].index(key)


def _row_point(pane, row: int):
    pane.results.scrollToItem(pane.results.item(row))
    return pane.results.visualRect(pane.results.model().index(row, 0)).center()


def _select_result(qtbot, pane, row: int) -> None:
    qtbot.mouseClick(pane.results.viewport(), Qt.LeftButton, pos=_row_point(pane, row))
    assert pane.selected_key() == pane.hits[row].entry.key


def _double_click(qtbot, pane, row: int) -> None:
    """Press and release, then the double-click event, as a real double-click arrives."""
    point = _row_point(pane, row)
    qtbot.mouseClick(pane.results.viewport(), Qt.LeftButton, pos=point)
    qtbot.mouseDClick(pane.results.viewport(), Qt.LeftButton, pos=point)


def _add_item(qtbot, window, view, description: str) -> None:
    window.activateWindow()
    qtbot.keyClick(view.list, Qt.Key_N, CTRL_SHIFT)
    assert view.description.hasFocus() or view.description.isVisible()
    qtbot.keyClicks(view.description, description)


def _letter_guideline_lines(case) -> list[str]:
    issues = build_letter(case).sections[-1]
    return [block.text for block in issues.blocks if block.style is BlockStyle.GUIDELINE]


def _shown_lines(view) -> list[str]:
    return [_plain(view.panels[role].preview.text())
            for role in (Role.CLAIMS_ADMINISTRATOR, Role.REVIEWER)]


def _keys(citations) -> list[str | None]:
    return [citation.entry_key for citation in citations]


def test_items_citations_and_rationale_are_stored_as_entered(window, open_case, qtbot):
    view, pane = _views(window)
    assert "No disputed items yet" in view.empty.text() and view.first_button.isVisible()
    qtbot.mouseClick(view.first_button, Qt.LeftButton)
    qtbot.keyClicks(view.description, "MRI of the lumbar spine")
    _add_item(qtbot, window, view, "Physical therapy, 12 visits")
    qtbot.mouseClick(view.overturned, Qt.LeftButton)
    case = window.editor.case
    assert [(i.number, i.description, i.decision) for i in case.items] == [
        (1, "MRI of the lumbar spine", None),  # no decision until the reviewer picks one
        (2, "Physical therapy, 12 visits", Decision.OVERTURNED)]
    assert window.context.current_item == 1

    # Item 1: the reviewer's MTUS citation by button, the claims administrator's ODG by button,
    # and ODG again for the reviewer by double-click.
    rect = view.list.visualItemRect(view.list.item(0))
    qtbot.mouseClick(view.list.viewport(), Qt.LeftButton, pos=rect.center())
    assert window.context.current_item == 0
    assert view.description.text() == "MRI of the lumbar spine"
    _select_result(qtbot, pane, _search(qtbot, pane, "lumbar mri", SPECIAL_STUDIES))
    qtbot.mouseClick(pane.cite_reviewer, Qt.LeftButton)
    _select_result(qtbot, pane, _search(qtbot, pane, "odg low back mri", ODG_MRI))
    qtbot.mouseClick(pane.cite_claims, Qt.LeftButton)
    row = [hit.entry.key for hit in pane.hits].index(ODG_MRI)
    _double_click(qtbot, pane, row)
    item = window.editor.case.items[0]
    assert _keys(item.reviewer_citations) == [SPECIAL_STUDIES, ODG_MRI]
    assert _keys(item.claims_administrator_citations) == [ODG_MRI]
    assert _shown_lines(view) == _letter_guideline_lines(window.editor.case)[:2]
    assert "Low Back Complaints 2004, Section(s): Special Studies." in _shown_lines(view)[1]
    assert "based their decision on recommendation(s) outside of the MTUS" in _shown_lines(view)[0]
    assert view.panels[Role.REVIEWER].list.count() == 2

    # Reorder: ODG up ahead of the MTUS entry, then remove the MTUS entry with Delete.
    reviewer = view.panels[Role.REVIEWER]
    reviewer.list.setCurrentRow(1)
    qtbot.mouseClick(reviewer.up_button, Qt.LeftButton)
    assert _keys(window.editor.case.items[0].reviewer_citations) == [ODG_MRI, SPECIAL_STUDIES]
    assert reviewer.list.currentRow() == 0
    reviewer.list.setCurrentRow(1)
    reviewer.list.setFocus()
    qtbot.keyClick(reviewer.list, Qt.Key_Delete)
    assert _keys(window.editor.case.items[0].reviewer_citations) == [ODG_MRI]
    lines = _letter_guideline_lines(window.editor.case)
    assert _shown_lines(view) == lines[:2]
    assert "Expert Reviewer based their decision on recommendation(s) outside of the MTUS" \
        in lines[1]
    # ODG alone for the reviewer: the MTUS addresses lumbar MRI, and the view says so.
    assert view.warnings.isVisible()
    assert any("MTUS" in text for text in view.sequence_warnings())
    assert "The MTUS comes first" in _plain(view.warnings.text())

    # Put the MTUS entry back by Ctrl+R from the results: the warning goes.
    _select_result(qtbot, pane, _search(qtbot, pane, "lumbar mri", SPECIAL_STUDIES))
    pane.results.setFocus()
    qtbot.keyClick(pane.results, Qt.Key_R, Qt.ControlModifier)
    assert _keys(window.editor.case.items[0].reviewer_citations) == [SPECIAL_STUDIES, ODG_MRI]
    assert not view.warnings.isVisible()

    # The rationale: two paragraphs typed, a snippet inserted at the cursor.
    LibraryStore(window.database).add_snippet(Snippet(
        "", "Imaging: no red flags", "There are no red flags that would call for imaging.",
        [SPECIAL_STUDIES]))
    LibraryStore(window.database).add_snippet(Snippet(
        "", "Therapy: gains", "Functional gains after therapy are not documented.", []))
    window.ops.announce(Changes.of(LIBRARY))  # as another window's library edit is announced
    view.rationale.setFocus()
    qtbot.keyClicks(view.rationale, "Low back pain since 2014.")
    qtbot.keyClick(view.rationale, Qt.Key_Return)
    qtbot.keyClick(view.rationale, Qt.Key_Return)
    qtbot.keyClicks(view.rationale, "Neurologic examination is normal.")
    qtbot.mouseClick(view.snippet_button, Qt.LeftButton)
    picker = view.snippet_picker
    qtbot.waitUntil(picker.isVisible, timeout=2000)
    assert picker.list.item(0).text() == "Imaging: no red flags"  # it argues from a cited entry
    qtbot.keyClicks(picker.search, "red flags")
    assert picker.list.count() == 1
    qtbot.keyClick(picker.search, Qt.Key_Return)
    assert not picker.isVisible()
    assert window.editor.case.items[0].rationale == [
        "Low back pain since 2014.",
        "Neurologic examination is normal. There are no red flags that would call for imaging."]

    # Item 2 gets its own rationale, as a page citation from the records would arrive.
    view.select(1)
    assert view.rationale.toPlainText() == ""
    view.rationale.setFocus()
    assert window.context.insert_citation("(PR-2, 04/15/2015, p. 37)")
    assert window.editor.case.items[1].rationale == ["(PR-2, 04/15/2015, p. 37)"]

    assert window.editor.flush()
    stored = window.store.get(open_case)
    assert [(i.number, i.description, i.decision) for i in stored.items] == [
        (1, "MRI of the lumbar spine", None),  # no decision until the reviewer picks one
        (2, "Physical therapy, 12 visits", Decision.OVERTURNED)]
    assert _keys(stored.items[0].reviewer_citations) == [SPECIAL_STUDIES, ODG_MRI]
    assert _keys(stored.items[0].claims_administrator_citations) == [ODG_MRI]
    assert stored.items[1].reviewer_citations == stored.items[1].claims_administrator_citations \
        == []
    assert stored.items[0].rationale == window.editor.case.items[0].rationale
    assert stored.items[1].rationale == ["(PR-2, 04/15/2015, p. 37)"]
    assert _letter_guideline_lines(stored) == _letter_guideline_lines(window.editor.case)


def test_attach_undoes_and_redoes_with_the_window_shortcuts(window, open_case, qtbot):
    view, pane = _views(window)
    qtbot.mouseClick(view.add_button, Qt.LeftButton)
    qtbot.keyClicks(view.description, "Chiropractic")
    row = _search(qtbot, pane, "physical medicine", PHYSICAL_MEDICINE)
    _double_click(qtbot, pane, row)
    assert _keys(window.editor.case.items[0].reviewer_citations) == [PHYSICAL_MEDICINE]
    line = _shown_lines(view)[1]
    assert "Chronic Pain Medical Treatment 2009, Section(s): Physical Medicine." in line

    window.activateWindow()
    pane.results.setFocus()
    qtbot.keyClick(pane.results, Qt.Key_Z, Qt.ControlModifier)
    assert window.editor.case.items[0].reviewer_citations == []
    assert view.panels[Role.REVIEWER].list.count() == 0
    assert _shown_lines(view) == _letter_guideline_lines(window.editor.case)
    assert _shown_lines(view)[1].endswith("guideline:")
    assert window.editor.case.items[0].description == "Chiropractic"
    redo = QKeySequence(QKeySequence.Redo)[0]  # the platform's first redo key
    qtbot.keyClick(pane.results, redo.key(), redo.keyboardModifiers())
    assert _keys(window.editor.case.items[0].reviewer_citations) == [PHYSICAL_MEDICINE]
    assert _shown_lines(view)[1] == line
    assert window.editor.flush()
    assert _keys(window.store.get(open_case).items[0].reviewer_citations) == [PHYSICAL_MEDICINE]


def test_a_dragged_entry_lands_on_the_list_it_is_dropped_on(window, open_case, qtbot):
    view, pane = _views(window)
    qtbot.mouseClick(view.add_button, Qt.LeftButton)
    row = _search(qtbot, pane, "odg low back mri", ODG_MRI)
    data = pane.results.mimeData([pane.results.item(row)])
    target = view.panels[Role.CLAIMS_ADMINISTRATOR].list
    point = target.viewport().rect().center()
    with warnings.catch_warnings():  # PySide6 marks the QPoint constructor deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(point, Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(target.viewport(), enter)
    assert enter.isAccepted()
    drop = QDropEvent(point.toPointF(), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(target.viewport(), drop)
    assert drop.isAccepted() and drop.dropAction() == Qt.CopyAction  # the entry stays listed
    item = window.editor.case.items[0]
    assert _keys(item.claims_administrator_citations) == [ODG_MRI]
    assert item.reviewer_citations == []
    assert _shown_lines(view) == _letter_guideline_lines(window.editor.case)


def test_items_are_reordered_removed_and_renumbered(window, open_case, qtbot):
    view, _pane = _views(window)
    for name in ("MRI", "Norco", "TENS unit"):
        _add_item(qtbot, window, view, name)
    descriptions = lambda: [i.description for i in window.editor.case.items]  # noqa: E731
    numbers = lambda: [i.number for i in window.editor.case.items]  # noqa: E731
    assert descriptions() == ["MRI", "Norco", "TENS unit"] and view.position == 2
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key_Up, Qt.AltModifier)
    assert descriptions() == ["MRI", "TENS unit", "Norco"] and numbers() == [1, 2, 3]
    assert view.position == 1 and view.list.currentRow() == 1
    assert view.list.item(1).text().startswith("2. TENS unit")
    qtbot.keyClick(view.list, Qt.Key_Delete)
    assert descriptions() == ["MRI", "Norco"] and numbers() == [1, 2]
    assert view.description.text() == "Norco"
    assert "Undo" in window.statusBar().currentMessage()
    window.editor.undo_stack.undo()
    assert descriptions() == ["MRI", "TENS unit", "Norco"] and numbers() == [1, 2, 3]
    assert view.heading.text().count("TENS unit") + view.heading.text().count("Norco") == 1
    view.select(0)
    qtbot.keyClick(view.list, Qt.Key_Down, Qt.AltModifier)
    assert descriptions() == ["TENS unit", "MRI", "Norco"]
    assert window.context.current_item == 1
    assert window.editor.flush()
    stored = window.store.get(open_case)
    assert [(i.number, i.description) for i in stored.items] == [
        (1, "TENS unit"), (2, "MRI"), (3, "Norco")]


def test_citing_without_an_item_says_what_to_do(window, open_case, qtbot):
    _view, pane = _views(window)
    row = _search(qtbot, pane, "lumbar mri", SPECIAL_STUDIES)
    _select_result(qtbot, pane, row)
    qtbot.mouseClick(pane.cite_reviewer, Qt.LeftButton)
    assert window.editor.case.items == []
    assert "Select a disputed item first" in window.statusBar().currentMessage()
    assert window.editor.undo_stack.count() == 0


def test_typing_a_rationale_undoes_as_one_step(window, open_case, qtbot):
    view, _pane = _views(window)
    qtbot.mouseClick(view.add_button, Qt.LeftButton)
    steps = window.editor.undo_stack.count()
    window.activateWindow()
    view.description.setFocus()
    qtbot.keyClick(view.description, Qt.Key_Return)  # Enter goes on to the rationale
    assert view.rationale.hasFocus()
    qtbot.keyClicks(view.rationale, "Not medically necessary.")
    assert window.editor.undo_stack.count() == steps + 1
    window.editor.undo_stack.undo()
    assert window.editor.case.items[0].rationale == []
    assert view.rationale.toPlainText() == ""


def test_an_opened_case_shows_its_first_item_as_the_letter_prints_it(window, qtbot):
    from workbench.case import Item
    from workbench.library.citing import cite
    from workbench.profile import load_profile

    library = LibraryStore(window.database)
    case = load_profile(window.database).new_case(case_number="CM26-0000888")
    case.items = [Item("Lumbar MRI", Decision.UPHELD, 1, ["No red flags.", "Not necessary."]),
                  Item("Norco", Decision.OVERTURNED, 2)]
    for key, role in ((ODG_MRI, Role.CLAIMS_ADMINISTRATOR), (SPECIAL_STUDIES, Role.REVIEWER)):
        entry = library.entry(key)
        cite(case.items[0], entry, library.source(entry.source), role)
    case_id = window.store.add(case)
    view, _pane = _views(window)
    seen = []
    window.context.item_selected.connect(seen.append)
    window.open_case(case_id)
    assert view.position == 0 and window.context.current_item == 0 and seen[-1] == 0
    assert view.list.count() == 2 and view.list.item(1).text().startswith("2. Norco")
    assert view.description.text() == "Lumbar MRI" and view.upheld.isChecked()
    assert view.rationale.toPlainText() == "No red flags.\n\nNot necessary."
    assert _shown_lines(view) == _letter_guideline_lines(window.editor.case)[:2]
    assert not view.warnings.isVisible()
    window.show_cases()
    assert window.context.current_item == -1 and view.list.count() == 0


def test_the_items_and_library_shortcuts_belong_to_no_other_action(window, open_case):
    from PySide6.QtGui import QAction

    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        if action.shortcutContext() != Qt.WindowShortcut:
            continue
        for keys in action.shortcuts():
            owners.setdefault(keys.toString(), []).append(action.text())
    mine = window.workspace.items.menu_actions() + window.workspace.library.menu_actions()
    for action in mine:
        if action.shortcutContext() == Qt.WindowShortcut and not action.shortcut().isEmpty():
            keys = action.shortcut().toString()
            assert owners[keys] == [action.text()], (keys, owners[keys])
