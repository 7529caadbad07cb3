"""Keeping cases in the database: plain ``Case`` objects in, plain objects out.

Each call is one unit of work in its own session; callers (the CLI, later the
window's operations) never hold ORM rows, so nothing live crosses a thread.
"""

from __future__ import annotations

import datetime as dt
import shutil
from copy import deepcopy
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from db.database import Database
from db.models import CaseRow, CitationRow, CredentialsRow, ItemRow, SummaryRow
from workbench.case import Case, Citation, Credentials, Item, Role, Status, Wording
from workbench.errors import Conflict, NotFound


@dataclass(frozen=True)
class CaseListing:
    """One row of the case list: enough to choose a case, nothing clinical."""

    id: int
    case_number: str | None
    review_type: str
    status: str
    items: int
    due_on: str | None
    updated_at: str
    deleted_at: str | None = None

    def days_left(self, today: dt.date | None = None) -> int | None:
        """Days until the determination is due; negative when overdue."""
        if self.due_on is None:
            return None
        return (dt.date.fromisoformat(self.due_on) - (today or dt.date.today())).days


class CaseOrder(str, Enum):
    """Orders the case list can be sorted by."""

    UPDATED = "updated"
    CASE_NUMBER = "case_number"
    STATUS = "status"
    REVIEW_TYPE = "review_type"
    DUE = "due"
    ITEMS = "items"


