"""The library's plain data, and the one rule that turns an entry into letter wording."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cache

from workbench.case import Citation
from workbench.letters.template import CitationWording
from workbench.resources import load_json

ANY_REGION = "any"  # an entry that applies whatever the body region (most Chronic Pain topics)


class CitationStyle(str, Enum):
    """How a source is named on the letter's guideline line in page style (see
    ``CitationWording``; section style names a source by ``source_name``).

    ``chapter``: the chapter is part of the title and no topic is printed
    ("MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304.").
    ``topic``: the title, then the topic ("MTUS Chronic Pain Treatment
    Guidelines Physical Medicine Page(s): 98-99.").
    ``chapter-topic``: the title, then chapter and topic joined by a hyphen,
    as ODG is cited ("Non-MTUS Citation Official Disability Guidelines,
    Pain (Chronic)-Office Visits.").
    """

    CHAPTER = "chapter"
    TOPIC = "topic"
    CHAPTER_TOPIC = "chapter-topic"


class Origin(str, Enum):
    SEED = "seed"          # shipped with the workbench; refreshed on upgrade until edited
    REVIEWER = "reviewer"  # the reviewer's own; never touched by an upgrade


TIERS = {
    1: "MTUS",
    2: "Other evidence-based guidelines",
    3: "Other nationally recognized guidelines",
    4: "Peer-reviewed studies",
    5: "Other evidence",
}


@dataclass
class Source:
    key: str
    title: str
    short_title: str
    citation_title: str
    mtus: bool
    tier: int
    citation_style: CitationStyle = CitationStyle.TOPIC
    publisher: str | None = None
    edition: str | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None

    def in_effect_on(self, day: dt.date) -> bool:
        starts = self.effective_from is None or self.effective_from <= day
        return starts and (self.effective_to is None or day < self.effective_to)


@dataclass
class Entry:
    key: str
    source: str  # the source's key
    topic: str
    chapter: str | None = None
    pages: str | None = None
    section: str | None = None
    summary: str = ""
    body_regions: list[str] = field(default_factory=list)
    treatments: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    pages_verified: bool = False
    document_page: int | None = None  # printed page to open in the guideline PDF


@dataclass
class Snippet:
    key: str
    title: str
    text: str
    entries: list[str] = field(default_factory=list)  # keys of the entries it argues from


def entry_citation(entry: Entry, source: Source,
                   wording: CitationWording = CitationWording.SECTIONS) -> Citation:
    """The structured citation the letter prints for ``entry`` (no preface decided here).

    ``wording`` is the citation style of the letter's day. Section style:
    "MTUS Low Back Complaints 2004, Section(s): Special Studies." (the entry's
    ``section``; none for an entry standing for a whole chapter or guideline),
    and for ODG "Non-MTUS Citation Official Disability Guidelines (ODG) Head, CT
    (computed tomography)." Page style: "MTUS ACOEM Chapter 12 Low Back
    Complaints Page(s): 303-304.", by the source's ``citation_style``.
    """
    if CitationWording(wording) is CitationWording.SECTIONS:
        return _section_citation(entry, source)
    return _page_citation(entry, source)


def _page_citation(entry: Entry, source: Source) -> Citation:
    style = CitationStyle(source.citation_style)
    section = None
    if style is CitationStyle.CHAPTER and entry.chapter:
        title, topic = f"{source.citation_title} {entry.chapter}", None
        if not entry.pages and not whole(entry, source):
            section = entry.topic  # else every topic of the chapter would print alike
    elif style is CitationStyle.CHAPTER_TOPIC and entry.chapter:
        title, topic = source.citation_title, f"{entry.chapter}-{entry.topic}"
    else:
        title = source.citation_title
        topic = None if whole(entry, source) else \
            ", ".join(part for part in (entry.chapter, entry.topic) if part) or None
    return Citation(source=title, topic=topic, pages=entry.pages, section=section,
                    mtus=source.mtus, entry_key=entry.key)


def _section_citation(entry: Entry, source: Source) -> Citation:
    name = source_name(entry, source)
    if source.mtus:
        section = entry.section if _named(source) or whole(entry, source) else \
            entry.section or entry.topic
        return Citation(source=name, section=section, mtus=True, entry_key=entry.key)
    if CitationStyle(source.citation_style) is CitationStyle.CHAPTER_TOPIC:
        if entry.chapter:  # "(ODG) Head, CT (computed tomography)"
            return Citation(source=f"{name} {short_chapter(entry.chapter)}", topic=entry.topic,
                            pages=entry.pages, mtus=False, entry_key=entry.key)
        return Citation(source=name, topic=entry.topic, pages=entry.pages, mtus=False,
                        entry_key=entry.key)
    topic = ", ".join(part for part in (entry.chapter, entry.topic) if part) or None
    return Citation(source=name, topic=topic, pages=entry.pages, mtus=False, entry_key=entry.key)


def whole(entry: Entry, source: Source) -> bool:
    """Whether ``entry`` stands for a whole chapter or guideline: its topic is the chapter's
    title ("Low Back Complaints" in "Chapter 12 Low Back Complaints") or the source's."""
    chapter_title = re.sub(r"^Chapter \d+\s+", "", entry.chapter or "")
    return entry.topic in (chapter_title, source.citation_title)


def short_chapter(chapter: str) -> str:
    """An ODG chapter as letters name it: "Low Back" for "Low Back - Lumbar & Thoracic
    (Acute & Chronic)", "Pain" for "Pain (Chronic)"."""
    return re.split(r" - | \(", chapter, maxsplit=1)[0].strip()


@cache
def _wording() -> dict:
    return load_json("library/letter_wording.json")


def _named(source: Source) -> bool:
    return source.key in _wording()["names"]


def source_name(entry: Entry, source: Source) -> str:
    """How a section-style letter names ``entry``'s guideline, edition year included:
    "Low Back Complaints 2004", "Chronic Pain Medical Treatment 2016"."""
    names = _wording()["names"].get(source.key)
    number = re.match(r"Chapter (\d+)", entry.chapter or "")
    if isinstance(names, dict) and number and number[1] in names:
        return names[number[1]]
    if isinstance(names, str):
        return names
    year = re.search(r"\b(?:19|20)\d\d\b", source.edition or "")
    if CitationStyle(source.citation_style) is CitationStyle.CHAPTER and entry.chapter:
        title = re.sub(r"^Chapter \d+\s+", "", entry.chapter)
    else:
        title = source.citation_title
        if entry.chapter and source.mtus:
            title = f"{title} {entry.chapter}"
    return f"{title} {year[0]}" if year and year[0] not in title else title


@cache
def _cited_as() -> dict[str, tuple[str, ...]]:
    by_entry: dict[str, list[str]] = {}
    for sentence, keys in _wording()["cited_as"].items():
        for key in keys:
            by_entry.setdefault(key, []).append(sentence)
    return {key: tuple(sentences) for key, sentences in by_entry.items()}


def cited_as(entry_key: str) -> tuple[str, ...]:
    """Other wordings under which published letters cite the entry (exact sentences)."""
    return _cited_as().get(entry_key, ())


@cache
def wording_owners() -> dict[str, tuple[str, ...]]:
    """Each of those wordings, to the entries it cites (the one it names first first)."""
    return {sentence: tuple(keys) for sentence, keys in _wording()["cited_as"].items()}


def first_page(pages: str | None) -> int | None:
    """The first printed page number in "303-304", "98, 99" or "p. 127"."""
    if not pages:
        return None
    digits = ""
    for char in pages:
        if char.isdigit():
            digits += char
        elif digits:
            break
    return int(digits) if digits else None
