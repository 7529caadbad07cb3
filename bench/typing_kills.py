"""The window killed while the reviewer types: is the database intact, and how much typing is lost?

Each run starts the real window in a child process (offscreen, its own
database file and settings folder) with a case open, and types into one text
field at a steady pace with real key events: the clinical summary, an item's
rationale or a form field, in turn. The child reports each word it typed on
stdout with a monotonic timestamp (the clock is system-wide, so the parent's
readings compare with it). The parent kills it with SIGKILL at a random moment,
then opens the database as the next start would (``open_workbench``) and
checks that it passes ``PRAGMA integrity_check`` and that the case reads back,
and how much of the typed text is there.

The promise to the reviewer is that an edit is stored within a second; a run
"lost edits" if text typed more than ``LOST_AFTER`` seconds before the kill is
missing. Run as part of ``python -m bench.durability``, or alone:

    .venv/bin/python -m bench.typing_kills [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOST_AFTER = 2.0  # seconds: text older than this at the kill must be in the database
FIELDS = ("summary", "rationale", "form")  # runs take them in turn
WORD_INTERVAL_MS = 60  # one word and its space per tick: about 120 characters a second
KILL_AFTER = (0.3, 3.0)  # seconds after the first word, drawn uniformly

WORDS = ("the claimant reports persistent low back pain radiating to the left leg since the "
         "injury at work while lifting a box and physical therapy gave partial relief while "
         "the lumbar MRI shows a disc protrusion at L4-L5 without nerve root compression and "
         "the treating physician requests an epidural steroid injection").split()

# The child: the window with the case open, typing one word per tick into the field, and
# after each word "<monotonic start> <monotonic end> <characters typed so far>" on stdout.
CHILD = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from workbench.ui.app import application
app = application()
from bench.typing_kills import focus_field, typed_text
from workbench.startup import open_workbench
from workbench.ui.window import MainWindow

db_path, case_id, which, seed, interval = sys.argv[1:6]
window = MainWindow(open_workbench(db_path))
window.show()
window.open_case(int(case_id))
widget = focus_field(window, which)
text = typed_text(int(seed))
words = iter(text.split(" "))
done = 0

def type_word():
    global done
    word = next(words) + " "
    started = time.monotonic()
    QTest.keyClicks(widget, word)
    done += len(word)
    print(f"{started:.6f} {time.monotonic():.6f} {done}", flush=True)

timer = QTimer(interval=int(interval))
timer.timeout.connect(type_word)
print("ready", flush=True)
QTimer.singleShot(0, timer.start)
app.exec()
"""


def typed_text(seed: int, words: int = 2000) -> str:
    """The words a run types, in order, one space after each: ``"the lumbar MRI shows ... "``.

    Far more than a run can type; the child and the parent draw the same words from ``seed``.
    """
    rng = random.Random(seed)
    return "".join(rng.choice(WORDS) + " " for _ in range(words))


def focus_field(window, which: str):
    """Show and focus the widget ``which`` names in the window; returns it (child side).

    ``summary``: the clinical summary; ``rationale``: the first item's rationale;
    ``form``: the form's mechanism-of-injury line.
    """
    from workbench.ui.workspace import ITEMS_TAB, SUMMARY_TAB

    workspace = window.workspace
    if which == "summary":
        workspace.show_tab(SUMMARY_TAB)
        widget = workspace.summary.narrative
    elif which == "rationale":
        workspace.show_tab(ITEMS_TAB)
        widget = workspace.items.rationale
    else:
        workspace.show_tab(SUMMARY_TAB)
        widget = workspace.summary.fields["mechanism"]
    window.activateWindow()
    widget.setFocus()
    return widget


def stored_text(case, which: str) -> str:
    """What the database holds of the field ``which`` (parent side), trailing space dropped."""
    if which == "summary":
        text = "\n\n".join(case.summary)
    elif which == "rationale":
        text = "\n\n".join(case.items[0].rationale)
    else:
        from workbench.summary.form import SummaryForm

        text = SummaryForm.from_dict(case.summary_form).mechanism or ""
    return text.rstrip()


@dataclass
class Word:
    """One report from the child: a word typed between ``started`` and ``ended``."""

    started: float
    ended: float
    typed: int  # characters typed so far, this word included


@dataclass
class Run:
    """What one killed run showed; shapes are plain numbers and booleans."""

    which: str
    killed_at: float  # time.monotonic() in the parent just before SIGKILL
    words: list[Word] = field(default_factory=list)
    corrupt: bool = False
    saved: int = 0  # characters of the typed text found in the database
    garbled: bool = False  # the database holds text that was not typed

    @property
    def typed(self) -> int:
        return self.words[-1].typed if self.words else 0

    @property
    def must_be_saved(self) -> int:
        """Characters typed more than LOST_AFTER seconds before the kill."""
        old = [w.typed for w in self.words if w.ended <= self.killed_at - LOST_AFTER]
        return old[-1] if old else 0

    @property
    def lost(self) -> bool:
        return self.garbled or self.saved < self.must_be_saved

    @property
    def unsaved_seconds(self) -> float:
        """From the oldest keystroke not in the database to the kill (0 if all is there)."""
        for word in self.words:
            if word.typed > self.saved:
                return max(0.0, self.killed_at - word.started)
        return 0.0


