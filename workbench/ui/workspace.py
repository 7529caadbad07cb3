"""An open case: the records on one side, the summary, items and letter in the middle,
the guideline library on the other side.

The side panes give way to the middle, never the other way round: a narrow window
takes width from the sides first, down to the width each needs to be of use. A side
can be hidden (View ▸ Show/Hide Records, Ctrl+Shift+R; Show/Hide Library,
Ctrl+Shift+B) and stays hidden, next start too, until it is shown again; a side
collapsed with its splitter handle, or squeezed below its useful width, comes
back at a useful width as soon as the window is wider and has the room.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from workbench.ui.context import CaseContext
from workbench.ui.items_view import ItemsView
from workbench.ui.letter_view import LetterView
from workbench.ui.library_pane import LibraryPane
from workbench.ui.records_view import RecordsView
from workbench.ui.summary_view import SummaryView

SUMMARY_TAB, ITEMS_TAB, LETTER_TAB = range(3)
RECORDS_WIDTH = 380  # the narrowest records pane that still reads (list, page, its tools)
LIBRARY_WIDTH = 300  # the narrowest library pane whose buttons and filters fit
MIDDLE_WIDTH = 520  # what the summary form, the item editor and the letter need


class CaseWorkspace(QWidget):
    def __init__(self, context: CaseContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.records = RecordsView(context)
        self.summary = SummaryView(context)
        self.items = ItemsView(context)
        self.letter = LetterView(context)
        self.library = LibraryPane(context)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.summary, "Summary")
        self.tabs.addTab(self.items, "Disputed items")
        self.tabs.addTab(self.letter, "Letter")

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setChildrenCollapsible(True)
        self.splitter.addWidget(self.records)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.library)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([560, 700, 420])
        for index in range(3):
            self.splitter.setCollapsible(index, index != 1)
        self.splitter.splitterMoved.connect(lambda _pos, _index: self._remember())
        self._hidden: set[QWidget] = set()  # sides the reviewer hid with the View menu
        self._fitted_width = 0  # the splitter's width when the panes were last fitted
        context.show_editor.connect(self._show_editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    @property
    def views(self) -> list[QWidget]:
        return [self.records, self.summary, self.items, self.library, self.letter]

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def _show_editor(self, widget: QWidget) -> None:
        """Bring the tab holding ``widget`` to the front (a citation is about to go there)."""
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is widget or page.isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
                return

    # -- the side panes -------------------------------------------------------
    def _useful(self, index: int) -> int:
        return RECORDS_WIDTH if index == 0 else LIBRARY_WIDTH if index == 2 else MIDDLE_WIDTH

    def toggle_pane(self, pane: QWidget) -> None:
        """Hide the records or library side, or show it again at the width it had."""
        index = self.splitter.indexOf(pane)
        sizes = self.splitter.sizes()
        if sizes[index] > 0:
            if sizes[index] >= self._useful(index):
                pane.setProperty("width_before", sizes[index])
            self._hidden.add(pane)
            sizes[1] += sizes[index]
            sizes[index] = 0
        else:
            self._hidden.discard(pane)
            pane.show()
            want = max(self._useful(index), int(pane.property("width_before") or 0))
            # asked for: it gets its width even if the middle has to go below its own
            sizes = self._give(sizes, index, want, squeeze=True)
        self.splitter.setSizes(sizes)

    def restore_splitter(self, state: QByteArray) -> None:
        """The saved widths; a side saved hidden stays hidden until the reviewer shows it."""
        self.splitter.restoreState(state)
        sizes = self.splitter.sizes()
        self._hidden = {pane for index, pane in ((0, self.records), (2, self.library))
                        if sizes[index] == 0}

    def is_hidden(self, pane: QWidget) -> bool:
        """True when the reviewer hid ``pane`` (not when a narrow window squeezed it)."""
        return pane in self._hidden

    def _give(self, sizes: list[int], index: int, want: int, *, squeeze: bool) -> list[int]:
        """``sizes`` with side ``index`` widened to ``want``, the width taken from the middle
        and the other side above their useful widths (and, with ``squeeze``, below them)."""
        sizes = list(sizes)
        other = 2 - index
        donors = [(1, self._useful(1)), (other, self._useful(other))]
        if squeeze:
            donors.append((1, self.tabs.minimumSizeHint().width()))
        need = want - sizes[index]
        for donor, floor in donors:
            taken = max(0, min(need, sizes[donor] - floor))
            sizes[donor] -= taken
            sizes[index] += taken
            need -= taken
        return sizes

    def _fit(self) -> None:
        """Keep the middle at its useful width, taking from the sides first; on a wider
        window than before, bring back sides narrower than useful (unless hidden)."""
        sizes = self.splitter.sizes()
        width = sum(sizes)
        if width <= 0 or not self.isVisible():
            return
        grown = width > self._fitted_width
        self._fitted_width = width
        fitted = list(sizes)
        deficit = self._useful(1) - fitted[1]
        if deficit > 0:
            excess = {i: max(0, fitted[i] - self._useful(i)) for i in (0, 2)}
            total = sum(excess.values())
            for i in (0, 2):
                if total:
                    taken = min(excess[i], round(deficit * excess[i] / total))
                    fitted[i] -= taken
                    fitted[1] += taken
        if grown:
            for index, pane in ((0, self.records), (2, self.library)):
                if pane in self._hidden or fitted[index] >= self._useful(index):
                    continue
                want = max(self._useful(index), int(pane.property("width_before") or 0))
                tried = self._give(fitted, index, want, squeeze=False)
                if tried[index] < want:  # not that much room: the useful width, or nothing
                    tried = self._give(fitted, index, self._useful(index), squeeze=False)
                if tried[index] >= self._useful(index):
                    fitted = tried
        if fitted != sizes:
            self.splitter.setSizes(fitted)
        self._remember()

    def _remember(self) -> None:
        """Note each side's width while it is useful, to come back at; a side shown again
        by dragging its handle is no longer hidden."""
        for index, pane in ((0, self.records), (2, self.library)):
            size = self.splitter.sizes()[index]
            if size > 0:
                self._hidden.discard(pane)
            if size >= self._useful(index):
                pane.setProperty("width_before", size)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._fit()
