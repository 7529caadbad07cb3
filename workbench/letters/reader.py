"""Reading a Final Determination Letter back into a case.

The reader follows letter-layout.md: the case header (``header.py``), three
sections, a how-made paragraph with the credentials in sentence or block
form, a summary, and item blocks of heading, two guideline lines and a
rationale. Whatever it recognises becomes structure; wording that differs
from the template is kept as it was read; and text it cannot place is
reported in ``LetterReading.unplaced``, never dropped.

Headings and labels are found wherever they stand, not only at the start of a
line, so text whose line breaks were lost ("...#35.IMR ISSUES, DECISIONS AND
RATIONALESThe Final ...", "...Low Back.MAXIMUS guideline: ...") reads as the
letter it was. A letter of the older 2013 form goes to ``form_2013.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
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
from workbench.letters.header import apply_header, read_header
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
    reviewer_labels: tuple[str, ...] = ()  # "<organization short> guideline:" for known names
    issues_lead_in: str = ""

    def splits_before(self, line: str) -> bool:
        text = collapse(line)
        return (
            text.upper() in self.headings
            or text.startswith((self.rationale, self.claims_administrator, *self.block_lines))
            or bool(_LABEL.match(text))
        )

    @cached_property
    def anywhere(self) -> re.Pattern[str]:
        """Headings and labels wherever they stand, for text that lost its line breaks."""
        words = sorted({*(h for h in self.headings if h.isupper()), self.rationale,
                        self.claims_administrator, *self.block_lines, *self.reviewer_labels},
                       key=len, reverse=True)
        return re.compile("|".join(re.escape(word) for word in words if word))


def _markers(template: Template, organization_short: tuple[str, ...] = ()) -> _Markers:
    return _Markers(
        headings={h.upper(): key for h, key in zip(
            (*template.headings, template.heading_documents_reviewed),
            ("how", "summary", "issues", "documents"))},
        rationale=template.label_rationale,
        claims_administrator=template.label_claims_administrator,
        block_lines=(template.block_intro, template.block_states, template.block_certifications,
                     template.block_subspecialties),
        reviewer_labels=tuple(template.guideline_label(Role.REVIEWER, name)
                              for name in dict.fromkeys(organization_short) if name),
        issues_lead_in=template.issues_lead_in,
    )


# Where two paragraphs were glued without a space ("...necessary.Four sessions of ...",
# "...set forth below:Three months ..."): a sentence end directly before a capital.
_GLUE = re.compile(r"(?<=[a-z0-9%)\]][.!?:])(?=[A-Z\"\u201c])|(?<=[.!?:][\"\u201d)])(?=[A-Z])")
_DECIDED = re.compile(r":\s*(?:upheld|overturned)\s*\.?$", re.I)


_FULL_STOP = re.compile(r"[.!?][\"\u201d)]*$")
# The sentence a rationale closes with, in the letters' words ("... is not medically necessary.").
_RATIONALE_END_LINE = re.compile(r"(?:necessary|appropriate|established|warranted|supported)\.$")


def _heading_start(lines: list[str], lead_in: str) -> int:
    """Where an item heading that ends ``lines`` begins, when extractor text ran it on from
    the text before it (0: all of it is the heading).

    The heading follows the issues' lead-in or a rationale's closing sentence ("... is not
    medically necessary."); failing those, the last line that ends a sentence. A line
    kept with its trailing space wrapped between words (PDFium's text, the PDF reader),
    so nothing ends there.
    """
    stops = [index for index in range(1, len(lines))
             if not lines[index - 1].endswith(" ") and _FULL_STOP.search(lines[index - 1])]
    closing = [index for index in range(1, len(lines)) if not lines[index - 1].endswith(" ")
               and (_RATIONALE_END_LINE.search(lines[index - 1])
                    or collapse(" ".join(lines[:index])).endswith(lead_in))]
    return (closing or stops or [0])[-1]


def _paragraphs(text: LetterText, markers: _Markers) -> list[str]:
    """Join each paragraph's lines, first cutting it where a heading or label line starts,
    then cutting the joined text wherever a heading or label stands inside it."""
    result: list[str] = []
    for lines in text.paragraphs:
        current: list[str] = []
        for line in lines:
            if current and markers.splits_before(line):
                if collapse(line).startswith(markers.claims_administrator) and \
                        _DECIDED.search(current[-1].strip()) and \
                        (cut := _heading_start(current, markers.issues_lead_in)):
                    result.extend(_cut(join_lines(current[:cut]), markers))
                    current = current[cut:]
                result.extend(_cut(join_lines(current), markers))
                current = []
            current.append(line)
            if collapse(line).upper() in markers.headings:
                result.extend(_cut(join_lines(current), markers))
                current = []
        if current:
            result.extend(_cut(join_lines(current), markers))
    return _rescue_headings([p for p in result if p], markers)


def _cut(paragraph: str, markers: _Markers) -> list[str]:
    """Cut before every heading and label inside ``paragraph`` (and after a heading).

    A label glued to the text before it ("...Low Back.MAXIMUS guideline:") means the
    line breaks were lost altogether; the paragraph is then also cut wherever a sentence
    end touches a capital, which is where its paragraphs met.
    """
    pieces: list[str] = []
    start, glued = 0, False
    for match in markers.anywhere.finditer(paragraph):
        if match.start() > start:
            glued = glued or not paragraph[match.start() - 1].isspace()
            pieces.append(paragraph[start:match.start()])
            start = match.start()
        if match.group() in markers.headings:
            pieces.append(match.group())
            start = match.end()
    pieces.append(paragraph[start:])
    if glued:
        pieces = [part for piece in pieces for part in
                  ([piece] if piece in markers.headings else _GLUE.split(piece))]
    return [piece.strip() for piece in pieces if piece.strip()]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


# Sentences of a heading that names what the claims administrator authorized of the request
# ("X was the original request. Y was authorized by the Claims Administrator. The remaining
# IMR eligible portion of the original request, Z is: Upheld").
_HEADING_SENTENCE = re.compile(r"original request|authorized by the Claims Administrator|"
                               r"Claims Administrator authorized|IMR eligible")


def _rescue_headings(pieces: list[str], markers: _Markers) -> list[str]:
    """Text joined with spaces only ("... is not medically necessary. MRI of the knee: Upheld
    Claims Administrator guideline: ..."): a rationale that runs into the next item's heading
    is cut before the heading's last sentence, and before earlier sentences too while they
    speak of the original request and what the claims administrator authorized of it."""
    result: list[str] = []
    in_rationale = False
    for index, piece in enumerate(pieces):
        following = pieces[index + 1] if index + 1 < len(pieces) else ""
        if piece.startswith(markers.rationale):
            in_rationale = True
        elif piece.startswith(markers.claims_administrator) or piece.upper() in markers.headings:
            in_rationale = False
        if in_rationale and _DECIDED.search(piece) \
                and following.startswith(markers.claims_administrator):
            starts = [0, *(m.end() for m in _SENTENCE_END.finditer(piece))]
            cut = len(starts) - 1
            first = 1 if piece.startswith(markers.rationale) else 0
            while cut > first and _HEADING_SENTENCE.search(piece[starts[cut - 1]:starts[cut]]):
                cut -= 1
            if cut > 0:
                result += [piece[:starts[cut]].strip(), piece[starts[cut]:].strip()]
                continue
        result.append(piece)
    return result


def parse_letter(text: LetterText, template: Template | None = None) -> LetterReading:
    template = template or default_template()
    markers = _markers(template, (template.organization_short,))
    paragraphs = _paragraphs(text, markers)
    organization = _organization(paragraphs, markers)
    if organization and organization.split()[0] != template.organization_short:
        # Another organization's letter: its own "<name> guideline:" label is a marker too.
        markers = _markers(template, (template.organization_short, organization.split()[0]))
        paragraphs = _paragraphs(text, markers)
    sections: dict[str, list[str]] = {}
    unplaced: list[str] = []
    before: list[str] = []  # the case header (and a logo's words, if any)
    current: list[str] | None = None
    for paragraph in paragraphs:
        key = markers.headings.get(paragraph.upper())
        if key is not None and key not in sections:
            current = sections[key] = []
        elif current is None:
            before.append(paragraph)
        else:
            current.append(paragraph)
    if not sections:
        from workbench.letters.form_2013 import is_2013_form, parse_2013

        if is_2013_form(text):
            return parse_2013(text, template)
        raise NotALetter("This file does not look like an IMR Final Determination Letter")

    case = Case(organization=template.organization, organization_short=template.organization_short,
                case_number=text.case_number, wording=Wording())
    if before:
        header = read_header(" ".join(before), template)
        unplaced.extend(header.unplaced)
        unplaced.extend(apply_header(header, case, template))
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


def _organization(paragraphs: list[str], markers: _Markers) -> str | None:
    """The organization the how-made paragraph names ("MAXIMUS Federal Services sent ...")."""
    for index, paragraph in enumerate(paragraphs[:-1]):
        if markers.headings.get(paragraph.upper()) == "how":
            match = _ORGANIZATION.match(paragraphs[index + 1])
            return match["org"] if match else None
    return None


def _read_lead_in(paragraphs: list[str], default: str) -> tuple[list[str], str | None]:
    """Split off the section's lead-in sentence; None means it is the template's."""
    if not paragraphs:
        return [], None
    first = paragraphs[0]
    if first.startswith(default):
        rest = first[len(default):].strip()
        return ([rest] if rest else []) + paragraphs[1:], None
    # Another lead-in sentence: one that announces what follows, or the older form's
    # disclaimer that the summary was taken from the UR decision.
    if (first.endswith(":") or first.startswith("Disclaimer:")) and len(first) < 300:
        return paragraphs[1:], first
    return paragraphs, ""


@cache
def credential_names(kind: str) -> tuple[str, ...]:
    """Known names of ``kind`` ("specialties", "states"), some with "and" inside them."""
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
            certifications=split_names(match["certs"], credential_names("specialties")),
            subspecialties=split_names(match["subs"], credential_names("specialties"))
            if match["subs"] else [],
            licensure_states=split_names(match["states"], credential_names("states")),
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

    paragraphs = _join_split_decisions(paragraphs)
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


_DECISION_ONLY = re.compile(r"^(?:upheld|overturned)\.?$", re.I)


def _join_split_decisions(paragraphs: list[str]) -> list[str]:
    """A heading whose decision word wrapped onto a line of its own ("...knees:" / "Upheld")
    reads as one paragraph again."""
    result: list[str] = []
    for paragraph in paragraphs:
        if result and result[-1].endswith(":") and _DECISION_ONLY.match(paragraph):
            result[-1] = f"{result[-1]} {paragraph}"
        else:
            result.append(paragraph)
    return result


def _number_items(items: list[Item]) -> None:
    """Leading numbers are ordinals only when the items count 1, 2, 3... in order."""
    matches = [_ORDINAL.match(item.description) for item in items]
    if items and all(m and int(m["number"]) == i for i, m in enumerate(matches, start=1)):
        for item, match in zip(items, matches):
            item.number, item.description = int(match["number"]), match["rest"]
