"""The same report twice in a case file: which documents repeat an earlier one.

Both parties send the reports they hold, so a case file often carries a report
twice: the same text with a different fax header on every page, a re-scan that
OCR read with a few misread characters, a copy that lost its last page or
gained a fax cover. The reviewer should read such a report once, and search
should show its hits once. Two reports of one doctor a month apart are not
copies, though they share the template, the history and most of the
medication list: they differ in the findings and in the dates, and the
reviewer needs both.

So documents are compared by their *substance*: the page text without what
differs between copies of one report (the fax header and footer lines, page
counters, Bates numbers, "Received" stamps and fax cover pages that
``records/copy_marks.py`` recognises; case, accents, spacing and punctuation),
as a sequence of words. The shorter document (in substance) repeats the longer
when its pages are found among the longer's pages, word for word in order, and
what differs is what OCR does:

- Words: characters OCR takes for one another are written alike ("rn" and "m",
  "c" and "e", "1" and "l"); then a run of words that differs between the two
  may differ by one edit for each word not found on the other side (one more
  for each ten letters). Edits past that allowance count, in runs of at least
  ``MIN_EXCESS``; at most ``DIFFERENCE_SHARE`` of the shorter document's
  letters and digits may so differ. A sentence for another is about its
  length past the allowance; a misread word none.
- Numbers: a date, a pain score or degrees of motion written differently mean
  a different report. Words mostly of digits are compared by their digits (a
  letter OCR reads for a digit, "2O15", counting as that digit); one change is
  forgiven per ``NUMBERS_PER_CHANGE`` numbers written in the shorter document,
  as a poor scan makes a digit of another now and then. A one-page report must
  so agree in every number, and a report of another visit, whose date changes
  wherever it is written, never passes.
- Edges: a short, digit-heavy difference at a page's first or last words is a
  stamp OCR read too poorly to be recognised as one, and is forgiven.

A copy that lost its last page is the shorter one, all found in the longer; a
copy with an extra fax cover page has the cover left out of its substance.
The original is the first of the copies in the order given, even when a later
copy holds more: ``Duplicates.pages`` names the duplicate's pages that repeat
a page shown elsewhere, so the search layer drops only those hits and keeps
the pages only the later copy has.

Fax covers: a page that reads as a fax cover sheet (a cover title, or a "FAX"
heading, with the sheet's fields: to, from, pages, confidentiality notice)
says who sent what, not what a report says, and is left out of the substance.
A document holding nothing but covers, blank pages and stamps is never a
duplicate nor an original: two covers from one sender share nearly every
word and differ in a date and a page count, and the same cover twice hides
nothing a reviewer needs. A document with fewer than ``MIN_WORDS`` words of
substance is left out alike: too little to tell one report from another.

Speed: each page is prepared once: its substance, its words as read and written
alike, and its runs of three words (``records/copy_candidates.py``). The pairs
worth a look are those whose *own* runs agree (runs few documents hold; a
template's boilerplate, a letterhead and the claimant's name are in many and
name no pair), so a case file of short reports on one template costs a few hundred
comparisons, not the tens of thousands of pairs that share words; copies found
count as one when candidates are looked for again, so a report in many
re-scanned copies is found whole. The runs pages share say which pages to
align. Pages are aligned word by word (RapidFuzz's Levenshtein alignment over
word hashes) only when enough of their words are shared in order (its LCS, at C
speed); a pair stops at the first page that differs past the allowance, and a
page's comparison at the first changed number past those forgiven.
``bench/duplicates.py`` prints the time for 3,000 pages in 300 long documents
and for a 3,000-page packet of about 2,000 generated ones. A case file is looked
at again after every import and every correction of its documents, mostly the
same pages: with ``remember`` the finder starts from what its last look prepared
(``_Memory``: pages by their text, compared pairs by their documents' texts),
so only new pages are prepared and new pairs compared, and the same documents
again cost one comparison of their texts.

Limits: a page is compared with the best-matching page of the other document
(or that page and the next), so a report typed out again with other page
breaks is not found, nor one whose page was cut in two; one changed word
(``left`` for ``right``) in a long report is within what OCR does and is not
told apart, a changed sentence or number is.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import filterfalse, repeat
from operator import floordiv
from typing import NamedTuple

from rapidfuzz.distance import LCSseq, Levenshtein

from workbench.records.copy_candidates import Candidates, run_hashes
from workbench.records.copy_marks import page_without_marks

# Of the shorter document's letters and digits, how much may differ past OCR's allowance.
# Synthetic OCR noise of 5% of characters leaves at most 0.1-0.2%, a changed sentence in a
# three-page report 0.6%.
DIFFERENCE_SHARE = 0.004
MIN_EXCESS = 3  # edits past the allowance a run needs before it counts as a difference
NUMBERS_PER_CHANGE = 25  # numbers written (runs of digits) per changed number forgiven
MIN_WORDS = 12  # words of substance a document needs to be compared at all
# A run at a page's first or last words of at most this many words a side, this share of
# its characters digits, is a stamp ("Received Oct-14-2024 09:12am From-5595550143 To-...
# Page 003" is 15 words; two stamp lines fit).
EDGE_WORDS = 24
EDGE_DIGITS = 0.15
# Share of a page's words (look-alike letters alike) that must be found, in order, on the
# page it is compared with before the two are aligned: copies read by OCR at 5% character
# errors each, or 8% one, keep more than 54%; other pages on one template 36% on average.
SHARED_WORDS = 0.45
MERGE_GAP = 2  # runs this few shared words apart are judged as one (a word split, re-aligned)
PAGE_SHARE = 0.25  # of a duplicate's page that may differ from the page it repeats

_DIGIT_BYTE = re.compile(rb"\d")
_DIGITS = b"0123456789"
# Digits to "1", every other byte to "0": a number written is where "01" stands (or "1" first).
_DIGIT_MASK = bytes(49 if byte in b"0123456789" else 48 for byte in range(256))
_WORD = re.compile(r"[^\W_]+")
_ACCENTS = re.compile(r"[\u0300-\u036f]+")  # combining diacritical marks
# Punctuation and spacing to spaces, byte by byte (a non-ASCII letter's bytes are left as
# they are); the typographic marks records carry besides are replaced first.
_SPACES = bytes(byte if chr(byte).isascii() and chr(byte).isalnum() or byte > 127 else 32
                for byte in range(256))
_MARKS = ("\u2018", "\u2019", "\u201c", "\u201d", "\u2013", "\u2014", "\u2022", "\u2026",
          "\u00b7", "\u00b0")

# Characters OCR takes for one another, written alike: first the pairs read as one letter,
# then each class of look-alikes as one letter. Words are aligned with letters folded only
# (a changed number must not align as the same); runs are judged with digits folded too.
_PAIRS = ((b"rn", b"m"), (b"ri", b"n"), (b"rj", b"n"), (b"in", b"m"), (b"ni", b"m"),
          (b"cl", b"d"), (b"vv", b"w"))
_LOOK_ALIKE = {"e": "c", "l": "ijtf", "o": "aq", "n": "u", "b": "h", "v": "y"}
_DIGIT_LOOK_ALIKE = {"o": "0", "l": "1", "z": "2", "s": "5", "b": "68", "g": "9"}
_LETTER_BYTES = bytes.maketrans(
    "".join(_LOOK_ALIKE.values()).encode(),
    "".join(shape * len(others) for shape, others in _LOOK_ALIKE.items()).encode())
_DIGIT_BYTES = bytes.maketrans(
    "".join(_DIGIT_LOOK_ALIKE.values()).encode(),
    "".join(shape * len(others) for shape, others in _DIGIT_LOOK_ALIKE.items()).encode())
_RUN_BYTES = _LETTER_BYTES.translate(_DIGIT_BYTES)  # both classes in one table, for runs
# In a word that is mostly digits, the letters OCR reads for a digit stand for it.
_AS_DIGITS = bytes.maketrans(b"oqlizsbg", b"00112589")


@dataclass(frozen=True, slots=True)
class DocumentText:
    """One document of a case file as the duplicate finder sees it (slots: a case file gives
    thousands)."""

    id: int
    pages: Sequence[str]  # page texts in order (text layer or OCR)


@dataclass(frozen=True)
class Duplicates:
    """What ``detect_duplicates`` found.

    ``documents``: {id of a duplicate: id of the original it repeats}; the original is the
    first of its copies in the order given, and a copy of a copy names that first original.
    ``pages``: {(duplicate id, page number): (document id, page number)}, page numbers
    1-based, for every page of a duplicate that repeats a page shown elsewhere: search drops
    hits on these pages and keeps the page they name. A duplicate's pages that repeat
    nothing (its extra fax cover, the last page its original lost) are not in it, so their
    hits stay.
    """

    documents: dict[int, int]
    pages: dict[tuple[int, int], tuple[int, int]]


def find_duplicates(documents: Sequence[DocumentText], *, remember: Hashable | None = None
                    ) -> dict[int, int]:
    """{id of a duplicate: id of the document it repeats}; the original is the first in the
    given order. Chains resolve to the first original. ``remember``: see
    ``detect_duplicates``. Raises ValueError when two documents share an id."""
    return detect_duplicates(documents, remember=remember).documents


def duplicate_pages(documents: Sequence[DocumentText]) -> dict[tuple[int, int], tuple[int, int]]:
    """{(duplicate id, page number): (document id, page number)}, 1-based: the pages of
    duplicates that repeat a page shown elsewhere (see ``Duplicates.pages``)."""
    return detect_duplicates(documents).pages


def detect_duplicates(documents: Sequence[DocumentText], *, remember: Hashable | None = None
                      ) -> Duplicates:
    """The duplicate documents and their repeated pages, in one pass (see ``Duplicates``).

    A document is compared with the earlier ones ``records/copy_candidates.py`` names,
    earliest first; the first it repeats (either way round: it may be the longer of the
    two) makes it a duplicate of that document's original. Copies found count as one
    document when candidates are looked for again, until no more are named. Raises
    ValueError when two documents share an id.

    ``remember``: the case file's key (its database and case): start from what the last
    call with the same key prepared and keep what this one prepares for the next
    (``_Memory``; a call with another key starts afresh and takes its place): the same
    documents again cost a comparison of their texts, and pages and pairs of documents
    already seen are not prepared or compared again. For a case file looked at again and
    again (after each import and each correction of its documents); the result is the same
    either way.
    """
    ids = [document.id for document in documents]
    if len(set(ids)) != len(ids):
        raise ValueError("two documents given to the duplicate finder share an id")
    global _memory
    remembering = remember is not None
    last = _memory if remembering and _memory.key == remember else _Memory()
    given = [(document.id, tuple(document.pages)) for document in documents] \
        if remembering else []
    if remembering and last.result is not None and given == last.documents:
        return Duplicates(dict(last.result.documents), dict(last.result.pages))
    prepared: dict[str, _Page] = {}
    substances = [_Substance.of(document, last.pages, prepared) for document in documents]
    finder = Candidates([[page.hashes for page in substance.pages] if substance.compared else []
                         for substance in substances])
    candidates = finder.first()
    judged: dict[tuple[int, int], dict[int, int] | None] = {}
    known: dict[int, int] = {}
    while True:
        originals, page_map = _originals(substances, candidates, judged, last.judged)
        if originals == known:  # no copy found since the last look
            break
        known = originals
        groups: dict[int, list[int]] = defaultdict(list)
        for duplicate, original in originals.items():
            groups[original].append(duplicate)
        more = finder.after([original, *copies] for original, copies in groups.items())
        if not more:
            break
        for later, earlier_ones in more.items():
            candidates[later] = sorted(set(candidates.get(later, [])).union(earlier_ones))
    found = {ids[duplicate]: ids[original] for duplicate, original in originals.items()}
    shown = {(ids[position], page + 1): (ids[other], other_page + 1)
             for (position, page), (other, other_page) in page_map.items()}
    if remembering:
        _memory = _Memory(remember, prepared, {(substances[earlier].texts, substances[later].texts): pages
                                     for (earlier, later), pages in judged.items()},
                          given, Duplicates(dict(found), dict(shown)))
    return Duplicates(found, shown)


@dataclass(frozen=True)
class _Memory:
    """What the last remembering ``detect_duplicates`` prepared, for the next call with the
    same ``key`` (the case file's): its pages' substance by their text, each pair of documents it compared by their texts (earlier,
    later: ``_repeats``), and the documents given ((id, page texts) in order) with what was
    found. Only the last call's is kept (one case file's pages: about 7 kB a page with its
    text, 20 MB for a 3,000-page packet). A page's substance and a pair's judgement depend on
    nothing but their texts, so what is found again is taken as it was; run hashes are
    Python's, the same within this process, where the memory stays."""

    key: Hashable = None
    pages: dict[str, _Page] = field(default_factory=dict)
    judged: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[int, int] | None] = field(
        default_factory=dict)
    documents: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    result: Duplicates | None = None


