"""Misspelled words underlined as the reviewer types, with suggestions on the context menu.

A multi-line editor (the summary narrative, a rationale) gets a
``QSyntaxHighlighter``: each paragraph is checked again when it changes, the
misspelled words drawn with a red wavy underline. A one-line field (an item's
description, a ``QLineEdit``, which has no highlighter) gets the same underline
as the text formats of an input-method event, which is how a line edit draws
formatted runs. A right click on an underlined word offers the speller's
suggestions (a click replaces the word, as one edit that undoes like typing)
and "Add to Dictionary"; the rest of the editor's own menu follows.

What counts as spelled right is ``workbench.qa.spelling``'s (English, the
medical list, the library, the case's records, the reviewer's dictionary),
shared through ``WritingFields``; nothing is underlined until its English
words are read (half a second, off the window's thread, once the window is up).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import (
    QColor, QInputMethodEvent, QSyntaxHighlighter, QTextCharFormat,
)
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QPlainTextEdit, QTextEdit

from workbench.qa.spelling import Misspelling
from workbench.ui.context import CaseContext
from workbench.ui.writing_fields import WritingFields, writing_fields

UNDERLINE = QColor("#d0021b")
MENU_SUGGESTIONS = 5


def misspelled_format() -> QTextCharFormat:
    """A red wavy underline."""
    made = QTextCharFormat()
    made.setUnderlineStyle(QTextCharFormat.WaveUnderline)
    made.setUnderlineColor(UNDERLINE)
    return made


class SpellingHighlighter(QSyntaxHighlighter):
    """Underlines the misspelled words of ``document``, one paragraph (block) at a time."""

    def __init__(self, editor: QPlainTextEdit | QTextEdit, fields: WritingFields):
        super().__init__(editor.document())
        self.editor = editor
        self.fields = fields
        self._format = misspelled_format()
        fields.vocabulary_changed.connect(self.underline_again)

    def underline_again(self) -> None:
        """Check every paragraph again (the speller knows other words now). Redrawing the
        underline is no edit: the editor's textChanged, which Qt sends for it, is held back."""
        blocked = self.editor.blockSignals(True)
        try:
            self.rehighlight()
        finally:
            self.editor.blockSignals(blocked)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        if not self.fields.ready:
            return
        for wrong in self.fields.speller.misspellings(text, self.fields.case_id):
            self.setFormat(wrong.start, wrong.end - wrong.start, self._format)

    def misspellings(self) -> list[Misspelling]:
        """The underlined words of the whole document, spans in its plain text."""
        if not self.fields.ready:
            return []
        found = []
        block = self.document().begin()
        while block.isValid():
            for wrong in self.fields.speller.misspellings(block.text(), self.fields.case_id):
                found.append(Misspelling(wrong.word, block.position() + wrong.start,
                                         block.position() + wrong.end))
            block = block.next()
        return found


class LineSpelling(QObject):
    """The underline of a ``QLineEdit``: formats set through an input-method event, which
    moves no cursor and changes no text, again after every change of the text."""

    def __init__(self, line: QLineEdit, fields: WritingFields):
        super().__init__(line)
        self.line = line
        self.fields = fields
        self._format = misspelled_format()
        self._shown: list[tuple[int, int]] = []
        line.textChanged.connect(lambda _text: self.underline())
        fields.vocabulary_changed.connect(self.underline)

    def misspellings(self) -> list[Misspelling]:
        if not self.fields.ready:
            return []
        return self.fields.speller.misspellings(self.line.text(), self.fields.case_id)

    @property
    def underlined(self) -> list[tuple[int, int]]:
        """The spans drawn underlined now (start, end)."""
        return list(self._shown)

    def underline(self) -> None:
        found = [(m.start, m.end) for m in self.misspellings()]
        if not found and not self._shown:
            return  # nothing drawn, nothing to draw
        cursor = self.line.cursorPosition()
        attributes = [
            QInputMethodEvent.Attribute(QInputMethodEvent.TextFormat, start - cursor,
                                        end - start, self._format)
            for start, end in found
        ]
        QApplication.sendEvent(self.line, QInputMethodEvent("", attributes))
        self._shown = found


