"""Record files made for the tests and the benchmark: text and scanned PDFs, PNG scans, DOCX,
and the bad inputs the intake must refuse one by one."""

from __future__ import annotations

import io
import random
import textwrap
import zipfile
from pathlib import Path

from docx import Document
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

FONT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "LiberationSerif-Regular.ttf"

# One opening per document kind, as such records announce themselves.
KIND_SAMPLES = {
    "imr_application": """APPLICATION FOR INDEPENDENT MEDICAL REVIEW
DWC Form IMR
Date: 05/02/2015
The employee requests an independent medical review of the utilization review decision
dated 04/24/2015 regarding lumbar epidural steroid injection.""",
    "ur_determination": """NOTICE OF UTILIZATION REVIEW DETERMINATION
Date of Decision: 04/24/2015
Physician Reviewer: Alan Brooks, M.D.
The request for lumbar epidural steroid injection at L4-5 is non-certified as not medically
necessary under the MTUS Chronic Pain Medical Treatment Guidelines.""",
    "pr2": """PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)
Date of Service: 04/15/2015
Treating Physician: Maria Lopez, M.D.
SUBJECTIVE COMPLAINTS: Low back pain radiating to the left leg.
ASSESSMENT: Lumbar radiculopathy at L4-5.
WORK STATUS: Modified duty.""",
    "imaging": """MRI LUMBAR SPINE WITHOUT CONTRAST
Exam date: 03/02/2015
TECHNIQUE: Sagittal and axial T1 and T2 weighted images.
FINDINGS: Disc protrusion at L4-5 with moderate foraminal narrowing.
IMPRESSION: L4-5 disc protrusion contacting the left L5 nerve root.
Radiologist: Henry Park, M.D.""",
    "electrodiagnostic": """ELECTRODIAGNOSTIC CONSULTATION: EMG AND NERVE CONDUCTION STUDIES
Date of Study: 02/10/2015
Nerve conduction studies of the bilateral lower extremities show normal distal latencies.
Needle EMG shows chronic left L5 radiculopathy.
Interpreting Physician: Sara Kim, M.D.""",
    "operative": """OPERATIVE REPORT
Date of Surgery: 06/20/2014
PREOPERATIVE DIAGNOSIS: Right shoulder impingement.
POSTOPERATIVE DIAGNOSIS: Right shoulder impingement with partial rotator cuff tear.
PROCEDURE PERFORMED: Arthroscopic subacromial decompression.
ANESTHESIA: General. ESTIMATED BLOOD LOSS: Minimal.
Surgeon: David Chen, M.D.""",
    "therapy": """PHYSICAL THERAPY DAILY NOTE
Date of Service: 07/08/2014
Visit 6 of 12. Therapeutic exercise and manual therapy to the right shoulder.
Therapist: Laura Green, DPT""",
    "medical_legal": """AGREED MEDICAL EVALUATION
Date of Evaluation: 01/12/2016
Evaluator: Robert Hale, M.D.
The applicant has reached maximum medical improvement and is permanent and stationary.
Whole person impairment is discussed below, with apportionment.""",
    "medication": """PHARMACY MEDICATION PROFILE
Fill date: 03/30/2015
Tramadol 50 mg, quantity 60, days supply 30, refills 2. NDC 12345-678-90.
Prescriber: Maria Lopez, M.D.""",
    "correspondence": """Date: 08/03/2015
RE: Request for records
Dear Claims Adjuster,
Please find enclosed the requested records for your review.
Sincerely,
Nancy Wells, Case Manager""",
    "other": """Patient intake questionnaire
Please list your emergency contact and preferred language.""",
}
KIND_DATES = {
    "imr_application": "2015-05-02", "ur_determination": "2015-04-24", "pr2": "2015-04-15",
    "imaging": "2015-03-02", "electrodiagnostic": "2015-02-10", "operative": "2014-06-20",
    "therapy": "2014-07-08", "medical_legal": "2016-01-12", "medication": "2015-03-30",
    "correspondence": "2015-08-03", "other": None,
}

_WORDS = ("patient reports persistent lumbar pain radiating to the left leg with numbness "
          "examination reveals tenderness over the paraspinal muscles and limited range of "
          "motion straight leg raise positive at forty degrees motor strength preserved "
          "reflexes symmetric disc protrusion foraminal narrowing continue physical therapy "
          "ibuprofen tramadol follow up in four weeks work restrictions no lifting cervical "
          "spine shoulder impingement carpal tunnel gabapentin home exercise program").split()


