"""Quality checks in the window: the findings of the whole case, kept current as it changes.

``QaRunner`` (one per window, ``qa_runner(context)``) runs every check
(``workbench.qa.checks.check_case``) over a copy of the open case a moment
after each change the window announces (the case, its records, the library,
the settings, the reviewer's dictionary). A run that took only a few
milliseconds last time runs on the window's thread; a slower one (records to
search, a long letter) on a worker thread, and what it finds is shown when it
ends unless the case moved on meanwhile, in which case it runs again. While
records import or a letter exports, runs wait until that work is done, so
they never compete with it.

``QaPanel`` lists the findings on the Letter tab: severity, check, item,
message and the record pages behind it (links that open the page in the
Records pane). A click on a finding takes the reviewer to its words (selected
in their editor); "Acknowledge…" lets a finding stand with a short note, kept
with the case (``Case.qa_acknowledgements``, one undoable edit), and listed
with its note under "Acknowledged" for whoever reads the case for QA. ``final_refused`` is asked before a
case is set to Final: every finding must be fixed or acknowledged first.

``mark_items`` draws each item's count of open findings in the items list.
"""

from __future__ import annotations

import copy
import time
from concurrent.futures import Future
from functools import cache
from html import escape

from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QInputDialog, QLabel, QLineEdit, QListWidget, QMessageBox, QTextBrowser, QVBoxLayout, QWidget,
)

from workbench.case import Case, Status
from workbench.changes import CASE_PARTS, LIBRARY, RECORDS, SETTINGS, Changes
from workbench.qa.checks import check_case
from workbench.qa.findings import (
    DESCRIPTION, RATIONALE, SUMMARY, Finding, Severity, field_text,
)
from workbench.ui.context import CaseContext
from workbench.ui.background import after_first_paint, in_background
from workbench.ui.writing_fields import writing_fields

DELAY_MS = 300  # after the last change, so a burst of typing is checked once
OPENED_DELAY_MS = 800  # after a case opens: the window paints it first
INLINE_SECONDS = 0.008  # a run this fast stays on the window's thread next time
NOTE_LIMIT = 300  # characters of an acknowledgement note
SEVERITY_COLORS = {Severity.ERROR: "#c62828", Severity.WARNING: "#d9822b",
                   Severity.NOTE: "#1e6bb8"}
SEVERITY_WORDS = {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.NOTE: "Note"}
_TEXT_FIELDS = (SUMMARY, DESCRIPTION, RATIONALE)


def open_findings(findings: list[Finding], case: Case | None) -> list[Finding]:
    """The findings neither fixed nor acknowledged on ``case``."""
    acknowledged = case.qa_acknowledgements if case is not None else {}
    return [f for f in findings if f.key not in acknowledged]


