"""The disputed items of a case as the reviewer edits them: order, numbers, citations, rationale.

The letter prints an item's ``number`` before its description. Letters the
workbench writes number their items 1, 2, 3; a letter read in without numbers
keeps printing none. Every change to the order goes through ``renumber`` so
the numbers always follow the positions, whichever style the case has.
"""

from __future__ import annotations

import re

from workbench.case import Case, Citation, Decision, Item, Role
from workbench.citations import format_line
from workbench.letters.template import Template, default_template
from workbench.library.citing import SequenceWarning, settle_prefaces
from workbench.library.model import Snippet

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def numbered(case: Case) -> bool:
    """Whether the case's items carry numbers (a new case's do)."""
    return not case.items or any(item.number is not None for item in case.items)


def renumber(case: Case, *, numbers: bool | None = None) -> None:
    use = numbered(case) if numbers is None else numbers
    for position, item in enumerate(case.items):
        item.number = position + 1 if use else None


def add_item(case: Case, description: str = "", decision: Decision | None = None,
             position: int | None = None) -> int:
    """Insert a new item (at the end unless ``position``); returns its position. It has no
    decision until the reviewer picks one (or ``decision`` gives it)."""
    use = numbered(case)
    position = len(case.items) if position is None else max(0, min(position, len(case.items)))
    case.items.insert(position, Item(description=description, decision=decision))
    renumber(case, numbers=use)
    return position


def remove_item(case: Case, position: int) -> Item:
    use = numbered(case)
    removed = case.items.pop(position)
    renumber(case, numbers=use)
    return removed


def move_item(case: Case, position: int, to: int) -> int:
    """Move the item at ``position`` to ``to`` (clamped); returns where it ended up."""
    to = max(0, min(to, len(case.items) - 1))
    if to != position:
        use = numbered(case)
        case.items.insert(to, case.items.pop(position))
        renumber(case, numbers=use)
    return to


def move_citation(item: Item, role: Role, index: int, to: int) -> int:
    """Reorder one of ``role``'s citations; the preface follows the rule, not the citation."""
    citations = item.citations(role)
    to = max(0, min(to, len(citations) - 1))
    if to != index:
        citations.insert(to, citations.pop(index))
        settle_prefaces(citations)
    return to


def rationale_paragraphs(text: str) -> list[str]:
    """Editor text to the letter's rationale paragraphs: blank lines separate them,
    a single line break inside a paragraph is a space."""
    paragraphs = []
    for block in _BLANK_LINE.split(text.replace("\r\n", "\n")):
        lines = [line.strip() for line in block.split("\n")]
        paragraph = " ".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def rationale_text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def guideline_line(case: Case, item: Item, role: Role, template: Template | None = None) -> str:
    """The guideline line exactly as the letter prints it for ``role``: label, then sentences."""
    template = template or default_template()
    label = template.guideline_label(role, case.organization_short)
    line = format_line(item.citations(role), role, template)
    return f"{label} {line}" if line else label


def citation_label(citation: Citation) -> str:
    """A short name for a citation in a list: the source and topic, or the free text."""
    if citation.is_free_text:
        return citation.text or "(empty)"
    parts = [citation.source or "", citation.topic or ""]
    where = f"p. {citation.pages}" if citation.pages else citation.section or ""
    text = " ".join(part for part in parts if part)
    return f"{text}, {where}" if where else text


def warnings_for(warnings: list[SequenceWarning], position: int) -> list[SequenceWarning]:
    """The sequence warnings about the item at ``position`` (the check counts from 1)."""
    return [warning for warning in warnings if warning.item == position + 1]


def snippets_for(snippets: list[Snippet], cited: set[str], text: str = "") -> list[Snippet]:
    """Snippets whose title or text holds every typed word; those arguing from an entry
    cited on the item (``cited``: entry keys) come first."""
    words = text.lower().split()
    found = [s for s in snippets if all(word in f"{s.title}\n{s.text}".lower() for word in words)]
    return sorted(found, key=lambda s: (not set(s.entries) & cited, s.title.lower()))
