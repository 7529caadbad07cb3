"""Records intake speed: import throughput against pdftotext, OCR, search latency, peak memory.

Generates a 1,000-page text PDF (about 2,500 characters a page of varied
medical-record prose) and a 20-page scanned PDF, then prints:

- text import in pages/s as the window imports (the pages stored, indexed and
  shown and searchable), and the ratio against ``pdftotext`` reading
  the same file in the same run; then how long finding the documents in it
  takes after that, and the command line's import, which ends with them found;
- a batch of 100 two-page PDFs in files/s, against ``pdftotext`` run on
  each of them (each file pays a process start there; here the reading
  processes are kept from file to file);
- OCR pages/s on the scanned PDF, upright and lying sideways (each sideways page is
  read, found poor, turned by Tesseract's orientation detection and read again);
- search median and p95 over 10,000 pages (the 1,000-page file and nine
  variants of it in one case);
- peak memory (resident set of the workbench plus its reading processes)
  while importing the 1,000-page PDF.

The machine should be otherwise idle: the figures are wall-clock rates.

Targets on the reference machine: import (pages shown) at least 0.75x pdftotext, search
p95 under 15 ms, peak memory under 400 MB.

    .venv/bin/python bench/records.py
"""

from __future__ import annotations

import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from record_files import prose, scanned_pdf, text_pdf, turned_scanned_pdf  # noqa: E402

from db.database import open_database  # noqa: E402
from workbench.case import Case  # noqa: E402
from workbench.records.documents import refresh_documents  # noqa: E402
from workbench.records.intake import import_files, read_files  # noqa: E402
from workbench.records.readers import READERS  # noqa: E402
from workbench.records.search import search_pages  # noqa: E402
from workbench.store import CaseStore  # noqa: E402

PAGES = 1000
SCANNED = 20
BATCH = 100  # small files of two pages each, as records often arrive
COPIES = 10  # 10 x 1,000 pages for the search figures
RUNS = 5
QUERIES = ["lumbar", "radiculopathy", '"physical therapy"', "tramadol OR gabapentin",
           "foraminal narrowing", "impinge*", "shoulder carpal", "L4-5", "restrictions lifting",
           "exercise program", "numbness OR tingling", "tender*", "cervical spine", "ibuprofen",
           "zq500x", "reflexes symmetric"]


def ensure_pdftotext() -> str:
    path = shutil.which("pdftotext")
    if path:
        return path
    print("installing poppler-utils for pdftotext ...", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "-qq", "poppler-utils"], check=True,
                   stdout=subprocess.DEVNULL)
    return shutil.which("pdftotext") or sys.exit("pdftotext is not available")


def make_text_pdf(path: Path, seed: int) -> Path:
    rng = random.Random(seed)
    pages = []
    for number in range(1, PAGES + 1):
        header = (f"PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)\n"
                  f"Date of Service: {rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/2015\n"
                  f"Provider: Maria Lopez, M.D.   Page marker zq{number}x\n")
        pages.append(header + prose(rng, 2400))
    return text_pdf(path, pages)


