"""The page viewer: a record page's picture (zoom, fit width) above its selectable text,
with the search box's matches highlighted in the text.

Pictures are drawn by ``workbench.records.rendering``. A page of a document
whose pages draw quickly is drawn right away on the window's thread; others,
and the next page ahead of the reviewer, are drawn on a thread of the
viewer's own, and a few drawn pages are kept, so PgDn through a long scan
does not wait for the same page twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence, QPixmap, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QScrollArea, QSizePolicy, QSpinBox, QSplitter,
    QStackedWidget, QTextEdit, QToolButton, QVBoxLayout, QWidget,
)

from workbench.errors import WorkbenchError
from workbench.records.documents import format_date
from workbench.records.pages import RecordPage, read_page, stored_file
from workbench.records.rendering import Busy, PageImage, PageRenderer
from workbench.records.search import match_spans
from workbench.ui.context import CaseContext
from workbench.ui.records_models import HIGHLIGHT

log = logging.getLogger(__name__)

CHEAP_MS = 30.0  # a document whose last page took less than this is drawn on the window's thread
CACHE_BYTES = 160 * 1024 * 1024
ZOOMS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0)  # times the width of the pane


@dataclass(frozen=True)
class _Job:
    key: tuple[int, int, int]  # document id, page, width in pixels
    path: Path
    media: str


def to_qimage(picture: PageImage) -> QImage:
    return QImage(picture.data, picture.width, picture.height, picture.stride,
                  QImage.Format_RGBX8888).copy()


class RenderQueue(QObject):
    """Draws pages on one thread of its own, newest wish first; stale wishes are dropped."""

    rendered = Signal(object, object, str, float)  # key, QImage or None, message, milliseconds

    def __init__(self, renderer: PageRenderer, parent: QObject | None = None):
        super().__init__(parent)
        self._renderer = renderer
        self._wanted: list[_Job] = []
        self._condition = threading.Condition()
        self._stopped = False
        self._thread: threading.Thread | None = None

    def want(self, jobs: list[_Job]) -> None:
        """Draw these next, in order, instead of whatever was waiting."""
        with self._condition:
            self._wanted = list(jobs)
            self._condition.notify()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="page-render", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._wanted = []
            self._condition.notify()

    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._wanted and not self._stopped:
                    self._condition.wait()
                if self._stopped:
                    return
                job = self._wanted.pop(0)
            started = time.perf_counter()
            image, message = None, ""
            try:
                image = to_qimage(self._renderer.render(job.path, job.media, job.key[1],
                                                        job.key[2]))
            except WorkbenchError as error:
                message = str(error)
            except Exception as error:  # drawing must never take the viewer down
                log.error("drawing a page failed: %s", type(error).__name__, exc_info=True)
                message = "The page picture cannot be drawn"
            try:
                self.rendered.emit(job.key, image, message,
                                   (time.perf_counter() - started) * 1000)
            except RuntimeError:  # the viewer is gone
                return


class PageViewer(QWidget):
    """One page at a time: header, navigation, zoom, the picture and the page text."""

    page_shown = Signal(int, int)  # document id, page number
    cite_requested = Signal()

    def __init__(self, context: CaseContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.page: RecordPage | None = None
        self.query = ""
        self.zoom = 1.0
        self.matches = 0  # matches of the search box in the page text shown
        self._file: tuple[Path, str] | None = None
        self._cache: OrderedDict[tuple[int, int, int], QImage] = OrderedDict()
        self._costs: dict[int, float] = {}  # document id: milliseconds its last page took
        self._failures: dict[int, str] = {}  # document id: why its pages cannot be drawn
        self._renderer = PageRenderer()
        self._queue = RenderQueue(self._renderer, self)
        self._queue.rendered.connect(self._rendered)
        self.destroyed.connect(lambda *_: self.shutdown())
        self._resize_timer = QTimer(self, singleShot=True, interval=120)
        self._resize_timer.timeout.connect(self._draw)
        self._build()
        self.clear()

    # -- layout -------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel()
        self.title.setTextFormat(Qt.PlainText)
        self.title.setStyleSheet("font-weight: 600;")
        self.title.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.file_label = QLabel()
        self.file_label.setTextFormat(Qt.PlainText)
        self.file_label.setStyleSheet("color: palette(placeholder-text);")
        self.file_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)

        self.previous_button = self._tool("◀", "Previous page (PgUp)", self.previous_page)
        self.next_button = self._tool("▶", "Next page (PgDn)", self.next_page)
        self.page_box = QSpinBox()
        self.page_box.setKeyboardTracking(False)
        self.page_box.setPrefix("Page ")
        self.page_box.setToolTip("Type a page number and press Enter to go there")
        self.page_box.valueChanged.connect(lambda number: self.go_to(number))
        self.zoom_out_button = self._tool("−", "Zoom out (Ctrl+-)", self.zoom_out)
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(40)
        self.zoom_label.setAlignment(Qt.AlignCenter)
        self.zoom_label.setToolTip("Zoom, as a share of the pane's width (100%: fit width)")
        self.zoom_in_button = self._tool("+", "Zoom in (Ctrl++)", self.zoom_in)
        self.fit_button = self._tool("Fit width", "Fit the page to the pane's width (Ctrl+Shift+W)",
                                     self.fit_width)
        self.text_button = self._tool("Text", "Show or hide the page text (Ctrl+Shift+T)",
                                      self._toggle_text)
        self.text_button.setCheckable(True)
        self.text_button.setChecked(True)
        self.cite_button = QToolButton()
        self.cite_button.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.cite_button.setStyleSheet("font-weight: 600;")
        self.cite_button.clicked.connect(self.cite_requested.emit)

        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.title)
        heading.addWidget(self.file_label)
        tools = QHBoxLayout()
        tools.setSpacing(2)
        for widget in (self.previous_button, self.page_box, self.next_button):
            tools.addWidget(widget)
        tools.addSpacing(10)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button,
                       self.fit_button, self.text_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.cite_button)

        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        self.picture.setWordWrap(True)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.picture)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setStyleSheet("QScrollArea { background: palette(mid); }")
        self.scroll.viewport().installEventFilter(self)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8a5a00; padding: 2px 4px;")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.text.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        text_side = QWidget()
        text_layout = QVBoxLayout(text_side)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.setSpacing(0)
        text_layout.addWidget(self.note)
        text_layout.addWidget(self.text, 1)
        self.text_side = text_side

        self.split = QSplitter(Qt.Vertical)
        self.split.addWidget(self.scroll)
        self.split.addWidget(text_side)
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
        page_layout.addLayout(tools)
        page_layout.addWidget(self.split, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        # Keys that only make sense while the reviewer is in the viewer; the menu's entries
        # (with their own shortcuts) work anywhere in the window.
        self.local_actions = [
            self._local("Previous Page", self.previous_page, QKeySequence.MoveToPreviousPage),
            self._local("Next Page", self.next_page, QKeySequence.MoveToNextPage),
            self._local("Zoom In", self.zoom_in, "Ctrl++", "Ctrl+="),
            self._local("Zoom Out", self.zoom_out, "Ctrl+-"),
            self._local("Fit Width", self.fit_width, "Ctrl+Shift+W"),
            self._local("Show Page Text", self._toggle_text, "Ctrl+Shift+T"),
        ]

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
        self.page_box.blockSignals(True)
        self.page_box.setRange(0, 0)
        self.page_box.blockSignals(False)
        self._update_controls()

    def forget_pictures(self) -> None:
        """Drop drawn pages (after an import or a case change, ids may mean other files)."""
        self._cache.clear()
        self._costs.clear()
        self._failures.clear()

    def show_page(self, document_id: int, number: int, query: str | None = None) -> bool:
        """Open a page; False (and a status line) when the case has no such page."""
        case_id = self.context.case_id
        if case_id is None:
            return False
        if query is not None:
            self.query = query
        try:
            page = read_page(self.context.database, case_id, document_id, number)
            if self.page is None or self.page.document_id != document_id or self._file is None:
                self._file = stored_file(self.context.database, case_id, document_id)
        except WorkbenchError as error:
            self.context.status.emit(str(error))
            return False
        self.page = page
        self.stack.setCurrentIndex(1)
        self._show_header()
        self._show_text()
        self._draw()
        self._update_controls()
        self.page_shown.emit(document_id, number)
        return True

    def reload(self) -> None:
        """Show the current page again from the database (its kind or date may have changed)."""
        if self.page is not None and not self.show_page(self.page.document_id, self.page.number):
            self.clear()

    def set_query(self, query: str) -> None:
        self.query = query
        if self.page is not None:
            self._show_text()

    def _show_header(self) -> None:
        page = self.page
        parts = [page.kind.label] + ([format_date(page.date)] if page.date else []) \
            + ([page.provider] if page.provider else [])
        self.title.setText(" · ".join(parts))
        self.title.setToolTip(" · ".join(parts))
        self.file_label.setText(page.file_name)
        self.file_label.setToolTip(page.file_name)
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
        selections = []
        highlight = QTextCharFormat()
        highlight.setBackground(QColor(HIGHLIGHT))
        highlight.setForeground(QColor("black"))
        for start, end in spans:
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(_utf16(text, start))
            cursor.setPosition(_utf16(text, end), QTextCursor.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor, selection.format = cursor, highlight
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
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button,
                       self.text_button):
            button.setEnabled(pictured)
        self.zoom_in_button.setEnabled(pictured and self.zoom < ZOOMS[-1])
        self.zoom_out_button.setEnabled(pictured and self.zoom > ZOOMS[0])
        self.zoom_label.setText(f"{self.zoom:.0%}" if pictured else "")
        self.scroll.setVisible(pictured)
        self.text_side.setVisible(not pictured or self.text_button.isChecked())
        self.cite_button.setEnabled(shown)

    # -- moving and zooming -------------------------------------------------
    def go_to(self, number: int) -> None:
        if self.page is not None and number != self.page.number \
                and 1 <= number <= self.page.page_count:
            self.show_page(self.page.document_id, number)

    def next_page(self) -> None:
        if self.page is not None:
            self.go_to(self.page.number + 1)

    def previous_page(self) -> None:
        if self.page is not None:
            self.go_to(self.page.number - 1)

    def zoom_in(self) -> None:
        self._set_zoom(next((z for z in ZOOMS if z > self.zoom + 1e-6), self.zoom))

    def zoom_out(self) -> None:
        self._set_zoom(next((z for z in reversed(ZOOMS) if z < self.zoom - 1e-6), self.zoom))

    def fit_width(self) -> None:
        self._set_zoom(1.0)

    def _set_zoom(self, zoom: float) -> None:
        if zoom != self.zoom:
            self.zoom = zoom
            self._draw()
            self._update_controls()

    def _toggle_text(self) -> None:
        if self.sender() is not self.text_button:
            self.text_button.toggle()
        self._update_controls()

    # -- drawing ------------------------------------------------------------
    def _width(self) -> int:
        margin = 2 * 8 + self.scroll.verticalScrollBar().sizeHint().width()
        pane = max(200, self.scroll.viewport().width() - margin)
        return int(pane * self.zoom * self.devicePixelRatioF())

    def _draw(self) -> None:
        page = self.page
        if page is None or not page.pictured or self._file is None:
            return
        document = page.document_id
        if document in self._failures:
            self._show_failure(self._failures[document])
            return
        job = _Job((document, page.number, self._width()), *self._file)
        picture = self._cache.get(job.key)
        if picture is None and self._costs.get(document, CHEAP_MS) < CHEAP_MS:
            picture = self._draw_here(job)
        if picture is not None:
            self._cache.move_to_end(job.key)
            self._show_picture(picture)
        else:
            self._show_waiting(document, page.number)
        ahead = [_Job((document, n, job.key[2]), *self._file)
                 for n in (page.number + 1, page.number - 1)
                 if 1 <= n <= page.page_count and (document, n, job.key[2]) not in self._cache]
        self._queue.want(([job] if picture is None else []) + ahead)

    def _draw_here(self, job: _Job) -> QImage | None:
        started = time.perf_counter()
        try:
            picture = to_qimage(self._renderer.render(job.path, job.media, job.key[1], job.key[2],
                                                      blocking=False))
        except Busy:
            return None
        except WorkbenchError as error:
            self._failures[job.key[0]] = str(error)
            return None
        self._keep(job.key, picture, (time.perf_counter() - started) * 1000)
        return picture

    def _rendered(self, key, picture: QImage | None, message: str, milliseconds: float) -> None:
        if picture is None:
            self._failures[key[0]] = message
        else:
            self._keep(key, picture, milliseconds)
        page = self.page
        if page is not None and (page.document_id, page.number) == key[:2]:
            if picture is None:
                self._show_failure(message)
            elif key[2] == self._width():
                self._show_picture(picture)

    def _keep(self, key, picture: QImage, milliseconds: float) -> None:
        self._costs[key[0]] = milliseconds
        self._cache[key] = picture
        while len(self._cache) > 2 and sum(i.sizeInBytes() for i in self._cache.values()) \
                > CACHE_BYTES:
            self._cache.popitem(last=False)

    def _show_picture(self, picture: QImage) -> None:
        pixmap = QPixmap.fromImage(picture)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.picture.setPixmap(pixmap)

    def _show_waiting(self, document: int, number: int) -> None:
        drawn = [key for key in self._cache if key[:2] == (document, number)]
        if drawn:  # the same page at another zoom, until the new one is ready
            picture = self._cache[drawn[-1]].scaledToWidth(self._width(), Qt.FastTransformation)
            self._show_picture(picture)
        else:
            self.picture.setText("Drawing the page…")

    def _show_failure(self, message: str) -> None:
        self.picture.setText(f"The page picture cannot be shown: {message}.\n"
                             "The page's text is below.")
        self.text_button.setChecked(True)
        self.text_side.setVisible(True)

    @property
    def picture_shown(self) -> bool:
        pixmap = self.picture.pixmap()
        return pixmap is not None and not pixmap.isNull()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.scroll.viewport() and event.type() == event.Type.Resize \
                and self.zoom == 1.0 and self.page is not None:
            self._resize_timer.start()
        return False

    def hideEvent(self, event) -> None:  # noqa: N802
        """Let go of open files while the viewer is not seen (the window closing, a case list)."""
        self._renderer.close(blocking=False)
        super().hideEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(520, 600)

    def shutdown(self) -> None:
        self._queue.stop()
        self._renderer.close()


def _utf16(text: str, index: int) -> int:
    """A Python string index as Qt counts positions (UTF-16 code units)."""
    head = text[:index]
    return index + sum(1 for ch in head if ord(ch) > 0xFFFF)
