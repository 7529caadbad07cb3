"""Record formats beyond PDF, DOCX, text and images: read them, or say how to convert them.

Records arrive as what other systems export: RTF from dictation, HTML from
patient portals, password-protected DOCX, and formats the workbench cannot
read (Word 97-2003, Excel, OpenDocument, Outlook messages, HEIC photos). The
first three are read (``markup_text``, ``docx_text``); the others are refused
with one line that names the format and how to save it as something the
workbench reads, so the reviewer knows what to do instead of "not supported".

Office 97-2003 files and encrypted Office files are both OLE compound files;
their stream names tell them apart (read with olefile, which msoffcrypto-tool
brings and uses). A file whose streams cannot be listed is judged by its name.
"""

from __future__ import annotations

import re
from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)


def _convert(what: str, into: str = "DOCX or PDF") -> str:
    return f"is {what}, which cannot be read here; save it as {into} and add it again"


WORD_97 = _convert("a Word 97-2003 document (.doc)")
EXCEL_97 = _convert("an Excel 97-2003 workbook (.xls)", "PDF")
POWERPOINT_97 = _convert("a PowerPoint 97-2003 presentation (.ppt)", "PDF")
OUTLOOK = _convert("an Outlook message (.msg)", "PDF (or save its attachments)")
_BY_SUFFIX = {".doc": WORD_97, ".dot": WORD_97, ".xls": EXCEL_97, ".ppt": POWERPOINT_97,
              ".msg": OUTLOOK}
_ENCRYPTED_NOT_DOCX = {".xlsx", ".xlsm", ".xlsb", ".pptx", ".pptm"}
# ZIP packages other than DOCX, by a member only they have.
_ZIP_KINDS = (
    ("xl/workbook.xml", _convert("an Excel workbook (.xlsx)", "PDF")),
    ("ppt/presentation.xml", _convert("a PowerPoint presentation (.pptx)", "PDF")),
    ("content.xml", _convert("an OpenDocument file (.odt)")),
    ("index.xml", _convert("a Pages document", "DOCX or PDF (File > Export To)")),
)


class Unreadable(Exception):
    """A known format the workbench cannot read; ``str()`` completes "<file name> ..."."""


def recognise(path: Path, head: bytes) -> str | None:
    """``rtf``, ``html`` or ``docx`` (a password-protected one) from the first bytes;
    ``Unreadable`` for a known format that must be converted; None for anything else."""
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(OLE_MAGIC):
        return _ole_kind(path)
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc", b"ftypmsf1"):
        raise Unreadable(_convert("a HEIC photo", "JPEG or PNG"))
    if head.startswith(b"\xffWPC"):
        raise Unreadable(_convert("a WordPerfect document"))
    if _HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")[:4096]):
        return "html"
    return None


def zip_refusal(names: set[str]) -> str:
    """What to say of a ZIP archive that is no DOCX."""
    for member, message in _ZIP_KINDS:
        if member in names:
            return message
    return "is a ZIP archive, not a DOCX"


def _ole_kind(path: Path) -> str | None:
    streams = _streams(path)
    if {"encryptioninfo", "encryptedpackage"} <= streams:
        if path.suffix.lower() in _ENCRYPTED_NOT_DOCX:
            raise Unreadable(_convert("a password-protected Excel or PowerPoint file",
                                      "PDF without a password"))
        return "docx"
    if "worddocument" in streams:
        raise Unreadable(WORD_97)
    if "workbook" in streams or "book" in streams:
        raise Unreadable(EXCEL_97)
    if "powerpoint document" in streams:
        raise Unreadable(POWERPOINT_97)
    if any(name.startswith("__substg1.0_") for name in streams):
        raise Unreadable(OUTLOOK)
    if path.suffix.lower() in _BY_SUFFIX:
        raise Unreadable(_BY_SUFFIX[path.suffix.lower()])
    return None  # an OLE file of another kind: not supported


def _streams(path: Path) -> set[str]:
    """Lower-cased names of the OLE file's top-level streams; empty when it cannot be listed."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            return {entry[0].lower() for entry in ole.listdir(streams=True, storages=True)
                    if entry}
    except Exception:  # a damaged or hostile compound file: judged by its name instead
        return set()
