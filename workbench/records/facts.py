"""What a page says about itself: its date of service, its author or provider, a one-line gist.

Records state these in a handful of ways ("Date of Service: 04/15/2015",
"DOS 4/15/15", "Exam date: April 15, 2015"; "Provider: Jane Smith, M.D.",
"Electronically signed by ..."). Labelled values win over loose ones, and
dates of birth or injury are never taken for a date of service. Dates are
parsed by python-dateutil; only the patterns that find candidates are ours.
Runs in the reading child process, page by page, so it must stay cheap.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
DATE = (rf"(?:\d{{1,2}}[/-]\d{{1,2}}[/-](?:\d{{4}}|\d{{2}})(?!\d)|\d{{4}}-\d{{2}}-\d{{2}}|"
        rf"{_MONTH}[.,]?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*|\s+)\d{{4}}|\d{{1,2}}\s+{_MONTH}\.?,?\s+\d{{4}})")
# ("Jan, 10, 2017" and "Jan. 23,2019" are how OCR often reads "Jan. 10, 2017" and "Jan. 23, 2019".)
# Python's regular expressions are slow when they must be tried at every
# character, so each rule starts from a word found by plain string search
# (on the lower-cased text) and is then matched right there.
_LABEL_WORDS = ("date", "dos", "d.o.s", "dictated")
# What stands right before "date" or right after "date of": the most specific first.
_SERVICE_WORDS = [
    {"service"},
    {"visit", "exam", "examination", "evaluation", "surgery", "operation", "procedure", "study",
     "injection", "treatment", "consultation", "determination", "decision", "report",
     "dispensing", "fill", "dispense", "encounter", "seen", "signed"},
]
_EXCLUDED_WORDS = {"birth", "injury", "hire", "received", "receipt", "fax", "faxed", "printed",
                   "request", "requested", "transcribed", "transcription", "admission", "b", "i"}
_LABEL_AT = re.compile(
    rf"(?:date(?:\s+of\s+(?P<what>[a-z]+))?|d\.?o\.?s\.?|dictated(?:\s+on)?)"
    rf"(?:\s+(?:on|seen|signed))?\s*[:;#-]?\s*(?P<date>{DATE})")  # ";": a colon as OCR may read it
_WORD_BEFORE = re.compile(r"([a-z]+)\W{0,3}$")
_DATE_AT = re.compile(DATE)
_DATE_START = re.compile(rf"\d|{_MONTH}\b")
_NOT_SERVICE = re.compile(r"(?:birth|d\.?o\.?b\.?|injury|d\.?o\.?i\.?|hire|received|faxed|"
                          r"printed|requested)\W{0,3}$")

_CREDENTIAL = (r"(?:M\.?D\.?|D\.?O\.?|D\.?C\.?|P\.?T\.?|DPT|PA-C|N\.?P\.?|FNP(?:-C)?|DPM|"
               r"Ph\.?D\.?|Psy\.?D\.?|L\.?Ac\.?|OTR(?:/L)?|R\.?Ph\.?|Pharm\.?D\.?|MPT|ATC)")
# The credentials a signature ends with; public for the rules that look for signatures.
CREDENTIAL = _CREDENTIAL
_NAME = r"(?:Dr\.?\s+)?[A-Z][A-Za-z'\-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][A-Za-z'\-]+){1,2}"
# A provider label ends in one of these words and is followed by a colon ("by" needs none).
_BY_WORDS = ("signed by", "dictated by", "interpreted by", "read by", "reported by", "prepared by")
_PROVIDER_WORDS = ("physician", "provider", "examiner", "evaluator", "surgeon", "radiologist",
                   "therapist", "author", "prescriber", "reviewer", "advisor", "attending") + _BY_WORDS
_LAST_FIRST = r"[A-Z][A-Za-z'\-]+,\s+[A-Z][A-Za-z'\-]+(?:\s+[A-Z]\.)?"  # "Smith, Jane"
_NAME_AFTER = re.compile(  # the colon may be read as a semicolon by OCR
    rf"\s*[:;]\s*(?P<name>(?:{_LAST_FIRST}\s+{_CREDENTIAL}(?![A-Za-z])|"
    rf"{_NAME}(?:,?\s+{_CREDENTIAL}(?:,\s*{_CREDENTIAL})*)?))")
_NAME_AFTER_BY = re.compile(
    rf"\s*:?\s*(?P<name>{_NAME}(?:,?\s+{_CREDENTIAL}(?:,\s*{_CREDENTIAL})*)?)")
_NOT_THE_AUTHOR = re.compile(r"(?:referring|requesting|ordering|primary\s+care|cc)\W{0,3}$")
_SIGNATURE_LINE = re.compile(rf"(?P<name>{_NAME},?\s+{_CREDENTIAL}(?:,\s*{_CREDENTIAL})*)\W*$")
SIGNATURE_CHARS, SIGNATURE_LINES = 600, 8
_CREDENTIAL_AFTER_NAME = re.compile(rf", ?{_CREDENTIAL}(?![A-Za-z])")
_NAME_BEFORE = re.compile(rf"(?P<name>{_NAME})$")
# Section headings whose text sums a page up; the first list is preferred.
_HEADING_NAMES = [
    r"impression|assessment(?:\s+and\s+plan)?|diagnos[ie]s|findings|conclusions?|"
    r"procedures?(?:\s+performed)?|determination|decision|operation\s+performed",
    r"plan|recommendations?|request(?:ed)?(?:\s+treatment)?|chief\s+complaint|"
    r"subjective(?:\s+complaints)?|reason\s+for\s+(?:visit|referral|request)|medications?|"
    r"summary|re",
]
_HEADINGS = [re.compile(rf"^\s*(?:{names})\s*:\s*(?P<rest>.*)$", re.I | re.M)
             for names in _HEADING_NAMES]
_LABEL_LINE = re.compile(r"^[\w .,'/#()-]{1,40}:\s*\S{0,40}$")
EXCERPT_CHARS = 160
# Dates of service and authors stand in a page's header or at its signature:
# looking only there keeps the rules cheap on a 2,000-page file.
HEAD_CHARS, TAIL_CHARS = 1200, 800


@dataclass(frozen=True)
class PageFacts:
    service_date: dt.date | None
    provider: str | None


_NUMERIC_DATE = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})$|(\d{4})-(\d{2})-(\d{2})$")


_NAMED_DATE = re.compile(r"([a-z]{3,9})[.,]?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(\d{4})$|"
                         r"(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})$", re.I)
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def parse_date(text: str) -> dt.date | None:
    """A date as records write it (US month-first), or None when it is not a plausible one.

    The numeric forms that fill most pages, and "April 15, 2015" or "15 Apr 2015",
    are read directly; anything else goes to python-dateutil.
    """
    numeric = _NUMERIC_DATE.match(text)
    named = None if numeric else _NAMED_DATE.match(text)
    try:
        if numeric and numeric[1]:
            year = int(numeric[3])
            if len(numeric[3]) == 2:  # a record's two-digit year is not in the future
                year += 2000 if 2000 + year <= dt.date.today().year + 1 else 1900
            value = dt.date(year, int(numeric[1]), int(numeric[2]))
        elif numeric:
            value = dt.date(int(numeric[4]), int(numeric[5]), int(numeric[6]))
        elif named and _MONTHS.get((named[1] or named[5])[:3].lower()):
            month = _MONTHS[(named[1] or named[5])[:3].lower()]
            value = dt.date(int(named[3] or named[6]), month, int(named[2] or named[4]))
        else:
            from dateutil import parser as date_parser  # loaded only if a page needs it

            value = date_parser.parse(text, dayfirst=False, fuzzy=False).date()
    except (ValueError, OverflowError):
        return None
    return value if 1950 <= value.year <= 2100 else None


def service_date(text: str) -> dt.date | None:
    """The labelled date of service on a page: the most specific label, then the first."""
    low = text.lower()
    best: tuple[int, int, dt.date] | None = None
    for word in _LABEL_WORDS:
        if word not in low:
            continue
        for position in _occurrences(low, word):
            candidate = _labelled(low, position)
            if candidate and (best is None or candidate[:2] < best[:2]):
                best = candidate
    return best[2] if best else None


def _labelled(low: str, position: int) -> tuple[int, int, dt.date] | None:
    if position and low[position - 1].isalnum():
        return None
    match = _LABEL_AT.match(low, position)
    if not match:
        return None
    before = _WORD_BEFORE.search(low, max(0, position - 16), position)
    words = {match["what"], before.group(1) if before else None} - {None}
    if words & _EXCLUDED_WORDS or (match["what"] and match["what"] not in _SERVICE_WORDS[0]
                                   | _SERVICE_WORDS[1]):
        return None
    value = parse_date(match["date"])
    if value is None:
        return None
    if low.startswith(("dos", "d.o.s"), position) or words & _SERVICE_WORDS[0]:
        rank = 0
    elif words & _SERVICE_WORDS[1] or low.startswith("dictated", position):
        rank = 1
    else:
        rank = 2
    return rank, position, value


def first_date(text: str) -> dt.date | None:
    """The first plausible date not said to be a birth, injury or fax date: a fallback."""
    low = text.lower()
    for match in _DATE_AT.finditer(low):
        if _NOT_SERVICE.search(low, max(0, match.start() - 24), match.start()):
            continue
        value = parse_date(match.group(0))
        if value is not None:
            return value
    return None


def provider(text: str) -> str | None:
    """The labelled author or provider ("Provider: ..."), else a "Name, M.D." signature."""
    labelled = labelled_provider(text)
    if labelled:
        return labelled
    for credential in _CREDENTIAL_AFTER_NAME.finditer(text):
        found = _NAME_BEFORE.search(text, max(0, credential.start() - 60), credential.start())
        if found:
            return _clean_name(text[found.start():credential.end()])
    return None


def labelled_provider(text: str) -> str | None:
    """The author or provider a label names ("Provider: ...", "Electronically signed by ..."),
    written "First Last, M.D." or "Last, First M.D."; a referring, requesting or ordering
    physician is someone else, not the page's author."""
    low = text.lower()
    if len(low) != len(text):  # positions in the lower-cased text must be positions in the text
        return None
    labels = sorted((position + len(word), position, word) for word in _PROVIDER_WORDS if word in low
                    for position in _occurrences(low, word))
    for end, start, word in labels:
        if _NOT_THE_AUTHOR.search(low, max(0, start - 14), start):
            continue
        after = _NAME_AFTER_BY if word.endswith(" by") else _NAME_AFTER
        found = after.match(text, end)
        if found:
            return _clean_name(found["name"])
    return None


