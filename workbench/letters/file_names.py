"""The file name a letter is exported under."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
TITLE = "Final Determination"


def export_file_name(case_number: str | None, extension: str) -> str:
    """``CM26-0001234 Final Determination.pdf``: safe on Windows, macOS and Linux alike."""
    number = _UNSAFE.sub("-", " ".join((case_number or "").split())).strip(" .-")
    stem = f"{number} {TITLE}" if number else TITLE
    return f"{stem}.{extension.lstrip('.')}"
