"""The guideline library beside the case: search as you type, read an entry, cite it on the item.

The pane never edits the case. Citing goes out as ``context.attach`` and the
items view attaches the entry to the selected item; library edits are stored
at once through the operation layer and announced as LIBRARY changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QScrollArea,
    QSplitter, QStackedWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from workbench.case import Role
from workbench.changes import LIBRARY, Changes
from workbench.errors import WorkbenchError
from workbench.library.citing import letter_wording
from workbench.library.display import details_html
from workbench.library.guidelines import GuidelineLibrary
from workbench.library.model import ANY_REGION, TIERS
from workbench.library.search import EntryHit, Filters, LibrarySearch
from workbench.library.store import LibraryStore
from workbench.ui.context import CaseContext
from workbench.ui.library_editing import LibraryEditing
from workbench.ui.library_results import ResultList

SEARCH_DELAY_MS = 120
RESULT_LIMIT = 40
EMPTY_HINT = ("Type a treatment or a body region, e.g. “lumbar MRI”, “physical therapy "
              "visits” or “Norco”.\n\nMTUS entries come first. Double-click an entry (or "
              "press Ctrl+R) to cite it for the reviewer on the selected item; drag it onto a "
              "citation list to cite it there.")


class _SearchBox(QLineEdit):
    """Down or Enter moves into the results, so the keyboard never has to leave the pane."""

    def __init__(self, pane: LibraryPane):
        super().__init__()
        self.pane = pane

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key_Down, Qt.Key_Return, Qt.Key_Enter):
            self.pane.search_now()
            if self.pane.results.count():
                self.pane.results.setFocus()
                if self.pane.results.currentRow() < 0:
                    self.pane.results.setCurrentRow(0)
            return
        if event.key() == Qt.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class LibraryPane(LibraryEditing, QWidget):
    menu_title = "Library"

    def __init__(self, context: CaseContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.store = LibraryStore(context.database)
        self.searcher = LibrarySearch(context.database)
        self.guidelines = GuidelineLibrary(context.database)
        self.hits: list[EntryHit] = []
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self._build()
        self._build_actions()
        self._fill_filters()
        context.ops.changed.connect(self._changed)
        self.search_now()

    # -- building -------------------------------------------------------------------
    def _build(self) -> None:
        self.search = _SearchBox(self)
        self.search.setPlaceholderText("Search the library (Ctrl+L): treatment, region, guideline")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.source = QComboBox()
        self.source.setToolTip("Only entries of this guideline")
        self.region = QComboBox()
        self.region.setToolTip("Only entries for this body region (and those for any region)")
        self.tier = QComboBox()
        self.tier.setToolTip("Only entries of this tier of the medical evidence search sequence")
        self.mtus = QCheckBox("MTUS only")
        for combo in (self.source, self.region, self.tier):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(5)
            combo.currentIndexChanged.connect(lambda _index: self.search_now())
        self.mtus.toggled.connect(lambda _on: self.search_now())
        self.filter_grid = filters = QGridLayout()
        filters.setSpacing(4)

        self.results = ResultList()
        self.results.currentRowChanged.connect(lambda _row: self._show_details())
        self.results.itemDoubleClicked.connect(lambda _item: self.cite(Role.REVIEWER))
        self.results.installEventFilter(self)
        self.empty = QLabel(EMPTY_HINT)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.empty.setMargin(12)
        self.empty.setStyleSheet("color: palette(placeholder-text)")
        self.result_stack = QStackedWidget()
        self.result_stack.addWidget(self.empty)
        self.result_stack.addWidget(self.results)
        self.count = QLabel()
        self.count.setStyleSheet("color: gray")

        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.setPlaceholderText("Select an entry to read its summary.")
        self.cite_reviewer = QPushButton("Cite as reviewer")
        self.cite_reviewer.setToolTip("Cite on the selected item for the reviewer (Ctrl+R, "
                                      "double-click or Enter)")
        self.cite_reviewer.clicked.connect(lambda: self.cite(Role.REVIEWER))
        self.cite_claims = QPushButton("Cite as claims administrator")
        self.cite_claims.setToolTip("Cite on the selected item as the claims administrator's "
                                    "citation (Ctrl+Shift+A)")
        self.cite_claims.clicked.connect(lambda: self.cite(Role.CLAIMS_ADMINISTRATOR))
        self.open_button = QPushButton("Open at page")
        self.open_button.setToolTip("Show the guideline PDF at the entry's page (Ctrl+Shift+G)")
        self.open_button.clicked.connect(self.open_at_page)
        self.edit_button = QPushButton("Edit entry…")
        self.edit_button.clicked.connect(self.edit_entry)
        self.new_button = QPushButton("New entry…")
        self.new_button.clicked.connect(self.new_entry)
        self.snippets_button = QPushButton("Snippets…")
        self.snippets_button.setToolTip("Add and edit rationale snippets")
        self.snippets_button.clicked.connect(self.edit_snippets)
        self.cite_grid = cite_row = QGridLayout()
        cite_row.setSpacing(4)
        cite_row.setColumnStretch(0, 1)
        self._stacked: bool | None = None
        self._stack_cite_buttons(False)
        self.entry_grid = entry_row = QGridLayout()
        entry_row.setSpacing(4)
        self._narrow: bool | None = None
        self._arrange(narrow=False)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.result_stack, 1)
        top_layout.addWidget(self.count)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.details, 1)
        bottom_layout.addLayout(cite_row)
        bottom_layout.addLayout(entry_row)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 6, 6, 6)
        layout.addWidget(QLabel("<b>Guideline library</b>"))
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        scroll = QScrollArea()  # a narrow pane scrolls rather than squeeze the buttons
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._show_details()

    def _arrange(self, *, narrow: bool) -> None:
        """Filters and entry buttons in one row each, or in two when the pane is narrow."""
        if narrow == self._narrow:
            return
        self._narrow = narrow
        columns = 2 if narrow else 4
        for grid, widgets in ((self.filter_grid, (self.source, self.region, self.tier, self.mtus)),
                              (self.entry_grid, (self.open_button, self.edit_button,
                                                 self.new_button, self.snippets_button))):
            for widget in widgets:
                grid.removeWidget(widget)
            for index, widget in enumerate(widgets):
                grid.addWidget(widget, index // columns, index % columns)
            for column in range(4):
                grid.setColumnStretch(column, 1 if column < columns else 0)

    def _stack_cite_buttons(self, stacked: bool) -> None:
        """The two cite buttons side by side, or one above the other in a narrow pane."""
        if stacked == self._stacked:
            return
        self._stacked = stacked
        for index, button in enumerate((self.cite_reviewer, self.cite_claims)):
            self.cite_grid.removeWidget(button)
            self.cite_grid.addWidget(button, index if stacked else 0, 0 if stacked else index)
        self.cite_grid.setColumnStretch(1, 0 if stacked else 1)

    def resizeEvent(self, event) -> None:  # noqa: N802
        width = event.size().width()
        self._arrange(narrow=width < 440)
        side_by_side = (self.cite_reviewer.sizeHint().width() + self.cite_claims.sizeHint().width()
                        + self.cite_grid.spacing() + 16)  # the pane's margins and a scroll bar
        self._stack_cite_buttons(width < side_by_side)
        super().resizeEvent(event)

    def _build_actions(self) -> None:
        def action(text: str, slot, keys: str | None = None) -> QAction:
            made = QAction(text, self)
            if keys:
                made.setShortcut(QKeySequence(keys))
                made.setShortcutContext(Qt.WindowShortcut)
            made.triggered.connect(lambda _checked=False: slot())
            return made

        self.actions_ = [
            action("&Search Library", self.focus_search, "Ctrl+L"),
            action("Cite as &Reviewer", lambda: self.cite(Role.REVIEWER), "Ctrl+R"),
            action("Cite as &Claims Administrator", lambda: self.cite(Role.CLAIMS_ADMINISTRATOR),
                   "Ctrl+Shift+A"),
            action("&Open Guideline at Page", self.open_at_page, "Ctrl+Shift+G"),
            action("&New Entry…", self.new_entry),
            action("&Edit Entry…", self.edit_entry),
            action("Rationale S&nippets…", self.edit_snippets),
            action("Add &Guideline PDF…", self.add_guideline_pdf),
        ]
        if self.context.database.read_only:  # the library is read, not changed
            for made in self.actions_[4:]:
                made.setEnabled(False)
            for button in (self.new_button, self.snippets_button):
                button.setEnabled(False)

    def menu_actions(self) -> list[QAction]:
        """Actions the main window lists in this view's menu (with their shortcuts)."""
        return self.actions_

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.results and event.type() == event.Type.KeyPress:
            if event.key() in (Qt.Key_Return, Qt.Key_Enter):
                self.cite(Role.REVIEWER)
                return True
            if event.key() == Qt.Key_Up and self.results.currentRow() <= 0:
                self.search.setFocus()
                return True
        return super().eventFilter(watched, event)

    def show_demo_state(self) -> None:
        """For the screenshots: the library searched for the selected item, its best entry shown."""
        case, position = self.context.editor.case, self.context.current_item
        if case is not None and 0 <= position < len(case.items):
            self.search.setText(case.items[position].description)
            self.search_now()

    # -- filters -------------------------------------------------------------------------
    def _fill_filters(self) -> None:
        try:
            sources = self.store.sources()
            regions = sorted({region for entry in self.store.entries()
                              for region in entry.body_regions} - {ANY_REGION})
        except WorkbenchError as error:
            self.context.status.emit(str(error))
            sources, regions = [], []
        self._sources = {source.key: source for source in sources}
        for combo, first, values in (
                (self.source, "All guidelines", [(s.short_title, s.key) for s in sources]),
                (self.region, "Any region", [(r, r) for r in regions]),
                (self.tier, "Any tier", [(f"{t} {name}", t) for t, name in TIERS.items()])):
            wanted = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for text, data in values:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(wanted)) if wanted is not None else 0)
            combo.blockSignals(False)

    def filters(self) -> Filters:
        return Filters(source=self.source.currentData(), mtus=True if self.mtus.isChecked()
                       else None, tier=self.tier.currentData(),
                       body_region=self.region.currentData())

    # -- searching -------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def search_now(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        filters = self.filters()
        selected = self.selected_key()
        case = self.context.editor.case  # its UR date ranks the guidelines then in effect first
        on = (case.ur_decision_on or case.received_on) if case is not None else None
        wording = letter_wording(case) if case is not None else None
        try:
            if text:
                hits = self.searcher.search(text, limit=RESULT_LIMIT, filters=filters, on=on,
                                            wording=wording)
            elif filters.source is not None:
                hits = self.searcher.browse(filters, wording)
            else:
                hits = []
        except WorkbenchError as error:
            self.context.status.emit(str(error))
            hits = []
        self.hits = hits
        self.results.blockSignals(True)
        self.results.show_hits(hits)
        keys = [hit.entry.key for hit in hits]
        self.results.setCurrentRow(keys.index(selected) if selected in keys else 0 if hits
                                   else -1)
        self.results.blockSignals(False)
        if hits:
            self.result_stack.setCurrentWidget(self.results)
            more = " (the best 40)" if len(hits) == RESULT_LIMIT else ""
            self.count.setText(f"{len(hits)} entries{more}" if len(hits) != 1 else "1 entry")
        else:
            self.result_stack.setCurrentWidget(self.empty)
            self.empty.setText(EMPTY_HINT if not text else
                               f"Nothing in the library matches “{text}”"
                               + (" with these filters." if filters != Filters() else ".")
                               + "\n\nTry fewer or other words, or add the guideline with "
                                 "“New entry…”.")
            self.count.setText("")
        self._show_details()

    def _changed(self, changes: Changes) -> None:
        if changes.touches(LIBRARY):
            self._fill_filters()
            self.search_now()

    # -- the selected entry ---------------------------------------------------------------
    def selected(self) -> EntryHit | None:
        return self.results.hit() if self.result_stack.currentWidget() is self.results else None

    def selected_key(self) -> str | None:
        hit = self.selected()
        return hit.entry.key if hit else None

    def _show_details(self) -> None:
        hit = self.selected()
        writable = not self.context.database.read_only
        for button in (self.cite_reviewer, self.cite_claims, self.edit_button):
            button.setEnabled(hit is not None and writable)
        if hit is None:
            self.details.clear()
            self.open_button.setEnabled(False)
            return
        has_pdf = self._has_pdf(hit.source.key)
        self.open_button.setEnabled(has_pdf)
        try:
            snippets = [s for s in self.store.snippets() if hit.entry.key in s.entries]
        except WorkbenchError:
            snippets = []
        case = self.context.editor.case
        self.details.setHtml(details_html(hit.entry, hit.source, snippets, pdf=has_pdf,
                                          wording=letter_wording(case) if case else None))

    def _has_pdf(self, source: str) -> bool:
        try:
            return bool(self.guidelines.documents(source))
        except WorkbenchError:
            return False

    def cite(self, role: Role) -> None:
        key = self.selected_key()
        if key is None:
            self.context.status.emit("Select a library entry to cite.")
            return
        self.context.attach(key, role)
