"""What a change touched: the one description every view refreshes from.

An operation (an edit of the open case, a save, a records correction, a
library edit, a settings change, or a change another process made) returns a
``Changes``; the window announces it once, and each view redraws only the
parts it shows. Modelled on Anki's ``OpChanges``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.case import Case

# Parts of the open case.
CASE = "case"  # particulars, status, claimant term, letter wording, credentials
FORM = "form"  # the structured summary form
SUMMARY = "summary"  # the clinical case summary's paragraphs
ITEMS = "items"  # disputed items, decisions, citations, rationales
CASE_PARTS = frozenset({CASE, FORM, SUMMARY, ITEMS})
# Outside the open case's content.
RECORDS = "records"  # documents, pages, chronology
READING = "reading"  # which record pages the reviewer has opened (the lists keep their rows)
LIBRARY = "library"  # guideline entries, snippets, guideline PDFs
SETTINGS = "settings"  # the reviewer profile and workbench defaults
CASE_LIST = "case_list"  # cases added, removed, renamed, restored
ALL_PARTS = CASE_PARTS | {RECORDS, READING, LIBRARY, SETTINGS, CASE_LIST}

_CASE_FIELDS = ("organization", "organization_short", "case_number", "claim_number",
                "review_type", "status", "claimant_term", "received_on", "ur_decision_on",
                "due_on", "decided_on", "application_received_on", "credentials", "wording",
                "documents_reviewed", "qa_acknowledgements")


@dataclass(frozen=True)
class Changes:
    """Which parts changed, for which case, and who asked.

    ``origin`` is the object (a view) that made the change, so it can skip
    redrawing the widget being typed in; ``external`` marks a change another
    window or process made, found in the database. ``items`` holds the
    positions of the changed items when known (empty with ITEMS in ``parts``:
    any item may have changed, or items were added, removed or moved).
    """

    parts: frozenset[str] = frozenset()
    case_id: int | None = None
    items: frozenset[int] = frozenset()
    origin: object | None = field(default=None, compare=False)
    external: bool = False

    def touches(self, *parts: str) -> bool:
        return any(part in self.parts for part in parts)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.parts | other.parts,
            self.case_id if self.case_id is not None else other.case_id,
            self.items | other.items,
            self.origin if self.origin is other.origin else None,
            self.external or other.external,
        )

    @classmethod
    def of(cls, *parts: str, case_id: int | None = None, origin: object | None = None,
           external: bool = False) -> Changes:
        return cls(frozenset(parts), case_id, frozenset(), origin, external)


def case_changes(before: Case, after: Case, *, origin: object | None = None,
                 external: bool = False) -> Changes:
    """The parts of a case that differ between two copies of it (empty when none do)."""
    parts: set[str] = set()
    if any(getattr(before, name) != getattr(after, name) for name in _CASE_FIELDS):
        parts.add(CASE)
    if before.summary_form != after.summary_form:
        parts.add(FORM)
    if before.summary != after.summary:
        parts.add(SUMMARY)
    items: set[int] = set()
    if before.items != after.items:
        parts.add(ITEMS)
        if len(before.items) == len(after.items):
            items = {i for i, (a, b) in enumerate(zip(before.items, after.items)) if a != b}
    return Changes(frozenset(parts), after.id, frozenset(items), origin, external)


def case_field_names() -> tuple[str, ...]:
    """The ``Case`` fields that make up the CASE part (used by merging)."""
    return _CASE_FIELDS