class CaseStore:
    def __init__(self, database: Database):
        self.database = database

    def add(self, case: Case) -> int:
        """Store a new case; returns its id. Nothing is written if anything fails."""
        with self.database.session() as session, session.begin():
            row = CaseRow()
            _update_row(row, case)
            session.add(row)
            session.flush()
            case.version = row.version
            return row.id

    def save(self, case: Case) -> int:
        """Store ``case`` over the stored copy it was read from; returns the new version.

        The save is based on ``case.version``: when the stored case has moved on
        (another window or command saved it since), nothing is written and
        ``Conflict`` is raised, so no writer silently undoes another's work. Only
        the rows whose content differs are written. The version check and the
        writes are one transaction; the version is bumped by the first statement,
        which also takes SQLite's write lock, so two writers cannot both pass it.

        Raises ``NotFound`` for an unknown case and ``Conflict`` for a stale copy.
        """
        now = dt.datetime.now(dt.timezone.utc)
        with self.database.session() as session, session.begin():
            bumped = session.execute(
                update(CaseRow)
                .where(CaseRow.id == case.id, CaseRow.version == case.version)
                .values(version=CaseRow.version + 1, updated_at=now)
                .execution_options(synchronize_session=False)
            )
            if bumped.rowcount != 1:
                stored = session.scalar(select(CaseRow.version).where(CaseRow.id == case.id)) \
                    if case.id is not None else None
                if stored is None:
                    raise NotFound(f"No case with id {case.id}")
                raise Conflict(
                    f"Case {case.id} was changed elsewhere (version {stored}) since this copy "
                    f"was read (version {case.version}); nothing was saved", stored)
            row = self._row(session, case.id)
            _update_row(row, case)
            version = row.version
        case.version = version
        return version

    def get(self, case_id: int) -> Case:
        with self.database.session() as session:
            return _to_case(self._row(session, case_id))

    def delete(self, case_id: int) -> None:
        """Delete a case for good, with its records and their stored copies."""
        with self.database.session() as session, session.begin():
            session.delete(self._row(session, case_id))
        self._remove_files(case_id)

    def trash(self, case_id: int) -> None:
        """Move a case to the trash: out of the list, whole until the trash is emptied."""
        self._set_deleted(case_id, dt.datetime.now(dt.timezone.utc))

    def restore(self, case_id: int) -> None:
        self._set_deleted(case_id, None)

    def empty_trash(self) -> int:
        """Delete every case in the trash for good; returns how many there were."""
        with self.database.session() as session:
            ids = list(session.scalars(select(CaseRow.id).where(CaseRow.deleted_at.is_not(None))))
        for case_id in ids:
            self.delete(case_id)
        return len(ids)

    def duplicate(self, case_id: int) -> int:
        """A new draft case with the same letter content (form, summary, items); records stay."""
        copy = deepcopy(self.get(case_id))
        copy.id = None
        copy.status = Status.DRAFT
        copy.case_number = f"{copy.case_number} (copy)" if copy.case_number else None
        return self.add(copy)

    def is_trashed(self, case_id: int) -> bool:
        with self.database.session() as session:
            row = session.get(CaseRow, case_id)
            if row is None:
                raise NotFound(f"No case with id {case_id}")
            return row.deleted_at is not None

    def count(self, *, trashed: bool = False, search: str = "") -> int:
        query = select(func.count()).select_from(CaseRow).where(*_filters(trashed, search))
        with self.database.session() as session:
            return session.scalar(query) or 0

    def list(self, *, trashed: bool = False, search: str = "",
             order: CaseOrder = CaseOrder.UPDATED, descending: bool = True,
             offset: int = 0, limit: int | None = None) -> list[CaseListing]:
        """A page of the case list (the window fetches it lazily, page by page)."""
        items = (
            select(ItemRow.case_id, func.count().label("n")).group_by(ItemRow.case_id).subquery()
        )
        item_count = func.coalesce(items.c.n, 0)
        key = {
            CaseOrder.UPDATED: CaseRow.updated_at, CaseOrder.CASE_NUMBER: CaseRow.case_number,
            CaseOrder.STATUS: CaseRow.status, CaseOrder.REVIEW_TYPE: CaseRow.review_type,
            CaseOrder.DUE: CaseRow.due_on, CaseOrder.ITEMS: item_count,
        }[order]
        query = (
            select(CaseRow, item_count)
            .outerjoin(items, items.c.case_id == CaseRow.id)
            .where(*_filters(trashed, search))
            .order_by(
                key.is_(None),  # cases without the value last, either direction
                key.desc() if descending else key.asc(),
                CaseRow.id.desc() if descending else CaseRow.id.asc(),
            )
            .offset(offset)
            .limit(limit)
        )
        with self.database.session() as session:
            return [
                CaseListing(
                    id=row.id,
                    case_number=row.case_number,
                    review_type=row.review_type.value,
                    status=row.status.value,
                    items=count,
                    due_on=row.due_on.isoformat() if row.due_on else None,
                    updated_at=row.updated_at.strftime("%Y-%m-%d %H:%M"),
                    deleted_at=row.deleted_at.strftime("%Y-%m-%d %H:%M") if row.deleted_at else None,
                )
                for row, count in session.execute(query)
            ]

    def _set_deleted(self, case_id: int, when: dt.datetime | None) -> None:
        with self.database.session() as session, session.begin():
            result = session.execute(
                update(CaseRow).where(CaseRow.id == case_id).values(deleted_at=when)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 0:
                raise NotFound(f"No case with id {case_id}")

    def _remove_files(self, case_id: int) -> None:
        shutil.rmtree(self.database.files / "records" / f"case-{case_id}", ignore_errors=True)

    @staticmethod
    def _row(session: Session, case_id: int | None) -> CaseRow:
        row = None
        if case_id is not None:
            row = session.scalar(
                select(CaseRow)
                .where(CaseRow.id == case_id)
                .options(
                    selectinload(CaseRow.credentials),
                    selectinload(CaseRow.summary),
                    selectinload(CaseRow.items).selectinload(ItemRow.citations),
                )
            )
        if row is None:
            raise NotFound(f"No case with id {case_id}")
        return row


def _filters(trashed: bool, search: str) -> list:
    filters = [CaseRow.deleted_at.is_not(None) if trashed else CaseRow.deleted_at.is_(None)]
    words = search.split()
    for word in words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        filters.append(or_(
            CaseRow.case_number.ilike(pattern, escape="\\"),
            CaseRow.claim_number.ilike(pattern, escape="\\"),
        ))
    return filters


def _update_row(row: CaseRow, case: Case) -> None:
    """Write into ``row`` (new, or stored) only what differs from ``case``: unchanged
    columns, the credentials, the summary and every unchanged item stay as they are."""
    values = {
        "case_number": case.case_number, "claim_number": case.claim_number,
        "review_type": case.review_type, "status": case.status,
        "claimant_term": case.claimant_term, "received_on": case.received_on,
        "ur_decision_on": case.ur_decision_on, "due_on": case.due_on,
        "decided_on": case.decided_on, "application_received_on": case.application_received_on,
        "organization": case.organization, "organization_short": case.organization_short,
        "how_made_wording": case.wording.how_made,
        "summary_lead_in": case.wording.summary_lead_in,
        "issues_lead_in": case.wording.issues_lead_in,
        "documents_reviewed": case.documents_reviewed,
        "qa_acknowledgements": dict(case.qa_acknowledgements),
    }
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
    credentials = case.credentials
    wanted = {
        "form": credentials.form, "certifications": list(credentials.certifications),
        "subspecialties": list(credentials.subspecialties),
        "licensure_states": list(credentials.licensure_states),
        "verbatim": credentials.verbatim,
    }
    if row.credentials is None:
        row.credentials = CredentialsRow(**wanted)
    else:
        for name, value in wanted.items():
            if getattr(row.credentials, name) != value:
                setattr(row.credentials, name, value)
    paragraphs, form = list(case.summary), dict(case.summary_form)
    if row.summary is None:
        row.summary = SummaryRow(paragraphs=paragraphs, form=form)
    else:
        if row.summary.paragraphs != paragraphs:
            row.summary.paragraphs = paragraphs
        if row.summary.form != form:
            row.summary.form = form
    stored = list(row.items)
    for position, item in enumerate(case.items):
        if position >= len(stored):
            row.items.append(_item_row(item, position))
        elif _to_item(stored[position]) != item or stored[position].position != position:
            _update_item_row(stored[position], item, position)
    for extra in stored[len(case.items):]:
        row.items.remove(extra)


def _update_item_row(row: ItemRow, item: Item, position: int) -> None:
    wanted = {"position": position, "number": item.number, "description": item.description,
              "decision": item.decision, "rationale": list(item.rationale)}
    for name, value in wanted.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
    citations = _citation_rows(item)
    if [(c.role, c.position, _to_citation(c)) for c in row.citations] != \
            [(c.role, c.position, _to_citation(c)) for c in citations]:
        row.citations = citations


def _citation_rows(item: Item) -> list[CitationRow]:
    return [
        CitationRow(
            role=role, position=index, source=c.source, topic=c.topic, pages=c.pages,
            section=c.section, mtus=c.mtus, preface=c.preface, text=c.text,
            entry_key=c.entry_key,
        )
        for role in Role
        for index, c in enumerate(item.citations(role))
    ]


def _item_row(item: Item, position: int) -> ItemRow:
    return ItemRow(
        position=position, number=item.number, description=item.description,
        decision=item.decision, rationale=list(item.rationale), citations=_citation_rows(item),
    )


def _to_case(row: CaseRow) -> Case:
    credentials = row.credentials
    case = Case(
        id=row.id,
        organization=row.organization,
        organization_short=row.organization_short,
        case_number=row.case_number,
        claim_number=row.claim_number,
        review_type=row.review_type,
        status=row.status,
        claimant_term=row.claimant_term,
        received_on=row.received_on,
        ur_decision_on=row.ur_decision_on,
        due_on=row.due_on,
        decided_on=row.decided_on,
        application_received_on=row.application_received_on,
        credentials=Credentials(
            form=credentials.form,
            certifications=list(credentials.certifications),
            subspecialties=list(credentials.subspecialties),
            licensure_states=list(credentials.licensure_states),
            verbatim=credentials.verbatim,
        ) if credentials else Credentials(),
        summary=list(row.summary.paragraphs) if row.summary else [],
        summary_form=dict(row.summary.form) if row.summary else {},
        wording=Wording(row.how_made_wording, row.summary_lead_in, row.issues_lead_in),
        documents_reviewed=row.documents_reviewed,
        qa_acknowledgements=dict(row.qa_acknowledgements or {}),
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )
    case.items = [_to_item(item_row) for item_row in row.items]
    return case


def _to_item(row: ItemRow) -> Item:
    item = Item(description=row.description, decision=row.decision, number=row.number,
                rationale=list(row.rationale))
    for c in row.citations:
        item.citations(c.role).append(_to_citation(c))
    return item


def _to_citation(c: CitationRow) -> Citation:
    return Citation(source=c.source, topic=c.topic, pages=c.pages, section=c.section,
                    mtus=c.mtus, preface=c.preface, text=c.text, entry_key=c.entry_key)
