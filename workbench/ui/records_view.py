"""The Records view of an open case: documents, search across the case, the chronology,
and the page viewer, with "cite this page" into the summary or the current rationale.

Everything here reads the records through the core (``workbench.records``);
the writes are the reviewer's corrections of the documents inside each file
(split, merge, kind, date, author, not a duplicate: ``records_corrections``,
each one step on this view's own undo stack) and the note that a page was
opened (``mark_read``), all made through the operation layer. The documents
list is the outline of the case file: as filed, file by file, each file's
documents as page ranges of it, unless the reviewer sorts by another column.
Imports run as tasks (``start_import``), and finding the documents in the files
read after them (``document_finding``); the view refreshes whenever RECORDS
changes are announced, and only its Read column and share on READING ones.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QCheckBox, QFileDialog, QFrame, QHBoxLayout, QLabel,
    QMenu, QPushButton, QSplitter, QStackedWidget, QTabWidget, QToolButton, QVBoxLayout,
    QWidget,
)

from workbench.changes import READING, RECORDS, Changes
from workbench.errors import WorkbenchError
from workbench.records.chronology import chronology
from workbench.records.citations import cite_page, citation_text
from workbench.records.coverage import CaseCoverage, coverage, mark_read, percent
from workbench.records.documents import list_documents, stale_files
from workbench.ui import preferences
from workbench.ui.context import CaseContext
from workbench.ui.document_finding import find_documents_later
from workbench.ui.importing import RECORD_FILTER, start_import
from workbench.ui.records_corrections import NOT_DUPLICATE_KEY, DocumentCorrections
from workbench.ui.records_models import (
    FINDING, PAGE_ROLE, ChronologyModel, ColumnShares, DocumentsDelegate, DocumentsModel,
    EmptyNote, HtmlDelegate, make_table, text_width,
)
from workbench.ui.records_page import PageViewer
from workbench.ui.records_search import RecordsSearch
from workbench.ui.tasks import Task

DOCUMENTS_TAB, HITS_TAB, CHRONOLOGY_TAB = range(3)
EMPTY_TEXT = ("No records yet — drag PDFs, DOCX, text or images here, or click Add Records.\n\n"
              "Every page becomes searchable and citable; scans are read by OCR; a packet "
              "is divided into the documents it holds.")


class RecordsView(QWidget):
    menu_title = "&Records"

    def __init__(self, context: CaseContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._syncing = False
        self._citation = ""  # of the page shown, for the cite button's tooltip
        self._marked: set[tuple[int, int]] = set()  # pages noted as read since the case opened
        self._build()
        self.corrections = DocumentCorrections(
            context, self, lambda: self.viewer.page,
            lambda document_id: self.documents.by_id.get(document_id))
        self.undo_stack = self.corrections.undo_stack  # Edit ▸ Undo while the focus is here
        self.viewer.set_document_actions(self.corrections.actions)
        self._build_actions()
        self._connect()
        self.refresh()

    # -- layout -------------------------------------------------------------
    def _build(self) -> None:
        self.searcher = RecordsSearch(self.context)
        self.search = self.searcher.box
        self.add_button = QPushButton("Add Records…")
        self.add_button.setToolTip("Import PDFs, DOCX, text files or images into this case "
                                   "(or drop them on the window)")
        self.add_button.clicked.connect(lambda: self.add_records())

        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.PlainText)
        self.notice_close = QToolButton(text="✕", autoRaise=True, toolTip="Dismiss")
        self.notice_close.clicked.connect(lambda: self.notice_frame.hide())
        self.notice_frame = QFrame()
        self.notice_frame.setStyleSheet("QFrame { background: #fdecea; border-radius: 4px; }"
                                        "QLabel { color: #8c1d18; }")
        notice_layout = QHBoxLayout(self.notice_frame)
        notice_layout.setContentsMargins(8, 4, 4, 4)
        notice_layout.addWidget(self.notice, 1)
        notice_layout.addWidget(self.notice_close, 0, Qt.AlignTop)
        self.notice_frame.hide()

        self.documents = DocumentsModel(self)
        self.documents_table = make_table(self.documents, stretch=DocumentsModel.AUTHOR)
        self.documents_table.setItemDelegate(DocumentsDelegate(self))
        self.documents_table.setEditTriggers(QAbstractItemView.DoubleClicked
                                             | QAbstractItemView.EditKeyPressed)
        self.documents_table.setContextMenuPolicy(Qt.CustomContextMenu)
        self.documents_table.setShowGrid(False)  # the file headings run across the columns
        self.document_widths = ColumnShares(self.documents_table, DocumentsModel.AUTHOR, 80)
        self._tall_rows: list[int] = []  # rows drawn with their file's heading above
        header = self.documents_table.horizontalHeader()
        # Read beside Pages; the file's name (a column only when not as filed) last.
        header.moveSection(DocumentsModel.READ, DocumentsModel.FILE)
        # As filed until the reviewer clicks another column's title (Pages or File: back).
        header.setSortIndicator(DocumentsModel.PAGES, Qt.AscendingOrder)
        header.setSortIndicatorShown(True)
        self.documents_table.setSortingEnabled(True)
        header.setToolTip("Click a title to sort; Pages or File: as filed, file by file")
        self.unread_only = QCheckBox("Unread only")
        self.unread_only.setToolTip("List only the documents with pages not yet opened "
                                    "in the viewer")

        self.chronology = ChronologyModel(self)
        self.chronology_table = make_table(self.chronology, stretch=ChronologyModel.EXCERPT)
        self.chronology_widths = ColumnShares(self.chronology_table, ChronologyModel.EXCERPT,
                                              120)
        wrapped = HtmlDelegate(self)
        for column in (ChronologyModel.EXCERPT, ChronologyModel.DOCUMENT):
            self.chronology_table.setItemDelegateForColumn(column, wrapped)
        self.chronology_table.verticalHeader().setDefaultSectionSize(
            HtmlDelegate.lines_height(3, self.chronology_table.font()))
        self.chronology_widths.want(ChronologyModel.DATE, text_width(
            self.chronology_table, ChronologyModel.DATE, ["00/00/0000"]))
        for column, width, least in ((ChronologyModel.KIND, 110, 70),
                                     (ChronologyModel.PROVIDER, 100, 66),
                                     (ChronologyModel.DOCUMENT, 92, 70),
                                     (ChronologyModel.ALSO_AT, 92, 66)):
            self.chronology_widths.want(column, width, least)
        self.chronology_table.setItemDelegateForColumn(ChronologyModel.ALSO_AT, wrapped)
        self.chronology_empty = EmptyNote(
            self.chronology_table, "No dated entries: no document states a date of service "
            "yet. A document dated with Edit Document… (Ctrl+Shift+D) gets its entry here.")

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # in a narrow pane the titles shorten ("Chronolo…") rather than scroll out of sight
        self.tabs.setElideMode(Qt.ElideRight)
        self.tabs.setUsesScrollButtons(False)
        self.tabs.addTab(self.documents_table, "Documents")
        self.tabs.addTab(self.searcher, "Search")
        self.tabs.addTab(self.chronology_table, "Chronology")

        self.viewer = PageViewer(self.context)
        self.split = QSplitter(Qt.Vertical)
        self.split.addWidget(self.tabs)
        self.split.addWidget(self.viewer)
        # The list gets room for a dozen documents of a long packet; the page the rest.
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        self.split.setSizes([300, 600])
        self.split.setChildrenCollapsible(False)

        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setAlignment(Qt.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(placeholder-text); font-size: 12pt;")
        self.empty_button = QPushButton("Add Records…")
        self.empty_button.clicked.connect(lambda: self.add_records())
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.setContentsMargins(32, 32, 32, 32)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addSpacing(12)
        empty_layout.addWidget(self.empty_button, 0, Qt.AlignHCenter)
        empty_layout.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(empty)
        self.stack.addWidget(self.split)

        self.top = QWidget()
        top = QHBoxLayout(self.top)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        # beside the search, not the tabs: in a narrow pane the tabs need all the width
        top.addWidget(self.unread_only)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.top)
        layout.addWidget(self.notice_frame)
        layout.addWidget(self.stack, 1)

    def _action(self, text: str, slot, *keys: str | QKeySequence) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.setShortcutContext(Qt.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        self.find_action = self._action("&Find in Records", self.focus_search, "Ctrl+F")
        self.next_hit_action = self._action("&Next Hit", self.searcher.next_hit, "F3")
        self.previous_hit_action = self._action("&Previous Hit", self.searcher.previous_hit,
                                                "Shift+F3")
        self.next_page_action = self._action("Next P&age", self.viewer.next_page, "Alt+PgDown")
        self.previous_page_action = self._action("Previous Pa&ge", self.viewer.previous_page,
                                                 "Alt+PgUp")
        self.cite_action = self._action("&Cite This Page", self.cite, "Ctrl+Shift+C")
        self.documents_action = self._action("&Documents", lambda: self._tab(DOCUMENTS_TAB))
        self.chronology_action = self._action("C&hronology", lambda: self._tab(CHRONOLOGY_TAB))
        self.add_action = self._action("&Add Records…", self.add_records)

    def menu_actions(self) -> list[QAction]:
        """Actions the main window lists in this view's menu (with their shortcuts)."""
        return [self.find_action, self.next_hit_action, self.previous_hit_action,
                self.next_page_action, self.previous_page_action, self.cite_action,
                *self.corrections.actions,
                self.documents_action, self.chronology_action, self.add_action]

    def _connect(self) -> None:
        context = self.context
        context.ops.changed.connect(self._changed)
        context.editor.opened.connect(self._case_opened)
        context.show_page.connect(self.open_page)
        context.import_finished.connect(self._import_finished)
        self.searcher.hit_opened.connect(self.open_page)
        self.searcher.searched.connect(self._searched)
        self.searcher.wanted.connect(lambda: self.tabs.setCurrentIndex(HITS_TAB))
        self.documents.edited.connect(self._edited)
        self.documents.layoutChanged.connect(self._shape_documents)
        self.documents.layoutChanged.connect(self._filter_documents)  # rows moved: hide again
        self.documents.problem.connect(self.context.status.emit)
        self.documents_table.customContextMenuRequested.connect(self._documents_menu)
        self.documents_table.selectionModel().currentRowChanged.connect(self._document_chosen)
        self.documents_table.activated.connect(lambda index: self._document_chosen(index, None))
        self.chronology_table.activated.connect(self._entry_chosen)
        self.chronology_table.doubleClicked.connect(self._entry_chosen)
        self.chronology_table.setContextMenuPolicy(Qt.CustomContextMenu)
        self.chronology_table.customContextMenuRequested.connect(self._chronology_menu)
        self.viewer.page_shown.connect(self._page_shown)
        self.unread_only.toggled.connect(lambda _on: self._filter_documents())
        self.tabs.currentChanged.connect(
            lambda index: self.unread_only.setVisible(index == DOCUMENTS_TAB))
        self.viewer.cite_requested.connect(self.cite)
        context.cite_target_changed.connect(lambda: self._focus_changed(None, None))
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._focus_changed)
        self._update_cite_label()

    # -- the case's records -------------------------------------------------
    def _case_opened(self) -> None:
        self.corrections.clear()
        # The window enables every case action once the case is open, after this: the
        # corrections are enabled for the page shown again once it has.
        QTimer.singleShot(0, self.corrections.update)
        self.viewer.forget_pictures()
        self.viewer.clear()
        self.searcher.clear()
        self._marked.clear()
        self.notice_frame.hide()
        self.refresh()

    def _changed(self, changes: Changes) -> None:
        if changes.touches(RECORDS):
            self.refresh()
        elif changes.touches(READING):
            self._show_reading()

    def refresh(self) -> None:
        """Read the documents, the chronology and the listed hits again, keeping the page shown."""
        case_id = self.context.case_id
        documents, entries = [], []
        if case_id is not None:
            try:
                if stale_files(self.context.database, case_id):
                    # Files just read, or found by older rules: their documents are found
                    # on a task (the reviewer's corrections kept); each such file shows as
                    # one provisional document until the task's notification.
                    find_documents_later(self.context, case_id)
                documents = list_documents(self.context.database, case_id)
                entries = chronology(self.context.database, case_id)
            except WorkbenchError as error:
                self.context.status.emit(str(error))
        self._syncing = True
        try:
            self.documents.set_rows(documents)
            self.chronology.set_rows(entries)
        finally:
            self._syncing = False
        table, widths = self.documents_table, self.document_widths
        # the kind reads whole where it can; the date range and the author give way first
        kinds = {FINDING if not d.found else ("Copy of " if d.duplicate_of else "") + d.kind.label
                 for d in documents}
        kind = text_width(table, DocumentsModel.KIND, kinds, most=160)
        widths.want(DocumentsModel.KIND, kind, min(kind, 130))
        widths.want(DocumentsModel.DATE, text_width(table, DocumentsModel.DATE,
                                                    [d.dates for d in documents]),
                    text_width(table, DocumentsModel.DATE, ["00/00/0000"]))
        widths.want(DocumentsModel.PAGES, text_width(table, DocumentsModel.PAGES,
                                                     [d.pages for d in documents]))
        widths.want(DocumentsModel.READ, text_width(
            table, DocumentsModel.READ, [f"{d.page_count}/{d.page_count}" for d in documents]))
        widths.want(DocumentsModel.FILE, text_width(
            table, DocumentsModel.FILE, [d.file_name for d in documents], most=200), 80)
        self._shape_documents()
        self.chronology_table.setColumnHidden(ChronologyModel.ALSO_AT,
                                              not self.chronology.has_copies)
        self.chronology_widths.apply()
        self._show_reading()
        self.tabs.setTabText(CHRONOLOGY_TAB, f"Chronology ({len(entries)})")
        self.stack.setCurrentIndex(1 if documents else 0)
        self.top.setVisible(bool(documents))
        if self.searcher.query:
            self.searcher.run(force=True)
        if self.viewer.page is not None:
            self.viewer.reload()
        if self.viewer.page is None and documents:
            first = self.documents.rows[0]
            self.open_page(first.file_id, first.first_page)
        elif self.viewer.page is not None:
            self._page_shown(self.viewer.page.file_id, self.viewer.page.number)
        self.corrections.update()

    def add_records(self, paths: list[Path] | None = None) -> Task | None:
        """Import files into the open case (asks for them when ``paths`` is None)."""
        if self.context.case_id is None:
            return None
        if paths is None:
            names, _filter = QFileDialog.getOpenFileNames(
                self, "Add Records", preferences.folder("records"), RECORD_FILTER)
            if not names:
                return None
            paths = [Path(name) for name in names]
            preferences.remember_folder("records", paths[0])
        self.notice_frame.hide()
        return start_import(self.context, paths)

    def _import_finished(self, results) -> None:
        failed = [r for r in results if r.outcome.value == "failed"]
        if not failed:
            self.notice_frame.hide()  # an earlier batch's failures, imported again since
            return
        noun = "file was" if len(failed) == 1 else "files were"
        lines = [f"{len(failed)} {noun} not imported:"]
        lines += [f"• {r.name} {r.message}" for r in failed]
        self.notice.setText("\n".join(lines))
        self.notice_frame.show()

    def _shape_documents(self) -> None:
        """As filed: each file's first document tall enough for the file's heading, no
        File column; sorted otherwise: even rows and the file named on each."""
        table = self.documents_table
        plain = table.verticalHeader().defaultSectionSize()
        for row in self._tall_rows:
            if row < self.documents.rowCount():
                table.setRowHeight(row, plain)
        self._tall_rows = self.documents.file_rows()
        tall = plain + DocumentsDelegate.band_height(table.font())
        for row in self._tall_rows:
            table.setRowHeight(row, tall)
        table.setColumnHidden(DocumentsModel.FILE, self.documents.as_filed)
        self.document_widths.apply()

    def _edited(self, document_id: int, name: str, value) -> None:
        """A kind, date or author changed in place in the documents list: one undoable step
        (a kind back to what the records read is the records' word again)."""
        document = self.documents.by_id.get(document_id)
        if name == "kind" and document is not None and value == document.found_kind:
            value = None
        self.corrections.correct(document_id, **{name: value})

    def _documents_menu(self, position) -> None:
        """Right-click on a document: its corrections (the row clicked is the one shown)."""
        index = self.documents_table.indexAt(position)
        if not index.isValid():
            return
        document = self.documents.row(index.row())
        shown = self.viewer.page
        if shown is None or not document.holds(shown.file_id, shown.number):
            self.open_page(document.file_id, document.first_page)
        self.corrections.update()
        menu = QMenu(self)
        for action in self.corrections.actions:
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.cite_action)
        menu.exec(self.documents_table.viewport().mapToGlobal(position))
        menu.deleteLater()

    # -- opening pages ------------------------------------------------------
    def open_page(self, file_id: int, page: int) -> bool:
        """Show a page of a file (1-based page of the file)."""
        return self.viewer.show_page(file_id, page, self.searcher.query)

    def _document_chosen(self, index, _previous) -> None:
        if self._syncing or not index.isValid():
            return
        document = self.documents.row(index.row())
        shown = self.viewer.page
        if document is not None and (shown is None
                                     or not document.holds(shown.file_id, shown.number)):
            self.open_page(document.file_id, document.first_page)

    def _entry_chosen(self, index) -> None:
        where = index.data(PAGE_ROLE)
        if where is not None:
            self.open_page(*where)

    def _chronology_menu(self, position) -> None:
        """Right-click on an entry: open its page, or the copy of the report elsewhere."""
        entry = self.chronology.row(self.chronology_table.indexAt(position).row())
        if entry is None or entry.file_id is None:
            return
        menu = QMenu(self)
        menu.addAction(f"Open {entry.document} p. {entry.page}",
                       lambda: self.open_page(entry.file_id, entry.page or 1))
        for file_id, page, name in entry.also_at:
            menu.addAction(f"Open the Copy at {name} p. {page}",
                           lambda f=file_id, p=page: self.open_page(f, p))
        menu.exec(self.chronology_table.viewport().mapToGlobal(position))
        menu.deleteLater()

    def _page_shown(self, file_id: int, page: int) -> None:
        """Keep the documents list on the document shown, without reopening it; note the
        page as read."""
        self._mark_read(file_id, page)
        if self.unread_only.isChecked():
            self._filter_documents()  # the document left may be hidden now
        row = self.documents.row_holding(file_id, page)
        selection = self.documents_table.selectionModel()
        if row >= 0 and selection.currentIndex().row() != row:
            self._syncing = True
            try:
                selection.setCurrentIndex(self.documents.index(row, 0),
                                          QItemSelectionModel.ClearAndSelect
                                          | QItemSelectionModel.Rows)
                self.documents_table.scrollTo(self.documents.index(row, 0))
            finally:
                self._syncing = False
        shown = self.viewer.page
        if shown is not None and (shown.file_id, shown.number) == (file_id, page):
            # read already; no citation while the documents of its file are being found
            self._citation = citation_text(shown.kind, shown.date, page) \
                if shown.document_found else ""
        else:
            try:
                self._citation = cite_page(self.context.database, self.context.case_id,
                                           file_id, page).text
            except WorkbenchError:
                self._citation = ""
        self._update_cite_label()
        self.viewer.set_copy_note(self._copy_note())
        self.corrections.update()

    def _copy_note(self) -> str:
        """"A copy of PR-2, 04/15/2015 (pp. 1-2): ..." when the page shown is in a copy."""
        page = self.viewer.page
        document = self.documents.by_id.get(page.document_id) if page is not None else None
        original = self.documents.original_of(document) if document is not None else None
        if original is None:
            return ""
        where = original.pages if original.file_id == document.file_id \
            else f"{original.pages} of {original.file_name}"
        return (f"A copy of {original.label} ({where}): left out of the chronology and the "
                f"search. Not a Duplicate: {NOT_DUPLICATE_KEY}.")

    # -- what has been read -------------------------------------------------
    def _mark_read(self, file_id: int, page: int) -> None:
        """Note a page the viewer shows as read (once per page and opened case)."""
        case_id = self.context.case_id
        if case_id is None or (file_id, page) in self._marked \
                or self.context.database.read_only:
            return
        self._marked.add((file_id, page))
        try:
            self.context.ops.run(
                lambda: mark_read(self.context.database, case_id, file_id, page),
                Changes.of(READING, case_id=case_id, origin=self))
        except WorkbenchError as error:
            self._marked.discard((file_id, page))
            self.context.status.emit(str(error))

    def _show_reading(self) -> None:
        """The Read column, the case's share in the Documents tab, and the unread filter."""
        case_id = self.context.case_id
        found = CaseCoverage()
        if case_id is not None:
            try:
                found = coverage(self.context.database, case_id)
            except WorkbenchError as error:
                self.context.status.emit(str(error))
        self.documents.set_coverage(found)
        title = f"Documents ({self.documents.rowCount()})"
        if found.pages:
            title += f" · {percent(found.share)} read"
        self.tabs.setTabText(DOCUMENTS_TAB, title)
        self.tabs.setTabToolTip(DOCUMENTS_TAB, f"{found.read} of {found.pages} pages opened"
                                if found.pages else "")
        self._filter_documents()

    def _filter_documents(self) -> None:
        """With "Unread only", hide fully read documents (except the one shown)."""
        only_unread = self.unread_only.isChecked()
        shown = self.viewer.page
        for row, document in enumerate(self.documents.rows):
            here = shown is not None and document.holds(shown.file_id, shown.number)
            hidden = only_unread and not here and self.documents.complete(document.id)
            if self.documents_table.isRowHidden(row) != hidden:
                self.documents_table.setRowHidden(row, hidden)

    def _tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self.tabs.currentWidget().setFocus()

    # -- search -------------------------------------------------------------
    def focus_search(self) -> None:
        self.searcher.focus()
        if self.searcher.query:
            self.tabs.setCurrentIndex(HITS_TAB)

    def _searched(self, query: str, new: bool) -> None:
        self.viewer.set_query(query)
        self.tabs.setTabText(HITS_TAB, f"Search ({self.searcher.count_text})" if query
                             else "Search")
        if query and new:
            self.tabs.setCurrentIndex(HITS_TAB)

    # -- citing -------------------------------------------------------------
    def cite(self) -> bool:
        """Insert the shown page's citation where the reviewer was last writing."""
        page, case_id = self.viewer.page, self.context.case_id
        if page is None or case_id is None:
            self.context.status.emit("Open a page first, then cite it.")
            return False
        try:
            citation = cite_page(self.context.database, case_id, page.file_id, page.number)
        except WorkbenchError as error:
            self.context.status.emit(str(error))
            return False
        return self.context.insert_citation(citation.text)

    def _focus_changed(self, _old, _new) -> None:
        try:
            self._update_cite_label()
        except RuntimeError:  # the window is being taken down, its buttons first
            pass

    def _update_cite_label(self) -> None:
        target = self.context.cite_target_name
        button = self.viewer.cite_button
        button.setText(f"Cite in {target}" if target else "Cite page")
        where = f"into the {target}" if target else \
            "where you last wrote (click into the summary or a rationale first)"
        citation = f"“{self._citation}”" if self._citation else "this page's citation"
        button.setToolTip(f"Insert {citation} {where} (Ctrl+Shift+C)")
        page = self.viewer.page
        finding = page is not None and not page.document_found
        if page is not None:  # the button follows the page in the viewer (``records_page``)
            self.cite_action.setEnabled(not finding)
        if finding:
            button.setToolTip("The documents of this file are being found: its pages can be "
                              "cited in a moment")
        self.cite_action.setText(f"&Cite This Page in the {target}" if target
                                 else "&Cite This Page")
