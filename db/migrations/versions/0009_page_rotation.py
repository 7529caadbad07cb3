"""page rotation: the turn (degrees clockwise) that shows a scanned record page upright

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN of a nullable column: existing pages keep NULL (drawn as stored).
    op.add_column("record_pages", sa.Column("rotation", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("record_pages", schema=None) as batch_op:
        batch_op.drop_column("rotation")
