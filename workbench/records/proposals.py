"""What the IMR application and the UR determination say about the case: proposals, never edits.

A case file opens with two documents that state the case's particulars: the
IMR application (DWC Form IMR: claim number, date of injury, date of the UR
decision, the requesting physician, each disputed treatment and whether UR
denied or modified it) and the UR determination letter (the request, the
decision and its date, often the worker's age and sex, body parts and
diagnoses). This module reads those particulars from the documents' page
texts and returns them as ``Proposal`` objects, each with the page and the
words it was read from; the reviewer accepts, changes or dismisses each one
(``workbench.proposals``). Nothing here touches a database or a case.

How values are chosen: a labelled value ("Date of Injury: 03/14/2013") beats
one read from prose ("a 52-year-old female"); the IMR application beats the
UR letter where both state a field; otherwise the first found, in the order
the documents and pages are given. The disputed items come from the IMR
applications when any lists them, else from the UR letters' non-certified
and modified requests. Values are in the summary form's own vocabulary:
dates as ``datetime.date`` (python-dateutil reads the written-out forms),
sex "male" / "female", body regions in the guideline library's region words
("lumbar spine" is "low back", "left shoulder" keeps its side), diagnoses as
their words without ICD codes.

The real forms vary (the DWC Form IMR of 2013 and its revisions, text PDFs
and OCR'd faxes, and the letters of many UR companies), so the rules look
for labels and outcome words, not for one layout. Pure and cheap: a few
pages of text in, a short list out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from workbench.records.facts import DATE, parse_date
from workbench.records.kinds import DocumentKind
from workbench.resources import load_json

# The fields a proposal can name, in the order they are shown.
FIELDS = ("claim_number", "injury_date", "ur_date", "request_provider", "age", "sex",
          "body_regions", "diagnoses", "item")
DENIED, MODIFIED = "denied", "modified"
SOURCE_KINDS = frozenset({DocumentKind.IMR_APPLICATION, DocumentKind.UR_DETERMINATION})
EXCERPT_CHARS = 120


@dataclass(frozen=True)
class SourceDocument:
    """A record document to read proposals from: its kind, ids, and its pages as
    (1-based page of the imported file, text)."""

    kind: DocumentKind
    id: int
    file_id: int
    pages: Sequence[tuple[int, str]]


@dataclass(frozen=True)
class Proposal:
    """One value a record document states for the case.

    ``value`` is a ``str`` (claim_number, request_provider, sex), a ``datetime.date``
    (injury_date, ur_date), an ``int`` (age), a ``list[str]`` (body_regions, diagnoses) or,
    for "item", ``{"description": str, "ur_outcome": "denied" | "modified"}``.
    """

    field: str
    value: object
    document_id: int
    file_id: int
    page: int  # 1-based page of the file where it was found
    excerpt: str  # the words it was read from, on one line, at most EXCERPT_CHARS


# -- labels -----------------------------------------------------------------------------------
# What each field's label looks like in the forms and letters. A label must stand at the start
# of a word; the value is what follows it up to the next label on the line (or, when the label
# ends its line, the line below: a form's box read by OCR).
_FIELD_LABELS: dict[str, str] = {
    "claim_number": r"claim\s*(?:number|num\s?\.?|no\s?\.?|#)|claim(?=\s*:)",
    "injury_date": r"dates?\s+of\s+(?:the\s+)?[il1]njury|injury\s+date|d\.\s?o\.\s?i\.?|doi",
    "ur_date": (r"(?:date\s+of\s+(?:the\s+)?(?:utilization\s+review|ur)\s+"
                r"(?:decision|determination|denial)"
                r"|(?:utilization\s+review|ur)\s+(?:decision|determination|denial)\s+date"
                r"|date\s+of\s+(?:decision|determination|denial)"
                r"|(?:decision|determination|denial)\s+date)"),
    "request_provider": (r"(?:name\s+of\s+)?(?:requesting|treating|attending|ordering)\s+"
                         r"(?:physician|provider|doctor|practitioner)(?:'s)?(?:\s+name)?"),
    "age_sex": r"age\s*/\s*(?:sex|gender)",
    "age": r"age",
    "sex": r"sex|gender",
    "body_regions": (r"(?:injured\s+|accepted\s+|claimed\s+)?body\s+parts?(?:\s*\(s\))?"
                     r"(?:\s+(?:injured|claimed|accepted|involved))?|body\s+regions?"
                     r"|parts?\s+of\s+(?:the\s+)?body(?:\s+injured)?"),
    "diagnoses": (r"(?:working\s+|primary\s+)?diagnos[ie]s(?:\s*(?:codes?|/\s*icd-?(?:10|9)?))?"
                  r"(?:\s*\(es\))?|dx|icd-?(?:10|9)(?:-cm)?(?:\s+codes?)?"),
}
# Labels of particulars we do not propose: they end the value before them.
_OTHER_LABELS = (
    r"date\s+of\s+birth|d\.?o\.?b\.?|date\s+of\s+request|request\s+date|date\s+received"
    r"|date\s+of\s+service|date\s+of\s+(?:this\s+)?(?:notice|letter)|date"
    r"|(?:employee|patient|applicant|injured\s+worker|claimant)(?:'s)?(?:\s+name)?"
    r"|name|employer|address|city|state|zip|phone|telephone|tel|fax|e-?mail|ssn"
    r"|specialty|npi|license|adjuster|examiner|insurer|carrier|claims\s+administrator"
    r"|(?:physician\s+)?reviewer|reviewing\s+physician|physician\s+advisor|wcab(?:\s+case)?"
    r"|case\s+(?:number|no\.?|#)|patient|re"
)
_LABEL_PARTS = [*(f"(?P<{name}>{pattern})" for name, pattern in _FIELD_LABELS.items()),
                f"(?P<other>{_OTHER_LABELS})"]
# A label ends with a colon or "#" (or stands alone at the end of its line), or is followed
# directly by a value with a digit ("DOI 3/14/13", "Claim No. 778-21-0045", "age 52").
_LABEL = re.compile(rf"(?<![A-Za-z0-9])(?:{'|'.join(_LABEL_PARTS)})"
                    rf"(?:\s*[:#]|\s*$|(?=\s+(?:{DATE}|[A-Za-z]{{0,4}}-?\d)))", re.I)
# A letter's own date ("Date:", "Date of notice:"): a UR letter's is its decision's.
_LETTER_DATE = re.compile(r"date(?:\s+of\s+(?:this\s+)?(?:notice|letter))?\s*:?", re.I)
# Labels that need no colon before a value with a digit in it.
_BARE_LABELS = frozenset({"claim_number", "injury_date", "ur_date", "other"})
_DATE_IN = re.compile(DATE, re.I)
_CELL_BREAK = re.compile(r"\s{3,}|\t|\s\|\s?|\s?\|\s")
_CLAIM = re.compile(r"[A-Z0-9][A-Z0-9\-/.]*\d[A-Z0-9\-/.]*|\d[A-Z0-9\-/.]*", re.I)
_PLACEHOLDER = re.compile(r"(?:n/?a|none|unknown|not\s+(?:stated|provided|given)|see\s+\w+|"
                          r"tbd|-+|_+)\.?", re.I)
_CREDENTIAL = (r"(?:M\.?D\.?|D\.?O\.?|D\.?C\.?|DPM|PA-C|N\.?P\.?|FNP(?:-C)?|Ph\.?D\.?|Psy\.?D\.?|"
               r"DDS|L\.?Ac\.?)(?![A-Za-z])")
_NAME_WORD = rf"(?!{_CREDENTIAL})[A-Z][A-Za-z'\-]*\.?"
_PROVIDER = re.compile(rf"(?:Dr\.?\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
                       rf"(?:,?\s+{_CREDENTIAL}(?:,\s*{_CREDENTIAL})*)?")

# -- loose statements (no label) -------------------------------------------------------------
_AGE_SEX = re.compile(
    r"(?<![\d/])(?P<age>\d{1,3})[\s-]*(?:years?|yrs?\.?)[\s-]*old(?:\s+(?P<sex>male|female|man|"
    r"woman|gentleman|lady))?|(?<![\d/])(?P<age2>\d{1,3})\s*(?:y/?o|yo)\b\.?\s*(?P<sex2>male|"
    r"female|man|woman|m|f)?\b", re.I)
_UR_DATED = re.compile(rf"\b(?:utilization\s+review|ur)\s+(?:decision|determination|denial)\s+"
                       rf"(?:dated|of|on|issued\s+on)\s+(?P<date>{DATE})", re.I)
_INJURED_ON = re.compile(rf"\b(?:injured|injury)\s+(?:on|of)\s+(?P<date>{DATE})", re.I)

# -- disputed items --------------------------------------------------------------------------
_CHECKED = r"(?:\[\s*[xX✓✔]\s*\]|\(\s*[xX✓✔]\s*\)|[☒☑■✓✔✗✘]|\b[xX]\b)"
_UNCHECKED = r"(?:\[\s*\]|\(\s*\)|[☐□○])"
_OUTCOME_WORD = r"(?P<word>denied|modified)"
_BOX_BEFORE = re.compile(rf"(?P<box>{_CHECKED}|{_UNCHECKED})\s*{_OUTCOME_WORD}\b", re.I)
_BOX_AFTER = re.compile(rf"\b{_OUTCOME_WORD}\s*:?\s*(?P<box>{_CHECKED}|{_UNCHECKED})", re.I)
_TRAILING_OUTCOME = re.compile(
    r"^(?P<what>.*?\S)\s*(?:[-–—:|]\s*)?(?:(?:ur\s+)?(?:decision|determination)\s*:?\s*)?"
    r"(?P<word>denied|modified|non-?certified|not\s+certified|partially\s+certified)"
    r"(?:\s+to\s+.*|\s*\(.*\))?\s*\.?$", re.I)
_DECISION_LINE = re.compile(
    r"^\s*(?:ur\s+|utilization\s+review\s+)?(?:decision|determination|outcome|result)\s*:\s*"
    r"(?P<rest>.+)$", re.I)
_TREATMENT_LABEL = re.compile(
    r"^\s*(?:disputed\s+|requested\s+)?(?:medical\s+)?(?:treatment|service|request|item)s?"
    r"(?:\s*/\s*service)?(?:\s+(?:requested|in\s+dispute|disputed))?\s*(?:\(s\))?"
    r"(?:\s*#?\s*\d{1,2})?\s*:\s*"
    r"(?P<rest>.*)$", re.I)
_REQUEST_FOR = re.compile(
    r"(?:the\s+)?(?:request(?:ed)?|rfa)\s+for\s+(?P<what>(?:(?!\.\s)[^;])+?)\s+"
    r"(?:is|was|has\s+been|are|were)\s+"
    r"(?:hereby\s+|therefore\s+)?(?P<word>non-?certified|not\s+certified|denied|not\s+approved|"
    r"not\s+medically\s+necessary|modified|partially\s+certified|certified|approved|"
    r"authorized|medically\s+necessary)", re.I | re.S)
_DISPUTE_HEADING = re.compile(
    r"disputed|in\s+dispute|treatments?\s*(?:/\s*services?)?\s+requested|requested\s+"
    r"(?:treatment|service)|list\s+each\s+(?:disputed\s+)?treatment|requested\s+service", re.I)
_DISPUTE_END = re.compile(
    r"^\s*(?:section\s+\d+\b(?!.*(?:treatment|dispute))|signature|i\s+(?:declare|request|"
    r"certify)|employee'?s?\s+signature|date\s*:|page\s+\d+)", re.I)
_LIST_OUTCOME = re.compile(r"\b(non-?certif\w*|not\s+certified|denied|denie[sd]|modified|"
                           r"modifie[sd]|partially\s+certified)\b", re.I)
_NUMBERING = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\d{1,2}\s*\||[a-h][.)]|[-•*·▪])\s+")
_COLUMN_HEADER = re.compile(r"\bdenied\b.*\bmodified\b|\bmodified\b.*\bdenied\b", re.I)
_LONE_MARK = re.compile(r"^(?P<what>.*\S)\s{2,}(?P<box>[xX✓✔☒☑■])\s*$")


def _outcome(word: str) -> str | None:
    """"denied", "modified", or None for a certified (approved) request."""
    word = " ".join(word.lower().split())
    if word.startswith(("modif", "partially")):
        return MODIFIED
    if word in ("certified", "approved", "authorized", "medically necessary"):
        return None
    return DENIED


# -- reading one document --------------------------------------------------------------------

@dataclass(frozen=True)
class _Found:
    field: str
    value: object
    rank: int  # 0: labelled; higher: a vaguer label, or read from prose or an unlabelled place
    page: int
    line: int
    excerpt: str


def _around(line: str, match: re.Match[str]) -> str:
    """The words around a match in a long line of prose, for the excerpt."""
    start = max(0, match.start() - 40)
    start = line.rfind(" ", 0, start) + 1 if start else 0
    text = line[start:match.end() + 40]
    return ("…" if start else "") + text


def _excerpt(text: str) -> str:
    line = " ".join(text.split())
    if len(line) <= EXCERPT_CHARS:
        return line
    return line[:EXCERPT_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _labels(line: str) -> list[tuple[str, int, int]]:
    """The labels on a line: (field or "other", where the label starts, where its value starts)."""
    found = []
    for match in _LABEL.finditer(line):
        name = next(key for key, value in match.groupdict().items() if value is not None)
        if match.end() == match.end(name) and line[match.end():].strip() and \
                name not in _BARE_LABELS:
            continue  # "patients over age 40": only a colon makes "age" a label
        found.append((name, match.start(), match.end()))
    return found


def _values(line: str) -> list[tuple[str, str, str, str]]:
    """(field, label, value, the label with its value) for each label on a line; a value ends
    at the next label or cell break."""
    labels = _labels(line)
    values = []
    for index, (name, start, end) in enumerate(labels):
        stop = labels[index + 1][1] if index + 1 < len(labels) else len(line)
        value = line[end:stop]
        lead = len(value) - len(value.lstrip(" :#"))
        value = value.strip(" :#")
        cell = _CELL_BREAK.search(value)
        if cell:
            value = value[:cell.start()]
        value = value.strip(" \t,;|")
        values.append((name, line[start:end], value, line[start:end + lead] + value))
    return values


def _first_date(text: str) -> dt.date | None:
    for match in _DATE_IN.finditer(text):
        day = parse_date(match.group(0))
        if day is not None:
            return day
    return None


def _claim(text: str) -> str | None:
    match = _CLAIM.search(text)
    if match is None:
        return None
    claim = match.group(0).rstrip(".-/")
    return claim if len(claim) >= 4 else None


def _provider(text: str) -> str | None:
    text = " ".join(text.split()).strip(" ,;:")
    if not text or _PLACEHOLDER.fullmatch(text):
        return None
    match = _PROVIDER.match(text)
    if match is None or not re.search(r"[A-Za-z]{2}", match.group(0)):
        return None
    return match.group(0).rstrip(" ,;")


def _age(text: str) -> int | None:
    match = re.match(r"\s*(\d{1,3})\b", text)
    if match and 14 <= int(match.group(1)) <= 110:
        return int(match.group(1))
    return None


def _sex(text: str) -> str | None:
    word = re.match(r"\s*([A-Za-z]+)", text)
    if word is None:
        return None
    word = word.group(1).lower()
    if word in ("m", "male", "man", "gentleman"):
        return "male"
    if word in ("f", "female", "woman", "lady"):
        return "female"
    return None


@cache
def _region_words() -> list[tuple[str, str]]:
    """(word, region) from the library's region table, the longest words first."""
    table = load_json("library/regions.json")
    pairs = [(word, region) for region, words in table.items() if region != "_comment"
             for word in words]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


