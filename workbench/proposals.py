"""The records' proposals set against the case: what is new, what the case already says, and
what the reviewer accepted or dismissed.

``workbench.records.proposals`` reads particulars and disputed items from the
IMR application and the UR determination. Here each proposal is compared with
the case and given a state:

- "same": the case already says it (whatever was answered before);
- "accepted" / "dismissed": the reviewer answered it, and the case says
  something else now (a value accepted and then edited stays answered);
- "new": neither: the reviewer has not seen it through.

Answers are stored per case, field and proposed value (table
``proposal_answers``): a dismissed value stays dismissed, while a different
value for the same field, read from a record imported later, is new again.

Nothing is written to the case silently: ``accept`` is a pure function that
returns the changed case, and its caller saves it (the command line through
``CaseStore.save``, the window through its case editor, as one undoable edit).
Where each field goes:

- claim_number: ``Case.claim_number``;
- ur_date: the form's "ur_date" and ``Case.ur_decision_on`` together, as the
  Summary view writes them (the letter's "UR Denial Date" and the guideline
  dates are read from the latter, the drafted summary from the former);
- injury_date, request_provider, age, sex: the summary form's field;
- body_regions, diagnoses: the summary form's list, with the accepted entries
  it lacks added at its end (nothing the reviewer typed is dropped);
- item: a new disputed item at the end of the list, with the description as
  written in the records, no decision yet and no citations.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select

from db.database import Database
from db.models import CaseRow, ProposalAnswerRow
from workbench.case import Case
from workbench.errors import NotFound, WorkbenchError
from workbench.library.items import add_item
from workbench.records.documents import document_texts
from workbench.records.facts import parse_date
from workbench.records.kinds import DocumentKind
from workbench.records.proposals import (
    FIELDS, SOURCE_KINDS, Proposal, body_region, item_key, propose, source_documents,
)
from workbench.store import CaseStore
from workbench.summary.form import SummaryForm, parse_day

NEW, SAME, ACCEPTED, DISMISSED = "new", "same", "accepted", "dismissed"
ANSWERS = (ACCEPTED, DISMISSED)

LABELS = {
    "claim_number": "Claim number", "injury_date": "Date of injury",
    "ur_date": "Date of UR decision", "request_provider": "Requesting provider",
    "age": "Age", "sex": "Sex", "body_regions": "Body regions", "diagnoses": "Diagnoses",
    "item": "Disputed item",
}
assert set(LABELS) == set(FIELDS)


@dataclass(frozen=True)
class CaseProposal:
    """A proposal beside the case's value for its field.

    ``key`` names it on the command line: the field, or "item:N" for the Nth proposed
    item (1-based). ``current`` is the case's value in the proposal's own shape (None
    when the case has none; for an item, the description of the case's item that names
    the same treatment). ``document_kind`` and ``file_name`` say where it was read.
    """

    proposal: Proposal
    key: str
    current: object
    state: str
    document_kind: DocumentKind
    file_name: str | None = None

    @property
    def field(self) -> str:
        return self.proposal.field

    @property
    def label(self) -> str:
        if self.field == "item":
            return f"{LABELS['item']} {self.key.partition(':')[2]}"
        return LABELS[self.field]

    @property
    def source(self) -> str:
        """Where it was read, as a link names it: "IMR Application p. 3"."""
        return f"{self.document_kind.label} p. {self.proposal.page}"


# -- showing values -------------------------------------------------------------------------

def shown(field: str, value: object) -> str:
    """A proposed or current value as the reviewer reads it; "" for none."""
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%m/%d/%Y")
    if isinstance(value, list):
        return "; ".join(str(part) for part in value)
    if isinstance(value, dict):
        return f"{value['description']} ({value['ur_outcome']} by UR)"
    return str(value)


def value_json(value: object) -> str:
    """The proposed value as stored with an answer: JSON text, dates ISO, keys sorted."""
    return json.dumps(value, default=_json_default, sort_keys=True, separators=(",", ":"))


def _json_default(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


# -- the case's values ------------------------------------------------------------------------

def _words(text: object) -> str:
    """What two texts share when they say the same thing: case and punctuation aside
    ("Maria Lopez, M.D." is "maria lopez MD")."""
    text = re.sub(r"(?<=[a-z])\.(?=[a-z])|\.(?=\s|$)", "", str(text).casefold())
    return " ".join(re.sub(r"[^a-z0-9#/%.]+", " ", text).split())


def current_value(case: Case, proposal: Proposal) -> object:
    """The case's value for the proposal's field, in the proposal's shape (None: nothing)."""
    form = SummaryForm.from_dict(case.summary_form)
    field = proposal.field
    if field == "claim_number":
        return case.claim_number or None
    if field == "injury_date":
        return form.injury_on or form.injury_date or None
    if field == "ur_date":
        return case.ur_decision_on or form.ur_on
    if field == "request_provider":
        return form.request_provider.strip() or None
    if field == "age":
        return form.age
    if field == "sex":
        return form.sex
    if field in ("body_regions", "diagnoses"):
        return list(getattr(form, field))
    if field == "item":
        return next((item.description for item in case.items
                     if same_item(item.description, proposal.value["description"])), None)
    raise ValueError(field)


