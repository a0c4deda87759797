"""Anonymisation (RGPD erasure): a validated liaison sheet stays frozen, except that its content may be
emptied — the version, its number and dates stay, so that indicators still count it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

FROZEN = (
    "CREATE TRIGGER fiche_liaison_figee BEFORE UPDATE OF personne_id, numero, valide_le, valide_par, "
    "prochaine_revue, contenu, empreinte ON fiche_liaison {when}"
    "BEGIN SELECT RAISE(ABORT, 'Une fiche validée ne peut pas être modifiée : validez une nouvelle version.'); END"
)


def upgrade() -> None:
    op.execute("DROP TRIGGER fiche_liaison_figee")
    op.execute(FROZEN.format(when=(
        "WHEN NOT (NEW.contenu = '{}' AND NEW.personne_id = OLD.personne_id AND NEW.numero = OLD.numero "
        "AND NEW.valide_le = OLD.valide_le AND NEW.valide_par = OLD.valide_par "
        "AND NEW.prochaine_revue = OLD.prochaine_revue AND NEW.empreinte = OLD.empreinte) "
    )))  # fmt: skip


def downgrade() -> None:
    op.execute("DROP TRIGGER fiche_liaison_figee")
    op.execute(FROZEN.format(when=""))
