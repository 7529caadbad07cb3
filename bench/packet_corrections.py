"""Correcting a long packet in the window: how long the reviewer waits for each step.

A packet of ``--pages`` pages (documents of every kind, one to six pages each,
a report every twentieth document sent twice) is imported into a case and the
real window opens it offscreen. Timed, each the median of ``--runs``:

- refresh: the records view reading the documents, chronology and pages read
  again and redrawing its lists (what every RECORDS change costs);
- split, merge, undo, redo: one correction through the records view's actions,
  from the action to the view redrawn with the result (the core finds the
  file's documents again and marks duplicates across the case in that time),
  and how long of that the window's thread was held (a long file's correction
  runs as a task: the thread is held only to start it and to redraw);
- page turn: the viewer showing the next page, the list following it;
- for reference, in the same run: the core's split and its undo called directly
  (``split_document``, ``restore_corrections``), without the window.

The window's thread figures are how long typing would wait.

    .venv/bin/python -m bench.packet_corrections [--pages 800] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from record_files import KIND_SAMPLES, prose, text_pdf  # noqa: E402

KINDS = [kind for kind in KIND_SAMPLES if kind != "other"]


def packet_pages(pages: int, seed: int = 11) -> list[str]:
    """Documents of every kind, one to six pages each, every twentieth one sent twice."""
    rng = random.Random(seed)
    texts: list[str] = []
    sent: list[list[str]] = []
    while len(texts) < pages:
        if sent and len(sent) % 20 == 19:
            document = sent[rng.randrange(len(sent))]
        else:
            kind = KINDS[len(sent) % len(KINDS)]
            opening = KIND_SAMPLES[kind].replace("2015", str(2010 + len(sent) % 9))
            document = [opening + "\n" + prose(rng, 900)]
            document += [f"(continued)\n{prose(rng, 1400)}" for _ in range(rng.randint(0, 5))]
        sent.append(document)
        texts += document
    return texts[:pages]


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms (max {max(samples) * 1000:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=800)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-corrections-"))
    os.environ["IMR_WORKBENCH_CONFIG"] = str(folder / "config")
    from workbench.profile import load_profile
    from workbench.records.intake import import_files
    from workbench.startup import open_workbench
    from workbench.ui.app import application
    from workbench.ui.window import MainWindow

    app = application()
    pdf = text_pdf(folder / "packet.pdf", packet_pages(args.pages))
    database = open_workbench(str(folder / "bench.sqlite3"))
    window = MainWindow(database)
    case_id = window.store.add(load_profile(database).new_case(case_number="CM26-0000001"))
    started = time.perf_counter()
    import_files(database, case_id, [pdf])
    imported = time.perf_counter() - started
    window.resize(1600, 1000)
    window.show()
    window.open_case(case_id)
    app.processEvents()
    view = window.workspace.records
    documents = view.documents.rows
    copies = sum(1 for d in documents if d.duplicate_of is not None)
    print(f"{args.pages} pages, {len(documents)} documents ({copies} copies); "
          f"import {imported:.1f} s")

    def timed(step) -> float:
        started = time.perf_counter()
        step()
        app.processEvents()
        return time.perf_counter() - started

    held: list[float] = []  # the longest the window's thread was busy, per correction

    def corrected(step) -> float:
        """From the action to the result shown; notes the longest hold of the thread."""
        started = time.perf_counter()
        longest = timed(step)
        while view.corrections.busy:
            longest = max(longest, timed(lambda: time.sleep(0.002)) - 0.002)
        held.append(longest)
        return time.perf_counter() - started

    refresh = [timed(view.refresh) for _ in range(args.runs)]
    # a document in the middle of the packet, of several pages: split it, merge it back
    middle = next(d for d in documents[len(documents) // 2:] if d.page_count > 2)
    split, merge, undo, redo = [], [], [], []
    for _ in range(args.runs):
        view.open_page(middle.file_id, middle.first_page + 1)
        split.append(corrected(view.corrections.split_action.trigger))
        merge.append(corrected(view.corrections.merge_action.trigger))
        undo.append(corrected(view.undo_stack.undo))
        redo.append(corrected(view.undo_stack.redo))
        corrected(view.undo_stack.undo)
        corrected(view.undo_stack.undo)
    view.open_page(documents[0].file_id, 1)
    turns = [timed(view.viewer.next_page) for _ in range(args.runs * 4)]
    from workbench.records.documents import restore_corrections, split_document

    bare = []
    for _ in range(args.runs):
        started = time.perf_counter()
        split_document(database, case_id, middle.id, middle.first_page + 1)
        restore_corrections(database, case_id, middle.file_id, [])
        bare.append((time.perf_counter() - started) / 2)
    print(f"refresh {median_ms(refresh)}")
    print(f"split {median_ms(split)}, merge {median_ms(merge)}, undo {median_ms(undo)}, "
          f"redo {median_ms(redo)}; window's thread held {median_ms(held)}")
    print(f"page turn {median_ms(turns)}")
    print(f"reference: the core alone, a split or its undo {median_ms(bare)}")
    window.editor.shutdown()
    window.close()
    database.close()


if __name__ == "__main__":
    main()