def signature(text: str) -> str | None:
    """Who signed the page at its foot: "Electronically signed by ...", "Dictated by: ...",
    or a name with a credential on a line of its own among the last lines."""
    foot = text[-SIGNATURE_CHARS:]
    low = foot.lower()
    if len(low) == len(foot):
        for word in _BY_WORDS:
            position = low.rfind(word)
            if position != -1:
                found = _NAME_AFTER_BY.match(foot, position + len(word))
                if found:
                    return _clean_name(found["name"])
    for line in reversed(foot.split("\n")[-SIGNATURE_LINES:]):
        line = line.strip()
        if ":" in line or len(line.split()) > 6:
            continue
        found = _SIGNATURE_LINE.match(line)
        if found:
            return _clean_name(found["name"])
    return None


def _occurrences(text: str, word: str):
    """Where ``word`` starts in ``text``, each place (a generator; the callers test ``word in
    text`` first, which is cheaper when, as mostly, it is not there)."""
    position = text.find(word)
    while position != -1:
        yield position
        position = text.find(word, position + 1)


def _clean_name(name: str) -> str:
    return " ".join(name.split()).rstrip(",")


def page_facts(text: str) -> PageFacts:
    """The date of service and provider a page states in its header or signature."""
    text = head_and_foot(text)
    return PageFacts(service_date(text), provider(text))