_SIDES = {"left": "left", "lt": "left", "l": "left", "right": "right", "rt": "right",
          "r": "right", "bilateral": "bilateral", "both": "bilateral", "bil": "bilateral"}
_PLURAL = {"foot": "feet"}  # a bilateral region's plural where it is not region + "s"
_UNPAIRED = {"head", "neck", "upper back", "low back", "mental health"}


def body_region(part: str) -> str | None:
    """A body part as records write it, in the summary form's words.

    "Lumbar spine" is "low back", "Lt shoulder" "left shoulder", "bilateral knees"
    "bilateral knees"; a part the region table does not know is kept, lower-cased.
    """
    words = re.sub(r"[^a-z0-9\s/-]", " ", part.lower()).split()
    if not words:
        return None
    side = _SIDES.get(words[0].rstrip("."))
    rest = " ".join(words[1:] if side else words)
    if not rest:
        return None
    padded = f" {rest} "
    region = next((region for word, region in _region_words() if f" {word} " in padded), None)
    if region is None:
        return f"{side} {rest}" if side else rest
    if side is None or region in _UNPAIRED:
        return region
    if side == "bilateral":
        return f"bilateral {_PLURAL.get(region, region + 's')}"
    return f"{side} {region}"


def _regions(text: str) -> list[str]:
    """Body parts listed on a line, in the form's words. A side carries over a part joined by
    "and", "/" or "&" ("Left wrist and hand": the left hand too), not one after a comma."""
    regions: list[str] = []
    for listed in re.split(r"\s*[,;]\s*", text):
        side = None
        for part in re.split(r"\s*(?:/|&|\band\b)\s*", listed, flags=re.I):
            words = part.lower().split()
            if words and words[0].rstrip(".") in _SIDES:
                side = words[0]
            elif side and part.strip():
                part = f"{side} {part}"
            region = body_region(part)
            if region and region not in regions:
                regions.append(region)
    return regions