_memory = _Memory()


def _originals(substances: list[_Substance], candidates: dict[int, list[int]],
               judged: dict[tuple[int, int], dict[int, int] | None],
               remembered: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[int, int] | None]
               ) -> tuple[dict[int, int], dict[tuple[int, int], tuple[int, int]]]:
    """({position of a duplicate: position of its original}, {(position, page index) of a
    duplicate's repeated page: (position, page index) it repeats}), from the candidates
    {position: earlier positions}; ``judged`` keeps each pair's ``_repeats`` between calls,
    ``remembered`` those of an earlier look by the documents' texts (``_Memory``)."""
    originals: dict[int, int] = {}
    page_map: dict[tuple[int, int], tuple[int, int]] = {}
    for later, earlier_ones in sorted(candidates.items()):
        for earlier in earlier_ones:
            if (earlier, later) not in judged:
                texts = (substances[earlier].texts, substances[later].texts)
                judged[(earlier, later)] = (remembered[texts] if texts in remembered else
                                            _repeats(substances[earlier], substances[later]))
            pages = judged[(earlier, later)]
            if pages is None:
                continue
            originals[later] = originals.get(earlier, earlier)
            for page, other in pages.items():
                page_map[(later, page)] = page_map.get((earlier, other), (earlier, other))
            break
    return originals, page_map