def _word_at(misspellings: list[Misspelling], position: int) -> Misspelling | None:
    return next((m for m in misspellings if m.start <= position <= m.end), None)


def _add_spelling_actions(menu: QMenu, fields: WritingFields, wrong: Misspelling,
                          replace) -> None:
    """Put the suggestions for ``wrong`` and "Add to Dictionary" at the top of ``menu``."""
    first = menu.actions()[0] if menu.actions() else None
    suggestions = fields.speller.suggestions(wrong.word, MENU_SUGGESTIONS)
    added = []
    for suggestion in suggestions:
        action = menu.addAction(suggestion)
        font = action.font()
        font.setBold(True)
        action.setFont(font)
        action.triggered.connect(lambda _checked=False, s=suggestion: replace(wrong, s))
        added.append(action)
    if not suggestions:
        none = menu.addAction("(no suggestions)")
        none.setEnabled(False)
        added.append(none)
    add = menu.addAction("Add to Dictionary")
    add.setToolTip(f"Count “{wrong.word}” as spelled right from now on, in every case")
    add.triggered.connect(lambda _checked=False: fields.add_to_dictionary(wrong.word))
    added.append(add)
    added.append(menu.addSeparator())
    for action in added:
        menu.removeAction(action)
    menu.insertActions(first, added) if first is not None else menu.addActions(added)


def spelling_menu(widget: QPlainTextEdit | QTextEdit | QLineEdit,
                  marker: SpellingHighlighter | LineSpelling, position: QPoint) -> QMenu:
    """The editor's context menu at ``position`` (widget coordinates), with the spelling
    actions first when the click is on an underlined word."""
    fields = marker.fields
    misspellings = marker.misspellings()
    if isinstance(widget, QLineEdit):
        menu = widget.createStandardContextMenu()
        at = widget.cursorPositionAt(position)

        def replace(wrong: Misspelling, suggestion: str) -> None:
            if widget.text()[wrong.start:wrong.end] != wrong.word:
                return  # the text moved on since the menu opened
            widget.setSelection(wrong.start, wrong.end - wrong.start)
            widget.insert(suggestion)  # as typing: the field's edit signal follows
    else:
        menu = widget.createStandardContextMenu(position)
        at = widget.cursorForPosition(position).position()

        def replace(wrong: Misspelling, suggestion: str) -> None:
            cursor = widget.textCursor()
            cursor.setPosition(wrong.start)
            cursor.setPosition(wrong.end, cursor.MoveMode.KeepAnchor)
            if cursor.selectedText() != wrong.word:
                return
            cursor.insertText(suggestion)
            widget.setTextCursor(cursor)
    wrong = _word_at(misspellings, at)
    if wrong is not None:
        _add_spelling_actions(menu, fields, wrong, replace)
    return menu


def attach_spelling(context: CaseContext, widget: QPlainTextEdit | QTextEdit | QLineEdit,
                    field: str, *, place: Callable[[], int] | None = None,
                    go_to: Callable[[int], bool] | None = None
                    ) -> SpellingHighlighter | LineSpelling:
    """Underline misspellings in ``widget`` as it is typed in, with the spelling menu, and
    register it as the editor of the finding field ``field`` (``WritingFields.register``:
    ``place`` and ``go_to`` for an item's field)."""
    fields = writing_fields(context)
    fields.register(field, widget, place=place, go_to=go_to)
    if isinstance(widget, QLineEdit):
        marker: SpellingHighlighter | LineSpelling = LineSpelling(widget, fields)
    else:
        marker = SpellingHighlighter(widget, fields)
    widget.setContextMenuPolicy(Qt.CustomContextMenu)

    def show_menu(position: QPoint) -> None:
        menu = spelling_menu(widget, marker, position)
        menu.setAttribute(Qt.WA_DeleteOnClose)
        menu.popup(widget.mapToGlobal(position))
    widget.customContextMenuRequested.connect(show_menu)
    return marker
