"""Finding guideline entries as the reviewer types: ranked, prefix-matched, typo-tolerant.

Every word must match (as a word beginning); a word the index does not know
is widened to the indexed words within one or two edits ("lumbr" also tries
"lumbar"). When all words together find fewer entries than asked for, the
entries matching any of the words follow, ranked lower. MTUS entries rank a
little ahead of other tiers, following the medical evidence search sequence.
Given the case's UR date, entries of sources in effect that day come before
those of sources superseded (or not yet adopted), so a 2017 case sees the 2016
guidelines first. An entry about a treatment the query names ("epidural")
comes before entries that only mention the word.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from sqlalchemy import Text, case, cast, or_, select
from sqlalchemy.orm import Session, contains_eager

from db.database import Database
from db.fulltext import close_terms, match_expression, term_expression
from db.models import (
    ENTRY_INDEX,
    GUIDELINE_PAGE_INDEX,
    GuidelineDocumentRow,
    GuidelineEntryRow,
    GuidelinePageRow,
    GuidelineSourceRow,
)
from workbench.citations import format_sentence
from workbench.letters.template import CitationWording, default_template
from workbench.library.model import ANY_REGION, Entry, Source, cited_as, entry_citation
from workbench.library.store import LibraryStore, to_entry, to_source
from workbench.resources import load_json
from workbench.search import Query, Term, parse_query

# Words that say nothing about which guideline applies: laterality, dosing and
# counts ("Norco 10/325 #90", "12 sessions"), and the small words of a sentence.
_NOISE = frozenset("""a an and as at by for from in of on or per the to with left right bilateral
    x mg mcg ml qty times""".split())
_NUMBER_CONTEXT = frozenset({"chapter", "ch", "table", "page", "pages", "p", "section"})

# Multiplies bm25 (negative: lower is better), so a factor below 1 ranks lower.
_TIER_WEIGHT = {1: 1.0, 2: 0.85, 3: 0.8}
_OTHER_TIER_WEIGHT = 0.75
HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"


@dataclass(frozen=True)
class Filters:
    source: str | None = None
    mtus: bool | None = None
    tier: int | None = None
    body_region: str | None = None  # entries for "any" region match every region


@dataclass(frozen=True)
class EntryHit:
    entry: Entry
    source: Source
    score: float
    citation: str  # the "Decision based on ..." sentence the letter prints, in its wording
    # Other wordings under which published letters cite the entry, exactly as printed there.
    wordings: tuple[str, ...] = ()
    in_effect: bool | None = None  # the source on the date searched for (None: no date given)


@dataclass(frozen=True)
class PageHit:
    document_id: int
    file_name: str
    source: str
    pdf_page: int       # 1-based position in the PDF
    printed_page: int   # the page number printed on it (pdf_page - offset)
    snippet: str        # matched words between HIGHLIGHT_START and HIGHLIGHT_END
    score: float


class LibrarySearch:
    """Search over one database; keeps the index's word list cached between queries."""

    def __init__(self, database: Database):
        self.database = database
        self._store = LibraryStore(database)
        self._vocabulary: list[str] = []
        self._vocabulary_revision = -1

    def search(self, text: str, *, limit: int = 20, filters: Filters = Filters(),
               as_typed: bool = True, on: dt.date | None = None,
               wording: CitationWording | None = None) -> list[EntryHit]:
        """Entries for ``text``, best first.

        ``on``: the case's UR decision date; entries whose source is in effect
        that day rank above the others. ``wording``: the citation style the
        hits' sentences are printed in (default: the template's style for new
        letters).
        """
        query = _without_noise(parse_query(text, as_typed=as_typed, prefix_all=True))
        if not query or limit < 1:
            return []
        wording = wording or default_template().citation_period().wording
        with self.database.session() as session:
            corrections = self._corrections(session, query)
            pool = max(limit * 3, 30)
            hits = _reranked(text, self._ranked(
                session, match_expression(query, corrections), filters, pool, wording), on)[:limit]
            if len(hits) < limit and len(query.terms) > 1:
                seen = {hit.entry.key for hit in hits}
                wider = _reranked(text, self._ranked(
                    session, match_expression(query.any_of_terms(), corrections), filters, pool,
                    wording), on)
                hits += [hit for hit in wider if hit.entry.key not in seen][: limit - len(hits)]
        return hits

    def browse(self, filters: Filters,
               wording: CitationWording | None = None) -> list[EntryHit]:
        """Every entry of the filters' source, in the library's order: what an empty search
        shows once a guideline is chosen (nothing without one)."""
        wording = wording or default_template().citation_period().wording
        if filters.source is None:
            return []
        source = self._store.source(filters.source)
        if (filters.mtus is not None and source.mtus != filters.mtus) or \
                filters.tier not in (None, source.tier):
            return []
        hits = []
        for entry in self._store.entries(source.key):
            if filters.body_region and not {filters.body_region, ANY_REGION} & \
                    set(entry.body_regions):
                continue
            hits.append(EntryHit(entry, source, 0.0,
                                 format_sentence(entry_citation(entry, source, wording)),
                                 cited_as(entry.key)))
        return hits

    def search_pages(self, text: str, *, limit: int = 20,
                     source: str | None = None) -> list[PageHit]:
        """Pages of the reviewer's guideline PDFs that contain the words."""
        query = parse_query(text, as_typed=True)
        if not query or limit < 1:
            return []
        ranked = GUIDELINE_PAGE_INDEX.ranked(match_expression(query),
                                             snippet_column="text").subquery()
        statement = (
            select(GuidelinePageRow.position, GuidelineDocumentRow, GuidelineSourceRow.key,
                   ranked.c.snippet, ranked.c.score)
            .select_from(GuidelinePageRow)
            .join(ranked, ranked.c.rowid == GuidelinePageRow.id)
            .join(GuidelineDocumentRow, GuidelineDocumentRow.id == GuidelinePageRow.document_id)
            .join(GuidelineSourceRow, GuidelineSourceRow.id == GuidelineDocumentRow.source_id)
            .order_by(ranked.c.score).limit(limit)
        )
        if source is not None:
            statement = statement.where(GuidelineSourceRow.key == source)
        with self.database.session() as session:
            return [
                PageHit(document_id=document.id, file_name=document.file_name, source=key,
                        pdf_page=position, printed_page=position - document.page_offset,
                        snippet=snippet, score=-score)
                for position, document, key, snippet, score in session.execute(statement)
            ]

    # -- internals ---------------------------------------------------------

    def _corrections(self, session: Session, query: Query) -> dict[Term, list[str]]:
        connection = session.connection()
        found: dict[Term, list[str]] = {}
        synonyms = _synonyms()
        for term in query.terms:
            if term.phrase:
                continue
            alternatives = list(synonyms.get(term.words[0], ()))
            if not ENTRY_INDEX.has_match(connection, term_expression(term)):
                alternatives += close_terms(term.words[0], self._words(session))
            if alternatives:
                found[term] = alternatives
        return found

    def _words(self, session: Session) -> list[str]:
        revision = self._store.revision()
        if revision != self._vocabulary_revision:
            self._vocabulary = ENTRY_INDEX.vocabulary(session.connection())
            self._vocabulary_revision = revision
        return self._vocabulary

    @staticmethod
    def _ranked(session: Session, match: str, filters: Filters, limit: int,
                wording: CitationWording) -> list[EntryHit]:
        ranked = ENTRY_INDEX.ranked(match).subquery()
        weight = case(_TIER_WEIGHT, value=GuidelineSourceRow.tier, else_=_OTHER_TIER_WEIGHT)
        score = (ranked.c.score * weight).label("score")
        statement = (
            select(GuidelineEntryRow, score)
            .join(ranked, ranked.c.rowid == GuidelineEntryRow.id)
            .join(GuidelineEntryRow.source)
            .options(contains_eager(GuidelineEntryRow.source))
            .where(GuidelineEntryRow.removed.is_(False))
            .order_by(score, GuidelineEntryRow.key)
            .limit(limit)
        )
        if filters.source is not None:
            statement = statement.where(GuidelineSourceRow.key == filters.source)
        if filters.mtus is not None:
            statement = statement.where(GuidelineSourceRow.mtus.is_(filters.mtus))
        if filters.tier is not None:
            statement = statement.where(GuidelineSourceRow.tier == filters.tier)
        if filters.body_region:
            regions = cast(GuidelineEntryRow.body_regions, Text)
            wanted = filters.body_region.replace("\\", "\\\\").replace("%", "\\%") \
                .replace("_", "\\_")
            statement = statement.where(or_(regions.like(f'%"{wanted}"%', escape="\\"),
                                            regions.like(f'%"{ANY_REGION}"%')))
        hits = []
        for row, value in session.execute(statement):
            entry, source = to_entry(row), to_source(row.source)
            hits.append(EntryHit(entry, source, -value,
                                 format_sentence(entry_citation(entry, source, wording)),
                                 cited_as(entry.key)))
        return hits