# An ICD-10 code (always written with its dot: "T12" alone is a vertebra) or an ICD-9 code.
_ICD = re.compile(r"\(?(?<![A-Za-z0-9.])(?:[A-TV-Z]\d{2}\.[0-9A-Z]{1,4}|\d{3}\.\d{1,2})"
                  r"(?![A-Za-z0-9])\)?")
_ENCOUNTER = re.compile(r",?\s*(?:initial|subsequent)\s+encounter(?:\s+for\s+[a-z ]+)?\s*$|"
                        r",?\s*sequela\s*$", re.I)


def diagnosis_words(text: str) -> str | None:
    """A diagnosis as the summary form lists it: the words, without the ICD code or the
    "initial encounter" a code's title ends with, lower-case first unless it is an acronym."""
    text = _ICD.sub(" ", text)
    text = " ".join(text.split()).strip(" ,;:.-–()")
    text = _ENCOUNTER.sub("", text).strip(" ,;:.-–")
    if not re.search(r"[A-Za-z]{3}", text):
        return None
    first = text.split(" ", 1)[0]
    if not (len(first) > 1 and (first[1].isupper() or first[1].isdigit())):
        text = text[0].lower() + text[1:]
    return text


def _diagnoses(text: str) -> list[str]:
    """The diagnoses on a line: split at their ICD codes when coded ("M54.16 Radiculopathy,
    lumbar region" or "Lumbar radiculopathy (M54.16)"), else at semicolons or numbers."""
    codes = list(_ICD.finditer(text))
    if codes and diagnosis_words(text[:codes[0].start()]):  # the words before each code
        starts = [0] + [code.end() for code in codes]
        ends = [code.start() for code in codes] + [len(text)]
        pieces = [text[start:end] for start, end in zip(starts, ends)]
    elif codes:  # the words after each code
        ends = [code.start() for code in codes[1:]] + [len(text)]
        pieces = [text[code.end():end] for code, end in zip(codes, ends)]
    else:
        pieces = re.split(r"\s*;\s*|\s+\d{1,2}[.)]\s+", text)
    found: list[str] = []
    for piece in pieces:
        words = diagnosis_words(piece)
        if words and words not in found:
            found.append(words)
    return found


