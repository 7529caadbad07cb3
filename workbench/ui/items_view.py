"""The disputed items: their order, and for the selected one its decision, citations and rationale.

Every change is an ``editor.edit`` on the ITEMS part, so it undoes and saves
like any other. Items are referred to by position only; the list and the
editor are redrawn from ``editor.case`` after every change, setting a widget
only where it differs so the field being typed in keeps its cursor.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
    QRadioButton, QScrollArea, QSplitter, QStackedWidget, QToolButton, QVBoxLayout, QWidget,
)

from workbench.case import Case, Decision, Item, Role
from workbench.errors import WorkbenchError
from workbench.library.citing import (
    SequenceWarning,
    check_search_sequence,
    cite,
    letter_wording,
    uncite,
)
from workbench.library.items import (
    add_item, move_citation, move_item, rationale_paragraphs, remove_item, warnings_for,
)
from workbench.library.search import LibrarySearch
from workbench.library.store import LibraryStore
from workbench.qa.findings import DESCRIPTION, RATIONALE
from workbench.ui.context import CaseContext
from workbench.changes import CASE, ITEMS, LIBRARY, Changes
from workbench.ui.items_editor import ItemEditor
from workbench.ui.items_snippets import SnippetPicker
from workbench.ui.qa_panel import mark_items, qa_runner
from workbench.ui.spelling_highlighter import attach_spelling

ROLE_NAMES = {Role.REVIEWER: "reviewer's", Role.CLAIMS_ADMINISTRATOR: "claims administrator's"}


def _row_text(item: Item, position: int) -> str:
    number = item.number if item.number is not None else position + 1
    description = item.description.strip() or "(no description yet)"
    return f"{number}. {description}\n     {item.decision_word}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class ItemsView(QWidget):
    menu_title = "Items"

    def __init__(self, context: CaseContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.editor = context.editor
        self.library = LibraryStore(context.database)
        self.search = LibrarySearch(context.database)
        self.position = -1
        self.snippet_picker: SnippetPicker | None = None
        self._library_generation = 0
        self._warnings_key: object = None
        self._warnings: list[SequenceWarning] = []
        self._build()
        self._build_actions()

        self.editor.opened.connect(self._opened)
        context.ops.changed.connect(self._changed)
        context.attach_entry.connect(self.attach)
        context.register_cite_target(self.rationale, "rationale", place=lambda: self.position,
                                     go_to=self._show_for_citation)
        for field, widget in ((RATIONALE, self.rationale), (DESCRIPTION, self.description)):
            attach_spelling(context, widget, field, place=lambda: self.position,
                            go_to=self._show_for_citation)  # misspellings underlined
        self.qa = qa_runner(context)  # each item's open quality findings, marked in the list
        self.qa.updated.connect(self._mark_findings)
        self.refresh()

    # -- building -------------------------------------------------------------
    def _build(self) -> None:
        self.list = QListWidget()
        self.list.setAccessibleName("Disputed items")
        self.list.setSelectionMode(QAbstractItemView.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        self.list.currentRowChanged.connect(self._row_changed)
        self.add_button = QPushButton("Add item")
        self.add_button.setToolTip("Add a disputed item (Ctrl+Shift+N)")
        self.add_button.clicked.connect(self.add_item)
        self.remove_button = self._tool("✕", "Remove the item (Delete in the list; Ctrl+Z brings "
                                              "it back)", self.remove_item)
        self.up_button = self._tool("↑", "Move the item up (Alt+Up)", lambda: self.move_item(-1))
        self.down_button = self._tool("↓", "Move the item down (Alt+Down)",
                                      lambda: self.move_item(+1))
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        buttons.addWidget(self.add_button, 1)
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 4, 6)
        left_layout.addWidget(QLabel("<b>Disputed items</b>"))
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(buttons)

        self.item_editor = ItemEditor()
        for name in ("description", "upheld", "overturned", "decisions", "heading", "panels",
                     "warnings", "rationale", "snippet_button"):
            setattr(self, name, getattr(self.item_editor, name))
        self.description.textEdited.connect(self._description_edited)
        self.description.returnPressed.connect(self._focus_rationale)
        self.decisions.buttonToggled.connect(self._decision_toggled)
        for role, panel in self.panels.items():
            panel.remove_requested.connect(lambda row, r=role: self.remove_citation(r, row))
            panel.move_requested.connect(lambda row, to, r=role: self.move_citation(r, row, to))
            panel.entry_dropped.connect(lambda key, r=role: self.attach(key, r))
        self.rationale.textChanged.connect(self._rationale_changed)
        self.snippet_button.clicked.connect(self.insert_snippet)

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setMargin(24)
        self.first_button = QPushButton("Add the first item")
        self.first_button.clicked.connect(self.add_item)
        self.empty_page = QWidget()
        empty_layout = QVBoxLayout(self.empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty)
        empty_layout.addWidget(self.first_button, 0, Qt.AlignHCenter)
        empty_layout.addStretch(2)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty_page)
        self.right.addWidget(self.item_editor)

        right = QScrollArea()  # a narrow window scrolls the editor rather than cut it
        right.setWidget(self.right)
        right.setWidgetResizable(True)
        right.setFrameShape(QFrame.NoFrame)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _tool(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setFixedWidth(28)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _build_actions(self) -> None:
        def action(text: str, slot, keys: str | None, context=Qt.WindowShortcut) -> QAction:
            made = QAction(text, self)
            if keys:
                made.setShortcut(QKeySequence(keys))
                made.setShortcutContext(context)
            made.triggered.connect(lambda _checked=False: slot())
            return made

        self.add_action = action("&Add Item", self.add_item, "Ctrl+Shift+N")
        self.remove_action = action("&Remove Item", self.remove_item, "Delete", Qt.WidgetShortcut)
        self.list.addAction(self.remove_action)
        self.up_action = action("Move Item &Up", lambda: self.move_item(-1), "Alt+Up")
        self.down_action = action("Move Item &Down", lambda: self.move_item(+1), "Alt+Down")
        self.snippet_action = action("Insert &Snippet…", self.insert_snippet, "Ctrl+Shift+I")
        self.rationale_action = action("Edit &Rationale", self._focus_rationale, "Ctrl+Shift+J")

    def menu_actions(self) -> list[QAction]:
        """Actions the main window lists in this view's menu (with their shortcuts)."""
        return [self.add_action, self.remove_action, self.up_action, self.down_action,
                self.snippet_action, self.rationale_action]

    # -- the case ----------------------------------------------------------------
    @property
    def case(self) -> Case | None:
        return self.editor.case

    def _item(self) -> Item | None:
        case = self.case
        if case is None or not 0 <= self.position < len(case.items):
            return None
        return case.items[self.position]

    def _opened(self) -> None:
        self._warnings_key = None
        self.position = 0 if self.case is not None and self.case.items else -1
        self.refresh()
        self.context.item_selected.emit(self.position)

    def _changed(self, changes: Changes) -> None:
        if changes.touches(LIBRARY):
            self._library_generation += 1
        if changes.touches(ITEMS, LIBRARY, CASE):
            self.refresh()

    def select(self, position: int) -> None:
        """Show the item at ``position`` (and tell the other views)."""
        count = len(self.case.items) if self.case is not None else 0
        position = max(-1, min(position, count - 1))
        changed = position != self.position
        self.position = position
        self.refresh()
        if changed or self.context.current_item != position:
            self.context.item_selected.emit(position)

    def _show_for_citation(self, position: int) -> bool:
        """Select the item a page citation is for; False when there is no such item."""
        if self.case is None or not 0 <= position < len(self.case.items):
            return False
        self.select(position)
        return True

    def _row_changed(self, row: int) -> None:
        if row != self.position:
            self.select(row)

    # -- redrawing -----------------------------------------------------------------
    def refresh(self) -> None:
        case = self.case
        items = case.items if case is not None else []
        wanted = min(self.position, len(items) - 1) if self.position >= 0 else (0 if items else -1)
        if wanted != self.position:
            self.position = wanted
            self.context.item_selected.emit(wanted)
        self._fill_list(items)
        item = self._item()
        has_case = case is not None
        writable = not self.context.database.read_only
        for widget in (self.add_button, self.add_action):
            widget.setEnabled(has_case and writable)
        for widget in (self.remove_button, self.remove_action, self.snippet_button,
                       self.snippet_action, self.rationale_action):
            widget.setEnabled(item is not None and writable)
        self.item_editor.setEnabled(writable)
        self.up_button.setEnabled(item is not None and self.position > 0 and writable)
        self.up_action.setEnabled(self.up_button.isEnabled())
        self.down_button.setEnabled(item is not None and self.position < len(items) - 1
                                    and writable)
        self.down_action.setEnabled(self.down_button.isEnabled())
        if item is None:
            self.empty.setText(
                "Open a case to edit its disputed items." if not has_case else
                "No disputed items yet.\n\nAdd one for each treatment the utilization review "
                "denied or modified (Ctrl+Shift+N), in the order of the IMR application."
                if not items else "Select an item on the left.")
            self.first_button.setVisible(has_case and not items)
            self.right.setCurrentWidget(self.empty_page)
            self.rationale.setEnabled(False)
            return
        self.right.setCurrentWidget(self.item_editor)
        self.rationale.setEnabled(True)
        # The sequence check searches the library; a hidden view runs it when it is shown,
        # so opening a case on another tab does not wait for it.
        self._warnings_pending = not self.isVisible()
        warnings = [] if self._warnings_pending else self._item_warnings(case)
        self.item_editor.show_item(case, item, warnings)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if getattr(self, "_warnings_pending", False):
            self.refresh()

    def _fill_list(self, items: list[Item]) -> None:
        self.list.blockSignals(True)
        while self.list.count() > len(items):
            self.list.takeItem(self.list.count() - 1)
        for position, item in enumerate(items):
            text = _row_text(item, position)
            row = self.list.item(position)
            if row is None:
                row = QListWidgetItem(text)
                self.list.addItem(row)
            elif row.text() != text:
                row.setText(text)
            row.setToolTip(item.description)
        if self.list.currentRow() != self.position:
            self.list.setCurrentRow(self.position)
        self.list.blockSignals(False)
        self._mark_findings()

    def _mark_findings(self) -> None:
        mark_items(self.list, self.qa.findings, self.case)

    def _item_warnings(self, case: Case) -> list[str]:
        """The selected item's sequence warnings; the check runs again only when a reviewer
        citation, the case's dates or the library changed."""
        key = (repr([item.reviewer_citations for item in case.items]), case.ur_decision_on,
               case.received_on, self._library_generation)
        if key != self._warnings_key:
            try:
                self._warnings = check_search_sequence(case, self.library, self.search)
            except WorkbenchError as error:
                self._warnings = [SequenceWarning(self.position + 1, str(error))]
            self._warnings_key = key
        prefix = f"Item {self.position + 1}: "
        return [_sentence(w.message.removeprefix(prefix))
                for w in warnings_for(self._warnings, self.position)]

    def sequence_warnings(self) -> list[str]:
        """The warnings shown for the selected item (what the reviewer reads)."""
        return [w.message for w in warnings_for(self._warnings, self.position)]

    # -- typing ------------------------------------------------------------------------
    def _description_edited(self, text: str) -> None:
        position = self.position

        def change(case: Case) -> None:
            case.items[position].description = text
        self.editor.edit("Edit item description", change,
                         merge=f"item.{position}.description")

    def _decision_toggled(self, button: QRadioButton, checked: bool) -> None:
        if not checked or self._item() is None:
            return
        position = self.position
        decision = Decision.UPHELD if button is self.upheld else Decision.OVERTURNED

        def change(case: Case) -> None:
            case.items[position].decision = decision
        self.editor.edit(f"Set item {position + 1} {decision.value.lower()}", change)

    def _rationale_changed(self) -> None:
        if self._item() is None:
            return
        position = self.position
        paragraphs = rationale_paragraphs(self.rationale.toPlainText())

        def change(case: Case) -> None:
            case.items[position].rationale = paragraphs
        self.editor.edit("Edit rationale", change, merge=f"item.{position}.rationale")

    def _focus_rationale(self) -> None:
        if self._item() is not None:
            self.rationale.setFocus()

    # -- items ---------------------------------------------------------------------------
    def add_item(self) -> None:
        if self.case is None:
            return
        added: list[int] = []
        self.editor.edit("Add item", lambda case: added.append(add_item(case)))
        if added:
            self.select(added[0])
            self.description.setFocus()

    def remove_item(self) -> None:
        item = self._item()
        if item is None:
            return
        position = self.position
        self.editor.edit(f"Remove item {position + 1}", lambda case: remove_item(case, position))
        self.select(min(position, len(self.case.items) - 1))
        self.context.status.emit(f"Removed item {position + 1}. Undo (Ctrl+Z) brings it back.")

    def move_item(self, step: int) -> None:
        if self._item() is None:
            return
        position, to = self.position, self.position + step
        if not 0 <= to < len(self.case.items):
            return
        moved: list[int] = []
        self.editor.edit(f"Move item {position + 1}", lambda case: moved.append(move_item(case, position, to)))
        self.select(moved[0] if moved else position)

    # -- citations -------------------------------------------------------------------------
    def attach(self, entry_key: str, role: Role) -> bool:
        """Cite a library entry on the selected item for ``role``; False (and why, in the
        status bar) when there is nothing to attach it to or it is cited already."""
        case = self.case
        position = self.context.current_item
        if case is None:
            return False
        if not 0 <= position < len(case.items):
            self.context.status.emit("Select a disputed item first (or add one with "
                                     "Ctrl+Shift+N), then cite the entry.")
            return False
        item = case.items[position]
        if any(c.entry_key == entry_key for c in item.citations(role)):
            self.context.status.emit(f"Already one of item {position + 1}'s "
                                     f"{ROLE_NAMES[role]} citations.")
            return False
        try:
            entry = self.library.entry(entry_key)
            source = self.library.source(entry.source)
        except WorkbenchError as error:
            self.context.status.emit(str(error))
            return False
        self.editor.edit(f"Cite {entry.topic}",  # worded as the letter already cites, or of its day
                         lambda c: cite(c.items[position], entry, source, role, letter_wording(c)))
        if position == self.position:
            cited = self.case.items[position].citations(role)
            row = next((i for i, c in enumerate(cited) if c.entry_key == entry_key), -1)
            self.panels[role].select(row)
        self.context.status.emit(f"Cited {entry.topic} on item {position + 1} as the "
                                 f"{ROLE_NAMES[role]} citation.")
        return True

    def remove_citation(self, role: Role, row: int) -> None:
        position = self.position
        if self._item() is None:
            return
        self.editor.edit("Remove citation", lambda case: uncite(case.items[position], role, row))

    def move_citation(self, role: Role, row: int, to: int) -> None:
        position = self.position
        if self._item() is None:
            return
        self.editor.edit("Move citation", lambda case: move_citation(case.items[position], role, row, to))
        self.panels[role].select(to)

    # -- snippets ------------------------------------------------------------------------------
    def insert_snippet(self) -> None:
        item = self._item()
        if item is None:
            return
        try:
            snippets = self.library.snippets()
        except WorkbenchError as error:
            self.context.status.emit(str(error))
            return
        cited = {c.entry_key for role in Role for c in item.citations(role) if c.entry_key}
        picker = SnippetPicker(snippets, cited, self)
        picker.accepted.connect(lambda: self._insert_chosen(picker))
        picker.finished.connect(picker.deleteLater)
        self.snippet_picker = picker
        picker.open()

    def _insert_chosen(self, picker: SnippetPicker) -> None:
        snippet = picker.chosen()
        if snippet is None or self._item() is None:
            return
        cursor = self.rationale.textCursor()
        before = cursor.block().text()[: cursor.positionInBlock()]
        cursor.insertText(snippet.text if not before or before.endswith((" ", "\t"))
                          else " " + snippet.text)
        self.rationale.setTextCursor(cursor)
        self.rationale.setFocus()
        self.context.status.emit(f"Inserted “{snippet.title}”.")
