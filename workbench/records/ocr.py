"""Reading scanned pages with the Tesseract program (Debian package ``tesseract-ocr``).

Tesseract is run as a program, not through a wrapper library: one call with
TSV output gives the words, their layout and their confidence, so the page
text and its confidence come from the same reading. Runs inside the reading
child process, whose limits Tesseract inherits; ``OMP_THREAD_LIMIT=1`` keeps
each Tesseract to one core, since the workbench already reads pages in parallel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

OCR_TIMEOUT = 180  # seconds for one page
RENDER_DPI = 300


class OcrFailed(Exception):
    """Tesseract could not read the image (or is not installed)."""


@dataclass(frozen=True)
class OcrText:
    text: str
    confidence: float | None  # mean word confidence 0-100; None when no word was read
    # Most lines were taller than wide: Tesseract read the page's lines standing on end
    # (a sideways scan), so the page picture is not upright (``orientation``).
    sideways: bool = False


def available() -> bool:
    return shutil.which("tesseract") is not None


def read_image(image: Path | bytes, *, dpi: int | None = None) -> OcrText:
    """OCR one image, given as a file or as encoded bytes (PNG, PNM...)."""
    if not available():
        raise OcrFailed("Tesseract is not installed")
    source = "stdin" if isinstance(image, bytes) else str(image)
    command = ["tesseract", source, "stdout", "-l", "eng"]
    if dpi:
        command += ["--dpi", str(dpi)]
    command.append("tsv")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run(command, input=image if isinstance(image, bytes) else None,
                              capture_output=True, timeout=OCR_TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        raise OcrFailed("OCR took too long") from None
    if done.returncode != 0:
        raise OcrFailed("Tesseract could not read the image")
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> OcrText:
    """Words grouped back into lines (block, paragraph, line), with their mean confidence."""
    lines: dict[tuple[str, ...], list[str]] = {}
    confidences: list[float] = []
    standing = lying = 0
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) >= 10 and fields[0] == "4":  # a line: is it standing on end?
            if fields[9].isdigit() and fields[8].isdigit():
                if int(fields[9]) > int(fields[8]):
                    standing += 1
                else:
                    lying += 1
            continue
        if len(fields) < 12 or fields[0] != "5":
            continue
        word = fields[11].strip()
        if not word:
            continue
        lines.setdefault(tuple(fields[1:5]), []).append(word)
        try:
            confidence = float(fields[10])
        except ValueError:
            continue
        if confidence >= 0:
            confidences.append(confidence)
    text = "\n".join(" ".join(words) for words in lines.values())
    confidence = round(sum(confidences) / len(confidences), 1) if confidences else None
    return OcrText(text, confidence, sideways=standing > lying)
