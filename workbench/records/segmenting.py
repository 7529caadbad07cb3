"""Finding the documents inside a case packet: where each one starts, what it is, whose and when.

A case file arrives as a few packets of hundreds or thousands of pages, each
holding many documents. Every page is read once for the marks that tell a
records clerk where a new document begins (``read_page``), then each page
after the first is weighed against the document open before it:

- a new start: a fax cover sheet (a document of its own, so the page after it
  starts one too); a title at the top of the page; a letterhead, or a block of
  the patient's particulars (patient, date of injury, claim number), that was
  not at the top of the previous page; the document's own counter at 1 ("Page
  1 of 3", "1/3"); the previous page's counter at its last page; a new fax
  transmission; a date of service or an author other than the open
  document's; a signature at the foot of the previous page; a blank page
  before; the first page of the open document seen again (a copy);
- a continuation: the counter past 1 and following on from the previous page's
  ("Page 2" after "Page 1"), "(continued)", the previous page's counter short
  of its total or its "continued on next page", the same date of service as
  the open document.

Fax stamps are the fax machine's, not the document's: their page numbers count
the transmission, and they are taken off before a title or counter is looked
for (``page_marks``).

Each mark has a weight (the constants below); a page starts a document when
its weights add up to ``START_SCORE``. No single weak mark (a new date, a
signature) is enough alone, since a report's records review lists dates and
names on pages that continue it.

Blank pages (nothing but a fax stamp, or "This page intentionally left
blank") never start a document: a blank page belongs to the document before
it, and makes the page after it more likely a start. The reviewer's
corrections (``starts``) come last and always win.

Pure: text in, documents out, no database and no Qt. Linear in the pages;
each page is read at its top and foot with string tests before regular
expressions (about 0.2 ms a page, 0.6 s of CPU for a 3,000-page packet;
``bench/packets.py`` prints the figure).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from workbench.records import facts
from workbench.records.classify import classify_pages, heading_like, letterhead_end, title_kind
from workbench.records.kinds import DocumentKind
from workbench.records.page_marks import (FaxStamp, PageCount, is_blank, page_count, says_continued,
                                          split_stamps)

# Weights of the marks; a page whose marks add up to START_SCORE starts a document.
START_SCORE = 4
SURE = 100  # a fax cover sheet, and the page after one
TITLE = 5  # a title at the top of the page
TITLE_REPEATED = 1  # ... that the previous page also showed at its top (a running title)
LETTERHEAD = 5  # a letterhead not at the top of the previous page
FIELDS = 3  # a block of the patient's and claim's particulars heading the page, new there
COUNT_FIRST = 6  # "Page 1 of 3"
COUNT_LATER = -8  # "Page 2 of 3" after "Page 1 of 3" (less when it does not follow on)
CONTINUED = -6  # "(continued)" at the top
PREVIOUS_ENDED = 4  # the previous page was the last its counter announced ("Page 3 of 3")
PREVIOUS_UNFINISHED = -3  # the previous page's counter announced more pages, and this page has none
PREVIOUS_SAYS_MORE = -4  # "continued on next page" at the previous page's foot
NEW_TRANSMISSION = 5  # another fax transmission, or page 1 of one
STAMP_CHANGE = 2  # a stamped page after an unstamped one, or the other way round
OTHER_DATE = 2  # a date of service at the top other than the open document's
SAME_DATE = -1
OTHER_AUTHOR = 1  # an author named at the top other than the open document's
SIGNED_OFF = 2  # a signature or closing at the foot of the previous page
AFTER_BLANK = 2  # a blank page before
COPY = 5  # the open document's first page again

TOP_LINES = 12  # non-empty lines at the top of a page read for its date and author
FIELD_LINES = 8  # ... and for a heading block of particulars, and to compare with the previous page
NEW_TITLE_LINES = 9  # a title this far down the page still opens it
FOOT_LINES = 7  # non-empty lines at the foot read for a signature
FINGERPRINT_CHARS = 400  # of a page's opening, to recognise a copy
SAME_TRANSMISSION = 85  # fax stamps at least this alike (0-100) are one transmission
SAME_COPY = 90  # page openings at least this alike are the same page

_SIGNED = re.compile(r"electronically\s+signed|\bsigned\s+by\b|\bsincerely\b|\brespectfully\b|"
                     r"truly\s+yours|dictated\s+but\s+not|penalty\s+of\s+perjury|\bsignature\b|_{6,}|"
                     r"\bsigned\s*:|\bthank\s+you\s+for", re.I)
_SIGNED_WORDS = ("sign", "sincerely", "respectfully", "truly", "dictated", "perjury", "______",
                 "thank")
_NAME_CREDENTIAL = re.compile(rf"[A-Z][A-Za-z'.-]+,?\s+{facts.CREDENTIAL}\W*$")
_CREDENTIAL_ENDS_LINE = re.compile(rf"{facts.CREDENTIAL}\W*$", re.M)  # on every line _NAME_CREDENTIAL finds
_MORE_FOLLOWS = re.compile(r"continued\s+on\s+(?:the\s+)?next\s+page|\(?continued\)?\s*$|over\s*$|"
                           r"cont(?:inued|'d)\s+on\s+p", re.I)
_FACILITY = re.compile(r"\b(?:medical\s+group|medical\s+center|cent(?:er|re)|clinic|hospital|institute|"
                       r"associates|group|imaging|radiology|therap\w+|rehab\w*|chiropractic|pharmacy|drug|"
                       r"laborator\w+|lab|services|orthopa?edics?|neurology|health|medicine|llp|inc|"
                       r"evaluations?|law\s+offices?|attorneys?|management)\b", re.I)
_FIELD = re.compile(r"(?:patient(?:\s+name)?|name|employee|applicant|claimant|d\.?o\.?b\.?|date\s+of\s+"
                    r"(?:birth|injury|service|visit|exam\w*|evaluation)|d\.?o\.?[is]\.?|visit\s+date|"
                    r"claim\s*(?:no\.?|number|#)?|employer|account|mrn)\s*[:#]", re.I)
_SEPARATORS = re.compile(r"\s+[|*\u2022\u00b7]\s+|\s{3,}")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_ASCII_NON_WORD = str.maketrans({code: " " for code in range(128) if _NON_WORD.match(chr(code))})
_ASCII_NON_WORD_LINES = {code: space for code, space in _ASCII_NON_WORD.items() if code != ord("\n")}
_A_DATE = re.compile(facts.DATE, re.I)


@dataclass(frozen=True)
class FoundDocument:
    """One document found in a file: its pages (1-based, inclusive), kind and particulars.

    ``service_date``: the report's own date (date of service, report date or
    decision date); ``first_date``/``last_date``: the earliest and latest dates of
    service its pages state; ``author`` as the page states it ("Jane Smith, M.D.");
    ``facility``: the letterhead or practice name when one heads its first page.
    """

    first_page: int
    last_page: int
    kind: DocumentKind
    service_date: dt.date | None
    first_date: dt.date | None
    last_date: dt.date | None
    author: str | None
    facility: str | None


@dataclass(frozen=True)
class PageSignals:
    """What one page shows that bears on where documents start.

    ``body``: the text without fax stamp lines; ``lines``: its non-empty lines;
    ``title``: the kind its title names (``title_line`` the line, normalised);
    ``date``/``author``: labelled at the top of the page; ``signed_off``: a
    signature or closing at its foot; ``more_follows``: its foot says the
    document goes on; ``top``: its first lines, normalised, to tell a running
    header from a new one; ``fingerprint``: its opening, normalised; ``fields``:
    its heading block of the patient's particulars, normalised (empty without one).
    """

    body: str
    lines: tuple[str, ...]
    blank: bool
    stamp: FaxStamp | None
    count: PageCount | None
    continued: bool
    title: DocumentKind | None
    title_line: str | None
    fax_cover: bool
    facility: str | None
    letterhead: bool
    date: dt.date | None
    author: str | None
    signed_off: bool
    more_follows: bool
    top: frozenset[str]
    fingerprint: str
    fields: frozenset[str]


def read_page(text: str) -> PageSignals:
    """The marks of one page (its text layer or OCR text; empty for a blank page)."""
    body, stamp = split_stamps(text or "")
    lines = tuple(filter(None, map(str.strip, body.split("\n"))))  # the non-empty lines, stripped
    if is_blank(body):
        return PageSignals(body=body, lines=lines, blank=True, stamp=stamp, count=None, continued=False,
                           title=None, title_line=None, fax_cover=False, facility=None, letterhead=False,
                           date=None, author=None, signed_off=False, more_follows=False, top=frozenset(),
                           fingerprint="", fields=frozenset())
    top = list(lines[:TOP_LINES])
    count = page_count(list(lines))
    head_end = letterhead_end(top)
    titled = title_kind(top, within=NEW_TITLE_LINES, letterhead=head_end)
    title, title_at = titled if titled else (None, None)
    facility = _facility(top, head_end)
    top_text = "\n".join(top)
    normals = _normals(top[:NEW_TITLE_LINES])  # of the lines a title or a heading block stands on
    foot = lines[-FOOT_LINES:]
    return PageSignals(
        body=body, lines=lines, blank=False, stamp=stamp, count=count,
        continued=says_continued(top[:4]),
        title=title, title_line=normals[title_at] if title_at is not None else None,
        fax_cover=title is DocumentKind.FAX_COVER or _looks_like_fax_cover(body, top_text),
        facility=facility, letterhead=head_end > 0,
        date=facts.service_date(top_text), author=facts.labelled_provider(top_text),
        signed_off=_signs_off(foot),
        more_follows=bool(foot) and bool(_MORE_FOLLOWS.search(foot[-1])),
        top=frozenset(normals[:FIELD_LINES]),
        fingerprint=_normal(body[:FINGERPRINT_CHARS]), fields=_fields(top[:FIELD_LINES], normals))


def find_documents(pages: Sequence[str], *, starts: Mapping[int, bool] | None = None) -> list[FoundDocument]:
    """The documents in a file, in order, covering every page exactly once.

    ``pages[i]`` is the text of page i+1. ``starts`` holds the reviewer's
    corrections by page number (1-based): True makes a document start at that
    page, False keeps the page with the document before it. Page 1 always
    starts the first document. Raises ValueError for a correction naming a page
    the file does not have.
    """
    corrections = dict(starts or {})
    for number in corrections:
        if not 1 <= number <= len(pages):
            raise ValueError(f"page {number} is not a page of this file (1-{len(pages)})")
    if not pages:
        return []
    signals = [read_page(text) for text in pages]
    firsts = [1]
    opened = signals[0]  # the open document's first page with text (its first page until then)
    opened_date = signals[0].date
    opened_author = signals[0].author
    previous_text = 0 if not signals[0].blank else None  # the last page with text (index)
    for index in range(1, len(signals)):
        page = signals[index]
        forced = corrections.get(index + 1)
        if forced is not None:
            begins = forced
        elif page.blank or opened.blank:
            begins = False  # blank pages open nothing, and a file's leading blanks open its first document
        else:
            begins = _score(page, signals[index - 1], signals[previous_text] if previous_text is not None
                            else None, opened, opened_date, opened_author) >= START_SCORE
        if begins or (opened.blank and not page.blank):
            opened, opened_date, opened_author = page, page.date, page.author
            if begins:
                firsts.append(index + 1)
        else:
            opened_date = opened_date or page.date
            opened_author = opened_author or page.author
        if not page.blank:
            previous_text = index
    bounds = zip(firsts, firsts[1:] + [len(pages) + 1])
    return [_document(signals, first, following - 1) for first, following in bounds]


def _score(page: PageSignals, before: PageSignals, last_text: PageSignals | None, opened: PageSignals,
           opened_date: dt.date | None, opened_author: str | None) -> int:
    """How strongly ``page`` starts a document, after ``before`` (the page just before it,
    maybe blank) and ``last_text`` (the last page with text), in the document ``opened``."""
    if page.fax_cover or (last_text is not None and last_text.fax_cover):
        return SURE
    score = 0
    if page.count is not None:
        score += _counted(page.count, last_text.count if last_text is not None else None)
    if page.continued:
        score += CONTINUED
    if last_text is not None:
        counted = last_text.count
        if counted is not None and counted.total is not None:
            if counted.number == counted.total:
                score += PREVIOUS_ENDED
            elif page.count is None:
                score += PREVIOUS_UNFINISHED
        if last_text.more_follows:
            score += PREVIOUS_SAYS_MORE
        if last_text.signed_off:
            score += SIGNED_OFF
    if page.title is not None:
        score += TITLE_REPEATED if page.title_line in before.top else TITLE
    if page.letterhead and page.facility and _normal(page.lines[0]) not in before.top:
        score += LETTERHEAD
    if page.fields and not page.fields <= before.top:
        score += FIELDS
    score += _transmission(page.stamp, before.stamp)
    if page.date is not None and opened_date is not None:
        score += OTHER_DATE if page.date != opened_date else SAME_DATE
    if page.author and opened_author and _surname(page.author) != _surname(opened_author):
        score += OTHER_AUTHOR
    if before.blank:
        score += AFTER_BLANK
    if opened.fingerprint and page is not opened and \
            fuzz.ratio(page.fingerprint, opened.fingerprint) >= SAME_COPY:
        score += COPY
    return score


def _counted(count: PageCount, before: PageCount | None) -> int:
    """What a page's own counter says, read against the previous page's: "Page 1" starts a
    document; "Page n" continues one when the previous page was n-1 (or, without a counter,
    when n is 2). A later number that does not follow on (an OCR misreading, a page missing)
    says less."""
    if count.number == 1:
        return COUNT_FIRST
    if before is not None:
        follows = before.number == count.number - 1 and (before.total is None or count.total is None
                                                         or before.total == count.total)
        return COUNT_LATER if follows else 0
    return COUNT_LATER if count.number == 2 else COUNT_LATER // 2


def _transmission(stamp: FaxStamp | None, before: FaxStamp | None) -> int:
    """What the fax stamps of two pages in a row say: one transmission, or two."""
    if stamp is None and before is None:
        return 0
    if stamp is None or before is None:
        return STAMP_CHANGE
    if stamp.page is not None and before.page is not None:
        if stamp.page == before.page + 1:
            return 0
        if stamp.page == 1:
            return NEW_TRANSMISSION
    if stamp.key == before.key or fuzz.ratio(stamp.key, before.key) >= SAME_TRANSMISSION:
        return 0
    return NEW_TRANSMISSION


def _document(signals: list[PageSignals], first: int, last: int) -> FoundDocument:
    """A found document's kind, dates, author and facility from its own pages."""
    own = signals[first - 1:last]
    written = [page for page in own if not page.blank]
    opening = written[0] if written else own[0]
    if opening.fax_cover:
        kind = DocumentKind.FAX_COVER
    elif written:
        kind = classify_pages([page.body for page in written])
    else:
        kind = DocumentKind.OTHER
    read = [facts.head_and_foot(page.body) for page in written]  # what facts.page_facts reads
    dates = [day for day in map(facts.service_date, read) if day]
    service_date = opening.date or (dates[0] if dates else None)
    if service_date is None and written:
        service_date = facts.first_date("\n".join(opening.lines[:TOP_LINES]))
    if service_date is not None:
        dates.append(service_date)
    return FoundDocument(first, last, kind, service_date, min(dates, default=None), max(dates, default=None),
                         _author(opening, written, read), opening.facility)


