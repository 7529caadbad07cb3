"""How fast the spelling check is where the reviewer feels it: as they type, and over a letter.

Prints, in milliseconds (median of the runs):

- the one-time load of the English and medical words (the window does it off its thread),
  and the longest the window's thread waits meanwhile (a 5 ms probe), beside
  pyspellchecker loading the same words its own way;
- one paragraph of a rationale (about 80 words, two typos) checked in memory, the cost of
  the underline on every keystroke;
- one word not in any list asked of the records of a case with 10,000 record pages (the
  full-text index; each word is asked once, then remembered): absent, on one page, on every page;
- suggestions for a short and a long typo, beside pyspellchecker's own ``candidates``
  (its edit-distance-2 search) for the same words as the reference;
- the whole check over a letter of a summary and five items (findings with suggestions).

    .venv/bin/python -m bench.spelling [--pages 10000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

PARAGRAPH = (
    "The injured worker recieved Norco 10/325 mg and gabapentin for L4-5 radiculopathy after "
    "a lifting injury; the MTUS Chronic Pain Medical Treatment Guidelines recommend a trial "
    "of physical therapy with documented functional improvement before further sessions are "
    "authorized. The progress report of 04/15/2015 notes paraspinal tenderness, a positive "
    "straight leg raise on the left and decreased sensation in the L5 dermatome, but teh "
    "records do not show how many sessions were completed or what they achieved. Therefore, "
    "the request is not medically necessary.")
SHORT_TYPO, LONG_TYPO = "recieved", "radiculopathyy"


def _median_ms(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _longest_wait(work) -> float:
    """Run ``work`` on a thread; how late (ms) a 5 ms sleep on this thread woke at worst."""
    import threading

    worker = threading.Thread(target=work)
    worker.start()
    worst, last = 0.0, time.perf_counter()
    while worker.is_alive():
        time.sleep(0.005)
        now = time.perf_counter()
        worst, last = max(worst, now - last - 0.005), now
    worker.join()
    return worst * 1000


def _records_case(folder: Path, pages: int):
    """A database with one case of ``pages`` record pages; one page names a rare drug."""
    from sqlalchemy import update

    from bench.database_check import make_database
    from db.models import RecordPageRow
    from workbench.startup import open_workbench

    path = folder / "spelling.sqlite3"
    make_database(path, pages)
    database = open_workbench(str(path))
    with database.engine.begin() as connection:
        connection.execute(update(RecordPageRow).where(RecordPageRow.number == pages // 2)
                           .values(text=RecordPageRow.text + " Xartemis XR twice daily"))
    return database


def spelling_bench(folder: Path, pages: int = 10_000, runs: int = 20) -> dict[str, float]:
    from spellchecker import SpellChecker

    from workbench.case import Case, Decision, Item
    from workbench.qa.spelling import (
        ReviewerDictionary, Speller, _suggest, base_vocabulary, spelling_findings,
    )

    figures: dict[str, float] = {}
    started = time.perf_counter()
    figures["longest wait of another thread meanwhile"] = _longest_wait(base_vocabulary)
    figures["load English and medical words (once)"] = (time.perf_counter() - started) * 1000
    figures["reference: longest wait while pyspellchecker loads"] = _longest_wait(
        lambda: SpellChecker(distance=1))

    database = _records_case(folder, pages)
    try:
        speller = Speller(database, ReviewerDictionary(folder / "dictionary.txt"))
        speller.refresh_library()
        figures["paragraph of 80 words, in memory"] = _median_ms(
            lambda: speller.misspellings(PARAGRAPH), runs)
        records = speller.records(1)
        for label, word in (("absent", "zzyzxoquine"), ("on one page", "xartemis"),
                            ("on every page", "tramadol")):
            def ask(word: str = word) -> None:
                records.forget()
                assert (word in records) is (label != "absent")
            figures[f"records lookup, {pages:,} pages, word {label}"] = _median_ms(ask, runs)
        figures["paragraph of 80 words, with the records"] = _median_ms(
            lambda: speller.misspellings(PARAGRAPH, 1), runs)
        for label, word in (("short", SHORT_TYPO), ("long", LONG_TYPO)):
            def suggest(word: str = word) -> None:
                _suggest.cache_clear()
                speller.suggestions(word)
            figures[f"suggestions, {label} typo"] = _median_ms(suggest, runs)
        reference = SpellChecker()
        for label, word in (("short", SHORT_TYPO), ("long", LONG_TYPO)):
            figures[f"reference: pyspellchecker candidates, {label} typo"] = _median_ms(
                lambda word=word: reference.candidates(word), 3)
        case = Case("MAXIMUS Federal Services", "MAXIMUS", id=1,
                    summary=[PARAGRAPH, PARAGRAPH],
                    items=[Item(f"Physcial therapy, {n} sessions", Decision.UPHELD,
                                rationale=[PARAGRAPH, PARAGRAPH]) for n in range(1, 6)])
        figures["whole letter (summary and 5 items), findings"] = _median_ms(
            lambda: spelling_findings(speller, case), 5)
    finally:
        database.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        figures = spelling_bench(Path(folder), args.pages, args.runs)
    width = max(len(label) for label in figures)
    for label, ms in figures.items():
        print(f"{label:<{width}}  {ms:9.2f} ms")


if __name__ == "__main__":
    main()
