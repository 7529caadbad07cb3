"""A small editable table for the form's repeated records: treatments to date, studies."""

from __future__ import annotations

import copy

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)


class RecordRows(QWidget):
    """Rows of text cells, one per record; ``edited`` carries the whole list after any change.

    Records keep what the table does not show (their ``extra`` keys) because
    an edit updates copies of the records it was given.
    """

    edited = Signal(list)

    def __init__(self, columns, add_label: str, factory, parent: QWidget | None = None):
        super().__init__(parent)
        self.columns = columns
        self.factory = factory
        self.records: list = []
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels([c.label for c in columns])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.AllEditTriggers)
        self.table.setTabKeyNavigation(True)
        header = self.table.horizontalHeader()
        for index in range(len(columns)):
            header.setSectionResizeMode(index, QHeaderView.Stretch)
        self.table.itemChanged.connect(self._cell_changed)
        add = QPushButton(add_label)
        add.clicked.connect(self.add_row)
        self.remove = QPushButton("Remove")
        self.remove.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._fit()

    def show_records(self, records: list) -> None:
        if self._values(records) == self._values(self.records) and len(records) == self.table.rowCount():
            self.records = copy.deepcopy(records)
            return
        self.records = copy.deepcopy(records)
        self.table.blockSignals(True)
        self.table.setRowCount(len(records))
        for row, record in enumerate(records):
            for column, spec in enumerate(self.columns):
                self.table.setItem(row, column, QTableWidgetItem(getattr(record, spec.key) or ""))
        self.table.blockSignals(False)
        self._fit()

    def _values(self, records: list) -> list[tuple]:
        return [tuple(getattr(r, c.key) for c in self.columns) for r in records]

    def _fit(self) -> None:
        rows = max(self.table.rowCount(), 1)
        height = (self.table.horizontalHeader().sizeHint().height()
                  + rows * self.table.verticalHeader().defaultSectionSize() + 4)
        self.table.setFixedHeight(min(height, 260))
        self.remove.setEnabled(self.table.rowCount() > 0)

    def _cell_changed(self, cell: QTableWidgetItem) -> None:
        row, column = cell.row(), cell.column()
        if row >= len(self.records):
            return
        setattr(self.records[row], self.columns[column].key, cell.text())
        self.edited.emit(copy.deepcopy(self.records))

    def add_row(self) -> None:
        self.records.append(self.factory())
        self.show_records(list(self.records))
        self.edited.emit(copy.deepcopy(self.records))
        row = len(self.records) - 1
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.records):
            row = len(self.records) - 1
        if row < 0:
            return
        del self.records[row]
        self.show_records(list(self.records))
        self.edited.emit(copy.deepcopy(self.records))
