"""The letter's fixed wording, read from ``resources/letter_template.json``.

The boilerplate, headings and labels are settings rather than code so that an
organization with different wording changes a data file, not the writers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cache
from pathlib import Path

from workbench.case import CredentialForm, ReviewType, Role
from workbench.resources import load_json, resource_path


class CitationWording(str, Enum):
    """How the organization words citation sentences: its citation style of the day.

    ``pages`` (the letters of 2013-2016): "Decision based on MTUS ACOEM Chapter 12
    Low Back Complaints Page(s): 303." ``sections`` (from the 2016 MTUS update):
    "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies."
    """

    PAGES = "pages"
    SECTIONS = "sections"


@dataclass(frozen=True)
class CitationPeriod:
    """One citation style of the day: its wording, the day it starts and its preface sentences
    (the sentence before a non-MTUS citation on a line that cites no MTUS part)."""

    wording: CitationWording
    starts_on: dt.date | None  # None: in use since before any other period
    prefaces: dict[Role, str]


@dataclass(frozen=True)
class Template:
    organization: str
    organization_short: str
    credential_form: CredentialForm
    claimant_term: str
    heading_how_made: str
    heading_summary: str
    heading_issues: str
    heading_documents_reviewed: str
    how_made: dict[CredentialForm, str]
    credential_sentence_with_subspecialty: str
    credential_sentence_without_subspecialty: str
    block_intro: str
    block_states: str
    block_certifications: str
    block_subspecialties: str
    summary_lead_in: str
    issues_lead_in: str
    label_claims_administrator: str
    label_reviewer: str
    label_rationale: str
    prefaces: dict[Role, str]
    page_header: str
    # The case header on page 1: field key (case_number, date_assigned, date_of_injury,
    # decision_date, ur_denial_date, priority, application_received) to its label, and the
    # word the Priority cell prints for each review type.
    header_labels: dict[str, str] = field(default_factory=dict)
    priorities: dict[ReviewType, str] = field(default_factory=dict)
    # The organization's logo (PNG or JPEG) drawn at the top right of page 1; None prints none.
    # A relative path in the template file is taken from the resources folder.
    logo: Path | None = None
    # The citation styles of the day, oldest first; ``prefaces`` above are the newest one's,
    # the wording of new letters. ``no_evidence``: what a guideline line says when that side
    # cited nothing ("The Claims Administrator did not cite any medical evidence ...").
    citation_periods: tuple[CitationPeriod, ...] = ()
    no_evidence: dict[Role, str] = field(default_factory=dict)

    @property
    def headings(self) -> tuple[str, str, str]:
        return (self.heading_how_made, self.heading_summary, self.heading_issues)

    def guideline_label(self, role: Role, organization_short: str) -> str:
        if role is Role.CLAIMS_ADMINISTRATOR:
            return self.label_claims_administrator
        return self.label_reviewer.format(organization_short=organization_short)

    def citation_period(self, day: dt.date | None = None) -> CitationPeriod:
        """The citation style in use on ``day`` (None: today's, the one for new letters)."""
        if not self.citation_periods:
            return CitationPeriod(CitationWording.PAGES, None, dict(self.prefaces))
        day = day or dt.date.today()
        current = self.citation_periods[0]
        for period in self.citation_periods:
            if period.starts_on is None or period.starts_on <= day:
                current = period
        return current

    def in_wording(self, wording: CitationWording) -> Template:
        """This template as a letter in ``wording`` prints: that period's preface sentences."""
        period = next((p for p in reversed(self.citation_periods) if p.wording is wording), None)
        return self if period is None else replace(self, prefaces=dict(period.prefaces))

    def known_prefaces(self, role: Role) -> tuple[str, ...]:
        """Every preface wording ``role`` has had, this template's own first."""
        wordings = [self.prefaces[role], *(p.prefaces[role] for p in self.citation_periods)]
        return tuple(dict.fromkeys(wordings))


@cache
def default_template() -> Template:
    raw = load_json("letter_template.json")
    periods = tuple(sorted(
        (CitationPeriod(wording=CitationWording(period["wording"]),
                        starts_on=dt.date.fromisoformat(period["from"]) if period["from"] else None,
                        prefaces={Role(k): v for k, v in period["preface"].items()})
         for period in raw["citation_styles"]),
        key=lambda period: period.starts_on or dt.date.min))
    return Template(
        organization=raw["organization"],
        organization_short=raw["organization_short"],
        credential_form=CredentialForm(raw["credential_form"]),
        claimant_term=raw["claimant_term"],
        heading_how_made=raw["headings"]["how_made"],
        heading_summary=raw["headings"]["summary"],
        heading_issues=raw["headings"]["issues"],
        heading_documents_reviewed=raw["headings"]["documents_reviewed"],
        how_made={CredentialForm(k): v for k, v in raw["how_made"].items()},
        credential_sentence_with_subspecialty=raw["credential_sentence"]["with_subspecialty"],
        credential_sentence_without_subspecialty=raw["credential_sentence"]["without_subspecialty"],
        block_intro=raw["credential_block"]["intro"],
        block_states=raw["credential_block"]["states"],
        block_certifications=raw["credential_block"]["certifications"],
        block_subspecialties=raw["credential_block"]["subspecialties"],
        summary_lead_in=raw["summary_lead_in"],
        issues_lead_in=raw["issues_lead_in"],
        label_claims_administrator=raw["labels"]["claims_administrator"],
        label_reviewer=raw["labels"]["reviewer"],
        label_rationale=raw["labels"]["rationale"],
        prefaces=dict(periods[-1].prefaces),
        page_header=raw["page_header"],
        header_labels=dict(raw["case_header"]["labels"]),
        priorities={ReviewType(k): v for k, v in raw["case_header"]["priorities"].items()},
        logo=resource_path(raw["logo"]) if raw.get("logo") else None,
        citation_periods=periods,
        no_evidence={Role(k): v for k, v in raw["no_evidence"].items()},
    )
