"""First starts killed at random moments: how many leave a database the next start cannot use.

Each run starts a real child process that opens a new database (schema,
migration stamp, seed library, write-ahead log) and kills it with SIGKILL at a
moment drawn uniformly within the measured duration of a first start, counted
from when the child has loaded its modules. A normal start then opens the same
path; the database is unusable if that start fails, or if it lacks the seed
library or fails ``PRAGMA integrity_check``.

    .venv/bin/python -m bench.first_start_kills [--runs 100]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "workbench.sqlite3"

# Loads the modules, says so with one byte, then makes the database and prints
# how long that took.
CHILD = """
import sys, time
from workbench.startup import open_workbench
sys.stdout.write("r"); sys.stdout.flush()
started = time.perf_counter()
open_workbench(sys.argv[1]).close()
sys.stdout.write(f"{time.perf_counter() - started}\\n"); sys.stdout.flush()
"""


def _start(path: Path) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if child.stdout.read(1) != b"r":
        child.wait()
        raise RuntimeError("the first-start child failed before opening the database")
    return child


def first_start_seconds(folder: Path, runs: int = 3) -> float:
    """The median time a child takes to make a new database, modules already loaded."""
    durations = []
    for run in range(runs):
        child = _start(folder / f"measure{run}" / NAME)
        out, _ = child.communicate(timeout=120)
        if child.returncode != 0:
            raise RuntimeError("a first start failed")
        durations.append(float(out.decode()))
    return statistics.median(durations)


def _usable(path: Path) -> bool:
    """A normal start opens it, and it holds the seed library and passes the integrity check."""
    from sqlalchemy import func, select

    from db.models import GuidelineEntryRow
    from workbench.errors import WorkbenchError
    from workbench.startup import open_workbench

    try:
        database = open_workbench(str(path))
    except WorkbenchError:
        return False
    try:
        with database.session() as session:
            entries = session.scalar(select(func.count()).select_from(GuidelineEntryRow))
    finally:
        database.close()
    with sqlite3.connect(path) as connection:
        check = connection.execute("PRAGMA integrity_check").fetchall()
    connection.close()
    return bool(entries) and check == [("ok",)]


def _build_files(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.startswith(f".{NAME}.new-")]


def first_start_kills(runs: int, folder: Path, seed: int = 0) -> dict:
    """Kill ``runs`` first starts, each into a fresh folder under ``folder``, and open each after.

    Returns counts: ``runs``; ``unusable`` (databases the next start cannot
    use); ``leftovers`` (temporary files still there after the next start);
    ``interrupted_builds`` (kills that left a build's temporary files, i.e.
    landed while the database was being made); ``database_there`` (kills after
    the database took its name); ``finished`` (children that ended before the
    kill); and ``start_seconds``, the measured first-start duration.
    """
    rng = random.Random(seed)
    duration = first_start_seconds(folder)
    counts = {"runs": runs, "unusable": 0, "leftovers": 0, "interrupted_builds": 0,
              "database_there": 0, "finished": 0, "start_seconds": round(duration, 3)}
    for run in range(runs):
        place = folder / f"run{run}"
        path = place / NAME
        child = _start(path)
        time.sleep(rng.uniform(0, duration))
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
        else:
            counts["finished"] += 1
        child.communicate(timeout=60)
        if place.exists():
            counts["interrupted_builds"] += bool(_build_files(place))
        counts["database_there"] += path.exists()
        if not _usable(path):
            counts["unusable"] += 1
        counts["leftovers"] += len(_build_files(place))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="first-start-kills-") as folder:
        counts = first_start_kills(args.runs, Path(folder), args.seed)
    print(f"first start: {counts['start_seconds'] * 1000:.0f} ms (modules loaded)")
    print(f"killed runs: {counts['runs']} ({counts['finished']} finished before the kill, "
          f"{counts['interrupted_builds']} killed while building, "
          f"{counts['database_there']} after the database took its name)")
    print(f"unusable databases: {counts['unusable']}")
    print(f"temporary files left after the next start: {counts['leftovers']}")


if __name__ == "__main__":
    main()
