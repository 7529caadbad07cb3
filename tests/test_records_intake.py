"""Importing a case file: real generated PDFs, scans, DOCX and bad files into a real SQLite file."""

from __future__ import annotations

import random
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from db.models import RECORD_PAGE_INDEX, RecordFileRow, RecordPageRow
from record_files import (
    KIND_SAMPLES,
    bad_inputs,
    docx_file,
    png_scan,
    prose,
    scanned_pdf,
    text_pdf,
)
from workbench.records.documents import list_documents, unfinished_imports
from workbench.records.intake import ImportJob, ImportOptions, Outcome, import_files
from workbench.records.kinds import DocumentKind, PageSource
from workbench.records.search import search_pages
from workbench.store import CaseStore


def page_numbers(database, document_id: int) -> list[int]:
    with database.engine.connect() as connection:
        return list(connection.scalars(select(RecordPageRow.number).where(
            RecordPageRow.file_id == document_id).order_by(RecordPageRow.number)))


def indexed_pages(database) -> int:
    """Pages in the search index, which must hold exactly the stored pages' words."""
    with database.engine.connect() as connection:
        assert RECORD_PAGE_INDEX.matches_content(connection)
        return RECORD_PAGE_INDEX.indexed_count(connection)


def test_text_pdf_docx_and_plain_text_are_stored_page_by_page_and_searchable(
        database, case_id, tmp_path):
    pdf = text_pdf(tmp_path / "pr2.pdf", [KIND_SAMPLES["pr2"], "Second page mentions gabapentin."])
    docx = docx_file(tmp_path / "mri.docx", [KIND_SAMPLES["imaging"], "Addendum: no fracture."])
    notes = tmp_path / "notes.txt"
    notes.write_text(KIND_SAMPLES["therapy"] + "\f" + "Visit seven: tolerating exercise well.\n")
    results = import_files(database, case_id, [pdf, docx, notes])
    assert [r.outcome for r in results] == [Outcome.IMPORTED] * 3, [r.line for r in results]
    assert [r.pages for r in results] == [2, 2, 2]
    documents = {d.file_name: d for d in list_documents(database, case_id)}
    assert documents["pr2.pdf"].kind is DocumentKind.PR2
    assert documents["mri.docx"].kind is DocumentKind.IMAGING
    assert documents["notes.txt"].kind is DocumentKind.THERAPY
    hits = search_pages(database, case_id, "gabapentin")
    assert [(h.document, h.page) for h in hits] == [("pr2.pdf", 2)]
    assert "\x02gabapentin\x03" in hits[0].snippet
    assert [(h.document, h.page) for h in search_pages(database, case_id, "fracture")] == [
        ("mri.docx", 2)]
    assert [(h.document, h.page) for h in search_pages(database, case_id, "tolerating exerc*")] == [
        ("notes.txt", 2)]
    assert indexed_pages(database) == 6


def test_scans_are_read_by_ocr_with_confidence_and_their_words_are_searchable(
        database, case_id, tmp_path):
    scan = scanned_pdf(tmp_path / "scan.pdf", [KIND_SAMPLES["operative"],
                                               "Postoperative visit: wound healing well."])
    png = png_scan(tmp_path / "fax.png", "Date of Service: 09/14/2015\n"
                                         "Acupuncture session for chronic neck pain.")
    results = import_files(database, case_id, [scan, png])
    assert all(r.outcome is Outcome.IMPORTED for r in results), [r.line for r in results]
    with database.engine.connect() as connection:
        pages = connection.execute(select(RecordPageRow.source, RecordPageRow.ocr_confidence)).all()
    assert len(pages) == 3
    assert all(source is PageSource.OCR and 50 < confidence <= 100 for source, confidence in pages)
    assert [h.document for h in search_pages(database, case_id, '"subacromial decompression"')] \
        == ["scan.pdf"]
    assert [(h.document, h.page) for h in search_pages(database, case_id, "wound healing")] == [
        ("scan.pdf", 2)]
    assert [h.document for h in search_pages(database, case_id, "acupuncture")] == ["fax.png"]
    documents = {d.file_name: d for d in list_documents(database, case_id)}
    assert documents["scan.pdf"].kind is DocumentKind.OPERATIVE
    assert documents["scan.pdf"].ocr_pages == 2 and documents["scan.pdf"].ocr_confidence > 50