def head_and_foot(text: str) -> str:
    """The part of a page ``page_facts`` reads: its first HEAD_CHARS and last TAIL_CHARS
    characters (the whole page when it is short)."""
    if len(text) > HEAD_CHARS + TAIL_CHARS:
        return text[:HEAD_CHARS] + "\n" + text[-TAIL_CHARS:]
    return text


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """One line that tells what a page is about: its impression, assessment or plan if stated."""
    heading = _heading(text)
    if heading:
        rest = heading["rest"].strip()
        following = text[heading.end():].lstrip("\n").split("\n", 1)[0]
        line = f"{heading.group(0).split(':', 1)[0].strip().capitalize()}: {rest or following}"
    else:
        lines = text.split("\n")
        line = next((x for x in lines if len(x) >= 40 and _sentence_like(x)),
                    next((x for x in lines if x.strip()), ""))
    line = " ".join(line.split())
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def _sentence_like(line: str) -> bool:
    line = " ".join(line.split())
    return len(line) >= 40 and not _LABEL_LINE.match(line)


def _heading(text: str) -> re.Match[str] | None:
    """The first heading of the preferred kind, tried only on lines with a colon
    (every heading has one), which is most of the time none or a few."""
    starts = []
    colon = text.find(":")
    while colon != -1:
        start = text.rfind("\n", 0, colon) + 1
        if not text[start:colon].strip():  # the colon opens its line: the name is above it
            start = text.rfind("\n", 0, len(text[:start].rstrip())) + 1
        starts.append(start)
        end = text.find("\n", colon)
        colon = text.find(":", end) if end != -1 else -1
    for pattern in _HEADINGS:
        for start in starts:
            found = pattern.match(text, start)
            if found:
                return found
    return None
