"""A record page's picture in the page viewer: drawn at the pane's width times the zoom.

Pictures are drawn by ``workbench.records.rendering``. A page of a document
whose pages draw quickly is drawn right away on the window's thread; others,
and the pages either side of the one shown, are drawn on a thread of the
picture's own, and a few drawn pages are kept, so PgDn through a long scan
does not wait for the same page twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QStyle, QWidget

from workbench.errors import WorkbenchError
from workbench.records.rendering import Busy, PageImage, PageRenderer

log = logging.getLogger(__name__)

CHEAP_MS = 30.0  # a document whose last page took less than this is drawn on the window's thread
CACHE_BYTES = 160 * 1024 * 1024
ZOOMS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0)  # times the width of the pane


@dataclass(frozen=True)
class _Job:
    key: tuple[int, int, int]  # document id, page, width in pixels
    path: Path
    media: str
    rotation: int = 0  # degrees clockwise: a scan read upright after turning is drawn so


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
            if self._stopped:
                return
            self._wanted = list(jobs)
            self._condition.notify()
        if self._thread is None and jobs:
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
                                                        job.key[2], rotation=job.rotation))
            except WorkbenchError as error:
                message = str(error)
            except Exception as error:  # drawing must never take the viewer down
                log.error("drawing a page failed: %s", type(error).__name__, exc_info=True)
                message = "the page picture cannot be drawn"
            try:
                self.rendered.emit(job.key, image, message,
                                   (time.perf_counter() - started) * 1000)
            except RuntimeError:  # the viewer is gone
                return


class PagePicture(QScrollArea):
    """The picture of the page shown; ``failed`` says why a document's pages cannot be drawn."""

    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.zoom = 1.0
        self._exact = False
        self._shown: tuple[int, int, int, Path, str] | None = None  # document, page, count, file
        self._rotations: dict[int, int] = {}  # page: degrees clockwise, of the document shown
        self._cache: OrderedDict[tuple[int, int, int], QImage] = OrderedDict()
        self._costs: dict[int, float] = {}  # document id: milliseconds its last page took
        self._failures: dict[int, str] = {}  # document id: why its pages cannot be drawn
        self._renderer = PageRenderer()
        self._queue = RenderQueue(self._renderer, self)
        self._queue.rendered.connect(self._rendered)
        self.destroyed.connect(lambda *_: self.shutdown())
        self._resize_timer = QTimer(self, singleShot=True, interval=120)
        self._resize_timer.timeout.connect(self._draw)

        self.label = QLabel()
        self.label.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        self.label.setWordWrap(True)
        self.label.setMargin(8)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        self.setFrameShape(QFrame.NoFrame)
        self.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget "
                           "{ background: palette(mid); }")

    def show_page(self, file_id: int, number: int, page_count: int, file: tuple[Path, str],
                  rotations: dict[int, int] | None = None) -> None:
        self._shown = (file_id, number, page_count, *file)
        self._rotations = rotations or {}
        self._draw()

    def forget(self) -> None:
        """Drop drawn pages (after a case change, ids may mean other files)."""
        self._cache.clear()
        self._costs.clear()
        self._failures.clear()
        self._shown = None
        self.label.clear()

    def set_zoom(self, zoom: float) -> None:
        if zoom != self.zoom:
            self.zoom = zoom
            self._draw()

    @property
    def shown(self) -> bool:
        """True once the page asked for (not a stand-in) is on screen."""
        pixmap = self.label.pixmap()
        return pixmap is not None and not pixmap.isNull() and self._exact

    # -- drawing ------------------------------------------------------------
    def _width(self) -> int:
        """Pixels wide to draw at: the pane's width less a scroll bar, whether one shows or not
        (so a page that turns out taller than the pane is not drawn twice)."""
        bar = self.style().pixelMetric(QStyle.PM_ScrollBarExtent, None, self)
        pane = max(200, self.contentsRect().width() - bar - 2 * self.label.margin() - 4)
        return int(pane * self.zoom * self.devicePixelRatioF())

    def _draw(self) -> None:
        self._exact = False
        if self._shown is None:
            return
        document, number, count, path, media = self._shown
        if document in self._failures:
            self._show_failure(self._failures[document])
            return
        job = _Job((document, number, self._width()), path, media, self._rotations.get(number, 0))
        picture = self._cache.get(job.key)
        if picture is None and self._costs.get(document, CHEAP_MS) < CHEAP_MS:
            picture = self._draw_here(job)
            if document in self._failures:
                self._show_failure(self._failures[document])
                return
        if picture is not None:
            self._cache.move_to_end(job.key)
            self._show(picture, exact=True)
        else:
            self._show_stand_in(document, number)
        ahead = [_Job((document, n, job.key[2]), path, media, self._rotations.get(n, 0))
                 for n in (number + 1, number - 1)
                 if 1 <= n <= count and (document, n, job.key[2]) not in self._cache]
        self._queue.want(([job] if picture is None else []) + ahead)

    def _draw_here(self, job: _Job) -> QImage | None:
        started = time.perf_counter()
        try:
            picture = to_qimage(self._renderer.render(job.path, job.media, job.key[1], job.key[2],
                                                      blocking=False, rotation=job.rotation))
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
        if self._shown is not None and self._shown[:2] == key[:2]:
            if picture is None:
                self._show_failure(message)
            elif key[2] == self._width():
                self._show(picture, exact=True)

    def _keep(self, key, picture: QImage, milliseconds: float) -> None:
        self._costs[key[0]] = milliseconds
        self._cache[key] = picture
        while len(self._cache) > 2 and sum(i.sizeInBytes() for i in self._cache.values()) \
                > CACHE_BYTES:
            self._cache.popitem(last=False)

    def _show(self, picture: QImage, *, exact: bool) -> None:
        pixmap = QPixmap.fromImage(picture)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.label.setPixmap(pixmap)
        self._exact = exact

    def _drawn_before(self, document: int, number: int) -> QImage | None:
        """The page as last drawn at any width, if it is still kept."""
        drawn = [key for key in self._cache if key[:2] == (document, number)]
        return self._cache[drawn[-1]] if drawn else None

    def _show_stand_in(self, document: int, number: int) -> None:
        drawn = self._drawn_before(document, number)
        if drawn is not None:  # the same page at another zoom, until the new one is ready
            self._show(drawn.scaledToWidth(self._width(), Qt.FastTransformation), exact=False)
        else:
            self.label.setText("Drawing the page…")

    def _show_failure(self, message: str) -> None:
        self.label.setText(f"The page picture cannot be shown: {message.rstrip('.')}.\n\n"
                           "The page's text is below.")
        self.failed.emit(message)

    # -- the widget ---------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.zoom == 1.0 and self._shown is not None:
            if self._drawn_before(*self._shown[:2]) is not None:
                # The page at the new width at once, scaled (no sideways scroll bar while the
                # pane narrows), drawn sharp again when the resizing stops.
                self._show_stand_in(*self._shown[:2])
            self._resize_timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802
        """Let go of open files while the picture is not seen (the window closing, a case list)."""
        self._renderer.close(blocking=False)
        super().hideEvent(event)

    def shutdown(self) -> None:
        self._queue.stop()
        self._renderer.close()
