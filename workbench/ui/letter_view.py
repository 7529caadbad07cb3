"""The Letter view of an open case: the letter as it will print, its options, its export.

The preview is drawn from the same letter model as the DOCX and PDF files, so
what the reviewer reads here is what goes out. It is redrawn a moment after
the reviewer stops typing, and only while the tab is showing: typing in the
summary never waits for a letter nobody is looking at.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QFontDatabase, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QGridLayout, QHBoxLayout, QLabel, QMessageBox, QSizePolicy,
    QSplitter, QTextBrowser, QToolButton, QVBoxLayout, QWidget,
)

from workbench.case import Case, ClaimantTerm, CredentialForm, Status
from workbench.errors import WorkbenchError
from workbench.letters.document import build_letter
from workbench.letters.file_names import export_file_name
from workbench.letters.html import DESK, item_anchor, write_html
from workbench.letters.readiness import letter_problems
from workbench.library.citing import check_search_sequence
from workbench.library.store import LibraryStore
from workbench.records.coverage import unread_warning
from workbench.records.documents import documents_reviewed_default, letter_documents
from workbench.resources import resource_path
from workbench.ui import preferences
from workbench.ui.context import CaseContext
from workbench.changes import CASE, CASE_PARTS, LIBRARY, READING, RECORDS, SETTINGS, Changes
from workbench.ui.qa_panel import QaPanel, final_refused, open_findings
from workbench.ui.tasks import Task

REFRESH_MS = 300  # after the last change, so a burst of typing redraws once
CHECKLIST_LINES = 6
FILTERS = {"docx": "Word document (*.docx)", "pdf": "PDF document (*.pdf)"}
KIND_NAMES = {"docx": "DOCX", "pdf": "PDF"}
NO_ITEMS_HINT = ("The disputed items appear here as they are added on the "
                 "Disputed items tab (Ctrl+2).")

STATUS_LABELS = {Status.DRAFT: "Draft", Status.IN_QA: "In QA", Status.FINAL: "Final"}
CLAIMANT_LABELS = {term: term.value for term in ClaimantTerm}
FORM_LABELS = {CredentialForm.BLOCK: "Block", CredentialForm.SENTENCE: "Sentence"}


@cache
def register_letter_fonts() -> None:
    """The PDF's own serif, so the preview wraps its lines as the exported letter does."""
    fonts = resource_path("fonts")
    for name in ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
                 "LiberationSerif-Italic.ttf"):
        QFontDatabase.addApplicationFont(str(fonts / name))


class _CachedLibrary(LibraryStore):
    """The library's sources and entries, read again only after a LIBRARY change is announced.

    The sequence check reads the whole library; the preview checks on every
    pause in typing, so it reads from here.
    """

    def __init__(self, database):
        super().__init__(database)
        self._stale = True
        self._sources: list = []
        self._entries: dict = {}

    def invalidate(self) -> None:
        """The library changed: read it again at the next use."""
        self._stale = True

    def _fresh(self) -> None:
        if self._stale:
            self._sources = super().sources()
            self._entries = {entry.key: entry for entry in super().entries()}
            self._stale = False

    def sources(self):
        self._fresh()
        return self._sources

    def entries(self, source: str | None = None):
        self._fresh()
        return [e for e in self._entries.values() if source is None or e.source == source]

    def entry(self, key: str):
        self._fresh()
        if key not in self._entries:
            return super().entry(key)  # removed entries too, as the store answers
        return self._entries[key]


def _combo(labels: dict, tooltip: str) -> QComboBox:
    combo = QComboBox()
    for value, label in labels.items():
        combo.addItem(label, value)
    combo.setToolTip(tooltip)
    combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
    return combo