def _without_noise(query: Query) -> Query:
    """Drop laterality, doses and small words, unless nothing else would be left."""
    groups = []
    for group in query.alternatives:
        kept, previous = [], ""
        for term in group:
            word = term.words[0]
            numeric = any(char.isdigit() for char in word) and previous not in _NUMBER_CONTEXT
            if term.phrase or not (word in _NOISE or numeric):
                kept.append(term)
            previous = term.words[-1]
        groups.append(tuple(kept) or group)
    return Query(tuple(groups))


_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=8192)  # keywords, topics and treatments recur in every search
def _padded_words(text: str) -> str:
    """" w1 w2 w3 ": whole-word phrase tests become substring tests."""
    return " " + " ".join(_WORD.findall(text.lower())) + " "


@cache
def _synonyms() -> dict[str, tuple[str, ...]]:
    table = load_json("library/synonyms.json")
    return {word: tuple(also) for word, also in table.items() if word != "_comment"}


@cache
def _region_words() -> dict[str, tuple[str, ...]]:
    regions = load_json("library/regions.json")
    return {region: tuple(_padded_words(word) for word in words)
            for region, words in regions.items() if region != "_comment"}


def _names_treatment(treatment: str, typed: str, words: set[str]) -> bool:
    """Whether the query names ``treatment``: the whole phrase ("physical therapy" in
    "Physical therapy, lumbar spine"), or a query word of four letters or more that begins
    its first word ("epidural" for "epidural steroid injection")."""
    if len(treatment) > 3 and _padded_words(treatment) in typed:
        return True
    first = _WORD.findall(treatment.lower())[:1]
    return bool(first) and len(first[0]) > 3 and \
        any(len(word) > 3 and first[0].startswith(word) for word in words)


