"""Typing survives the program being killed: no Save action, no clean exit.

The window runs in a child process and types into the summary, an item's
rationale and a form field in turn; SIGKILL ends it at a random moment at least
two seconds into the typing. The next start finds an intact database holding
everything typed more than two seconds before the kill. The loop is the one
``python -m bench.durability`` runs 100 times (``bench/typing_kills.py``).
"""

from __future__ import annotations

from pathlib import Path

from bench.typing_kills import FIELDS, LOST_AFTER, typing_kills

RUNS = 6  # two per field


def test_typing_killed_six_times_leaves_intact_databases_and_loses_nothing_older_than_two_seconds(
        tmp_path: Path):
    # Killed 2.3 to 3 s after the first word: every run has typing the database must hold.
    figures = typing_kills(RUNS, tmp_path, seed=7, kill_after=(LOST_AFTER + 0.3, LOST_AFTER + 1.0))
    assert len(FIELDS) * 2 == RUNS
    assert figures["runs"] == RUNS
    assert figures["corrupt"] == 0
    assert figures["checked"] == RUNS
    assert figures["lost"] == 0
    assert figures["most_lost_seconds"] < LOST_AFTER
    assert figures["saved"] >= RUNS * 100  # a couple of seconds of typing at each kill
