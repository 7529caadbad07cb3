"""``decision-missing`` and ``decision-conclusion``: the decision word against the rationale.

A rationale ends in a conclusion ("the request is not medically necessary").
Upheld means the UR denial stands, so its rationale must conclude "not
medically necessary"; Overturned must conclude "medically necessary". The
conclusion is the last sentence that says "medically necessary" (or "a
medical necessity", or that medical necessity has or has not been
established); only when there is none does a weaker wording count ("the
request is not supported / recommended / warranted"). Its polarity is read
from the clause that holds the words: a "not", "cannot", "no longer" there
makes it negative ("As such, the request is not medically necessary";
"cannot be deemed medically necessary without further evidence").
Sentences that only mention the decision ("This medical necessity decision
should not be interpreted as ...") are not conclusions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from workbench.case import Decision
from workbench.qa.findings import DECISION, RATIONALE, Finding, Severity, finding_key
from workbench.qa.registry import CheckContext, register
from workbench.qa.sentences import Sentence, paragraph_sentences

NECESSARY, NOT_NECESSARY = "necessary", "not necessary"

_STRONG = re.compile(
    r"medically[\s-]+(?:(?:appropriate|reasonable|indicated)\s+(?:and|or)\s+)?"
    r"(?:un)?(?:necessary|indicated|reasonable|appropriate)"
    r"|\ba\s+medical\s+necessity\b"
    r"|medical\s+necessity\s+(?:(?:has|have|had|is|was|were)\s+)?(?:(?:not|never)\s+)?"
    r"(?:(?:been|be)\s+)?(?:established|substantiated|supported|demonstrated|met|shown)"
    r"|\bmedical\s+necessity\s+(?:for|of)\b[^.;]*?\b(?:has|have|is|was)\s+(?:not\s+)?(?:been\s+)?"
    r"(?:established|substantiated|supported|demonstrated|met|shown)",
    re.IGNORECASE)
# Weaker wordings count only when no sentence says "medically necessary", and only about the
# request ("the request ... is not supported").
_WEAK = re.compile(
    r"\b(?:is|are|was|were|be|been|being|remains?|appears?|seems?)\s+(?:not\s+|no\s+longer\s+)?"
    r"(?:(?:currently|clinically|fully|therefore|thus)\s+)?"
    r"(?:supported|recommended|warranted|indicated|appropriate|certified|approved|justified|"
    r"substantiated|reasonable)\b|\bnon-?certified\b|\bnot\s+(?:supported|recommended|"
    r"warranted|indicated|certified|approved|justified|substantiated)\b",
    re.IGNORECASE)
_ABOUT_REQUEST = re.compile(r"\brequest|\brequested\b|\bthis\s+(?:treatment|service|study|"
                            r"medication|procedure|item)\b", re.IGNORECASE)
_NOT_A_CONCLUSION = re.compile(r"should\s+not\s+be\s+(?:interpreted|construed)|"
                               r"\bdecision\s+(?:is|was)\s+based\b|\bif\s+the\b", re.IGNORECASE)
_NEGATION = re.compile(r"\bnot\b|n't\b|\bcannot\b|\bno\s+longer\b|\bnever\b|\bneither\b|\bnor\b"
                       r"|\bnon-?certified\b|\bunable\b|\bfails?\s+to\b|\bfailed\s+to\b"
                       r"|\blacks?\b|\black\s+of\b|\binsufficient\b|\bun(?:necessary|supported|"
                       r"warranted|substantiated)\b", re.IGNORECASE)
# Where a clause begins: the negation that counts is in the clause that holds the conclusion.
_CLAUSE_START = re.compile(r"[,;:]|\b(?:therefore|thus|hence|consequently|so|and|but|because|"
                           r"since|as such|given|although|while|whereas)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Conclusion:
    polarity: str  # NECESSARY or NOT_NECESSARY
    sentence: Sentence  # in the rationale's text (paragraphs joined with "\n\n")
    strong: bool  # said with "medically necessary" (or "medical necessity")


def read_conclusion(paragraphs: list[str]) -> Conclusion | None:
    """The rationale's conclusion, or None when it draws none."""
    return _conclusion(tuple(paragraphs))


@lru_cache(maxsize=1024)
def _conclusion(paragraphs: tuple[str, ...]) -> Conclusion | None:
    strong: Conclusion | None = None
    weak: Conclusion | None = None
    for sentence in paragraph_sentences(list(paragraphs)):
        if _NOT_A_CONCLUSION.search(sentence.text):
            continue
        matches = list(_STRONG.finditer(sentence.text))
        if matches:
            strong = Conclusion(_polarity(sentence.text, matches[-1]), sentence, True)
            continue
        if _ABOUT_REQUEST.search(sentence.text):
            weak_matches = list(_WEAK.finditer(sentence.text))
            if weak_matches:
                weak = Conclusion(_polarity(sentence.text, weak_matches[-1]), sentence, False)
    return strong or weak


def _polarity(text: str, match: re.Match[str]) -> str:
    before = text[:match.start()]
    starts = [m.end() for m in _CLAUSE_START.finditer(before)]
    clause = text[(starts[-1] if starts else 0):match.end()]
    return NOT_NECESSARY if _NEGATION.search(clause) else NECESSARY


def expected_polarity(decision: Decision) -> str:
    return NOT_NECESSARY if Decision(decision) is Decision.UPHELD else NECESSARY


@register("decision-missing", "an item with no decision picked")
def missing_decisions(context: CheckContext) -> Iterator[Finding]:
    for index in context.items:
        item = context.case.items[index]
        if item.decision is None:
            yield Finding("decision-missing", Severity.ERROR, index,
                          f"Item {index + 1} has no decision: choose Upheld or Overturned",
                          field=DECISION, key=finding_key("decision-missing", index, ""))


@register("decision-conclusion", "the decision disagrees with the rationale's conclusion")
def disagreements(context: CheckContext) -> Iterator[Finding]:
    for index in context.items:
        item = context.case.items[index]
        if not any(paragraph.strip() for paragraph in item.rationale):
            continue  # an empty rationale is the letter checklist's to report
        conclusion = read_conclusion(item.rationale)
        if conclusion is None:
            yield Finding(
                "decision-conclusion", Severity.WARNING, index,
                f"Item {index + 1}: the rationale draws no conclusion; end it with \"... is "
                "medically necessary\" or \"... is not medically necessary\"",
                field=RATIONALE, key=finding_key("decision-conclusion", index, "no conclusion"))
            continue
        if item.decision is None:
            continue  # decision-missing says so
        wanted = expected_polarity(item.decision)
        if conclusion.polarity != wanted:
            said = "medically necessary" if conclusion.polarity == NECESSARY \
                else "not medically necessary"
            decision = Decision(item.decision).value
            means = "not medically necessary" if wanted == NOT_NECESSARY \
                else "medically necessary"
            yield Finding(
                "decision-conclusion", Severity.ERROR, index,
                f"Item {index + 1} is {decision} ({means}), but its rationale concludes it "
                f"is {said}",
                field=RATIONALE, span=conclusion.sentence.span,
                key=finding_key("decision-conclusion", index,
                                f"{decision}|{conclusion.sentence.text}"))
