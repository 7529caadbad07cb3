"""An open case: the records on one side, the summary, items and letter in the middle,
the guideline library on the other side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from workbench.ui.context import CaseContext
from workbench.ui.items_view import ItemsView
from workbench.ui.letter_view import LetterView
from workbench.ui.library_pane import LibraryPane
from workbench.ui.records_view import RecordsView
from workbench.ui.summary_view import SummaryView

SUMMARY_TAB, ITEMS_TAB, LETTER_TAB = range(3)


class CaseWorkspace(QWidget):
    def __init__(self, context: CaseContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.records = RecordsView(context)
        self.summary = SummaryView(context)
        self.items = ItemsView(context)
        self.letter = LetterView(context)
        self.library = LibraryPane(context)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.summary, "Summary")
        self.tabs.addTab(self.items, "Disputed items")
        self.tabs.addTab(self.letter, "Letter")

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setChildrenCollapsible(True)
        self.splitter.addWidget(self.records)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.library)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([560, 700, 420])
        for index in range(3):
            self.splitter.setCollapsible(index, index != 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    @property
    def views(self) -> list[QWidget]:
        return [self.records, self.summary, self.items, self.library, self.letter]

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def toggle_pane(self, pane: QWidget) -> None:
        """Show or hide the records or library side, remembering its width."""
        index = self.splitter.indexOf(pane)
        sizes = self.splitter.sizes()
        if sizes[index] > 0:
            pane.setProperty("width_before", sizes[index])
            sizes[index] = 0
        else:
            sizes[index] = int(pane.property("width_before") or 400)
            pane.show()
        self.splitter.setSizes(sizes)
