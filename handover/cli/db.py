"""`handover db ...`: schema migrations."""

from __future__ import annotations

import click

from handover import migrate
from handover.cli.context import CliContext, pass_context


@click.group("db")
def db_group() -> None:
    """Database schema (Alembic migrations)."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
@pass_context
def upgrade_command(ctx: CliContext, revision: str) -> None:
    """Apply migrations to HANDOVER_DATABASE_URL (creates every table on an empty database)."""
    migrate.upgrade(ctx.settings.database_url, revision)
    click.echo(f"database at revision {migrate.current(ctx.settings.database_url)}", err=True)


@db_group.command("current")
@pass_context
def current_command(ctx: CliContext) -> None:
    """Print the revision the database is at."""
    click.echo(migrate.current(ctx.settings.database_url) or "(empty)")
