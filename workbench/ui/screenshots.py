"""``python main.py screenshots DIR``: each main view of the demo case, drawn offscreen to PNG.

The README's pictures come from here, so they always show the window as it
is: a throwaway database with the demo case and a few more cases, the window
at a laptop's size, and each view in the state a reviewer would see mid-case.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

SIZE = (1600, 960)


def take_screenshots(folder: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        os.environ["IMR_WORKBENCH_CONFIG"] = str(Path(temp) / "config")
        return _take(folder, Path(temp))


def _take(folder: Path, temp: Path) -> list[Path]:
    from workbench.case import ReviewType, Status
    from workbench.demo import create_demo_case
    from workbench.profile import load_profile
    from workbench.startup import open_workbench
    from workbench.store import CaseStore
    from workbench.ui.app import application
    from workbench.ui.settings_dialog import SettingsDialog
    from workbench.ui.window import MainWindow
    from workbench.ui.workspace import ITEMS_TAB, LETTER_TAB, SUMMARY_TAB

    app = application()
    database = open_workbench(str(temp / "screenshots.sqlite3"))
    profile = load_profile(database)
    today = dt.date.today()
    for number, kind, status, due in [
        ("CM26-0004410", ReviewType.STANDARD, Status.DRAFT, 12),
        ("CM26-0004388", ReviewType.EXPEDITED, Status.DRAFT, -1),
        ("CM26-0004371", ReviewType.STANDARD, Status.IN_QA, 2),
        ("CM26-0004302", ReviewType.FORMULARY, Status.FINAL, 0),
    ]:
        CaseStore(database).add(profile.new_case(
            case_number=number, review_type=kind, status=status,
            received_on=today - dt.timedelta(days=20), due_on=today + dt.timedelta(days=due)))
    case_id = create_demo_case(database)

    window = MainWindow(database)
    window.resize(*SIZE)
    window.show()
    shots: list[Path] = []

    def shot(name: str, widget=None) -> None:
        for _ in range(5):
            app.processEvents()
        path = folder / f"{name}.png"
        (widget or window).grab().save(str(path))
        shots.append(path)

    window.show_cases()
    shot("case-list")

    window.open_case(case_id)
    records = window.workspace.records
    _records_shots(window, records, shot)
    records.search.setText('radiculopathy OR "foraminal narrowing"')
    records.searcher.run()
    records.searcher.next_hit()
    window.workspace.show_tab(SUMMARY_TAB)
    shot("summary")

    window.workspace.show_tab(ITEMS_TAB)
    items = window.workspace.items
    if hasattr(items, "show_demo_state"):
        items.show_demo_state()
    library = window.workspace.library
    if hasattr(library, "show_demo_state"):
        library.show_demo_state()
    shot("items")

    window.workspace.show_tab(LETTER_TAB)
    window.workspace.letter.refresh()
    _wait_for_checks(app, window)
    shot("letter")
    _qa_shots(app, window, shot)

    dialog = SettingsDialog(database, window)
    dialog.show()
    shot("settings", dialog)
    dialog.close()

    window.editor.shutdown()
    window.close()
    return shots


def _wait_for_checks(app, window, seconds: float = 30.0) -> None:
    """Until the quality checks have run on the case as it is (on a worker thread) and the
    spelling words are loaded."""
    import time

    from workbench.ui.writing_fields import writing_fields

    runner = window.workspace.letter.qa_runner
    fields = writing_fields(window.context)
    deadline = time.monotonic() + seconds
    while not (runner.current and fields.ready) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


def _qa_shots(app, window, shot) -> None:
    """Quality checks mid-case: a sentence added to item 1's rationale says the records lack
    what they hold, with a typo in the next; the Letter tab lists both (the page behind the
    first a link), the item carries its count and the typo is underlined. Undone after."""
    from workbench.ui.workspace import ITEMS_TAB, LETTER_TAB

    def plant(case) -> None:
        case.items[0].rationale.append(
            "There is no documentation of a home exercise program. Teh request exceeds the "
            "guideline's allowance.")
    window.editor.edit("Add to the rationale", plant)
    window.workspace.show_tab(LETTER_TAB)
    _wait_for_checks(app, window)
    window.workspace.letter.refresh()
    shot("qa", window.workspace.tabs)
    window.workspace.show_tab(ITEMS_TAB)
    window.workspace.items.select(0)
    rationale = window.workspace.items.rationale
    rationale.verticalScrollBar().setValue(rationale.verticalScrollBar().maximum())
    shot("qa-items", window.workspace.tabs)
    window.editor.undo_stack.undo()
    window.workspace.show_tab(LETTER_TAB)


def _records_shots(window, records, shot) -> None:
    """The records pane, wide: the claims administrator's packet as the documents found in
    it (the copy of the progress report greyed) with the MRI report's page open, then the
    chronology with the copy's place beside the report's entry."""
    from workbench.records.kinds import DocumentKind
    from workbench.ui.records_view import CHRONOLOGY_TAB, DOCUMENTS_TAB

    splitter = window.workspace.splitter
    before = splitter.sizes()
    splitter.setSizes([720, sum(before) - 720 - 360, 360])
    report = next(d for d in records.documents.rows if d.kind is DocumentKind.IMAGING)
    records.open_page(report.file_id, report.first_page)
    records.documents_table.scrollToTop()
    shot("records", records)
    records.tabs.setCurrentIndex(CHRONOLOGY_TAB)
    shot("records-chronology", records)
    records.tabs.setCurrentIndex(DOCUMENTS_TAB)
    splitter.setSizes(before)
