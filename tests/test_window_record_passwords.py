"""The window asks for the password of records saved with one, and imports them with it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from record_files import KIND_SAMPLES, text_pdf
from test_records_formats import encrypted_docx
from workbench.records.search import search_pages


def test_password_prompt_imports_protected_docx_and_pdf(window, open_case, qtbot, tmp_path):
    view = window.workspace.records
    locked_docx = encrypted_docx(tmp_path / "locked.docx", "s3cret")
    locked_pdf = text_pdf(tmp_path / "locked.pdf", [KIND_SAMPLES["imaging"]], password="pdfpass")
    good = text_pdf(tmp_path / "good.pdf", [KIND_SAMPLES["operative"]])

    answers = ["guess", "s3cret", "pdfpass"]
    prompts: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if (isinstance(dialog, QInputDialog) and dialog.objectName() == "record_password"
                and dialog.isVisible() and answers):
            prompts.append(dialog.labelText())
            dialog.setTextValue(answers.pop(0))
            dialog.accept()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(50)
    try:
        task = view.add_records([locked_docx, good, locked_pdf])
        assert task is not None
        qtbot.waitUntil(lambda: not answers and not window.tasks.tasks
                        and view.documents.rowCount() == 3, timeout=120_000)
    finally:
        timer.stop()

    assert prompts == [
        "locked.docx, locked.pdf are password-protected.\nEnter their password to import them:",
        "The password given does not open locked.docx, locked.pdf.\nTry another password:",
        "The password given does not open locked.pdf.\nTry another password:",
    ]
    assert sorted(view.documents.rows[row].file_name for row in range(3)) == [
        "good.pdf", "locked.docx", "locked.pdf"]
    assert not view.notice_frame.isVisible()
    assert window.statusBar().currentMessage().startswith("Imported 1 of 1 files")
    hits = search_pages(window.database, open_case, '"Sealed findings"')
    assert [hit.document for hit in hits] == ["locked.docx"]
