"""Finding any fact in the case file: ranked page hits with a highlighted snippet.

The query language is the workbench's own (``workbench.search``: words are
all required, ``OR``, "phrases", ``prefix*``); the full-text engine sits
behind ``db.fulltext`` (FTS5 on SQLite). Only ``ready`` documents of the case
are searched. The ranking is done first on row ids alone and the snippets
are cut only for the hits shown, which keeps common words fast in a large
case file.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from db.database import Database
from db.fulltext import match_expression
from db.models import RECORD_PAGE_INDEX, CaseRow, RecordDocumentRow, RecordPageRow
from workbench.errors import NotFound
from workbench.records.kinds import DocumentKind, ImportState
from workbench.search import parse_query

MARK_START, MARK_END = "\x02", "\x03"  # how the index marks matched words in a snippet
WINDOW = 10  # best pages looked at first, per hit asked for


@dataclass(frozen=True)
class PageHit:
    document_id: int
    document: str  # the document's file name
    kind: DocumentKind
    page: int  # 1-based
    snippet: str  # matched words between MARK_START and MARK_END
    score: float  # higher is better

    def highlighted(self, start: str = "[", end: str = "]") -> str:
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)


def search_pages(database: Database, case_id: int, query_text: str, *,
                 limit: int = 20) -> list[PageHit]:
    """The pages that match, best first; an empty or wordless query finds nothing."""
    with database.engine.connect() as connection:
        if connection.scalar(select(CaseRow.id).where(CaseRow.id == case_id)) is None:
            raise NotFound(f"No case with id {case_id}")
    query = parse_query(query_text)
    if not query:
        return []
    match = match_expression(query)
    with database.engine.connect() as connection:
        # The best pages across the whole index first (cheap: no join per match); only
        # when too few of them are this case's ready pages is every match joined.
        rows = connection.execute(_best(match, case_id, limit, window=limit * WINDOW)).all()
        if len(rows) < limit:
            rows = connection.execute(_best(match, case_id, limit, window=None)).all()
        snippets = _snippets(connection, match, [row.rowid for row in rows])
    return [PageHit(row.id, row.file_name, row.kind_override or row.kind, row.number,
                    snippets.get(row.rowid, ""), -row.score)
            for row in rows]


def _best(match: str, case_id: int, limit: int, window: int | None):
    ranked = RECORD_PAGE_INDEX.ranked(match).subquery()
    if window is not None:
        ranked = (select(ranked.c.rowid, ranked.c.score).order_by(ranked.c.score, ranked.c.rowid)
                  .limit(window).subquery())
    return (select(ranked.c.rowid, ranked.c.score, RecordPageRow.number,
                   RecordDocumentRow.id, RecordDocumentRow.file_name, RecordDocumentRow.kind,
                   RecordDocumentRow.kind_override)
            .join(RecordPageRow, RecordPageRow.id == ranked.c.rowid)
            .join(RecordDocumentRow, RecordDocumentRow.id == RecordPageRow.document_id)
            .where(RecordDocumentRow.case_id == case_id,
                   RecordDocumentRow.state == ImportState.READY)
            .order_by(ranked.c.score, RecordDocumentRow.id, RecordPageRow.number)
            .limit(limit))


def _snippets(connection, match: str, rowids: list[int]) -> dict[int, str]:
    if not rowids:
        return {}
    snippets = RECORD_PAGE_INDEX.ranked(match, snippet_column="text", snippet_words=24).subquery()
    found = connection.execute(select(snippets.c.rowid, snippets.c.snippet).where(
        snippets.c.rowid.in_(rowids)))
    return {rowid: " ".join(snippet.split()) for rowid, snippet in found}
