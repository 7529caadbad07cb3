from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# Qt widgets in tests draw offscreen, with the window's settings kept per test.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cases.sqlite3'}"


@pytest.fixture
def database(tmp_path: Path):
    """A new case database in tmp_path, closed after the test."""
    from db.database import open_database

    database = open_database(str(tmp_path / "cases.sqlite3"))
    yield database
    database.close()


@pytest.fixture
def case_id(database) -> int:
    """An empty case in ``database``, for records to be imported into."""
    from workbench.case import Case
    from workbench.store import CaseStore

    return CaseStore(database).add(Case("MAXIMUS Federal Services", "MAXIMUS"))


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
    env["IMR_WORKBENCH_CONFIG"] = str(tmp_path / "config")

    def run(*args: str, environment: dict[str, str | None] | None = None) -> Result:
        """``environment`` changes the child's variables (None removes one)."""
        child = dict(env)
        for name, value in (environment or {}).items():
            if value is None:
                child.pop(name, None)
            else:
                child[name] = value
        done = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), *args],
            capture_output=True, text=True, env=child, cwd=tmp_path, timeout=120,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    run.db_path = tmp_path / "cli.sqlite3"
    return run


def pytest_collection_modifyitems(items):
    if not SEED_FILES:
        raise pytest.UsageError(f"the seed letters are missing: expected them in {SEEDS}")


@pytest.fixture
def window(tmp_path: Path, qtbot, monkeypatch):
    """The real main window on a fresh SQLite file, with its settings in tmp_path."""
    monkeypatch.setenv("IMR_WORKBENCH_CONFIG", str(tmp_path / "config"))
    from workbench.startup import open_workbench
    from workbench.ui.window import MainWindow

    database = open_workbench(str(tmp_path / "cases.sqlite3"))
    main = MainWindow(database)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.editor.flush()
    main.tasks.cancel_all()
    main.editor.saver.stop()


@pytest.fixture
def open_case(window):
    """A new, empty case opened in the window; returns its id."""
    from workbench.profile import load_profile

    case_id = window.store.add(load_profile(window.database).new_case(case_number="CM26-0000777"))
    window.open_case(case_id)
    return case_id
