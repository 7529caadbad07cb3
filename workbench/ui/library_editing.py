"""Changing the library from its pane: entries, rationale snippets and guideline PDFs.

Library edits are stored at once (the library is shared by every case, so
they are not part of a case's undo): each is one operation of the operation
layer, announced as a LIBRARY change.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from workbench.changes import LIBRARY, Changes
from workbench.errors import WorkbenchError
from workbench.library.model import Entry
from workbench.ui import preferences
from workbench.ui.library_entry_dialog import EntryDialog
from workbench.ui.library_page import GuidelinePageDialog, GuidelinePdfDialog
from workbench.ui.library_snippets import SnippetsDialog
from workbench.ui.tasks import Task


class LibraryEditing:
    """The library pane's dialogs; mixed into ``LibraryPane``, whose widgets it uses."""

    entry_dialog: EntryDialog | None = None
    snippets_dialog: SnippetsDialog | None = None
    page_dialog: GuidelinePageDialog | None = None
    pdf_dialog: GuidelinePdfDialog | None = None
    pdf_task: Task | None = None

    def open_at_page(self) -> None:
        hit = self.selected()
        if hit is None:
            return
        try:
            location = self.guidelines.open_at(hit.entry.key)
            document = next(d for d in self.guidelines.documents(hit.source.key)
                            if d.path == location.path)
        except (WorkbenchError, StopIteration) as error:
            message = str(error) or "The guideline PDF is missing."
            self.context.status.emit(message)
            QMessageBox.information(self, "Open at page", message)
            return
        dialog = GuidelinePageDialog(location, f"{hit.source.short_title} — {hit.entry.topic}",
                                     document.page_count, document.page_offset, parent=self)
        dialog.finished.connect(dialog.deleteLater)
        self.page_dialog = dialog
        dialog.show()

    def new_entry(self) -> None:
        hit = self.selected()
        self._open_entry_dialog(None, self.source.currentData() or
                                (hit.source.key if hit else None))

    def edit_entry(self) -> None:
        hit = self.selected()
        if hit is None:
            self.context.status.emit("Select a library entry to edit.")
            return
        try:
            entry = self.store.entry(hit.entry.key)
        except WorkbenchError as error:
            self.context.status.emit(str(error))
            return
        self._open_entry_dialog(entry, None)

    def _open_entry_dialog(self, entry: Entry | None, source_key: str | None) -> None:
        dialog = EntryDialog(list(self._sources.values()), entry, source_key, self)
        dialog.accepted.connect(lambda: self._save_entry(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.entry_dialog = dialog
        dialog.open()

    def _save_entry(self, dialog: EntryDialog) -> None:
        entry = dialog.entry()
        previous = self.search.text()
        self.search.blockSignals(True)
        self.search.setText(entry.topic)  # the announced change searches for it
        self.search.blockSignals(False)
        try:
            write = self.store.add_entry if dialog.original is None else self.store.update_entry
            self.context.ops.run(lambda: write(entry), Changes.of(LIBRARY, origin=self))
        except WorkbenchError as error:
            self.search.setText(previous)
            QMessageBox.warning(self, "The entry was not saved", str(error))
            return
        self.context.status.emit(f"{'Added' if dialog.original is None else 'Saved'} "
                                 f"“{entry.topic}” in the library.")
        keys = [hit.entry.key for hit in self.hits]
        if entry.key in keys:
            self.results.setCurrentRow(keys.index(entry.key))

    def edit_snippets(self) -> None:
        dialog = SnippetsDialog(self.store, self.context.ops, self.selected_key(), self)
        dialog.finished.connect(dialog.deleteLater)
        self.snippets_dialog = dialog
        dialog.open()

    def add_guideline_pdf(self, path: Path | None = None) -> None:
        """Copy a guideline PDF the reviewer owns into the library, so entries open at their page."""
        if path is None:
            name, _filter = QFileDialog.getOpenFileName(
                self, "Add Guideline PDF", preferences.folder("guidelines"), "PDF files (*.pdf)")
            if not name:
                return
            path = Path(name)
            preferences.remember_folder("guidelines", path)
        hit = self.selected()
        dialog = GuidelinePdfDialog(path, list(self._sources.values()),
                                    self.source.currentData() or (hit.source.key if hit else None),
                                    self)
        dialog.accepted.connect(lambda: self._store_pdf(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.pdf_dialog = dialog
        dialog.open()

    def _store_pdf(self, dialog) -> None:
        path, source, offset = dialog.path, dialog.source.currentData(), dialog.page_offset()
        task = Task(f"Add {path.name} to the library",
                    lambda _progress: self.guidelines.add_pdf(path, source, offset),
                    cancellable=False)
        task.succeeded.connect(lambda document: self._pdf_added(document))
        self.pdf_task = self.context.tasks.run(task)

    def _pdf_added(self, document) -> None:
        self.context.status.emit(f"Added {document.file_name} ({document.page_count} pages) to "
                                 f"the library; its entries open at their page.")
        self.context.ops.announce(Changes.of(LIBRARY, origin=self))
