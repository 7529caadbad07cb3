"""The Summary tab's "From the records" panel: proposals from the imported IMR application and
UR determination, accepted (one undoable edit), changed, dismissed, and their pages opened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from application_texts import Packet, application_2013, ur_notice
from record_files import text_pdf
from workbench.proposals import case_proposals
from workbench.summary.form import SummaryForm
from workbench.ui.proposals_panel import WAITING

PACKET = Packet()


def import_packet(window, qtbot, tmp_path: Path):
    """Import the application and the UR letter through the Records pane; returns the panel
    once it lists what they propose."""
    application = text_pdf(tmp_path / "imr application.pdf", application_2013(PACKET))
    letter = text_pdf(tmp_path / "ur letter.pdf", ur_notice(PACKET))
    view = window.workspace.records
    task = view.add_records([application, letter])
    assert task is not None
    qtbot.waitUntil(lambda: not window.tasks.tasks,
                    timeout=120_000)
    panel = window.workspace.summary.proposals
    qtbot.waitUntil(lambda: len(panel.shown) == 10, timeout=10_000)
    return panel


def row(panel, key: str) -> dict:
    """The widgets of the row that lists the proposal ``key`` ("claim_number", "item:2")."""
    position = next(n for n, p in enumerate(panel.shown) if p.key == key)
    return panel.rows[position]


def keys(panel) -> list[str]:
    return [p.key for p in panel.shown]


def stored_states(window, case_id: int) -> dict[str, str]:
    window.editor.flush()
    return {p.key: p.state for p in case_proposals(window.database, case_id)}


def test_the_panel_waits_for_the_records_then_lists_what_they_state(window, open_case, qtbot,
                                                                     tmp_path):
    panel = window.workspace.summary.proposals
    assert panel.isVisible() and panel.shown == []
    assert WAITING in panel.empty.text() and panel.empty.isVisible()

    import_packet(window, qtbot, tmp_path)
    assert keys(panel) == ["claim_number", "injury_date", "ur_date", "request_provider", "age",
                           "sex", "body_regions", "diagnoses", "item:1", "item:2"]
    assert not panel.empty.isVisible() and panel.count.text() == "10 new"
    claim = row(panel, "claim_number")["what"].text()
    assert PACKET.claim_number in claim and "IMR&nbsp;Application&nbsp;p.&nbsp;1" in claim
    assert "nothing yet" in claim
    assert all(r["accept"].isVisible() and r["dismiss"].isVisible() for r in panel.rows[:3])


def test_accept_is_one_undoable_edit_and_undone_it_waits_under_answered(window, open_case, qtbot,
                                                                        tmp_path):
    panel = import_packet(window, qtbot, tmp_path)
    summary = window.workspace.summary
    steps = window.editor.undo_stack.count()
    announced = []
    window.ops.changed.connect(announced.append)
    qtbot.mouseClick(row(panel, "claim_number")["accept"], Qt.LeftButton)
    assert window.editor.case.claim_number == PACKET.claim_number
    assert summary.fields["case.claim_number"].text() == PACKET.claim_number
    assert window.editor.undo_stack.count() == steps + 1
    assert sum(1 for c in announced if c.touches("case")) == 1  # one notification of the edit
    assert "claim_number" not in keys(panel)
    assert stored_states(window, open_case)["claim_number"] == "same"
    assert window.store.get(open_case).claim_number == PACKET.claim_number

    window.editor.undo_stack.undo()
    assert window.editor.case.claim_number is None
    assert "claim_number" not in keys(panel)  # answered: not new again by itself
    assert panel.answered.isVisible() and panel.answered.text() == "Show answered (1)"
    panel.answered.setChecked(True)
    assert keys(panel)[-1] == "claim_number"
    qtbot.mouseClick(row(panel, "claim_number")["again"], Qt.LeftButton)
    panel.answered.setChecked(False)
    assert keys(panel)[0] == "claim_number" and panel.count.text() == "10 new"


def test_change_writes_the_reviewers_value_into_the_form_and_the_case(window, open_case, qtbot,
                                                                       tmp_path, monkeypatch):
    panel = import_packet(window, qtbot, tmp_path)
    asked, answers = [], iter([("last spring", True), ("09/06/2014", True)])
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *args, **kwargs: asked.append(args) or next(answers))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: warned.append(args))
    qtbot.mouseClick(row(panel, "ur_date")["change"], Qt.LeftButton)
    # Asked with the proposed value to edit, then again with the words that did not read.
    assert [args[4] for args in asked] == ["09/05/2014", "last spring"]
    assert asked[0][1] == "Change date of UR decision"
    assert len(warned) == 1 and "not a date" in warned[0][2]
    form = SummaryForm.from_dict(window.editor.case.summary_form)
    assert form.ur_date == "2014-09-06"
    assert window.editor.case.ur_decision_on.isoformat() == "2014-09-06"
    assert window.workspace.summary.fields["ur_date"].text() == "09/06/2014"
    assert "ur_date" not in keys(panel)
    assert stored_states(window, open_case)["ur_date"] == "accepted"

    # A list is changed one entry per line; accepting adds to what the form has.
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        lambda *args, **kwargs: ("lumbar spine\nright hip", True))
    qtbot.mouseClick(row(panel, "body_regions")["change"], Qt.LeftButton)
    assert SummaryForm.from_dict(window.editor.case.summary_form).body_regions == \
        ["low back", "right hip"]


def test_dismiss_item_accept_and_the_source_link(window, open_case, qtbot, tmp_path):
    panel = import_packet(window, qtbot, tmp_path)
    qtbot.mouseClick(row(panel, "age")["dismiss"], Qt.LeftButton)
    assert "age" not in keys(panel) and panel.count.text() == "9 new"
    assert stored_states(window, open_case)["age"] == "dismissed"
    assert SummaryForm.from_dict(window.editor.case.summary_form).age is None

    qtbot.mouseClick(row(panel, "item:2")["accept"], Qt.LeftButton)
    items = window.editor.case.items
    assert [(i.number, i.description, i.reviewer_citations) for i in items] == \
        [(1, PACKET.items[1][0], [])]
    assert window.workspace.items.list.count() == 1

    # The source opens the page the value was read from (the application's page 2).
    item = next(p for p in panel.shown if p.key == "item:1")
    row(panel, "item:1")["what"].linkActivated.emit("page")
    viewer = window.workspace.records.viewer
    qtbot.waitUntil(lambda: viewer.page is not None and
                    (viewer.page.file_id, viewer.page.number) ==
                    (item.proposal.file_id, item.proposal.page), timeout=5000)
    assert PACKET.items[0][0] in viewer.page.text


def test_typing_the_value_by_hand_answers_the_proposal(window, open_case, qtbot, tmp_path):
    panel = import_packet(window, qtbot, tmp_path)
    qtbot.keyClicks(window.workspace.summary.fields["case.claim_number"], PACKET.claim_number)
    assert "claim_number" not in keys(panel)
    window.workspace.summary.fields["age"].setValue(PACKET.age)
    assert "age" not in keys(panel) and panel.count.text() == "8 new"
