"""Plain-text letter: one paragraph per line, blank lines between blocks.

Unwrapped lines keep the text exactly as entered and read back without any
guessing; a text editor wraps them for display. The case header comes first,
its cells lined up in columns with spaces as the table is on paper.
"""

from __future__ import annotations

from workbench.characters import clean_copy
from workbench.letters.document import LetterDocument
from workbench.letters.header import HeaderCell

COLUMN_GAP = 2  # spaces between a label and its value, and between the two cells of a row


def header_lines(rows: list[list[HeaderCell]]) -> list[str]:
    """The header table as lines of text, each row's cells in columns."""
    if not rows:
        return []
    widths: list[int] = []
    for row in rows:
        for index, cell in enumerate(row):
            for offset, text in enumerate((cell.label, cell.value)):
                column = 2 * index + offset
                widths.extend([0] * (column + 1 - len(widths)))
                widths[column] = max(widths[column], len(text))
    lines = []
    for row in rows:
        parts: list[str] = []
        for index, cell in enumerate(row):
            parts.append(cell.label.ljust(widths[2 * index]))
            parts.append(cell.value.ljust(widths[2 * index + 1]))
        lines.append((" " * COLUMN_GAP).join(parts).rstrip())
    return lines


def render_text(letter: LetterDocument) -> str:
    letter = clean_copy(letter)  # the same characters as the DOCX and PDF of the same export
    chunks: list[str] = []
    if letter.case_header:
        chunks.append("\n".join(header_lines(letter.case_header)))
    elif letter.page_header:
        chunks.append(letter.page_header)
    for section in letter.sections:
        chunks.append(section.heading)
        chunks.extend(block.text for block in section.blocks)
    return "\n\n".join(chunks) + "\n"


def write_text(letter: LetterDocument) -> bytes:
    return render_text(letter).encode("utf-8")
