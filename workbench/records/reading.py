"""Reading a stored record file page by page: PDF (text layer or OCR), DOCX, text, images.

This runs inside the reading child process (``worker``), never in the
workbench itself: a hostile file can at worst exhaust the child's limits.
Every reader knows its page count up front and yields pages one at a time,
so a 2,000-page PDF is never held in memory. Failures are ``ReadFailure``
with a message that completes "<file name> ..." and quotes nothing from the file.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from workbench.characters import searchable
from workbench.records import images
from workbench.records import ocr
from workbench.records import orientation, scan_stamps
from workbench.records.kinds import PageSource

USABLE_TEXT = 25  # letters and digits a page needs before its text layer counts
TEXT_PAGE_CHARS = 3000  # DOCX and text files have no pages; this makes them citable


class ReadFailure(Exception):
    """A file that cannot be read; ``str()`` completes the sentence "<file name> ..."."""


@dataclass(frozen=True)
class RawPage:
    number: int
    text: str
    source: PageSource
    confidence: float | None = None
    rotation: int | None = None  # degrees clockwise the page was turned to read it upright

    def __post_init__(self) -> None:
        # Every reader's text is stored and indexed in the form queries are parsed to.
        object.__setattr__(self, "text", searchable(self.text))


class PageReader:
    page_count: int

    def read(self, numbers: Iterable[int]) -> Iterator[RawPage]:
        raise NotImplementedError

    def close(self) -> None:
        pass


def open_reader(path: Path, media: str, password: str | None = None) -> PageReader:
    if media == "pdf":
        return PdfReader(path, password)
    if media == "docx":
        from workbench.records.docx_text import docx_pages

        return TextPages(docx_pages(path, password))
    if media == "text":
        return TextPages(split_pages(decode_text(path.read_bytes())))
    if media in ("rtf", "html"):
        from workbench.records.markup_text import markup_pages

        return TextPages(markup_pages(path, media))
    if media == "image":
        return ImageReader(path)
    raise ReadFailure("is not a supported kind of file")


# -- PDF ------------------------------------------------------------------


class PdfReader(PageReader):
    """PDFium's text layer; pages without a usable one that show an image are OCR'd."""

    def __init__(self, path: Path, password: str | None):
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw

        self._raw = raw
        try:
            self.document = pdfium.PdfDocument(str(path), password=password)
        except pdfium.PdfiumError as error:
            if getattr(error, "err_code", None) == raw.FPDF_ERR_PASSWORD:
                if password:
                    raise ReadFailure("is encrypted, and the password given does not open it")
                raise ReadFailure("is encrypted: give its password (--password)")
            raise ReadFailure("is a damaged or incomplete PDF") from None
        self.page_count = len(self.document)
        if self.page_count == 0:
            raise ReadFailure("is a PDF without pages")

    def read(self, numbers: Iterable[int]) -> Iterator[RawPage]:
        raw = self._raw
        for number in numbers:
            # PDFium's own calls: the helper objects cost a third again per page.
            page = raw.FPDF_LoadPage(self.document.raw, number - 1)
            if not page:
                raise ReadFailure("is a damaged or incomplete PDF")
            try:
                text = clean_pdf_text(_page_text(raw, page))
                if _usable(text):
                    # A scan whose text layer is only a stamp (fax header, Bates number)
                    # is OCR'd, its stamp kept (``scan_stamps``).
                    stamp = scan_stamps.find_stamp(raw, page, text)
                    if stamp is None:
                        yield RawPage(number, text, PageSource.TEXT)
                    else:
                        scanned = self._ocr(number)
                        yield (replace(scanned, text=scan_stamps.merged_text(stamp, scanned.text))
                               if scanned.source is PageSource.OCR
                               else RawPage(number, text, PageSource.TEXT))
                elif self._has_image(page):
                    yield self._ocr(number)
                else:
                    yield RawPage(number, text.strip(), PageSource.NONE)
            finally:
                raw.FPDF_ClosePage(page)

    def _has_image(self, page) -> bool:
        raw = self._raw
        for index in range(raw.FPDFPage_CountObjects(page)):
            kind = raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page, index))
            if kind in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM):
                return True
        return False

    def _ocr(self, number: int) -> RawPage:
        page = self.document[number - 1]
        bitmap = page.render(scale=ocr.RENDER_DPI / 72, grayscale=True)
        image = bitmap.to_pil()
        page.close()
        try:
            # Read upright: a page scanned sideways or upside down is turned (``orientation``).
            result = orientation.read_upright(image, ocr.RENDER_DPI)
        except ocr.OcrFailed as error:
            raise ReadFailure(_ocr_message(error)) from None
        finally:
            del image, bitmap
        source = PageSource.OCR if result.text else PageSource.NONE
        return RawPage(number, result.text, source, result.confidence, result.rotation or None)

    def close(self) -> None:
        self.document.close()


def _page_text(raw, page) -> str:
    textpage = raw.FPDFText_LoadPage(page)
    try:
        count = raw.FPDFText_CountChars(textpage)
        if count <= 0:
            return ""
        buffer = ctypes.create_string_buffer((count + 1) * 2)
        raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
        return buffer.raw[:count * 2].decode("utf-16-le", "replace")
    finally:
        raw.FPDFText_ClosePage(textpage)


def clean_pdf_text(text: str) -> str:
    """PDFium's text with words hyphenated across lines joined and line ends as ``\\n``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub("\ufffe\n?", "", text) if "\ufffe" in text else text