def _spaced(folded: str) -> bytes:
    """A case-folded text as UTF-8 with all but its letters and digits made spaces (byte by
    byte at C speed; a non-ASCII letter's bytes are left as they are)."""
    if folded.isascii():
        return folded.encode().translate(_SPACES)
    for mark in _MARKS:
        if mark in folded:
            folded = folded.replace(mark, " ")
    # Accents apart from their letters and dropped: OCR often reads "crónico" as "cronico".
    folded = _ACCENTS.sub("", unicodedata.normalize("NFKD", folded))
    data = folded.encode().translate(_SPACES)
    if data.isascii():
        return data
    return " ".join(_WORD.findall(data.decode())).encode()  # a symbol such as © or ½ in it


def _shaped(data: bytes, digits: bool) -> bytes:
    """Words with look-alike characters written alike: first the pairs OCR reads as one
    letter, then each class of look-alike letters (and digits, when ``digits``)."""
    for pair, letter in _PAIRS:
        if pair in data:
            data = data.replace(pair, letter)
    data = data.translate(_LETTER_BYTES)
    return data.translate(_DIGIT_BYTES) if digits else data


def _digit_runs(data: bytes) -> int:
    """Runs of digits in ``data`` (numbers written), counted at C speed."""
    mask = data.translate(_DIGIT_MASK)
    return mask.count(b"01") + mask.startswith(b"1")


