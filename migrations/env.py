"""Alembic environment: handover's metadata, batch mode on SQLite, URL from the caller or settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

import handover.models  # noqa: F401  (registers every table on the metadata)
from handover.db import Base, make_engine
from handover.models.contacts import is_search_object

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from handover.config import load_settings

    return load_settings().database_url


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode recreates the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # The search index (FTS5 tables, trigram and prefix indexes) is raw DDL in migration 0002.
        include_object=lambda _obj, name, _type, reflected, compare_to: (
            not (reflected and compare_to is None and is_search_object(name))
        ),
    )


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it."""
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against a connection passed in by handover, or one made from the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
