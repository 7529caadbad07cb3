"""Reading a Final Determination Letter back into a case.

The reader follows letter-layout.md: three sections, a how-made paragraph
with the credentials in sentence or block form, a summary, and item blocks of
heading, two guideline lines and a rationale. Whatever it recognises becomes
structure; wording that differs from the template is kept as it was read; and
text it cannot place is reported in ``LetterReading.unplaced``, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from workbench.case import (
    Case,
    CredentialForm,
    Credentials,
    Decision,
    Item,
    Role,
    Wording,
)
from workbench.citations import collapse, parse_line
from workbench.errors import NotALetter
from workbench.letters.document import credential_block_lines, credential_sentence
from workbench.letters.sources import LetterText, read_letter_text
from workbench.letters.template import Template, default_template
from workbench.resources import load_json

_ORGANIZATION = re.compile(r"^(?P<org>.+?) sent the complete case file to an expert reviewer\.")
_CREDENTIAL_SENTENCE = re.compile(
    r"The expert reviewer is Board Certified in (?P<certs>.+?)"
    r"(?:, has a subspecialty in (?P<subs>.+?))? and is licensed to practice in (?P<states>.+?)\."
)
_ITEM_HEADING = re.compile(r"^(?P<desc>.+?)\s*:\s*(?P<decision>upheld|overturned)\s*\.?$", re.I)
_ORDINAL = re.compile(r"^(?P<number>\d+)\s+(?P<rest>\S.*)$")
_LABEL = re.compile(r"^(?P<label>[A-Z][\w&.'/-]*(?: [A-Z][\w&.'/()-]*){0,3}) guideline:")


@dataclass
class LetterReading:
    case: Case
    unplaced: list[str] = field(default_factory=list)


def read_letter(path: Path, template: Template | None = None) -> LetterReading:
    return parse_letter(read_letter_text(path), template)


def join_lines(lines: list[str]) -> str:
    """Undo line wrapping: a line ending in a hyphen was split inside a word."""
    text, split_word = "", False
    for line in lines:
        if text and not split_word:
            text += " "
        text += line.strip()
        split_word = line.endswith("-") and not line[:-1].endswith(" ")
    return collapse(text)


@dataclass
class _Markers:
    headings: dict[str, str]
    rationale: str
    claims_administrator: str
    block_lines: tuple[str, ...]

    def splits_before(self, line: str) -> bool:
        text = collapse(line)
        return (
            text.upper() in self.headings
            or text.startswith((self.rationale, self.claims_administrator, *self.block_lines))
            or bool(_LABEL.match(text))
        )


def _markers(template: Template) -> _Markers:
    return _Markers(
        headings={h.upper(): key for h, key in zip(
            (*template.headings, template.heading_documents_reviewed),
            ("how", "summary", "issues", "documents"))},
        rationale=template.label_rationale,
        claims_administrator=template.label_claims_administrator,
        block_lines=(template.block_intro, template.block_states, template.block_certifications,
                     template.block_subspecialties),
    )


def _paragraphs(text: LetterText, markers: _Markers) -> list[str]:
    """Join each paragraph's lines, first cutting it where a heading or label line starts."""
    result: list[str] = []
    for lines in text.paragraphs:
        current: list[str] = []
        for line in lines:
            if current and markers.splits_before(line):
                result.append(join_lines(current))
                current = []
            current.append(line)
            if collapse(line).upper() in markers.headings:
                result.append(join_lines(current))
                current = []
        if current:
            result.append(join_lines(current))
    return [p for p in result if p]


def parse_letter(text: LetterText, template: Template | None = None) -> LetterReading:
    template = template or default_template()
    markers = _markers(template)
    paragraphs = _paragraphs(text, markers)
    sections: dict[str, list[str]] = {}
    unplaced: list[str] = []
    current: list[str] | None = None
    for paragraph in paragraphs:
        key = markers.headings.get(paragraph.upper())
        if key is not None and key not in sections:
            current = sections[key] = []
        elif current is None:
            unplaced.append(paragraph)
        else:
            current.append(paragraph)
    if not sections:
        raise NotALetter("This file does not look like an IMR Final Determination Letter")

    case = Case(organization=template.organization, organization_short=template.organization_short,
                case_number=text.case_number, wording=Wording())
    _read_how_made(sections.get("how", []), case, template, unplaced)
    case.summary, case.wording.summary_lead_in = _read_lead_in(
        sections.get("summary", []), template.summary_lead_in
    )
    issues, case.wording.issues_lead_in = _read_lead_in(
        sections.get("issues", []), template.issues_lead_in
    )
    case.items = _read_items(issues, case, template, unplaced)
    # The documents-reviewed lines are made from the case's records, not kept as
    # text; a letter that printed them asks for them again.
    if "documents" in sections:
        case.documents_reviewed = True
    if not (case.items or case.summary or "how" in sections):
        raise NotALetter("This file does not look like an IMR Final Determination Letter")
    return LetterReading(case, unplaced)


def _read_lead_in(paragraphs: list[str], default: str) -> tuple[list[str], str | None]:
    """Split off the section's lead-in sentence; None means it is the template's."""
    if not paragraphs:
        return [], None
    first = paragraphs[0]
    if first.startswith(default):
        rest = first[len(default):].strip()
        return ([rest] if rest else []) + paragraphs[1:], None
    if first.endswith(":") and len(first) < 300:
        return paragraphs[1:], first
    return paragraphs, ""


