"""Citing library entries on a disputed item, and checking the medical evidence search sequence.

A cited entry becomes a structured ``Citation`` (remembering its entry key),
so the letter's guideline line is built in the standard wording. Citations
read from older letters can be matched back to an entry. The sequence check
follows the law's order: an item argued only from non-MTUS guidelines while
the MTUS addresses the same treatment for the same body region gets a
warning that names the MTUS entry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from workbench.case import Case, Citation, Item, Role
from workbench.citations import collapse, format_sentence
from workbench.errors import NotFound, WorkbenchError
from workbench.library.model import ANY_REGION, Entry, Source, entry_citation
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


def cite(item: Item, entry: Entry, source: Source, role: Role) -> Citation:
    """Add ``entry`` to ``role``'s citations on ``item``; returns the new citation.

    MTUS citations go before the non-MTUS ones. A non-MTUS citation gets the role's preface sentence ("... did not base
    their decision on the MTUS.") unless an earlier citation already has it.
    """
    citations = item.citations(role)
    if any(existing.entry_key == entry.key for existing in citations):
        raise CitingError(f"{entry.key} is already cited on this item")
    citation = entry_citation(entry, source)
    citation.preface = not citation.mtus and not any(c.preface for c in citations)
    if citation.mtus:  # the MTUS leads the line, as it leads the search sequence
        position = next((i for i, c in enumerate(citations) if not c.mtus), len(citations))
        citations.insert(position, citation)
    else:
        citations.append(citation)
    return citation


def uncite(item: Item, role: Role, index: int) -> Citation:
    """Remove one citation; the preface moves to the next non-MTUS citation if it must."""
    citations = item.citations(role)
    removed = citations.pop(index)
    if removed.preface:
        for citation in citations:
            if not citation.mtus and citation.entry_key is not None:
                citation.preface = True
                break
    return removed


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


def match_citation(citation: Citation, search: LibrarySearch,
                   limit: int = 5) -> tuple[list[EntryHit], EntryHit | None]:
    """Library entries a (typed or imported) citation may stand for, best first.

    The second value is the one match sure enough to link automatically: the
    same sentence, or the same source with the cited page among its pages.
    """
    sentence = format_sentence(citation)
    words = _BOILERPLATE.sub(" ", " ".join(filter(None, [citation.source, citation.topic]))
                             or sentence)
    words = re.sub(r"[^\w\s]", " ", words)
    hits = [hit for hit in search.search(words, limit=limit * 4, as_typed=False)
            if hit.source.mtus == citation.mtus]
    cited_pages = page_numbers(citation.pages) or page_numbers(
        sentence.rsplit("Page(s):", 1)[-1] if "Page(s):" in sentence else "")

    def strength(hit: EntryHit) -> int:
        built = entry_citation(hit.entry, hit.source)
        if _same(format_sentence(built), sentence):
            return 3
        if citation.source and _same(built.source, citation.source):
            if cited_pages and cited_pages <= page_numbers(hit.entry.pages):
                return 2
            if citation.topic and _same(built.topic, citation.topic):
                return 2
            return 1
        return 0

    ranked = sorted(hits, key=lambda hit: -strength(hit))[:limit]
    sure = ranked[0] if ranked and strength(ranked[0]) >= 2 else None
    if sure is not None and len(ranked) > 1 and strength(ranked[1]) >= 2 \
            and strength(ranked[1]) == strength(sure):
        sure = None  # two equally good candidates: the reviewer chooses
    return ranked, sure


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


def check_search_sequence(case: Case, store: LibraryStore,
                          search: LibrarySearch | None = None) -> list[SequenceWarning]:
    """Warnings for items whose reviewer citations skip the MTUS or cite a source not in effect."""
    sources = {source.key: source for source in store.sources()}
    mtus_entries = [entry for entry in store.entries() if sources[entry.source].mtus]
    day = case.ur_decision_on or case.received_on
    warnings: list[SequenceWarning] = []
    for number, item in enumerate(case.items, start=1):
        cited = _cited_entries(item.reviewer_citations, store, search)
        if day is not None:
            for entry in cited:
                source = sources[entry.source]
                if not source.in_effect_on(day):
                    warnings.append(SequenceWarning(
                        number, f"Item {number}: {source.short_title} was not in effect on "
                                f"{day:%m/%d/%Y}, the date of the UR decision", entry.key))
        if not cited or any(c.mtus for c in item.reviewer_citations):
            continue
        best = _mtus_alternative(cited, mtus_entries, sources, day)
        if best is not None:
            source = sources[best.source]
            name = " ".join(filter(None, [source.short_title, best.chapter, best.topic]))
            warnings.append(SequenceWarning(
                number,
                f"Item {number}: the reviewer's citations are all non-MTUS, but the MTUS "
                f"addresses this treatment: {name} ({best.key}). The MTUS comes first in the "
                "medical evidence search sequence.",
                best.key,
            ))
    return warnings


def _cited_entries(citations: list[Citation], store: LibraryStore,
                   search: LibrarySearch | None) -> list[Entry]:
    entries = []
    for citation in citations:
        key = citation.entry_key
        if key is None and search is not None:
            _, sure = match_citation(citation, search)
            key = sure.entry.key if sure else None
        if key is None:
            continue
        try:
            entries.append(store.entry(key))
        except NotFound:
            continue
    return entries


def _mtus_alternative(cited: list[Entry], candidates: list[Entry], sources: dict[str, Source],
                      day: dt.date | None) -> Entry | None:
    regions = {region for entry in cited for region in entry.body_regions}
    treatments = {treatment for entry in cited for treatment in entry.treatments}
    best, best_rank = None, None
    for entry in candidates:
        shared = treatments & set(entry.treatments)
        if not shared:
            continue
        specific = bool(regions & set(entry.body_regions) - {ANY_REGION})
        if not specific and ANY_REGION not in entry.body_regions and ANY_REGION not in regions:
            continue
        if day is not None and not sources[entry.source].in_effect_on(day):
            continue
        rank = (specific, len(shared), entry.pages_verified, -len(entry.treatments), entry.key)
        if best_rank is None or rank[:4] > best_rank[:4]:
            best, best_rank = entry, rank
    return best
