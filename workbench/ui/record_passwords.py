"""Asking for the password of records saved with one, and importing them again with it.

An import says of a password-protected PDF or DOCX only that it needs its
password (``records.protection``); the command line takes ``--password``, and
the window asks here, once the batch is done: one prompt naming the files,
whose password imports them again. A password that does not open them brings
the prompt back saying so, until the reviewer cancels; files with different
passwords are imported over successive prompts. The password is kept nowhere:
it goes to the reading processes on their standard input, as the command
line's does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit

from workbench.records.protection import needs_password, password_refused

if TYPE_CHECKING:
    from workbench.records.intake import ImportResult

TITLE = "Password-Protected Records"
Retry = Callable[[list[Path], str], object]


def offer_passwords(results: Sequence[ImportResult], paths: Sequence[Path], retry: Retry) -> None:
    """After an import: ask for the password of the files that need one (if any), then
    ``retry(those paths, password)``. The prompt opens once the import's own signals are done."""
    by_name: dict[str, Path] = {}
    for path in paths:
        by_name.setdefault(path.name, path)
    locked = [result for result in results if needs_password(result) and result.name in by_name]
    if not locked:
        return
    refused = all(password_refused(result) for result in locked)
    files = [by_name[result.name] for result in locked]
    QTimer.singleShot(0, lambda: _ask(files, refused, retry))


def prompt_text(names: Sequence[str], refused: bool) -> str:
    listed = ", ".join(names)
    if refused:
        return f"The password given does not open {listed}.\nTry another password:"
    if len(names) == 1:
        return f"{listed} is password-protected.\nEnter its password to import it:"
    return f"{listed} are password-protected.\nEnter their password to import them:"


def _ask(files: list[Path], refused: bool, retry: Retry) -> None:
    dialog = QInputDialog(QApplication.activeWindow())
    dialog.setObjectName("record_password")
    dialog.setWindowTitle(TITLE)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setLabelText(prompt_text([path.name for path in files], refused))
    dialog.setOkButtonText("Import")
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        password = dialog.textValue()
    finally:
        dialog.deleteLater()
    if accepted and password:
        retry(files, password)
