"""Indicateurs: conventions and events registers, the structures' "shared tools" flag, closed periods.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _sync_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.String(80), nullable=False),
        sa.Column("updated_at", sa.String(80), nullable=False),
        sa.Column("updated_by", sa.String(36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.text("0")),
        sa.Column("field_clocks", sa.JSON(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "convention",
        sa.Column("titre", sa.String(300), nullable=False),
        sa.Column("genre", sa.String(20), nullable=False),
        sa.Column("partenaires", sa.JSON(), nullable=False),
        sa.Column("signee_le", sa.String(10), nullable=False),
        sa.Column("fin_le", sa.String(10), nullable=False),
        sa.Column("reference", sa.String(300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        *_sync_columns(),
    )
    op.create_index("ix_convention_genre", "convention", ["genre"])
    op.create_index("ix_convention_signee_le", "convention", ["signee_le"])
    op.create_index("ix_convention_updated_at", "convention", ["updated_at"])
    op.create_table(
        "evenement",
        sa.Column("titre", sa.String(300), nullable=False),
        sa.Column("genre", sa.String(20), nullable=False),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("commune_code", sa.String(5), nullable=False),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("nb_participants", sa.Integer(), nullable=False),
        sa.Column("organisateurs", sa.String(300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        *_sync_columns(),
    )
    op.create_index("ix_evenement_genre", "evenement", ["genre"])
    op.create_index("ix_evenement_date", "evenement", ["date"])
    op.create_index("ix_evenement_updated_at", "evenement", ["updated_at"])
    op.create_table(
        "cloture",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("periode", sa.String(40), nullable=False),
        sa.Column("territoire", sa.String(20), nullable=False),
        sa.Column("version", sa.String(20), nullable=False),
        sa.Column("contenu", sa.JSON(), nullable=False),
        sa.Column("close_le", sa.String(32), nullable=False),
        sa.Column("close_par", sa.String(200), nullable=False),
        sa.UniqueConstraint("periode", "territoire"),
    )
    op.execute(
        "CREATE TRIGGER cloture_figee BEFORE UPDATE ON cloture "
        "BEGIN SELECT RAISE(ABORT, 'Une période close ne se modifie pas.'); END"
    )
    op.execute(
        "CREATE TRIGGER cloture_pas_de_suppression BEFORE DELETE ON cloture "
        "BEGIN SELECT RAISE(ABORT, 'Une période close ne se supprime pas.'); END"
    )
    op.create_table(
        "note_bilan",
        sa.Column("periode", sa.String(40), primary_key=True),
        sa.Column("territoire", sa.String(20), primary_key=True),
        sa.Column("texte", sa.Text(), nullable=False),
    )
    with op.batch_alter_table("structure") as batch:
        batch.add_column(sa.Column("outils_partages_le", sa.String(10), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("structure") as batch:
        batch.drop_column("outils_partages_le")
    op.drop_table("note_bilan")
    op.drop_table("cloture")
    op.drop_table("evenement")
    op.drop_table("convention")
