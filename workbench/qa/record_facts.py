"""``record-facts``: a rationale that cites nothing found in this worker's records.

A rationale must say why for this worker. Its specifics are looked for in
the case's records (the IMR application and UR determination left out, as
they restate the dispute): page citations ("(PR-2, 04/15/2015, p. 37)"),
dates, measurements ("40 degrees", "6/10", "4+/5", "BMI 27") and findings
(two-word phrases of the sentences about the worker, "straight leg", "disc
protrusion"). Words of the item's own description do not count: the request
is not a fact about the worker. When none of them is in the records, the
rationale is either boilerplate or about someone else; when the records
hold no pages yet, nothing is said. A page citation that resolves to no
page of the records is reported on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from workbench.errors import WorkbenchError
from workbench.qa.dates import find_dates, search_forms
from workbench.qa.findings import RATIONALE, Finding, Severity, finding_key
from workbench.qa.records import CaseRecords
from workbench.qa.registry import CheckContext, register
from workbench.qa.sentences import paragraph_sentences
from workbench.records.citations import resolve_citation

CHECK = "record-facts"

PAGE_CITATION = re.compile(r"\((?P<kind>[A-Za-z][^,()]{1,40}),\s*(?:\d{1,2}/\d{1,2}/\d{4},\s*)?"
                           r"p(?:age|\.)?\s*\d+\)")
_MEASURE = re.compile(
    r"(?<![\w/.])(?:\d+(?:\.\d+)?\+?/(?:10|5)\b"
    r"|\d+(?:\.\d+)?\s*(?:degrees|°|mm|cm|kg|lbs?|pounds|mmhg|bpm|%)(?!\w)"
    r"|(?:BMI|VAS|ODI|NDI|A1c|SLR)\s*(?:of\s+|was\s+|is\s+)?\d+(?:\.\d+)?)"
    r"|\b[CTLS]\d(?:\s*-\s*(?:[CTLS]?\d))\b",
    re.IGNORECASE)
_ABOUT_WORKER = re.compile(
    r"\b(?:patient|injured\s+worker|worker|claimant|applicant|employee|he|she|his|her|in\s+this"
    r"\s+case|records?|documentation|examination|exam|underwent|reported|reports|noted|notes"
    r"|complain(?:s|ed)?|presented|revealed|reveals|showed|shows|demonstrated|documents"
    r"|describes|states|rates|rated|progress\s+report|PR-2|MRI|x-rays?|imaging\s+of\s+\d)\b",
    re.IGNORECASE)
_GUIDELINE = re.compile(r"\b(?:guidelines?|MTUS|ACOEM|ODG|recommend(?:s|ed)?|criteria|evidence-based"
                        r"|studies|literature)\b", re.IGNORECASE)
_PLAIN = frozenset("""a about above after again against all also an and any are as at be because
been before being below between both but by can could did do does doing done down during each few
for from further had has have having he her here hers him his how i if in into is it its itself
just me more most my no nor not now of off on once only or other our out over own same she should
so some such than that the their them then there these they this those through to too under
until up very was we were what when where which while who whom why will with would you your
patient patients worker injured claimant applicant employee request requested requests requesting
medically necessary necessity medical treatment guidelines guideline mtus acoem odg recommended
recommend recommends therefore however noted documentation documented records record report
reports reported review reviewed submitted provided clinical case current currently prior
previous previously recent recently date dated time times per based given including include
includes included additional further evidence indicate indicates indicated showed shows revealed
reveals demonstrated findings finding history status plan continue continued continues well
within without noted note notes consistent significant specific objective subjective due
""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


@dataclass(frozen=True)
class Specifics:
    """What a rationale states about the worker, as the records would write it."""

    citations: tuple[str, ...]  # "(PR-2, 04/15/2015, p. 37)"
    dates: tuple[tuple[str, ...], ...]  # each date's ways of writing (``search_forms``)
    measurements: tuple[str, ...]  # "40 degrees", "7/10", "L4-5", "BMI 27"
    pairs: tuple[str, ...]  # word pairs of the sentences about the worker: "disc protrusion"

    @property
    def numbers(self) -> list[tuple[str, ...]]:
        """The dates and measurements: facts a record states in so many words."""
        return list(self.dates) + [(m,) for m in self.measurements]


