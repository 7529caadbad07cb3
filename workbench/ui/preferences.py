"""Where the window keeps its own settings: layout, recent cases, folders, database location.

An INI file in the per-user config folder (``IMR_WORKBENCH_CONFIG`` names
another folder, which is how tests keep theirs apart). The reviewer's letter
defaults live in the database instead (``workbench.profile``).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path
from PySide6.QtCore import QSettings

from workbench.logs import APP_NAME

RECENT_LIMIT = 8


def config_folder() -> Path:
    override = os.environ.get("IMR_WORKBENCH_CONFIG")
    return Path(override) if override else user_config_path(APP_NAME, appauthor=False)


def settings() -> QSettings:
    folder = config_folder()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "window.ini"), QSettings.IniFormat)


def recent_cases() -> list[int]:
    raw = settings().value("cases/recent", [])
    if isinstance(raw, str):
        raw = [raw]
    result = []
    for value in raw or []:
        try:
            result.append(int(value))
        except (TypeError, ValueError):
            continue
    return result


def remember_case(case_id: int) -> None:
    recent = [case_id] + [c for c in recent_cases() if c != case_id]
    settings().setValue("cases/recent", [str(c) for c in recent[:RECENT_LIMIT]])


def forget_case(case_id: int) -> None:
    settings().setValue("cases/recent", [str(c) for c in recent_cases() if c != case_id])


def database_url() -> str | None:
    value = settings().value("database/url", "")
    return str(value) or None


def set_database_url(url: str | None) -> None:
    settings().setValue("database/url", url or "")


def folder(kind: str) -> str:
    """The folder last used for ``kind`` (exports, records), else the home folder."""
    value = str(settings().value(f"folders/{kind}", "") or "")
    return value if value and Path(value).is_dir() else str(Path.home())


def remember_folder(kind: str, path: Path) -> None:
    settings().setValue(f"folders/{kind}", str(path if path.is_dir() else path.parent))
