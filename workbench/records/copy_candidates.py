"""Which documents of a case file may be copies of one another: the few pairs worth
comparing word by word (``records/duplicates.py`` compares them).

A 3,000-page case file holds about 2,000 documents, most of them short and written on a
template: a practice's PR-2s, a run of therapy notes, pharmacy logs, all naming the same
claimant. Any two PR-2s of one practice share most of their words, so pairs that merely
share words are thousands. What tells a copy from another report on the same template is
the report's own words (its dates, findings and plan), which no document holds but its
copies.

- Runs: a page's words (look-alike characters written alike, as OCR confuses them, by the
  caller) taken three at a time, each run as one hash (``page_runs``). A page of
  ``FULL_PAGE`` words or more keeps about ``RUNS_PER_PAGE`` of them: those whose first
  word's CRC-32 falls in the lowest half, quarter, ... of its range, so that copies keep
  the same runs and a longer copy's choice is within a shorter one's.
- Signature: a document's rare runs, held by at most ``RARE_DOCUMENTS`` documents (itself
  and its copies); a document with fewer than ``SIGNATURE_MIN`` of them (a slip all
  template but its date, a report in many copies) is known by its least common runs
  instead, at least that many. Runs in more than ``COMMON_DOCUMENTS`` documents (or
  ``COMMON_SHARE`` of them) never count.
- Pairs: two documents one of which holds ``DOCUMENT_MATCH`` of the other's signature (a
  copy read by OCR at 5% of characters misread keeps about half its runs), and whose pages
  match too (``PAGE_MATCH`` of the uncommon runs of a page, on ``CANDIDATE_PAGES`` of the
  pages of the one with fewer).
- Copies found count as one: a report in many copies, each scanned again, has its own runs
  in more documents than ``RARE_DOCUMENTS``, and a copy's signature is then mostly its
  misreads. Once some copies are known, ``Candidates.after`` counts each group of them as
  one document; the runs that so become rare name the pairs the first look missed.

Cost: one count of every run and an inverted index of the runs that can pair two
documents (C speed: ``Counter``, set intersections); a template's runs are in many
documents and cost nothing more. Deterministic: run hashes are Python's (the same within
the one process that compares them) and are never put in an order.
"""

from __future__ import annotations

import zlib
from bisect import bisect_right
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import chain, compress, filterfalse, repeat

# A run in at most this many documents is rare: a report's own words, held by it and a
# copy or two. Copies found count as one (``Candidates.after``), so more copies are found.
RARE_DOCUMENTS = 3
SIGNATURE_MIN = 8  # runs a signature holds at least (the least common, if too few are rare)
# Runs in more documents than this (or this share of them, if that is more) are
# boilerplate: never part of a signature, nor of a page's runs when pages are matched.
COMMON_DOCUMENTS = 20
COMMON_SHARE = 0.05
# A pair is named when one document holds this share of the other's signature, and at least
# this many of its runs (or all, if it has fewer): other reports on a template share a
# couple of rare runs by chance (a sentence both picked), a copy most.
DOCUMENT_MATCH = 0.2
SHARED_MIN = 4
# Pages match when they share this share of the uncommon runs of the page with fewer; the
# documents are compared when this share of the pages of the one with fewer pages match.
PAGE_MATCH = 0.3
CANDIDATE_PAGES = 0.5
# Pages of fewer words keep all their runs (a short report's date is in few of them); longer
# ones about this many (a page of prose has hundreds of its own).
FULL_PAGE = 256
RUNS_PER_PAGE = 32


def page_runs(words: list[bytes]) -> frozenset[int]:
    """A page's runs of three words as hashes (see the module description); a page of one or
    two words: one hash of them; no words: none."""
    return frozenset(run_hashes(words))


