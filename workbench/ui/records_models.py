"""The three lists of the Records view as table models: documents, search hits, chronology.

A case file can hold hundreds of documents and a chronology of hundreds of
entries; models hand the view only the rows it paints. Each row's document id
and page are under ``PAGE_ROLE`` so the view opens a page without knowing
which list it came from.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import (
    QAbstractTableModel, QEvent, QModelIndex, QObject, QRect, QRectF, QSize, Qt, QTimer, Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QFontMetrics, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QComboBox, QHeaderView, QLabel, QLineEdit, QStyle,
    QStyledItemDelegate, QStyleOptionViewItem, QTableView,
)

from workbench.records.chronology import ChronologyEntry
from workbench.records.coverage import CaseCoverage, DocumentCoverage, percent
from workbench.records.documents import RecordDocument, format_date
from workbench.records.facts import parse_date
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


def text_width(table: QTableView, column: int, texts, *, most: int = 240) -> int:
    """The width a column needs for its widest text and its title (at most ``most``):
    Qt's own resize-to-contents asks every row for its data, a third of a second for a
    thousand rows; measuring the strings here is instant."""
    metrics = table.fontMetrics()
    title = table.model().headerData(column, Qt.Horizontal) or ""
    wanted = max([metrics.horizontalAdvance(text) for text in set(texts)] + [0]) + 14
    return min(most, max(wanted, table.horizontalHeader().fontMetrics()
                         .horizontalAdvance(title) + 20))


class ColumnShares(QObject):
    """Column widths that fit the table's width: each column has a width it wants and the
    least it reads at; when the pane is narrower than they want, they give up room in
    proportion (never below their least), so the stretching column keeps ``least``
    pixels and nothing scrolls sideways until every column is at its least."""

    def __init__(self, table: QTableView, stretch: int, least: int):
        super().__init__(table)
        self.table, self.stretch, self.least = table, stretch, least
        self.widths: dict[int, tuple[int, int]] = {}
        table.installEventFilter(self)

    def want(self, column: int, wanted: int, least: int | None = None) -> None:
        self.widths[column] = (wanted, min(wanted, least if least is not None else wanted))

    def apply(self) -> None:
        shown = {column: sizes for column, sizes in self.widths.items()
                 if not self.table.isColumnHidden(column)}
        room = self.table.viewport().width() - self.least
        wanted = sum(w for w, _ in shown.values())
        give = sum(w - least for w, least in shown.values())
        over = max(0, wanted - room)
        for column, (width, least) in shown.items():
            if over and give:
                width -= round(over * (width - least) / give)
            self.table.setColumnWidth(column, max(least, width))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Resize:
            QTimer.singleShot(0, self.apply)  # once the viewport has its new width
        return False


class EmptyNote(QObject):
    """A line in the middle of a table while it has no rows, saying why and what to do
    (an empty grid says nothing)."""

    def __init__(self, table: QTableView, text: str):
        super().__init__(table)
        self.table = table
        self.label = QLabel(text, table.viewport())
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignCenter)
        self.label.setStyleSheet("color: palette(placeholder-text); padding: 12px;")
        model = table.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                       model.layoutChanged):
            signal.connect(self.update)
        table.viewport().installEventFilter(self)
        self.update()

    def update(self) -> None:
        self.label.setVisible(self.table.model().rowCount() == 0)
        self.label.setGeometry(self.table.viewport().rect())

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Resize:
            self.label.setGeometry(self.table.viewport().rect())
        return False


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


FINDING = "Finding documents\u2026"  # the kind of a file read whose documents are being found


class DocumentsModel(_Rows):
    """The documents of the case, as filed (file by file, page by page) unless the reviewer
    sorts by another column; kind, date and author are corrected in place (``edited``).

    As filed, the file's name is shown on the first document of each file only (the rows
    below it are its documents) and ``file_starts`` says where a file begins, for the line
    drawn between files. A duplicate reads "Copy of <kind>" in grey, its tooltip naming
    the original; a file just read, its documents not yet found, one grey row
    "Finding documents…". The Read column (pages opened of pages) comes from ``set_coverage``,
    which repaints that column alone: turning a page does not reset the list.
    """

    columns = ("Kind", "Date", "Author", "Pages", "File", "Read")
    KIND, DATE, AUTHOR, PAGES, FILE, READ = range(6)
    EDITABLE = (KIND, DATE, AUTHOR)
    # document id, what ("kind", "service_date" or "provider"), the value (None: the rules')
    edited = Signal(int, str, object)
    problem = Signal(str)  # a value typed in place that cannot be taken, in one line

    def __init__(self, parent=None):
        super().__init__(parent)
        self.reading: dict[int, DocumentCoverage] = {}
        self.by_id: dict[int, RecordDocument] = {}
        self.sort_column = self.PAGES  # as filed
        self.sort_order = Qt.AscendingOrder
        self._firsts: set[int] = set()  # rows that start a file, as filed

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.by_id = {document.id: document for document in rows}
        self.rows = self._sorted(rows)
        self._note_files()
        self.endResetModel()

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        """Sort by a column; Pages or File: as filed. The view's header calls this."""
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        self.rows = self._sorted(self.rows)
        self._note_files()
        self.layoutChanged.emit()

    @property
    def as_filed(self) -> bool:
        return self.sort_column in (self.PAGES, self.FILE)

    def _sorted(self, rows: list[RecordDocument]) -> list[RecordDocument]:
        filed = sorted(rows, key=lambda d: (d.file_id, d.first_page))
        column = self.sort_column
        if column == self.KIND:
            key = lambda d: d.kind.label.casefold()  # noqa: E731
        elif column == self.DATE:
            key = lambda d: _day_key(d.first_date or d.service_date)  # noqa: E731
        elif column == self.AUTHOR:
            key = lambda d: (d.provider is None, (d.provider or "").casefold())  # noqa: E731
        elif column == self.READ:
            key = lambda d: self._share(d.id)  # noqa: E731
        else:
            key = None
        ordered = sorted(filed, key=key) if key else filed
        if self.sort_order == Qt.DescendingOrder:
            ordered.reverse()
        return ordered

    def _note_files(self) -> None:
        self._firsts = {row for row, document in enumerate(self.rows)
                        if row == 0 or self.rows[row - 1].file_id != document.file_id}

    def file_starts(self, row: int) -> bool:
        """As filed, the row is its file's first document (a file begins here)."""
        return self.as_filed and row in self._firsts

    def file_band(self, row: int) -> str:
        """The file heading drawn above a file's first document, as filed ("" elsewhere):
        "packet.pdf · 812 pages · 64 documents"."""
        if not self.file_starts(row):
            return ""
        document = self.rows[row]
        mine = [d.id for d in self.rows if d.file_id == document.file_id]
        pages = f"{document.file_pages} page{'s' if document.file_pages != 1 else ''}"
        text = f"{document.file_name} · {pages} · {len(mine)} " \
            f"document{'s' if len(mine) != 1 else ''}" if document.found \
            else f"{document.file_name} · {pages} · finding its documents"
        found = [self.reading[i] for i in mine if i in self.reading]
        total = sum(d.pages for d in found)
        if total:
            text += f" · {percent(sum(d.read for d in found) / total)} read"
        return text

    def file_rows(self) -> list[int]:
        """The rows that start a file, as filed (none when sorted otherwise)."""
        return sorted(self._firsts) if self.as_filed else []

    def _share(self, document_id: int) -> float:
        found = self.reading.get(document_id)
        return found.share if found else 0.0

    def set_coverage(self, found: CaseCoverage) -> None:
        self.reading = {document.id: document for document in found.documents}
        if self.rows:
            self.dataChanged.emit(self.index(0, self.READ),
                                  self.index(len(self.rows) - 1, self.READ))
            for row in self.file_rows():  # the file's heading says its share read
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.READ))

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

    def original_of(self, document: RecordDocument) -> RecordDocument | None:
        """The document a duplicate repeats (None for one that is not a duplicate)."""
        if document.duplicate_of is None:
            return None
        return self.by_id.get(document.duplicate_of)

    def data(self, index, role=Qt.DisplayRole):
        document: RecordDocument | None = self.row(index.row())
        if document is None:
            return None
        column = index.column()
        copy = document.duplicate_of is not None
        if role == Qt.DisplayRole:
            if column == self.KIND:
                if not document.found:
                    return FINDING
                return f"Copy of {document.kind.label}" if copy else document.kind.label
            if column == self.FILE:
                shown = not self.as_filed or index.row() in self._firsts
                return document.file_name if shown else ""
            return ("", document.dates, document.provider or "", document.pages, "",
                    self.read_text(document.id))[column]
        if role == Qt.EditRole:
            if column == self.KIND:
                return document.kind.value
            if column == self.DATE:
                day = document.service_date or document.first_date
                return format_date(day) if day else ""
            if column == self.AUTHOR:
                return document.provider or ""
            return None
        if role == Qt.ToolTipRole and column == self.READ:
            return _read_tip(self.reading.get(document.id))
        if role == Qt.ToolTipRole:
            in_file = sum(1 for d in self.rows if d.file_id == document.file_id) \
                if column == self.FILE else None
            return _document_tip(document, self.original_of(document), in_file)
        if role == Qt.ForegroundRole and (copy or not document.found or column == self.READ
                                          and self.complete(document.id)):
            return QApplication.palette().color(QPalette.PlaceholderText)
        if role == Qt.FontRole and (copy and column == self.KIND or document.corrected and
                                    column in (self.DATE, self.AUTHOR) or column == self.KIND
                                    and document.kind != document.found_kind):
            font = QApplication.font()
            font.setItalic(True)
            return font
        if role == Qt.TextAlignmentRole and column == self.READ:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == PAGE_ROLE:
            return (document.file_id, document.first_page)
        return None

    def flags(self, index):
        flags = super().flags(index)
        document = self.row(index.row())
        editable = index.column() in self.EDITABLE and (document is None or document.found)
        return flags | Qt.ItemIsEditable if editable else flags

    def setData(self, index, value, role=Qt.EditRole) -> bool:  # noqa: N802
        document = self.row(index.row())
        column = index.column()
        if document is None or column not in self.EDITABLE or role != Qt.EditRole:
            return False
        if column == self.KIND:
            name, wanted, current = "kind", DocumentKind(value), document.kind
        elif column == self.DATE:
            text = " ".join(str(value or "").split())
            wanted = parse_date(text) if text else None  # empty: the records' own date
            if text and wanted is None:
                self.problem.emit(f"“{text[:40]}” is not a date: type it as MM/DD/YYYY, or "
                                  "leave it empty for the date the records give.")
                return False
            name, current = "service_date", document.service_date or document.first_date
        else:
            name, current = "provider", document.provider
            wanted = " ".join(str(value or "").split()) or None  # empty: the records' author
        if wanted != current:
            # after the editor has closed: the correction reloads this model
            QTimer.singleShot(0, lambda: self.edited.emit(document.id, name, wanted))
        return True