@lru_cache(maxsize=1024)
def specifics(paragraphs: tuple[str, ...], description: str) -> Specifics:
    """The specifics of a rationale (its paragraphs); none of them words of the item's own
    description, which names the request rather than a fact about the worker."""
    text = "\n\n".join(paragraphs)
    own = description.lower()
    citations = [m.group(0) for m in PAGE_CITATION.finditer(text)]
    dates = [found.day for found in find_dates(text)
             if text[found.start:found.end].lower() not in own]
    measurements = [m.group(0) for m in _MEASURE.finditer(text) if m.group(0).lower() not in own]
    others: list[str] = []
    for sentence in paragraph_sentences(list(paragraphs)):
        if not _ABOUT_WORKER.search(sentence.text) or _GUIDELINE.search(sentence.text):
            continue
        words = _WORD.findall(PAGE_CITATION.sub(" ", sentence.text))
        for first, second in zip(words, words[1:]):
            if first.lower() in _PLAIN or second.lower() in _PLAIN:
                continue
            if len(first) < 3 or len(second) < 3:
                continue
            pair = f"{first} {second}"
            if pair.lower() not in own:
                others.append(pair)
    return Specifics(tuple(citations), tuple(search_forms(day) for day in dict.fromkeys(dates)),
                     tuple(dict.fromkeys(measurements)), tuple(dict.fromkeys(others)))


@register(CHECK, "the rationale cites nothing found in this worker's records")
def unsupported_rationales(context: CheckContext) -> Iterator[Finding]:
    records = context.records
    if records is None or not records.has_pages:
        return
    for index in context.items:
        item = context.case.items[index]
        if not any(p.strip() for p in item.rationale):
            continue
        yield from _item(context, records, index, item.rationale, item.description)


def _resolves(context: CheckContext, citation: str) -> bool:
    """Whether a page citation points to a page of the case's records (asked once per
    records state: ``CaseRecords.once``)."""
    try:
        resolve_citation(context.database, context.case.id, citation)
    except WorkbenchError:
        return False
    return True


def _item(context: CheckContext, records: CaseRecords, index: int, paragraphs: list[str],
          description: str) -> Iterator[Finding]:
    found = specifics(tuple(paragraphs), description)
    text = "\n\n".join(paragraphs)
    resolved = False
    for citation in found.citations:
        if records.once(f"resolves|{citation}",
                        lambda citation=citation: _resolves(context, citation)):
            resolved = True
        else:
            start = text.find(citation)
            yield Finding(
                CHECK, Severity.WARNING, index,
                f"Item {index + 1} cites {citation}, which is no page of this case's records",
                field=RATIONALE, span=(start, start + len(citation)),
                key=finding_key(CHECK, index, citation))
    if resolved:
        return
    # Dates and measurements are the facts to look for; only a rationale without any is
    # judged by its words about the worker ("disc protrusion"), which any case of the region
    # may share. One question each, until one is found: each answer is kept with the records,
    # so checking again as the reviewer types asks only about new words.
    asked = found.numbers or [(pair,) for pair in found.pairs]
    for forms in asked:
        if records.mentions(list(forms), limit=1, affirmative=False):
            return
    if found.numbers:
        stated = [_shown(forms[0]) for forms in found.numbers[:3]]
        message = (f"Item {index + 1}: none of the rationale's dates and measurements is in "
                   f"this worker's records ({', '.join(stated)}); is it about this worker?")
    else:
        message = (f"Item {index + 1}: the rationale cites nothing from this worker's records "
                   "(no record page, date, finding or measurement)")
    yield Finding(CHECK, Severity.WARNING, index, message, field=RATIONALE,
                  key=finding_key(CHECK, index, text))


def _shown(form: str) -> str:
    parts = form.split()
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return "/".join(parts)
    return form
