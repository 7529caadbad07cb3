"""Where a page belongs: the documents of a case as page ranges over its files, with the
reviewer's corrections applied, as one subquery every records query joins.

Kept apart from ``documents`` (which finds and corrects documents) because the
chronology, search, citations and coverage all place pages in documents, and
``documents`` itself depends on the chronology.
"""

from __future__ import annotations

from sqlalchemy import and_, case, func, select
from sqlalchemy.sql import Subquery

from db.models import RecordCorrectionRow, RecordDocumentRow, RecordFileRow
from workbench.records.kinds import ImportState


def effective_documents() -> Subquery:
    """Each ready document with the reviewer's corrections applied, for joining.

    Columns: id, case_id, file_id, first_page, last_page, kind, found_kind, service_date,
    first_date, last_date, provider, facility, duplicate_of, corrected, file_name,
    media_type, file_pages, found (False while the file is one provisional document,
    just read, its documents not yet found: ``found_with`` -1).
    """
    correction = RecordCorrectionRow
    return (
        select(
            RecordDocumentRow.id, RecordDocumentRow.case_id, RecordDocumentRow.file_id,
            RecordDocumentRow.first_page, RecordDocumentRow.last_page,
            func.coalesce(correction.kind, RecordDocumentRow.kind).label("kind"),
            RecordDocumentRow.kind.label("found_kind"),
            func.coalesce(correction.service_date, RecordDocumentRow.service_date)
            .label("service_date"),
            func.coalesce(correction.service_date, RecordDocumentRow.first_date)
            .label("first_date"),
            func.coalesce(correction.service_date, RecordDocumentRow.last_date)
            .label("last_date"),
            func.coalesce(correction.provider, RecordDocumentRow.provider).label("provider"),
            RecordDocumentRow.facility,
            case((func.coalesce(correction.not_duplicate, False), None),
                 else_=RecordDocumentRow.duplicate_of).label("duplicate_of"),
            ((correction.kind.is_not(None)) | (correction.service_date.is_not(None))
             | (correction.provider.is_not(None))).label("corrected"),
            correction.service_date.label("corrected_date"),
            RecordFileRow.file_name, RecordFileRow.media_type,
            RecordFileRow.page_count.label("file_pages"),
            (RecordFileRow.found_with >= 0).label("found"),
        )
        .join(RecordFileRow, RecordFileRow.id == RecordDocumentRow.file_id)
        .outerjoin(correction, and_(correction.case_id == RecordDocumentRow.case_id,
                                    correction.sha256 == RecordFileRow.sha256,
                                    correction.page == RecordDocumentRow.first_page))
        .where(RecordFileRow.state == ImportState.READY)
        .subquery("documents")
    )


def page_in(documents: Subquery, file_id, page):
    """The join condition placing a page of a file in its document."""
    return and_(documents.c.file_id == file_id, documents.c.first_page <= page,
                documents.c.last_page >= page)