def run_hashes(words: list[bytes]) -> tuple[int, ...]:
    """``page_runs`` in page order, a run repeated as often as the page repeats it: what
    ``Candidates`` takes, without a set made for every page."""
    if len(words) < 3:
        return (hash(tuple(words)),) if words else ()
    if len(words) < FULL_PAGE:
        return tuple(map(hash, zip(words, words[1:], words[2:])))
    below = 2 ** 32 >> (len(words) // RUNS_PER_PAGE).bit_length() - 1
    return tuple(map(hash, compress(zip(words, words[1:], words[2:]),
                                    map(below.__gt__, map(zlib.crc32, words)))))


class Candidates:
    """The pairs of documents worth comparing, first those the documents' signatures name,
    then those named once some documents are known to be copies (``after``).

    ``documents``: per document, in the case file's order, its pages' runs (``page_runs``,
    or ``run_hashes``), in page order; a document given no runs is never a candidate.
    Positions are indexes into ``documents``. Each pair is named once.
    """

    def __init__(self, documents: Sequence[Sequence[Collection[int]]]):
        self._pages = documents
        self._compared = [position for position, pages in enumerate(documents) if any(pages)]
        self._values = {position: _document_runs(documents[position])
                        for position in self._compared}
        self._counts = Counter(chain.from_iterable(self._values.values()))  # {run: documents}
        self._most = max(COMMON_DOCUMENTS, int(COMMON_SHARE * len(documents)))
        self._rare = _counted(self._counts, RARE_DOCUMENTS.__ge__)
        self._single = _counted(self._counts, (1).__eq__)
        self._holders: dict[int, list[int]] = {}  # {run that can pair: positions holding it}
        self._named: set[tuple[int, int]] = set()
        self._uncommon: dict[int, list[frozenset[int]]] = {}  # {position: pages' uncommon runs}
        self._common: set[int] | None = None

    def first(self) -> dict[int, list[int]]:
        """{position: earlier positions worth comparing with it, in order}."""
        return self._pairs(self._compared, self._counts.__getitem__, self._rare, {})

    def after(self, groups: Iterable[Sequence[int]]) -> dict[int, list[int]]:
        """Pairs not named yet, once the documents of each group (positions) are known to be
        copies of one another: each group counts as one document when runs are told rare.
        Pairs within one group are not named."""
        merged: Counter[int] = Counter()  # {run: documents of a group holding it, but one}
        group_of: dict[int, int] = {}
        for number, members in enumerate(groups):
            group_of.update((member, number) for member in members)
            present = [self._values[member] for member in members if member in self._values]
            if len(present) == 2:
                merged.update(present[0] & present[1])
            elif len(present) > 2:
                held = Counter(chain.from_iterable(present))
                merged.update({value: count - 1 for value, count in held.items() if count > 1})
        counts = self._counts
        newly = {value for value, count in merged.items()
                 if counts[value] > RARE_DOCUMENTS >= counts[value] - count}
        if not newly:
            return {}
        # Their holders; the documents holding enough of them to be named with one of them.
        holders: dict[int, list[int]] = defaultdict(list)
        affected = []
        for position in self._compared:
            held = self._values[position] & newly
            if held:
                _hold(holders, held, position)
                if len(held) >= SHARED_MIN:
                    affected.append(position)
        self._holders.update(holders)
        return self._pairs(affected, lambda value: counts[value] - merged[value],
                           self._rare | newly, group_of)

    def _pairs(self, positions: list[int], count: Callable[[int], int], rare: set[int],
               group_of: dict[int, int]) -> dict[int, list[int]]:
        """Pairs named by the signatures of the documents at ``positions`` (``count``: the
        documents holding a run; ``rare``: the runs so rare), not named before."""
        signatures: dict[int, frozenset[int]] = {}
        for position in positions:
            signature = self._values[position] & rare
            if len(signature) < SIGNATURE_MIN:
                signature = self._least_common(self._values[position], count)
            signatures[position] = signature
        # Runs another document holds too; their holders, for those not indexed yet.
        pairing = set().union(*signatures.values()) - self._single
        missing = pairing - self._holders.keys()
        if missing:
            found: dict[int, list[int]] = defaultdict(list)
            for position in self._compared:
                held = self._values[position] & missing
                if held:
                    _hold(found, held, position)
            self._holders.update(found)
        holders = self._holders
        pairs: set[tuple[int, int]] = set()
        for position in positions:
            signature = signatures[position]
            needed = max(DOCUMENT_MATCH * len(signature), min(SHARED_MIN, len(signature)))
            held = Counter(chain.from_iterable(map(holders.__getitem__, signature & pairing)))
            group = group_of.get(position, -1)
            # Those holding enough of the signature picked at C speed, the few left in Python.
            pairs.update((min(position, other), max(position, other))
                         for other in compress(held, map(needed.__le__, held.values()))
                         if other != position and (group < 0 or group_of.get(other) != group))
        found_pairs: dict[int, list[int]] = defaultdict(list)
        for earlier, later in sorted(pairs - self._named):
            self._named.add((earlier, later))
            if _pages_match(self._uncommon_runs(earlier), self._uncommon_runs(later)):
                found_pairs[later].append(earlier)
        return dict(found_pairs)

    def _least_common(self, values: frozenset[int], count: Callable[[int], int]) -> frozenset[int]:
        """The ``SIGNATURE_MIN`` least common of a document's runs (none in more documents
        than the common bound), with every run as common as the last of them: the same runs
        whatever their hashes."""
        runs = list(values)
        counts = list(map(count, runs))
        ordered = sorted(counts)
        usable = bisect_right(ordered, self._most)
        if not usable:
            return frozenset()
        last = ordered[min(SIGNATURE_MIN, usable) - 1]
        return frozenset(compress(runs, map(last.__ge__, counts)))

    def _uncommon_runs(self, position: int) -> list[frozenset[int]]:
        if self._common is None:
            self._common = {value for value, count in self._counts.items() if count > self._most}
        if position not in self._uncommon:
            self._uncommon[position] = [frozenset(filterfalse(self._common.__contains__, runs))
                                        for runs in self._pages[position]]
        return self._uncommon[position]


def _counted(counts: Counter[int], wanted: Callable[[int], bool]) -> set[int]:
    """The runs whose count of documents is ``wanted`` (a bound comparison), at C speed."""
    return set(compress(counts, map(wanted, counts.values())))


def _hold(holders: defaultdict[int, list[int]], runs: Iterable[int], position: int) -> None:
    """``position`` added to the holders of each of ``runs``, at C speed."""
    deque(map(list.append, map(holders.__getitem__, runs), repeat(position)), maxlen=0)


def _document_runs(pages: Sequence[Collection[int]]) -> frozenset[int]:
    return frozenset(pages[0]) if len(pages) == 1 else frozenset(chain.from_iterable(pages))


def _pages_match(first: list[frozenset[int]], second: list[frozenset[int]]) -> bool:
    """Whether ``CANDIDATE_PAGES`` of the pages of the document with fewer pages of runs
    have a page in the other sharing ``PAGE_MATCH`` of the runs of the page with fewer."""
    first = [runs for runs in first if runs]
    second = [runs for runs in second if runs]
    if len(first) > len(second):
        first, second = second, first
    matched = sum(1 for runs in first
                  if any(len(runs & other) >= PAGE_MATCH * min(len(runs), len(other))
                         for other in second))
    return matched >= CANDIDATE_PAGES * len(first)
