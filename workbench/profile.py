"""The reviewer's standing choices that every new case starts from.

Kept in the database's settings table (not in the window's settings) so a
reviewer who moves the database keeps them, and the command line sees the
same defaults as the window. Never a name: the letter prints credentials only.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from db.database import Database
from db.models import WorkbenchSettingRow
from workbench.case import Case, ClaimantTerm, CredentialForm, Credentials, ReviewType
from workbench.letters.template import default_template
from workbench.records.documents import DOCUMENTS_REVIEWED_DEFAULT

PROFILE = "reviewer_profile"


@dataclass
class Profile:
    organization: str = ""
    organization_short: str = ""
    credential_form: CredentialForm = CredentialForm.BLOCK
    certifications: list[str] = field(default_factory=list)
    subspecialties: list[str] = field(default_factory=list)
    licensure_states: list[str] = field(default_factory=list)
    claimant_term: ClaimantTerm = ClaimantTerm.PATIENT

    def __post_init__(self) -> None:
        template = default_template()
        self.organization = self.organization or template.organization
        self.organization_short = self.organization_short or template.organization_short

    @property
    def credentials(self) -> Credentials:
        return Credentials(form=self.credential_form, certifications=list(self.certifications),
                           subspecialties=list(self.subspecialties),
                           licensure_states=list(self.licensure_states))

    def new_case(self, **fields) -> Case:
        """A blank case carrying the reviewer's organization, credentials and claimant term."""
        fields.setdefault("review_type", ReviewType.STANDARD)
        return Case(self.organization, self.organization_short, credentials=self.credentials,
                    claimant_term=self.claimant_term, **fields)


def load_profile(database: Database) -> Profile:
    with database.session() as session:
        row = session.get(WorkbenchSettingRow, PROFILE)
        raw = json.loads(row.value) if row else {}
    profile = Profile()
    for name, value in raw.items() if isinstance(raw, dict) else ():
        try:
            if name == "credential_form":
                value = CredentialForm(value)
            elif name == "claimant_term":
                value = ClaimantTerm(value)
            elif name in ("certifications", "subspecialties", "licensure_states"):
                value = [str(v) for v in value]
            elif name in ("organization", "organization_short"):
                value = str(value)
            else:
                continue
        except (TypeError, ValueError):
            continue  # an unreadable setting falls back to its default
        setattr(profile, name, value)
    profile.__post_init__()
    return profile


def save_profile(database: Database, profile: Profile, *,
                 documents_reviewed_default: bool | None = None) -> None:
    """Store the profile (and, when given, the documents-reviewed default) in one transaction."""
    raw = asdict(profile)
    raw["credential_form"] = profile.credential_form.value
    raw["claimant_term"] = profile.claimant_term.value
    with database.session() as session, session.begin():
        session.merge(WorkbenchSettingRow(name=PROFILE, value=json.dumps(raw)))
        if documents_reviewed_default is not None:
            session.merge(WorkbenchSettingRow(name=DOCUMENTS_REVIEWED_DEFAULT,
                                              value=json.dumps(documents_reviewed_default)))
