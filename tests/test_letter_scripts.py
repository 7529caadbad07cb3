"""Names in every script a case can hold print in the PDF, or the export refuses naming them."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from workbench.case import Case, Decision, Item
from workbench.letters.export import export_letter
from workbench.letters.pdf_fonts import UnprintableCharacters

NAMES = {
    "Latin with accents": "Zoë Ñúñez-Müller",
    "Greek": "Γεώργιος Παπαδόπουλος",
    "Cyrillic": "Дмитрий Иванов",
    "Hebrew": "שרה כהן",
    "Arabic": "محمد عبد الله",
    "Chinese": "王小明",
    "Japanese": "さくら カタカナ 山田",
    "Korean": "김민준",
    "Devanagari": "राम शर्मा",
    "Thai": "สมชาย ใจดี",
    "symbols": "✓ ✔ → ★ ≥ ±",
}
RIGHT_TO_LEFT = {"Hebrew", "Arabic"}


def normal(text: str) -> str:
    """Extracted and written text compared alike: NFKC (Arabic joined forms are letters) and
    single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def extracted(path: Path) -> str:
    document = pdfium.PdfDocument(str(path))
    try:
        return normal(" ".join(page.get_textpage().get_text_range() for page in document))
    finally:
        document.close()


def test_names_in_eleven_scripts_are_drawn_and_extracted(tmp_path):
    case = Case("MAXIMUS Federal Services", "MAXIMUS", case_number="CM15-0001",
                summary=[f"The {script} name is {name} on record." for script, name in NAMES.items()],
                items=[Item("MRI for 王小明 ✓", Decision.UPHELD,
                            rationale=["Reviewed for שרה כהן and 김민준."])])
    pdf = export_letter(case, {"pdf": tmp_path / "letter.pdf"})[0]
    text = extracted(pdf)
    for script, name in NAMES.items():
        if script in RIGHT_TO_LEFT:
            # PDFium gives each right-to-left word in logical order, and the words of a
            # right-to-left run as they stand on the line, left to right.
            name = " ".join(reversed(name.split()))
        assert f"The {script} name is {normal(name)} on record." in text, script
    assert "MRI for 王小明 ✓: Upheld" in text
    data = pdf.read_bytes()
    assert data.count(b"/FontFile2") >= 6  # the serif and the fallbacks, embedded


def test_a_script_no_font_has_refuses_the_pdf_in_one_line(tmp_path):
    case = Case("MAXIMUS Federal Services", "MAXIMUS", case_number="CM15-0001",
                summary=["The claimant, አበበ ቢቂላ, and Zoë attended."])
    with pytest.raises(UnprintableCharacters) as refused:
        export_letter(case, {"pdf": tmp_path / "letter.pdf", "txt": tmp_path / "letter.txt"})
    message = str(refused.value)
    assert "\n" not in message
    assert "አ (U+12A0 ETHIOPIC SYLLABLE GLOTTAL A)" in message and "ë" not in message
    assert not (tmp_path / "letter.pdf").exists() and not (tmp_path / "letter.txt").exists()
    export_letter(case, {"txt": tmp_path / "letter.txt"})  # the text file still holds them
    assert "አበበ ቢቂላ" in (tmp_path / "letter.txt").read_text(encoding="utf-8")


def test_the_refusal_reaches_the_command_line_as_one_line(cli, tmp_path):
    letter = tmp_path / "ethiopic.txt"
    from conftest import SEED_FILES

    text = SEED_FILES[-1].read_text(encoding="utf-8").replace("This is a 58", "አበበ is a 58", 1)
    letter.write_text(text, encoding="utf-8")
    imported = cli("letter", "import", str(letter))
    assert imported.code == 0, imported.err
    exported = cli("letter", "export", imported.out.strip(), "--pdf", str(tmp_path / "l.pdf"))
    assert exported.code != 0 and len(exported.err.strip().splitlines()) == 1
    assert "U+12A0" in exported.err and not (tmp_path / "l.pdf").exists()
