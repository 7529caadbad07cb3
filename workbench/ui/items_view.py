"""The Items view of an open case."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workbench.ui.context import CaseContext


class ItemsView(QWidget):
    menu_title = "Items"

    def __init__(self, context: CaseContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        label = QLabel("Items")
        label.setAlignment(Qt.AlignCenter)
        QVBoxLayout(self).addWidget(label)

    def menu_actions(self) -> list[QAction]:
        """Actions the main window lists in this view's menu (with their shortcuts)."""
        return []
