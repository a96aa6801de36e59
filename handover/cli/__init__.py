"""The `handover` command: one click group; each area's commands load only when they are used.

Loading every area at start-up (the reader pulls in OpenCV, the queue pulls in Huey) made even
`handover --help` take seconds, so the group knows each command by module and attribute name.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from handover import __version__
from handover.cli.context import CliContext
from handover.errors import HandoverError

# command name -> (module, attribute, one-line help shown by `handover --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "cards": ("handover.cli.cards", "cards_group", "Business card scans and the cards read from them."),
    "contacts": ("handover.cli.contacts", "contacts_group", "People outside the office and who holds them."),
    "db": ("handover.cli.db", "db_group", "Database schema (Alembic migrations)."),
    "demo": ("handover.cli.demo", "demo_command", "Build a fresh demo office and serve it."),
    "export": ("handover.cli.export", "export_command", "Export contacts (vCard, CSV, XLSX); audited."),
    "inbox": ("handover.cli.inbox", "inbox_group", "Inherited contacts awaiting the successor."),
    "notes": ("handover.cli.notes", "notes_group", "Notes a leaver writes for the successor."),
    "org": ("handover.cli.org", "org_group", "The department tree."),
    "orgs": ("handover.cli.organizations", "orgs_group", "Outside organisations on cards: rename, merge."),
    "read": ("handover.cli.read", "read_command", "Read business cards and print the fields (no database)."),
    "rotation": ("handover.cli.rotation", "rotation_group", "Transfer lists and reorganisations."),
    "serve": ("handover.cli.serve", "serve_command", "Serve the web app."),
    "staff": ("handover.cli.org", "staff_group", "Staff and their posts."),
    "user": ("handover.cli.user", "user_group", "Accounts that sign in to the web app."),
    "worker": ("handover.cli.worker", "worker_command", "Read queued card scans until stopped."),
}


class HandoverGroup(click.Group):
    """Loads commands on demand and turns handover's own errors into exit status 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, without importing any of them."""
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import the command's module when the command is used."""
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        command = getattr(importlib.import_module(entry[0]), entry[1])
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List commands with their short help without importing them."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][2]) for name in self.list_commands(ctx)])

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
