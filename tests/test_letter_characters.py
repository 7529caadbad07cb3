"""Control characters pasted from other programs never enter a case nor reach a writer."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
from conftest import SEED_FILES
from docx import Document

from workbench.case import Case, Decision, Item
from workbench.characters import clean_case, xml_safe
from workbench.letters.export import export_letter
from workbench.library.exchange import read_library_file

CONTROLS = "\x07\x1b\x01\x08"  # BEL, ESC, SOH, BS: what text copied from a terminal or fax tool carries


def has_controls(text: str) -> bool:
    return any(char in text for char in CONTROLS)


def letter_with_controls(tmp_path: Path) -> Path:
    text = SEED_FILES[-1].read_text(encoding="utf-8")
    text = text.replace("This is a 58 year old", "This is a\x07 58 year\x1b old", 1)
    text = text.replace("slip and fall", "slip\x01 and\x08 fall", 1)
    assert text.count("\x07") == 1 and text.count("\x01") == 1
    path = tmp_path / "pasted.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_letter_with_control_characters_imports_and_exports_every_format(cli, tmp_path):
    imported = cli("letter", "import", str(letter_with_controls(tmp_path)), "--json")
    assert imported.code == 0, imported.err
    case = json.loads(imported.out)
    assert not has_controls(json.dumps(case, ensure_ascii=False))
    summary = " ".join(case["summary"])
    assert "This is a 58 year old" in summary and "slip and fall" in summary
    out = tmp_path / "out"
    exported = cli("letter", "export", str(case["case_id"]), "--pdf", str(out / "l.pdf"),
                   "--docx", str(out / "l.docx"), "--txt", str(out / "l.txt"))
    assert exported.code == 0, exported.err
    text = (out / "l.txt").read_text(encoding="utf-8")
    docx = "\n".join(p.text for p in Document(str(out / "l.docx")).paragraphs)
    pdf = pdfium.PdfDocument(str(out / "l.pdf"))
    pdf_text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    for written in (text, docx, pdf_text):
        assert not has_controls(written)
        assert "This is a 58 year old" in " ".join(written.split())


def test_the_writers_drop_control_characters_that_reach_them(tmp_path):
    """Defence in depth: a case that never passed a cleaning step still exports."""
    case = Case("MAXIMUS Federal\x1b Services", "MAXIMUS", case_number="CM15-0001",
                summary=["Pasted\x07 text\x0bwith a vertical tab."],
                items=[Item("MRI\x08 lumbar", Decision.UPHELD, rationale=["Because\x01."])])
    paths = export_letter(case, {"pdf": tmp_path / "l.pdf", "docx": tmp_path / "l.docx",
                                 "txt": tmp_path / "l.txt"})
    assert all(path.stat().st_size > 0 for path in paths)
    text = (tmp_path / "l.txt").read_text(encoding="utf-8")
    assert not has_controls(text) and "Pasted text with a vertical tab." in text
    assert "\x1b" in case.organization  # the writers leave the case as it is


def test_cleaning_a_case_reaches_every_string():
    case = Case("Org\x07", "O", summary=["a\x1bb"], summary_form={"age": "5\x018", "n": 3},
                items=[Item("X\x08", Decision.UPHELD, rationale=["r\x07"])])
    assert clean_case(case) is case
    assert (case.organization, case.summary, case.summary_form, case.items[0].description,
            case.items[0].rationale) == ("Org", ["ab"], {"age": "58", "n": 3}, "X", ["r"])
    assert xml_safe("tab\there\nline\r\n") == "tab\there\nline\r\n"
    assert xml_safe("page\x0cbreak") == "page break"


def test_a_library_file_with_control_characters_imports_clean(tmp_path):
    source = {"key": "acoem-x", "title": "ACOEM\x07 Guidelines", "short_title": "ACOEM",
              "citation_title": "ACOEM\x1b Practice Guidelines", "mtus": True, "tier": 1}
    entry = {"key": "acoem-x.mri", "source": "acoem-x", "topic": "MRI\x08 of the spine",
             "summary": "Imaging\x01 for red flags.", "keywords": ["mri\x07", "imaging"]}
    snippet = {"key": "s1", "title": "Red\x1b flags", "text": "No red\x07 flags.",
               "entries": ["acoem-x.mri"]}
    path = tmp_path / "library.json"
    path.write_text(json.dumps({"sources": [source], "entries": [entry], "snippets": [snippet]}),
                    encoding="utf-8")
    data = read_library_file(path)
    assert data.sources[0].title == "ACOEM Guidelines"
    assert data.entries[0].topic == "MRI of the spine" and data.entries[0].keywords == ["mri",
                                                                                           "imaging"]
    assert data.snippets[0].text == "No red flags."
    from workbench.library.exchange import library_file_text
    csv_path = tmp_path / "library.csv"
    csv_text = library_file_text(data, csv_path).replace("No red flags.", "No red\x07 flags.")
    csv_path.write_text(csv_text.replace("MRI of the spine", "MRI\x1b of the spine"),
                        encoding="utf-8")
    from_csv = read_library_file(csv_path)
    assert from_csv.snippets[0].text == "No red flags."
    assert from_csv.entries[0].topic == "MRI of the spine"


def test_text_pasted_into_the_window_loses_its_control_characters(window, open_case, qtbot,
                                                                  tmp_path):
    from PySide6.QtWidgets import QApplication

    narrative = window.workspace.summary.narrative
    narrative.setFocus()
    QApplication.clipboard().setText("Pasted\x07 from the\x1b fax\x01 viewer\x08 today.")
    narrative.paste()
    assert window.editor.flush()
    assert window.store.get(open_case).summary == ["Pasted from the fax viewer today."]
    exported = export_letter(window.store.get(open_case), {"docx": tmp_path / "l.docx"})
    assert "Pasted from the fax viewer today." in "\n".join(
        p.text for p in Document(str(exported[0])).paragraphs)

