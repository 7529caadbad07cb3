"""Marks that machines and clerks put on a page, apart from what the page says.

- A fax machine stamps each page of a transmission with a line across its top
  (sometimes its foot): date and time, the sending number or name, and the
  page of the transmission ("10/14/2024 09:12 FAX 5551234567 P.003/012").
  That page number counts the transmission, not the document, so it must
  never be read as the document's own "Page 3 of 12"; and the stamp must not
  stand where a document's title is looked for.
- A document numbers its own pages in a footer or running header ("Page 2 of 5",
  "Page 2", "2/5", "- 2 -").
- A blank page (or "This page intentionally left blank") separates documents.

Everything here looks at a few lines at the top and foot of a page with
plain string tests before any regular expression, so it stays cheap on a
3,000-page packet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOP_LINES = 2  # a fax stamp is among the first lines of a page ...
FOOT_LINES = 2  # ... or the last
COUNTER_TOP, COUNTER_FOOT = 6, 4  # lines where a page counter is looked for
BLANK_CHARS = 20  # letters and digits a page needs to be more than a blank page

_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?", re.I)
_FAX_WORD = re.compile(r"\b(?:fax|facsimile|from|to\s*:|received|rcvd|sent|rightfax)\b|\bp\.\s*\d{2,4}\b",
                       re.I)
_PHONE = re.compile(r"\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b|\b1?\d{10}\b")
_FAX_PAGE = re.compile(r"\b(?:page|pg|p)\s*[.:#]?\s*0*(\d{1,4})(?:\s*(?:/|of)\s*0*(\d{1,4}))?\b", re.I)
_COUNTER = re.compile(r"\b(?:page|pg|p)\.?\s*(\d{1,3})(?:\s*(?:of|/)\s*(\d{1,3}))?\b", re.I)
_BARE_COUNTER = re.compile(r"^\W{0,3}(\d{1,3})\s*(?:of|/)\s*(\d{1,3})\W{0,3}$", re.I)
_DASHED_NUMBER = re.compile(r"^-\s*(\d{1,3})\s*-$")
_BLANK_NOTE = re.compile(r"(?:intentionally\s+)?(?:left\s+)?blank(?:\s+page)?", re.I)
_CONTINUED = re.compile(r"\bcontinued\b|\bcont(?:'d|inued|\.)|\(cont\b", re.I)


@dataclass(frozen=True)
class FaxStamp:
    """A fax transmission line: ``page``/``total`` of the transmission when printed, and
    ``key``, the line without its page mark (the same on every page of one transmission)."""

    page: int | None
    total: int | None
    key: str


@dataclass(frozen=True)
class PageCount:
    """A document's own page number, and its page total when printed ("Page 2 of 5")."""

    number: int
    total: int | None


def fax_stamp(line: str) -> FaxStamp | None:
    """The fax stamp this line is, or None.

    A stamp carries a clock time and either a fax word (FAX, From, To:, Received)
    or both a telephone number and a page mark; a signature line with a time
    ("signed ... at 9:12") has neither.
    """
    if ":" not in line or len(line) > 160:
        return None
    if not _CLOCK.search(line):
        return None
    page = _FAX_PAGE.search(line)
    if not (_FAX_WORD.search(line) or (page and _PHONE.search(line))):
        return None
    if page:
        number = int(page[1])
        total = int(page[2]) if page[2] else None
        key = line[:page.start()] + line[page.end():]
    else:
        number = total = None
        key = line
    return FaxStamp(number, total, " ".join(key.lower().split()))


def split_stamps(text: str) -> tuple[str, FaxStamp | None]:
    """The page's text without its fax stamp lines, and the stamp (the top one first)."""
    if ":" not in text:
        return text, None
    lines = text.split("\n")
    found: FaxStamp | None = None
    drop: list[int] = []
    top = _nonempty(lines, range(len(lines)), TOP_LINES)
    foot = _nonempty(lines, range(len(lines) - 1, -1, -1), FOOT_LINES)  # the last first
    for index in top + foot:
        if index in drop:
            continue
        stamp = fax_stamp(lines[index])
        if stamp is not None:
            drop.append(index)
            found = found or stamp
    if not drop:
        return text, None
    for index in sorted(drop, reverse=True):
        del lines[index]
    return "\n".join(lines), found


def _nonempty(lines: list[str], order: range, count: int) -> list[int]:
    """The indexes of the first ``count`` non-empty lines, taken in ``order``."""
    found = []
    for index in order:
        if lines[index].strip():
            found.append(index)
            if len(found) == count:
                break
    return found


def page_count(lines: list[str]) -> PageCount | None:
    """The page number a document prints in its running header or footer, or None.

    ``lines``: the page's non-empty lines, fax stamps removed. Only the first
    and last few lines are read; a "Page n" inside a sentence is not a counter.
    """
    candidates = lines[-COUNTER_FOOT:][::-1] + lines[:COUNTER_TOP]
    for line in candidates:
        low = line.lower()
        if len(low) > 120:
            continue
        if "p" in low:
            for found in _COUNTER.finditer(line):
                word = found.group(0).lower()
                if word.startswith("p") and not word.startswith(("page", "pg")) and "." not in word[:2]:
                    continue  # a bare "p 3" is too loose; "p. 3" and "pg 3" count
                if not found[2] and found.end() < len(line.rstrip()) - 2 and len(line) > 60:
                    continue  # "page 2" inside running text
                count = _counted(found[1], found[2])
                if count:
                    return count
        stripped = line.strip()
        if len(stripped) <= 12:
            bare = _BARE_COUNTER.match(stripped) or _DASHED_NUMBER.match(stripped)
            if bare:
                count = _counted(bare[1], bare[2] if bare.re is _BARE_COUNTER else None)
                if count:
                    return count
    return None


def _counted(number: str, total: str | None) -> PageCount | None:
    value = int(number)
    whole = int(total) if total else None
    if value < 1 or (whole is not None and (whole < value or whole > 999)):
        return None
    return PageCount(value, whole)


def is_blank(text: str) -> bool:
    """A page with (almost) nothing on it, or one that says it was left blank."""
    count = 0
    for char in text:
        if char.isalnum():
            count += 1
            if count >= BLANK_CHARS:
                break
    if count < BLANK_CHARS:
        return True
    stripped = text.strip()
    if len(stripped) > 80 or "blank" not in stripped.lower():
        return False
    words = re.sub(r"[^a-z ]", " ", stripped.lower()).split()
    return bool(_BLANK_NOTE.search(stripped)) and set(words) <= {
        "this", "page", "is", "intentionally", "left", "blank", "has", "been"}


def says_continued(lines: list[str]) -> bool:
    """The page's first lines say it continues something ("(continued)", "cont'd")."""
    return any("cont" in line.lower() and _CONTINUED.search(line) for line in lines)
