"""Merging two writers' changes to one case: what can be combined, and what truly conflicts.

When a save is refused because the stored case moved on, the window holds
three copies: ``base`` (what both writers started from), ``mine`` (the open
window's copy) and ``theirs`` (the stored one). A part changed on one side
only takes that side's value; a part changed on both sides to different
values is a conflict the reviewer decides. Parts are compared at the
granularity reviewers edit: each particular of the case, each field of the
summary form, the summary as a whole, and each part of each disputed item
(description, decision, rationale, each role's citations) when neither
side added, removed or moved items, so a position names the same item on all
three; otherwise the item list as a whole).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Literal

from workbench.case import Case
from workbench.changes import case_field_names

_MISSING = object()
# An item's parts that two writers may change independently: the reviewer types the
# rationale while a command adds a citation, say.
_ITEM_FIELDS = (("description", "description"), ("number", "number"),
                ("decision", "decision"), ("rationale", "rationale"),
                ("claims_administrator_citations", "claims administrator's citations"),
                ("reviewer_citations", "reviewer's citations"))
_LABELS = {
    "case_number": "Case number", "claim_number": "Claim number",
    "review_type": "Review type", "status": "Status", "claimant_term": "Claimant term",
    "received_on": "Date received", "ur_decision_on": "UR decision date", "due_on": "Due date",
    "decided_on": "Decision date", "application_received_on": "Application received",
    "organization": "Organization", "organization_short": "Organization short name",
    "credentials": "Credentials", "wording": "Letter wording",
    "documents_reviewed": "Documents reviewed", "qa_acknowledgements": "QA acknowledgements",
}


@dataclass
class Conflicting:
    """One part both writers changed differently; ``mine`` and ``theirs`` are its values."""

    key: tuple  # ("field", name) | ("form", key) | ("summary",) | ("item", position, field)
    #             | ("items",)
    label: str
    mine: Any
    theirs: Any


@dataclass
class Merge:
    """The combined case (conflicting parts left as in ``theirs``) and the conflicts."""

    case: Case
    conflicts: list[Conflicting] = field(default_factory=list)

    def resolved(self, prefer: Literal["mine", "theirs"]) -> Case:
        """The merged case with every conflict decided for one side."""
        result = copy.deepcopy(self.case)
        if prefer == "mine":
            for conflict in self.conflicts:
                _put(result, conflict.key, copy.deepcopy(conflict.mine))
        return result


def merge_cases(base: Case, mine: Case, theirs: Case) -> Merge:
    """Three-way merge of one case; the result carries ``theirs``'s id and version."""
    merged = copy.deepcopy(theirs)
    conflicts: list[Conflicting] = []

    def take(key: tuple, label: str, b: Any, m: Any, t: Any) -> None:
        if m == t or m == b:
            return  # same on both sides, or only theirs changed: merged already has theirs
        if t == b:
            _put(merged, key, copy.deepcopy(m))
        else:
            conflicts.append(Conflicting(key, label, m, t))

    for name in case_field_names():
        take(("field", name), _LABELS.get(name, name), getattr(base, name), getattr(mine, name),
             getattr(theirs, name))
    keys = list(dict.fromkeys([*theirs.summary_form, *mine.summary_form, *base.summary_form]))
    for key in keys:
        take(("form", key), f"Summary form: {key.replace('_', ' ')}",
             base.summary_form.get(key, _MISSING), mine.summary_form.get(key, _MISSING),
             theirs.summary_form.get(key, _MISSING))
    take(("summary",), "Clinical case summary", base.summary, mine.summary, theirs.summary)
    if len(base.items) == len(mine.items) == len(theirs.items) \
            and _in_place(base.items, mine.items) and _in_place(base.items, theirs.items):
        for position, (b, m, t) in enumerate(zip(base.items, mine.items, theirs.items)):
            for name, label in _ITEM_FIELDS:
                take(("item", position, name), f"Item {position + 1}: {label}",
                     getattr(b, name), getattr(m, name), getattr(t, name))
    else:
        take(("items",), "Disputed items", base.items, mine.items, theirs.items)
    return Merge(merged, conflicts)


def _in_place(base: list, side: list) -> bool:
    """True when ``side`` is ``base`` with items edited where they stand: no item of
    ``base`` turns up at another position (a move), so positions name the same items."""
    return all(item == base[position] or all(item != other for index, other in enumerate(base)
                                             if index != position)
               for position, item in enumerate(side))


def _put(case: Case, key: tuple, value: Any) -> None:
    kind = key[0]
    if kind == "field":
        setattr(case, key[1], value)
    elif kind == "form":
        if value is _MISSING:
            case.summary_form.pop(key[1], None)
        else:
            case.summary_form[key[1]] = value
    elif kind == "summary":
        case.summary = value
    elif kind == "item":
        setattr(case.items[key[1]], key[2], value)
    else:
        case.items = value
