"""The Library pane in the real window: search as you type with filters, entry details,
a guideline PDF opened at the cited page, entries and snippets added and edited."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox
from record_files import text_pdf

from workbench.case import Role
from workbench.library.guidelines import GuidelineLibrary
from workbench.library.store import LibraryStore
from workbench.ui.workspace import ITEMS_TAB

SPECIAL_STUDIES = "acoem-2004.ch12.special-studies"
ODG_MRI = "odg.low-back.mri"


def _keys(pane) -> list[str]:
    return [hit.entry.key for hit in pane.hits]


def _type(qtbot, pane, text: str) -> None:
    pane.search.clear()
    qtbot.keyClicks(pane.search, text)
    qtbot.waitUntil(lambda: not pane._timer.isActive(), timeout=3000)


def _box(checkbox) -> QPoint:
    """Where the box itself is (the widget may be wider than box and label)."""
    return QPoint(8, checkbox.height() // 2)


def _choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def _select(qtbot, pane, key: str) -> None:
    row = _keys(pane).index(key)
    pane.results.scrollToItem(pane.results.item(row))
    point = pane.results.visualRect(pane.results.model().index(row, 0)).center()
    qtbot.mouseClick(pane.results.viewport(), Qt.LeftButton, pos=point)
    assert pane.selected_key() == key


def test_search_as_you_type_filters_and_details(window, open_case, qtbot):
    pane = window.workspace.library
    assert pane.result_stack.currentWidget() is pane.empty
    assert "lumbar MRI" in pane.empty.text()
    assert not pane.cite_reviewer.isEnabled()

    _type(qtbot, pane, "lumbr mri")  # a typo, as typed at night
    assert SPECIAL_STUDIES in _keys(pane)[:5]
    assert pane.results.currentRow() == 0 and pane.cite_reviewer.isEnabled()
    _select(qtbot, pane, SPECIAL_STUDIES)
    details = pane.details.toPlainText()
    entry = LibraryStore(window.database).entry(SPECIAL_STUDIES)
    assert entry.summary[:60] in details
    assert f"The letter prints:\n{pane.hits[_keys(pane).index(SPECIAL_STUDIES)].citation}" \
        in details
    assert pane.hits[_keys(pane).index(SPECIAL_STUDIES)].citation.endswith(
        "Low Back Complaints 2004, Section(s): Special Studies.")
    assert "pages verified" in details
    assert "No guideline PDF of ACOEM 2004" in details and not pane.open_button.isEnabled()

    qtbot.mouseClick(pane.mtus, Qt.LeftButton, pos=_box(pane.mtus))
    assert pane.hits and all(hit.source.mtus for hit in pane.hits)
    assert ODG_MRI not in _keys(pane)
    assert pane.selected_key() == SPECIAL_STUDIES  # the selection stays where it still is
    _choose(pane.source, "odg")
    assert pane.hits == [] and pane.result_stack.currentWidget() is pane.empty
    assert "with these filters" in pane.empty.text()
    qtbot.mouseClick(pane.mtus, Qt.LeftButton, pos=_box(pane.mtus))
    assert pane.hits and {hit.source.key for hit in pane.hits} == {"odg"}
    assert _keys(pane)[0] == ODG_MRI

    _choose(pane.source, None)
    _choose(pane.region, "knee")
    assert pane.hits
    assert all({"knee", "any"} & set(hit.entry.body_regions) for hit in pane.hits)
    _choose(pane.tier, 3)
    assert all(hit.source.tier == 3 for hit in pane.hits)
    _choose(pane.tier, None)
    _choose(pane.region, None)

    # An empty search with a guideline chosen lists the whole guideline.
    _choose(pane.source, "odg")
    _type(qtbot, pane, "")
    assert len(pane.hits) == len(LibraryStore(window.database).entries("odg")) > 5
    assert pane.count.text().startswith(f"{len(pane.hits)} entries")
    _choose(pane.source, None)
    assert pane.result_stack.currentWidget() is pane.empty

    _type(qtbot, pane, "xqzzv")
    assert pane.hits == [] and "Nothing in the library matches “xqzzv”" in pane.empty.text()


def test_new_and_edited_entries_show_up_in_search_and_cite(window, open_case, qtbot):
    pane = window.workspace.library
    qtbot.mouseClick(pane.new_button, Qt.LeftButton)
    dialog = pane.entry_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    assert not ok.isEnabled()  # no topic yet
    _choose(dialog.source, "odg")
    qtbot.keyClicks(dialog.chapter, "Knee & Leg (Acute & Chronic)")
    qtbot.keyClicks(dialog.topic, "Whirlpool baths")
    qtbot.keyClicks(dialog.keywords, "hydrotherapy, whirlpool")
    qtbot.keyClicks(dialog.regions, "knee")
    qtbot.keyClicks(dialog.summary, "Not recommended after knee arthroplasty.")
    assert dialog.preview.text() == ("Decision based on Non-MTUS Citation Official Disability "
                                     "Guidelines (ODG) Knee &amp; Leg, Whirlpool baths.")
    with qtbot.waitSignal(window.ops.changed, timeout=2000):
        qtbot.mouseClick(ok, Qt.LeftButton)
    added = [e for e in LibraryStore(window.database).entries("odg")
             if e.topic == "Whirlpool baths"]
    assert len(added) == 1
    key = added[0].key
    assert pane.search.text() == "Whirlpool baths" and pane.selected_key() == key

    _type(qtbot, pane, "hydrotherap")
    assert key in _keys(pane)[:3]
    _select(qtbot, pane, key)
    assert "Not recommended after knee arthroplasty." in pane.details.toPlainText()

    qtbot.mouseClick(pane.edit_button, Qt.LeftButton)
    dialog = pane.entry_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    assert dialog.topic.text() == "Whirlpool baths"
    dialog.keywords.setFocus()
    dialog.keywords.end(False)
    qtbot.keyClicks(dialog.keywords, ", aquatic tub")
    qtbot.keyClicks(dialog.pages, "44")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    stored = LibraryStore(window.database).entry(key)
    assert stored.keywords == ["hydrotherapy", "whirlpool", "aquatic tub"]
    assert stored.pages == "44"
    _type(qtbot, pane, "aquatic tub")
    assert _keys(pane)[0] == key
    assert "Page(s) 44" in pane.details.toPlainText()

    # The new entry cites like any other, on the selected item.
    window.workspace.show_tab(ITEMS_TAB)
    items = window.workspace.items
    qtbot.mouseClick(items.add_button, Qt.LeftButton)
    _select(qtbot, pane, key)
    qtbot.mouseClick(pane.cite_claims, Qt.LeftButton)
    citation = window.editor.case.items[0].claims_administrator_citations[0]
    assert citation.entry_key == key and citation.pages == "44"


def test_snippets_are_added_edited_and_offered_in_the_rationale(window, open_case, qtbot):
    pane = window.workspace.library
    _type(qtbot, pane, "lumbar mri")
    _select(qtbot, pane, SPECIAL_STUDIES)
    qtbot.mouseClick(pane.snippets_button, Qt.LeftButton)
    dialog = pane.snippets_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    assert dialog.entries.text() == SPECIAL_STUDIES  # a new snippet argues from the selected entry
    qtbot.keyClicks(dialog.title, "Imaging: red flags")
    qtbot.keyClicks(dialog.text, "No red flags are documented.")
    with qtbot.waitSignal(window.ops.changed, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    store = LibraryStore(window.database)
    [snippet] = store.snippets()
    assert (snippet.title, snippet.text, snippet.entries) == (
        "Imaging: red flags", "No red flags are documented.", [SPECIAL_STUDIES])
    assert "Snippets: Imaging: red flags" in pane.details.toPlainText()

    dialog.text.selectAll()
    qtbot.keyClicks(dialog.text, "No red flags (cauda equina, fracture, tumor) are documented.")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert store.snippet(snippet.key).text == ("No red flags (cauda equina, fracture, tumor) "
                                               "are documented.")
    assert len(store.snippets()) == 1
    dialog.reject()

    window.workspace.show_tab(ITEMS_TAB)
    items = window.workspace.items
    qtbot.mouseClick(items.add_button, Qt.LeftButton)
    qtbot.mouseClick(items.snippet_button, Qt.LeftButton)
    picker = items.snippet_picker
    qtbot.waitUntil(picker.isVisible, timeout=2000)
    assert picker.list.count() == 1
    qtbot.keyClick(picker.search, Qt.Key_Return)
    assert window.editor.case.items[0].rationale == [
        "No red flags (cauda equina, fracture, tumor) are documented."]


def test_a_guideline_opens_at_the_cited_page(window, open_case, qtbot, tmp_path):
    pages = [f"Guideline page {number} of the low back chapter" for number in range(1, 7)]
    pdf = text_pdf(tmp_path / "acoem-ch12.pdf", pages)
    pane = window.workspace.library
    _type(qtbot, pane, "lumbar mri")
    _select(qtbot, pane, SPECIAL_STUDIES)
    assert not pane.open_button.isEnabled()
    pane.add_guideline_pdf(pdf)
    dialog = pane.pdf_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    assert dialog.source.currentData() == "acoem-2004"  # the selected entry's guideline
    # The reviewer found printed page 303 on the fourth page of the file.
    dialog.printed.setValue(303)
    dialog.pdf_page.setValue(4)
    with qtbot.waitSignal(window.ops.changed, timeout=10000):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    [document] = GuidelineLibrary(window.database).documents("acoem-2004")
    assert document.page_offset == -299 and document.page_count == 6
    assert pane.selected_key() == SPECIAL_STUDIES and pane.open_button.isEnabled()
    assert "No guideline PDF" not in pane.details.toPlainText()
    qtbot.mouseClick(pane.open_button, Qt.LeftButton)
    dialog = pane.page_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    assert dialog.pdf_page == 4
    assert "Printed page 303" in dialog.where.text()
    assert not dialog.image.pixmap().isNull() and dialog.image.pixmap().width() > 500
    qtbot.mouseClick(dialog.next, Qt.LeftButton)
    assert dialog.pdf_page == 5 and "Printed page 304" in dialog.where.text()
    dialog.accept()

    _type(qtbot, pane, "odg low back mri")
    _select(qtbot, pane, ODG_MRI)
    assert not pane.open_button.isEnabled()


def test_enter_in_the_results_cites_for_the_reviewer(window, open_case, qtbot):
    window.workspace.show_tab(ITEMS_TAB)
    items = window.workspace.items
    qtbot.mouseClick(items.add_button, Qt.LeftButton)
    pane = window.workspace.library
    _type(qtbot, pane, "lumbar mri")
    window.activateWindow()
    pane.search.setFocus()
    qtbot.keyClick(pane.search, Qt.Key_Down)
    assert pane.results.hasFocus() and pane.results.currentRow() == 0
    first = pane.selected_key()
    qtbot.keyClick(pane.results, Qt.Key_Return)
    assert [c.entry_key for c in window.editor.case.items[0].citations(Role.REVIEWER)] == [first]