def _set_combo(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    if index >= 0 and combo.currentIndex() != index:
        combo.setCurrentIndex(index)


class LetterView(QWidget):
    menu_title = "&Letter"
    exported = Signal(list)  # the paths written, after the done message is shown

    def __init__(self, context: CaseContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.library = _CachedLibrary(context.database)
        self.done_message: QMessageBox | None = None
        self.export_task: Task | None = None
        self._dirty = True
        self._html = ""
        self._keep_place = False
        register_letter_fonts()

        self.export_docx_action = self._action("Export &DOCX…", "Ctrl+E", self.export_docx)
        self.export_pdf_action = self._action("Export &PDF…", "Ctrl+Shift+E", self.export_pdf)
        self.export_both_action = self._action("Export &Both (DOCX and PDF)…", "Ctrl+Alt+E",
                                               self.export_both)

        self.status = _combo(STATUS_LABELS, "Where the letter stands: draft, in QA or final")
        self.claimant = _combo(CLAIMANT_LABELS, "What this letter calls the claimant")
        self.form = _combo(FORM_LABELS, "Where this letter prints the reviewer's credentials: "
                           "as a sentence inside the first paragraph, or as a block after it")
        self.reviewed = QComboBox()
        self.reviewed.setToolTip("Print a DOCUMENTS REVIEWED section listing the case's records")
        for value, label in ((None, "Default (don't print)"), (True, "Print"),
                             (False, "Don't print")):
            self.reviewed.addItem(label, value)
        self.reviewed.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        # Qt hands str-based enums back as plain strings: turn them back into members.
        self.status.activated.connect(
            lambda _i: self._set_status(Status(self.status.currentData())))
        self.claimant.activated.connect(lambda _i: self._set(
            "Set the claimant term", "claimant_term", ClaimantTerm(self.claimant.currentData())))
        self.reviewed.activated.connect(lambda _i: self._set(
            "Set printing documents reviewed", "documents_reviewed", self.reviewed.currentData()))
        self.form.activated.connect(lambda _i: self._set_form(
            CredentialForm(self.form.currentData())))

        options = QGridLayout()
        options.setHorizontalSpacing(6)
        options.setVerticalSpacing(4)
        placed = ((0, 0, "Status", self.status), (0, 2, "Claimant", self.claimant),
                  (1, 0, "Credentials", self.form), (1, 2, "Documents reviewed", self.reviewed))
        for row, column, text, widget in placed:
            label = QLabel(text)
            label.setBuddy(widget)
            options.addWidget(label, row, column)
            options.addWidget(widget, row, column + 1, Qt.AlignLeft)
        options.setColumnStretch(4, 1)

        self.checklist = QLabel()
        self.checklist.setWordWrap(True)
        self.checklist.setTextFormat(Qt.RichText)
        self.checklist.setTextInteractionFlags(Qt.LinksAccessibleByMouse
                                               | Qt.LinksAccessibleByKeyboard)
        self.checklist.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)
        self.checklist.linkActivated.connect(self._link)

        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        for action in (self.export_docx_action, self.export_pdf_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.export_docx_button, self.export_pdf_button = (
            buttons.itemAt(0).widget(), buttons.itemAt(1).widget())
        self.export_docx_button.setText("Export DOCX")
        self.export_pdf_button.setText("Export PDF")
        self.export_docx_button.setToolTip("Export the letter as a Word document (Ctrl+E)")
        self.export_pdf_button.setToolTip("Export the letter as a PDF (Ctrl+Shift+E)")

        checks = QHBoxLayout()
        checks.addWidget(self.checklist, 1)
        checks.addLayout(buttons)

        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setFrameShape(QTextBrowser.NoFrame)
        self.preview.document().setDocumentMargin(18)
        self.preview.setStyleSheet(f"QTextBrowser {{ background: {DESK}; }}")
        self.preview.setPlaceholderText("Open a case to see its letter.")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.setSpacing(6)
        layout.addLayout(options)
        layout.addLayout(checks)
        # The quality findings above the letter, the splitter between them the reviewer's.
        self.qa = QaPanel(context)
        self.qa_runner = self.qa.runner
        self.qa_runner.updated.connect(self._findings_updated)
        self.split = QSplitter(Qt.Vertical)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.qa)
        self.split.addWidget(self.preview)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        self.split.setSizes([200, 300])
        layout.addWidget(self.split, 1)

        self._timer = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        editor = context.editor
        editor.opened.connect(self._case_opened)
        context.ops.changed.connect(self._changed)

    # -- actions --------------------------------------------------------------
    def _action(self, text: str, shortcut: str, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def menu_actions(self) -> list[QAction]:
        """Actions the main window lists in this view's menu (with their shortcuts)."""
        return [self.export_docx_action, self.export_pdf_action, self.export_both_action]

    # -- following the case ---------------------------------------------------------
    def _case_opened(self) -> None:
        self._html = ""
        self._dirty = True
        self._keep_place = False  # another case starts at its top
        if self.context.editor.case is None:
            self._timer.stop()
            self.preview.clear()
            self.checklist.clear()

    def _changed(self, changes: Changes) -> None:
        if changes.touches(LIBRARY):
            self.library.invalidate()
        if not changes.touches(*CASE_PARTS, RECORDS, LIBRARY, SETTINGS):
            if changes.touches(READING):  # pages opened: the checklist, not the letter
                case = self.context.editor.case
                if self.isVisible() and case is not None:
                    self._show_checklist(case)
                else:
                    self._dirty = True
            return
        self._dirty = True
        if self.isVisible():  # else showEvent catches up
            if changes.touches(CASE, SETTINGS):
                self._show_options()
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._dirty:
            self._show_options()
            self.refresh()

    @property
    def up_to_date(self) -> bool:
        """True when the preview shows the case as it is now."""
        return not self._dirty and not self._timer.isActive()

    def _show_options(self) -> None:
        case = self.context.editor.case
        widgets = (self.status, self.claimant, self.form, self.reviewed)
        for widget in widgets:
            widget.setEnabled(case is not None)
        if case is None:
            return
        for widget in widgets:
            widget.blockSignals(True)
        try:
            _set_combo(self.status, case.status)
            _set_combo(self.claimant, case.claimant_term)
            _set_combo(self.form, case.credentials.form)
            default = "print" if self._documents_default() else "don't print"
            self.reviewed.setItemText(0, f"Default ({default})")
            _set_combo(self.reviewed, case.documents_reviewed)
        finally:
            for widget in widgets:
                widget.blockSignals(False)

    def _documents_default(self) -> bool:
        try:
            return documents_reviewed_default(self.context.database)
        except WorkbenchError:
            return False

    # -- editing the letter's options ----------------------------------------------------
    def _set_status(self, status: Status) -> None:
        """Final only when every quality finding is fixed or acknowledged."""
        if final_refused(self.context, self, status):
            self._show_options()  # the combo shows the status the case still has
            return
        self._set("Set the letter's status", "status", status)

    def _findings_updated(self) -> None:
        case = self.context.editor.case
        if case is not None and self.isVisible():
            self._show_checklist(case)

    def _set(self, label: str, name: str, value) -> None:
        self.context.editor.edit(label, lambda case: setattr(case, name, value))

    def _set_form(self, form: CredentialForm) -> None:
        def change(case: Case) -> None:
            credentials = case.credentials
            if credentials.form is form:
                return
            credentials.form = form
            # A sentence or block kept as read cannot print in the other form.
            if credentials.certifications or credentials.licensure_states:
                credentials.verbatim = None

        self.context.editor.edit("Set the credentials form", change)

    # -- the preview -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Draw the letter and its checklist from the open case now."""
        self._timer.stop()
        self._dirty = False
        case = self.context.editor.case
        if case is None:
            return
        try:
            documents = letter_documents(self.context.database, case)
        except WorkbenchError as error:
            documents = None
            self.context.status.emit(str(error))
        html = write_html(build_letter(case, documents_reviewed=documents),
                          empty_hint=None if case.items else NO_ITEMS_HINT)
        if html != self._html:
            self._html = html
            bars = (self.preview.verticalScrollBar(), self.preview.horizontalScrollBar())
            positions = [bar.value() for bar in bars]
            self.preview.setHtml(html)
            if self._keep_place:
                self.preview.document().size()  # lay it out now, so the old position exists
                for bar, position in zip(bars, positions):
                    bar.setValue(position)
            self._keep_place = True
        self._show_checklist(case)

    def _show_checklist(self, case: Case) -> None:
        lines = []
        for problem in letter_problems(case):
            text = _escape(problem.message)
            if problem.item is not None:
                text = f'<a href="item:{problem.item}">{text}</a>'
            lines.append(("missing", text))
        try:
            warnings = check_search_sequence(case, self.library)
        except (WorkbenchError, KeyError):
            warnings = []
        for warning in warnings:
            link = f'<a href="item:{warning.item}">{_escape(warning.message)}</a>'
            lines.append(("sequence", link))
        try:
            unread = unread_warning(self.context.database, case.id) if case.id else None
        except WorkbenchError:
            unread = None
        if unread:
            lines.append(("reading", _escape(unread)))
        still = open_findings(self.qa_runner.findings, case) if self.qa_runner.case else []
        if still:
            lines.append(("qa", f"{len(still)} quality finding{'s' if len(still) != 1 else ''}"
                                " to fix or acknowledge (listed below)"))
        if not lines:
            self.checklist.setText(
                "<span style='color:#1b6e20'>✓ Nothing missing: the letter has its summary, "
                f"{len(case.items)} item(s) with rationales and citations, and credentials."
                "</span>")
            return
        missing = sum(kind == "missing" for kind, _ in lines)
        head = (f"<b>Before exporting:</b> {missing} thing(s) missing" if missing
                else "<b>Before exporting:</b> check the search sequence"
                if any(kind == "sequence" for kind, _ in lines)
                else "<b>Before exporting:</b> check the quality findings"
                if any(kind == "qa" for kind, _ in lines)
                else "<b>Before exporting:</b> check the records")
        shown = lines[:CHECKLIST_LINES]
        rows = [f"{'⚠' if kind == 'missing' else 'ℹ'} {text}" for kind, text in shown]
        if len(lines) > len(shown):
            rows.append(f"… and {len(lines) - len(shown)} more")
        self.checklist.setText(head + "<br/>" + "<br/>".join(rows))

    def _link(self, link: str) -> None:
        kind, _, value = link.partition(":")
        if kind == "item" and value.isdigit():
            self.preview.scrollToAnchor(item_anchor(int(value)))

    def preview_text(self) -> str:
        """The preview's plain text (what the reviewer reads in it)."""
        return self.preview.toPlainText()

    def preview_position(self) -> QPoint:
        return QPoint(self.preview.horizontalScrollBar().value(),
                      self.preview.verticalScrollBar().value())

    # -- export ------------------------------------------------------------------------------------
    def export_docx(self, path: Path | None = None) -> Task | None:
        return self.export(("docx",), path)

    def export_pdf(self, path: Path | None = None) -> Task | None:
        return self.export(("pdf",), path)

    def export_both(self, path: Path | None = None) -> Task | None:
        """DOCX and PDF side by side, named alike (``path``'s suffix is replaced)."""
        return self.export(("docx", "pdf"), path)

    def export(self, kinds: tuple[str, ...], path: Path | None = None) -> Task | None:
        """Write the letter in ``kinds`` on a worker thread; asks where unless ``path`` is given."""
        editor = self.context.editor
        if editor.case is None:
            return None
        if self.export_task is not None and self.export_task.running:
            self.context.status.emit("An export is still running; try again when it is done.")
            return None
        if path is None:
            path = self._ask_path(kinds, editor.case.case_number)
            if path is None:
                return None
        targets = {kind: path.with_suffix("." + kind) for kind in kinds}
        if len(kinds) > 1 and not self._may_replace([p for p in targets.values() if p != path]):
            return None
        if not editor.flush():
            self.context.status.emit("The latest changes are not stored yet; the export has "
                                     "them all the same.")
        case = copy.deepcopy(editor.case)
        try:
            documents = letter_documents(self.context.database, case)
        except WorkbenchError as error:
            QMessageBox.warning(self, "Cannot export the letter", str(error))
            return None
        from workbench.letters.export import export_letter  # DOCX and PDF libraries load on first use

        names = " and ".join(KIND_NAMES[kind] for kind in kinds)
        task = Task(f"Export the letter as {names}",
                    lambda _progress: export_letter(case, targets, documents_reviewed=documents),
                    cancellable=False)
        task.succeeded.connect(self._exported)
        self.export_task = task
        return self.context.tasks.run(task)

    def _ask_path(self, kinds: tuple[str, ...], case_number: str | None) -> Path | None:
        first = kinds[-1] if len(kinds) > 1 else kinds[0]
        start = Path(preferences.folder("exports")) / export_file_name(case_number, first)
        if len(kinds) > 1:
            title, filters = "Export the Letter as DOCX and PDF", ";;".join(
                FILTERS[kind] for kind in reversed(kinds))
        else:
            title, filters = f"Export the Letter as {KIND_NAMES[first]}", FILTERS[first]
        name, _filter = QFileDialog.getSaveFileName(self, title, str(start), filters)
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in {"." + kind for kind in kinds}:
            path = path.with_name(path.name + "." + first)
        preferences.remember_folder("exports", path)
        return path

    def _may_replace(self, paths: list[Path]) -> bool:
        existing = [path for path in paths if path.exists()]
        if not existing:
            return True
        answer = QMessageBox.question(
            self, "Replace the file?",
            f"{', '.join(p.name for p in existing)} already exists in {existing[0].parent}."
            "\n\nReplace it?", QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel)
        return answer == QMessageBox.Yes

    def _exported(self, paths: list[Path]) -> None:
        paths = [Path(p) for p in paths]
        folder = paths[0].parent
        names = " and ".join(path.name for path in paths)
        self.context.status.emit(f"Exported {names}.")
        box = QMessageBox(QMessageBox.Information, "Letter exported",
                          f"Saved {names}", QMessageBox.NoButton, self)
        box.setInformativeText(f"in {folder}")
        open_folder = box.addButton("Open Folder", QMessageBox.ActionRole)
        box.addButton(QMessageBox.Ok)
        box.setDefaultButton(QMessageBox.Ok)
        box.buttonClicked.connect(lambda button: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(folder))) if button is open_folder else None)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: self._forget_message(box))
        self.done_message = box
        box.open()
        self.exported.emit(paths)

    def _forget_message(self, box: QMessageBox) -> None:
        if self.done_message is box:
            self.done_message = None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
