"""Guideline PDFs: one shown at the cited page, to check the wording before citing it,
and a new one added with where its printed page numbers fall."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QPushButton,
    QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from workbench.errors import WorkbenchError
from workbench.library.guidelines import PageLocation, render_page
from workbench.library.model import Source

PAGE_WIDTH = 820


class GuidelinePageDialog(QDialog):
    def __init__(self, location: PageLocation, title: str, page_count: int, offset: int,
                 first_png: bytes | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(PAGE_WIDTH + 60, 900)
        self.path: Path = location.path
        self.pdf_page = location.pdf_page
        self.page_count = page_count
        self.offset = offset
        self.image = QLabel(alignment=Qt.AlignCenter)
        self.scroll = scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        self.where = QLabel()
        self.previous = QPushButton("◀ Previous page")
        self.previous.setShortcut("PgUp")
        self.previous.clicked.connect(lambda: self.go(self.pdf_page - 1))
        self.next = QPushButton("Next page ▶")
        self.next.setShortcut("PgDown")
        self.next.clicked.connect(lambda: self.go(self.pdf_page + 1))
        external = QPushButton("Open in PDF viewer")
        external.setToolTip("Open the whole guideline in the system's PDF viewer")
        external.clicked.connect(self.open_externally)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.previous)
        row.addWidget(self.next)
        row.addWidget(self.where, 1)
        row.addWidget(external)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(scroll, 1)
        self._show(first_png)

    def go(self, pdf_page: int) -> None:
        if 1 <= pdf_page <= self.page_count:
            self.pdf_page = pdf_page
            self._show(None)

    def _show(self, png: bytes | None) -> None:
        try:
            data = png if png is not None else render_page(self.path, self.pdf_page, PAGE_WIDTH)
        except WorkbenchError as error:
            self.image.setText(str(error))
            return
        self.image.setPixmap(QPixmap.fromImage(QImage.fromData(data, "PNG")))
        printed = self.pdf_page - self.offset
        self.where.setText(f"Printed page {printed} (page {self.pdf_page} of {self.page_count} "
                           "in the PDF)")
        self.scroll.verticalScrollBar().setValue(0)
        self.previous.setEnabled(self.pdf_page > 1)
        self.next.setEnabled(self.pdf_page < self.page_count)

    def open_externally(self) -> None:
        url = QUrl.fromLocalFile(str(self.path))
        url.setFragment(f"page={self.pdf_page}")
        QDesktopServices.openUrl(url)


class GuidelinePdfDialog(QDialog):
    """Which guideline a PDF is, and how its printed page numbers fall on the PDF's pages."""

    def __init__(self, path: Path, sources: list[Source], source_key: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add Guideline PDF")
        self.path = path
        self.source = QComboBox()
        for source in sources:
            self.source.addItem(source.title, source.key)
        if source_key is not None:
            self.source.setCurrentIndex(max(0, self.source.findData(source_key)))
        self.printed = QSpinBox(minimum=-50, maximum=5000, value=1)
        self.pdf_page = QSpinBox(minimum=1, maximum=5000, value=1)
        pages = QHBoxLayout()
        pages.addWidget(QLabel("Printed page"))
        pages.addWidget(self.printed)
        pages.addWidget(QLabel("is page"))
        pages.addWidget(self.pdf_page)
        pages.addWidget(QLabel("of the PDF"))
        pages.addStretch(1)
        hint = QLabel("A guideline's printed page numbers often differ from the PDF's own (the "
                      "cover and contents come first). Find one printed page in a PDF viewer "
                      "and enter where it is, so “Open at page” lands on the cited page.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: gray")
        form = QFormLayout()
        form.addRow("File:", QLabel(path.name))
        form.addRow("&Guideline:", self.source)
        form.addRow("Pages:", pages)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Add")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def page_offset(self) -> int:
        """PDF page = printed page + offset."""
        return self.pdf_page.value() - self.printed.value()
