"""Réunions de concertation: meetings, situations, actions, diffusion log (append-only).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reunion",
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("titre", sa.String(300), nullable=False),
        sa.Column("serie", sa.String(200), nullable=False),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("heure_debut", sa.String(5), nullable=False),
        sa.Column("heure_fin", sa.String(5), nullable=False),
        sa.Column("lieu", sa.String(300), nullable=False),
        sa.Column("visio", sa.String(500), nullable=False),
        sa.Column("organisateur", sa.String(300), nullable=False),
        sa.Column("animateur", sa.String(200), nullable=False),
        sa.Column("secretaire", sa.String(200), nullable=False),
        sa.Column("ordre_du_jour", sa.JSON(), nullable=False),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("diffusion", sa.JSON(), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("statut", sa.String(10), nullable=False),
        sa.Column("valide_le", sa.String(32), nullable=False),
        sa.Column("valide_par", sa.String(200), nullable=False),
        sa.Column("empreinte", sa.String(64), nullable=False),
        sa.Column("revisions", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.String(80), nullable=False),
        sa.Column("updated_at", sa.String(80), nullable=False),
        sa.Column("updated_by", sa.String(36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.text("0")),
        sa.Column("field_clocks", sa.JSON(), nullable=False),
    )
    op.create_index("ix_reunion_date", "reunion", ["date"])
    op.create_index("ix_reunion_serie", "reunion", ["serie"])
    op.create_index("ix_reunion_updated_at", "reunion", ["updated_at"])
    op.create_table(
        "situation",
        sa.Column("reunion_id", sa.String(36), sa.ForeignKey("reunion.id"), nullable=False),
        sa.Column("ordre", sa.Integer(), nullable=False),
        sa.Column("personne_id", sa.String(36), nullable=True),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("referent", sa.String(200), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("synthese", sa.JSON(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("informee", sa.Boolean(), nullable=False),
        sa.Column("informee_le", sa.String(10), nullable=False),
        sa.Column("informee_par", sa.String(200), nullable=False),
        sa.Column("revue_le", sa.String(10), nullable=False),
        sa.Column("a_representer", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.String(80), nullable=False),
        sa.Column("updated_at", sa.String(80), nullable=False),
        sa.Column("updated_by", sa.String(36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.text("0")),
        sa.Column("field_clocks", sa.JSON(), nullable=False),
    )
    op.create_index("ix_situation_personne_id", "situation", ["personne_id"])
    op.create_index("ix_situation_reunion_id", "situation", ["reunion_id"])
    op.create_index("ix_situation_updated_at", "situation", ["updated_at"])
    op.create_table(
        "action",
        sa.Column("reunion_id", sa.String(36), sa.ForeignKey("reunion.id"), nullable=False),
        sa.Column("situation_id", sa.String(36), nullable=True),
        sa.Column("serie", sa.String(200), nullable=False),
        sa.Column("quoi", sa.Text(), nullable=False),
        sa.Column("responsable_id", sa.String(36), nullable=True),
        sa.Column("responsable", sa.String(300), nullable=False),
        sa.Column("echeance", sa.String(10), nullable=False),
        sa.Column("statut", sa.String(10), nullable=False),
        sa.Column("fait_le", sa.String(10), nullable=False),
        sa.Column("resultat", sa.Text(), nullable=False),
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.String(80), nullable=False),
        sa.Column("updated_at", sa.String(80), nullable=False),
        sa.Column("updated_by", sa.String(36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.text("0")),
        sa.Column("field_clocks", sa.JSON(), nullable=False),
    )
    op.create_index("ix_action_echeance", "action", ["echeance"])
    op.create_index("ix_action_responsable_id", "action", ["responsable_id"])
    op.create_index("ix_action_reunion_id", "action", ["reunion_id"])
    op.create_index("ix_action_serie", "action", ["serie"])
    op.create_index("ix_action_statut", "action", ["statut"])
    op.create_index("ix_action_updated_at", "action", ["updated_at"])
    op.create_table(
        "diffusion",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("reunion_id", sa.String(36), sa.ForeignKey("reunion.id"), nullable=False),
        sa.Column("le", sa.String(32), nullable=False),
        sa.Column("par", sa.String(200), nullable=False),
        sa.Column("niveau", sa.String(12), nullable=False),
        sa.Column("format", sa.String(6), nullable=False),
        sa.Column("destinataire", sa.String(500), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("empreinte", sa.String(64), nullable=False),
    )
    op.create_index("ix_diffusion_reunion_id", "diffusion", ["reunion_id"])
    op.execute(
        "CREATE TRIGGER diffusion_ajout_seul BEFORE UPDATE ON diffusion "
        "BEGIN SELECT RAISE(ABORT, 'Le registre des diffusions ne peut pas être modifié.'); END"
    )
    op.execute(
        "CREATE TRIGGER diffusion_pas_de_suppression BEFORE DELETE ON diffusion "
        "BEGIN SELECT RAISE(ABORT, 'Le registre des diffusions ne peut pas être effacé.'); END"
    )


def downgrade() -> None:
    raise NotImplementedError("Coordinateur never migrates a store backwards; restore a backup instead.")
