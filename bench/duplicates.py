"""Duplicate reports: precision and recall over generated pairs, and the time for a case file.

Pairs (a few hundred, deterministic): copies of the published IMR letters in
``../shared/real-letters`` and of a PR-2 template, as case files carry them
(other fax headers, Bates numbers and page footers; OCR-like misreads of 3% and
5% of characters, on one copy or both; a copy that lost its last page or gained
a fax cover; a poor scan that reads some digits as other digits), against pairs
that are not copies (two different letters on the same template, two PR-2s of
one doctor at different visits, a PR-2 copied forward under new dates, a letter
with one sentence replaced, two fax covers from one sender). Prints each kind's
share found duplicate, then precision and recall.

Time: a case file of 3,000 pages in 300 documents (the letters, a series of
PR-2s, reports made of letter text by a word-pair chain, 60 copies among
them), the best of three runs of ``find_duplicates`` in wall-clock and
processor time (on a shared machine the second says more), and whether it
found the 60 copies and nothing else.

Packet: the 3,000-page packet ``bench/packet_import.py`` imports (generated
case packets from seed 1000 joined, ``tests/packet_files.py``): about 2,000
short documents on a few templates, as the import's rules cut it
(``segmenting.find_documents``), with the copies ``make_packet`` plants (exact,
faxed again, scanned again). The best of three runs of ``detect_duplicates``,
and how many planted copies it found (the document holding the copy's first
page marked a duplicate of the one holding its source's) and how many
duplicates it found that no planted copy explains. Target: under 1 s of
processor time.

    .venv/bin/python bench/duplicates.py
"""

from __future__ import annotations

import random
import sys
import time
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from packet_files import make_packet  # noqa: E402
from report_copies import (  # noqa: E402
    fax_cover, noisy, only_dates_moved, pr2_pages, random_visit, stamped)

from workbench.pdf import open_pdf  # noqa: E402
from workbench.records.duplicates import (  # noqa: E402
    DocumentText, detect_duplicates, find_duplicates)
from workbench.records.segmenting import find_documents  # noqa: E402

LETTERS = ROOT.parent / "shared" / "real-letters"
PAIRS_PER_KIND = 40
CASE_PAGES = 3000
CASE_DOCUMENTS = 300
CASE_COPIES = 60
PACKET_PAGES = 3000
PACKET_SEED = 1000  # the first seed bench/packet_import.py joins


def letters() -> list[list[str]]:
    """The published letters' page texts, one list per letter."""
    found = []
    for path in sorted(LETTERS.glob("*.pdf")):
        pdf = open_pdf(path.read_bytes(), path.name)
        try:
            found.append([page.get_textpage().get_text_range() for page in pdf])
        finally:
            pdf.close()
    return found


def cover(rng: random.Random) -> str:
    return fax_cover("Maria Lopez, M.D.", f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/2016",
                     rng.randint(2, 30), f"Claim 05-{rng.randint(100000, 999999)}",
                     rng.choice(("Records as requested.", "PR-2 and RFA attached.",
                                 "Please see the attached appeal.")))


def replace_sentence(pages: list[str], other: list[str], rng: random.Random) -> list[str]:
    """``pages`` with one sentence of its longest page replaced by a different sentence of
    ``other`` (``pages`` itself when neither has a sentence to trade)."""
    index = max(range(len(pages)), key=lambda page: len(pages[page]))
    sentences = [part for part in pages[index].split(". ") if len(part) > 60]
    borrowed = [part for text in other for part in text.split(". ")
                if len(part) > 60 and part not in pages[index]]
    if not sentences or not borrowed:
        return pages
    changed = list(pages)
    changed[index] = changed[index].replace(rng.choice(sentences), rng.choice(borrowed), 1)
    return changed