def _author(opening: PageSignals, written: list[PageSignals], read: list[str]) -> str | None:
    """Who wrote the document: labelled at the top of its first page ("Provider: ..."), else
    who signed it (the last page first), else a label further down ("Physician Reviewer:"),
    else any name with a credential (the first page first; ``read``: each page's head and
    foot, as ``facts.page_facts`` reads them). A records review's "Provider:" lines name
    other people, so signatures come before labels in the body."""
    if opening.author:
        return opening.author
    for page in reversed(written):
        signed = facts.signature(page.body)
        if signed:
            return signed
    for page in written:
        labelled = facts.labelled_provider(page.body)
        if labelled:
            return labelled
    for text in read:
        named = facts.provider(text)
        if named:
            return named
    return None


def _facility(top: list[str], head_end: int) -> str | None:
    """The practice or facility that heads the page: its letterhead's name line, or a first
    line naming a practice (an EHR printout's block)."""
    candidates = top[:max(head_end, 1)]
    for line in candidates:
        name = _SEPARATORS.split(line.strip())[0].strip(" ,")
        if not name or name[0].isdigit() or ":" in name or len(name) > 70:
            continue
        if any(map(str.isdigit, name)) and _A_DATE.search(name):
            continue
        if not heading_like(name) or name.endswith("."):
            continue
        if head_end or (_FACILITY.search(name) and title_kind([name]) is None):
            return name
    return None


