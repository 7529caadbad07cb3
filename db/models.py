"""The case database schema (SQLAlchemy 2, typed declarative).

Only portable types are used (JSON lists, string enums with CHECK
constraints), so the same models serve SQLite and PostgreSQL. Constraint
names follow one convention so Alembic migrations can refer to them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.fulltext import ContentIndex, FullTextIndex
from workbench.case import (
    ClaimantTerm,
    CredentialForm,
    Decision,
    ReviewType,
    Role,
    Status,
)
from workbench.records.kinds import DocumentKind, EntryOrigin, ImportState, PageSource

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _enum(enum_type: type, name: str) -> Enum:
    """A portable enum: VARCHAR plus a named CHECK constraint, storing the values."""
    return Enum(
        enum_type,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
        length=32,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


class CaseRow(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_number: Mapped[str | None] = mapped_column(String(64), index=True)
    claim_number: Mapped[str | None] = mapped_column(String(64))
    review_type: Mapped[ReviewType] = mapped_column(_enum(ReviewType, "review_type"))
    status: Mapped[Status] = mapped_column(_enum(Status, "status"))
    claimant_term: Mapped[ClaimantTerm] = mapped_column(_enum(ClaimantTerm, "claimant_term"))
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    ur_decision_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    # The letter's Decision Date and Application Received (migration 0011).
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    application_received_on: Mapped[dt.date | None] = mapped_column(Date)
    organization: Mapped[str] = mapped_column(String(200))
    organization_short: Mapped[str] = mapped_column(String(100))
    how_made_wording: Mapped[str | None] = mapped_column(Text)
    summary_lead_in: Mapped[str | None] = mapped_column(Text)
    issues_lead_in: Mapped[str | None] = mapped_column(Text)
    # Print the "DOCUMENTS REVIEWED" section: None follows the workbench default.
    documents_reviewed: Mapped[bool | None] = mapped_column(Boolean)
    # Quality findings acknowledged: finding key -> the reviewer's note (migration 0012).
    qa_acknowledgements: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")
    # Set when the case is moved to the trash; the trash can be restored or emptied.
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # Counts up with every stored change of the case's content; a save names the version it
    # was based on and is refused when another writer got there first (workbench.store).
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    credentials: Mapped[CredentialsRow | None] = relationship(
        back_populates="case", cascade="all, delete-orphan", uselist=False
    )
    summary: Mapped[SummaryRow | None] = relationship(
        back_populates="case", cascade="all, delete-orphan", uselist=False
    )
    items: Mapped[list[ItemRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="ItemRow.position"
    )


class CredentialsRow(Base):
    """The reviewer's credentials as printed on this case's letter (never a name)."""

    __tablename__ = "credentials"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    form: Mapped[CredentialForm] = mapped_column(_enum(CredentialForm, "credential_form"))
    certifications: Mapped[list[str]] = mapped_column(default=list)
    subspecialties: Mapped[list[str]] = mapped_column(default=list)
    licensure_states: Mapped[list[str]] = mapped_column(default=list)
    verbatim: Mapped[str | None] = mapped_column(Text)

    case: Mapped[CaseRow] = relationship(back_populates="credentials")


class SummaryRow(Base):
    """The clinical case summary: its narrative paragraphs and the structured form behind them."""

    __tablename__ = "summaries"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    paragraphs: Mapped[list[str]] = mapped_column(default=list)
    form: Mapped[dict[str, Any]] = mapped_column(default=dict)

    case: Mapped[CaseRow] = relationship(back_populates="summary")


class ItemRow(Base):
    __tablename__ = "items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    decision: Mapped[Decision | None] = mapped_column(_enum(Decision, "decision"))  # None: undecided
    rationale: Mapped[list[str]] = mapped_column(default=list)

    case: Mapped[CaseRow] = relationship(back_populates="items")
    citations: Mapped[list[CitationRow]] = relationship(
        back_populates="item", cascade="all, delete-orphan",
        order_by="(CitationRow.role, CitationRow.position)",
    )


class CitationRow(Base):
    """A guideline citation: structured fields, or verbatim text when it could not be."""

    __tablename__ = "citations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(_enum(Role, "citation_role"))
    position: Mapped[int] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(Text)
    topic: Mapped[str | None] = mapped_column(Text)
    pages: Mapped[str | None] = mapped_column(String(100))
    section: Mapped[str | None] = mapped_column(Text)
    mtus: Mapped[bool] = mapped_column(Boolean)
    preface: Mapped[bool] = mapped_column(Boolean)
    text: Mapped[str | None] = mapped_column(Text)
    # The library entry this citation came from or was matched to; not a foreign
    # key, because the letter's wording stays valid if the entry is later removed.
    entry_key: Mapped[str | None] = mapped_column(String(120))

    item: Mapped[ItemRow] = relationship(back_populates="citations")


# -- the guideline library ------------------------------------------------
#
# Sources and entries carry an ``origin``: "seed" rows come from the shipped
# library and are refreshed when it is upgraded, until the reviewer edits one
# (``edited``); "reviewer" rows are the reviewer's own and never touched.
# A removed seed entry stays as a row with ``removed`` set, so an upgrade does
# not bring it back.


class GuidelineSourceRow(Base):
    __tablename__ = "guideline_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(Text)
    short_title: Mapped[str] = mapped_column(String(200))
    citation_title: Mapped[str] = mapped_column(String(200))
    citation_style: Mapped[str] = mapped_column(String(16))
    publisher: Mapped[str | None] = mapped_column(Text)
    edition: Mapped[str | None] = mapped_column(String(200))
    effective_from: Mapped[dt.date | None] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    mtus: Mapped[bool] = mapped_column(Boolean)
    tier: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(16))
    edited: Mapped[bool] = mapped_column(Boolean, default=False)

    entries: Mapped[list[GuidelineEntryRow]] = relationship(back_populates="source")


snippet_entries = Table(
    "snippet_entries",
    Base.metadata,
    Column("snippet_id", ForeignKey("rationale_snippets.id", ondelete="CASCADE"),
           primary_key=True),
    Column("entry_id", ForeignKey("guideline_entries.id", ondelete="CASCADE"), primary_key=True),
)


class GuidelineEntryRow(Base):
    __tablename__ = "guideline_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("guideline_sources.id"), index=True)
    chapter: Mapped[str | None] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(Text)
    pages: Mapped[str | None] = mapped_column(String(100))
    section: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    body_regions: Mapped[list[str]] = mapped_column(default=list)
    treatments: Mapped[list[str]] = mapped_column(default=list)
    keywords: Mapped[list[str]] = mapped_column(default=list)
    pages_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    origin: Mapped[str] = mapped_column(String(16))
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The printed page to open in the source's guideline PDF (default: the first cited page).
    document_page: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    source: Mapped[GuidelineSourceRow] = relationship(back_populates="entries")
    snippets: Mapped[list[RationaleSnippetRow]] = relationship(
        secondary=snippet_entries, back_populates="entries")


class RationaleSnippetRow(Base):
    """A passage of rationale the reviewer reuses, linked to the entries it argues from."""

    __tablename__ = "rationale_snippets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    entries: Mapped[list[GuidelineEntryRow]] = relationship(
        secondary=snippet_entries, back_populates="snippets", order_by="GuidelineEntryRow.key")


class GuidelineDocumentRow(Base):
    """A guideline PDF the reviewer owns, kept in the workbench's file store."""

    __tablename__ = "guideline_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("guideline_sources.id"), index=True)
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    page_count: Mapped[int] = mapped_column(Integer)
    # PDF page position = printed page number + offset (front matter shifts them).
    page_offset: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    source: Mapped[GuidelineSourceRow] = relationship()
    pages: Mapped[list[GuidelinePageRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan",
        order_by="GuidelinePageRow.position")


class GuidelinePageRow(Base):
    __tablename__ = "guideline_pages"
    __table_args__ = (UniqueConstraint("document_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("guideline_documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # 1-based page in the PDF
    text: Mapped[str] = mapped_column(Text)

    document: Mapped[GuidelineDocumentRow] = relationship(back_populates="pages")


class LibraryStateRow(Base):
    """Library bookkeeping: the shipped library's version, and a revision that changes on every edit."""

    __tablename__ = "library_state"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# -- the case file (records) ----------------------------------------------
#
# A record file is a file the parties sent, kept in the case's own folder under
# ``Database.files`` and named by its SHA-256. It stays ``importing`` (and
# invisible) until every page is stored and indexed and its documents found.
# A record document is a page range of a file: one report, letter or form
# inside a packet. The rules find documents again whenever they improve; the
# reviewer's word (a split, a merge, a kind, date or author) is kept apart in
# ``record_corrections``, keyed by the file's hash and the page, so that no
# re-reading, re-finding or re-import of the same file undoes it.


class RecordFileRow(Base):
    __tablename__ = "record_files"
    __table_args__ = (UniqueConstraint("case_id", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(16))  # pdf, docx, text, image
    size: Mapped[int] = mapped_column(Integer)
    state: Mapped[ImportState] = mapped_column(_enum(ImportState, "import_state"))
    page_count: Mapped[int | None] = mapped_column(Integer)
    # The version of the document-finding rules that made this file's documents (0: made
    # before files held documents, one a file; -1: just read, one provisional document
    # until they are found). Lower than the current rules: found again.
    found_with: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RecordDocumentRow(Base):
    __tablename__ = "record_documents"
    __table_args__ = (Index("ix_record_documents_file_pages", "file_id", "first_page"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("record_files.id", ondelete="CASCADE"))
    first_page: Mapped[int] = mapped_column(Integer)  # 1-based pages of the file, inclusive
    last_page: Mapped[int] = mapped_column(Integer)
    kind: Mapped[DocumentKind] = mapped_column(_enum(DocumentKind, "document_kind"))
    service_date: Mapped[dt.date | None] = mapped_column(Date)
    first_date: Mapped[dt.date | None] = mapped_column(Date)
    last_date: Mapped[dt.date | None] = mapped_column(Date)
    provider: Mapped[str | None] = mapped_column(Text)
    facility: Mapped[str | None] = mapped_column(Text)
    # The earlier document this one repeats (the same report sent twice), if any.
    duplicate_of: Mapped[int | None] = mapped_column(
        ForeignKey("record_documents.id", ondelete="SET NULL"))


class RecordCorrectionRow(Base):
    """The reviewer's word about the document starting (or not) at a page of a file.

    ``starts``: True where the reviewer split, False where they merged, None
    when they only corrected the document's kind, date, author or duplicate mark.
    """

    __tablename__ = "record_corrections"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    page: Mapped[int] = mapped_column(Integer, primary_key=True)
    starts: Mapped[bool | None] = mapped_column(Boolean)
    kind: Mapped[DocumentKind | None] = mapped_column(
        _enum(DocumentKind, "corrected_kind"))
    service_date: Mapped[dt.date | None] = mapped_column(Date)
    provider: Mapped[str | None] = mapped_column(Text)
    # True: not a duplicate whatever the rules say; False: no word on it.
    not_duplicate: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class RecordPageRow(Base):
    __tablename__ = "record_pages"
    __table_args__ = (UniqueConstraint("file_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("record_files.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 1-based page in the file
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[PageSource] = mapped_column(_enum(PageSource, "page_source"))
    ocr_confidence: Mapped[float | None] = mapped_column(Float)  # 0-100, OCR pages only
    service_date: Mapped[dt.date | None] = mapped_column(Date)
    provider: Mapped[str | None] = mapped_column(Text)
    # Degrees clockwise a scanned page was turned to be read upright (90, 180, 270), so the
    # viewer draws it upright too; NULL when it is drawn as the file stores it.
    rotation: Mapped[int | None] = mapped_column(Integer)


class RecordPageReadRow(Base):
    """A record page the reviewer has opened in the page viewer (when first), so the
    window can say what is still unread. Kept locally; the letter never prints it."""

    __tablename__ = "record_page_reads"

    page_id: Mapped[int] = mapped_column(
        ForeignKey("record_pages.id", ondelete="CASCADE"), primary_key=True)
    first_read_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChronologyEntryRow(Base):
    __tablename__ = "chronology_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    file_id: Mapped[int | None] = mapped_column(
        ForeignKey("record_files.id", ondelete="CASCADE"), index=True)
    page: Mapped[int | None] = mapped_column(Integer)  # 1-based page in the file
    date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[DocumentKind | None] = mapped_column(_enum(DocumentKind, "entry_kind"))
    provider: Mapped[str | None] = mapped_column(Text)
    excerpt: Mapped[str] = mapped_column(Text)
    origin: Mapped[EntryOrigin] = mapped_column(_enum(EntryOrigin, "entry_origin"))
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)


class ProposalAnswerRow(Base):
    """The reviewer's answer to a value the records propose for the case (accepted or
    dismissed), so a dismissed proposal is not offered again."""

    __tablename__ = "proposal_answers"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    field: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, primary_key=True)  # the proposed value as JSON
    answer: Mapped[str] = mapped_column(String(16))  # "accepted" | "dismissed"
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WorkbenchSettingRow(Base):
    """Workbench-wide defaults (a JSON value per name), such as printing documents reviewed."""

    __tablename__ = "workbench_settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# Full-text indexes over the library (FTS5 virtual tables, kept beside the rows).
ENTRY_INDEX = FullTextIndex(
    "guideline_entry_search",
    ("source", "chapter", "topic", "keywords", "summary", "snippets"),
    (3.0, 2.0, 6.0, 5.0, 1.0, 1.0),
)
GUIDELINE_PAGE_INDEX = FullTextIndex("guideline_page_search", ("text",), (1.0,))
# The case file's pages, indexed where their text is stored: rowid = record_pages.id.
RECORD_PAGE_INDEX = ContentIndex("record_page_search", ("text",), (1.0,), content="record_pages")
FULL_TEXT_INDEXES = (ENTRY_INDEX, GUIDELINE_PAGE_INDEX, RECORD_PAGE_INDEX)
for _index in FULL_TEXT_INDEXES:
    _index.attach(Base.metadata)


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """For Alembic: full-text tables are made by their own DDL, not from the models."""
    return not (type_ == "table" and any(index.owns_table(name or "") for index in FULL_TEXT_INDEXES))
