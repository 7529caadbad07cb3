"""The real window on a real X server (Xvfb), as on a reviewer's desktop, not only offscreen.

A machine without the X libraries Qt's platform plugin needs fails here with
"could not load the Qt platform plugin xcb"; ``./run`` and ``./test`` install
them (scripts/setup.sh reads the plugin's own dependency list).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TITLE = "IMR Reviewer Workbench"

SHOW_AND_STOP = f"""
"{sys.executable}" "{ROOT / 'main.py'}" --db "$1" 2>"$2" &
pid=$!
for _ in $(seq 300); do
    if xwininfo -root -tree | grep -q "{TITLE}"; then
        xwininfo -root -tree | grep "{TITLE}" > "$3"
        kill $pid; wait $pid; exit 0
    fi
    kill -0 $pid 2>/dev/null || exit 3
    sleep 0.1
done
kill $pid; exit 4
"""


def test_the_window_opens_on_an_x_server(tmp_path: Path):
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", IMR_WORKBENCH_CONFIG=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "state"))
    stderr, shown = tmp_path / "stderr.txt", tmp_path / "windows.txt"
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "sh", "-c", SHOW_AND_STOP, "show",
         str(tmp_path / "cases.sqlite3"), str(stderr), str(shown)],
        env=env, capture_output=True, text=True, timeout=120)
    errors = stderr.read_text() if stderr.exists() else ""
    assert done.returncode == 0, f"exit {done.returncode}: {errors[-2000:]}"
    assert "could not load the Qt platform plugin" not in errors
    assert TITLE in shown.read_text()
    assert (tmp_path / "cases.sqlite3").stat().st_size > 0
