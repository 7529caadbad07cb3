"""Reading and writing the 90 published letters: how long each step takes per letter.

Prints the median and 95th percentile, over the letters in ../shared/real-letters, of
reading each letter from its PDF and from the text pdftotext and PDFium give, and of
writing its letter as PDF, DOCX and TXT; and the whole import-export-compare pass the
round-trip test makes. Needs the shared folder (not the product).

    .venv/bin/python bench/real_letters.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from workbench.letters.document import build_letter  # noqa: E402
from workbench.letters.docx_writer import write_docx  # noqa: E402
from workbench.letters.export import export_letter  # noqa: E402
from workbench.letters.pdf_writer import write_pdf  # noqa: E402
from workbench.letters.reader import parse_letter, read_letter  # noqa: E402
from workbench.letters.sources import plain_text  # noqa: E402
from workbench.letters.text import write_text  # noqa: E402

LETTERS = sorted((ROOT.parent / "shared" / "real-letters").glob("*.pdf"))


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def summary(label: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(f"{label:<34} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms")


def pdfium_text(path: Path) -> str:
    document = pdfium.PdfDocument(str(path))
    pages = [page.get_textpage().get_text_range() for page in document]
    document.close()
    return "\n".join(f"# Page {n}\n{page}\n" for n, page in enumerate(pages, start=1))


def main() -> None:
    if not LETTERS:
        sys.exit("No letters in ../shared/real-letters")
    texts = {
        "pdftotext": lambda p: subprocess.run(["pdftotext", str(p), "-"], capture_output=True,
                                              check=True).stdout.decode(),
        "pdftotext -layout": lambda p: subprocess.run(
            ["pdftotext", "-layout", str(p), "-"], capture_output=True, check=True
        ).stdout.decode(),
        "PDFium text": pdfium_text,
        "PDFium text, line breaks lost": lambda p: pdfium_text(p).replace("\r\n", ""),
    }
    cases = {path: read_letter(path).case for path in LETTERS}  # warm: fonts, templates
    summary("read the PDF", [timed(lambda p=p: read_letter(p)) for p in LETTERS])
    for label, extract in texts.items():
        extracted = {p: extract(p) for p in LETTERS}
        summary(f"read {label}", [timed(lambda t=t: parse_letter(plain_text(t)))
                                  for t in extracted.values()])
    letters = {p: build_letter(case) for p, case in cases.items()}
    for label, write in (("write PDF", write_pdf), ("write DOCX", write_docx),
                         ("write TXT", write_text)):
        summary(label, [timed(lambda d=d: write(d)) for d in letters.values()])
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        for path, case in cases.items():
            targets = {kind: Path(folder) / f"{path.stem}.{kind}"
                       for kind in ("pdf", "docx", "txt")}
            for written in export_letter(case, targets):
                read_letter(written)
        total = time.perf_counter() - start
    print(f"export all three and read them back, all {len(LETTERS)} letters: {total:.1f} s")


if __name__ == "__main__":
    main()
