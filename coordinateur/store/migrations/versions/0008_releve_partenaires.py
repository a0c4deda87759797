"""Partner minutes: per situation, the dimensions of the synthesis the coordinator chose to tell partners.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("situation", sa.Column("pour_partenaires", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("situation") as batch:
        batch.drop_column("pour_partenaires")