def peak_memory_mb(readers: int = 2) -> float:
    """Peak resident memory of the import: this process, plus its reading processes.

    ``ru_maxrss`` of the children is the largest reader's peak; the import runs
    at most ``readers`` of them at once, so their sum is bounded by that many
    times the largest. (Sampling /proc while importing would slow the import.)
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + readers * child) / 1024


def main() -> None:
    pdftotext = ensure_pdftotext()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        print("generating files ...", file=sys.stderr)
        big = make_text_pdf(folder / "records.pdf", 1)
        rng = random.Random(2)
        scanned_pages = [
            f"Date of Service: 0{n % 9 + 1}/15/2015\nPhysical therapy note {n}. " + prose(rng, 500)
            for n in range(SCANNED)]
        scan = scanned_pdf(folder / "scanned.pdf", scanned_pages)
        sideways = turned_scanned_pdf(folder / "sideways.pdf", scanned_pages, 90)
        notes = [text_pdf(folder / f"note{n}.pdf", [
            f"Date of Service: 0{n % 9 + 1}/1{n % 10}/2015\n" + prose(rng, 2400) for _ in range(2)])
            for n in range(BATCH)]

        # Each figure is the median of RUNS runs, ours and the reference alternating,
        # so both see the same machine; each of our runs imports into a new database.
        references, runs, warm_runs, found_after = [], [], [], []
        for run in range(RUNS):
            # As the window imports: its reading processes were started when it opened,
            # the pages are shown once read, and the documents are found after.
            READERS.warm(2)
            time.sleep(0.5)
            warm_db = open_database(str(folder / f"warm{run}.sqlite3"))
            warm_case = CaseStore(warm_db).add(Case("MAXIMUS Federal Services", "MAXIMUS"))
            start = time.perf_counter()
            result = read_files(warm_db, warm_case, [big])[0]
            shown = time.perf_counter()
            refresh_documents(warm_db, warm_case)
            warm_runs.append(PAGES / (shown - start))
            found_after.append(time.perf_counter() - shown)
            READERS.close()
            warm_db.close()
            assert result.ok and result.pages == PAGES, result.line

            start = time.perf_counter()
            subprocess.run([pdftotext, str(big), str(folder / "out.txt")], check=True)
            references.append(PAGES / (time.perf_counter() - start))
            # As the command line imports: reading processes started with the file, the
            # documents found before it ends.
            database = open_database(str(folder / f"bench{run}.sqlite3"))
            case_id = CaseStore(database).add(Case("MAXIMUS Federal Services", "MAXIMUS"))
            start = time.perf_counter()
            result = import_files(database, case_id, [big])[0]
            runs.append(PAGES / (time.perf_counter() - start))
            READERS.close()  # its readers stay for a next file; the next run starts without
            assert result.ok and result.pages == PAGES, result.line
            if run < RUNS - 1:
                database.close()
        batch_references, batch_runs = [], []
        for run in range(3):
            start = time.perf_counter()
            for note in notes:
                subprocess.run([pdftotext, str(note), str(folder / "out.txt")], check=True)
            batch_references.append(BATCH / (time.perf_counter() - start))
            READERS.warm(2)
            time.sleep(0.5)
            batch_db = open_database(str(folder / f"batch{run}.sqlite3"))
            batch_case = CaseStore(batch_db).add(Case("MAXIMUS Federal Services", "MAXIMUS"))
            start = time.perf_counter()
            results = import_files(batch_db, batch_case, notes)
            batch_runs.append(BATCH / (time.perf_counter() - start))
            READERS.close()
            batch_db.close()
            assert all(r.ok for r in results)
        batch_reference, batch = statistics.median(batch_references), statistics.median(batch_runs)
        reference, ours = statistics.median(references), statistics.median(runs)
        warm = statistics.median(warm_runs)
        memory = peak_memory_mb()  # pdftotext, the only other child, is far smaller

        start = time.perf_counter()
        result = import_files(database, case_id, [scan])[0]
        ocr = SCANNED / (time.perf_counter() - start)
        assert result.ok, result.line
        start = time.perf_counter()
        result = import_files(database, case_id, [sideways])[0]
        ocr_sideways = SCANNED / (time.perf_counter() - start)
        assert result.ok, result.line

        print("importing 9 more copies for the search figures ...", file=sys.stderr)
        copies = []
        for copy in range(1, COPIES):
            path = folder / f"copy{copy}.pdf"
            path.write_bytes(big.read_bytes() + f"\n% copy {copy}\n".encode())  # a new hash
            copies.append(path)
        assert all(r.ok for r in import_files(database, case_id, copies))

        times = []
        for _ in range(10):
            for query in QUERIES:
                start = time.perf_counter()
                search_pages(database, case_id, query)
                times.append((time.perf_counter() - start) * 1000)
        times.sort()
        database.close()

    print(f"text import       {warm:7.0f} pages/s   pdftotext {reference:7.0f} pages/s   "
          f"ratio {warm / reference:.2f} (target >= 0.75; in the window: pages shown and "
          "searchable)")
    print(f"  documents found {statistics.median(found_after):7.2f} s after that "
          f"(whole import {PAGES / (PAGES / warm + statistics.median(found_after)):.0f} pages/s, "
          f"ratio {PAGES / (PAGES / warm + statistics.median(found_after)) / reference:.2f})")
    print(f"  command line    {ours:7.0f} pages/s   ratio {ours / reference:.2f} "
          "(reading processes started with the file; ends with the documents found)")
    print(f"batch of {BATCH} files {batch:7.0f} files/s   pdftotext {batch_reference:7.0f} files/s   "
          f"ratio {batch / batch_reference:.2f} (two pages each, in the window)")
    print(f"OCR               {ocr:7.2f} pages/s   ({SCANNED} scanned pages, upright)")
    print(f"  sideways        {ocr_sideways:7.2f} pages/s   (the same pages lying on their side, "
          "read upright)")
    print(f"search ({COPIES * PAGES} pages) median {statistics.median(times):.1f} ms   "
          f"p95 {times[int(len(times) * 0.95)]:.1f} ms (target < 15 ms)")
    print(f"peak memory       {memory:7.0f} MB while importing {PAGES} pages "
          f"(target < 400 MB; workbench and both reading processes)")


if __name__ == "__main__":
    main()