def test_a_page_with_a_text_layer_is_not_ocrd(database, case_id, tmp_path):
    pdf = text_pdf(tmp_path / "typed.pdf", [KIND_SAMPLES["imaging"]])
    import_files(database, case_id, [pdf])
    with database.engine.connect() as connection:
        assert connection.execute(select(RecordPageRow.source, RecordPageRow.ocr_confidence)
                                  ).all() == [(PageSource.TEXT, None)]


def test_every_bad_input_gets_one_line_and_the_good_files_still_import(
        database, case_id, tmp_path):
    bad = bad_inputs(tmp_path / "bad")
    good = [text_pdf(tmp_path / "good.pdf", [KIND_SAMPLES["pr2"]]),
            png_scan(tmp_path / "good.png", "Physical therapy note: shoulder flexion improved."),
            docx_file(tmp_path / "good.docx", [KIND_SAMPLES["medical_legal"]])]
    batch = [bad["encrypted"], good[0], bad["truncated"], bad["corrupt"], bad["empty"],
             good[1], bad["unsupported"], bad["unreadable image"], bad["zip bomb"],
             bad["external entity"], good[2]]
    results = import_files(database, case_id, batch)
    lines = {r.name: r for r in results}
    assert len(results) == len(batch)
    assert [r.name for r in results if r.ok] == ["good.pdf", "good.png", "good.docx"]
    expected = {
        "locked.pdf": "password", "truncated.pdf": "damaged", "corrupt.pdf": "damaged",
        "empty.pdf": "empty", "records.xls": "Excel 97-2003 workbook",
        "scan.png": "OCR cannot read", "bomb.docx": "zip bomb", "entity.docx": "entities",
    }
    for name, words in expected.items():
        result = lines[name]
        assert result.outcome is Outcome.FAILED and words in result.message, result.line
        assert "\n" not in result.line and "Traceback" not in result.line
    # nothing of a refused file remains: no rows, no pages, no index rows, no stored copy
    with database.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(RecordFileRow)) == 3
    assert indexed_pages(database) == 3
    stored = list((database.files / "records" / f"case-{case_id}").iterdir())
    assert len(stored) == 3
    # the password opens the encrypted one
    unlocked = import_files(database, case_id, [bad["encrypted"]],
                            options=ImportOptions(password="s3cret"))
    assert unlocked[0].outcome is Outcome.IMPORTED, unlocked[0].line
    wrong = import_files(database, case_id, [bad["encrypted"]],
                         options=ImportOptions(password="nope"))
    assert wrong[0].outcome is Outcome.ALREADY  # recognised by its hash before it is opened


def test_wrong_password_is_reported(database, case_id, tmp_path):
    locked = bad_inputs(tmp_path / "bad")["encrypted"]
    result = import_files(database, case_id, [locked], options=ImportOptions(password="nope"))[0]
    assert result.outcome is Outcome.FAILED and "password given does not open it" in result.message


def test_reading_is_stopped_at_the_memory_limit_and_nothing_remains(database, case_id, tmp_path):
    scan = scanned_pdf(tmp_path / "scan.pdf", ["A page that needs OCR to be read at all."])
    result = import_files(database, case_id, [scan], options=ImportOptions(memory_mb=60))[0]
    assert result.outcome is Outcome.FAILED, result.line
    assert list_documents(database, case_id) == [] and unfinished_imports(database, case_id) == 0


def test_an_identical_file_is_recognised_and_stored_once(database, case_id, tmp_path):
    first = text_pdf(tmp_path / "a.pdf", [KIND_SAMPLES["pr2"]])
    copy = tmp_path / "copy of a.pdf"
    copy.write_bytes(first.read_bytes())
    results = import_files(database, case_id, [first, copy])
    assert [r.outcome for r in results] == [Outcome.IMPORTED, Outcome.ALREADY]
    assert results[1].file_id == results[0].file_id
    folder = database.files / "records" / f"case-{case_id}"
    files = list(folder.iterdir())
    assert len(files) == 1 and files[0].read_bytes() == first.read_bytes()
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    first.unlink()  # the case keeps its own copy
    assert search_pages(database, case_id, "radiculopathy")[0].document == "a.pdf"


