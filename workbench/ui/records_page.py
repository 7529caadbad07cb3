"""The page viewer: one record page at a time, its picture (zoom, fit width) above its
selectable text, with the search box's matches highlighted in the text.

DOCX and text records have no picture: their stored page text fills the
viewer. OCR'd pages say so, with the OCR's confidence, above their text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import (
    QAction, QColor, QKeySequence, QPainter, QTextCharFormat, QTextCursor,
)
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QMenu, QPlainTextEdit, QSizePolicy, QSpinBox, QSplitter, QStackedWidget,
    QTextEdit, QToolButton, QVBoxLayout, QWidget,
)

from workbench.errors import WorkbenchError
from workbench.records.documents import format_date
from workbench.records.pages import RecordPage, page_rotations, read_page, stored_file
from workbench.records.search import match_spans
from workbench.ui.context import CaseContext
from workbench.ui.records_models import FINDING, HIGHLIGHT
from workbench.ui.records_picture import ZOOMS, PagePicture


class ElidedLabel(QLabel):
    """One line of plain text that ends in "…" when the pane is too narrow for it (the whole
    text is the tooltip), rather than being cut off mid-letter."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.PlainText)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4, super().minimumSizeHint()
                     .height())

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.ElideRight, rect.width())
        self.style().drawItemText(painter, rect, int(Qt.AlignLeft | Qt.AlignVCenter),
                                  self.palette(), self.isEnabled(), text, self.foregroundRole())


