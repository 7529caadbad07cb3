"""``specialty``: the reviewer's certifications do not cover the disputed item's field.

An IMR reviewer must be competent for what is disputed: a psychiatrist does
not review a knee arthroscopy, a family physician does not review a lumbar
fusion, a chiropractor does not review a prescription. Which item belongs to
which field, and which certifications cover it, is in
``resources/qa/specialties.json``. Consultations and evaluations belong to no
field (any physician may judge whether a surgeon should see the worker), and
without certifications on the case nothing is said.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from workbench.case import Credentials
from workbench.qa.findings import CREDENTIALS, Finding, Severity, finding_key
from workbench.qa.records import form_pattern
from workbench.qa.registry import CheckContext, register
from workbench.resources import load_json

CHECK = "specialty"


@dataclass(frozen=True)
class Field:
    name: str
    items: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]  # e.g. a dose, "100mg"
    covered_by: tuple[str, ...]  # any of them covers (empty: see not_covered_by)
    not_covered_by: tuple[str, ...]  # all certifications among them: not covered


@cache
def fields() -> tuple[Field, ...]:
    return tuple(Field(f["name"], tuple(f["items"]),
                       tuple(re.compile(p, re.IGNORECASE) for p in f.get("patterns", ())),
                       tuple(f.get("covered_by", ())),
                       tuple(f.get("not_covered_by", ()))) for f in _resource()["fields"])


@cache
def _resource() -> dict:
    return load_json("qa/specialties.json")


def _plain(name: str) -> str:
    return " ".join(re.sub(r"&", " and ", name.lower()).replace("orthopaedic",
                                                                "orthopedic").split())


@lru_cache(maxsize=4096)
def item_fields(description: str) -> tuple[Field, ...]:
    """The fields a disputed item belongs to (none for a consultation or evaluation)."""
    if any(form_pattern(word).search(description) for word in _resource()["consultation_words"]):
        return ()
    return tuple(f for f in fields()
                 if any(form_pattern(form).search(description) for form in f.items)
                 or any(pattern.search(description) for pattern in f.patterns))


def covers(credentials: Credentials, field: Field) -> bool | None:
    """Whether the credentials cover ``field``; None when the case states none."""
    held = [_plain(name) for name in [*credentials.certifications, *credentials.subspecialties]
            if name.strip()]
    if not held:
        return None
    if field.covered_by:
        wanted = [_plain(name) for name in field.covered_by]
        return any(w in h for h in held for w in wanted)
    refused = [_plain(name) for name in field.not_covered_by]
    return not all(any(r == h or r in h for r in refused) for h in held)


@register(CHECK, "the reviewer's certifications do not cover the item's field")
def uncovered_items(context: CheckContext) -> Iterator[Finding]:
    credentials = context.case.credentials
    for index in context.items:
        for field in item_fields(context.case.items[index].description):
            if covers(credentials, field) is False:
                held = ", ".join([*credentials.certifications, *credentials.subspecialties])
                yield Finding(
                    CHECK, Severity.WARNING, index,
                    f"Item {index + 1} is {field.name}; the reviewer's certifications ({held}) "
                    "do not cover it", field=CREDENTIALS,
                    key=finding_key(CHECK, index, f"{field.name}|{held}"))
