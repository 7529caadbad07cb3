"""case records: documents, pages, chronology, settings, page search index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

# The FTS5 table as this revision made it (written out, not imported,
# so that later changes to the models do not rewrite history).
FULL_TEXT_TABLES = {"record_page_search": "text"}
TOKENIZER = "porter unicode61 remove_diacritics 2"
UNINDEX_TRIGGER = ("CREATE TRIGGER record_pages_unindex AFTER DELETE ON record_pages "
                   "BEGIN DELETE FROM record_page_search WHERE rowid = old.id; END")

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('workbench_settings',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_workbench_settings'))
    )
    op.create_table('record_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('media_type', sa.String(length=16), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('importing', 'ready', name='import_state', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('imr_application', 'ur_determination', 'pr2', 'imaging', 'electrodiagnostic', 'operative', 'therapy', 'medical_legal', 'medication', 'correspondence', 'other', name='document_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('kind_override', sa.Enum('imr_application', 'ur_determination', 'pr2', 'imaging', 'electrodiagnostic', 'operative', 'therapy', 'medical_legal', 'medication', 'correspondence', 'other', name='document_kind_override', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('service_date', sa.Date(), nullable=True),
    sa.Column('service_date_override', sa.Date(), nullable=True),
    sa.Column('first_date', sa.Date(), nullable=True),
    sa.Column('last_date', sa.Date(), nullable=True),
    sa.Column('provider', sa.Text(), nullable=True),
    sa.Column('provider_override', sa.Text(), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_record_documents_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_documents')),
    sa.UniqueConstraint('case_id', 'sha256', name=op.f('uq_record_documents_case_id'))
    )
    with op.batch_alter_table('record_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_documents_case_id'), ['case_id'], unique=False)

    op.create_table('chronology_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('imr_application', 'ur_determination', 'pr2', 'imaging', 'electrodiagnostic', 'operative', 'therapy', 'medical_legal', 'medication', 'correspondence', 'other', name='entry_kind', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('provider', sa.Text(), nullable=True),
    sa.Column('excerpt', sa.Text(), nullable=False),
    sa.Column('origin', sa.Enum('records', 'reviewer', name='entry_origin', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('edited', sa.Boolean(), nullable=False),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_chronology_entries_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['record_documents.id'], name=op.f('fk_chronology_entries_document_id_record_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chronology_entries'))
    )
    with op.batch_alter_table('chronology_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chronology_entries_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_chronology_entries_document_id'), ['document_id'], unique=False)

    op.create_table('record_pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('source', sa.Enum('text', 'ocr', 'none', name='page_source', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('ocr_confidence', sa.Float(), nullable=True),
    sa.Column('service_date', sa.Date(), nullable=True),
    sa.Column('provider', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['record_documents.id'], name=op.f('fk_record_pages_document_id_record_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_pages')),
    sa.UniqueConstraint('document_id', 'number', name=op.f('uq_record_pages_document_id'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('documents_reviewed', sa.Boolean(), nullable=True))

    if op.get_bind().dialect.name == "sqlite":
        for name, columns in FULL_TEXT_TABLES.items():
            op.execute(f"CREATE VIRTUAL TABLE {name} USING fts5({columns}, "
                       f"tokenize='{TOKENIZER}', prefix='2 3')")
            op.execute(f"CREATE VIRTUAL TABLE {name}_vocab USING fts5vocab({name}, 'row')")
        op.execute(UNINDEX_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS record_pages_unindex")
        for name in FULL_TEXT_TABLES:
            op.execute(f"DROP TABLE IF EXISTS {name}_vocab")
            op.execute(f"DROP TABLE IF EXISTS {name}")
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('documents_reviewed')

    op.drop_table('record_pages')
    with op.batch_alter_table('chronology_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chronology_entries_document_id'))
        batch_op.drop_index(batch_op.f('ix_chronology_entries_case_id'))

    op.drop_table('chronology_entries')
    with op.batch_alter_table('record_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_documents_case_id'))

    op.drop_table('record_documents')
    op.drop_table('workbench_settings')
