"""Finding any fact in the case file: ranked page hits with a highlighted snippet.

The query language is the workbench's own (``workbench.search``: words are
all required, ``OR``, "phrases", ``prefix*``); the full-text engine sits
behind ``db.fulltext`` (FTS5 on SQLite). Only ``ready`` documents of the case
are searched, each page as part of its document; the
hits of a report present twice are shown once. The engine ranks its best rows before they are joined to the
case, and snippets are cut here from the few pages shown, so a word found on
every page of a large case file costs little more than the ranking itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import bindparam, select

from db.database import Database
from db.fulltext import match_expression
from db.models import RECORD_PAGE_INDEX, CaseRow, RecordPageRow
from workbench.errors import NotFound
from workbench.records.kinds import DocumentKind
from workbench.records.placement import effective_documents, page_in
from workbench.search import Query, parse_query

MARK_START, MARK_END = "\x02", "\x03"  # how matched words are marked in a snippet
WINDOW = 10  # best pages looked at first, per hit asked for
SNIPPET_WORDS = 24


@dataclass(frozen=True)
class PageHit:
    file_id: int
    document: str  # the file's name
    kind: DocumentKind  # of the document the page belongs to
    page: int  # 1-based page of the file
    snippet: str  # matched words between MARK_START and MARK_END
    score: float  # higher is better

    document_id: int | None = None

    def highlighted(self, start: str = "[", end: str = "]") -> str:
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)


def _statement(best: bool):
    ranked = RECORD_PAGE_INDEX.ranked(None, best=best).subquery()
    documents = effective_documents()
    return (select(ranked.c.rowid, ranked.c.score, RecordPageRow.number, RecordPageRow.text,
                   RecordPageRow.file_id, documents.c.file_name, documents.c.kind,
                   documents.c.id.label("document_id"), documents.c.duplicate_of)
            .join(RecordPageRow, RecordPageRow.id == ranked.c.rowid)
            .join(documents, page_in(documents, RecordPageRow.file_id, RecordPageRow.number))
            .where(documents.c.case_id == bindparam("case_id"))
            .order_by(ranked.c.score, RecordPageRow.file_id, RecordPageRow.number)
            .limit(bindparam("limit")))


_AMONG_BEST, _AMONG_ALL = _statement(best=True), _statement(best=False)


def search_pages(database: Database, case_id: int, query_text: str, *,
                 limit: int = 20) -> list[PageHit]:
    """The pages that match, best first; an empty or wordless query finds nothing."""
    query = parse_query(query_text)
    # Twice the hits are fetched, so that dropping a copy's repeats still fills the list.
    params = {"case_id": case_id, "limit": 2 * limit, "best": limit * WINDOW}
    with database.engine.connect() as connection:
        rows = []
        if query:
            params["match"] = match_expression(query)
            # The best pages across the whole index first; only when too few of them
            # are this case's ready pages is every match joined.
            rows = connection.execute(_AMONG_BEST, params).all()
            if len(rows) < limit:
                rows = connection.execute(_AMONG_ALL, params).all()
        if not rows and connection.scalar(
                select(CaseRow.id).where(CaseRow.id == case_id)) is None:
            raise NotFound(f"No case with id {case_id}")
    # A report present twice shows its hits once: a copy's hit is left out when its
    # original matches too (a word only the copy has, such as its fax stamp, stays).
    matched = {row.document_id for row in rows}
    rows = [row for row in rows if row.duplicate_of not in matched][:limit]
    return [PageHit(row.file_id, row.file_name, DocumentKind(row.kind), row.number,
                    snippet(row.text, query), -row.score, row.document_id)
            for row in rows]


@lru_cache(maxsize=64)
def _pattern(query: Query) -> re.Pattern[str]:
    """Words as the index matches them: whole, as a beginning (``prefix*``), or inflected
    (the index stems English, so "restriction" also finds "restrictions")."""
    parts = []
    for term in query.terms:
        words = []
        for index, word in enumerate(term.words):
            last = index == len(term.words) - 1
            stem = re.sub(r"(?:ing|ed|es|s|e|y)$", "", word) if len(word) > 4 else word
            tail = r"\w*" if (term.prefix and last) or stem != word else r"(?:s|es)?"
            words.append(re.escape(stem) + tail)
        parts.append(r"\W+".join(words))  # a phrase is marked as a whole
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def match_spans(text: str, query_text: str) -> list[tuple[int, int]]:
    """Where a search box's words are in a page's text (start, end), as snippets mark them,
    so a page opened from a hit can show every match, not only the snippet's."""
    query = parse_query(query_text)
    if not query.terms:
        return []
    return [match.span() for match in _pattern(query).finditer(text)]


def snippet(text: str, query: Query, words: int = SNIPPET_WORDS) -> str:
    """About ``words`` words around the first match, matched words marked."""
    flat = " ".join(text.split())
    if not query.terms:
        return flat[:200]
    pattern = _pattern(query)
    first = pattern.search(flat)
    start = 0
    if first is not None:
        before = flat[:first.start()].split(" ")
        start = max(0, first.start() - len(" ".join(before[-(words // 3):])))
    piece = flat[start:]
    cut = piece.split(" ")
    piece = " ".join(cut[:words])
    marked = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", piece)
    return ("\u2026" if start else "") + marked + ("\u2026" if len(cut) > words else "")