def test_cancelled_import_stays_invisible_and_resumes_without_rereading(
        database, case_id, tmp_path):
    rng = random.Random(7)
    total = 240
    pages = [f"Date of Service: 03/{n % 28 + 1:02d}/2015\nPage marker zq{n}x. " + prose(rng, 1500)
             for n in range(1, total + 1)]
    pdf = text_pdf(tmp_path / "bundle.pdf", pages)
    seen: list[int] = []

    def progress(update):
        seen.append(update.pages_done)
        if update.pages_done >= total // 2:
            job.cancel()

    options = ImportOptions(workers=2, batch_pages=32)
    job = ImportJob(database, case_id, [pdf], options=options, progress=progress).start()
    first = job.wait(timeout=300)[0]
    assert first.outcome is Outcome.CANCELLED, first.line
    stored = page_numbers(database, first.file_id)
    assert total // 2 <= len(stored) < total
    assert list_documents(database, case_id) == []
    assert search_pages(database, case_id, "radiating") == []
    assert unfinished_imports(database, case_id) == 1

    second = import_files(database, case_id, [pdf], options=options)[0]
    assert second.outcome is Outcome.RESUMED, second.line
    assert second.file_id == first.file_id
    assert second.pages_read == total - len(stored)
    assert page_numbers(database, first.file_id) == list(range(1, total + 1))
    assert indexed_pages(database) == total
    for n in (1, total // 2, total):
        assert [(h.page) for h in search_pages(database, case_id, f"zq{n}x")] == [n]
    assert unfinished_imports(database, case_id) == 0
    assert seen == sorted(seen[:len(seen)])  # progress only moves forward


def test_import_needs_an_existing_case(database, tmp_path):
    from workbench.errors import NotFound

    with pytest.raises(NotFound):
        import_files(database, 99, [text_pdf(tmp_path / "a.pdf", ["x"])])


def test_deleting_a_case_removes_its_pages_from_the_index(database, case_id, tmp_path):
    import_files(database, case_id, [text_pdf(tmp_path / "a.pdf", [KIND_SAMPLES["pr2"]] * 3)])
    assert indexed_pages(database) == 3
    CaseStore(database).delete(case_id)
    assert indexed_pages(database) == 0
    with database.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(RecordPageRow)) == 0


def test_snippets_mark_words_phrases_prefixes_and_inflections():
    from workbench.records.search import snippet
    from workbench.search import parse_query

    text = ("Header line.\n" + "filler " * 40 + "The patient attended Physical   Therapy for "
            "lumbar restrictions; therapy continues.\n" + "more " * 40)
    marked = snippet(text, parse_query('"physical therapy" restriction lumb*'))
    assert "\x02Physical Therapy\x03" in marked
    assert "\x02restrictions\x03" in marked and "\x02lumbar\x03" in marked
    assert marked.startswith("\u2026") and marked.endswith("\u2026")
    assert len(marked.split()) <= 26
    assert "\x02" not in snippet(text, parse_query("absent"))


def test_readers_are_started_ahead_and_kept_for_the_next_file(database, case_id, tmp_path):
    import time

    from workbench.records.readers import READERS

    def pids() -> set[int]:
        for _ in range(100):  # replacements start after an import, in the background
            if len(READERS._spares) == 2:
                break
            time.sleep(0.05)
        return {reader.process.pid for reader in READERS._spares}

    READERS.close()
    READERS.warm(2)
    try:
        started = pids()
        assert len(started) == 2
        notes = [text_pdf(tmp_path / f"note{n}.pdf", [f"Visit {n} note.", "Second page."])
                 for n in range(4)]
        results = import_files(database, case_id, notes)
        assert [r.pages for r in results if r.ok] == [2] * 4
        assert pids() == started  # the same two processes read all four files
        READERS._spares[0].process.kill()  # a spare that died while waiting is not used
        READERS._spares[0].process.wait()
        assert import_files(database, case_id, [text_pdf(tmp_path / "x.pdf", ["After."])])[0].ok
        started = pids()

        # a file that fails ends its reader; a fresh one takes its place after the import
        broken = tmp_path / "broken.pdf"
        broken.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
        assert import_files(database, case_id, [broken])[0].outcome is Outcome.FAILED
        assert len(pids()) == 2 and len(pids() & started) == 1
        later = import_files(database, case_id, [text_pdf(tmp_path / "later.pdf", ["Later."])])
        assert later[0].ok and len(pids() & started) == 1
    finally:
        READERS.close()
    assert READERS._spares == []


