"""The Letter tab: a live preview of the letter, its options, export, and the Settings dialog."""

from __future__ import annotations

import copy
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import SEED_FILES, collapse
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox

from workbench.case import ClaimantTerm, CredentialForm, Decision, Item, Role, Status
from workbench.citations import format_line
from workbench.letters.reader import read_letter
from workbench.profile import load_profile
from workbench.records.documents import documents_reviewed_default
from workbench.ui import preferences
from workbench.ui.settings_dialog import SettingsDialog
from workbench.ui.workspace import LETTER_TAB, SUMMARY_TAB

SEED = SEED_FILES[0]


@pytest.fixture
def view(window, open_case, qtbot):
    window.workspace.show_tab(LETTER_TAB)
    letter = window.workspace.letter
    qtbot.waitUntil(lambda: letter.isVisible() and letter.up_to_date, timeout=3000)
    return letter


def fill_from_seed(editor, seed: Path = SEED) -> None:
    """Give the open case a real letter's content, as a reviewer would have typed it."""
    source = read_letter(seed).case

    def change(case):
        for name in ("organization", "organization_short", "credentials", "summary", "items",
                     "wording"):
            setattr(case, name, copy.deepcopy(getattr(source, name)))

    editor.edit("Fill the case", change)


def test_preview_follows_edits_and_keeps_its_place(window, view, qtbot):
    editor = window.editor
    assert "No disputed items yet" in view.checklist.text()
    assert "Disputed items tab" in view.preview_text()

    fill_from_seed(editor)
    qtbot.waitUntil(lambda: view.up_to_date, timeout=3000)
    text = collapse(view.preview_text())
    for item in editor.case.items:
        assert collapse(f"{item.description}: {item.decision.value}") in text
    assert collapse(editor.case.summary[0]) in text
    assert "Nothing missing" in view.checklist.text()

    bar = view.preview.verticalScrollBar()
    assert bar.maximum() > 200
    bar.setValue(bar.maximum() // 2)
    kept = bar.value()
    summary = list(editor.case.summary)
    for typed in ("A", "Al", "All"):  # a burst of keystrokes redraws once, after it
        editor.edit("Edit summary", lambda c, t=typed: setattr(c, "summary", [*summary, t + " done."]),
                    merge="summary")
    assert not view.up_to_date
    qtbot.waitUntil(lambda: "All done." in view.preview_text(), timeout=3000)
    assert bar.value() == kept

    editor.edit("Edit rationale", lambda c: setattr(c.items[0], "rationale", []))
    qtbot.waitUntil(lambda: "Item 1 has no decision rationale" in view.checklist.text(),
                    timeout=3000)


def test_preview_waits_while_the_tab_is_hidden(window, view, qtbot):
    window.workspace.show_tab(SUMMARY_TAB)
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=2000)
    window.editor.edit("Add item", lambda c: c.items.append(Item("Lumbar MRI", Decision.OVERTURNED)))
    assert not view.up_to_date and not view._timer.isActive()
    assert "Lumbar MRI" not in view.preview_text()
    window.workspace.show_tab(LETTER_TAB)
    qtbot.waitUntil(lambda: "Lumbar MRI: Overturned" in view.preview_text(), timeout=2000)


def test_letter_options_edit_the_case_and_undo(window, view, qtbot):
    editor = window.editor
    view.status.setFocus()
    qtbot.keyClick(view.status, Qt.Key_Down)
    assert editor.case.status is Status.IN_QA
    index = view.claimant.findData(ClaimantTerm.INJURED_WORKER)
    view.claimant.setCurrentIndex(index)
    view.claimant.activated.emit(index)
    assert editor.case.claimant_term is ClaimantTerm.INJURED_WORKER

    editor.edit("Credentials", lambda c: setattr(
        c.credentials, "certifications", ["Orthopedic Surgery"]) or setattr(
        c.credentials, "licensure_states", ["California"]))
    index = view.form.findData(CredentialForm.SENTENCE)
    view.form.setCurrentIndex(index)
    view.form.activated.emit(index)
    qtbot.waitUntil(lambda: "The expert reviewer is Board Certified in Orthopedic Surgery and "
                    "is licensed to practice in California." in collapse(view.preview_text()),
                    timeout=3000)

    index = view.reviewed.findData(True)
    view.reviewed.setCurrentIndex(index)
    view.reviewed.activated.emit(index)
    assert editor.case.documents_reviewed is True
    qtbot.waitUntil(lambda: "DOCUMENTS REVIEWED" in view.preview_text(), timeout=3000)

    editor.undo_stack.undo()
    assert editor.case.documents_reviewed is None
    assert view.reviewed.currentData() is None
    assert view.reviewed.currentText() == "Default (don't print)"
    qtbot.waitUntil(lambda: "DOCUMENTS REVIEWED" not in view.preview_text(), timeout=3000)
    editor.undo_stack.undo()  # the credentials form
    assert view.form.currentData() == CredentialForm.BLOCK
    editor.undo_stack.undo()  # the credentials
    assert view.claimant.currentData() == ClaimantTerm.INJURED_WORKER
    editor.undo_stack.undo()
    assert view.claimant.currentData() == ClaimantTerm.PATIENT
    assert editor.flush()
    stored = window.store.get(editor.case.id)
    assert stored.status is Status.IN_QA and stored.claimant_term is ClaimantTerm.PATIENT


