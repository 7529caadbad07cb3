"""The Summary view: the case's particulars, the structured form, and the narrative drafted from it.

Every widget writes through the editor (one undoable step per burst of
typing) and is refreshed from the case when something else changed it, such
as undo. The narrative stays the reviewer's: drafting again asks before it
replaces prose the reviewer edited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QPlainTextEdit, QPushButton, QScrollArea, QSplitter, QSpinBox, QVBoxLayout,
    QWidget,
)

from workbench.case import Case, ClaimantTerm, ReviewType, Status
from workbench.summary.draft import apply_draft, draft_for_case, summary_edited
from workbench.summary.form import (
    FIELDS, STUDY_FIELDS, TREATMENT_FIELDS, Study, SummaryForm, Treatment, parse_day,
)
from workbench.ui.context import CaseContext
from workbench.changes import ALL_PARTS, CASE, FORM, SUMMARY, Changes
from workbench.qa.findings import SUMMARY as SUMMARY_FIELD
from workbench.ui.proposals_panel import ProposalsPanel
from workbench.ui.qa_panel import final_refused
from workbench.ui.spelling_highlighter import attach_spelling
from workbench.ui.summary_rows import RecordRows

CLAIMANT_TERMS = [(term, term.value.capitalize()) for term in ClaimantTerm]
REVIEW_TYPES = [(t, t.value.capitalize()) for t in ReviewType]
STATUSES = [(s, s.value.capitalize() if s.value != "in QA" else "In QA") for s in Status]
GROUPS = [
    ("Claimant and injury", ["age", "sex", "represented", "injury_date", "mechanism",
                             "body_regions", "diagnoses"]),
    ("Treatment and studies", ["treatments", "medications", "studies"]),
    ("Current presentation", ["complaints", "exam_findings", "work_status"]),
    ("Request and utilization review", ["request_provider", "request_date", "ur_date",
                                        "ur_outcome"]),
]
SPECS = {spec.key: spec for spec in FIELDS}


def us_date(text: str | None) -> str:
    """An ISO date as reviewers write it (MM/DD/YYYY); free text as it is."""
    day = parse_day(text)
    return day.strftime("%m/%d/%Y") if day else (text or "")


def stored_date(text: str) -> str | None:
    """What a typed date is kept as: ISO when it reads as a date, else the text itself."""
    text = text.strip()
    if not text:
        return None
    day = parse_day(text)
    return day.isoformat() if day else text


def set_quietly(widget: QWidget, current, setter, value) -> None:
    """Set a spin box's or combo's value without it reporting an edit, and only when it differs."""
    if current() != value:
        widget.blockSignals(True)
        setter(value)
        widget.blockSignals(False)


def set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Replace a widget's text only when it differs, so a cursor in it stays put."""
    current = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
    if current != text:
        widget.blockSignals(True)
        if isinstance(widget, QLineEdit):
            widget.setText(text)
        else:
            widget.setPlainText(text)
        widget.blockSignals(False)


