"""Reading the older published form of the letter (the first months of IMR, 2013).

Those letters are laid out differently from today's, and the workbench never
writes them; it reads them into the same case model so a reviewer can open one
instead of being refused. The form, as published:

- a title, "Notice of Independent Medical Review Determination", and
  "Dated: <date>" (the decision date);
- the particulars as "Label: value" pairs: IMR Case Number, Date of Injury,
  Claims Number, UR Denial Date, Priority, Application Received, and the
  employee's and provider's names and the treatments the application listed
  (the case keeps no names: those lines are reported, not kept);
- a numbered list, "1) MAXIMUS Federal Services, Inc. has determined the
  request for <item> is (not) medically necessary and appropriate." (the
  decision: "is not" upholds the UR denial, "is" overturns it), often given
  twice, before and after the "INDEPENDENT MEDICAL REVIEW DECISION AND
  RATIONALE" heading, whose opening paragraph also dates the application, the
  UR denial and the notice of assignment;
- "Medical Qualifications of the Expert Reviewer:", a paragraph with the
  credentials in a sentence ("The physician reviewer is Board Certified in
  ... and is licensed to practice in ...");
- "Case Summary:" opening with a disclaimer that the summary was taken from
  the UR decision (kept as the summary's lead-in, so an export says so too);
- per item, "1) Regarding the request for <item>:", the guideline relied upon
  by the claims administrator and by the expert reviewer, and the rationale.

Whatever is none of these is reported in ``LetterReading.unplaced``.
"""

from __future__ import annotations

import re

from workbench.case import Case, CredentialForm, Credentials, Decision, Item, Role, Wording
from workbench.citations import collapse, parse_line
from workbench.letters.header import INJURY_DATE
from workbench.letters.reader import LetterReading, credential_names, join_lines, split_names
from workbench.letters.sources import LetterText
from workbench.letters.template import Template
from workbench.summary.form import parse_day

TITLE = "Notice of Independent Medical Review Determination"
DECISION_HEADING = "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE"
QUALIFICATIONS = "Medical Qualifications of the Expert Reviewer:"
_SUMMARY = re.compile(r"(?:Expert Reviewer )?Case Summary:", re.I)
_CA_GUIDELINE = re.compile(
    r"Medical Treatment Guidelines?(?:\(s\))? Relied Upon by the Claims Administrator:", re.I)
_REVIEWER_GUIDELINE = re.compile(
    r"Medical Treatment Guidelines?(?:\(s\))? Relied Upon by the Expert Reviewer:", re.I)
_RATIONALE = re.compile(r"Rationale Used by the Expert Reviewer:", re.I)
_REGARDING = re.compile(r"(?P<number>\d+)\)\s*Regarding the request for (?P<item>.+?):$")
_DETERMINED = re.compile(
    r"^(?P<number>\d+)\)\s*(?P<org>.+?) has determined the request for (?P<item>.+?) is "
    r"(?P<not>not )?medically necessary and appropriate\.?$")
_APPLICATION = re.compile(
    r"An application for Independent Medical Review was filed on (?P<filed>\S+?)\.? disputing "
    r"the Utilization Review Denial dated (?P<ur>\S+?)\.(?: A Notice of Assignment and Request "
    r"for Information was provided to the above parties on (?P<assigned>\S+?)\.)?"
    r"(?: A decision has been made for each of the treatments? and/or services that were in "
    r"dispute:)?$")
# "Disclaimer: The following case summary was taken directly from the utilization review
# denial/modification dated August 30, 2013." and the summary after it.
_DISCLAIMER = re.compile(r"^(?P<disclaimer>Disclaimer:.*?\bdated\b[^.]*?\d{4}\.)(?P<rest>.*)$")
_CREDENTIALS = re.compile(
    r"The (?:physician|expert|independent \w+) reviewer is Board Certified in (?P<certs>.+?)"
    r"(?:, has a subspecialty in (?P<subs>.+?))? and is licensed to practice in "
    r"(?P<states>.+?)\.", re.I)
# The particulars, as "Label: value" pairs.
_PARTICULARS = {
    "IMR Case Number:": "case_number",
    "Dated:": "decided_on",
    "Date of Injury:": "injury",
    "Claims Number:": "claim_number",
    "Claim Number:": "claim_number",
    "UR Denial Date:": "ur_decision_on",
    "Priority:": "priority",
    "Application Received:": "application_received_on",
    "Employee Name:": None,  # names: never kept in a case
    "Provider Name:": None,
    "Treatment(s) in Dispute Listed on IMR Application:": None,
}
_MARKERS = re.compile("|".join(
    [re.escape(TITLE), re.escape(DECISION_HEADING), re.escape(QUALIFICATIONS),
     _SUMMARY.pattern, r"Disclaimer:", _CA_GUIDELINE.pattern, _REVIEWER_GUIDELINE.pattern,
     _RATIONALE.pattern, r"\d+\)\s*Regarding the request for ", r"\d+\)\s*\S.*? has determined ",
     r"Effect of the Decision:",
     *(re.escape(label) for label in sorted(_PARTICULARS, key=len, reverse=True))]),
    re.I)


def is_2013_form(text: LetterText) -> bool:
    """Whether ``text`` is a letter of the 2013 form (its title or its numbered decisions)."""
    joined = " ".join(collapse(" ".join(lines)) for lines in text.paragraphs[:60])
    return TITLE.lower() in joined.lower() or bool(
        re.search(r"has determined the request for .+? medically necessary and appropriate",
                  joined))


def _pieces(text: LetterText) -> list[str]:
    """The letter's paragraphs, each cut before every label and heading of the form."""
    pieces: list[str] = []
    for lines in text.paragraphs:
        paragraph = join_lines(lines)
        start = 0
        for match in _MARKERS.finditer(paragraph):
            if match.start() > start:
                pieces.append(paragraph[start:match.start()])
                start = match.start()
        pieces.append(paragraph[start:])
    return [collapse(piece) for piece in pieces if piece.strip()]