class PageViewer(QWidget):
    """Header, page navigation, zoom, the picture and the page text."""

    page_shown = Signal(int, int)  # document id, page number
    cite_requested = Signal()

    def __init__(self, context: CaseContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.page: RecordPage | None = None
        self.query = ""
        self.matches = 0  # matches of the search box in the page text shown
        self._file: tuple[Path, str] | None = None
        self._rotations: dict[int, int] = {}  # pages of the document drawn turned upright
        self._document_actions: list[QAction] = []
        self._build()
        self.clear()

    # -- layout -------------------------------------------------------------
    def _build(self) -> None:
        self.title = ElidedLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.file_label = ElidedLabel()
        self.file_label.setStyleSheet("color: palette(placeholder-text);")

        self.previous_button = self._tool("◀", "Previous page (PgUp)", self.previous_page)
        self.next_button = self._tool("▶", "Next page (PgDn)", self.next_page)
        self.page_box = QSpinBox()
        self.page_box.setKeyboardTracking(False)
        self.page_box.setPrefix("Page ")
        self.page_box.setToolTip("Type a page number and press Enter to go there")
        self.page_box.valueChanged.connect(self.go_to)
        self.zoom_out_button = self._tool("−", "Zoom out (Ctrl+-)", self.zoom_out)
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(40)
        self.zoom_label.setAlignment(Qt.AlignCenter)
        self.zoom_label.setToolTip("Zoom, as a share of the pane's width (100%: fit width)")
        self.zoom_in_button = self._tool("+", "Zoom in (Ctrl++)", self.zoom_in)
        self.fit_button = self._tool("Fit width", "Fit the page to the pane's width "
                                     "(Ctrl+Shift+W)", self.fit_width)
        self.text_button = self._tool("Text", "Show or hide the page text under the picture "
                                      "(Ctrl+Shift+T)", self._text_toggled)
        self.text_button.setCheckable(True)
        self.text_button.setChecked(True)
        self.copy_note = QLabel()  # the page is in a copy of a report listed before it
        self.copy_note.setWordWrap(True)
        self.copy_note.setTextFormat(Qt.PlainText)
        self.copy_note.setStyleSheet("color: palette(placeholder-text); font-style: italic;")
        self.copy_note.hide()
        self.document_button = QToolButton()
        self.document_button.setText("Document ▾")
        self.document_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.document_button.setToolTip("Split, merge or edit the document this page is in")
        self.document_button.setPopupMode(QToolButton.InstantPopup)
        self.document_button.setAutoRaise(True)
        self.document_menu = QMenu(self.document_button)
        self.document_button.setMenu(self.document_menu)
        self.cite_button = QToolButton()
        self.cite_button.setStyleSheet("font-weight: 600;")
        self.cite_button.clicked.connect(self.cite_requested.emit)

        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.title)
        names.addWidget(self.file_label)
        # the document's corrections and the cite button beside the page's name, where
        # they have room (the row of page tools is as wide as the narrowest pane already)
        heading = QHBoxLayout()
        heading.addLayout(names, 1)
        heading.addWidget(self.document_button, 0, Qt.AlignVCenter)
        heading.addWidget(self.cite_button, 0, Qt.AlignVCenter)
        tools = QHBoxLayout()
        tools.setSpacing(2)
        for widget in (self.previous_button, self.page_box, self.next_button):
            tools.addWidget(widget)
        tools.addSpacing(10)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button,
                       self.fit_button, self.text_button):
            tools.addWidget(widget)
        tools.addStretch(1)

        self.picture = PagePicture()
        self.picture.failed.connect(lambda _message: self._show_text_side())
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8a5a00; padding: 2px 4px;")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.text.setContextMenuPolicy(Qt.CustomContextMenu)
        self.text.customContextMenuRequested.connect(self._text_menu)
        self.picture.setContextMenuPolicy(Qt.ActionsContextMenu)
        self.text_side = QWidget()
        text_layout = QVBoxLayout(self.text_side)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.setSpacing(0)
        text_layout.addWidget(self.note)
        text_layout.addWidget(self.text, 1)

        self.split = QSplitter(Qt.Vertical)
        self.split.addWidget(self.picture)
        self.split.addWidget(self.text_side)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setSizes([360, 240])
        self.split.setChildrenCollapsible(False)

        self.empty = QLabel("Choose a document, a search hit or a chronology entry to see its "
                            "page here.")
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 24px;")

        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(4)
        page_layout.addLayout(heading)
        page_layout.addWidget(self.copy_note)
        page_layout.addLayout(tools)
        page_layout.addWidget(self.split, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        # Keys that work while the reviewer is in the viewer (PgUp/PgDn stay the lists' and
        # the editors' own elsewhere); the Records menu has window-wide ones.
        self._local("Previous Page", self.previous_page, QKeySequence.MoveToPreviousPage)
        self._local("Next Page", self.next_page, QKeySequence.MoveToNextPage)
        self._local("Zoom In", self.zoom_in, "Ctrl++", "Ctrl+=")
        self._local("Zoom Out", self.zoom_out, "Ctrl+-")
        self._local("Fit Width", self.fit_width, "Ctrl+Shift+W")
        self._local("Show Page Text", self.text_button.click, "Ctrl+Shift+T")

    def set_document_actions(self, actions: list[QAction]) -> None:
        """The corrections of the document shown: in the Document menu of the toolbar, and
        in the context menus of the page picture and text."""
        self._document_actions = list(actions)
        self.document_menu.clear()
        for action in actions:
            self.document_menu.addAction(action)
            self.picture.addAction(action)

    def set_copy_note(self, text: str) -> None:
        """Say under the page's name that its document is a copy ("" hides the line)."""
        self.copy_note.setText(text)
        self.copy_note.setVisible(bool(text))

    def _text_menu(self, position) -> None:
        menu = self.text.createStandardContextMenu(position)
        if self._document_actions:
            menu.addSeparator()
            for action in self._document_actions:
                menu.addAction(action)
        menu.exec(self.text.viewport().mapToGlobal(position))
        menu.deleteLater()

    def _tool(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _local(self, text: str, slot, *keys) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # -- what is shown ------------------------------------------------------
    def clear(self) -> None:
        self.page = None
        self._file = None
        self.stack.setCurrentIndex(0)
        self._update_controls()

    def forget_pictures(self) -> None:
        self.picture.forget()

    def show_page(self, file_id: int, number: int, query: str | None = None, *,
                  quiet: bool = False) -> bool:
        """Open a page; False (and, unless ``quiet``, a status line) when there is no such page."""
        case_id = self.context.case_id
        if case_id is None:
            return False
        if query is not None:
            self.query = query
        try:
            page = read_page(self.context.database, case_id, file_id, number)
            if self.page is None or self.page.file_id != file_id or self._file is None:
                self._file = stored_file(self.context.database, case_id, file_id)
                self._rotations = page_rotations(self.context.database, case_id, file_id)
        except WorkbenchError as error:
            if not quiet:
                self.context.status.emit(str(error))
            return False
        self.page = page
        self.stack.setCurrentIndex(1)
        self._show_header()
        self._show_text()
        self._update_controls()
        if page.pictured:
            self.picture.show_page(file_id, number, page.page_count, self._file,
                                   self._rotations)
        self.page_shown.emit(file_id, number)
        return True

    def reload(self) -> None:
        """Show the current page again from the database (its kind or date may have changed)."""
        if self.page is not None and not self.show_page(self.page.file_id, self.page.number,
                                                        quiet=True):
            self.clear()

    def set_query(self, query: str) -> None:
        self.query = query
        if self.page is not None:
            self._show_text()

    @property
    def picture_shown(self) -> bool:
        return self.picture.shown

    def _show_header(self) -> None:
        page = self.page
        # A file just read is one provisional document: its kind is not known yet.
        parts = [page.kind.label if page.document_found else FINDING] \
            + ([format_date(page.date)] if page.date else []) \
            + ([page.provider] if page.provider else [])
        self.title.setText(" · ".join(parts))
        self.title.setToolTip(" · ".join(parts))
        # the position line: the page of the file, and of its document when the file holds
        # several, then the file ("Page 7 of 64 · PR-2 page 2 of 3 · packet.pdf"); a narrow
        # pane cuts the file's name, which the tooltip keeps
        self.file_label.setText(f"{page.position} · {page.file_name}")
        self.file_label.setToolTip(f"{page.file_name}\n{page.position}"
                                   f" (pp. {page.document_first}-{page.document_last} of the file)"
                                   if page.document_first != page.document_last else
                                   f"{page.file_name}\n{page.position}")
        self.page_box.blockSignals(True)
        self.page_box.setRange(1, max(1, page.page_count))
        self.page_box.setSuffix(f" of {page.page_count}")
        self.page_box.setValue(page.number)
        self.page_box.blockSignals(False)

    def _show_text(self) -> None:
        page = self.page
        text = page.text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
        if self.text.toPlainText() != text:
            self.text.setPlainText(text)
        self.note.setText(page.note)
        self.note.setVisible(bool(page.note))
        spans = match_spans(text, self.query) if self.query else []
        highlight = QTextCharFormat()
        highlight.setBackground(QColor(HIGHLIGHT))
        highlight.setForeground(QColor("black"))
        selections = []
        for start, end in spans:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = QTextCursor(self.text.document())
            selection.cursor.setPosition(_utf16(text, start))
            selection.cursor.setPosition(_utf16(text, end), QTextCursor.KeepAnchor)
            selection.format = highlight
            selections.append(selection)
        self.text.setExtraSelections(selections)
        cursor = QTextCursor(self.text.document())
        if spans:
            cursor.setPosition(_utf16(text, spans[0][0]))
        self.text.setTextCursor(cursor)
        if spans:
            self.text.centerCursor()
        self.matches = len(spans)

    def _update_controls(self) -> None:
        page = self.page
        shown = page is not None
        self.previous_button.setEnabled(shown and page.number > 1)
        self.next_button.setEnabled(shown and page.number < page.page_count)
        pictured = shown and page.pictured
        zoom = self.picture.zoom
        self.zoom_in_button.setEnabled(pictured and zoom < ZOOMS[-1])
        self.zoom_out_button.setEnabled(pictured and zoom > ZOOMS[0])
        self.fit_button.setEnabled(pictured and zoom != 1.0)
        self.zoom_label.setText(f"{zoom:.0%}")
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button,
                       self.fit_button, self.text_button):
            widget.setVisible(pictured)  # DOCX and text records have words only
        self.picture.setVisible(pictured)
        self.text_side.setVisible(not pictured or self.text_button.isChecked())
        self.cite_button.setEnabled(shown and page.document_found)
        self.document_button.setEnabled(shown)

    def _show_text_side(self) -> None:
        self.text_button.setChecked(True)
        self._update_controls()

    # -- moving and zooming -------------------------------------------------
    def go_to(self, number: int) -> None:
        if self.page is not None and number != self.page.number \
                and 1 <= number <= self.page.page_count:
            self.show_page(self.page.file_id, number)

    def next_page(self) -> None:
        if self.page is not None:
            self.go_to(self.page.number + 1)

    def previous_page(self) -> None:
        if self.page is not None:
            self.go_to(self.page.number - 1)

    def zoom_in(self) -> None:
        self._zoom(next((z for z in ZOOMS if z > self.picture.zoom + 1e-6), self.picture.zoom))

    def zoom_out(self) -> None:
        self._zoom(next((z for z in reversed(ZOOMS) if z < self.picture.zoom - 1e-6),
                        self.picture.zoom))

    def fit_width(self) -> None:
        self._zoom(1.0)

    def _zoom(self, zoom: float) -> None:
        if self.page is not None and self.page.pictured:
            self.picture.set_zoom(zoom)
            self._update_controls()

    def _text_toggled(self) -> None:
        self._update_controls()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(520, 600)


def _utf16(text: str, index: int) -> int:
    """A Python string index as Qt counts positions (UTF-16 code units)."""
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)
