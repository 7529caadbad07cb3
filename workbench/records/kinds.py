"""The vocabularies of the records: document kinds, where a page's text came from, import states.

Kept apart from everything else so the database models can use them without
importing any of the records machinery.
"""

from __future__ import annotations

from enum import Enum


class DocumentKind(str, Enum):
    """What a document in the case file is; the label is how citations and lists name it."""

    IMR_APPLICATION = "imr_application"
    UR_DETERMINATION = "ur_determination"
    PR2 = "pr2"
    IMAGING = "imaging"
    ELECTRODIAGNOSTIC = "electrodiagnostic"
    OPERATIVE = "operative"
    THERAPY = "therapy"
    MEDICAL_LEGAL = "medical_legal"
    MEDICATION = "medication"
    CORRESPONDENCE = "correspondence"
    FAX_COVER = "fax_cover"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def from_text(cls, text: str) -> DocumentKind:
        """A kind from its value or its label, as a reviewer types either."""
        wanted = " ".join(text.split()).casefold()
        for kind in cls:
            if wanted in (kind.value, kind.label.casefold()):
                return kind
        raise ValueError(text)


_LABELS = {
    DocumentKind.IMR_APPLICATION: "IMR Application",
    DocumentKind.UR_DETERMINATION: "UR Determination",
    DocumentKind.PR2: "PR-2",
    DocumentKind.IMAGING: "Imaging Report",
    DocumentKind.ELECTRODIAGNOSTIC: "Electrodiagnostic Report",
    DocumentKind.OPERATIVE: "Operative Report",
    DocumentKind.THERAPY: "Therapy Note",
    DocumentKind.MEDICAL_LEGAL: "AME/QME Report",
    DocumentKind.MEDICATION: "Medication Record",
    DocumentKind.CORRESPONDENCE: "Correspondence",
    DocumentKind.FAX_COVER: "Fax Cover Sheet",
    DocumentKind.OTHER: "Other",
}


class PageSource(str, Enum):
    """Where a page's text came from: the file's own text, OCR, or nowhere (a blank page)."""

    TEXT = "text"
    OCR = "ocr"
    NONE = "none"


class ImportState(str, Enum):
    """A document is invisible to lists, search and the chronology until it is ``ready``."""

    IMPORTING = "importing"
    READY = "ready"


class EntryOrigin(str, Enum):
    """A chronology entry found in the records, or one the reviewer added."""

    RECORDS = "records"
    REVIEWER = "reviewer"
