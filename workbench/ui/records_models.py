"""The three lists of the Records view as table models: documents, search hits, chronology.

A case file can hold hundreds of documents and a chronology of hundreds of
entries; models hand the view only the rows it paints. Each row's document id
and page are under ``PAGE_ROLE`` so the view opens a page without knowing
which list it came from.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QComboBox, QHeaderView, QStyle, QStyledItemDelegate,
    QTableView,
)

from workbench.records.chronology import ChronologyEntry
from workbench.records.coverage import CaseCoverage, DocumentCoverage, percent
from workbench.records.documents import RecordDocument, format_date
from workbench.records.kinds import DocumentKind
from workbench.records.pages import marked_html
from workbench.records.search import PageHit

PAGE_ROLE = Qt.UserRole + 1  # (document id, page number) or None
HIGHLIGHT = "#ffe08a"  # matched words, in snippets and in the page text


def _date(day: dt.date | None) -> str:
    return format_date(day) if day else ""


def make_table(model: QAbstractTableModel, *, stretch: int) -> QTableView:
    """A read-only list of rows, one selected at a time, column ``stretch`` taking the room."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.Stretch)
    return table


def fit_column(table: QTableView, column: int, texts, *, most: int = 240) -> None:
    """Size a column to its widest text: Qt's own resize-to-contents asks every row for its
    data, a third of a second for a thousand rows; measuring the strings here is instant."""
    metrics = table.fontMetrics()
    header = table.horizontalHeader()
    title = table.model().headerData(column, Qt.Horizontal) or ""
    wanted = max([metrics.horizontalAdvance(text) for text in set(texts)] + [0]) + 14
    width = max(wanted, header.fontMetrics().horizontalAdvance(title) + 20)
    table.setColumnWidth(column, min(most, width))


class _Rows(QAbstractTableModel):
    columns: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.columns[section]
        return None

    def row(self, index: int):
        return self.rows[index] if 0 <= index < len(self.rows) else None


class DocumentsModel(_Rows):
    """Documents by date of service; the kind is edited in place (``kind_edited``).

    The Read column (pages opened of pages) comes from ``set_coverage``, which
    repaints that column alone: turning a page does not reset the list.
    """

    columns = ("Kind", "Date", "Provider", "Pages", "File", "Read")
    KIND, DATE, PROVIDER, PAGES, FILE, READ = range(6)
    kind_edited = Signal(int, object)  # document id, DocumentKind

    def __init__(self, parent=None):
        super().__init__(parent)
        self.reading: dict[int, DocumentCoverage] = {}

    def set_coverage(self, found: CaseCoverage) -> None:
        self.reading = {document.id: document for document in found.documents}
        if self.rows:
            self.dataChanged.emit(self.index(0, self.READ),
                                  self.index(len(self.rows) - 1, self.READ))

    def read_text(self, document_id: int) -> str:
        found = self.reading.get(document_id)
        return f"{found.read}/{found.pages}" if found else ""

    def complete(self, document_id: int) -> bool:
        """Every page of the document has been opened."""
        found = self.reading.get(document_id)
        return found is not None and found.complete

    def row_of(self, document_id: int) -> int:
        return next((i for i, d in enumerate(self.rows) if d.id == document_id), -1)

    def row_holding(self, file_id: int, page: int) -> int:
        """The row of the document a page of a file belongs to, or -1."""
        return next((i for i, d in enumerate(self.rows) if d.holds(file_id, page)), -1)

    def data(self, index, role=Qt.DisplayRole):
        document: RecordDocument | None = self.row(index.row())
        if document is None:
            return None
        column = index.column()
        if role == Qt.DisplayRole:
            return (document.kind.label, document.dates, document.provider or "",
                    str(document.page_count), document.file_name,
                    self.read_text(document.id))[column]
        if role == Qt.EditRole and column == self.KIND:
            return document.kind.value
        if role == Qt.ToolTipRole and column == self.READ:
            return _read_tip(self.reading.get(document.id))
        if role == Qt.ToolTipRole:
            return _document_tip(document)
        if role == Qt.ForegroundRole and column == self.READ and self.complete(document.id):
            return QApplication.palette().color(QPalette.PlaceholderText)
        if role == Qt.FontRole and column == self.KIND and document.kind != document.found_kind:
            font = QApplication.font()
            font.setItalic(True)
            return font
        if role == Qt.TextAlignmentRole and column in (self.PAGES, self.READ):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == PAGE_ROLE:
            return (document.file_id, document.first_page)
        return None

    def flags(self, index):
        flags = super().flags(index)
        return flags | Qt.ItemIsEditable if index.column() == self.KIND else flags

    def setData(self, index, value, role=Qt.EditRole) -> bool:  # noqa: N802
        document = self.row(index.row())
        if document is None or index.column() != self.KIND or role != Qt.EditRole:
            return False
        kind = DocumentKind(value)
        if kind != document.kind:
            # after the editor has closed: the correction reloads this model
            QTimer.singleShot(0, lambda: self.kind_edited.emit(document.id, kind))
        return True


def _document_tip(document: RecordDocument) -> str:
    lines = [document.file_name, f"{document.page_count} pages"]
    if document.ocr_pages:
        sure = f" (mean confidence {document.ocr_confidence:.0f}%)" \
            if document.ocr_confidence else ""
        lines.append(f"{document.ocr_pages} pages read by OCR{sure}")
    if document.kind != document.found_kind:
        lines.append(f"Kind set by you; the records read as {document.found_kind.label}")
    lines.append("Double-click the kind to change it")
    return "\n".join(lines)


