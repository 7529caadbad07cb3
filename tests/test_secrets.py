"""No secret in the window's settings file; settings and logs readable by their owner only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from conftest import ROOT
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from workbench.errors import WorkbenchError
from workbench.ui import preferences

SERVICE = "imr-workbench"


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in a dict: a real backend for the ``keyring`` interface."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def config(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("IMR_WORKBENCH_CONFIG", str(folder))
    previous = keyring.get_keyring()
    yield folder
    keyring.set_keyring(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def never_ask(url: str) -> str:
    raise AssertionError(f"asked for a password that is kept: {url}")


def test_a_database_password_goes_to_the_keyring_not_the_file(config: Path):
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    preferences.set_database_url("postgresql://reviewer:s3cret@db.example/imr")
    text = (config / "window.ini").read_text()
    assert "s3cret" not in text and "postgresql://reviewer@db.example/imr" in text
    assert mode(config / "window.ini") == 0o600 and mode(config) == 0o700
    assert backend.passwords == {(SERVICE, "postgresql://reviewer@db.example/imr"): "s3cret"}
    assert preferences.database_url() == "postgresql://reviewer@db.example/imr"
    assert preferences.start_url(ask=never_ask) == "postgresql://reviewer:s3cret@db.example/imr"
    preferences.remember_case(3)  # any later write keeps the file owner-only and secret-free
    assert mode(config / "window.ini") == 0o600
    assert "s3cret" not in (config / "window.ini").read_text()


def test_an_old_settings_file_is_rewritten_without_its_password(config: Path):
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    config.mkdir(mode=0o755)
    os.chmod(config, 0o755)
    old = config / "window.ini"
    old.write_text("[database]\nurl=postgresql://reviewer:0ld@db.example/imr\n")
    os.chmod(old, 0o644)
    assert preferences.database_url() == "postgresql://reviewer@db.example/imr"
    assert "0ld" not in old.read_text() and mode(old) == 0o600
    assert mode(config) == 0o755  # a folder that was there is left as it was
    assert backend.passwords[(SERVICE, "postgresql://reviewer@db.example/imr")] == "0ld"


def test_a_url_without_password_never_asks(config: Path):
    keyring.set_keyring(fail.Keyring())
    preferences.set_database_url("postgresql://reviewer@peer.example/imr")
    assert not preferences.must_ask_password("postgresql://reviewer@peer.example/imr")
    assert preferences.start_url(ask=never_ask) == "postgresql://reviewer@peer.example/imr"
    preferences.set_database_url(None)
    assert preferences.start_url(ask=never_ask) is None


NEXT_START = """
import sys
from workbench.ui import preferences
bare = preferences.database_url()
print(preferences.must_ask_password(bare))
print(preferences.start_url(ask=lambda url: "typed" if "s3cret" not in url else "shown"))
"""


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring])
def test_without_a_keyring_the_next_start_asks(config: Path, backend):
    keyring.set_keyring(backend())
    url = f"postgresql://reviewer:s3cret@{backend.__module__.split('.')[-1]}.example/imr"
    preferences.set_database_url(url)
    bare = url.replace(":s3cret", "")
    assert "s3cret" not in (config / "window.ini").read_text()
    assert preferences.start_url(ask=never_ask) == url  # this run still knows it
    env = dict(os.environ, PYTHONPATH=str(ROOT),
               PYTHON_KEYRING_BACKEND=f"{backend.__module__}.{backend.__name__}")
    done = subprocess.run([sys.executable, "-c", NEXT_START], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["True", bare.replace("@", ":typed@")]


def answer_password(qtbot, text: str | None) -> list:
    """Answer the password dialog once it shows: type ``text`` and accept, or cancel if None."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

    seen = []

    def answer() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QInputDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, answer)
            return
        dialog = dialogs[0]
        seen.append((dialog.textEchoMode() == QLineEdit.Password, dialog.labelText()))
        if text is None:
            dialog.reject()
        else:
            dialog.setTextValue(text)
            dialog.accept()

    QTimer.singleShot(0, answer)
    return seen


def test_the_start_asks_in_a_dialog_that_hides_the_password(config: Path, qtbot):
    keyring.set_keyring(fail.Keyring())
    config.mkdir()
    (config / "window.ini").write_text(
        "[database]\nurl=postgresql://reviewer@dialog.example/imr\nhas_password=true\n")
    seen = answer_password(qtbot, "typed")
    assert preferences.start_url() == "postgresql://reviewer:typed@dialog.example/imr"
    assert seen and seen[0][0] is True and "typed" not in seen[0][1]
    assert preferences.start_url(ask=never_ask).endswith(":typed@dialog.example/imr")


def test_declining_to_give_the_password_is_one_line(config: Path, qtbot):
    keyring.set_keyring(fail.Keyring())
    config.mkdir()
    (config / "window.ini").write_text(
        "[database]\nurl=postgresql://reviewer@declined.example/imr\nhas_password=true\n")
    answer_password(qtbot, None)
    with pytest.raises(WorkbenchError) as caught:
        preferences.start_url()
    assert "\n" not in str(caught.value) and "password" in str(caught.value)


def test_the_settings_dialog_never_shows_the_password(window, qtbot, config: Path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    from workbench.ui.settings_dialog import SettingsDialog

    keyring.set_keyring(MemoryKeyring())
    dialog = SettingsDialog(window.database, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.database_url.setText("postgresql://reviewer:s3cret@settings.example/imr")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert preferences.database_url() == "postgresql://reviewer@settings.example/imr"
    again = SettingsDialog(window.database, window)
    qtbot.addWidget(again)
    assert again.database_url.text() == "postgresql://reviewer@settings.example/imr"
    assert "s3cret" not in (config / "window.ini").read_text()


LOGGING = "from workbench.logs import setup_logging; print(setup_logging())"


def test_the_log_folder_is_made_owner_only(tmp_path: Path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_STATE_HOME=str(tmp_path / "state"))
    done = subprocess.run([sys.executable, "-c", LOGGING], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    log = Path(done.stdout.strip())
    assert log.is_relative_to(tmp_path / "state")
    assert mode(log) == 0o600 and mode(log.parent) == 0o700


def test_an_existing_log_folder_is_left_as_it_is(tmp_path: Path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_STATE_HOME=str(tmp_path / "state"))
    folder = tmp_path / "state" / "imr-workbench" / "log"
    folder.mkdir(parents=True)
    os.chmod(folder, 0o750)
    done = subprocess.run([sys.executable, "-c", LOGGING], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert Path(done.stdout.strip()) == folder / "workbench.log"
    assert mode(folder) == 0o750 and mode(folder / "workbench.log") == 0o600
