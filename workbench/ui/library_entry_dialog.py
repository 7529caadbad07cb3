"""Adding or editing a library entry, with the sentence the letter will print shown as you type."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget,
)

from workbench.citations import format_sentence
from workbench.library.model import Entry, Source, entry_citation


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class EntryDialog(QDialog):
    """``entry`` None: a new entry (for ``source_key`` if given)."""

    def __init__(self, sources: list[Source], entry: Entry | None = None,
                 source_key: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Edit Library Entry" if entry else "New Library Entry")
        self.resize(640, 560)
        self.sources = {source.key: source for source in sources}
        self.original = entry
        self.source = QComboBox()
        for source in sources:
            self.source.addItem(f"{source.short_title} — "
                                f"{'MTUS' if source.mtus else 'Non-MTUS'}", source.key)
        self.chapter = QLineEdit(placeholderText="e.g. Chapter 12 Low Back Complaints")
        self.topic = QLineEdit(placeholderText="e.g. Special Studies (required)")
        self.pages = QLineEdit(placeholderText="as printed, e.g. 303-304")
        self.section = QLineEdit(placeholderText="when there are no pages, the section's name")
        self.verified = QCheckBox("I checked these pages against the guideline")
        self.document_page = QSpinBox(minimum=0, maximum=5000, specialValueText="first cited page")
        self.document_page.setToolTip("The printed page the guideline PDF opens at")
        self.summary = QPlainTextEdit(placeholderText="What the guideline says, in your own words")
        self.summary.setTabChangesFocus(True)
        self.regions = QLineEdit(placeholderText="comma-separated, e.g. low back, any")
        self.treatments = QLineEdit(placeholderText="comma-separated, e.g. MRI, imaging")
        self.keywords = QLineEdit(placeholderText="words a reviewer would type to find it")
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.preview.setStyleSheet("background: palette(base); border: 1px solid palette(mid);"
                                   " padding: 5px;")

        form = QFormLayout()
        form.addRow("&Source:", self.source)
        form.addRow("&Chapter:", self.chapter)
        form.addRow("&Topic:", self.topic)
        form.addRow("&Pages:", self.pages)
        form.addRow("", self.verified)
        form.addRow("S&ection:", self.section)
        form.addRow("PDF opens at:", self.document_page)
        form.addRow("Su&mmary:", self.summary)
        form.addRow("Body &regions:", self.regions)
        form.addRow("T&reatments:", self.treatments)
        form.addRow("&Keywords:", self.keywords)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("The letter will print:"))
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)

        if entry is not None:
            self._load(entry)
        elif source_key in self.sources:
            self.source.setCurrentIndex(self.source.findData(source_key))
        for widget in (self.chapter, self.topic, self.pages, self.section):
            widget.textChanged.connect(self._update)
        self.source.currentIndexChanged.connect(self._update)
        self._update()
        self.topic.setFocus()

    def _load(self, entry: Entry) -> None:
        self.source.setCurrentIndex(max(0, self.source.findData(entry.source)))
        self.chapter.setText(entry.chapter or "")
        self.topic.setText(entry.topic)
        self.pages.setText(entry.pages or "")
        self.section.setText(entry.section or "")
        self.verified.setChecked(entry.pages_verified)
        self.document_page.setValue(entry.document_page or 0)
        self.summary.setPlainText(entry.summary)
        self.regions.setText(", ".join(entry.body_regions))
        self.treatments.setText(", ".join(entry.treatments))
        self.keywords.setText(", ".join(entry.keywords))

    def entry(self) -> Entry:
        """The entry as filled in (an empty key for a new one: the store makes it)."""
        return Entry(
            key=self.original.key if self.original else "",
            source=self.source.currentData(),
            topic=self.topic.text().strip(),
            chapter=self.chapter.text().strip() or None,
            pages=self.pages.text().strip() or None,
            section=self.section.text().strip() or None,
            summary=self.summary.toPlainText().strip(),
            body_regions=_list(self.regions.text()),
            treatments=_list(self.treatments.text()),
            keywords=_list(self.keywords.text()),
            pages_verified=self.verified.isChecked(),
            document_page=self.document_page.value() or None,
        )

    def _update(self) -> None:
        ready = bool(self.topic.text().strip()) and self.source.currentData() in self.sources
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ready)
        if not ready:
            self.preview.setText("<span style='color:gray'>Give the entry a topic.</span>")
            return
        entry = self.entry()
        self.preview.setText(escape(format_sentence(entry_citation(entry,
                                                                  self.sources[entry.source]))))