def parse_2013(text: LetterText, template: Template) -> LetterReading:
    """The case a 2013-form letter describes, and what could not be placed; the case
    prints in today's form when exported."""
    case = Case(organization=template.organization, organization_short=template.organization_short,
                case_number=text.case_number, wording=Wording())
    unplaced: list[str] = []
    decisions: dict[int, tuple[str, Decision]] = {}
    sections: dict[int, dict[str, list[str]]] = {}
    part = "particulars"
    item_number: int | None = None
    for piece in _pieces(text):
        if piece.lower() == TITLE.lower():
            continue
        if piece.upper() == DECISION_HEADING:
            part = "decisions"
            continue
        if label := next((label for label in _PARTICULARS if piece.startswith(label)), None):
            value = piece[len(label):].strip()
            if not _particular(case, _PARTICULARS[label], value, template):
                unplaced.append(piece)
            continue
        if match := _DETERMINED.match(piece):
            decisions.setdefault(int(match["number"]), (
                match["item"], Decision.UPHELD if match["not"] else Decision.OVERTURNED))
            organization = match["org"]
            case.organization = organization
            case.organization_short = organization.split()[0]
            continue
        if match := _APPLICATION.match(piece):
            case.application_received_on = parse_day(match["filed"]) or \
                case.application_received_on
            case.ur_decision_on = parse_day(match["ur"]) or case.ur_decision_on
            if match["assigned"]:
                case.received_on = parse_day(match["assigned"])
            continue
        if piece.startswith(QUALIFICATIONS):
            part = "qualifications"
            rest = piece[len(QUALIFICATIONS):].strip()
            if rest:
                _credentials(case, rest, unplaced)
            continue
        if _SUMMARY.match(piece):
            part = "summary"
            rest = piece[_SUMMARY.match(piece).end():].strip()
            if rest:
                case.summary.append(rest)
            continue
        if match := _REGARDING.match(piece):
            item_number = int(match["number"])
            sections[item_number] = {"item": [match["item"]]}
            part = "item"
            continue
        if item_number is not None and part.startswith(("item", "ca", "reviewer", "rationale")):
            for kind, pattern in (("ca", _CA_GUIDELINE), ("reviewer", _REVIEWER_GUIDELINE),
                                  ("rationale", _RATIONALE)):
                if found := pattern.match(piece):
                    part = kind
                    piece = piece[found.end():].strip()
                    break
            if piece.startswith("Effect of the Decision:"):
                part = "effect"
                unplaced.append(piece)
                continue
            if piece and part != "item":
                sections[item_number].setdefault(part, []).append(piece)
            elif piece:
                unplaced.append(piece)
            continue
        if part == "qualifications":
            _credentials(case, piece, unplaced)
        elif part == "summary":
            disclaimer = _DISCLAIMER.match(piece)
            if disclaimer and not case.summary and case.wording.summary_lead_in is None:
                case.wording.summary_lead_in = disclaimer["disclaimer"]
                piece = disclaimer["rest"].strip()
            if piece:
                case.summary.append(piece)
        else:
            unplaced.append(piece)
    case.items = _items(decisions, sections, template, unplaced)
    # The letterhead names the organization the decisions named.
    letterhead = case.organization.rstrip(".").lower()
    unplaced = [piece for piece in unplaced if piece.rstrip(".").lower() != letterhead]
    return LetterReading(case, unplaced)


def _particular(case: Case, name: str | None, value: str, template: Template) -> bool:
    """Put one particular into ``case``; False when the case has no place for it."""
    if name is None or not value:
        return False
    if name == "case_number":
        case.case_number = value
    elif name == "claim_number":
        case.claim_number = value
    elif name == "priority":
        review_type = next((kind for kind, word in template.priorities.items()
                            if word.lower() == value.lower()), None)
        if review_type is None:
            return False
        case.review_type = review_type
    elif name == "injury":
        day = parse_day(value)
        case.summary_form[INJURY_DATE] = day.isoformat() if day else value
    else:
        day = parse_day(value)
        if day is None:
            return False
        setattr(case, name, day)
    return True


def _credentials(case: Case, paragraph: str, unplaced: list[str]) -> None:
    """The credential sentence of the qualifications paragraph; the rest is the form's
    fixed wording."""
    match = _CREDENTIALS.search(paragraph)
    if match is None:
        unplaced.append(paragraph)
        return
    case.credentials = Credentials(
        form=CredentialForm.SENTENCE,
        certifications=split_names(match["certs"], credential_names("specialties")),
        subspecialties=split_names(match["subs"], credential_names("specialties"))
        if match["subs"] else [],
        licensure_states=split_names(match["states"], credential_names("states")),
    )


def _items(decisions: dict[int, tuple[str, Decision]], sections: dict[int, dict[str, list[str]]],
           template: Template, unplaced: list[str]) -> list[Item]:
    items: list[Item] = []
    for number in sorted(set(decisions) | set(sections)):
        section = sections.get(number, {})
        if number in decisions:
            description, decision = decisions[number]
        else:
            # An item whose decision the list did not give cannot be placed.
            for key in ("item", "ca", "reviewer", "rationale"):
                unplaced.extend(section.get(key, []))
            continue
        item = Item(description=description, decision=decision,
                    rationale=list(section.get("rationale", [])))
        for role, key in ((Role.CLAIMS_ADMINISTRATOR, "ca"), (Role.REVIEWER, "reviewer")):
            line = " ".join(section.get(key, []))
            item.citations(role).extend(parse_line(line, role, template))
        items.append(item)
    return items