@cache
def _names(kind: str) -> tuple[str, ...]:
    return tuple(load_json("credential_names.json")[kind])


def split_names(text: str, known: tuple[str, ...]) -> list[str]:
    """Split "A, B and C" into names, where a known name may itself contain "and"."""
    text = collapse(text)
    lowered = {name.lower() for name in known}

    def segment(rest: str) -> list[str] | None:
        if rest.lower() in lowered:
            return [rest]
        for separator in (", ", " and "):
            start = 0
            while (index := rest.find(separator, start)) != -1:
                head = rest[:index]
                if head.lower() in lowered and (tail := segment(rest[index + len(separator):])):
                    return [head, *tail]
                start = index + 1
        return None

    if found := segment(text):
        return found
    parts = text.split(", ")
    if len(parts) > 1 and " and " in parts[-1]:
        parts[-1:] = parts[-1].rsplit(" and ", 1)
    return parts


def _read_how_made(paragraphs: list[str], case: Case, template: Template,
                   unplaced: list[str]) -> None:
    if not paragraphs:
        return
    text, rest = paragraphs[0], paragraphs[1:]
    pattern = text
    if match := _ORGANIZATION.match(text):
        case.organization = match["org"]
        pattern = "{organization}" + text[len(match["org"]):]
    block = [p for p in rest if p.startswith((template.block_intro, template.block_states,
                                              template.block_certifications,
                                              template.block_subspecialties))]
    unplaced.extend(p for p in rest if p not in block)
    credentials = Credentials(form=CredentialForm.BLOCK)
    if block:
        credentials = _read_credential_block(block, template)
    elif match := _CREDENTIAL_SENTENCE.search(pattern):
        credentials = Credentials(
            form=CredentialForm.SENTENCE,
            certifications=split_names(match["certs"], _names("specialties")),
            subspecialties=split_names(match["subs"], _names("specialties")) if match["subs"] else [],
            licensure_states=split_names(match["states"], _names("states")),
        )
        if credential_sentence(credentials, template) != match.group(0):
            credentials.verbatim = match.group(0)
        pattern = pattern[: match.start()] + "{credentials}" + pattern[match.end():]
    case.credentials = credentials
    if collapse(pattern) != collapse(template.how_made[credentials.form]):
        case.wording.how_made = pattern


def _read_credential_block(lines: list[str], template: Template) -> Credentials:
    credentials = Credentials(form=CredentialForm.BLOCK)
    fields = {
        template.block_states: "licensure_states",
        template.block_certifications: "certifications",
        template.block_subspecialties: "subspecialties",
    }
    for line in lines:
        for label, name in fields.items():
            if line.startswith(label):
                values = line[len(label):].strip()
                setattr(credentials, name, [v.strip() for v in values.split(",") if v.strip()])
    if credential_block_lines(credentials, template) != lines:
        credentials.verbatim = "\n".join(lines)
    return credentials


def _read_items(paragraphs: list[str], case: Case, template: Template,
                unplaced: list[str]) -> list[Item]:
    items: list[Item] = []
    item: Item | None = None
    lines: dict[Role, str] = {}
    target: Role | str | None = None  # what a paragraph without a label continues

    def is_label(paragraph: str) -> bool:
        return paragraph.startswith((template.label_claims_administrator,
                                     template.label_rationale)) or bool(_LABEL.match(paragraph))

    def close() -> None:
        if item is not None:
            for role, line in lines.items():
                item.citations(role).extend(parse_line(line, role, template))

    for index, paragraph in enumerate(paragraphs):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
        heading = _ITEM_HEADING.match(paragraph)
        if heading and not is_label(paragraph) and (is_label(following) or target != "rationale"):
            close()
            item = Item(description=heading["desc"],
                        decision=Decision(heading["decision"].capitalize()))
            items.append(item)
            lines, target = {}, None
            continue
        if item is None:
            unplaced.append(paragraph)
            continue
        if paragraph.startswith(template.label_rationale):
            first = paragraph[len(template.label_rationale):].strip()
            item.rationale.extend([first] if first else [])
            target = "rationale"
        elif paragraph.startswith(template.label_claims_administrator):
            target = Role.CLAIMS_ADMINISTRATOR
            lines[target] = paragraph[len(template.label_claims_administrator):].strip()
        elif (label := _LABEL.match(paragraph)) and Role.REVIEWER not in lines:
            case.organization_short = label["label"]
            target = Role.REVIEWER
            lines[target] = paragraph[label.end():].strip()
        elif target == "rationale":
            item.rationale.append(paragraph)
        elif isinstance(target, Role):
            lines[target] = f"{lines[target]} {paragraph}"
        else:
            unplaced.append(paragraph)
    close()
    _number_items(items)
    return items


def _number_items(items: list[Item]) -> None:
    """Leading numbers are ordinals only when the items count 1, 2, 3... in order."""
    matches = [_ORDINAL.match(item.description) for item in items]
    if items and all(m and int(m["number"]) == i for i, m in enumerate(matches, start=1)):
        for item, match in zip(items, matches):
            item.number, item.description = int(match["number"]), match["rest"]
