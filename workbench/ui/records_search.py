"""Searching the case's records: the search box, the hits best first, next and previous.

The query language is the workbench's own (words, "phrases", OR, prefix*);
``search_pages`` ranks in the full-text engine within milliseconds, so the
search runs on the window's thread a moment after the reviewer stops typing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from workbench.errors import WorkbenchError
from workbench.records.pages import page_dates
from workbench.records.search import search_pages
from workbench.ui.context import CaseContext
from workbench.ui.records_models import PAGE_ROLE, HitsModel, HtmlDelegate, make_table

HIT_LIMIT = 200
SEARCH_DELAY_MS = 250


class RecordsSearch(QWidget):
    """The hit list; ``box`` is the search box, placed wherever the view wants it."""

    hit_opened = Signal(int, int)  # document id, page: show it
    searched = Signal(str, bool)  # the query ("" when cleared); True when it is a new one
    wanted = Signal()  # the reviewer moves through the hits: show the list

    def __init__(self, context: CaseContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.query = ""  # the search whose hits are listed
        self.current_hit = -1
        self._filling = False

        self.box = QLineEdit()
        self.box.setPlaceholderText('Search the records (Ctrl+F): words, "a phrase", OR, prefix*')
        self.box.setClearButtonEnabled(True)
        self.box.installEventFilter(self)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run)
        self.box.textChanged.connect(lambda _text: self._timer.start())
        self.box.returnPressed.connect(self.next_hit)

        self.hits = HitsModel(self)
        self.table = make_table(self.hits, stretch=HitsModel.SNIPPET)
        wrapped = HtmlDelegate(self)
        for column in (HitsModel.DOCUMENT, HitsModel.SNIPPET):
            self.table.setItemDelegateForColumn(column, wrapped)
        self.table.verticalHeader().setDefaultSectionSize(
            HtmlDelegate.lines_height(3, self.table.font()))
        for column, width in ((HitsModel.PAGE, 48), (HitsModel.DATE, 84),
                              (HitsModel.DOCUMENT, 130)):
            self.table.setColumnWidth(column, width)
        # A hit opens when it becomes current (keys, F3) and whenever it is clicked or
        # activated (Enter) again, so the hit already selected reopens its page after the
        # reviewer looked elsewhere.
        self._pressed_to = -1  # the row a mouse press made current (and so opened already)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.viewport().installEventFilter(self)
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(lambda index: self._chosen(index.row()))
        self.label = QLabel("Type in the search box above to find words on any page.")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.PlainText)
        self.label.setStyleSheet("color: palette(placeholder-text); padding: 2px 4px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.table, 1)

    def resizeEvent(self, event) -> None:  # noqa: N802
        """In a narrow pane the file name gives the found text some of its room."""
        super().resizeEvent(event)
        self.table.setColumnWidth(HitsModel.DOCUMENT, 130 if event.size().width() >= 520 else 96)

    def focus(self) -> None:
        self.box.setFocus(Qt.ShortcutFocusReason)
        self.box.selectAll()

    def clear(self) -> None:
        """Empty box, no hits (another case was opened)."""
        self.box.blockSignals(True)
        self.box.clear()
        self.box.blockSignals(False)
        self._timer.stop()
        self.run(force=True)

    def run(self, force: bool = False) -> None:
        """Search the case for the box's text and list the pages found, best first."""
        self._timer.stop()
        text = self.box.text().strip()
        if text == self.query and not force:
            return
        again = text == self.query  # the records changed: stay on the hit the reviewer is at
        self.query = text
        if not again:
            self.current_hit = -1
        case_id = self.context.case_id
        hits, dates = [], {}
        if text and case_id is not None:
            try:
                hits = search_pages(self.context.database, case_id, text, limit=HIT_LIMIT)
                dates = page_dates(self.context.database, case_id,
                                   [(hit.file_id, hit.page) for hit in hits])
            except WorkbenchError as error:
                self.context.status.emit(str(error))
        self._filling = True
        try:
            self.hits.set_hits(hits, dates)
            if again and 0 <= self.current_hit < len(hits):
                self.table.selectRow(self.current_hit)
            else:
                self.current_hit = -1
        finally:
            self._filling = False
        if not text:
            self.label.setText("Type in the search box above to find words on any page.")
        elif hits:
            count = f"{HIT_LIMIT}+" if len(hits) >= HIT_LIMIT else str(len(hits))
            noun = "page matches" if len(hits) == 1 else "pages match"
            best = f", the best {HIT_LIMIT} shown" if len(hits) >= HIT_LIMIT else ""
            self.label.setText(f"{count} {noun}{best}, best first. Enter or F3: next, "
                               "Shift+F3: previous.")
        else:
            self.label.setText(f"No page matches “{text}”. Words must all be on one page; "
                               "try OR between alternatives, or a prefix*.")
        self.searched.emit(text, not again)

    @property
    def count_text(self) -> str:
        count = self.hits.rowCount()
        return f"{HIT_LIMIT}+" if count >= HIT_LIMIT else str(count)

    def next_hit(self) -> None:
        self._step(1)

    def previous_hit(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if self._timer.isActive() or self.box.text().strip() != self.query:
            self.run()
        count = self.hits.rowCount()
        if not count:
            if self.query:
                self.context.status.emit(f"No page matches “{self.query}”.")
            return
        if self.current_hit < 0:
            row = 0 if step > 0 else count - 1
        else:
            row = (self.current_hit + step) % count
            if self.current_hit + step not in range(count):
                self.context.status.emit("Back at the first hit." if step > 0 else
                                         "Back at the last hit.")
        self.wanted.emit()
        self.table.selectRow(row)
        if self.current_hit != row:  # selecting the row it was on already does not reopen it
            self._chosen(row)

    def _current_changed(self, index, _previous) -> None:
        self._pressed_to = index.row()
        self._chosen(index.row())

    def _clicked(self, index) -> None:
        if index.row() != self._pressed_to:  # not opened by this very click already
            self._chosen(index.row())
        self._pressed_to = -1

    def _chosen(self, row: int) -> None:
        if self._filling or row < 0:
            return
        where = self.hits.index(row, 0).data(PAGE_ROLE)
        if where is not None:
            self.current_hit = row
            self.hit_opened.emit(*where)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        """In the box, Shift+Enter goes back a hit and Down steps into the list."""
        if watched is self.table.viewport() and event.type() == QEvent.MouseButtonPress:
            self._pressed_to = -1  # what this press makes current is noted as it happens
        if watched is self.box and event.type() == QEvent.KeyPress:
            if event.key() in (Qt.Key_Return, Qt.Key_Enter) \
                    and event.modifiers() & Qt.ShiftModifier:
                self.previous_hit()
                return True
            if event.key() == Qt.Key_Down and self.hits.rowCount():
                self.wanted.emit()
                self.table.setFocus()
                if self.current_hit < 0:
                    self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)
