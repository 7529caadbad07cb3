"""Word-processor and other record formats: DOCX text boxes, headers, footers and notes;
password-protected DOCX; RTF and HTML records; formats that must be converted first.

Every file is generated here: python-docx makes the documents and their headers, the parts
python-docx cannot write (text boxes in Word's modern and legacy forms, footnotes, endnotes)
are written into the package as Word writes them, msoffcrypto-tool encrypts, and a Word
97-2003 file is an OLE compound file built byte by byte with a ``WordDocument`` stream.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_SECTION

from record_files import KIND_SAMPLES, text_pdf
from workbench.records.docx_text import docx_pages
from workbench.records.documents import list_documents
from workbench.records.files import Refused, media_type
from workbench.records.intake import Outcome, import_files
from workbench.records.kinds import DocumentKind
from workbench.records.search import search_pages

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADER = "PR-2 Progress Report 03/14/2024"
FOOTER = "Valley Spine Clinic, 100 Main Street"
BOX = "Work status: modified duty, no lifting over 10 pounds"
FOOTNOTE = "Gabapentin titrated per prior agreement"
ENDNOTE = "Transcribed from dictation by the clinic"
SECOND_HEADER = "Addendum section header"


# -- generated files ---------------------------------------------------------------


def _text_box_run(text: str) -> str:
    """A run holding a text box as Word 2010+ saves it: DrawingML in mc:Choice, the same box
    again as VML in mc:Fallback."""
    content = (f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>')
    return (
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-'
        'compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
        'wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        ' xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor behindDoc="0" distT="0" distB="0" '
        'distL="0" distR="0" simplePos="0" relativeHeight="1" locked="0" layoutInCell="1" '
        'allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:extent cx="2000000" cy="500000"/>'
        '<wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData uri="http://schemas.'
        'microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
        f'{content}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
        '</w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict><v:shape id="Text Box 1" style="width:160pt;height:40pt">'
        f'<v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>'
        '</mc:AlternateContent></w:r>')


def _notes_part(tag: str, text: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{tag}s xmlns:w="{W_NS}">'
            f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
            f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
            f'</w:r></w:p></w:{tag}>'
            f'<w:{tag} w:id="1"><w:p><w:r><w:{tag}Ref/></w:r><w:r><w:t xml:space="preserve"> '
            f'{text}</w:t></w:r></w:p></w:{tag}></w:{tag}s>')


def clinic_note(path: Path) -> Path:
    """A PR-2 whose kind and date stand only in the header: two pages in a first section (a
    page break), a text box anchored to a paragraph, a footnote and an endnote, and a second
    section with a header of its own."""
    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    section.footer.paragraphs[0].text = FOOTER
    document.add_paragraph("SUBJECTIVE COMPLAINTS: Low back pain radiating to the left leg.")
    document.add_paragraph("ANCHOR PARAGRAPH about paraspinal tenderness.")
    document.add_page_break()
    document.add_paragraph("PLAN: continue home exercise program. CITING FOOTNOTE")
    document.add_paragraph("Follow up in four weeks. CITING ENDNOTE")
    second = document.add_section(WD_SECTION.NEW_PAGE)
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = SECOND_HEADER
    document.add_paragraph("Addendum: no change in medications.")
    buffer = io.BytesIO()
    document.save(buffer)

    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    body = parts["word/document.xml"].decode("utf-8")
    body = body.replace("about paraspinal tenderness.</w:t></w:r>",
                        "about paraspinal tenderness.</w:t></w:r>" + _text_box_run(BOX), 1)
    body = body.replace("CITING FOOTNOTE</w:t></w:r>",
                        'CITING FOOTNOTE</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>', 1)
    body = body.replace("CITING ENDNOTE</w:t></w:r>",
                        'CITING ENDNOTE</w:t></w:r><w:r><w:endnoteReference w:id="1"/></w:r>', 1)
    assert body.count("mc:Fallback") == 2 and "footnoteReference" in body
    parts["word/document.xml"] = body.encode("utf-8")
    parts["word/footnotes.xml"] = _notes_part("footnote", FOOTNOTE).encode("utf-8")
    parts["word/endnotes.xml"] = _notes_part("endnote", ENDNOTE).encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = rels.replace("</Relationships>",
                        f'<Relationship Id="rIdFoot" Type="{office}/footnotes" '
                        'Target="footnotes.xml"/>'
                        f'<Relationship Id="rIdEnd" Type="{office}/endnotes" '
                        'Target="endnotes.xml"/></Relationships>')
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    types = types.replace("</Types>",
                          f'<Override PartName="/word/footnotes.xml" ContentType="{main}.'
                          'footnotes+xml"/><Override PartName="/word/endnotes.xml" '
                          f'ContentType="{main}.endnotes+xml"/></Types>')
    parts["[Content_Types].xml"] = types.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def encrypted_docx(path: Path, password: str) -> Path:
    """A DOCX saved with a password, encrypted as Office does (ECMA-376 agile)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    document = Document()
    for line in KIND_SAMPLES["pr2"].split("\n"):
        document.add_paragraph(line)
    document.add_paragraph("Sealed findings: foraminal stenosis at L4-5.")
    plain = io.BytesIO()
    document.save(plain)
    plain.seek(0)
    with path.open("wb") as out:
        OOXMLFile(plain).encrypt(password, out)
    return path


