"""guideline library: sources, entries, rationale snippets, guideline PDFs, search indexes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

# The FTS5 tables as this revision made them (written out, not imported,
# so that later changes to the models do not rewrite history).
FULL_TEXT_TABLES = {
    "guideline_entry_search": "source, chapter, topic, keywords, summary, snippets",
    "guideline_page_search": "text",
}
TOKENIZER = "porter unicode61 remove_diacritics 2"


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('guideline_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('short_title', sa.String(length=200), nullable=False),
    sa.Column('citation_title', sa.String(length=200), nullable=False),
    sa.Column('citation_style', sa.String(length=16), nullable=False),
    sa.Column('publisher', sa.Text(), nullable=True),
    sa.Column('edition', sa.String(length=200), nullable=True),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('mtus', sa.Boolean(), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('edited', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guideline_sources')),
    sa.UniqueConstraint('key', name=op.f('uq_guideline_sources_key'))
    )
    op.create_table('library_state',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_library_state'))
    )
    op.create_table('rationale_snippets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rationale_snippets')),
    sa.UniqueConstraint('key', name=op.f('uq_rationale_snippets_key'))
    )
    op.create_table('guideline_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=False),
    sa.Column('page_offset', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['guideline_sources.id'], name=op.f('fk_guideline_documents_source_id_guideline_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guideline_documents')),
    sa.UniqueConstraint('sha256', name=op.f('uq_guideline_documents_sha256'))
    )
    with op.batch_alter_table('guideline_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guideline_documents_source_id'), ['source_id'], unique=False)

    op.create_table('guideline_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('chapter', sa.Text(), nullable=True),
    sa.Column('topic', sa.Text(), nullable=False),
    sa.Column('pages', sa.String(length=100), nullable=True),
    sa.Column('section', sa.Text(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('body_regions', sa.JSON(), nullable=False),
    sa.Column('treatments', sa.JSON(), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('pages_verified', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('edited', sa.Boolean(), nullable=False),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.Column('document_page', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['guideline_sources.id'], name=op.f('fk_guideline_entries_source_id_guideline_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guideline_entries')),
    sa.UniqueConstraint('key', name=op.f('uq_guideline_entries_key'))
    )
    with op.batch_alter_table('guideline_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guideline_entries_source_id'), ['source_id'], unique=False)

    op.create_table('guideline_pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['guideline_documents.id'], name=op.f('fk_guideline_pages_document_id_guideline_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guideline_pages')),
    sa.UniqueConstraint('document_id', 'position', name=op.f('uq_guideline_pages_document_id'))
    )
    op.create_table('snippet_entries',
    sa.Column('snippet_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['guideline_entries.id'], name=op.f('fk_snippet_entries_entry_id_guideline_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['snippet_id'], ['rationale_snippets.id'], name=op.f('fk_snippet_entries_snippet_id_rationale_snippets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('snippet_id', 'entry_id', name=op.f('pk_snippet_entries'))
    )
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entry_key', sa.String(length=120), nullable=True))

    if op.get_bind().dialect.name == "sqlite":
        for name, columns in FULL_TEXT_TABLES.items():
            op.execute(f"CREATE VIRTUAL TABLE {name} USING fts5({columns}, "
                       f"tokenize='{TOKENIZER}', prefix='2 3')")
            op.execute(f"CREATE VIRTUAL TABLE {name}_vocab USING fts5vocab({name}, 'row')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in FULL_TEXT_TABLES:
            op.execute(f"DROP TABLE IF EXISTS {name}_vocab")
            op.execute(f"DROP TABLE IF EXISTS {name}")
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.drop_column('entry_key')

    op.drop_table('snippet_entries')
    op.drop_table('guideline_pages')
    with op.batch_alter_table('guideline_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guideline_entries_source_id'))

    op.drop_table('guideline_entries')
    with op.batch_alter_table('guideline_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guideline_documents_source_id'))

    op.drop_table('guideline_documents')
    op.drop_table('rationale_snippets')
    op.drop_table('library_state')
    op.drop_table('guideline_sources')
