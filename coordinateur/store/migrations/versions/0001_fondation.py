"""Foundation: store metadata, settings, append-only hash-chained audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("cle", sa.String(64), primary_key=True),
        sa.Column("valeur", sa.Text(), nullable=False),
    )
    op.create_table(
        "parametre",
        sa.Column("cle", sa.String(64), primary_key=True),
        sa.Column("valeur", sa.Text(), nullable=False),
    )
    op.create_table(
        "journal_audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("horodatage", sa.String(32), nullable=False),
        sa.Column("utilisateur", sa.String(200), nullable=False),
        sa.Column("appareil", sa.String(36), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("objet_type", sa.String(64), nullable=False),
        sa.Column("objet_id", sa.String(64), nullable=True),
        sa.Column("resume", sa.Text(), nullable=False),
        sa.Column("hash_precedent", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_journal_audit_horodatage", "journal_audit", ["horodatage"])
    op.create_index("ix_journal_audit_action", "journal_audit", ["action"])
    op.create_index("ix_journal_audit_objet_id", "journal_audit", ["objet_id"])
    op.execute(
        "CREATE TRIGGER journal_audit_pas_de_modification BEFORE UPDATE ON journal_audit "
        "BEGIN SELECT RAISE(ABORT, 'Le journal d''audit ne peut pas être modifié.'); END"
    )
    op.execute(
        "CREATE TRIGGER journal_audit_pas_de_suppression BEFORE DELETE ON journal_audit "
        "BEGIN SELECT RAISE(ABORT, 'Le journal d''audit ne peut pas être effacé.'); END"
    )


def downgrade() -> None:
    raise NotImplementedError("Coordinateur never migrates a store backwards; restore a backup instead.")