def _continuation(lines: list[str], start: int, coded: bool | None = None) -> list[str]:
    """The list under a label (``coded``: its line already began a coded list). A list of
    coded diagnoses runs while its lines carry codes; an uncoded one stops at a blank line,
    a label, or prose."""
    if coded is None:
        first = next((line for line in lines[start:start + 2] if line.strip()), "")
        coded = _ICD.search(first) is not None
    taken: list[str] = []
    for line in lines[start:start + 12]:
        line = line.strip()
        if not line:
            if taken:
                break
            continue
        labels = _labels(line)
        if labels and labels[0][1] == 0:
            break
        if coded and not _ICD.search(line):
            break
        if not coded and (len(line) > 80 or line.endswith((".", ",", ":"))):
            break
        taken.append(line)
    return taken


class _Reader:
    """Reads the particulars and disputed items of one document, page by page."""

    def __init__(self, document: SourceDocument):
        self.document = document
        self.found: list[_Found] = []
        self.items: list[_Found] = []
        # Where the application's list of disputed treatments is (it may run over a page).
        self._in_dispute = False
        self._columns: dict[str, int] | None = None  # Denied/Modified column positions

    def add(self, field: str, value: object, rank: int, page: int, line: int,
            text: str) -> None:
        if value is None or value == []:
            return
        self.found.append(_Found(field, value, rank, page, line, _excerpt(text)))

    def read(self) -> _Reader:
        for page, text in self.document.pages:
            lines = text.split("\n")
            self._particulars(page, lines)
            if self.document.kind is DocumentKind.IMR_APPLICATION:
                self._application_items(page, lines)
            else:
                self._letter_items(page, lines)
            self._listed_items(page, lines)
        return self

    # -- particulars --------------------------------------------------------------------
    def _particulars(self, page: int, lines: list[str]) -> None:
        for index, line in enumerate(lines):
            for name, label, value, excerpt in _values(line):
                if name == "diagnoses":
                    self._diagnoses(value, page, index, lines)
                    continue
                if not value:  # the value is in the box under the label
                    value, excerpt = self._below(lines, index, name)
                self._labelled(name, label, value, page, index, excerpt, lines)
        # Prose runs over wrapped lines: read it with the line breaks as spaces.
        text = "\n".join(lines)
        flat = text.replace("\n", " ")
        for match in _AGE_SEX.finditer(flat):
            index = text.count("\n", 0, match.start())
            self.add("age", _age(match.group("age") or match.group("age2")), 1, page, index,
                     _around(flat, match))
            self.add("sex", _sex(match.group("sex") or match.group("sex2") or ""), 1, page,
                     index, _around(flat, match))
        for pattern, field in ((_INJURED_ON, "injury_date"), (_UR_DATED, "ur_date")):
            # "injured on 03/14/2013", "the utilization review decision dated 10/14/2026"
            for match in pattern.finditer(flat):
                self.add(field, parse_date(match.group("date")), 1, page,
                         text.count("\n", 0, match.start()), _around(flat, match))

    def _below(self, lines: list[str], index: int, name: str) -> tuple[str, str]:
        """The value under a label that ends its line: the next line, or a "Name:" under a
        "Requesting Physician" heading. ("", "") when a label stands there instead."""
        for following in lines[index + 1:index + 3]:
            following = following.strip()
            if not following:
                continue
            labels = _labels(following)
            if labels and labels[0][1] == 0:
                if name == "request_provider" and re.match(r"name\s*:", following, re.I):
                    return _values(following)[0][2], f"{lines[index].strip()} {following}"
                return "", ""
            return following, f"{lines[index].strip()} {following}"
        return "", ""

    def _labelled(self, name: str, label: str, value: str, page: int, index: int, excerpt: str,
                  lines: list[str]) -> None:
        if name == "claim_number":
            self.add(name, _claim(value), 0, page, index, excerpt)
        elif name == "injury_date":
            self.add(name, _first_date(value), 0, page, index, excerpt)
        elif name == "ur_date":
            # "UR Decision Date" says whose decision; a bare "Decision Date" may be another's.
            rank = 0 if re.search(r"\bur\b|utilization", label, re.I) else 1
            self.add(name, _first_date(value), rank, page, index, excerpt)
        elif name == "request_provider":
            self.add(name, _provider(value), 0, page, index, excerpt)
        elif name == "age":
            self.add(name, _age(value), 0, page, index, excerpt)
        elif name == "sex":
            self.add(name, _sex(value), 0, page, index, excerpt)
        elif name == "age_sex":
            match = re.match(r"\s*(\d{1,3})\s*/\s*([A-Za-z]+)", value)
            if match:
                self.add("age", _age(match.group(1)), 0, page, index, excerpt)
                self.add("sex", _sex(match.group(2)), 0, page, index, excerpt)
        elif name == "body_regions":
            self.add(name, _regions(value), 0, page, index, excerpt)
        elif name == "other" and self.document.kind is DocumentKind.UR_DETERMINATION \
                and page == self.document.pages[0][0] and index < 15 \
                and _LETTER_DATE.fullmatch(label.strip()):
            # A UR letter's own date at its top is the date of its decision, unless labelled.
            self.add("ur_date", _first_date(value), 2, page, index, excerpt)

    def _diagnoses(self, value: str, page: int, index: int, lines: list[str]) -> None:
        label_line = lines[index].strip()
        if not value:
            below = _continuation(lines, index + 1)
        else:
            below = _continuation(lines, index + 1, coded=True) if _ICD.search(value) else []
        diagnoses: list[str] = []
        for line in ([value] if value else []) + below:
            for words in _diagnoses(line):
                if words not in diagnoses:
                    diagnoses.append(words)
        self.add("diagnoses", diagnoses, 0, page, index, " ".join([label_line, *below]))

    # -- disputed items --------------------------------------------------------------------
    def _treatment(self, rest: str, page: int, index: int,
                   line: str) -> tuple[str, int, str] | None:
        """A "Requested treatment: ..." line: an item when its outcome ends the line, else
        the treatment waiting for the outcome on a later line (returned)."""
        trailing = _TRAILING_OUTCOME.match(rest)
        if trailing:
            self._item(trailing.group("what"), _outcome(trailing.group("word")), page, index,
                       line)
            return None
        return (rest, index, line)

    def _item(self, description: str, outcome: str | None, page: int, index: int,
              text: str) -> None:
        description = _description(description)
        if outcome is None or description is None:
            return
        key = item_key(description)
        if any(item_key(found.value["description"]) == key for found in self.items):
            return
        self.items.append(_Found("item", {"description": description, "ur_outcome": outcome},
                                 0, page, index, _excerpt(text)))

    def _application_items(self, page: int, lines: list[str]) -> None:
        """The treatments an IMR application lists as denied or modified: with checkboxes, a
        "UR decision:" line under a "Requested treatment:" line, the outcome word ending the
        line, or an X in a Denied or Modified column."""
        pending: tuple[str, int, str] | None = None  # a treatment waiting for its outcome
        for index, raw in enumerate(lines):
            line = raw.rstrip()
            if not line.strip():
                continue
            boxed = _checked_outcome(line)
            treatment = _TREATMENT_LABEL.match(line)
            decision = _DECISION_LINE.match(line)
            if self._in_dispute and _DISPUTE_END.match(line):
                self._in_dispute, self._columns, pending = False, None, None
            elif boxed is not None:
                what = _without_boxes(line)
                if _DECISION_LINE.match(what):
                    what = ""
                if _description(what) is None and pending is not None:
                    self._item(pending[0], boxed, page, pending[1], f"{pending[2]} {line}")
                else:
                    self._item(what, boxed, page, index, line)
                pending = None
            elif decision is not None and pending is not None:
                self._item(pending[0], _row_outcome(decision.group("rest")), page, pending[1],
                           f"{pending[2]} {line}")
                pending = None
            elif treatment is not None and treatment.group("rest").strip():
                pending = self._treatment(treatment.group("rest"), page, index, line)
                self._in_dispute = True
            elif _DISPUTE_HEADING.search(line) and (_COLUMN_HEADER.search(line) or
                                                     _row_outcome(line.split()[-1]) is ...):
                self._in_dispute, pending = True, None
                if _COLUMN_HEADER.search(line):
                    low = line.lower()
                    self._columns = {DENIED: low.index("denied"), MODIFIED: low.index("modified")}
            elif self._in_dispute and self._columns and _LONE_MARK.match(line):
                mark = _LONE_MARK.match(line)
                at = mark.start("box")
                columns = self._columns
                self._item(mark.group("what"), min(columns, key=lambda w: abs(columns[w] - at)),
                           page, index, line)
            elif self._in_dispute:
                trailing = _TRAILING_OUTCOME.match(line)
                if trailing and not re.search(r"\b(?:or|and|was|is|be|been)\s*$",
                                              trailing.group("what"), re.I) \
                        and not _COLUMN_HEADER.search(line):
                    self._item(trailing.group("what"), _outcome(trailing.group("word")), page,
                               index, line)

    def _listed_items(self, page: int, lines: list[str]) -> None:
        """A numbered list under a sentence that gives the outcome of all of it: "... the
        utilization review decision ..., which non-certified the following treatment:"."""
        outcome: str | None = None
        listed = False
        for index, raw in enumerate(lines):
            line = raw.strip()
            if outcome is not None:
                if _NUMBERING.match(line):
                    self._item(line, outcome, page, index, line)
                    listed = True
                    continue
                if not line and not listed:
                    continue
                outcome = None
            if line.endswith(":"):
                # The sentence may have been wrapped: the line before may be part of it.
                sentence = f"{lines[index - 1].strip() if index else ''} {line}"[-300:]
                word = _LIST_OUTCOME.search(sentence)
                if word and re.search(r"\bfollowing\b", sentence, re.I):
                    outcome, listed = _outcome(word.group(1)), False

    def _letter_items(self, page: int, lines: list[str]) -> None:
        """The requests a UR letter non-certified or modified: "The request for ... is
        non-certified", a "Request:" line with a "Determination:" line under it, a table row
        ending in its decision, or a treatment with its decision after a dash."""
        text = "\n".join(lines)
        for match in _REQUEST_FOR.finditer(text):
            what = " ".join(match.group("what").split())
            if len(what) <= 160:
                self._item(what, _outcome(match.group("word")), page,
                           text.count("\n", 0, match.start()), match.group(0))
        pending: tuple[str, int, str] | None = None
        for index, raw in enumerate(lines):
            line = raw.strip()
            if not line:
                continue
            cells = [cell.strip() for cell in re.split(r"\s*\|\s*", line)]
            treatment = _TREATMENT_LABEL.match(line)
            decision = _DECISION_LINE.match(line)
            dashed = _DASHED_OUTCOME.match(line)
            if len(cells) >= 2 and _row_outcome(cells[-1]) is not ...:
                what = next((cell for cell in reversed(cells[:-1])
                             if not re.fullmatch(r"#?\d{0,2}", cell)), "")
                self._item(what, _row_outcome(cells[-1]), page, index, line)
                pending = None
            elif decision is not None and pending is not None:
                outcome = _row_outcome(decision.group("rest"))
                if outcome is not ...:
                    self._item(pending[0], outcome, page, pending[1], f"{pending[2]} {line}")
                pending = None
            elif treatment is not None and treatment.group("rest").strip():
                pending = self._treatment(treatment.group("rest"), page, index, line)
            elif dashed is not None:
                self._item(dashed.group("what"), _row_outcome(dashed.group("word")), page,
                           index, line)