def accept_done_message(view, qtbot) -> str:
    qtbot.waitUntil(lambda: view.done_message is not None and view.done_message.isVisible(),
                    timeout=10000)
    box = view.done_message
    text = box.text() + " " + box.informativeText()
    assert [b.text() for b in box.buttons()].count("Open Folder") == 1
    qtbot.mouseClick(box.button(QMessageBox.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: view.done_message is None, timeout=2000)
    return text


def assert_reads_back(path: Path, case) -> None:
    read = read_letter(path).case
    assert read.case_number == case.case_number
    assert read.organization == case.organization
    assert read.credentials.form is case.credentials.form
    assert read.credentials.certifications == case.credentials.certifications
    assert read.credentials.licensure_states == case.credentials.licensure_states
    assert [collapse(p) for p in read.summary] == [collapse(p) for p in case.summary]
    assert len(read.items) == len(case.items)
    for got, want in zip(read.items, case.items):
        assert got.description == want.description and got.decision is want.decision
        assert [collapse(p) for p in got.rationale] == [collapse(p) for p in want.rationale]
        for role in Role:
            assert collapse(format_line(got.citations(role), role)) == collapse(
                format_line(want.citations(role), role))


def test_export_docx_and_pdf_through_the_save_dialog(window, view, qtbot, tmp_path, monkeypatch):
    fill_from_seed(window.editor)
    exports = tmp_path / "exports"
    exports.mkdir()
    asked = []

    def save_dialog(parent, title, start, filters, *args, **kwargs):
        asked.append((title, start, filters))
        return str(exports / Path(start).name), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    # The last change is still unsaved when the export starts; the export must include it.
    window.editor.edit("Rationale", lambda c: c.items[0].rationale.append(
        "Exported within a second of typing."), merge="x")

    task = view.export_docx_action.trigger() or view.export_task
    qtbot.waitUntil(lambda: not task.running, timeout=10000)
    message = accept_done_message(view, qtbot)
    docx = exports / "CM26-0000777 Final Determination.docx"
    assert asked[0][1] == str(Path.home() / docx.name)
    assert "Word document (*.docx)" in asked[0][2]
    assert docx.name in message and str(exports) in message
    assert preferences.folder("exports") == str(exports)

    task = view.export_pdf()
    qtbot.waitUntil(lambda: not task.running, timeout=10000)
    accept_done_message(view, qtbot)
    pdf = exports / "CM26-0000777 Final Determination.pdf"
    assert asked[1][1] == str(pdf)  # the folder is remembered
    assert "PDF document (*.pdf)" in asked[1][2]

    case = window.editor.case
    assert case.items[0].rationale[-1] == "Exported within a second of typing."
    assert_reads_back(docx, case)
    assert_reads_back(pdf, case)
    assert len(pdfium.PdfDocument(pdf)) >= 2


def test_export_both_and_a_failure_in_one_line(window, view, qtbot, tmp_path):
    fill_from_seed(window.editor)
    task = view.export_both(tmp_path / "out" / "letter.pdf")
    qtbot.waitUntil(lambda: not task.running, timeout=10000)
    message = accept_done_message(view, qtbot)
    assert "letter.docx and letter.pdf" in message
    assert_reads_back(tmp_path / "out" / "letter.docx", window.editor.case)
    assert_reads_back(tmp_path / "out" / "letter.pdf", window.editor.case)

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    failures = []
    warnings = []

    def close_warning():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            warnings.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, close_warning)

    QTimer.singleShot(0, close_warning)
    task = view.export_pdf(blocker / "letter.pdf")
    task.failed.connect(failures.append)
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    assert failures == warnings
    assert failures[0].startswith("Cannot write letter.pdf") and "\n" not in failures[0]
    assert view.done_message is None


