"""`handover notes ...`: predecessor notes (引き継ぎメモ) on contacts, carried to the successor."""

from __future__ import annotations

import click

from handover.cli.context import CLI_ACTOR, CliContext, pass_context
from handover.cli.output import emit_json, emit_table
from handover.services.notes import add_note, list_notes


@click.group("notes")
def notes_group() -> None:
    """Notes a leaver writes for the successor, one per contact."""


@notes_group.command("add")
@click.argument("employee_no")
@click.argument("contact_id", type=int)
@click.argument("text")
@pass_context
def add_command(ctx: CliContext, employee_no: str, contact_id: int, text: str) -> None:
    """Write (or replace) EMPLOYEE_NO's note on CONTACT_ID."""
    with ctx.session() as session:
        add_note(session, employee_no, contact_id, text, actor=CLI_ACTOR)
    click.echo(f"note on contact {contact_id} saved")


@notes_group.command("list")
@click.argument("employee_no")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_context
def list_command(ctx: CliContext, employee_no: str, fmt: str) -> None:
    """EMPLOYEE_NO's notes."""
    with ctx.session() as session:
        notes = list_notes(session, employee_no, actor=CLI_ACTOR)
    if fmt == "json":
        emit_json(notes)
    else:
        emit_table(
            ["連絡先ID", "氏名", "所属", "メモ", "更新"],
            [[n["contact_id"], n["name"], n["organization"], n["text"], n["updated_at"][:10]] for n in notes],
        )
