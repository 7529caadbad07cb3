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
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from workbench.case import (
    ClaimantTerm,
    CredentialForm,
    Decision,
    ReviewType,
    Role,
    Status,
)

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
    organization: Mapped[str] = mapped_column(String(200))
    organization_short: Mapped[str] = mapped_column(String(100))
    how_made_wording: Mapped[str | None] = mapped_column(Text)
    summary_lead_in: Mapped[str | None] = mapped_column(Text)
    issues_lead_in: Mapped[str | None] = mapped_column(Text)
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
    decision: Mapped[Decision] = mapped_column(_enum(Decision, "decision"))
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

    item: Mapped[ItemRow] = relationship(back_populates="citations")
