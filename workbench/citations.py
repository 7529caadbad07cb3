"""Guideline citation sentences: structured citations to letter wording and back.

A guideline line is a run of sentences. Letters word them in the citation
style of their day (``Template.citation_periods``):

- page style (2013-2016): "Decision based on MTUS ACOEM Chapter 12 Low Back
  Complaints Page(s): 303.", "... MTUS Chronic Pain Treatment Guidelines
  Page(s): 98-99.";
- section style (from 2016): "Decision based on MTUS Low Back Complaints 2004,
  Section(s): Special Studies.", "... MTUS Opioid Treatment 2016, Section(s):
  3.3.9 ...", "... MTUS Acupuncture Treatment 2007."; one sentence may name
  several guidelines ("... Elbow Complaints 2007, Section(s): Diagnostic
  Criteria, and Forearm, Wrist, and Hand Complaints 2004, Section(s): Summary.");
- non-MTUS sources: "Decision based on Non-MTUS Citation Official Disability
  Guidelines (ODG) Head, CT (computed tomography).", on a line that cites no
  MTUS part opened by the period's preface sentence ("The Expert Reviewer based
  their decision on recommendation(s) outside of the MTUS Guidelines." or, in
  page style, "The Expert Reviewer did not base their decision on the MTUS.").

A line may instead say that nothing was cited ("The Claims Administrator did
not cite any medical evidence for its decision."): a statement, kept as free
text, never a citation (``is_statement``).

One ``Citation`` holds one "Decision based on" sentence. Its fields rebuild
the sentence: ``source`` is the guideline as named, its edition year included
("Low Back Complaints 2004"), ``section`` what follows "Section(s):" (for a
sentence naming several guidelines, the rest of the sentence), ``pages`` what
follows "Page(s):". ``guideline_parts`` reads a citation back into the
guidelines it names, each with its title, edition year and sections.
Whatever the fields cannot rebuild word for word keeps its exact wording in
``Citation.text`` (with the fields still filled as far as they go); a preface
of an older period is kept the same way, at the start of ``text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from workbench.case import Citation, Role
from workbench.letters.template import CitationWording, Template, default_template
from workbench.resources import load_json

DECISION_BASED_ON = "Decision based on"
_MTUS_PREFIX = "MTUS "
_NON_MTUS_PREFIX = "Non-MTUS Citation "
# "Non-MTUS Official ...", "NonMTUS Citation ...": the same meaning, worded loosely (kept verbatim).
_LOOSE_NON_MTUS = re.compile(r"^Non-?\s?MTUS(?:\s+Citation)?\s+")

_WS = re.compile(r"\s+")
_PAGES_TAIL = re.compile(r"(?:,\s*|\s+)Page\(s\):\s*(?P<pages>.+?)\s*$")
_SECTION_TAIL = re.compile(r"(?:,\s*|\s+)Section\(s\):\s*(?P<section>.+?)\s*$")
_PAGE_NUMBERS = r"\d+(?:\s*[-\u2013]\s*\d+)?(?:\s*(?:,|and)\s*\d+(?:\s*[-\u2013]\s*\d+)?)*"
_LOOSE_PAGES = re.compile(
    r"(?:[,:;]\s*|\s+)(?:pages?|pgs?\.?|pp\.|p\.)\s*(?P<pages>" + _PAGE_NUMBERS + r")",
    re.IGNORECASE,
)
_CHAPTER = re.compile(r"^(?P<source>.*?Chapter\s+\d+)(?:,\s*|\s+)(?P<topic>.+)$")
_YEAR = r"(?:19|20)\d\d"
_SECTIONS_MARK = ", Section(s): "


def collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


@cache
def _known_titles(kind: str) -> tuple[str, ...]:
    """``kind``: "mtus", "non_mtus" or "sections" (the MTUS parts as section-style letters
    name them)."""
    titles = load_json("guideline_titles.json")[kind]
    return tuple(sorted(titles, key=len, reverse=True))


# -- printing ------------------------------------------------------------------

def format_sentence(citation: Citation) -> str:
    """The "Decision based on ..." sentence (without preface): as read, or built from the fields."""
    if citation.text is not None:
        return _without_preface(citation.text)[1]
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
        sentence += f"{_SECTIONS_MARK}{citation.section}"
    return sentence + "."


def format_citation(citation: Citation, role: Role, template: Template | None = None) -> str:
    """The citation as printed on ``role``'s line, preface sentence included.

    A preface kept from the letter it was read from (at the start of ``text``)
    prints as it was; otherwise the template's preface is used.
    """
    template = template or default_template()
    sentence = format_sentence(citation)
    if not citation.preface:
        return sentence
    own, _ = _without_preface(citation.text or "")
    return f"{own or template.prefaces[role]} {sentence}".strip()


def format_line(citations: list[Citation], role: Role, template: Template | None = None) -> str:
    """The text after a guideline label: every citation's sentence, in order."""
    return " ".join(
        text for text in (format_citation(c, role, template) for c in citations) if text
    )