def prose(rng: random.Random, characters: int) -> str:
    """Medical-record-like sentences (varied, not meaningful) of about ``characters``."""
    sentences, size = [], 0
    while size < characters:
        words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 18))]
        sentence = " ".join(words).capitalize() + "."
        sentences.append(sentence)
        size += len(sentence) + 1
    return " ".join(sentences)


def text_pdf(path: Path, pages: list[str], *, password: str | None = None) -> Path:
    """A PDF with a text layer: each page's text wrapped at 95 characters."""
    pdf = canvas.Canvas(str(path), pagesize=LETTER, encrypt=password)
    for page in pages:
        y = 750
        pdf.setFont("Helvetica", 9)
        for paragraph in page.split("\n"):
            for line in textwrap.wrap(paragraph, 95) or [""]:
                pdf.drawString(40, y, line)
                y -= 11
        pdf.showPage()
    pdf.save()
    return path


def page_image(text: str, size: tuple[int, int] = (1275, 1650), font_size: int = 34) -> Image.Image:
    """A clean 150-dpi page scan of ``text``, large enough for OCR."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), font_size)
    y = 80
    for paragraph in text.split("\n"):
        for line in textwrap.wrap(paragraph, 48) or [""]:
            draw.text((80, y), line, font=font, fill=0)
            y += int(font_size * 1.5)
    return image


def png_scan(path: Path, text: str) -> Path:
    page_image(text).save(path, format="PNG", dpi=(150, 150))
    return path


def scanned_pdf(path: Path, pages: list[str]) -> Path:
    """An image-only PDF: every page is a picture of text, with no text layer."""
    pdf = canvas.Canvas(str(path), pagesize=LETTER)
    width, height = LETTER
    for text in pages:
        buffer = io.BytesIO()
        page_image(text).save(buffer, format="PNG")
        buffer.seek(0)
        pdf.drawImage(ImageReader(buffer), 0, 0, width, height)
        pdf.showPage()
    pdf.save()
    return path


def turned_scanned_pdf(path: Path, pages: list[str], degrees: int) -> Path:
    """An image-only PDF of pages scanned ``degrees`` clockwise off upright (90: lying on its
    right side), each on a page of the turned picture's shape, as a scanner stores them."""
    pdf = canvas.Canvas(str(path), pagesize=LETTER)
    for text in pages:
        picture = page_image(text).rotate(-degrees, expand=True)  # Pillow turns anticlockwise
        width, height = (LETTER[1], LETTER[0]) if degrees % 180 else LETTER
        pdf.setPageSize((width, height))
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        buffer.seek(0)
        pdf.drawImage(ImageReader(buffer), 0, 0, width, height)
        pdf.showPage()
    pdf.save()
    return path


def docx_file(path: Path, pages: list[str]) -> Path:
    """A DOCX whose pages are separated by explicit page breaks."""
    document = Document()
    for index, page in enumerate(pages):
        if index:
            document.add_page_break()
        for paragraph in page.split("\n"):
            document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def _docx_with(path: Path, document_xml: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", document_xml)
    return path


def docx_zip_bomb(path: Path) -> Path:
    body = b"<w:t>" + b" " * (20 * 1024 * 1024) + b"</w:t>"
    return _docx_with(path, b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
                            b'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
                      + body + b"</w:r></w:p></w:body></w:document>")


def docx_external_entity(path: Path) -> Path:
    return _docx_with(path, b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM '
                            b'"file:///etc/passwd">]>\n<w:document xmlns:w="http://schemas.'
                            b'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
                            b"<w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>")


def bad_inputs(folder: Path) -> dict[str, Path]:
    """Every kind of bad file, by what is wrong with it."""
    folder.mkdir(parents=True, exist_ok=True)
    encrypted = text_pdf(folder / "locked.pdf", ["Date of Service: 01/05/2015\n" + "locked " * 40],
                         password="s3cret")
    good = text_pdf(folder / "whole.pdf", ["A complete page of text for truncation. " * 20] * 3)
    truncated = folder / "truncated.pdf"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 3])
    good.unlink()
    corrupt = folder / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n" + bytes(random.Random(3).randrange(256) for _ in range(4000)))
    empty = folder / "empty.pdf"
    empty.write_bytes(b"")
    unsupported = folder / "records.xls"
    unsupported.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00\x01\x02" * 500)
    unreadable = folder / "scan.png"
    unreadable.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\xff" * 300)
    return {
        "encrypted": encrypted, "truncated": truncated, "corrupt": corrupt, "empty": empty,
        "unsupported": unsupported, "unreadable image": unreadable,
        "zip bomb": docx_zip_bomb(folder / "bomb.docx"),
        "external entity": docx_external_entity(folder / "entity.docx"),
    }
