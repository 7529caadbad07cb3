"""Exporting a case's letter to files, each written atomically."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from workbench.case import Case
from workbench.errors import WorkbenchError
from workbench.letters.document import LetterDocument, build_letter
from workbench.letters.docx_writer import write_docx
from workbench.letters.pdf_writer import write_pdf
from workbench.letters.text import write_text
from workbench.safe_files import atomic_write

WRITERS: dict[str, Callable[[LetterDocument], bytes]] = {
    "docx": write_docx,
    "pdf": write_pdf,
    "txt": write_text,
}


def export_letter(case: Case, targets: dict[str, Path],
                  documents_reviewed: Sequence[str] | None = None) -> list[Path]:
    """Write the letter in each requested format (``{"pdf": path, ...}``).

    Every file is rendered in memory first, so a failure in one format leaves
    no file of any format half-written.
    """
    letter = build_letter(case, documents_reviewed=documents_reviewed)
    rendered = {kind: WRITERS[kind](letter) for kind in targets}
    written = []
    for kind, path in targets.items():
        try:
            written.append(atomic_write(path, rendered[kind]))
        except OSError as error:
            raise WorkbenchError(f"Cannot write {path.name}: {error.strerror}") from None
    return written
