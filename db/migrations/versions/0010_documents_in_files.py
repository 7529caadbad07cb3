"""documents in files: a stored file holds page ranges, each a document of its own

``record_documents`` was one row per imported file with the kind, date and
provider of the whole file. A packet of many reports is one file but many
documents, so the file becomes ``record_files`` and ``record_documents`` now
holds page ranges over a file. Pages and chronology entries belong to the
file (``file_id``) and are placed in a document by their page number. The
reviewer's corrections move to ``record_corrections``, keyed by the file's
hash and page, so they survive the documents being found again. Each file
gets one document spanning it, carrying what was stored for it, and is
marked for the document-finding rules to run (``found_with`` 0).

Also: ``proposal_answers`` (a proposal from the records the reviewer accepted
or dismissed), and the fax-cover kind in the kind checks.

Tables are rebuilt by copying, with ids kept, so record page ids (the search
index's rowids and the pages-read rows) stay as they were.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Written out, not imported, so that later changes to the models do not rewrite history.
KINDS = ("imr_application", "ur_determination", "pr2", "imaging", "electrodiagnostic",
         "operative", "therapy", "medical_legal", "medication", "correspondence", "fax_cover",
         "other")
OLD_KINDS = tuple(kind for kind in KINDS if kind != "fax_cover")
UNINDEX = ("INSERT INTO record_page_search (record_page_search, rowid, text) "
           "VALUES ('delete', old.id, old.text);")
TRIGGERS = [
    f"CREATE TRIGGER record_page_search_delete AFTER DELETE ON record_pages BEGIN {UNINDEX} END",
    "CREATE TRIGGER record_page_search_update AFTER UPDATE OF text ON record_pages BEGIN "
    f"{UNINDEX} INSERT INTO record_page_search (rowid, text) VALUES (new.id, new.text); END",
]
DROP_TRIGGERS = ["DROP TRIGGER IF EXISTS record_page_search_update",
                 "DROP TRIGGER IF EXISTS record_page_search_delete"]


def _check(table: str, constraint: str, column: str, values) -> sa.CheckConstraint:
    listed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=op.f(f"ck_{table}_{constraint}"))


def _files_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("found_with", sa.Integer(), server_default="0", nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("state IN ('importing', 'ready')",
                           name=op.f("ck_record_files_import_state")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name=op.f("fk_record_files_case_id_cases"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_files")),
        sa.UniqueConstraint("case_id", "sha256", name=op.f("uq_record_files_case_id")),
    )


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.rename_table("record_documents", "old_record_documents")
    op.drop_index("ix_record_documents_case_id", table_name="old_record_documents")
    if sqlite:
        for statement in DROP_TRIGGERS:
            op.execute(statement)

    _files_table("record_files")
    op.create_index(op.f("ix_record_files_case_id"), "record_files", ["case_id"])
    op.execute("INSERT INTO record_files (id, case_id, file_name, sha256, media_type, size, "
               "state, page_count, found_with, imported_at) SELECT id, case_id, file_name, "
               "sha256, media_type, size, state, page_count, 0, imported_at "
               "FROM old_record_documents")

    op.create_table(
        "new_record_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("ocr_confidence", sa.Float(), nullable=True),
        sa.Column("service_date", sa.Date(), nullable=True),
        sa.Column("provider", sa.Text(), nullable=True),
        sa.Column("rotation", sa.Integer(), nullable=True),
        sa.CheckConstraint("source IN ('text', 'ocr', 'none')",
                           name="ck_record_pages_page_source"),
        sa.ForeignKeyConstraint(["file_id"], ["record_files.id"],
                                name="fk_record_pages_file_id_record_files", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_record_pages"),
        sa.UniqueConstraint("file_id", "number", name="uq_record_pages_file_id"),
    )
    op.execute("INSERT INTO new_record_pages (id, file_id, number, text, source, ocr_confidence, "
               "service_date, provider, rotation) SELECT id, document_id, number, text, source, "
               "ocr_confidence, service_date, provider, rotation FROM record_pages")
    op.drop_table("record_pages")
    op.rename_table("new_record_pages", "record_pages")
    if sqlite:
        for statement in TRIGGERS:
            op.execute(statement)

    op.create_table(
        "new_chronology_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("provider", sa.Text(), nullable=True),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        _check("chronology_entries", "entry_kind", "kind", KINDS),
        sa.CheckConstraint("origin IN ('records', 'reviewer')",
                           name="ck_chronology_entries_entry_origin"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_chronology_entries_case_id_cases", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["file_id"], ["record_files.id"],
                                name="fk_chronology_entries_file_id_record_files",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_chronology_entries"),
    )
    op.execute("INSERT INTO new_chronology_entries (id, case_id, file_id, page, date, kind, "
               "provider, excerpt, origin, edited, hidden) SELECT id, case_id, document_id, "
               "page, date, kind, provider, excerpt, origin, edited, hidden "
               "FROM chronology_entries")
    op.drop_table("chronology_entries")
    op.rename_table("new_chronology_entries", "chronology_entries")
    op.create_index("ix_chronology_entries_case_id", "chronology_entries", ["case_id"])
    op.create_index("ix_chronology_entries_file_id", "chronology_entries", ["file_id"])

    op.create_table(
        "record_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("first_page", sa.Integer(), nullable=False),
        sa.Column("last_page", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=True),
        sa.Column("first_date", sa.Date(), nullable=True),
        sa.Column("last_date", sa.Date(), nullable=True),
        sa.Column("provider", sa.Text(), nullable=True),
        sa.Column("facility", sa.Text(), nullable=True),
        sa.Column("duplicate_of", sa.Integer(), nullable=True),
        _check("record_documents", "document_kind", "kind", KINDS),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_record_documents_case_id_cases", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["file_id"], ["record_files.id"],
                                name="fk_record_documents_file_id_record_files",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["duplicate_of"], ["record_documents.id"],
                                name="fk_record_documents_duplicate_of_record_documents",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_record_documents"),
    )
    op.create_index("ix_record_documents_case_id", "record_documents", ["case_id"])
    op.create_index("ix_record_documents_file_pages", "record_documents",
                    ["file_id", "first_page"])
    op.execute("INSERT INTO record_documents (case_id, file_id, first_page, last_page, kind, "
               "service_date, first_date, last_date, provider) SELECT case_id, id, 1, "
               "max(coalesce(page_count, 1), 1), kind, service_date, first_date, last_date, "
               "provider FROM old_record_documents")

    op.create_table(
        "record_corrections",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("starts", sa.Boolean(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("service_date", sa.Date(), nullable=True),
        sa.Column("provider", sa.Text(), nullable=True),
        sa.Column("not_duplicate", sa.Boolean(), server_default="0", nullable=False),
        _check("record_corrections", "corrected_kind", "kind", KINDS),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_record_corrections_case_id_cases", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", "sha256", "page", name="pk_record_corrections"),
    )
    op.execute("INSERT INTO record_corrections (case_id, sha256, page, starts, kind, "
               "service_date, provider, not_duplicate) SELECT case_id, sha256, 1, NULL, "
               "kind_override, service_date_override, provider_override, 0 "
               "FROM old_record_documents WHERE kind_override IS NOT NULL "
               "OR service_date_override IS NOT NULL OR provider_override IS NOT NULL")
    op.drop_table("old_record_documents")

    op.create_table(
        "proposal_answers",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_proposal_answers_case_id_cases", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", "field", "value", name="pk_proposal_answers"),
    )


def downgrade() -> None:
    """Back to one document per file: each file takes its first document's particulars
    and the reviewer's word about its first page."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_table("proposal_answers")
    if sqlite:
        for statement in DROP_TRIGGERS:
            op.execute(statement)
    op.create_table(
        "old_record_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("kind_override", sa.String(length=32), nullable=True),
        sa.Column("service_date", sa.Date(), nullable=True),
        sa.Column("service_date_override", sa.Date(), nullable=True),
        sa.Column("first_date", sa.Date(), nullable=True),
        sa.Column("last_date", sa.Date(), nullable=True),
        sa.Column("provider", sa.Text(), nullable=True),
        sa.Column("provider_override", sa.Text(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("state IN ('importing', 'ready')",
                           name="ck_record_documents_import_state"),
        _check("record_documents", "document_kind", "kind", OLD_KINDS),
        _check("record_documents", "document_kind_override", "kind_override", OLD_KINDS),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_record_documents_case_id_cases", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_record_documents"),
        sa.UniqueConstraint("case_id", "sha256", name="uq_record_documents_case_id"),
    )
    old_kind = "CASE WHEN {0} = 'fax_cover' THEN 'other' ELSE {0} END"
    op.execute(
        "INSERT INTO old_record_documents SELECT f.id, f.case_id, f.file_name, f.sha256, "
        f"f.media_type, f.size, f.state, f.page_count, {old_kind.format('coalesce(d.kind, ' + repr('other') + ')')}, "
        f"{old_kind.format('c.kind')}, d.service_date, c.service_date, d.first_date, "
        "d.last_date, d.provider, c.provider, f.imported_at FROM record_files f "
        "LEFT JOIN record_documents d ON d.file_id = f.id AND d.first_page = 1 "
        "LEFT JOIN record_corrections c ON c.case_id = f.case_id AND c.sha256 = f.sha256 "
        "AND c.page = 1")
    op.drop_table("record_corrections")
    op.drop_table("record_documents")

    op.create_table(
        "new_record_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("ocr_confidence", sa.Float(), nullable=True),
        sa.Column("service_date", sa.Date(), nullable=True),
        sa.Column("provider", sa.Text(), nullable=True),
        sa.Column("rotation", sa.Integer(), nullable=True),
        sa.CheckConstraint("source IN ('text', 'ocr', 'none')",
                           name="ck_record_pages_page_source"),
        sa.ForeignKeyConstraint(["document_id"], ["record_documents.id"],
                                name="fk_record_pages_document_id_record_documents",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_record_pages"),
        sa.UniqueConstraint("document_id", "number", name="uq_record_pages_document_id"),
    )
    op.execute("INSERT INTO new_record_pages SELECT id, file_id, number, text, source, "
               "ocr_confidence, service_date, provider, rotation FROM record_pages")
    op.drop_table("record_pages")
    op.rename_table("new_record_pages", "record_pages")
    if sqlite:
        for statement in TRIGGERS:
            op.execute(statement)

    op.create_table(
        "new_chronology_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("provider", sa.Text(), nullable=True),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        _check("chronology_entries", "entry_kind", "kind", OLD_KINDS),
        sa.CheckConstraint("origin IN ('records', 'reviewer')",
                           name="ck_chronology_entries_entry_origin"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_chronology_entries_case_id_cases", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["document_id"], ["record_documents.id"],
                                name="fk_chronology_entries_document_id_record_documents",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_chronology_entries"),
    )
    op.execute("INSERT INTO new_chronology_entries SELECT id, case_id, file_id, page, date, "
               f"{old_kind.format('kind')}, provider, excerpt, origin, edited, hidden "
               "FROM chronology_entries")
    op.drop_table("chronology_entries")
    op.rename_table("new_chronology_entries", "chronology_entries")
    op.create_index("ix_chronology_entries_case_id", "chronology_entries", ["case_id"])
    op.create_index("ix_chronology_entries_document_id", "chronology_entries", ["document_id"])
    op.drop_table("record_files")
    op.rename_table("old_record_documents", "record_documents")
    op.create_index("ix_record_documents_case_id", "record_documents", ["case_id"])
