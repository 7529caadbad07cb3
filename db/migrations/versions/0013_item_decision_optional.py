"""item decision optional: a new item has no decision until the reviewer picks one

A new disputed item used to start as "Upheld", so an item nobody decided
printed a decision and exported. ``items.decision`` may now be NULL; the
quality check ``decision-missing`` names such items and the letter checklist
lists them. Existing items keep their decisions.

SQLite cannot relax NOT NULL in place: the table is rebuilt under a new name,
the rows copied with their ids, the old table dropped and the new one renamed
(foreign keys are off during upgrades, so citations keep pointing at "items").

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

COLUMNS = "id, case_id, position, number, description, decision, rationale"


def _items_table(name: str, *, nullable: bool) -> None:
    # Written out, not imported, so that later changes to the models do not rewrite history.
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("decision", sa.Enum("Upheld", "Overturned", name="decision", native_enum=False,
                                      create_constraint=True, length=32), nullable=nullable),
        sa.Column("rationale", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_items_case_id_cases",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_items"),
    )


def _rebuild(*, nullable: bool) -> None:
    _items_table("items_rebuilt", nullable=nullable)
    decision = "decision" if nullable else "COALESCE(decision, 'Upheld')"
    op.execute(f"INSERT INTO items_rebuilt ({COLUMNS}) SELECT id, case_id, position, number, "
               f"description, {decision}, rationale FROM items")
    op.drop_index("ix_items_case_id", table_name="items")
    op.drop_table("items")
    op.rename_table("items_rebuilt", "items")
    op.create_index("ix_items_case_id", "items", ["case_id"], unique=False)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(nullable=True)
    else:
        op.alter_column("items", "decision", existing_type=sa.String(length=32), nullable=True)


def downgrade() -> None:
    # An undecided item goes back to the old default.
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(nullable=False)
    else:
        op.execute("UPDATE items SET decision = 'Upheld' WHERE decision IS NULL")
        op.alter_column("items", "decision", existing_type=sa.String(length=32), nullable=False)
