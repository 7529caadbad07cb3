"""case version: every stored change of a case counts up, so a save based on an older copy is refused

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: rebuilding ``cases`` is not needed and would be slow.
    op.add_column("cases", sa.Column("version", sa.Integer(), nullable=False,
                                     server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("version")
