"""Pictures of record pages for the page viewer: PDF pages drawn by PDFium, image records scaled.

PDFium is not thread-safe, and the viewer draws on its own thread as well as
on the window's, so every PDFium call here holds one lock; a caller that must
not wait (the window's thread) asks with ``blocking=False`` and draws later
elsewhere when the lock is taken. A few documents are kept open, so paging
through a long PDF does not reopen it for every page.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import UnreadableFile
from workbench.pdf import open_pdf

MAX_WIDTH = 3200  # pixels: a page wider than this on screen is drawn at this width
MIN_WIDTH = 64
PDFIUM = threading.Lock()


@dataclass(frozen=True)
class PageImage:
    """RGBX pixels (4 bytes each, the fourth unused), ``stride`` bytes a row."""

    width: int
    height: int
    stride: int
    data: bytes


class Busy(Exception):
    """PDFium is drawing for another thread; ``render(..., blocking=False)`` gave up."""


class PageRenderer:
    def __init__(self, keep_open: int = 2):
        self._keep_open = keep_open
        self._documents: OrderedDict[Path, object] = OrderedDict()

    def render(self, path: Path, media: str, number: int, width: int, *,
               blocking: bool = True, rotation: int = 0) -> PageImage:
        """Page ``number`` (1-based) of a stored record file, ``width`` pixels wide, turned
        ``rotation`` degrees clockwise (a scan read upright after turning: ``page_rotations``).

        ``UnreadableFile`` when the file cannot be drawn (password-protected, damaged,
        missing); ``Busy`` when ``blocking`` is False and another thread is drawing.
        """
        width = max(MIN_WIDTH, min(MAX_WIDTH, int(width)))
        if media == "image":
            return _image(path, number, width)
        if media != "pdf":
            raise UnreadableFile("This kind of record has text only, no page picture")
        if not PDFIUM.acquire(blocking=blocking):
            raise Busy()
        try:
            document = self._open(path)
            if not 1 <= number <= len(document):
                raise UnreadableFile(f"The PDF has no page {number}")
            page = document[number - 1]
            try:
                rotation = rotation % 360 if rotation % 90 == 0 else 0
                across = page.get_height() if rotation in (90, 270) else page.get_width()
                bitmap = page.render(scale=width / max(1.0, across), rotation=rotation,
                                     rev_byteorder=True, prefer_bgrx=True)
                try:
                    return PageImage(bitmap.width, bitmap.height, bitmap.stride,
                                     bytes(bitmap.buffer))
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            PDFIUM.release()

    def _open(self, path: Path):
        document = self._documents.get(path)
        if document is not None:
            self._documents.move_to_end(path)
            return document
        if not path.is_file():
            raise UnreadableFile("The stored copy of this record is missing")
        document = open_pdf(str(path), "The stored PDF")
        self._documents[path] = document
        while len(self._documents) > self._keep_open:
            _old, closing = self._documents.popitem(last=False)
            closing.close()
        return document

    def close(self, *, blocking: bool = True) -> bool:
        """Close the documents kept open; False when another thread is drawing (not blocking)."""
        if not PDFIUM.acquire(blocking=blocking):
            return False
        try:
            while self._documents:
                self._documents.popitem()[1].close()
        finally:
            PDFIUM.release()
        return True


def _image(path: Path, number: int, width: int) -> PageImage:
    """Page ``number`` of an image record (a TIFF frame), upright, as it was read (``images``)."""
    from PIL import Image

    from workbench.records import images

    try:
        picture = images.page_picture(path, number)
        height = max(1, round(picture.height * width / max(1, picture.width)))
        picture = picture.convert("RGBX").resize((width, height), Image.Resampling.LANCZOS)
    except FileNotFoundError:
        raise UnreadableFile("The stored copy of this record is missing") from None
    except (images.ImageProblem, OSError, ValueError):
        raise UnreadableFile("The image cannot be shown (damaged or too large)") from None
    return PageImage(picture.width, picture.height, picture.width * 4, picture.tobytes())
