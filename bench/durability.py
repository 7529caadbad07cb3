"""Durability: the program killed at random moments, and what the next start finds.

    .venv/bin/python -m bench.durability [--runs 100] [--seed 0]

Loops, each ``runs`` kills with SIGKILL:

- typing: the window killed while the reviewer types (``bench.typing_kills``);
  targets: 0 corrupt databases, no edit older than 2 s lost.
- first start: the first start killed while it makes the database
  (``bench.first_start_kills``), if present; target: 0 unusable databases.
- export: a letter export killed while it writes (``bench.export_kills``), if
  present; target: 0 mixed pairs of letter files.

Prints one table row per loop: runs, corrupt databases, lost edits, most typing
lost (seconds from the oldest keystroke missing from the database to the kill).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.typing_kills import LOST_AFTER, typing_kills  # noqa: E402

COLUMNS = ("loop", "runs", "corrupt databases", "lost edits", "most typing lost", "other")


def _optional(module: str, function: str):
    """The kill loop ``module.function`` if that module exists, else None."""
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as missing:
        if missing.name != module:
            raise
        return None
    return getattr(loaded, function, None)


def _row(loop: str, figures: dict, seconds: float) -> list[str]:
    """One table row from a loop's counts: shapes ``{"runs": int, ...}``."""
    corrupt = figures.get("corrupt", figures.get("unusable", figures.get("mixed")))
    lost = figures.get("lost")
    most = figures.get("most_lost_seconds")
    shown = {"runs", "corrupt", "unusable", "mixed", "lost", "most_lost_seconds"}
    other = ", ".join(f"{name} {value}" for name, value in figures.items() if name not in shown)
    if "corrupt" not in figures and "unusable" not in figures and "mixed" in figures:
        # the export loop counts letter files left as two versions, not databases
        corrupt_cell = f"{corrupt} mixed letter pairs"
    else:
        corrupt_cell = "-" if corrupt is None else str(corrupt)
    return [loop, str(figures["runs"]), corrupt_cell,
            "-" if lost is None else str(lost), "-" if most is None else f"{most:.2f} s",
            "; ".join(part for part in (other, f"{seconds:.0f} s") if part)]


def _print_table(rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in [list(COLUMNS), *rows]) for i in range(len(COLUMNS))]
    for row in [list(COLUMNS), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--typing-only", action="store_true",
                        help="run only the typing loop")
    args = parser.parse_args()

    loops = [("typing", typing_kills)]
    if not args.typing_only:
        for loop, module, function in (("first start", "bench.first_start_kills",
                                        "first_start_kills"),
                                       ("export", "bench.export_kills", "export_kills")):
            found = _optional(module, function)
            if found is None:
                print(f"note: {module}.{function} is not there; the {loop} loop is left out")
            else:
                loops.append((loop, found))

    rows = []
    for loop, run in loops:
        with tempfile.TemporaryDirectory(prefix="durability-") as folder:
            started = time.monotonic()
            figures = (typing_kills(args.runs, Path(folder), args.seed) if run is typing_kills
                       else run(args.runs, Path(folder)))
            rows.append(_row(loop, figures, time.monotonic() - started))
        print(f"{loop}: done", file=sys.stderr, flush=True)
    print(f"targets: {args.runs} kills while typing, 0 corrupt databases, "
          f"no edit older than {LOST_AFTER:.0f} s lost")
    _print_table(rows)


if __name__ == "__main__":
    main()