def pairs(texts: list[list[str]]) -> dict[str, tuple[bool, list[tuple[list[str], list[str]]]]]:
    """{kind: (whether its pairs are copies, the pairs)}."""
    rng = random.Random(7)
    several = [pages for pages in texts if len(pages) >= 2]
    kinds: dict[str, tuple[bool, list]] = defaultdict(lambda: (True, []))

    def add(kind: str, copies: bool, first: list[str], second: list[str]) -> None:
        kinds.setdefault(kind, (copies, []))[1].append((first, second))

    for n in range(PAIRS_PER_KIND):
        pages = rng.choice(texts)
        visit = pr2_pages(random_visit(rng))
        add("copy, other fax headers and Bates numbers", True,
            stamped(pages, header=n % 4), stamped(pages, header=(n + 1) % 4, footer=True,
                                                  bates="SCIF", first_bates=rng.randint(1, 900)))
        add("copy re-scanned, 3% misread", True, pages, noisy(pages, 0.03, n))
        add("copy re-scanned, 5% misread", True, pages, noisy(pages, 0.05, n))
        add("both copies scanned, 3% misread each", True,
            noisy(stamped(pages, header=n % 4), 0.03, n),
            noisy(stamped(pages, header=(n + 2) % 4), 0.03, n + 1000))
        add("PR-2 re-scanned, 5% misread", True, visit, noisy(stamped(visit, header=2), 0.05, n))
        longer = rng.choice(several)
        add("copy lost its last page", True, longer, noisy(longer[:-1], 0.02, n))
        add("copy with an extra fax cover", True, pages, [cover(rng)] + stamped(pages, header=0))
        add("poor scan, 0.5% of digits misread", True, pages,
            noisy(pages, 0.03, n, digit_misreads=0.005))
        first, second = rng.sample(texts, 2)
        add("two letters on one template", False, first, second)
        one, other = random_visit(rng), random_visit(rng)
        add("PR-2s of two visits", False, pr2_pages(one), noisy(pr2_pages(other), 0.03, n))
        moved = only_dates_moved(one, other.date, other.next_visit)
        add("PR-2 copied forward, new dates only", False, pr2_pages(one),
            noisy(pr2_pages(moved), 0.03, n))
        changed = replace_sentence(pages, second if first is pages else first, rng)
        if changed != pages:
            add("one sentence replaced", False, pages, changed)
        add("two fax covers from one sender", False, [cover(rng)], [cover(rng)])
    return dict(kinds)


def precision_recall(texts: list[list[str]]) -> None:
    found_copies = missed = false = 0
    print(f"{'pairs':45} found duplicate")
    for kind, (copies, listed) in pairs(texts).items():
        found = sum(bool(find_duplicates([DocumentText(1, first), DocumentText(2, second)]))
                    for first, second in listed)
        print(f"  {kind:43} {found:3}/{len(listed)}  ({'copies' if copies else 'not copies'})")
        if copies:
            found_copies += found
            missed += len(listed) - found
        else:
            false += found
    print(f"precision {found_copies / max(1, found_copies + false):.3f}, "
          f"recall {found_copies / max(1, found_copies + missed):.3f} "
          f"({found_copies} copies found, {missed} missed, {false} found wrongly)")


class Chain:
    """Text made of the letters' word pairs: medical wording, no report's pages."""

    def __init__(self, texts: list[list[str]]):
        self.following: dict[str, list[str]] = defaultdict(list)
        words = " ".join(page for pages in texts for page in pages).split()
        for word, following in zip(words, words[1:]):
            self.following[word].append(following)
        self.words = words

    def page(self, rng: random.Random, size: int = 2400) -> str:
        word, out, length = rng.choice(self.words), [], 0
        while length < size:
            out.append(word)
            length += len(word) + 1
            word = rng.choice(self.following.get(word) or self.words)
        lines, line = [], []
        for word in out:  # lines of about 90 characters, as a text layer gives them
            line.append(word)
            if sum(map(len, line)) + len(line) > 90:
                lines.append(" ".join(line))
                line = []
        return "\n".join(lines + [" ".join(line)])