def badge(count: int, severity: Severity, size: int = 18) -> QIcon:
    """A round badge in the severity's colour with ``count`` in it (the items list's marker)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setBrush(QBrush(QColor(SEVERITY_COLORS[severity])))
    painter.setPen(Qt.NoPen)
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    font = QFont()
    font.setPixelSize(size - 7 if count < 10 else size - 9)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignCenter, str(count) if count < 100 else "99")
    painter.end()
    return QIcon(pixmap)


@cache
def _blank_badge(size: int = 18) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.transparent)
    return QIcon(pixmap)


class QaRunner(QObject):
    """Runs the checks over the open case after each change; holds the latest findings."""

    updated = Signal()  # ``findings`` and ``case`` are new

    def __init__(self, context: CaseContext):
        super().__init__(context)
        self.context = context
        self.findings: list[Finding] = []
        self.case: Case | None = None  # the copy the findings were found in
        self.runs = 0
        self._inline = False  # the last run was quick: the next may run on the window's thread
        self._unmeasured = True  # a case opened, records or guidelines changed since the last run
        self._task: Future | None = None  # the run on a worker thread
        self._again = False
        self._generation = 0
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self.run)
        context.ops.changed.connect(self._changed)
        context.editor.opened.connect(self._opened)
        writing_fields(context).vocabulary_changed.connect(self.schedule)
        context.tasks.finished.connect(self._tasks_finished)
        self._postponed = False  # a run waits for an import or export to end
        self._painted = False  # no run before the window is up: it would slow the first paint
        after_first_paint(self, 0, self._window_painted)

    @property
    def current(self) -> bool:
        """True when the findings are those of the case as it is now."""
        case = self.context.editor.case
        return (not self._timer.isActive() and self._task is None and case is not None
                and self.case == case)

    def _opened(self) -> None:
        self._generation += 1
        self._unmeasured = True  # another case: its first run goes off the window's thread
        self.findings, self.case = [], None
        self.updated.emit()
        if self.context.editor.case is not None:
            self.schedule(OPENED_DELAY_MS)

    def _changed(self, changes: Changes) -> None:
        if changes.touches(RECORDS, LIBRARY, SETTINGS):
            self._unmeasured = True  # new records or guidelines may make the next run slow
        if changes.touches(*CASE_PARTS, RECORDS, LIBRARY, SETTINGS):
            self.schedule()

    def schedule(self, delay_ms: int = DELAY_MS) -> None:
        """Check again ``delay_ms`` from now (typing goes on meanwhile)."""
        if self.context.editor.case is not None:
            self._timer.start(max(delay_ms, self._timer.remainingTime()))

    def run(self) -> None:
        """Check the case as it is now: here when that is quick, else on a worker thread."""
        self._timer.stop()
        case = self.context.editor.case
        if case is None:
            return
        if self._task is not None:  # one run at a time; the newest state is checked next
            self._again = True
            return
        if self.context.tasks.busy or not self._painted:  # importing, exporting, starting
            self._postponed = True
            return
        snapshot = copy.deepcopy(case)
        self._generation += 1
        generation = self._generation
        inline, self._unmeasured = self._inline and not self._unmeasured, False
        if inline:
            started = time.perf_counter()
            findings = check_case(self.context.database, snapshot)
            self._done(generation, snapshot, findings, time.perf_counter() - started)
            return
        database = self.context.database

        def work() -> tuple[list[Finding], float]:
            started = time.perf_counter()
            found = check_case(database, snapshot)
            return found, time.perf_counter() - started

        def succeeded(result: tuple[list[Finding], float]) -> None:
            self._ended()
            self._done(generation, snapshot, *result)

        def failed(message: str) -> None:
            self._ended()
            self.context.status.emit(f"The quality checks could not run: {message}")

        # A runner whose window closes meanwhile is not told (workbench.ui.background).
        self._task = in_background(self, "Checking the letter", work, succeeded, failed)

    def _tasks_finished(self, _task: object = None) -> None:
        if self._postponed and not self.context.tasks.busy and self._painted:
            self._postponed = False
            self.schedule()

    def _window_painted(self) -> None:
        self._painted = True
        self._tasks_finished()

    def _ended(self) -> None:
        self._task = None
        if self._again:
            self._again = False
            self._timer.start(0)  # the newest state, once this result is shown

    def _done(self, generation: int, snapshot: Case, findings: list[Finding],
              seconds: float) -> None:
        self._inline = seconds < INLINE_SECONDS
        if generation != self._generation:
            return  # another case was opened meanwhile
        self.runs += 1
        self.findings, self.case = findings, snapshot
        self.updated.emit()

    def check_now(self) -> list[Finding]:
        """The findings of the case as it is now, checked here and now (for a decision that
        must not rest on findings a moment old, such as setting the case to Final)."""
        case = self.context.editor.case
        if case is None:
            return []
        snapshot = copy.deepcopy(case)
        started = time.perf_counter()
        findings = check_case(self.context.database, snapshot)
        self._generation += 1
        self._done(self._generation, snapshot, findings, time.perf_counter() - started)
        return findings


def qa_runner(context: CaseContext) -> QaRunner:
    """The ``QaRunner`` of ``context`` (made at the first call)."""
    runner = context.findChild(QaRunner)
    if runner is None:
        runner = QaRunner(context)
    return runner


def _item_label(finding: Finding) -> str:
    return "" if finding.item is None else str(finding.item + 1)


def _mark(severity: Severity) -> str:
    """The severity as a coloured shape (a shape too, for those who tell colours apart badly)."""
    shape = {Severity.ERROR: "■", Severity.WARNING: "▲", Severity.NOTE: "●"}[severity]
    return f"<span style='color:{SEVERITY_COLORS[severity]}'>{shape}</span>"


class QaPanel(QWidget):
    """The findings of the whole case, on the Letter tab: open ones first, then those the
    reviewer acknowledged, with the note why.

    Each finding is a few lines of rich text that wrap to the panel's width: the severity
    and check, the item, the message (a link to its words), the record pages behind it
    (links that open them) and "Acknowledge…" or "Withdraw".
    """

    def __init__(self, context: CaseContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.runner = qa_runner(context)
        self.fields = writing_fields(context)
        self._shown: list[Finding] = []

        self.summary = QLabel()
        self.summary.setTextFormat(Qt.RichText)
        self.summary.setWordWrap(True)
        self.list = QTextBrowser()
        self.list.setAccessibleName("Quality findings")
        self.list.setOpenLinks(False)
        self.list.setFrameShape(QTextBrowser.StyledPanel)
        self.list.document().setDocumentMargin(6)
        self.list.anchorClicked.connect(lambda url: self._link(url.toString()))
        self.list.setPlaceholderText("The quality findings of the open case appear here.")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.runner.updated.connect(self.show_findings)
        context.ops.changed.connect(self._changed)
        self.show_findings()

    # -- showing ------------------------------------------------------------------------------
    def _changed(self, changes: Changes) -> None:
        if changes.touches(*CASE_PARTS):  # an acknowledgement made or withdrawn shows at once
            self.show_findings()

    def show_findings(self) -> None:
        case = self.context.editor.case
        findings = self.runner.findings if case is not None else []
        acknowledged = case.qa_acknowledgements if case is not None else {}
        still = [f for f in findings if f.key not in acknowledged]
        done = [f for f in findings if f.key in acknowledged]
        self._shown = still + done
        writable = case is not None and not self.context.database.read_only
        parts = []
        for index, finding in enumerate(self._shown):
            note = acknowledged.get(finding.key)
            if index == len(still) and done:
                parts.append("<p style='margin-top:8px; color:#555'><b>Acknowledged</b></p>")
            parts.append(self._row(index, finding, note, writable))
        scroll = self.list.verticalScrollBar().value()
        self.list.setHtml("".join(parts))
        self.list.verticalScrollBar().setValue(scroll)
        self._show_summary(case, findings, len(still))

    def _row(self, index: int, finding: Finding, note: str | None, writable: bool) -> str:
        """One finding: "▲ check · item 2: message" (the message a link to its words), then
        its record pages and its acknowledgement, each link on the line it belongs to."""
        grey = " color:#6b6b6b;" if note is not None else ""
        where = f" · item {finding.item + 1}" if finding.item is not None else \
            f" · {finding.field}" if finding.field else ""
        message = (f"<a href='finding:{index}' style='color:#1a1a1a; text-decoration:none;"
                   f"{grey}'>{escape(finding.message)}</a>")
        lines = [f"{_mark(finding.severity)} <b>{escape(finding.check)}</b>"
                 f"<span style='color:#555'>{escape(where)}:</span> {message}"]
        if finding.pages:
            links = ", ".join(
                f"<a href='page:{file_id}:{page}'>{escape(text or f'p. {page}')}</a>"
                for file_id, page, text in finding.pages)
            lines.append(f"<span style='color:#555'>Records:</span> {links}")
        if note is not None:
            action = f" · <a href='withdraw:{index}'>Withdraw</a>" if writable else ""
            lines.append(f"<span style='color:#1b6e20'>✓ Acknowledged:</span> "
                         f"<i>{escape(note)}</i>{action}")
        elif writable:
            lines[-1] += f" · <a href='acknowledge:{index}'>Acknowledge…</a>"
        return (f"<p style='margin-top:0; margin-bottom:6px;{grey}'>" + "<br/>".join(lines)
                + "</p>")

    def _show_summary(self, case: Case | None, findings: list[Finding], still: int) -> None:
        if case is None:
            self.summary.setText("")
            return
        if self.runner.runs == 0:
            self.summary.setText("<b>Quality checks</b> are running…")
            return
        if not findings:
            self.summary.setText("<b>Quality checks:</b> <span style='color:#1b6e20'>✓ no "
                                 "findings</span>")
            return
        open_ones = open_findings(findings, case)
        counts = {s: sum(f.severity is s for f in open_ones) for s in Severity}
        parts = [f"{_mark(s)} {n} {SEVERITY_WORDS[s].lower()}{'s' if n != 1 else ''}"
                 for s, n in counts.items() if n]
        text = "<b>Quality checks:</b> " + (
            ", ".join(parts) + " to fix or acknowledge · click one to go to its words"
            if parts else "<span style='color:#1b6e20'>✓ all acknowledged</span>")
        acknowledged = len(findings) - still
        if acknowledged and parts:
            text += f" · {acknowledged} acknowledged"
        self.summary.setText(text)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """What the panel lists, in its order: (check, item, message and, when acknowledged,
        the note, record page citations)."""
        case = self.context.editor.case
        acknowledged = case.qa_acknowledgements if case is not None else {}
        out = []
        for finding in self._shown:
            note = acknowledged.get(finding.key)
            message = finding.message + (f"\n✓ Acknowledged: {note}" if note is not None else "")
            out.append((finding.check, _item_label(finding), message,
                        ", ".join(text for _file, _page, text in finding.pages)))
        return out

    @property
    def shown(self) -> list[Finding]:
        """The findings in the order the panel lists them."""
        return list(self._shown)

    # -- acting ---------------------------------------------------------------------------------
    def _link(self, link: str) -> None:
        kind, _, rest = link.partition(":")
        if kind == "page":
            file_id, _, page = rest.partition(":")
            if file_id.isdigit() and page.isdigit():
                self.context.show_page.emit(int(file_id), int(page))
            return
        if not rest.isdigit():
            return
        index = int(rest)
        if kind == "finding":
            self.go_to(index)
        elif kind == "acknowledge":
            self.acknowledge(index)
        elif kind == "withdraw":
            self.withdraw(index)

    def _finding(self, index: int) -> Finding | None:
        return self._shown[index] if 0 <= index < len(self._shown) else None

    def go_to(self, index: int) -> bool:
        """Take the reviewer to the words of the finding listed at ``index``."""
        finding = self._finding(index)
        if finding is None or self.runner.case is None:
            return False
        if finding.field in _TEXT_FIELDS:
            try:
                stored = field_text(self.runner.case, finding.item, finding.field)
            except (KeyError, IndexError):
                return False
            return self.fields.reveal(finding.item, finding.field, finding.span, stored)
        if finding.item is not None:  # a decision, a citation: the item itself
            return self.fields.reveal(finding.item, DESCRIPTION, None, "")
        return False

    def acknowledge(self, index: int, note: str | None = None) -> bool:
        """Let the finding listed at ``index`` stand with ``note`` (asked for when not given)."""
        finding = self._finding(index)
        if finding is None or self.context.editor.case is None:
            return False
        if note is None:
            note, accepted = QInputDialog.getText(
                self, "Acknowledge the Finding",
                f"{finding.message}\n\nWhy does this stand? (a short note, kept with the case "
                "and shown to QA)", QLineEdit.Normal, "")
            if not accepted:
                return False
        note = " ".join(note.split())[:NOTE_LIMIT]
        if not note:
            self.context.status.emit("An acknowledgement needs a short note saying why the "
                                     "finding stands.")
            return False
        key = finding.key

        def change(case: Case) -> None:
            case.qa_acknowledgements = {**case.qa_acknowledgements, key: note}
        self.context.editor.edit("Acknowledge a quality finding", change)
        return True

    def withdraw(self, index: int) -> bool:
        """Take back the acknowledgement of the finding listed at ``index``."""
        finding = self._finding(index)
        case = self.context.editor.case
        if finding is None or case is None or finding.key not in case.qa_acknowledgements:
            return False
        key = finding.key

        def change(case: Case) -> None:
            case.qa_acknowledgements = {k: v for k, v in case.qa_acknowledgements.items()
                                        if k != key}
        self.context.editor.edit("Withdraw an acknowledgement", change)
        return True


def final_refused(context: CaseContext, parent: QWidget, status: Status) -> bool:
    """True (after telling the reviewer why) when ``status`` is Final and the case has
    findings neither fixed nor acknowledged; the checks run now, on the case as it is."""
    if status is not Status.FINAL:
        return False
    runner = qa_runner(context)
    still = open_findings(runner.check_now(), context.editor.case)
    if not still:
        return False
    lines = "\n".join(f"• {('Item ' + _item_label(f) + ': ') if f.item is not None else ''}"
                      f"{f.message}" for f in still[:6])
    more = f"\n… and {len(still) - 6} more" if len(still) > 6 else ""
    box = QMessageBox(QMessageBox.Warning, "Not Final Yet",
                      f"{len(still)} quality finding{'s are' if len(still) != 1 else ' is'} "
                      "neither fixed nor acknowledged.", QMessageBox.Ok, parent)
    box.setInformativeText(
        f"{lines}{more}\n\nFix each one, or acknowledge it with a short note in the Letter "
        "tab's quality checks, then set the case to Final.")
    box.setObjectName("finalRefused")
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.open()
    context.status.emit("Not set to Final: quality findings are open (see the Letter tab).")
    return True


def mark_items(items: QListWidget, findings: list[Finding], case: Case | None) -> None:
    """Each item's open findings as a badge (count, worst severity's colour) and a tooltip."""
    still = open_findings(findings, case)
    for position in range(items.count()):
        row = items.item(position)
        mine = [f for f in still if f.item == position]
        description = case.items[position].description if case is not None and \
            position < len(case.items) else ""
        if not mine:
            row.setIcon(_blank_badge())  # rows keep their text aligned
            row.setToolTip(description)
            row.setData(Qt.UserRole + 1, 0)
            continue
        worst = max(mine, key=lambda f: f.severity.rank).severity
        row.setIcon(badge(len(mine), worst))
        row.setData(Qt.UserRole + 1, len(mine))
        listed = "\n".join(f"• {f.message}" for f in mine[:8])
        more = f"\n… and {len(mine) - 8} more" if len(mine) > 8 else ""
        row.setToolTip(f"{description}\n\n{len(mine)} quality finding"
                       f"{'s' if len(mine) != 1 else ''}:\n{listed}{more}")
