"""Partage: incremental reads (per device, the listing last read) and snapshots (compaction).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "flux_appareil",
        sa.Column("appareil", sa.String(36), primary_key=True),
        sa.Column("empreinte", sa.String(64), nullable=False, server_default=""),
        sa.Column("lu_nom", sa.String(200), nullable=False, server_default=""),
        sa.Column("lu", sa.JSON(), nullable=False),
        sa.Column("lu_le", sa.String(32), nullable=False, server_default=""),
    )
    op.create_table(
        "instantane_vu",
        sa.Column("nom", sa.String(300), primary_key=True),
        sa.Column("auteur", sa.String(36), nullable=False),
        sa.Column("cree_le", sa.String(32), nullable=False),
        sa.Column("couvre", sa.JSON(), nullable=False),
        sa.Column("genres", sa.JSON(), nullable=False),
        sa.Column("valide", sa.Boolean(), nullable=False),
        sa.Column("motif", sa.Text(), nullable=False, server_default=""),
        sa.Column("applique", sa.Boolean(), nullable=False, server_default=sa.text("0")),
        sa.Column("empreinte", sa.String(100), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("instantane_vu")
    op.drop_table("flux_appareil")
