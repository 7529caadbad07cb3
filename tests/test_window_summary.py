"""The Summary view: the form written by typing, drafting, and the reviewer's prose protected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from workbench.summary.form import SummaryForm


def stored_form(window, case_id) -> SummaryForm:
    window.editor.flush()
    return SummaryForm.from_dict(window.store.get(case_id).summary_form)


def test_typing_into_the_form_fills_the_stored_form(window, open_case, qtbot):
    view = window.workspace.summary
    fields = view.fields
    fields["age"].setValue(46)
    fields["sex"].setCurrentIndex(2)
    fields["sex"].activated.emit(2)
    qtbot.keyClicks(fields["injury_date"], "9/13/2025")
    qtbot.keyClicks(fields["mechanism"], "lifting a case of water")
    qtbot.keyClicks(fields["diagnoses"], "lumbar sprain")
    qtbot.keyClick(fields["diagnoses"], Qt.Key_Return)
    qtbot.keyClicks(fields["diagnoses"], "left L5 radiculopathy")
    treatments = fields["treatments"]
    treatments.add_row()
    treatments.table.item(0, 0).setText("physical therapy")
    treatments.table.item(0, 1).setText("12 sessions")
    qtbot.keyClicks(fields["ur_date"], "10/15/2026")
    qtbot.keyClicks(fields["case.claim_number"], "ADJ9988776")
    qtbot.keyClicks(fields["case.decided_on"], "11/20/2026")
    qtbot.keyClicks(fields["case.application_received_on"], "10/30/2026")

    form = stored_form(window, open_case)
    assert form.age == 46 and form.sex == "female"
    assert form.injury_date == "2025-09-13"
    assert form.mechanism == "lifting a case of water"
    assert form.diagnoses == ["lumbar sprain", "left L5 radiculopathy"]
    assert [(t.kind, t.count) for t in form.treatments] == [("physical therapy", "12 sessions")]
    case = window.store.get(open_case)
    assert case.claim_number == "ADJ9988776"
    assert case.ur_decision_on.isoformat() == "2026-10-15"
    # the letter's case header prints both
    assert (case.decided_on.isoformat(), case.application_received_on.isoformat()) == (
        "2026-11-20", "2026-10-30")


def test_draft_writes_the_summary_and_asks_before_replacing_edits(window, open_case, qtbot,
                                                                   monkeypatch):
    view = window.workspace.summary
    view.fields["age"].setValue(54)
    qtbot.keyClicks(view.fields["mechanism"], "a fall from a ladder")
    qtbot.mouseClick(view.draft_button, Qt.LeftButton)
    drafted = view.narrative.toPlainText()
    assert "54" in drafted and "a fall from a ladder" in drafted
    assert window.editor.case.summary == [p for p in drafted.split("\n\n") if p]

    view.narrative.moveCursor(view.narrative.textCursor().MoveOperation.End)
    qtbot.keyClicks(view.narrative, " My own words.")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: asked.append(args) or QMessageBox.Cancel)
    qtbot.mouseClick(view.draft_button, Qt.LeftButton)
    assert asked and view.narrative.toPlainText().endswith("My own words.")

    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.Yes)
    qtbot.mouseClick(view.draft_button, Qt.LeftButton)
    assert view.narrative.toPlainText() == drafted
    window.editor.undo_stack.undo()
    assert view.narrative.toPlainText().endswith("My own words.")


def test_undo_puts_the_form_widgets_back(window, open_case, qtbot):
    view = window.workspace.summary
    qtbot.keyClicks(view.fields["work_status"], "modified duty")
    window.editor.undo_stack.undo()
    assert view.fields["work_status"].text() == ""
    window.editor.undo_stack.redo()
    assert view.fields["work_status"].text() == "modified duty"


def test_case_choices_are_stored_as_their_kinds(window, open_case, qtbot):
    from workbench.case import ClaimantTerm, ReviewType

    fields = window.workspace.summary.fields
    combo = fields["case.review_type"]
    combo.setCurrentIndex(combo.findText("Expedited"))
    combo.activated.emit(combo.currentIndex())
    term = fields["case.claimant_term"]
    term.setCurrentIndex(term.findText("Applicant"))
    term.activated.emit(term.currentIndex())
    assert window.editor.case.review_type is ReviewType.EXPEDITED
    window.editor.flush()
    case = window.store.get(open_case)
    assert case.review_type is ReviewType.EXPEDITED and case.claimant_term is ClaimantTerm.APPLICANT
    window.editor.undo_stack.undo()
    assert term.currentText() == "Patient"
