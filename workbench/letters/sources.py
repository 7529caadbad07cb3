"""Turning a letter file (TXT, DOCX, text PDF) into paragraphs of lines.

Every source ends up in one shape, ``LetterText``: paragraphs, each a list of
raw lines in which a trailing space (or its absence after a hyphen) still
tells whether the line wrapped between words or inside one. The parser in
``reader.py`` then never cares where the text came from.
"""

from __future__ import annotations

import io
import re
import statistics
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from workbench.characters import xml_safe
from workbench.errors import NotALetter, UnreadableFile
from workbench.pdf import open_pdf

MAX_LETTER_BYTES = 20 * 1024 * 1024
MAX_DOCX_UNPACKED = 100 * 1024 * 1024
_CASE_HEADER = re.compile(r"^\s*IMR Case Number:\s*(?P<case>\S+)(?:\s+Page \d+ of \d+)?\s*$")
_PAGE_LINE = re.compile(r"^\s*Page \d+ of \d+\s*$")
_PAGE_MARK = re.compile(r"^# Page \d+\s*$")


@dataclass
class LetterText:
    paragraphs: list[list[str]] = field(default_factory=list)
    case_number: str | None = None


def read_letter_text(path: Path) -> LetterText:
    """Read a letter file of any supported kind; one readable error line on failure."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnreadableFile(f"No such file: {path.name}") from None
    except OSError as error:
        raise UnreadableFile(f"Cannot read {path.name}: {error.strerror}") from None
    if path.is_dir():
        raise UnreadableFile(f"{path.name} is a folder, not a letter file")
    if size == 0:
        raise NotALetter(f"{path.name} is empty")
    if size > MAX_LETTER_BYTES:
        raise NotALetter(f"{path.name} is too large for a letter ({size // 1048576} MB)")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"Cannot read {path.name}: {error.strerror}") from None
    if data.startswith(b"%PDF"):
        text = pdf_text(data, path.name)
    elif data.startswith(b"PK\x03\x04"):
        text = docx_text(data, path.name)
    else:
        text = plain_text(_decode(data, path.name))
    # Text pasted from other programs brings control characters no letter file can hold.
    text.paragraphs = [[xml_safe(line) for line in lines] for lines in text.paragraphs]
    if text.case_number is not None:
        text.case_number = xml_safe(text.case_number)
    return text


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise NotALetter(f"{name} is a binary file, not a letter (TXT, DOCX or PDF)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NotALetter(f"{name} is not readable text")


def plain_text(text: str) -> LetterText:
    """Text as typed, as the workbench's TXT export writes it, or as a PDF text extractor left it.

    Four shapes are told apart, because each marks paragraphs its own way:

    - *seed extracts* put an empty line after every line and mark paragraph
      breaks with a line holding only spaces; runs of empty lines are page
      breaks, which may fall mid-sentence;
    - *PDFium's text* ends a line that wrapped between words with a space, so
      a line without one (and not split at a hyphen) ends its paragraph;
    - *pdftotext* (with or without ``-layout``) wraps lines at the page width
      without trailing spaces and starts each page with a form feed; a line that
      ends a sentence well short of the width ends its paragraph, as does an
      empty line (``-layout`` leaves one between paragraphs);
    - *typed text* and the TXT export separate paragraphs with empty lines.

    A page break (a form feed, or pypdfium2's "# Page N" line) ends the
    paragraph only where the text does not read on (``continues_across_pages``)
    and, in extractor text, the page's last line had room for the next page's
    first word, as ``pdf_text`` decides for a PDF.
    """
    # PDFium's text marks a hyphen at a line end U+FFFE and runs the lines together.
    text = text.replace("\ufffe", "-")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    result = LetterText()
    kept: list[tuple[str, bool]] = []  # (line, first line of a new page)
    new_page = False
    for line in lines:
        if "\f" in line:
            new_page = bool(kept)
            line = line.replace("\f", "")
        if _PAGE_MARK.match(line):  # pypdfium2's "# Page N" before each page's text
            new_page = bool(kept)
            continue
        if header := _CASE_HEADER.match(line):
            result.case_number = result.case_number or header["case"]
            continue
        if _PAGE_LINE.match(line):
            continue
        starts_page = new_page and bool(line.strip())
        kept.append((line, starts_page))
        if starts_page:
            new_page = False
    if any(line and not line.strip() for line, _ in kept):
        return _seed_paragraphs([line for line, _ in kept], result)
    return _wrapped_paragraphs(kept, result)


def _seed_paragraphs(lines: list[str], result: LetterText) -> LetterText:
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if not line:
                continue
            if current:
                result.paragraphs.append(current)
                current = []
            continue
        current.append(line)
    if current:
        result.paragraphs.append(current)
    return result


# A line ends its paragraph when the next line's first word would have fitted on it:
# lines of a wrapped paragraph run to within a few characters of the widest lines.
SHORT_LINE = 0.85


def _short(line: str, following: str, width: int, share: float) -> bool:
    """Whether ``line`` ends a sentence well short of the page width: the first word of
    ``following`` would have fitted on it, so the paragraph ended there."""
    text = line.strip()
    if not ends_sentence(text) or (text.endswith("-") and not text[:-1].endswith(" ")):
        return False
    return len(text) + 1 + len(following.split()[0]) < share * width


def _wrapped_paragraphs(kept: list[tuple[str, bool]], result: LetterText) -> LetterText:
    texts = [line for line, _ in kept if line.strip()]
    if not texts:
        return result
    with_space = sum(1 for line in texts if line.endswith(" ")) / len(texts)
    lengths = sorted(len(line.strip()) for line in texts)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    following = sum(1 for (a, _), (b, _) in zip(kept, kept[1:]) if a.strip() and b.strip())
    # Extractor output: most lines are followed by another, and run close to one width.
    wrapped = following > 0.5 * len(texts) and width <= 160 and \
        sum(1 for n in lengths if n >= 0.75 * width) > 0.3 * len(texts)
    mode = "spaces" if with_space >= 0.25 else "widths" if wrapped else "typed"

    current: list[str] = []
    blank = False
    for line, starts_page in kept:
        if not line.strip():
            blank = True
            continue
        if current:
            previous = current[-1]
            if starts_page:
                # As in a PDF: the text must not read on, and the page's last line must
                # have had room for the next page's first word.
                ends = not continues_across_pages(" ".join(current), line) and (
                    mode == "typed" or _short(previous, line, width, 0.92))
            elif blank:
                ends = True
            elif mode == "spaces":
                # PDFium now and then leaves the space off a wrapped line ("The Claims" /
                # "Administrator ...", "... due to severe pain." / "On 11-04-2016 ..."):
                # a paragraph ends at a sentence end short of the width, without a space.
                ends = not previous.endswith(" ") and _short(previous, line, width, 0.92)
            elif mode == "widths":
                ends = _short(previous, line, width, SHORT_LINE)
            else:
                ends = False
            if ends:
                result.paragraphs.append(current)
                current = []
        blank = False
        current.append(line)
    if current:
        result.paragraphs.append(current)
    return result


def docx_text(data: bytes, name: str) -> LetterText:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_DOCX_UNPACKED:
                raise NotALetter(f"{name} unpacks to more than a letter could hold")
            if "word/document.xml" not in archive.namelist():
                raise NotALetter(f"{name} is a ZIP archive but not a Word document")
    except zipfile.BadZipFile:
        raise UnreadableFile(f"{name} is a damaged Word document") from None
    from docx import Document  # python-docx parses with entity resolution off
    from docx.table import Table

    try:
        document = Document(io.BytesIO(data))
    except Exception:  # python-docx raises several kinds for broken packages
        raise UnreadableFile(f"{name} is a damaged Word document") from None
    result = LetterText()
    for section in document.sections:
        for paragraph in section.header.paragraphs:
            if header := _CASE_HEADER.match(paragraph.text.split("\t")[0]):
                result.case_number = result.case_number or header["case"]
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            # The case header: its cells, row by row, as the lines of one paragraph.
            cells = [cell.text.strip() for row in block.rows for cell in _row_cells(row)]
            if any(cells):
                result.paragraphs.append([cell for cell in cells if cell])
            continue
        lines = [line for line in block.text.split("\n") if line.strip()]
        if lines:
            result.paragraphs.append(lines)
    return result


def _row_cells(row) -> list:
    """A table row's cells once each (python-docx repeats a merged cell per grid column)."""
    seen: list = []
    for cell in row.cells:
        if not any(cell._tc is other._tc for other in seen):
            seen.append(cell)
    return seen


@dataclass
class _Line:
    text: str
    top: float
    bottom: float
    right: float = 0.0  # the right edge of its last character
    first_word: float = 0.0  # the width of its first word
    space: float = 0.0  # the width a space takes at its size (about a quarter of its height)


WORKBENCH_CREATOR = "IMR Reviewer Workbench"  # the Creator the workbench's own PDFs carry


def pdf_text(data: bytes, name: str) -> LetterText:
    """Lines from PDFium with their positions; vertical gaps mark paragraph breaks.

    At a page break, a paragraph runs on when the text reads on
    (``continues_across_pages``). In a PDF the workbench did not write, it also
    runs on when the last line on the page was full: the next page's first word
    would not have fitted on it, so the line wrapped there ("... or ongoing
    management." / "There was no clear ..."). The workbench's own PDFs never
    break a paragraph where the text does not read on, so there the text alone
    decides, and a long last line of a paragraph that ends a page stays its end.
    """
    document = open_pdf(data, name)
    result = LetterText()
    pages: list[list[_Line]] = []
    try:
        own = (document.get_metadata_dict().get("Creator") or "") == WORKBENCH_CREATOR
        for page in document:
            lines = _page_lines(page.get_textpage(), result)
            if lines:
                pages.append(lines)
    finally:
        document.close()
    if not pages:
        raise NotALetter(f"{name} has no text layer (a scanned letter needs OCR first)")
    heights = [line.top - line.bottom for lines in pages for line in lines
               if line.top - line.bottom > 0]
    gap = 0.5 * statistics.median(heights)
    right_margin = max(line.right for lines in pages for line in lines)
    current: list[str] = []
    for index, lines in enumerate(pages):
        if index and current:
            previous = pages[index - 1][-1]
            full = not own and previous.right + previous.space + lines[0].first_word > right_margin
            if not (full or continues_across_pages(" ".join(current), lines[0].text)):
                result.paragraphs.append(current)
                current = []
        for position, line in enumerate(lines):
            if position and lines[position - 1].bottom - line.top > gap and current:
                result.paragraphs.append(current)
                current = []
            current.append(line.text)
    if current:
        result.paragraphs.append(current)
    return result


def _page_lines(textpage, result: LetterText) -> list[_Line]:
    # PDFium reports a hyphen at a line end as U+FFFE ("soft hyphen"); it is the letter's own.
    text = textpage.get_text_range().replace("\ufffe", "-")
    lines: list[_Line] = []
    offset = 0
    for raw in re.split(r"(\r\n|\n)", text):
        if raw in ("\r\n", "\n"):
            offset += len(raw)
            continue
        start, length = offset, len(raw)
        offset += length
        stripped = raw.strip()
        if not stripped:
            continue
        if header := _CASE_HEADER.match(raw):
            result.case_number = result.case_number or header["case"]
            continue
        if _PAGE_LINE.match(raw):
            continue
        first = start + (len(raw) - len(raw.lstrip()))
        last = start + len(raw.rstrip()) - 1
        # PDFium runs a line that ends in a hyphen on into the next without a break, so
        # the text's top is its first character's and its bottom its last character's.
        left, first_bottom, _, top = textpage.get_charbox(first, loose=True)
        _, bottom, right, _ = textpage.get_charbox(last, loose=True)
        word_end = first + len(raw.strip().split()[0]) - 1
        first_word = textpage.get_charbox(word_end, loose=True)[2] - left
        # A line that wrapped between words reads back with a trailing space,
        # as in extractor output; one that ends in a hyphen was split inside a word.
        # A dash standing between words (" - ") is not a split word.
        # A line PDFium ends with a space wrapped there, whatever its last character.
        kept = raw.rstrip()
        split = kept.endswith("-") and not kept[:-1].endswith(" ") and kept == raw
        text_line = kept if split else kept + " "
        # A space is about a quarter of the type's height (the loose box: ascent to descent).
        space = 0.25 * max(top - first_bottom, 1.0)
        lines.append(_Line(text_line, top, bottom, right, first_word, space))
    return lines


def continues_across_pages(previous: str, following: str) -> bool:
    """Whether a paragraph (``previous``: its text up to the break) runs on across a page break.

    A page that ends mid-sentence, or a page that starts in lower case, runs
    on; a page that ends a sentence before one that starts with a capital
    begins a new paragraph. The PDF writer never splits a paragraph where this
    would read as two.
    """
    return following.lstrip()[:1].islower() or not ends_sentence(previous)


SENTENCE_ENDS = (".", ":", "!", "?", '"')


def ends_sentence(text: str) -> bool:
    """A sentence end, also after a closing parenthesis: "... as noted. (PR-2, 04/15/2015, p. 2)"."""
    text = text.rstrip()
    if text.endswith(")"):
        inside = text.rstrip(")")
        if inside.endswith(SENTENCE_ENDS):
            return True
        opening = text.rfind("(")
        return opening > 0 and text[:opening].rstrip().endswith(SENTENCE_ENDS)
    return text.endswith(SENTENCE_ENDS)
