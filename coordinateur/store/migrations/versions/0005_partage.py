"""Partage: the local operation log, segments written and read, conflicts, devices seen, the outbox.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "operation",
        sa.Column("op_id", sa.String(36), primary_key=True),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("clock", sa.String(80), nullable=False),
        sa.Column("device", sa.String(36), nullable=False),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
    )
    op.create_index("ix_operation_record_id", "operation", ["record_id"])
    op.create_index("ix_operation_seq", "operation", ["seq"])
    op.create_table(
        "segment_ecrit",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("nom", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("taille", sa.Integer(), nullable=False),
        sa.Column("ecrit_le", sa.String(32), nullable=False),
    )
    op.create_table(
        "segment_lu",
        sa.Column("appareil", sa.String(36), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("lu_le", sa.String(32), nullable=False),
    )
    op.create_table(
        "appareil_vu",
        sa.Column("appareil", sa.String(36), primary_key=True),
        sa.Column("nom", sa.String(200), nullable=False),
        sa.Column("coordinateur", sa.String(200), nullable=False),
        sa.Column("vu_le", sa.String(32), nullable=False),
        sa.Column("bloque", sa.Text(), nullable=False),
    )
    op.create_table(
        "conflit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("champ", sa.String(64), nullable=False),
        sa.Column("valeur_gardee", sa.JSON(), nullable=True),
        sa.Column("valeur_ecartee", sa.JSON(), nullable=True),
        sa.Column("horloge_gardee", sa.String(80), nullable=False),
        sa.Column("horloge_ecartee", sa.String(80), nullable=False),
        sa.Column("detecte_le", sa.String(32), nullable=False),
        sa.Column("regle", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "operation_tenue",
        sa.Column("op_id", sa.String(36), primary_key=True),
        sa.Column("appareil", sa.String(36), nullable=False),
        sa.Column("contenu", sa.JSON(), nullable=False),
        sa.Column("motif", sa.Text(), nullable=False),
    )
    op.create_table(
        "boite_envoi",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("destinataire", sa.String(200), nullable=False),
        sa.Column("genre", sa.String(40), nullable=False),
        sa.Column("extension", sa.String(8), nullable=False),
        sa.Column("contenu", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("donnees_personnes", sa.Boolean(), nullable=False),
        sa.Column("cree_le", sa.String(32), nullable=False),
        sa.Column("publie_le", sa.String(32), nullable=False),
        sa.Column("chemin", sa.String(500), nullable=False),
        sa.Column("erreur", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("Coordinateur never migrates a store backwards; restore a backup instead.")
