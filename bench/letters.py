"""Letter engine speed: median time of 20 in-process exports (DOCX, PDF) and of one import.

Prints our figures and, measured in the same run, what bare python-docx and bare
reportlab take to build a letter of the same text, so the figures read as ratios.
Target on the reference machine: DOCX + PDF under 50 ms together.

    .venv/bin/python bench/letters.py [LETTER]
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from workbench.letters.document import build_letter  # noqa: E402
from workbench.letters.docx_writer import write_docx  # noqa: E402
from workbench.letters.pdf_writer import write_pdf  # noqa: E402
from workbench.letters.reader import read_letter  # noqa: E402
from workbench.letters.text import render_text  # noqa: E402

RUNS = 20
DEFAULT_LETTER = ROOT.parent / "shared" / "seeds" / "002_1370ebbe0db9466e.txt"


def median_ms(action, runs: int = RUNS) -> float:
    action()  # warm caches (fonts, templates) as a running program would have them
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bare_docx(paragraphs: list[str]) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bare_pdf(paragraphs: list[str]) -> bytes:
    style = getSampleStyleSheet()["Normal"]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([Paragraph(text, style) for text in paragraphs])
    return buffer.getvalue()


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_LETTER
    case = read_letter(source).case
    case.case_number = "CM15-0000001"
    letter = build_letter(case)
    paragraphs = [p for p in render_text(letter).split("\n\n") if p.strip()]
    with tempfile.TemporaryDirectory() as folder:
        exported = Path(folder) / "letter.pdf"
        exported.write_bytes(write_pdf(letter))

        docx_ms = median_ms(lambda: write_docx(build_letter(case)))
        pdf_ms = median_ms(lambda: write_pdf(build_letter(case)))
        import_txt_ms = median_ms(lambda: read_letter(source))
        import_pdf_ms = median_ms(lambda: read_letter(exported))
    bare_docx_ms = median_ms(lambda: bare_docx(paragraphs))
    bare_pdf_ms = median_ms(lambda: bare_pdf(paragraphs))

    print(f"letter: {source.name}, {len(paragraphs)} paragraphs, {len(case.items)} items")
    print(f"export DOCX      {docx_ms:7.1f} ms   bare python-docx {bare_docx_ms:6.1f} ms"
          f"   ratio {docx_ms / bare_docx_ms:4.2f}")
    print(f"export PDF       {pdf_ms:7.1f} ms   bare reportlab   {bare_pdf_ms:6.1f} ms"
          f"   ratio {pdf_ms / bare_pdf_ms:4.2f}")
    total = docx_ms + pdf_ms
    print(f"DOCX + PDF       {total:7.1f} ms   target < 50 ms: {'met' if total < 50 else 'MISSED'}")
    print(f"import TXT       {import_txt_ms:7.1f} ms")
    print(f"import PDF       {import_pdf_ms:7.1f} ms")


if __name__ == "__main__":
    main()