def _is_number(word: bytes) -> bool:
    """Whether a word is mostly digits: a date's part, a score, a code such as "l4"."""
    return not word.isalpha() and 2 * len(_DIGIT_BYTE.findall(word)) >= len(word)


class _Page:
    """One page's substance: its words (stamps and page counters dropped, case folded,
    punctuation and spacing gone; none for a fax cover), as UTF-8 between spaces, and its
    runs of three words with look-alike characters alike (``copy_candidates.run_hashes``),
    so that copies of a page, OCR's misreads aside, hold the same ones. Made once per page;
    the runs as a set only for a page that is compared (most pages are looked at only as
    part of their document's runs).
    """

    __slots__ = ("spaced", "hashes", "words", "characters", "_runs")

    def __init__(self, spaced: bytes, hashes: tuple[int, ...], words: int, characters: int):
        self.spaced = spaced
        self.hashes = hashes  # the runs, as hashes, in page order (a run may repeat)
        self.words = words
        self.characters = characters  # letters and digits (bytes) of its words
        self._runs: frozenset[int] | None = None

    @property
    def runs(self) -> frozenset[int]:
        if self._runs is None:
            self._runs = frozenset(self.hashes)
        return self._runs

    @classmethod
    def of(cls, text: str) -> _Page:
        substance = page_without_marks(text)
        if substance is None:  # a fax cover
            return _EMPTY_PAGE
        spaced = _spaced(substance)
        # Look-alike classes only (not pairs such as "rn" for "m"): enough to find a copy.
        words = spaced.translate(_RUN_BYTES).split()
        if not words:
            return _EMPTY_PAGE
        return cls(spaced, run_hashes(words), len(words), len(spaced) - spaced.count(b" "))


