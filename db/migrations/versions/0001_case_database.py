"""case database: cases, credentials, summaries, items, citations

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 05:41:36.272517
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_number', sa.String(length=64), nullable=True),
    sa.Column('claim_number', sa.String(length=64), nullable=True),
    sa.Column('review_type', sa.Enum('standard', 'expedited', 'formulary', name='review_type', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('draft', 'in QA', 'final', name='status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('claimant_term', sa.Enum('patient', 'applicant', 'injured worker', 'employee', name='claimant_term', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('ur_decision_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('organization', sa.String(length=200), nullable=False),
    sa.Column('organization_short', sa.String(length=100), nullable=False),
    sa.Column('how_made_wording', sa.Text(), nullable=True),
    sa.Column('summary_lead_in', sa.Text(), nullable=True),
    sa.Column('issues_lead_in', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_case_number'), ['case_number'], unique=False)

    op.create_table('credentials',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.Enum('sentence', 'block', name='credential_form', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('certifications', sa.JSON(), nullable=False),
    sa.Column('subspecialties', sa.JSON(), nullable=False),
    sa.Column('licensure_states', sa.JSON(), nullable=False),
    sa.Column('verbatim', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_credentials_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_credentials'))
    )
    op.create_table('items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('decision', sa.Enum('Upheld', 'Overturned', name='decision', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('rationale', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_items_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_items'))
    )
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_items_case_id'), ['case_id'], unique=False)

    op.create_table('summaries',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('paragraphs', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_summaries_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_summaries'))
    )
    op.create_table('citations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('claims_administrator', 'reviewer', name='citation_role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('topic', sa.Text(), nullable=True),
    sa.Column('pages', sa.String(length=100), nullable=True),
    sa.Column('section', sa.Text(), nullable=True),
    sa.Column('mtus', sa.Boolean(), nullable=False),
    sa.Column('preface', sa.Boolean(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_citations_item_id_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citations'))
    )
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citations_item_id'), ['item_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citations_item_id'))

    op.drop_table('citations')
    op.drop_table('summaries')
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_items_case_id'))

    op.drop_table('items')
    op.drop_table('credentials')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_case_number'))

    op.drop_table('cases')
