"""The shipped library: loaded into a new database, and upgraded without touching the reviewer's work.

``resources/library/seed.json`` is edited by hand and checked like any
imported file. On every start the workbench compares its digest (and that of
``letter_wording.json``, whose wordings are indexed with the entries) with the
one recorded in the database; when they differ it adds new seed sources and
entries, refreshes the seed rows nobody edited, re-indexes the entries letters
cite by other wordings, and leaves alone what the reviewer edited, added or
removed.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from db.database import Database
from db.models import GuidelineEntryRow, GuidelineSourceRow, LibraryStateRow
from workbench.library.exchange import LibraryData, check_references, from_json
from workbench.library.model import Origin, cited_as
from workbench.library.store import fill_entry, fill_source, reindex, to_entry, to_source
from workbench.resources import resource_path

log = logging.getLogger(__name__)

SEED_DIGEST = "seed_digest"
SEED_VERSION = "seed_version"


@dataclass(frozen=True)
class UpgradeReport:
    added: int = 0
    refreshed: int = 0
    kept: int = 0  # seed entries the reviewer edited or removed, left as they are
    current: bool = False  # the database already had this seed library


def seed_file() -> Path:
    return resource_path("library", "seed.json")


def load_seed(path: Path | None = None) -> tuple[LibraryData, str]:
    """The seed library and the digest of its file (and of the letters' wordings)."""
    raw = (path or seed_file()).read_bytes()
    data = from_json(raw.decode("utf-8"), "seed library")
    check_references(data, (), (), "seed library")  # the seed stands on its own
    wording = resource_path("library", "letter_wording.json").read_bytes()
    return data, hashlib.sha256(raw + b"\0" + wording).hexdigest()


def upgrade_library(database: Database, path: Path | None = None) -> UpgradeReport:
    data, digest = load_seed(path)
    with database.session() as session, session.begin():
        state = session.get(LibraryStateRow, SEED_DIGEST)
        if state is not None and state.value == digest:
            return UpgradeReport(current=True)
        sources = {row.key: row for row in session.scalars(select(GuidelineSourceRow))}
        renamed: list[GuidelineSourceRow] = []
        for source in data.sources:
            row = sources.get(source.key)
            if row is None:
                row = sources[source.key] = GuidelineSourceRow(origin=Origin.SEED.value,
                                                               edited=False)
                session.add(row)
            elif row.origin != Origin.SEED.value or row.edited or to_source(row) == source:
                continue
            else:
                renamed.append(row)  # its titles are in every entry's index row
            fill_source(row, source)
        existing = {row.key: row for row in session.scalars(
            select(GuidelineEntryRow).options(selectinload(GuidelineEntryRow.source),
                                              selectinload(GuidelineEntryRow.snippets)))}
        added = refreshed = kept = 0
        touched = []
        for entry in data.entries:
            row = existing.get(entry.key)
            if row is None:
                row = GuidelineEntryRow(origin=Origin.SEED.value, edited=False, removed=False)
                session.add(row)
                added += 1
            elif row.origin != Origin.SEED.value or row.edited or row.removed:
                kept += 1
                continue
            elif to_entry(row) == entry:
                continue
            else:
                refreshed += 1
            fill_entry(row, entry, sources[entry.source])
            touched.append(row)
        for row in renamed:
            touched += [entry for entry in row.entries if entry not in touched]
        touched += [row for row in existing.values()  # their wordings may have changed
                    if cited_as(row.key) and row not in touched]
        reindex(session, touched)
        _set(session, SEED_DIGEST, digest)
        _set(session, SEED_VERSION, data.version or "")
    log.info("guideline library upgraded: %d added, %d refreshed, %d kept", added, refreshed, kept)
    return UpgradeReport(added=added, refreshed=refreshed, kept=kept)


def _set(session, name: str, value: str) -> None:
    state = session.get(LibraryStateRow, name)
    if state is None:
        session.add(LibraryStateRow(name=name, value=value))
    else:
        state.value = value
