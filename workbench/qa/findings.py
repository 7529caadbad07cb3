"""What a quality check says about a determination: a ``Finding``.

A finding names the check that raised it (a stable id such as
``"decision-conclusion"``), how serious it is, the disputed item it concerns
(0-based index, None for the letter or the case as a whole), one sentence a
physician reads at a glance, and where the words concerned are: the field
(``"rationale"``, ``"description"``, ``"summary"``, ...) and a character span
in that field's text as ``field_text`` builds it. Record pages that support
the finding come as ``(file_id, page, citation text)``.

``key`` is the finding's identity for acknowledgements: the check, the item
and a digest of the words concerned, so an acknowledgement survives edits
elsewhere in the letter and lapses when those words change.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum

from workbench.case import Case, Citation

# The fields a finding points into; spans index the text ``field_text`` returns.
RATIONALE = "rationale"  # the item's paragraphs joined with PARAGRAPH_JOIN
DESCRIPTION = "description"  # the item's description (its heading)
DECISION = "decision"  # the item's decision: no text, no span
SUMMARY = "summary"  # the clinical case summary, paragraphs joined with PARAGRAPH_JOIN
CLAIMS_ADMINISTRATOR_CITATIONS = "claims_administrator_citations"  # sentences joined with "\n"
REVIEWER_CITATIONS = "reviewer_citations"  # sentences joined with "\n"
CREDENTIALS = "credentials"  # the certifications, then subspecialties, joined with "\n"

PARAGRAPH_JOIN = "\n\n"


class Severity(str, Enum):
    """ERROR: the letter must not go out so; WARNING: very likely wrong; NOTE: worth a look."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        """2 for an error, 1 for a warning, 0 for a note: compare with ``>=``."""
        return {"error": 2, "warning": 1, "note": 0}[self.value]


@dataclass(frozen=True)
class Finding:
    check: str  # stable id: "decision-conclusion", "no-documentation", ...
    severity: Severity
    item: int | None  # 0-based index of the disputed item, None for the letter/case
    message: str  # one glance for a physician; never a record's text beyond a few words
    field: str | None = None  # where the words are (see the constants above)
    span: tuple[int, int] | None = None  # [start, end) in field_text(case, item, field)
    pages: tuple[tuple[int, int, str], ...] = ()  # (file_id, page of the file, citation text)
    key: str = ""  # stable identity for acknowledgements; filled from the message when empty

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", finding_key(self.check, self.item, self.message))


def finding_key(check: str, item: int | None, words: str) -> str:
    """``"check:item:digest"``: the same words concerned give the same key.

    ``words`` are the words the finding is about (the sentence, the term, the
    region), not the message, so rewording a message keeps acknowledgements.
    Whitespace and case do not count.
    """
    folded = " ".join(words.lower().split())
    digest = hashlib.sha1(folded.encode("utf-8")).hexdigest()[:12]
    return f"{check}:{'-' if item is None else item}:{digest}"


def citation_line(citations: list[Citation]) -> str:
    """A guideline line as the spans of a citations field count it: one sentence a line."""
    from workbench.citations import format_sentence

    return "\n".join(c.text or format_sentence(c) for c in citations)


def field_text(case: Case, item: int | None, field: str) -> str:
    """The text a finding's ``span`` indexes into.

    ``item`` None with ``SUMMARY`` or ``CREDENTIALS``; an item index with the
    item fields. Raises ``KeyError`` for a field with no text (``DECISION``) or
    an unknown one, ``IndexError`` for an item the case does not have.
    """
    if field == SUMMARY:
        return PARAGRAPH_JOIN.join(case.summary)
    if field == CREDENTIALS:
        credentials = case.credentials
        if credentials.verbatim:
            return credentials.verbatim
        return "\n".join([*credentials.certifications, *credentials.subspecialties])
    if item is None:
        raise KeyError(field)
    target = case.items[item]
    if field == RATIONALE:
        return PARAGRAPH_JOIN.join(target.rationale)
    if field == DESCRIPTION:
        return target.description
    if field == CLAIMS_ADMINISTRATOR_CITATIONS:
        return citation_line(target.claims_administrator_citations)
    if field == REVIEWER_CITATIONS:
        return citation_line(target.reviewer_citations)
    raise KeyError(field)


def blocking(findings: list[Finding]) -> list[Finding]:
    """The findings at or above warning: those that make ``qa check`` exit 1."""
    return [f for f in findings if f.severity.rank >= Severity.WARNING.rank]