_EMPTY_PAGE = _Page(b"", (), 0, 0)


class _Words:
    """One page's words (UTF-8) as they are aligned and judged: as read, hashed with
    look-alike letters alike (for the alignment), and with look-alike digits alike too (for
    judging runs); the last two made when the first run is judged."""

    __slots__ = ("page", "letters", "keys", "_read", "_shapes")

    def __init__(self, page: _Page):
        self.page = page
        self.letters = _shaped(page.spaced, digits=False)
        self.keys = list(map(hash, self.letters.split()))
        self._read: list[bytes] | None = None
        self._shapes: list[bytes] | None = None

    @property
    def read(self) -> list[bytes]:
        if self._read is None:
            self._read = self.page.spaced.split()
        return self._read

    @property
    def shapes(self) -> list[bytes]:
        if self._shapes is None:
            self._shapes = self.letters.translate(_DIGIT_BYTES).split()
        return self._shapes


class _Substance:
    """A document's pages as words (cover pages and stamps left out, pages kept in place).

    Plain slots (no dataclass): one is made for every document of the case file, and most
    are never compared, so what comparing needs (``numbers``, ``words``) is made then."""

    __slots__ = ("pages", "characters", "compared", "texts", "_numbers", "_words")

    def __init__(self, pages: list[_Page], texts: tuple[str, ...]):
        self.pages = pages  # per page index
        self.characters = sum(page.characters for page in pages)  # letters and digits
        self.compared = sum(page.words for page in pages) >= MIN_WORDS  # enough to compare
        self.texts = texts  # the pages as given, which name the substance (``_Memory``)
        self._numbers: int | None = None
        self._words: dict[int, _Words] | None = None

    @classmethod
    def of(cls, document: DocumentText, remembered: dict[str, _Page] | None = None,
           prepared: dict[str, _Page] | None = None) -> _Substance:
        """``remembered``: pages an earlier look prepared, by text; ``prepared``: where this
        look keeps the pages it prepares (a text repeated is prepared once)."""
        remembered = remembered or {}
        prepared = {} if prepared is None else prepared
        pages = []
        for text in document.pages:
            page = prepared.get(text)
            if page is None:
                page = prepared[text] = remembered.get(text) or _Page.of(text)
            pages.append(page)
        return cls(pages, tuple(document.pages))

    @property
    def numbers(self) -> int:
        """Numbers written (runs of digits), for the changes forgiven (``NUMBERS_PER_CHANGE``)."""
        if self._numbers is None:
            self._numbers = sum(_digit_runs(page.spaced) for page in self.pages)
        return self._numbers

    def words(self, page: int) -> _Words:
        if self._words is None:
            self._words = {}
        if page not in self._words:
            self._words[page] = _Words(self.pages[page])
        return self._words[page]