# "Lumbar MRI - NON-CERTIFIED", "Norco 10/325 mg #60:  Modified to #30": a separator before
# the decision, which prose ("the request is non-certified") never has.
_DASHED_OUTCOME = re.compile(
    r"^(?:\d{1,2}[.)]\s+)?(?P<what>[^.:]{3,150}?\S)\s*(?:\s[-–—]|:|\s{3,})\s*"
    r"(?P<word>non-?certified|not\s+certified|denied|modified|partially\s+certified|"
    r"certified|approved|authorized)\b.*$", re.I)


def _row_outcome(cell: str) -> object:
    """The outcome a decision cell states: "denied", "modified", None (certified), or ``...``
    when the cell states no decision at all."""
    match = re.match(r"\s*(non-?certif\w*|not\s+certified|denied|modified|partially\s+certified|"
                     r"certified(?:\s+with\s+modifications?)?|approved|authorized)\b", cell, re.I)
    if match is None:
        return ...
    word = match.group(1).lower()
    if "modification" in word:
        return MODIFIED
    return _outcome(word)


_BOX_OR_WORD = re.compile(rf"(?P<box>{_CHECKED}|{_UNCHECKED})|\b(?:denied|modified)\b", re.I)


def _checked_outcome(line: str) -> str | None:
    """The outcome whose box is checked on a line with Denied/Modified checkboxes, else None.

    Whether a box stands before its word ("[X] Denied [ ] Modified") or after it ("Denied:
    [X]") is read from whichever comes first, so a box is never taken for its neighbour's."""
    first = _BOX_OR_WORD.search(line)
    if first is None:
        return None
    pattern = _BOX_BEFORE if first.group("box") else _BOX_AFTER
    checked = {match.group("word").lower() for match in pattern.finditer(line)
               if re.fullmatch(_CHECKED, match.group("box"))}
    return checked.pop() if len(checked) == 1 else None


