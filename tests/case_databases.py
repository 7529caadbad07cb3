"""Case databases for tests: real SQLite files made through the workbench's own store."""

from __future__ import annotations

from pathlib import Path

from workbench.profile import load_profile
from workbench.startup import open_workbench
from workbench.store import CaseStore


def make_database(path: Path, cases: int) -> Path:
    """A workbench database at ``path`` holding ``cases`` new cases (numbered CM26-0000000…)."""
    database = open_workbench(str(path))
    store = CaseStore(database)
    for number in range(cases):
        store.add(load_profile(database).new_case(case_number=f"CM26-{number:07d}"))
    database.close()
    return path