# -- prefaces and statements ----------------------------------------------------

@cache
def _all_prefaces() -> tuple[str, ...]:
    template = default_template()
    found = [wording for role in Role for wording in template.known_prefaces(role)]
    return tuple(sorted(set(found), key=len, reverse=True))


def _without_preface(text: str) -> tuple[str | None, str]:
    """(the preface sentence ``text`` opens with, or None; the rest)."""
    for preface in _all_prefaces():
        if text.startswith(preface + " "):
            return preface, text[len(preface):].strip()
    return None, text


def kept_preface(citation: Citation) -> str | None:
    """The preface wording a citation keeps from the letter it was read from, if any."""
    return _without_preface(citation.text or "")[0]


def keep_preface(citation: Citation, preface: str | None) -> None:
    """Let ``citation`` carry ``preface`` as its own wording (None: the template's again)."""
    _, sentence = _without_preface(citation.text or "")
    if citation.text is not None:
        built = format_sentence(Citation(source=citation.source, topic=citation.topic,
                                         pages=citation.pages, section=citation.section,
                                         mtus=citation.mtus))
        citation.text = sentence if sentence != built or citation.source is None else None
    if preface:
        citation.text = f"{preface} {format_sentence(citation)}"


def is_statement(citation: Citation, template: Template | None = None) -> bool:
    """True for a line's statement that nothing was cited: wording, not a citation."""
    template = template or default_template()
    return citation.is_free_text and collapse(citation.text or "") in template.no_evidence.values()


def citation_wording(citation: Citation) -> CitationWording | None:
    """The citation style a citation is worded in, where its words show it.

    Section style: an MTUS guideline named with its edition year ("Low Back
    Complaints 2004"). Page style: "Page(s):" or an ACOEM chapter number. A
    kept preface tells it too. None for free text and undated non-MTUS sources.
    """
    own = kept_preface(citation)
    if own is not None:
        for period in default_template().citation_periods:
            if own in period.prefaces.values():
                return period.wording
    if citation.is_free_text:
        return None
    if citation.mtus and re.search(rf" {_YEAR}(?: Guidelines)?$", citation.source or ""):
        return CitationWording.SECTIONS
    if citation.pages or re.match(r"ACOEM Chapter \d", citation.source or ""):
        return CitationWording.PAGES
    return None


# -- reading -----------------------------------------------------------------------

