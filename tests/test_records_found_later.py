"""A file read is shown at once as one provisional document; its documents are found next.

The window reads a packet with ``read_files`` (pages stored, indexed, readable and
searchable) and finds the documents in it on a task of its own; the command line
and ``import_files`` do both before they end. These tests hold the two steps apart
and look at the case in between, and after a stop in between.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from record_files import KIND_SAMPLES, text_pdf
from workbench.changes import RECORDS, Changes
from workbench.errors import WorkbenchError
from workbench.records.citations import cite_page
from workbench.records.documents import (
    correct_document,
    list_documents,
    merge_document,
    refresh_documents,
    split_document,
    stale_files,
)
from workbench.records.intake import import_files, read_files
from workbench.records.kinds import DocumentKind
from workbench.records.search import search_pages
from workbench.ui.records_models import FINDING, DocumentsModel

PACKET = [KIND_SAMPLES["pr2"], "PLAN: Continue home exercise program. Return in 4 weeks.",
          KIND_SAMPLES["imaging"], KIND_SAMPLES["ur_determination"]]


def test_read_files_leaves_one_provisional_document_that_reads_and_searches(database, case_id,
                                                                             tmp_path):
    [result] = read_files(database, case_id, [text_pdf(tmp_path / "packet.pdf", PACKET)])
    assert result.ok and result.pages == 4 and result.message == "(4 pages)"

    [provisional] = list_documents(database, case_id)
    assert not provisional.found
    assert (provisional.first_page, provisional.last_page) == (1, 4)
    assert stale_files(database, case_id) == [result.file_id]
    # the pages are there to read and search already
    hits = search_pages(database, case_id, "home exercise program")
    assert [(hit.file_id, hit.page) for hit in hits] == [(result.file_id, 2)]

    # nothing is cited or corrected on pages whose documents are not known yet
    with pytest.raises(WorkbenchError, match="still being found"):
        cite_page(database, case_id, result.file_id, 3)
    with pytest.raises(WorkbenchError, match="still being found"):
        split_document(database, case_id, provisional.id, 3)
    with pytest.raises(WorkbenchError, match="still being found"):
        correct_document(database, case_id, provisional.id, kind=DocumentKind.PR2)

    assert refresh_documents(database, case_id) == 1
    documents = list_documents(database, case_id, order="file")
    assert all(document.found for document in documents)
    assert [(d.first_page, d.last_page, d.kind) for d in documents] == [
        (1, 2, DocumentKind.PR2), (3, 3, DocumentKind.IMAGING),
        (4, 4, DocumentKind.UR_DETERMINATION)]
    assert documents[0].id == provisional.id  # the document starting on page 1 keeps its id
    assert stale_files(database, case_id) == []
    assert cite_page(database, case_id, result.file_id, 3).text.startswith("(Imaging")
    merged = merge_document(database, case_id, documents[2].id)
    assert (merged.first_page, merged.last_page) == (3, 4)


def test_import_files_ends_with_the_documents_found_and_copies_marked(database, case_id,
                                                                      tmp_path):
    packet = text_pdf(tmp_path / "packet.pdf", PACKET)
    copy = text_pdf(tmp_path / "pr2 again.pdf", PACKET[:2])  # the PR-2 sent twice
    results = import_files(database, case_id, [packet, copy])
    assert [r.message for r in results] == ["(4 pages, 3 documents)",
                                            "(2 pages, PR-2, 04/15/2015)"]
    documents = list_documents(database, case_id, order="file")
    assert all(d.found for d in documents) and len(documents) == 4
    assert documents[3].file_id == results[1].file_id
    assert documents[3].duplicate_of == documents[0].id


def test_a_stop_between_reading_and_finding_is_made_good_by_the_next_look(cli, tmp_path):
    from db.database import open_database

    from conftest import SEED_FILES

    made = cli("letter", "import", str(SEED_FILES[0]))
    assert made.code == 0, made.err
    case_id = made.out.strip()
    database = open_database(str(cli.db_path))
    read_files(database, int(case_id), [text_pdf(tmp_path / "packet.pdf", PACKET)])
    database.close()  # the workbench stopped before the documents were found

    listed = cli("records", "list", case_id, "--json")
    assert listed.code == 0, listed.err
    assert '"kind": "imaging"' in listed.out and '"kind": "ur_determination"' in listed.out


def test_the_records_view_shows_the_file_at_once_and_finds_its_documents_off_the_window_thread(
        window, open_case, qtbot, tmp_path):
    view = window.workspace.records
    [result] = read_files(window.database, open_case, [text_pdf(tmp_path / "packet.pdf", PACKET)])

    # what the view shows of a file whose documents are being found
    model = DocumentsModel()
    model.set_rows(list_documents(window.database, open_case))
    kind = model.index(0, DocumentsModel.KIND)
    assert kind.data() == FINDING
    assert not model.flags(kind) & Qt.ItemIsEditable
    assert not model.flags(model.index(0, DocumentsModel.DATE)) & Qt.ItemIsEditable

    # a page of it opens, named as being found, and is not cited yet
    view.open_page(result.file_id, 2)
    qtbot.waitUntil(lambda: view.viewer.page is not None, timeout=5000)
    assert view.viewer.title.text().startswith(FINDING)
    assert not view.viewer.cite_button.isEnabled()

    window.ops.announce(Changes.of(RECORDS, case_id=open_case))
    # the finding runs as a task (the window's thread only lists and shows)
    assert open_case in window.context.finding
    qtbot.waitUntil(lambda: not window.tasks.tasks, timeout=60_000)
    assert [view.documents.index(row, 0).data() for row in range(3)] == [
        "PR-2", "Imaging Report", "UR Determination"]
    assert stale_files(window.database, open_case) == []
    assert result.file_id == view.documents.rows[0].file_id
    assert view.viewer.title.text().startswith("PR-2 · 04/15/2015")
    assert view.viewer.cite_button.isEnabled()


def test_two_finders_at_once_never_place_a_page_twice(tmp_path):
    """Two windows (or a window and the command line) on one database may both see a file
    just read and both set out to find its documents; one finds them, the other finds
    nothing left to do."""
    import threading

    from db.database import open_database
    from packet_files import make_packet, packet_pdf
    from workbench.case import Case
    from workbench.store import CaseStore

    url = str(tmp_path / "shared.sqlite3")
    first = open_database(url)
    case_id = CaseStore(first).add(Case("MAXIMUS Federal Services", "MAXIMUS"))
    packets = [packet_pdf(tmp_path / f"packet{n}.pdf", make_packet(n)) for n in (3, 4)]
    read_files(first, case_id, packets)
    second = open_database(url)
    start = threading.Barrier(2)
    found: list[int] = []

    def find(database) -> None:
        start.wait()
        found.append(refresh_documents(database, case_id))

    threads = [threading.Thread(target=find, args=(database,)) for database in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(found) == [0, 2]
    for file_id in {d.file_id for d in list_documents(first, case_id)}:
        ranges = sorted((d.first_page, d.last_page)
                        for d in list_documents(first, case_id) if d.file_id == file_id)
        assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:])), ranges
        assert ranges[0][0] == 1
    second.close()
    first.close()
