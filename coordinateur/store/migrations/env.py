"""Alembic environment: migrations always run on a connection handed over by `coordinateur.store`."""

from alembic import context

from coordinateur.store.base import Base
from coordinateur.store.registry import import_all_models

import_all_models()

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    transaction_per_migration=True,
    transactional_ddl=True,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