_ITEM_SMALL_WORDS = frozenset({"a", "an", "the", "of", "for", "to", "and", "with", "x", "per",
                               "in", "on", "at", "times"})


def same_item(one: str, other: str) -> bool:
    """Whether two item descriptions name the same treatment: every word of one (small words
    aside) is in the other. "MRI of the lumbar spine" is "MRI of the lumbar spine without
    contrast"; "Norco 10/325 mg #30" is not "Norco 10/325 mg #60"."""
    if item_key(one) == item_key(other):
        return True
    words = [set(item_key(text).split()) - _ITEM_SMALL_WORDS for text in (one, other)]
    return all(words) and (words[0] <= words[1] or words[1] <= words[0])


def says(case: Case, proposal: Proposal) -> bool:
    """Whether the case already says what the proposal does."""
    current = current_value(case, proposal)
    field, value = proposal.field, proposal.value
    if field == "item":
        return current is not None
    if field == "ur_date":
        form_day = SummaryForm.from_dict(case.summary_form).ur_on
        return case.ur_decision_on == value and form_day in (None, value)
    if field in ("body_regions", "diagnoses"):
        have = {_words(entry) for entry in current}
        return all(_words(entry) in have for entry in value)
    if isinstance(value, str):
        return current is not None and _words(current) == _words(value)
    return current == value


# -- comparing ------------------------------------------------------------------------------

def compare(case: Case, proposals: Iterable[Proposal], answers: dict[tuple[str, str], str],
            kinds: dict[int, DocumentKind], file_names: dict[int, str] | None = None
            ) -> list[CaseProposal]:
    """Each proposal with the case's value and its state (pure).

    ``answers``: (field, value_json) to "accepted" or "dismissed"; ``kinds`` and
    ``file_names``: by document id.
    """
    compared, items = [], 0
    for proposal in proposals:
        if proposal.field == "item":
            items += 1
            key = f"item:{items}"
        else:
            key = proposal.field
        if says(case, proposal):
            state = SAME
        else:
            state = answers.get((proposal.field, value_json(proposal.value)), NEW)
        compared.append(CaseProposal(
            proposal, key, current_value(case, proposal), state,
            kinds.get(proposal.document_id, DocumentKind.OTHER),
            (file_names or {}).get(proposal.document_id)))
    return compared


@dataclass(frozen=True)
class RecordProposals:
    """What the records propose for a case, before it is compared with the case: read once,
    compared again whenever the case changes (the window does so on every edit)."""

    proposals: list[Proposal]
    kinds: dict[int, DocumentKind]
    file_names: dict[int, str]
    answers: dict[tuple[str, str], str]
    documents: int  # IMR applications and UR determinations in the records

    def against(self, case: Case) -> list[CaseProposal]:
        return compare(case, self.proposals, self.answers, self.kinds, self.file_names)


def read_proposals(database: Database, case_id: int) -> RecordProposals:
    """Read the case's IMR applications and UR determinations and the reviewer's answers.

    Raises ``NotFound`` for an unknown case.
    """
    _require_case(database, case_id)
    found = document_texts(database, case_id, SOURCE_KINDS)
    sources = source_documents(found)
    kinds = {document.id: document.kind for document, _pages in found}
    names = {document.id: name for document, _pages in found
             if (name := getattr(document, "file_name", None))}
    return RecordProposals(propose(sources), kinds, names, answers(database, case_id),
                           len(found))


def case_proposals(database: Database, case_id: int, case: Case | None = None
                   ) -> list[CaseProposal]:
    """The records' proposals for a case, each with the case's value and its state.

    ``case``: the copy to compare with (the window's open case, edits not yet stored
    included); by default the stored case. Raises ``NotFound`` for an unknown case.
    """
    case = case if case is not None else CaseStore(database).get(case_id)
    return read_proposals(database, case_id).against(case)


# -- answers --------------------------------------------------------------------------------

def answers(database: Database, case_id: int) -> dict[tuple[str, str], str]:
    """The reviewer's answers for a case: (field, value_json) to "accepted" or "dismissed"."""
    query = select(ProposalAnswerRow.field, ProposalAnswerRow.value,
                   ProposalAnswerRow.answer).where(ProposalAnswerRow.case_id == case_id)
    with database.session() as session:
        return {(field, value): answer for field, value, answer in session.execute(query)}


