"""pages read: which record pages the reviewer has opened, kept in the case database only

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new table only: no existing table is rebuilt.
    op.create_table(
        "record_page_reads",
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("first_read_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["page_id"], ["record_pages.id"],
                                name=op.f("fk_record_page_reads_page_id_record_pages"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("page_id", name=op.f("pk_record_page_reads")),
    )


def downgrade() -> None:
    op.drop_table("record_page_reads")
