"""Image records (scans, faxes, phone photos): their pages, upright and within a size limit.

Both the reading child process (OCR) and the page viewer take an image record's
pages from here, so the words that are read and the picture that is cited are
the same page the same way up:

- a TIFF holds one page per frame (a fax arrives as one multi-page TIFF); the
  frames of other formats are not pages (an animated GIF, the depth picture a
  phone stores in its JPEG);
- a phone photo is stored as the sensor saw it, with an EXIF orientation that
  says how to turn it; Tesseract ignores that tag and reads a sideways page as
  garbage, so the page is turned upright first;
- a fax scanned at 204 x 98 dpi has pixels twice as tall as wide; the page is
  stretched to square pixels so that letters have their usual shape;
- a page's size is read from the file's header before any pixel is decoded: a
  small file can declare an enormous picture (a 150 KB PNG of 900 megapixels),
  which would take the memory and a long time to decode into a blank page, so a
  page above ``MAX_PIXELS`` is refused with one line that names the limit.

Pillow decodes; failures are ``ImageProblem`` whose ``str()`` completes the
sentence "<file name> ..." and quotes nothing from the file.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

# A tabloid (11 x 17 in) page scanned at 600 dpi is 67 megapixels; nothing a reviewer needs
# to read is larger, and decoding and OCR of such a page already take a few hundred MB.
MAX_PIXELS = 70_000_000
EXIF_ORIENTATION = 0x0112
SQUARE_TOLERANCE = 1.05  # horizontal and vertical dpi closer than this count as square pixels
_PNG_MODES = {"1", "L", "LA", "P", "RGB", "RGBA", "I;16", "I;16B"}
_UNREADABLE = "is an image the OCR cannot read"


class ImageProblem(Exception):
    """An image record that cannot be read; ``str()`` completes "<file name> ..."."""


class TooLarge(ImageProblem):
    """A page larger than ``MAX_PIXELS``, refused before it is decoded."""


@dataclass(frozen=True)
class OcrSource:
    """What Tesseract reads for one page: the stored file itself when it is already one upright
    page with square pixels (nothing decoded here), else the page's pixels encoded as PNG."""

    image: Path | bytes
    dpi: int | None = None


def too_large_message(size: tuple[int, int] | None, page: int | None = None) -> str:
    """One line naming the limit, and the page's size when it is known (Pillow's own guard
    refuses the largest pictures while opening them, before their size is given)."""
    limit = (f"larger than a page may be (the limit is {MAX_PIXELS // 1_000_000} megapixels; "
             "refused unread)")
    if size is None:
        return f"is an image {limit}"
    width, height = size
    what = f"holds page {page} of" if page else "is an image of"
    return f"{what} {width:,} x {height:,} pixels ({width * height / 1e6:,.0f} megapixels), {limit}"


@contextmanager
def open_image(path: Path) -> Iterator[Image.Image]:
    """The image with its header read and no pixel decoded yet.

    ``FileNotFoundError`` passes through, so the viewer can say the stored copy is missing.
    Pillow's own guard refuses pictures of more than twice its ``MAX_IMAGE_PIXELS`` while
    opening them, before ``MAX_PIXELS`` can be checked; both are refusals for size.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(path)
        except Image.DecompressionBombError:
            raise TooLarge(too_large_message(None)) from None
        except FileNotFoundError:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise ImageProblem(_UNREADABLE) from None
    with image:
        yield image


def page_count(image: Image.Image) -> int:
    """A TIFF's frames are its pages; any other image is one page."""
    if image.format != "TIFF":
        return 1
    try:
        return max(1, int(getattr(image, "n_frames", 1)))
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageProblem(_UNREADABLE) from None


def count_pages(path: Path) -> int:
    with open_image(path) as image:
        return page_count(image)


def _select(image: Image.Image, number: int) -> tuple[int, int]:
    """Go to page ``number`` (1-based), header only, and give its size once the pixels are
    made square; ``TooLarge`` when that is above the limit."""
    count = page_count(image)
    if not 1 <= number <= count:
        raise ImageProblem(f"has no page {number}")
    if count > 1:
        try:
            image.seek(number - 1)
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ImageProblem(_UNREADABLE) from None
    size = _square_size(image)
    if size[0] * size[1] > MAX_PIXELS:
        raise TooLarge(too_large_message(size, number if count > 1 else None))
    return size


def _dpi(image: Image.Image) -> tuple[float, float] | None:
    dpi = image.info.get("dpi")
    try:
        x, y = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError, IndexError):
        return None
    return (x, y) if x > 1 and y > 1 else None


def _square_size(image: Image.Image) -> tuple[int, int]:
    width, height = image.size
    dpi = _dpi(image)
    if dpi and max(dpi) / min(dpi) > SQUARE_TOLERANCE:
        x, y = dpi
        if x > y:
            height = round(height * x / y)
        else:
            width = round(width * y / x)
    return width, height


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(EXIF_ORIENTATION, 1) or 1)
    except (OSError, SyntaxError, ValueError, TypeError, EOFError):
        return 1


def _upright(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The current page decoded, turned as its EXIF orientation says, with square pixels
    (``size`` is the square-pixel size before turning). A new image, never ``image``."""
    try:
        orientation = _orientation(image)
        page = ImageOps.exif_transpose(image)  # a copy, turned when the tag says so
        if orientation in (5, 6, 7, 8):  # a quarter turn: width and height change places
            size = (size[1], size[0])
        if page.size != size:
            dpi = max(_dpi(page) or (0, 0))
            page = page.resize(size, Image.Resampling.LANCZOS)
            if dpi:
                page.info["dpi"] = (dpi, dpi)
        return page
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageProblem(_UNREADABLE) from None


def page_picture(path: Path, number: int) -> Image.Image:
    """Page ``number`` of an image record, decoded and upright, as the viewer shows it."""
    with open_image(path) as image:
        return _upright(image, _select(image, number))


def ocr_source(path: Path, number: int) -> OcrSource:
    """What Tesseract should read for page ``number``: the file itself when it needs nothing
    done (one page, upright, square pixels), else that page alone, upright, as PNG."""
    with open_image(path) as image:
        single = page_count(image) == 1
        size = _select(image, number)
        if single and size == image.size and _orientation(image) == 1:
            return OcrSource(path)
        try:
            page = _upright(image, size)
        except ImageProblem:
            if single:  # a decoding Pillow lacks; Tesseract may still read the file itself
                return OcrSource(path)
            raise
        dpi = _dpi(page)
        if page.mode not in _PNG_MODES:
            page = page.convert("RGB" if len(page.getbands()) >= 3 else "L")
        buffer = io.BytesIO()
        page.save(buffer, format="PNG", compress_level=1)
        return OcrSource(buffer.getvalue(), round(dpi[0]) if dpi else None)
