"""The library's result list: each entry as its name, the sentence the letter prints, its source.

Entries drag out as their key (onto a citation list of the items view).
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView, QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate,
    QStyleOptionViewItem, QWidget,
)

from workbench.library.display import entry_title, source_line
from workbench.library.search import EntryHit
from workbench.ui.library_drag import ENTRY_MIME, entry_mime_data

HIT_ROLE = Qt.UserRole + 1
KEY_ROLE = Qt.UserRole + 2
_MTUS_COLOR = QColor("#1f6f3f")
_OTHER_COLOR = QColor("#8a5a00")


class _HitDelegate(QStyledItemDelegate):
    """Three lines: the entry in bold, the citation sentence, the source in colour."""

    PAD = 5

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 3 + self.PAD * 2 + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        hit: EntryHit | None = index.data(HIT_ROLE)
        if hit is None:
            super().paint(painter, option, index)
            return
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PE_PanelItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.State_Selected)
        palette: QPalette = option.palette
        text_color = palette.color(QPalette.HighlightedText if selected else QPalette.Text)
        rect = option.rect.adjusted(self.PAD + 2, self.PAD, -self.PAD, -self.PAD)
        metrics = QFontMetrics(option.font)
        height = metrics.height()
        bold = QFont(option.font)
        bold.setBold(True)
        source_color = _MTUS_COLOR if hit.source.mtus else _OTHER_COLOR
        lines = [
            (bold, text_color, entry_title(hit.entry)),
            (option.font, text_color, hit.citation),
            (option.font, text_color if selected else source_color,
             source_line(hit.entry, hit.source)),
        ]
        for number, (font, color, text) in enumerate(lines):
            painter.setFont(font)
            painter.setPen(color)
            line = QRect(rect.left(), rect.top() + number * height, rect.width(), height)
            painter.drawText(line, Qt.AlignLeft | Qt.AlignVCenter,
                             QFontMetrics(font).elidedText(text, Qt.ElideRight, line.width()))
        painter.setPen(palette.color(QPalette.Midlight))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()


class ResultList(QListWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setItemDelegate(_HitDelegate(self))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragOnly)
        self.setAccessibleName("Library entries")

    def show_hits(self, hits: list[EntryHit]) -> None:
        self.clear()
        for hit in hits:
            row = QListWidgetItem(entry_title(hit.entry))
            row.setData(HIT_ROLE, hit)
            row.setData(KEY_ROLE, hit.entry.key)
            row.setToolTip(f"{hit.citation}\n\n{source_line(hit.entry, hit.source)}\n\n"
                           "Double-click or Enter: cite for the reviewer. Drag onto a citation "
                           "list to cite there.")
            self.addItem(row)

    def hit(self, row: int | None = None) -> EntryHit | None:
        item = self.item(self.currentRow() if row is None else row)
        return item.data(HIT_ROLE) if item is not None else None

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [ENTRY_MIME, "text/plain"]

    def startDrag(self, _actions: Qt.DropAction) -> None:  # noqa: N802
        super().startDrag(Qt.CopyAction)  # a move would take the entry out of the results

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:  # noqa: N802
        key = items[0].data(KEY_ROLE) if items else ""
        return entry_mime_data(key or "")
