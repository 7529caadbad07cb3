"""Image records as people send them: multi-page TIFF faxes, phone photos stored sideways with an
EXIF orientation, and small files that declare enormous pictures. Real generated files, real
reading processes, Tesseract and a real SQLite file."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from db.models import RECORD_PAGE_INDEX, RecordFileRow, RecordPageRow
from record_files import page_image, png_scan
from workbench.records.documents import list_documents, unfinished_imports
from workbench.records.images import MAX_PIXELS
from workbench.records.intake import Outcome, import_files
from workbench.records.kinds import PageSource
from workbench.records.pages import stored_file
from workbench.records.rendering import PageRenderer
from workbench.records.search import search_pages

FAX_PAGES = [
    "FAX COVER SHEET\nTo: Claims Department\nPages: 3 including cover\nRe: acupuncture records",
    "PROGRESS NOTE\nDate of Service: 02/11/2016\nPatient tolerating gabapentin without sedation.",
    "WORK STATUS\nReturn to modified duty with no lifting over ten pounds until reexamination.",
]
FAX_WORDS = ["acupuncture", "gabapentin", "reexamination"]


def stored_pages(database, document_id: int) -> list[tuple[int, str, PageSource]]:
    with database.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            select(RecordPageRow.number, RecordPageRow.text, RecordPageRow.source)
            .where(RecordPageRow.file_id == document_id).order_by(RecordPageRow.number))]


def fax_tiff(path: Path) -> Path:
    """A three-page fax as fax machines and fax servers send it: 1-bit frames, CCITT Group 4."""
    frames = [page_image(text).convert("1") for text in FAX_PAGES]
    frames[0].save(path, format="TIFF", save_all=True, append_images=frames[1:],
                   compression="group4", dpi=(150, 150))
    return path


def test_a_multi_page_tiff_is_a_page_per_frame_each_read_and_drawn_as_its_own(
        database, case_id, tmp_path):
    tiff = fax_tiff(tmp_path / "fax.tif")
    [result] = import_files(database, case_id, [tiff])
    assert result.outcome is Outcome.IMPORTED and result.pages == 3, result.line
    pages = stored_pages(database, result.file_id)
    assert [number for number, _text, _source in pages] == [1, 2, 3]
    for (_number, text, source), word in zip(pages, FAX_WORDS):
        assert source is PageSource.OCR
        assert word in text.lower()
        assert all(other not in text.lower() for other in FAX_WORDS if other != word)
    for number, word in enumerate(FAX_WORDS, start=1):
        hits = search_pages(database, case_id, word)
        assert [(h.document, h.page) for h in hits] == [("fax.tif", number)]

    # the viewer draws frame N for page N: each drawing is closest to its own frame
    width = 300
    with Image.open(tiff) as opened:
        frames = []
        for index in range(3):
            opened.seek(index)
            frame = opened.convert("L")
            frames.append(frame.resize((width, round(frame.height * width / frame.width))))
    path, media = stored_file(database, case_id, result.file_id)
    assert media == "image"
    renderer = PageRenderer()
    try:
        for number in (1, 2, 3):
            picture = renderer.render(path, media, number, width)
            drawn = Image.frombytes("RGBX", (picture.width, picture.height), picture.data
                                    ).convert("L")
            distances = [sum(abs(a - b) for a, b in zip(drawn.tobytes(), frame.tobytes()))
                         for frame in frames]
            assert distances.index(min(distances)) == number - 1, distances
    finally:
        renderer.close()


def test_a_standard_resolution_fax_is_read_and_drawn_with_square_pixels(
        database, case_id, tmp_path):
    # A standard-resolution fax has twice as many dots across as down (204 x 98 dpi): stored
    # as is, its letters are squashed to half their height.
    page = page_image("PROGRESS NOTE\nDate of Service: 02/11/2016\nLumbar radiculopathy with "
                      "paraspinal tenderness and foraminal narrowing.").convert("1")
    squashed = page.resize((page.width, page.height // 2))
    tiff = tmp_path / "standard.tif"
    squashed.save(tiff, format="TIFF", compression="group4", dpi=(150, 75))
    [result] = import_files(database, case_id, [tiff])
    assert result.outcome is Outcome.IMPORTED, result.line
    [(_number, text, _source)] = stored_pages(database, result.file_id)
    for words in ("paraspinal tenderness", "foraminal narrowing"):
        assert words in text, text
    picture = PageRenderer().render(*stored_file(database, case_id, result.file_id), 1, 600)
    assert 760 < picture.height < 800  # US Letter proportions, as the page was written


def phone_photo(path: Path, text: str, orientation: int) -> Path:
    """A JPEG stored as the camera's sensor saw the page, with the EXIF tag that turns it upright:
    6 means turn a quarter clockwise to view, 8 a quarter counter-clockwise."""
    upright = page_image(text).convert("RGB")
    stored = upright.transpose(Image.Transpose.ROTATE_90 if orientation == 6
                               else Image.Transpose.ROTATE_270)
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored.save(path, format="JPEG", quality=90, exif=exif.tobytes(), dpi=(150, 150))
    return path


@pytest.mark.parametrize("orientation", [6, 8])
def test_a_phone_photo_is_turned_upright_by_its_exif_orientation_before_ocr(
        database, case_id, tmp_path, orientation):
    photo = phone_photo(tmp_path / "IMG_2041.jpg",
                        "Date of Service: 09/14/2015\nAcupuncture session for chronic neck pain.\n"
                        "Cervical range of motion improved after treatment.", orientation)
    [result] = import_files(database, case_id, [photo])
    assert result.outcome is Outcome.IMPORTED, result.line
    [(_number, text, source)] = stored_pages(database, result.file_id)
    assert source is PageSource.OCR
    for word in ("acupuncture", "cervical", "motion", "treatment"):
        assert word in text.lower(), text
    assert [h.document for h in search_pages(database, case_id, "acupuncture")] == ["IMG_2041.jpg"]
    # the viewer shows it the same way up: a portrait page
    picture = PageRenderer().render(*stored_file(database, case_id, result.file_id), 1, 300)
    assert picture.height > picture.width


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def enormous_png(path: Path, width: int, height: int) -> Path:
    """A one-bit PNG of ``width`` x ``height`` white pixels, written a row at a time, so the file
    stays small (a few hundred KB) and so does the memory that writes it."""
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    with path.open("wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)))
        handle.write(_chunk(b"IDAT", b"".join(parts)))
        handle.write(_chunk(b"IEND", b""))
    return path


@pytest.mark.parametrize("size", [(30_000, 30_000), (9_000, 9_000)])
def test_an_enormous_image_is_refused_unread_in_one_line_and_the_batch_goes_on(
        database, case_id, tmp_path, size):
    # 900 megapixels (Pillow's own guard trips while opening) and 81 (only the page limit does)
    assert size[0] * size[1] > MAX_PIXELS
    huge = enormous_png(tmp_path / "huge.png", *size)
    assert huge.stat().st_size < 1_000_000
    good = png_scan(tmp_path / "good.png", "Physical therapy note: shoulder flexion improved.")
    results = import_files(database, case_id, [huge, good])
    assert [r.outcome for r in results] == [Outcome.FAILED, Outcome.IMPORTED], [
        r.line for r in results]
    line = results[0].line
    assert "huge.png" in line and f"{MAX_PIXELS // 1_000_000} megapixels" in line, line
    assert "\n" not in line and "Traceback" not in line
    assert [d.file_name for d in list_documents(database, case_id)] == ["good.png"]
    assert unfinished_imports(database, case_id) == 0
    with database.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(RecordFileRow)) == 1
        assert RECORD_PAGE_INDEX.matches_content(connection)
    assert [h.document for h in search_pages(database, case_id, "flexion")] == ["good.png"]