def _day_key(day: dt.date | None) -> tuple[bool, dt.date]:
    return (day is None, day or dt.date.min)


def _document_tip(document: RecordDocument, original: RecordDocument | None,
                  in_file: int | None = None) -> str:
    """What a row's tooltip says; ``in_file`` (documents of its file) for the File column."""
    pages = "1 page" if document.page_count == 1 else f"{document.page_count} pages"
    lines = [f"{document.label}: {document.file_name}, {document.pages} ({pages})"]
    if document.first_date and document.last_date and document.first_date != document.last_date:
        lines.append(f"Visits from {document.dates}")
    if in_file is not None:
        lines.insert(0, f"{document.file_name}: {document.file_pages} pages, {in_file} "
                        f"document{'s' if in_file != 1 else ''}")
    if document.duplicate_of is not None:
        where = (f"{original.label}, {original.file_name} {original.pages}" if original
                 else "a document listed earlier")
        lines.append(f"A copy of {where}: left out of the chronology, the search and "
                     "the documents reviewed. Not a Duplicate (Ctrl+Shift+U) if it is not.")
    if document.ocr_pages:
        sure = f" (mean confidence {document.ocr_confidence:.0f}%)" \
            if document.ocr_confidence else ""
        lines.append(f"{document.ocr_pages} pages read by OCR{sure}")
    if document.kind != document.found_kind:
        lines.append(f"Kind set by you; the records read as {document.found_kind.label}")
    if document.corrected:
        lines.append("Date or author set by you (empty the cell for the records' own)")
    lines.append("Double-click the kind, date or author to change it; right-click to split "
                 "or merge")
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
    """Dated entries; a report present twice names where its copy is ("Also at"), and
    that cell opens the copy (its ``PAGE_ROLE`` is the copy's page)."""

    columns = ("Date", "Kind", "Provider", "Excerpt", "Document", "Also at")
    DATE, KIND, PROVIDER, EXCERPT, DOCUMENT, ALSO_AT = range(6)

    @property
    def has_copies(self) -> bool:
        return any(entry.also_at for entry in self.rows)

    def data(self, index, role=Qt.DisplayRole):
        entry: ChronologyEntry | None = self.row(index.row())
        if entry is None:
            return None
        column = index.column()
        where = f"{entry.document} p. {entry.page}" if entry.document else "(your entry)"
        copies = [f"{name} p. {page}" for _file, page, name in entry.also_at]
        if role == Qt.DisplayRole:
            # the page first: in a narrow column it is what stays in sight
            shown = f"p. {entry.page} · {entry.document}" if entry.document else where
            return (_date(entry.date), entry.kind_label, entry.provider or "",
                    " ".join(entry.excerpt.split()), shown,
                    "\n".join(f"p. {page} · {name}" for _file, page, name in entry.also_at)
                    )[column]
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignLeft | Qt.AlignTop)
        if role == Qt.ToolTipRole and column == self.ALSO_AT:
            if not copies:
                return None
            return ("The same report is also at " + "; ".join(copies)
                    + ".\nDouble-click to open the copy.")
        if role == Qt.ToolTipRole:
            also = "".join(f"\nalso at {copy}" for copy in copies)
            return f"{where}{also}\n\n{entry.excerpt}" + (
                "\n\nDouble-click to open the page" if entry.file_id else "")
        if role == PAGE_ROLE and column == self.ALSO_AT and entry.also_at:
            file_id, page, _name = entry.also_at[0]
            return (file_id, page)
        if role == PAGE_ROLE and entry.file_id is not None:
            return (entry.file_id, entry.page or 1)
        return None


