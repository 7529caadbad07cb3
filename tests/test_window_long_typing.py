"""A long typing session in the real window: 40,000 keystrokes, the window still answers, all of it stored.

A reviewer writes the clinical summary and the rationales by hand; a letter
runs to tens of thousands of characters. Every character here is a real key
event sent to the editor the reviewer types in (``qtbot.keyClicks``; Return
for each line break), the text is made of sentences and paragraphs as a
letter has them, and the case is read back from the database with a new
store once the autosave has run.
"""

from __future__ import annotations

import gc
import random
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer

from workbench.startup import open_workbench
from workbench.store import CaseStore
from workbench.ui.workspace import ITEMS_TAB, LETTER_TAB, SUMMARY_TAB

CHARACTERS = 20_000  # per field
CHUNK = 250  # characters per keyClicks call; each one is still a key event of its own

SUBJECTS = ["The claimant", "The injured worker", "The treating physician", "The patient",
            "The utilization reviewer", "The orthopedic surgeon", "The primary treating provider"]
VERBS = ["reports", "describes", "documents", "notes", "requests", "recommends", "reviewed"]
OBJECTS = ["persistent low back pain radiating to the left leg",
           "numbness in the right hand at night", "a lumbar MRI from March 2015",
           "twelve sessions of physical therapy", "ongoing use of ibuprofen 800 mg",
           "a transforaminal epidural steroid injection at L4-L5",
           "tenderness over the paraspinal muscles", "decreased sensation in the L5 dermatome",
           "a return to modified duty with a 20-pound lifting limit",
           "electrodiagnostic studies of both upper extremities"]
ENDINGS = ["since the injury of 04/15/2014", "at the last visit", "despite conservative care",
           "without red flags", "per the PR-2 report", "as of the most recent examination"]


def letter_text(length: int, seed: int) -> str:
    """Exactly ``length`` characters of sentences, paragraphs separated by a blank line.

    Shape: ``"Sentence one. Sentence two.\\n\\nSentence three. ..."``, no trailing space,
    so the stored paragraphs are exactly the typed ones.
    """
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    while total < length:
        sentences = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
                     f"{rng.choice(ENDINGS)}." for _ in range(rng.randint(4, 8))]
        paragraphs.append(" ".join(sentences))
        total += len(paragraphs[-1]) + 2
    text = "\n\n".join(paragraphs)[:length].rstrip()
    while len(text) < length:  # the cut fell on a space or a blank line: end with a word
        text += "x"
    return text


def type_text(qtbot, widget, text: str) -> None:
    """Send every character of ``text`` as a key event; a line break is the Return key."""
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            qtbot.keyClick(widget, Qt.Key_Return)
        for start in range(0, len(line), CHUNK):
            qtbot.keyClicks(widget, line[start:start + CHUNK])


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p]


def test_forty_thousand_keystrokes_leave_the_window_alive_and_every_character_stored(
        window, open_case, qtbot, tmp_path: Path):
    workspace = window.workspace
    workspace.show_tab(ITEMS_TAB)
    items = workspace.items
    qtbot.mouseClick(items.first_button, Qt.LeftButton)
    qtbot.keyClicks(items.description, "Lumbar epidural steroid injection")
    rationale_text = letter_text(CHARACTERS, seed=1)
    summary_text = letter_text(CHARACTERS, seed=2)
    gc.collect()
    true_before, false_before = sys.getrefcount(True), sys.getrefcount(False)

    window.activateWindow()
    items.rationale.setFocus()
    type_text(qtbot, items.rationale, rationale_text)
    assert items.rationale.toPlainText() == rationale_text

    workspace.show_tab(SUMMARY_TAB)
    narrative = workspace.summary.narrative
    narrative.setFocus()
    type_text(qtbot, narrative, summary_text)
    assert narrative.toPlainText() == summary_text

    # The window is alive: the event loop runs timers, the views switch and answer keys.
    fired = []
    QTimer.singleShot(0, lambda: fired.append(True))
    qtbot.waitUntil(lambda: fired == [True], timeout=5000)
    workspace.show_tab(LETTER_TAB)
    assert workspace.tabs.currentIndex() == LETTER_TAB
    workspace.show_tab(ITEMS_TAB)
    assert items.description.text() == "Lumbar epidural steroid injection"
    assert window.editor.case.items[0].rationale == paragraphs(rationale_text)
    assert window.editor.case.summary == paragraphs(summary_text)

    # Each keystroke emits bool signals. The references to True and False may grow (the
    # undo stack keeps copies of the case) but none are lost: a release that drops one per
    # emission would be 40,000 or more lower by now, or have ended the process.
    gc.collect()
    assert sys.getrefcount(True) > true_before - 1_000
    assert sys.getrefcount(False) > false_before - 1_000

    qtbot.waitUntil(lambda: window.editor.saved, timeout=10_000)
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=2000)
    assert window.saved_label.text() == "All changes saved"

    stored = CaseStore(open_workbench(str(tmp_path / "cases.sqlite3"))).get(open_case)
    assert stored.items[0].description == "Lumbar epidural steroid injection"
    assert "\n\n".join(stored.items[0].rationale) == rationale_text
    assert "\n\n".join(stored.summary) == summary_text
