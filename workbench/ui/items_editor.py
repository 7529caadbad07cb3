"""The selected disputed item: description, decision, both roles' citations, the sequence
warnings and the rationale. It shows; the items view turns what is typed into edits."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QRadioButton, QVBoxLayout, QWidget,
)

from workbench.case import Case, Decision, Item, Role
from workbench.citations import format_citation
from workbench.letters.template import default_template
from workbench.library.items import (
    citation_label, guideline_line, rationale_paragraphs, rationale_text,
)
from workbench.ui.items_citations import CitationPanel


class ItemEditor(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.template = default_template()
        self.description = QLineEdit()
        self.description.setPlaceholderText("The item as the letter names it, e.g. "
                                            "“MRI of the lumbar spine”")
        self.upheld = QRadioButton("&Upheld")
        self.upheld.setToolTip("The UR denial stands: not medically necessary")
        self.overturned = QRadioButton("&Overturned")
        self.overturned.setToolTip("Medically necessary: the UR denial is overturned")
        self.decisions = QButtonGroup(self)
        self.decisions.addButton(self.upheld)
        self.decisions.addButton(self.overturned)
        decision_row = QHBoxLayout()
        decision_row.addWidget(self.upheld)
        decision_row.addWidget(self.overturned)
        decision_row.addStretch(1)
        self.heading = QLabel()
        self.heading.setObjectName("itemHeading")
        self.heading.setWordWrap(True)
        self.heading.setToolTip("The item's heading as the letter prints it")
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Description:", self.description)
        form.addRow("Decision:", decision_row)

        self.panels = {role: CitationPanel(role) for role in
                       (Role.CLAIMS_ADMINISTRATOR, Role.REVIEWER)}
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.RichText)
        self.warnings.setObjectName("sequenceWarnings")
        self.warnings.setStyleSheet("#sequenceWarnings { background: #fff4d6; color: #5a4100;"
                                    " border: 1px solid #e0c46c; border-radius: 3px;"
                                    " padding: 5px 7px; }")

        self.rationale = QPlainTextEdit()
        self.rationale.setAccessibleName("Decision rationale")
        self.rationale.setPlaceholderText(
            "Why, for this worker: the facts from the records with their page citations, what "
            "the guideline requires, and the conclusion. Separate paragraphs with a blank line; "
            "“Cite this page” in the records inserts at the cursor.")
        self.snippet_button = QPushButton("Insert snippet…")
        self.snippet_button.setToolTip("Insert a rationale snippet from the library at the "
                                       "cursor (Ctrl+Shift+I)")
        rationale_row = QHBoxLayout()
        rationale_row.addWidget(QLabel("<b>Decision rationale</b>"))
        rationale_row.addStretch(1)
        rationale_row.addWidget(self.snippet_button)

        editor_layout = QVBoxLayout(self)
        editor_layout.setContentsMargins(4, 6, 6, 6)
        editor_layout.setSpacing(8)
        editor_layout.addWidget(self.heading)
        editor_layout.addLayout(form)
        editor_layout.addWidget(self.panels[Role.CLAIMS_ADMINISTRATOR])
        editor_layout.addWidget(self.panels[Role.REVIEWER])
        editor_layout.addWidget(self.warnings)
        editor_layout.addLayout(rationale_row)
        editor_layout.addWidget(self.rationale, 1)
        self.rationale.setMinimumHeight(140)

    def show_item(self, case: Case, item: Item, warnings: list[str]) -> None:
        """Show ``item``, touching only the widgets whose content differs."""
        if self.description.text() != item.description:
            self.description.blockSignals(True)
            self.description.setText(item.description)
            self.description.blockSignals(False)
        number = f"{item.number} " if item.number is not None else ""
        description = escape(item.description or "…")
        self.heading.setText(f"<span style='font-size:12pt'><b>{escape(number)}{description}: "
                             f"{item.decision_word}</b></span>")
        self.decisions.blockSignals(True)
        if item.decision is None:  # neither button: exclusive groups keep one unless told
            self.decisions.setExclusive(False)
            self.upheld.setChecked(False)
            self.overturned.setChecked(False)
            self.decisions.setExclusive(True)
        else:
            (self.upheld if item.decision is Decision.UPHELD else self.overturned).setChecked(True)
        self.decisions.blockSignals(False)
        for role, panel in self.panels.items():
            labels = [(citation_label(c), format_citation(c, role, self.template))
                      for c in item.citations(role)]
            label = self.template.guideline_label(role, case.organization_short)
            panel.show_citations(labels, guideline_line(case, item, role, self.template), label)
        self.warnings.setText("<b>Medical evidence search sequence</b><br>" +
                              "<br>".join(f"⚠ {escape(line)}" for line in warnings))
        self.warnings.setVisible(bool(warnings))
        if rationale_paragraphs(self.rationale.toPlainText()) != item.rationale:
            self.rationale.blockSignals(True)
            self.rationale.setPlainText(rationale_text(item.rationale))
            self.rationale.blockSignals(False)
