"""Invisible format characters inside words: stored without them, found by the plain word."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from sqlalchemy import select

from db.models import RECORD_PAGE_INDEX, RecordPageRow
from workbench.characters import searchable
from workbench.records.intake import Outcome, import_files
from workbench.records.search import match_spans, search_pages
from workbench.resources import resource_path

SOFT_HYPHEN, ZWSP, ZWJ, ZWNJ, WORD_JOINER, BOM = "\u00ad", "\u200b", "\u200d", "\u200c", "\u2060", "\ufeff"
WORDS = {  # the word as a text layer carries it -> the word a reviewer types
    f"radicu{SOFT_HYPHEN}lopathy": "radiculopathy",
    f"para{ZWSP}spinal": "paraspinal",
    f"fora{ZWJ}minal": "foraminal",
    f"lamin{ZWNJ}ectomy": "laminectomy",
    f"steno{WORD_JOINER}sis": "stenosis",
    f"{BOM}gaba{BOM}pentin": "gabapentin",
}


def pdf_with_invisible_characters(path: Path) -> Path:
    """A text PDF in an embedded TrueType font, so every invisible character is in its text layer."""
    if "RecordSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("RecordSerif",
                                       resource_path("fonts", "LiberationSerif-Regular.ttf")))
    pdf = canvas.Canvas(str(path), pagesize=LETTER)
    pdf.setFont("RecordSerif", 11)
    y = 720
    for word in WORDS:
        pdf.drawString(40, y, f"Assessment on examination today: {word} noted by the physician.")
        y -= 14
    pdf.showPage()
    pdf.save()
    return path


def test_words_with_format_characters_are_found_by_the_plain_word(database, case_id, tmp_path):
    pdf = pdf_with_invisible_characters(tmp_path / "pr2.pdf")
    notes = tmp_path / "notes.txt"
    notes.write_text("Progress note. " + " ".join(WORDS) + " reviewed with the patient.\n",
                     encoding="utf-8")
    results = import_files(database, case_id, [pdf, notes])
    assert [r.outcome for r in results] == [Outcome.IMPORTED] * 2, [r.line for r in results]
    for plain in WORDS.values():
        found = sorted(hit.document for hit in search_pages(database, case_id, plain))
        assert found == ["notes.txt", "pr2.pdf"], plain
    with database.engine.connect() as connection:
        texts = list(connection.scalars(select(RecordPageRow.text)))
        assert RECORD_PAGE_INDEX.matches_content(connection)
    for text in texts:
        assert not any(char in text for char in (SOFT_HYPHEN, ZWSP, ZWJ, ZWNJ, WORD_JOINER, BOM))
        assert "radiculopathy" in text
    page = next(text for text in texts if "Progress note" in text)
    assert [page[start:end] for start, end in match_spans(page, "paraspinal")] == ["paraspinal"]


def test_a_query_typed_with_format_characters_finds_the_plain_word(database, case_id, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Impression: " + " ".join(WORDS.values()) + ".\n", encoding="utf-8")
    assert import_files(database, case_id, [notes])[0].outcome is Outcome.IMPORTED
    for typed, plain in WORDS.items():
        assert [hit.document for hit in search_pages(database, case_id, typed)] == ["notes.txt"], plain


def test_the_normal_form_keeps_what_the_reviewer_reads():
    assert searchable("e\u0301pidural") == "\u00e9pidural"  # accents composed
    assert searchable("\ufb01brosis") == "fibrosis"  # a ligature is its letters
    assert searchable("L4\u2013L5, \u00bd tablet, 5 m\u00b2") == "L4\u2013L5, \u00bd tablet, 5 m\u00b2"
    assert searchable("line one\nline\ttwo") == "line one\nline\ttwo"