def word_97_document(path: Path) -> Path:
    """An OLE compound file (version 3, 512-byte sectors) holding a ``WordDocument`` stream,
    which is what makes a file a Word 97-2003 document."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    stream = (b"\xec\xa5" + b"\x00" * 4094)  # the FIB's magic number, then nothing
    stream_sectors = len(stream) // 512
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x00" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\x00" * 6,
        0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    fat = [fat_sector, end] + [3 + i for i in range(stream_sectors - 1)] + [end]
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le") if name else b""
        return struct.pack("<64sHBBIII16sIQQII", encoded, len(encoded), kind, 1, free, free,
                           child, b"\x00" * 16, 0, 0, 0, start, size) + b"\x00" * 4

    directory = (entry("Root Entry", 5, 1, end, 0) + entry("WordDocument", 2, free, 2, len(stream))
                 + entry("", 0, free, free, 0) * 2)
    path.write_bytes(header + struct.pack("<128I", *fat) + directory + stream)
    return path


# -- DOCX: text boxes, headers, footers, notes --------------------------------------


def test_docx_text_boxes_headers_footers_and_notes_are_read_once_each(tmp_path):
    pages = docx_pages(clinic_note(tmp_path / "note.docx"))
    text = "\n".join(pages)
    for part in (HEADER, FOOTER, BOX, FOOTNOTE, ENDNOTE, SECOND_HEADER):
        assert text.count(part) == 1, part
    # the text box stands on its own line, after the paragraph it is anchored to
    lines = text.split("\n")
    anchor = lines.index("ANCHOR PARAGRAPH about paraspinal tenderness.")
    assert lines[anchor + 1] == BOX
    # a section's header opens its first page, its footer closes its last page
    assert len(pages) == 3
    assert pages[0].startswith(HEADER) and FOOTER not in pages[0]
    assert pages[1].endswith(FOOTER)
    assert pages[2].startswith(SECOND_HEADER)
    # a footnote follows the paragraph citing it; endnotes close the document's text
    assert "PLAN: continue home exercise program. CITING FOOTNOTE[1]\n[1] " + FOOTNOTE in pages[1]
    assert "CITING ENDNOTE[i]" in pages[1]
    assert pages[2].split("\n")[-1] == "[i] " + ENDNOTE


def test_a_pr2_dated_only_in_its_header_imports_as_a_pr2_of_that_date(
        database, case_id, tmp_path):
    note = clinic_note(tmp_path / "note.docx")
    [result] = import_files(database, case_id, [note])
    assert result.outcome is Outcome.IMPORTED, result.line
    [document] = list_documents(database, case_id)
    assert document.kind is DocumentKind.PR2
    assert document.service_date == dt.date(2024, 3, 14)
    hits = search_pages(database, case_id, '"modified duty"')
    assert [(hit.document, hit.page) for hit in hits] == [("note.docx", 1)]


# -- password-protected DOCX ---------------------------------------------------------


def test_password_protected_docx_is_recognised_and_read_in_memory(tmp_path):
    locked = encrypted_docx(tmp_path / "locked.docx", "s3cret")
    assert locked.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    assert media_type(locked) == "docx"
    assert "Sealed findings" in docx_pages(locked, "s3cret")[0]


def test_password_protected_docx_imports_with_its_password_from_the_command_line(
        cli, tmp_path):
    from test_records_cli import make_case

    case_id = make_case(cli)
    locked = encrypted_docx(tmp_path / "locked.docx", "s3cret")
    good = text_pdf(tmp_path / "good.pdf", [KIND_SAMPLES["operative"]])

    without = cli("records", "import", case_id, str(locked), str(good))
    assert without.code == 2
    assert without.out.strip() == "imported: good.pdf (1 page, Operative Report, 06/20/2014)"
    assert without.err.strip() == (
        "failed: locked.docx is a password-protected DOCX: give its password (--password)")

    wrong = cli("records", "import", case_id, str(locked), "--password", "guess")
    assert wrong.code == 2 and wrong.err.strip() == (
        "failed: locked.docx is a password-protected DOCX, and the password given does not "
        "open it")

    right = cli("records", "import", case_id, str(locked), "--password", "s3cret")
    assert right.code == 0, right.err
    assert right.out.strip() == "imported: locked.docx (1 page, PR-2, 04/15/2015)"
    hits = cli("records", "search", case_id, "foraminal stenosis", "--json")
    assert '"locked.docx"' in hits.out


# -- RTF, HTML, and formats to convert ------------------------------------------------


RTF = (rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times New Roman;}}"
       rb"{\colortbl;\red0\green0\blue0;}"
       rb"\f0\fs24 PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)\par "
       rb"Date of Service: 04/15/2015\par "
       rb"Treating Physician: Mar\'eda Lopez, M.D.\par "
       rb"ASSESSMENT: Lumbar radic\-ulopathy at L4-5 with {\b paraspinal} spasm.\par "
       rb"\page Second page: epidural steroid injection requested.\par }")

HTML = b"""<!DOCTYPE html>
<html><head><title>Patient Portal - Visit Summary</title>
<style>body { font-family: sans-serif } .hidden-style-word {}</style>
<script>var trackingScriptWord = "should never be read";</script></head>
<body><h1>MRI LUMBAR SPINE WITHOUT CONTRAST</h1>
<p>Exam date: 03/02/2015</p>
<table><tr><th>Level</th><th>Finding</th></tr>
<tr><td>L4-5</td><td>Disc protrusion with moderate foraminal narrowing</td></tr></table>
<p>IMPRESSION: L4-5 disc protrusion contacting the left L5 nerve root.<br>Radiologist:
Henry Park, M.D.</p><noscript>Enable JavaScript noscriptword</noscript></body></html>"""


def test_rtf_and_html_records_import_with_their_text_searchable(database, case_id, tmp_path):
    rtf = tmp_path / "dictation.rtf"
    rtf.write_bytes(RTF)
    html = tmp_path / "portal.html"
    html.write_bytes(HTML)
    assert (media_type(rtf), media_type(html)) == ("rtf", "html")

    results = import_files(database, case_id, [rtf, html])
    assert [r.outcome for r in results] == [Outcome.IMPORTED] * 2, [r.line for r in results]
    documents = {d.file_name: d for d in list_documents(database, case_id)}
    assert documents["dictation.rtf"].kind is DocumentKind.PR2
    assert documents["dictation.rtf"].page_count == 2
    from workbench.records.markup_text import rtf_text

    dictated = rtf_text(RTF)  # the code page's letters and the optional hyphen as Word shows them
    assert "Treating Physician: María Lopez, M.D." in dictated and "radiculopathy" in dictated
    assert documents["portal.html"].kind is DocumentKind.IMAGING
    assert documents["portal.html"].service_date == dt.date(2015, 3, 2)

    def found(query: str) -> set[tuple[str, int]]:
        return {(hit.document, hit.page) for hit in search_pages(database, case_id, query)}

    assert found("radiculopathy paraspinal") == {("dictation.rtf", 1)}
    assert found("epidural") == {("dictation.rtf", 2)}
    assert found('"moderate foraminal narrowing"') == {("portal.html", 1)}
    assert found("Henry") == {("portal.html", 1)}
    for hidden in ("trackingScriptWord", "noscriptword", "sans", "font"):
        assert found(hidden) == set(), hidden


def test_html_text_keeps_lines_and_table_cells():
    from workbench.records.markup_text import html_text

    text = html_text(HTML)
    assert "L4-5\tDisc protrusion with moderate foraminal narrowing" in text.split("\n")
    assert "IMPRESSION: L4-5 disc protrusion contacting the left L5 nerve root." in text
    assert not re.search("script|should never", text)


def test_a_word_97_document_fails_alone_with_how_to_convert_it(database, case_id, tmp_path):
    import olefile

    doc = word_97_document(tmp_path / "old note.doc")
    with olefile.OleFileIO(str(doc)) as ole:  # a compound file other readers open too
        assert ole.exists("WordDocument")
    renamed = tmp_path / "letter.bin"
    renamed.write_bytes(doc.read_bytes())
    junk = tmp_path / "broken.doc"
    junk.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x07" * 3000)
    good = text_pdf(tmp_path / "good.pdf", [KIND_SAMPLES["pr2"]])

    results = import_files(database, case_id, [doc, renamed, junk, good])
    advice = ("is a Word 97-2003 document (.doc), which cannot be read here; save it as DOCX "
              "or PDF and add it again")
    assert [r.line for r in results[:3]] == [
        f"failed: old note.doc {advice}", f"failed: letter.bin {advice}",
        f"failed: broken.doc {advice}"]
    assert results[3].outcome is Outcome.IMPORTED
    assert [d.file_name for d in list_documents(database, case_id)] == ["good.pdf"]


@pytest.mark.parametrize("members, words", [
    ({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"},
     "OpenDocument file (.odt), which cannot be read here; save it as DOCX or PDF"),
    ({"xl/workbook.xml": "<x/>"}, "Excel workbook (.xlsx)"),
])
def test_other_office_packages_say_how_to_convert_them(tmp_path, members, words):
    package = tmp_path / "record.zip"
    with zipfile.ZipFile(package, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(Refused, match=re.escape(words)):
        media_type(package)


def test_a_password_is_never_needed_for_an_ordinary_docx(tmp_path):
    note = clinic_note(tmp_path / "note.docx")
    assert docx_pages(note, "unused") == docx_pages(note)
