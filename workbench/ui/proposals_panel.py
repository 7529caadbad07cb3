"""The Summary tab's "From the records" panel: what the IMR application and the UR determination
state that the case does not say yet, each to accept, change or dismiss.

The proposals are read from the records (``workbench.proposals.read_proposals``)
when the case opens and whenever the records change, and compared with the
open case (edits not yet stored included) after every edit, so a value typed
into the form by hand makes its proposal go away as soon as it matches.
Accepting is one undoable edit through the case editor; the answer (accepted
or dismissed) is stored through the operation layer and announced as a
records change, the part of the case file it belongs to. The "new"
proposals are listed; "Show answered" lists the ones answered whose value the
case does not hold (dismissed, or accepted and then changed or undone), to
accept after all or to ask again. The source link opens the page the value
was read from.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox, QFrame, QGridLayout, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QMessageBox,
    QScrollArea, QSizePolicy, QToolButton, QVBoxLayout, QWidget,
)

from workbench.changes import ALL_PARTS, CASE, FORM, ITEMS, RECORDS, Changes
from workbench.errors import WorkbenchError
from workbench.proposals import (
    ACCEPTED, DISMISSED, NEW, SAME, CaseProposal, RecordProposals, accept, forget_answer,
    read_proposals, read_value, record_answer, shown,
)
from workbench.ui.context import CaseContext

WAITING = "No IMR application or UR determination in the records yet."
WAITING_HINT = ("Add the case file in Records: the claim number, dates, requesting physician, "
                "worker, diagnoses and disputed items they state are proposed here.")
ALL_SEEN = ("Nothing new from the records: the case says what the IMR application and "
            "UR determination state, or you answered it.")
LISTS = ("body_regions", "diagnoses")
# The list scrolls past this height (pixels, about six proposals), so the form stays in reach.
LIST_HEIGHT = 280


def _lower_first(label: str) -> str:
    """"Date of UR decision" as the middle of a sentence: "date of UR decision"."""
    return label[:1].lower() + label[1:]


class ProposalsPanel(QFrame):
    """Lists the new proposals with Accept, Change… and Dismiss for each."""

    def __init__(self, context: CaseContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.editor = context.editor
        self.records: RecordProposals | None = None
        self.shown: list[CaseProposal] = []  # the rows listed, in order
        self._drawn: tuple | None = None  # what the rows were drawn from
        self.rows: list[dict[str, QWidget]] = []
        self.setObjectName("proposals")
        self.setFrameShape(QFrame.StyledPanel)

        self.title = QLabel("<b>From the records</b>")
        self.count = QLabel()
        self.count.setStyleSheet("color: palette(placeholder-text);")
        self.answered = QCheckBox("Show answered")
        self.answered.setToolTip("Also list the values you dismissed, or accepted and then "
                                 "changed, that the case does not hold")
        self.answered.toggled.connect(lambda _on: self._changed(Changes.of(CASE)))
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.count)
        head.addWidget(self.answered)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.RichText)
        self.list = QWidget()
        self.grid = QGridLayout(self.list)
        self.grid.setContentsMargins(0, 0, 4, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(10)
        self.grid.setColumnStretch(0, 1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.list)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.addLayout(head)
        layout.addWidget(self.empty)
        layout.addWidget(self.scroll)

        context.ops.changed.connect(self._changed)
        self.editor.opened.connect(lambda: self._changed(Changes(ALL_PARTS)))
        self._changed(Changes(ALL_PARTS))

    # -- reading and showing -------------------------------------------------------------
    def _changed(self, changes: Changes) -> None:
        case = self.editor.case
        if case is None:
            self.records = None
            self._show([])
            return
        if changes.touches(RECORDS) or self.records is None or changes.parts == ALL_PARTS:
            try:
                self.records = read_proposals(self.context.database, case.id)
            except WorkbenchError as error:
                self.records = None
                self.context.status.emit(str(error))
        if changes.touches(RECORDS, CASE, FORM, ITEMS) or changes.parts == ALL_PARTS:
            found = self.records.against(case) if self.records is not None else []
            answered = [p for p in found if p.state not in (NEW, SAME)]
            self.answered.setText(f"Show answered ({len(answered)})")
            self.answered.setVisible(bool(answered))
            self._show([p for p in found if p.state == NEW]
                       + (answered if self.answered.isChecked() else []))

    def _show(self, proposals: list[CaseProposal]) -> None:
        writable = not self.context.database.read_only
        drawn = (proposals, bool(self.records and self.records.documents), writable)
        if proposals and drawn == self._drawn:
            return  # the same rows: they stay (no flicker on each records notification)
        self._drawn = drawn
        self.shown = proposals
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.rows = []
        if not self.records or not self.records.documents:
            self.empty.setText(f"{WAITING}<br><span style='color: palette(placeholder-text)'>"
                               f"{html.escape(WAITING_HINT)}</span>")
        elif not proposals:
            self.empty.setText(ALL_SEEN)
        self.empty.setVisible(not proposals)
        new = sum(1 for p in proposals if p.state == NEW)
        self.count.setText(f"{new} new" if new else "")
        for index, proposal in enumerate(proposals):
            self._row(index, proposal, writable)
        self.scroll.setVisible(bool(proposals))
        self._fit()
        QTimer.singleShot(0, self._fit)  # again once the new rows know their width

    def _fit(self) -> None:
        """As tall as the rows, up to LIST_HEIGHT or a third of a short window (then the
        rows scroll)."""
        width = max(self.scroll.viewport().width(), 200)
        needed = self.grid.totalHeightForWidth(width) if self.grid.hasHeightForWidth() else -1
        if needed <= 0:  # rows just added are not laid out yet: their preferred height
            needed = self.list.sizeHint().height()
        limit = max(140, min(LIST_HEIGHT, self.window().height() // 3))
        self.scroll.setFixedHeight(min(needed, limit))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _row(self, index: int, proposal: CaseProposal, writable: bool) -> None:
        value = html.escape(shown(proposal.field, proposal.proposal.value))
        now = shown(proposal.field, proposal.current)
        state = {ACCEPTED: " (accepted before)", DISMISSED: " (dismissed)"}.get(proposal.state, "")
        # One label: the value, then what the case says and the source as a link to the page.
        what = QLabel(f"<b>{html.escape(proposal.label)}:</b> {value}{state}"
                      f"<br><span style='color: palette(placeholder-text)'>In the case: "
                      f"{html.escape(now) if now else 'nothing yet'} ·</span> "
                      f"<a href='page'>{html.escape(proposal.source).replace(' ', '&nbsp;')}</a>")
        what.setWordWrap(True)
        what.setTextFormat(Qt.RichText)
        what.setToolTip(f"Read from: “{proposal.proposal.excerpt}”\n"
                        "Click the source to open the page in Records.")
        what.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
        what.linkActivated.connect(lambda _link, p=proposal: self.open_source(p))
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        named: dict[str, QWidget] = {"what": what}
        last = ("dismiss", "Dismiss", self.dismiss) if proposal.state == NEW else \
            ("again", "Ask Again", self.ask_again)
        for name, text, slot in (("accept", "Accept", self.accept),
                                 ("change", "Change…", self.change), last):
            button = QToolButton()  # narrower than a push button: the value keeps the width
            button.setText(text)
            button.setEnabled(writable)
            button.setToolTip({"accept": "Write this value into the case (Undo takes it back)",
                               "change": "Write your own value instead",
                               "dismiss": "Set this value aside",
                               "again": "List this value as new again"}[name])
            button.clicked.connect(lambda _checked=False, p=proposal, s=slot: s(p))
            row.addWidget(button)
            named[name] = button
        self.grid.addWidget(what, index, 0)
        self.grid.addWidget(buttons, index, 1, Qt.AlignVCenter)
        self.rows.append(named)

    # -- the reviewer's answers ------------------------------------------------------------
    def open_source(self, proposal: CaseProposal) -> None:
        """Show the page the value was read from in the Records pane."""
        self.context.show_page.emit(proposal.proposal.file_id, proposal.proposal.page)

    def accept(self, proposal: CaseProposal, value: object = None) -> None:
        """Write the value into the open case as one undoable edit, then store the answer."""
        case_id = self.context.case_id
        if case_id is None:
            return

        def change(case) -> None:
            case.__dict__.update(accept(case, proposal.proposal, value).__dict__)

        try:
            accept(self.editor.case, proposal.proposal, value)  # a bad value fails here, unedited
        except WorkbenchError as error:
            self.context.status.emit(str(error))
            return
        self.editor.edit(f"Accept {_lower_first(proposal.label)} from the records", change,
                         origin=self)
        self._answer(proposal, ACCEPTED)
        self.context.status.emit(f"{proposal.label} accepted from the {proposal.source}.")

    def change(self, proposal: CaseProposal) -> None:
        """Ask for the reviewer's own value (the proposed one filled in), then accept it."""
        value = self.ask_value(proposal)
        if value is not None:
            self.accept(proposal, value)

    def ask_value(self, proposal: CaseProposal) -> object | None:
        """The reviewer's value for a proposal, asked again while it does not read; None when
        cancelled."""
        field, proposed = proposal.field, proposal.proposal.value
        if field == "item":
            text = proposed["description"]
        elif field in LISTS:
            text = "\n".join(proposed)
        else:
            text = shown(field, proposed)
        title = f"Change {_lower_first(proposal.label)}"
        while True:
            if field in LISTS:
                text, ok = QInputDialog.getMultiLineText(
                    self, title, f"{proposal.label} (one per line):", text)
            else:
                text, ok = QInputDialog.getText(self, title, f"{proposal.label}:",
                                                QLineEdit.Normal, text)
            if not ok:
                return None
            try:
                return read_value(field, text)
            except WorkbenchError as error:
                QMessageBox.warning(self, title, str(error))

    def dismiss(self, proposal: CaseProposal) -> None:
        if self._answer(proposal, DISMISSED):
            self.context.status.emit(f"{proposal.label} from the {proposal.source} dismissed.")

    def ask_again(self, proposal: CaseProposal) -> None:
        """Forget the answer: the value is listed as new again."""
        self._answer(proposal, None)

    def _answer(self, proposal: CaseProposal, answer: str | None) -> bool:
        """Store (or, with None, forget) the reviewer's answer; False when it failed."""
        case_id = self.context.case_id
        if case_id is None:
            return False
        database = self.context.database
        try:
            self.context.ops.run(
                (lambda: record_answer(database, case_id, proposal.proposal, answer))
                if answer else (lambda: forget_answer(database, case_id, proposal.proposal)),
                Changes.of(RECORDS, case_id=case_id, origin=self))
        except WorkbenchError as error:
            self.context.status.emit(str(error))
            return False
        return True
