"""Exporting a case's letter to files that change together.

The formats of one export (DOCX, PDF, TXT) are a set: a reviewer who sends
the PDF and keeps the DOCX must never find them from two different versions
of the letter. Every format is rendered in memory first (a failure in one
writes nothing), then ``safe_files.write_together`` commits the files of each
folder as one, after finishing or undoing any export that was interrupted
there before (``recover_exports``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from workbench.case import Case
from workbench.errors import WorkbenchError
from workbench.letters.document import LetterDocument, build_letter
from workbench.letters.docx_writer import write_docx
from workbench.letters.pdf_writer import write_pdf
from workbench.letters.template import Template
from workbench.letters.text import write_text
from workbench.safe_files import Recovery, recover_set, write_together

WRITERS: dict[str, Callable[[LetterDocument], bytes]] = {
    "docx": write_docx,
    "pdf": write_pdf,
    "txt": write_text,
}


def export_letter(case: Case, targets: dict[str, Path],
                  documents_reviewed: Sequence[str] | None = None,
                  template: Template | None = None) -> list[Path]:
    """Write the letter in each requested format (``{"pdf": path, ...}``), all or none.

    ``template`` defaults to the shipped letter template (its wording, labels and logo).

    Returns the written paths in the order of ``targets``. Raises
    ``WorkbenchError`` (one line naming the file) when a file cannot be
    written, leaving the earlier files as they were, or when two formats are
    given the same path.
    """
    paths = {kind: Path(path).absolute() for kind, path in targets.items()}
    if len(set(paths.values())) < len(paths):
        raise WorkbenchError("Give each format of the letter its own file name")
    letter = build_letter(case, template, documents_reviewed=documents_reviewed)
    rendered = {paths[kind]: WRITERS[kind](letter) for kind in targets}
    write_together(rendered)
    return [Path(path) for path in targets.values()]


def recover_exports(folder: Path) -> Recovery:
    """Finish or undo an export into ``folder`` that a kill or power cut interrupted.

    Every export runs this first for its folders; call it alone to tidy a
    folder now. Afterwards the letter files there are all from the old export
    or all from the new one, and no temporary file is left. Returns what was
    done (``Recovery(finished, removed)``); raises ``WorkbenchError`` when a
    file cannot be renamed or removed.
    """
    return recover_set(Path(folder))
