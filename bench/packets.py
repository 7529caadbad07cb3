"""Finding documents in case packets: boundary precision, recall and F1, kind accuracy, speed.

Over generated case packets (``tests/packet_files.py``, seeded: the same
packets every run) the documents ``find_documents`` finds are compared with
the packets' ground truth:

- a boundary is the first page of a document, page 1 excepted; precision is
  the share of boundaries found that are true, recall the share of true ones
  found, F1 their harmonic mean;
- kind accuracy is the share of true documents whose found document starts at
  the same page and has the right kind; shown overall and per kind, beside
  each kind's boundary recall;
- the share of documents found at their first page whose service date, and whose
  author, is the report's own (documents with one date or author only);
- the time ``find_documents`` takes per page, on the text packets.

A few packets are also scanned (pictures only, slightly turned and speckled)
and read back through the reading path's OCR (``reading.PdfReader``, Tesseract),
then scored the same way, separately.

Targets: boundary F1 >= 0.95, kind accuracy >= 0.90, under 2 ms a page.

    .venv/bin/python -m bench.packets [--packets 50] [--ocr 5] [--show-misses]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from packet_files import Packet, make_packet, scanned_packet_pdf  # noqa: E402

from workbench.records.kinds import DocumentKind  # noqa: E402
from workbench.records.segmenting import FoundDocument, find_documents  # noqa: E402

TEXT_SEED = 1000  # packets TEXT_SEED, TEXT_SEED+1, ...
OCR_SEED = 5000
OCR_DOCUMENTS = (4, 7)  # records in a scanned packet (plus application, UR, covers, copies)


@dataclass
class Score:
    """Boundary and kind counts over packets; ``misses`` describes each error found."""

    true_starts: int = 0
    found_starts: int = 0
    matched: int = 0
    documents: Counter = field(default_factory=Counter)  # true documents per kind
    started: Counter = field(default_factory=Counter)  # ... whose first page was found as a start
    right: Counter = field(default_factory=Counter)  # ... found there with the right kind
    dated: int = 0  # true documents with a date of their own, found at their first page ...
    dated_right: int = 0  # ... whose found service date is that date
    authored: int = 0  # the same for authors (the surname found in the author named)
    authored_right: int = 0
    pages: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, packet: Packet, found: list[FoundDocument]) -> None:
        truth = {d.first_page: d for d in packet.documents}
        at = {d.first_page: d for d in found}
        true_starts = set(truth) - {1}
        found_starts = set(at) - {1}
        self.pages += len(packet.pages)
        self.true_starts += len(true_starts)
        self.found_starts += len(found_starts)
        self.matched += len(true_starts & found_starts)
        for first, document in truth.items():
            self.documents[document.kind] += 1
            mine = at.get(first)
            if mine is None:
                self.misses.append(f"packet {packet.seed}: missed start p{first} ({document.layout}, "
                                   f"{document.kind.value})")
                continue
            self.started[document.kind] += 1
            if document.date is not None:
                self.dated += 1
                self.dated_right += mine.service_date == document.date
            if document.author is not None:
                self.authored += 1
                surname = document.author.split(",")[0].split()[-1].lower()
                self.authored_right += bool(mine.author) and surname in mine.author.lower()
            if mine.kind is document.kind:
                self.right[document.kind] += 1
            else:
                self.misses.append(f"packet {packet.seed}: p{first} {document.layout} read as "
                                   f"{mine.kind.value}")
        for first in sorted(found_starts - true_starts):
            inside = next(d for d in packet.documents if d.first_page <= first <= d.last_page)
            self.misses.append(f"packet {packet.seed}: false start p{first} inside {inside.layout} "
                               f"p{inside.first_page}-{inside.last_page}")

    @property
    def precision(self) -> float:
        return self.matched / self.found_starts if self.found_starts else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.true_starts if self.true_starts else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def kind_accuracy(self) -> float:
        total = sum(self.documents.values())
        return sum(self.right.values()) / total if total else 1.0


@dataclass(frozen=True)
class Speed:
    """find_documents' seconds per page: wall clock, and this process's CPU time (the
    figure that holds on a busy machine)."""

    wall: float
    cpu: float


def quality(packets: int = 50, seed: int = TEXT_SEED) -> tuple[Score, Speed]:
    """Scores over ``packets`` text packets, and find_documents' speed on them."""
    made = [make_packet(seed + n) for n in range(packets)]
    score = Score()
    wall = cpu = 0.0
    for packet in made:
        started, started_cpu = time.perf_counter(), time.process_time()
        found = find_documents(packet.pages)
        wall += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
        score.add(packet, found)
    pages = max(1, score.pages)
    return score, Speed(wall / pages, cpu / pages)


def scanned_texts(packet: Packet) -> list[str]:
    """The packet scanned to a picture-only PDF, then read back page by page by OCR."""
    from workbench.records.reading import PdfReader

    with tempfile.TemporaryDirectory() as folder:
        path = scanned_packet_pdf(Path(folder) / f"packet-{packet.seed}.pdf", packet)
        reader = PdfReader(path, None)
        try:
            return [page.text for page in reader.read(range(1, reader.page_count + 1))]
        finally:
            reader.close()


def _scanned_score(seed: int) -> tuple[Packet, list[str]]:
    packet = make_packet(seed, documents=OCR_DOCUMENTS)
    return packet, scanned_texts(packet)


def ocr_quality(packets: int = 5, seed: int = OCR_SEED, workers: int = 2) -> Score:
    """Scores over ``packets`` small packets scanned and read back by OCR."""
    score = Score()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for packet, texts in pool.map(_scanned_score, [seed + n for n in range(packets)]):
            score.add(packet, find_documents(texts))
    return score


def report(title: str, score: Score, *, show_misses: bool = False) -> None:
    print(f"{title}: {score.pages} pages, {sum(score.documents.values())} documents")
    print(f"  boundaries  precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}"
          f"  ({score.matched} of {score.true_starts} true, {score.found_starts} found)")
    print(f"  kind accuracy {score.kind_accuracy:.3f}")
    dates = score.dated_right / max(1, score.dated)
    authors = score.authored_right / max(1, score.authored)
    print(f"  service date right {dates:.3f} (of {score.dated} dated documents), "
          f"author right {authors:.3f} (of {score.authored})")
    print(f"  {'kind':24s} {'documents':>9s} {'start found':>11s} {'kind right':>10s}")
    for kind in DocumentKind:
        count = score.documents[kind]
        if count:
            print(f"  {kind.label:24s} {count:9d} {score.started[kind] / count:11.3f} "
                  f"{score.right[kind] / count:10.3f}")
    if show_misses:
        for line in score.misses:
            print("   ", line)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--packets", type=int, default=50, help="text packets (default 50)")
    parser.add_argument("--ocr", type=int, default=5, help="scanned packets read by OCR (default 5; 0: none)")
    parser.add_argument("--show-misses", action="store_true", help="list every error")
    args = parser.parse_args(argv)
    score, speed = quality(args.packets)
    report(f"Text packets ({args.packets})", score, show_misses=args.show_misses)
    print(f"  find_documents: {speed.wall * 1000:.3f} ms per page (CPU {speed.cpu * 1000:.3f} ms)")
    if args.ocr:
        started = time.perf_counter()
        scanned = ocr_quality(args.ocr)
        report(f"Scanned packets read by OCR ({args.ocr})", scanned, show_misses=args.show_misses)
        print(f"  scanning and OCR took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