@dataclass(frozen=True)
class _PageComparison:
    pages: list[int]  # the other document's pages compared, the best first
    differing: int  # edits past OCR's allowance, in runs of at least MIN_EXCESS
    numbers_changed: int  # runs where a number of the page is another number in the other
    extra: int  # letters and digits of the first compared page in runs that differ


def _repeats(earlier: _Substance, later: _Substance) -> dict[int, int] | None:
    """None when neither document repeats the other; else the later one's repeated pages,
    {its page index: the earlier one's page index it repeats}."""
    later_is_shorter = later.characters <= earlier.characters
    shorter, longer = (later, earlier) if later_is_shorter else (earlier, later)
    differing = changed = 0
    allowed = DIFFERENCE_SHARE * shorter.characters
    forgiven = shorter.numbers // NUMBERS_PER_CHANGE
    matched: list[tuple[int, _PageComparison]] = []
    runs = [other.runs for other in longer.pages]
    expected = 0  # the longer's page after the one the last page matched
    for page, words in enumerate(shorter.pages):
        if not words.words:
            continue
        choices = _best_pages(words.runs, runs, expected)
        comparison = _best_comparison(shorter, page, longer, choices, allowed - differing,
                                      forgiven - changed)
        differing += comparison.differing
        changed += comparison.numbers_changed
        if comparison.differing <= PAGE_SHARE * words.characters:
            matched.append((page, comparison))
            expected = comparison.pages[-1] + 1
        if differing > allowed or changed > forgiven:
            return None
    repeated: dict[int, int] = {}
    for page, comparison in matched:
        other = comparison.pages[0]
        if later_is_shorter:
            repeated.setdefault(page, other)
        elif comparison.extra <= PAGE_SHARE * longer.pages[other].characters:
            repeated.setdefault(other, page)
    return repeated


def _best_pages(runs: frozenset[int], others: Sequence[frozenset[int]],
                expected: int) -> list[list[int]]:
    """The other document's pages to align a page with, best first: the page sharing most
    runs; that page and the next, where the page's text may run on; the page after the one
    the last page matched (copies keep their order, and a short page's runs say little);
    the runner-up."""
    shared = sorted(((count, index) for index, other in enumerate(others)
                     if (count := len(runs & other))), key=lambda pair: (-pair[0], pair[1]))
    choices: list[list[int]] = []
    if shared:
        first = shared[0][1]
        choices.append([first])
        if first + 1 < len(others) and others[first + 1]:
            choices.append([first, first + 1])
    while expected < len(others) and not others[expected]:
        expected += 1  # a cover or blank page of the other
    if expected < len(others) and [expected] not in choices:
        choices.append([expected])
    if len(shared) > 1 and [shared[1][1]] not in choices:
        choices.append([shared[1][1]])
    return choices


def _best_comparison(shorter: _Substance, page: int, longer: _Substance,
                     choices: list[list[int]], budget: float, numbers: int) -> _PageComparison:
    """The page compared with the first choice of the longer's pages, and with the others
    only while it does not agree (changed numbers, or more than its share differing): the
    one that differs least among those changing at most ``numbers`` numbers, else one that
    changes more (the documents are not copies). ``budget``: the differing edits past which
    a comparison may stop counting; it stops, too, at the number past ``numbers`` changed."""
    best = _PageComparison([], shorter.pages[page].characters, 0, 0)  # found nowhere
    refused: _PageComparison | None = None  # a comparison changing too many numbers
    for chosen in choices:
        found = _compare_pages(shorter.words(page), [longer.words(index) for index in chosen],
                               chosen, budget, numbers)
        if found.numbers_changed > numbers:
            refused = refused or found
        elif (found.differing, found.numbers_changed) < (best.differing, best.numbers_changed):
            best = found
        if not best.numbers_changed and (
                best.differing <= DIFFERENCE_SHARE * shorter.pages[page].characters):
            break
    return best if best.pages or refused is None else refused


