"""Partage: segments of other laptops held in quarantine (they verify but fail validation).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "segment_quarantaine",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("appareil", sa.String(36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("fichier", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("auteur", sa.String(200), nullable=False),
        sa.Column("motif", sa.Text(), nullable=False),
        sa.Column("detecte_le", sa.String(32), nullable=False),
        sa.Column("levee", sa.Boolean(), nullable=False, server_default=sa.text("0")),
        sa.UniqueConstraint("appareil", "sha256"),
    )


def downgrade() -> None:
    op.drop_table("segment_quarantaine")
