"""Noticing what other windows and commands changed, cheaply enough to ask every few seconds.

A ``Fingerprint`` condenses what the window shows from the database: the open
case's version, its record files, their corrections and the answers to what the
records propose, the library's revision, the workbench settings, and the case
list. Two fingerprints that
differ name the parts to reload (``Fingerprint.changes``). On SQLite,
``PRAGMA data_version`` on one kept connection says whether any other
connection committed at all, so a quiet database costs one pragma per check.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select

from db.database import Database
from db.models import (
    CaseRow,
    LibraryStateRow,
    ProposalAnswerRow,
    RecordCorrectionRow,
    RecordFileRow,
    WorkbenchSettingRow,
)
from workbench.changes import CASE_LIST, CASE_PARTS, LIBRARY, RECORDS, SETTINGS, Changes


@dataclass(frozen=True)
class Fingerprint:
    case_id: int | None
    case_version: int | None  # None: no case open, or the case is gone
    records: str
    library: str
    settings: str
    case_list: str

    def changes(self, newer: Fingerprint) -> Changes:
        """What differs from ``newer``, as a change another writer made."""
        parts: set[str] = set()
        if self.case_version != newer.case_version:
            parts |= CASE_PARTS
        for name, part in (("records", RECORDS), ("library", LIBRARY), ("settings", SETTINGS),
                           ("case_list", CASE_LIST)):
            if getattr(self, name) != getattr(newer, name):
                parts.add(part)
        return Changes(frozenset(parts), newer.case_id, external=True)


class Watcher:
    """Takes fingerprints of one database; ``quiet()`` is the cheap first question."""

    def __init__(self, database: Database):
        self.database = database
        self._connection = None
        self._data_version: int | None = None

    def quiet(self) -> bool:
        """True when nobody committed since the last call (SQLite only; else always False)."""
        if self.database.engine.dialect.name != "sqlite":
            return False
        try:
            if self._connection is None:
                self._connection = self.database.engine.raw_connection()
            cursor = self._connection.cursor()
            version = cursor.execute("PRAGMA data_version").fetchone()[0]
            cursor.close()
        except Exception:  # a vanished or locked file: let the full check find out
            self.close()
            return False
        unchanged = version == self._data_version
        self._data_version = version
        return unchanged

    def fingerprint(self, case_id: int | None) -> Fingerprint:
        with self.database.session() as session:
            version = None
            records = ""
            if case_id is not None:
                version = session.scalar(select(CaseRow.version).where(
                    CaseRow.id == case_id, CaseRow.deleted_at.is_(None)))
                rows = session.execute(
                    select(RecordFileRow.id, RecordFileRow.state, RecordFileRow.found_with)
                    .where(RecordFileRow.case_id == case_id)
                    .order_by(RecordFileRow.id)).all()
                rows += session.execute(
                    select(RecordCorrectionRow.__table__)
                    .where(RecordCorrectionRow.case_id == case_id)
                    .order_by(RecordCorrectionRow.sha256, RecordCorrectionRow.page)).all()
                # The reviewer's answers to what the records propose (read with them).
                rows += session.execute(
                    select(ProposalAnswerRow.field, ProposalAnswerRow.value,
                           ProposalAnswerRow.answer)
                    .where(ProposalAnswerRow.case_id == case_id)
                    .order_by(ProposalAnswerRow.field, ProposalAnswerRow.value)).all()
                records = _digest(rows)
            library = session.scalars(select(LibraryStateRow.value)).all()
            settings = session.execute(
                select(WorkbenchSettingRow.name, WorkbenchSettingRow.value)
                .order_by(WorkbenchSettingRow.name)).all()
            cases = session.execute(select(
                func.count(), func.max(CaseRow.id), func.max(CaseRow.updated_at),
                func.max(CaseRow.deleted_at))).one()
            return Fingerprint(case_id, version, records, _digest(library), _digest(settings),
                               _digest([tuple(cases)]))

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:
                pass
        self._connection = None
        self._data_version = None


def _digest(rows) -> str:
    return hashlib.blake2b(repr(list(rows)).encode(), digest_size=12).hexdigest()


