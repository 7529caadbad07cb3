"""An edit survives the program being killed: no Save action, no clean exit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

from workbench.profile import load_profile
from workbench.startup import open_workbench
from workbench.store import CaseStore
from workbench.summary.form import SummaryForm

CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from workbench.ui.app import application
app = application()
from workbench.startup import open_workbench
from workbench.ui.window import MainWindow

window = MainWindow(open_workbench(sys.argv[1]))
window.show()
window.open_case(int(sys.argv[2]))
field = window.workspace.summary.fields["mechanism"]

def type_it():
    field.setFocus()
    QTest.keyClicks(field, "lifting a 40-pound box")
    print("edited", flush=True)

QTimer.singleShot(0, type_it)
app.exec()
"""


def test_an_edit_is_in_the_database_two_seconds_later_even_after_sigkill(tmp_path: Path):
    db_path = str(tmp_path / "cases.sqlite3")
    database = open_workbench(db_path)
    case_id = CaseStore(database).add(load_profile(database).new_case(case_number="CM26-0000001"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               IMR_WORKBENCH_CONFIG=str(tmp_path / "config"))
    child = subprocess.Popen([sys.executable, "-c", CHILD, db_path, str(case_id)], cwd=ROOT,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "edited"
        time.sleep(2.0)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL

    case = CaseStore(open_workbench(db_path)).get(case_id)
    assert SummaryForm.from_dict(case.summary_form).mechanism == "lifting a 40-pound box"