def _compare_pages(page: _Words, others: list[_Words], chosen: list[int],
                   budget: float, numbers: int) -> _PageComparison:
    """A page's words aligned with the chosen pages' words, judged run by run (``_runs``);
    the count stops once more than ``budget`` differs or more than ``numbers`` numbers
    changed (the two are not copies)."""
    keys = others[0].keys if len(others) == 1 else [
        key for other in others for key in other.keys]
    if page.keys == keys:
        return _PageComparison(chosen, 0, 0, 0)
    if LCSseq.similarity(page.keys, keys) < SHARED_WORDS * len(page.keys):
        # Too few words in common to be a copy, whatever the runs: no need to align them.
        return _PageComparison(chosen, page.page.characters, 0, 0)
    read = others[0].read if len(others) == 1 else [
        word for other in others for word in other.read]
    shapes = others[0].shapes if len(others) == 1 else [
        word for other in others for word in other.shapes]
    first_length = len(others[0].keys)
    differing = changed = extra = 0
    for run in _runs(page.keys, keys):
        if differing > budget or changed > numbers:
            break
        at_start = run.start == 0 and run.other_start == 0
        at_end = run.end == len(page.keys) and run.other_end == len(keys)
        if at_end:  # the next page's words after this page's end are its own
            run = _Run(run.start, run.end, run.other_start,
                       max(run.other_start, min(run.other_end, first_length)))
        judged = _judge(page, shapes, read, run, budget - differing)
        if (at_start or at_end) and (judged[0] or judged[1]):
            judged = min([judged] + _without_stamp(page, shapes, read, run, at_start,
                                                   budget - differing))
        number_changed, excess, run = judged
        changed += number_changed
        if excess >= MIN_EXCESS:
            differing += excess
        if excess:
            extra += sum(map(len, read[run.other_start:min(run.other_end, first_length)]))
    return _PageComparison(chosen, differing, changed, extra)


class _Run(NamedTuple):
    """Words ``start:end`` of a page and ``other_start:other_end`` of the other that differ
    (a named tuple: ordered by its fields, and made hundreds of times per pair compared)."""

    start: int
    end: int
    other_start: int
    other_end: int


def _runs(keys: list[int], others: list[int]) -> list[_Run]:
    """Each run of words that differ: the words between two stretches both share, runs
    ``MERGE_GAP`` shared words apart taken as one (a word OCR broke in two is one run, not
    an inserted word and a changed one)."""
    runs: list[list[int]] = []
    for tag, start, end, other_start, other_end in Levenshtein.opcodes(keys, others):
        if tag == "equal":
            continue
        if runs and start - runs[-1][1] <= MERGE_GAP and (
                start - runs[-1][1] == other_start - runs[-1][3]):
            runs[-1][1], runs[-1][3] = end, other_end
        else:
            runs.append([start, end, other_start, other_end])
    return [_Run(*run) for run in runs]


