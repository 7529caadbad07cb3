"""Sentences of a letter field, with where each one lies in the field's text.

Checks read a rationale or a summary sentence by sentence and point at the
words they mean by character span, so a sentence keeps the offsets of the
text it came from (the paragraphs joined with "\\n\\n", as
``findings.field_text`` builds it). A full stop ends a sentence when the next
word starts with a capital, a digit or a quote and the word before is not an
abbreviation ("Dr.", "p.", "e.g.", "vs."); a paragraph break always does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.qa.findings import PARAGRAPH_JOIN

_ABBREVIATIONS = frozenset(
    "dr mr mrs ms st no nos p pp vs etc e.g i.e approx fig ref dept jr sr inc co ltd "
    "mg ml cm mm hr hrs min wk wks mo mos yr yrs a.m p.m u.s ca al".split())
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9]|(?<=[a-z0-9][.!?])[A-Z][a-z])"
                  r"|\n\s*\n")


@dataclass(frozen=True)
class Sentence:
    start: int  # offset of the first character in the field's text
    end: int  # offset after the last character
    text: str

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order, each stripped of surrounding spaces."""
    found: list[Sentence] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end() if match.group(0).strip() else match.start()
        if match.group(0).strip():
            word = re.search(r"(\S+)$", text[start:match.start()])
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
            if word and re.fullmatch(r"[A-Za-z]", word.group(1)):  # an initial: "J. Smith"
                continue
        _add(found, text, start, end)
        start = match.end()
    _add(found, text, start, len(text))
    return found


def _add(found: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    begin = start + lead
    found.append(Sentence(begin, begin + len(stripped), stripped))


def paragraph_sentences(paragraphs: list[str]) -> list[Sentence]:
    """The sentences of paragraphs as one field's text (joined with ``PARAGRAPH_JOIN``)."""
    return sentences(PARAGRAPH_JOIN.join(paragraphs))
