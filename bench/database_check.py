"""How long the checks on the case database take: the quick check run on every open, the full check on demand.

The database holds one case whose records are 10,000 pages of about 2,000
characters each, stored and indexed as an import stores them. Times are the
median of 5 runs, with the file in the operating system's cache (as it is
when the reviewer reopens the workbench).

    .venv/bin/python -m bench.database_check [--pages 10000]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

WORDS = ("patient lumbar radiculopathy tramadol physical therapy sessions MRI cervical "
         "tenderness range motion bilateral examination reports pain level medication "
         "refill epidural steroid injection follow weeks modified duty restrictions gait "
         "normal strength sensation reflexes symmetric impression plan continue").split()


def make_database(path: Path, pages: int, seed: int = 0) -> None:
    """A workbench database at ``path`` with one case and ``pages`` record pages, indexed."""
    from sqlalchemy import insert, select

    from db.models import RECORD_PAGE_INDEX, RecordFileRow, RecordPageRow
    from workbench.case import Case
    from workbench.records.kinds import ImportState, PageSource
    from workbench.startup import open_workbench
    from workbench.store import CaseStore

    rng = random.Random(seed)
    database = open_workbench(str(path))
    case_id = CaseStore(database).add(Case("MAXIMUS Federal Services", "MAXIMUS",
                                           case_number="CM26-0000001"))
    with database.engine.begin() as connection:
        file_id = connection.execute(insert(RecordFileRow).values(
            case_id=case_id, file_name="records.pdf", sha256="0" * 64, media_type="pdf",
            size=pages * 2000, state=ImportState.READY, page_count=pages)).inserted_primary_key[0]
    for start in range(1, pages + 1, 500):
        numbers = list(range(start, min(start + 500, pages + 1)))
        rows = []
        for number in numbers:
            text = []
            while sum(len(word) + 1 for word in text) < 2000:
                text.append(rng.choice(WORDS))
            rows.append({"file_id": file_id, "number": number,
                         "text": " ".join(text), "source": PageSource.TEXT})
        with database.engine.begin() as connection:
            connection.execute(insert(RecordPageRow), rows)
            RECORD_PAGE_INDEX.index_rows(connection, select(RecordPageRow.id).where(
                RecordPageRow.file_id == file_id, RecordPageRow.number.in_(numbers)))
    database.close()


def _median_ms(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _quick_check(path: Path) -> None:
    connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    finally:
        connection.close()


def database_check(folder: Path, pages: int = 10_000, runs: int = 5) -> dict:
    """Times in ms (median of ``runs``) and the file size in bytes.

    ``quick_check_ms``: ``PRAGMA quick_check`` on a new read-only connection;
    ``open_ms``: ``open_database`` of the up-to-date file, quick check included;
    ``full_check_ms``: ``check_database`` (integrity check, foreign keys, FTS5).
    """
    from db.database import check_database, open_database

    path = folder / "check.sqlite3"
    make_database(path, pages)
    _quick_check(path)  # the file into the cache

    def open_and_close() -> None:
        open_database(str(path)).close()

    def full_check() -> None:
        database = open_database(str(path))
        try:
            assert check_database(database) == []
        finally:
            database.close()

    return {
        "pages": pages,
        "size_bytes": path.stat().st_size,
        "quick_check_ms": _median_ms(lambda: _quick_check(path), runs),
        "open_ms": _median_ms(open_and_close, runs),
        "full_check_ms": _median_ms(full_check, runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="database-check-") as folder:
        figures = database_check(Path(folder), args.pages)
    print(f"database: {figures['pages']} record pages, "
          f"{figures['size_bytes'] / 1_000_000:.1f} MB")
    print(f"quick check (every open): {figures['quick_check_ms']:.0f} ms (median of 5)")
    print(f"open_database, quick check included: {figures['open_ms']:.0f} ms (median of 5)")
    print(f"full check (check_database): {figures['full_check_ms']:.0f} ms (median of 5)")


if __name__ == "__main__":
    main()
