"""The `handover` command: one click group; each area registers its commands here."""

from __future__ import annotations

from typing import Any

import click

from handover import __version__
from handover.cli.context import CliContext
from handover.cli.db import db_group
from handover.cli.demo import demo_command
from handover.cli.org import org_group, staff_group
from handover.errors import HandoverError


class HandoverGroup(click.Group):
    """Turns handover's own errors into a message on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a HandoverError is the user's to fix, not a crash."""
        try:
            return super().invoke(ctx)
        except HandoverError as e:
            click.echo(f"error: {e}", err=True)
            ctx.exit(1)


@click.group(cls=HandoverGroup)
@click.version_option(__version__, prog_name="handover")
@click.pass_context
def main(ctx: click.Context) -> None:
    """handover: keep the office's relationships when its people move."""
    cli_ctx = ctx.ensure_object(CliContext)
    ctx.call_on_close(cli_ctx.close)


main.add_command(db_group)
main.add_command(org_group)
main.add_command(staff_group)
main.add_command(demo_command)
