"""What the exported files are made of: fonts, metadata, outline, page headers, named styles."""

from __future__ import annotations

import ctypes
import io
import stat
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import SEED_FILES
from docx import Document

from workbench.errors import WorkbenchError
from workbench.letters.export import export_letter
from workbench.letters.reader import read_letter

CASE_NUMBER = "CM15-0123456"


@pytest.fixture(scope="module")
def case():
    case = read_letter(SEED_FILES[-1]).case
    case.case_number = CASE_NUMBER
    return case


@pytest.fixture(scope="module")
def pdf_path(case, tmp_path_factory) -> Path:
    return export_letter(case, {"pdf": tmp_path_factory.mktemp("pdf") / "letter.pdf"})[0]


def font_at(textpage, index: int) -> str:
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, 256, ctypes.byref(flags))
    return buffer.value.decode()


def test_pdf_embeds_its_serif_font_and_nothing_else(pdf_path: Path):
    data = pdf_path.read_bytes()
    assert data.count(b"/FontFile2") >= 2  # regular and bold TrueType programs embedded
    assert b"LiberationSerif" in data
    for base14 in (b"/Helvetica", b"/Times-Roman", b"/Courier"):
        assert base14 not in data


def test_pdf_metadata_outline_and_page_headers(pdf_path: Path, case):
    document = pdfium.PdfDocument(pdf_path)
    metadata = document.get_metadata_dict()
    assert metadata["Title"] == "IMR Final Determination Letter"
    assert metadata["Author"] == "MAXIMUS Federal Services"
    assert CASE_NUMBER in metadata["Subject"]
    outline = [(item.level, item.get_title()) for item in document.get_toc()]
    assert outline[0] == (0, "HOW THE IMR FINAL DETERMINATION WAS MADE")
    assert (0, "IMR ISSUES, DECISIONS AND RATIONALES") in outline
    for item in case.items:
        assert (1, f"{item.description}: {item.decision.value}") in outline
    total = len(document)
    assert total >= 2
    for number, page in enumerate(document, start=1):
        text = page.get_textpage().get_text_range()
        assert f"IMR Case Number: {CASE_NUMBER}" in text
        assert f"Page {number} of {total}" in text
        width, height = page.get_size()
        assert (round(width), round(height)) == (612, 792)  # US Letter
    document.close()


def test_pdf_labels_and_headings_are_bold(pdf_path: Path):
    document = pdfium.PdfDocument(pdf_path)
    found = set()
    for page in document:
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        for label in ("Claims Administrator guideline:", "MAXIMUS guideline:",
                      "Decision rationale:", "CLINICAL CASE SUMMARY"):
            at = text.find(label)
            if at >= 0:
                assert "Bold" in font_at(textpage, at), label
                found.add(label)
        at = text.find("The Final Determination was based")
        if at >= 0:
            assert "Bold" not in font_at(textpage, at)
    assert len(found) == 4
    document.close()


def test_docx_uses_named_styles(case, tmp_path: Path):
    [path] = export_letter(case, {"docx": tmp_path / "letter.docx"})
    document = Document(io.BytesIO(path.read_bytes()))
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Heading 1") == 3
    assert styles.count("Heading 2") == len(case.items)
    assert {"Letter Body", "Letter Lead-in", "Letter Credentials", "Letter Guideline",
            "Letter Rationale"} <= set(styles)
    labels = [r.text for p in document.paragraphs for r in p.runs
              if r.style is not None and r.style.name == "Letter Label"]
    assert labels.count("Decision rationale:") == len(case.items)
    assert "Claims Administrator guideline:" in labels
    assert document.styles["Letter Body"].font.name == "Times New Roman"
    assert document.core_properties.title == "IMR Final Determination Letter"
    header = document.sections[0].header.paragraphs[0].text
    assert header.startswith(f"IMR Case Number: {CASE_NUMBER}")


def test_exports_are_owner_only(case, tmp_path: Path):
    for path in export_letter(case, {k: tmp_path / f"letter.{k}" for k in ("txt", "docx", "pdf")}):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_failed_export_leaves_no_partial_file(case, tmp_path: Path):
    blocked = tmp_path / "letter.pdf"
    blocked.mkdir()  # a folder where the file should go: the final rename fails
    with pytest.raises(WorkbenchError):
        export_letter(case, {"pdf": blocked})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf"]
    assert blocked.is_dir() and not any(blocked.iterdir())
