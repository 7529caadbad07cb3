"""case header: the decision date and the day the application was received, as page 1 prints them

The letter's case header prints the case number, the dates assigned (the day
the IRO received the case, ``received_on``), of injury (the summary form's
``injury_date``), of the decision, of the UR denial (``ur_decision_on``) and
of the application, and the priority (``review_type``). Two of these had no
home yet: ``decided_on`` (the Decision Date) and ``application_received_on``
(the day the Division received the IMR application, before it assigned the
case). Both may be empty.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs of nullable dates: rebuilding ``cases`` is not needed.
    op.add_column("cases", sa.Column("decided_on", sa.Date(), nullable=True))
    op.add_column("cases", sa.Column("application_received_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("application_received_on")
        batch_op.drop_column("decided_on")
