"""Record files: what kind a file is, and the case's own copy of it.

A file is recognised by its first bytes, not its name. The copy lives in the
case's folder under ``Database.files``, named by its SHA-256, owner-only and
written atomically; the hash is computed while the copy is written, so the
original is read once. An identical file added again finds its copy by hash.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from workbench.records import formats
from workbench.safe_files import OWNER_ONLY_FOLDER, atomic_store

CHUNK = 1024 * 1024
SUFFIXES = {"pdf": ".pdf", "docx": ".docx", "text": ".txt", "image": ".img", "rtf": ".rtf",
            "html": ".html"}
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF87a",
                b"GIF89a", b"BM")


class Refused(Exception):
    """A file the intake will not take; ``str()`` completes the sentence "<file name> ..."."""


@dataclass(frozen=True)
class StoredFile:
    path: Path
    sha256: str
    size: int
    media: str


def media_type(path: Path) -> str:
    """``pdf``, ``docx``, ``text``, ``image``, ``rtf`` or ``html``, judged by content;
    ``Refused`` otherwise (saying how to convert a format that cannot be read: ``formats``)."""
    try:
        if path.is_dir():
            raise Refused("is a folder, not a file")
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(65536)
    except FileNotFoundError:
        raise Refused("does not exist") from None
    except OSError as error:
        raise Refused(f"cannot be read ({error.strerror})") from None
    if size == 0:
        raise Refused("is empty (0 bytes)")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    try:
        kind = formats.recognise(path, head)
    except formats.Unreadable as unreadable:
        raise Refused(str(unreadable)) from None
    if kind:
        return kind
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if b"\x00" not in head[:8192] and _looks_like_text(head):
        return "text"
    raise Refused("is not a supported kind of file (PDF, DOCX, RTF, HTML, text or an image)")


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise Refused("is a damaged ZIP or DOCX file") from None
    if "word/document.xml" in names:
        return "docx"
    raise Refused(formats.zip_refusal(names))


def _looks_like_text(head: bytes) -> bool:
    sample = head[:8192]
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as error:
        if error.start > len(sample) - 4:  # a character cut by the sample's end
            return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f")
    return controls * 100 < len(sample)  # cp1252 text has letters, not control bytes


def case_folder(files: Path, case_id: int) -> Path:
    folder = files / "records" / f"case-{case_id}"
    folder.mkdir(mode=OWNER_ONLY_FOLDER, parents=True, exist_ok=True)
    for part in (files / "records", folder):
        os.chmod(part, OWNER_ONLY_FOLDER)
    return folder


def stored_path(folder: Path, sha256: str, media: str) -> Path:
    return folder / (sha256 + SUFFIXES[media])


def store_copy(path: Path, folder: Path, media: str) -> StoredFile:
    """Copy ``path`` into the case folder under its hash (kept once however often it is added)."""
    digest = hashlib.sha256()
    size = 0

    def chunks():
        nonlocal size
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                yield chunk

    try:
        stored = atomic_store(chunks(), folder, lambda: digest.hexdigest() + SUFFIXES[media])
    except OSError as error:
        raise Refused(f"could not be copied into the case ({error.strerror})") from None
    return StoredFile(stored, digest.hexdigest(), size, media)
