"""The 90 published letters in ../shared/real-letters and the texts extractors give of them.

Shared by the real-letter tests. Each text is made once per test session:

- ``pdftotext`` and ``pdftotext -layout`` (poppler), run as commands;
- PDFium's text as ``pypdfium2 extract-text`` prints it ("# Page N" before each
  page, CRLF line ends, a space kept at the end of a wrapped line);
- the same with its line breaks lost, as text taken run by run gives it:
  ``glued`` (nothing between lines: "...#35.IMR ISSUES, DECISIONS AND
  RATIONALESThe Final ...", "...: UpheldClaims Administrator guideline:") and
  ``spaced`` (a space between lines).

``words`` turns a file's text into its sequence of words the same way for the
published PDFs and for the workbench's exports, written here independently of
the reader: page furniture dropped, a word split at a line-end hyphen joined.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
from docx import Document
from docx.table import Table

ROOT = Path(__file__).resolve().parent.parent
REAL_LETTERS = ROOT.parent / "shared" / "real-letters"
LETTERS = sorted(REAL_LETTERS.glob("*.pdf"))
NAMES = [path.stem for path in LETTERS]
HAS_PDFTOTEXT = shutil.which("pdftotext") is not None

EXTRACTORS = ("pdftotext", "pdftotext-layout", "pdfium", "pdfium-glued", "pdfium-spaced")

# The running header and page numbers of the workbench's own PDF (the published letters have
# none): "IMR Case Number: CM16-0221706", "Page 1 of 2", or both on one line.
FURNITURE = re.compile(r"^(?:IMR Case Number: \S+)?\s*(?:Page \d+ of \d+)?$")


def letter(name: str) -> Path:
    return REAL_LETTERS / f"{name}.pdf"


def pdfium_pages(path: Path) -> list[str]:
    """Each page's text as PDFium gives it; U+FFFE (its mark for a line-end hyphen) as "-"."""
    document = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range().replace("\ufffe", "-") for page in document]
    finally:
        document.close()


@cache
def extracted(name: str, extractor: str) -> str:
    """The letter's text as ``extractor`` gives it."""
    path = letter(name)
    if extractor.startswith("pdftotext"):
        layout = ["-layout"] if extractor.endswith("layout") else []
        done = subprocess.run(["pdftotext", *layout, str(path), "-"], capture_output=True,
                              check=True, timeout=60)
        return done.stdout.decode("utf-8")
    document = pdfium.PdfDocument(str(path))
    try:
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    # pypdfium2's extract-text command: "# Page N" before each page, pages one line apart.
    text = "\n".join(f"# Page {n}\n{page}\n" for n, page in enumerate(pages, start=1))
    if extractor == "pdfium-glued":
        text = text.replace("\r\n", "")
    elif extractor == "pdfium-spaced":
        text = text.replace("\r\n", " ")
    return text


@cache
def published_text(name: str) -> str:
    """The letter's words in reading order, one string (PDFium's text, lines joined)."""
    return " ".join(words_of_lines(line for page in pdfium_pages(letter(name))
                                   for line in re.split(r"\r\n|\n|\r", page)))


def words_of_lines(lines) -> list[str]:
    """Words of wrapped lines: a line ending in a hyphen after a letter or digit ("10-28-",
    "evidence-") runs on into the next line's first word."""
    words: list[str] = []
    glue = False
    for line in lines:
        found = line.split()
        if not found:
            continue
        if glue and words:
            words[-1] += found.pop(0)
        words += found
        stripped = line.rstrip()
        glue = stripped.endswith("-") and not stripped.endswith(" -") and line == stripped
    return words


def pdf_words(path: Path) -> list[str]:
    lines = [line for page in pdfium_pages(path) for line in re.split(r"\r\n|\n|\r", page)
             if not FURNITURE.match(line.strip())]
    return words_of_lines(lines)


def docx_words(path: Path) -> list[str]:
    """The body's words in order, the header table's cells row by row (the running header
    is page furniture and not in the body)."""
    texts: list[str] = []
    for block in Document(str(path)).iter_inner_content():
        if isinstance(block, Table):
            texts += [cell.text for row in block.rows for cell in row.cells]
        else:
            texts.append(block.text)
    return " ".join(texts).split()


def txt_words(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split()


WORDS = {"pdf": pdf_words, "docx": docx_words, "txt": txt_words}


def squeeze(text: str) -> str:
    """Text compared across extractors: no whitespace and no hyphens (pdftotext drops the
    hyphen of a word split at a line end, "FDA-" / "approved" -> "FDAapproved")."""
    return re.sub(r"[\s\-\u00ad]", "", text)