def _read_tip(found: DocumentCoverage | None) -> str:
    if found is None or not found.pages:
        return ""
    if found.complete:
        return f"Every page opened ({found.pages})"
    return (f"{found.read} of {found.pages} pages opened ({percent(found.share)}); "
            "a page counts once the viewer shows it")


class HitsModel(_Rows):
    """Search hits, best first: the page, its date, the document and the snippet."""

    columns = ("Page", "Date", "Document", "Found")
    PAGE, DATE, DOCUMENT, SNIPPET = range(4)

    def set_hits(self, hits: list[PageHit], dates: dict[tuple[int, int], dt.date | None]) -> None:
        self.set_rows([(hit, dates.get((hit.file_id, hit.page))) for hit in hits])

    def data(self, index, role=Qt.DisplayRole):
        found = self.row(index.row())
        if found is None:
            return None
        hit, day = found
        column = index.column()
        if role == Qt.DisplayRole:
            return (f"p. {hit.page}", _date(day), f"{hit.kind.label}, {hit.document}",
                    hit.highlighted("", ""))[column]
        if role == HtmlDelegate.HTML_ROLE and column == self.SNIPPET:
            return marked_html(hit.snippet, f'<b style="background:{HIGHLIGHT}">', "</b>")
        if role == Qt.ToolTipRole:
            return f"{hit.document}, page {hit.page}\n\n{hit.highlighted('', '')}"
        if role == Qt.TextAlignmentRole and column == self.PAGE:
            return int(Qt.AlignRight | Qt.AlignTop)
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignLeft | Qt.AlignTop)
        if role == PAGE_ROLE:
            return (hit.file_id, hit.page)
        return None


class ChronologyModel(_Rows):
    columns = ("Date", "Kind", "Provider", "Excerpt", "Document")
    DATE, KIND, PROVIDER, EXCERPT, DOCUMENT = range(5)

    def data(self, index, role=Qt.DisplayRole):
        entry: ChronologyEntry | None = self.row(index.row())
        if entry is None:
            return None
        column = index.column()
        where = f"{entry.document} p. {entry.page}" if entry.document else "(your entry)"
        if role == Qt.DisplayRole:
            return (_date(entry.date), entry.kind_label, entry.provider or "",
                    " ".join(entry.excerpt.split()), where)[column]
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignLeft | Qt.AlignTop)
        if role == Qt.ToolTipRole:
            return f"{where}\n\n{entry.excerpt}" + (
                "\n\nDouble-click to open the page" if entry.file_id else "")
        if role == PAGE_ROLE and entry.file_id is not None:
            return (entry.file_id, entry.page or 1)
        return None


class KindDelegate(QStyledItemDelegate):
    """A combo of document kinds; choosing one applies it at once."""

    def createEditor(self, parent, option, index):  # noqa: N802
        combo = QComboBox(parent)
        for kind in DocumentKind:
            combo.addItem(kind.label, kind.value)
        combo.activated.connect(lambda _i, c=combo: self._chosen(c))
        return combo

    def _chosen(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor: QComboBox, index) -> None:  # noqa: N802
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.EditRole))))

    def setModelData(self, editor: QComboBox, model, index) -> None:  # noqa: N802
        model.setData(index, editor.currentData(), Qt.EditRole)


class HtmlDelegate(QStyledItemDelegate):
    """Paints a cell's HTML (a snippet with its matched words marked), or its plain text,
    wrapped to the cell and cut after the last line that fits whole."""

    HTML_ROLE = Qt.UserRole + 2
    MARGIN = 3

    def _html(self, index) -> str | None:
        marked = index.data(self.HTML_ROLE)
        if marked is not None:
            return marked
        text = index.data(Qt.DisplayRole)
        return html.escape(str(text), quote=False) if text else None

    def paint(self, painter, option, index):
        marked = self._html(index)
        if marked is None:
            return super().paint(painter, option, index)
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        option.text = ""
        style.drawControl(QStyle.CE_ItemViewItem, option, painter, option.widget)
        document = self._document(marked, option.rect.width(), option.font)
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(),
                                   _whole_lines(document, option.rect.height())))
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = option.state & QStyle.State_Selected
        group = QPalette.Active if option.state & QStyle.State_Active else QPalette.Inactive
        context.palette.setColor(QPalette.Text, option.palette.color(
            group, QPalette.HighlightedText if selected else QPalette.Text))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index):  # noqa: N802
        marked = self._html(index)
        if marked is None:
            return super().sizeHint(option, index)
        document = self._document(marked, max(200, option.rect.width()), option.font)
        return QSize(int(document.idealWidth()) + 2 * self.MARGIN, int(document.size().height()))

    @staticmethod
    def lines_height(lines: int, font) -> int:
        """The height of a row showing ``lines`` lines."""
        sample = HtmlDelegate._document("<br>".join(["Ag"] * lines), 400, font)
        return int(sample.size().height()) + 1

    @staticmethod
    def _document(marked: str, width: int, font) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(font)
        document.setDocumentMargin(HtmlDelegate.MARGIN)
        document.setHtml(marked)
        document.setTextWidth(width)
        return document


def _whole_lines(document: QTextDocument, height: float) -> float:
    """How much of ``document`` to paint so that no line shows only its top half."""
    layout = document.documentLayout()
    shown = float(HtmlDelegate.MARGIN)
    block = document.firstBlock()
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        lines = block.layout()
        for number in range(lines.lineCount()):
            line = lines.lineAt(number)
            bottom = top + line.y() + line.height()
            if bottom > height:
                return shown
            shown = bottom
        block = block.next()
    return height
