"""Guideline citation sentences: structured citations to letter wording and back.

A guideline line is a run of sentences such as
"Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303." or,
for a non-MTUS source, a preface sentence and then
"Decision based on Non-MTUS Citation Official Disability Guidelines, Pain".
Parsing is deliberately conservative: whatever cannot be rebuilt word for word
from the structured fields keeps its exact wording in ``Citation.text``.
"""

from __future__ import annotations

import re
from functools import cache

from workbench.case import Citation, Role
from workbench.letters.template import Template, default_template
from workbench.resources import load_json

DECISION_BASED_ON = "Decision based on"
_MTUS_PREFIX = "MTUS "
_NON_MTUS_PREFIX = "Non-MTUS Citation "

_WS = re.compile(r"\s+")
_PAGES_TAIL = re.compile(r"(?:,\s*|\s+)Page\(s\):\s*(?P<pages>.+?)\s*$")
_SECTION_TAIL = re.compile(r"(?:,\s*|\s+)Section\(s\):\s*(?P<section>.+?)\s*$")
_PAGE_NUMBERS = r"\d+(?:\s*[-\u2013]\s*\d+)?(?:\s*(?:,|and)\s*\d+(?:\s*[-\u2013]\s*\d+)?)*"
_LOOSE_PAGES = re.compile(
    r"(?:[,:;]\s*|\s+)(?:pages?|pgs?\.?|pp\.|p\.)\s*(?P<pages>" + _PAGE_NUMBERS + r")",
    re.IGNORECASE,
)
_CHAPTER = re.compile(r"^(?P<source>.*?Chapter\s+\d+)(?:,\s*|\s+)(?P<topic>.+)$")


def collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


@cache
def _known_titles(mtus: bool) -> tuple[str, ...]:
    titles = load_json("guideline_titles.json")["mtus" if mtus else "non_mtus"]
    return tuple(sorted(titles, key=len, reverse=True))


def format_sentence(citation: Citation) -> str:
    """The "Decision based on ..." sentence in the standard wording (without preface)."""
    if citation.text is not None:
        return citation.text
    if citation.source is None:
        return ""
    if citation.mtus:
        sentence = f"{DECISION_BASED_ON} {_MTUS_PREFIX}{citation.source}"
        if citation.topic:
            sentence += f" {citation.topic}"
        if citation.pages:
            sentence += f" Page(s): {citation.pages}"
    else:
        sentence = f"{DECISION_BASED_ON} {_NON_MTUS_PREFIX}{citation.source}"
        if citation.topic:
            sentence += f", {citation.topic}"
        if citation.pages:
            sentence += f", Page(s): {citation.pages}"
    if citation.section:
        sentence += f", Section(s): {citation.section}"
    return sentence + "."


def format_citation(citation: Citation, role: Role, template: Template | None = None) -> str:
    """The citation as printed on ``role``'s line, preface sentence included."""
    template = template or default_template()
    sentence = format_sentence(citation)
    if citation.preface:
        return f"{template.prefaces[role]} {sentence}".strip()
    return sentence


def format_line(citations: list[Citation], role: Role, template: Template | None = None) -> str:
    """The text after a guideline label: every citation's sentence, in order."""
    return " ".join(
        text for text in (format_citation(c, role, template) for c in citations) if text
    )


def parse_line(line: str, role: Role, template: Template | None = None) -> list[Citation]:
    """Split a guideline line (text after its label) into citations, keeping every word."""
    template = template or default_template()
    line = collapse(line)
    if not line:
        return []
    preface = template.prefaces[role]
    markers = sorted(
        [(m.start(), "decision") for m in re.finditer(re.escape(DECISION_BASED_ON), line)]
        + [(m.start(), "preface") for m in re.finditer(re.escape(preface), line)]
    )
    citations: list[Citation] = []
    if not markers or markers[0][0] > 0:
        end = markers[0][0] if markers else len(line)
        citations.append(Citation(text=line[:end].strip()))
    pending_preface = False
    for index, (start, kind) in enumerate(markers):
        end = markers[index + 1][0] if index + 1 < len(markers) else len(line)
        segment = line[start:end].strip()
        if kind == "preface":
            rest = segment[len(preface):].strip()
            followed_by_decision = index + 1 < len(markers) and markers[index + 1][1] == "decision"
            if rest or not followed_by_decision:
                citations.append(Citation(text=segment))
            else:
                pending_preface = True
            continue
        citation = parse_sentence(segment)
        citation.preface = pending_preface
        pending_preface = False
        citations.append(citation)
    return citations


def parse_sentence(sentence: str) -> Citation:
    """Structure one "Decision based on ..." sentence; ``text`` keeps loose wording."""
    sentence = collapse(sentence)
    body = sentence[len(DECISION_BASED_ON):].strip() if sentence.startswith(DECISION_BASED_ON) else None
    if not body:
        return Citation(text=sentence)
    body = body[:-1].rstrip() if body.endswith(".") else body
    if body.startswith(_NON_MTUS_PREFIX):
        mtus, body = False, body[len(_NON_MTUS_PREFIX):]
    elif body.startswith(_MTUS_PREFIX):
        mtus, body = True, body[len(_MTUS_PREFIX):]
    else:
        mtus = False

    section = pages = None
    if match := _SECTION_TAIL.search(body):
        section, body = match["section"], body[: match.start()]
    if match := _PAGES_TAIL.search(body):
        pages, body = match["pages"], body[: match.start()]
    loose = list(_LOOSE_PAGES.finditer(body))
    if loose and pages is None:
        pages = loose[-1]["pages"]
    for match in reversed(loose):
        body = body[: match.start()] + body[match.end():]
    source, topic = _split_source(body.strip(" ,"), mtus)
    citation = Citation(source=source, topic=topic, pages=pages, section=section, mtus=mtus)
    if format_sentence(citation) != sentence:
        citation.text = sentence
    return citation


def _split_source(title: str, mtus: bool) -> tuple[str | None, str | None]:
    if not title:
        return None, None
    lowered = title.lower()
    for known in _known_titles(mtus):
        if lowered.startswith(known.lower()):
            rest = title[len(known):]
            if not rest or rest[0] in " ,":
                return title[: len(known)], rest.strip(" ,") or None
    if match := _CHAPTER.match(title):
        return match["source"], match["topic"]
    if not mtus and ", " in title:
        source, topic = title.split(", ", 1)
        return source, topic
    return title, None