def _fields(top: list[str], normals: list[str]) -> frozenset[str]:
    """The page's heading block of the patient's and claim's particulars ("Patient: ...",
    "Date of Injury: ...", "Claim #: ..."), normalised (``normals``: the lines' ``_normal``);
    empty unless three such lines stand among the top lines (a running header repeats one or two)."""
    found = [normal for line, normal in zip(top, normals) if _FIELD.match(line)]
    return frozenset(found) if len(found) >= 3 else frozenset()


def _signs_off(foot: Sequence[str]) -> bool:
    """A signature or closing among the page's foot lines. The signature block's words, and
    a credential ending a line, are looked for in all the lines at once first: most feet
    hold neither."""
    block = "\n".join(foot)
    low = block.lower()
    return (any(map(low.__contains__, _SIGNED_WORDS)) and any(map(_signed, foot))) or \
        (bool(_CREDENTIAL_ENDS_LINE.search(block)) and any(map(_signature_line, foot)))


def _signed(line: str) -> bool:
    """A signature block's words ("Electronically signed by", "Sincerely", a signature rule).
    Most lines hold none of the words, and a substring test is far cheaper than the pattern."""
    low = line.lower()
    return any(map(low.__contains__, _SIGNED_WORDS)) and bool(_SIGNED.search(line))