def _judge(page: _Words, shapes: list[str], read: list[str], run: _Run,
           budget: float) -> tuple[int, int, _Run]:
    """(1 if a number changed else 0, the run's excess, the run); numbers are not looked at
    in a run whose excess alone is past ``budget``."""
    if run.end - run.start == 1 and run.other_end - run.other_start == 1:  # one word misread
        word = page.read[run.start]
        shape = page.shapes[run.start]
        excess = max(0, Levenshtein.distance(shape, shapes[run.other_start])
                     - 1 - len(shape) // 10) if shape != shapes[run.other_start] else 0
        changed = (excess <= budget and not word.isalpha()
                   and _changes_number([word], [read[run.other_start]]))
        return int(changed), excess, run
    excess = _excess(page.shapes[run.start:run.end], shapes[run.other_start:run.other_end])
    changed = excess <= budget and _changes_number(page.read[run.start:run.end],
                                                   read[run.other_start:run.other_end])
    return int(changed), excess, run


def _without_stamp(page: _Words, shapes: list[bytes], read: list[bytes], run: _Run,
                   at_start: bool, budget: float) -> list[tuple[int, int, _Run]]:
    """A run at a page's first or last words judged without the stamp it may hold: the words
    a copy added there (a fax header, a Bates number, a page stamp OCR read too poorly to be
    recognised as one) are at most ``EDGE_WORDS`` on either side, ``EDGE_DIGITS`` of their
    characters digits. The judgements of the cuts tried; once one leaves nothing differing,
    that one alone (no cut can do better)."""
    if min(run.end - run.start, run.other_end - run.other_start) > 2 * EDGE_WORDS:
        return []  # more differs here than a stamp and the words around it
    mine_words = min(EDGE_WORDS, run.end - run.start)
    theirs_words = min(EDGE_WORDS, run.other_end - run.other_start)
    if at_start:  # the words a cut may drop, the nearest the page's edge first
        mine_edge = page.read[run.start:run.start + mine_words]
        theirs_edge = read[run.other_start:run.other_start + theirs_words]
    else:
        mine_edge = page.read[run.end - mine_words:run.end][::-1]
        theirs_edge = read[run.other_end - theirs_words:run.other_end][::-1]
    mine_digits, mine_bytes = _tallies(mine_edge)
    theirs_digits, theirs_bytes = _tallies(theirs_edge)
    surplus = (run.other_end - run.other_start) - (run.end - run.start)
    found = []
    for mine in range(mine_words + 1):
        # What is left of the two sides is the same text, give or take a word OCR split.
        for theirs in range(max(0, mine + surplus - 2), min(theirs_words, mine + surplus + 2) + 1):
            if not (mine or theirs) or (mine_digits[mine] + theirs_digits[theirs]
                                        < EDGE_DIGITS * (mine_bytes[mine] + theirs_bytes[theirs])):
                continue  # nothing dropped, or too few digits in it for a stamp
            if at_start:
                kept = _Run(run.start + mine, run.end, run.other_start + theirs, run.other_end)
            else:
                kept = _Run(run.start, run.end - mine, run.other_start, run.other_end - theirs)
            judged = _judge(page, shapes, read, kept, budget)
            if not judged[0] and not judged[1]:
                return [judged]
            found.append(judged)
    return found


def _tallies(words: list[bytes]) -> tuple[list[int], list[int]]:
    """Digits and letters-and-digits of the first 0, 1, 2 ... of ``words``, as two lists."""
    digits, characters = [0], [0]
    for word in words:
        digits.append(digits[-1] + len(word) - len(word.translate(None, _DIGITS)))
        characters.append(characters[-1] + len(word))
    return digits, characters


def _excess(mine: list[bytes], theirs: list[bytes]) -> int:
    """Edits between a run of words and the other copy's run (both with look-alike characters
    written alike) past OCR's allowance: one edit for each word of either side not found
    in the other, one more for each ten of its letters. "increased" for "decreased" is one
    past it; a sentence for another about its length."""
    text, read = b"".join(mine), b"".join(theirs)
    if text == read:
        return 0
    # The words of one side not found in the other (all of the other's when one is empty).
    allowance = _allowance(filterfalse(set(theirs).__contains__, mine) if mine else theirs)
    return max(0, Levenshtein.distance(text, read) - allowance)


def _allowance(words: Iterable[bytes]) -> int:
    """One edit for each word, one more for each ten of its letters (at C speed)."""
    lengths = list(map(len, words))
    return len(lengths) + sum(map(floordiv, lengths, repeat(10)))


def _changes_number(mine: list[bytes], theirs: list[bytes]) -> bool:
    """Whether a number among ``mine`` is missing from ``theirs`` or written differently
    there: the digits of ``mine``'s numbers (words mostly of digits, a look-alike letter in
    them read as its digit) are not all found, in order, among ``theirs``' digits and the
    look-alike letters that may stand for them."""
    digits = _DIGIT_BYTE.findall(b"".join(word.translate(_AS_DIGITS) for word in mine
                                          if _is_number(word)))
    if not digits:
        return False
    other = _DIGIT_BYTE.findall(b"".join(theirs).translate(_AS_DIGITS))
    return digits != other and LCSseq.similarity(digits, other) < len(digits)