def _without_boxes(line: str) -> str:
    return _BOX_AFTER.sub(" ", _BOX_BEFORE.sub(" ", line))


def _description(text: str) -> str | None:
    """A disputed treatment as written: numbering, labels and separators taken off."""
    text = _NUMBERING.sub("", text)
    treatment = _TREATMENT_LABEL.match(text)
    if treatment:
        text = treatment.group("rest")
    text = " ".join(text.split()).strip(" -–—:|;,")
    if text.endswith(".") and not re.search(r"\b[A-Za-z]\.$", text):
        text = text[:-1]
    text = re.sub(r"\s+(?:which|that)$", "", text, flags=re.I)  # "... which was modified"
    text = re.sub(r"^(?:an?|the)\s+(?=\S)", "", text, flags=re.I)  # "the request for an MRI"
    if len(text) > 2 and text[0] == text[-1] and text[0] in "\"'“”" or \
            text[:1] == "“" and text[-1:] == "”":
        text = text[1:-1].strip()
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    if len(text) < 3 or not re.search(r"[A-Za-z]{2}", text) or len(text) > 200:
        return None
    if re.fullmatch(r"(?:ur\s+)?(?:decision|determination|treatment|service|request)s?", text,
                    re.I):
        return None
    return text


def item_key(description: str) -> str:
    """What two item descriptions share when they name the same treatment (case, spacing
    and punctuation aside): tells whether the case already has an item."""
    return " ".join(re.sub(r"[^a-z0-9#/.%]+", " ", description.lower()).split())


