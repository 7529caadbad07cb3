"""Plain-text letter: one paragraph per line, blank lines between blocks.

Unwrapped lines keep the text exactly as entered and read back without any
guessing; a text editor wraps them for display.
"""

from __future__ import annotations

from workbench.characters import clean_copy
from workbench.letters.document import LetterDocument


def render_text(letter: LetterDocument) -> str:
    letter = clean_copy(letter)  # the same characters as the DOCX and PDF of the same export
    chunks: list[str] = []
    if letter.page_header:
        chunks.append(letter.page_header)
    for section in letter.sections:
        chunks.append(section.heading)
        chunks.extend(block.text for block in section.blocks)
    return "\n\n".join(chunks) + "\n"


def write_text(letter: LetterDocument) -> bytes:
    return render_text(letter).encode("utf-8")