def test_a_pooled_reader_that_died_while_waiting_does_not_fail_the_next_file(
        database, case_id, tmp_path):
    from workbench.records.readers import READERS

    READERS.close()
    READERS.warm(2)
    waiting = [reader.process for reader in READERS._spares]

    def kill_them(update) -> None:  # after the readers are taken, before they are asked
        for process in waiting:
            if process.poll() is None:
                process.kill()
                process.wait()

    try:
        pdf = text_pdf(tmp_path / "big.pdf", [f"Page {n} radiating pain zq{n}x." for n in range(1, 41)])
        result = import_files(database, case_id, [pdf], options=ImportOptions(workers=2),
                              progress=kill_them)[0]
        assert result.outcome is Outcome.IMPORTED and result.pages == 40, result.line
        assert all(process.poll() is not None for process in waiting)
        assert [h.page for h in search_pages(database, case_id, "zq33x")] == [33]
    finally:
        READERS.close()


def test_readers_out_when_the_pool_closes_are_not_kept(database, case_id, tmp_path):
    from workbench.records.readers import READERS

    READERS.close()
    READERS.warm(2)
    notes = [text_pdf(tmp_path / f"n{n}.pdf", [f"Note {n}."]) for n in range(3)]
    closed = []

    def close_once(update) -> None:
        if not closed:
            closed.append(True)
            READERS.close()  # as the window does on exit, while this import still runs

    results = import_files(database, case_id, notes, progress=close_once)
    assert all(r.ok for r in results), [r.line for r in results]
    assert READERS._spares == []


def test_a_reading_process_reads_file_after_file_and_ends_after_a_failure(tmp_path):
    import json
    import os
    import subprocess
    import sys

    from workbench.records.readers import PROJECT_ROOT

    good = [text_pdf(tmp_path / f"g{n}.pdf", [f"Good file {n}.", "Its second page."])
            for n in range(2)]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    process = subprocess.Popen([sys.executable, "-m", "workbench.records.worker"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)

    def ask(path: Path) -> list[dict]:
        process.stdin.write(json.dumps({"path": str(path), "media": "pdf"}).encode() + b"\n")
        process.stdin.flush()
        lines = []
        while not lines or not (lines[-1].get("done") or "error" in lines[-1]):
            lines.append(json.loads(process.stdout.readline()))
        return lines

    try:
        for number, path in enumerate(good):
            lines = ask(path)
            assert lines[0] == {"count": 2} and lines[-1] == {"done": True}
            assert [page[0] for page in lines[1]["pages"]] == [1, 2]
            assert f"Good file {number}." in lines[1]["pages"][0][1]
        assert "damaged" in ask(broken)[-1]["error"]
        assert process.wait(timeout=30) == 0  # it ended by itself; its input is still open
    finally:
        if process.poll() is None:
            process.kill()
        process.stdin.close()
        process.stdout.close()
        process.wait()


def test_the_index_check_sees_a_page_changed_behind_its_back(database, case_id, tmp_path):
    import_files(database, case_id, [text_pdf(tmp_path / "a.pdf", [KIND_SAMPLES["pr2"]] * 2)])
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE record_pages SET text = 'edited' WHERE number = 1"))
        assert RECORD_PAGE_INDEX.matches_content(connection)  # the database reindexes it
        assert connection.execute(text(
            "SELECT count(*) FROM record_page_search WHERE record_page_search MATCH 'edited'"
        )).scalar() == 1
        connection.execute(text("DROP TRIGGER record_page_search_update"))
        connection.execute(text("UPDATE record_pages SET text = 'changed' WHERE number = 2"))
        assert not RECORD_PAGE_INDEX.matches_content(connection)
