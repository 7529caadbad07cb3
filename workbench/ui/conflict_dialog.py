"""When two writers changed the same part of a case: both versions side by side, the reviewer decides.

Parts changed on one side only are already merged (``workbench.merging``);
this dialog shows only the parts both sides changed differently, with
"Keep mine", "Take theirs" and "Keep mine as a copy".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout,
    QWidget,
)

from workbench.case import Citation, Item, Role
from workbench.citations import format_line, format_sentence
from workbench.merging import Merge


class ConflictDialog(QDialog):
    """Returns the choice in ``choice``: "mine", "theirs" or "copy" (None if closed)."""

    def __init__(self, merge: Merge, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("The Case Was Changed Elsewhere")
        self.resize(900, 520)
        self.choice: str | None = None
        names = ", ".join(c.label for c in merge.conflicts)
        intro = QLabel(
            "Another window or command saved this case while you were editing it. Changes to "
            "other parts were combined with yours. These were changed on both sides: "
            f"<b>{_escape(names)}</b>.")
        intro.setWordWrap(True)
        mine = QPlainTextEdit(readOnly=True)
        theirs = QPlainTextEdit(readOnly=True)
        mine.setObjectName("mine")
        theirs.setObjectName("theirs")
        mine.setPlainText(_describe(merge, "mine"))
        theirs.setPlainText(_describe(merge, "theirs"))
        sides = QSplitter()
        for title, text in (("Yours (this window)", mine), ("Theirs (stored)", theirs)):
            box = QWidget()
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(QLabel(f"<b>{title}</b>"))
            layout.addWidget(text)
            sides.addWidget(box)
        buttons = QDialogButtonBox()
        for text, choice, tip in (
                ("Keep Mine", "mine", "Store your version of these parts over theirs"),
                ("Take Theirs", "theirs", "Use the stored version of these parts"),
                ("Keep Mine as a Copy", "copy",
                 "Save your whole version as a new case; this case takes theirs")):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setObjectName(choice)
            button.clicked.connect(lambda _checked=False, c=choice: self._choose(c))
            buttons.addButton(button, QDialogButtonBox.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(sides, 1)
        layout.addWidget(buttons)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def reject(self) -> None:  # Escape or the close box: the reviewer must choose
        pass


def _describe(merge: Merge, side: str) -> str:
    blocks = []
    for conflict in merge.conflicts:
        value = conflict.mine if side == "mine" else conflict.theirs
        blocks.append(f"— {conflict.label} —\n{_text(value)}")
    return "\n\n".join(blocks)


def _text(value: Any) -> str:
    if isinstance(value, Item):
        lines = [f"{value.description}: {value.decision_word}"]
        for role in Role:
            line = format_line(value.citations(role), role)
            if line:
                lines.append(line)
        lines += value.rationale
        return "\n".join(lines)
    if isinstance(value, Citation):
        return format_sentence(value)
    if isinstance(value, list):
        return "\n\n".join(_text(v) for v in value) or "(empty)"
    if type(value) is object:  # a form field one side does not have
        return "(not set)"
    if value is None or value == "":
        return "(empty)"
    if hasattr(value, "value"):
        return str(value.value)
    return str(value)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
