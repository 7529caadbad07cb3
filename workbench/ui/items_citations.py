"""One role's guideline citations on the selected item, with the line the letter will print.

The panel only shows and asks: removing, moving and dropped entries go out as
signals, and the items view turns them into undoable edits of the case.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence, QPainter, QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QToolButton,
    QVBoxLayout, QWidget,
)

from workbench.case import Role
from workbench.ui.library_drag import entry_key_from

ROLE_TITLES = {
    Role.CLAIMS_ADMINISTRATOR: "Claims administrator's citations",
    Role.REVIEWER: "Reviewer's citations",
}
EMPTY_HINTS = {
    Role.CLAIMS_ADMINISTRATOR: "The guidelines the UR decision used: select an entry in the "
                               "library and press “Cite as claims administrator”, or drag it "
                               "here.",
    Role.REVIEWER: "Your guidelines, MTUS first: double-click an entry in the library, press "
                   "Ctrl+R, or drag it here.",
}


class CitationList(QListWidget):
    """A short list that takes library entries dropped on it and says so while empty."""

    entry_dropped = Signal(str)

    def __init__(self, hint: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.hint = hint
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DropOnly)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.ElideRight)
        self.fit()

    def fit(self) -> None:
        """As tall as its citations plus room for one more (a drop target), within limits;
        a scroll bar only past the limit (it would narrow the rows and wrap them again)."""
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.doItemsLayout()
        line = self.fontMetrics().height() + 6
        rows = sum(max(self.visualItemRect(self.item(row)).height(), line)
                   for row in range(self.count()))
        height = max(rows + line, 3 * line) + 2 * self.frameWidth()
        if height > 7 * line:
            height = 7 * line
            self.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            QTimer.singleShot(0, self.fit)  # rows wrap differently once laid out at this width

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if entry_key_from(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if entry_key_from(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        key = entry_key_from(event.mimeData())
        if key is None:
            event.ignore()
            return
        event.setDropAction(Qt.CopyAction)
        event.accept()
        self.entry_dropped.emit(key)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.count() == 0 and self.hint:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            rect = self.viewport().rect().adjusted(8, 6, -8, -6)
            painter.drawText(rect, Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, self.hint)


class CitationPanel(QWidget):
    """Title, the citations as a list with remove/up/down, and the printed line beneath."""

    remove_requested = Signal(int)
    move_requested = Signal(int, int)  # from, to
    entry_dropped = Signal(str)

    def __init__(self, role: Role, parent: QWidget | None = None):
        super().__init__(parent)
        self.role = role
        self.title = QLabel(f"<b>{ROLE_TITLES[role]}</b>")
        self.list = CitationList(EMPTY_HINTS[role])
        self.list.setAccessibleName(ROLE_TITLES[role])
        self.list.entry_dropped.connect(self.entry_dropped)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())

        self.up_button = self._button("↑", "Move the citation up (Alt+Shift+Up)")
        self.down_button = self._button("↓", "Move the citation down (Alt+Shift+Down)")
        self.remove_button = self._button("✕", "Remove the citation (Delete)")
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(+1))
        self.remove_button.clicked.connect(self._remove)
        for keys, slot in (("Delete", self._remove), ("Backspace", self._remove),
                           ("Alt+Shift+Up", lambda: self._move(-1)),
                           ("Alt+Shift+Down", lambda: self._move(+1))):
            action = QAction(self.list)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.WidgetShortcut)
            action.triggered.connect(lambda _checked=False, s=slot: s())
            self.list.addAction(action)

        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.RichText)
        self.preview.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.preview.setObjectName("letterLine")
        self.preview.setToolTip("The line exactly as the letter will print it")
        self.preview.setStyleSheet(
            "#letterLine { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 3px; padding: 5px 7px; font-family: 'Liberation Serif', serif; }")

        buttons = QVBoxLayout()
        buttons.setSpacing(2)
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addWidget(self.preview)
        self._update_buttons()

    @staticmethod
    def _button(text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFixedWidth(max(26, button.minimumSizeHint().width()))
        return button

    # -- showing --------------------------------------------------------------
    def show_citations(self, labels: list[tuple[str, str]], line: str, label: str) -> None:
        """``labels``: (short name, the sentence it prints) per citation, in order."""
        current = self.list.currentRow()
        texts = [name for name, _sentence in labels]
        if [self.list.item(i).text() for i in range(self.list.count())] != texts:
            self.list.blockSignals(True)
            self.list.clear()
            for name, sentence in labels:
                item = QListWidgetItem(name)
                item.setToolTip(sentence)
                self.list.addItem(item)
            if self.list.count():
                self.list.setCurrentRow(max(0, min(current, self.list.count() - 1)))
            self.list.blockSignals(False)
            self.list.fit()
        body = escape(line[len(label):]) if line.startswith(label) else escape(line)
        self.preview.setText(f"<b>{escape(label)}</b>{body}")
        self._update_buttons()

    def select(self, row: int) -> None:
        if 0 <= row < self.list.count():
            self.list.setCurrentRow(row)

    def _update_buttons(self) -> None:
        row, count = self.list.currentRow(), self.list.count()
        self.remove_button.setEnabled(0 <= row < count)
        self.up_button.setEnabled(0 < row < count)
        self.down_button.setEnabled(0 <= row < count - 1)

    # -- asking -----------------------------------------------------------------
    def _remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < self.list.count():
            self.remove_requested.emit(row)

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        if 0 <= row < self.list.count() and 0 <= row + step < self.list.count():
            self.move_requested.emit(row, row + step)
