"""`handover export`: the directory as vCard, CSV for Excel, or an XLSX handover report."""

from __future__ import annotations

from pathlib import Path

import click

from handover.cli.context import CLI_ACTOR, CliContext, pass_context
from handover.services.exports import FORMATS, export_contacts


@click.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), required=True, help="csv-sjis: Shift_JIS for Excel."
)
@click.option("--staff", "employee_no", help="Only the contacts this staff member holds (a handover report).")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
@pass_context
def export_command(ctx: CliContext, fmt: str, employee_no: str | None, out: Path | None) -> None:
    """Export contacts; every export is recorded in the audit log."""
    with ctx.session() as session:
        export = export_contacts(
            session, fmt, actor=CLI_ACTOR, staff_employee_no=employee_no, target=out.name if out else "stdout"
        )
    if out is None:
        click.echo(export.data, nl=False)  # bytes go to the binary stream unchanged
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(export.data)
        click.echo(f"{export.count} contact(s) written to {out}", err=True)
    for cell in export.replaced:
        # Where, not what: the cell contents are personal data and stay out of terminals and logs.
        click.echo(
            f"warning: row {cell['row']} (contact {cell['contact_id']}), column {cell['column']}: "
            "characters outside Shift_JIS were replaced (variant kanji by the common form, others by 〓)",
            err=True,
        )
