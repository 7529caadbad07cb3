"""Where the window keeps its own settings: layout, recent cases, folders, database location.

An INI file in the per-user config folder (``IMR_WORKBENCH_CONFIG`` names
another folder, which is how tests keep theirs apart). The reviewer's letter
defaults live in the database instead (``workbench.profile``).

The file is readable by its owner only (0600; its folder 0700 when the
workbench creates it) and never holds a secret: a database URL is stored
without its password, which goes to the system keyring (``keyring``), keyed
by the URL without password. Where no keyring works (a headless Linux), the
window asks for the password at start and keeps it in memory only.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path

import keyring
from keyring.errors import KeyringError
from platformdirs import user_config_path
from PySide6.QtCore import QSettings
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from workbench.errors import WorkbenchError
from workbench.logs import APP_NAME
from workbench.safe_files import OWNER_ONLY, private_folder

RECENT_LIMIT = 8
KEYRING_SERVICE = APP_NAME
SETTINGS_NAME = "window.ini"

log = logging.getLogger(__name__)

# Passwords given in this run that no keyring could keep: URL without password -> password.
_session_passwords: dict[str, str] = {}


def config_folder() -> Path:
    override = os.environ.get("IMR_WORKBENCH_CONFIG")
    return Path(override) if override else user_config_path(APP_NAME, appauthor=False)


def settings_file() -> Path:
    return config_folder() / SETTINGS_NAME


def settings() -> QSettings:
    """The window's settings, in a file that exists and is owner-only before Qt writes it.

    Qt rewrites the file through a temporary file but keeps the mode of the
    file it replaces, so creating it 0600 first keeps it 0600 (``_stored``
    checks after each write all the same).
    """
    path = settings_file()
    private_folder(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, OWNER_ONLY))
    _owner_only(path)
    return QSettings(str(path), QSettings.IniFormat)


def _owner_only(path: Path) -> None:
    """Make the workbench's own settings file 0600 (an older version wrote it 0644)."""
    if path.exists() and stat.S_IMODE(path.stat().st_mode) != OWNER_ONLY:
        os.chmod(path, OWNER_ONLY)


def _stored(key: str, value: object) -> None:
    """Write one setting to disk now, and keep the file owner-only."""
    store = settings()
    store.setValue(key, value)
    store.sync()
    _owner_only(settings_file())


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
    _stored("cases/recent", [str(c) for c in recent[:RECENT_LIMIT]])


def forget_case(case_id: int) -> None:
    _stored("cases/recent", [str(c) for c in recent_cases() if c != case_id])


def database_url() -> str | None:
    """The database URL for the next start, without its password; None: the default file.

    A URL stored with its password (by an older version) is rewritten
    without it here, the password moved to the keyring, or kept for this run
    only when no keyring works.
    """
    value = str(settings().value("database/url", "") or "")
    if not value:
        return None
    bare, password = split_password(value)
    if password is not None:
        set_database_url(value)
    return bare


def set_database_url(url: str | None) -> None:
    """Store ``url`` for the next start: its password in the keyring, the rest in the file."""
    bare, password = split_password(url) if url else (None, None)
    if bare is not None and password is not None:
        _keep_password(bare, password)
    _stored("database/has_password", password is not None)
    _stored("database/url", bare or "")


def split_password(url: str) -> tuple[str, str | None]:
    """``url`` without its password, and the password (None when it has none or is no URL)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url, None
    if parsed.password is None:
        return url, None
    # URL.set(password=None) keeps the password (None means "unchanged" there): rebuild instead
    bare = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port,
                      parsed.database, parsed.query).render_as_string(hide_password=False)
    return bare, str(parsed.password)


def with_password(url: str, password: str) -> str:
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def _keep_password(bare: str, password: str) -> None:
    """The keyring keeps it if one works (read back to be sure); else this run's memory."""
    try:
        keyring.set_password(KEYRING_SERVICE, bare, password)
        if keyring.get_password(KEYRING_SERVICE, bare) == password:
            _session_passwords.pop(bare, None)
            return
    except KeyringError as error:
        log.info("no keyring for the database password (%s)", type(error).__name__)
    _session_passwords[bare] = password


def stored_password(bare: str) -> str | None:
    """The password kept for the URL ``bare``: from this run's memory, else the keyring."""
    if bare in _session_passwords:
        return _session_passwords[bare]
    try:
        return keyring.get_password(KEYRING_SERVICE, bare)
    except KeyringError as error:
        log.info("no keyring for the database password (%s)", type(error).__name__)
        return None


def must_ask_password(bare: str) -> bool:
    """Whether the start must ask for the password of ``bare``.

    Only a URL that was given with a password, when neither this run nor a
    keyring has it (no keyring works, or its entry was removed). A URL
    without password (peer or trust authentication) is never asked about.
    """
    given = settings().value("database/has_password", False, type=bool)
    return bool(given) and stored_password(bare) is None


def start_url(ask: Callable[[str], str | None] | None = None) -> str | None:
    """The stored database URL with its password, ready to open; None: the default file.

    ``ask(url shown without password)`` gives the password when it must be
    asked for (default: ``ask_password``); what it gives is kept for this run.
    Raises WorkbenchError when the reviewer declines to give it.
    """
    bare = database_url()
    if bare is None:
        return None
    password = stored_password(bare)
    if password is None and must_ask_password(bare):
        password = (ask or ask_password)(bare)
        if password is None:
            raise WorkbenchError("No database password given; the workbench needs it to start")
        _session_passwords[bare] = password
    return bare if password is None else with_password(bare, password)


def ask_password(bare: str, parent=None) -> str | None:
    """Ask for the database password in a dialog that hides what is typed; None if cancelled."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Database Password")
    dialog.setLabelText(f"Password for {bare}\n"
                        "(no keyring on this system keeps it; it is kept until you quit):")
    dialog.setTextEchoMode(QLineEdit.Password)
    dialog.setInputMode(QInputDialog.TextInput)
    accepted = dialog.exec() == QInputDialog.Accepted
    password = dialog.textValue()
    dialog.deleteLater()
    return password if accepted else None


def folder(kind: str) -> str:
    """The folder last used for ``kind`` (exports, records), else the home folder."""
    value = str(settings().value(f"folders/{kind}", "") or "")
    return value if value and Path(value).is_dir() else str(Path.home())


def remember_folder(kind: str, path: Path) -> None:
    _stored(f"folders/{kind}", str(path if path.is_dir() else path.parent))
