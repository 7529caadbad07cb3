"""The text fields the reviewer writes the letter in, as one window's views share them.

The summary narrative, each item's description and rationale register here
(``register``) with the finding field they hold (``workbench.qa.findings``:
``"summary"``, ``"description"``, ``"rationale"``). Two things need them all:
the spelling underline, which uses the one ``Speller`` of the database and
underlines again whenever what it knows changes (a word added to the
dictionary, the records or the library changed, another case opened); and the
QA panel, which takes the reviewer to a finding's words (``reveal``): the
item is selected, its tab brought to the front and the words selected.

One ``WritingFields`` per ``CaseContext`` (``writing_fields(context)``), so
views that never see each other meet here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from workbench.changes import LIBRARY, RECORDS, Changes
from workbench.qa.spelling import Speller, base_vocabulary, speller_for
from workbench.ui.context import CaseContext
from workbench.ui.background import after_first_paint, in_background

log = logging.getLogger(__name__)

TextWidget = QPlainTextEdit | QTextEdit | QLineEdit
READ_AFTER_MS = 300  # after the window first paints, the spelling words are read


@dataclass
class _Field:
    name: str  # the finding field: "summary", "description", "rationale"
    widget: TextWidget
    place: Callable[[], int] | None  # the item it shows now (None: not an item's field)
    go_to: Callable[[int], bool] | None  # show that item; False when there is none


class WritingFields(QObject):
    vocabulary_changed = Signal()  # the speller knows other words now: underline again

    def __init__(self, context: CaseContext):
        super().__init__(context)
        self.context = context
        self.speller: Speller = speller_for(context.database)
        self._fields: list[_Field] = []
        self.ready = False  # True once the English, medical and library words are read
        context.ops.changed.connect(self._changed)
        context.editor.opened.connect(self.vocabulary_changed)  # another case: other records
        # Once the window is up: a thread loading words would compete with the first paint.
        after_first_paint(self, READ_AFTER_MS, self._read_in_background)

    def _read_in_background(self) -> None:
        """Load the English and medical words (half a second, once) and read the library's
        (a tenth of a second) off the window's thread; underline again when they are in.

        A window closed meanwhile is simply not told (``workbench.ui.background``)."""
        speller = self.speller

        def read() -> None:
            base_vocabulary().by_initial  # what suggestions search: built now, not at the
            speller.refresh_library()  # first right click

        in_background(self, "Reading the spelling words", read, self._read_done,
                      self._read_failed)

    def _read_done(self, _result: object = None) -> None:
        self.ready = True
        self.vocabulary_changed.emit()

    def _read_failed(self, message: str) -> None:  # the underline stays off
        log.error("spelling words could not be read")
        self.context.status.emit(f"Spelling is off: {message}")

    @property
    def case_id(self) -> int | None:
        return self.context.case_id

    def _changed(self, changes: Changes) -> None:
        if not changes.touches(RECORDS, LIBRARY):
            return
        if changes.touches(RECORDS):
            self.speller.forget_records(self.case_id)
        if changes.touches(LIBRARY) and self.ready:
            self._read_in_background()  # underlines again when read
            if not changes.touches(RECORDS):
                return
        self.vocabulary_changed.emit()

    def add_to_dictionary(self, word: str) -> bool:
        """Add ``word`` to the reviewer's dictionary; False (and why, in the status bar) when
        the file cannot be written."""
        try:
            self.speller.add_to_dictionary(word)
        except (OSError, ValueError) as error:
            reason = str(error) if isinstance(error, ValueError) else \
                f"the dictionary file cannot be written ({type(error).__name__})"
            self.context.status.emit(f"Not added to the dictionary: {reason}.")
            return False
        self.context.status.emit(f"Added “{word}” to your dictionary.")
        self.vocabulary_changed.emit()
        return True

    # -- where the words are ---------------------------------------------------------------
    def register(self, name: str, widget: TextWidget, *, place: Callable[[], int] | None = None,
                 go_to: Callable[[int], bool] | None = None) -> None:
        """``widget`` holds the finding field ``name``; an item's field gives ``place`` (the
        item it shows) and ``go_to`` (show another item)."""
        self._fields.append(_Field(name, widget, place, go_to))
        widget.destroyed.connect(lambda *_: self._forget(widget))

    def _forget(self, widget: QWidget) -> None:
        self._fields = [f for f in self._fields if f.widget is not widget]

    def reveal(self, item: int | None, name: str, span: tuple[int, int] | None,
               field_text: str) -> bool:
        """Show the words ``field_text[span]`` of field ``name`` (of ``item``) selected in
        their editor; without a span, the field is shown with the cursor at its start.
        False when no editor holds the field or the item is gone."""
        field = next((f for f in self._fields if f.name == name), None)
        if field is None:
            return False
        if field.place is not None and item is not None and field.place() != item:
            if field.go_to is None or not field.go_to(item):
                return False
        widget = field.widget
        self.context.show_editor.emit(widget)
        start, end = (0, 0) if span is None else _place_in(_text_of(widget), field_text, span)
        if isinstance(widget, QLineEdit):
            widget.setSelection(start, end - start)
        else:
            cursor = widget.textCursor()
            cursor.setPosition(start)
            cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
            widget.setTextCursor(cursor)
            widget.ensureCursorVisible()
        widget.setFocus()
        return True


def _text_of(widget: TextWidget) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


def _place_in(shown: str, stored: str, span: tuple[int, int]) -> tuple[int, int]:
    """Where ``stored[span]`` is in the editor's text ``shown``.

    Usually the two are the same text. An editor may hold the paragraphs with other
    line breaks or spaces than the stored field (a paragraph typed over two lines): the
    words are then found by their order among the same words, whitespace aside.
    """
    start, end = span
    if shown == stored:
        return start, end
    words = stored[start:end].split()
    if not words:
        return min(start, len(shown)), min(start, len(shown))
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    nth = sum(1 for m in pattern.finditer(stored) if m.start() < start)
    found = list(pattern.finditer(shown))
    if not found:
        return min(start, len(shown)), min(start, len(shown))
    match = found[min(nth, len(found) - 1)]
    return match.span()


def writing_fields(context: CaseContext) -> WritingFields:
    """The ``WritingFields`` of ``context`` (made at the first call)."""
    fields = context.findChild(WritingFields)
    if fields is None:
        fields = WritingFields(context)
    return fields
