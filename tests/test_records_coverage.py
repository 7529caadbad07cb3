"""What has been read of a case's records: pages marked as the viewer shows them, counted per
document and for the case, and ``records coverage`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from db.database import open_database
from db.models import RecordFileRow, RecordPageReadRow
from record_files import KIND_SAMPLES, text_pdf
from workbench.case import Case
from workbench.errors import NotFound
from workbench.records.documents import list_documents
from workbench.records.coverage import coverage, mark_read, percent, unread_warning
from workbench.records.intake import import_files
from workbench.store import CaseStore


def five_pages(folder: Path) -> Path:
    return text_pdf(folder / "pr2.pdf", [KIND_SAMPLES["pr2"]] + [
        f"Follow-up visit {n}: the low back pain continues." for n in range(2, 6)])


def imaging(folder: Path) -> Path:
    return text_pdf(folder / "mri.pdf", [KIND_SAMPLES["imaging"]])


def test_pages_opened_are_counted_per_document_and_for_the_case(database, case_id, tmp_path):
    pr2, mri = import_files(database, case_id, [five_pages(tmp_path), imaging(tmp_path)])
    document_of = {d.file_id: d.id for d in list_documents(database, case_id)}
    pr2_document, mri_document = document_of[pr2.file_id], document_of[mri.file_id]
    found = coverage(database, case_id)
    assert [(d.id, d.pages, d.read) for d in found.documents] == [
        (mri_document, 1, 0), (pr2_document, 5, 0)]  # the documents list's order
    assert (found.pages, found.read, found.share) == (6, 0, 0.0)
    assert found.unread == found.unopened == [mri_document, pr2_document]
    assert unread_warning(database, case_id) == "2 of 2 documents have not been opened"

    assert mark_read(database, case_id, pr2.file_id, 2) is True
    assert mark_read(database, case_id, pr2.file_id, 2) is False  # once is enough
    assert mark_read(database, case_id, pr2.file_id, 5) is True
    found = coverage(database, case_id)
    document = found.of(pr2_document)
    assert (document.pages, document.read, document.share, document.kind_label) == (
        5, 2, 0.4, "PR-2")
    assert (found.read, percent(found.share)) == (2, "33%")
    assert found.unopened == [mri_document]
    assert unread_warning(database, case_id) == "1 of 2 documents has not been opened"

    assert mark_read(database, case_id, mri.file_id, 1) is True
    found = coverage(database, case_id)
    assert found.unread == [pr2_document] and found.unopened == []
    assert unread_warning(database, case_id) is None
    for page in (1, 3, 4):
        mark_read(database, case_id, pr2.file_id, page)
    found = coverage(database, case_id)
    assert (found.pages, found.read, found.share, found.unread) == (6, 6, 1.0, [])


def test_unknown_pages_documents_and_cases_are_one_line(database, case_id, tmp_path):
    [pr2] = import_files(database, case_id, [five_pages(tmp_path)])
    other = CaseStore(database).add(Case("MAXIMUS Federal Services", "MAXIMUS"))
    for where in ((case_id, 999, 1), (case_id, pr2.file_id, 6), (other, pr2.file_id, 1)):
        with pytest.raises(NotFound) as error:
            mark_read(database, *where)
        assert "\n" not in str(error.value)
    with pytest.raises(NotFound, match="No case with id 999"):
        coverage(database, 999)
    assert coverage(database, other).documents == []
    assert unread_warning(database, other) is None


def test_marks_go_with_their_pages_and_read_totals_stay_few_queries(database, case_id,
                                                                    tmp_path):
    [pr2] = import_files(database, case_id, [five_pages(tmp_path)])
    mark_read(database, case_id, pr2.file_id, 1)
    with database.session() as session, session.begin():
        session.execute(delete(RecordFileRow).where(RecordFileRow.id == pr2.file_id))
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(RecordPageReadRow)) == 0
    assert coverage(database, case_id).documents == []


def test_percent_never_rounds_to_done_or_nothing():
    assert [percent(share) for share in (0, 0.001, 0.4, 0.999, 1)] == [
        "0%", "1%", "40%", "99%", "100%"]


# -- the command line ------------------------------------------------------------


def test_records_coverage_command(cli, tmp_path):
    from conftest import SEED_FILES

    case_id = cli("letter", "import", str(SEED_FILES[0])).out.strip()
    imported = cli("records", "import", case_id, str(five_pages(tmp_path)), str(imaging(tmp_path)))
    assert imported.code == 0, imported.err
    listing = json.loads(cli("records", "list", case_id, "--json").out)
    ids = {d["file"]: d["file_id"] for d in listing}
    database = open_database(str(cli.db_path))
    try:
        for page in (1, 2):
            mark_read(database, int(case_id), ids["pr2.pdf"], page)
    finally:
        database.close()

    result = cli("records", "coverage", case_id, "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["documents"] == [
        {"id": ids["mri.pdf"], "file": "mri.pdf", "kind": "imaging",
         "kind_label": "Imaging Report", "pages": 1, "read": 0, "share": 0.0},
        {"id": ids["pr2.pdf"], "file": "pr2.pdf", "kind": "pr2", "kind_label": "PR-2",
         "pages": 5, "read": 2, "share": 0.4}]
    assert report["case"] == {"documents": 2, "pages": 6, "read": 2, "share": 0.3333,
                              "unread": [ids["mri.pdf"], ids["pr2.pdf"]],
                              "unopened": [ids["mri.pdf"]]}

    plain = cli("records", "coverage", case_id)
    assert plain.code == 0, plain.err
    lines = plain.out.splitlines()
    assert len(lines) == 3
    assert "Imaging Report" in lines[0] and "0/1" in lines[0] and "mri.pdf" in lines[0]
    assert "2/5" in lines[1] and "40%" in lines[1] and "pr2.pdf" in lines[1]
    assert lines[2] == "Total: 2 of 6 pages read (33%); 1 of 2 documents not opened"

    for args in (("records", "coverage", "999"), ("records", "coverage", "999", "--json")):
        missing = cli(*args)
        assert missing.code == 2 and missing.out == ""
        assert missing.err.strip() == "error: No case with id 999"
    bad = cli("records", "coverage", "three")
    assert bad.code == 2 and len(bad.err.strip().splitlines()) == 1
    assert "invalid int value" in bad.err and "Traceback" not in bad.err
