"""Library search speed: median and p95 latency over the seed library and a 20,000-entry library.

Each query is timed as the search box runs it (typo correction, both passes,
re-ranking, entries built for display), and, in the same run, as a bare FTS5
bm25 top-50 query on the same index, the engine's own floor. The queries are
reviewer phrases and the keystrokes of typing them, searched as for a case
decided in January 2017 (the UR date ranks the guidelines then in effect first),
as the window searches. Target on the reference machine: p95 under 30 ms at
20,000 entries.

    .venv/bin/python bench/library.py [--entries N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from db.fulltext import match_expression  # noqa: E402
from workbench.library.exchange import LibraryData  # noqa: E402
from workbench.library.search import LibrarySearch  # noqa: E402
from workbench.library.seed import load_seed  # noqa: E402
from workbench.library.store import LibraryStore  # noqa: E402
from workbench.search import parse_query  # noqa: E402
from workbench.startup import open_workbench  # noqa: E402

PHRASES = [
    "MRI lumbar spine", "lumbr mri", "physical therapy 12 sessions", "Norco 10/325",
    "epidural steroid injection", "acupuncture", "knee arthroscopy meniscectomy",
    "TENS unit", "urine drug screen", "functional restoration program", "carpal tunnel release",
    "Lidoderm patch", "cervical ESI", "home health", "EMG NCV upper extremities", "gabapentin",
    "spinal cord stimulator", "referral to pain management", "shoulder MRI", "phyiscal therapy",
]


def keystrokes(phrase: str) -> list[str]:
    return [phrase[:end] for end in range(2, len(phrase) + 1)]


QUERIES = [typed for phrase in PHRASES for typed in keystrokes(phrase)] + PHRASES


def generated(seed: LibraryData, count: int, rng: random.Random) -> LibraryData:
    """``count`` entries made by recombining the seed's words, so the vocabulary stays realistic."""
    words = sorted({word for entry in seed.entries for word in
                    f"{entry.topic} {entry.summary} {' '.join(entry.keywords)}".split()})
    entries = []
    for number in range(count):
        base = rng.choice(seed.entries)
        entries.append(replace(
            base, key=f"generated.{number}",
            topic=" ".join(rng.sample(words, 3)) + " " + base.topic,
            summary=" ".join(rng.choices(words, k=rng.randint(20, 60))),
            keywords=rng.sample(words, 5) + base.keywords[:3],
            pages_verified=False,
        ))
    return LibraryData(entries=entries)


UR_DATE = dt.date(2017, 1, 10)


def measure(search: LibrarySearch, database) -> tuple[list[float], list[float]]:
    ours, bare = [], []
    for query in QUERIES:
        search.search(query, limit=20)  # warm the word list once, as a running window has it
        break
    with database.engine.connect() as connection:
        for query in QUERIES:
            start = time.perf_counter()
            search.search(query, limit=20, on=UR_DATE)
            ours.append((time.perf_counter() - start) * 1000)
            parsed = parse_query(query, as_typed=True, prefix_all=True)
            if not parsed:
                continue
            start = time.perf_counter()
            connection.execute(text(
                "SELECT rowid, bm25(guideline_entry_search) AS r FROM guideline_entry_search "
                "WHERE guideline_entry_search MATCH :m ORDER BY r LIMIT 50"),
                {"m": match_expression(parsed)}).all()
            bare.append((time.perf_counter() - start) * 1000)
    return ours, bare


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def report(label: str, ours: list[float], bare: list[float]) -> None:
    print(f"{label}: {len(ours)} queries  median {statistics.median(ours):6.2f} ms  "
          f"p95 {p95(ours):6.2f} ms  |  bare FTS5 top-50: median "
          f"{statistics.median(bare):5.2f} ms  p95 {p95(bare):5.2f} ms  "
          f"(ours / bare at p95: {p95(ours) / p95(bare):.1f}x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20_000)
    args = parser.parse_args()
    seed, _ = load_seed()
    with tempfile.TemporaryDirectory() as folder:
        database = open_workbench(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        search = LibrarySearch(database)
        report(f"seed library ({LibraryStore(database).count()} entries)",
               *measure(search, database))
        extra = generated(seed, args.entries - len(seed.entries), random.Random(7))
        start = time.perf_counter()
        LibraryStore(database).import_data(extra)
        print(f"imported {len(extra.entries)} generated entries in "
              f"{time.perf_counter() - start:.1f} s")
        report(f"large library ({LibraryStore(database).count()} entries)",
               *measure(search, database))
        database.close()


if __name__ == "__main__":
    main()
