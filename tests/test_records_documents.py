"""Documents inside a file: split, merge and correct in place; citations, search, the
chronology and coverage name the document a page belongs to; corrections survive the
documents being found again, and an older database's records become documents."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import update

from db.database import alembic_config, open_database
from db.models import RecordFileRow
from record_files import KIND_SAMPLES, text_pdf
from workbench.errors import NotFound, WorkbenchError
from workbench.records import chronology as chron
from workbench.records.citations import cite_page, resolve_citation
from workbench.records.coverage import coverage, mark_read
from workbench.records.documents import (
    correct_document,
    document_at,
    document_texts,
    documents_reviewed,
    file_corrections,
    list_documents,
    merge_document,
    refresh_documents,
    restore_corrections,
    split_document,
)
from workbench.records.intake import import_files
from workbench.records.kinds import DocumentKind
from workbench.records.search import search_pages

PR2_PAGES = [KIND_SAMPLES["pr2"], "PLAN: Continue home exercise program. Return in 4 weeks."]


def packet(folder: Path, name: str = "packet.pdf") -> Path:
    """A PR-2 of two pages, then an MRI report, then a UR determination, in one file."""
    return text_pdf(folder / name, PR2_PAGES + [KIND_SAMPLES["imaging"],
                                                KIND_SAMPLES["ur_determination"]])


def by_file(database, case_id):
    return list_documents(database, case_id, order="file")


def split_packet(database, case_id, tmp_path):
    [result] = import_files(database, case_id, [packet(tmp_path)])
    first = by_file(database, case_id)[0]
    # whatever the rules made of it, the reviewer's splits make it these three documents
    for page in (3, 4):
        if document_at(database, case_id, result.file_id, page).first_page != page:
            split_document(database, case_id,
                           document_at(database, case_id, result.file_id, page).id, page)
    for document in by_file(database, case_id):
        if document.first_page == 2:
            merge_document(database, case_id, document.id)
    return result.file_id, first


def test_a_split_packet_names_each_page_by_its_own_document(database, case_id, tmp_path):
    file_id, _ = split_packet(database, case_id, tmp_path)
    documents = by_file(database, case_id)
    assert [(d.file_id, d.first_page, d.last_page, d.kind) for d in documents] == [
        (file_id, 1, 2, DocumentKind.PR2), (file_id, 3, 3, DocumentKind.IMAGING),
        (file_id, 4, 4, DocumentKind.UR_DETERMINATION)]
    assert [d.pages for d in documents] == ["pp. 1-2", "p. 3", "p. 4"]
    assert documents[1].service_date == dt.date(2015, 3, 2)
    assert documents[1].provider == "Henry Park, M.D."

    # citations name the document the page belongs to and resolve to the same page
    assert cite_page(database, case_id, file_id, 3).text == "(Imaging Report, 03/02/2015, p. 3)"
    assert cite_page(database, case_id, file_id, 2).text == "(PR-2, 04/15/2015, p. 2)"
    back = resolve_citation(database, case_id, "(Imaging Report, 03/02/2015, p. 3)")
    assert (back.file_id, back.page) == (file_id, 3)

    # search hits and the chronology too
    [hit] = search_pages(database, case_id, "foraminal")
    assert (hit.file_id, hit.page, hit.kind, hit.document_id) == (
        file_id, 3, DocumentKind.IMAGING, documents[1].id)
    entries = chron.chronology(database, case_id)
    assert [(e.date, e.kind, e.page) for e in entries] == [
        (dt.date(2015, 3, 2), DocumentKind.IMAGING, 3),
        (dt.date(2015, 4, 15), DocumentKind.PR2, 1),
        (dt.date(2015, 4, 24), DocumentKind.UR_DETERMINATION, 4)]

    # coverage per document: pages read count where they lie
    mark_read(database, case_id, file_id, 2)
    read = {d.id: (d.pages, d.read) for d in coverage(database, case_id).documents}
    assert read == {documents[0].id: (2, 1), documents[1].id: (1, 0), documents[2].id: (1, 0)}

    # the documents-reviewed list has a line per document
    assert [line.kind for line in documents_reviewed(database, case_id)] == [
        "Imaging Report", "PR-2", "UR Determination"]
    texts = dict((d.kind, pages) for d, pages in document_texts(
        database, case_id, [DocumentKind.UR_DETERMINATION]))
    assert [number for number, _ in texts[DocumentKind.UR_DETERMINATION]] == [4]


def test_merge_and_split_keep_ids_where_documents_still_start(database, case_id, tmp_path):
    file_id, _ = split_packet(database, case_id, tmp_path)
    pr2, mri, ur = by_file(database, case_id)
    merged = merge_document(database, case_id, mri.id)
    assert (merged.id, merged.first_page, merged.last_page) == (pr2.id, 1, 3)
    assert [d.id for d in by_file(database, case_id)] == [pr2.id, ur.id]
    again = split_document(database, case_id, pr2.id, 3)
    assert (again.first_page, again.last_page, again.kind) == (3, 3, DocumentKind.IMAGING)
    with pytest.raises(WorkbenchError, match="not inside document"):
        split_document(database, case_id, pr2.id, 1)
    with pytest.raises(WorkbenchError, match="first of its file"):
        merge_document(database, case_id, pr2.id)
    with pytest.raises(NotFound):
        split_document(database, case_id, 9999, 2)


def test_corrections_survive_finding_again_and_undo_restores_them(database, case_id, tmp_path):
    file_id, _ = split_packet(database, case_id, tmp_path)
    pr2, mri, ur = by_file(database, case_id)
    before = file_corrections(database, case_id, file_id)
    corrected = correct_document(database, case_id, mri.id, kind=DocumentKind.ELECTRODIAGNOSTIC,
                                 service_date=dt.date(2015, 3, 3), provider="Reading room")
    assert (corrected.kind, corrected.found_kind, corrected.corrected) == (
        DocumentKind.ELECTRODIAGNOSTIC, DocumentKind.IMAGING, True)
    after = file_corrections(database, case_id, file_id)
    assert cite_page(database, case_id, file_id, 3).text == \
        "(Electrodiagnostic Report, 03/03/2015, p. 3)"

    # better rules arrive: the documents are found again, the reviewer's word stays
    with database.engine.begin() as connection:
        connection.execute(update(RecordFileRow).values(found_with=0))
    assert refresh_documents(database, case_id) == 1
    assert refresh_documents(database, case_id) == 0
    found = by_file(database, case_id)
    assert [(d.first_page, d.kind) for d in found] == [
        (1, DocumentKind.PR2), (3, DocumentKind.ELECTRODIAGNOSTIC),
        (4, DocumentKind.UR_DETERMINATION)]
    assert found[1].provider == "Reading room"

    # importing the same file again changes nothing
    same = tmp_path / "same packet.pdf"
    same.write_bytes((tmp_path / "packet.pdf").read_bytes())
    import_files(database, case_id, [same])
    assert by_file(database, case_id) == found

    # undo and redo
    restore_corrections(database, case_id, file_id, before)
    assert by_file(database, case_id)[1].kind is DocumentKind.IMAGING
    restore_corrections(database, case_id, file_id, after)
    assert by_file(database, case_id)[1].kind is DocumentKind.ELECTRODIAGNOSTIC


def test_a_report_sent_twice_is_listed_once_in_the_chronology_and_search(
        database, case_id, tmp_path):
    report = [KIND_SAMPLES["imaging"] + "\nCOMPARISON: None. The study is otherwise "
              "unremarkable at the remaining levels, with no fracture or mass seen."]
    first = text_pdf(tmp_path / "from the applicant.pdf", report)
    second = text_pdf(tmp_path / "from the carrier.pdf", report + ["Fax confirmation page."])
    import_files(database, case_id, [first, second])
    documents = by_file(database, case_id)
    original = next(d for d in documents if d.file_name == "from the applicant.pdf")
    copy = next(d for d in documents if d.file_name == "from the carrier.pdf"
                and d.first_page == 1)
    if copy.last_page > 1:  # the rules kept the confirmation page with the report
        split_document(database, case_id, copy.id, 2)
        copy = next(d for d in by_file(database, case_id) if d.id == copy.id)
    assert copy.duplicate_of == original.id
    [entry] = [e for e in chron.chronology(database, case_id) if e.kind is DocumentKind.IMAGING]
    assert entry.also_at == ((copy.file_id, 1, "from the carrier.pdf"),)
    assert [hit.file_id for hit in search_pages(database, case_id, "foraminal")] == [
        original.file_id]
    assert [line.kind for line in documents_reviewed(database, case_id)].count(
        "Imaging Report") == 1

    # the reviewer says the two are different after all
    correct_document(database, case_id, copy.id, not_duplicate=True)
    assert len(search_pages(database, case_id, "foraminal")) == 2
    assert not chron.chronology(database, case_id)[0].also_at


def test_records_split_merge_and_list_on_the_command_line(cli, tmp_path):
    from conftest import SEED_FILES

    case_id = cli("letter", "import", str(SEED_FILES[0])).out.strip()
    imported = cli("records", "import", case_id, str(packet(tmp_path)))
    assert imported.code == 0, imported.err
    listing = json.loads(cli("records", "list", case_id, "--json", "--by-file").out)
    assert {"id", "file_id", "file", "first_page", "last_page", "kind", "dates", "author",
            "duplicate_of"} <= set(listing[0])
    assert listing[0]["first_page"] == 1 and listing[-1]["last_page"] == 4
    assert all(d["file"] == "packet.pdf" for d in listing)

    for page in (3, 4):  # whatever the rules found, the reviewer makes pages 3 and 4 documents
        holding = next(d for d in listing if d["first_page"] <= page <= d["last_page"])
        if holding["first_page"] != page:
            split = cli("records", "split", case_id, str(holding["id"]), str(page))
            assert split.code == 0, split.err
            assert json.loads(split.out)["first_page"] == page
        listing = json.loads(cli("records", "list", case_id, "--json", "--by-file").out)
    at_three = next(d for d in listing if d["first_page"] == 3)
    assert at_three["kind"] == "imaging"
    cited = cli("records", "cite", case_id, str(at_three["id"]), "3")
    assert cited.out.strip() == "(Imaging Report, 03/02/2015, p. 3)"
    resolved = json.loads(cli("records", "resolve", case_id, cited.out.strip()).out)
    assert (resolved["document_id"], resolved["page"]) == (at_three["id"], 3)

    merged = cli("records", "merge", case_id, str(at_three["id"]))
    assert merged.code == 0, merged.err
    assert json.loads(merged.out)["last_page"] >= 3
    for args, message in ((("split", case_id, "9999", "2"), "No document 9999"),
                          (("merge", case_id, str(listing[0]["id"])), "first of its file")):
        failed = cli("records", *args)
        assert failed.code != 0 and message in failed.err
        assert len(failed.err.strip().splitlines()) == 1


def test_an_older_database_keeps_its_records_corrections_and_reads(tmp_path: Path):
    path = tmp_path / "older.sqlite3"
    url = f"sqlite:///{path}"
    command.upgrade(alembic_config(url), "0009")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO cases (id, case_number, review_type, status, claimant_term, organization,"
            " organization_short, created_at, updated_at, version) VALUES (3, 'CM15-0000003',"
            " 'standard', 'draft', 'patient', 'MAXIMUS Federal Services', 'MAXIMUS',"
            " '2015-05-01 10:00:00', '2015-05-01 10:00:00', 1)")
        connection.execute(
            "INSERT INTO record_documents (id, case_id, file_name, sha256, media_type, size, state,"
            " page_count, kind, kind_override, service_date, provider, imported_at) VALUES"
            " (5, 3, 'pr2.pdf', 'ab', 'pdf', 10, 'ready', 2, 'other', 'pr2', '2015-04-15',"
            " 'Maria Lopez, M.D.', '2015-05-01 10:00:00')")
        page_ids = []
        for number, words in ((1, "lumbar radiculopathy"), (2, "tramadol refill")):
            page_ids.append(connection.execute(
                "INSERT INTO record_pages (document_id, number, text, source, service_date) "
                "VALUES (5, ?, ?, 'text', '2015-04-15')", (number, words)).lastrowid)
        connection.execute("INSERT INTO record_page_search (record_page_search) VALUES ('rebuild')")
        connection.execute("INSERT INTO record_page_reads (page_id, first_read_at) VALUES "
                           "(?, '2015-05-02 10:00:00')", (page_ids[1],))
        connection.execute(
            "INSERT INTO chronology_entries (case_id, document_id, page, date, kind, provider, "
            "excerpt, origin, edited, hidden) VALUES (3, 5, 2, '2015-04-16', 'pr2', NULL, "
            "'Reviewer note', 'records', 1, 0)")
    connection.close()

    database = open_database(url)
    try:
        [document] = list_documents(database, 3)
        assert (document.file_id, document.first_page, document.last_page, document.kind,
                document.found_kind, document.corrected) == (
            5, 1, 2, DocumentKind.PR2, DocumentKind.OTHER, True)
        assert cite_page(database, 3, 5, 2).text == "(PR-2, 04/15/2015, p. 2)"
        assert [(hit.file_id, hit.page) for hit in search_pages(database, 3, "tramadol")] == [
            (5, 2)]
        assert [(d.pages, d.read) for d in coverage(database, 3).documents] == [(2, 1)]
        assert any(e.excerpt == "Reviewer note" and e.page == 2
                   for e in chron.chronology(database, 3))
        # the documents are found by the current rules when the case is next shown
        assert refresh_documents(database, 3) == 1
        assert list_documents(database, 3)[0].kind is DocumentKind.PR2
    finally:
        database.close()


def test_a_correction_finds_again_only_around_its_page_and_agrees_with_the_whole_file(
        database, case_id, tmp_path):
    from packet_files import make_packet, packet_pdf

    packet = make_packet(7)
    [result] = import_files(database, case_id, [packet_pdf(tmp_path / "packet.pdf", packet)])
    documents = by_file(database, case_id)
    assert len(documents) > 6
    middle = documents[len(documents) // 2]
    if middle.page_count > 1:
        split_document(database, case_id, middle.id, middle.first_page + 1)
    merge_document(database, case_id, documents[3].id)
    before = file_corrections(database, case_id, result.file_id)
    correct_document(database, case_id, documents[1].id, kind=DocumentKind.CORRESPONDENCE)
    if documents[-1].page_count > 1:
        split_document(database, case_id, documents[-1].id, documents[-1].last_page)
    else:
        merge_document(database, case_id, documents[-1].id)
    restore_corrections(database, case_id, result.file_id, before)
    corrected = by_file(database, case_id)

    # the same corrections applied to the whole file again give the same documents
    with database.engine.begin() as connection:
        connection.execute(update(RecordFileRow).values(found_with=0))
    refresh_documents(database, case_id)
    assert by_file(database, case_id) == corrected
    # and the documents the corrections did not touch kept their ids
    untouched = {d.id for d in documents[5:len(documents) // 2]}
    assert untouched <= {d.id for d in corrected}
