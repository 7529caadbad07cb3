"""A case as JSON-ready data, in the shape the command line prints."""

from __future__ import annotations

from typing import Any

from workbench.case import Case, Citation, Role
from workbench.citations import format_citation, format_line
from workbench.letters.header import header_values
from workbench.letters.template import default_template


def citation_json(citation: Citation, role: Role) -> dict[str, Any]:
    return {
        "source": citation.source,
        "topic": citation.topic,
        "pages": citation.pages,
        "section": citation.section,
        "mtus": citation.mtus,
        "preface": citation.preface,
        "free_text": citation.is_free_text,
        "entry_key": citation.entry_key,
        "text": format_citation(citation, role),
    }


def case_json(case: Case, unplaced: list[str] | None = None) -> dict[str, Any]:
    credentials = case.credentials
    return {
        "case_id": case.id,
        "case_number": case.case_number,
        "organization": case.organization,
        "organization_short": case.organization_short,
        "review_type": case.review_type.value,
        "status": case.status.value,
        # The case header as page 1 prints it (MM/DD/YYYY; "" where the case has no value).
        "header": header_values(case, default_template()),
        "credentials": {
            "form": credentials.form.value,
            "certifications": list(credentials.certifications),
            "subspecialties": list(credentials.subspecialties),
            "licensure_states": list(credentials.licensure_states),
        },
        "summary": list(case.summary),
        "items": [
            {
                "number": item.number,
                "description": item.description,
                "decision": item.decision.value if item.decision is not None else None,
                "claims_administrator_guideline": format_line(
                    item.claims_administrator_citations, Role.CLAIMS_ADMINISTRATOR
                ),
                "reviewer_guideline": format_line(item.reviewer_citations, Role.REVIEWER),
                "citations": {
                    role.value: [citation_json(c, role) for c in item.citations(role)]
                    for role in Role
                },
                "rationale": list(item.rationale),
            }
            for item in case.items
        ],
        "unplaced": list(unplaced or []),
    }
