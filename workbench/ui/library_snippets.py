"""The library's rationale snippets: add, edit and remove the reviewer's reusable paragraphs.

Changes are stored as soon as "Save" is pressed (the library is shared by
every case, so there is no case undo for it); ``changed`` tells the pane.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QMessageBox, QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from workbench.changes import LIBRARY, Changes
from workbench.errors import WorkbenchError
from workbench.library.items import snippets_for
from workbench.library.model import Snippet
from workbench.library.store import LibraryStore
from workbench.ui.operations import Operations


class SnippetsDialog(QDialog):
    """Rationale snippets, listed and edited; each save or delete is one library operation."""

    def __init__(self, store: LibraryStore, ops: Operations, entry_key: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Rationale Snippets")
        self.resize(820, 520)
        self.store = store
        self.ops = ops
        self.entry_key = entry_key  # the entry selected in the library: new snippets argue from it
        self.current: Snippet | None = None
        self.snippets: list[Snippet] = []

        self.filter = QLineEdit(placeholderText="Filter snippets")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._fill)
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show)
        self.new_button = QPushButton("&New snippet")
        self.new_button.clicked.connect(self.new_snippet)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.new_button)

        self.title = QLineEdit(placeholderText="A name to find it by, e.g. “PT: no gains”")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("The paragraph as it should read in a rationale.")
        self.entries = QLineEdit(placeholderText="library entry keys, comma-separated (optional)")
        self.entries.setToolTip("Entries this snippet argues from: it is offered first on items "
                                "that cite them")
        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton("&Delete")
        self.delete_button.clicked.connect(self.delete)
        self.state = QLabel()
        self.state.setStyleSheet("color: gray")
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("Te&xt:", self.text)
        form.addRow("&Entries:", self.entries)
        row = QHBoxLayout()
        row.addWidget(self.state, 1)
        row.addWidget(self.delete_button)
        row.addWidget(self.save_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(form, 1)
        right_layout.addLayout(row)

        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([260, 560])
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)
        self.reload()
        if not self.snippets:
            self.new_snippet()

    def reload(self, select: str | None = None) -> None:
        try:
            self.snippets = self.store.snippets()
        except WorkbenchError as error:
            self.state.setText(str(error))
            self.snippets = []
        self._fill(select=select)

    def _fill(self, _text: str = "", select: str | None = None) -> None:
        shown = snippets_for(self.snippets, {self.entry_key} if self.entry_key else set(),
                             self.filter.text())
        self.list.blockSignals(True)
        self.list.clear()
        for snippet in shown:
            item = QListWidgetItem(snippet.title)
            item.setData(Qt.UserRole, snippet.key)
            self.list.addItem(item)
        self.list.blockSignals(False)
        keys = [snippet.key for snippet in shown]
        if select in keys:
            self.list.setCurrentRow(keys.index(select))
        elif self.current is None and keys:
            self.list.setCurrentRow(0)

    def _show(self, row: int) -> None:
        item = self.list.item(row)
        key = item.data(Qt.UserRole) if item else None
        snippet = next((s for s in self.snippets if s.key == key), None)
        if snippet is None:
            return
        self.current = snippet
        self.title.setText(snippet.title)
        self.text.setPlainText(snippet.text)
        self.entries.setText(", ".join(snippet.entries))
        self.delete_button.setEnabled(True)
        self.state.setText("")

    def new_snippet(self) -> None:
        self.current = None
        self.list.clearSelection()
        self.title.clear()
        self.text.clear()
        self.entries.setText(self.entry_key or "")
        self.delete_button.setEnabled(False)
        self.state.setText("A new snippet: give it a title and text, then Save.")
        self.title.setFocus()

    def save(self) -> bool:
        title, text = self.title.text().strip(), self.text.toPlainText().strip()
        if not title or not text:
            self.state.setText("A snippet needs a title and a text.")
            return False
        keys = [key.strip() for key in self.entries.text().split(",") if key.strip()]
        snippet = Snippet(key=self.current.key if self.current else "", title=title, text=text,
                          entries=keys)
        try:
            write = self.store.add_snippet if self.current is None else self.store.update_snippet
            self.ops.run(lambda: write(snippet), Changes.of(LIBRARY, origin=self))
        except WorkbenchError as error:
            self.state.setText(str(error))
            return False
        self.current = snippet
        self.reload(select=snippet.key)
        self.state.setText("Saved.")
        return True

    def delete(self, *, confirm: bool = True) -> None:
        if self.current is None:
            return
        if confirm and QMessageBox.question(
                self, "Delete Snippet", f"Delete the snippet “{self.current.title}”?\n\n"
                "Rationales that already use its text keep it.") != QMessageBox.Yes:
            return
        try:
            key = self.current.key
            self.ops.run(lambda: self.store.delete_snippet(key), Changes.of(LIBRARY, origin=self))
        except WorkbenchError as error:
            self.state.setText(str(error))
            return
        self.current = None
        self.reload()
        if not self.snippets:
            self.new_snippet()
