"""What another writer changed is noticed: record corrections and answers to proposals
from another window or the command line reload the records part of the open window."""

from __future__ import annotations

from record_files import KIND_SAMPLES, text_pdf
from workbench.changes import RECORDS
from workbench.proposals import case_proposals, record_answer
from workbench.records.documents import correct_document, list_documents
from workbench.records.intake import import_files
from workbench.records.kinds import DocumentKind
from workbench.watching import Watcher


def test_corrections_and_answers_elsewhere_change_the_records_fingerprint(
        database, case_id, tmp_path):
    import_files(database, case_id, [text_pdf(tmp_path / "ur.pdf",
                                              [KIND_SAMPLES["ur_determination"]])])
    watcher = Watcher(database)
    first = watcher.fingerprint(case_id)

    proposal = next(p for p in case_proposals(database, case_id) if p.state == "new")
    record_answer(database, case_id, proposal, "dismissed")
    second = watcher.fingerprint(case_id)
    assert first.changes(second).touches(RECORDS)

    [document] = list_documents(database, case_id)
    correct_document(database, case_id, document.id, kind=DocumentKind.CORRESPONDENCE)
    third = watcher.fingerprint(case_id)
    assert second.changes(third).touches(RECORDS)
    assert not third.changes(watcher.fingerprint(case_id))
