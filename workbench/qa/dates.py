"""Dates as letters and records write them: found in a field's text, and searched for.

A rationale writes "04/15/2015", "4/15/15", "04-15-2015" or "April 15, 2015";
a record may write the same day another way, so a day is searched in all of
them (``search_forms``). Month-and-year mentions ("03/2016", "March 2016")
are found too but are too loose to search for.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = ("january february march april may june july august september october november "
           "december").split()
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-])")
_ISO = re.compile(r"(?<![\d/-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_WRITTEN = re.compile(rf"\b({_MONTH_NAME})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b",
                      re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    day: dt.date


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _month(name: str) -> int | None:
    name = name.lower().rstrip(".")[:3]
    return next((n for n, month in enumerate(_MONTHS, 1) if month.startswith(name)), None)


def find_dates(text: str) -> list[FoundDate]:
    """Full dates in ``text`` (month, day and year), in order; impossible ones skipped."""
    found: list[FoundDate] = []
    for match in _NUMERIC.finditer(text):
        _add(found, match, _year(match[4]), int(match[1]), int(match[3]))
    for match in _ISO.finditer(text):
        _add(found, match, int(match[1]), int(match[2]), int(match[3]))
    for match in _WRITTEN.finditer(text):
        month = _month(match[1])
        if month:
            _add(found, match, int(match[3]), month, int(match[2]))
    found.sort(key=lambda f: f.start)
    return found


def _add(found: list[FoundDate], match: re.Match[str], year: int, month: int, day: int) -> None:
    try:
        found.append(FoundDate(match.start(), match.end(), dt.date(year, month, day)))
    except ValueError:
        pass


def search_forms(day: dt.date) -> tuple[str, ...]:
    """The ways a record may write ``day``, as phrases for ``CaseRecords.mentions``."""
    month, date, year = day.month, day.day, day.year
    short = year % 100
    name = _MONTHS[month - 1]
    return (f"{month:02d} {date:02d} {year}", f"{month} {date} {year}",
            f"{month:02d} {date:02d} {short:02d}", f"{month} {date} {short:02d}",
            f"{year} {month:02d} {date:02d}", f"{name} {date} {year}",
            f"{name[:3]} {date} {year}")