def parse_line(line: str, role: Role, template: Template | None = None) -> list[Citation]:
    """Split a guideline line (text after its label) into citations, keeping every word.

    Prefaces of every period are recognised for ``role``; one that is not the
    template's stays with its citation (at the start of ``text``). A statement
    that nothing was cited, and any other wording, becomes free text.
    """
    template = template or default_template()
    line = collapse(line)
    if not line:
        return []
    kinds = [(re.escape(DECISION_BASED_ON), "decision")]
    kinds += [(re.escape(wording), "preface") for wording in template.known_prefaces(role)]
    kinds += [(re.escape(wording), "statement") for wording in template.no_evidence.values()]
    markers = sorted((m.start(), m.end(), kind) for pattern, kind in kinds
                     for m in re.finditer(pattern, line))
    citations: list[Citation] = []
    if not markers or markers[0][0] > 0:
        end = markers[0][0] if markers else len(line)
        citations.append(Citation(text=line[:end].strip()))
    pending: str | None = None
    for index, (start, marker_end, kind) in enumerate(markers):
        end = markers[index + 1][0] if index + 1 < len(markers) else len(line)
        segment = line[start:end].strip()
        if kind == "preface":
            rest = line[marker_end:end].strip()
            followed_by_decision = index + 1 < len(markers) and markers[index + 1][2] == "decision"
            if rest or not followed_by_decision:
                citations.append(Citation(text=segment))
            else:
                pending = line[start:marker_end]
            continue
        if kind == "statement":
            citations.append(Citation(text=segment))
            continue
        citation = parse_sentence(segment)
        if pending is not None:
            citation.preface = True
            if pending != template.prefaces[role]:
                citation.text = f"{pending} {segment}"
        pending = None
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
    elif match := _LOOSE_NON_MTUS.match(body):
        mtus, body = False, body[match.end():]
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
    for known in _known_titles("mtus" if mtus else "non_mtus"):
        if not lowered.startswith(known.lower()):
            continue
        rest = title[len(known):]
        if not rest:
            return title, None
        if rest[0] == "," or (rest[0] == " " and mtus):
            return title[: len(known)], rest.strip(" ,") or None
        if rest[0] == " ":
            # "Official Disability Guidelines (ODG) Head, CT (computed tomography)": the body
            # part runs on after the title; the topic follows the first comma.
            named, _, topic = rest.partition(", ")
            return title[: len(known)] + named, topic or None
    if match := _CHAPTER.match(title):
        return match["source"], match["topic"]
    if not mtus and ", " in title:
        source, topic = title.split(", ", 1)
        return source, topic
    return title, None


# -- the guidelines a citation names ---------------------------------------------------

@dataclass(frozen=True)
class GuidelinePart:
    """One guideline a citation sentence names.

    ``title`` without its edition year ("Low Back Complaints"), ``year`` the
    edition year printed after it (2004; None where the wording has none),
    ``section`` the section(s) as printed ("Special Studies, Summary"),
    ``topic`` and ``pages`` as printed in page style and for non-MTUS sources.
    """

    title: str
    year: int | None = None
    section: str | None = None
    topic: str | None = None
    pages: str | None = None


@cache
def _part_pattern() -> re.Pattern[str]:
    names = "|".join(re.escape(name) for name in _known_titles("sections"))
    return re.compile(
        rf"(?:^|, and )(?P<title>{names}|[^,]+?) (?P<year>{_YEAR})(?P<suffix> Guidelines)?"
        rf"(?=, Section\(s\): |, and |$)")


def guideline_parts(citation: Citation) -> list[GuidelinePart]:
    """The guidelines ``citation`` names, in order; [] for free text.

    "MTUS Shoulder Complaints 2004, Section(s): Summary, and Opioid Treatment
    2016, Section(s): 3.3.6 ..." gives two parts: (Shoulder Complaints, 2004,
    Summary) and (Opioid Treatment, 2016, 3.3.6 ...). A title followed by
    "Guidelines" after its year ("Chronic Pain Medical Treatment 2016
    Guidelines") is the same guideline.
    """
    if citation.is_free_text:
        return []
    if not citation.mtus or citation.pages or citation.topic:
        year = re.search(rf"\b({_YEAR})\b", citation.source or "")
        return [GuidelinePart(title=citation.source or "", year=int(year[1]) if year else None,
                              section=citation.section, topic=citation.topic, pages=citation.pages)]
    text = (citation.source or "") + (f"{_SECTIONS_MARK}{citation.section}"
                                       if citation.section else "")
    matches = list(_part_pattern().finditer(text))
    parts, expected_start = [], 0
    for index, match in enumerate(matches):
        if match.start() != expected_start:
            break
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        rest = text[match.end():end]
        section = rest[len(_SECTIONS_MARK):] if rest.startswith(_SECTIONS_MARK) else None
        if rest and section is None:
            break
        parts.append(GuidelinePart(title=match["title"], year=int(match["year"]),
                                   section=section or None))
        expected_start = end
    if parts and expected_start == len(text):
        return parts
    return [GuidelinePart(title=citation.source or "", section=citation.section)]


def edition_year(citation: Citation) -> int | None:
    """The edition year of the (first) guideline a citation names: 2016 for "Chronic Pain
    Medical Treatment 2016, Section(s): ..."; None where the wording gives none."""
    parts = guideline_parts(citation)
    return parts[0].year if parts else None
