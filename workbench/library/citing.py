"""Citing library entries on a disputed item, and checking the medical evidence search sequence.

A cited entry becomes a structured ``Citation`` (remembering its entry key),
so the letter's guideline line is built in the wording of the letter's day:
section style for new letters, page style for a letter that already cites
in page style or whose date falls in the page-style period (``letter_wording``).
Citations read from letters are matched back to an entry by any of the
entry's wordings. The sequence check follows the law's order: an item
argued only from non-MTUS guidelines while the MTUS addresses the same
treatment for the same body region gets a warning that names the MTUS
entry; a source not in effect on the date of the UR decision is named too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from workbench.case import Case, Citation, Item, Role
from workbench.citations import (
    citation_wording,
    collapse,
    format_sentence,
    is_statement,
    keep_preface,
    kept_preface,
    parse_sentence,
)
from workbench.errors import NotFound, WorkbenchError
from workbench.letters.template import CitationWording, Template, default_template
from workbench.library.model import (
    ANY_REGION,
    Entry,
    Source,
    cited_as,
    entry_citation,
    wording_owners,
)
from workbench.library.search import EntryHit, LibrarySearch
from workbench.library.store import LibraryStore

_NUMBERS = re.compile(r"\d+(?:\s*[-\u2013]\s*\d+)?")
_BOILERPLATE = re.compile(
    r"Decision based on|Non-MTUS Citation|\bMTUS\b|Page\(s\):|Section\(s\):|\bpages?\b|\bp\.",
    re.IGNORECASE)


class CitingError(WorkbenchError):
    pass


@dataclass(frozen=True)
class SequenceWarning:
    item: int  # the item's number as the letter prints it (1-based)
    message: str
    entry_key: str | None = None


def item_by_number(case: Case, number: int) -> Item:
    if not 1 <= number <= len(case.items):
        raise NotFound(f"Case {case.id} has no item {number} "
                       f"(it has {len(case.items)} item{'s' if len(case.items) != 1 else ''})")
    return case.items[number - 1]


def letter_wording(case: Case, template: Template | None = None,
                   today: dt.date | None = None) -> CitationWording:
    """The citation style a case's letter is worded in.

    A letter that already cites in one style keeps it (a letter read in, the
    seeds included); otherwise the style in use on the day the letter is
    decided (its decision date, else today): section style for new letters,
    page style for a letter of the page-style period.
    """
    template = template or default_template()
    for item in case.items:
        for role in Role:
            for citation in item.citations(role):
                wording = citation_wording(citation)
                if wording is not None:
                    return wording
    day = case.decided_on or today
    return template.citation_period(day).wording


def item_wording(item: Item, template: Template | None = None) -> CitationWording:
    """The style an item's citations are worded in; the template's style for new letters
    when they show none."""
    for role in Role:
        for citation in item.citations(role):
            wording = citation_wording(citation)
            if wording is not None:
                return wording
    return (template or default_template()).citation_period().wording


def cite(item: Item, entry: Entry, source: Source, role: Role,
         wording: CitationWording | None = None, as_cited: str | None = None) -> Citation:
    """Add ``entry`` to ``role``'s citations on ``item``; returns the new citation.

    ``wording``: the letter's citation style (default: the style the item's
    citations already show, else the style for new letters; see
    ``letter_wording``). ``as_cited``: one of the entry's wordings from
    published letters (``cited_as``), printed exactly instead.

    MTUS citations go before the non-MTUS ones. A non-MTUS citation on a line
    that cites no MTUS part gets the preface sentence of the letter's style; a
    statement that nothing was cited leaves the line.
    """
    citations = item.citations(role)
    if any(existing.entry_key == entry.key for existing in citations):
        raise CitingError(f"{entry.key} is already cited on this item")
    template = default_template()
    wording = CitationWording(wording or item_wording(item, template))
    if as_cited is not None:
        if as_cited not in cited_as(entry.key):
            raise CitingError(f"{entry.key} is not cited that way in the letters the library knows")
        citation = parse_sentence(as_cited)
        citation.entry_key = entry.key
    else:
        citation = entry_citation(entry, source, wording)
    citations[:] = [c for c in citations if not is_statement(c, template)]
    if citation.mtus:  # the MTUS leads the line, as it leads the search sequence
        position = next((i for i, c in enumerate(citations) if not c.mtus), len(citations))
        citations.insert(position, citation)
    else:
        citations.append(citation)
    preface = template.in_wording(wording).prefaces[role]
    settle_prefaces(citations, None if preface == template.prefaces[role] else preface)
    return citation


def uncite(item: Item, role: Role, index: int) -> Citation:
    removed = item.citations(role).pop(index)
    settle_prefaces(item.citations(role))
    return removed


def settle_prefaces(citations: list[Citation], wording: str | None = None) -> None:
    """The preface ("... based their decision on recommendation(s) outside of the MTUS
    Guidelines.") opens a line that cites no MTUS source, before its first non-MTUS
    sentence, and appears nowhere else.

    A preface kept from the letter the line was read from (or ``wording``, a
    preface of another period than the template's) stays with the line's first
    non-MTUS citation, printed only while that citation opens an all-non-MTUS
    line: citing an MTUS part and removing it again gives back the line as read.
    """
    structured = [c for c in citations if not c.is_free_text]
    kept = wording or next((p for c in citations if (p := kept_preface(c))), None)
    holder = next((c for c in structured if not c.mtus), None)
    for citation in citations:
        citation.preface = False
        if citation is not holder and kept_preface(citation):
            keep_preface(citation, None)
    if holder is not None and kept and kept_preface(holder) != kept:
        keep_preface(holder, kept)
    if holder is not None and not any(c.mtus for c in structured):
        holder.preface = True


def page_numbers(pages: str | None) -> set[int]:
    numbers: set[int] = set()
    for match in _NUMBERS.finditer(pages or ""):
        low, _, high = match.group(0).replace("\u2013", "-").partition("-")
        start, end = int(low), int(high or low)
        if end - start <= 200:
            numbers.update(range(start, end + 1))
    return numbers


def _same(a: str | None, b: str | None) -> bool:
    return collapse(a or "").lower() == collapse(b or "").lower()


def match_citation(citation: Citation, search: LibrarySearch, limit: int = 5, *,
                   same_mtus: bool = True) -> tuple[list[EntryHit], EntryHit | None]:
    """Library entries a (typed or imported) citation may stand for, best first.

    The second value is the one match sure enough to link automatically: the
    same sentence, or the same source with the cited page among its pages, and
    no second candidate as good. ``same_mtus=False`` also considers entries on
    the other side of the MTUS line (a letter may call an MTUS part non-MTUS).
    """
    sentence = format_sentence(citation)
    words = _BOILERPLATE.sub(" ", " ".join(filter(None, [citation.source, citation.topic,
                                                         citation.section])) or sentence)
    words = re.sub(r"[^\w\s]", " ", words)
    hits = [hit for hit in search.search(words, limit=limit * 4, as_typed=False)
            if hit.source.mtus == citation.mtus or not same_mtus]
    cited_pages = page_numbers(citation.pages) or page_numbers(
        sentence.rsplit("Page(s):", 1)[-1] if "Page(s):" in sentence else "")
    owners = wording_owners().get(collapse(sentence), ())

    cited_chapter = _chapter(sentence)

    def strength(hit: EntryHit) -> int:
        if hit.entry.key in owners:
            return 3 if hit.entry.key == owners[0] else 2
        built = {wording: entry_citation(hit.entry, hit.source, wording)
                 for wording in CitationWording}
        if any(_same(format_sentence(b), sentence) for b in built.values()):
            return 3
        pages = built[CitationWording.PAGES]
        if cited_chapter and cited_chapter == _chapter(pages.source or "") and cited_pages \
                and cited_pages <= page_numbers(hit.entry.pages):
            return 2  # "(ACOEM), 2nd Edition, (2004) Chapter 7, ..., page 127"
        if citation.source and any(_same(_title(b), _title(citation)) for b in built.values()):
            if cited_pages and cited_pages <= page_numbers(hit.entry.pages):
                return 2
            if citation.topic and any(_same(b.topic, citation.topic) for b in built.values()):
                return 2
            return 1
        return 0

    ranked = sorted(hits, key=lambda hit: -strength(hit))[:limit]
    sure = ranked[0] if ranked and strength(ranked[0]) >= 2 else None
    if sure is not None and len(ranked) > 1 and strength(ranked[1]) >= strength(ranked[0]):
        sure = None  # two good candidates: the reviewer chooses
    return ranked, sure


def _chapter(text: str) -> str | None:
    match = re.search(r"\bChapter\s+(\d+)", text)
    return match.group(1) if match else None


def _title(citation: Citation) -> str:
    """The source as named, without "ACOEM ... (2004)" style edition noise, for comparison."""
    title = re.sub(r"\([^)]*\)|,|\b2nd Edition\b|American College of Occupational and "
                   r"Environmental Medicine", " ", citation.source or "")
    return collapse(title.replace("ACOEM ACOEM", "ACOEM"))


def link_citations(case: Case, search: LibrarySearch) -> int:
    """Link every unlinked citation in ``case`` that has one sure match; returns how many."""
    linked = 0
    for item in case.items:
        for role in Role:
            for citation in item.citations(role):
                if citation.entry_key is None:
                    _, sure = match_citation(citation, search)
                    if sure is not None:
                        citation.entry_key = sure.entry.key
                        linked += 1
    return linked


# Treatment kinds too broad to say two entries address the same treatment.
_BROAD_TREATMENTS = frozenset({"medication", "surgery", "DME", "injections", "referral",
                               "consultation", "evaluation"})


def check_search_sequence(case: Case, store: LibraryStore,
                          search: LibrarySearch | None = None) -> list[SequenceWarning]:
    """Warnings where an item's reviewer citations depart from the medical evidence search sequence.

    Three departures: an MTUS part cited as non-MTUS; a non-MTUS guideline
    cited alone where the MTUS addresses the same treatment for the same body
    region; a source not in effect on the date of the UR decision. With a
    ``search``, citations not linked to the library are matched first, and
    those that match nothing are reported as unchecked.
    """
    sources = {source.key: source for source in store.sources()}
    mtus_entries = [entry for entry in store.entries() if sources[entry.source].mtus]
    day = case.ur_decision_on or case.received_on
    warnings: list[SequenceWarning] = []
    for number, item in enumerate(case.items, start=1):
        cited, unmatched = _cited_entries(item.reviewer_citations, store, search)
        for citation, entry in cited:
            source = sources[entry.source]
            if source.mtus and not citation.mtus:
                warnings.append(SequenceWarning(
                    number, f"Item {number}: {_name(entry, source)} is cited as non-MTUS, "
                            f"but it is part of the MTUS ({entry.key})", entry.key))
            if day is not None and not source.in_effect_on(day):
                warnings.append(SequenceWarning(
                    number, f"Item {number}: {source.short_title} was not in effect on "
                            f"{day:%m/%d/%Y}, the date of the UR decision", entry.key))
        non_mtus = [entry for _, entry in cited if not sources[entry.source].mtus]
        if non_mtus and not any(c.mtus for c in item.reviewer_citations if not c.is_free_text):
            best = _mtus_alternative(non_mtus, mtus_entries, sources, day)
            if best is not None:
                warnings.append(SequenceWarning(
                    number,
                    f"Item {number}: the reviewer's citations are all non-MTUS, but the MTUS "
                    f"addresses this treatment: {_name(best, sources[best.source])} "
                    f"({best.key}). The MTUS comes first in the medical evidence search sequence.",
                    best.key,
                ))
        if unmatched:
            warnings.append(SequenceWarning(
                number, f"Item {number}: {unmatched} reviewer citation(s) match no library "
                        "entry and could not be checked"))
    return warnings


def _name(entry: Entry, source: Source) -> str:
    return " ".join(filter(None, [source.short_title, entry.chapter, entry.topic]))


def _cited_entries(citations: list[Citation], store: LibraryStore,
                   search: LibrarySearch | None) -> tuple[list[tuple[Citation, Entry]], int]:
    """The library entries each citation cites: a sentence naming several guidelines
    ("... Low Back Complaints 2004, Section(s): Physical Methods, and Chronic Pain
    Medical Treatment 2016, Section(s): TENS ...") cites each of them."""
    found, unmatched = [], 0
    for citation in citations:
        if citation.is_free_text:
            continue
        keys = list(wording_owners().get(format_sentence(citation), ()))
        if citation.entry_key is not None and citation.entry_key not in keys:
            keys.insert(0, citation.entry_key)
        if not keys and search is not None:
            _, sure = match_citation(citation, search, same_mtus=False)
            keys = [sure.entry.key] if sure else []
            unmatched += sure is None
        for key in keys:
            try:
                found.append((citation, store.entry(key)))
            except NotFound:
                continue
    return found, unmatched


def _mtus_alternative(cited: list[Entry], candidates: list[Entry], sources: dict[str, Source],
                      day: dt.date | None) -> Entry | None:
    """The MTUS entry for the same specific treatment and a compatible body region."""
    regions = {region for entry in cited for region in entry.body_regions}
    treatments = {t for entry in cited for t in entry.treatments} - _BROAD_TREATMENTS
    best, best_rank = None, None
    for entry in candidates:
        shared = treatments & set(entry.treatments)
        if not shared:
            continue
        own = set(entry.body_regions)
        specific = bool(regions & own - {ANY_REGION})
        if not specific and ANY_REGION not in own:
            continue  # another region's entry; an "any" citation takes only "any" entries
        if day is not None and not sources[entry.source].in_effect_on(day):
            continue
        rank = (specific, len(shared), entry.pages_verified, -len(entry.treatments))
        if best_rank is None or rank > best_rank:
            best, best_rank = entry, rank
    return best
