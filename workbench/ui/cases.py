"""The case list: find a case by number, see what is due, open, duplicate, delete, restore.

Rows come from the database a page at a time (``canFetchMore``/``fetchMore``),
sorted and filtered there, so ten thousand cases open as fast as ten.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from workbench.changes import CASE_LIST, Changes
from workbench.store import CaseListing, CaseOrder, CaseStore
from workbench.ui.operations import Operations

PAGE = 200
COLUMNS = [
    ("Case number", CaseOrder.CASE_NUMBER),
    ("Status", CaseOrder.STATUS),
    ("Review type", CaseOrder.REVIEW_TYPE),
    ("Due", CaseOrder.DUE),
    ("Days left", CaseOrder.DUE),
    ("Items", CaseOrder.ITEMS),
    ("Last edited", CaseOrder.UPDATED),
]
OVERDUE = QColor("#b3261e")
DUE_SOON = QColor("#8a5a00")


def days_left_text(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return f"overdue {-days} d"
    return "due today" if days == 0 else f"{days} d"


class CaseListModel(QAbstractTableModel):
    def __init__(self, store: CaseStore, parent=None):
        super().__init__(parent)
        self.store = store
        self.rows: list[CaseListing] = []
        self.trashed = False
        self.search = ""
        self.order = CaseOrder.UPDATED
        self.descending = True
        self.today = dt.date.today()
        self._total = 0

    # -- what to show ---------------------------------------------------------
    def reload(self) -> None:
        self.beginResetModel()
        self.today = dt.date.today()
        self._total = self.store.count(trashed=self.trashed, search=self.search)
        self.rows = self.store.list(trashed=self.trashed, search=self.search, order=self.order,
                                    descending=self.descending, limit=PAGE)
        self.endResetModel()

    def set_filter(self, *, trashed: bool | None = None, search: str | None = None) -> None:
        if trashed is not None:
            self.trashed = trashed
        if search is not None:
            self.search = search
        self.reload()

    def listing(self, row: int) -> CaseListing | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, case_id: int) -> int:
        return next((i for i, c in enumerate(self.rows) if c.id == case_id), -1)

    @property
    def total(self) -> int:
        return self._total

    # -- Qt model -----------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and len(self.rows) < self._total

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        more = self.store.list(trashed=self.trashed, search=self.search, order=self.order,
                               descending=self.descending, offset=len(self.rows), limit=PAGE)
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()
        else:
            self._total = len(self.rows)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return COLUMNS[section][0]
        return None

    def data(self, index, role=Qt.DisplayRole):
        case = self.listing(index.row())
        if case is None:
            return None
        column = index.column()
        days = case.days_left(self.today)
        if role == Qt.DisplayRole:
            return [
                case.case_number or "(no case number)",
                case.status,
                case.review_type,
                case.due_on or "",
                days_left_text(days) if case.status != "final" else "",
                str(case.items),
                case.deleted_at if self.trashed else case.updated_at,
            ][column]
        if role == Qt.ForegroundRole and column == 4 and days is not None and case.status != "final":
            if days < 0:
                return QBrush(OVERDUE)
            if days <= 2:
                return QBrush(DUE_SOON)
        if role == Qt.FontRole and column == 4 and days is not None and days < 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.TextAlignmentRole and column in (4, 5):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.UserRole:
            return case.id
        return None

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        self.order = COLUMNS[column][1]
        self.descending = order == Qt.DescendingOrder
        self.reload()


class CaseListPage(QWidget):
    """The first screen: every case, with the actions a case list has."""

    open_case = Signal(int)
    new_case = Signal()

    def __init__(self, store: CaseStore, ops: Operations, parent=None):
        super().__init__(parent)
        self.store = store
        self.ops = ops
        self.model = CaseListModel(store, self)

        self.search = QLineEdit(placeholderText="Find a case by case or claim number")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._search_timer.timeout.connect(lambda: self.model.set_filter(search=self.search.text()))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        self.trash_button = QPushButton("Show trash")
        self.trash_button.setCheckable(True)
        self.trash_button.toggled.connect(self._show_trash)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(6, Qt.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((190, 90, 110, 100, 100, 60)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text); font-size: 13pt; padding: 40px;")

        self.count = QLabel()
        self.restore_button = QPushButton("Restore")
        self.restore_button.clicked.connect(self.restore_selected)
        self.empty_trash_button = QPushButton("Empty trash…")

        self.new_button = QPushButton("New Case…")
        self.new_button.setToolTip("Start a case (Ctrl+N)")
        self.new_button.clicked.connect(self.new_case.emit)
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.search, 1)
        top.addWidget(self.trash_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.restore_button)
        bottom.addWidget(self.empty_trash_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(bottom)
        self.model.modelReset.connect(self._refresh_labels)
        self.model.rowsInserted.connect(self._refresh_labels)
        self.refresh()

    def refresh(self) -> None:
        self.model.reload()

    def _show_trash(self, on: bool) -> None:
        self.trash_button.setText("Back to cases" if on else "Show trash")
        self.model.set_filter(trashed=on)

    def _refresh_labels(self, *_args) -> None:
        trashed, total = self.model.trashed, self.model.total
        self.restore_button.setVisible(trashed)
        self.empty_trash_button.setVisible(trashed)
        self.empty_trash_button.setEnabled(total > 0)
        noun = "case" if total == 1 else "cases"
        self.count.setText(f"{total} {noun} in the trash" if trashed else f"{total} {noun}")
        has_rows = total > 0
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        if trashed:
            self.empty.setText("The trash is empty.")
        elif self.model.search:
            self.empty.setText(f"No case matches “{self.model.search}”.")
        else:
            self.empty.setText("No cases yet.\n\nChoose File ▸ New Case (Ctrl+N) to start one,"
                               " or Help ▸ Open Demo Case to see a finished example.")

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.data(rows[0], Qt.UserRole)

    def select(self, case_id: int) -> None:
        row = self.model.row_of(case_id)
        if row >= 0:
            self.table.selectRow(row)

    def _open_index(self, index) -> None:
        if self.model.trashed:
            return
        case_id = self.model.data(index, Qt.UserRole)
        if case_id is not None:
            self.open_case.emit(case_id)

    def restore_selected(self) -> None:
        case_id = self.selected_id()
        if case_id is not None:
            self.ops.run(lambda: self.store.restore(case_id),
                         Changes.of(CASE_LIST, case_id=case_id))
            self.refresh()