class SummaryView(QWidget):
    menu_title = "&Summary"

    def __init__(self, context: CaseContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.editor = context.editor
        self._refreshers: list[tuple[QWidget, Callable[[Case], None]]] = []
        self._source: QWidget | None = None  # the widget whose edit is being applied
        self.fields: dict[str, QWidget] = {}  # form keys and "case.<name>" to their widgets

        form_page = QWidget()
        page_layout = QVBoxLayout(form_page)
        self.proposals = ProposalsPanel(context)  # what the IMR application and UR letter state
        page_layout.addWidget(self.proposals)
        page_layout.addWidget(self._case_group())
        for title, keys in GROUPS:
            page_layout.addWidget(self._form_group(title, keys))
        page_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_page)
        scroll.setFrameShape(QScrollArea.NoFrame)

        self.narrative = QPlainTextEdit()
        self.narrative.setPlaceholderText(
            "The clinical case summary the letter prints. Fill the form above and choose "
            "Draft Summary (Ctrl+D) for a first draft, or write it here. Separate paragraphs "
            "with a blank line.")
        self.narrative.textChanged.connect(self._narrative_edited)
        context.register_cite_target(self.narrative, "summary")
        attach_spelling(context, self.narrative, SUMMARY_FIELD)  # misspellings underlined
        self.draft_button = QPushButton("Draft Summary")
        self.draft_button.setToolTip("Write the summary paragraphs from the form (Ctrl+D)")
        self.draft_button.clicked.connect(self.draft)
        self.words = QLabel()
        self.words.setStyleSheet("color: palette(placeholder-text);")
        head = QHBoxLayout()
        title = QLabel("<b>Clinical case summary</b>")
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.words)
        head.addWidget(self.draft_button)
        narrative_box = QWidget()
        narrative_layout = QVBoxLayout(narrative_box)
        narrative_layout.setContentsMargins(6, 6, 6, 0)
        narrative_layout.addLayout(head)
        narrative_layout.addWidget(self.narrative, 1)

        self.splitter = QSplitter(Qt.Vertical)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(narrative_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._draft_action = QAction("&Draft Summary from the Form", self)
        self._draft_action.setShortcut(QKeySequence("Ctrl+D"))
        self._draft_action.setShortcutContext(Qt.WindowShortcut)
        self._draft_action.triggered.connect(self.draft)
        context.ops.changed.connect(self._changed)
        self.editor.opened.connect(lambda: self._changed(Changes(ALL_PARTS)))

    def menu_actions(self) -> list[QAction]:
        return [self._draft_action]

    # -- building the form --------------------------------------------------------
    def _case_group(self) -> QGroupBox:
        box = QGroupBox("Case")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(10)
        cells = [
            ("IMR case number", self._case_text("case_number", "Case number")),
            ("Claim number", self._case_text("claim_number", "Claim number")),
            ("Review type", self._case_choice("review_type", REVIEW_TYPES, "Review type")),
            ("Status", self._case_choice("status", STATUSES, "Status")),
            ("Assigned (received)", self._case_date("received_on", "Date assigned")),
            ("Due", self._case_date("due_on", "Due date")),
            ("Application received", self._case_date("application_received_on",
                                                     "Date application received")),
            ("Decision date", self._case_date("decided_on", "Decision date")),
            ("Claimant is called", self._case_choice("claimant_term", CLAIMANT_TERMS,
                                                     "Claimant term")),
        ]
        names = ["case_number", "claim_number", "review_type", "status", "received_on", "due_on",
                 "application_received_on", "decided_on", "claimant_term"]
        for name, (_label, widget) in zip(names, cells):
            self.fields[f"case.{name}"] = widget
        for index, (label, widget) in enumerate(cells):
            row, column = divmod(index, 2)
            grid.addWidget(QLabel(label + ":"), row, column * 2)
            grid.addWidget(widget, row, column * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box

    def _form_group(self, title: str, keys: list[str]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.DontWrapRows)
        for key in keys:
            spec = SPECS[key]
            widget = self._field(spec)
            self.fields[key] = widget
            if spec.kind in ("treatments", "studies"):
                form.addRow(QLabel(spec.label + ":"))
                form.addRow(widget)
            else:
                form.addRow(spec.label + ":", widget)
        return box

    def _field(self, spec) -> QWidget:
        kind = spec.kind
        if kind == "int":
            return self._age(spec)
        if kind == "choice" and spec.key == "sex":
            return self._choice(spec, [(None, "—"), ("male", "Male"), ("female", "Female")])
        if kind == "bool":
            return self._choice(spec, [(None, "—"), (True, "Represented"),
                                       (False, "Not represented")])
        if kind == "date":
            return self._text(spec, date=True)
        if kind in ("list", "long text"):
            return self._long_text(spec, listed=kind == "list")
        if kind in ("treatments", "studies"):
            return self._rows(spec)
        return self._text(spec)

    def _apply(self, source: QWidget, label: str, part: str, change, merge: str) -> None:
        """Edit the case; the widget typed into is not redrawn from the edit it made."""
        self._source = source
        try:
            self.editor.edit(label, change, merge=merge, origin=self)
        finally:
            self._source = None

    def _form_edit(self, spec, value, source: QWidget | None = None) -> None:
        def change(case: Case) -> None:
            form = SummaryForm.from_dict(case.summary_form)
            setattr(form, spec.key, value)
            case.summary_form = form.to_dict()
            if spec.key == "ur_date":
                case.ur_decision_on = parse_day(value)
        self._apply(source or self.fields.get(spec.key), f"Edit {spec.label.lower()}", FORM, change,
                    f"form.{spec.key}")

    def _text(self, spec, *, date: bool = False) -> QLineEdit:
        line = QLineEdit()
        line.setPlaceholderText("MM/DD/YYYY" if date else (f"for example: {spec.hint}"
                                                            if spec.hint else ""))
        if date:
            line.setMaximumWidth(160)
            line.textEdited.connect(lambda text: self._form_edit(spec, stored_date(text)))
            line.editingFinished.connect(
                lambda: set_text(line, us_date(getattr(self._form(), spec.key))))
            self._refreshers.append((line, lambda case: set_text(
                line, us_date(getattr(SummaryForm.from_dict(case.summary_form), spec.key)))))
        else:
            line.textEdited.connect(lambda text: self._form_edit(spec, text))
            self._refreshers.append((line, lambda case: set_text(
                line, getattr(SummaryForm.from_dict(case.summary_form), spec.key) or "")))
        return line

    def _long_text(self, spec, *, listed: bool) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        lines = 3 if listed else 4
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
        hint = f"for example: {spec.hint}" if spec.hint else ""
        edit.setPlaceholderText(("One per line. " + hint) if listed else hint)

        def value() -> object:
            text = edit.toPlainText()
            if listed:
                return [line.strip() for line in text.splitlines() if line.strip()]
            return text

        def shown(case: Case) -> str:
            stored = getattr(SummaryForm.from_dict(case.summary_form), spec.key)
            return "\n".join(stored) if listed else stored

        def refresh(case: Case) -> None:
            # A list field keeps the blank line being typed; only a real difference redraws it.
            if listed and value() == getattr(SummaryForm.from_dict(case.summary_form), spec.key):
                return
            set_text(edit, shown(case))

        edit.textChanged.connect(lambda: self._form_edit(spec, value(), edit))
        self._refreshers.append((edit, refresh))
        return edit

    def _age(self, spec) -> QSpinBox:
        box = QSpinBox()
        box.setRange(0, 120)
        box.setSpecialValueText("—")
        box.setMaximumWidth(90)
        box.valueChanged.connect(lambda n: self._form_edit(spec, n or None, box))

        def refresh(case: Case) -> None:
            age = SummaryForm.from_dict(case.summary_form).age or 0
            set_quietly(box, box.value, box.setValue, age)
        self._refreshers.append((box, refresh))
        return box

    def _choice(self, spec, options: list[tuple[object, str]]) -> QComboBox:
        combo = QComboBox()
        for value, label in options:
            combo.addItem(label, value)
        combo.setMaximumWidth(200)
        combo.activated.connect(lambda index: self._form_edit(spec, combo.itemData(index), combo))

        def refresh(case: Case) -> None:
            value = getattr(SummaryForm.from_dict(case.summary_form), spec.key)
            index = next((i for i, (v, _l) in enumerate(options) if v == value), 0)
            set_quietly(combo, combo.currentIndex, combo.setCurrentIndex, index)
        self._refreshers.append((combo, refresh))
        return combo

    def _rows(self, spec) -> RecordRows:
        columns = TREATMENT_FIELDS if spec.kind == "treatments" else STUDY_FIELDS
        factory = Treatment if spec.kind == "treatments" else Study
        rows = RecordRows(columns, "Add treatment" if spec.kind == "treatments" else "Add study",
                          factory)
        rows.edited.connect(lambda records: self._form_edit(spec, records, rows))
        self._refreshers.append((rows, lambda case: rows.show_records(
            getattr(SummaryForm.from_dict(case.summary_form), spec.key))))
        return rows

    # -- case particulars -----------------------------------------------------------
    def _case_edit(self, name: str, label: str, value) -> None:
        if name == "status" and final_refused(self.context, self, value):
            combo = self.fields["case.status"]
            set_quietly(combo, combo.currentIndex, combo.setCurrentIndex,
                        combo.findData(self.editor.case.status.value))
            return
        self._apply(self.fields.get(f"case.{name}"), f"Edit {label.lower()}", CASE,
                    lambda case: setattr(case, name, value), f"case.{name}")

    def _case_text(self, name: str, label: str) -> QLineEdit:
        line = QLineEdit()
        line.textEdited.connect(lambda text: self._case_edit(name, label, text.strip() or None))
        self._refreshers.append((line, lambda case: set_text(line, getattr(case, name) or "")))
        return line

    def _case_date(self, name: str, label: str) -> QLineEdit:
        line = QLineEdit(placeholderText="MM/DD/YYYY")

        def edited(text: str) -> None:
            day = parse_day(text)
            if day is not None or not text.strip():
                self._case_edit(name, label, day)

        def refresh(case: Case) -> None:
            day: dt.date | None = getattr(case, name)
            set_text(line, day.strftime("%m/%d/%Y") if day else "")
        line.textEdited.connect(edited)
        line.editingFinished.connect(lambda: refresh(self.editor.case) if self.editor.case else None)
        self._refreshers.append((line, refresh))
        return line

    def _case_choice(self, name: str, options, label: str) -> QComboBox:
        combo = QComboBox()
        for value, text in options:
            combo.addItem(text, value.value)
        kind = type(options[0][0])  # combo data comes back as plain strings, not enums
        combo.activated.connect(
            lambda index: self._case_edit(name, label, kind(combo.itemData(index))))

        def refresh(case: Case) -> None:
            index = combo.findData(getattr(case, name).value)
            if index >= 0:
                set_quietly(combo, combo.currentIndex, combo.setCurrentIndex, index)
        self._refreshers.append((combo, refresh))
        return combo

    # -- the narrative ----------------------------------------------------------------
    def _narrative_edited(self) -> None:
        paragraphs = [p.strip() for p in self.narrative.toPlainText().split("\n\n")]
        paragraphs = [" ".join(p.split("\n")) for p in paragraphs if p]
        self.editor.edit("Edit summary", lambda case: setattr(case, "summary", paragraphs),
                         merge="summary")
        self._count_words()

    def _count_words(self) -> None:
        count = len(self.narrative.toPlainText().split())
        self.words.setText(f"{count} words" if count else "")

    def draft(self) -> None:
        case = self.editor.case
        if case is None:
            return
        paragraphs = draft_for_case(case)
        if not paragraphs:
            self.context.status.emit("The form is empty: fill in the claimant, the injury or the "
                                     "request first, then draft the summary.")
            return
        if summary_edited(case):
            answer = QMessageBox.question(
                self, "Replace the Summary?",
                "The summary has edits of your own. Replace it with a new draft from the form?\n\n"
                "Undo (Ctrl+Z) brings your version back.",
                QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel)
            if answer != QMessageBox.Yes:
                return
        self.editor.edit("Draft summary", lambda c: apply_draft(c, paragraphs))

    # -- refreshing -----------------------------------------------------------------------
    def _form(self) -> SummaryForm:
        case = self.editor.case
        return SummaryForm.from_dict(case.summary_form) if case else SummaryForm()

    def _changed(self, changes: Changes) -> None:
        case = self.editor.case
        self.setEnabled(case is not None and not self.context.database.read_only)
        if case is None:
            return
        if changes.touches(CASE, FORM):
            for widget, refresh in self._refreshers:
                if widget is not self._source:
                    refresh(case)
        if changes.touches(SUMMARY):
            text = "\n\n".join(case.summary)
            mine = [" ".join(p.split("\n")) for p in
                    (p.strip() for p in self.narrative.toPlainText().split("\n\n")) if p]
            if mine != case.summary:
                set_text(self.narrative, text)
            self._count_words()
