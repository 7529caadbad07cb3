"""Opening a PDF the reviewer gave us, with one readable line when it cannot be opened."""

from __future__ import annotations

from workbench.errors import UnreadableFile


def open_pdf(data: bytes, name: str, password: str | None = None):
    """A ``pypdfium2.PdfDocument``; the caller closes it. PDFium is imported only when needed."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise UnreadableFile(f"{name} is password-protected") from None
        raise UnreadableFile(f"{name} is not a readable PDF (damaged or not a PDF)") from None
