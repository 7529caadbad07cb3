"""Which failed imports a password would open: PDFs and DOCX saved with one.

A reading process says so only in its one-line message (it reports nothing
else across the process boundary), and every such line ends the same way,
whether the file is a PDF (``reading``) or a DOCX (``docx_text``): without a
password it asks for one, with the wrong one it says the password does not
open it. The window uses this to ask for the password and import the file again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.records.intake import ImportResult

ASKS_FOR_PASSWORD = "give its password (--password)"
PASSWORD_REFUSED = "the password given does not open it"


def needs_password(result: ImportResult) -> bool:
    """The file failed only for want of its password (none given, or a wrong one)."""
    return result.outcome.value == "failed" and result.message.endswith(
        (ASKS_FOR_PASSWORD, PASSWORD_REFUSED))


def password_refused(result: ImportResult) -> bool:
    """A password was given, and it does not open the file."""
    return needs_password(result) and result.message.endswith(PASSWORD_REFUSED)
