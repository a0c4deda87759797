"""Annuaire: structures, intervenants, and the local search index (table, zones, FTS5).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
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


def _contact_columns() -> list[sa.Column]:
    return [
        sa.Column("telephones", sa.JSON(), nullable=False),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("mssante", sa.String(200), nullable=False),
        sa.Column("adresse", sa.String(300), nullable=False),
        sa.Column("complement", sa.String(300), nullable=False),
        sa.Column("code_postal", sa.String(5), nullable=False),
        sa.Column("commune_code", sa.String(5), nullable=False),
        sa.Column("zone_communes", sa.JSON(), nullable=False),
        sa.Column("zone_epcis", sa.JSON(), nullable=False),
        sa.Column("horaires", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("source_ref", sa.String(300), nullable=False),
        sa.Column("date_verification", sa.String(10), nullable=False),
        sa.Column("actif", sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "structure",
        *_sync_columns(),
        *_contact_columns(),
        sa.Column("nom", sa.String(300), nullable=False),
        sa.Column("type_code", sa.String(20), nullable=False),
        sa.Column("finess_ej", sa.String(9), nullable=False),
        sa.Column("finess_et", sa.String(9), nullable=False),
        sa.Column("siret", sa.String(14), nullable=False),
        sa.Column("publics", sa.JSON(), nullable=False),
    )
    op.create_table(
        "intervenant",
        *_sync_columns(),
        *_contact_columns(),
        sa.Column("civilite", sa.String(10), nullable=False),
        sa.Column("nom", sa.String(200), nullable=False),
        sa.Column("prenom", sa.String(200), nullable=False),
        sa.Column("profession_code", sa.String(20), nullable=False),
        sa.Column("specialite", sa.String(200), nullable=False),
        sa.Column("mode_exercice", sa.String(1), nullable=False),
        sa.Column("rpps", sa.String(11), nullable=False),
        sa.Column("adeli", sa.String(9), nullable=False),
        sa.Column("structure_ids", sa.JSON(), nullable=False),
    )
    for table in ("structure", "intervenant"):
        op.create_index(f"ix_{table}_updated_at", table, ["updated_at"])
        op.create_index(f"ix_{table}_commune_code", table, ["commune_code"])
    for column in ("finess_ej", "finess_et", "siret"):
        op.create_index(f"ix_structure_{column}", "structure", [column])
    for column in ("rpps", "adeli"):
        op.create_index(f"ix_intervenant_{column}", "intervenant", [column])

    op.create_table(
        "annuaire_index",
        sa.Column("rowid", sa.Integer(), primary_key=True),
        sa.Column("record_id", sa.String(36), nullable=False, unique=True),
        sa.Column("categorie", sa.String(12), nullable=False),
        sa.Column("nom", sa.String(300), nullable=False),
        sa.Column("prenom", sa.String(200), nullable=False),
        sa.Column("profession_code", sa.String(20), nullable=False),
        sa.Column("profession", sa.String(200), nullable=False),
        sa.Column("structure", sa.String(600), nullable=False),
        sa.Column("commune_code", sa.String(5), nullable=False),
        sa.Column("commune", sa.String(200), nullable=False),
        sa.Column("telephone", sa.String(40), nullable=False),
        sa.Column("actif", sa.Boolean(), nullable=False),
        sa.Column("tri", sa.String(400), nullable=False),
    )
    op.create_index("ix_annuaire_index_tri", "annuaire_index", ["tri"])
    op.create_index("ix_annuaire_index_profession", "annuaire_index", ["profession_code"])
    op.create_table(
        "annuaire_zone",
        sa.Column("commune_code", sa.String(5), primary_key=True),
        sa.Column("ligne", sa.Integer(), primary_key=True),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_annuaire_zone_ligne", "annuaire_zone", ["ligne"])
    op.execute(
        'CREATE VIRTUAL TABLE annuaire_fts USING fts5(texte, tokenize="unicode61 remove_diacritics 2")'
    )


def downgrade() -> None:
    raise NotImplementedError("Coordinateur never migrates a store backwards; restore a backup instead.")
