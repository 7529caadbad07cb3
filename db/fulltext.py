"""Full-text indexes behind one small interface: SQLite FTS5 now.

A ``FullTextIndex`` names a virtual table and its columns and keeps its own
copy of the text: callers put and remove rows by the id of the row they
index. A ``ContentIndex`` indexes the text where it already is (the rows of
a content table, found by their ``id``), so large texts such as record pages
are stored once; callers index new rows after inserting them, and the
database unindexes a row when it is deleted or changed. Both give a ranked
subquery (``rowid``, ``score``, optional ``snippet``) that callers join to
their own tables for filtering, so the engine-specific SQL lives only here.
A PostgreSQL implementation of the same methods (a ``tsvector`` column and
``ts_rank``) can take its place without touching the callers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from sqlalchemy import (
    DDL,
    Connection,
    Float,
    Integer,
    MetaData,
    Select,
    Text,
    bindparam,
    column,
    event,
    insert,
    select,
    table,
    text,
)
from sqlalchemy.exc import DatabaseError
from sqlalchemy.sql.elements import TextClause

from workbench.errors import WorkbenchError
from workbench.search import Query, Term

TOKENIZER = "porter unicode61 remove_diacritics 2"


class SearchUnavailable(WorkbenchError):
    pass


@dataclass(frozen=True)
class _Index:
    name: str
    columns: tuple[str, ...]
    weights: tuple[float, ...]

    # -- schema -----------------------------------------------------------

    def _options(self) -> str:
        return f"tokenize='{TOKENIZER}', prefix='2 3'"

    def create_statements(self) -> list[str]:
        columns = ", ".join(self.columns)
        return [
            f"CREATE VIRTUAL TABLE {self.name} USING fts5({columns}, {self._options()})",
            f"CREATE VIRTUAL TABLE {self.name}_vocab USING fts5vocab({self.name}, 'row')",
        ]

    def drop_statements(self) -> list[str]:
        return [f"DROP TABLE IF EXISTS {self.name}_vocab", f"DROP TABLE IF EXISTS {self.name}"]

    def owns_table(self, table_name: str) -> bool:
        """True for the virtual table, its vocabulary view and FTS5's shadow tables
        (and a content index's triggers)."""
        return table_name == self.name or table_name.startswith(self.name + "_")

    def attach(self, metadata: MetaData) -> None:
        """Create and drop the index with ``metadata.create_all`` / ``drop_all`` on SQLite."""
        for statement in self.create_statements():
            event.listen(metadata, "after_create", DDL(statement).execute_if(dialect="sqlite"))
        for statement in self.drop_statements():
            event.listen(metadata, "before_drop", DDL(statement).execute_if(dialect="sqlite"))

    # -- queries ----------------------------------------------------------

    def ranked(self, match: str | None, *, snippet_column: str | None = None,
               snippet_words: int = 16, best: bool = False) -> TextClause:
        """A selectable of (rowid, score[, snippet]) for ``match``; lower score is better.

        ``match=None`` leaves the ``:match`` parameter to be given at execution,
        so a statement built on it is built once. ``best`` keeps only the
        ``:best`` best rows, ranked inside the engine before any join.

        ``snippet`` marks matched words with U+0002/U+0003, which callers turn
        into their own highlighting; nothing else in page text uses them.
        """
        weights = ", ".join(str(weight) for weight in self.weights)
        columns = f"rowid AS rowid, bm25({self.name}, {weights}) AS score"
        types = {"rowid": Integer, "score": Float}
        if snippet_column is not None:
            index = self.columns.index(snippet_column)
            columns += (f", snippet({self.name}, {index}, char(2), char(3), '\u2026', "
                        f"{snippet_words}) AS snippet")
            types["snippet"] = Text
        sql = f"SELECT {columns} FROM {self.name} WHERE {self.name} MATCH :match"
        if best:
            sql += " ORDER BY score LIMIT :best"
        statement = text(sql)
        if match is not None:
            statement = statement.bindparams(bindparam("match", match, unique=True))
        return statement.columns(**types)

    def has_match(self, connection: Connection, match: str) -> bool:
        _require_sqlite(connection)
        return connection.execute(
            text(f"SELECT 1 FROM {self.name} WHERE {self.name} MATCH :match LIMIT 1"),
            {"match": match},
        ).first() is not None

    def vocabulary(self, connection: Connection) -> list[str]:
        """Every indexed term (stemmed), sorted: the dictionary for typo correction."""
        _require_sqlite(connection)
        return [row[0] for row in connection.execute(
            text(f"SELECT term FROM {self.name}_vocab ORDER BY term"))]


@dataclass(frozen=True)
class FullTextIndex(_Index):
    """An index with its own copy of the text, for short texts kept in several columns."""

    # -- rows -------------------------------------------------------------

    def put(self, connection: Connection, rowid: int, values: Sequence[str | None]) -> None:
        if not _indexed(connection):
            return
        self.remove(connection, rowid)
        placeholders = ", ".join(f":c{i}" for i in range(len(self.columns)))
        params = {f"c{i}": value or "" for i, value in enumerate(values)}
        connection.execute(
            text(f"INSERT INTO {self.name} (rowid, {', '.join(self.columns)}) "
                 f"VALUES (:rowid, {placeholders})"),
            {"rowid": rowid, **params},
        )

    def put_many(self, connection: Connection, rows: Iterable[tuple[int, Sequence[str | None]]]) -> None:
        """Index new rows in one statement per batch (the rows must not be indexed yet)."""
        if not _indexed(connection):
            return
        placeholders = ", ".join(f":c{i}" for i in range(len(self.columns)))
        statement = text(f"INSERT INTO {self.name} (rowid, {', '.join(self.columns)}) "
                         f"VALUES (:rowid, {placeholders})")
        batch = [{"rowid": rowid, **{f"c{i}": v or "" for i, v in enumerate(values)}}
                 for rowid, values in rows]
        if batch:
            connection.execute(statement, batch)

    def remove(self, connection: Connection, rowid: int) -> None:
        if not _indexed(connection):
            return
        connection.execute(text(f"DELETE FROM {self.name} WHERE rowid = :rowid"), {"rowid": rowid})

    def clear(self, connection: Connection) -> None:
        if not _indexed(connection):
            return
        connection.execute(text(f"DELETE FROM {self.name}"))


@dataclass(frozen=True)
class ContentIndex(_Index):
    """An index over the text of ``content``'s rows (rowid = ``content.id``), stored once.

    No prefix indexes: they double the cost of indexing a page, and a
    prefix query over a whole case file is fast enough without them.
    """

    content: str

    def _options(self) -> str:
        return f"tokenize='{TOKENIZER}', content='{self.content}', content_rowid='id'"

    def create_statements(self) -> list[str]:
        # FTS5 unindexes a row of an external content table only when told the
        # text it indexed, so the database does it whenever a row goes or changes.
        old = ", ".join(f"old.{column}" for column in self.columns)
        new = ", ".join(f"new.{column}" for column in self.columns)
        columns = ", ".join(self.columns)
        unindex = (f"INSERT INTO {self.name} ({self.name}, rowid, {columns}) "
                   f"VALUES ('delete', old.id, {old});")
        return super().create_statements() + [
            f"CREATE TRIGGER {self.name}_delete AFTER DELETE ON {self.content} BEGIN {unindex} END",
            f"CREATE TRIGGER {self.name}_update AFTER UPDATE OF {columns} ON {self.content} BEGIN "
            f"{unindex} INSERT INTO {self.name} (rowid, {columns}) VALUES (new.id, {new}); END",
        ]

    def drop_statements(self) -> list[str]:
        return [f"DROP TRIGGER IF EXISTS {self.name}_update",
                f"DROP TRIGGER IF EXISTS {self.name}_delete"] + super().drop_statements()

    def index_rows(self, connection: Connection, ids: Select) -> None:
        """Index the content rows whose ids ``ids`` selects (new rows, not indexed yet).

        The text goes from table to index inside the engine, never through Python.
        """
        if not _indexed(connection):
            return
        index = table(self.name, column("rowid"), *(column(name) for name in self.columns))
        content = table(self.content, column("id"), *(column(name) for name in self.columns))
        connection.execute(insert(index).from_select(
            ["rowid", *self.columns],
            select(content.c.id, *(content.c[name] for name in self.columns))
            .where(content.c.id.in_(ids))))

    def indexed_count(self, connection: Connection) -> int:
        """How many rows the index holds (a count of the virtual table would count the content)."""
        _require_sqlite(connection)
        return connection.execute(text(f"SELECT count(*) FROM {self.name}_docsize")).scalar_one()

    def matches_content(self, connection: Connection) -> bool:
        """Whether the index holds exactly the content rows' words (FTS5's own check)."""
        _require_sqlite(connection)
        try:
            with connection.begin_nested():
                connection.execute(text(f"INSERT INTO {self.name} ({self.name}, rank) "
                                        "VALUES ('integrity-check', 1)"))
        except DatabaseError:
            return False
        return True


def _indexed(connection: Connection) -> bool:
    """Writes to the index are skipped where there is none yet, so the data still saves."""
    return connection.dialect.name == "sqlite"


def _require_sqlite(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        raise SearchUnavailable("Full-text search needs the SQLite database for now")


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def term_expression(term: Term) -> str:
    """One term in FTS5 syntax; every word is quoted, so no input is a syntax error."""
    phrase = _quote(term.text)
    return phrase + "*" if term.prefix else phrase


def match_expression(query: Query, alternatives: dict[Term, Sequence[str]] | None = None) -> str:
    """``query`` in FTS5 syntax; ``alternatives`` adds corrected spellings for some terms."""
    alternatives = alternatives or {}
    groups = []
    for group in query.alternatives:
        parts = []
        for term in group:
            options = [term_expression(term)]
            options += [_quote(word) + "*" for word in alternatives.get(term, ())]
            parts.append(options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")")
        groups.append(" AND ".join(parts))
    if len(groups) == 1:
        return groups[0]
    return " OR ".join(f"({group})" for group in groups)


def close_terms(word: str, vocabulary: Sequence[str], *, limit: int = 3) -> list[str]:
    """Indexed terms within a small edit distance of a (probably misspelt) word.

    Short words tolerate one edit, longer ones two. Callers ask only for
    words the index does not find as they are.
    """
    if len(word) < 4 or not word.isalpha():
        return []
    cutoff = 1 if len(word) < 6 else 2
    found = process.extract(word, vocabulary, scorer=Levenshtein.distance,
                            score_cutoff=cutoff, limit=limit * 3)
    ranked = sorted(found, key=lambda hit: (hit[1], abs(len(hit[0]) - len(word)), hit[0]))
    return [term for term, _distance, _index in ranked if term != word][:limit]
