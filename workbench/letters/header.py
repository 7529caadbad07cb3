"""The case header on page 1 of a letter: what it prints, where in the case it comes from,
and reading it back from whatever text a letter file gives.

Published letters open with a table of the case's particulars above the first
section heading (see ``docs/letter-header.md``)::

    Case Number:    CM16-0221706
    Date Assigned:  11/23/2016     Date of Injury:        10/16/2016
    Decision Date:  12/21/2016     UR Denial Date:        10/20/2016
    Priority:       Standard       Application Received:  11/15/2016

Every value already has one home in the case, so nothing is stored twice:

============================  ===============================================
Case Number                   ``Case.case_number``
Date Assigned                 ``Case.received_on`` (the day the IRO got the case)
Date of Injury                ``Case.summary_form["injury_date"]`` (ISO date, or
                              free text printed as it is)
Decision Date                 ``Case.decided_on``
UR Denial Date                ``Case.ur_decision_on``
Priority                      ``Case.review_type`` (the template's word for it)
Application Received          ``Case.application_received_on``
============================  ===============================================

Dates print as MM/DD/YYYY; an unknown value prints an empty cell.

Reading back copes with the orders text extractors put a table in: row by
row (PDFium, ``pdftotext -layout``, DOCX cells, the TXT export), column by
column (``pdftotext`` without ``-layout``: four labels, their four values,
three labels, their three values), a wrapped label with its value between the
two halves ("Application 11/15/2016 Received:"), and labels glued to the
value before them ("CM16-0221706Date Assigned:").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from workbench.case import Case, ReviewType
from workbench.letters.template import Template
from workbench.summary.form import parse_day

# The fields in the order the rows print them, left cell before right cell.
HEADER_KEYS = ("case_number", "date_assigned", "date_of_injury", "decision_date",
               "ur_denial_date", "priority", "application_received")
# Rows of the table, each one or two cells (label and value).
HEADER_LAYOUT: tuple[tuple[str, ...], ...] = (
    ("case_number",),
    ("date_assigned", "date_of_injury"),
    ("decision_date", "ur_denial_date"),
    ("priority", "application_received"),
)
INJURY_DATE = "injury_date"  # the summary form's key for the date of injury

_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{2}(?:\d{2})?$")
_CASE_NUMBER = re.compile(r"^[A-Z]{2}\d{2}-\d{4,}$")


@dataclass(frozen=True)
class HeaderCell:
    """One label and its value as the table prints them (``value`` may be empty)."""

    key: str
    label: str
    value: str


def print_date(day: dt.date | None) -> str:
    """MM/DD/YYYY, as the letters print dates; "" for None."""
    return f"{day.month:02d}/{day.day:02d}/{day.year}" if day else ""


def injury_text(case: Case) -> str:
    """The date of injury as the header prints it, from the summary form.

    The form keeps an ISO date, or free text an older case or a reviewer wrote
    ("cumulative trauma 2010-2014"), which prints unchanged.
    """
    value = case.summary_form.get(INJURY_DATE)
    if value is None or value == "":
        return ""
    text = str(value).strip()
    day = parse_day(text)
    return print_date(day) if day else text


def header_values(case: Case, template: Template) -> dict[str, str]:
    """The text each header cell prints for ``case``, by key ("" where the case has none)."""
    return {
        "case_number": case.case_number or "",
        "date_assigned": print_date(case.received_on),
        "date_of_injury": injury_text(case),
        "decision_date": print_date(case.decided_on),
        "ur_denial_date": print_date(case.ur_decision_on),
        "priority": template.priorities.get(case.review_type, case.review_type.value.title()),
        "application_received": print_date(case.application_received_on),
    }


def header_rows(case: Case, template: Template) -> list[list[HeaderCell]]:
    """The header table: four rows of one or two cells, in ``HEADER_LAYOUT``'s order."""
    values = header_values(case, template)
    return [[HeaderCell(key, template.header_labels[key], values[key]) for key in row]
            for row in HEADER_LAYOUT]


@dataclass
class HeaderReading:
    """What a header said: printed text by key (only keys found), and the words left over."""

    values: dict[str, str] = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)


_INNER = r"\d{1,2}/\d{1,2}/\d{2,4}"


