"""``guideline-sequence``: the medical evidence search sequence, checked per item.

Wraps ``workbench.library.citing.check_search_sequence`` (an MTUS part cited
as non-MTUS; non-MTUS citations alone where the MTUS addresses the
treatment; a source not in effect on the date of the UR decision) and adds a
note for cited pages the library has not verified against the guideline. The
library is read once per library revision and kept, so an item is checked
without reading 250 entries each time.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from workbench.case import Case
from workbench.errors import NotFound
from workbench.library.citing import check_search_sequence
from workbench.library.model import Entry, Source
from workbench.library.store import LibraryStore
from workbench.qa.findings import REVIEWER_CITATIONS, Finding, Severity, finding_key
from workbench.qa.registry import CheckContext, register

CHECK = "guideline-sequence"


@dataclass
class LibrarySnapshot:
    """The library's sources and entries at one revision, answering as ``LibraryStore`` does
    for what the sequence check reads (``sources``, ``entries``, ``entry``)."""

    revision: int
    _sources: list[Source]
    _entries: dict[str, Entry]

    def sources(self) -> list[Source]:
        return list(self._sources)

    def entries(self, source: str | None = None) -> list[Entry]:
        return [e for e in self._entries.values() if source is None or e.source == source]

    def entry(self, key: str) -> Entry:
        try:
            return self._entries[key]
        except KeyError:
            raise NotFound(f"No library entry {key}") from None


_snapshots: dict[str, LibrarySnapshot] = {}
_lock = threading.Lock()


def library_snapshot(database) -> LibrarySnapshot:
    store = LibraryStore(database)
    revision = store.revision()
    name = str(database.engine.url)
    with _lock:
        snapshot = _snapshots.get(name)
        if snapshot is not None and snapshot.revision == revision:
            return snapshot
    snapshot = LibrarySnapshot(revision, store.sources(),
                               {entry.key: entry for entry in store.entries()})
    with _lock:
        _snapshots[name] = snapshot
    return snapshot


def _only(case: Case, indexes: tuple[int, ...]) -> Case:
    """A copy of ``case`` whose other items carry no citations, so only ``indexes`` are checked
    (the warnings keep the items' numbers)."""
    trimmed = copy.copy(case)
    trimmed.items = [item if n in indexes else copy.copy(item) for n, item in enumerate(case.items)]
    for n, item in enumerate(trimmed.items):
        if n not in indexes:
            item.reviewer_citations = []
            item.claims_administrator_citations = []
    return trimmed


@register(CHECK, "MTUS first, sources in effect on the UR date, pages verified")
def sequence_findings(context: CheckContext) -> Iterator[Finding]:
    if context.database is None or not context.items:
        return
    library = library_snapshot(context.database)
    case = _only(context.case, context.items)
    for warning in check_search_sequence(case, library):  # type: ignore[arg-type]
        index = warning.item - 1
        yield Finding(CHECK, Severity.WARNING, index, warning.message, field=REVIEWER_CITATIONS,
                      key=finding_key(CHECK, index, f"{warning.entry_key}|{warning.message}"))
    for index in context.items:
        for citation in context.case.items[index].reviewer_citations:
            if not citation.pages or citation.entry_key is None:
                continue
            try:
                entry = library.entry(citation.entry_key)
            except NotFound:
                continue
            if not entry.pages_verified:
                yield Finding(
                    CHECK, Severity.NOTE, index,
                    f"Item {index + 1}: page(s) {citation.pages} of {entry.topic} are not yet "
                    "verified against the guideline; check them in the guideline PDF",
                    field=REVIEWER_CITATIONS,
                    key=finding_key(CHECK, index, f"pages|{citation.entry_key}|{citation.pages}"))
