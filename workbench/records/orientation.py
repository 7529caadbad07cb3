"""Reading a scanned page the right way up, and saying how it was turned.

A page scanned sideways or upside down reads as garbage: Tesseract reads an
upside-down page, and one of the two sideways ones, as mirrored nonsense with
a mean word confidence near 35, where an upright scan reads above 90. The
other sideways page it reads well enough, but with its lines standing on end,
and the viewer would still show it on its side.

So the page is read once as it lies. Only when that reading looks wrong (a
poor confidence, or lines taller than wide) is the orientation asked of
Tesseract's orientation and script detection (``--psm 0``, the ``osd`` model
installed with it), on the picture at half resolution (about 0.4 s instead
of 0.8 s, with the same answers); the page is then turned and read again,
and the better of the two readings is kept. Asking every scan would cost an
upright page two thirds as much again (0.52 s of OSD on a 0.77 s reading);
upright scans, the usual case, pay nothing.

The turn is kept with the page (``record_pages.rotation``, degrees clockwise)
so the viewer draws the page as it was read. Runs in the reading child
process, like ``ocr``.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
from dataclasses import dataclass

from PIL import Image

from workbench.records import ocr

POOR_CONFIDENCE = 70.0  # a first reading below this may be of a page that is not upright
OSD_SCALE = 2  # the orientation is detected on the picture at 1/OSD_SCALE resolution
MIN_ORIENTATION_CONFIDENCE = 1.0  # Tesseract's own measure; below it the answer is a guess
KEEP_MARGIN = 5.0  # the turned reading is kept unless it is this much less sure than the first
_TURNS = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180,
          270: Image.Transpose.ROTATE_90}  # degrees clockwise -> Pillow's counter-clockwise
_ROTATE = re.compile(r"^Rotate:\s*(\d+)\s*$", re.M)
_CONFIDENCE = re.compile(r"^Orientation confidence:\s*([\d.]+)\s*$", re.M)


@dataclass(frozen=True)
class UprightText:
    text: str
    confidence: float | None
    rotation: int  # degrees clockwise the picture was turned to read it: 0, 90, 180 or 270


def read_upright(image: Image.Image, dpi: int) -> UprightText:
    """OCR a page picture, turned upright first when it is not. ``ocr.OcrFailed`` passes on."""
    first = ocr.read_image(_encoded(image), dpi=dpi)
    if not looks_turned(first):
        return UprightText(first.text, first.confidence, 0)
    rotation = detect_rotation(image, dpi)
    if not rotation:
        return UprightText(first.text, first.confidence, 0)
    turned = ocr.read_image(_encoded(image.transpose(_TURNS[rotation])), dpi=dpi)
    if (turned.confidence or 0.0) >= (first.confidence or 0.0) - KEEP_MARGIN:
        return UprightText(turned.text, turned.confidence, rotation)
    return UprightText(first.text, first.confidence, 0)


def looks_turned(result: ocr.OcrText) -> bool:
    """Whether a reading may be of a page that is not upright. A page without a word read
    (blank, or a photograph) is not asked: there is nothing to orient by."""
    if result.confidence is None:
        return False
    return result.sideways or result.confidence < POOR_CONFIDENCE


def detect_rotation(image: Image.Image, dpi: int) -> int:
    """Degrees clockwise (0, 90, 180, 270) that turn the page upright, by Tesseract's OSD;
    0 when it finds too little text to tell, is unsure, or fails."""
    small = image.reduce(OSD_SCALE) if OSD_SCALE > 1 else image
    command = ["tesseract", "stdin", "stdout", "--dpi", str(max(1, dpi // OSD_SCALE)),
               "--psm", "0"]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run(command, input=_encoded(small), capture_output=True,
                              timeout=ocr.OCR_TIMEOUT, env=env)
    except (subprocess.TimeoutExpired, OSError):
        return 0
    if done.returncode != 0:
        return 0
    return parse_osd(done.stdout.decode("utf-8", "replace"))


def parse_osd(output: str) -> int:
    """The clockwise turn in Tesseract's OSD report, when it is sure enough of it."""
    rotate, confidence = _ROTATE.search(output), _CONFIDENCE.search(output)
    if rotate is None or confidence is None:
        return 0
    degrees = int(rotate.group(1)) % 360
    if degrees not in _TURNS or float(confidence.group(1)) < MIN_ORIENTATION_CONFIDENCE:
        return 0
    return degrees


def _encoded(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # uncompressed: nothing to encode or decode
    return buffer.getvalue()