def _signature_line(line: str) -> bool:
    """A name with a credential on a line of its own ("Jane Smith, M.D."), not a field
    ("Provider: Jane Smith, M.D.") or a sentence naming someone."""
    return ":" not in line and len(line.split()) <= 6 and bool(_NAME_CREDENTIAL.search(line))


def _looks_like_fax_cover(body: str, top_text: str) -> bool:
    """A short page with a fax cover sheet's fields (to, from, pages) and the word fax."""
    if len(body) > 2500:
        return False
    low = top_text.lower() + "\n" + body[-600:].lower()
    if "fax" not in low and "facsimile" not in low:
        return False
    fields = sum(1 for word in ("to:", "from:", "pages", "re:", "date:", "subject:", "attn")
                 if word in low)
    return fields >= 4 and ("pages" in low or "cover" in low)


def _surname(name: str) -> str:
    words = [w for w in re.split(r"[\s,]+", name) if w and w[0].isupper() and not w.isupper()
             and w.rstrip(".") not in ("Dr",)]
    return words[-1].lower() if words else name.lower()


def _normals(lines: Sequence[str]) -> list[str]:
    """``_normal`` of each line (lines without line breaks), ASCII ones in one pass."""
    low = "\n".join(lines).lower()
    if not lines or not low.isascii():
        return [_normal(line) for line in lines]
    return [" ".join(line.split()) for line in low.translate(_ASCII_NON_WORD_LINES).split("\n")]


def _normal(text: str) -> str:
    """The text's runs of letters and digits, lower-cased, one space apart: what stays of a
    line through OCR noise and spacing. (ASCII text, most of it, by a character table.)"""
    low = text.lower()
    if low.isascii():
        return " ".join(low.translate(_ASCII_NON_WORD).split())
    return _NON_WORD.sub(" ", low).strip()