def _label_pattern(key: str, label: str) -> str:
    """A label's words with any spacing between them, and room for the one date a wrapped
    label cell lets in between its words in layout text ("Application 11/15/2016 Received:")."""
    words = [re.escape(word) for word in label.split()]
    pattern = words[0]
    for number, word in enumerate(words[1:], start=1):
        pattern += rf"\s+(?:(?P<{key}_inner{number}>{_INNER})\s+)?{word}"
    return pattern


@cache
def _label_regex(labels: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    alternatives = []
    for key, label in labels:
        pattern = _label_pattern(key, label)
        if key == "case_number":
            pattern = r"(?:IMR\s+)?" + pattern  # the running header's wording, and 2013's
        alternatives.append(f"(?P<{key}>{pattern})")
    return re.compile("|".join(alternatives))


def _fits(key: str, value: str, template: Template) -> bool:
    """Whether ``value`` can be what the cell ``key`` printed."""
    if key == "case_number":
        return len(value.split()) == 1
    if key == "priority":
        return _priority(value, template) is not None
    if key == "date_of_injury":
        return True  # free text is kept
    return bool(_DATE.match(value))


def _priority(word: str, template: Template) -> ReviewType | None:
    for review_type, printed in template.priorities.items():
        if word.strip().lower() == printed.lower():
            return review_type
    return None


def read_header(text: str, template: Template) -> HeaderReading:
    """Find the header's labels in ``text`` (everything before the first heading) and
    give each its value; whatever is neither label nor value goes to ``unplaced``."""
    regex = _label_regex(tuple((key, template.header_labels[key]) for key in HEADER_KEYS))
    labels: list[str] = []  # keys in text order
    segments: list[list[str]] = []  # the words after each label, up to the next
    leading: list[str] = []
    position = 0
    for match in regex.finditer(text):
        between = text[position:match.start()].split()
        (segments[-1] if segments else leading).extend(between)
        key = next(k for k in HEADER_KEYS if match.group(k))
        labels.append(key)
        inner = [v for name, v in match.groupdict().items()
                 if v and name.startswith(f"{key}_inner")]
        segments.append(inner)
        position = match.end()
    (segments[-1] if segments else leading).extend(text[position:].split())
    reading = HeaderReading(unplaced=[" ".join(leading)] if leading else [])
    if not labels:
        return reading
    fitting = all(not words or _fits(key, " ".join(words), template)
                  for key, words in zip(labels, segments))
    # Column by column leaves labels without values and runs of values after others.
    columns = any(not words for words in segments) and any(len(words) > 1 for words in segments)
    if fitting or not columns:
        # Row by row: each label's value follows it (one that does not fit its field is
        # reported when the case takes the values).
        for key, words in zip(labels, segments):
            if words:
                reading.values[key] = " ".join(words)
        return reading
    # Column by column: values come in runs after runs of labels, each kind in label order.
    tokens = [word for words in segments for word in words]
    used = [False] * len(tokens)

    def take(key: str, test) -> None:
        for index, token in enumerate(tokens):
            if not used[index] and test(token):
                used[index] = True
                reading.values[key] = token
                return

    for key in labels:
        if key == "case_number":
            take(key, lambda t: bool(_CASE_NUMBER.match(t)))
        elif key == "priority":
            take(key, lambda t: _priority(t, template) is not None)
        else:
            take(key, lambda t: bool(_DATE.match(t)))
    left = [token for token, done in zip(tokens, used) if not done]
    if left:
        reading.unplaced.append(" ".join(left))
    return reading


def apply_header(reading: HeaderReading, case: Case, template: Template) -> list[str]:
    """Put what a header said into ``case``; returns the cells (label and value) that did not
    fit their field, for the reader's ``unplaced``."""
    misfits: list[str] = []
    for key, value in reading.values.items():
        if key == "case_number":
            case.case_number = value
        elif key == "priority":
            review_type = _priority(value, template)
            if review_type is None:
                misfits.append(f"{template.header_labels[key]} {value}")
            else:
                case.review_type = review_type
        elif key == "date_of_injury":
            day = parse_day(value) if _DATE.match(value) else None
            case.summary_form[INJURY_DATE] = day.isoformat() if day else value
        else:
            day = parse_day(value) if _DATE.match(value) else None
            if day is None:
                misfits.append(f"{template.header_labels[key]} {value}")
                continue
            name = {"date_assigned": "received_on", "decision_date": "decided_on",
                    "ur_denial_date": "ur_decision_on",
                    "application_received": "application_received_on"}[key]
            setattr(case, name, day)
    return misfits
