"""Choosing a rationale snippet to insert: searchable as you type, the item's own first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
    QSplitter, QVBoxLayout, QWidget,
)

from workbench.library.items import snippets_for
from workbench.library.model import Snippet


class _SearchBox(QLineEdit):
    """Up and Down move through the list while the cursor stays in the search box."""

    def __init__(self, target: QListWidget):
        super().__init__()
        self.target = target

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key_Up, Qt.Key_Down, Qt.Key_PageUp, Qt.Key_PageDown):
            row = self.target.currentRow()
            step = {Qt.Key_Up: -1, Qt.Key_Down: 1, Qt.Key_PageUp: -8, Qt.Key_PageDown: 8}
            wanted = max(0, min(self.target.count() - 1, row + step[event.key()]))
            self.target.setCurrentRow(wanted)
            return
        super().keyPressEvent(event)


class SnippetPicker(QDialog):
    def __init__(self, snippets: list[Snippet], cited: set[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Insert Snippet")
        self.resize(720, 460)
        self.snippets = snippets
        self.cited = cited
        self.list = QListWidget()
        self.search = _SearchBox(self.list)
        self.search.setPlaceholderText("Filter snippets: a treatment, a guideline, a phrase…")
        self.search.setClearButtonEnabled(True)
        self.preview = QPlainTextEdit(readOnly=True)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText("Insert")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.search.textChanged.connect(self._fill)
        self.search.returnPressed.connect(self._insert_current)
        self.list.currentRowChanged.connect(self._show)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())

        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(self.preview)
        splitter.setSizes([260, 440])
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self._shown: list[Snippet] = []
        self._fill()
        self.search.setFocus()

    def _fill(self) -> None:
        self._shown = snippets_for(self.snippets, self.cited, self.search.text())
        self.list.clear()
        for snippet in self._shown:
            item = QListWidgetItem(snippet.title)
            if set(snippet.entries) & self.cited:
                item.setToolTip("Argues from a guideline cited on this item")
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
        if not self.snippets:
            self.empty.setText("The library has no rationale snippets yet. Add them in the "
                               "library pane with “Snippets…”.")
        elif not self._shown:
            self.empty.setText("No snippet contains all of these words.")
        else:
            self.empty.setText("Bold: snippets that argue from a guideline cited on this item."
                               if any(set(s.entries) & self.cited for s in self._shown) else "")
        self.empty.setVisible(bool(self.empty.text()))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(bool(self._shown))
        if self._shown:
            self.list.setCurrentRow(0)
        else:
            self.preview.clear()

    def _show(self, row: int) -> None:
        self.preview.setPlainText(self._shown[row].text if 0 <= row < len(self._shown) else "")

    def _insert_current(self) -> None:
        if self.chosen() is not None:
            self.accept()

    def chosen(self) -> Snippet | None:
        row = self.list.currentRow()
        return self._shown[row] if 0 <= row < len(self._shown) else None
