"""Quality checks, measured: precision and recall per check, findings on published letters,
and how long the checks take.

1. **Planted faults.** Every case of ``tests/qa_cases.py`` ("bench" set: clean
   letters and one planted fault each, over ten kinds of disputed item) is
   built in its own database with its records imported from generated text
   PDFs (one scanned PDF per few cases is read by OCR); ``check_case`` runs
   on it. Per check, a unit is an item (or the letter) it fires on: a true
   positive where the fault was planted, a false positive anywhere else, a
   false negative where it was planted and the check is silent. Targets:
   recall 1.0 for decision-conclusion and no-documentation, precision at least
   0.9 for every check.
2. **Published letters.** The 90 letters in ``../shared/real-letters`` are
   read with the workbench's reader, stored in one database (no records) and
   checked: findings per check (decision-conclusion must raise none: those
   letters' decisions agree with their conclusions), and every claimant-term
   and spelling finding printed for a person to judge.
3. **Speed.** One item checked as the reviewer types (the case checked once,
   then a word added to the rationale), the first check of an item, and a
   whole case with 10,000 record pages, first and again (targets: an item
   under 50 ms, the case under 1 s).

    .venv/bin/python bench/qa.py [--quick]    # --quick: fewer cases, no 10,000 pages
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
# The reviewer's own dictionary must not change the figures.
os.environ["IMR_WORKBENCH_CONFIG"] = tempfile.mkdtemp(prefix="qa-bench-config-")

import qa_cases  # noqa: E402
from record_files import prose, text_pdf  # noqa: E402

from workbench.qa.checks import CHECK_ORDER, check_case, check_item  # noqa: E402
from workbench.qa.records import forget_kept  # noqa: E402
from workbench.store import CaseStore  # noqa: E402

LETTERS = ROOT.parent / "shared" / "real-letters"
BULK_PAGES = 10_000
SCANNED_EVERY = 8  # every 8th case has its progress report scanned (read by OCR)


def planted(work: Path, size: str) -> tuple[dict, list[tuple[str, str, set, set]], list[float]]:
    """Per check (tp, fp, fn); the cases where a check erred; check_case milliseconds."""
    scores: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    errors = []
    times = []
    cases = qa_cases.scenarios(size)
    empty = qa_cases.empty_database(work / "empty")
    for number, scenario in enumerate(cases):
        folder = work / f"case-{number}"
        scenario.scanned = number % SCANNED_EVERY == SCANNED_EVERY - 1
        database, case_id = qa_cases.load(scenario, folder, empty)
        case = CaseStore(database).get(case_id)
        start = time.perf_counter()
        findings = check_case(database, case)
        times.append((time.perf_counter() - start) * 1000)
        fired: dict[str, set] = defaultdict(set)
        for finding in findings:
            fired[finding.check].add(finding.item)
        for check in CHECK_ORDER:
            expected, got = scenario.expected(check), fired.get(check, set())
            score = scores[check]
            score[0] += len(got & expected)
            score[1] += len(got - expected)
            score[2] += len(expected - got)
            if got != expected:
                errors.append((scenario.name, check, expected, got))
        database.close()
    print(f"Planted faults: {len(cases)} cases with records "
          f"({sum(1 for n in range(len(cases)) if n % SCANNED_EVERY == SCANNED_EVERY - 1)} "
          "with a scanned progress report)")
    return scores, errors, times


def print_scores(scores: dict) -> None:
    print(f"  {'check':<21}{'fault units':>12}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}"
          f"{'recall':>8}")
    for check in CHECK_ORDER:
        tp, fp, fn = scores.get(check, [0, 0, 0])
        precision = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
        recall = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
        print(f"  {check:<21}{tp + fn:>12}{tp:>5}{fp:>5}{fn:>5}{precision:>11}{recall:>8}")


def real_letters(work: Path) -> None:
    from workbench.letters.reader import read_letter
    from workbench.library.citing import link_citations
    from workbench.library.search import LibrarySearch
    from workbench.startup import open_workbench

    files = sorted(LETTERS.glob("*.pdf"))
    if not files:
        print(f"\nPublished letters: none found in {LETTERS}")
        return
    database = open_workbench(str(work / "letters.sqlite3"))
    store = CaseStore(database)
    search = LibrarySearch(database)
    ids = []
    for path in files:
        case = read_letter(path).case
        link_citations(case, search)  # as `letter import` does
        ids.append(store.add(case))
    counts: Counter[str] = Counter()
    shown: dict[str, list[str]] = defaultdict(list)
    items = 0
    for case_id in ids:
        case = store.get(case_id)
        items += len(case.items)
        for finding in check_case(database, case):
            counts[finding.check] += 1
            if finding.check in ("claimant-term", "spelling"):
                where = "letter" if finding.item is None else f"item {finding.item + 1}"
                shown[finding.check].append(f"{case.case_number} {where}: {finding.message}")
    print(f"\nPublished letters: {len(files)} letters, {items} items, read without records")
    for check in CHECK_ORDER:
        print(f"  {check:<21}{counts.get(check, 0):>5} finding(s)")
    for check in ("claimant-term", "spelling"):
        print(f"\n  {check} findings, for a person to judge:")
        for line in shown[check]:
            print(f"    {line}")
    database.close()


def speed(work: Path, bulk: bool) -> None:
    """Milliseconds for one item and for a whole case."""
    scenario = qa_cases.clean("lumbar-pt", "lumbar-mri", "tens", name="speed")
    folder = work / "speed"
    database, case_id = qa_cases.load(scenario, folder)
    if bulk:
        rng = random.Random(15)
        files = [text_pdf(folder / f"bulk-{n}.pdf", [prose(rng, 2500) for _ in range(1000)])
                 for n in range(BULK_PAGES // 1000)]
        from workbench.records.intake import import_files

        import_files(database, case_id, files)
    store = CaseStore(database)
    case = store.get(case_id)
    pages = _pages(database, case_id)
    # A workbench that is running has its vocabularies and library loaded: check a small case
    # of the same database first, then the large one for the first time.
    small = qa_cases.clean("knee-mri", name="warm-up")
    check_case(database, store.get(qa_cases.build_case(small, database)))
    first = _timed(lambda: check_case(database, case))
    cold_process = _in_new_process(folder / "qa.sqlite3", case_id)
    again = [_timed(lambda: check_case(database, case)) for _ in range(5)]
    # The reviewer types: each run adds a word to one item's rationale and checks that item.
    typing = []
    words = "the patient reports more pain at night after work since april".split()
    for index in range(len(case.items)):
        for word in words:
            case.items[index].rationale[-1] += " " + word
            typing.append(_timed(lambda: check_item(database, case, index)))
    # The first check of an item: nothing asked of the records yet.
    forget_kept()
    cold_item = _timed(lambda: check_item(database, case, 0))
    print(f"\nSpeed: a case with {len(case.items)} items and {pages:,} record pages")
    print(f"  whole case, first check    {first:8.0f} ms   (target < 1,000 ms; the "
          "workbench running)")
    print(f"  whole case, new process    {cold_process:8.0f} ms   (loading the spelling "
          "vocabulary, the library and the case's answers once)")
    print(f"  whole case, again          {statistics.median(again):8.0f} ms   (median of 5)")
    print(f"  one item as the reviewer types: median {statistics.median(typing):.0f} ms, "
          f"p95 {_p95(typing):.0f} ms, slowest {max(typing):.0f} ms over {len(typing)} edits "
          "(target < 50 ms)")
    print(f"  one item, first check (nothing kept from the records yet)  {cold_item:.0f} ms")
    database.close()


def _in_new_process(path: Path, case_id: int) -> float:
    """Milliseconds for the first ``check_case`` in a process that loaded nothing yet."""
    import subprocess

    code = ("import sys, time; sys.path.insert(0, {root!r})\n"
            "from workbench.startup import open_workbench\n"
            "from workbench.store import CaseStore\n"
            "from workbench.qa.checks import check_case\n"
            "database = open_workbench({path!r}); case = CaseStore(database).get({case_id})\n"
            "start = time.perf_counter(); check_case(database, case)\n"
            "print((time.perf_counter() - start) * 1000)\n").format(
        root=str(ROOT), path=str(path), case_id=case_id)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=dict(os.environ))
    return float(done.stdout.strip().splitlines()[-1])


def _pages(database, case_id: int) -> int:
    from sqlalchemy import func, select

    from db.models import RecordFileRow

    with database.engine.connect() as connection:
        return connection.scalar(select(func.sum(RecordFileRow.page_count))
                                 .where(RecordFileRow.case_id == case_id)) or 0


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="the tests' smaller set of cases and no 10,000-page case")
    parser.add_argument("--only", choices=("planted", "letters", "speed"),
                        help="run one part")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as folder:
        work = Path(folder)
        if args.only in (None, "planted"):
            scores, errors, times = planted(work, "test" if args.quick else "bench")
            print_scores(scores)
            print(f"  check_case per planted case (its database new to the process): median "
                  f"{statistics.median(times):.0f} ms, slowest {max(times):.0f} ms")
            if errors:
                print("  where a check erred:")
                for name, check, expected, got in errors:
                    print(f"    {name}: {check} expected on {_units(expected)}, "
                          f"fired on {_units(got)}")
        if args.only in (None, "letters"):
            real_letters(work)
        if args.only in (None, "speed"):
            speed(work, bulk=not args.quick)
    return 0


def _units(units: set) -> str:
    if not units:
        return "nothing"
    return ", ".join("the letter" if u is None else f"item {u + 1}"
                     for u in sorted(units, key=lambda u: -1 if u is None else u))


if __name__ == "__main__":
    raise SystemExit(main())