def test_settings_save_a_profile_that_new_cases_use(window, open_case, qtbot, tmp_path):
    dialog = SettingsDialog(window.database, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.organization.clear()
    qtbot.keyClicks(dialog.organization, "Example Review Services")
    dialog.organization_short.clear()
    qtbot.keyClicks(dialog.organization_short, "ERS")
    qtbot.mouseClick(dialog.sentence, Qt.LeftButton)
    qtbot.keyClicks(dialog.certifications, "Orthopedic Surgery, Pain Medicine")
    qtbot.keyClicks(dialog.states, "California")
    assert dialog.credentials_preview.toPlainText() == (
        "The expert reviewer is Board Certified in Orthopedic Surgery and Pain Medicine and is "
        "licensed to practice in California.")
    dialog.claimant_term.setCurrentIndex(dialog.claimant_term.findData(ClaimantTerm.APPLICANT))
    dialog.documents_reviewed.setChecked(True)
    dialog.database_url.setText(str(tmp_path / "next.sqlite3"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert dialog.result() == SettingsDialog.Accepted

    profile = load_profile(window.database)
    assert (profile.organization, profile.organization_short) == ("Example Review Services",
                                                                   "ERS")
    assert profile.credential_form is CredentialForm.SENTENCE
    assert profile.certifications == ["Orthopedic Surgery", "Pain Medicine"]
    assert profile.licensure_states == ["California"]
    assert profile.claimant_term is ClaimantTerm.APPLICANT
    assert documents_reviewed_default(window.database)
    assert preferences.database_url() == f"sqlite:///{tmp_path / 'next.sqlite3'}"
    assert window.editor.case.organization == "MAXIMUS Federal Services"  # not applied

    def fill_new_case():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, fill_new_case)
            return
        dialog.case_number.setText("CM26-0000888")
        dialog.accept()

    QTimer.singleShot(0, fill_new_case)
    case_id = window.new_case()
    case = window.store.get(case_id)
    assert case.organization == "Example Review Services"
    assert case.credentials.certifications == ["Orthopedic Surgery", "Pain Medicine"]
    assert case.claimant_term is ClaimantTerm.APPLICANT
    window.workspace.show_tab(LETTER_TAB)
    view = window.workspace.letter
    qtbot.waitUntil(lambda: view.up_to_date and "CM26-0000888" in view.preview_text(),
                    timeout=3000)
    text = collapse(view.preview_text())
    assert ("Example Review Services sent the complete case file to an expert reviewer" in text)
    assert "Board Certified in Orthopedic Surgery and Pain Medicine" in text
    assert "ERS guideline:" not in text  # no items yet
    assert view.claimant.currentData() == ClaimantTerm.APPLICANT


def test_settings_apply_credentials_to_the_open_case(window, open_case, qtbot):
    dialog = SettingsDialog(window.database, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.apply_button.isVisible()
    dialog.organization_short.setText("ERS")
    dialog.states.setText("Nevada")
    dialog.certifications.setText("Neurology")
    qtbot.mouseClick(dialog.apply_button, Qt.LeftButton)
    case = window.editor.case
    assert case.organization_short == "ERS"
    assert case.credentials.licensure_states == ["Nevada"]
    assert case.credentials.certifications == ["Neurology"]
    window.editor.undo_stack.undo()
    assert window.editor.case.credentials.licensure_states == []
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Cancel), Qt.LeftButton)
    assert load_profile(window.database).licensure_states == []


def test_settings_refuse_a_database_in_a_missing_folder(window, qtbot, tmp_path, monkeypatch):
    dialog = SettingsDialog(window.database, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.apply_button.isVisible()  # no case open
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text, *a: warnings.append(text)))
    dialog.database_url.setText(str(tmp_path / "missing" / "db.sqlite3"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert dialog.isVisible() and "does not exist" in warnings[0]
    assert preferences.database_url() is None
    dialog.database_url.setText("postgresql://reviewer@db.example/imr")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert preferences.database_url() == "postgresql://reviewer@db.example/imr"