def _new_case(db_path: Path) -> int:
    from workbench.case import Decision, Item
    from workbench.profile import load_profile
    from workbench.startup import open_workbench
    from workbench.store import CaseStore

    database = open_workbench(str(db_path))
    try:
        case = load_profile(database).new_case(case_number="CM26-0000001")
        case.items.append(Item("Lumbar epidural steroid injection", Decision.UPHELD))
        return CaseStore(database).add(case)
    finally:
        database.close()


def _check(run: Run, db_path: Path, case_id: int, text: str) -> None:
    """Open the database as the next start would; fill in ``corrupt``, ``saved``, ``garbled``."""
    from workbench.startup import open_workbench
    from workbench.store import CaseStore

    try:
        database = open_workbench(str(db_path))
        try:
            case = CaseStore(database).get(case_id)
        finally:
            database.close()
        with sqlite3.connect(db_path) as connection:
            verdict = connection.execute("PRAGMA integrity_check").fetchall()
        connection.close()
    except Exception:  # any failure to open or read is an unusable database
        run.corrupt = True
        return
    if verdict != [("ok",)]:
        run.corrupt = True
        return
    stored = stored_text(case, run.which)
    if not text.startswith(stored):
        run.garbled = True
        return
    run.saved = len(stored) + (text[len(stored):len(stored) + 1] == " ")


def _read_reports(stream, words: list[Word]) -> None:
    for line in stream:
        parts = line.split()
        if len(parts) != 3 or not line.endswith("\n"):
            continue  # a line cut short by the kill: that word's report never arrived
        words.append(Word(float(parts[0]), float(parts[1]), int(parts[2])))


def kill_while_typing(folder: Path, which: str, seed: int, kill_after: float) -> Run:
    """One run in ``folder``: start, type, SIGKILL ``kill_after`` s after the first word, check."""
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / "workbench.sqlite3"
    case_id = _new_case(db_path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               IMR_WORKBENCH_CONFIG=str(folder / "config"),
               XDG_DATA_HOME=str(folder / "data"), XDG_STATE_HOME=str(folder / "state"),
               XDG_CACHE_HOME=str(folder / "cache"))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), str(case_id), which, str(seed),
         str(WORD_INTERVAL_MS)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    words: list[Word] = []
    try:
        if child.stdout.readline().strip() != "ready":
            child.wait(60)
            raise RuntimeError("the window did not start in the child process")
        reader = threading.Thread(target=_read_reports, args=(child.stdout, words), daemon=True)
        reader.start()
        first_word = time.monotonic() + 5.0
        while not words and time.monotonic() < first_word:
            time.sleep(0.005)
        if not words:
            raise RuntimeError("the child started but typed nothing")
        time.sleep(max(0.0, words[0].ended + kill_after - time.monotonic()))
        killed_at = time.monotonic()
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        reader.join(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)
    run = Run(which, killed_at, list(words))
    _check(run, db_path, case_id, typed_text(seed))
    return run


def typing_kills(runs: int, folder: Path, seed: int = 0,
                 kill_after: tuple[float, float] = KILL_AFTER) -> dict:
    """Kill ``runs`` typing windows, each in its own folder under ``folder``; returns the figures.

    Keys: ``runs``; ``corrupt`` (databases the next start cannot use or that fail the
    integrity check); ``lost`` (runs missing text typed more than LOST_AFTER s before
    the kill, or holding text that was not typed); ``most_lost_seconds`` (the longest
    span from the oldest keystroke not in the database to the kill, over all runs);
    ``checked`` (runs that had typing older than LOST_AFTER s, so the lost check
    applied); ``typed`` and ``saved`` (characters, summed over runs).
    """
    rng = random.Random(seed)
    figures = dict(runs=runs, corrupt=0, lost=0, most_lost_seconds=0.0, checked=0,
                   typed=0, saved=0)
    for number in range(runs):
        run = kill_while_typing(folder / f"run{number}", FIELDS[number % len(FIELDS)],
                                seed * 100_000 + number, rng.uniform(*kill_after))
        figures["typed"] += run.typed
        figures["checked"] += run.must_be_saved > 0
        if run.corrupt:  # nothing of it can be read: counted here, not as lost typing
            figures["corrupt"] += 1
            continue
        figures["lost"] += run.lost
        figures["saved"] += run.saved
        figures["most_lost_seconds"] = round(max(figures["most_lost_seconds"],
                                                 run.unsaved_seconds), 3)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="typing-kills-") as folder:
        figures = typing_kills(args.runs, Path(folder), args.seed)
    for name, value in figures.items():
        print(f"{name:>18}: {value}")


if __name__ == "__main__":
    main()
