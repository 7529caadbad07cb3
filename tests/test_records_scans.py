"""Scanned PDF pages: a scan that carries a little real text (a fax header, a Bates number) is
still OCR'd and keeps that text once; a scan lying sideways or upside down is read upright and
drawn upright. Every file is generated here; Tesseract reads them for real."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from record_files import KIND_SAMPLES, page_image, scanned_pdf, turned_scanned_pdf
from workbench.records.intake import import_files
from workbench.records.kinds import DocumentKind, PageSource
from workbench.records.pages import page_rotations, read_page, stored_file
from workbench.records.rendering import PageRenderer
from workbench.records.scan_stamps import Stamp, StampLine, merged_text
from workbench.records.search import search_pages

PR2 = KIND_SAMPLES["pr2"].replace("04/15/2015", "03/14/2024")
FAX_HEADER = "03/18/2024 09:42 FAX 555 014 2290 LOPEZ ORTHOPAEDICS P.002/005"
BATES = "LOP000417"


def stamped_scan(path: Path, text: str) -> Path:
    """A scanned page, as ``scanned_pdf`` makes it, with a fax header across its top and a
    Bates number at its foot as real text, as fax machines and copy services add them."""
    pdf = canvas.Canvas(str(path), pagesize=LETTER)
    width, height = LETTER
    buffer = io.BytesIO()
    page_image(text).save(buffer, format="PNG")
    buffer.seek(0)
    pdf.drawImage(ImageReader(buffer), 0, 0, width, height)
    pdf.setFont("Helvetica", 8)
    pdf.drawString(30, height - 16, FAX_HEADER)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(width - 110, 18, BATES)
    pdf.showPage()
    pdf.save()
    return path


def letterhead_page(path: Path, text: str) -> Path:
    """A typed page on a full-page letterhead picture: its text layer is its text."""
    pdf = canvas.Canvas(str(path), pagesize=LETTER)
    width, height = LETTER
    letterhead = Image.new("L", (850, 1100), 250)
    letterhead.paste(200, (0, 0, 850, 90))
    buffer = io.BytesIO()
    letterhead.save(buffer, format="PNG")
    buffer.seek(0)
    pdf.drawImage(ImageReader(buffer), 0, 0, width, height)
    pdf.setFont("Helvetica", 11)
    y = height - 100
    for line in text.split("\n"):
        pdf.drawString(50, y, line)
        y -= 15
    pdf.showPage()
    pdf.save()
    return path


def test_a_scan_with_a_fax_header_and_a_bates_number_is_still_read_by_ocr(database, case_id,
                                                                         tmp_path):
    plain, stamped = import_files(database, case_id, [
        scanned_pdf(tmp_path / "pr2-scan.pdf", [PR2]), stamped_scan(tmp_path / "pr2-fax.pdf", PR2)])
    for result in (plain, stamped):
        assert result.ok, result.line
        page = read_page(database, case_id, result.file_id, 1)
        assert page.kind is DocumentKind.PR2 and page.date == dt.date(2024, 3, 14)
        assert page.source is PageSource.OCR and "radiculopathy" in page.text
    text = read_page(database, case_id, stamped.file_id, 1).text
    # The stamp's own text is kept, where it stands on the page, and only once.
    assert text.startswith(FAX_HEADER) and text.rstrip().endswith(BATES)
    assert text.count(BATES) == 1 and text.count("P.002/005") == 1
    assert [hit.file_id for hit in search_pages(database, case_id, BATES)] == [
        stamped.file_id]


def test_a_typed_page_on_a_letterhead_picture_is_read_from_its_text_layer(database, case_id,
                                                                        tmp_path):
    [result] = import_files(database, case_id, [
        letterhead_page(tmp_path / "letter.pdf", KIND_SAMPLES["ur_determination"])])
    page = read_page(database, case_id, result.file_id, 1)
    assert page.source is PageSource.TEXT and page.kind is DocumentKind.UR_DETERMINATION
    assert page_rotations(database, case_id, result.file_id) == {}


def test_an_ocr_line_that_repeats_the_stamp_is_dropped_and_the_body_kept():
    stamp = Stamp([StampLine(780, 30, "03/18/2024 09:42 FAX LOPEZ P.002/005"),
                   StampLine(20, 500, "LOP000417")], 792)
    ocr = ("03/18/2024 09:42 FAX LOPEZ P.0O2/005\nPR-2\nDate of Service: 03/14/2024\n"
           "Seen\nagain\nthen\n03/18/2024 09:42\nFollow-up in four weeks.\nL0P000417")
    # The repeated stamp lines go; a body line that looks like the stamp, read mid-page, stays.
    assert merged_text(stamp, ocr).split("\n") == [
        "03/18/2024 09:42 FAX LOPEZ P.002/005", "PR-2", "Date of Service: 03/14/2024",
        "Seen", "again", "then", "03/18/2024 09:42", "Follow-up in four weeks.", "LOP000417"]


def _ink_centre(picture) -> tuple[float, float]:
    """Where the dark pixels of a drawn page lie, as shares of its width and height."""
    image = Image.frombuffer("RGBX", (picture.width, picture.height), picture.data, "raw",
                             "RGBX", picture.stride, 1).convert("L")
    dark = image.point(lambda value: 255 if value < 128 else 0)
    pixels = dark.load()
    xs = ys = count = 0
    for y in range(0, image.height, 2):
        for x in range(0, image.width, 2):
            if pixels[x, y]:
                xs += x
                ys += y
                count += 1
    assert count, "nothing is drawn"
    return xs / count / image.width, ys / count / image.height


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_sideways_or_upside_down_scan_is_read_and_drawn_upright(database, case_id, tmp_path,
                                                                  degrees):
    [result] = import_files(database, case_id, [
        turned_scanned_pdf(tmp_path / f"turned{degrees}.pdf", [PR2], degrees)])
    assert result.ok, result.line
    page = read_page(database, case_id, result.file_id, 1)
    assert page.kind is DocumentKind.PR2 and page.date == dt.date(2024, 3, 14)
    assert "Lumbar radiculopathy" in page.text and "Treating Physician" in page.text
    rotations = page_rotations(database, case_id, result.file_id)
    assert rotations == {1: (360 - degrees) % 360}
    path, media = stored_file(database, case_id, result.file_id)
    renderer = PageRenderer()
    try:
        picture = renderer.render(path, media, 1, 400, rotation=rotations[1])
    finally:
        renderer.close()
    # Upright: a portrait page the width asked, its lines at the top left as they were typed.
    assert picture.width == 400 and picture.height > picture.width
    across, down = _ink_centre(picture)
    assert across < 0.5 and down < 0.3


def test_an_upright_scan_has_no_turn(database, case_id, tmp_path):
    [result] = import_files(database, case_id, [scanned_pdf(tmp_path / "scan.pdf", [PR2])])
    assert page_rotations(database, case_id, result.file_id) == {}
    path, media = stored_file(database, case_id, result.file_id)
    renderer = PageRenderer()
    try:
        picture = renderer.render(path, media, 1, 400)
    finally:
        renderer.close()
    across, down = _ink_centre(picture)
    assert across < 0.5 and down < 0.3
