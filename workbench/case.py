"""The case as plain data: what the reviewer edits, the letter prints and the reader returns.

These dataclasses are the one shape shared by the database layer, the letter
writers, the letter reader and (later) the window. They hold no ORM state, so
they can cross threads and be compared field by field in tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class ReviewType(str, Enum):
    STANDARD = "standard"
    EXPEDITED = "expedited"
    FORMULARY = "formulary"


class Status(str, Enum):
    DRAFT = "draft"
    IN_QA = "in QA"
    FINAL = "final"


class ClaimantTerm(str, Enum):
    PATIENT = "patient"
    APPLICANT = "applicant"
    INJURED_WORKER = "injured worker"
    EMPLOYEE = "employee"


class Decision(str, Enum):
    UPHELD = "Upheld"
    OVERTURNED = "Overturned"


class CredentialForm(str, Enum):
    """Where the letter prints the reviewer's credentials."""

    SENTENCE = "sentence"  # inside the "how the determination was made" paragraph
    BLOCK = "block"  # a separate "has the following credentials:" paragraph


class Role(str, Enum):
    """Whose guideline line a citation belongs to."""

    CLAIMS_ADMINISTRATOR = "claims_administrator"
    REVIEWER = "reviewer"


@dataclass
class Credentials:
    """The reviewer's credentials exactly as the letter prints them; never a name."""

    form: CredentialForm = CredentialForm.BLOCK
    certifications: list[str] = field(default_factory=list)
    subspecialties: list[str] = field(default_factory=list)
    licensure_states: list[str] = field(default_factory=list)
    # The credential sentence or block as read, when re-rendering the lists
    # would not give the same words back (an unusual list joiner, say).
    verbatim: str | None = None


@dataclass
class Citation:
    """One "Decision based on ..." sentence of a guideline line.

    ``source`` is None for text the reader could not structure at all. ``text``
    holds the sentence as read whenever the standard wording built from the
    fields would differ from it, so an imported letter prints what it said.
    """

    source: str | None = None
    topic: str | None = None
    pages: str | None = None
    section: str | None = None
    mtus: bool = True
    preface: bool = False
    text: str | None = None
    entry_key: str | None = None  # the library entry it came from or was matched to

    @property
    def is_free_text(self) -> bool:
        return self.source is None


@dataclass
class Item:
    """One disputed item/service and the reviewer's decision on it.

    ``decision`` is None until the reviewer picks one: a new item is not "Upheld" by default
    (the quality check ``decision-missing`` and the letter checklist name it).
    """

    description: str
    decision: Decision | None
    number: int | None = None
    rationale: list[str] = field(default_factory=list)
    claims_administrator_citations: list[Citation] = field(default_factory=list)
    reviewer_citations: list[Citation] = field(default_factory=list)

    @property
    def decision_word(self) -> str:
        """"Upheld", "Overturned", or "No decision" while none is picked."""
        return self.decision.value if self.decision is not None else "No decision"

    def citations(self, role: Role) -> list[Citation]:
        if role is Role.CLAIMS_ADMINISTRATOR:
            return self.claims_administrator_citations
        return self.reviewer_citations


@dataclass
class Wording:
    """Letter wording that differs from the template, kept so a letter prints what it said.

    None means "use the template". ``how_made`` keeps ``{organization}`` and
    ``{credentials}`` placeholders where the letter had them.
    """

    how_made: str | None = None
    summary_lead_in: str | None = None
    issues_lead_in: str | None = None


@dataclass
class Case:
    organization: str
    organization_short: str
    id: int | None = None
    case_number: str | None = None
    claim_number: str | None = None
    review_type: ReviewType = ReviewType.STANDARD
    status: Status = Status.DRAFT
    claimant_term: ClaimantTerm = ClaimantTerm.PATIENT
    # The day the IRO received the case: the letter's "Date Assigned" (the Administrative
    # Director assigns the application to the IRO that day) and the start of the due date.
    received_on: dt.date | None = None
    ur_decision_on: dt.date | None = None  # the letter's "UR Denial Date"
    due_on: dt.date | None = None
    # The letter's "Decision Date": the day the determination is signed and sent.
    decided_on: dt.date | None = None
    # The letter's "Application Received": the day the Division received the IMR application,
    # before it assigned the case (so earlier than ``received_on``).
    application_received_on: dt.date | None = None
    credentials: Credentials = field(default_factory=Credentials)
    summary: list[str] = field(default_factory=list)
    # The structured summary form (age, injury, treatment...), field name to value. Its
    # "injury_date" is the letter header's Date of Injury (letters/header.py).
    summary_form: dict[str, object] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    wording: Wording = field(default_factory=Wording)
    # Print the "DOCUMENTS REVIEWED" section; None follows the workbench default.
    documents_reviewed: bool | None = None
    # Quality findings the reviewer let stand, by ``Finding.key``, each with the reviewer's
    # short note why; setting the case to Final needs every finding fixed or acknowledged.
    qa_acknowledgements: dict[str, str] = field(default_factory=dict)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    # The stored version this copy was read at (0: never stored). Not content: two copies
    # with the same words are equal whatever their versions.
    version: int = field(default=0, compare=False)
