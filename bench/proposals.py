"""Reading proposals from IMR applications and UR determinations: how long ``propose`` takes.

Prints milliseconds per document (median and slowest) for the layouts in
tests/application_texts.py, and for the 90 published determinations in
../shared/real-letters read as UR letters (real text as PDFium extracts it,
two to five pages each). The window reads proposals again after every
records change and compares them with the case after every edit, so both
should stay far below a frame (16 ms).

    .venv/bin/python bench/proposals.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from application_texts import APPLICATIONS, UR_LETTERS, Packet  # noqa: E402

from workbench.case import Case  # noqa: E402
from workbench.proposals import compare  # noqa: E402
from workbench.records.kinds import DocumentKind  # noqa: E402
from workbench.records.proposals import SourceDocument, propose  # noqa: E402

REPEAT = 20


def timed(documents: list[SourceDocument]) -> list[float]:
    """Milliseconds to read each document, the best of REPEAT runs each."""
    times = []
    for document in documents:
        best = min(_once(document) for _ in range(REPEAT))
        times.append(best * 1000)
    return times


def _once(document: SourceDocument) -> float:
    start = time.perf_counter()
    propose([document])
    return time.perf_counter() - start


def report(name: str, times: list[float]) -> None:
    print(f"{name:<42} {len(times):>3} documents  median {statistics.median(times):6.2f} ms  "
          f"slowest {max(times):6.2f} ms")


def real_letters() -> list[SourceDocument]:
    import pypdfium2 as pdfium

    documents = []
    for path in sorted((ROOT.parent / "shared" / "real-letters").glob("*.pdf")):
        pdf = pdfium.PdfDocument(path)
        pages = [(n + 1, pdf[n].get_textpage().get_text_range()) for n in range(len(pdf))]
        pdf.close()
        documents.append(SourceDocument(DocumentKind.UR_DETERMINATION, 1, 1, pages))
    return documents


def main() -> None:
    packet = Packet()
    layouts = [SourceDocument(DocumentKind.IMR_APPLICATION, 1, 1,
                              list(enumerate(layout(packet), 1))) for layout in APPLICATIONS]
    layouts += [SourceDocument(DocumentKind.UR_DETERMINATION, 2, 2,
                               list(enumerate(layout(packet), 1))) for layout in UR_LETTERS]
    report("test layouts (applications, UR letters)", timed(layouts))
    letters = real_letters()
    if letters:
        report("published determinations as UR letters", timed(letters))
    proposals = propose(layouts)
    case = Case("MAXIMUS Federal Services", "MAXIMUS")
    kinds = {1: DocumentKind.IMR_APPLICATION, 2: DocumentKind.UR_DETERMINATION}
    start = time.perf_counter()
    for _ in range(1000):
        compare(case, proposals, {}, kinds)
    per = (time.perf_counter() - start)
    print(f"{'comparing with the case (after an edit)':<42} {len(proposals):>3} proposals   "
          f"{per:6.3f} ms each")


if __name__ == "__main__":
    main()
