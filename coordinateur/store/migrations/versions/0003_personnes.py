"""Persons followed and validated liaison sheets (frozen by trigger).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "personne",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.String(80), nullable=False),
        sa.Column("updated_at", sa.String(80), nullable=False),
        sa.Column("updated_by", sa.String(36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.text("0")),
        sa.Column("field_clocks", sa.JSON(), nullable=False),
        *(sa.Column(name, sa.String(length), nullable=False) for name, length in (
            ("civilite", 10), ("nom_naissance", 200), ("nom_usage", 200), ("prenoms_naissance", 200),
            ("prenom_usage", 100), ("date_naissance", 10), ("sexe", 1), ("lieu_naissance", 200), ("nir", 15),
            ("ins_statut", 4), ("langues", 200), ("situation_familiale", 200))),
        sa.Column("vit_seul", sa.Boolean(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        *(sa.Column(name, sa.String(length), nullable=False) for name, length in (
            ("adresse", 300), ("complement", 300), ("code_postal", 5), ("commune_code", 5), ("telephone", 20))),
        sa.Column("acces", sa.Text(), nullable=False),
        sa.Column("animaux", sa.String(300), nullable=False),
        sa.Column("teleassistance", sa.String(300), nullable=False),
        sa.Column("autocollant", sa.Boolean(), nullable=False),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("cercle", sa.JSON(), nullable=False),
        sa.Column("gir", sa.Integer(), nullable=True),
        sa.Column("gir_date", sa.String(10), nullable=False),
        sa.Column("gir_evaluateur", sa.String(200), nullable=False),
        sa.Column("statut", sa.String(10), nullable=False),
        sa.Column("date_dernier_contact", sa.String(10), nullable=False),
        sa.Column("code_situation", sa.String(20), nullable=False),
        sa.Column("partage", sa.JSON(), nullable=False),
        sa.Column("fiche", sa.JSON(), nullable=False),
        sa.Column("empreinte", sa.String(64), nullable=False),
    )  # fmt: skip
    op.create_index("ix_personne_updated_at", "personne", ["updated_at"])
    op.create_index("ix_personne_commune_code", "personne", ["commune_code"])
    op.create_table(
        "fiche_liaison",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("personne_id", sa.String(36), sa.ForeignKey("personne.id"), nullable=False),
        sa.Column("numero", sa.Integer(), nullable=False),
        sa.Column("valide_le", sa.String(32), nullable=False),
        sa.Column("valide_par", sa.String(200), nullable=False),
        sa.Column("prochaine_revue", sa.String(10), nullable=False),
        sa.Column("contenu", sa.JSON(), nullable=False),
        sa.Column("empreinte", sa.String(64), nullable=False),
        sa.Column("exemplaires", sa.JSON(), nullable=False),
        sa.UniqueConstraint("personne_id", "numero"),
    )
    op.create_index("ix_fiche_liaison_personne_id", "fiche_liaison", ["personne_id"])
    op.execute(
        "CREATE TRIGGER fiche_liaison_figee BEFORE UPDATE OF personne_id, numero, valide_le, valide_par, "
        "prochaine_revue, contenu, empreinte ON fiche_liaison "
        "BEGIN SELECT RAISE(ABORT, 'Une fiche validée ne peut pas être modifiée : validez une nouvelle version.'); END"
    )
    op.execute(
        "CREATE TRIGGER fiche_liaison_pas_de_suppression BEFORE DELETE ON fiche_liaison "
        "BEGIN SELECT RAISE(ABORT, 'Une fiche validée ne peut pas être supprimée.'); END"
    )


def downgrade() -> None:
    raise NotImplementedError("Coordinateur never migrates a store backwards; restore a backup instead.")
