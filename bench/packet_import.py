"""Importing a 3,000-page case packet: throughput against pdftotext on the same file.

A packet of generated documents of every kind (``tests/packet_files.py``,
seeded packets joined until there are 3,000 pages, duplicates included) is
written as one text PDF. The import is what the reviewer waits for: pages
read, stored and indexed, the documents found, duplicates marked and the
chronology made. ``pdftotext`` reads the same file in the same run; each
figure is the median of the runs, ours and the reference alternating.

Target: at least 0.75x pdftotext.

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
from workbench.records.documents import list_documents  # noqa: E402
from workbench.records.intake import import_files  # noqa: E402
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
        ours, reference, found = [], [], 0
        for run in range(runs):
            READERS.warm(2)  # as the window imports: its readers started when it opened
            time.sleep(0.5)
            database = open_database(str(folder / f"run{run}.sqlite3"))
            case_id = CaseStore(database).add(Case("MAXIMUS Federal Services", "MAXIMUS"))
            start = time.perf_counter()
            [result] = import_files(database, case_id, [packet])
            ours.append(pages / (time.perf_counter() - start))
            assert result.ok and result.pages == pages, result.line
            found = len(list_documents(database, case_id))
            READERS.close()
            database.close()
            start = time.perf_counter()
            subprocess.run([pdftotext, str(packet), str(folder / "out.txt")], check=True)
            reference.append(pages / (time.perf_counter() - start))
    figures = {"pages": pages, "ours": statistics.median(ours),
               "pdftotext": statistics.median(reference), "documents_found": found,
               "documents_true": true_documents}
    figures["ratio"] = figures["ours"] / figures["pdftotext"]
    return figures


def report(figures: dict[str, float]) -> None:
    print(f"packet import, {figures['pages']} pages: {figures['ours']:.0f} pages/s; "
          f"pdftotext {figures['pdftotext']:.0f} pages/s; ratio {figures['ratio']:.2f} "
          f"(target >= 0.75); {figures['documents_found']} documents found "
          f"({figures['documents_true']} in the generated packets)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    report(import_throughput(args.pages, args.runs))


if __name__ == "__main__":
    main()
