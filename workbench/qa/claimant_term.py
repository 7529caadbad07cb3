"""``claimant-term``: the letter calls the claimant by more than one name.

A letter calls the claimant "the patient", "the injured worker", "the
applicant" or "the employee" and keeps to it (a per-letter choice, the
case's ``claimant_term``). Uses are counted in the summary and the
rationales, only where they name this claimant: "the patient", "this
patient", "the patient's", "the injured worker", "this worker"; plurals and
bare nouns ("patients with radiculopathy", "in a represented employee") speak
of people in general. The letter's term is the one it uses most (the case's
setting breaks a tie: a letter read in keeps the default setting whatever it
says); each field that uses another term gets one finding at its first use.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from workbench.case import ClaimantTerm
from workbench.qa.findings import RATIONALE, SUMMARY, Finding, Severity, finding_key
from workbench.qa.registry import CheckContext, register

CHECK = "claimant-term"

_NOT_A_PERSON = r"(?!\s+(?:population|populations|groups?|selection|education|safety))"
_USE = {
    ClaimantTerm.PATIENT: re.compile(
        rf"\b(?:the|this|our|said)\s+patient(?:'s|’s)?\b{_NOT_A_PERSON}", re.IGNORECASE),
    ClaimantTerm.INJURED_WORKER: re.compile(  # "IW" in capitals only
        rf"(?i:\b(?:the|this|our|said)\s+(?:injured\s+)?worker(?:'s|’s)?\b{_NOT_A_PERSON})"
        r"|\bIW\b"),
    ClaimantTerm.APPLICANT: re.compile(
        rf"\b(?:the|this|our|said)\s+applicant(?:'s|’s)?\b{_NOT_A_PERSON}", re.IGNORECASE),
    ClaimantTerm.EMPLOYEE: re.compile(
        rf"\b(?:the|this|our|said)\s+employee(?:'s|’s)?\b{_NOT_A_PERSON}", re.IGNORECASE),
}


def uses(text: str) -> list[tuple[ClaimantTerm, tuple[int, int]]]:
    """Each naming of the claimant in ``text``: (term, span), in order."""
    found = [(term, match.span()) for term, pattern in _USE.items()
             for match in pattern.finditer(text)]
    found.sort(key=lambda use: use[1])
    return found


@register(CHECK, "the letter mixes patient, injured worker, applicant and employee")
def mixed_terms(context: CheckContext) -> Iterator[Finding]:
    case = context.case
    fields: list[tuple[int | None, str, str]] = [(None, SUMMARY, "\n\n".join(case.summary))]
    fields += [(n, RATIONALE, "\n\n".join(item.rationale)) for n, item in enumerate(case.items)]
    found = {(index, field): uses(text) for index, field, text in fields}
    counts = Counter(term for named in found.values() for term, _span in named)
    if len(counts) < 2:
        return
    setting = ClaimantTerm(case.claimant_term)
    chosen = max(counts, key=lambda term: (counts[term], term is setting))
    for (index, field), named in found.items():
        if index is None and not context.letter or index is not None and index not in context.items:
            continue
        others = [(term, span) for term, span in named if term is not chosen]
        if not others:
            continue
        terms = list(dict.fromkeys(term.value for term, _span in others))
        where = "the summary" if index is None else f"item {index + 1}'s rationale"
        yield Finding(
            CHECK, Severity.NOTE, index,
            f"The letter calls the claimant \"the {chosen.value}\", but {where} also says "
            + " and ".join(f'"the {t}"' for t in terms) + f" ({len(others)}x)",
            field=field, span=others[0][1],
            key=finding_key(CHECK, index, f"{chosen.value}|{'|'.join(terms)}"))
