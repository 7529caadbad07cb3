"""Keeping the library in the database: plain sources, entries and snippets in and out.

Every change re-indexes what it touched in the same transaction, and bumps
the library revision, which tells searchers that their cached dictionary of
indexed words is stale. Seed rows the reviewer edits are marked, so that an
upgrade of the shipped library leaves them alone; a removed seed entry is
kept as a hidden row so that an upgrade does not bring it back.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.database import Database
from db.models import (
    ENTRY_INDEX,
    GuidelineDocumentRow,
    GuidelineEntryRow,
    GuidelineSourceRow,
    LibraryStateRow,
    RationaleSnippetRow,
)
from workbench.errors import NotFound, WorkbenchError
from workbench.library.exchange import LibraryData, check_references
from workbench.library.model import CitationStyle, Entry, Origin, Snippet, Source, cited_as

REVISION = "revision"


class LibraryError(WorkbenchError):
    pass


# -- rows <-> plain data ------------------------------------------------------

_SOURCE_FIELDS = ("title", "short_title", "citation_title", "publisher", "edition",
                  "effective_from", "effective_to", "mtus", "tier")
_ENTRY_FIELDS = ("chapter", "topic", "pages", "section", "summary", "pages_verified",
                 "document_page")
_ENTRY_LISTS = ("body_regions", "treatments", "keywords")


def to_source(row: GuidelineSourceRow) -> Source:
    return Source(key=row.key, citation_style=CitationStyle(row.citation_style),
                  **{name: getattr(row, name) for name in _SOURCE_FIELDS})


def to_entry(row: GuidelineEntryRow) -> Entry:
    return Entry(key=row.key, source=row.source.key,
                 **{name: getattr(row, name) for name in _ENTRY_FIELDS},
                 **{name: list(getattr(row, name)) for name in _ENTRY_LISTS})


def to_snippet(row: RationaleSnippetRow) -> Snippet:
    return Snippet(key=row.key, title=row.title, text=row.text,
                   entries=[entry.key for entry in row.entries])


def fill_source(row: GuidelineSourceRow, source: Source) -> None:
    row.key = source.key
    row.citation_style = CitationStyle(source.citation_style).value
    for name in _SOURCE_FIELDS:
        setattr(row, name, getattr(source, name))


def fill_entry(row: GuidelineEntryRow, entry: Entry, source: GuidelineSourceRow) -> None:
    row.key = entry.key
    row.source = source
    for name in _ENTRY_FIELDS:
        setattr(row, name, getattr(entry, name))
    for name in _ENTRY_LISTS:
        setattr(row, name, list(getattr(entry, name)))


def index_values(row: GuidelineEntryRow) -> list[str]:
    """What the search index sees of an entry (matches ``ENTRY_INDEX.columns``). The
    wordings letters cite it by go with the snippets, the column of least weight: their
    words find the entry without outweighing its topic and keywords."""
    source = row.source
    return [
        f"{source.title} {source.short_title} {source.citation_title}",
        row.chapter or "",
        row.topic,
        " ".join([*row.keywords, *row.body_regions, *row.treatments]),
        " ".join(filter(None, [row.summary, row.pages, row.section])),
        " ".join([*(f"{snippet.title} {snippet.text}" for snippet in row.snippets),
                  *cited_as(row.key)]),
    ]


def bump_revision(session: Session) -> None:
    state = session.get(LibraryStateRow, REVISION)
    if state is None:
        session.add(LibraryStateRow(name=REVISION, value="1"))
    else:
        state.value = str(int(state.value) + 1)


def reindex(session: Session, rows: Iterable[GuidelineEntryRow]) -> None:
    session.flush()
    connection = session.connection()
    for row in rows:
        if row.removed:
            ENTRY_INDEX.remove(connection, row.id)
        else:
            ENTRY_INDEX.put(connection, row.id, index_values(row))
    bump_revision(session)


def new_key(prefix: str, topic: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", topic.lower()).strip("-")[:60] or "entry"
    return f"{prefix}.{slug}.{uuid.uuid4().hex[:6]}"


class LibraryStore:
    def __init__(self, database: Database):
        self.database = database

    # -- reading ---------------------------------------------------------

    def revision(self) -> int:
        with self.database.session() as session:
            state = session.get(LibraryStateRow, REVISION)
            return int(state.value) if state else 0

    def sources(self) -> list[Source]:
        with self.database.session() as session:
            rows = session.scalars(select(GuidelineSourceRow).order_by(
                GuidelineSourceRow.tier, GuidelineSourceRow.key))
            return [to_source(row) for row in rows]

    def source(self, key: str) -> Source:
        with self.database.session() as session:
            return to_source(source_row(session, key))

    def entry(self, key: str) -> Entry:
        with self.database.session() as session:
            return to_entry(entry_row(session, key))

    def entries(self, source: str | None = None) -> list[Entry]:
        query = (select(GuidelineEntryRow).join(GuidelineEntryRow.source)
                 .where(GuidelineEntryRow.removed.is_(False))
                 .options(selectinload(GuidelineEntryRow.source))
                 .order_by(GuidelineSourceRow.tier, GuidelineEntryRow.key))
        if source is not None:
            query = query.where(GuidelineSourceRow.key == source)
        with self.database.session() as session:
            return [to_entry(row) for row in session.scalars(query)]

    def count(self) -> int:
        with self.database.session() as session:
            return session.scalar(select(func.count()).select_from(GuidelineEntryRow)
                                  .where(GuidelineEntryRow.removed.is_(False))) or 0

    def snippets(self) -> list[Snippet]:
        with self.database.session() as session:
            rows = session.scalars(select(RationaleSnippetRow).order_by(RationaleSnippetRow.title)
                                   .options(selectinload(RationaleSnippetRow.entries)))
            return [to_snippet(row) for row in rows]

    def snippet(self, key: str) -> Snippet:
        with self.database.session() as session:
            return to_snippet(snippet_row(session, key))

    def export_data(self) -> LibraryData:
        return LibraryData(sources=self.sources(), entries=self.entries(),
                           snippets=self.snippets())

    # -- sources -----------------------------------------------------------

    def add_source(self, source: Source) -> str:
        with self.database.session() as session, session.begin():
            if session.scalar(select(GuidelineSourceRow).filter_by(key=source.key)):
                raise LibraryError(f"A source with key {source.key!r} already exists")
            row = GuidelineSourceRow(origin=Origin.REVIEWER.value, edited=False)
            fill_source(row, source)
            session.add(row)
            bump_revision(session)
        return source.key

    def update_source(self, source: Source) -> None:
        with self.database.session() as session, session.begin():
            row = source_row(session, source.key)
            fill_source(row, source)
            row.edited = True
            reindex(session, row.entries)  # the source's titles are part of every entry's text

    def delete_source(self, key: str) -> None:
        with self.database.session() as session, session.begin():
            row = source_row(session, key)
            if row.origin == Origin.SEED.value:
                raise LibraryError(f"{row.short_title} ships with the workbench and stays; "
                                   "remove the entries you do not want instead")
            live = [entry for entry in row.entries if not entry.removed]
            if live:
                raise LibraryError(f"Source {key!r} still has {len(live)} entries; "
                                   "remove or move them first")
            if session.scalar(select(GuidelineDocumentRow).filter_by(source_id=row.id)):
                raise LibraryError(f"Source {key!r} has a guideline PDF; remove it first")
            for entry in row.entries:
                ENTRY_INDEX.remove(session.connection(), entry.id)
                session.delete(entry)
            session.delete(row)
            bump_revision(session)

    # -- entries -----------------------------------------------------------

    def add_entry(self, entry: Entry) -> str:
        """Store a new entry; an empty key gets a stable generated one, which is returned."""
        with self.database.session() as session, session.begin():
            source = source_row(session, entry.source)
            if not entry.key:
                entry.key = new_key(entry.source, entry.topic)
            if session.scalar(select(GuidelineEntryRow).filter_by(key=entry.key)):
                raise LibraryError(f"An entry with key {entry.key!r} already exists")
            row = GuidelineEntryRow(origin=Origin.REVIEWER.value, edited=False, removed=False)
            fill_entry(row, entry, source)
            session.add(row)
            reindex(session, [row])
        return entry.key

    def update_entry(self, entry: Entry) -> None:
        with self.database.session() as session, session.begin():
            row = entry_row(session, entry.key)
            fill_entry(row, entry, source_row(session, entry.source))
            row.edited = True
            reindex(session, [row])

    def delete_entry(self, key: str) -> None:
        with self.database.session() as session, session.begin():
            row = entry_row(session, key)
            if row.origin == Origin.SEED.value:
                row.removed = True
                row.snippets = []
                reindex(session, [row])
            else:
                ENTRY_INDEX.remove(session.connection(), row.id)
                session.delete(row)
                bump_revision(session)

    # -- snippets ----------------------------------------------------------

    def add_snippet(self, snippet: Snippet) -> str:
        with self.database.session() as session, session.begin():
            if not snippet.key:
                snippet.key = new_key("snippet", snippet.title)
            if session.scalar(select(RationaleSnippetRow).filter_by(key=snippet.key)):
                raise LibraryError(f"A snippet with key {snippet.key!r} already exists")
            row = RationaleSnippetRow(key=snippet.key)
            session.add(row)
            self._fill_snippet(session, row, snippet)
        return snippet.key

    def update_snippet(self, snippet: Snippet) -> None:
        with self.database.session() as session, session.begin():
            self._fill_snippet(session, snippet_row(session, snippet.key), snippet)

    def delete_snippet(self, key: str) -> None:
        with self.database.session() as session, session.begin():
            row = snippet_row(session, key)
            linked = list(row.entries)
            session.delete(row)
            session.flush()
            for entry in linked:
                session.refresh(entry, ["snippets"])
            reindex(session, linked)

    @staticmethod
    def _fill_snippet(session: Session, row: RationaleSnippetRow, snippet: Snippet) -> None:
        before = list(row.entries)
        row.title, row.text = snippet.title, snippet.text
        row.entries = [entry_row(session, key) for key in dict.fromkeys(snippet.entries)]
        reindex(session, {entry.id: entry for entry in [*before, *row.entries]}.values())

    # -- whole libraries ---------------------------------------------------

    def import_data(self, data: LibraryData) -> tuple[int, int, int]:
        """Add or replace everything in ``data`` by key, in one transaction.

        Returns (sources, entries, snippets) counts. A key that exists is
        updated in place (a seed row so changed counts as edited); nothing
        is deleted.
        """
        with self.database.session() as session, session.begin():
            known_sources = set(session.scalars(select(GuidelineSourceRow.key)))
            known_entries = set(session.scalars(select(GuidelineEntryRow.key)))
            check_references(data, known_sources, known_entries)
            sources = {row.key: row for row in session.scalars(select(GuidelineSourceRow))}
            renamed = []
            for source in data.sources:
                row = sources.get(source.key)
                if row is None:
                    row = sources[source.key] = GuidelineSourceRow(
                        origin=Origin.REVIEWER.value, edited=False)
                    session.add(row)
                elif to_source(row) != source:
                    row.edited = True
                    renamed.append(row)
                fill_source(row, source)
            entry_rows = {row.key: row for row in session.scalars(
                select(GuidelineEntryRow).options(selectinload(GuidelineEntryRow.source)))}
            touched = []
            for entry in data.entries:
                row = entry_rows.get(entry.key)
                if row is None:
                    row = entry_rows[entry.key] = GuidelineEntryRow(
                        origin=Origin.REVIEWER.value, edited=False, removed=False)
                    session.add(row)
                elif row.removed or to_entry(row) != entry:
                    row.edited, row.removed = True, False
                fill_entry(row, entry, sources[entry.source])
                touched.append(row)
            for snippet in data.snippets:
                row = session.scalar(select(RationaleSnippetRow).filter_by(key=snippet.key))
                if row is None:
                    row = RationaleSnippetRow(key=snippet.key)
                    session.add(row)
                before = list(row.entries)
                row.title, row.text = snippet.title, snippet.text
                row.entries = [entry_rows[key] for key in dict.fromkeys(snippet.entries)]
                touched += [*before, *row.entries]
            for row in renamed:  # a source's titles are part of its entries' index rows
                touched += list(row.entries)
            if data.sources and not touched:
                bump_revision(session)
            reindex(session, {id(row): row for row in touched}.values())
        return len(data.sources), len(data.entries), len(data.snippets)


def source_row(session: Session, key: str) -> GuidelineSourceRow:
    row = session.scalar(select(GuidelineSourceRow).filter_by(key=key))
    if row is None:
        raise NotFound(f"No guideline source with key {key!r}")
    return row


def entry_row(session: Session, key: str) -> GuidelineEntryRow:
    row = session.scalar(select(GuidelineEntryRow).filter_by(key=key, removed=False)
                         .options(selectinload(GuidelineEntryRow.source),
                                  selectinload(GuidelineEntryRow.snippets)))
    if row is None:
        raise NotFound(f"No library entry with key {key!r}")
    return row


def snippet_row(session: Session, key: str) -> RationaleSnippetRow:
    row = session.scalar(select(RationaleSnippetRow).filter_by(key=key))
    if row is None:
        raise NotFound(f"No rationale snippet with key {key!r}")
    return row
