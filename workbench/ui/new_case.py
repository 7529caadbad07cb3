"""The New Case dialog: what a case needs before the first record is added."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget,
)

from workbench.case import Case, ReviewType
from workbench.deadlines import due_date
from workbench.profile import Profile

REVIEW_TYPES = [(ReviewType.STANDARD, "Standard"), (ReviewType.EXPEDITED, "Expedited"),
                (ReviewType.FORMULARY, "Formulary")]


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class NewCaseDialog(QDialog):
    def __init__(self, profile: Profile, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New Case")
        self.profile = profile
        self.case_number = QLineEdit(placeholderText="for example CM26-0001234")
        self.claim_number = QLineEdit()
        self.review_type = QComboBox()
        for value, label in REVIEW_TYPES:
            self.review_type.addItem(label, value)
        today = dt.date.today()
        self.received = QDateEdit(to_qdate(today), calendarPopup=True)
        self.received.setDisplayFormat("MM/dd/yyyy")
        self.due = QDateEdit(calendarPopup=True)
        self.due.setDisplayFormat("MM/dd/yyyy")
        self._update_due()
        self.review_type.currentIndexChanged.connect(self._update_due)
        self.received.dateChanged.connect(self._update_due)

        form = QFormLayout(self)
        form.addRow("IMR case number:", self.case_number)
        form.addRow("Claim number:", self.claim_number)
        form.addRow("Review type:", self.review_type)
        form.addRow("Received by the IRO:", self.received)
        form.addRow("Determination due:", self.due)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Create Case")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def _update_due(self, *_args) -> None:
        received = from_qdate(self.received.date())
        self.due.setDate(to_qdate(due_date(self.review_type.currentData(), received)))

    def case(self) -> Case:
        return self.profile.new_case(
            case_number=self.case_number.text().strip() or None,
            claim_number=self.claim_number.text().strip() or None,
            review_type=self.review_type.currentData(),
            received_on=from_qdate(self.received.date()),
            due_on=from_qdate(self.due.date()),
        )
