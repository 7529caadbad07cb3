"""Finding the documents of a case's files off the window's thread.

A file just read (``intake.read_files``) is shown at once as one provisional
document, its pages readable and searchable (cited once found); its documents, their
chronology and the copies across the case are found next, here, on a task of
their own (``documents.refresh_documents``), and RECORDS is announced when
they are in. The same happens for files whose documents were found by older
rules, so opening such a case never holds the window for the seconds a
3,000-page packet takes.

One task per case at a time; a case whose finding failed is not tried again
until records are imported into it again (or the workbench restarts), so a
file the rules cannot cut never loops.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer

from workbench.changes import RECORDS, Changes
from workbench.ui.context import CaseContext
from workbench.ui.tasks import Task

HOLD_SECONDS = 1.0  # the longest the work waits for the window's go


def find_documents_later(context: CaseContext, case_id: int, *, again: bool = False) -> Task | None:
    """Start finding the documents of the case's files not yet found, unless a task for the
    case is under way (it is returned: when it ends, the records are looked at again) or
    failed before (None; ``again`` clears that, as a new import does). Nothing starts on a
    read-only database."""
    if again:
        context.finding_failed.discard(case_id)
    running = context.finding.get(case_id)
    if running is not None:
        # Running, or ended with its end not yet handled: that handling looks again.
        return running
    if case_id in context.finding_failed or context.database.read_only:
        return None

    from workbench.records.documents import refresh_documents

    # The work waits until the window has handled what it is doing now (the notification
    # of the pages just read, as a rule): the window's thread would otherwise wait for
    # this one at each query it makes, the two taking turns with Python's lock.
    go = threading.Event()

    def work(progress) -> int:
        go.wait(HOLD_SECONDS)
        progress.report(0, 0, "Finding the documents in the records")
        return refresh_documents(context.database, case_id)

    task = Task("Find documents", work, cancellable=False)
    context.finding[case_id] = task
    task.failed.connect(lambda message: context.finding_failed.add(case_id))
    task.failed.connect(context.status.emit)
    task.ended.connect(lambda: _ended(context, case_id, task))
    context.tasks.run(task)
    QTimer.singleShot(0, go.set)
    return task


def _ended(context: CaseContext, case_id: int, task: Task) -> None:
    if context.finding.get(case_id) is task:
        del context.finding[case_id]
    context.ops.announce(Changes.of(RECORDS, case_id=case_id))
