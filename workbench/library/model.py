"""The library's plain data, and the one rule that turns an entry into letter wording."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from workbench.case import Citation

ANY_REGION = "any"  # an entry that applies whatever the body region (most Chronic Pain topics)


class CitationStyle(str, Enum):
    """How a source is named on the letter's guideline line.

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


def entry_citation(entry: Entry, source: Source) -> Citation:
    """The structured citation the letter prints for ``entry`` (no preface decided here)."""
    style = CitationStyle(source.citation_style)
    section = entry.section
    if style is CitationStyle.CHAPTER and entry.chapter:
        title, topic = f"{source.citation_title} {entry.chapter}", None
        if not entry.pages and not section:
            section = entry.topic  # else every topic of the chapter would print alike
    elif style is CitationStyle.CHAPTER_TOPIC and entry.chapter:
        title, topic = source.citation_title, f"{entry.chapter}-{entry.topic}"
    else:
        title = source.citation_title
        topic = ", ".join(part for part in (entry.chapter, entry.topic) if part) or None
    return Citation(
        source=title, topic=topic, pages=entry.pages, section=section,
        mtus=source.mtus, entry_key=entry.key,
    )


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