def case_file(texts: list[list[str]]) -> tuple[list[DocumentText], dict[int, int]]:
    """A case file of ``CASE_PAGES`` pages in ``CASE_DOCUMENTS`` documents, and the copies
    in it {copy id: original id}, the original being the first of the two in the file."""
    rng = random.Random(11)
    chain = Chain(texts)
    originals = [list(pages) for pages in texts]
    originals += [pr2_pages(random_visit(rng)) for _ in range(30)]
    reports = CASE_DOCUMENTS - len(originals) - CASE_COPIES
    sources = rng.sample(range(len(originals)), CASE_COPIES // 2)
    sources += rng.sample(range(len(originals), len(originals) + reports), CASE_COPIES // 2)
    given = sum(map(len, originals)) + sum(len(originals[source]) for source in sources
                                           if source < len(originals))
    # Reports' pages so that the file holds CASE_PAGES (a copied report counts twice).
    weights = [2 if len(originals) + index in sources else 1 for index in range(reports)]
    sizes = [(CASE_PAGES - given) // sum(weights)] * reports
    index = 0
    while given + sum(size * weight for size, weight in zip(sizes, weights)) < CASE_PAGES:
        if weights[index % reports] == 1:
            sizes[index % reports] += 1
        index += 1
    originals += [[chain.page(rng) for _ in range(size)] for size in sizes]
    documents = [DocumentText(number, pages) for number, pages in enumerate(originals)]
    expected = {}
    for number, source in enumerate(sources, start=len(documents)):
        pages = originals[source]
        how = number % 4
        if how == 0:
            copy = stamped(pages, header=number % 4, bates="ABC")
        elif how == 1:
            copy = noisy(pages, 0.03, number)
        elif how == 2:  # a cover more, a page less: as many pages as the source
            copy = [cover(rng)] + stamped(pages[:-1] if len(pages) > 1 else pages, header=1)
        else:
            copy = noisy(pages, 0.02, number)
        documents.append(DocumentText(number, copy))
        expected[number] = source
    rng.shuffle(documents)
    order = {document.id: position for position, document in enumerate(documents)}
    expected = {(copy if order[copy] > order[source] else source):
                (source if order[copy] > order[source] else copy)
                for copy, source in expected.items()}
    return documents, expected


def timing(texts: list[list[str]]) -> None:
    documents, expected = case_file(texts)
    pages = sum(len(document.pages) for document in documents)
    runs, found = [], {}
    for _ in range(3):
        started, processor = time.perf_counter(), time.process_time()
        found = find_duplicates(documents)
        runs.append((time.perf_counter() - started, time.process_time() - processor))
    wall, cpu = min(runs)
    right = sum(1 for copy, source in expected.items() if found.get(copy) == source)
    wrong = sum(1 for copy, source in found.items() if expected.get(copy) != source)
    print(f"case file: {pages} pages in {len(documents)} documents: find_duplicates "
          f"{wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms processor (best of 3; "
          f"{pages / wall:,.0f} pages/s); {right} of {len(expected)} copies found, "
          f"{wrong} found wrongly")


def packet_case() -> tuple[list[DocumentText], list[tuple[int, int]], list[tuple[int, int, int]]]:
    """(The packet's documents as the import's rules find them; their pages (first, last),
    1-based; the planted documents (first page, last page, index of the planted document
    it copies or -1)), for ``PACKET_PAGES`` pages."""
    texts: list[str] = []
    planted: list[tuple[int, int, int]] = []
    seed = PACKET_SEED
    while len(texts) < PACKET_PAGES:
        packet = make_packet(seed)
        first = len(planted)
        planted += [(len(texts) + document.first_page, len(texts) + document.last_page,
                     -1 if document.copy_of is None else first + document.copy_of)
                    for document in packet.documents]
        texts += packet.pages
        seed += 1
    texts = texts[:PACKET_PAGES]
    planted = [document for document in planted if document[1] <= PACKET_PAGES]
    found = find_documents(texts)
    documents = [DocumentText(number, texts[document.first_page - 1:document.last_page])
                 for number, document in enumerate(found)]
    return documents, [(document.first_page, document.last_page) for document in found], planted


def packet_timing() -> None:
    documents, spans, planted = packet_case()
    runs, found = [], None
    for _ in range(3):
        started, processor = time.perf_counter(), time.process_time()
        found = detect_duplicates(documents)
        runs.append((time.perf_counter() - started, time.process_time() - processor))
    wall, cpu = min(runs)
    firsts = [first for first, _ in spans]

    def holding(page: int) -> int:  # the found document holding a page of the packet
        return bisect_right(firsts, page) - 1

    original = {number: found.documents.get(number, number) for number in range(len(documents))}
    copies = [(first, planted[source][0]) for first, _, source in planted if source >= 0]
    right = sum(1 for copy, source in copies
                if holding(copy) in found.documents
                and original[holding(copy)] == original[holding(source)])
    # Duplicates no planted copy explains: none of the planted documents in it copies (or is
    # copied by) one in its original.
    group = {index: index if source < 0 else source for index, (_, _, source) in enumerate(planted)}
    inside: dict[int, set[int]] = defaultdict(set)
    for index, (first, last, _) in enumerate(planted):
        for page in range(first, last + 1):
            inside[holding(page)].add(group[index])
    wrong = sum(1 for duplicate, source in found.documents.items()
                if not inside[duplicate] & inside[source])
    print(f"packet: {PACKET_PAGES} pages in {len(documents)} documents as found: "
          f"detect_duplicates {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms processor (best of "
          f"3; target < 1000 ms processor); {right} of {len(copies)} planted copies found, "
          f"{wrong} found wrongly")


def main() -> int:
    if not LETTERS.is_dir():
        print(f"the published letters are not at {LETTERS}", file=sys.stderr)
        return 2
    texts = letters()
    precision_recall(texts)
    timing(texts)
    packet_timing()
    return 0


if __name__ == "__main__":
    sys.exit(main())
