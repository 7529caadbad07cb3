"""What a letter still lacks before it can go out.

The checklist the Letter view shows above its preview: missing parts that
would print an incomplete letter (no summary, no items, an item without its
rationale or guideline citations, no credentials, no case number). Each
problem names the item it concerns, so the view can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.case import Case


@dataclass(frozen=True)
class Problem:
    message: str
    item: int | None = None  # the item's number as the letter prints it (1-based)


def _blank(paragraphs: list[str]) -> bool:
    return not any(paragraph.strip() for paragraph in paragraphs)


def letter_problems(case: Case) -> list[Problem]:
    problems: list[Problem] = []
    if not (case.case_number or "").strip():
        problems.append(Problem("No IMR case number: the page header and the file name need it"))
    credentials = case.credentials
    if credentials.verbatim is None and not (credentials.certifications
                                              or credentials.licensure_states):
        problems.append(Problem("No reviewer credentials: set them in File ▸ Settings and "
                                "apply them to this case"))
    if _blank(case.summary):
        problems.append(Problem("The clinical case summary is empty"))
    if not case.items:
        problems.append(Problem("No disputed items yet"))
    for number, item in enumerate(case.items, start=1):
        name = f"Item {number}"
        if not item.description.strip():
            problems.append(Problem(f"{name} has no description", number))
        if item.decision is None:
            problems.append(Problem(f"{name} has no decision: choose Upheld or Overturned", number))
        if _blank(item.rationale):
            problems.append(Problem(f"{name} has no decision rationale", number))
        if not item.claims_administrator_citations:
            problems.append(Problem(f"{name} has no Claims Administrator guideline", number))
        if not item.reviewer_citations:
            problems.append(Problem(f"{name} has no guideline citation of the reviewer's",
                                    number))
    return problems
