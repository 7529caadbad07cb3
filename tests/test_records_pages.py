"""A page as the records view shows it: text and its source, the date a citation names, every
match of the search box in the text, the snippet as HTML, and the page's picture."""

from __future__ import annotations

import datetime as dt

import pytest

from record_files import KIND_SAMPLES, docx_file, png_scan, scanned_pdf, text_pdf
from workbench.errors import NotFound, UnreadableFile
from workbench.records.citations import cite_page
from workbench.records.documents import correct_document
from workbench.records.intake import import_files
from workbench.records.kinds import DocumentKind, PageSource
from workbench.records.pages import marked_html, page_dates, read_page, stored_file
from workbench.records.rendering import PageRenderer
from workbench.records.search import MARK_END, MARK_START, match_spans, search_pages


def test_a_page_has_its_text_position_and_the_date_its_citation_names(database, case_id,
                                                                         tmp_path):
    pdf = text_pdf(tmp_path / "pr2.pdf", [
        KIND_SAMPLES["pr2"], "Date of Service: 05/20/2015\nFollow-up visit, gabapentin started.",
        "Plan continues."])
    [result] = import_files(database, case_id, [pdf])
    page = read_page(database, case_id, result.file_id, 2)
    assert page.position == "Page 2 of 3" and page.pictured
    assert "gabapentin started" in page.text and page.source is PageSource.TEXT
    assert page.kind is DocumentKind.PR2 and page.date == dt.date(2015, 5, 20)
    assert page.note == ""
    assert cite_page(database, case_id, result.file_id, 2).text == "(PR-2, 05/20/2015, p. 2)"
    dates = page_dates(database, case_id, [(result.file_id, 2), (result.file_id, 3),
                                           (result.file_id, 9)])
    assert dates == {(result.file_id, 2): dt.date(2015, 5, 20),
                     (result.file_id, 3): dt.date(2015, 4, 15)}

    correct_document(database, case_id, result.file_id, kind=DocumentKind.THERAPY,
                     service_date=dt.date(2015, 1, 2))
    page = read_page(database, case_id, result.file_id, 2)
    assert page.kind is DocumentKind.THERAPY and page.date == dt.date(2015, 1, 2)
    with pytest.raises(NotFound):
        read_page(database, case_id, result.file_id, 4)
    with pytest.raises(NotFound):
        read_page(database, case_id + 1, result.file_id, 1)


def test_ocr_pages_say_so_and_text_records_have_no_picture(database, case_id, tmp_path):
    scan = png_scan(tmp_path / "scan.png", KIND_SAMPLES["therapy"])
    docx = docx_file(tmp_path / "mri.docx", [KIND_SAMPLES["imaging"]])
    scanned, typed = import_files(database, case_id, [scan, docx])
    page = read_page(database, case_id, scanned.file_id, 1)
    assert page.source is PageSource.OCR and page.note.startswith("Text read by OCR, confidence")
    assert page.pictured and "Therapist" in page.text
    page = read_page(database, case_id, typed.file_id, 1)
    assert not page.pictured and page.media_type == "docx"


def test_every_match_of_the_search_box_is_found_in_the_page_text():
    text = "Lumbar epidural steroid injection.\nA second EPIDURAL\nsteroid was denied; injections."
    spans = match_spans(text, '"epidural steroid" OR injection')
    assert [text[a:b] for a, b in spans] == ["epidural steroid", "injection", "EPIDURAL\nsteroid",
                                             "injections"]
    assert [text[a:b] for a, b in match_spans(text, "inject*")] == ["injection", "injections"]
    assert match_spans(text, "  ") == []


def test_snippets_become_html_with_their_marks_and_nothing_else():
    snippet = f"a <script> & {MARK_START}MRI{MARK_END} of the spine"
    assert marked_html(snippet) == "a &lt;script&gt; &amp; <b>MRI</b> of the spine"
    assert marked_html(snippet, "[", "]") == "a &lt;script&gt; &amp; [MRI] of the spine"


def test_pages_are_drawn_from_the_stored_copy_at_the_width_asked(database, case_id, tmp_path):
    pdf = text_pdf(tmp_path / "pr2.pdf", [KIND_SAMPLES["pr2"], "Second page."])
    scan = scanned_pdf(tmp_path / "scan.pdf", [KIND_SAMPLES["imaging"]])
    image = png_scan(tmp_path / "scan.png", KIND_SAMPLES["therapy"])
    docx = docx_file(tmp_path / "notes.docx", ["Only words."])
    results = import_files(database, case_id, [pdf, scan, image, docx])
    renderer = PageRenderer(keep_open=1)
    try:
        for result, number in zip(results[:3], (2, 1, 1)):
            path, media = stored_file(database, case_id, result.file_id)
            assert path.is_file()
            picture = renderer.render(path, media, number, 600)
            assert picture.width == 600 and 760 < picture.height < 800  # US Letter proportions
            assert len(picture.data) == picture.stride * picture.height
            assert len(set(picture.data[::97])) > 2  # something is drawn, not a blank page
        path, media = stored_file(database, case_id, results[3].file_id)
        with pytest.raises(UnreadableFile):
            renderer.render(path, media, 1, 600)
        path, media = stored_file(database, case_id, results[0].file_id)
        with pytest.raises(UnreadableFile):
            renderer.render(path, media, 3, 600)
    finally:
        renderer.close()


def test_a_damaged_or_missing_copy_gives_one_line(tmp_path):
    renderer = PageRenderer()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100)
    with pytest.raises(UnreadableFile, match="not a readable PDF"):
        renderer.render(broken, "pdf", 1, 500)
    with pytest.raises(UnreadableFile, match="missing"):
        renderer.render(tmp_path / "gone.pdf", "pdf", 1, 500)
    with pytest.raises(UnreadableFile, match="cannot be shown"):
        renderer.render(broken, "image", 1, 500)
    renderer.close()


def test_search_hits_and_pages_agree(database, case_id, tmp_path):
    pdf = text_pdf(tmp_path / "ur.pdf", [KIND_SAMPLES["ur_determination"], "Nothing here."])
    [result] = import_files(database, case_id, [pdf])
    [hit] = search_pages(database, case_id, '"epidural steroid"')
    page = read_page(database, case_id, hit.file_id, hit.page)
    assert [page.text[a:b].replace("\n", " ") for a, b in match_spans(page.text, '"epidural steroid"')] \
        == ["epidural steroid"]
    assert result.file_id == hit.file_id