def _reranked(text: str, hits: list[EntryHit], on: dt.date | None = None) -> list[EntryHit]:
    """Refine the engine's order with what bm25 cannot see.

    An entry whose keyword or topic the query names word for word ("physical
    therapy") moves up; an entry about another treatment than the one the
    query names moves down; an entry for a body region the query does not
    name moves down, more so when the query names another region. With a
    date, entries of sources in effect that day come first.
    """
    typed = _padded_words(text)
    query_words = set(typed.split()) - _NOISE
    named = {region for region, words in _region_words().items()
             if any(word in typed for word in words)}
    # Treatments the query names ("physical therapy" in "Physical therapy, lumbar spine,
    # 8 sessions"; "epidural"): an entry about another treatment moves down.
    treatments = {t for hit in hits for t in hit.entry.treatments
                  if _names_treatment(t, typed, query_words)}
    rescored = []
    for hit in hits:
        factor = 1.0
        if treatments and not treatments & set(hit.entry.treatments):
            factor *= 0.7
        topic = set(_WORD.findall(hit.entry.topic.lower()))
        if treatments and all(any(t.startswith(w) for t in topic) for w in query_words):
            factor *= 1.2  # the entry is about the treatment the query names ("epidural")
        phrases = (_padded_words(phrase) for phrase in
                   [*hit.entry.keywords, hit.entry.topic, hit.entry.section or ""])
        exact = sum(1 for phrase in phrases if len(phrase) > 4 and phrase in typed)
        factor *= 1 + 0.3 * min(exact, 2)
        regions = set(hit.entry.body_regions)
        if regions and ANY_REGION not in regions:
            if regions & named:
                factor *= 1.15
            else:
                factor *= 0.75 if named else 0.9
        rescored.append((hit.score * factor, hit))
    rescored.sort(key=lambda pair: (-pair[0], pair[1].entry.key))
    ranked = [replace(hit, score=score, in_effect=None if on is None else
                      hit.source.in_effect_on(on)) for score, hit in rescored]
    if on is None:
        return ranked
    return sorted(ranked, key=lambda hit: not hit.in_effect)  # stable: score order within each
