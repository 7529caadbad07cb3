from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cases.sqlite3'}"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(tmp_path: Path):
    """Run ``python main.py ...`` in a child process against a database in tmp_path."""
    env = dict(os.environ)
    env["WORKBENCH_DB"] = str(tmp_path / "cli.sqlite3")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")

    def run(*args: str) -> Result:
        done = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), *args],
            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    run.db_path = tmp_path / "cli.sqlite3"
    return run


def pytest_collection_modifyitems(items):
    if not SEED_FILES:
        raise pytest.UsageError(f"the seed letters are missing: expected them in {SEEDS}")