class DocumentsDelegate(QStyledItemDelegate):
    """The documents list's cells: as filed, a heading band above each file's first
    document (the file's name, pages and documents, drawn across the whole row: each
    cell paints its slice of it); a combo of kinds for the kind (choosing one applies it
    at once), a line editor for date and author."""

    PLACEHOLDERS = {DocumentsModel.DATE: "MM/DD/YYYY (empty: the records' date)",
                    DocumentsModel.AUTHOR: "Author (empty: the records' author)"}

    @staticmethod
    def band_height(font) -> int:
        """Pixels of the heading band above a file's first document."""
        return QFontMetrics(font).height() + 8

    def _band(self, option, index) -> tuple[str, int]:
        model = index.model()
        text = model.file_band(index.row()) if isinstance(model, DocumentsModel) else ""
        return text, (self.band_height(option.font) if text else 0)

    def paint(self, painter, option, index):
        text, height = self._band(option, index)
        if not height:
            return super().paint(painter, option, index)
        band = QRect(option.rect.left(), option.rect.top(), option.rect.width(), height)
        painter.save()
        painter.setClipRect(band)
        painter.fillRect(band, option.palette.color(QPalette.Window))
        painter.setPen(option.palette.color(QPalette.Mid))
        painter.drawLine(band.bottomLeft(), band.bottomRight())
        if index.row() > 0:
            painter.drawLine(band.topLeft(), band.topRight())
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(option.palette.color(QPalette.WindowText))
        view = option.widget
        # The same text at the same place in the viewport from every cell: one heading.
        width = view.viewport().width() if view is not None else band.width()
        offset = view.horizontalHeader().offset() if view is not None else 0
        line = QRect(6 - offset, band.top(), width - 12, height)
        painter.drawText(line, int(Qt.AlignLeft | Qt.AlignVCenter),
                         QFontMetrics(font).elidedText(text, Qt.ElideMiddle, line.width()))
        painter.restore()
        below = QStyleOptionViewItem(option)
        below.rect = option.rect.adjusted(0, height, 0, 0)
        super().paint(painter, below, index)

    def createEditor(self, parent, option, index):  # noqa: N802
        if index.column() != DocumentsModel.KIND:
            editor = QLineEdit(parent)
            editor.setPlaceholderText(self.PLACEHOLDERS.get(index.column(), ""))
            return editor
        combo = QComboBox(parent)
        for kind in DocumentKind:
            combo.addItem(kind.label, kind.value)
        combo.activated.connect(lambda _i, c=combo: self._chosen(c))
        return combo

    def _chosen(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor, index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.EditRole))))
        else:
            editor.setText(index.data(Qt.EditRole) or "")
            editor.selectAll()

    def setModelData(self, editor, model, index) -> None:  # noqa: N802
        value = editor.currentData() if isinstance(editor, QComboBox) else editor.text()
        model.setData(index, value, Qt.EditRole)

    def updateEditorGeometry(self, editor, option, index) -> None:  # noqa: N802
        rect = option.rect.adjusted(0, self._band(option, index)[1], 0, 0)
        if isinstance(editor, QLineEdit):  # room to type a name in a narrow column
            rect = rect.adjusted(0, 0, max(0, 180 - rect.width()), 0)
        editor.setGeometry(rect)


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
