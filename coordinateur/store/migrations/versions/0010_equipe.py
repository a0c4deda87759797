"""Partage: this laptop's membership of the shared folder's team (keys, pinned members, revocations).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "equipe_locale",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("contenu", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("equipe_locale")