def _usable(text: str) -> bool:
    count = 0
    for char in text:
        if char.isalnum():
            count += 1
            if count >= USABLE_TEXT:
                return True
    return False


def _ocr_message(error: ocr.OcrFailed) -> str:
    if not ocr.available():
        return "needs OCR, but Tesseract is not installed (./run or ./test installs it)"
    return "could not be read by OCR"


# -- images ---------------------------------------------------------------


class ImageReader(PageReader):
    """A page per TIFF frame, each upright and within the size limit (``images``), OCR'd."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.page_count = images.count_pages(path)
        except images.ImageProblem as problem:
            raise ReadFailure(str(problem)) from None

    def read(self, numbers: Iterable[int]) -> Iterator[RawPage]:
        for number in numbers:
            try:
                page = images.ocr_source(self.path, number)
                result = ocr.read_image(page.image, dpi=page.dpi)
            except images.ImageProblem as problem:
                raise ReadFailure(str(problem)) from None
            except ocr.OcrFailed as error:
                if not ocr.available():
                    raise ReadFailure(_ocr_message(error)) from None
                raise ReadFailure("is an image the OCR cannot read") from None
            source = PageSource.OCR if result.text else PageSource.NONE
            yield RawPage(number, result.text, source, result.confidence)


# -- DOCX and plain text ---------------------------------------------------


class TextPages(PageReader):
    def __init__(self, pages: list[str]):
        self.pages = pages or [""]
        self.page_count = len(self.pages)

    def read(self, numbers: Iterable[int]) -> Iterator[RawPage]:
        for number in numbers:
            text = self.pages[number - 1]
            yield RawPage(number, text, PageSource.TEXT if text.strip() else PageSource.NONE)


PAGE_BREAK = "\f"


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def split_pages(text: str) -> list[str]:
    """Pages at form feeds; a long stretch without one is cut at line ends every few thousand
    characters, so that every passage has a page to cite."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages: list[str] = []
    for chunk in text.split(PAGE_BREAK):
        current: list[str] = []
        size = 0
        for line in chunk.split("\n"):
            if size + len(line) > TEXT_PAGE_CHARS and current:
                pages.append("\n".join(current).strip("\n"))
                current, size = [], 0
            current.append(line)
            size += len(line) + 1
        pages.append("\n".join(current).strip("\n"))
    while len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    return pages
