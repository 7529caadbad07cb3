"""Logging that never writes case data.

Messages in the code carry ids and counts only; exceptions are logged by type
and stack, without their message, since a message may quote a document.
The log file is readable by its owner only, and so is its folder when the
workbench creates it (an existing folder is left as it is).
"""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path

from platformdirs import user_log_path

from workbench.safe_files import private_folder

APP_NAME = "imr-workbench"


class _NoMessageFormatter(logging.Formatter):
    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        kind, _value, tb = ei
        stack = "".join(traceback.format_tb(tb))
        return f"Traceback (message withheld):\n{stack}{kind.__name__ if kind else 'Error'}"


def log_file() -> Path:
    return user_log_path(APP_NAME, appauthor=False) / "workbench.log"


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send the root logger to the owner-only log file; returns its path, or None if unwritable."""
    path = log_file()
    try:
        private_folder(path.parent)
        os.close(os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600))
        os.chmod(path, 0o600)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(_NoMessageFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return path
