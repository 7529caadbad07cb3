"""Scans that carry a little real text: a fax header, a Bates number, a page stamp.

A scanned page whose fax machine or copy service added a line of real text
has a text layer, and that layer holds enough letters to pass for the page's
text; the scan itself, the note the reviewer needs, would never be read. How
much text there is says little; where it lies says a lot. So a page that
holds a picture covering a good part of it is read as text only when its text
covers a fair share of that picture's area (as a typed page with a letterhead
image does, or a scan that already carries an OCR text layer); a stamp covers
a sliver of it, and such a page is OCR'd. Its stamp is kept: its lines stand
above or below the OCR'd body, as they stand on the page, and an OCR'd line
that only repeats a stamp line (the page picture shows the stamp too) is
dropped, so the stamp is not there twice.

The layout comes from PDFium (``pypdfium2.raw``): image objects and their
bounds, and the text page's rectangles. Typed pages must cost next to nothing
(text import keeps pace with ``pdftotext``): a page whose text layer holds
more glyphs than could cover less than ``TEXT_SHARE`` of it at any legible
size is its own text without a look at its objects; a page without a large
picture costs one pass over its objects (about 1 µs each) and no more.
"""

from __future__ import annotations

import ctypes
import difflib
import re
from dataclasses import dataclass

IMAGE_SHARE = 0.25  # of the page a picture must cover before its text layer is doubted
# Of the pictures' area the text must cover to be the page's own text. PDFium's text boxes
# are tight around the glyphs: a full line of 10-point text covers about 0.5% of a Letter
# page, a fax header with a Bates number 0.4%, five typed lines 2.8%.
TEXT_SHARE = 0.015
MIN_GLYPH_AREA = 9.0  # points²: the box of a letter of 6-point text, the smallest legible
MAX_FORM_DEPTH = 4  # form objects nest; a hostile file may nest them without end
SAME_LINE = 0.8  # an OCR'd line this similar to (part of) a stamp line repeats it
MIN_COMPARED = 4  # letters and digits an OCR'd line needs before it is compared
SLACK_LINES = 3  # OCR'd lines beyond the stamp's own count it may be read among
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class StampLine:
    middle: float  # height of the line's middle above the page's bottom edge, in points
    left: float
    text: str


@dataclass(frozen=True)
class Stamp:
    """The real text of a scanned page, line by line, and the page's height."""

    lines: list[StampLine]
    page_height: float


def find_stamp(raw, page, text: str) -> Stamp | None:
    """The page's text layer (``text``) when it is only a stamp on a scan; None when it is the
    page's text (too much of it to be a stamp, no large picture, or text covering a fair share
    of the pictures)."""
    width, height = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
    if width <= 0 or height <= 0:
        return None
    glyphs = len(text) - text.count(" ") - text.count("\n")
    if glyphs * MIN_GLYPH_AREA >= TEXT_SHARE * width * height:
        return None
    pictured = min(_image_area(raw, page, width, height), width * height)
    if pictured < IMAGE_SHARE * width * height:
        return None
    textpage = raw.FPDFText_LoadPage(page)
    if not textpage:
        return None
    try:
        boxes = _text_boxes(raw, textpage)
        covered = sum((right - left) * (top - bottom) for left, top, right, bottom in boxes)
        if covered >= TEXT_SHARE * pictured:
            return None
        return Stamp(_lines(raw, textpage, boxes), height)
    finally:
        raw.FPDFText_ClosePage(textpage)


def merged_text(stamp: Stamp, ocr_text: str) -> str:
    """The stamp's lines in the upper half of the page, the OCR'd lines that do not repeat a
    stamp line, then the stamp's lines in the lower half.

    Tesseract reads a page top to bottom, so an OCR'd line can only repeat an upper stamp
    line among the first lines it read, and a lower one among the last: a line of the body
    that happens to look like the stamp (the same date, say) is never taken for it.
    """
    half = stamp.page_height / 2
    above = [line.text for line in stamp.lines if line.middle >= half]
    below = [line.text for line in stamp.lines if line.middle < half]
    body = [line for line in ocr_text.split("\n") if line.strip()]
    repeated = set()
    for lines, indexes in ((above, range(min(len(body), len(above) + SLACK_LINES))),
                           (below, range(max(0, len(body) - len(below) - SLACK_LINES),
                                         len(body)))):
        plain = [_plain(line) for line in lines]
        repeated.update(index for index in indexes
                        if any(_repeats(_plain(body[index]), other) for other in plain))
    kept = [line for index, line in enumerate(body) if index not in repeated]
    return "\n".join(above + kept + below)


