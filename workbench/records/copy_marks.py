"""What a copy adds to a report: fax headers and footers, page counters, Bates numbers,
"Received" stamps and fax cover sheets.

Each party's fax machine, copy service and mailroom marks the pages it passes on, so
two copies of one report differ in these lines while the report's own text agrees. They
are recognised here on case-folded text (``fold``), for the duplicate finder
(``records/duplicates.py``), which compares what is left.

- A stamp line (``is_stamp_line``): a fax header or footer (a fax word with a clock time
  or a page counter, "From:"/"To:" with a phone number, or a clock time with a page
  counter: "May 07 2023 07:59AM  Valley Claims  (661) 442-8239  page 3 of 10"), a bare
  page counter ("Page 3 of 12", "p. 3"), a Bates number ("SCIF001207"), a "Received" date
  stamp. Copies carry fax lines, counters and Bates numbers at a page's top and bottom,
  so they are looked for among its ``EDGE_LINES`` first and last lines; a "Received"
  stamp on any line. A letterhead's "Fax: (559) 555-0143" is not one: it is the report's
  own, the same in every copy.
- A fax cover sheet (``is_fax_cover``): a short page whose top carries a cover title
  ("FAX COVER SHEET", "Facsimile Transmittal") and one of the sheet's fields (to, from,
  pages, confidentiality notice, re, fax or phone number), or a bare "FAX" heading and
  three of them. A letter that mentions a fax number is not one.
"""

from __future__ import annotations

import re
import unicodedata

EDGE_LINES = 3  # lines at a page's top and bottom where fax headers, footers and Bates stand
COVER_MAX_WORDS = 400  # a fax cover sheet is a short page ...
COVER_MAX_CHARACTERS = 4000  # ... (a quick test before the words are counted)
COVER_TOP = 600  # characters at the top of a page where a cover's title or heading stands

_DIGIT = re.compile(r"\d")

# Stamp lines (matched on case-folded lines).
_CLOCK = re.compile(r"\b\d{1,2}\s?:\s?\d{2}(?:\s?:\s?\d{2})?(?!\d)")
_PHONE = re.compile(r"\(?\b\d{3}\)?[\s.-]{0,2}\d{3}[\s.-]?\d{4}\b|\d{10,}")
_COUNTER = re.compile(r"\b(?:page|pg|p)\s?[.:#]?\s?[\doil]{1,4}\s?(?:of|/)\s?[\doil]{1,4}\b"
                      r"|\bpage\s?#?\s?\d{1,4}\b")
_FAX_WORD = re.compile(r"\b(?:fax|faxed|facsimile|telefax|received|rec'?d|rcvd|sent|"
                       r"transmitted|transmission|from\s?[:-]|to\s?[:-])")
# _FAX_WORD's words without the word boundary before them: found wherever _FAX_WORD is.
_FAX_HINT = re.compile(r"fax|facsimile|telefax|received|rec'?d|rcvd|sent|transmi|from\s?[:-]"
                       r"|to\s?[:-]")
_FROM_TO = re.compile(r"\b(?:from|to)\s?[:-]")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|{_MONTH}[\s-]?\d{{1,2}},?[\s-]?\d{{2,4}})"
_RECEIVED_STAMP = re.compile(
    rf"\W*(?:received|rec'?d|rcvd|filed)\b\W*{_DATE}(?:\W+\w+){{0,3}}\W*$")
_RECEIVED_ANYWHERE = re.compile(rf"(?:received|rec'?d|rcvd|filed)\W*{_DATE}")
_COUNTER_LINE = re.compile(r"\W*(?:page|pg|p)\s?[.:#]?\s?\d{1,4}(?:\s?(?:of|/)\s?\d{1,4})?\W*$")
_BATES_LINE = re.compile(r"\W*(?:bates(?:\s?(?:no|number|#))?\W*)?[a-z]{0,10}[\s_-]?\d{5,12}\W*$")
_COUNTER_SPAN = re.compile(r"\bpage\s?\d{1,4}\s?of\s?\d{1,4}\b")
_STAMP_LENGTH = 200  # characters: a longer line is text, whatever it holds

# Fax cover sheets (matched on the case-folded page).
_COVER_TITLE = re.compile(r"\b(?:fax|facsimile|telecopy|telefax)\s?(?:cover|transmittal|"
                          r"transmission|message|sheet)|\bcover\s?(?:sheet|page)\b|"
                          r"\btransmittal\s?(?:sheet|form)\b")
