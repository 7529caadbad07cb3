"""Importing a 3,000-page case packet: throughput against pdftotext on the same file.

A packet of generated documents of every kind (``tests/packet_files.py``,
seeded packets joined until there are 3,000 pages, duplicates included) is
written as one text PDF and imported as the window imports it: the pages
read, stored and indexed (``intake.read_files``: from here the packet is
shown, one provisional document, its pages readable and searchable),
then the documents found, copies marked and the chronology made
(``documents.refresh_documents``). Both are timed; ``pdftotext`` reads the
same file in the same run; each figure is the median of the runs, ours and
the reference alternating.

Target: the pages shown at least 0.75x pdftotext. The whole import, with the
documents found, is printed beside it.

    .venv/bin/python -m bench.packet_import [--pages 3000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from packet_files import make_packet  # noqa: E402
from record_files import text_pdf  # noqa: E402

from bench.records import ensure_pdftotext  # noqa: E402
from db.database import open_database  # noqa: E402
from workbench.case import Case  # noqa: E402
from workbench.records.documents import list_documents, refresh_documents  # noqa: E402
from workbench.records.intake import read_files  # noqa: E402
from workbench.records.readers import READERS  # noqa: E402
from workbench.store import CaseStore  # noqa: E402


def packet_pages(pages: int) -> tuple[list[str], int]:
    """Page texts of seeded packets joined until ``pages``; and how many true documents."""
    texts: list[str] = []
    documents = 0
    seed = 1000
    while len(texts) < pages:
        packet = make_packet(seed)
        texts += packet.pages
        documents += len(packet.documents)
        seed += 1
    return texts[:pages], documents


def import_throughput(pages: int = 3000, runs: int = 3) -> dict[str, float]:
    """Pages per second of our import and of pdftotext, and their ratio (medians)."""
    pdftotext = ensure_pdftotext()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        print(f"generating a {pages}-page packet ...", file=sys.stderr)
        texts, true_documents = packet_pages(pages)
        packet = text_pdf(folder / "packet.pdf", texts)
        shown, whole, reference, found = [], [], [], 0
        for run in range(runs):
            READERS.warm(2)  # as the window imports: its readers started when it opened
            time.sleep(0.5)
            database = open_database(str(folder / f"run{run}.sqlite3"))
            case_id = CaseStore(database).add(Case("MAXIMUS Federal Services", "MAXIMUS"))
            start = time.perf_counter()
            [result] = read_files(database, case_id, [packet])
            shown.append(pages / (time.perf_counter() - start))
            refresh_documents(database, case_id)
            whole.append(pages / (time.perf_counter() - start))
            assert result.ok and result.pages == pages, result.line
            found = len(list_documents(database, case_id))
            READERS.close()
            database.close()
            start = time.perf_counter()
            subprocess.run([pdftotext, str(packet), str(folder / "out.txt")], check=True)
            reference.append(pages / (time.perf_counter() - start))
    figures = {"pages": pages, "ours": statistics.median(shown),
               "whole": statistics.median(whole),
               "pdftotext": statistics.median(reference), "documents_found": found,
               "documents_true": true_documents}
    figures["ratio"] = figures["ours"] / figures["pdftotext"]
    figures["whole_ratio"] = figures["whole"] / figures["pdftotext"]
    figures["documents_after"] = pages / figures["whole"] - pages / figures["ours"]
    return figures


def report(figures: dict[str, float]) -> None:
    print(f"packet import, {figures['pages']} pages: shown and searchable at "
          f"{figures['ours']:.0f} pages/s; pdftotext {figures['pdftotext']:.0f} pages/s; "
          f"ratio {figures['ratio']:.2f} (target >= 0.75)")
    print(f"  documents found {figures['documents_after']:.2f} s after that: whole import "
          f"{figures['whole']:.0f} pages/s, ratio {figures['whole_ratio']:.2f}; "
          f"{figures['documents_found']} documents found "
          f"({figures['documents_true']} in the generated packets)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    report(import_throughput(args.pages, args.runs))


if __name__ == "__main__":
    main()
