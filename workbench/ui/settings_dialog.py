"""The Settings dialog: the reviewer's letter defaults and the database location.

The profile (organization, credentials, claimant term) and the documents
reviewed default live in the database, so the command line and the window
share them; the database location lives in the window's own settings and is
read when the workbench starts.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QCompleter, QDialog, QDialogButtonBox, QFileDialog,
    QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
    QPushButton, QRadioButton, QVBoxLayout, QWidget,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from db.database import Database, to_url
from workbench.case import Case, ClaimantTerm, CredentialForm
from workbench.changes import SETTINGS, Changes
from workbench.errors import WorkbenchError
from workbench.letters.document import credential_block_lines, credential_sentence
from workbench.letters.template import default_template
from workbench.profile import Profile, load_profile, save_profile
from workbench.records.documents import documents_reviewed_default
from workbench.resources import load_json
from workbench.ui import preferences
from workbench.ui.editing import CaseEditor
from workbench.ui.operations import Operations


def shown_url(url: str) -> str:
    """A SQLite file as its path, any other URL without its password, for showing on screen."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return f"{parsed.database} (SQLite)"
    return parsed.render_as_string(hide_password=True)


def _sqlite_file(url: str) -> str:
    """A SQLite URL as its file path (what a reviewer recognises); other URLs without password.

    The password lives in the keyring or the run's memory (``preferences``);
    the field shows none, and a URL typed with one is stored without it.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return parsed.database
    return preferences.split_password(url)[0]


class NamesEdit(QLineEdit):
    """Names separated by commas, completing the one being typed from a list of known names."""

    def __init__(self, known: list[str], placeholder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self._completer = QCompleter(QStringListModel(known, self), self)
        self._completer.setCaseSensitivity(Qt.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchContains)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._complete)
        self.textEdited.connect(self._typed)

    def names(self) -> list[str]:
        return [name for name in (part.strip() for part in self.text().split(",")) if name]

    def set_names(self, names: list[str]) -> None:
        self.setText(", ".join(names))

    def _typed(self, text: str) -> None:
        current = text[: self.cursorPosition()].rsplit(",", 1)[-1].strip()
        if len(current) < 2:
            self._completer.popup().hide()
            return
        self._completer.setCompletionPrefix(current)
        self._completer.complete()

    def _complete(self, name: str) -> None:
        before, _, _ = self.text()[: self.cursorPosition()].rpartition(",")
        after = self.text()[self.cursorPosition():].partition(",")[2].strip()
        head = f"{before}, " if before else ""
        tail = f", {after}" if after else ""
        self.setText(head + name + tail)
        self.setCursorPosition(len(head + name))


class SettingsDialog(QDialog):
    def __init__(self, database: Database, parent: QWidget | None = None, *,
                 editor: CaseEditor | None = None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.database = database
        self.editor = editor if editor is not None else getattr(parent, "editor", None)
        self.ops = self.editor.ops if self.editor is not None else Operations(database, self)
        self.template = default_template()
        names = load_json("credential_names.json")
        profile = load_profile(database)

        # -- reviewer profile ----------------------------------------------------
        self.organization = QLineEdit(profile.organization)
        self.organization_short = QLineEdit(profile.organization_short)
        self.organization_short.setMaximumWidth(220)
        self.organization_short.setToolTip("Prints in the item's guideline label, as in "
                                           "\"MAXIMUS guideline:\"")
        self.block = QRadioButton("As a block after the first paragraph")
        self.sentence = QRadioButton("As a sentence inside the first paragraph")
        self.forms = QButtonGroup(self)
        self.forms.addButton(self.block)
        self.forms.addButton(self.sentence)
        (self.sentence if profile.credential_form is CredentialForm.SENTENCE
         else self.block).setChecked(True)
        forms = QVBoxLayout()
        forms.setContentsMargins(0, 0, 0, 0)
        forms.setSpacing(2)
        forms.addWidget(self.block)
        forms.addWidget(self.sentence)
        self.certifications = NamesEdit(names["specialties"],
                                        "for example Orthopedic Surgery, Pain Medicine")
        self.subspecialties = NamesEdit(names["specialties"], "optional")
        self.states = NamesEdit(names["states"], "for example California, Nevada")
        self.certifications.set_names(profile.certifications)
        self.subspecialties.set_names(profile.subspecialties)
        self.states.set_names(profile.licensure_states)
        self.credentials_preview = QPlainTextEdit(readOnly=True)
        serif = QFont("Liberation Serif", 11)
        serif.setStyleHint(QFont.Serif)
        self.credentials_preview.setFont(serif)
        self.credentials_preview.setFixedHeight(QFontMetrics(serif).lineSpacing() * 5 + 14)
        self.credentials_preview.setFocusPolicy(Qt.NoFocus)
        self.credentials_preview.setStyleSheet("QPlainTextEdit { background: white; }")
        self.claimant_term = QComboBox()
        for term in ClaimantTerm:
            self.claimant_term.addItem(f"the {term.value}", term)
        self.claimant_term.setCurrentIndex(self.claimant_term.findData(profile.claimant_term))
        self.claimant_term.setToolTip("What new letters call the claimant; each letter can "
                                      "choose another on its Letter tab")

        profile_form = QFormLayout()
        profile_form.addRow("Organization:", self.organization)
        profile_form.addRow("Short name:", self.organization_short)
        profile_form.addRow("Credentials print:", forms)
        profile_form.addRow("Board certifications:", self.certifications)
        profile_form.addRow("Subspecialties:", self.subspecialties)
        profile_form.addRow("Licensed in:", self.states)
        profile_form.addRow("The letter prints:", self.credentials_preview)
        profile_form.addRow("Call the claimant:", self.claimant_term)
        hint = QLabel("Separate several names with commas. New cases start from this profile; "
                      "the letter never names the reviewer.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        profile_form.addRow(hint)
        self.apply_button = QPushButton("Apply to the Open Case")
        self.apply_button.setToolTip("Give the open case this organization and these credentials "
                                     "(undo with Ctrl+Z)")
        self.apply_button.clicked.connect(self.apply_to_open_case)
        open_case = self.editor is not None and self.editor.case is not None
        self.apply_button.setVisible(open_case)
        if open_case:
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(self.apply_button)
            profile_form.addRow(row)
        profile_box = QGroupBox("Reviewer profile")
        profile_box.setLayout(profile_form)

        # -- letters ---------------------------------------------------------------
        self.documents_reviewed = QCheckBox(
            "Print a DOCUMENTS REVIEWED section listing the case's records, unless a case says "
            "otherwise")
        self.documents_reviewed.setChecked(documents_reviewed_default(database))
        letters_box = QGroupBox("Letters")
        QVBoxLayout(letters_box).addWidget(self.documents_reviewed)

        # -- database --------------------------------------------------------------
        self._stored_url = preferences.database_url()
        self.database_url = QLineEdit(_sqlite_file(self._stored_url or database.url))
        self.database_url.setPlaceholderText("a SQLite file, or postgresql://user@host/imr")
        self.database_url.setToolTip("A SQLite file path, or a SQLAlchemy URL such as "
                                     "postgresql://user@host/imr")
        self._initial_url = self.database_url.text()
        choose = QPushButton("Choose File…")
        choose.clicked.connect(self.choose_database_file)
        default = QPushButton("Use Default")
        default.setToolTip("The workbench's own SQLite file in your user data folder")
        default.clicked.connect(self.use_default_database)
        url_row = QHBoxLayout()
        url_row.addWidget(self.database_url, 1)
        url_row.addWidget(choose)
        url_row.addWidget(default)
        in_use = QLabel(shown_url(database.url))
        in_use.setTextInteractionFlags(Qt.TextSelectableByMouse)
        in_use.setWordWrap(True)
        self.database_note = QLabel("A new location takes effect the next time the workbench "
                                    "starts; a file that does not exist yet is created then.")
        self.database_note.setWordWrap(True)
        database_form = QFormLayout()
        database_form.addRow("In use:", in_use)
        database_form.addRow("Next start:", url_row)
        database_form.addRow(self.database_note)
        database_box = QGroupBox("Database")
        database_box.setLayout(database_form)

        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(profile_box)
        layout.addWidget(letters_box)
        layout.addWidget(database_box)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)

        for edit in (self.certifications, self.subspecialties, self.states):
            edit.textChanged.connect(self._show_credentials)
        self.forms.buttonToggled.connect(lambda *_: self._show_credentials())
        self._show_credentials()

    # -- the profile as entered ------------------------------------------------------
    def profile(self) -> Profile:
        """The profile as the dialog shows it now (not yet saved)."""
        return Profile(
            organization=self.organization.text().strip(),
            organization_short=self.organization_short.text().strip(),
            credential_form=(CredentialForm.SENTENCE if self.sentence.isChecked()
                             else CredentialForm.BLOCK),
            certifications=self.certifications.names(),
            subspecialties=self.subspecialties.names(),
            licensure_states=self.states.names(),
            claimant_term=ClaimantTerm(self.claimant_term.currentData()),
        )

    def _show_credentials(self) -> None:
        profile = self.profile()
        credentials = profile.credentials
        if not (credentials.certifications or credentials.licensure_states):
            self.credentials_preview.setPlainText("Enter the board certifications and states of "
                                             "licensure to see what the letter prints.")
            return
        if credentials.form is CredentialForm.SENTENCE:
            text = credential_sentence(credentials, self.template)
        else:
            text = "\n".join(credential_block_lines(credentials, self.template))
        self.credentials_preview.setPlainText(text)

    def apply_to_open_case(self) -> None:
        if self.editor is None or self.editor.case is None:
            return
        profile = self.profile()

        def change(case: Case) -> None:
            case.organization = profile.organization
            case.organization_short = profile.organization_short
            case.credentials = profile.credentials

        self.editor.edit("Apply the profile's credentials", change)
        self.apply_button.setText("Applied to the Open Case")

    # -- database location -------------------------------------------------------------
    def choose_database_file(self) -> None:
        current = self.database_url.text().strip()
        start = str(Path.home())
        if current and "://" not in current:
            start = current
        name, _filter = QFileDialog.getSaveFileName(
            self, "Database File", start, "SQLite database (*.sqlite3 *.sqlite *.db);;All files (*)",
            options=QFileDialog.DontConfirmOverwrite)
        if name:
            self.database_url.setText(name)

    def use_default_database(self) -> None:
        self.database_url.setText("")
        self.database_url.setPlaceholderText("the default file in your user data folder")

    def _database_choice(self) -> str | None:
        """The URL to store, checked; raises ValueError with a readable line."""
        text = self.database_url.text().strip()
        if not text:
            return None
        url = to_url(text)
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise ValueError("The database location is neither a file path nor a URL such as "
                             "postgresql://user@host/imr.") from None
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            folder = Path(parsed.database).parent
            if not folder.is_dir():
                raise ValueError(f"The folder {folder} does not exist.")
        return url

    # -- saving ---------------------------------------------------------------------
    def accept(self) -> None:
        profile = self.profile()
        url_changed = self.database_url.text() != self._initial_url
        try:
            url = self._database_choice() if url_changed else None
        except ValueError as error:
            QMessageBox.warning(self, "Database location", str(error))
            self.database_url.setFocus()
            return
        reviewed = self.documents_reviewed.isChecked()
        try:
            self.ops.run(lambda: save_profile(self.database, profile,
                                              documents_reviewed_default=reviewed),
                         Changes.of(SETTINGS, origin=self))
        except WorkbenchError as error:
            QMessageBox.warning(self, "Settings not saved", str(error))
            return
        if url_changed:
            preferences.set_database_url(url)
        super().accept()