# Every cover title holds one of these ("cover", "transmittal", "transmission", ...).
_COVER_TITLE_WORDS = ("cover", "transmi", "message", "sheet")
_COVER_HEADING = re.compile(r"^\W*(?:fax|facsimile|telecopy|telefax)\W*$", re.MULTILINE)
_COVER_FIELDS = tuple(re.compile(pattern) for pattern in (
    r"\bto\s?:", r"\bfrom\s?:", r"\b(?:pages|no\.? of pages|number of pages|total pages)\b",
    r"\bconfidential", r"\bre\s?:", r"\b(?:fax|phone|tel)\s?(?:#|no\.?|number)?\s?:"))


def fold(text: str) -> str:
    """``text`` as the marks are matched: compatibility forms unified (NFKC: ligatures,
    full-width letters), case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def page_without_marks(text: str) -> str | None:
    """A page's text, case-folded (``fold``), without its stamp lines and page counters;
    None when the page is a fax cover sheet."""
    folded = fold(text)
    return None if _is_cover(folded) else without_stamps(folded)


def is_fax_cover(text: str) -> bool:
    """Whether a page reads as a fax cover sheet: a page of at most ``COVER_MAX_WORDS`` words
    with a cover title ("FAX COVER SHEET", "Facsimile Transmittal") in its first
    ``COVER_TOP`` characters and one of the sheet's fields (to, from, pages,
    confidentiality notice, re, fax or phone number), or with a bare "FAX" heading line
    there and three of the fields."""
    return _is_cover(fold(text))


def is_stamp_line(line: str) -> bool:
    """Whether one line of a page is a stamp a copy adds rather than text of the report (see
    the module docstring). Case is ignored."""
    return _is_stamp(fold(line))


def without_stamps(folded: str) -> str:
    """A case-folded page without its stamp lines (``is_stamp_line``) and the page counters
    ("Page 2 of 5") of its first and last lines."""
    lines = folded.split("\n")
    edges = _edges(lines)
    dropped = {index for index in edges if _is_stamp(lines[index])}
    if _received_words(folded) and _RECEIVED_ANYWHERE.search(folded):
        dropped.update(index for index, line in enumerate(lines)
                       if _RECEIVED_STAMP.match(line) and _DIGIT.search(line))
    for index in edges:
        if index not in dropped and "page" in lines[index]:
            lines[index] = _COUNTER_SPAN.sub(" ", lines[index])
    for index in sorted(dropped, reverse=True):  # a few lines at most
        del lines[index]
    return "\n".join(lines)


def _edges(lines: list[str]) -> list[int]:
    """The indexes of the first and last ``EDGE_LINES`` lines with text, each once."""
    edges: list[int] = []
    index = seen = 0
    while index < len(lines) and seen < EDGE_LINES:
        if lines[index].strip():
            edges.append(index)
            seen += 1
        index += 1
    index, seen = len(lines) - 1, 0
    while index >= 0 and seen < EDGE_LINES:
        if lines[index].strip():
            if index not in edges:  # a short page's lines are at both edges
                edges.append(index)
            seen += 1
        index -= 1
    return edges


def _received_words(folded: str) -> bool:
    """Whether a word of a "Received" stamp is in the page: a quick test before the stamp is
    looked for (substring tests, no generator made for every page)."""
    return ("received" in folded or "rec'd" in folded or "recd" in folded
            or "rcvd" in folded or "filed" in folded)


def _is_cover(folded: str) -> bool:
    if len(folded) > COVER_MAX_CHARACTERS:
        return False
    top = folded[:COVER_TOP]  # where a cover sheet says what it is
    if not ("fax" in top or "facsimile" in top or "telecopy" in top or "transmittal" in top
            or "cover" in top):  # no word of a cover's title or heading
        return False
    # The title is looked for only where one of its words is (a substring test is a tenth
    # of the search, and most pages with "fax" in their letterhead have none of them).
    if any(word in top for word in _COVER_TITLE_WORDS) and _COVER_TITLE.search(top):
        needed = 1
    elif _COVER_HEADING.search(top):
        needed = 3
    else:
        return False
    if len(folded.split()) > COVER_MAX_WORDS:
        return False
    for found in _COVER_FIELDS:  # until enough are found
        if found.search(folded):
            needed -= 1
            if not needed:
                return True
    return False


def _is_stamp(line: str) -> bool:
    if len(line) > _STAMP_LENGTH or not _DIGIT.search(line):
        return False
    if _COUNTER_LINE.match(line) or _BATES_LINE.match(line) or _RECEIVED_STAMP.match(line):
        return True
    clock = ":" in line and _CLOCK.search(line) is not None  # a clock time has its colon
    if clock and _COUNTER.search(line):  # a fax machine's time and page counter
        return True
    if not (_FAX_HINT.search(line) and _FAX_WORD.search(line)):  # the first is twice as quick
        return False
    return clock or bool(_COUNTER.search(line) or (_FROM_TO.search(line) and _PHONE.search(line)))
