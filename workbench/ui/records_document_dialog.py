"""Edit Document: the kind, date of service and author of one document of the case file.

What the reviewer types replaces what the rules read; an empty date or author
gives the records' own back (the rules' reading stays beside the reviewer's in
the records, see ``records.documents.correct_document``). Dates are typed as
letters print them (04/15/2015); other common forms are read too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from workbench.records.documents import RecordDocument, format_date
from workbench.records.facts import parse_date
from workbench.records.kinds import DocumentKind


@dataclass(frozen=True)
class DocumentFields:
    """What the dialog gives back: None for a date or author means the records' own."""

    kind: DocumentKind
    service_date: dt.date | None
    provider: str | None


class DocumentDialog(QDialog):
    """Kind, date and author of ``document``; ``fields()`` after it was accepted."""

    def __init__(self, document: RecordDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Edit Document")
        self.document = document
        self.kind = QComboBox()
        for kind in DocumentKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setCurrentIndex(self.kind.findData(document.kind.value))
        day = document.service_date or document.first_date
        self.date = QLineEdit(format_date(day) if day else "")
        self.date.setPlaceholderText("MM/DD/YYYY; empty: the date the records give")
        self.author = QLineEdit(document.provider or "")
        self.author.setPlaceholderText("Empty: the author the records name")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        self.problem.hide()

        where = QLabel(f"{document.file_name}, {document.pages}")
        where.setTextFormat(Qt.PlainText)
        where.setStyleSheet("color: palette(placeholder-text);")
        form = QFormLayout()
        form.addRow("Kind:", self.kind)
        form.addRow("Date of service:", self.date)
        form.addRow("Author:", self.author)
        if document.kind != document.found_kind:
            form.addRow("", QLabel(f"The records read as {document.found_kind.label}."))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        text = " ".join(self.date.text().split())
        if text and parse_date(text) is None:
            self.problem.setText(f"“{text[:40]}” is not a date: type it as MM/DD/YYYY, or "
                                 "leave it empty for the date the records give.")
            self.problem.show()
            self.date.setFocus()
            self.date.selectAll()
            return
        super().accept()

    def fields(self) -> DocumentFields:
        text = " ".join(self.date.text().split())
        return DocumentFields(DocumentKind(self.kind.currentData()),
                              parse_date(text) if text else None,
                              " ".join(self.author.text().split()) or None)
