"""The whole flow in the real window, offscreen: from "New Case" to exported letters read back.

Create a case through the New Case dialog; import a generated PDF; search a
phrase and open the hit's page; fill the form and draft the summary; add two
items, cite library entries in both roles, write rationales with a page
citation; export DOCX and PDF; read both files back with the letter reader and
compare every field with what was entered.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from record_files import KIND_SAMPLES, text_pdf

from workbench.case import Decision, Role
from workbench.letters.reader import read_letter
from workbench.records.citations import cite_page
from workbench.summary.form import SummaryForm
from workbench.ui.workspace import ITEMS_TAB, LETTER_TAB, SUMMARY_TAB

MRI_PAGE = ("Lumbar MRI report. Impression: broad-based disc protrusion at L4-5 with "
            "moderate left foraminal stenosis contacting the exiting L4 nerve root.")
CITATIONS = {
    "MRI of the lumbar spine": ("acoem-2004.ch12.special-studies", "odg.low-back.mri"),
    "Physical therapy, lumbar spine, 8 sessions": (
        "chronic-pain-2009.physical-medicine.physical-medicine", "odg.low-back.physical-therapy"),
}


def fill_new_case_dialog(qtbot, case_number: str) -> None:
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, QDialog) and dialog.windowTitle() == "New Case"
    qtbot.keyClicks(dialog.case_number, case_number)
    qtbot.keyClicks(dialog.claim_number, "ADJ11223344")
    dialog.accept()


def search_library(qtbot, pane, text: str, key: str) -> None:
    pane.search.clear()
    qtbot.keyClicks(pane.search, text)
    qtbot.waitUntil(lambda: key in [hit.entry.key for hit in pane.hits], timeout=3000)
    row = [hit.entry.key for hit in pane.hits].index(key)
    pane.results.setCurrentRow(row)
    assert pane.selected_key() == key


def test_from_new_case_to_exported_letters_read_back(window, qtbot, tmp_path: Path):
    # -- a new case through the dialog ----------------------------------------------
    QTimer.singleShot(0, lambda: fill_new_case_dialog(qtbot, "CM26-0042424"))
    case_id = window.new_case()
    assert case_id is not None and window.editor.case.case_number == "CM26-0042424"

    # -- records: import, search, open the hit -------------------------------------------
    pdf = text_pdf(tmp_path / "records.pdf", [KIND_SAMPLES["pr2"], MRI_PAGE,
                                               "Physical therapy daily note, visit 6."])
    task = window.add_records([pdf])
    # the pages, then the documents found in them (a task of its own)
    qtbot.waitUntil(lambda: not window.tasks.tasks,
                    timeout=60000)
    records = window.workspace.records
    qtbot.waitUntil(lambda: records.documents.rowCount() == 1, timeout=5000)
    records.search.clear()
    qtbot.keyClicks(records.search, '"foraminal stenosis"')
    records.searcher.run()
    qtbot.keyClick(records.search, Qt.Key_Return)
    qtbot.waitUntil(lambda: records.viewer.page is not None and records.viewer.page.number == 2,
                    timeout=5000)
    document_id = records.viewer.page.file_id
    assert "foraminal stenosis" in " ".join(records.viewer.text.toPlainText().split())
    assert records.viewer.matches >= 1  # the hit is highlighted in the page text
    page_citation = cite_page(window.database, case_id, document_id, 2).text

    # -- the form, and the drafted summary --------------------------------------------------
    window.workspace.show_tab(SUMMARY_TAB)
    summary = window.workspace.summary
    summary.fields["age"].setValue(52)
    qtbot.keyClicks(summary.fields["injury_date"], "03/02/2024")
    qtbot.keyClicks(summary.fields["mechanism"], "lifting a pallet jack")
    qtbot.keyClicks(summary.fields["diagnoses"], "lumbar radiculopathy")
    qtbot.keyClicks(summary.fields["complaints"], "low back pain radiating to the left leg")
    qtbot.mouseClick(summary.draft_button, Qt.LeftButton)
    drafted = window.editor.case.summary
    assert drafted and "52" in drafted[0] and "lifting a pallet jack" in drafted[0]

    # -- two items, citations in both roles, rationales citing the page ---------------------
    window.workspace.show_tab(ITEMS_TAB)
    items, library = window.workspace.items, window.workspace.library
    decisions = {"MRI of the lumbar spine": Decision.OVERTURNED,
                 "Physical therapy, lumbar spine, 8 sessions": Decision.UPHELD}
    rationales = {}
    for position, (description, (reviewer_key, claims_key)) in enumerate(CITATIONS.items()):
        qtbot.mouseClick(items.add_button if position else items.first_button, Qt.LeftButton)
        editor = items.item_editor
        qtbot.keyClicks(editor.description, description)
        button = editor.upheld if decisions[description] is Decision.UPHELD else editor.overturned
        qtbot.mouseClick(button, Qt.LeftButton)

        words = description.split(",")[0].lower()
        search_library(qtbot, library, words, reviewer_key)
        qtbot.mouseClick(library.cite_reviewer, Qt.LeftButton)
        search_library(qtbot, library, words, claims_key)
        qtbot.mouseClick(library.cite_claims, Qt.LeftButton)

        editor.rationale.setFocus()
        text = f"The records support the request for {words}."
        qtbot.keyClicks(editor.rationale, text)
        window.context._last_target = editor.rationale  # focus does not move offscreen
        assert records.cite()
        rationales[description] = text + " " + page_citation
        assert editor.rationale.toPlainText() == rationales[description]

    entered = window.editor.case
    assert [item.description for item in entered.items] == list(CITATIONS)

    # -- export both, read both back -------------------------------------------------------
    window.workspace.show_tab(LETTER_TAB)
    letter = window.workspace.letter
    exported = {}
    for kind in ("docx", "pdf"):
        task = letter.export((kind,), tmp_path / f"letter.{kind}")
        qtbot.waitUntil(lambda: not task.running, timeout=30000)
        exported[kind] = tmp_path / f"letter.{kind}"
        assert exported[kind].exists()

    stored = window.store.get(case_id)
    assert SummaryForm.from_dict(stored.summary_form).mechanism == "lifting a pallet jack"
    for kind, path in exported.items():
        read = read_letter(path).case
        assert read.case_number == "CM26-0042424", kind
        assert read.summary == entered.summary, kind
        assert len(read.items) == 2, kind
        for got, want in zip(read.items, entered.items):
            assert got.description.lower() == want.description.lower(), kind
            assert got.decision is want.decision, kind
            assert got.rationale == [rationales[want.description]], kind
            for role in Role:
                assert [(c.source, c.topic, c.pages, c.section)
                        for c in got.citations(role)] == [
                    (c.source, c.topic, c.pages, c.section) for c in want.citations(role)], kind
