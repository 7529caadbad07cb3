"""qa acknowledgements: the quality findings the reviewer let stand, each with a short note

Setting a case to Final needs every quality finding (``workbench.qa``) fixed
or acknowledged; an acknowledgement is kept with the case, as a JSON object
from the finding's key to the reviewer's note, so a QA reader sees what was
let stand and why. Existing cases start with none.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN with a constant default: rebuilding ``cases`` is not needed.
    op.add_column("cases", sa.Column("qa_acknowledgements", sa.JSON(), nullable=False,
                                     server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("qa_acknowledgements")