def record_answer(database: Database, case_id: int, proposal: Proposal | CaseProposal,
                  answer: str) -> None:
    """Store the reviewer's answer to a proposal ("accepted" or "dismissed"), replacing an
    earlier one. Raises ``NotFound`` for an unknown case, ``WorkbenchError`` for another
    answer."""
    if answer not in ANSWERS:
        raise WorkbenchError(f"An answer is one of: {', '.join(ANSWERS)}")
    proposal = proposal.proposal if isinstance(proposal, CaseProposal) else proposal
    value = value_json(proposal.value)
    with database.session() as session, session.begin():
        if session.get(CaseRow, case_id) is None:
            raise NotFound(f"No case with id {case_id}")
        session.execute(delete(ProposalAnswerRow).where(
            ProposalAnswerRow.case_id == case_id, ProposalAnswerRow.field == proposal.field,
            ProposalAnswerRow.value == value))
        session.add(ProposalAnswerRow(case_id=case_id, field=proposal.field, value=value,
                                      answer=answer,
                                      answered_at=dt.datetime.now(dt.timezone.utc)))


def forget_answer(database: Database, case_id: int, proposal: Proposal | CaseProposal) -> None:
    """Take back an answer: the proposal is new again (unless the case says it)."""
    proposal = proposal.proposal if isinstance(proposal, CaseProposal) else proposal
    with database.session() as session, session.begin():
        session.execute(delete(ProposalAnswerRow).where(
            ProposalAnswerRow.case_id == case_id, ProposalAnswerRow.field == proposal.field,
            ProposalAnswerRow.value == value_json(proposal.value)))


def _require_case(database: Database, case_id: int) -> None:
    with database.session() as session:
        if session.get(CaseRow, case_id) is None:
            raise NotFound(f"No case with id {case_id}")


# -- accepting ------------------------------------------------------------------------------

def read_value(field: str, text: str) -> object:
    """The reviewer's own value for a field, typed as text, in the proposal's shape.

    Dates as MM/DD/YYYY (or ISO, or written out); lists one entry per line or separated
    by semicolons; sex "male"/"female" (or M/F); an item its description. Raises
    ``WorkbenchError`` with a one-line message that names the field, never the text.
    """
    text = text.strip()
    label = LABELS.get(field, field)
    if field not in LABELS:
        raise WorkbenchError(f"Unknown field {field!r}; one of: {', '.join(FIELDS)}")
    if not text:
        raise WorkbenchError(f"{label}: give a value")
    if field in ("injury_date", "ur_date"):
        day = parse_day(text) or parse_date(text)
        if day is None:
            raise WorkbenchError(f"{label}: not a date; write it as MM/DD/YYYY")
        return day
    if field == "age":
        if not text.isdigit() or not 0 < int(text) <= 120:
            raise WorkbenchError(f"{label}: a whole number of years, 1 to 120")
        return int(text)
    if field == "sex":
        sex = {"m": "male", "f": "female"}.get(text.lower(), text.lower())
        if sex not in ("male", "female"):
            raise WorkbenchError(f"{label}: male or female")
        return sex
    if field in ("body_regions", "diagnoses"):
        entries = [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]
        if field == "body_regions":
            entries = [body_region(entry) or entry for entry in entries]
        return entries
    return " ".join(text.split())


def _checked(field: str, value: object) -> object:
    """A value given to ``accept`` in the field's shape; text is read with ``read_value``."""
    if isinstance(value, dict) and field == "item":
        value = value.get("description", "")
    if isinstance(value, str):
        return read_value(field, value)
    if field in ("injury_date", "ur_date") and isinstance(value, dt.date):
        return value
    if field == "age" and isinstance(value, int) and not isinstance(value, bool):
        return read_value(field, str(value))
    if field in ("body_regions", "diagnoses") and isinstance(value, list):
        return [" ".join(str(entry).split()) for entry in value if str(entry).strip()]
    raise WorkbenchError(f"{LABELS.get(field, field)}: not a value this field takes")


def accept(case: Case, proposal: Proposal | CaseProposal, value: object = None) -> Case:
    """A copy of ``case`` with the proposal's value (or the reviewer's ``value`` instead)
    written where the field belongs (see the module's docstring). Pure: nothing is stored.

    Raises ``WorkbenchError`` when ``value`` does not fit the field.
    """
    proposal = proposal.proposal if isinstance(proposal, CaseProposal) else proposal
    field = proposal.field
    if value is None:
        value = proposal.value["description"] if field == "item" else proposal.value
    value = _checked(field, value)
    changed = copy.deepcopy(case)
    if field == "claim_number":
        changed.claim_number = value
        return changed
    if field == "item":
        add_item(changed, value)
        return changed
    form = SummaryForm.from_dict(changed.summary_form)
    if field == "injury_date":
        form.injury_on = value
    elif field == "ur_date":
        form.ur_on = value
        changed.ur_decision_on = value
    elif field in ("body_regions", "diagnoses"):
        entries = list(getattr(form, field))
        have = {_words(entry) for entry in entries}
        for entry in value:
            if _words(entry) not in have:
                entries.append(entry)
                have.add(_words(entry))
        setattr(form, field, entries)
    else:  # request_provider, age, sex
        setattr(form, field, value)
    changed.summary_form = form.to_dict()
    return changed
