"""Dragging a library entry onto a citation list: the entry travels as its key."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

ENTRY_MIME = "application/x-imr-library-entry"


def entry_mime_data(entry_key: str) -> QMimeData:
    data = QMimeData()
    data.setData(ENTRY_MIME, entry_key.encode("utf-8"))
    data.setText(entry_key)
    return data


def entry_key_from(data: QMimeData) -> str | None:
    if not data.hasFormat(ENTRY_MIME):
        return None
    key = bytes(data.data(ENTRY_MIME)).decode("utf-8", "replace").strip()
    return key or None