# -- choosing ---------------------------------------------------------------------------------

def propose(documents: Sequence[SourceDocument]) -> list[Proposal]:
    """The particulars and disputed items the IMR applications and UR letters state.

    ``documents`` in the order they should be read (documents of other kinds are
    ignored). Returns at most one proposal per field (in ``FIELDS`` order), then one per
    disputed item, each naming the document, file and page it was read from.
    """
    readers = [_Reader(document).read() for document in documents
               if document.kind in SOURCE_KINDS]
    ordered = sorted(readers, key=lambda r: r.document.kind is not DocumentKind.IMR_APPLICATION)
    proposals: list[Proposal] = []
    for field in FIELDS[:-1]:
        for reader in ordered:
            candidates = [found for found in reader.found if found.field == field]
            if candidates:
                best = min(candidates, key=lambda found: found.rank)
                proposals.append(_proposal(reader.document, best))
                break
    application_items = [(r, f) for r in readers
                         if r.document.kind is DocumentKind.IMR_APPLICATION for f in r.items]
    letter_items = [(r, f) for r in readers
                    if r.document.kind is DocumentKind.UR_DETERMINATION for f in r.items]
    seen: set[str] = set()
    for reader, found in application_items or letter_items:
        key = item_key(found.value["description"])
        if key not in seen:
            seen.add(key)
            proposals.append(_proposal(reader.document, found))
    return proposals


def _proposal(document: SourceDocument, found: _Found) -> Proposal:
    value = found.value
    if isinstance(value, list):
        value = list(value)
    elif isinstance(value, dict):
        value = dict(value)
    return Proposal(found.field, value, document.id, document.file_id, found.page, found.excerpt)


def source_documents(documents: Iterable[tuple[object, Sequence[tuple[int, str]]]]
                     ) -> list[SourceDocument]:
    """``SourceDocument``s from (record document, pages) pairs as the records store lists
    them; the record document needs ``.id``, ``.file_id`` and ``.kind``."""
    return [SourceDocument(kind=document.kind, id=document.id, file_id=document.file_id,
                           pages=tuple(pages)) for document, pages in documents]