def _plain(text: str) -> str:
    return _NOT_WORD.sub("", text).lower()


def _repeats(line: str, stamp_line: str) -> bool:
    """Whether an OCR'd line (plain) is a stamp line, or a piece of one, read again."""
    if len(line) < MIN_COMPARED or not stamp_line:
        return False
    if len(line) > len(stamp_line):
        # A longer OCR'd line is the stamp only when it is the stamp give or take a misread.
        return difflib.SequenceMatcher(None, line, stamp_line, autojunk=False).ratio() >= SAME_LINE
    matcher = difflib.SequenceMatcher(None, stamp_line, line, autojunk=False)
    best = 0.0
    for start, other, size in matcher.get_matching_blocks():
        if not size:
            continue
        offset = max(0, start - other)
        window = stamp_line[offset:offset + len(line)]
        best = max(best, difflib.SequenceMatcher(None, window, line, autojunk=False).ratio())
    return best >= SAME_LINE


def _image_area(raw, page, width: float, height: float) -> float:
    """Points² of the page covered by pictures (image objects, and forms that hold one)."""
    area = 0.0
    get_object, get_type = raw.FPDFPage_GetObject, raw.FPDFPageObj_GetType
    image, form = raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM
    for index in range(raw.FPDFPage_CountObjects(page)):
        thing = get_object(page, index)
        kind = get_type(thing)
        if kind == image or (kind == form and _form_has_image(raw, thing, 1)):
            area += _clipped_area(raw, thing, width, height)
    return area


def _form_has_image(raw, form, depth: int) -> bool:
    if depth > MAX_FORM_DEPTH:
        return False
    for index in range(max(0, raw.FPDFFormObj_CountObjects(form))):
        thing = raw.FPDFFormObj_GetObject(form, index)
        kind = raw.FPDFPageObj_GetType(thing)
        if kind == raw.FPDF_PAGEOBJ_IMAGE or (
                kind == raw.FPDF_PAGEOBJ_FORM and _form_has_image(raw, thing, depth + 1)):
            return True
    return False


def _clipped_area(raw, thing, width: float, height: float) -> float:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(thing, left, bottom, right, top):
        return 0.0
    across = min(right.value, width) - max(left.value, 0.0)
    up = min(top.value, height) - max(bottom.value, 0.0)
    return across * up if across > 0 and up > 0 else 0.0


def _text_boxes(raw, textpage) -> list[tuple[float, float, float, float]]:
    """The text page's rectangles (left, top, right, bottom), one per run of a line."""
    boxes = []
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    for index in range(max(0, raw.FPDFText_CountRects(textpage, 0, -1))):
        if raw.FPDFText_GetRect(textpage, index, left, top, right, bottom):
            if right.value > left.value and top.value > bottom.value:
                boxes.append((left.value, top.value, right.value, bottom.value))
    return boxes


def _lines(raw, textpage, boxes: list[tuple[float, float, float, float]]) -> list[StampLine]:
    """The text in each box, boxes on one line joined left to right, lines top to bottom."""
    pieces: list[StampLine] = []
    for left, top, right, bottom in boxes:
        size = raw.FPDFText_GetBoundedText(textpage, left, top, right, bottom, None, 0)
        if size <= 0:
            continue
        buffer = ctypes.create_string_buffer((size + 1) * 2)
        raw.FPDFText_GetBoundedText(textpage, left, top, right, bottom,
                                    ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
        text = buffer.raw[:size * 2].decode("utf-16-le", "replace").replace("\x00", "")
        text = " ".join(text.split())
        if text:
            pieces.append(StampLine((top + bottom) / 2, left, text))
    pieces.sort(key=lambda piece: (-piece.middle, piece.left))
    lines: list[StampLine] = []
    for piece in pieces:
        if lines and abs(lines[-1].middle - piece.middle) < 3:
            last = lines[-1]
            lines[-1] = StampLine(last.middle, last.left, f"{last.text} {piece.text}")
        else:
            lines.append(piece)
    return lines
