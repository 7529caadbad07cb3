"""``summary-items``: the clinical case summary against the disputed items and the records.

Three things a summary must hold together with the rest of the letter:

- every disputed item is mentioned in it (by one of the words that name its
  treatment: "MRI", "Norco", "chiropractic"; regions, sides, counts and
  frequencies do not name a treatment);
- it reports the UR decision, with the date the case gives for it;
- the items are the treatments the IMR application (else the UR letter) in
  the records lists (``workbench.proposals.read_proposals``): an application
  treatment no item covers, an item the application does not list, and an
  item whose numbers (dose, quantity, visits) differ from the application's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from workbench.qa.dates import find_dates
from workbench.qa.findings import DESCRIPTION, SUMMARY, Finding, Severity, finding_key
from workbench.qa.registry import CheckContext, register
from workbench.qa.records import form_pattern
from workbench.qa.regions import places

CHECK = "summary-items"
SAME_TREATMENT = 0.5  # share of the shorter description's treatment words the other shares

_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                 "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
                 "twelve": "12", "twice": "2", "once": "1", "thrice": "3", "single": "1"}
_NOT_TREATMENT = frozenset("""a an the of for to and or with without per in on at by as from
times time week weeks weekly day days daily month months monthly year years session sessions
visit visits unit units qty quantity request requested original remaining portion authorized
claims administrator imr eligible was is be were the retrospective dos date service purchase
rental trial additional continued continue continuation follow up left right bilateral both
upper lower spine spinal region area mg mcg ml gm g tab tabs tablet tablets capsule capsules
refill refills supply every hours hour as needed prn take by mouth oral orally apply affected
x contrast dye only unknown sodium citrate hcl er sr xr possible associated surgical post-op
postoperative post operative perioperative scan study studies test testing""".split())
_UR = re.compile(r"utilization\s+review|\bUR\b|non-?certif|\bnot\s+certified|\b(?:prior|previous"
                 r"|initial)\s+(?:review|determination|denial|decision|reviewer)|determination\s+"
                 r"letter|\bdenied\b|\bmodified\b|claims\s+administrator", re.IGNORECASE)


@lru_cache(maxsize=4096)
def treatment_words(description: str) -> frozenset[str]:
    """The words that name an item's treatment, in a comparable form (lower case, the first
    six letters: "chiropractic" and "chiropractor" meet)."""
    regions = {m for place in places(description)
               for m in description[place.start:place.end].lower().split()}
    words = set()
    for word in re.findall(r"[A-Za-z][A-Za-z'-]*", description):
        lower = word.lower()
        if lower in _NOT_TREATMENT or lower in regions or lower in _NUMBER_WORDS:
            continue
        if len(lower) < 3 and not (word.isupper() and len(word) == 2):
            continue
        words.add(lower[:6])
    return frozenset(words)


def _said(text: str) -> set[str]:
    return {w.lower()[:6] for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text)}


@lru_cache(maxsize=4096)
def _named_concepts(text: str) -> tuple:
    from workbench.qa.absence import concepts

    return tuple(c for c in concepts() if any(form_pattern(f).search(text) for f in c.forms))


def numbers(description: str) -> set[str]:
    """The numbers a description states (dose, quantity, visits), number words included."""
    found = set(re.findall(r"\d+(?:\.\d+)?", description))
    found |= {_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", description.lower())
              if w in _NUMBER_WORDS}
    return found


def same_treatment(a: str, b: str) -> bool:
    """Whether two descriptions name the same treatment: most of the shorter one's treatment
    words in the other, or a concept both name ("MRI" and "magnetic resonance imaging")."""
    first, second = treatment_words(a), treatment_words(b)
    if not first or not second:
        return False
    if len(first & second) / min(len(first), len(second)) >= SAME_TREATMENT:
        return True
    return bool({c.name for c in _named_concepts(a)} & {c.name for c in _named_concepts(b)})


def mentions(summary: str, description: str) -> bool:
    """Whether ``summary`` names the item's treatment: one of its treatment words, or a way
    of writing a concept it names ("MRI" as "magnetic resonance imaging")."""
    words = treatment_words(description)
    if not words:
        return True  # nothing to look for
    if words & _said(summary):
        return True
    return any(form_pattern(form).search(summary) for concept in _named_concepts(description)
               for form in concept.forms)


@register(CHECK, "the summary leaves out an item or the UR decision; items differ from "
                 "the IMR application")
def summary_findings(context: CheckContext) -> Iterator[Finding]:
    case = context.case
    summary = "\n\n".join(case.summary)
    if summary.strip():
        for index in context.items:
            item = case.items[index]
            if item.description.strip() and not mentions(summary, item.description):
                yield Finding(CHECK, Severity.WARNING, index,
                              f"Item {index + 1} is not mentioned in the clinical case summary",
                              field=DESCRIPTION,
                              key=finding_key(CHECK, index, f"summary|{item.description}"))
        if context.letter:
            yield from _ur_findings(context, summary)
    records = context.records
    if records is not None and records.has_pages:
        yield from _application_findings(context)


def _ur_findings(context: CheckContext, summary: str) -> Iterator[Finding]:
    said = [m for m in _UR.finditer(summary)]
    if not said:
        yield Finding(CHECK, Severity.WARNING, None,
                      "The clinical case summary does not report the UR decision and its date",
                      field=SUMMARY, key=finding_key(CHECK, None, "no UR decision"))
        return
    day = context.case.ur_decision_on
    days = [found.day for found in find_dates(summary)]
    if day is not None and day not in days:
        yield Finding(CHECK, Severity.WARNING, None,
                      f"The clinical case summary does not give the UR decision's date "
                      f"({day:%m/%d/%Y})", field=SUMMARY, span=said[-1].span(),
                      key=finding_key(CHECK, None, f"UR date|{day}"))
    elif day is None and not days:
        yield Finding(CHECK, Severity.WARNING, None,
                      "The clinical case summary does not give the UR decision's date",
                      field=SUMMARY, span=said[-1].span(), key=finding_key(CHECK, None, "UR date"))


def _application_findings(context: CheckContext) -> Iterator[Finding]:
    listed = context.records.once("item proposals", lambda: _item_proposals(context))
    if not listed:
        return
    case = context.case
    for index in context.items:
        description = case.items[index].description
        if not description.strip():
            continue
        same = [(p, kind) for p, kind in listed
                if same_treatment(description, p.value["description"])]
        if not same:
            yield Finding(CHECK, Severity.WARNING, index,
                          f"Item {index + 1} is not among the treatments the "
                          f"{_source(listed[0][1])} lists", field=DESCRIPTION,
                          pages=tuple(_support(context, p) for p, _kind in listed),
                          key=finding_key(CHECK, index, f"not listed|{description}"))
            continue
        proposal, kind = same[0]
        theirs = proposal.value["description"]
        if numbers(description) and numbers(theirs) and numbers(description) != numbers(theirs):
            yield Finding(CHECK, Severity.WARNING, index,
                          f"Item {index + 1} differs from the {_source(kind)}'s \"{theirs}\"",
                          field=DESCRIPTION, pages=(_support(context, proposal),),
                          key=finding_key(CHECK, index, f"differs|{description}|{theirs}"))
    if context.letter:
        for proposal, kind in listed:
            wanted = proposal.value["description"]
            if not any(same_treatment(item.description, wanted) for item in case.items):
                yield Finding(CHECK, Severity.WARNING, None,
                              f"The {_source(kind)} lists \"{wanted}\", which no disputed item "
                              "covers", pages=(_support(context, proposal),),
                              key=finding_key(CHECK, None, f"uncovered|{wanted}"))


def _item_proposals(context: CheckContext) -> list:
    """(proposal, kind of the document it was read from) for each disputed treatment the
    records list; kept with the records, read again only when they change."""
    from workbench.proposals import read_proposals

    found = read_proposals(context.database, context.case.id)
    return [(p, found.kinds.get(p.document_id)) for p in found.proposals if p.field == "item"]


def _source(kind) -> str:
    from workbench.records.kinds import DocumentKind

    return "UR determination" if kind is DocumentKind.UR_DETERMINATION else "IMR application"


def _support(context: CheckContext, proposal) -> tuple[int, int, str]:
    return (proposal.file_id, proposal.page,
            context.records.cite(proposal.file_id, proposal.page))
